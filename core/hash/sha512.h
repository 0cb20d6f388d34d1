/*
 * core/hash: SHA-512 and SHA-384 (FIPS 180-4), internal interface, portable
 * 64-bit C. Contexts hold no interior pointers (memcpy clones them). The
 * caller guarantees valid pointers (`in` may be NULL when len == 0).
 */
#ifndef NBTLS_CORE_HASH_SHA512_H
#define NBTLS_CORE_HASH_SHA512_H

#include <stddef.h>
#include <stdint.h>

#define NBTLS_SHA512_LEN 64
#define NBTLS_SHA384_LEN 48
#define NBTLS_SHA512_BLOCK 128

typedef struct {
    uint64_t h[8];
    uint64_t total;         /* bytes hashed so far (< 2^61 supported) */
    unsigned char buf[128]; /* pending partial block */
    size_t fill;            /* bytes in buf, 0..127 */
} nbtls_sha512_ctx;

void nbtls_sha512_init(nbtls_sha512_ctx *ctx);
void nbtls_sha384_init(nbtls_sha512_ctx *ctx);
void nbtls_sha512_update(nbtls_sha512_ctx *ctx, const unsigned char *in,
                         size_t len);
/* Write the first out_len (64 for SHA-512, 48 for SHA-384) bytes of the
 * final state and wipe the context. */
void nbtls_sha512_final(nbtls_sha512_ctx *ctx, unsigned char *out,
                        size_t out_len);
void nbtls_sha512_blocks(uint64_t h[8], const unsigned char *in,
                         size_t nblocks);

#endif
