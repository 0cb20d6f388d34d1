/*
 * core/op: restartable P-256 ECDSA signing (RFC 6979, deterministic or
 * hedged) and verification.
 *
 * The nonce is RFC 6979's (ec/rfc6979.h, shared with P-384), with the
 * HMAC hash inferred from the digest length.
 *
 * Sign units (no retry, hlen >= 32): 4 HMAC calls to seed K and V, 1 HMAC
 * call per candidate k (2 for SHA-224), 95 comb, 17 inversion of Z, 1 for
 * r (with the R-on-curve fault check), 22 for k^-1 mod n, 1 for s, 1 for
 * the s*k == e + r*d fault check: 142.
 * Verify units: 1 range check, 22 for s^-1, 1 for u1 and u2, then the
 * variable-time double-scalar u1 G + u2 Q (p256_point.h: 2 recodings, 8
 * table points, ~255 doubles and ~86 additions), 1 comparison: ~375.
 */
#include "op/op_p256.h"
#include "op/op_p256_sign.h"
#include "op/op_sig.h"

/* ---- Signing ------------------------------------------------------------- */

static int sign_step(void *vst) {
    sign_state *st = (sign_state *)vst;
    switch (st->phase) {
    case SIGN_NONCE: {
        int rc = nbtls_rfc6979_step(&st->drbg);
        if (rc != NBTLS_DONE) return rc; /* IN_PROGRESS or an error */
        /* Whether k is in range is public (a rejected candidate is never
         * used). */
        nbtls_sc k;
        nbtls_limb ok = nbtls_sc_from_bytes(&k, st->drbg.T);
        NBTLS_CT_PUBLIC(&ok, sizeof(ok));
        if (ok) {
            nbtls_p256_comb_start(&st->u.r.comb, st->drbg.T);
            nbtls_sc_to_mont(&st->k_mont, &k);
            st->phase = SIGN_COMB;
        } else {
            nbtls_rfc6979_retry(&st->drbg);
        }
        nbtls_wipe(&k, sizeof(k));
        return NBTLS_IN_PROGRESS;
    }
    case SIGN_COMB:
        if (nbtls_p256_comb_step(&st->u.r.comb)) {
            nbtls_fe_exp_start(&st->u.r.inv, &st->u.r.comb.r.z,
                               NBTLS_FE_EXP_INV);
            st->phase = SIGN_INV;
        }
        return NBTLS_IN_PROGRESS;
    case SIGN_INV:
        if (nbtls_fe_exp_step(&st->u.r.inv)) st->phase = SIGN_R;
        return NBTLS_IN_PROGRESS;
    case SIGN_R: {
        nbtls_p256_affine R;
        unsigned char xb[32];
        nbtls_p256_to_affine(&R, &st->u.r.comb.r, &st->u.r.inv.acc);
        nbtls_limb on = nbtls_p256_affine_on_curve(&R);
        nbtls_fe_to_bytes(xb, &R.x);
        nbtls_limbs_from_be(st->r.w, xb);
        nbtls_sc_reduce(&st->r, &st->r); /* x < p < 2n */
        nbtls_limb zero = nbtls_sc_iszero(&st->r);
        nbtls_wipe(&R, sizeof(R));
        nbtls_wipe(xb, sizeof(xb));
        /* r is part of the signature; the fault check and the (2^-256
         * rare) r == 0 retry are public. */
        NBTLS_CT_PUBLIC(&on, sizeof(on));
        NBTLS_CT_PUBLIC(&zero, sizeof(zero));
        NBTLS_CT_PUBLIC(&st->r, sizeof(st->r));
        NBTLS_ENSURE(on, NBTLS_E_INTERNAL);
        if (zero) {
            nbtls_rfc6979_retry(&st->drbg);
            st->phase = SIGN_NONCE;
            return NBTLS_IN_PROGRESS;
        }
        nbtls_sc_inv_start(&st->u.kinv, &st->k_mont);
        st->phase = SIGN_KINV;
        return NBTLS_IN_PROGRESS;
    }
    case SIGN_KINV:
        if (nbtls_sc_inv_step(&st->u.kinv)) {
            st->kinv_mont = st->u.kinv.acc;
            st->phase = SIGN_S;
        }
        return NBTLS_IN_PROGRESS;
    case SIGN_S: {
        nbtls_sc t, u, s;
        nbtls_sc_to_mont(&t, &st->r);
        nbtls_sc_to_mont(&u, &st->d);
        nbtls_sc_mul_mont(&t, &t, &u); /* r d */
        nbtls_sc_to_mont(&u, &st->e);
        nbtls_sc_add(&t, &t, &u); /* e + r d */
        nbtls_sc_mul_mont(&st->s_mont, &st->kinv_mont, &t);
        nbtls_sc_from_mont(&s, &st->s_mont);
        nbtls_limb zero = nbtls_sc_iszero(&s);
        NBTLS_CT_PUBLIC(&zero, sizeof(zero));
        nbtls_wipe(&t, sizeof(t));
        nbtls_wipe(&u, sizeof(u));
        nbtls_wipe(&s, sizeof(s));
        if (zero) nbtls_rfc6979_retry(&st->drbg);
        st->phase = zero ? SIGN_NONCE : SIGN_CHECK;
        return NBTLS_IN_PROGRESS;
    }
    default: { /* SIGN_CHECK */
        /* Recompute e + r d from the stored inputs and compare with s k:
         * a fault in the inversion or in s would show here. */
        nbtls_sc lhs, rhs, u, s;
        nbtls_sc_mul_mont(&lhs, &st->s_mont, &st->k_mont);
        nbtls_sc_to_mont(&rhs, &st->d);
        nbtls_sc_to_mont(&u, &st->r);
        nbtls_sc_mul_mont(&rhs, &rhs, &u);
        nbtls_sc_to_mont(&u, &st->e);
        nbtls_sc_add(&rhs, &rhs, &u);
        nbtls_limb ok = nbtls_sc_eq(&lhs, &rhs);
        nbtls_sc_from_mont(&s, &st->s_mont);
        nbtls_sc_to_bytes(st->sig, &st->r);
        nbtls_sc_to_bytes(st->sig + 32, &s);
        nbtls_wipe(&lhs, sizeof(lhs));
        nbtls_wipe(&rhs, sizeof(rhs));
        nbtls_wipe(&u, sizeof(u));
        nbtls_wipe(&s, sizeof(s));
        NBTLS_CT_PUBLIC(&ok, sizeof(ok));
        NBTLS_CT_PUBLIC(st->sig, sizeof(st->sig));
        /* Wipe the secrets now: the op may live on to hand out sig. */
        nbtls_wipe(&st->drbg, sizeof(st->drbg));
        nbtls_wipe(&st->d, sizeof(st->d));
        nbtls_wipe(&st->k_mont, sizeof(st->k_mont));
        nbtls_wipe(&st->kinv_mont, sizeof(st->kinv_mont));
        nbtls_wipe(&st->u, sizeof(st->u));
        if (!ok) {
            nbtls_wipe(st->sig, sizeof(st->sig));
            return NBTLS_E_INTERNAL;
        }
        return NBTLS_DONE;
    }
    }
}

static int sign_result(const void *vst, unsigned char *out, size_t out_size,
                       size_t *out_len) {
    const sign_state *st = (const sign_state *)vst;
    return nbtls_copy_out(st->sig, sizeof(st->sig), out, out_size, out_len);
}

static const nbtls_op_vtable sign_vt = {"p256-ecdsa-sign", sign_step,
                                        sign_result, NULL, NULL};

size_t nbtls_p256_ecdsa_sign_size(void) {
    return nbtls_op_size(sizeof(sign_state));
}

int nbtls_p256_ecdsa_sign_at(nbtls_op **op, const nbtls_op_place *place,
                             const nbtls_key *priv, const unsigned char *hash,
                             size_t hash_len, int hedged, nbtls_rng_fn rng,
                             void *rng_ctx) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    NBTLS_ENSURE(priv != NULL && hash != NULL && hash_len > 0,
                 NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(priv->type == NBTLS_KEY_P256 && priv->has_private,
                 NBTLS_E_BAD_KEY);
    unsigned char extra[32];
    int rc = NBTLS_DONE;
    if (hedged) NBTLS_GUARD_GOTO(rc, nbtls_rng_fill(rng, rng_ctx, extra, 32));
    NBTLS_GUARD_GOTO(rc,
                     nbtls_op_new_at(op, place, &sign_vt, sizeof(sign_state)));
    sign_state *st = (sign_state *)nbtls_op_state(*op);
    /* x = int2octets(d); h1 = bits2octets(h) = int2octets(bits2int(h) mod
     * n), which is also e (RFC 6979 2.3.4; FIPS 186-5 6.4.1). */
    unsigned char h1[32];
    nbtls_limbs_from_be(st->d.w, priv->u.p256.priv);
    nbtls_sc_from_digest(&st->e, hash, hash_len);
    nbtls_sc_to_bytes(h1, &st->e);
    nbtls_rfc6979_start(&st->drbg, 32, priv->u.p256.priv, h1, hash_len,
                        hedged ? extra : NULL);
    st->phase = SIGN_NONCE;
cleanup:
    nbtls_wipe(extra, sizeof(extra));
    return rc;
}

/* ---- Verification (public data only: variable time is acceptable, but
 * the multiplications used are the constant-time ones) ----------------------
 */

enum { VER_RANGE, VER_SINV, VER_U, VER_MUL, VER_CMP };

typedef struct {
    uint8_t phase;
    unsigned char sig[64];
    nbtls_sc e, r, s; /* plain */
    nbtls_p256_affine q;
    union { /* used one after the other */
        nbtls_sc_inv sinv;
        nbtls_p256_dual dual;
    } u;
} verify_state;

static int verify_step(void *vst) {
    verify_state *st = (verify_state *)vst;
    switch (st->phase) {
    case VER_RANGE: {
        nbtls_limb okr = nbtls_sc_from_bytes(&st->r, st->sig);
        nbtls_limb oks = nbtls_sc_from_bytes(&st->s, st->sig + 32);
        NBTLS_ENSURE(okr && oks, NBTLS_E_BAD_SIGNATURE);
        nbtls_sc sm;
        nbtls_sc_to_mont(&sm, &st->s);
        nbtls_sc_inv_start(&st->u.sinv, &sm);
        st->phase = VER_SINV;
        return NBTLS_IN_PROGRESS;
    }
    case VER_SINV:
        if (nbtls_sc_inv_step(&st->u.sinv)) st->phase = VER_U;
        return NBTLS_IN_PROGRESS;
    case VER_U: {
        /* w = s^-1 (Montgomery); u1 = e w, u2 = r w (plain: the Montgomery
         * product of a plain and a Montgomery value is plain). */
        nbtls_sc t;
        unsigned char u1[32], u2[32];
        nbtls_sc_mul_mont(&t, &st->e, &st->u.sinv.acc);
        nbtls_sc_to_bytes(u1, &t);
        nbtls_sc_mul_mont(&t, &st->r, &st->u.sinv.acc);
        nbtls_sc_to_bytes(u2, &t);
        nbtls_p256_dual_start(&st->u.dual, u1, u2, &st->q);
        st->phase = VER_MUL;
        return NBTLS_IN_PROGRESS;
    }
    case VER_MUL:
        if (nbtls_p256_dual_step(&st->u.dual)) st->phase = VER_CMP;
        return NBTLS_IN_PROGRESS;
    default: {
        /* x(R) mod n == r without inverting Z: X == r Z, or, when
         * r + n < p, X == (r + n) Z. Infinity (Z = 0) never verifies. */
        const nbtls_p256_point *R = &st->u.dual.r;
        nbtls_fe rf, t;
        NBTLS_ENSURE(!nbtls_fe_iszero(&R->z), NBTLS_E_BAD_SIGNATURE);
        memcpy(rf.w, st->r.w, sizeof(rf.w));
        nbtls_fe_from_plain(&t, &rf);
        nbtls_fe_mul(&t, &t, &R->z);
        if (nbtls_fe_eq(&t, &R->x)) return NBTLS_DONE;
        nbtls_fe rn;
        nbtls_limb carry = nbtls_limbs_add(rn.w, st->r.w, nbtls_sc_n.w);
        if (carry || !nbtls_limbs_lt(rn.w, nbtls_fe_p.w))
            return NBTLS_E_BAD_SIGNATURE;
        nbtls_fe_from_plain(&t, &rn);
        nbtls_fe_mul(&t, &t, &R->z);
        NBTLS_ENSURE(nbtls_fe_eq(&t, &R->x), NBTLS_E_BAD_SIGNATURE);
        return NBTLS_DONE;
    }
    }
}

static const nbtls_op_vtable verify_vt = {"p256-ecdsa-verify", verify_step,
                                          NULL, NULL, NULL};

size_t nbtls_p256_ecdsa_verify_size(void) {
    return nbtls_op_size(sizeof(verify_state));
}

int nbtls_p256_ecdsa_verify_at(nbtls_op **op, const nbtls_op_place *place,
                               const nbtls_key *pub, const unsigned char *hash,
                               size_t hash_len, const unsigned char *sig) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    NBTLS_ENSURE(pub != NULL && hash != NULL && hash_len > 0 && sig != NULL,
                 NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(pub->type == NBTLS_KEY_P256, NBTLS_E_BAD_KEY);
    NBTLS_GUARD(nbtls_op_new_at(op, place, &verify_vt, sizeof(verify_state)));
    verify_state *st = (verify_state *)nbtls_op_state(*op);
    memcpy(st->sig, sig, 64);
    nbtls_sc_from_digest(&st->e, hash, hash_len);
    nbtls_p256_key_point(pub, &st->q);
    st->phase = VER_RANGE;
    return NBTLS_DONE;
}
