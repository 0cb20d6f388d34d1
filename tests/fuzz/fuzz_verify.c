/*
 * Fuzz target: ECDSA verification of arbitrary bytes against a fixed key
 * (the RFC 6979 A.2.5 P-256 key). Input: signature (64 bytes) || digest
 * (the rest, >= 1 byte); shorter inputs exercise the argument checks.
 * Oracles: never crashes; a wrong length is INVALID_ARG at start; r or s
 * outside [1, n-1] is BAD_SIGNATURE; the outcome is the same at budget 0
 * and at a budget taken from the input (for half of the inputs); a digest
 * longer than 32 bytes verifies exactly as its leftmost 32 bytes (truncation;
 * checked for half of the inputs, to keep replays cheap).
 */
#include "fuzz_common.h"

static nbtls_key *g_key;

static int verify(const uint8_t *dg, size_t dlen, const uint8_t *sig,
                  size_t slen, uint32_t budget) {
    nbtls_op *op = NULL;
    int rc = nbtls_ecdsa_verify_start(&op, g_key, dg, dlen, sig, slen);
    if (rc != NBTLS_DONE) {
        FUZZ_ASSERT(op == NULL);
        return rc;
    }
    rc = fuzz_run(op, budget);
    nbtls_op_free(op);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (g_key == NULL) {
        /* x from tests/vectors/p256_rfc6979.txt */
        static const unsigned char x[32] = {
            0xC9, 0xAF, 0xA9, 0xD8, 0x45, 0xBA, 0x75, 0x16, 0x6B, 0x5C, 0x21,
            0x57, 0x67, 0xB1, 0xD6, 0x93, 0x4E, 0x50, 0xC3, 0xDB, 0x36, 0xE8,
            0x9B, 0x12, 0x7B, 0x8A, 0x62, 0x2B, 0x12, 0x0F, 0x67, 0x21};
        FUZZ_ASSERT(nbtls_key_p256_from_private(&g_key, x) == NBTLS_DONE);
    }
    if (size < 65) {
        /* not enough for sig + digest: the whole input as a signature of
         * the wrong length over a 1-byte digest */
        static const uint8_t one[1] = {1};
        if (size == 64) return 0;
        FUZZ_ASSERT(verify(one, 1, size ? data : one, size, 0) ==
                    NBTLS_E_INVALID_ARG);
        return 0;
    }
    const uint8_t *sig = data, *dg = data + 64;
    size_t dlen = size - 64;
    int rc = verify(dg, dlen, sig, 64, 0);
    FUZZ_ASSERT(rc == NBTLS_DONE || rc == NBTLS_E_BAD_SIGNATURE);
    if (!fuzz_in_scalar_range(sig) || !fuzz_in_scalar_range(sig + 32))
        FUZZ_ASSERT(rc == NBTLS_E_BAD_SIGNATURE);
    /* half of the inputs (cheaper replays): the same at a small budget */
    if (dg[0] & 1) FUZZ_ASSERT(verify(dg, dlen, sig, 64, 1 + dg[0] % 16) == rc);
    if (dlen > 32 && (dg[0] & 2)) FUZZ_ASSERT(verify(dg, 32, sig, 64, 0) == rc);
    return 0;
}
