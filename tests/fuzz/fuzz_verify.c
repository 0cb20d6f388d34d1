/*
 * Fuzz target: ECDSA verification of arbitrary bytes against a fixed key
 * (the RFC 6979 A.2.5 P-256 key). Input: signature (64 bytes) || digest
 * (the rest, >= 1 byte); shorter inputs are wrong-length signatures.
 * Oracles: fuzz_ec_sig() of fuzz_ec.h (BAD_SIGNATURE for a wrong length; r
 * or s outside [1, n-1] is BAD_SIGNATURE; the same outcome at budget 0 and
 * at a budget taken from the input; a digest longer than 32 bytes verifies
 * exactly as its leftmost 32 bytes).
 */
#include "fuzz_common.h"
#include "fuzz_ec.h"

static nbtls_key *g_key;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (g_key == NULL)
        FUZZ_ASSERT(nbtls_key_p256_from_private(&g_key, FUZZ_P256_X) ==
                    NBTLS_DONE);
    fuzz_ec_sig(&EC_P256, g_key, data, size);
    return 0;
}
