/* TEMPORARY (replaced by the P-384 implementation in this session): the
 * P-384 entry points declared in nbtls.h, so the library links meanwhile. */
#include "key/key.h"

int nbtls_key_p384_from_private(nbtls_key **key, const unsigned char priv[48]) {
    (void)key;
    (void)priv;
    return NBTLS_E_UNSUPPORTED;
}

int nbtls_key_p384_from_public(nbtls_key **key, const unsigned char *sec1,
                               size_t len) {
    (void)key;
    (void)sec1;
    (void)len;
    return NBTLS_E_UNSUPPORTED;
}

int nbtls_p384_keygen_start(nbtls_op **op, nbtls_rng_fn rng, void *rng_ctx) {
    (void)op;
    (void)rng;
    (void)rng_ctx;
    return NBTLS_E_UNSUPPORTED;
}

int nbtls_p384_key_from_private_start(nbtls_op **op,
                                      const unsigned char priv[48]) {
    (void)op;
    (void)priv;
    return NBTLS_E_UNSUPPORTED;
}

#include "op/op_sig.h"
int nbtls_p384_ecdsa_sign_at(nbtls_op **op, const nbtls_op_place *place,
                             const nbtls_key *priv, const unsigned char *hash,
                             size_t hash_len, int hedged, nbtls_rng_fn rng,
                             void *rng_ctx) {
    (void)op, (void)place, (void)priv, (void)hash, (void)hash_len, (void)hedged,
        (void)rng, (void)rng_ctx;
    return NBTLS_E_UNSUPPORTED;
}
int nbtls_p384_ecdsa_verify_at(nbtls_op **op, const nbtls_op_place *place,
                               const nbtls_key *pub, const unsigned char *hash,
                               size_t hash_len, const unsigned char *sig) {
    (void)op, (void)place, (void)pub, (void)hash, (void)hash_len, (void)sig;
    return NBTLS_E_UNSUPPORTED;
}
size_t nbtls_p384_ecdsa_sign_size(void) {
    return 0;
}
size_t nbtls_p384_ecdsa_verify_size(void) {
    return 0;
}
