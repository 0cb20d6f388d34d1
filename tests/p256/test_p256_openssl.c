/*
 * Differential test against the `openssl` command (an independent
 * implementation), at test time, with random keys and digests:
 *   - public points: nbtls's d*G equals what openssl derives from the same
 *     scalar (SEC1 private key DER built here), and nbtls computes the
 *     public point of openssl-generated keys (genpkey) as openssl does;
 *   - openssl signs (pkeyutl -sign over a raw digest), nbtls verifies;
 *   - nbtls signs (hedged and deterministic), openssl verifies
 *     (pkeyutl -verify);
 *   - ECDH both ways (pkeyutl -derive).
 * Controls: a flipped bit makes each side reject (so the harness can fail).
 * Files live in a mkdtemp directory, removed at the end. Skips (exit 77)
 * with a message when the openssl command is missing.
 */
#define _DEFAULT_SOURCE 1 /* mkdtemp, popen */
#include <stdlib.h>
#include <stdio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "openssl_cmd.h"
#include "p256_util.h"

#define CASES 24

static const unsigned char OID_EC_P256[] = {/* params [0] { prime256v1 } */
                                            0xa0, 0x0a, 0x06, 0x08, 0x2a, 0x86,
                                            0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
static const unsigned char SPKI_PREFIX[] = {
    0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48,
    0xce, 0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48,
    0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00}; /* then the 65-byte point
                                                      */

/* SEC1 ECPrivateKey DER without the public key (openssl derives it). */
static int write_priv(const char *name, const unsigned char d[32]) {
    unsigned char der[51];
    size_t o = 0;
    der[o++] = 0x30;
    der[o++] = 49;
    der[o++] = 0x02;
    der[o++] = 0x01;
    der[o++] = 0x01;
    der[o++] = 0x04;
    der[o++] = 0x20;
    memcpy(der + o, d, 32);
    o += 32;
    memcpy(der + o, OID_EC_P256, sizeof OID_EC_P256);
    o += sizeof OID_EC_P256;
    return write_file(name, der, o);
}

static int write_pub(const char *name, const unsigned char q[65]) {
    unsigned char der[sizeof SPKI_PREFIX + 65];
    memcpy(der, SPKI_PREFIX, sizeof SPKI_PREFIX);
    memcpy(der + sizeof SPKI_PREFIX, q, 65);
    return write_file(name, der, sizeof der);
}

/* Read an SPKI DER written by openssl: the 65-byte point. */
static int read_pub(const char *name, unsigned char q[65]) {
    unsigned char der[200];
    long n = read_file(name, der, sizeof der);
    if (n != (long)sizeof SPKI_PREFIX + 65) return -1;
    if (memcmp(der, SPKI_PREFIX, sizeof SPKI_PREFIX) != 0) return -1;
    memcpy(q, der + sizeof SPKI_PREFIX, 65);
    return 0;
}

/* DER INTEGER of a 32-byte unsigned value. */
static size_t der_int(unsigned char *out, const unsigned char v[32]) {
    size_t i = 0;
    while (i < 31 && v[i] == 0)
        i++;
    size_t len = 32 - i, o = 0;
    int pad = (v[i] & 0x80) != 0;
    out[o++] = 0x02;
    out[o++] = (unsigned char)(len + (size_t)pad);
    if (pad) out[o++] = 0;
    memcpy(out + o, v + i, len);
    return o + len;
}

static size_t sig_to_der(unsigned char *der, const unsigned char sig[64]) {
    unsigned char body[80];
    size_t n = der_int(body, sig);
    n += der_int(body + n, sig + 32);
    der[0] = 0x30;
    der[1] = (unsigned char)n;
    memcpy(der + 2, body, n);
    return n + 2;
}

/* Strict parse of an ECDSA-Sig-Value into r || s; 0 on success. */
static int der_to_sig(const unsigned char *der, long len,
                      unsigned char sig[64]) {
    if (len < 8 || der[0] != 0x30 || der[1] != len - 2) return -1;
    long o = 2;
    memset(sig, 0, 64);
    for (int k = 0; k < 2; k++) {
        if (o + 2 > len || der[o] != 0x02) return -1;
        long l = der[o + 1];
        o += 2;
        if (l < 1 || o + l > len) return -1;
        const unsigned char *v = der + o;
        long vl = l;
        if (vl > 1 && v[0] == 0) {
            v++;
            vl--;
        }
        if (vl > 32) return -1;
        memcpy(sig + 32 * k + 32 - vl, v, (size_t)vl);
        o += l;
    }
    return o == len ? 0 : -1;
}

/* Find the private scalar and public point in openssl's PKCS#8 DER of a
 * P-256 key: ECPrivateKey { 02 01 01, 04 20 <d>, ..., a1 44 03 42 00 <Q> }. */
static int parse_pkcs8(const unsigned char *der, long len, unsigned char d[32],
                       unsigned char q[65]) {
    static const unsigned char dpre[] = {0x02, 0x01, 0x01, 0x04, 0x20};
    static const unsigned char qpre[] = {0xa1, 0x44, 0x03, 0x42, 0x00};
    int got = 0;
    for (long i = 0; i + 5 <= len; i++) {
        if (!(got & 1) && i + 5 + 32 <= len && memcmp(der + i, dpre, 5) == 0) {
            memcpy(d, der + i + 5, 32);
            got |= 1;
        }
        if (!(got & 2) && i + 5 + 65 <= len && memcmp(der + i, qpre, 5) == 0) {
            memcpy(q, der + i + 5, 65);
            got |= 2;
        }
    }
    return got == 3 ? 0 : -1;
}

static void random_scalar(test_rng *r, unsigned char d[32]) {
    test_rng_fn(r, d, 32);
    d[0] &= 0x7f; /* below n; never zero in practice, checked below */
    d[31] |= 1;
}

static const size_t DLENS[] = {32, 32, 20, 48, 64, 1, 28, 33};

int main(void) {
    int setup = osl_setup("p256");
    if (setup != 0) return setup;
    test_rng rng = {(uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32), 0, 0};
    printf("seed %llu, temp dir %s\n", (unsigned long long)rng.state, g_dir);

    int pub_ok = 0, o2n = 0, n2o = 0, ecdh = 0, controls = 0;
    for (int i = 0; i < CASES; i++) {
        unsigned char da[32], db[32], qa[65], qb[65], qo[65];
        unsigned char dg[64], sig[64], der[80], buf[200];
        size_t dlen = DLENS[i % (sizeof DLENS / sizeof DLENS[0])];
        random_scalar(&rng, da);
        random_scalar(&rng, db);
        test_rng_fn(&rng, dg, dlen);
        nbtls_key *ka = key_priv(da), *kb = key_priv(db);
        CHECK(ka != NULL && kb != NULL);
        if (ka == NULL || kb == NULL) {
            nbtls_key_free(ka);
            nbtls_key_free(kb);
            break;
        }
        CHECK_EQ(key_pub_bytes(ka, qa), 0);
        CHECK_EQ(key_pub_bytes(kb, qb), 0);
        CHECK_EQ(write_priv("a.der", da), 0);
        CHECK_EQ(write_priv("b.der", db), 0);
        CHECK_EQ(write_pub("apub.der", qa), 0);
        CHECK_EQ(write_pub("bpub.der", qb), 0);
        CHECK_EQ(write_file("dg", dg, dlen), 0);

        /* 1. the public point: openssl derives it from the same scalar */
        CHECK_EQ(openssl("pkey -inform DER -in a.der -pubout -outform DER "
                         "-out aq.der"),
                 0);
        if (read_pub("aq.der", qo) == 0 && memcmp(qo, qa, 65) == 0)
            pub_ok++;
        else
            CHECK(0);

        /* 2. openssl signs, nbtls verifies */
        CHECK_EQ(openssl("pkeyutl -sign -inkey a.der -keyform DER -in dg "
                         "-out osig.der"),
                 0);
        long n = read_file("osig.der", buf, sizeof buf);
        CHECK_EQ(der_to_sig(buf, n, sig), 0);
        int rc = do_verify(ka, dg, dlen, sig, 64, 3, NULL);
        CHECK_EQ(rc, NBTLS_DONE);
        if (rc == NBTLS_DONE) o2n++;
        nbtls_key *pa = key_pub(qa, 65);
        CHECK(pa != NULL);
        CHECK_EQ(do_verify(pa, dg, dlen, sig, 64, 0, NULL), NBTLS_DONE);
        /* control: another digest is rejected */
        dg[0] ^= 0x01;
        CHECK_EQ(do_verify(pa, dg, dlen, sig, 64, 0, NULL),
                 NBTLS_E_BAD_SIGNATURE);
        dg[0] ^= 0x01;
        nbtls_key_free(pa);

        /* 3. nbtls signs (hedged on odd cases), openssl verifies; a digest
         * length of no supported hash is refused at start */
        if (!ecdsa_sign_len_ok(dlen)) {
            CHECK_EQ(do_sign(ka, dg, dlen, NULL, NULL, 5, sig, NULL),
                     NBTLS_E_INVALID_ARG);
            CHECK_EQ(do_sign_det(ka, dg, dlen, 5, sig, NULL),
                     NBTLS_E_INVALID_ARG);
            n2o++;
            controls++;
            goto ecdh;
        }
        if (i % 2)
            rc = do_sign(ka, dg, dlen, NULL, NULL, 5, sig, NULL);
        else
            rc = do_sign_det(ka, dg, dlen, 5, sig, NULL);
        CHECK_EQ(rc, NBTLS_DONE);
        size_t dl = sig_to_der(der, sig);
        CHECK_EQ(write_file("nsig.der", der, dl), 0);
        rc = openssl("pkeyutl -verify -pubin -inkey apub.der -keyform DER "
                     "-in dg -sigfile nsig.der");
        CHECK_EQ(rc, 0);
        if (rc == 0) n2o++;
        /* control: openssl rejects a tampered signature and another key */
        sig[17] ^= 0x40;
        dl = sig_to_der(der, sig);
        CHECK_EQ(write_file("bad.der", der, dl), 0);
        int c1 = openssl("pkeyutl -verify -pubin -inkey apub.der -keyform "
                         "DER -in dg -sigfile bad.der");
        int c2 = openssl("pkeyutl -verify -pubin -inkey bpub.der -keyform "
                         "DER -in dg -sigfile nsig.der");
        CHECK(c1 != 0);
        CHECK(c2 != 0);
        if (c1 != 0 && c2 != 0) controls++;

    ecdh:; /* (a label before a declaration) */
        /* 4. ECDH both ways */
        unsigned char s1[32], s2[32], so[64];
        CHECK_EQ(openssl("pkeyutl -derive -inkey a.der -keyform DER -peerkey "
                         "bpub.der -peerform DER -out ab.bin"),
                 0);
        CHECK_EQ(read_file("ab.bin", so, sizeof so), 32);
        unsigned char so2[64];
        CHECK_EQ(openssl("pkeyutl -derive -inkey b.der -keyform DER -peerkey "
                         "apub.der -peerform DER -out ba.bin"),
                 0);
        CHECK_EQ(read_file("ba.bin", so2, sizeof so2), 32);
        CHECK_MEM(so2, so, 32);
        CHECK_EQ(do_ecdh(kb, qa, 65, 4, s1, NULL), NBTLS_DONE);
        CHECK_EQ(do_ecdh(ka, qb, 65, 0, s2, NULL), NBTLS_DONE);
        CHECK_MEM(s1, so, 32);
        CHECK_MEM(s2, so, 32);
        if (memcmp(s1, so, 32) == 0 && memcmp(s2, so, 32) == 0) ecdh++;
        /* control: a different peer gives a different secret */
        CHECK_EQ(do_ecdh(ka, qa, 65, 0, s1, NULL), NBTLS_DONE);
        CHECK(memcmp(s1, so, 32) != 0);
        nbtls_key_free(ka);
        nbtls_key_free(kb);
    }

    /* 5. keys generated by openssl: nbtls derives the same public point,
     * signs for openssl, derives the same secret as openssl */
    for (int i = 0; i < 4; i++) {
        unsigned char der[200], d[32], q[65], mine[65], so[64], s[32];
        CHECK_EQ(openssl("genpkey -algorithm EC -pkeyopt "
                         "ec_paramgen_curve:P-256 -outform DER -out g.der"),
                 0);
        long n = read_file("g.der", der, sizeof der);
        CHECK_EQ(parse_pkcs8(der, n, d, q), 0);
        nbtls_key *k = key_priv(d);
        CHECK(k != NULL);
        if (k == NULL) continue;
        CHECK_EQ(key_pub_bytes(k, mine), 0);
        CHECK_MEM(mine, q, 65);
        /* nbtls's generated key against openssl's */
        nbtls_key *mk = NULL;
        CHECK_EQ(do_keygen(NULL, NULL, 2, &mk, NULL), NBTLS_DONE);
        if (mk != NULL) {
            CHECK_EQ(key_pub_bytes(mk, mine), 0);
            CHECK_EQ(write_pub("m.der", mine), 0);
            CHECK_EQ(openssl("pkeyutl -derive -inkey g.der -keyform DER "
                             "-peerkey m.der -peerform DER -out gm.bin"),
                     0);
            CHECK_EQ(read_file("gm.bin", so, sizeof so), 32);
            CHECK_EQ(do_ecdh(mk, q, 65, 0, s, NULL), NBTLS_DONE);
            CHECK_MEM(s, so, 32);
            nbtls_key_free(mk);
        }
        nbtls_key_free(k);
    }

    printf("openssl differential: %d/%d public points, %d/%d openssl->nbtls "
           "signatures, %d/%d nbtls->openssl signatures, %d/%d ECDH, %d/%d "
           "controls\n",
           pub_ok, CASES, o2n, CASES, n2o, CASES, ecdh, CASES, controls, CASES);
    CHECK_EQ(controls, CASES);
    CHECK_EQ(osl_teardown(), 0);
    return CHECK_DONE();
}
