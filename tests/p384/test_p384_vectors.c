/*
 * RFC 6979 A.2.6 (P-384) vectors, exact match: U = xG; for each of the 10
 * (hash, message) pairs the deterministic signature of H(msg) equals the
 * RFC's (r, s) (the HMAC_DRBG hash follows the digest length), and it
 * verifies with the private and the public key; flipped bits in the used
 * digest, in r and in s are rejected; a hedged signature differs but
 * verifies. Digests are computed with the library's hash state (SHA-1 and
 * SHA-224 are internal-only there, so this is an open-box include).
 * The vectors are cross-checked against Python `cryptography` and the
 * openssl command by the ctest p384_vectors_crosscheck.
 */
#include "check.h"
#include "hash/hash.h"
#include "p384_util.h"

static int hash_alg(const char *name) {
    if (strcmp(name, "SHA-1") == 0) return NBTLS_HASH_INTERNAL_SHA1;
    if (strcmp(name, "SHA-224") == 0) return NBTLS_HASH_INTERNAL_SHA224;
    if (strcmp(name, "SHA-256") == 0) return NBTLS_SHA256;
    if (strcmp(name, "SHA-384") == 0) return NBTLS_SHA384;
    if (strcmp(name, "SHA-512") == 0) return NBTLS_SHA512;
    return -1;
}

int main(void) {
    static vec_rec recs[16];
    int n = vec_load(P384_VEC("p384_rfc6979.txt"), recs, 16);
    CHECK_EQ(n, 11);
    if (n != 11) return CHECK_DONE();
    unsigned char x[48], U[97], pub[97];
    CHECK_EQ(vec_hex(&recs[0], "x", x, 48), 48);
    U[0] = 4;
    CHECK_EQ(vec_hex(&recs[0], "Ux", U + 1, 48), 48);
    CHECK_EQ(vec_hex(&recs[0], "Uy", U + 49, 48), 48);
    nbtls_key *priv = ec_priv(&EC_P384, x);
    CHECK(priv != NULL);
    if (priv == NULL) return CHECK_DONE();
    CHECK_EQ(nbtls_key_type(priv), NBTLS_KEY_P384);
    CHECK_EQ(ec_pub_bytes(&EC_P384, priv, pub), 0);
    CHECK_MEM(pub, U, 97);
    nbtls_key *pubk = ec_pub(&EC_P384, U, 97);
    CHECK(pubk != NULL);
    unsigned char xo[48];
    size_t xl = 0;
    CHECK_EQ(nbtls_key_export_private(priv, xo, 48, &xl), NBTLS_DONE);
    CHECK(xl == 48 && memcmp(xo, x, 48) == 0);

    for (int i = 1; i < n; i++) {
        const char *hname = vec_get(&recs[i], "hash");
        const char *msg = vec_get(&recs[i], "msg");
        unsigned char want[96], sig[96], dg[64];
        CHECK(hname != NULL && msg != NULL);
        if (hname == NULL || msg == NULL) continue;
        CHECK_EQ(vec_hex(&recs[i], "r", want, 48), 48);
        CHECK_EQ(vec_hex(&recs[i], "s", want + 48, 48), 48);
        nbtls_hash_state h;
        int alg = hash_alg(hname);
        CHECK_EQ(nbtls_hash_state_init(&h, alg), NBTLS_DONE);
        nbtls_hash_state_update(&h, (const unsigned char *)msg, strlen(msg));
        size_t dl = nbtls_hash_state_len(alg);
        nbtls_hash_state_final(&h, dg);
        int rc =
            ec_sign_det(&EC_P384, priv, dg, dl, (uint32_t)(i % 3), sig, NULL);
        CHECK_EQ(rc, NBTLS_DONE);
        if (memcmp(sig, want, 96) != 0) {
            CHECK(0);
            fprintf(stderr, "RFC 6979 %s %s: signature differs\n", hname, msg);
        } else {
            CHECK(1);
        }
        nbtls_op *op = NULL;
        CHECK_EQ(nbtls_ecdsa_verify_start(&op, pubk, dg, dl, want, 96),
                 NBTLS_DONE);
        CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
        nbtls_op_free(op);
        CHECK_EQ(nbtls_ecdsa_verify_start(&op, priv, dg, dl, want, 96),
                 NBTLS_DONE);
        CHECK_EQ(run_op(op, 5, 0, NULL), NBTLS_DONE);
        nbtls_op_free(op);
        /* flipped digest bit, r bit, s bit */
        for (int f = 0; f < 3; f++) {
            unsigned char d2[64], s2[96];
            memcpy(d2, dg, dl);
            memcpy(s2, want, 96);
            if (f == 0) d2[(dl > 48 ? 48 : dl) - 1] ^= 0x10;
            if (f == 1) s2[20] ^= 0x01;
            if (f == 2) s2[95] ^= 0x80;
            CHECK_EQ(nbtls_ecdsa_verify_start(&op, pubk, d2, dl, s2, 96),
                     NBTLS_DONE);
            CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_E_BAD_SIGNATURE);
            nbtls_op_free(op);
        }
        if (dl > 48) { /* bits past the leftmost 384 are ignored */
            unsigned char d2[64];
            memcpy(d2, dg, dl);
            d2[dl - 1] ^= 0x10;
            CHECK_EQ(nbtls_ecdsa_verify_start(&op, pubk, d2, dl, want, 96),
                     NBTLS_DONE);
            CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
            nbtls_op_free(op);
        }
        /* hedged: different, valid */
        test_rng rng = {(uint64_t)i, 0, 0};
        CHECK_EQ(
            ec_sign(&EC_P384, priv, dg, dl, test_rng_fn, &rng, 0, sig, NULL),
            NBTLS_DONE);
        CHECK(memcmp(sig, want, 96) != 0);
        CHECK_EQ(rng.bytes, 32);
        CHECK_EQ(nbtls_ecdsa_verify_start(&op, pubk, dg, dl, sig, 96),
                 NBTLS_DONE);
        CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
        nbtls_op_free(op);
    }
    nbtls_key_free(priv);
    nbtls_key_free(pubk);
    return CHECK_DONE();
}
