/*
 * P-256 against published and independently generated vectors (closed box,
 * public API only):
 *   - RFC 6979 A.2.5: the key pair, and the exact deterministic signatures
 *     of "sample" and "test" with SHA-1/224/256/384/512 (20..64-byte
 *     digests: the truncation rule);
 *   - RFC 5903 8.1: both public points and the ECDH secret, both ways;
 *   - p256_ecdsa_digests.txt: cryptography/openssl signatures over 1..100
 *     byte digests (incl. s > n/2) verify; bit flips are rejected, except
 *     flips beyond the leftmost 32 bytes of a long digest (truncated away);
 *   - p256_points.txt: every valid/invalid SEC1 encoding, as a public key
 *     and as an ECDH peer;
 *   - p256_ecdsa_special.txt: R.x >= n (r = R.x - n valid, r = R.x not),
 *     doubling and infinity inside the verification equation, digests
 *     >= n, and exact deterministic signatures of edge digests.
 */
#include "check.h"
#include "p256_util.h"

static vec_rec recs[VEC_MAX_REC];

static void test_rfc6979(void) {
    int n = vec_load("p256_rfc6979.txt", recs, VEC_MAX_REC);
    CHECK_EQ(n, 11);
    if (n < 1) return;
    unsigned char x[32], u[65], got[65], d[32];
    CHECK_EQ(vec_hex(&recs[0], "x", x, 32), 32);
    u[0] = 4;
    CHECK_EQ(vec_hex(&recs[0], "Ux", u + 1, 32), 32);
    CHECK_EQ(vec_hex(&recs[0], "Uy", u + 33, 32), 32);

    nbtls_key *priv = NULL, *pub = NULL;
    CHECK_EQ(nbtls_key_p256_from_private(&priv, x), NBTLS_DONE);
    CHECK_EQ(nbtls_key_p256_from_public(&pub, u, 65), NBTLS_DONE);
    if (priv == NULL || pub == NULL) {
        nbtls_key_free(priv);
        nbtls_key_free(pub);
        return;
    }
    CHECK_EQ(nbtls_key_type(priv), NBTLS_KEY_P256);
    CHECK_EQ(nbtls_key_has_private(priv), 1);
    CHECK_EQ(nbtls_key_has_private(pub), 0);
    CHECK_EQ(key_pub_bytes(priv, got), 0);
    CHECK_MEM(got, u, 65); /* U = xG */
    CHECK_EQ(key_priv_bytes(priv, d), 0);
    CHECK_MEM(d, x, 32);

    /* the restartable import gives the same key */
    nbtls_key *priv2 = NULL;
    CHECK_EQ(do_from_private(x, 3, &priv2, NULL), NBTLS_DONE);
    if (priv2 != NULL) {
        CHECK_EQ(key_pub_bytes(priv2, got), 0);
        CHECK_MEM(got, u, 65);
        nbtls_key_free(priv2);
    }

    for (int i = 1; i < n; i++) {
        unsigned char digest[64], want[64], sig[64];
        long dl = vec_hex(&recs[i], "digest", digest, sizeof digest);
        CHECK(dl >= 20 && dl == atol(vec_get(&recs[i], "hash_len")));
        CHECK_EQ(vec_hex(&recs[i], "r", want, 32), 32);
        CHECK_EQ(vec_hex(&recs[i], "s", want + 32, 32), 32);
        if (dl < 1) continue;
        memset(sig, 0, sizeof sig);
        int rc = do_sign_det(priv, digest, (size_t)dl, 0, sig, NULL);
        CHECK_EQ(rc, NBTLS_DONE);
        if (memcmp(sig, want, 64) != 0) {
            fprintf(stderr, "RFC 6979 %s \"%s\": signature differs, got ",
                    vec_get(&recs[i], "hash"), vec_get(&recs[i], "msg"));
            for (int b = 0; b < 64; b++)
                fprintf(stderr, "%02X", sig[b]);
            fprintf(stderr, "\n");
        }
        CHECK_MEM(sig, want, 64);
        /* verifies with the public key and with the private key's half */
        CHECK_EQ(do_verify(pub, digest, (size_t)dl, want, 64, 0, NULL),
                 NBTLS_DONE);
        CHECK_EQ(do_verify(priv, digest, (size_t)dl, want, 64, 0, NULL),
                 NBTLS_DONE);
        /* a flipped digest bit in the used part, a flipped r bit, a flipped
         * s bit: all rejected */
        digest[dl > 32 ? 31 : dl - 1] ^= 0x01;
        CHECK_EQ(do_verify(pub, digest, (size_t)dl, want, 64, 0, NULL),
                 NBTLS_E_BAD_SIGNATURE);
        digest[dl > 32 ? 31 : dl - 1] ^= 0x01;
        want[0] ^= 0x80;
        CHECK_EQ(do_verify(pub, digest, (size_t)dl, want, 64, 0, NULL),
                 NBTLS_E_BAD_SIGNATURE);
        want[0] ^= 0x80;
        want[63] ^= 0x01;
        CHECK_EQ(do_verify(pub, digest, (size_t)dl, want, 64, 0, NULL),
                 NBTLS_E_BAD_SIGNATURE);
        want[63] ^= 0x01;
        /* the truncation rule (FIPS 186-5 6.4.1): e is the leftmost 256
         * bits of a long digest, the whole of a short one; so the signature
         * also verifies against the leftmost 32 bytes / the zero-padded
         * 32-byte form. (The nonce is not compared: RFC 6979 derives it
         * with HMAC over the message's own hash H.) */
        unsigned char alt[32];
        if (dl > 32) {
            memcpy(alt, digest, 32);
        } else {
            memset(alt, 0, 32);
            memcpy(alt + 32 - dl, digest, (size_t)dl);
        }
        CHECK_EQ(do_verify(pub, alt, 32, want, 64, 0, NULL), NBTLS_DONE);
        if (dl > 32) { /* bytes past the 32nd do not matter */
            digest[dl - 1] ^= 0xff;
            CHECK_EQ(do_verify(pub, digest, (size_t)dl, want, 64, 0, NULL),
                     NBTLS_DONE);
            digest[dl - 1] ^= 0xff;
        }
        /* the public-only key cannot sign */
        nbtls_op *op = (nbtls_op *)&op; /* non-NULL garbage */
        CHECK_EQ(
            nbtls_ecdsa_sign_deterministic_start(&op, pub, digest, (size_t)dl),
            NBTLS_E_BAD_KEY);
        CHECK(op == NULL);
    }
    nbtls_key_free(priv);
    nbtls_key_free(pub);
}

static void test_rfc5903(void) {
    int n = vec_load("p256_rfc5903.txt", recs, VEC_MAX_REC);
    CHECK_EQ(n, 1);
    if (n != 1) return;
    unsigned char i[32], r[32], gi[65], gr[65], girx[32], got[65], sec[32];
    CHECK_EQ(vec_hex(&recs[0], "i", i, 32), 32);
    CHECK_EQ(vec_hex(&recs[0], "r", r, 32), 32);
    gi[0] = gr[0] = 4;
    CHECK_EQ(vec_hex(&recs[0], "gix", gi + 1, 32), 32);
    CHECK_EQ(vec_hex(&recs[0], "giy", gi + 33, 32), 32);
    CHECK_EQ(vec_hex(&recs[0], "grx", gr + 1, 32), 32);
    CHECK_EQ(vec_hex(&recs[0], "gry", gr + 33, 32), 32);
    CHECK_EQ(vec_hex(&recs[0], "girx", girx, 32), 32);
    nbtls_key *ki = key_priv(i), *kr = key_priv(r);
    CHECK(ki != NULL && kr != NULL);
    if (ki == NULL || kr == NULL) {
        nbtls_key_free(ki);
        nbtls_key_free(kr);
        return;
    }
    CHECK_EQ(key_pub_bytes(ki, got), 0);
    CHECK_MEM(got, gi, 65);
    CHECK_EQ(key_pub_bytes(kr, got), 0);
    CHECK_MEM(got, gr, 65);
    memset(sec, 0, 32);
    CHECK_EQ(do_ecdh(ki, gr, 65, 0, sec, NULL), NBTLS_DONE);
    CHECK_MEM(sec, girx, 32);
    memset(sec, 0, 32);
    CHECK_EQ(do_ecdh(kr, gi, 65, 0, sec, NULL), NBTLS_DONE);
    CHECK_MEM(sec, girx, 32);
    /* the same with the peers' compressed forms */
    unsigned char c[33];
    c[0] = (unsigned char)(2 | (gr[64] & 1));
    memcpy(c + 1, gr + 1, 32);
    memset(sec, 0, 32);
    CHECK_EQ(do_ecdh(ki, c, 33, 0, sec, NULL), NBTLS_DONE);
    CHECK_MEM(sec, girx, 32);
    c[0] = (unsigned char)(2 | (gi[64] & 1));
    memcpy(c + 1, gi + 1, 32);
    memset(sec, 0, 32);
    CHECK_EQ(do_ecdh(kr, c, 33, 1, sec, NULL), NBTLS_DONE);
    CHECK_MEM(sec, girx, 32);
    /* the peer's negated point (other parity) gives the same x: -P has
     * the x of P, and so has d*(-P) = -(d*P) */
    c[0] ^= 1;
    memset(sec, 0, 32);
    CHECK_EQ(do_ecdh(kr, c, 33, 0, sec, NULL), NBTLS_DONE);
    CHECK_MEM(sec, girx, 32);
    /* a wrong y (off the curve) is refused */
    gi[64] ^= 1;
    CHECK_EQ(do_ecdh(kr, gi, 65, 0, sec, NULL), NBTLS_E_BAD_KEY);
    gi[64] ^= 1;
    /* a public-only key cannot do ECDH */
    nbtls_key *pub = key_pub(gi, 65);
    CHECK(pub != NULL);
    nbtls_op *op = (nbtls_op *)&op;
    CHECK_EQ(nbtls_ecdh_start(&op, pub, gr, 65), NBTLS_E_BAD_KEY);
    CHECK(op == NULL);
    nbtls_key_free(pub);
    nbtls_key_free(ki);
    nbtls_key_free(kr);
}

static void test_digest_lengths(void) {
    int n = vec_load("p256_ecdsa_digests.txt", recs, VEC_MAX_REC);
    CHECK(n >= 17);
    if (n < 2) return;
    unsigned char q[65];
    CHECK_EQ(vec_hex(&recs[0], "Q", q, 65), 65);
    nbtls_key *pub = key_pub(q, 65);
    CHECK(pub != NULL);
    if (pub == NULL) return;
    int lens_seen = 0;
    for (int i = 1; i < n; i++) {
        unsigned char digest[128], sig[64];
        long dl = vec_hex(&recs[i], "digest", digest, sizeof digest);
        CHECK(dl >= 1 && dl == atol(vec_get(&recs[i], "digest_len")));
        CHECK_EQ(vec_hex(&recs[i], "sig", sig, 64), 64);
        if (dl < 1) continue;
        lens_seen++;
        int rc = do_verify(pub, digest, (size_t)dl, sig, 64, 0, NULL);
        if (rc != NBTLS_DONE)
            fprintf(stderr, "digest_len %ld (%s): verify %d\n", dl,
                    vec_get(&recs[i], "signer"), rc);
        CHECK_EQ(rc, NBTLS_DONE);
        /* used digest bytes matter, unused ones do not: the first, the
         * middle, the last used (31) and the first unused (32), the last */
        const long probes[] = {0, dl / 2, 31, 32, dl - 1};
        for (size_t pi = 0; pi < sizeof probes / sizeof probes[0]; pi++) {
            long b = probes[pi];
            if (b >= dl) continue;
            digest[b] ^= 0x10;
            rc = do_verify(pub, digest, (size_t)dl, sig, 64, 0, NULL);
            CHECK_EQ(rc, b < 32 ? NBTLS_E_BAD_SIGNATURE : NBTLS_DONE);
            digest[b] ^= 0x10;
        }
        /* a flipped bit in each 8-byte word of the signature */
        for (int b = 0; b < 64; b += 8) {
            sig[b + 3] ^= 0x04;
            CHECK_EQ(do_verify(pub, digest, (size_t)dl, sig, 64, 0, NULL),
                     NBTLS_E_BAD_SIGNATURE);
            sig[b + 3] ^= 0x04;
        }
        /* r and s swapped */
        unsigned char sw[64];
        memcpy(sw, sig + 32, 32);
        memcpy(sw + 32, sig, 32);
        CHECK_EQ(do_verify(pub, digest, (size_t)dl, sw, 64, 0, NULL),
                 NBTLS_E_BAD_SIGNATURE);
    }
    CHECK_EQ(lens_seen, n - 1);
    nbtls_key_free(pub);

    /* The private key signs every one of these lengths that is a supported
     * hash's and the signature verifies (the openssl differential test
     * cross-checks the result); the other lengths are refused at start. */
    unsigned char d[32];
    CHECK_EQ(vec_hex(&recs[0], "d", d, 32), 32);
    nbtls_key *priv = key_priv(d);
    CHECK(priv != NULL);
    if (priv == NULL) return;
    unsigned char q2[65];
    CHECK_EQ(key_pub_bytes(priv, q2), 0);
    CHECK_MEM(q2, q, 65);
    for (int i = 1; i < n; i += 2) {
        unsigned char digest[128], sig[64];
        long dl = vec_hex(&recs[i], "digest", digest, sizeof digest);
        if (dl < 1) continue;
        if (!ecdsa_sign_len_ok((size_t)dl)) {
            CHECK_EQ(do_sign_det(priv, digest, (size_t)dl, 0, sig, NULL),
                     NBTLS_E_INVALID_ARG);
            continue;
        }
        CHECK_EQ(do_sign_det(priv, digest, (size_t)dl, 0, sig, NULL),
                 NBTLS_DONE);
        CHECK_EQ(do_verify(priv, digest, (size_t)dl, sig, 64, 0, NULL),
                 NBTLS_DONE);
    }
    nbtls_key_free(priv);
}

static void test_points(void) {
    int n = vec_load("p256_points.txt", recs, VEC_MAX_REC);
    CHECK(n >= 30);
    /* an ECDH key to try each encoding as a peer */
    unsigned char d[32];
    memset(d, 0x11, 32);
    nbtls_key *me = key_priv(d);
    CHECK(me != NULL);
    int valid = 0, invalid = 0;
    for (int i = 0; i < n; i++) {
        const char *name = vec_get(&recs[i], "name");
        unsigned char enc[80], full[65], got[65];
        long len = vec_hex(&recs[i], "sec1", enc, sizeof enc);
        CHECK(len >= 0);
        if (len < 0) continue;
        int want_valid = atoi(vec_get(&recs[i], "valid"));
        nbtls_key *k = (nbtls_key *)&k; /* non-NULL garbage */
        int rc = nbtls_key_p256_from_public(&k, enc, (size_t)len);
        if (want_valid) {
            valid++;
            CHECK_EQ(vec_hex(&recs[i], "uncompressed", full, 65), 65);
            if (rc != NBTLS_DONE) fprintf(stderr, "valid '%s': %d\n", name, rc);
            CHECK_EQ(rc, NBTLS_DONE);
            if (rc == NBTLS_DONE) {
                CHECK_EQ(key_pub_bytes(k, got), 0);
                CHECK_MEM(got, full, 65);
                CHECK_EQ(nbtls_key_has_private(k), 0);
                nbtls_key_free(k);
            }
        } else {
            invalid++;
            if (rc != NBTLS_E_BAD_KEY)
                fprintf(stderr, "invalid '%s': %d\n", name, rc);
            CHECK_EQ(rc, NBTLS_E_BAD_KEY);
            CHECK(k == NULL);
            if (rc == NBTLS_DONE) nbtls_key_free(k);
        }
        if (me == NULL) continue;
        /* as an ECDH peer: valid ones agree with their uncompressed form;
         * invalid ones fail with BAD_KEY at start or while polling */
        unsigned char s1[32], s2[32];
        rc = do_ecdh(me, enc, (size_t)len, 1, s1, NULL);
        if (want_valid) {
            CHECK_EQ(rc, NBTLS_DONE);
            CHECK_EQ(do_ecdh(me, full, 65, 0, s2, NULL), NBTLS_DONE);
            CHECK_MEM(s1, s2, 32);
        } else {
            if (rc != NBTLS_E_BAD_KEY)
                fprintf(stderr, "invalid peer '%s': %d\n", name, rc);
            CHECK_EQ(rc, NBTLS_E_BAD_KEY);
        }
    }
    CHECK(valid >= 6);
    CHECK(invalid >= 25);
    nbtls_key_free(me);
}

/* Verification corners (R.x >= n, doubling and infinity inside the
 * verification equation, digests >= n) and exact deterministic signatures
 * of edge digests: p256_ecdsa_special.txt. */
static void test_special(void) {
    int n = vec_load("p256_ecdsa_special.txt", recs, VEC_MAX_REC);
    CHECK(n >= 117);
    nbtls_key *det = NULL;
    int cases = 0, dets = 0;
    for (int i = 0; i < n; i++) {
        const char *name = vec_get(&recs[i], "name");
        unsigned char q[65], dg[32], sig[64], got[64];
        if (vec_get(&recs[i], "x") != NULL) {
            unsigned char x[32];
            CHECK_EQ(vec_hex(&recs[i], "x", x, 32), 32);
            CHECK_EQ(vec_hex(&recs[i], "Q", q, 65), 65);
            nbtls_key_free(det);
            det = key_priv(x);
            CHECK(det != NULL);
            continue;
        }
        CHECK_EQ(vec_hex(&recs[i], "digest", dg, 32), 32);
        CHECK_EQ(vec_hex(&recs[i], "sig", sig, 64), 64);
        const char *valid = vec_get(&recs[i], "valid");
        if (valid != NULL) {
            CHECK_EQ(vec_hex(&recs[i], "Q", q, 65), 65);
            nbtls_key *k = key_pub(q, 65);
            CHECK(k != NULL);
            if (k == NULL) continue;
            int want = atoi(valid) ? NBTLS_DONE : NBTLS_E_BAD_SIGNATURE;
            for (uint32_t budget = 0; budget <= 1; budget++) {
                int rc = do_verify(k, dg, 32, sig, 64, budget, NULL);
                if (rc != want)
                    fprintf(stderr, "special '%s' (budget %u): %d\n", name,
                            (unsigned)budget, rc);
                CHECK_EQ(rc, want);
            }
            nbtls_key_free(k);
            cases++;
        } else if (det != NULL) {
            memset(got, 0, sizeof got);
            CHECK_EQ(do_sign_det(det, dg, 32, 0, got, NULL), NBTLS_DONE);
            if (memcmp(got, sig, 64) != 0)
                fprintf(stderr, "special '%s': signature differs\n", name);
            CHECK_MEM(got, sig, 64);
            CHECK_EQ(do_verify(det, dg, 32, sig, 64, 0, NULL), NBTLS_DONE);
            dets++;
        }
    }
    CHECK(cases >= 100);
    CHECK(dets >= 12);
    nbtls_key_free(det);
}

int main(void) {
    test_rfc6979();
    test_rfc5903();
    test_digest_lengths();
    test_points();
    test_special();
    return CHECK_DONE();
}
