/*
 * Every block nbtls frees is all zero (tests/wipe_alloc.h), for the objects
 * the EC wipe tests (tests/ec_wipe.h: P-256 and P-384 keys, ECDSA, ECDH,
 * keygen) do not cover: X25519 keys and ops (finished, cancelled, failed,
 * untaken keygen result), the signature-scheme ops (signing finished,
 * cancelled at many points, failed; verification), RSA verification, a
 * private key imported from PEM (its decoded DER buffer), the AEAD contexts
 * (key schedules) and the hash contexts (new, clone, freed mid-stream).
 */
#include "check.h"
#include "nbtls/sym.h"
#include "wipe_alloc.h"

static int failing_rng(void *ctx, unsigned char *out, size_t len) {
    (void)ctx;
    (void)out;
    (void)len;
    return -1;
}

static int run(nbtls_op *op, uint32_t budget) {
    int rc;
    do
        rc = nbtls_op_poll(op, budget);
    while (rc == NBTLS_IN_PROGRESS);
    return rc;
}

static void x25519(void) {
    unsigned char d[32], u[32], out[32];
    size_t n = 0;
    memset(d, 0x71, sizeof d);
    nbtls_key *k = NULL, *g = NULL;
    CHECK_EQ(nbtls_key_x25519_from_private(&k, d), NBTLS_DONE);
    CHECK_EQ(nbtls_key_export_public(k, u, sizeof u, &n), NBTLS_DONE);
    nbtls_op *op = NULL;
    CHECK_EQ(nbtls_ecdh_start(&op, k, u, 32), NBTLS_DONE);
    CHECK_EQ(run(op, 5), NBTLS_DONE);
    CHECK_EQ(nbtls_op_result(op, out, sizeof out, &n), NBTLS_DONE);
    nbtls_op_free(op);
    for (int polls = 0; polls < 300; polls += 37) { /* cancelled */
        CHECK_EQ(nbtls_ecdh_start(&op, k, u, 32), NBTLS_DONE);
        for (int i = 0; i < polls; i++)
            (void)nbtls_op_poll(op, 1);
        nbtls_op_free(op);
    }
    memset(u, 0, sizeof u); /* small order: fails at the end */
    CHECK_EQ(nbtls_ecdh_start(&op, k, u, 32), NBTLS_DONE);
    CHECK_EQ(run(op, 0), NBTLS_E_BAD_KEY);
    nbtls_op_free(op);
    CHECK_EQ(nbtls_x25519_keygen_start(&op, NULL, NULL), NBTLS_DONE);
    CHECK_EQ(run(op, 0), NBTLS_DONE);
    CHECK_EQ(nbtls_op_take_key(op, &g), NBTLS_DONE);
    nbtls_op_free(op);
    CHECK_EQ(nbtls_x25519_keygen_start(&op, NULL, NULL), NBTLS_DONE);
    CHECK_EQ(run(op, 0), NBTLS_DONE);
    nbtls_op_free(op); /* untaken key */
    CHECK_EQ(nbtls_x25519_keygen_start(&op, NULL, NULL), NBTLS_DONE);
    (void)nbtls_op_poll(op, 10);
    nbtls_op_free(op); /* cancelled */
    nbtls_key_free(g);
    nbtls_key_free(k);
}

static void schemes(void) {
    unsigned char d[48], msg[1200], sig[NBTLS_SIGNATURE_MAX_LEN], pub[97];
    size_t n = 0, pl = 0;
    memset(d, 0x29, sizeof d);
    for (size_t i = 0; i < sizeof msg; i++)
        msg[i] = (unsigned char)(i * 13);
    for (int curve = 0; curve < 2; curve++) {
        nbtls_key *k = NULL, *p = NULL;
        uint16_t scheme = curve ? NBTLS_SIG_ECDSA_SECP384R1_SHA384
                                : NBTLS_SIG_ECDSA_SECP256R1_SHA256;
        if (curve) {
            CHECK_EQ(nbtls_key_p384_from_private(&k, d), NBTLS_DONE);
        } else {
            CHECK_EQ(nbtls_key_p256_from_private(&k, d), NBTLS_DONE);
        }
        CHECK_EQ(nbtls_key_export_public(k, pub, sizeof pub, &pl), NBTLS_DONE);
        CHECK_EQ(curve ? nbtls_key_p384_from_public(&p, pub, pl)
                       : nbtls_key_p256_from_public(&p, pub, pl),
                 NBTLS_DONE);
        nbtls_op *op = NULL;
        CHECK_EQ(nbtls_sign_start(&op, k, scheme, msg, sizeof msg, NULL, NULL),
                 NBTLS_DONE);
        CHECK_EQ(run(op, 3), NBTLS_DONE);
        CHECK_EQ(nbtls_op_result(op, sig, sizeof sig, &n), NBTLS_DONE);
        nbtls_op_free(op);
        for (int polls = 0; polls < 260; polls += 17) { /* cancelled */
            CHECK_EQ(nbtls_sign_start(&op, k, scheme, msg, sizeof msg, NULL,
                                      NULL),
                     NBTLS_DONE);
            for (int i = 0; i < polls; i++)
                (void)nbtls_op_poll(op, 1);
            nbtls_op_free(op);
        }
        CHECK_EQ(nbtls_sign_start(&op, k, scheme, msg, sizeof msg, failing_rng,
                                  NULL),
                 NBTLS_DONE);
        CHECK_EQ(run(op, 0), NBTLS_E_RNG); /* failed */
        nbtls_op_free(op);
        CHECK_EQ(nbtls_verify_start(&op, p, scheme, msg, sizeof msg, sig, n),
                 NBTLS_DONE);
        CHECK_EQ(run(op, 0), NBTLS_DONE);
        nbtls_op_free(op);
        nbtls_key_free(p);
        nbtls_key_free(k);
    }
}

/* PKCS#1 RSAPublicKey DER of a 2048-bit odd modulus, e = 65537. */
static size_t rsa_der(unsigned char *out) {
    static const unsigned char head[] = {0x30, 0x82, 0x01, 0x0a, 0x02,
                                         0x82, 0x01, 0x01, 0x00, 0xc1};
    static const unsigned char tail[] = {0x01, 0x02, 0x03, 0x01, 0x00, 0x01};
    memcpy(out, head, sizeof head);
    memset(out + sizeof head, 0xa5, 254);
    memcpy(out + sizeof head + 254, tail, sizeof tail);
    return sizeof head + 254 + sizeof tail;
}

static void rsa(void) {
    unsigned char der[300], dig[32], sig[256];
    memset(dig, 3, sizeof dig);
    memset(sig, 1, sizeof sig);
    nbtls_key *k = NULL;
    CHECK_EQ(nbtls_key_from_der(&k, der, rsa_der(der)), NBTLS_DONE);
    nbtls_op *op = NULL;
    CHECK_EQ(nbtls_rsa_verify_start(&op, k, NBTLS_RSA_PSS, NBTLS_SHA256, dig,
                                    32, sig, 256),
             NBTLS_DONE);
    CHECK_EQ(run(op, 0), NBTLS_E_BAD_SIGNATURE);
    nbtls_op_free(op);
    nbtls_key_free(k);
}

static void b64(const unsigned char *in, size_t len, char *out) {
    static const char A[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    size_t o = 0;
    for (size_t i = 0; i < len; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < len) v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < len) v |= in[i + 2];
        out[o++] = A[(v >> 18) & 63];
        out[o++] = A[(v >> 12) & 63];
        out[o++] = i + 1 < len ? A[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < len ? A[v & 63] : '=';
    }
    out[o] = 0;
}

/* A SEC1 ECPrivateKey in PEM: the decoded DER is a temporary block. */
static void pem(void) {
    unsigned char der[51] = {0x30, 0x31, 0x02, 0x01, 0x01, 0x04, 0x20};
    static const unsigned char curve[] = {0xa0, 0x0a, 0x06, 0x08, 0x2a, 0x86,
                                          0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
    memset(der + 7, 0x6b, 32);
    memcpy(der + 39, curve, sizeof curve);
    char text[200];
    strcpy(text, "-----BEGIN EC PRIVATE KEY-----\n");
    b64(der, sizeof der, text + strlen(text));
    strcat(text, "\n-----END EC PRIVATE KEY-----\n");
    unsigned long before = g_wipe_allocs;
    nbtls_key *k = NULL;
    CHECK_EQ(nbtls_key_from_pem(&k, text, strlen(text)), NBTLS_DONE);
    CHECK(g_wipe_allocs - before >= 2); /* the DER buffer and the key */
    CHECK_EQ(nbtls_key_has_private(k), 1);
    nbtls_key_free(k);
}

static void sym(void) {
    static const int algs[] = {NBTLS_AES_128_GCM, NBTLS_AES_256_GCM,
                               NBTLS_CHACHA20_POLY1305};
    unsigned char key[32], nonce[12], pt[100], ct[116];
    size_t n = 0;
    memset(key, 0x5a, sizeof key);
    memset(nonce, 1, sizeof nonce);
    memset(pt, 2, sizeof pt);
    for (size_t i = 0; i < sizeof algs / sizeof algs[0]; i++) {
        nbtls_aead *a = NULL;
        CHECK_EQ(nbtls_aead_new(&a, algs[i], key,
                                (size_t)nbtls_aead_key_len(algs[i])),
                 NBTLS_DONE);
        CHECK_EQ(nbtls_aead_seal(a, nonce, 12, NULL, 0, pt, sizeof pt, ct,
                                 sizeof ct, &n),
                 NBTLS_DONE);
        nbtls_aead_free(a);
    }
    static const int hashes[] = {NBTLS_SHA256, NBTLS_SHA384, NBTLS_SHA512};
    for (size_t i = 0; i < sizeof hashes / sizeof hashes[0]; i++) {
        nbtls_hash_ctx *h = NULL, *c = NULL;
        unsigned char out[64];
        CHECK_EQ(nbtls_hash_new(&h, hashes[i]), NBTLS_DONE);
        CHECK_EQ(nbtls_hash_update(h, pt, 77), NBTLS_DONE);
        CHECK_EQ(nbtls_hash_clone(h, &c), NBTLS_DONE);
        CHECK_EQ(nbtls_hash_final(c, out, sizeof out, &n), NBTLS_DONE);
        nbtls_hash_free(c);
        nbtls_hash_free(h); /* mid-stream */
    }
}

int main(void) {
    wipe_install();
    x25519();
    schemes();
    rsa();
    pem();
    sym();
    wipe_finish("X25519, schemes, RSA, PEM, AEAD, hash", 60);
    return CHECK_DONE();
}
