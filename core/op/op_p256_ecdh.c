/*
 * core/op: restartable P-256 ECDH (op_ec_ecdh_template.h with
 * ec/p256_curve.h), and nbtls_ecdh_start(), which dispatches on the key
 * type (X25519, P-384, P-256).
 *
 * Units: peer decoding 1 (uncompressed) or 19 (compressed), the
 * constant-time signed-window multiplication 323, the inversion of Z 17,
 * and 1 final unit (affine x, on-curve fault check, output): 342 or 360.
 */
#include "op/op_p256_state.h"
#include "op/op_sig.h"
#include "x25519/x25519_op.h"

#include "ec/p256_curve.h"
#define EC_ECDH_STATE ecdh_state
#include "op/op_ec_ecdh_template.h"

int nbtls_ecdh_start(nbtls_op **op, const nbtls_key *priv,
                     const unsigned char *peer, size_t peer_len) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    NBTLS_ENSURE(priv != NULL && peer != NULL, NBTLS_E_INVALID_ARG);
    if (priv->type == NBTLS_KEY_X25519) /* core/x25519 */
        return nbtls_x25519_ecdh_start(op, priv, peer, peer_len);
    if (priv->type == NBTLS_KEY_P384) /* op_p384_ecdh.c */
        return nbtls_p384_ecdh_start(op, priv, peer, peer_len);
    return nbtls_p256_ecdh_start(op, priv, peer, peer_len);
}
