/*
 * core/op: restartable P-256 ECDH.
 *
 * Units: peer decoding 1 (uncompressed) or 19 (compressed), the
 * constant-time signed-window multiplication 323, the inversion of Z 17,
 * and 1 final unit (affine x, on-curve fault check, output): 342 or 360.
 */
#include "op/op_p256.h"
#include "op/op_p256_ecdh.h"
#include "op/op_sig.h"
#include "x25519/x25519_op.h"

static int ecdh_step(void *vst) {
    ecdh_state *st = (ecdh_state *)vst;
    int rc;
    switch (st->phase) {
    case ECDH_DECODE:
        rc = nbtls_p256_decoder_step(&st->dec);
        if (rc == NBTLS_DONE) {
            nbtls_p256_window_start(&st->win, st->d, &st->dec.q);
            nbtls_wipe(st->d, sizeof(st->d));
            st->phase = ECDH_MUL;
            return NBTLS_IN_PROGRESS;
        }
        return rc;
    case ECDH_MUL:
        if (nbtls_p256_window_step(&st->win)) {
            nbtls_fe_exp_start(&st->inv, &st->win.r.z, NBTLS_FE_EXP_INV);
            st->phase = ECDH_INV;
        }
        return NBTLS_IN_PROGRESS;
    case ECDH_INV:
        if (nbtls_fe_exp_step(&st->inv)) st->phase = ECDH_FIN;
        return NBTLS_IN_PROGRESS;
    default: {
        nbtls_p256_affine s;
        nbtls_p256_to_affine(&s, &st->win.r, &st->inv.acc);
        /* Fault countermeasure: the result must be on the curve (infinity
         * maps to (0, 0), which is not). */
        nbtls_limb ok = nbtls_p256_affine_on_curve(&s);
        nbtls_fe_to_bytes(st->out, &s.x);
        nbtls_wipe(&s, sizeof(s));
        nbtls_wipe(&st->win, sizeof(st->win));
        nbtls_wipe(&st->inv, sizeof(st->inv));
        /* The shared secret leaves the library; the check is public. */
        NBTLS_CT_PUBLIC(&ok, sizeof(ok));
        NBTLS_CT_PUBLIC(st->out, sizeof(st->out));
        if (!ok) {
            nbtls_wipe(st->out, sizeof(st->out));
            return NBTLS_E_INTERNAL;
        }
        return NBTLS_DONE;
    }
    }
}

static int ecdh_result(const void *vst, unsigned char *out, size_t out_size,
                       size_t *out_len) {
    const ecdh_state *st = (const ecdh_state *)vst;
    return nbtls_copy_out(st->out, sizeof(st->out), out, out_size, out_len);
}

static const nbtls_op_vtable ecdh_vt = {"p256-ecdh", ecdh_step, ecdh_result,
                                        NULL, NULL};

int nbtls_ecdh_start(nbtls_op **op, const nbtls_key *priv,
                     const unsigned char *peer, size_t peer_len) {
    NBTLS_ENSURE(op != NULL && priv != NULL && peer != NULL,
                 NBTLS_E_INVALID_ARG);
    *op = NULL;
    if (priv->type == NBTLS_KEY_X25519) /* core/x25519 */
        return nbtls_x25519_ecdh_start(op, priv, peer, peer_len);
    if (priv->type == NBTLS_KEY_P384) /* op_p384_ecdh.c */
        return nbtls_p384_ecdh_start(op, priv, peer, peer_len);
    NBTLS_ENSURE(priv->type == NBTLS_KEY_P256, NBTLS_E_BAD_KEY);
    NBTLS_ENSURE(priv->has_private, NBTLS_E_BAD_KEY);
    nbtls_p256_decoder dec;
    int rc;
    NBTLS_GUARD_GOTO(rc, nbtls_p256_decoder_start(&dec, peer, peer_len));
    NBTLS_GUARD_GOTO(rc, nbtls_op_new(op, &ecdh_vt, sizeof(ecdh_state)));
    ecdh_state *st = (ecdh_state *)nbtls_op_state(*op);
    st->dec = dec;
    memcpy(st->d, priv->u.p256.priv, 32);
    st->phase = ECDH_DECODE;
cleanup:
    nbtls_wipe(&dec, sizeof(dec));
    return rc;
}
