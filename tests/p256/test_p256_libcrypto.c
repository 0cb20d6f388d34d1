/*
 * In-process differential test against OpenSSL's libcrypto (an independent
 * P-256), many random cases per run (built only when CMake finds
 * libcrypto). Scalars are drawn to stress the edges: uniform, small (many
 * leading zero bytes), just below n, with long runs of 0xff; digests of 1
 * to 64 bytes, some all-zero or all-0xff. Per case:
 *   - nbtls's public point of d equals EC_POINT_mul(d);
 *   - nbtls signs (deterministic and hedged), ECDSA_do_verify accepts;
 *   - ECDSA_do_sign signs, nbtls verifies; a flipped bit is rejected by both;
 *   - ECDH both ways equals ECDH_compute_key;
 *   - a random x with a 02/03 prefix, and a random (x, y): nbtls accepts
 *     exactly the encodings EC_POINT_oct2point accepts, and decompresses to
 *     the same point.
 * And structured scalars (2^k, 2^k - 1, n - 2^k for every k): public point
 * and ECDH as libcrypto computes them.
 * The low-level EC API is deprecated in OpenSSL 3 but still the simplest
 * independent oracle; its deprecation warnings are suppressed here only.
 */
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/ecdh.h>
#include <openssl/ecdsa.h>
#include <openssl/obj_mac.h>

#include "check.h"
#include "p256_util.h"

/* Sanitizer builds run the core ~20x slower: fewer cases there. */
#if defined(__SANITIZE_ADDRESS__)
#define SLOW_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLOW_BUILD 1
#endif
#endif
#ifndef SLOW_BUILD
#define SLOW_BUILD 0
#endif

static EC_GROUP *G;
static BN_CTX *CTX;
static p256_params PP;

static void rand_scalar(test_rng *r, unsigned char d[32], int mode) {
    test_rng_fn(r, d, 32);
    switch (mode % 5) {
    case 1: /* small: 1..30 leading zero bytes */
        memset(d, 0, 1 + (size_t)(d[31] % 30));
        break;
    case 2: /* n - small */ be256_sub_small(d, PP.n, 1 + d[0] % 200); break;
    case 3: /* long runs of 0xff (values that are >= n are redrawn) */
        memset(d + d[1] % 16, 0xff, 16);
        break;
    default: break;
    }
    unsigned char zero[32] = {0};
    if (memcmp(d, zero, 32) == 0 || be256_cmp(d, PP.n) >= 0) {
        memcpy(d, PP.n, 32);
        d[0] = 0x7f;
    }
}

/* EC_KEY with private scalar d (and its public point). */
static EC_KEY *ossl_key(const unsigned char d[32]) {
    EC_KEY *k = EC_KEY_new();
    BIGNUM *bn = BN_bin2bn(d, 32, NULL);
    EC_POINT *q = EC_POINT_new(G);
    if (k == NULL || bn == NULL || q == NULL || EC_KEY_set_group(k, G) != 1 ||
        EC_KEY_set_private_key(k, bn) != 1 ||
        EC_POINT_mul(G, q, bn, NULL, NULL, CTX) != 1 ||
        EC_KEY_set_public_key(k, q) != 1) {
        EC_KEY_free(k);
        k = NULL;
    }
    BN_free(bn);
    EC_POINT_free(q);
    return k;
}

static int ossl_pub(const EC_KEY *k, unsigned char out[65]) {
    return EC_POINT_point2oct(G, EC_KEY_get0_public_key(k),
                              POINT_CONVERSION_UNCOMPRESSED, out, 65, CTX) == 65
               ? 0
               : -1;
}

static ECDSA_SIG *to_ossl_sig(const unsigned char sig[64]) {
    ECDSA_SIG *s = ECDSA_SIG_new();
    BIGNUM *r = BN_bin2bn(sig, 32, NULL), *ss = BN_bin2bn(sig + 32, 32, NULL);
    if (s == NULL || r == NULL || ss == NULL || ECDSA_SIG_set0(s, r, ss) != 1) {
        ECDSA_SIG_free(s);
        BN_free(r);
        BN_free(ss);
        return NULL;
    }
    return s;
}

static int ossl_verify(const unsigned char *dg, size_t dl,
                       const unsigned char sig[64], EC_KEY *k) {
    ECDSA_SIG *s = to_ossl_sig(sig);
    int ok = s != NULL && ECDSA_do_verify(dg, (int)dl, s, k) == 1;
    ECDSA_SIG_free(s);
    return ok;
}

/* 1 if OpenSSL accepts the SEC1 encoding as a P-256 point (and then its
 * uncompressed form in full). */
static int ossl_decode(const unsigned char *enc, size_t len,
                       unsigned char full[65]) {
    EC_POINT *q = EC_POINT_new(G);
    int ok = q != NULL && EC_POINT_oct2point(G, q, enc, len, CTX) == 1 &&
             EC_POINT_point2oct(G, q, POINT_CONVERSION_UNCOMPRESSED, full, 65,
                                CTX) == 65;
    EC_POINT_free(q);
    return ok;
}

/* Structured scalars that stress window recodings and carries: 2^k,
 * 2^k - 1 and n - 2^k for every k, for the fixed-base (public point) and
 * the variable-base (ECDH) multiplications. */
static void structured_scalars(void) {
    unsigned char peer_d[32], peer_q[65];
    memset(peer_d, 0x5b, 32);
    nbtls_key *peer = key_priv(peer_d);
    EC_KEY *opeer = ossl_key(peer_d);
    CHECK(peer != NULL && opeer != NULL && key_pub_bytes(peer, peer_q) == 0);
    if (peer == NULL || opeer == NULL) {
        nbtls_key_free(peer);
        EC_KEY_free(opeer);
        return;
    }
    int bad = 0;
    for (int k = 0; k < 256; k++) {
        for (int form = 0; form < 3; form++) {
            unsigned char d[32], pow2[32] = {0};
            pow2[31 - k / 8] = (unsigned char)(1u << (k % 8));
            if (form == 0) {
                memcpy(d, pow2, 32);
            } else if (form == 1) {
                if (k == 0) continue; /* 2^0 - 1 = 0 */
                be256_sub_small(d, pow2, 1);
            } else {
                be256_sub(d, PP.n, pow2); /* n - 2^k */
            }
            if (be256_cmp(d, PP.n) >= 0) continue; /* 2^255.. >= n? no */
            nbtls_key *kn = key_priv(d);
            EC_KEY *ko = ossl_key(d);
            unsigned char qn[65], qo[65], sn[32], so[32];
            int ok = kn != NULL && ko != NULL && key_pub_bytes(kn, qn) == 0 &&
                     ossl_pub(ko, qo) == 0 && memcmp(qn, qo, 65) == 0;
            int with_ecdh = !SLOW_BUILD || k % 8 == form;
            ok = ok &&
                 (!with_ecdh ||
                  do_ecdh(kn, peer_q, 65, 0, sn, NULL) == NBTLS_DONE) &&
                 ECDH_compute_key(so, 32, EC_KEY_get0_public_key(opeer), ko,
                                  NULL) == 32 &&
                 (!with_ecdh || memcmp(sn, so, 32) == 0);
            if (!ok && bad++ < 5)
                fprintf(stderr, "structured scalar form %d, k = %d differs\n",
                        form, k);
            CHECK(ok);
            nbtls_key_free(kn);
            EC_KEY_free(ko);
        }
    }
    nbtls_key_free(peer);
    EC_KEY_free(opeer);
}

int main(int argc, char **argv) {
    int cases = argc > 1 ? atoi(argv[1]) : SLOW_BUILD ? 30 : 150;
    CHECK_EQ(p256_params_load(&PP), 0);
    G = EC_GROUP_new_by_curve_name(NID_X9_62_prime256v1);
    CTX = BN_CTX_new();
    CHECK(G != NULL && CTX != NULL);
    if (G == NULL || CTX == NULL) return CHECK_DONE();
    structured_scalars();
    test_rng rng = {0x5eed0000u + (uint64_t)cases, 0, 0};
    int agree_points = 0, valid_points = 0;
    for (int i = 0; i < cases; i++) {
        unsigned char da[32], db[32], dg[64], qa[65], qb[65], oq[65];
        unsigned char sig[64], s1[32], s2[32], so[32];
        rand_scalar(&rng, da, i);
        rand_scalar(&rng, db, i / 5);
        if (memcmp(da, db, 32) == 0) { /* two different keys: db - 1 */
            be256_sub_small(db, db, 1);
            unsigned char z[32] = {0};
            if (memcmp(db, z, 32) == 0) db[31] = 2;
        }
        size_t dl = 1 + (size_t)(test_rng_next64(&rng) % 64);
        test_rng_fn(&rng, dg, dl);
        if (i % 17 == 3) memset(dg, 0, dl);
        if (i % 17 == 4) memset(dg, 0xff, dl);
        nbtls_key *ka = key_priv(da), *kb = key_priv(db);
        EC_KEY *oa = ossl_key(da), *ob = ossl_key(db);
        CHECK(ka != NULL && kb != NULL && oa != NULL && ob != NULL);
        if (ka == NULL || kb == NULL || oa == NULL || ob == NULL) {
            nbtls_key_free(ka);
            nbtls_key_free(kb);
            EC_KEY_free(oa);
            EC_KEY_free(ob);
            break;
        }
        /* public points */
        CHECK_EQ(key_pub_bytes(ka, qa), 0);
        CHECK_EQ(key_pub_bytes(kb, qb), 0);
        CHECK_EQ(ossl_pub(oa, oq), 0);
        CHECK_MEM(qa, oq, 65);
        CHECK_EQ(ossl_pub(ob, oq), 0);
        CHECK_MEM(qb, oq, 65);

        /* nbtls signs (the digest lengths of supported hashes; others are
         * refused at start), OpenSSL verifies */
        size_t sl = dl; /* the signed digest's length */
        if (!ecdsa_sign_len_ok(dl)) {
            CHECK_EQ(do_sign_det(ka, dg, dl, 0, sig, NULL),
                     NBTLS_E_INVALID_ARG);
            CHECK_EQ(do_sign(ka, dg, dl, test_rng_fn, &rng, 0, sig, NULL),
                     NBTLS_E_INVALID_ARG);
            sl = dl < 32 ? 32 : 64;
            memset(dg + dl, 0x3c, sl - dl);
        }
        CHECK_EQ(do_sign_det(ka, dg, sl, (uint32_t)(i % 9), sig, NULL),
                 NBTLS_DONE);
        CHECK(ossl_verify(dg, sl, sig, oa));
        CHECK_EQ(do_sign(ka, dg, sl, test_rng_fn, &rng, 0, sig, NULL),
                 NBTLS_DONE);
        CHECK(ossl_verify(dg, sl, sig, oa));
        sig[i % 64] ^= (unsigned char)(1u << (i % 8));
        CHECK(!ossl_verify(dg, dl, sig, oa));
        CHECK_EQ(do_verify(ka, dg, dl, sig, 64, 0, NULL),
                 NBTLS_E_BAD_SIGNATURE);

        /* OpenSSL signs, nbtls verifies */
        ECDSA_SIG *os = ECDSA_do_sign(dg, (int)dl, oa);
        CHECK(os != NULL);
        if (os != NULL) {
            const BIGNUM *r, *s;
            ECDSA_SIG_get0(os, &r, &s);
            CHECK_EQ(BN_bn2binpad(r, sig, 32), 32);
            CHECK_EQ(BN_bn2binpad(s, sig + 32, 32), 32);
            ECDSA_SIG_free(os);
            CHECK_EQ(do_verify(ka, dg, dl, sig, 64, (uint32_t)(i % 5), NULL),
                     NBTLS_DONE);
            CHECK_EQ(do_verify(kb, dg, dl, sig, 64, 0, NULL),
                     NBTLS_E_BAD_SIGNATURE);
        }

        /* ECDH both ways */
        CHECK_EQ(ECDH_compute_key(so, 32, EC_KEY_get0_public_key(ob), oa, NULL),
                 32);
        CHECK_EQ(do_ecdh(ka, qb, 65, (uint32_t)(i % 3), s1, NULL), NBTLS_DONE);
        CHECK_EQ(do_ecdh(kb, qa, 65, 0, s2, NULL), NBTLS_DONE);
        CHECK_MEM(s1, so, 32);
        CHECK_MEM(s2, so, 32);

        /* decoding: a random x, compressed; a random (x, y); a real point
         * compressed */
        unsigned char enc[65], full_o[65], full_n[65];
        enc[0] = (unsigned char)(2 + i % 2);
        test_rng_fn(&rng, enc + 1, 32);
        if (i % 7 == 0) memset(enc + 1, 0xff, 4); /* often >= p */
        for (int form = 0; form < 3; form++) {
            size_t len = 33;
            if (form == 1) {
                enc[0] = 4;
                test_rng_fn(&rng, enc + 33, 32);
                len = 65;
            } else if (form == 2) {
                enc[0] = (unsigned char)(2 | (qa[64] & 1));
                memcpy(enc + 1, qa + 1, 32);
            }
            int ok_o = ossl_decode(enc, len, full_o);
            nbtls_key *pk = NULL;
            int rc = nbtls_key_p256_from_public(&pk, enc, len);
            CHECK_EQ(rc, ok_o ? NBTLS_DONE : NBTLS_E_BAD_KEY);
            if (rc == NBTLS_DONE && ok_o) {
                CHECK_EQ(key_pub_bytes(pk, full_n), 0);
                CHECK_MEM(full_n, full_o, 65);
                valid_points++;
            }
            if ((rc == NBTLS_DONE) == ok_o) agree_points++;
            nbtls_key_free(pk);
            /* the same bytes as an ECDH peer */
            int erc = do_ecdh(ka, enc, len, 0, s1, NULL);
            CHECK_EQ(erc, ok_o ? NBTLS_DONE : NBTLS_E_BAD_KEY);
        }
        nbtls_key_free(ka);
        nbtls_key_free(kb);
        EC_KEY_free(oa);
        EC_KEY_free(ob);
    }
    printf("%d cases against libcrypto; point decoding agreed %d/%d times "
           "(%d valid)\n",
           cases, agree_points, 3 * cases, valid_points);
    CHECK(valid_points > cases); /* both valid and invalid were seen */
    CHECK(valid_points < 3 * cases);
    BN_CTX_free(CTX);
    EC_GROUP_free(G);
    return CHECK_DONE();
}
