/*
 * The NIST curves of the public API as data, so that one test or bench
 * body serves P-256 and P-384: encoding sizes, the TLS 1.3 signature
 * scheme, the curve's per-curve entry points, and the name OpenSSL and
 * Python `cryptography` know it by. Public API only (nbtls/nbtls.h); used
 * by tests/ec_util.h, tests/ct/ct_ec.c and bench/bench_ec.h.
 */
#ifndef NBTLS_TESTS_EC_CURVE_H
#define NBTLS_TESTS_EC_CURVE_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "nbtls/nbtls.h"

/* The largest sizes over the curves below (P-384), for stack buffers. */
#define EC_MAX_SCALAR 48
#define EC_MAX_PUB 97
#define EC_MAX_SIG 96

typedef struct {
    const char *name;  /* "P-256": also OpenSSL's group name */
    const char *tag;   /* "p256": file names, argv */
    size_t scalar_len; /* private scalar, ECDH secret, r and s, coordinates */
    size_t pub_len;    /* SEC1 uncompressed: 1 + 2 * scalar_len */
    size_t cpub_len;   /* SEC1 compressed: 1 + scalar_len */
    size_t sig_len;    /* r || s */
    size_t digest_len; /* the digest of the curve's TLS 1.3 scheme */
    uint16_t scheme;   /* NBTLS_SIG_ECDSA_SECP..._SHA... */
    int (*keygen_start)(nbtls_op **op, nbtls_rng_fn rng, void *rng_ctx);
    int (*from_private_start)(nbtls_op **op, const unsigned char *priv);
    int (*from_private)(nbtls_key **key, const unsigned char *priv);
    int (*from_public)(nbtls_key **key, const unsigned char *sec1, size_t len);
} ec_curve;

static const ec_curve EC_P256 = {"P-256",
                                 "p256",
                                 NBTLS_P256_PRIVATE_LEN,
                                 NBTLS_P256_PUBLIC_LEN,
                                 NBTLS_P256_PUBLIC_COMPRESSED_LEN,
                                 NBTLS_P256_SIGNATURE_LEN,
                                 32,
                                 NBTLS_SIG_ECDSA_SECP256R1_SHA256,
                                 nbtls_p256_keygen_start,
                                 nbtls_p256_key_from_private_start,
                                 nbtls_key_p256_from_private,
                                 nbtls_key_p256_from_public};

static const ec_curve EC_P384 = {"P-384",
                                 "p384",
                                 NBTLS_P384_PRIVATE_LEN,
                                 NBTLS_P384_PUBLIC_LEN,
                                 NBTLS_P384_PUBLIC_COMPRESSED_LEN,
                                 NBTLS_P384_SIGNATURE_LEN,
                                 48,
                                 NBTLS_SIG_ECDSA_SECP384R1_SHA384,
                                 nbtls_p384_keygen_start,
                                 nbtls_p384_key_from_private_start,
                                 nbtls_key_p384_from_private,
                                 nbtls_key_p384_from_public};

/* The curve whose tag is `tag` ("p256", "p384"), or NULL. */
static inline const ec_curve *ec_curve_by_tag(const char *tag) {
    if (tag == NULL) return NULL;
    if (strcmp(tag, EC_P256.tag) == 0) return &EC_P256;
    if (strcmp(tag, EC_P384.tag) == 0) return &EC_P384;
    return NULL;
}

#endif
