/*
 * core/op: the internal entry points of the digest-based signature ops, one
 * set per curve, with a placement (op.h) so the scheme-based ops
 * (op_scheme.c) can run them inside their own allocation. The public
 * nbtls_ecdsa_*_start() functions (op_ecdsa.c) dispatch on the key's type
 * to these with place = NULL.
 *
 * Contracts (both curves; L = 32 for P-256, 48 for P-384):
 *   - *_sign_at: `priv` is a private key of the curve (else
 *     NBTLS_E_BAD_KEY), hash_len one of 20, 28, 32, 48, 64 (else
 *     NBTLS_E_INVALID_ARG); `extra` is the 32-byte extra input k' of
 *     RFC 6979 3.6 (hedged; drawn by the caller, so no RNG is called
 *     here), or NULL for plain RFC 6979, whose signature is verified
 *     against the public key before release. Result: raw r || s (2L
 *     bytes).
 *   - *_verify_at: `pub` is a key of the curve (else NBTLS_E_BAD_KEY),
 *     hash_len >= 1, `sig` exactly 2L bytes raw r || s (the caller checked
 *     the length). Ends NBTLS_DONE (valid) or NBTLS_E_BAD_SIGNATURE.
 *   - *_size(): the whole op size (header included) to reserve for an
 *     embedded op of that kind.
 */
#ifndef NBTLS_CORE_OP_OP_SIG_H
#define NBTLS_CORE_OP_OP_SIG_H

#include "op/op.h"

/* The four entry points of one curve's ECDSA ops (nbtls_<c>_ecdsa_*),
 * defined by op_ec_ecdsa_template.h. */
#define NBTLS_ECDSA_CURVE_DECLS(c)                                             \
    NBTLS_MUST_CHECK int nbtls_##c##_ecdsa_sign_at(                            \
        struct nbtls_op **op, const nbtls_op_place *place,                     \
        const struct nbtls_key *priv, const unsigned char *hash,               \
        size_t hash_len, const unsigned char *extra);                          \
    NBTLS_MUST_CHECK int nbtls_##c##_ecdsa_verify_at(                          \
        struct nbtls_op **op, const nbtls_op_place *place,                     \
        const struct nbtls_key *pub, const unsigned char *hash,                \
        size_t hash_len, const unsigned char *sig);                            \
    size_t nbtls_##c##_ecdsa_sign_size(void);                                  \
    size_t nbtls_##c##_ecdsa_verify_size(void)

NBTLS_ECDSA_CURVE_DECLS(p256);
NBTLS_ECDSA_CURVE_DECLS(p384);

/*
 * The same, for any ECDSA key (op_ecdsa.c dispatches on key->type):
 *   - nbtls_ecdsa_sign_at / _verify_at: NBTLS_E_BAD_KEY for a key that is
 *     not an ECDSA key; verify with sig_len != 2L starts an op that ends
 *     with NBTLS_E_BAD_SIGNATURE at its first poll;
 *   - nbtls_ecdsa_order_len: L for an ECDSA key type, else 0;
 *   - nbtls_ecdsa_sign_size / _verify_size: the op size for a key type,
 *     else 0.
 * The public nbtls_ecdsa_*_start() functions are these with place = NULL.
 */
NBTLS_MUST_CHECK int
nbtls_ecdsa_sign_at(struct nbtls_op **op, const nbtls_op_place *place,
                    const struct nbtls_key *priv, const unsigned char *hash,
                    size_t hash_len, const unsigned char *extra);
NBTLS_MUST_CHECK int
nbtls_ecdsa_verify_at(struct nbtls_op **op, const nbtls_op_place *place,
                      const struct nbtls_key *pub, const unsigned char *hash,
                      size_t hash_len, const unsigned char *sig,
                      size_t sig_len);
size_t nbtls_ecdsa_order_len(int key_type);
/* 1 if hash_len is a digest length ECDSA signing takes (those of SHA-1,
 * SHA-224, SHA-256, SHA-384, SHA-512: the hashes RFC 6979 can use). */
static inline int nbtls_ecdsa_sign_digest_len_ok(size_t hash_len) {
    return hash_len == 20 || hash_len == 28 || hash_len == 32 ||
           hash_len == 48 || hash_len == 64;
}
/* The argument checks of nbtls_ecdsa_sign_at(), in its order, without
 * starting anything: NBTLS_E_INVALID_ARG (NULL, a digest length signing
 * does not take), NBTLS_E_BAD_KEY (not a P-256/P-384 private key). */
NBTLS_MUST_CHECK int nbtls_ecdsa_sign_check(const struct nbtls_key *priv,
                                            const unsigned char *hash,
                                            size_t hash_len);
size_t nbtls_ecdsa_sign_size(int key_type);
size_t nbtls_ecdsa_verify_size(int key_type);

/* Open-box tests only: the inner op of a scheme-based sign/verify op
 * (op_scheme.c) once it has started, else NULL. */
struct nbtls_op *nbtls_scheme_inner(struct nbtls_op *op);

/* ECDH on a P-384 key (nbtls_ecdh_start dispatches here); same contract as
 * nbtls_ecdh_start() with the P-384 lengths. */
NBTLS_MUST_CHECK int nbtls_p384_ecdh_start(struct nbtls_op **op,
                                           const struct nbtls_key *priv,
                                           const unsigned char *peer,
                                           size_t peer_len);

#endif
