/*
 * Open-box tests of the P-256 ops (core/op) and the op framework: budgets
 * and unit accounting, sticky status, result/take_key state rules, op
 * allocation sizes, RNG failure and rejection paths, RFC 6979, point
 * validation while polling. (Closed-box differential tests against
 * OpenSSL live in tests/p256.)
 *
 * RFC 6979 A.2.5 (P-256, SHA-256, messages "sample" and "test"): the key,
 * public point and signatures below are the RFC's, re-derived with Python
 * `cryptography` 48 (ec.ECDSA(SHA256(), deterministic_signing=True)).
 */
#include "check.h"
#include "hash/sha256.h"
#include "op/op.h"

static const char *rfc_x =
    "c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721";
static const char *rfc_pub =
    "0460fed4ba255a9d31c961eb74c6356d68c049b8923b61fa6ce669622e60f29fb67903fe"
    "1008b8bc99a41ae9e95628bc64f2f1b20c2d7e9f5177a3c294d4462299";
static const char *rfc_sig_sample =
    "efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716f7cb1c94"
    "2d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8";
static const char *rfc_sig_test =
    "f1abb023518351cd71d881567b1ea663ed3efcf6c5132b354f28d3b0b7d38367019f4113"
    "742a2b14bd25926b49c649155f267e60d3814b4c0cc84250e46f0083";

/* Poll with `budget` until done; check each poll spends 1..budget units
 * (exactly budget while in progress). Returns the final status. */
static int drive(nbtls_op *op, uint32_t budget, unsigned *polls) {
    int rc;
    *polls = 0;
    do {
        uint64_t before = nbtls_op_units(op);
        rc = nbtls_op_poll(op, budget);
        uint64_t spent = nbtls_op_units(op) - before;
        (*polls)++;
        CHECK(spent >= 1);
        if (budget) CHECK(spent <= budget);
        if (rc == NBTLS_IN_PROGRESS && budget) CHECK_EQ(spent, budget);
    } while (rc == NBTLS_IN_PROGRESS);
    return rc;
}

static nbtls_key *rfc_key(void) {
    unsigned char x[32], pub[65], got[65];
    size_t n = 0;
    nbtls_key *k = NULL;
    CHECK_EQ(check_hex(rfc_x, x, 32), 32);
    CHECK_EQ(check_hex(rfc_pub, pub, 65), 65);
    CHECK_EQ(nbtls_key_p256_from_private(&k, x), NBTLS_DONE);
    CHECK_EQ(nbtls_key_export_public(k, got, sizeof(got), &n), NBTLS_DONE);
    CHECK_EQ(n, 65);
    CHECK_MEM(got, pub, 65);
    return k;
}

static void test_rfc6979(void) {
    nbtls_key *k = rfc_key();
    static const char *msgs[2] = {"sample", "test"};
    const char *sigs[2] = {rfc_sig_sample, rfc_sig_test};
    for (int m = 0; m < 2; m++) {
        unsigned char h[32], want[64], got[64];
        size_t n;
        nbtls_sha256((const unsigned char *)msgs[m], strlen(msgs[m]), h);
        CHECK_EQ(check_hex(sigs[m], want, 64), 64);
        for (uint32_t budget = 0; budget <= 3; budget++) {
            nbtls_op *op = NULL;
            unsigned polls;
            CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, k, h, 32),
                     NBTLS_DONE);
            CHECK_EQ(nbtls_op_result(op, got, 64, &n), NBTLS_E_BAD_STATE);
            CHECK_EQ(drive(op, budget, &polls), NBTLS_DONE);
            if (budget == 1) {
                printf("sign: %u polls at budget 1 (%llu units)\n", polls,
                       (unsigned long long)nbtls_op_units(op));
                CHECK(polls >= 50);
            }
            CHECK_EQ(nbtls_op_result(op, got, 63, &n),
                     NBTLS_E_BUFFER_TOO_SMALL);
            CHECK_EQ(n, 64);
            CHECK_EQ(nbtls_op_result(op, got, 64, &n), NBTLS_DONE);
            CHECK_MEM(got, want, 64);
            /* sticky: polling again changes nothing */
            uint64_t units = nbtls_op_units(op);
            CHECK_EQ(nbtls_op_poll(op, 5), NBTLS_DONE);
            CHECK_EQ(nbtls_op_units(op), units);
            nbtls_key *kk = NULL;
            CHECK_EQ(nbtls_op_take_key(op, &kk), NBTLS_E_BAD_STATE);
            nbtls_op_free(op);
        }
        /* and it verifies; a flipped bit anywhere in r or s does not */
        nbtls_op *op = NULL;
        unsigned polls;
        CHECK_EQ(nbtls_ecdsa_verify_start(&op, k, h, 32, want, 64), NBTLS_DONE);
        CHECK_EQ(drive(op, 1, &polls), NBTLS_DONE);
        if (m == 0) printf("verify: %u polls at budget 1\n", polls);
        nbtls_op_free(op);
        for (int bit = 0; bit < 512; bit += 37) {
            unsigned char bad[64];
            memcpy(bad, want, 64);
            bad[bit / 8] ^= (unsigned char)(1 << (bit % 8));
            CHECK_EQ(nbtls_ecdsa_verify_start(&op, k, h, 32, bad, 64),
                     NBTLS_DONE);
            CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_E_BAD_SIGNATURE);
            CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_E_BAD_SIGNATURE);
            nbtls_op_free(op);
        }
    }
    nbtls_key_free(k);
}

/* A scripted RNG: serves `script` (looping over `len` bytes), or fails. */
typedef struct {
    const unsigned char *script;
    size_t len, pos;
    int fail;
    unsigned calls;
} test_rng;
static int rng_fn(void *ctx, unsigned char *out, size_t len) {
    test_rng *r = (test_rng *)ctx;
    r->calls++;
    if (r->fail) return -1;
    for (size_t i = 0; i < len; i++)
        out[i] = r->script[r->pos++ % r->len];
    return 0;
}

static void test_keygen(void) {
    nbtls_op *op = NULL;
    nbtls_key *k = NULL;
    unsigned polls;
    /* RNG failure: reported by the start call (every draw happens there),
     * and no op */
    test_rng bad = {NULL, 1, 0, 1, 0};
    op = (nbtls_op *)&bad;
    CHECK_EQ(nbtls_p256_keygen_start(&op, rng_fn, &bad), NBTLS_E_RNG);
    CHECK(op == NULL);
    /* An RNG stuck at all-ones (>= n): the 4 candidates of the one draw
     * are all rejected, E_RNG at start */
    unsigned char ff[32];
    memset(ff, 0xff, 32);
    test_rng stuck = {ff, 32, 0, 0, 0};
    CHECK_EQ(nbtls_p256_keygen_start(&op, rng_fn, &stuck), NBTLS_E_RNG);
    CHECK(op == NULL);
    CHECK_EQ(stuck.calls, 1);
    CHECK_EQ(stuck.pos, 4 * 32);
    /* zero, then n, then a valid scalar (then zero again): the third
     * candidate is the key, all drawn in one call at start */
    unsigned char script[96], x[32];
    memset(script, 0, 32);
    CHECK_EQ(check_hex("ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9"
                       "cac2fc632551",
                       script + 32, 32),
             32);
    CHECK_EQ(check_hex(rfc_x, x, 32), 32);
    memcpy(script + 64, x, 32);
    test_rng seq = {script, 96, 0, 0, 0};
    CHECK_EQ(nbtls_p256_keygen_start(&op, rng_fn, &seq), NBTLS_DONE);
    CHECK_EQ(seq.calls, 1);
    CHECK_EQ(drive(op, 2, &polls), NBTLS_DONE);
    CHECK_EQ(seq.calls, 1);
    printf("keygen: %llu units, op allocation %zu bytes\n",
           (unsigned long long)nbtls_op_units(op), op->size);
    CHECK(op->size < 2048);
    CHECK_EQ(nbtls_op_take_key(op, &k), NBTLS_DONE);
    nbtls_key *again = NULL;
    CHECK_EQ(nbtls_op_take_key(op, &again), NBTLS_E_BAD_STATE);
    unsigned char out[65], pub[65];
    size_t n;
    CHECK_EQ(nbtls_op_result(op, out, sizeof(out), &n), NBTLS_E_BAD_STATE);
    nbtls_op_free(op);
    CHECK_EQ(nbtls_key_type(k), NBTLS_KEY_P256);
    CHECK_EQ(nbtls_key_has_private(k), 1);
    CHECK_EQ(nbtls_key_export_private(k, out, 32, &n), NBTLS_DONE);
    CHECK_MEM(out, x, 32);
    CHECK_EQ(nbtls_key_export_public(k, out, 64, &n), NBTLS_E_BUFFER_TOO_SMALL);
    CHECK_EQ(n, 65);
    CHECK_EQ(nbtls_key_export_public(k, out, 65, &n), NBTLS_DONE);
    CHECK_EQ(check_hex(rfc_pub, pub, 65), 65);
    CHECK_MEM(out, pub, 65);
    nbtls_key_free(k);
    /* free an op that still owns its (unfinished) key: no leak under ASan */
    CHECK_EQ(nbtls_p256_key_from_private_start(&op, x), NBTLS_DONE);
    CHECK_EQ(nbtls_op_poll(op, 10), NBTLS_IN_PROGRESS);
    nbtls_op_free(op);
    /* invalid scalars */
    unsigned char zero[32] = {0};
    CHECK_EQ(nbtls_p256_key_from_private_start(&op, zero), NBTLS_E_BAD_KEY);
    CHECK(op == NULL);
    CHECK_EQ(nbtls_key_p256_from_private(&k, script + 32), NBTLS_E_BAD_KEY);
    CHECK(k == NULL);
    CHECK_EQ(nbtls_key_p256_from_private(&k, ff), NBTLS_E_BAD_KEY);
}

static void test_sign_hedged(void) {
    nbtls_key *k = rfc_key();
    unsigned char h[20], s1[64], s2[64];
    size_t n;
    memset(h, 0x42, sizeof(h)); /* a short digest: zero-padded integer */
    nbtls_op *op = NULL;
    unsigned polls;
    CHECK_EQ(nbtls_ecdsa_sign_start(&op, k, h, 20, NULL, NULL), NBTLS_DONE);
    CHECK_EQ(drive(op, 7, &polls), NBTLS_DONE);
    CHECK_EQ(nbtls_op_result(op, s1, 64, &n), NBTLS_DONE);
    printf("sign op allocation %zu bytes\n", op->size);
    CHECK(op->size < 2304);
    nbtls_op_free(op);
    CHECK_EQ(nbtls_ecdsa_sign_start(&op, k, h, 20, NULL, NULL), NBTLS_DONE);
    CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_DONE);
    CHECK_EQ(nbtls_op_result(op, s2, 64, &n), NBTLS_DONE);
    nbtls_op_free(op);
    CHECK(memcmp(s1, s2, 64) != 0); /* fresh randomness each time */
    for (int i = 0; i < 2; i++) {
        CHECK_EQ(nbtls_ecdsa_verify_start(&op, k, h, 20, i ? s2 : s1, 64),
                 NBTLS_DONE);
        CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_DONE);
        if (i == 0) printf("verify op allocation %zu bytes\n", op->size);
        CHECK(op->size < 2048);
        nbtls_op_free(op);
    }
    /* The hedge changes the nonce: fixed k' gives a fixed, different sig */
    unsigned char extra[32];
    memset(extra, 7, 32);
    test_rng fixed = {extra, 32, 0, 0, 0};
    CHECK_EQ(nbtls_ecdsa_sign_start(&op, k, h, 20, rng_fn, &fixed), NBTLS_DONE);
    CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_DONE);
    CHECK_EQ(nbtls_op_result(op, s1, 64, &n), NBTLS_DONE);
    nbtls_op_free(op);
    fixed.pos = 0;
    CHECK_EQ(nbtls_ecdsa_sign_start(&op, k, h, 20, rng_fn, &fixed), NBTLS_DONE);
    CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_DONE);
    CHECK_EQ(nbtls_op_result(op, s2, 64, &n), NBTLS_DONE);
    nbtls_op_free(op);
    CHECK_MEM(s1, s2, 64);
    CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, k, h, 20), NBTLS_DONE);
    CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_DONE);
    CHECK_EQ(nbtls_op_result(op, s2, 64, &n), NBTLS_DONE);
    nbtls_op_free(op);
    CHECK(memcmp(s1, s2, 64) != 0);
    /* RNG failure at start */
    test_rng bad = {NULL, 1, 0, 1, 0};
    CHECK_EQ(nbtls_ecdsa_sign_start(&op, k, h, 20, rng_fn, &bad), NBTLS_E_RNG);
    CHECK(op == NULL);
    /* argument checks */
    CHECK_EQ(nbtls_ecdsa_sign_start(&op, k, h, 0, NULL, NULL),
             NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, NULL, h, 20),
             NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_ecdsa_sign_start(&op, k, h, 19, NULL, NULL),
             NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, k, h, 21),
             NBTLS_E_INVALID_ARG);
    CHECK(op == NULL);
    CHECK_EQ(nbtls_ecdsa_verify_start(&op, k, h, 0, s1, 64),
             NBTLS_E_INVALID_ARG);
    /* a public-only key cannot sign */
    unsigned char pub[65];
    nbtls_key *pk = NULL;
    CHECK_EQ(nbtls_key_export_public(k, pub, 65, &n), NBTLS_DONE);
    CHECK_EQ(nbtls_key_p256_from_public(&pk, pub, 65), NBTLS_DONE);
    CHECK_EQ(nbtls_key_has_private(pk), 0);
    CHECK_EQ(nbtls_key_export_private(pk, extra, 32, &n), NBTLS_E_BAD_KEY);
    CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, pk, h, 20),
             NBTLS_E_BAD_KEY);
    CHECK_EQ(nbtls_ecdh_start(&op, pk, pub, 65), NBTLS_E_BAD_KEY);
    nbtls_key_free(pk);
    nbtls_key_free(k);
}

static void test_ecdh(void) {
    unsigned char d1[32], d2[32], p1[65], p2[65], s1[32], s2[32];
    size_t n;
    memset(d1, 0x11, 32);
    memset(d2, 0x22, 32);
    nbtls_key *k1 = NULL, *k2 = NULL;
    CHECK_EQ(nbtls_key_p256_from_private(&k1, d1), NBTLS_DONE);
    CHECK_EQ(nbtls_key_p256_from_private(&k2, d2), NBTLS_DONE);
    CHECK_EQ(nbtls_key_export_public(k1, p1, 65, &n), NBTLS_DONE);
    CHECK_EQ(nbtls_key_export_public(k2, p2, 65, &n), NBTLS_DONE);
    nbtls_op *op = NULL;
    unsigned polls;
    CHECK_EQ(nbtls_ecdh_start(&op, k1, p2, 65), NBTLS_DONE);
    CHECK_EQ(drive(op, 1, &polls), NBTLS_DONE);
    printf("ecdh: %u polls at budget 1, op allocation %zu bytes\n", polls,
           op->size);
    CHECK(op->size < 2048);
    CHECK_EQ(nbtls_op_result(op, s1, 32, &n), NBTLS_DONE);
    CHECK_EQ(n, 32);
    nbtls_op_free(op);
    /* compressed peer, both parities via the other side */
    unsigned char c1[33];
    c1[0] = (unsigned char)(0x02 | (p1[64] & 1));
    memcpy(c1 + 1, p1 + 1, 32);
    CHECK_EQ(nbtls_ecdh_start(&op, k2, c1, 33), NBTLS_DONE);
    CHECK_EQ(drive(op, 3, &polls), NBTLS_DONE);
    CHECK_EQ(nbtls_op_result(op, s2, 32, &n), NBTLS_DONE);
    nbtls_op_free(op);
    CHECK_MEM(s1, s2, 32);
    /* compressed import gives the same key; the wrong parity gives -Q */
    nbtls_key *pk = NULL;
    unsigned char out[65];
    CHECK_EQ(nbtls_key_p256_from_public(&pk, c1, 33), NBTLS_DONE);
    CHECK_EQ(nbtls_key_export_public(pk, out, 65, &n), NBTLS_DONE);
    CHECK_MEM(out, p1, 65);
    nbtls_key_free(pk);
    c1[0] ^= 1;
    CHECK_EQ(nbtls_key_p256_from_public(&pk, c1, 33), NBTLS_DONE);
    CHECK_EQ(nbtls_key_export_public(pk, out, 65, &n), NBTLS_DONE);
    CHECK_MEM(out, p1, 33);
    CHECK(memcmp(out + 33, p1 + 33, 32) != 0);
    nbtls_key_free(pk);
    /* bad peers: format/length at start, the point itself while polling */
    unsigned char bad[65];
    memcpy(bad, p2, 65);
    static const unsigned char formats[] = {0x00, 0x01, 0x05, 0x06, 0x07};
    for (size_t i = 0; i < sizeof(formats); i++) {
        bad[0] = formats[i];
        CHECK_EQ(nbtls_ecdh_start(&op, k1, bad, 65), NBTLS_E_BAD_KEY);
        CHECK_EQ(nbtls_key_p256_from_public(&pk, bad, 65), NBTLS_E_BAD_KEY);
    }
    bad[0] = 0x04;
    CHECK_EQ(nbtls_ecdh_start(&op, k1, bad, 64), NBTLS_E_BAD_KEY);
    CHECK_EQ(nbtls_ecdh_start(&op, k1, bad, 1), NBTLS_E_BAD_KEY);
    bad[0] = 0x02;
    CHECK_EQ(nbtls_ecdh_start(&op, k1, bad, 65), NBTLS_E_BAD_KEY);
    bad[0] = 0x04;
    bad[64] ^= 1; /* off the curve */
    CHECK_EQ(nbtls_ecdh_start(&op, k1, bad, 65), NBTLS_DONE);
    CHECK_EQ(nbtls_op_poll(op, 1), NBTLS_E_BAD_KEY);
    CHECK_EQ(nbtls_op_poll(op, 1), NBTLS_E_BAD_KEY);
    nbtls_op_free(op);
    CHECK_EQ(nbtls_key_p256_from_public(&pk, bad, 65), NBTLS_E_BAD_KEY);
    /* x = p (not reduced) */
    CHECK_EQ(check_hex("ffffffff00000001000000000000000000000000ffffffffffff"
                       "ffffffffffff",
                       bad + 1, 32),
             32);
    CHECK_EQ(nbtls_ecdh_start(&op, k1, bad, 65), NBTLS_DONE);
    CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_E_BAD_KEY);
    nbtls_op_free(op);
    bad[0] = 0x03;
    CHECK_EQ(nbtls_ecdh_start(&op, k1, bad, 33), NBTLS_DONE);
    CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_E_BAD_KEY);
    nbtls_op_free(op);
    /* a compressed x with no point: x = 0? y^2 = b; try small x until the
     * decoder rejects one (about half of all x have no point) */
    int rejected = 0, accepted = 0;
    for (int x = 1; x < 40; x++) {
        memset(bad, 0, 33);
        bad[0] = 0x02;
        bad[32] = (unsigned char)x;
        int rc = nbtls_key_p256_from_public(&pk, bad, 33);
        if (rc == NBTLS_DONE) {
            accepted++;
            nbtls_key_free(pk);
        } else {
            CHECK_EQ(rc, NBTLS_E_BAD_KEY);
            rejected++;
        }
    }
    CHECK(rejected > 5 && accepted > 5);
    /* NULLs */
    CHECK_EQ(nbtls_ecdh_start(NULL, k1, p2, 65), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_ecdh_start(&op, NULL, p2, 65), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_ecdh_start(&op, k1, NULL, 65), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_op_poll(NULL, 1), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_key_type(NULL), NBTLS_E_INVALID_ARG);
    nbtls_op_free(NULL);
    nbtls_key_free(NULL);
    nbtls_key_free(k1);
    nbtls_key_free(k2);
}

int main(void) {
    test_rfc6979();
    test_keygen();
    test_sign_hedged();
    test_ecdh();
    return CHECK_DONE();
}
