/*
 * Curve-generic oracles of the EC fuzz targets (fuzz_ecdh_peer, fuzz_verify
 * and fuzz_p384), for any curve of tests/ec_curve.h:
 *   - fuzz_ec_point(): arbitrary bytes as a SEC1 peer for ECDH against a
 *     fixed key. Never crashes; DONE exactly when the curve's from_public
 *     accepts the same bytes (else BAD_KEY, at start or while polling); an
 *     accepted point re-exports uncompressed, its compressed form decodes
 *     to the same point, and the secret is the same from either encoding.
 *   - fuzz_ec_sig(): signature (2L bytes) || digest (>= 1 byte) verified
 *     against a fixed key. DONE or BAD_SIGNATURE; r or s outside [1, n-1]
 *     is BAD_SIGNATURE; the same outcome at budget 0 and at a budget taken
 *     from the input (half of the inputs, to keep replays cheap); a digest
 *     longer than L bytes verifies as its leftmost L (half of the inputs);
 *     shorter inputs are a wrong-length signature: BAD_SIGNATURE, from the
 *     op.
 * Include "fuzz_common.h" first.
 */
#ifndef NBTLS_TESTS_FUZZ_EC_H
#define NBTLS_TESTS_FUZZ_EC_H

#include "ec_curve.h"

/* The RFC 6979 A.2.5 P-256 private key x (tests/vectors/p256_rfc6979.txt). */
static const unsigned char FUZZ_P256_X[32] = {
    0xC9, 0xAF, 0xA9, 0xD8, 0x45, 0xBA, 0x75, 0x16, 0x6B, 0x5C, 0x21,
    0x57, 0x67, 0xB1, 0xD6, 0x93, 0x4E, 0x50, 0xC3, 0xDB, 0x36, 0xE8,
    0x9B, 0x12, 0x7B, 0x8A, 0x62, 0x2B, 0x12, 0x0F, 0x67, 0x21};

/* 1 if the c->scalar_len-byte big-endian v is in [1, n-1]. */
static inline int fuzz_in_range(const ec_curve *c, const unsigned char *v) {
    int nonzero = 0;
    for (size_t i = 0; i < c->scalar_len; i++)
        nonzero |= v[i];
    return nonzero && memcmp(v, c->n, c->scalar_len) < 0;
}

/* ECDH of `key` with `peer` at `budget`; the secret in out on DONE. */
static inline int fuzz_ecdh(const ec_curve *c, const nbtls_key *key,
                            const uint8_t *peer, size_t len, uint32_t budget,
                            unsigned char *out) {
    nbtls_op *op = NULL;
    int rc = nbtls_ecdh_start(&op, key, peer, len);
    if (rc != NBTLS_DONE) {
        FUZZ_ASSERT(op == NULL);
        return rc;
    }
    rc = fuzz_run(op, budget);
    if (rc == NBTLS_DONE) {
        size_t olen = 0;
        FUZZ_ASSERT(nbtls_op_result(op, out, c->scalar_len, &olen) ==
                    NBTLS_DONE);
        FUZZ_ASSERT(olen == c->scalar_len);
    }
    nbtls_op_free(op);
    return rc;
}

/* Verification with `key` at `budget`. */
static inline int fuzz_verify(const nbtls_key *key, const uint8_t *dg,
                              size_t dlen, const uint8_t *sig, size_t slen,
                              uint32_t budget) {
    nbtls_op *op = NULL;
    int rc = nbtls_ecdsa_verify_start(&op, key, dg, dlen, sig, slen);
    if (rc != NBTLS_DONE) {
        FUZZ_ASSERT(op == NULL);
        return rc;
    }
    rc = fuzz_run(op, budget);
    nbtls_op_free(op);
    return rc;
}

static inline void fuzz_ec_point(const ec_curve *c, const nbtls_key *key,
                                 const uint8_t *p, size_t size,
                                 uint32_t budget) {
    static const uint8_t empty[1] = {0};
    if (size == 0) p = empty; /* never pass NULL */
    const size_t L = c->scalar_len;
    unsigned char s1[EC_MAX_SCALAR], s2[EC_MAX_SCALAR];
    int rc = fuzz_ecdh(c, key, p, size, budget, s1);
    FUZZ_ASSERT(rc == NBTLS_DONE || rc == NBTLS_E_BAD_KEY);
    nbtls_key *pk = NULL;
    int prc = c->from_public(&pk, p, size);
    FUZZ_ASSERT((rc == NBTLS_DONE) == (prc == NBTLS_DONE));
    FUZZ_ASSERT((prc == NBTLS_DONE) == (pk != NULL));
    if (prc != NBTLS_DONE) return;
    unsigned char pub[EC_MAX_PUB], cp[1 + EC_MAX_SCALAR], again[EC_MAX_PUB];
    size_t len = 0;
    FUZZ_ASSERT(nbtls_key_export_public(pk, pub, c->pub_len, &len) ==
                NBTLS_DONE);
    FUZZ_ASSERT(len == c->pub_len && pub[0] == 4);
    nbtls_key_free(pk);
    cp[0] = (unsigned char)(0x02 | (pub[2 * L] & 1));
    memcpy(cp + 1, pub + 1, L);
    pk = NULL;
    FUZZ_ASSERT(c->from_public(&pk, cp, c->cpub_len) == NBTLS_DONE);
    FUZZ_ASSERT(nbtls_key_export_public(pk, again, c->pub_len, &len) ==
                NBTLS_DONE);
    FUZZ_ASSERT(memcmp(again, pub, c->pub_len) == 0);
    nbtls_key_free(pk);
    /* the secret from the other encoding */
    int uncompressed = size == c->pub_len;
    FUZZ_ASSERT(fuzz_ecdh(c, key, uncompressed ? cp : pub,
                          uncompressed ? c->cpub_len : c->pub_len, 0,
                          s2) == NBTLS_DONE);
    FUZZ_ASSERT(memcmp(s1, s2, L) == 0);
}

static inline void fuzz_ec_sig(const ec_curve *c, const nbtls_key *key,
                               const uint8_t *data, size_t size) {
    const size_t L = c->scalar_len;
    if (size < c->sig_len + 1) {
        /* not enough for sig + digest: the whole input as a signature of
         * the wrong length over a 1-byte digest */
        static const uint8_t one[1] = {1};
        if (size == c->sig_len) return;
        FUZZ_ASSERT(fuzz_verify(key, one, 1, size ? data : one, size, 0) ==
                    NBTLS_E_BAD_SIGNATURE);
        return;
    }
    const uint8_t *sig = data, *dg = data + c->sig_len;
    size_t dlen = size - c->sig_len;
    int rc = fuzz_verify(key, dg, dlen, sig, c->sig_len, 0);
    FUZZ_ASSERT(rc == NBTLS_DONE || rc == NBTLS_E_BAD_SIGNATURE);
    if (!fuzz_in_range(c, sig) || !fuzz_in_range(c, sig + L))
        FUZZ_ASSERT(rc == NBTLS_E_BAD_SIGNATURE);
    if (dg[0] & 1)
        FUZZ_ASSERT(
            fuzz_verify(key, dg, dlen, sig, c->sig_len, 1 + dg[0] % 16) == rc);
    if (dlen > L && (dg[0] & 2))
        FUZZ_ASSERT(fuzz_verify(key, dg, L, sig, c->sig_len, 0) == rc);
}

#endif
