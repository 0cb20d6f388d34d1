/*
 * Cancellation: for every op kind and every number of polls k from 0 to
 * the op's total (at budget 1), start the op, poll k times, free it. Under
 * the ASan build (scripts/test-c.sh: build-asan) a leak or a use after free
 * fails; in every build a counting allocator checks that each allocation is
 * freed and that polls never allocate. Every step is covered for the
 * deterministic signature (and for every kind whose total is small); longer
 * kinds are sampled with a stride so the test stays fast under ASan.
 * Also: freeing finished ops whose result was never fetched (keygen's key
 * never taken), failed ops, and ops after their key was taken.
 */
#include "check.h"
#include "p256_util.h"

static unsigned long g_allocs, g_frees;
static void *count_alloc(size_t n) {
    g_allocs++;
    return malloc(n);
}
static void count_free(void *p) {
    if (p != NULL) g_frees++;
    free(p);
}

static nbtls_key *KEY;
static unsigned char DIGEST[32], PEER[65], SIG[64], BADPEER[65], SCALAR[32];
static test_rng g_rng;

static int st_sign_det(nbtls_op **op) {
    return nbtls_ecdsa_sign_deterministic_start(op, KEY, DIGEST, 32);
}
static int st_sign(nbtls_op **op) {
    g_rng.state = 5;
    return nbtls_ecdsa_sign_start(op, KEY, DIGEST, 32, test_rng_fn, &g_rng);
}
static int st_verify(nbtls_op **op) {
    return nbtls_ecdsa_verify_start(op, KEY, DIGEST, 32, SIG, 64);
}
static int st_ecdh(nbtls_op **op) {
    return nbtls_ecdh_start(op, KEY, PEER, 65);
}
static int st_ecdh_bad(nbtls_op **op) {
    return nbtls_ecdh_start(op, KEY, BADPEER, 65);
}
static int st_keygen(nbtls_op **op) {
    g_rng.state = 6;
    return nbtls_p256_keygen_start(op, test_rng_fn, &g_rng);
}
static int st_from_private(nbtls_op **op) {
    return nbtls_p256_key_from_private_start(op, SCALAR);
}

static const struct {
    const char *name;
    int (*start)(nbtls_op **op);
    int every_step; /* 1: cover every k whatever the total */
} KINDS[] = {
    {"sign (deterministic)", st_sign_det, 1},
    {"sign (hedged)", st_sign, 0},
    {"verify", st_verify, 0},
    {"ecdh", st_ecdh, 0},
    {"ecdh (off-curve peer)", st_ecdh_bad, 0},
    {"keygen", st_keygen, 0},
    {"key_from_private", st_from_private, 0},
};

/* Start, poll k times at budget 1 (or until it ends), free. */
static void cancel_after(int (*start)(nbtls_op **), unsigned long k) {
    nbtls_op *op = NULL;
    if (start(&op) != NBTLS_DONE || op == NULL) {
        CHECK(0);
        return;
    }
    unsigned long allocs = g_allocs;
    int rc = NBTLS_IN_PROGRESS;
    for (unsigned long i = 0; i < k && rc == NBTLS_IN_PROGRESS; i++)
        rc = nbtls_op_poll(op, 1);
    CHECK(rc == NBTLS_IN_PROGRESS || rc == NBTLS_DONE || rc < 0);
    CHECK(g_allocs == allocs);
    nbtls_op_free(op);
}

int main(void) {
    CHECK_EQ(nbtls_set_allocator(count_alloc, count_free), NBTLS_DONE);
    vec_rec r[11];
    CHECK_EQ(vec_load("p256_rfc6979.txt", r, 11), 11);
    CHECK_EQ(vec_hex(&r[0], "x", SCALAR, 32), 32);
    memset(DIGEST, 0x5c, 32);
    KEY = key_priv(SCALAR);
    unsigned char pd[32];
    memset(pd, 0x23, 32);
    nbtls_key *peer = key_priv(pd);
    CHECK(KEY != NULL && peer != NULL);
    if (KEY == NULL || peer == NULL) {
        nbtls_key_free(KEY);
        nbtls_key_free(peer);
        return CHECK_DONE();
    }
    CHECK_EQ(key_pub_bytes(peer, PEER), 0);
    nbtls_key_free(peer);
    memcpy(BADPEER, PEER, 65);
    BADPEER[64] ^= 1;
    CHECK_EQ(do_sign_det(KEY, DIGEST, 32, 0, SIG, NULL), NBTLS_DONE);

    /* Budget: at most ~3 million units of work per kind (quadratic in the
     * total); every kind marked every_step is covered fully anyway. */
    const unsigned long long max_work = 3000000ull;
    const unsigned long live = g_allocs - g_frees; /* KEY */
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++) {
        nbtls_op *op = NULL;
        CHECK_EQ(KINDS[i].start(&op), NBTLS_DONE);
        if (op == NULL) continue;
        run_stats st;
        int rc = run_op(op, 1, 0, &st);
        CHECK(rc == NBTLS_DONE || rc == NBTLS_E_BAD_KEY);
        nbtls_op_free(op);
        unsigned long total = st.polls;
        unsigned long long work = (unsigned long long)total * (total + 1) / 2;
        unsigned long stride = 1;
        if (!KINDS[i].every_step && work > max_work)
            stride = (unsigned long)((work + max_work - 1) / max_work);
        unsigned long runs = 0;
        for (unsigned long k = 0; k <= total + 1; k += stride) {
            cancel_after(KINDS[i].start, k);
            runs++;
        }
        /* the last steps are always covered */
        cancel_after(KINDS[i].start, total > 0 ? total - 1 : 0);
        cancel_after(KINDS[i].start, total);
        printf("  %-24s total %5lu polls, cancelled at %lu points "
               "(stride %lu)\n",
               KINDS[i].name, total, runs + 2, stride);
        CHECK_EQ(g_allocs - g_frees, live);
    }

    /* finished ops freed without fetching their result */
    nbtls_op *op = NULL;
    CHECK_EQ(st_keygen(&op), NBTLS_DONE);
    CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
    nbtls_op_free(op); /* the untaken key is freed with it */
    CHECK_EQ(g_allocs - g_frees, live);
    CHECK_EQ(st_from_private(&op), NBTLS_DONE);
    CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
    nbtls_op_free(op);
    CHECK_EQ(g_allocs - g_frees, live);
    /* a taken key outlives its op */
    nbtls_key *k = NULL;
    CHECK_EQ(st_keygen(&op), NBTLS_DONE);
    CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
    CHECK_EQ(nbtls_op_take_key(op, &k), NBTLS_DONE);
    nbtls_op_free(op);
    unsigned char sig[64];
    CHECK(k != NULL);
    CHECK_EQ(do_sign_det(k, DIGEST, 32, 0, sig, NULL), NBTLS_DONE);
    nbtls_key_free(k);
    /* failed ops */
    CHECK_EQ(st_ecdh_bad(&op), NBTLS_DONE);
    CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_E_BAD_KEY);
    nbtls_op_free(op);
    unsigned long calls = 0;
    int rc = nbtls_p256_keygen_start(&op, failing_rng_fn, &calls);
    if (rc == NBTLS_DONE) {
        CHECK_EQ(run_op(op, 1, 100000, NULL), NBTLS_E_RNG);
        nbtls_op_free(op);
    }
    nbtls_key_free(KEY);
    CHECK_EQ(g_allocs, g_frees);
    CHECK(g_allocs > 0);
    CHECK_EQ(nbtls_set_allocator(NULL, NULL), NBTLS_DONE);
    return CHECK_DONE();
}
