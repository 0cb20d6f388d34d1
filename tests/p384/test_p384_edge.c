/*
 * P-384 edge cases (Wycheproof-style, rebuilt from SEC1 / FIPS 186-5):
 *   - private scalars 0, n, n+1, 2^384-1 rejected; 1 gives G, n-1 gives -G;
 *   - point encodings: every wrong length, format bytes 00/01/05/06/07 and
 *     02/03 at the uncompressed length (and 04 at the compressed one), the
 *     infinity byte, x >= p, y >= p, off-curve, compressed x >= p, both
 *     parities of compressed G, compressed non-residues (x values with no
 *     point: rejected, counted);
 *   - signatures: r or s = 0, n, n+1, 2^384-1 rejected; s and n - s (one of
 *     them > n/2) both valid; wrong signature lengths, key types;
 *   - ECDH with d = 1 and n - 1 gives x(Q); bad peers and key types;
 *   - keygen rejection sampling (a draw of n is skipped), failing RNGs.
 * G is the generator printed by `openssl ecparam -name secp384r1
 * -param_enc explicit -text` (also checked by the ctest p384_consts_check).
 */
#include "check.h"
#include "p384_util.h"

static const unsigned char GX[48] = {
    0xaa, 0x87, 0xca, 0x22, 0xbe, 0x8b, 0x05, 0x37, 0x8e, 0xb1, 0xc7, 0x1e,
    0xf3, 0x20, 0xad, 0x74, 0x6e, 0x1d, 0x3b, 0x62, 0x8b, 0xa7, 0x9b, 0x98,
    0x59, 0xf7, 0x41, 0xe0, 0x82, 0x54, 0x2a, 0x38, 0x55, 0x02, 0xf2, 0x5d,
    0xbf, 0x55, 0x29, 0x6c, 0x3a, 0x54, 0x5e, 0x38, 0x72, 0x76, 0x0a, 0xb7};
static const unsigned char GY[48] = {
    0x36, 0x17, 0xde, 0x4a, 0x96, 0x26, 0x2c, 0x6f, 0x5d, 0x9e, 0x98, 0xbf,
    0x92, 0x92, 0xdc, 0x29, 0xf8, 0xf4, 0x1d, 0xbd, 0x28, 0x9a, 0x14, 0x7c,
    0xe9, 0xda, 0x31, 0x13, 0xb5, 0xf0, 0xb8, 0xc0, 0x0a, 0x60, 0xb1, 0xce,
    0x1d, 0x7e, 0x81, 0x9d, 0x7a, 0x43, 0x1d, 0x7c, 0x90, 0xea, 0x0e, 0x5f};

static unsigned char G[97], NEG_G[97];

/* Verification at budget 3 (poll contract checked). */
static int verify(const nbtls_key *k, const unsigned char *dg, size_t dl,
                  const unsigned char *sig, size_t sl) {
    return ec_verify(k, dg, dl, sig, sl, 3, NULL);
}

/* from_public's status for an encoding (the key is freed). */
static int import_rc(const unsigned char *sec1, size_t len) {
    nbtls_key *k = NULL;
    int rc = nbtls_key_p384_from_public(&k, sec1, len);
    CHECK(rc == NBTLS_DONE ? k != NULL : k == NULL);
    nbtls_key_free(k);
    return rc;
}

static void scalars(void) {
    unsigned char d[48], pub[97];
    nbtls_key *k = NULL;
    memset(d, 0, 48);
    CHECK_EQ(nbtls_key_p384_from_private(&k, d), NBTLS_E_BAD_KEY);
    CHECK(k == NULL);
    CHECK_EQ(nbtls_key_p384_from_private(&k, P384_N), NBTLS_E_BAD_KEY);
    be384_add_small(d, P384_N, 1);
    CHECK_EQ(nbtls_key_p384_from_private(&k, d), NBTLS_E_BAD_KEY);
    memset(d, 0xff, 48);
    CHECK_EQ(nbtls_key_p384_from_private(&k, d), NBTLS_E_BAD_KEY);
    nbtls_op *op = NULL;
    CHECK_EQ(nbtls_p384_key_from_private_start(&op, d), NBTLS_E_BAD_KEY);
    CHECK(op == NULL);
    CHECK_EQ(nbtls_p384_key_from_private_start(&op, P384_N), NBTLS_E_BAD_KEY);
    /* 1 -> G, n-1 -> -G, 2 -> on the curve and neither */
    memset(d, 0, 48);
    d[47] = 1;
    k = ec_priv(&EC_P384, d);
    CHECK(k != NULL && ec_pub_bytes(&EC_P384, k, pub) == 0 &&
          !memcmp(pub, G, 97));
    nbtls_key_free(k);
    be384_add_small(d, P384_N, -1);
    k = ec_priv(&EC_P384, d);
    CHECK(k != NULL && ec_pub_bytes(&EC_P384, k, pub) == 0 &&
          !memcmp(pub, NEG_G, 97));
    nbtls_key_free(k);
    /* restartable form at budget 1 agrees */
    CHECK_EQ(ec_from_private(&EC_P384, d, 1, &k, NULL), NBTLS_DONE);
    CHECK(k != NULL && ec_pub_bytes(&EC_P384, k, pub) == 0 &&
          !memcmp(pub, NEG_G, 97));
    nbtls_key_free(k);
}

static void encodings(void) {
    unsigned char b[98];
    memcpy(b, G, 97);
    CHECK_EQ(import_rc(b, 97), NBTLS_DONE);
    static const size_t lens[] = {0, 1, 33, 48, 50, 65, 96, 98};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        b[97] = 0;
        CHECK_EQ(import_rc(b, lens[i]), NBTLS_E_BAD_KEY);
    }
    static const unsigned char bad_fmt[] = {0x00, 0x01, 0x02, 0x03,
                                            0x05, 0x06, 0x07, 0xff};
    for (size_t i = 0; i < sizeof bad_fmt; i++) {
        b[0] = bad_fmt[i];
        CHECK_EQ(import_rc(b, 97), NBTLS_E_BAD_KEY);
    }
    b[0] = 0x04; /* 04 at the compressed length */
    CHECK_EQ(import_rc(b, 49), NBTLS_E_BAD_KEY);
    b[0] = 0x00; /* the SEC1 infinity encoding */
    CHECK_EQ(import_rc(b, 1), NBTLS_E_BAD_KEY);
    /* (0, 0) and x, y >= p, off-curve */
    memset(b, 0, 97);
    b[0] = 4;
    CHECK_EQ(import_rc(b, 97), NBTLS_E_BAD_KEY);
    memcpy(b, G, 97);
    memcpy(b + 1, P384_P, 48);
    CHECK_EQ(import_rc(b, 97), NBTLS_E_BAD_KEY);
    memcpy(b, G, 97);
    be384_add_small(b + 1, GX, 0); /* x = Gx + p would overflow 2^384: */
    be384_sub(b + 49, P384_P, GY); /* use (Gx, p - Gy) = -G, valid, ... */
    CHECK_EQ(import_rc(b, 97), NBTLS_DONE);
    memcpy(b + 49, P384_P, 48); /* ... and y = p, invalid */
    CHECK_EQ(import_rc(b, 97), NBTLS_E_BAD_KEY);
    memset(b + 49, 0xff, 48); /* y = 2^384 - 1 */
    CHECK_EQ(import_rc(b, 97), NBTLS_E_BAD_KEY);
    memcpy(b, G, 97);
    b[96] ^= 1; /* off the curve */
    CHECK_EQ(import_rc(b, 97), NBTLS_E_BAD_KEY);
    /* compressed: both parities of G's x give G and -G */
    int gy_odd = GY[47] & 1;
    for (int par = 0; par < 2; par++) {
        nbtls_key *k = NULL;
        unsigned char pub[97];
        b[0] = (unsigned char)(0x02 + par);
        memcpy(b + 1, GX, 48);
        CHECK_EQ(nbtls_key_p384_from_public(&k, b, 49), NBTLS_DONE);
        CHECK(k != NULL && ec_pub_bytes(&EC_P384, k, pub) == 0);
        CHECK_MEM(pub, par == gy_odd ? G : NEG_G, 97);
        nbtls_key_free(k);
    }
    b[0] = 0x02;
    memcpy(b + 1, P384_P, 48); /* compressed x = p */
    CHECK_EQ(import_rc(b, 49), NBTLS_E_BAD_KEY);
    memset(b + 1, 0xff, 48);
    CHECK_EQ(import_rc(b, 49), NBTLS_E_BAD_KEY);
    /* x = 0..63: about half have no point (x^3 - 3x + b not a square).
     * Each accepted one must round-trip through the uncompressed form. */
    int rejected = 0;
    for (int x = 0; x < 64; x++) {
        nbtls_key *k = NULL;
        unsigned char pub[97];
        memset(b, 0, 49);
        b[0] = (unsigned char)(0x02 + (x & 1));
        b[48] = (unsigned char)x;
        int rc = nbtls_key_p384_from_public(&k, b, 49);
        if (rc == NBTLS_E_BAD_KEY) {
            rejected++;
            continue;
        }
        CHECK_EQ(rc, NBTLS_DONE);
        CHECK(k != NULL && ec_pub_bytes(&EC_P384, k, pub) == 0);
        CHECK(pub[96] % 2 == (x & 1) && pub[48] == x);
        CHECK_EQ(import_rc(pub, 97), NBTLS_DONE);
        nbtls_key_free(k);
    }
    CHECK(rejected > 8 && rejected < 56);
    printf("compressed x = 0..63: %d have no point\n", rejected);
}

static void signatures(void) {
    unsigned char d[48], dg[48], sig[96], bad[96];
    for (int i = 0; i < 48; i++) {
        d[i] = (unsigned char)(0x11 * i + 3);
        dg[i] = (unsigned char)(0x5a ^ i);
    }
    nbtls_key *k = ec_priv(&EC_P384, d);
    CHECK(k != NULL);
    if (k == NULL) return;
    CHECK_EQ(ec_sign_det(&EC_P384, k, dg, 48, 0, sig, NULL), NBTLS_DONE);
    CHECK_EQ(verify(k, dg, 48, sig, 96), NBTLS_DONE);
    /* s and n - s: both valid (one is > n/2) */
    memcpy(bad, sig, 96);
    be384_sub(bad + 48, P384_N, sig + 48);
    CHECK_EQ(verify(k, dg, 48, bad, 96), NBTLS_DONE);
    /* out-of-range r or s */
    unsigned char vals[4][48];
    memset(vals[0], 0, 48);
    memcpy(vals[1], P384_N, 48);
    be384_add_small(vals[2], P384_N, 1);
    memset(vals[3], 0xff, 48);
    for (int v = 0; v < 4; v++)
        for (int half = 0; half < 2; half++) {
            memcpy(bad, sig, 96);
            memcpy(bad + 48 * half, vals[v], 48);
            CHECK_EQ(verify(k, dg, 48, bad, 96), NBTLS_E_BAD_SIGNATURE);
        }
    /* r + n or s + n (same values mod n, out of range): rejected */
    memcpy(bad, sig, 96);
    unsigned char t[48];
    be384_sub(t, bad, P384_N); /* r - n mod 2^384 = r + (2^384 - n) */
    be384_sub(bad, t, P384_N); /* wraps: not r + n; just another value */
    CHECK_EQ(verify(k, dg, 48, bad, 96), NBTLS_E_BAD_SIGNATURE);
    /* lengths */
    CHECK(verify(k, dg, 48, sig, 95) < 0);
    CHECK(verify(k, dg, 48, sig, 64) < 0);
    CHECK(verify(k, dg, 0, sig, 96) < 0);
    /* digest longer than 48 bytes: only the leftmost 384 bits count */
    unsigned char dl[64];
    memcpy(dl, dg, 48);
    memset(dl + 48, 0xa5, 16);
    CHECK_EQ(verify(k, dl, 64, sig, 96), NBTLS_DONE);
    /* short digest: its integer value (zero-padded on the left) */
    unsigned char ds[48] = {0};
    ds[47] = 7;
    /* signing takes only the digest lengths of supported hashes */
    CHECK_EQ(ec_sign_det(&EC_P384, k, ds + 47, 1, 1, sig, NULL),
             NBTLS_E_INVALID_ARG);
    CHECK_EQ(ec_sign_det(&EC_P384, k, ds + 28, 20, 1, sig, NULL), NBTLS_DONE);
    CHECK_EQ(verify(k, ds + 28, 20, sig, 96), NBTLS_DONE);
    CHECK_EQ(verify(k, ds + 47, 1, sig, 96), NBTLS_DONE);
    ds[46] = 0; /* the same integer as a 2-byte digest */
    CHECK_EQ(verify(k, ds + 46, 2, sig, 96), NBTLS_DONE);
    /* public-only key cannot sign; wrong key types */
    unsigned char pub[97];
    CHECK_EQ(ec_pub_bytes(&EC_P384, k, pub), 0);
    nbtls_key *pk = ec_pub(&EC_P384, pub, 97);
    CHECK(pk != NULL);
    CHECK_EQ(nbtls_key_has_private(pk), 0);
    CHECK_EQ(ec_sign_det(&EC_P384, pk, dg, 48, 0, sig, NULL), NBTLS_E_BAD_KEY);
    unsigned char e[48];
    size_t el = 0;
    CHECK_EQ(nbtls_key_export_private(pk, e, 48, &el), NBTLS_E_BAD_KEY);
    CHECK_EQ(nbtls_key_export_private(k, e, 47, &el), NBTLS_E_BUFFER_TOO_SMALL);
    nbtls_key *k256 = NULL;
    unsigned char d256[32] = {0};
    d256[31] = 5;
    CHECK_EQ(nbtls_key_p256_from_private(&k256, d256), NBTLS_DONE);
    CHECK(verify(k256, dg, 48, sig, 96) < 0);
    /* hedged with a failing RNG */
    nbtls_op *op = NULL;
    CHECK_EQ(nbtls_ecdsa_sign_start(&op, k, dg, 48, failing_rng_fn, NULL),
             NBTLS_E_RNG);
    CHECK(op == NULL);
    /* ECDH: d = 1 and n - 1 give x(Q); bad peers; key types */
    unsigned char one[48] = {0}, sec[48];
    one[47] = 1;
    nbtls_key *k1 = ec_priv(&EC_P384, one);
    be384_add_small(t, P384_N, -1);
    nbtls_key *kn = ec_priv(&EC_P384, t);
    CHECK(k1 != NULL && kn != NULL);
    CHECK_EQ(ec_ecdh(&EC_P384, k1, pub, 97, 0, sec, NULL), NBTLS_DONE);
    CHECK_MEM(sec, pub + 1, 48);
    CHECK_EQ(ec_ecdh(&EC_P384, kn, pub, 97, 7, sec, NULL), NBTLS_DONE);
    CHECK_MEM(sec, pub + 1, 48);
    CHECK_EQ(ec_ecdh(&EC_P384, k, G, 97, 1, sec, NULL), NBTLS_DONE);
    CHECK_MEM(sec, pub + 1, 48); /* d G = Q */
    unsigned char bp[97];
    memcpy(bp, pub, 97);
    bp[96] ^= 1;
    CHECK_EQ(ec_ecdh(&EC_P384, k, bp, 97, 0, sec, NULL), NBTLS_E_BAD_KEY);
    CHECK_EQ(ec_ecdh(&EC_P384, k, bp, 96, 0, sec, NULL), NBTLS_E_BAD_KEY);
    CHECK_EQ(ec_ecdh(&EC_P384, k, bp, 65, 0, sec, NULL), NBTLS_E_BAD_KEY);
    CHECK_EQ(ec_ecdh(&EC_P384, pk, pub, 97, 0, sec, NULL), NBTLS_E_BAD_KEY);
    unsigned char p256pub[65];
    size_t pl = 0;
    CHECK_EQ(nbtls_key_export_public(k256, p256pub, 65, &pl), NBTLS_DONE);
    CHECK_EQ(ec_ecdh(&EC_P384, k, p256pub, 65, 0, sec, NULL), NBTLS_E_BAD_KEY);
    CHECK(nbtls_ecdh_start(&op, k256, pub, 97) == NBTLS_E_BAD_KEY);
    nbtls_key_free(k1);
    nbtls_key_free(kn);
    nbtls_key_free(k256);
    nbtls_key_free(pk);
    nbtls_key_free(k);
}

static void keygen(void) {
    /* candidates n (rejected), then 1, then zeros: the key is 1 with
     * public point G */
    unsigned char stream[4 * 48] = {0};
    memcpy(stream, P384_N, 48);
    stream[95] = 1;
    stream_rng s = {stream, sizeof stream, 0};
    nbtls_key *k = NULL;
    run_stats st;
    CHECK_EQ(ec_keygen(&EC_P384, stream_rng_fn, &s, 1, &k, &st), NBTLS_DONE);
    unsigned char pub[97];
    CHECK(k != NULL && ec_pub_bytes(&EC_P384, k, pub) == 0 &&
          !memcmp(pub, G, 97));
    CHECK_EQ(nbtls_key_type(k), NBTLS_KEY_P384);
    nbtls_key_free(k);
    /* a stream of zeros only: gives up with NBTLS_E_RNG */
    static unsigned char zeros[48 * 64];
    stream_rng z = {zeros, sizeof zeros, 0};
    CHECK_EQ(ec_keygen(&EC_P384, stream_rng_fn, &z, 0, &k, NULL), NBTLS_E_RNG);
    CHECK(k == NULL);
    CHECK_EQ(ec_keygen(&EC_P384, failing_rng_fn, NULL, 0, &k, NULL),
             NBTLS_E_RNG);
    CHECK(k == NULL);
}

int main(void) {
    G[0] = NEG_G[0] = 4;
    memcpy(G + 1, GX, 48);
    memcpy(G + 49, GY, 48);
    memcpy(NEG_G + 1, GX, 48);
    be384_sub(NEG_G + 49, P384_P, GY);
    scalars();
    encodings();
    signatures();
    keygen();
    return CHECK_DONE();
}
