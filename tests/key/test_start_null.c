/*
 * A start function that fails sets *op to NULL (nbtls.h, the poll
 * contract), whatever the failure: a NULL or bad argument, a key of the
 * wrong type or without its private part, a bad length, the RNG, or the
 * allocator. Every public *_start function is called with *op holding a
 * non-NULL sentinel and made to fail in each way it can.
 */
#include "check.h"
#include "nbtls/sym.h"

static nbtls_op *const SENTINEL = (nbtls_op *)(uintptr_t)0x5e5e5e50u;
static unsigned long g_cases;

#define FAILS(call, want)                                                    \
    do {                                                                     \
        op = SENTINEL;                                                       \
        CHECK_EQ((call), (want));                                            \
        CHECK(op == NULL);                                                   \
        g_cases++;                                                           \
    } while (0)

static int failing_rng(void *ctx, unsigned char *out, size_t len) {
    (void)ctx;
    (void)out;
    (void)len;
    return -1;
}

static int g_fail;
static void *maybe_alloc(void *ctx, size_t n) {
    (void)ctx;
    return g_fail ? NULL : malloc(n);
}
static void plain_free(void *ctx, void *p) {
    (void)ctx;
    free(p);
}

/* PKCS#1 RSAPublicKey DER of a 2048-bit odd modulus, e = 65537. */
static size_t rsa_der(unsigned char *out) {
    size_t o = 0;
    out[o++] = 0x30;
    out[o++] = 0x82;
    out[o++] = 0x01;
    out[o++] = 0x0a; /* 4 + 257 + 5 */
    out[o++] = 0x02;
    out[o++] = 0x82;
    out[o++] = 0x01;
    out[o++] = 0x01; /* 257: a leading zero */
    out[o++] = 0x00;
    out[o++] = 0xc1;
    memset(out + o, 0xa5, 254);
    o += 254;
    out[o++] = 0x01;
    out[o++] = 0x02;
    out[o++] = 0x03;
    out[o++] = 0x01;
    out[o++] = 0x00;
    out[o++] = 0x01;
    return o;
}

int main(void) {
    unsigned char d[48], dig[64], sig[512], pub[97], der[300], zero[48];
    memset(d, 0x11, sizeof d);
    memset(dig, 0x22, sizeof dig);
    memset(sig, 0x01, sizeof sig);
    memset(zero, 0, sizeof zero);
    size_t pl = 0;
    nbtls_key *p256 = NULL, *p384 = NULL, *x = NULL, *rsa = NULL,
              *p256pub = NULL;
    CHECK_EQ(nbtls_key_p256_from_private(&p256, d), NBTLS_DONE);
    CHECK_EQ(nbtls_key_p384_from_private(&p384, d), NBTLS_DONE);
    CHECK_EQ(nbtls_key_x25519_from_private(&x, d), NBTLS_DONE);
    size_t dl = rsa_der(der);
    CHECK_EQ(nbtls_key_from_der(&rsa, der, dl), NBTLS_DONE);
    CHECK_EQ(nbtls_key_export_public(p256, pub, sizeof pub, &pl), NBTLS_DONE);
    CHECK_EQ(nbtls_key_p256_from_public(&p256pub, pub, pl), NBTLS_DONE);
    if (!p256 || !p384 || !x || !rsa || !p256pub) return CHECK_DONE();
    nbtls_op *op;

    /* keygen: the RNG (X25519 draws at start) */
    FAILS(nbtls_x25519_keygen_start(&op, failing_rng, NULL), NBTLS_E_RNG);

    /* import from a private scalar */
    FAILS(nbtls_p256_key_from_private_start(&op, NULL), NBTLS_E_INVALID_ARG);
    FAILS(nbtls_p256_key_from_private_start(&op, zero), NBTLS_E_BAD_KEY);
    FAILS(nbtls_p384_key_from_private_start(&op, NULL), NBTLS_E_INVALID_ARG);
    FAILS(nbtls_p384_key_from_private_start(&op, zero), NBTLS_E_BAD_KEY);

    /* ECDH */
    FAILS(nbtls_ecdh_start(&op, NULL, pub, pl), NBTLS_E_INVALID_ARG);
    FAILS(nbtls_ecdh_start(&op, p256, NULL, pl), NBTLS_E_INVALID_ARG);
    FAILS(nbtls_ecdh_start(&op, x, NULL, 32), NBTLS_E_INVALID_ARG);
    FAILS(nbtls_ecdh_start(&op, p256pub, pub, pl), NBTLS_E_BAD_KEY);
    FAILS(nbtls_ecdh_start(&op, p256, pub, pl - 1), NBTLS_E_BAD_KEY);
    FAILS(nbtls_ecdh_start(&op, p384, pub, pl), NBTLS_E_BAD_KEY);
    FAILS(nbtls_ecdh_start(&op, x, pub, 31), NBTLS_E_BAD_KEY);
    FAILS(nbtls_ecdh_start(&op, rsa, pub, pl), NBTLS_E_BAD_KEY);

    /* ECDSA signing, hedged and deterministic */
    FAILS(nbtls_ecdsa_sign_start(&op, NULL, dig, 32, NULL, NULL),
          NBTLS_E_INVALID_ARG);
    FAILS(nbtls_ecdsa_sign_start(&op, p256, NULL, 32, NULL, NULL),
          NBTLS_E_INVALID_ARG);
    FAILS(nbtls_ecdsa_sign_start(&op, p256, dig, 0, NULL, NULL),
          NBTLS_E_INVALID_ARG);
    FAILS(nbtls_ecdsa_sign_start(&op, p256pub, dig, 32, NULL, NULL),
          NBTLS_E_BAD_KEY);
    FAILS(nbtls_ecdsa_sign_start(&op, x, dig, 32, NULL, NULL),
          NBTLS_E_BAD_KEY);
    FAILS(nbtls_ecdsa_sign_start(&op, p256, dig, 32, failing_rng, NULL),
          NBTLS_E_RNG);
    FAILS(nbtls_ecdsa_sign_start(&op, p384, dig, 48, failing_rng, NULL),
          NBTLS_E_RNG);
    FAILS(nbtls_ecdsa_sign_deterministic_start(&op, NULL, dig, 32),
          NBTLS_E_INVALID_ARG);
    FAILS(nbtls_ecdsa_sign_deterministic_start(&op, p256pub, dig, 32),
          NBTLS_E_BAD_KEY);
    FAILS(nbtls_ecdsa_sign_deterministic_start(&op, rsa, dig, 32),
          NBTLS_E_BAD_KEY);

    /* ECDSA verification */
    FAILS(nbtls_ecdsa_verify_start(&op, NULL, dig, 32, sig, 64),
          NBTLS_E_INVALID_ARG);
    FAILS(nbtls_ecdsa_verify_start(&op, p256, dig, 32, NULL, 64),
          NBTLS_E_INVALID_ARG);
    FAILS(nbtls_ecdsa_verify_start(&op, p256, dig, 32, sig, 63),
          NBTLS_E_INVALID_ARG);
    FAILS(nbtls_ecdsa_verify_start(&op, p384, dig, 48, sig, 64),
          NBTLS_E_INVALID_ARG);
    FAILS(nbtls_ecdsa_verify_start(&op, x, dig, 32, sig, 64), NBTLS_E_BAD_KEY);

    /* RSA verification */
    FAILS(nbtls_rsa_verify_start(&op, NULL, NBTLS_RSA_PSS, NBTLS_SHA256, dig,
                                 32, sig, 256),
          NBTLS_E_INVALID_ARG);
    FAILS(nbtls_rsa_verify_start(&op, rsa, NBTLS_RSA_PSS, NBTLS_SHA256, NULL,
                                 32, sig, 256),
          NBTLS_E_INVALID_ARG);
    FAILS(nbtls_rsa_verify_start(&op, p256, NBTLS_RSA_PSS, NBTLS_SHA256, dig,
                                 32, sig, 256),
          NBTLS_E_BAD_KEY);
    FAILS(nbtls_rsa_verify_start(&op, rsa, 7, NBTLS_SHA256, dig, 32, sig, 256),
          NBTLS_E_INVALID_ARG);
    FAILS(nbtls_rsa_verify_start(&op, rsa, NBTLS_RSA_PSS, 999, dig, 32, sig,
                                 256),
          NBTLS_E_UNSUPPORTED);
    FAILS(nbtls_rsa_verify_start(&op, rsa, NBTLS_RSA_PSS, NBTLS_SHA256, dig,
                                 31, sig, 256),
          NBTLS_E_INVALID_ARG);

    /* signature schemes */
    FAILS(nbtls_verify_start(&op, NULL, NBTLS_SIG_ECDSA_SECP256R1_SHA256, dig,
                             32, sig, 70),
          NBTLS_E_INVALID_ARG);
    FAILS(nbtls_verify_start(&op, p256, NBTLS_SIG_ECDSA_SECP256R1_SHA256, dig,
                             32, NULL, 70),
          NBTLS_E_INVALID_ARG);
    FAILS(nbtls_verify_start(&op, p256, 0x0807 /* ed25519 */, dig, 32, sig,
                             64),
          NBTLS_E_UNSUPPORTED);
    FAILS(nbtls_verify_start(&op, p384, NBTLS_SIG_ECDSA_SECP256R1_SHA256, dig,
                             32, sig, 70),
          NBTLS_E_BAD_KEY);
    FAILS(nbtls_verify_start(&op, p256, NBTLS_SIG_RSA_PSS_RSAE_SHA256, dig, 32,
                             sig, 256),
          NBTLS_E_BAD_KEY);
    FAILS(nbtls_sign_start(&op, NULL, NBTLS_SIG_ECDSA_SECP256R1_SHA256, dig,
                           32, NULL, NULL),
          NBTLS_E_INVALID_ARG);
    FAILS(nbtls_sign_start(&op, p256, NBTLS_SIG_ECDSA_SECP256R1_SHA256, NULL,
                           32, NULL, NULL),
          NBTLS_E_INVALID_ARG);
    FAILS(nbtls_sign_start(&op, p256, 0x0807, dig, 32, NULL, NULL),
          NBTLS_E_UNSUPPORTED);
    FAILS(nbtls_sign_start(&op, p256pub, NBTLS_SIG_ECDSA_SECP256R1_SHA256, dig,
                           32, NULL, NULL),
          NBTLS_E_BAD_KEY);
    FAILS(nbtls_sign_start(&op, rsa, NBTLS_SIG_RSA_PSS_RSAE_SHA256, dig, 32,
                           NULL, NULL),
          NBTLS_E_BAD_KEY);

    /* out of memory: every start function */
    CHECK_EQ(nbtls_set_allocator(maybe_alloc, plain_free, NULL), NBTLS_DONE);
    g_fail = 1;
    FAILS(nbtls_p256_keygen_start(&op, NULL, NULL), NBTLS_E_NO_MEMORY);
    FAILS(nbtls_p384_keygen_start(&op, NULL, NULL), NBTLS_E_NO_MEMORY);
    FAILS(nbtls_x25519_keygen_start(&op, NULL, NULL), NBTLS_E_NO_MEMORY);
    FAILS(nbtls_p256_key_from_private_start(&op, d), NBTLS_E_NO_MEMORY);
    FAILS(nbtls_p384_key_from_private_start(&op, d), NBTLS_E_NO_MEMORY);
    FAILS(nbtls_ecdh_start(&op, p256, pub, pl), NBTLS_E_NO_MEMORY);
    FAILS(nbtls_ecdh_start(&op, x, pub, 32), NBTLS_E_NO_MEMORY);
    FAILS(nbtls_ecdsa_sign_start(&op, p384, dig, 48, NULL, NULL),
          NBTLS_E_NO_MEMORY);
    FAILS(nbtls_ecdsa_sign_deterministic_start(&op, p256, dig, 32),
          NBTLS_E_NO_MEMORY);
    FAILS(nbtls_ecdsa_verify_start(&op, p256, dig, 32, sig, 64),
          NBTLS_E_NO_MEMORY);
    FAILS(nbtls_rsa_verify_start(&op, rsa, NBTLS_RSA_PKCS1_V15, NBTLS_SHA256,
                                 dig, 32, sig, 256),
          NBTLS_E_NO_MEMORY);
    FAILS(nbtls_verify_start(&op, p256, NBTLS_SIG_ECDSA_SECP256R1_SHA256, dig,
                             32, sig, 70),
          NBTLS_E_NO_MEMORY);
    FAILS(nbtls_sign_start(&op, p384, NBTLS_SIG_ECDSA_SECP384R1_SHA384, dig,
                           32, NULL, NULL),
          NBTLS_E_NO_MEMORY);
    g_fail = 0;
    CHECK_EQ(nbtls_set_allocator(NULL, NULL, NULL), NBTLS_DONE);

    printf("%lu failing start calls checked\n", g_cases);
    nbtls_key_free(p256);
    nbtls_key_free(p384);
    nbtls_key_free(x);
    nbtls_key_free(rsa);
    nbtls_key_free(p256pub);
    return CHECK_DONE();
}
