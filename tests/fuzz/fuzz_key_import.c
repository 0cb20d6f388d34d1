/*
 * Fuzz target: P-256 key import from arbitrary bytes.
 *   - nbtls_key_p256_from_public(data, size): never crashes; accepts only
 *     33-byte 02/03 and 65-byte 04 encodings; an accepted key exports a
 *     65-byte 04 point that re-imports to the same point, and whose
 *     compressed form imports to the same point too;
 *   - nbtls_key_p256_from_private(first 32 bytes): accepted exactly when
 *     the scalar is in [1, n-1]; the key exports the same scalar, and the
 *     restartable import (budget from the input) gives the same point.
 */
#include "fuzz_common.h"
#include "fuzz_ec.h"

static void check_public(const uint8_t *data, size_t size) {
    nbtls_key *k = NULL;
    int rc = nbtls_key_p256_from_public(&k, data, size);
    FUZZ_ASSERT(rc == NBTLS_DONE || rc == NBTLS_E_BAD_KEY ||
                (rc == NBTLS_E_INVALID_ARG && data == NULL));
    if (rc != NBTLS_DONE) {
        FUZZ_ASSERT(k == NULL);
        return;
    }
    FUZZ_ASSERT((size == 65 && data[0] == 4) ||
                (size == 33 && (data[0] == 2 || data[0] == 3)));
    FUZZ_ASSERT(nbtls_key_has_private(k) == 0);
    unsigned char pub[65], again[65], c[33];
    size_t len = 0;
    FUZZ_ASSERT(nbtls_key_export_public(k, pub, sizeof pub, &len) ==
                NBTLS_DONE);
    FUZZ_ASSERT(len == 65 && pub[0] == 4);
    FUZZ_ASSERT(memcmp(pub + 1, data + 1, 32) == 0); /* same x */
    if (size == 65) FUZZ_ASSERT(memcmp(pub, data, 65) == 0);
    if (size == 33) FUZZ_ASSERT((pub[64] & 1) == (data[0] & 1));
    nbtls_key_free(k);
    /* round trip: uncompressed, then compressed */
    k = NULL;
    FUZZ_ASSERT(nbtls_key_p256_from_public(&k, pub, 65) == NBTLS_DONE);
    FUZZ_ASSERT(nbtls_key_export_public(k, again, 65, &len) == NBTLS_DONE);
    FUZZ_ASSERT(memcmp(again, pub, 65) == 0);
    nbtls_key_free(k);
    c[0] = (unsigned char)(2 | (pub[64] & 1));
    memcpy(c + 1, pub + 1, 32);
    k = NULL;
    FUZZ_ASSERT(nbtls_key_p256_from_public(&k, c, 33) == NBTLS_DONE);
    FUZZ_ASSERT(nbtls_key_export_public(k, again, 65, &len) == NBTLS_DONE);
    FUZZ_ASSERT(memcmp(again, pub, 65) == 0);
    nbtls_key_free(k);
}

static void check_private(const uint8_t *data, size_t size) {
    if (size < 32) return;
    nbtls_key *k = NULL;
    int rc = nbtls_key_p256_from_private(&k, data);
    FUZZ_ASSERT(rc ==
                (fuzz_in_range(&EC_P256, data) ? NBTLS_DONE : NBTLS_E_BAD_KEY));
    nbtls_op *op = NULL;
    int rc2 = nbtls_p256_key_from_private_start(&op, data);
    FUZZ_ASSERT(rc2 == rc);
    if (rc != NBTLS_DONE) {
        FUZZ_ASSERT(k == NULL && op == NULL);
        return;
    }
    unsigned char d[32], pub[65], pub2[65];
    size_t len = 0;
    FUZZ_ASSERT(nbtls_key_export_private(k, d, 32, &len) == NBTLS_DONE);
    FUZZ_ASSERT(len == 32 && memcmp(d, data, 32) == 0);
    FUZZ_ASSERT(nbtls_key_export_public(k, pub, 65, &len) == NBTLS_DONE);
    uint32_t budget = size > 32 ? data[32] % 9 : 1;
    FUZZ_ASSERT(fuzz_run(op, budget) == NBTLS_DONE);
    nbtls_key *k2 = NULL;
    FUZZ_ASSERT(nbtls_op_take_key(op, &k2) == NBTLS_DONE);
    FUZZ_ASSERT(nbtls_key_export_public(k2, pub2, 65, &len) == NBTLS_DONE);
    FUZZ_ASSERT(memcmp(pub, pub2, 65) == 0);
    nbtls_op_free(op);
    nbtls_key_free(k2);
    /* the public point is a valid public key */
    nbtls_key *kp = NULL;
    FUZZ_ASSERT(nbtls_key_p256_from_public(&kp, pub, 65) == NBTLS_DONE);
    nbtls_key_free(kp);
    nbtls_key_free(k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    check_public(data, size);
    check_private(data, size);
    return 0;
}
