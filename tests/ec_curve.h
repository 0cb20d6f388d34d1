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
    const unsigned char *n; /* the group order, big-endian, scalar_len */
    int (*keygen_start)(nbtls_op **op, nbtls_rng_fn rng, void *rng_ctx);
    int (*from_private_start)(nbtls_op **op, const unsigned char *priv);
    int (*from_private)(nbtls_key **key, const unsigned char *priv);
    int (*from_public)(nbtls_key **key, const unsigned char *sec1, size_t len);
} ec_curve;

/* The group orders, big-endian: P-256 as in tests/vectors/p256_params.txt
 * (cross-checked by tests/vectors/check_vectors.py), P-384 as printed by
 * `openssl ecparam -name secp384r1 -param_enc explicit -text` (compared
 * when written). test_p256_edge / test_p384_edge check them against the
 * library's range checks (n rejected, n - 1 accepted). */
static const unsigned char EC_P256_N[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17,
    0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51};
static const unsigned char EC_P384_N[48] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf, 0x58, 0x1a, 0x0d, 0xb2,
    0x48, 0xb0, 0xa7, 0x7a, 0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73};

static const ec_curve EC_P256 = {"P-256",
                                 "p256",
                                 NBTLS_P256_PRIVATE_LEN,
                                 NBTLS_P256_PUBLIC_LEN,
                                 NBTLS_P256_PUBLIC_COMPRESSED_LEN,
                                 NBTLS_P256_SIGNATURE_LEN,
                                 32,
                                 NBTLS_SIG_ECDSA_SECP256R1_SHA256,
                                 EC_P256_N,
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
                                 EC_P384_N,
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
