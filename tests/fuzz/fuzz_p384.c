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
 *     bytes verifies as its leftmost 48; wrong lengths are BAD_SIGNATURE.
 * (fuzz_ec_point() and fuzz_ec_sig() of fuzz_ec.h, as the P-256 targets
 * fuzz_ecdh_peer and fuzz_verify.) Replayed by ctest over
 * tests/fuzz/corpus/fuzz_p384/ (written by tests/fuzz/make_corpus_p384.py).
 */
#include "fuzz_common.h"
#include "fuzz_ec.h"

static nbtls_key *g_ecdh, *g_sig;

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
        fuzz_ec_sig(&EC_P384, g_sig, data + 1, size - 1);
    else
        fuzz_ec_point(&EC_P384, g_ecdh, data + 1, size - 1,
                      (uint32_t)((size - 1) % 9));
    return 0;
}
