/*
 * X25519 key objects and API contracts (public API):
 *   - export: the private key exports exactly the imported bytes (no
 *     clamping: 0xff..ff and 0x00..00 round-trip), the public key its u
 *     with the top bit cleared; a public-only key has no private part;
 *     buffer-too-small reports the size;
 *   - keygen: the private key is the RNG's 32 bytes, the public key equals
 *     from_private's, at budgets 0/1/7 with identical results, 273 units;
 *     a failing RNG is NBTLS_E_RNG at start; key taken only once;
 *   - ECDH: Alice/Bob agree on random keys; peer of length != 32 is
 *     NBTLS_E_BAD_KEY; a public-only key cannot do ECDH; an X25519 key is
 *     refused by ECDSA and a P-256 key still works with nbtls_ecdh_start;
 *     NULL arguments are NBTLS_E_INVALID_ARG;
 *   - the worst single poll at budget 1 is one unit.
 */
#include "check.h"
#include "x25519_util.h"

static void test_export(void) {
    unsigned char k[32], out[40];
    size_t len = 0;
    nbtls_key *key = NULL;
    for (int v = 0; v < 3; v++) {
        memset(k, v == 0 ? 0xff : v == 1 ? 0x00 : 0x5a, 32);
        CHECK_EQ(nbtls_key_x25519_from_private(&key, k), NBTLS_DONE);
        CHECK_EQ(nbtls_key_type(key), NBTLS_KEY_X25519);
        CHECK_EQ(nbtls_key_has_private(key), 1);
        CHECK_EQ(nbtls_key_export_private(key, out, sizeof out, &len),
                 NBTLS_DONE);
        CHECK_EQ(len, 32);
        CHECK_MEM(out, k, 32);
        CHECK_EQ(nbtls_key_export_private(key, out, 31, &len),
                 NBTLS_E_BUFFER_TOO_SMALL);
        CHECK_EQ(len, 32);
        CHECK_EQ(nbtls_key_export_public(key, out, sizeof out, &len),
                 NBTLS_DONE);
        CHECK_EQ(len, 32);
        CHECK_EQ(out[31] & 0x80, 0);
        nbtls_key_free(key);
        key = NULL;
    }
    /* public: top bit masked, everything else kept (u >= p too) */
    unsigned char u[32];
    memset(u, 0xff, 32);
    CHECK_EQ(nbtls_key_x25519_from_public(&key, u), NBTLS_DONE);
    CHECK_EQ(nbtls_key_has_private(key), 0);
    CHECK_EQ(nbtls_key_export_public(key, out, 32, &len), NBTLS_DONE);
    CHECK_EQ(out[31], 0x7f);
    CHECK_MEM(out, u, 31);
    CHECK_EQ(nbtls_key_export_private(key, out, 32, &len), NBTLS_E_BAD_KEY);
    /* a public-only key cannot do ECDH */
    nbtls_op *op = NULL;
    CHECK_EQ(nbtls_ecdh_start(&op, key, u, 32), NBTLS_E_BAD_KEY);
    CHECK(op == NULL);
    nbtls_key_free(key);
    CHECK_EQ(nbtls_key_x25519_from_public(NULL, u), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_key_x25519_from_public(&key, NULL), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_key_x25519_from_private(NULL, u), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_key_x25519_from_private(&key, NULL), NBTLS_E_INVALID_ARG);
}

static void test_keygen(void) {
    static const uint32_t budgets[] = {0, 1, 7};
    unsigned char first[32] = {0};
    for (size_t b = 0; b < 3; b++) {
        x_rng rng = {42, 0}, copy = {42, 0};
        unsigned char expect_priv[32], priv[32], pub[32], pub2[32];
        size_t len = 0;
        CHECK_EQ(x_rng_fn(&copy, expect_priv, 32), 0);
        nbtls_op *op = NULL;
        nbtls_key *key = NULL, *again = NULL;
        CHECK_EQ(nbtls_x25519_keygen_start(&op, x_rng_fn, &rng), NBTLS_DONE);
        uint64_t worst = 0;
        CHECK_EQ(x_run(op, budgets[b], &worst), NBTLS_DONE);
        CHECK_EQ(nbtls_op_units(op), 273);
        if (budgets[b] == 1) CHECK_EQ(worst, 1);
        CHECK_EQ(nbtls_op_take_key(op, &key), NBTLS_DONE);
        CHECK_EQ(nbtls_op_take_key(op, &again), NBTLS_E_BAD_STATE);
        size_t rlen = 0;
        CHECK_EQ(nbtls_op_result(op, priv, 32, &rlen), NBTLS_E_BAD_STATE);
        nbtls_op_free(op);
        CHECK_EQ(nbtls_key_type(key), NBTLS_KEY_X25519);
        CHECK_EQ(nbtls_key_export_private(key, priv, 32, &len), NBTLS_DONE);
        CHECK_MEM(priv, expect_priv, 32);
        CHECK_EQ(nbtls_key_export_public(key, pub, 32, &len), NBTLS_DONE);
        nbtls_key_free(key);
        CHECK_EQ(nbtls_key_x25519_from_private(&key, priv), NBTLS_DONE);
        CHECK_EQ(nbtls_key_export_public(key, pub2, 32, &len), NBTLS_DONE);
        CHECK_MEM(pub, pub2, 32);
        nbtls_key_free(key);
        if (b == 0) memcpy(first, pub, 32);
        CHECK_MEM(first, pub, 32);
    }
    x_rng bad = {1, 1};
    nbtls_op *op = (nbtls_op *)&bad;
    CHECK_EQ(nbtls_x25519_keygen_start(&op, x_rng_fn, &bad), NBTLS_E_RNG);
    CHECK(op == NULL);
    CHECK_EQ(nbtls_x25519_keygen_start(NULL, x_rng_fn, &bad),
             NBTLS_E_INVALID_ARG);
    /* NULL rng: the OS generator; two keys differ */
    nbtls_key *k1 = NULL, *k2 = NULL;
    unsigned char p1[32], p2[32];
    size_t len;
    CHECK_EQ(nbtls_x25519_keygen_start(&op, NULL, NULL), NBTLS_DONE);
    CHECK_EQ(x_run(op, 0, NULL), NBTLS_DONE);
    CHECK_EQ(nbtls_op_take_key(op, &k1), NBTLS_DONE);
    nbtls_op_free(op);
    CHECK_EQ(nbtls_x25519_keygen_start(&op, NULL, NULL), NBTLS_DONE);
    CHECK_EQ(x_run(op, 0, NULL), NBTLS_DONE);
    CHECK_EQ(nbtls_op_take_key(op, &k2), NBTLS_DONE);
    nbtls_op_free(op);
    CHECK_EQ(nbtls_key_export_public(k1, p1, 32, &len), NBTLS_DONE);
    CHECK_EQ(nbtls_key_export_public(k2, p2, 32, &len), NBTLS_DONE);
    CHECK(memcmp(p1, p2, 32) != 0);
    nbtls_key_free(k1);
    nbtls_key_free(k2);
}

static void test_ecdh(void) {
    x_rng rng = {7, 0};
    for (int i = 0; i < 8; i++) {
        unsigned char a[32], b[32], pa[32], pb[32], s1[32], s2[32];
        size_t len;
        nbtls_key *ka = NULL, *kb = NULL;
        CHECK_EQ(x_rng_fn(&rng, a, 32), 0);
        CHECK_EQ(x_rng_fn(&rng, b, 32), 0);
        CHECK_EQ(nbtls_key_x25519_from_private(&ka, a), NBTLS_DONE);
        CHECK_EQ(nbtls_key_x25519_from_private(&kb, b), NBTLS_DONE);
        CHECK_EQ(nbtls_key_export_public(ka, pa, 32, &len), NBTLS_DONE);
        CHECK_EQ(nbtls_key_export_public(kb, pb, 32, &len), NBTLS_DONE);
        CHECK_EQ(x_ecdh(a, pb, (uint32_t)i, s1, NULL), NBTLS_DONE);
        CHECK_EQ(x_ecdh(b, pa, (uint32_t)(7 - i), s2, NULL), NBTLS_DONE);
        CHECK_MEM(s1, s2, 32);
        nbtls_op *op = NULL;
        unsigned char big[33] = {0};
        memcpy(big, pb, 32);
        CHECK_EQ(nbtls_ecdh_start(&op, ka, big, 33), NBTLS_E_BAD_KEY);
        CHECK_EQ(nbtls_ecdh_start(&op, ka, big, 31), NBTLS_E_BAD_KEY);
        CHECK_EQ(nbtls_ecdh_start(&op, ka, big, 0), NBTLS_E_BAD_KEY);
        CHECK(op == NULL);
        CHECK_EQ(nbtls_ecdh_start(&op, ka, NULL, 32), NBTLS_E_INVALID_ARG);
        CHECK_EQ(nbtls_ecdh_start(NULL, ka, pb, 32), NBTLS_E_INVALID_ARG);
        /* result buffer too small */
        CHECK_EQ(nbtls_ecdh_start(&op, ka, pb, 32), NBTLS_DONE);
        CHECK_EQ(x_run(op, 0, NULL), NBTLS_DONE);
        len = 0;
        CHECK_EQ(nbtls_op_result(op, s1, 31, &len), NBTLS_E_BUFFER_TOO_SMALL);
        CHECK_EQ(len, 32);
        nbtls_key *none = NULL;
        CHECK_EQ(nbtls_op_take_key(op, &none), NBTLS_E_BAD_STATE);
        nbtls_op_free(op);
        /* not an ECDSA key */
        unsigned char dig[32] = {1}, sig[64] = {1};
        op = NULL;
        CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, ka, dig, 32),
                 NBTLS_E_BAD_KEY);
        CHECK_EQ(nbtls_ecdsa_verify_start(&op, ka, dig, 32, sig, 64),
                 NBTLS_E_BAD_KEY);
        nbtls_key_free(ka);
        nbtls_key_free(kb);
    }
    /* P-256 keys still take the P-256 path: a 32-byte peer is refused */
    unsigned char d[32] = {0};
    d[31] = 7;
    nbtls_key *p = NULL;
    nbtls_op *op = NULL;
    CHECK_EQ(nbtls_key_p256_from_private(&p, d), NBTLS_DONE);
    CHECK_EQ(nbtls_ecdh_start(&op, p, d, 32), NBTLS_E_BAD_KEY);
    nbtls_key_free(p);
}

int main(void) {
    test_export();
    test_keygen();
    test_ecdh();
    return CHECK_DONE();
}
