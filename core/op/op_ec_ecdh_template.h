/*
 * core/op: restartable ECDH for one curve, written once — a template
 * included (no include guard) by op_p256_ecdh.c and op_p384_ecdh.c after
 * the curve's bindings (ec/p256_curve.h, ec/p384_curve.h), which define
 * EC_NAME(x) (the decoder, the signed window, to_affine, affine_on_curve;
 * the op's entry point EC_NAME(ecdh_start)), EC_LABEL, EC_BYTES,
 * EC_FE_FN(to_bytes), EC_FE_INV_START, EC_FE_EXP_STEP, EC_KEY_TYPE and
 * EC_KEY_MEMBER, and after defining EC_ECDH_STATE, the name of the
 * curve's state (op_ec_state_template.h).
 *
 * Units: peer decoding (1 uncompressed, more for a compressed point), the
 * constant-time signed window, the inversion of Z, and 1 final unit
 * (affine x, on-curve fault check, output). The decoder and the window
 * share storage: the point is copied out of the decoder first.
 */

static int ecdh_step(void *vst) {
    EC_ECDH_STATE *st = (EC_ECDH_STATE *)vst;
    int rc;
    switch (st->phase) {
    case ECDH_DECODE:
        rc = EC_NAME(decoder_step)(&st->u.dec);
        if (rc == NBTLS_DONE) {
            EC_NAME(affine) q = st->u.dec.q; /* the window overwrites it */
            const unsigned char *d = st->key->u.EC_KEY_MEMBER.priv;
            EC_NAME(window_start)(&st->u.win, d, &q);
            st->phase = ECDH_MUL;
            return NBTLS_IN_PROGRESS;
        }
        return rc;
    case ECDH_MUL:
        if (EC_NAME(window_step)(&st->u.win)) {
            EC_FE_INV_START(&st->inv, &st->u.win.r.z);
            st->phase = ECDH_INV;
        }
        return NBTLS_IN_PROGRESS;
    case ECDH_INV:
        if (EC_FE_EXP_STEP(&st->inv)) st->phase = ECDH_FIN;
        return NBTLS_IN_PROGRESS;
    default: {
        EC_NAME(affine) s;
        EC_NAME(to_affine)(&s, &st->u.win.r, &st->inv.acc);
        /* Fault countermeasure: the result must be on the curve (infinity
         * maps to (0, 0), which is not). */
        nbtls_limb ok = EC_NAME(affine_on_curve)(&s);
        EC_FE_FN(to_bytes)(st->out, &s.x);
        nbtls_wipe(&s, sizeof(s));
        nbtls_wipe(&st->u.win, sizeof(st->u.win));
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
    const EC_ECDH_STATE *st = (const EC_ECDH_STATE *)vst;
    return nbtls_copy_out(st->out, sizeof(st->out), out, out_size, out_len);
}

/* The key reference is held until the op is freed. */
static void ecdh_release(void *vst) {
    EC_ECDH_STATE *st = (EC_ECDH_STATE *)vst;
    nbtls_key_free(st->key);
    st->key = NULL;
}

static const nbtls_op_vtable ecdh_vt = {EC_LABEL "-ecdh", ecdh_step,
                                        ecdh_result, NULL, ecdh_release};

int EC_NAME(ecdh_start)(nbtls_op **op, const nbtls_key *priv,
                        const unsigned char *peer, size_t peer_len) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    NBTLS_ENSURE(priv != NULL && peer != NULL, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(priv->type == EC_KEY_TYPE && priv->has_private,
                 NBTLS_E_BAD_KEY);
    EC_NAME(decoder) dec;
    int rc;
    NBTLS_GUARD_GOTO(rc, EC_NAME(decoder_start)(&dec, peer, peer_len));
    NBTLS_GUARD_GOTO(rc, nbtls_op_new(op, &ecdh_vt, sizeof(EC_ECDH_STATE)));
    EC_ECDH_STATE *st = (EC_ECDH_STATE *)nbtls_op_state(*op);
    st->u.dec = dec;
    st->key = nbtls_key_ref(priv);
    st->phase = ECDH_DECODE;
cleanup:
    nbtls_wipe(&dec, sizeof(dec));
    return rc;
}
