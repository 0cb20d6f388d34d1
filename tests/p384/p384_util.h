/*
 * Helpers of the closed-box P-384 tests: P-384-sized wrappers around the
 * generic op runners of tests/p256/p256_util.h (vector reader, run_op with
 * its poll-contract checks, test RNGs), the vector file of this folder, and
 * 384-bit big-endian helpers for edge values. Include "check.h" first.
 */
#ifndef NBTLS_TESTS_P384_UTIL_H
#define NBTLS_TESTS_P384_UTIL_H

#include "p256/p256_util.h"

/* p256_util's vec_load() reads NBTLS_VECTORS_DIR/<name>: this folder's
 * files are reached through it. */
#define P384_VEC(name) "../p384/" name

/* secp384r1 p and n (big-endian), checked against the openssl command by
 * the ctest p384_consts_check (tools/gen_p384_consts.py) and against the
 * library's own range checks by test_p384_edge. */
static const unsigned char P384_P[48] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xff, 0xff,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff};
static const unsigned char P384_N[48] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf, 0x58, 0x1a, 0x0d, 0xb2,
    0x48, 0xb0, 0xa7, 0x7a, 0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73};

/* out = a +- small (mod 2^384), big-endian. */
static inline void be384_add_small(unsigned char out[48],
                                   const unsigned char a[48], int v) {
    int c = v;
    for (int i = 47; i >= 0; i--) {
        int t = (int)a[i] + c;
        c = t >> 8; /* arithmetic: -1 on borrow */
        out[i] = (unsigned char)(t & 0xff);
    }
}
/* out = a - b (mod 2^384). */
static inline void be384_sub(unsigned char out[48], const unsigned char a[48],
                             const unsigned char b[48]) {
    int borrow = 0;
    for (int i = 47; i >= 0; i--) {
        int d = (int)a[i] - (int)b[i] - borrow;
        borrow = d < 0;
        out[i] = (unsigned char)(d + (borrow ? 256 : 0));
    }
}

static inline nbtls_key *p384_priv(const unsigned char d[48]) {
    nbtls_key *k = NULL;
    if (nbtls_key_p384_from_private(&k, d) != NBTLS_DONE) return NULL;
    return k;
}
static inline nbtls_key *p384_pub(const unsigned char *sec1, size_t len) {
    nbtls_key *k = NULL;
    if (nbtls_key_p384_from_public(&k, sec1, len) != NBTLS_DONE) return NULL;
    return k;
}
static inline int p384_pub_bytes(const nbtls_key *k, unsigned char out[97]) {
    size_t len = 0;
    if (nbtls_key_export_public(k, out, 97, &len) != NBTLS_DONE || len != 97)
        return -1;
    return 0;
}

static inline int p384_sign_det(const nbtls_key *k, const unsigned char *h,
                                size_t hlen, uint32_t budget,
                                unsigned char sig[96], run_stats *st) {
    nbtls_op *op = NULL;
    int rc = nbtls_ecdsa_sign_deterministic_start(&op, k, h, hlen);
    if (rc != NBTLS_DONE) return rc;
    return run_bytes(op, budget, sig, 96, st);
}
static inline int p384_sign(const nbtls_key *k, const unsigned char *h,
                            size_t hlen, nbtls_rng_fn rng, void *ctx,
                            uint32_t budget, unsigned char sig[96],
                            run_stats *st) {
    nbtls_op *op = NULL;
    int rc = nbtls_ecdsa_sign_start(&op, k, h, hlen, rng, ctx);
    if (rc != NBTLS_DONE) return rc;
    return run_bytes(op, budget, sig, 96, st);
}
static inline int p384_ecdh(const nbtls_key *k, const unsigned char *peer,
                            size_t peer_len, uint32_t budget,
                            unsigned char out[48], run_stats *st) {
    nbtls_op *op = NULL;
    int rc = nbtls_ecdh_start(&op, k, peer, peer_len);
    if (rc != NBTLS_DONE) return rc;
    return run_bytes(op, budget, out, 48, st);
}
static inline int p384_keygen(nbtls_rng_fn rng, void *ctx, uint32_t budget,
                              nbtls_key **key, run_stats *st) {
    nbtls_op *op = NULL;
    *key = NULL;
    int rc = nbtls_p384_keygen_start(&op, rng, ctx);
    if (rc != NBTLS_DONE) return rc;
    rc = run_op(op, budget, 0, st);
    if (rc == NBTLS_DONE) rc = nbtls_op_take_key(op, key);
    nbtls_op_free(op);
    return rc;
}
static inline int p384_from_private(const unsigned char d[48], uint32_t budget,
                                    nbtls_key **key, run_stats *st) {
    nbtls_op *op = NULL;
    *key = NULL;
    int rc = nbtls_p384_key_from_private_start(&op, d);
    if (rc != NBTLS_DONE) return rc;
    rc = run_op(op, budget, 0, st);
    if (rc == NBTLS_DONE) rc = nbtls_op_take_key(op, key);
    nbtls_op_free(op);
    return rc;
}

#endif
