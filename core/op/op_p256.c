/* core/op: P-256 operations (skeleton: argument validation only). */
#include "key/key.h"
#include "op/op.h"

int nbtls_key_p256_from_private(nbtls_key **key, const unsigned char priv[32]) {
    NBTLS_ENSURE(key != NULL && priv != NULL, NBTLS_E_INVALID_ARG);
    *key = NULL;
    return NBTLS_E_UNSUPPORTED;
}

int nbtls_key_p256_from_public(nbtls_key **key, const unsigned char *sec1,
                               size_t len) {
    NBTLS_ENSURE(key != NULL && sec1 != NULL, NBTLS_E_INVALID_ARG);
    *key = NULL;
    (void)len;
    return NBTLS_E_UNSUPPORTED;
}

int nbtls_p256_keygen_start(nbtls_op **op, nbtls_rng_fn rng, void *rng_ctx) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    (void)rng;
    (void)rng_ctx;
    return NBTLS_E_UNSUPPORTED;
}

int nbtls_p256_key_from_private_start(nbtls_op **op,
                                      const unsigned char priv[32]) {
    NBTLS_ENSURE(op != NULL && priv != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    return NBTLS_E_UNSUPPORTED;
}

int nbtls_ecdh_start(nbtls_op **op, const nbtls_key *priv,
                     const unsigned char *peer, size_t peer_len) {
    NBTLS_ENSURE(op != NULL && priv != NULL && peer != NULL,
                 NBTLS_E_INVALID_ARG);
    *op = NULL;
    (void)peer_len;
    return NBTLS_E_UNSUPPORTED;
}

int nbtls_ecdsa_sign_start(nbtls_op **op, const nbtls_key *priv,
                           const unsigned char *hash, size_t hash_len,
                           nbtls_rng_fn rng, void *rng_ctx) {
    NBTLS_ENSURE(op != NULL && priv != NULL && hash != NULL && hash_len > 0,
                 NBTLS_E_INVALID_ARG);
    *op = NULL;
    (void)rng;
    (void)rng_ctx;
    return NBTLS_E_UNSUPPORTED;
}

int nbtls_ecdsa_sign_deterministic_start(nbtls_op **op, const nbtls_key *priv,
                                         const unsigned char *hash,
                                         size_t hash_len) {
    NBTLS_ENSURE(op != NULL && priv != NULL && hash != NULL && hash_len > 0,
                 NBTLS_E_INVALID_ARG);
    *op = NULL;
    return NBTLS_E_UNSUPPORTED;
}

int nbtls_ecdsa_verify_start(nbtls_op **op, const nbtls_key *pub,
                             const unsigned char *hash, size_t hash_len,
                             const unsigned char *sig, size_t sig_len) {
    NBTLS_ENSURE(op != NULL && pub != NULL && hash != NULL && hash_len > 0 &&
                     sig != NULL,
                 NBTLS_E_INVALID_ARG);
    *op = NULL;
    NBTLS_ENSURE(sig_len == NBTLS_P256_SIGNATURE_LEN, NBTLS_E_INVALID_ARG);
    return NBTLS_E_UNSUPPORTED;
}
