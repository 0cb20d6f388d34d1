/*
 * core/op: restartable P-384 ECDH (nbtls_ecdh_start dispatches here for a
 * P-384 private key).
 *
 * Units: peer decoding 1 (uncompressed) or 35 (compressed), the
 * constant-time signed window 483, the inversion of Z 33, 1 final (affine
 * x, on-curve fault check, output): 518 or 552.
 */
#include "op/op_p384_state.h"
#include "op/op_sig.h"

static int ecdh_step(void *vst) {
    p384_ecdh_state *st = (p384_ecdh_state *)vst;
    int rc;
    switch (st->phase) {
    case P384_ECDH_DECODE:
        rc = nbtls_p384_decoder_step(&st->u.dec);
        if (rc == NBTLS_DONE) {
            nbtls_p384_affine q = st->u.dec.q; /* the window overwrites it */
            nbtls_p384_window_start(&st->u.win, st->d, &q);
            nbtls_wipe(st->d, sizeof(st->d));
            st->phase = P384_ECDH_MUL;
            return NBTLS_IN_PROGRESS;
        }
        return rc;
    case P384_ECDH_MUL:
        if (nbtls_p384_window_step(&st->u.win)) {
            nbtls_p384_exp_start(&st->inv, &st->u.win.r.z,
                                 NBTLS_P384_EXP_P_INV);
            st->phase = P384_ECDH_INV;
        }
        return NBTLS_IN_PROGRESS;
    case P384_ECDH_INV:
        if (nbtls_p384_exp_step(&st->inv)) st->phase = P384_ECDH_FIN;
        return NBTLS_IN_PROGRESS;
    default: {
        nbtls_p384_affine s;
        nbtls_p384_to_affine(&s, &st->u.win.r, &st->inv.acc);
        /* Fault countermeasure: on the curve (infinity maps to (0, 0)). */
        nbtls_limb ok = nbtls_p384_affine_on_curve(&s);
        nbtls_p384_fe_to_bytes(st->out, &s.x);
        nbtls_wipe(&s, sizeof(s));
        nbtls_wipe(&st->u.win, sizeof(st->u.win));
        nbtls_wipe(&st->inv, sizeof(st->inv));
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
    const p384_ecdh_state *st = (const p384_ecdh_state *)vst;
    return nbtls_copy_out(st->out, sizeof(st->out), out, out_size, out_len);
}

static const nbtls_op_vtable ecdh_vt = {"p384-ecdh", ecdh_step, ecdh_result,
                                        NULL, NULL};

int nbtls_p384_ecdh_start(nbtls_op **op, const nbtls_key *priv,
                          const unsigned char *peer, size_t peer_len) {
    NBTLS_ENSURE(op != NULL && priv != NULL && peer != NULL,
                 NBTLS_E_INVALID_ARG);
    *op = NULL;
    NBTLS_ENSURE(priv->type == NBTLS_KEY_P384 && priv->has_private,
                 NBTLS_E_BAD_KEY);
    nbtls_p384_decoder dec;
    int rc;
    NBTLS_GUARD_GOTO(rc, nbtls_p384_decoder_start(&dec, peer, peer_len));
    NBTLS_GUARD_GOTO(rc, nbtls_op_new(op, &ecdh_vt, sizeof(p384_ecdh_state)));
    p384_ecdh_state *st = (p384_ecdh_state *)nbtls_op_state(*op);
    st->u.dec = dec;
    memcpy(st->d, priv->u.p384.priv, 48);
    st->phase = P384_ECDH_DECODE;
cleanup:
    nbtls_wipe(&dec, sizeof(dec));
    return rc;
}
