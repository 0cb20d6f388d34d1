/*
 * core/op: a minimal SHA-1 (FIPS 180-4) and HMAC-SHA-1, used ONLY by the
 * RFC 6979 nonce derivation for 20-byte (SHA-1) digests, so that
 * deterministic signatures of SHA-1 digests match RFC 6979 A.2.5. Not a
 * general-purpose hash of the library (SHA-1 is not collision resistant).
 */
#ifndef NBTLS_CORE_OP_OP_SHA1_H
#define NBTLS_CORE_OP_OP_SHA1_H

#include "common/common.h"

typedef struct {
    const unsigned char *p;
    size_t len;
} nbtls_sha1_part;

/* out = HMAC-SHA-1_key(concatenation of parts); key_len <= 64. */
void nbtls_hmac_sha1_parts(const unsigned char *key, size_t key_len,
                           const nbtls_sha1_part *parts, size_t nparts,
                           unsigned char out[20]);

#endif
