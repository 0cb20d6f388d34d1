/*
 * core/hash: SHA-1 (FIPS 180-4), internal only. SHA-1 is not collision
 * resistant; nbtls uses it for one thing: RFC 6979's HMAC_DRBG when a
 * P-256 signature is over a 20-byte (SHA-1) digest, so deterministic
 * signatures match RFC 6979 A.2.5. The public API never accepts it.
 * Context without interior pointers (memcpy clones it).
 */
#ifndef NBTLS_CORE_HASH_SHA1_H
#define NBTLS_CORE_HASH_SHA1_H

#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t h[5];
    uint64_t total;        /* bytes hashed so far */
    unsigned char buf[64]; /* pending partial block */
    size_t fill;           /* bytes in buf, 0..63 */
} nbtls_sha1_ctx;

void nbtls_sha1_init(nbtls_sha1_ctx *ctx);
void nbtls_sha1_update(nbtls_sha1_ctx *ctx, const unsigned char *in,
                       size_t len);
/* Writes the 20-byte digest and wipes the context. */
void nbtls_sha1_final(nbtls_sha1_ctx *ctx, unsigned char out[20]);

#endif
