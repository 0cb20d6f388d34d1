/*
 * Constant-time check (ctgrind style) of P-256 or P-384 keygen, signing and
 * ECDH: `ct_ec p256` and `ct_ec p384` (the ctests ct_p256 and ct_p384).
 * Built only with -DNBTLS_CTGRIND=ON and run under
 * `valgrind --error-exitcode=1 --track-origins=yes`: every secret is marked
 * undefined (NBTLS_CT_SECRET) right where it enters the library —
 *   - the private scalar: the 32- or 48-byte buffer given to
 *     nbtls_key_pXXX_from_private (so its range check is covered too), and,
 *     separately, the scalar inside an already-imported key (through the
 *     internal key struct, so an import that declassifies the scalar
 *     cannot hide what comes after);
 *   - every byte the RNG returns (keygen's candidate scalars, the bytes
 *     that hedge the signing nonce);
 * then each operation (signing both by digest and by the curve's
 * SignatureScheme over a message, ECDH with an uncompressed and a compressed
 * peer, keygen) runs to completion at budgets 0 and 1: the constant-time
 * window (k G, d Q), the sliced inversions (public exponents), the RFC 6979
 * HMAC_DRBG, the scalar arithmetic of s. Memcheck
 * reports any branch or memory index that depends on a secret. The library
 * itself declassifies (NBTLS_CT_PUBLIC) only what is public by design (the
 * public point, the signature, validity bits); this test declassifies the
 * ECDH secret itself before comparing it.
 * The companion ct_control must FAIL under valgrind: it proves the harness
 * reports a secret-dependent branch.
 */
#include "check.h"
#include "common/common.h"
#include "ct/ct_util.h"
#include "ec_curve.h"
#include "key/key.h"

static const ec_curve *C; /* the curve under test (argv[1]) */

/* The private scalar: its first C->scalar_len bytes (< n for both). */
static const unsigned char SCALAR[EC_MAX_SCALAR] = {
    0x3a, 0x51, 0x0b, 0x9c, 0x22, 0x7e, 0x41, 0xd5, 0x6f, 0x80, 0x13, 0xc4,
    0x9e, 0x27, 0x55, 0x02, 0xb8, 0x6d, 0x11, 0xe0, 0x4c, 0x93, 0x7a, 0x29,
    0xf1, 0x05, 0x66, 0xbd, 0x38, 0xca, 0x17, 0x84, 0x61, 0x0e, 0x9f, 0x27,
    0xd4, 0x33, 0x8b, 0x50, 0xc2, 0x7a, 0x19, 0xe6, 0x45, 0x0d, 0xb3, 0x72};

/* The private scalar inside a key of curve C (the internal key struct). */
static unsigned char *priv_of(nbtls_key *k) {
    return C == &EC_P256 ? k->u.p256.priv : k->u.p384.priv;
}

/* Sign with `k` (deterministic and hedged), at budgets 0 and 1; the
 * signature must verify. */
static void sign_with(const nbtls_key *k, const unsigned char *dg) {
    for (uint32_t budget = 0; budget <= 1; budget++) {
        for (int hedged = 0; hedged <= 1; hedged++) {
            nbtls_op *op = NULL;
            uint64_t seed = 7 + budget;
            int rc = hedged ? nbtls_ecdsa_sign_start(&op, k, dg, C->digest_len,
                                                     secret_rng, &seed)
                            : nbtls_ecdsa_sign_deterministic_start(
                                  &op, k, dg, C->digest_len);
            CHECK_EQ(rc, NBTLS_DONE);
            if (rc != NBTLS_DONE) continue;
            CHECK_EQ(run(op, budget), NBTLS_DONE);
            unsigned char sig[EC_MAX_SIG];
            size_t len = 0;
            CHECK_EQ(nbtls_op_result(op, sig, sizeof sig, &len), NBTLS_DONE);
            nbtls_op_free(op);
            /* the signature is public: verify it (branches on it) */
            CHECK_EQ(nbtls_ecdsa_verify_start(&op, k, dg, C->digest_len, sig,
                                              C->sig_len),
                     NBTLS_DONE);
            if (op != NULL) {
                CHECK_EQ(run(op, 0), NBTLS_DONE);
                nbtls_op_free(op);
            }
        }
    }
}

/* The scheme-based signature over a message (the key is copied into the
 * scheme op, then into the ECDSA op it runs in place). */
static void scheme_sign_with(const nbtls_key *k) {
    static const unsigned char msg[600] = {1, 2, 3};
    for (uint32_t budget = 0; budget <= 1; budget++) {
        nbtls_op *op = NULL;
        uint64_t seed = 11 + budget;
        CHECK_EQ(nbtls_sign_start(&op, k, C->scheme, msg, sizeof msg,
                                  secret_rng, &seed),
                 NBTLS_DONE);
        if (op == NULL) continue;
        CHECK_EQ(run(op, budget), NBTLS_DONE);
        unsigned char sig[NBTLS_SIGNATURE_MAX_LEN];
        size_t len = 0;
        CHECK_EQ(nbtls_op_result(op, sig, sizeof sig, &len), NBTLS_DONE);
        nbtls_op_free(op);
        CHECK_EQ(
            nbtls_verify_start(&op, k, C->scheme, msg, sizeof msg, sig, len),
            NBTLS_DONE);
        if (op != NULL) {
            CHECK_EQ(run(op, 0), NBTLS_DONE);
            nbtls_op_free(op);
        }
    }
}

int main(int argc, char **argv) {
    C = ec_curve_by_tag(argc > 1 ? argv[1] : NULL);
    if (C == NULL) {
        fprintf(stderr, "usage: ct_ec p256|p384\n");
        return 2;
    }
    printf("%s\n", C->name);
    const size_t L = C->scalar_len;
    unsigned char dg[EC_MAX_SCALAR], buf[EC_MAX_SCALAR], pub[EC_MAX_PUB],
        peer_pub[EC_MAX_PUB], s1[EC_MAX_SCALAR], s2[EC_MAX_SCALAR];
    size_t len;
    memset(dg, 0xd1, sizeof dg); /* the first C->digest_len bytes */

    /* 1. import from a secret buffer: range check + public point */
    memcpy(buf, SCALAR, L);
    NBTLS_CT_SECRET(buf, L);
    nbtls_key *k = NULL;
    CHECK_EQ(C->from_private(&k, buf), NBTLS_DONE);
    if (k == NULL) return CHECK_DONE();
    CHECK_EQ(nbtls_key_export_public(k, pub, sizeof pub, &len), NBTLS_DONE);
    CHECK(pub[0] == 4); /* public: a branch on it is fine */
    /* the import kept the scalar secret (did not declassify it) */
    int sec = all_secret(priv_of(k), L);
    CHECK(sec != 0);
    printf("under valgrind: %s\n", sec < 0 ? "no (checks are vacuous)" : "yes");
    /* the restartable import, budget 1 */
    nbtls_op *op = NULL;
    NBTLS_CT_SECRET(buf, L);
    CHECK_EQ(C->from_private_start(&op, buf), NBTLS_DONE);
    if (op != NULL) {
        CHECK_EQ(run(op, 1), NBTLS_DONE);
        nbtls_key *k2 = NULL;
        CHECK_EQ(nbtls_op_take_key(op, &k2), NBTLS_DONE);
        nbtls_op_free(op);
        nbtls_key_free(k2);
    }

    /* 2. re-poison the scalar inside the key, whatever the import did */
    NBTLS_CT_SECRET(priv_of(k), L);
    sign_with(k, dg);
    scheme_sign_with(k);
    CHECK(all_secret(priv_of(k), L) != 0); /* still secret */

    /* 3. ECDH with the secret scalar against a public peer */
    unsigned char pd[EC_MAX_SCALAR];
    memset(pd, 0x5a, L);
    nbtls_key *peer = NULL;
    CHECK_EQ(C->from_private(&peer, pd), NBTLS_DONE);
    if (peer != NULL) {
        CHECK_EQ(nbtls_key_export_public(peer, peer_pub, C->pub_len, &len),
                 NBTLS_DONE);
        for (uint32_t budget = 0; budget <= 1; budget++) {
            CHECK_EQ(nbtls_ecdh_start(&op, k, peer_pub, C->pub_len),
                     NBTLS_DONE);
            if (op == NULL) continue;
            CHECK_EQ(run(op, budget), NBTLS_DONE);
            CHECK_EQ(nbtls_op_result(op, budget ? s2 : s1, L, &len),
                     NBTLS_DONE);
            nbtls_op_free(op);
        }
        /* the shared secret is secret: declassify it here to compare */
        NBTLS_CT_PUBLIC(s1, L);
        NBTLS_CT_PUBLIC(s2, L);
        CHECK_MEM(s1, s2, L);
        /* the compressed form of the peer too */
        unsigned char c[1 + EC_MAX_SCALAR];
        c[0] = (unsigned char)(2 | (peer_pub[2 * L] & 1));
        memcpy(c + 1, peer_pub + 1, L);
        CHECK_EQ(nbtls_ecdh_start(&op, k, c, C->cpub_len), NBTLS_DONE);
        if (op != NULL) {
            CHECK_EQ(run(op, 1), NBTLS_DONE);
            nbtls_op_free(op);
        }
        nbtls_key_free(peer);
    }
    nbtls_key_free(k);

    /* 4. keygen with a secret RNG output, budgets 0 and 1; the new key
     * signs and does ECDH with its scalar still secret */
    for (uint32_t budget = 0; budget <= 1; budget++) {
        uint64_t seed = 99 + budget;
        CHECK_EQ(C->keygen_start(&op, secret_rng, &seed), NBTLS_DONE);
        if (op == NULL) continue;
        CHECK_EQ(run(op, budget), NBTLS_DONE);
        nbtls_key *g = NULL;
        CHECK_EQ(nbtls_op_take_key(op, &g), NBTLS_DONE);
        nbtls_op_free(op);
        if (g == NULL) continue;
        CHECK_EQ(nbtls_key_export_public(g, pub, sizeof pub, &len), NBTLS_DONE);
        CHECK(pub[0] == 4);
        /* the generated scalar came from the secret RNG and stays secret */
        CHECK(all_secret(priv_of(g), L) != 0);
        if (budget == 0) sign_with(g, dg);
        nbtls_key_free(g);
    }
    return CHECK_DONE();
}
