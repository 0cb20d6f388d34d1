/*
 * Helpers shared by the X25519 tests: hex, the vector-file reader for
 * tests/vectors/x25519.txt (one record per line: a kind word then
 * whitespace-separated fields), a deterministic RNG, and "run this op"
 * wrappers that check the poll contract (every poll at budget B spends
 * between 1 and B units). Include "check.h" first.
 */
#ifndef NBTLS_TESTS_X25519_UTIL_H
#define NBTLS_TESTS_X25519_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nbtls/nbtls.h"

#ifndef NBTLS_VECTORS_DIR
#define NBTLS_VECTORS_DIR "tests/vectors"
#endif

/* 32 bytes from 64 hex digits; 0 on success. */
static inline int x_hex32(const char *hex, unsigned char out[32]) {
    return (strlen(hex) == 64 && check_hex(hex, out, 32) == 32) ? 0 : -1;
}

/* Deterministic test RNG (splitmix64). */
typedef struct {
    uint64_t state;
    int fail; /* non-zero: the RNG reports failure */
} x_rng;

static inline int x_rng_fn(void *ctx, unsigned char *out, size_t len) {
    x_rng *r = (x_rng *)ctx;
    if (r->fail) return -1;
    for (size_t i = 0; i < len; i++) {
        uint64_t z = (r->state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        out[i] = (unsigned char)((z ^ (z >> 31)) >> 24);
    }
    return 0;
}

/* Poll op at `budget` to its end, checking each poll spends 1..budget
 * units (budget 0: any). *max_poll gets the most units one poll spent.
 * Returns the final status. */
static inline int x_run(nbtls_op *op, uint32_t budget, uint64_t *max_poll) {
    int rc = NBTLS_IN_PROGRESS;
    uint64_t before = nbtls_op_units(op), worst = 0;
    while (rc == NBTLS_IN_PROGRESS) {
        rc = nbtls_op_poll(op, budget);
        uint64_t d = nbtls_op_units(op) - before;
        before = nbtls_op_units(op);
        if (d == 0 || (budget != 0 && d > budget)) {
            fprintf(stderr, "poll at budget %u spent %llu units\n", budget,
                    (unsigned long long)d);
            return -1000;
        }
        if (d > worst) worst = d;
    }
    if (max_poll != NULL) *max_poll = worst;
    return rc;
}

/* X25519(k, u) through the public API (from_private + nbtls_ecdh_start)
 * at `budget`. Returns the op's final status; out gets the secret when
 * NBTLS_DONE; *units the units spent. */
static inline int x_ecdh(const unsigned char k[32], const unsigned char u[32],
                         uint32_t budget, unsigned char out[32],
                         uint64_t *units) {
    nbtls_key *key = NULL;
    nbtls_op *op = NULL;
    int rc = nbtls_key_x25519_from_private(&key, k);
    if (rc != NBTLS_DONE) return rc;
    rc = nbtls_ecdh_start(&op, key, u, 32);
    nbtls_key_free(key);
    if (rc != NBTLS_DONE) return rc;
    rc = x_run(op, budget, NULL);
    if (units != NULL) *units = nbtls_op_units(op);
    if (rc == NBTLS_DONE) {
        size_t len = 0;
        if (nbtls_op_result(op, out, 32, &len) != NBTLS_DONE || len != 32)
            rc = -1001;
    }
    nbtls_op_free(op);
    return rc;
}

#endif
