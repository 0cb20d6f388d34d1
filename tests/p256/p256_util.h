/*
 * Helpers of the closed-box P-256 tests (tests/p256, tests/fuzz,
 * tests/scheme): 256-bit big-endian arithmetic for building edge values,
 * the curve constants of tests/vectors/p256_params.txt, and the P-256 forms
 * of the curve-generic op runners of tests/ec_util.h (which also brings the
 * vector reader, test RNGs and run_op). Public API only (nbtls/nbtls.h).
 * Include "check.h" first.
 */
#ifndef NBTLS_TESTS_P256_UTIL_H
#define NBTLS_TESTS_P256_UTIL_H

#include "ec_util.h"

/* ---- 256-bit big-endian helpers (edge values) ---------------------------- */

/* 256-bit forms of ec_util.h's be_add, be_sub, be_add_small. */
static inline int be256_add(unsigned char out[32], const unsigned char a[32],
                            const unsigned char b[32]) {
    return be_add(out, a, b, 32);
}
static inline int be256_sub(unsigned char out[32], const unsigned char a[32],
                            const unsigned char b[32]) {
    return be_sub(out, a, b, 32);
}
static inline void be256_add_small(unsigned char out[32],
                                   const unsigned char a[32], unsigned v) {
    be_add_small(out, a, 32, (long)v);
}
static inline void be256_sub_small(unsigned char out[32],
                                   const unsigned char a[32], unsigned v) {
    be_add_small(out, a, 32, -(long)v);
}
/* -1, 0, 1 as memcmp (big-endian numbers of equal length). */
static inline int be256_cmp(const unsigned char a[32],
                            const unsigned char b[32]) {
    return memcmp(a, b, 32);
}

/* ---- Curve constants from tests/vectors/p256_params.txt ------------------ */

typedef struct {
    unsigned char p[32], n[32], gx[32], gy[32];
    unsigned char g[65];     /* 04 || Gx || Gy */
    unsigned char neg_g[65]; /* 04 || Gx || p - Gy */
} p256_params;

/* 0 on success. */
static inline int p256_params_load(p256_params *pp) {
    vec_rec r[1];
    if (vec_load("p256_params.txt", r, 1) != 1) return -1;
    if (vec_hex(&r[0], "p", pp->p, 32) != 32 ||
        vec_hex(&r[0], "n", pp->n, 32) != 32 ||
        vec_hex(&r[0], "Gx", pp->gx, 32) != 32 ||
        vec_hex(&r[0], "Gy", pp->gy, 32) != 32)
        return -1;
    pp->g[0] = 4;
    memcpy(pp->g + 1, pp->gx, 32);
    memcpy(pp->g + 33, pp->gy, 32);
    pp->neg_g[0] = 4;
    memcpy(pp->neg_g + 1, pp->gx, 32);
    be256_sub(pp->neg_g + 33, pp->p, pp->gy);
    return 0;
}

/* ---- P-256 forms of the ec_util.h runners -------------------------------- */

static inline nbtls_key *key_priv(const unsigned char d[32]) {
    return ec_priv(&EC_P256, d);
}
static inline nbtls_key *key_pub(const unsigned char *sec1, size_t len) {
    return ec_pub(&EC_P256, sec1, len);
}
static inline int do_sign_det(const nbtls_key *k, const unsigned char *h,
                              size_t hlen, uint32_t budget,
                              unsigned char sig[64], run_stats *st) {
    return ec_sign_det(&EC_P256, k, h, hlen, budget, sig, st);
}
static inline int do_sign(const nbtls_key *k, const unsigned char *h,
                          size_t hlen, nbtls_rng_fn rng, void *ctx,
                          uint32_t budget, unsigned char sig[64],
                          run_stats *st) {
    return ec_sign(&EC_P256, k, h, hlen, rng, ctx, budget, sig, st);
}
#define do_verify ec_verify
static inline int do_ecdh(const nbtls_key *k, const unsigned char *peer,
                          size_t peer_len, uint32_t budget,
                          unsigned char out[32], run_stats *st) {
    return ec_ecdh(&EC_P256, k, peer, peer_len, budget, out, st);
}
static inline int do_keygen(nbtls_rng_fn rng, void *ctx, uint32_t budget,
                            nbtls_key **key, run_stats *st) {
    return ec_keygen(&EC_P256, rng, ctx, budget, key, st);
}
static inline int do_from_private(const unsigned char d[32], uint32_t budget,
                                  nbtls_key **key, run_stats *st) {
    return ec_from_private(&EC_P256, d, budget, key, st);
}
static inline int key_pub_bytes(const nbtls_key *k, unsigned char out[65]) {
    return ec_pub_bytes(&EC_P256, k, out);
}
static inline int key_priv_bytes(const nbtls_key *k, unsigned char out[32]) {
    return ec_priv_bytes(&EC_P256, k, out);
}

#endif
