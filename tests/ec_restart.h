/*
 * The poll contract and cancellation of every op kind of a curve (closed
 * box), for any curve of tests/ec_curve.h: the bodies of test_p256_restart
 * (EC_RESTART), test_p256_cancel (EC_CANCEL) and test_p384_restart (both),
 * thin mains that call ec_restart_main().
 *
 * The kinds: deterministic signing (the curve's digest size and a 20-byte
 * SHA-1 digest: 3 HMAC calls per candidate), hedged signing and keygen with
 * a fixed test RNG, verify (valid and invalid), ECDH (uncompressed,
 * compressed and off-curve peer), the restartable private-key import.
 *
 * EC_RESTART, over the RFC 6979 key and three random keys and digests:
 *   - the same status, result and total units at budgets 0, 1, 7 and 1000;
 *   - every poll spends at least 1 and at most `budget` units (run_op
 *     checks it on every call), so at budget 1 the number of polls equals
 *     nbtls_op_units(), at budget 0 one poll does it all, and at budget 7
 *     it takes ceil(units / 7) polls;
 *   - a signature takes at least 50 polls at budget 1 (issue 2);
 *   - ECDH is symmetric; poll never allocates (counting allocator).
 * Prints the number of polls at budget 1 of each kind and the largest
 * single poll (in units) at each budget. Timing is in bench/bench_p256 and
 * bench/bench_p384.
 *
 * EC_CANCEL: for every kind and every number of polls k from 0 to the
 * kind's total (at budget 1), start the op, poll k times, free it (a stride
 * only where the quadratic work passes ~3 million units; the deterministic
 * signature always at every step). Under the ASan build a leak or a use
 * after free fails; in every build the counting allocator checks that each
 * allocation is freed and that polls never allocate. Also: finished ops
 * freed without fetching their result (keygen's key never taken), failed
 * ops, and a taken key outliving its op.
 *
 * Include "check.h" and "ec_util.h" first; one includer per program.
 */
#ifndef NBTLS_TESTS_EC_RESTART_H
#define NBTLS_TESTS_EC_RESTART_H

#include "alloc_count.h"

#define EC_RESTART 1
#define EC_CANCEL 2

static const uint32_t BUDGETS[] = {0, 1, 7, 1000};
#define NB (sizeof BUDGETS / sizeof BUDGETS[0])

static const ec_curve *C;
static nbtls_key *KEY, *PEERKEY;
static unsigned char DIGEST[EC_MAX_SCALAR], SCALAR[EC_MAX_SCALAR];
static unsigned char PEER[EC_MAX_PUB], CPEER[EC_MAX_PUB], OFFCURVE[EC_MAX_PUB];
static unsigned char SIG[EC_MAX_SIG], BADSIG[EC_MAX_SIG];
static uint64_t SEED;
static test_rng g_rng;

static int start_sign_det(nbtls_op **op) {
    return nbtls_ecdsa_sign_deterministic_start(op, KEY, DIGEST, C->digest_len);
}
static int start_sign_sha1(nbtls_op **op) {
    return nbtls_ecdsa_sign_deterministic_start(op, KEY, DIGEST, 20);
}
static int start_sign_hedged(nbtls_op **op) {
    g_rng.state = SEED;
    return nbtls_ecdsa_sign_start(op, KEY, DIGEST, C->digest_len, test_rng_fn,
                                  &g_rng);
}
static int start_verify(nbtls_op **op) {
    return nbtls_ecdsa_verify_start(op, KEY, DIGEST, C->digest_len, SIG,
                                    C->sig_len);
}
static int start_verify_bad(nbtls_op **op) {
    return nbtls_ecdsa_verify_start(op, KEY, DIGEST, C->digest_len, BADSIG,
                                    C->sig_len);
}
static int start_ecdh(nbtls_op **op) {
    return nbtls_ecdh_start(op, KEY, PEER, C->pub_len);
}
static int start_ecdh_c(nbtls_op **op) {
    return nbtls_ecdh_start(op, KEY, CPEER, C->cpub_len);
}
static int start_ecdh_bad(nbtls_op **op) {
    return nbtls_ecdh_start(op, KEY, OFFCURVE, C->pub_len);
}
static int start_keygen(nbtls_op **op) {
    g_rng.state = SEED;
    return C->keygen_start(op, test_rng_fn, &g_rng);
}
static int start_from_private(nbtls_op **op) {
    return C->from_private_start(op, SCALAR);
}

/* The result of a finished op in out (at most EC_MAX_PUB bytes): its
 * length, or < 0. */
static int finish_bytes(nbtls_op *op, unsigned char *out) {
    size_t len = 0;
    int rc = nbtls_op_result(op, out, EC_MAX_PUB, &len);
    return rc == NBTLS_DONE ? (int)len : rc;
}
static int finish_key(nbtls_op *op, unsigned char *out) {
    nbtls_key *k = NULL;
    int rc = nbtls_op_take_key(op, &k);
    if (rc != NBTLS_DONE) return rc;
    rc = ec_pub_bytes(C, k, out) == 0 ? (int)C->pub_len : NBTLS_E_INTERNAL;
    nbtls_key_free(k);
    return rc;
}
static int finish_none(nbtls_op *op, unsigned char *out) {
    (void)op;
    (void)out;
    return 0;
}

typedef struct {
    const char *name;
    int (*start)(nbtls_op **op);
    int (*finish)(nbtls_op *op, unsigned char *out);
    int want;       /* the final status expected */
    int every_step; /* cancellation: cover every k whatever the total */
} ec_kind;

static const ec_kind KINDS[] = {
    {"sign (deterministic)", start_sign_det, finish_bytes, NBTLS_DONE, 1},
    {"sign (SHA-1 digest)", start_sign_sha1, finish_bytes, NBTLS_DONE, 0},
    {"sign (hedged, fixed rng)", start_sign_hedged, finish_bytes, NBTLS_DONE,
     0},
    {"verify (valid)", start_verify, finish_none, NBTLS_DONE, 0},
    {"verify (invalid)", start_verify_bad, finish_none, NBTLS_E_BAD_SIGNATURE,
     0},
    {"ecdh", start_ecdh, finish_bytes, NBTLS_DONE, 0},
    {"ecdh (compressed peer)", start_ecdh_c, finish_bytes, NBTLS_DONE, 0},
    {"ecdh (off-curve peer)", start_ecdh_bad, finish_none, NBTLS_E_BAD_KEY, 0},
    {"keygen (fixed rng)", start_keygen, finish_key, NBTLS_DONE, 0},
    {"key_from_private", start_from_private, finish_key, NBTLS_DONE, 0},
};
#define NK (sizeof KINDS / sizeof KINDS[0])

static unsigned long polls_b1[NK];
static uint64_t max_poll[NK][NB];

/* Run kind `ki` at every budget; check identical outcomes. */
static void restart_kind(size_t ki, int report) {
    const ec_kind *k = &KINDS[ki];
    unsigned char first[EC_MAX_PUB], out[EC_MAX_PUB];
    int first_len = -100;
    uint64_t first_units = 0;
    for (size_t b = 0; b < NB; b++) {
        nbtls_op *op = NULL;
        int rc = k->start(&op);
        if (rc != NBTLS_DONE) {
            /* a bad input may also be refused at start; not for these */
            CHECK_EQ(rc, NBTLS_DONE);
            return;
        }
        run_stats st;
        unsigned long allocs = g_allocs;
        rc = run_op(op, BUDGETS[b], 0, &st);
        CHECK_EQ(g_allocs, allocs); /* poll never allocates */
        CHECK_EQ(rc, k->want);
        CHECK_EQ(st.violations, 0);
        if (BUDGETS[b] == 1) {
            CHECK_EQ(st.polls, st.units); /* exactly one unit per poll */
            CHECK_EQ(st.max_poll_units, 1);
            polls_b1[ki] = st.polls;
        }
        if (BUDGETS[b] > 1) CHECK(st.max_poll_units <= BUDGETS[b]);
        if (BUDGETS[b] == 0) CHECK_EQ(st.polls, 1);
        if (BUDGETS[b] == 7) CHECK_EQ(st.polls, (st.units + 6) / 7);
        if (st.max_poll_units > max_poll[ki][b])
            max_poll[ki][b] = st.max_poll_units;
        memset(out, 0, sizeof out);
        int len = rc == NBTLS_DONE ? k->finish(op, out) : 0;
        CHECK(len >= 0);
        if (b == 0) {
            first_len = len;
            first_units = st.units;
            memcpy(first, out, sizeof out);
        } else {
            CHECK_EQ(len, first_len);
            CHECK(len < 0 || memcmp(out, first, (size_t)len) == 0);
            CHECK_EQ(st.units, first_units); /* same work at every budget */
        }
        nbtls_op_free(op);
    }
    if (report)
        printf("  %-26s %6lu polls at budget 1 (= units)\n", k->name,
               polls_b1[ki]);
}

/* Start, poll k times at budget 1 (or until it ends), free. */
static void cancel_after(const ec_kind *kind, unsigned long k) {
    nbtls_op *op = NULL;
    if (kind->start(&op) != NBTLS_DONE || op == NULL) {
        CHECK(0);
        return;
    }
    unsigned long allocs = g_allocs;
    int rc = NBTLS_IN_PROGRESS;
    for (unsigned long i = 0; i < k && rc == NBTLS_IN_PROGRESS; i++)
        rc = nbtls_op_poll(op, 1);
    CHECK(rc == NBTLS_IN_PROGRESS || rc == kind->want);
    CHECK(g_allocs == allocs);
    nbtls_op_free(op);
}

/* Cancellation of every kind at (nearly) every step, then finished ops
 * freed without their result, failed ops, a taken key. */
static void cancel_all(void) {
    /* at most ~3 million units of work per kind (quadratic in the total);
     * every kind marked every_step is covered fully anyway */
    const unsigned long long max_work = 3000000ull;
    const unsigned long live = g_allocs - g_frees; /* KEY, PEERKEY */
    for (size_t i = 0; i < NK; i++) {
        nbtls_op *op = NULL;
        CHECK_EQ(KINDS[i].start(&op), NBTLS_DONE);
        if (op == NULL) continue;
        run_stats st;
        CHECK_EQ(run_op(op, 1, 0, &st), KINDS[i].want);
        nbtls_op_free(op);
        unsigned long total = st.polls;
        unsigned long long work = (unsigned long long)total * (total + 1) / 2;
        unsigned long stride = 1;
        if (!KINDS[i].every_step && work > max_work)
            stride = (unsigned long)((work + max_work - 1) / max_work);
        unsigned long runs = 0;
        for (unsigned long k = 0; k <= total + 1; k += stride) {
            cancel_after(&KINDS[i], k);
            runs++;
        }
        /* the last steps are always covered */
        cancel_after(&KINDS[i], total > 0 ? total - 1 : 0);
        cancel_after(&KINDS[i], total);
        printf("  %-26s total %5lu polls, cancelled at %lu points "
               "(stride %lu)\n",
               KINDS[i].name, total, runs + 2, stride);
        CHECK_EQ(g_allocs - g_frees, live);
    }

    /* finished ops freed without fetching their result */
    nbtls_op *op = NULL;
    CHECK_EQ(start_keygen(&op), NBTLS_DONE);
    CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
    nbtls_op_free(op); /* the untaken key is freed with it */
    CHECK_EQ(g_allocs - g_frees, live);
    CHECK_EQ(start_from_private(&op), NBTLS_DONE);
    CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
    nbtls_op_free(op);
    CHECK_EQ(g_allocs - g_frees, live);
    /* a taken key outlives its op */
    nbtls_key *k = NULL;
    unsigned char sig[EC_MAX_SIG];
    CHECK_EQ(start_keygen(&op), NBTLS_DONE);
    CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
    CHECK_EQ(nbtls_op_take_key(op, &k), NBTLS_DONE);
    nbtls_op_free(op);
    CHECK(k != NULL);
    CHECK_EQ(ec_sign_det(C, k, DIGEST, C->digest_len, 0, sig, NULL),
             NBTLS_DONE);
    nbtls_key_free(k);
    /* failed ops */
    CHECK_EQ(start_ecdh_bad(&op), NBTLS_DONE);
    CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_E_BAD_KEY);
    nbtls_op_free(op);
    unsigned long calls = 0;
    if (C->keygen_start(&op, failing_rng_fn, &calls) == NBTLS_DONE) {
        CHECK_EQ(run_op(op, 1, 100000, NULL), NBTLS_E_RNG);
        nbtls_op_free(op);
    }
    CHECK_EQ(g_allocs - g_frees, live);
}

/* KEY, PEERKEY and the inputs of the kinds for round `round`: round 0 the
 * RFC 6979 key `x`, later rounds random keys; 0 on success. */
static int setup_round(int round, const unsigned char *x, test_rng *seeds) {
    const size_t L = C->scalar_len;
    if (round == 0) {
        memcpy(SCALAR, x, L);
    } else {
        test_rng_fn(seeds, SCALAR, L);
        SCALAR[0] &= 0x7f; /* < n */
    }
    test_rng_fn(seeds, DIGEST, sizeof DIGEST);
    SEED = test_rng_next64(seeds);
    KEY = ec_priv(C, SCALAR);
    unsigned char pd[EC_MAX_SCALAR];
    test_rng_fn(seeds, pd, L);
    pd[0] &= 0x7f;
    PEERKEY = ec_priv(C, pd);
    CHECK(KEY != NULL && PEERKEY != NULL);
    if (KEY == NULL || PEERKEY == NULL) {
        nbtls_key_free(KEY);
        nbtls_key_free(PEERKEY);
        return -1;
    }
    CHECK_EQ(ec_pub_bytes(C, PEERKEY, PEER), 0);
    CPEER[0] = (unsigned char)(2 | (PEER[2 * L] & 1));
    memcpy(CPEER + 1, PEER + 1, L);
    memcpy(OFFCURVE, PEER, C->pub_len);
    OFFCURVE[2 * L] ^= 1;
    CHECK_EQ(ec_sign_det(C, KEY, DIGEST, C->digest_len, 0, SIG, NULL),
             NBTLS_DONE);
    memcpy(BADSIG, SIG, C->sig_len);
    BADSIG[L + 8] ^= 0x20;
    return 0;
}

/* The test of `curve` whose RFC 6979 vector file is `rfc6979` (read with
 * vec_load), `modes` EC_RESTART and/or EC_CANCEL; the exit status. */
static int ec_restart_main(const ec_curve *curve, const char *rfc6979,
                           int modes) {
    C = curve;
    const size_t L = C->scalar_len;
    CHECK_EQ(nbtls_set_allocator(count_alloc, count_free, NULL), NBTLS_DONE);
    static vec_rec r[16];
    unsigned char x[EC_MAX_SCALAR];
    CHECK_EQ(vec_load(rfc6979, r, 16), 11);
    CHECK_EQ(vec_hex(&r[0], "x", x, L), (long)L);
    test_rng seeds = {2024, 0, 0};
    if (modes & EC_RESTART) {
        for (int round = 0; round < 4; round++) {
            if (setup_round(round, x, &seeds) != 0) break;
            if (round == 0) printf("%s poll counts (RFC 6979 key):\n", C->name);
            for (size_t k = 0; k < NK; k++)
                restart_kind(k, round == 0);
            /* ECDH is symmetric: the peer gets the same secret */
            unsigned char a[EC_MAX_SCALAR], b[EC_MAX_SCALAR], mine[EC_MAX_PUB];
            CHECK_EQ(ec_pub_bytes(C, KEY, mine), 0);
            CHECK_EQ(ec_ecdh(C, KEY, PEER, C->pub_len, 7, a, NULL), NBTLS_DONE);
            CHECK_EQ(ec_ecdh(C, PEERKEY, mine, C->pub_len, 1, b, NULL),
                     NBTLS_DONE);
            CHECK_MEM(a, b, L);
            nbtls_key_free(KEY);
            nbtls_key_free(PEERKEY);
        }
        /* issue 2: a signature takes at least 50 polls at budget 1 */
        CHECK(polls_b1[0] >= 50);
        CHECK(polls_b1[2] >= 50);
        printf("largest single poll, in units, at budgets 0/1/7/1000:\n");
        for (size_t k = 0; k < NK; k++)
            printf("  %-26s %6llu %3llu %3llu %5llu\n", KINDS[k].name,
                   (unsigned long long)max_poll[k][0],
                   (unsigned long long)max_poll[k][1],
                   (unsigned long long)max_poll[k][2],
                   (unsigned long long)max_poll[k][3]);
    }
    if (modes & EC_CANCEL) {
        printf("%s cancellation (RFC 6979 key):\n", C->name);
        if (setup_round(0, x, &seeds) == 0) {
            cancel_all();
            nbtls_key_free(KEY);
            nbtls_key_free(PEERKEY);
        }
    }
    CHECK_EQ(g_allocs, g_frees); /* nothing leaked */
    CHECK(g_allocs > 0);
    CHECK_EQ(nbtls_set_allocator(NULL, NULL, NULL), NBTLS_DONE);
    return CHECK_DONE();
}

#endif
