/*
 * core/hash: the generic hash state behind the public nbtls_hash_* API and
 * core/mac (HMAC, HKDF). No interior pointers: memcpy clones it.
 */
#ifndef NBTLS_CORE_HASH_HASH_H
#define NBTLS_CORE_HASH_HASH_H

#include "common/common.h"
#include "hash/sha256.h"
#include "hash/sha512.h"
#include "nbtls/sym.h"

typedef struct {
    int alg; /* NBTLS_SHA256 / NBTLS_SHA384 / NBTLS_SHA512 */
    union {
        nbtls_sha256_ctx s256;
        nbtls_sha512_ctx s512;
    } u;
} nbtls_hash_state;

/* Digest length (32/48/64) or 0 for an unknown alg. */
size_t nbtls_hash_alg_len(int alg);
/* Block length (64/128) or 0 for an unknown alg. */
size_t nbtls_hash_alg_block(int alg);
/* 0 or NBTLS_E_UNSUPPORTED. */
NBTLS_MUST_CHECK int nbtls_hash_state_init(nbtls_hash_state *st, int alg);
void nbtls_hash_state_update(nbtls_hash_state *st, const unsigned char *in,
                             size_t len);
/* Writes nbtls_hash_alg_len(st->alg) bytes and wipes the state. */
void nbtls_hash_state_final(nbtls_hash_state *st, unsigned char *out);

#endif
