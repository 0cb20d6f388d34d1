/*
 * core/op: the public ECDSA entry points. The curve is the key's: each
 * dispatches to the curve's *_at() function (op_sig.h), which checks the
 * rest. Raw signatures are r || s, each the byte length of n.
 */
#include "key/key.h"
#include "op/op_sig.h"

NBTLS_MUST_CHECK static int sign_dispatch(nbtls_op **op, const nbtls_key *priv,
                                          const unsigned char *hash,
                                          size_t hash_len, int hedged,
                                          nbtls_rng_fn rng, void *rng_ctx) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    NBTLS_ENSURE(priv != NULL, NBTLS_E_INVALID_ARG);
    switch (priv->type) {
    case NBTLS_KEY_P256:
        return nbtls_p256_ecdsa_sign_at(op, NULL, priv, hash, hash_len, hedged,
                                        rng, rng_ctx);
    case NBTLS_KEY_P384:
        return nbtls_p384_ecdsa_sign_at(op, NULL, priv, hash, hash_len, hedged,
                                        rng, rng_ctx);
    default: return NBTLS_E_BAD_KEY;
    }
}

int nbtls_ecdsa_sign_start(nbtls_op **op, const nbtls_key *priv,
                           const unsigned char *hash, size_t hash_len,
                           nbtls_rng_fn rng, void *rng_ctx) {
    return sign_dispatch(op, priv, hash, hash_len, 1, rng, rng_ctx);
}

int nbtls_ecdsa_sign_deterministic_start(nbtls_op **op, const nbtls_key *priv,
                                         const unsigned char *hash,
                                         size_t hash_len) {
    return sign_dispatch(op, priv, hash, hash_len, 0, NULL, NULL);
}

int nbtls_ecdsa_verify_start(nbtls_op **op, const nbtls_key *pub,
                             const unsigned char *hash, size_t hash_len,
                             const unsigned char *sig, size_t sig_len) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    NBTLS_ENSURE(pub != NULL && sig != NULL, NBTLS_E_INVALID_ARG);
    switch (pub->type) {
    case NBTLS_KEY_P256:
        NBTLS_ENSURE(sig_len == NBTLS_P256_SIGNATURE_LEN, NBTLS_E_INVALID_ARG);
        return nbtls_p256_ecdsa_verify_at(op, NULL, pub, hash, hash_len, sig);
    case NBTLS_KEY_P384:
        NBTLS_ENSURE(sig_len == NBTLS_P384_SIGNATURE_LEN, NBTLS_E_INVALID_ARG);
        return nbtls_p384_ecdsa_verify_at(op, NULL, pub, hash, hash_len, sig);
    default: return NBTLS_E_BAD_KEY;
    }
}
