/*
 * core/op: ECDSA on any curve. The curve is the key's: each function
 * dispatches to the curve's *_at() function (op_sig.h), which checks the
 * rest. Raw signatures are r || s, each L = the byte length of n.
 */
#include "ec/rfc6979.h"
#include "key/key.h"
#include "op/op_sig.h"

size_t nbtls_ecdsa_order_len(int key_type) {
    switch (key_type) {
    case NBTLS_KEY_P256: return NBTLS_P256_SIGNATURE_LEN / 2;
    case NBTLS_KEY_P384: return NBTLS_P384_SIGNATURE_LEN / 2;
    default: return 0;
    }
}

size_t nbtls_ecdsa_sign_size(int key_type) {
    switch (key_type) {
    case NBTLS_KEY_P256: return nbtls_p256_ecdsa_sign_size();
    case NBTLS_KEY_P384: return nbtls_p384_ecdsa_sign_size();
    default: return 0;
    }
}

size_t nbtls_ecdsa_verify_size(int key_type) {
    switch (key_type) {
    case NBTLS_KEY_P256: return nbtls_p256_ecdsa_verify_size();
    case NBTLS_KEY_P384: return nbtls_p384_ecdsa_verify_size();
    default: return 0;
    }
}

int nbtls_ecdsa_sign_at(nbtls_op **op, const nbtls_op_place *place,
                        const nbtls_key *priv, const unsigned char *hash,
                        size_t hash_len, const unsigned char *extra) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    NBTLS_ENSURE(priv != NULL, NBTLS_E_INVALID_ARG);
    switch (priv->type) {
    case NBTLS_KEY_P256:
        return nbtls_p256_ecdsa_sign_at(op, place, priv, hash, hash_len, extra);
    case NBTLS_KEY_P384:
        return nbtls_p384_ecdsa_sign_at(op, place, priv, hash, hash_len, extra);
    default: return NBTLS_E_BAD_KEY;
    }
}

int nbtls_ecdsa_verify_at(nbtls_op **op, const nbtls_op_place *place,
                          const nbtls_key *pub, const unsigned char *hash,
                          size_t hash_len, const unsigned char *sig,
                          size_t sig_len) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    NBTLS_ENSURE(pub != NULL && sig != NULL, NBTLS_E_INVALID_ARG);
    size_t L = nbtls_ecdsa_order_len(pub->type);
    NBTLS_ENSURE(L != 0, NBTLS_E_BAD_KEY);
    /* A signature of the wrong length is an invalid signature, reported
     * through the op like every other (as for RSA and the scheme API): it
     * is replaced by r = s = 0, which the range check refuses. */
    static const unsigned char zero[2 * 48] = {0};
    if (sig_len != 2 * L) sig = zero;
    if (pub->type == NBTLS_KEY_P384)
        return nbtls_p384_ecdsa_verify_at(op, place, pub, hash, hash_len, sig);
    return nbtls_p256_ecdsa_verify_at(op, place, pub, hash, hash_len, sig);
}

int nbtls_ecdsa_sign_check(const nbtls_key *priv, const unsigned char *hash,
                           size_t hash_len) {
    NBTLS_ENSURE(priv != NULL && hash != NULL &&
                     nbtls_ecdsa_sign_digest_len_ok(hash_len),
                 NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(nbtls_ecdsa_order_len(priv->type) != 0 && priv->has_private,
                 NBTLS_E_BAD_KEY);
    return NBTLS_DONE;
}

int nbtls_ecdsa_sign_start(nbtls_op **op, const nbtls_key *priv,
                           const unsigned char *hash, size_t hash_len,
                           nbtls_rng_fn rng, void *rng_ctx) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    /* The arguments first: a call that cannot start neither draws from nor
     * reports the generator (as nbtls_sign_start()). */
    NBTLS_GUARD(nbtls_ecdsa_sign_check(priv, hash, hash_len));
    /* Every RNG call happens here, in the start call (nbtls.h). */
    unsigned char extra[NBTLS_RFC6979_EXTRA_LEN];
    int rc = nbtls_rng_fill(rng, rng_ctx, extra, sizeof(extra));
    if (rc == NBTLS_DONE)
        rc = nbtls_ecdsa_sign_at(op, NULL, priv, hash, hash_len, extra);
    nbtls_wipe(extra, sizeof(extra));
    return rc;
}

int nbtls_ecdsa_sign_deterministic_start(nbtls_op **op, const nbtls_key *priv,
                                         const unsigned char *hash,
                                         size_t hash_len) {
    return nbtls_ecdsa_sign_at(op, NULL, priv, hash, hash_len, NULL);
}

int nbtls_ecdsa_verify_start(nbtls_op **op, const nbtls_key *pub,
                             const unsigned char *hash, size_t hash_len,
                             const unsigned char *sig, size_t sig_len) {
    return nbtls_ecdsa_verify_at(op, NULL, pub, hash, hash_len, sig, sig_len);
}
