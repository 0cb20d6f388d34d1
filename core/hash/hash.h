/*
 * core/hash: the generic hash state behind the public nbtls_hash_* API and
 * core/mac (HMAC, HKDF). No interior pointers: memcpy clones it.
 */
#ifndef NBTLS_CORE_HASH_HASH_H
#define NBTLS_CORE_HASH_HASH_H

#include "common/common.h"
#include "hash/sha1.h"
#include "hash/sha256.h"
#include "hash/sha512.h"
#include "nbtls/sym.h"

/* Internal-only algorithms for the generic state: never accepted by the
 * public API (which gates on nbtls_hash_alg_len()). RFC 6979's HMAC_DRBG
 * uses the hash of the digest being signed, and P-256 signs SHA-1 and
 * SHA-224 digests too. */
#define NBTLS_HASH_INTERNAL_SHA1 0x101
#define NBTLS_HASH_INTERNAL_SHA224 0x102

typedef struct {
    int alg; /* NBTLS_SHA256/384/512 or NBTLS_HASH_INTERNAL_* */
    union {
        nbtls_sha1_ctx s1;
        nbtls_sha256_ctx s256; /* SHA-256 and SHA-224 */
        nbtls_sha512_ctx s512;
    } u;
} nbtls_hash_state;

/* The PUBLIC gate: digest length (32/48/64) of a public algorithm, 0 for an
 * unknown or internal-only one. Every public entry point checks this. */
size_t nbtls_hash_alg_len(int alg);
/* Digest length (20/28/32/48/64) of any algorithm the generic state runs,
 * internal ones included; 0 for an unknown alg. */
size_t nbtls_hash_state_len(int alg);
/* Block length (64/128) of any algorithm the state runs; 0 if unknown. */
size_t nbtls_hash_state_block(int alg);
/* 0 or NBTLS_E_UNSUPPORTED. */
NBTLS_MUST_CHECK int nbtls_hash_state_init(nbtls_hash_state *st, int alg);
void nbtls_hash_state_update(nbtls_hash_state *st, const unsigned char *in,
                             size_t len);
/* Writes nbtls_hash_state_len(st->alg) bytes and wipes the state. */
void nbtls_hash_state_final(nbtls_hash_state *st, unsigned char *out);

#endif
