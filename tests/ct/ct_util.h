/*
 * Shared by the constant-time (ctgrind style) checks, tests/ct/ct_ec.c and
 * tests/x25519/ct_x25519.c: a deterministic RNG whose output is secret
 * (marked undefined for memcheck where it enters the library), a
 * run-to-the-end poll loop, and a query whether a buffer is still all
 * secret. Built only with -DNBTLS_CTGRIND=ON (valgrind headers). Include
 * "check.h" and "common/common.h" first.
 */
#ifndef NBTLS_TESTS_CT_UTIL_H
#define NBTLS_TESTS_CT_UTIL_H

#include <valgrind/memcheck.h>

/* 1 if every bit of p[0..len) is undefined (secret) for memcheck, 0 if
 * not, -1 when not running under valgrind. Reports no error itself. */
static inline int all_secret(const void *p, size_t len) {
    unsigned char vbits[64];
    if (!RUNNING_ON_VALGRIND || len > sizeof vbits) return -1;
    if (VALGRIND_GET_VBITS(p, vbits, len) != 1) return -1;
    for (size_t i = 0; i < len; i++)
        if (vbits[i] != 0xff) return 0;
    return 1;
}

/* A deterministic RNG (an LCG on *(uint64_t *)ctx) whose output is
 * secret. */
static inline int secret_rng(void *ctx, unsigned char *out, size_t len) {
    uint64_t *s = (uint64_t *)ctx;
    for (size_t i = 0; i < len; i++) {
        *s = *s * 6364136223846793005ull + 1442695040888963407ull;
        out[i] = (unsigned char)(*s >> 56);
    }
    NBTLS_CT_SECRET(out, len);
    return 0;
}

/* Poll `op` at `budget` until it is not IN_PROGRESS; the final status. */
static inline int run(nbtls_op *op, uint32_t budget) {
    int rc;
    while ((rc = nbtls_op_poll(op, budget)) == NBTLS_IN_PROGRESS) {
    }
    return rc;
}

#endif
