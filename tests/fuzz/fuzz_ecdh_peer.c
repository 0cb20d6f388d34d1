/*
 * Fuzz target: ECDH with an arbitrary P-256 peer encoding against a fixed
 * private key (nbtls_ecdh_start + poll), the budget varying with the
 * input. Oracles: fuzz_ec_point() of fuzz_ec.h (DONE exactly when
 * nbtls_key_p256_from_public accepts the same bytes, else BAD_KEY; the
 * secret is the same from the other encoding of the point).
 */
#include "fuzz_common.h"
#include "fuzz_ec.h"

static nbtls_key *g_key;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (g_key == NULL) {
        unsigned char d[32];
        memset(d, 0x37, sizeof d);
        FUZZ_ASSERT(nbtls_key_p256_from_private(&g_key, d) == NBTLS_DONE);
    }
    fuzz_ec_point(&EC_P256, g_key, data, size, (uint32_t)(size % 7));
    return 0;
}
