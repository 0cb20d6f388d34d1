/*
 * Fuzz target: DER ECDSA signatures (asn1/ecdsa_der.h) and the scheme-based
 * verification that consumes them. Input: a signature candidate.
 * Oracles: never crashes; for L = 32 and 48, a decoded signature re-encodes
 * to exactly the input (the decoder accepts only canonical DER, so
 * decode/encode is the identity on what it accepts) and a refused one
 * leaves raw zeroed; nbtls_verify_start (ecdsa_secp256r1_sha256, a fixed
 * key and message) starts for any input and ends in NBTLS_E_BAD_SIGNATURE
 * whenever the decoder refused it (and DONE only for an input that
 * decodes).
 */
#include "fuzz_common.h"
#include "fuzz_ec.h"

#include "asn1/ecdsa_der.h"

static nbtls_key *g_key;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (g_key == NULL)
        FUZZ_ASSERT(nbtls_key_p256_from_private(&g_key, FUZZ_P256_X) ==
                    NBTLS_DONE);
    static const uint8_t empty[1] = {0};
    const uint8_t *in = size ? data : empty;
    int ok32 = 0;
    for (size_t L = 32; L <= 48; L += 16) {
        unsigned char raw[96], back[NBTLS_SIGNATURE_MAX_LEN];
        size_t blen;
        int rc = nbtls_ecdsa_der_to_raw(raw, L, in, size);
        if (rc == NBTLS_DONE) {
            FUZZ_ASSERT(nbtls_ecdsa_raw_to_der(raw, L, back, sizeof back,
                                               &blen) == NBTLS_DONE);
            FUZZ_ASSERT(blen == size && memcmp(back, in, size) == 0);
            if (L == 32) ok32 = 1;
        } else {
            FUZZ_ASSERT(rc == NBTLS_E_INVALID_ARG);
            for (size_t i = 0; i < 2 * L; i++)
                FUZZ_ASSERT(raw[i] == 0);
        }
    }
    static const unsigned char msg[] = "sample";
    nbtls_op *op = NULL;
    FUZZ_ASSERT(nbtls_verify_start(&op, g_key, NBTLS_SIG_ECDSA_SECP256R1_SHA256,
                                   msg, sizeof msg - 1, in,
                                   size) == NBTLS_DONE);
    int rc = fuzz_run(op, size % 2 ? 1 : 0);
    nbtls_op_free(op);
    FUZZ_ASSERT(rc == NBTLS_E_BAD_SIGNATURE || (rc == NBTLS_DONE && ok32));
    if (!ok32) FUZZ_ASSERT(rc == NBTLS_E_BAD_SIGNATURE);
    return 0;
}
