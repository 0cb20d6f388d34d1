/*
 * P-256 edge cases and the API contract, rebuilt from the specs (SEC 1,
 * FIPS 186-5, RFC 6979) and include/nbtls/nbtls.h — closed box:
 *   - private scalars 0, n, n+1, p, 2^256-1 rejected; 1 and n-1 accepted
 *     with public points G and -G;
 *   - signatures with r or s = 0, n, n+1, p, 2^256-1 rejected; lengths
 *     0/63/65 rejected at start;
 *   - every NULL pointer and zero length; small output buffers (with the
 *     size needed); result/take_key in the wrong state; take_key twice;
 *   - RNG failure, rejection sampling in keygen, hedged signing;
 *   - start copies its inputs (buffers changed or freed after start);
 *   - allocation failure.
 * The constants come from tests/vectors/p256_params.txt.
 */
#include "check.h"
#include "p256_util.h"

static p256_params P;
static const unsigned char FF32[32] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};

/* The RFC 6979 A.2.5 key and its SHA-256 "sample" signature. */
static unsigned char X[32], U[65], DG[32], SIG[64];
static nbtls_key *KPRIV, *KPUB;

static int load_rfc6979(void) {
    vec_rec r[11];
    if (vec_load("p256_rfc6979.txt", r, 11) != 11) return -1;
    U[0] = 4;
    if (vec_hex(&r[0], "x", X, 32) != 32 ||
        vec_hex(&r[0], "Ux", U + 1, 32) != 32 ||
        vec_hex(&r[0], "Uy", U + 33, 32) != 32)
        return -1;
    for (int i = 1; i < 11; i++) {
        if (strcmp(vec_get(&r[i], "hash"), "SHA-256") == 0 &&
            strcmp(vec_get(&r[i], "msg"), "sample") == 0) {
            if (vec_hex(&r[i], "digest", DG, 32) != 32 ||
                vec_hex(&r[i], "r", SIG, 32) != 32 ||
                vec_hex(&r[i], "s", SIG + 32, 32) != 32)
                return -1;
            return 0;
        }
    }
    return -1;
}

/* ---- private scalars ------------------------------------------------------
 */

static void test_scalars(void) {
    unsigned char v[32], pub[65];
    const unsigned char *bad[6];
    unsigned char n1[32], zero[32], np[32], n2[32];
    memset(zero, 0, 32);
    be256_add_small(n1, P.n, 1); /* n + 1 */
    be256_add_small(n2, P.n, 2); /* n + 2 */
    memcpy(np, P.p, 32);         /* p > n */
    bad[0] = zero;
    bad[1] = P.n;
    bad[2] = n1;
    bad[3] = n2;
    bad[4] = np;
    bad[5] = FF32;
    for (int i = 0; i < 6; i++) {
        nbtls_key *k = (nbtls_key *)&k;
        CHECK_EQ(nbtls_key_p256_from_private(&k, bad[i]), NBTLS_E_BAD_KEY);
        CHECK(k == NULL);
        nbtls_op *op = (nbtls_op *)&op;
        CHECK_EQ(nbtls_p256_key_from_private_start(&op, bad[i]),
                 NBTLS_E_BAD_KEY);
        CHECK(op == NULL);
    }
    /* 1: the public point is G */
    memset(v, 0, 32);
    v[31] = 1;
    nbtls_key *k = key_priv(v);
    CHECK(k != NULL);
    if (k != NULL) {
        CHECK_EQ(key_pub_bytes(k, pub), 0);
        CHECK_MEM(pub, P.g, 65);
        nbtls_key_free(k);
    }
    /* n - 1: the public point is -G = (Gx, p - Gy) */
    be256_sub_small(v, P.n, 1);
    k = key_priv(v);
    CHECK(k != NULL);
    if (k != NULL) {
        CHECK_EQ(key_pub_bytes(k, pub), 0);
        CHECK_MEM(pub, P.neg_g, 65);
        nbtls_key_free(k);
    }
    k = NULL;
    CHECK_EQ(do_from_private(v, 1, &k, NULL), NBTLS_DONE);
    if (k != NULL) {
        CHECK_EQ(key_pub_bytes(k, pub), 0);
        CHECK_MEM(pub, P.neg_g, 65);
        nbtls_key_free(k);
    }
    /* 2 and n - 2: points that are each other's negation */
    unsigned char p2[65], pm2[65];
    memset(v, 0, 32);
    v[31] = 2;
    k = key_priv(v);
    CHECK(k != NULL && key_pub_bytes(k, p2) == 0);
    nbtls_key_free(k);
    be256_sub_small(v, P.n, 2);
    k = key_priv(v);
    CHECK(k != NULL && key_pub_bytes(k, pm2) == 0);
    nbtls_key_free(k);
    CHECK_MEM(p2, pm2, 33); /* same x */
    unsigned char sum[32];
    be256_add(sum, p2 + 33, pm2 + 33);
    CHECK_MEM(sum, P.p, 32); /* y + (p - y) = p */
    /* ECDH with the scalar 1 returns the peer's x; with n-1 too */
    memset(v, 0, 32);
    v[31] = 1;
    k = key_priv(v);
    unsigned char sec[32];
    CHECK_EQ(do_ecdh(k, U, 65, 0, sec, NULL), NBTLS_DONE);
    CHECK_MEM(sec, U + 1, 32);
    nbtls_key_free(k);
    be256_sub_small(v, P.n, 1);
    k = key_priv(v);
    CHECK_EQ(do_ecdh(k, U, 65, 0, sec, NULL), NBTLS_DONE);
    CHECK_MEM(sec, U + 1, 32);
    /* ... and signing with n-1 works */
    unsigned char sig[64];
    CHECK_EQ(do_sign_det(k, DG, 32, 0, sig, NULL), NBTLS_DONE);
    CHECK_EQ(do_verify(k, DG, 32, sig, 64, 0, NULL), NBTLS_DONE);
    nbtls_key_free(k);
}

/* ---- signature values -------------------------------------------------------
 */

static void test_signature_values(void) {
    unsigned char vals[5][32];
    memset(vals[0], 0, 32);           /* 0 */
    memcpy(vals[1], P.n, 32);         /* n */
    be256_add_small(vals[2], P.n, 1); /* n + 1 */
    memcpy(vals[3], P.p, 32);         /* p */
    memcpy(vals[4], FF32, 32);        /* 2^256 - 1 */
    unsigned char sig[64];
    CHECK_EQ(do_verify(KPUB, DG, 32, SIG, 64, 0, NULL), NBTLS_DONE);
    for (int i = 0; i < 5; i++) {
        for (int half = 0; half < 2; half++) {
            memcpy(sig, SIG, 64);
            memcpy(sig + 32 * half, vals[i], 32);
            CHECK_EQ(do_verify(KPUB, DG, 32, sig, 64, 0, NULL),
                     NBTLS_E_BAD_SIGNATURE);
            CHECK_EQ(do_verify(KPUB, DG, 32, sig, 64, 1, NULL),
                     NBTLS_E_BAD_SIGNATURE);
        }
        memcpy(sig, vals[i], 32);
        memcpy(sig + 32, vals[i], 32);
        CHECK_EQ(do_verify(KPUB, DG, 32, sig, 64, 0, NULL),
                 NBTLS_E_BAD_SIGNATURE);
    }
    /* r + n and s + n (they do not fit in 32 bytes here, so take the
     * values mod 2^256: they are still out of range or wrong) */
    memcpy(sig, SIG, 64);
    be256_add(sig, SIG, P.n);
    CHECK_EQ(do_verify(KPUB, DG, 32, sig, 64, 0, NULL), NBTLS_E_BAD_SIGNATURE);
    /* (r, n - s) is the other valid signature: no low-s rule */
    memcpy(sig, SIG, 32);
    be256_sub(sig + 32, P.n, SIG + 32);
    CHECK_EQ(do_verify(KPUB, DG, 32, sig, 64, 0, NULL), NBTLS_DONE);
    /* (n - r, s) is not */
    be256_sub(sig, P.n, SIG);
    memcpy(sig + 32, SIG + 32, 32);
    CHECK_EQ(do_verify(KPUB, DG, 32, sig, 64, 0, NULL), NBTLS_E_BAD_SIGNATURE);
    /* every single bit flip of the signature is rejected (a sample) */
    for (int bit = 0; bit < 512; bit += 7) {
        memcpy(sig, SIG, 64);
        sig[bit / 8] ^= (unsigned char)(1u << (bit % 8));
        CHECK_EQ(do_verify(KPUB, DG, 32, sig, 64, 0, NULL),
                 NBTLS_E_BAD_SIGNATURE);
    }
    /* the signature of another key does not verify under this one */
    unsigned char other[32];
    memset(other, 0x42, 32);
    nbtls_key *k2 = key_priv(other);
    CHECK(k2 != NULL);
    CHECK_EQ(do_verify(k2, DG, 32, SIG, 64, 0, NULL), NBTLS_E_BAD_SIGNATURE);
    nbtls_key_free(k2);
    /* wrong lengths are INVALID_ARG at start, and no op is returned */
    static const size_t lens[] = {0, 1, 32, 63, 65, 72, 128};
    unsigned char big[128];
    memset(big, 1, sizeof big);
    for (size_t i = 0; i < (sizeof lens / sizeof lens[0]); i++) {
        nbtls_op *op = (nbtls_op *)&op;
        CHECK_EQ(nbtls_ecdsa_verify_start(&op, KPUB, DG, 32, big, lens[i]),
                 NBTLS_E_INVALID_ARG);
        CHECK(op == NULL);
    }
}

/* ---- arguments -------------------------------------------------------------
 */

static void test_arguments(void) {
    nbtls_key *k = NULL;
    nbtls_op *op = NULL;
    unsigned char out[80];
    size_t len = 0;
    const int IA = NBTLS_E_INVALID_ARG;

    CHECK_EQ(nbtls_key_p256_from_private(NULL, X), IA);
    CHECK_EQ(nbtls_key_p256_from_private(&k, NULL), IA);
    CHECK_EQ(nbtls_key_p256_from_public(NULL, U, 65), IA);
    CHECK_EQ(nbtls_key_p256_from_public(&k, NULL, 65), IA);
    CHECK_EQ(nbtls_key_p256_from_public(&k, NULL, 0), IA);
    /* a zero-length (non-NULL) encoding is a bad key (header: "every other
     * length is NBTLS_E_BAD_KEY") */
    k = (nbtls_key *)&k;
    CHECK_EQ(nbtls_key_p256_from_public(&k, U, 0), NBTLS_E_BAD_KEY);
    CHECK(k == NULL);
    CHECK_EQ(nbtls_key_export_private(NULL, out, 32, &len), IA);
    CHECK_EQ(nbtls_key_export_private(KPRIV, out, 32, NULL), IA);
    CHECK_EQ(nbtls_key_export_private(KPRIV, NULL, 32, &len), IA);
    CHECK_EQ(nbtls_key_export_public(NULL, out, 65, &len), IA);
    CHECK_EQ(nbtls_key_export_public(KPUB, out, 65, NULL), IA);
    CHECK_EQ(nbtls_key_export_public(KPUB, NULL, 65, &len), IA);
    CHECK_EQ(nbtls_key_type(NULL), IA);
    CHECK_EQ(nbtls_key_has_private(NULL), IA);
    nbtls_key_free(NULL);
    nbtls_op_free(NULL);

    CHECK_EQ(nbtls_p256_keygen_start(NULL, NULL, NULL), IA);
    CHECK_EQ(nbtls_p256_key_from_private_start(NULL, X), IA);
    CHECK_EQ(nbtls_p256_key_from_private_start(&op, NULL), IA);
    CHECK(op == NULL);

    CHECK_EQ(nbtls_ecdh_start(NULL, KPRIV, U, 65), IA);
    CHECK_EQ(nbtls_ecdh_start(&op, NULL, U, 65), IA);
    CHECK_EQ(nbtls_ecdh_start(&op, KPRIV, NULL, 65), IA);
    CHECK_EQ(nbtls_ecdh_start(&op, KPRIV, NULL, 0), IA);
    CHECK(op == NULL);
    /* lengths and the format byte of the peer are checked at start */
    static const size_t plens[] = {0, 1, 32, 34, 64, 66};
    for (size_t i = 0; i < (sizeof plens / sizeof plens[0]); i++) {
        op = (nbtls_op *)&op;
        CHECK_EQ(nbtls_ecdh_start(&op, KPRIV, U, plens[i]), NBTLS_E_BAD_KEY);
        CHECK(op == NULL);
    }
    static const unsigned char fmts[] = {0x00, 0x01, 0x05, 0x06, 0x07, 0xff};
    for (size_t i = 0; i < sizeof fmts; i++) {
        unsigned char peer[65];
        memcpy(peer, U, 65);
        peer[0] = fmts[i];
        op = (nbtls_op *)&op;
        CHECK_EQ(nbtls_ecdh_start(&op, KPRIV, peer, 65), NBTLS_E_BAD_KEY);
        CHECK(op == NULL);
    }
    op = NULL;

    CHECK_EQ(nbtls_ecdsa_sign_start(NULL, KPRIV, DG, 32, NULL, NULL), IA);
    CHECK_EQ(nbtls_ecdsa_sign_start(&op, NULL, DG, 32, NULL, NULL), IA);
    CHECK_EQ(nbtls_ecdsa_sign_start(&op, KPRIV, NULL, 32, NULL, NULL), IA);
    CHECK_EQ(nbtls_ecdsa_sign_start(&op, KPRIV, DG, 0, NULL, NULL), IA);
    CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(NULL, KPRIV, DG, 32), IA);
    CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, NULL, DG, 32), IA);
    CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, KPRIV, NULL, 32), IA);
    CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, KPRIV, DG, 0), IA);
    CHECK(op == NULL);
    CHECK_EQ(nbtls_ecdsa_verify_start(NULL, KPUB, DG, 32, SIG, 64), IA);
    CHECK_EQ(nbtls_ecdsa_verify_start(&op, NULL, DG, 32, SIG, 64), IA);
    CHECK_EQ(nbtls_ecdsa_verify_start(&op, KPUB, NULL, 32, SIG, 64), IA);
    CHECK_EQ(nbtls_ecdsa_verify_start(&op, KPUB, DG, 0, SIG, 64), IA);
    CHECK_EQ(nbtls_ecdsa_verify_start(&op, KPUB, DG, 32, NULL, 64), IA);
    CHECK_EQ(nbtls_ecdsa_verify_start(&op, KPUB, DG, 32, SIG, 0), IA);
    CHECK(op == NULL);
    /* the public-only key cannot sign (as export_private: BAD_KEY) */
    op = (nbtls_op *)&op;
    CHECK_EQ(nbtls_ecdsa_sign_start(&op, KPUB, DG, 32, NULL, NULL),
             NBTLS_E_BAD_KEY);
    CHECK(op == NULL);
    CHECK_EQ(nbtls_key_export_private(KPUB, out, 32, &len), NBTLS_E_BAD_KEY);

    CHECK_EQ(nbtls_op_poll(NULL, 0), IA);
    CHECK_EQ(nbtls_op_poll(NULL, 1), IA);
    CHECK_EQ(nbtls_op_result(NULL, out, 64, &len), IA);
    CHECK_EQ(nbtls_op_take_key(NULL, &k), IA);
    CHECK(nbtls_op_units(NULL) == 0);

    /* op_result / take_key with NULL outputs on a finished op */
    CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, KPRIV, DG, 32),
             NBTLS_DONE);
    if (op != NULL) {
        CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
        CHECK_EQ(nbtls_op_result(op, out, 64, NULL), IA);
        CHECK_EQ(nbtls_op_result(op, NULL, 64, &len), IA);
        nbtls_op_free(op);
        op = NULL;
    }
    CHECK_EQ(nbtls_p256_keygen_start(&op, NULL, NULL), NBTLS_DONE);
    if (op != NULL) {
        CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
        CHECK_EQ(nbtls_op_take_key(op, NULL), IA);
        /* the key is still there after the failed call */
        k = NULL;
        CHECK_EQ(nbtls_op_take_key(op, &k), NBTLS_DONE);
        CHECK(k != NULL);
        nbtls_key_free(k);
        nbtls_op_free(op);
        op = NULL;
    }
}

/* ---- buffers ---------------------------------------------------------------
 */

static void test_buffers(void) {
    unsigned char out[100];
    size_t len = 0;
    CHECK_EQ(nbtls_key_export_public(KPUB, out, 64, &len),
             NBTLS_E_BUFFER_TOO_SMALL);
    CHECK_EQ(len, 65);
    len = 0;
    CHECK_EQ(nbtls_key_export_public(KPUB, out, sizeof out, &len), NBTLS_DONE);
    CHECK_EQ(len, 65);
    CHECK_MEM(out, U, 65);
    len = 0;
    CHECK_EQ(nbtls_key_export_private(KPRIV, out, 31, &len),
             NBTLS_E_BUFFER_TOO_SMALL);
    CHECK_EQ(len, 32);
    len = 0;
    CHECK_EQ(nbtls_key_export_private(KPRIV, out, 0, &len),
             NBTLS_E_BUFFER_TOO_SMALL);
    CHECK_EQ(len, 32);

    nbtls_op *op = NULL;
    CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, KPRIV, DG, 32),
             NBTLS_DONE);
    if (op != NULL) {
        CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
        len = 0;
        CHECK_EQ(nbtls_op_result(op, out, 63, &len), NBTLS_E_BUFFER_TOO_SMALL);
        CHECK_EQ(len, 64);
        len = 0;
        CHECK_EQ(nbtls_op_result(op, out, sizeof out, &len), NBTLS_DONE);
        CHECK_EQ(len, 64);
        CHECK_MEM(out, SIG, 64);
        /* the result can be fetched again */
        memset(out, 0, sizeof out);
        CHECK_EQ(nbtls_op_result(op, out, 64, &len), NBTLS_DONE);
        CHECK_MEM(out, SIG, 64);
        nbtls_op_free(op);
        op = NULL;
    }
    CHECK_EQ(nbtls_ecdh_start(&op, KPRIV, U, 65), NBTLS_DONE);
    if (op != NULL) {
        CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
        len = 0;
        CHECK_EQ(nbtls_op_result(op, out, 31, &len), NBTLS_E_BUFFER_TOO_SMALL);
        CHECK_EQ(len, 32);
        CHECK_EQ(nbtls_op_result(op, out, 32, &len), NBTLS_DONE);
        CHECK_EQ(len, 32);
        nbtls_op_free(op);
    }
}

/* ---- states
 * ------------------------------------------------------------------ */

static void test_states(void) {
    unsigned char out[64];
    size_t len;
    nbtls_key *k = NULL;
    nbtls_op *op = NULL;
    const int BS = NBTLS_E_BAD_STATE;

    /* sign: result before DONE, take_key never */
    CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, KPRIV, DG, 32),
             NBTLS_DONE);
    if (op != NULL) {
        CHECK_EQ(nbtls_op_result(op, out, 64, &len), BS);
        CHECK_EQ(nbtls_op_take_key(op, &k), BS);
        CHECK_EQ(nbtls_op_poll(op, 1), NBTLS_IN_PROGRESS);
        CHECK_EQ(nbtls_op_result(op, out, 64, &len), BS);
        CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
        CHECK_EQ(nbtls_op_take_key(op, &k), BS);
        CHECK(k == NULL);
        CHECK_EQ(nbtls_op_result(op, out, 64, &len), NBTLS_DONE);
        nbtls_op_free(op);
        op = NULL;
    }
    /* keygen: take_key before DONE, twice; no byte result */
    test_rng rng = {12345, 0, 0};
    CHECK_EQ(nbtls_p256_keygen_start(&op, test_rng_fn, &rng), NBTLS_DONE);
    if (op != NULL) {
        CHECK_EQ(nbtls_op_take_key(op, &k), BS);
        CHECK_EQ(nbtls_op_result(op, out, 64, &len), BS);
        CHECK_EQ(nbtls_op_poll(op, 1), NBTLS_IN_PROGRESS);
        CHECK_EQ(nbtls_op_take_key(op, &k), BS);
        CHECK(k == NULL);
        CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
        CHECK_EQ(nbtls_op_result(op, out, 64, &len), BS);
        CHECK_EQ(nbtls_op_take_key(op, &k), NBTLS_DONE);
        CHECK(k != NULL);
        nbtls_key *k2 = NULL;
        CHECK_EQ(nbtls_op_take_key(op, &k2), BS);
        CHECK(k2 == NULL);
        nbtls_op_free(op); /* must not free the taken key */
        op = NULL;
        unsigned char pub[65];
        CHECK_EQ(key_pub_bytes(k, pub), 0);
        CHECK_EQ(nbtls_key_has_private(k), 1);
        nbtls_key_free(k);
        k = NULL;
    }
    /* key_from_private: same rules */
    CHECK_EQ(nbtls_p256_key_from_private_start(&op, X), NBTLS_DONE);
    if (op != NULL) {
        CHECK_EQ(nbtls_op_take_key(op, &k), BS);
        CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
        CHECK_EQ(nbtls_op_take_key(op, &k), NBTLS_DONE);
        CHECK_EQ(nbtls_op_take_key(op, &k), BS);
        nbtls_op_free(op);
        op = NULL;
        unsigned char pub[65];
        CHECK(k != NULL && key_pub_bytes(k, pub) == 0);
        CHECK_MEM(pub, U, 65);
        nbtls_key_free(k);
        k = NULL;
    }
    /* verify: no byte result, no key, even when valid */
    CHECK_EQ(nbtls_ecdsa_verify_start(&op, KPUB, DG, 32, SIG, 64), NBTLS_DONE);
    if (op != NULL) {
        CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
        CHECK_EQ(nbtls_op_result(op, out, 64, &len), BS);
        CHECK_EQ(nbtls_op_take_key(op, &k), BS);
        nbtls_op_free(op);
        op = NULL;
    }
    /* a failed op: sticky error, no result */
    unsigned char bad[64];
    memcpy(bad, SIG, 64);
    bad[10] ^= 1;
    CHECK_EQ(nbtls_ecdsa_verify_start(&op, KPUB, DG, 32, bad, 64), NBTLS_DONE);
    if (op != NULL) {
        CHECK_EQ(run_op(op, 1, 0, NULL), NBTLS_E_BAD_SIGNATURE);
        CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_E_BAD_SIGNATURE);
        CHECK_EQ(nbtls_op_poll(op, 1), NBTLS_E_BAD_SIGNATURE);
        CHECK_EQ(nbtls_op_result(op, out, 64, &len), BS);
        nbtls_op_free(op);
        op = NULL;
    }
    /* ECDH with an off-curve peer fails while polling (or at start) and the
     * failed op has no result */
    unsigned char peer[65];
    memcpy(peer, U, 65);
    peer[64] ^= 1;
    int rc = nbtls_ecdh_start(&op, KPRIV, peer, 65);
    CHECK(rc == NBTLS_DONE || rc == NBTLS_E_BAD_KEY);
    if (rc == NBTLS_DONE && op != NULL) {
        CHECK_EQ(run_op(op, 1, 0, NULL), NBTLS_E_BAD_KEY);
        CHECK_EQ(nbtls_op_result(op, out, 64, &len), BS);
        nbtls_op_free(op);
    }
}

/* ---- randomness ------------------------------------------------------------
 */

static void test_randomness(void) {
    nbtls_op *op = NULL;
    nbtls_key *k = NULL;
    unsigned long calls = 0;
    int rc;
    /* a failing generator: NBTLS_E_RNG from start or from poll, sticky */
    rc = nbtls_p256_keygen_start(&op, failing_rng_fn, &calls);
    if (rc == NBTLS_DONE) {
        CHECK_EQ(run_op(op, 1, 100000, NULL), NBTLS_E_RNG);
        CHECK_EQ(nbtls_op_take_key(op, &k), NBTLS_E_BAD_STATE);
        nbtls_op_free(op);
        op = NULL;
    } else {
        CHECK_EQ(rc, NBTLS_E_RNG);
        CHECK(op == NULL);
    }
    CHECK(calls >= 1);
    calls = 0;
    rc = nbtls_ecdsa_sign_start(&op, KPRIV, DG, 32, failing_rng_fn, &calls);
    if (rc == NBTLS_DONE) {
        CHECK_EQ(run_op(op, 1, 100000, NULL), NBTLS_E_RNG);
        unsigned char out[64];
        size_t len;
        CHECK_EQ(nbtls_op_result(op, out, 64, &len), NBTLS_E_BAD_STATE);
        nbtls_op_free(op);
        op = NULL;
    } else {
        CHECK_EQ(rc, NBTLS_E_RNG);
        CHECK(op == NULL);
    }
    CHECK(calls >= 1);

    /* keygen takes its scalar from the generator by rejection sampling:
     * 2^256-1, n and 0 are rejected, then X is taken */
    unsigned char stream[32 * 4];
    memcpy(stream, FF32, 32);
    memcpy(stream + 32, P.n, 32);
    memset(stream + 64, 0, 32);
    memcpy(stream + 96, X, 32);
    stream_rng s = {stream, sizeof stream, 0};
    rc = do_keygen(stream_rng_fn, &s, 1, &k, NULL);
    CHECK_EQ(rc, NBTLS_DONE);
    if (k != NULL) {
        unsigned char d[32], pub[65];
        CHECK_EQ(key_priv_bytes(k, d), 0);
        CHECK_MEM(d, X, 32);
        CHECK_EQ(key_pub_bytes(k, pub), 0);
        CHECK_MEM(pub, U, 65);
        nbtls_key_free(k);
        k = NULL;
    }
    CHECK_EQ(s.pos, sizeof stream);
    /* n - 1 is accepted as is */
    be256_sub_small(stream, P.n, 1);
    s.pos = 0;
    s.len = 32;
    CHECK_EQ(do_keygen(stream_rng_fn, &s, 0, &k, NULL), NBTLS_DONE);
    if (k != NULL) {
        unsigned char pub[65];
        CHECK_EQ(key_pub_bytes(k, pub), 0);
        CHECK_MEM(pub, P.neg_g, 65);
        nbtls_key_free(k);
        k = NULL;
    }
    /* a generator that only ever gives out-of-range values never yields a
     * key; polled a bounded number of times, then cancelled */
    s.data = FF32;
    s.len = 32;
    s.pos = 0;
    rc = nbtls_p256_keygen_start(&op, stream_rng_fn, &s);
    if (rc == NBTLS_DONE) {
        rc = run_op(op, 1, 2000, NULL);
        CHECK(rc != NBTLS_DONE);
        nbtls_op_free(op);
        op = NULL;
    }

    /* the OS generator: two keys differ */
    nbtls_key *k1 = NULL, *k2 = NULL;
    CHECK_EQ(do_keygen(NULL, NULL, 0, &k1, NULL), NBTLS_DONE);
    CHECK_EQ(do_keygen(NULL, NULL, 0, &k2, NULL), NBTLS_DONE);
    if (k1 != NULL && k2 != NULL) {
        unsigned char a[65], b[65];
        CHECK_EQ(key_pub_bytes(k1, a), 0);
        CHECK_EQ(key_pub_bytes(k2, b), 0);
        CHECK(memcmp(a, b, 65) != 0);
        /* and the keys work */
        unsigned char sig[64];
        CHECK_EQ(do_sign(k1, DG, 32, NULL, NULL, 0, sig, NULL), NBTLS_DONE);
        CHECK_EQ(do_verify(k1, DG, 32, sig, 64, 0, NULL), NBTLS_DONE);
        CHECK_EQ(do_verify(k2, DG, 32, sig, 64, 0, NULL),
                 NBTLS_E_BAD_SIGNATURE);
    }
    nbtls_key_free(k1);
    nbtls_key_free(k2);

    /* hedged signing: valid, not the deterministic signature, the same for
     * the same generator output, different for different output */
    unsigned char s1[64], s2[64], s3[64], s4[64];
    test_rng r1 = {777, 0, 0}, r2 = {777, 0, 0}, r3 = {778, 0, 0};
    CHECK_EQ(do_sign(KPRIV, DG, 32, test_rng_fn, &r1, 0, s1, NULL), NBTLS_DONE);
    CHECK_EQ(do_sign(KPRIV, DG, 32, test_rng_fn, &r2, 1, s2, NULL), NBTLS_DONE);
    CHECK_EQ(do_sign(KPRIV, DG, 32, test_rng_fn, &r3, 7, s3, NULL), NBTLS_DONE);
    CHECK(r1.bytes >= 32); /* 32 bytes of hedging */
    CHECK_MEM(s1, s2, 64);
    CHECK(memcmp(s1, s3, 64) != 0);
    CHECK(memcmp(s1, SIG, 64) != 0);
    CHECK_EQ(do_verify(KPUB, DG, 32, s1, 64, 0, NULL), NBTLS_DONE);
    CHECK_EQ(do_verify(KPUB, DG, 32, s3, 64, 0, NULL), NBTLS_DONE);
    /* an all-zero "random" input must still give a valid signature */
    static const unsigned char zeros[64] = {0};
    stream_rng z = {zeros, sizeof zeros, 0};
    CHECK_EQ(do_sign(KPRIV, DG, 32, stream_rng_fn, &z, 0, s4, NULL),
             NBTLS_DONE);
    CHECK_EQ(do_verify(KPUB, DG, 32, s4, 64, 0, NULL), NBTLS_DONE);
    /* a broken generator must not repeat a nonce: the same generator output
     * (constant zeros, or the same seed) with another digest or another
     * key gives another r (r repeating under one key leaks the key) */
    unsigned char dg2[32], r_seen[4][32];
    memcpy(dg2, DG, 32);
    dg2[5] ^= 0x80;
    z.pos = 0;
    CHECK_EQ(do_sign(KPRIV, dg2, 32, stream_rng_fn, &z, 0, s2, NULL),
             NBTLS_DONE);
    CHECK(memcmp(s4, s2, 32) != 0);
    CHECK_EQ(do_verify(KPUB, dg2, 32, s2, 64, 0, NULL), NBTLS_DONE);
    memcpy(r_seen[0], s4, 32);
    memcpy(r_seen[1], s2, 32);
    test_rng same1 = {4242, 0, 0}, same2 = {4242, 0, 0}, same3 = {4242, 0, 0};
    CHECK_EQ(do_sign(KPRIV, DG, 32, test_rng_fn, &same1, 0, s1, NULL),
             NBTLS_DONE);
    CHECK_EQ(do_sign(KPRIV, dg2, 32, test_rng_fn, &same2, 0, s2, NULL),
             NBTLS_DONE);
    CHECK(memcmp(s1, s2, 32) != 0);
    memcpy(r_seen[2], s1, 32);
    unsigned char other_d[32];
    memset(other_d, 0x3c, 32);
    nbtls_key *ko = key_priv(other_d);
    CHECK(ko != NULL);
    CHECK_EQ(do_sign(ko, DG, 32, test_rng_fn, &same3, 0, s3, NULL), NBTLS_DONE);
    CHECK(memcmp(s1, s3, 32) != 0);
    nbtls_key_free(ko);
    memcpy(r_seen[3], SIG, 32); /* the deterministic one */
    for (int i = 0; i < 4; i++)
        for (int j = 0; j < i; j++)
            CHECK(memcmp(r_seen[i], r_seen[j], 32) != 0);
    /* the OS generator: two hedged signatures differ, both valid */
    CHECK_EQ(do_sign(KPRIV, DG, 32, NULL, NULL, 0, s1, NULL), NBTLS_DONE);
    CHECK_EQ(do_sign(KPRIV, DG, 32, NULL, NULL, 0, s2, NULL), NBTLS_DONE);
    CHECK(memcmp(s1, s2, 64) != 0);
    CHECK_EQ(do_verify(KPUB, DG, 32, s1, 64, 0, NULL), NBTLS_DONE);
    CHECK_EQ(do_verify(KPUB, DG, 32, s2, 64, 0, NULL), NBTLS_DONE);
    /* keygen with a fixed generator is reproducible */
    test_rng g1 = {99, 0, 0}, g2 = {99, 0, 0};
    nbtls_key *ka = NULL, *kb = NULL;
    CHECK_EQ(do_keygen(test_rng_fn, &g1, 0, &ka, NULL), NBTLS_DONE);
    CHECK_EQ(do_keygen(test_rng_fn, &g2, 3, &kb, NULL), NBTLS_DONE);
    if (ka != NULL && kb != NULL) {
        unsigned char a[65], b[65], da[32];
        CHECK_EQ(key_pub_bytes(ka, a), 0);
        CHECK_EQ(key_pub_bytes(kb, b), 0);
        CHECK_MEM(a, b, 65);
        /* its public point is the one from_private computes */
        CHECK_EQ(key_priv_bytes(ka, da), 0);
        nbtls_key *kc = key_priv(da);
        CHECK(kc != NULL && key_pub_bytes(kc, b) == 0);
        CHECK_MEM(a, b, 65);
        nbtls_key_free(kc);
        /* the scalar is the generator's first 32 bytes (in range) */
        test_rng g3 = {99, 0, 0};
        unsigned char first[32];
        test_rng_fn(&g3, first, 32);
        CHECK_MEM(da, first, 32);
    }
    nbtls_key_free(ka);
    nbtls_key_free(kb);
}

/* ---- inputs are copied at start --------------------------------------------
 */

static void test_copies(void) {
    unsigned char dg[32], sig[64], out[64], peer[65], x[32];
    size_t len;
    nbtls_op *op = NULL;
    /* the digest buffer changes after start */
    memcpy(dg, DG, 32);
    CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, KPRIV, dg, 32),
             NBTLS_DONE);
    memset(dg, 0xAA, 32);
    if (op != NULL) {
        CHECK_EQ(run_op(op, 5, 0, NULL), NBTLS_DONE);
        CHECK_EQ(nbtls_op_result(op, out, 64, &len), NBTLS_DONE);
        CHECK_MEM(out, SIG, 64);
        nbtls_op_free(op);
        op = NULL;
    }
    /* digest and signature buffers change after verify start */
    memcpy(dg, DG, 32);
    memcpy(sig, SIG, 64);
    CHECK_EQ(nbtls_ecdsa_verify_start(&op, KPUB, dg, 32, sig, 64), NBTLS_DONE);
    memset(dg, 0, 32);
    memset(sig, 0, 64);
    if (op != NULL) {
        CHECK_EQ(run_op(op, 5, 0, NULL), NBTLS_DONE);
        nbtls_op_free(op);
        op = NULL;
    }
    /* the peer buffer changes after ECDH start */
    unsigned char want[32];
    CHECK_EQ(do_ecdh(KPRIV, U, 65, 0, want, NULL), NBTLS_DONE);
    memcpy(peer, U, 65);
    CHECK_EQ(nbtls_ecdh_start(&op, KPRIV, peer, 65), NBTLS_DONE);
    memset(peer, 0, 65);
    if (op != NULL) {
        CHECK_EQ(run_op(op, 5, 0, NULL), NBTLS_DONE);
        CHECK_EQ(nbtls_op_result(op, out, 32, &len), NBTLS_DONE);
        CHECK_MEM(out, want, 32);
        nbtls_op_free(op);
        op = NULL;
    }
    /* the private scalar buffer changes after key_from_private_start */
    memcpy(x, X, 32);
    CHECK_EQ(nbtls_p256_key_from_private_start(&op, x), NBTLS_DONE);
    memset(x, 0, 32);
    if (op != NULL) {
        nbtls_key *k = NULL;
        unsigned char pub[65];
        CHECK_EQ(run_op(op, 5, 0, NULL), NBTLS_DONE);
        CHECK_EQ(nbtls_op_take_key(op, &k), NBTLS_DONE);
        CHECK(k != NULL && key_pub_bytes(k, pub) == 0);
        CHECK_MEM(pub, U, 65);
        nbtls_key_free(k);
        nbtls_op_free(op);
        op = NULL;
    }
    /* the key itself is an input: freed right after start (the header:
     * start copies its inputs, the caller may free them right away) */
    nbtls_key *tmp = key_priv(X);
    CHECK(tmp != NULL);
    if (tmp != NULL) {
        CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, tmp, DG, 32),
                 NBTLS_DONE);
        nbtls_key_free(tmp);
        if (op != NULL) {
            CHECK_EQ(run_op(op, 5, 0, NULL), NBTLS_DONE);
            CHECK_EQ(nbtls_op_result(op, out, 64, &len), NBTLS_DONE);
            CHECK_MEM(out, SIG, 64);
            nbtls_op_free(op);
            op = NULL;
        }
    }
    /* one key shared by interleaved ops */
    nbtls_op *a = NULL, *b = NULL;
    CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&a, KPRIV, DG, 32),
             NBTLS_DONE);
    CHECK_EQ(nbtls_ecdsa_verify_start(&b, KPRIV, DG, 32, SIG, 64), NBTLS_DONE);
    if (a != NULL && b != NULL) {
        int ra = NBTLS_IN_PROGRESS, rb = NBTLS_IN_PROGRESS;
        while (ra == NBTLS_IN_PROGRESS || rb == NBTLS_IN_PROGRESS) {
            if (ra == NBTLS_IN_PROGRESS) ra = nbtls_op_poll(a, 2);
            if (rb == NBTLS_IN_PROGRESS) rb = nbtls_op_poll(b, 3);
        }
        CHECK_EQ(ra, NBTLS_DONE);
        CHECK_EQ(rb, NBTLS_DONE);
        CHECK_EQ(nbtls_op_result(a, out, 64, &len), NBTLS_DONE);
        CHECK_MEM(out, SIG, 64);
    }
    nbtls_op_free(a);
    nbtls_op_free(b);
}

/* ---- allocation failure ---------------------------------------------------
 */

static int g_fail_alloc;
static void *maybe_alloc(void *ctx, size_t n) {
    (void)ctx;
    return g_fail_alloc ? NULL : malloc(n);
}
static void plain_free(void *ctx, void *p) {
    (void)ctx;
    free(p);
}

static void test_no_memory(void) {
    /* no nbtls object exists here (called first) */
    CHECK_EQ(nbtls_set_allocator(maybe_alloc, plain_free, NULL), NBTLS_DONE);
    g_fail_alloc = 1;
    nbtls_key *k = (nbtls_key *)&k;
    nbtls_op *op = (nbtls_op *)&op;
    CHECK_EQ(nbtls_key_p256_from_private(&k, X), NBTLS_E_NO_MEMORY);
    CHECK(k == NULL);
    k = (nbtls_key *)&k;
    CHECK_EQ(nbtls_key_p256_from_public(&k, U, 65), NBTLS_E_NO_MEMORY);
    CHECK(k == NULL);
    CHECK_EQ(nbtls_p256_keygen_start(&op, NULL, NULL), NBTLS_E_NO_MEMORY);
    CHECK(op == NULL);
    op = (nbtls_op *)&op;
    CHECK_EQ(nbtls_p256_key_from_private_start(&op, X), NBTLS_E_NO_MEMORY);
    CHECK(op == NULL);
    g_fail_alloc = 0;
    nbtls_key *priv = key_priv(X);
    CHECK(priv != NULL);
    g_fail_alloc = 1;
    if (priv != NULL) {
        op = (nbtls_op *)&op;
        CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, priv, DG, 32),
                 NBTLS_E_NO_MEMORY);
        CHECK(op == NULL);
        op = (nbtls_op *)&op;
        CHECK_EQ(nbtls_ecdsa_sign_start(&op, priv, DG, 32, NULL, NULL),
                 NBTLS_E_NO_MEMORY);
        CHECK(op == NULL);
        op = (nbtls_op *)&op;
        CHECK_EQ(nbtls_ecdsa_verify_start(&op, priv, DG, 32, SIG, 64),
                 NBTLS_E_NO_MEMORY);
        CHECK(op == NULL);
        op = (nbtls_op *)&op;
        CHECK_EQ(nbtls_ecdh_start(&op, priv, U, 65), NBTLS_E_NO_MEMORY);
        CHECK(op == NULL);
    }
    g_fail_alloc = 0;
    nbtls_key_free(priv);
    CHECK_EQ(nbtls_set_allocator(NULL, NULL, NULL), NBTLS_DONE);
}

/* ---- odds and ends ----------------------------------------------------------
 */

/* An RNG that may only be called while the library is inside a start or
 * poll call (header: "only ever called from inside the start or poll call
 * that was given it"). */
static int g_inside, g_outside_calls;
static int guarded_rng(void *ctx, unsigned char *out, size_t len) {
    if (!g_inside) g_outside_calls++;
    return test_rng_fn(ctx, out, len);
}

static void test_misc(void) {
    /* the RNG is used only inside start/poll */
    test_rng r = {31337, 0, 0};
    nbtls_op *op = NULL;
    unsigned char out[64];
    size_t len;
    g_inside = 1;
    int rc = nbtls_ecdsa_sign_start(&op, KPRIV, DG, 32, guarded_rng, &r);
    g_inside = 0;
    CHECK_EQ(rc, NBTLS_DONE);
    while (rc == NBTLS_DONE || rc == NBTLS_IN_PROGRESS) {
        g_inside = 1;
        rc = nbtls_op_poll(op, 1);
        g_inside = 0;
        if (rc == NBTLS_DONE) break;
    }
    CHECK_EQ(rc, NBTLS_DONE);
    CHECK_EQ(nbtls_op_result(op, out, 64, &len), NBTLS_DONE);
    nbtls_op_free(op);
    op = NULL;
    g_inside = 1;
    rc = nbtls_p256_keygen_start(&op, guarded_rng, &r);
    g_inside = 0;
    CHECK_EQ(rc, NBTLS_DONE);
    nbtls_key *k = NULL;
    while (rc == NBTLS_DONE || rc == NBTLS_IN_PROGRESS) {
        g_inside = 1;
        rc = nbtls_op_poll(op, 1);
        g_inside = 0;
        if (rc == NBTLS_DONE) break;
    }
    CHECK_EQ(rc, NBTLS_DONE);
    CHECK_EQ(nbtls_op_take_key(op, &k), NBTLS_DONE);
    nbtls_op_free(op);
    op = NULL;
    CHECK(r.calls >= 2);
    CHECK_EQ(g_outside_calls, 0);
    /* a generated key is a P-256 key with its private half */
    CHECK_EQ(nbtls_key_type(k), NBTLS_KEY_P256);
    CHECK_EQ(nbtls_key_has_private(k), 1);
    nbtls_key_free(k);

    /* the largest budget finishes in one poll */
    CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, KPRIV, DG, 32),
             NBTLS_DONE);
    CHECK_EQ(nbtls_op_poll(op, UINT32_MAX), NBTLS_DONE);
    CHECK_EQ(nbtls_op_result(op, out, 64, &len), NBTLS_DONE);
    CHECK_MEM(out, SIG, 64);
    nbtls_op_free(op);
    op = NULL;

    /* a long digest (4 KiB; "any length >= 1"): only its leftmost 32
     * bytes enter e; it signs and verifies, and verifies as those 32 */
    static unsigned char big[4096];
    for (size_t i = 0; i < sizeof big; i++)
        big[i] = (unsigned char)(i * 13);
    unsigned char sig[64];
    CHECK_EQ(do_sign_det(KPRIV, big, sizeof big, 1, sig, NULL), NBTLS_DONE);
    CHECK_EQ(do_verify(KPUB, big, sizeof big, sig, 64, 0, NULL), NBTLS_DONE);
    CHECK_EQ(do_verify(KPUB, big, 32, sig, 64, 0, NULL), NBTLS_DONE);
    big[100] ^= 1; /* past the 32nd byte: no effect */
    CHECK_EQ(do_verify(KPUB, big, sizeof big, sig, 64, 0, NULL), NBTLS_DONE);
    big[31] ^= 1;
    CHECK_EQ(do_verify(KPUB, big, sizeof big, sig, 64, 0, NULL),
             NBTLS_E_BAD_SIGNATURE);
    CHECK_EQ(do_sign(KPRIV, big, sizeof big, NULL, NULL, 0, sig, NULL),
             NBTLS_DONE);
    CHECK_EQ(do_verify(KPUB, big, sizeof big, sig, 64, 0, NULL), NBTLS_DONE);

    /* ECDH with the generator as the peer gives the x of our own public
     * point; with -G the same x */
    unsigned char sec[32];
    CHECK_EQ(do_ecdh(KPRIV, P.g, 65, 0, sec, NULL), NBTLS_DONE);
    CHECK_MEM(sec, U + 1, 32);
    CHECK_EQ(do_ecdh(KPRIV, P.neg_g, 65, 3, sec, NULL), NBTLS_DONE);
    CHECK_MEM(sec, U + 1, 32);
    /* our own public point as the peer: symmetric in the two keys */
    unsigned char d2[32], q2[65], a[32], b[32];
    memset(d2, 0x61, 32);
    nbtls_key *k2 = key_priv(d2);
    CHECK(k2 != NULL && key_pub_bytes(k2, q2) == 0);
    CHECK_EQ(do_ecdh(KPRIV, q2, 65, 0, a, NULL), NBTLS_DONE);
    CHECK_EQ(do_ecdh(k2, U, 65, 0, b, NULL), NBTLS_DONE);
    CHECK_MEM(a, b, 32);
    /* compressed peer with the other parity: -Q gives the same x */
    unsigned char c[33];
    c[0] = (unsigned char)(3 - (q2[64] & 1));
    memcpy(c + 1, q2 + 1, 32);
    CHECK_EQ(do_ecdh(KPRIV, c, 33, 0, b, NULL), NBTLS_DONE);
    CHECK_MEM(a, b, 32);
    nbtls_key_free(k2);
}

int main(void) {
    CHECK_EQ(p256_params_load(&P), 0);
    CHECK_EQ(load_rfc6979(), 0);
    test_no_memory();
    KPRIV = key_priv(X);
    KPUB = key_pub(U, 65);
    CHECK(KPRIV != NULL);
    CHECK(KPUB != NULL);
    test_scalars();
    if (KPRIV != NULL && KPUB != NULL) {
        test_signature_values();
        test_arguments();
        test_buffers();
        test_states();
        test_randomness();
        test_copies();
        test_misc();
    }
    nbtls_key_free(KPRIV);
    nbtls_key_free(KPUB);
    return CHECK_DONE();
}
