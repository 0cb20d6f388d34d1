/*
 * Fuzz target: ECDH with an arbitrary peer encoding against a fixed
 * private key (nbtls_ecdh_start + poll). Oracles: never crashes; the op
 * finishes with DONE exactly when nbtls_key_p256_from_public accepts the
 * same bytes, and then the secret equals the one computed from the
 * re-exported uncompressed point; otherwise BAD_KEY (at start or while
 * polling). The budget varies with the input.
 */
#include "fuzz_common.h"

static nbtls_key *g_key;

static int ecdh(const uint8_t *peer, size_t len, uint32_t budget,
                unsigned char out[32]) {
    nbtls_op *op = NULL;
    int rc = nbtls_ecdh_start(&op, g_key, peer, len);
    if (rc != NBTLS_DONE) {
        FUZZ_ASSERT(op == NULL);
        return rc;
    }
    rc = fuzz_run(op, budget);
    if (rc == NBTLS_DONE) {
        size_t olen = 0;
        FUZZ_ASSERT(nbtls_op_result(op, out, 32, &olen) == NBTLS_DONE);
        FUZZ_ASSERT(olen == 32);
    }
    nbtls_op_free(op);
    return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (g_key == NULL) {
        unsigned char d[32];
        memset(d, 0x37, sizeof d);
        FUZZ_ASSERT(nbtls_key_p256_from_private(&g_key, d) == NBTLS_DONE);
    }
    static const uint8_t empty[1] = {0};
    const uint8_t *p = size ? data : empty; /* never pass NULL */
    uint32_t budget = (uint32_t)(size % 7);
    unsigned char s1[32], s2[32];
    int rc = ecdh(p, size, budget, s1);
    FUZZ_ASSERT(rc == NBTLS_DONE || rc == NBTLS_E_BAD_KEY);
    nbtls_key *pk = NULL;
    int prc = nbtls_key_p256_from_public(&pk, p, size);
    FUZZ_ASSERT((rc == NBTLS_DONE) == (prc == NBTLS_DONE));
    if (prc == NBTLS_DONE) {
        unsigned char pub[65];
        size_t len = 0;
        FUZZ_ASSERT(nbtls_key_export_public(pk, pub, 65, &len) == NBTLS_DONE);
        FUZZ_ASSERT(ecdh(pub, 65, 0, s2) == NBTLS_DONE);
        FUZZ_ASSERT(memcmp(s1, s2, 32) == 0);
        nbtls_key_free(pk);
    }
    return 0;
}
