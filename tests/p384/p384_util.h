/*
 * Helpers of the closed-box P-384 tests: the vector files of this folder,
 * secp384r1 p and n, and 384-bit big-endian helpers for edge values. The
 * op runners are the curve-generic ones of tests/ec_util.h (ec_sign_det(),
 * ec_ecdh(), ... with &EC_P384), which also bring the vector reader, run_op
 * with its poll-contract checks, and the test RNGs. Include "check.h"
 * first.
 */
#ifndef NBTLS_TESTS_P384_UTIL_H
#define NBTLS_TESTS_P384_UTIL_H

#include "ec_util.h"

/* ec_util's vec_load() reads NBTLS_VECTORS_DIR/<name>: this folder's
 * files are reached through it. */
#define P384_VEC(name) "../p384/" name

/* secp384r1 p (big-endian; n is EC_P384_N of tests/ec_curve.h), as
 * printed by `openssl ecparam -name secp384r1 -param_enc explicit -text`
 * (the core's own constants are checked against it by the ctest
 * p384_consts_check); test_p384_edge checks it against the library's
 * range checks. */
static const unsigned char P384_P[48] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe, 0xff, 0xff, 0xff, 0xff,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff};
#define P384_N EC_P384_N /* tests/ec_curve.h */

/* 384-bit forms of ec_util.h's be_add_small and be_sub. */
static inline void be384_add_small(unsigned char out[48],
                                   const unsigned char a[48], int v) {
    be_add_small(out, a, 48, v);
}
static inline void be384_sub(unsigned char out[48], const unsigned char a[48],
                             const unsigned char b[48]) {
    (void)be_sub(out, a, b, 48);
}

#endif
