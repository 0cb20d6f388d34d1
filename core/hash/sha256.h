/*
 * core/hash: SHA-256 and HMAC-SHA-256, internal interface.
 *
 * Contexts hold no interior pointers: they may be copied with memcpy (TLS
 * takes transcript snapshots that way). All functions are total: the caller
 * guarantees non-NULL pointers and `in` valid for `len` bytes (NULL allowed
 * when len == 0).
 */
#ifndef NBTLS_CORE_HASH_SHA256_H
#define NBTLS_CORE_HASH_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define NBTLS_SHA256_LEN 32
#define NBTLS_SHA256_BLOCK 64

/* The 64 round constants of FIPS 180-4 section 4.2.2, shared by every
 * block function (portable, SHA-NI). */
extern const uint32_t nbtls_sha256_k[64];

typedef struct {
    uint32_t h[8];
    uint64_t total;        /* bytes hashed so far */
    unsigned char buf[64]; /* pending partial block */
    size_t fill;           /* bytes in buf, 0..63 */
} nbtls_sha256_ctx;

void nbtls_sha256_init(nbtls_sha256_ctx *ctx);
/* SHA-224 (FIPS 180-4 section 6.3) is SHA-256 with its own IV, the digest
 * truncated to 28 bytes: init with this, update and final as SHA-256, keep
 * the first 28 bytes. Internal only (RFC 6979 for 28-byte digests). */
void nbtls_sha224_init(nbtls_sha256_ctx *ctx);
void nbtls_sha256_update(nbtls_sha256_ctx *ctx, const unsigned char *in,
                         size_t len);
/* Writes the digest and wipes the context. */
void nbtls_sha256_final(nbtls_sha256_ctx *ctx, unsigned char out[32]);
void nbtls_sha256(const unsigned char *in, size_t len, unsigned char out[32]);

/* Compress `nblocks` 64-byte blocks into h (the block function itself).
 * Uses the SHA extensions when nbtls_cpu_features() reports them. */
void nbtls_sha256_blocks(uint32_t h[8], const unsigned char *in,
                         size_t nblocks);
/* The two implementations behind it (the SHA-NI one only on x86 and only
 * if the CPU has it: see core/cpu). */
void nbtls_sha256_blocks_portable(uint32_t h[8], const unsigned char *in,
                                  size_t nblocks);
void nbtls_sha256_blocks_shani(uint32_t h[8], const unsigned char *in,
                               size_t nblocks);

typedef struct {
    nbtls_sha256_ctx inner;
    nbtls_sha256_ctx outer;
} nbtls_hmac_sha256_ctx;

/* Any key length; keys longer than 64 bytes are hashed first (RFC 2104). */
void nbtls_hmac_sha256_init(nbtls_hmac_sha256_ctx *ctx,
                            const unsigned char *key, size_t key_len);
void nbtls_hmac_sha256_update(nbtls_hmac_sha256_ctx *ctx,
                              const unsigned char *in, size_t len);
/* Writes the MAC and wipes the context. */
void nbtls_hmac_sha256_final(nbtls_hmac_sha256_ctx *ctx, unsigned char out[32]);

#endif
