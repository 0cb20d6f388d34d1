/*
 * Fuzz target: P-384 point decoding, ECDH and ECDSA verification on
 * arbitrary bytes. The first byte picks the mode:
 *   - even: the rest is a SEC1 peer for ECDH against a fixed private key.
 *     Oracles: never crashes; DONE exactly when nbtls_key_p384_from_public
 *     accepts the same bytes (else BAD_KEY, at start or while polling); an
 *     accepted point re-exports uncompressed, its compressed form decodes
 *     to the same point, and the secret is the same from either encoding;
 *     the budget varies with the input;
 *   - odd: signature (96 bytes) || digest (>= 1 byte) verified against a
 *     fixed key (the RFC 6979 A.2.6 key). Oracles: DONE or BAD_SIGNATURE;
 *     r or s outside [1, n-1] is BAD_SIGNATURE; the same outcome at budget
 *     0 and at a budget taken from the input; a digest longer than 48
 *     bytes verifies as its leftmost 48; wrong lengths are INVALID_ARG.
 * Replayed by ctest over tests/fuzz/corpus/fuzz_p384/ (written by
 * tests/fuzz/make_corpus_p384.py).
 */
#include "fuzz_common.h"

static const unsigned char N384[48] = {
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
    0xc7, 0x63, 0x4d, 0x81, 0xf4, 0x37, 0x2d, 0xdf, 0x58, 0x1a, 0x0d, 0xb2,
    0x48, 0xb0, 0xa7, 0x7a, 0xec, 0xec, 0x19, 0x6a, 0xcc, 0xc5, 0x29, 0x73};

static nbtls_key *g_ecdh, *g_sig;

static int in_range(const unsigned char v[48]) {
    int nonzero = 0;
    for (int i = 0; i < 48; i++)
        nonzero |= v[i];
    return nonzero && memcmp(v, N384, 48) < 0;
}

static int ecdh(const uint8_t *peer, size_t len, uint32_t budget,
                unsigned char out[48]) {
    nbtls_op *op = NULL;
    int rc = nbtls_ecdh_start(&op, g_ecdh, peer, len);
    if (rc != NBTLS_DONE) {
        FUZZ_ASSERT(op == NULL);
        return rc;
    }
    rc = fuzz_run(op, budget);
    if (rc == NBTLS_DONE) {
        size_t olen = 0;
        FUZZ_ASSERT(nbtls_op_result(op, out, 48, &olen) == NBTLS_DONE);
        FUZZ_ASSERT(olen == 48);
    }
    nbtls_op_free(op);
    return rc;
}

static int verify(const uint8_t *dg, size_t dlen, const uint8_t *sig,
                  size_t slen, uint32_t budget) {
    nbtls_op *op = NULL;
    int rc = nbtls_ecdsa_verify_start(&op, g_sig, dg, dlen, sig, slen);
    if (rc != NBTLS_DONE) {
        FUZZ_ASSERT(op == NULL);
        return rc;
    }
    rc = fuzz_run(op, budget);
    nbtls_op_free(op);
    return rc;
}

static void point_mode(const uint8_t *p, size_t size) {
    static const uint8_t empty[1] = {0};
    if (size == 0) p = empty; /* never pass NULL */
    unsigned char s1[48], s2[48];
    int rc = ecdh(p, size, (uint32_t)(size % 9), s1);
    FUZZ_ASSERT(rc == NBTLS_DONE || rc == NBTLS_E_BAD_KEY);
    nbtls_key *pk = NULL;
    int prc = nbtls_key_p384_from_public(&pk, p, size);
    FUZZ_ASSERT((rc == NBTLS_DONE) == (prc == NBTLS_DONE));
    FUZZ_ASSERT((prc == NBTLS_DONE) == (pk != NULL));
    if (prc != NBTLS_DONE) return;
    unsigned char pub[97], c[49];
    size_t len = 0;
    FUZZ_ASSERT(nbtls_key_export_public(pk, pub, 97, &len) == NBTLS_DONE);
    FUZZ_ASSERT(len == 97 && pub[0] == 4);
    nbtls_key_free(pk);
    c[0] = (unsigned char)(0x02 | (pub[96] & 1));
    memcpy(c + 1, pub + 1, 48);
    unsigned char again[97];
    pk = NULL;
    FUZZ_ASSERT(nbtls_key_p384_from_public(&pk, c, 49) == NBTLS_DONE);
    FUZZ_ASSERT(nbtls_key_export_public(pk, again, 97, &len) == NBTLS_DONE);
    FUZZ_ASSERT(memcmp(again, pub, 97) == 0);
    nbtls_key_free(pk);
    FUZZ_ASSERT(ecdh(size == 97 ? c : pub, size == 97 ? 49 : 97, 0, s2) ==
                NBTLS_DONE);
    FUZZ_ASSERT(memcmp(s1, s2, 48) == 0);
}

static void sig_mode(const uint8_t *data, size_t size) {
    if (size < 97) {
        static const uint8_t one[1] = {1};
        if (size == 96) return;
        FUZZ_ASSERT(verify(one, 1, size ? data : one, size, 0) ==
                    NBTLS_E_INVALID_ARG);
        return;
    }
    const uint8_t *sig = data, *dg = data + 96;
    size_t dlen = size - 96;
    int rc = verify(dg, dlen, sig, 96, 0);
    FUZZ_ASSERT(rc == NBTLS_DONE || rc == NBTLS_E_BAD_SIGNATURE);
    if (!in_range(sig) || !in_range(sig + 48))
        FUZZ_ASSERT(rc == NBTLS_E_BAD_SIGNATURE);
    if (dg[0] & 1) FUZZ_ASSERT(verify(dg, dlen, sig, 96, 1 + dg[0] % 16) == rc);
    if (dlen > 48 && (dg[0] & 2)) FUZZ_ASSERT(verify(dg, 48, sig, 96, 0) == rc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (g_ecdh == NULL) {
        unsigned char d[48];
        memset(d, 0x37, sizeof d);
        FUZZ_ASSERT(nbtls_key_p384_from_private(&g_ecdh, d) == NBTLS_DONE);
        /* x from tests/p384/p384_rfc6979.txt (RFC 6979 A.2.6) */
        static const unsigned char x[48] = {
            0x6B, 0x9D, 0x3D, 0xAD, 0x2E, 0x1B, 0x8C, 0x1C, 0x05, 0xB1,
            0x98, 0x75, 0xB6, 0x65, 0x9F, 0x4D, 0xE2, 0x3C, 0x3B, 0x66,
            0x7B, 0xF2, 0x97, 0xBA, 0x9A, 0xA4, 0x77, 0x40, 0x78, 0x71,
            0x37, 0xD8, 0x96, 0xD5, 0x72, 0x4E, 0x4C, 0x70, 0xA8, 0x25,
            0xF8, 0x72, 0xC9, 0xEA, 0x60, 0xD2, 0xED, 0xF5};
        FUZZ_ASSERT(nbtls_key_p384_from_private(&g_sig, x) == NBTLS_DONE);
    }
    if (size == 0) return 0;
    if (data[0] & 1)
        sig_mode(data + 1, size - 1);
    else
        point_mode(data + 1, size - 1);
    return 0;
}
