/*
 * Constant-time check (ctgrind style) of P-384 keygen, signing and ECDH,
 * the P-384 twin of ct_p256.c. Built only with -DNBTLS_CTGRIND=ON and run
 * under `valgrind --error-exitcode=1 --track-origins=yes`: every secret is
 * marked undefined (NBTLS_CT_SECRET) where it enters the library —
 *   - the private scalar: the 48-byte buffer given to
 *     nbtls_key_p384_from_private (its range check is covered too) and,
 *     separately, the scalar inside the imported key (re-poisoned through
 *     the internal key struct);
 *   - every byte the RNG returns (keygen's candidate scalars, the 32 bytes
 *     that hedge the signing nonce);
 * then each operation runs to completion at budgets 0 and 1: the
 * constant-time window (k G, d Q), the sliced inversions (public
 * exponents), RFC 6979 HMAC_DRBG, the scalar arithmetic of s. Memcheck
 * reports any branch or memory index that depends on a secret. The library
 * declassifies only what is public by design (public point, signature,
 * validity bits); this test declassifies the ECDH secret before comparing.
 * Signing is checked by digest and by SignatureScheme over a message
 * (nbtls_sign_start, ecdsa_secp384r1_sha384).
 */
#include "check.h"
#include "common/common.h"
#include "key/key.h"

#include <valgrind/memcheck.h>

/* 1 if every bit of p[0..len) is undefined (secret) for memcheck, 0 if
 * not, -1 when not running under valgrind. Reports no error itself. */
static int all_secret(const void *p, size_t len) {
    unsigned char vbits[64];
    if (!RUNNING_ON_VALGRIND || len > sizeof vbits) return -1;
    if (VALGRIND_GET_VBITS(p, vbits, len) != 1) return -1;
    for (size_t i = 0; i < len; i++)
        if (vbits[i] != 0xff) return 0;
    return 1;
}

static const unsigned char SCALAR[48] = {
    0x3a, 0x51, 0x0b, 0x9c, 0x22, 0x7e, 0x41, 0xd5, 0x6f, 0x80, 0x13, 0xc4,
    0x9e, 0x27, 0x55, 0x02, 0xb8, 0x6d, 0x11, 0xe0, 0x4c, 0x93, 0x7a, 0x29,
    0xf1, 0x05, 0x66, 0xbd, 0x38, 0xca, 0x17, 0x84, 0x61, 0x0e, 0x9f, 0x27,
    0xd4, 0x33, 0x8b, 0x50, 0xc2, 0x7a, 0x19, 0xe6, 0x45, 0x0d, 0xb3, 0x72};

/* A deterministic RNG whose output is secret. */
static int secret_rng(void *ctx, unsigned char *out, size_t len) {
    uint64_t *s = (uint64_t *)ctx;
    for (size_t i = 0; i < len; i++) {
        *s = *s * 6364136223846793005ull + 1442695040888963407ull;
        out[i] = (unsigned char)(*s >> 56);
    }
    NBTLS_CT_SECRET(out, len);
    return 0;
}

static int run(nbtls_op *op, uint32_t budget) {
    int rc;
    while ((rc = nbtls_op_poll(op, budget)) == NBTLS_IN_PROGRESS) {
    }
    return rc;
}

/* Sign with `k` (deterministic and hedged), at budgets 0 and 1; the
 * signature must verify. */
static void sign_with(const nbtls_key *k, const unsigned char *dg) {
    for (uint32_t budget = 0; budget <= 1; budget++) {
        for (int hedged = 0; hedged <= 1; hedged++) {
            nbtls_op *op = NULL;
            uint64_t seed = 7 + budget;
            int rc =
                hedged
                    ? nbtls_ecdsa_sign_start(&op, k, dg, 48, secret_rng, &seed)
                    : nbtls_ecdsa_sign_deterministic_start(&op, k, dg, 48);
            CHECK_EQ(rc, NBTLS_DONE);
            if (rc != NBTLS_DONE) continue;
            CHECK_EQ(run(op, budget), NBTLS_DONE);
            unsigned char sig[96];
            size_t len = 0;
            CHECK_EQ(nbtls_op_result(op, sig, sizeof sig, &len), NBTLS_DONE);
            nbtls_op_free(op);
            /* the signature is public: verify it (branches on it) */
            CHECK_EQ(nbtls_ecdsa_verify_start(&op, k, dg, 48, sig, 96),
                     NBTLS_DONE);
            if (op != NULL) {
                CHECK_EQ(run(op, 0), NBTLS_DONE);
                nbtls_op_free(op);
            }
        }
    }
}

/* The scheme-based signature over a message (ecdsa_secp384r1_sha384: the
 * key is copied into the scheme op, then into the ECDSA op it runs in
 * place). */
static void scheme_sign_with(const nbtls_key *k) {
    static const unsigned char msg[600] = {1, 2, 3};
    for (uint32_t budget = 0; budget <= 1; budget++) {
        nbtls_op *op = NULL;
        uint64_t seed = 11 + budget;
        CHECK_EQ(nbtls_sign_start(&op, k, NBTLS_SIG_ECDSA_SECP384R1_SHA384, msg,
                                  sizeof msg, secret_rng, &seed),
                 NBTLS_DONE);
        if (op == NULL) continue;
        CHECK_EQ(run(op, budget), NBTLS_DONE);
        unsigned char sig[NBTLS_SIGNATURE_MAX_LEN];
        size_t len = 0;
        CHECK_EQ(nbtls_op_result(op, sig, sizeof sig, &len), NBTLS_DONE);
        nbtls_op_free(op);
        CHECK_EQ(nbtls_verify_start(&op, k, NBTLS_SIG_ECDSA_SECP384R1_SHA384,
                                    msg, sizeof msg, sig, len),
                 NBTLS_DONE);
        if (op != NULL) {
            CHECK_EQ(run(op, 0), NBTLS_DONE);
            nbtls_op_free(op);
        }
    }
}

int main(void) {
    unsigned char dg[48], buf[48], pub[97], peer_pub[97], s1[48], s2[48];
    size_t len;
    memset(dg, 0xd1, sizeof dg);

    /* 1. import from a secret buffer: range check + public point */
    memcpy(buf, SCALAR, 48);
    NBTLS_CT_SECRET(buf, 48);
    nbtls_key *k = NULL;
    CHECK_EQ(nbtls_key_p384_from_private(&k, buf), NBTLS_DONE);
    if (k == NULL) return CHECK_DONE();
    CHECK_EQ(nbtls_key_export_public(k, pub, sizeof pub, &len), NBTLS_DONE);
    CHECK(pub[0] == 4); /* public: a branch on it is fine */
    /* the import kept the scalar secret (did not declassify it) */
    int sec = all_secret(k->u.p384.priv, 48);
    CHECK(sec != 0);
    printf("under valgrind: %s\n", sec < 0 ? "no (checks are vacuous)" : "yes");
    /* the restartable import, budget 1 */
    nbtls_op *op = NULL;
    NBTLS_CT_SECRET(buf, 48);
    CHECK_EQ(nbtls_p384_key_from_private_start(&op, buf), NBTLS_DONE);
    if (op != NULL) {
        CHECK_EQ(run(op, 1), NBTLS_DONE);
        nbtls_key *k2 = NULL;
        CHECK_EQ(nbtls_op_take_key(op, &k2), NBTLS_DONE);
        nbtls_op_free(op);
        nbtls_key_free(k2);
    }

    /* 2. re-poison the scalar inside the key, whatever the import did */
    NBTLS_CT_SECRET(k->u.p384.priv, sizeof k->u.p384.priv);
    sign_with(k, dg);
    scheme_sign_with(k);
    CHECK(all_secret(k->u.p384.priv, 48) != 0); /* still secret */

    /* 3. ECDH with the secret scalar against a public peer */
    unsigned char pd[48];
    memset(pd, 0x5a, 48);
    nbtls_key *peer = NULL;
    CHECK_EQ(nbtls_key_p384_from_private(&peer, pd), NBTLS_DONE);
    if (peer != NULL) {
        CHECK_EQ(nbtls_key_export_public(peer, peer_pub, 97, &len), NBTLS_DONE);
        for (uint32_t budget = 0; budget <= 1; budget++) {
            CHECK_EQ(nbtls_ecdh_start(&op, k, peer_pub, 97), NBTLS_DONE);
            if (op == NULL) continue;
            CHECK_EQ(run(op, budget), NBTLS_DONE);
            CHECK_EQ(nbtls_op_result(op, budget ? s2 : s1, 48, &len),
                     NBTLS_DONE);
            nbtls_op_free(op);
        }
        /* the shared secret is secret: declassify it here to compare */
        NBTLS_CT_PUBLIC(s1, 48);
        NBTLS_CT_PUBLIC(s2, 48);
        CHECK_MEM(s1, s2, 48);
        /* the compressed form of the peer too */
        unsigned char c[49];
        c[0] = (unsigned char)(2 | (peer_pub[96] & 1));
        memcpy(c + 1, peer_pub + 1, 48);
        CHECK_EQ(nbtls_ecdh_start(&op, k, c, 49), NBTLS_DONE);
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
        CHECK_EQ(nbtls_p384_keygen_start(&op, secret_rng, &seed), NBTLS_DONE);
        if (op == NULL) continue;
        CHECK_EQ(run(op, budget), NBTLS_DONE);
        nbtls_key *g = NULL;
        CHECK_EQ(nbtls_op_take_key(op, &g), NBTLS_DONE);
        nbtls_op_free(op);
        if (g == NULL) continue;
        CHECK_EQ(nbtls_key_export_public(g, pub, sizeof pub, &len), NBTLS_DONE);
        CHECK(pub[0] == 4);
        /* the generated scalar came from the secret RNG and stays secret */
        CHECK(all_secret(g->u.p384.priv, 48) != 0);
        if (budget == 0) sign_with(g, dg);
        nbtls_key_free(g);
    }
    return CHECK_DONE();
}
