/*
 * The poll contract of every P-256 op kind (closed box):
 *   - the same result at budgets 0, 1, 7 and 1000 (deterministic signing,
 *     hedged signing and keygen with a fixed test RNG, verify, ECDH, the
 *     restartable private-key import, and failing ops);
 *   - every poll spends at least 1 and at most `budget` units, so at
 *     budget 1 the number of polls equals nbtls_op_units();
 *   - the same total units at every budget;
 *   - a signature takes at least 50 polls at budget 1 (issue 2);
 *   - poll never allocates (counting allocator).
 * Prints the number of polls at budget 1 for each op kind and the largest
 * single poll (in units) at each budget. Timing is in bench/bench_p256.
 */
#include "check.h"
#include "p256_util.h"

static const uint32_t BUDGETS[] = {0, 1, 7, 1000};
#define NB (sizeof BUDGETS / sizeof BUDGETS[0])

static unsigned long g_allocs, g_frees;
static void *count_alloc(size_t n) {
    g_allocs++;
    return malloc(n);
}
static void count_free(void *p) {
    if (p != NULL) g_frees++;
    free(p);
}

/* One op kind under test: `start` makes a fresh op; `finish` extracts the
 * result into out (up to 65 bytes), returns its length or < 0. */
typedef struct {
    const char *name;
    int (*start)(nbtls_op **op, void *arg);
    int (*finish)(nbtls_op *op, unsigned char *out);
    int want; /* the final status expected */
} kind;

static nbtls_key *KEY, *PEERKEY;
static unsigned char DIGEST[32], PEER[65], SIG[64], BADSIG[64], OFFCURVE[65];
static unsigned char SCALAR[32];
static unsigned long long SEED;

static int start_sign_det(nbtls_op **op, void *arg) {
    (void)arg;
    return nbtls_ecdsa_sign_deterministic_start(op, KEY, DIGEST, 32);
}
static test_rng g_rng;
static int start_sign_hedged(nbtls_op **op, void *arg) {
    (void)arg;
    g_rng.state = SEED;
    return nbtls_ecdsa_sign_start(op, KEY, DIGEST, 32, test_rng_fn, &g_rng);
}
static int start_verify(nbtls_op **op, void *arg) {
    (void)arg;
    return nbtls_ecdsa_verify_start(op, KEY, DIGEST, 32, SIG, 64);
}
static int start_verify_bad(nbtls_op **op, void *arg) {
    (void)arg;
    return nbtls_ecdsa_verify_start(op, KEY, DIGEST, 32, BADSIG, 64);
}
static int start_ecdh(nbtls_op **op, void *arg) {
    (void)arg;
    return nbtls_ecdh_start(op, KEY, PEER, 65);
}
static int start_ecdh_bad(nbtls_op **op, void *arg) {
    (void)arg;
    return nbtls_ecdh_start(op, KEY, OFFCURVE, 65);
}
static int start_keygen(nbtls_op **op, void *arg) {
    (void)arg;
    g_rng.state = SEED;
    return nbtls_p256_keygen_start(op, test_rng_fn, &g_rng);
}
static int start_from_private(nbtls_op **op, void *arg) {
    (void)arg;
    return nbtls_p256_key_from_private_start(op, SCALAR);
}

static int finish_bytes(nbtls_op *op, unsigned char *out) {
    size_t len = 0;
    int rc = nbtls_op_result(op, out, 65, &len);
    return rc == NBTLS_DONE ? (int)len : rc;
}
static int finish_key(nbtls_op *op, unsigned char *out) {
    nbtls_key *k = NULL;
    int rc = nbtls_op_take_key(op, &k);
    if (rc != NBTLS_DONE) return rc;
    rc = key_pub_bytes(k, out) == 0 ? 65 : NBTLS_E_INTERNAL;
    nbtls_key_free(k);
    return rc;
}
static int finish_none(nbtls_op *op, unsigned char *out) {
    (void)op;
    (void)out;
    return 0;
}

static const kind KINDS[] = {
    {"sign (deterministic)", start_sign_det, finish_bytes, NBTLS_DONE},
    {"sign (hedged, fixed rng)", start_sign_hedged, finish_bytes, NBTLS_DONE},
    {"verify (valid)", start_verify, finish_none, NBTLS_DONE},
    {"verify (invalid)", start_verify_bad, finish_none, NBTLS_E_BAD_SIGNATURE},
    {"ecdh", start_ecdh, finish_bytes, NBTLS_DONE},
    {"ecdh (off-curve peer)", start_ecdh_bad, finish_none, NBTLS_E_BAD_KEY},
    {"keygen (fixed rng)", start_keygen, finish_key, NBTLS_DONE},
    {"key_from_private", start_from_private, finish_key, NBTLS_DONE},
};
#define NK (sizeof KINDS / sizeof KINDS[0])

static unsigned long polls_b1[NK];
static uint64_t max_poll[NK][NB];

/* Run kind `k` at every budget; check identical outcomes. */
static void run_kind(size_t ki, int report) {
    const kind *k = &KINDS[ki];
    unsigned char first[65], out[65];
    int first_len = -100;
    uint64_t first_units = 0;
    for (size_t b = 0; b < NB; b++) {
        nbtls_op *op = NULL;
        int rc = k->start(&op, NULL);
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

int main(void) {
    CHECK_EQ(nbtls_set_allocator(count_alloc, count_free), NBTLS_DONE);
    vec_rec r[11];
    CHECK_EQ(vec_load("p256_rfc6979.txt", r, 11), 11);
    test_rng seeds = {2024, 0, 0};
    /* a few rounds: the RFC 6979 key, then random keys and digests */
    for (int round = 0; round < 4; round++) {
        if (round == 0) {
            CHECK_EQ(vec_hex(&r[0], "x", SCALAR, 32), 32);
        } else {
            test_rng_fn(&seeds, SCALAR, 32);
            SCALAR[0] &= 0x7f; /* < n */
        }
        test_rng_fn(&seeds, DIGEST, 32);
        SEED = test_rng_next64(&seeds);
        KEY = key_priv(SCALAR);
        unsigned char pd[32];
        test_rng_fn(&seeds, pd, 32);
        pd[0] &= 0x7f;
        PEERKEY = key_priv(pd);
        CHECK(KEY != NULL && PEERKEY != NULL);
        if (KEY == NULL || PEERKEY == NULL) {
            nbtls_key_free(KEY);
            nbtls_key_free(PEERKEY);
            break;
        }
        CHECK_EQ(key_pub_bytes(PEERKEY, PEER), 0);
        memcpy(OFFCURVE, PEER, 65);
        OFFCURVE[64] ^= 1;
        CHECK_EQ(do_sign_det(KEY, DIGEST, 32, 0, SIG, NULL), NBTLS_DONE);
        memcpy(BADSIG, SIG, 64);
        BADSIG[40] ^= 0x20;
        if (round == 0) printf("poll counts (RFC 6979 key):\n");
        for (size_t k = 0; k < NK; k++)
            run_kind(k, round == 0);
        /* ECDH is symmetric: the peer gets the same secret */
        unsigned char a[32], b[32], mine[65];
        CHECK_EQ(key_pub_bytes(KEY, mine), 0);
        CHECK_EQ(do_ecdh(KEY, PEER, 65, 7, a, NULL), NBTLS_DONE);
        CHECK_EQ(do_ecdh(PEERKEY, mine, 65, 1, b, NULL), NBTLS_DONE);
        CHECK_MEM(a, b, 32);
        nbtls_key_free(KEY);
        nbtls_key_free(PEERKEY);
    }
    /* issue 2: a signature takes at least 50 polls at budget 1 */
    CHECK(polls_b1[0] >= 50);
    CHECK(polls_b1[1] >= 50);
    printf("largest single poll, in units, at budgets 0/1/7/1000:\n");
    for (size_t k = 0; k < NK; k++)
        printf("  %-26s %6llu %3llu %3llu %5llu\n", KINDS[k].name,
               (unsigned long long)max_poll[k][0],
               (unsigned long long)max_poll[k][1],
               (unsigned long long)max_poll[k][2],
               (unsigned long long)max_poll[k][3]);
    CHECK_EQ(g_allocs, g_frees); /* nothing leaked */
    CHECK_EQ(nbtls_set_allocator(NULL, NULL), NBTLS_DONE);
    return CHECK_DONE();
}
