/*
 * P-384 restartability and cancellation (public API):
 *   - every op kind (keygen, key_from_private, deterministic and hedged
 *     sign, verify, ECDH with an uncompressed and a compressed peer) gives
 *     the same result at budgets 0, 1, 7 and 1000; at budget 1 every poll
 *     spends exactly one unit (run_op checks the poll contract on every
 *     call); the unit counts are printed (core/op/op.h documents them);
 *   - cancellation: each kind is started, polled k times at budget 1 and
 *     freed, for k over the whole run (every k for the deterministic
 *     signature, a stride elsewhere); a counting allocator checks every
 *     allocation is freed and polls never allocate (ASan checks the rest
 *     in the sanitizer build); finished ops whose key is never taken.
 */
#include "check.h"
#include "p384_util.h"

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
static unsigned char DIGEST[48], PEER[97], CPEER[49], SIG[96], SCALAR[48];
static test_rng g_rng;

static int st_sign_det(nbtls_op **op) {
    return nbtls_ecdsa_sign_deterministic_start(op, KEY, DIGEST, 48);
}
static int st_sign(nbtls_op **op) {
    g_rng.state = 5;
    return nbtls_ecdsa_sign_start(op, KEY, DIGEST, 48, test_rng_fn, &g_rng);
}
static int st_sign_sha1(nbtls_op **op) { /* 3 HMAC calls per candidate */
    return nbtls_ecdsa_sign_deterministic_start(op, KEY, DIGEST, 20);
}
static int st_verify(nbtls_op **op) {
    return nbtls_ecdsa_verify_start(op, KEY, DIGEST, 48, SIG, 96);
}
static int st_ecdh(nbtls_op **op) {
    return nbtls_ecdh_start(op, KEY, PEER, 97);
}
static int st_ecdh_c(nbtls_op **op) {
    return nbtls_ecdh_start(op, KEY, CPEER, 49);
}
static int st_keygen(nbtls_op **op) {
    g_rng.state = 6;
    return nbtls_p384_keygen_start(op, test_rng_fn, &g_rng);
}
static int st_from_private(nbtls_op **op) {
    return nbtls_p384_key_from_private_start(op, SCALAR);
}

static const struct {
    const char *name;
    int (*start)(nbtls_op **op);
    int every_step;
    int key_result; /* 1: key, 0: bytes (or none for verify) */
    size_t out_len;
} KINDS[] = {
    {"sign (deterministic)", st_sign_det, 1, 0, 96},
    {"sign (hedged)", st_sign, 0, 0, 96},
    {"sign (SHA-1 digest)", st_sign_sha1, 0, 0, 96},
    {"verify", st_verify, 0, 0, 0},
    {"ecdh", st_ecdh, 0, 0, 48},
    {"ecdh (compressed peer)", st_ecdh_c, 0, 0, 48},
    {"keygen", st_keygen, 0, 1, 0},
    {"key_from_private", st_from_private, 0, 1, 0},
};

/* Run a kind to the end at `budget`; its result bytes (key: public point)
 * in out, the stats in st; the final status. */
static int run_kind(size_t i, uint32_t budget, unsigned char out[97],
                    run_stats *st) {
    nbtls_op *op = NULL;
    int rc = KINDS[i].start(&op);
    if (rc != NBTLS_DONE) return rc;
    rc = run_op(op, budget, 0, st);
    memset(out, 0, 97);
    if (rc == NBTLS_DONE && KINDS[i].key_result) {
        nbtls_key *k = NULL;
        rc = nbtls_op_take_key(op, &k);
        if (rc == NBTLS_DONE && ec_pub_bytes(&EC_P384, k, out) != 0)
            rc = NBTLS_E_INTERNAL;
        nbtls_key_free(k);
    } else if (rc == NBTLS_DONE && KINDS[i].out_len) {
        size_t len = 0;
        rc = nbtls_op_result(op, out, 97, &len);
        if (len != KINDS[i].out_len) rc = NBTLS_E_INTERNAL;
    }
    nbtls_op_free(op);
    return rc;
}

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
    CHECK(rc == NBTLS_IN_PROGRESS || rc == NBTLS_DONE);
    CHECK(g_allocs == allocs);
    nbtls_op_free(op);
}

int main(void) {
    CHECK_EQ(nbtls_set_allocator(count_alloc, count_free), NBTLS_DONE);
    for (int i = 0; i < 48; i++) {
        SCALAR[i] = (unsigned char)(0xc3 ^ (7 * i));
        DIGEST[i] = (unsigned char)(0x5c + i);
    }
    KEY = ec_priv(&EC_P384, SCALAR);
    unsigned char pd[48];
    memset(pd, 0x23, 48);
    nbtls_key *peer = ec_priv(&EC_P384, pd);
    CHECK(KEY != NULL && peer != NULL);
    if (KEY == NULL || peer == NULL) return CHECK_DONE();
    CHECK_EQ(ec_pub_bytes(&EC_P384, peer, PEER), 0);
    nbtls_key_free(peer);
    CPEER[0] = (unsigned char)(0x02 | (PEER[96] & 1));
    memcpy(CPEER + 1, PEER + 1, 48);
    CHECK_EQ(ec_sign_det(&EC_P384, KEY, DIGEST, 48, 0, SIG, NULL), NBTLS_DONE);
    const unsigned long live = g_allocs - g_frees; /* KEY */

    /* restart: identical results at every budget */
    static const uint32_t budgets[] = {0, 1, 7, 1000};
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++) {
        unsigned char ref[97], out[97];
        run_stats st1;
        CHECK_EQ(run_kind(i, 1, ref, &st1), NBTLS_DONE);
        CHECK_EQ(st1.violations, 0);
        CHECK_EQ(st1.max_poll_units, 1);
        CHECK_EQ(st1.polls, st1.units);
        for (size_t b = 0; b < sizeof budgets / sizeof budgets[0]; b++) {
            run_stats st;
            CHECK_EQ(run_kind(i, budgets[b], out, &st), NBTLS_DONE);
            CHECK_EQ(st.violations, 0);
            CHECK_EQ(st.units, st1.units);
            CHECK_MEM(out, ref, 97);
            if (budgets[b] == 7) CHECK_EQ(st.polls, (st1.units + 6) / 7);
        }
        printf("  %-24s %5llu units\n", KINDS[i].name,
               (unsigned long long)st1.units);
    }

    /* cancellation at (nearly) every step */
    const unsigned long long max_work = 1500000ull;
    for (size_t i = 0; i < sizeof KINDS / sizeof KINDS[0]; i++) {
        unsigned char out[97];
        run_stats st;
        CHECK_EQ(run_kind(i, 1, out, &st), NBTLS_DONE);
        unsigned long total = st.polls;
        unsigned long long work = (unsigned long long)total * (total + 1) / 2;
        unsigned long stride = 1, runs = 0;
        if (!KINDS[i].every_step && work > max_work)
            stride = (unsigned long)((work + max_work - 1) / max_work);
        for (unsigned long k = 0; k <= total + 1; k += stride) {
            cancel_after(KINDS[i].start, k);
            runs++;
        }
        cancel_after(KINDS[i].start, total - 1);
        cancel_after(KINDS[i].start, total);
        printf("  %-24s cancelled at %lu points (stride %lu)\n", KINDS[i].name,
               runs + 2, stride);
        CHECK_EQ(g_allocs - g_frees, live);
    }

    /* a finished keygen whose key is never taken */
    nbtls_op *op = NULL;
    CHECK_EQ(st_keygen(&op), NBTLS_DONE);
    CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
    nbtls_op_free(op);
    CHECK_EQ(g_allocs - g_frees, live);
    nbtls_key_free(KEY);
    CHECK_EQ(g_allocs, g_frees);
    CHECK(g_allocs > 0);
    CHECK_EQ(nbtls_set_allocator(NULL, NULL), NBTLS_DONE);
    return CHECK_DONE();
}
