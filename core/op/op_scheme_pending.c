/* TEMPORARY (replaced by core/op/op_scheme.c in this session). */
#include "common/common.h"

int nbtls_verify_start(nbtls_op **op, const nbtls_key *key, uint16_t scheme,
                       const unsigned char *msg, size_t msg_len,
                       const unsigned char *sig, size_t sig_len) {
    (void)op, (void)key, (void)scheme, (void)msg, (void)msg_len, (void)sig,
        (void)sig_len;
    return NBTLS_E_UNSUPPORTED;
}

int nbtls_sign_start(nbtls_op **op, const nbtls_key *key, uint16_t scheme,
                     const unsigned char *msg, size_t msg_len, nbtls_rng_fn rng,
                     void *rng_ctx) {
    (void)op, (void)key, (void)scheme, (void)msg, (void)msg_len, (void)rng,
        (void)rng_ctx;
    return NBTLS_E_UNSUPPORTED;
}
