/*
 * core/op: restartable P-384 ECDSA signing (RFC 6979, deterministic or
 * hedged) and verification, behind the internal contract of op_sig.h (the
 * public nbtls_ecdsa_*_start() functions dispatch here on the key type).
 *
 * The nonce is RFC 6979's with qlen = 384 (ec/rfc6979.h, shared with
 * P-256): x = int2octets(d) and h1 = bits2octets(h) are 48 bytes; the
 * HMAC_DRBG hash is inferred from the digest length (20 SHA-1, 28 SHA-224,
 * 32 SHA-256, 48 SHA-384, 64 SHA-512, anything else SHA-256); a candidate
 * k takes ceil(48 / hlen) HMAC calls; hedged signing appends 32 random
 * bytes k' to the seed (RFC 6979 3.6).
 *
 * Sign units (no retry): 4 HMAC calls to seed K and V, 1 (SHA-384/512),
 * 2 (SHA-224/256) or 3 (SHA-1) per candidate k, 143 for R = k G (the
 * constant-time fixed-base comb), 33 for 1/Z, 1 for r (with the
 * R-on-curve fault check), 33 for k^-1 mod n, 1 for s, 1 for the
 * s k == e + r d fault check: 217 with SHA-384.
 * Verify units: 1 range check, 33 for s^-1, 1 for u1 and u2, the
 * variable-time double-scalar u1 G + u2 Q (2 recodings, 8 table points,
 * ~384 doubles and ~128 additions), 1 comparison: ~560.
 */
#include "op/op_p384_state.h"
#include "op/op_sig.h"

/* ---- Signing ------------------------------------------------------------- */

static void sign_wipe_secrets(p384_sign_state *st) {
    nbtls_wipe(&st->drbg, sizeof(st->drbg));
    nbtls_wipe(&st->d, sizeof(st->d));
    nbtls_wipe(&st->k_mont, sizeof(st->k_mont));
    nbtls_wipe(&st->kinv_mont, sizeof(st->kinv_mont));
    nbtls_wipe(&st->u, sizeof(st->u));
}

static int sign_step(void *vst) {
    p384_sign_state *st = (p384_sign_state *)vst;
    switch (st->phase) {
    case P384_SIGN_NONCE: {
        int rc = nbtls_rfc6979_step(&st->drbg);
        if (rc != NBTLS_DONE) return rc; /* IN_PROGRESS or an error */
        /* Whether k is in range is public (a rejected k is never used). */
        nbtls_p384_sc k;
        nbtls_limb ok = nbtls_p384_sc_from_bytes(&k, st->drbg.T);
        NBTLS_CT_PUBLIC(&ok, sizeof(ok));
        if (ok) {
            nbtls_p384_comb_start(&st->u.r.comb, st->drbg.T);
            nbtls_p384_sc_to_mont(&st->k_mont, &k);
            st->phase = P384_SIGN_MUL;
        } else {
            nbtls_rfc6979_retry(&st->drbg);
        }
        nbtls_wipe(&k, sizeof(k));
        return NBTLS_IN_PROGRESS;
    }
    case P384_SIGN_MUL:
        if (nbtls_p384_comb_step(&st->u.r.comb)) {
            nbtls_p384_exp_start(&st->u.r.inv, &st->u.r.comb.r.z,
                                 NBTLS_P384_EXP_P_INV);
            st->phase = P384_SIGN_INV;
        }
        return NBTLS_IN_PROGRESS;
    case P384_SIGN_INV:
        if (nbtls_p384_exp_step(&st->u.r.inv)) st->phase = P384_SIGN_R;
        return NBTLS_IN_PROGRESS;
    case P384_SIGN_R: {
        nbtls_p384_affine R;
        unsigned char xb[48];
        nbtls_p384_to_affine(&R, &st->u.r.comb.r, &st->u.r.inv.acc);
        nbtls_limb on = nbtls_p384_affine_on_curve(&R);
        nbtls_p384_fe_to_bytes(xb, &R.x);
        nbtls_p384_mp_from_be(st->r.w, xb);
        nbtls_p384_sc_reduce(&st->r, &st->r); /* x < p < 2n */
        nbtls_limb zero = nbtls_p384_sc_iszero(&st->r);
        nbtls_wipe(&R, sizeof(R));
        nbtls_wipe(xb, sizeof(xb));
        /* r is part of the signature; the checks are public. */
        NBTLS_CT_PUBLIC(&on, sizeof(on));
        NBTLS_CT_PUBLIC(&zero, sizeof(zero));
        NBTLS_CT_PUBLIC(&st->r, sizeof(st->r));
        NBTLS_ENSURE(on, NBTLS_E_INTERNAL);
        if (zero) {
            nbtls_rfc6979_retry(&st->drbg);
            st->phase = P384_SIGN_NONCE;
            return NBTLS_IN_PROGRESS;
        }
        nbtls_p384_exp_start(&st->u.kinv, &st->k_mont, NBTLS_P384_EXP_N_INV);
        st->phase = P384_SIGN_KINV;
        return NBTLS_IN_PROGRESS;
    }
    case P384_SIGN_KINV:
        if (nbtls_p384_exp_step(&st->u.kinv)) {
            st->kinv_mont = st->u.kinv.acc;
            st->phase = P384_SIGN_S;
        }
        return NBTLS_IN_PROGRESS;
    case P384_SIGN_S: {
        nbtls_p384_sc t, u, s;
        nbtls_p384_sc_to_mont(&t, &st->r);
        nbtls_p384_sc_to_mont(&u, &st->d);
        nbtls_p384_sc_mul_mont(&t, &t, &u); /* r d */
        nbtls_p384_sc_to_mont(&u, &st->e);
        nbtls_p384_sc_add(&t, &t, &u); /* e + r d */
        nbtls_p384_sc_mul_mont(&st->s_mont, &st->kinv_mont, &t);
        nbtls_p384_sc_from_mont(&s, &st->s_mont);
        nbtls_limb zero = nbtls_p384_sc_iszero(&s);
        NBTLS_CT_PUBLIC(&zero, sizeof(zero));
        nbtls_wipe(&t, sizeof(t));
        nbtls_wipe(&u, sizeof(u));
        nbtls_wipe(&s, sizeof(s));
        if (zero) nbtls_rfc6979_retry(&st->drbg);
        st->phase = zero ? P384_SIGN_NONCE : P384_SIGN_CHECK;
        return NBTLS_IN_PROGRESS;
    }
    default: { /* P384_SIGN_CHECK: s k == e + r d, recomputed from the inputs */
        nbtls_p384_sc lhs, rhs, u, s;
        nbtls_p384_sc_mul_mont(&lhs, &st->s_mont, &st->k_mont);
        nbtls_p384_sc_to_mont(&rhs, &st->d);
        nbtls_p384_sc_to_mont(&u, &st->r);
        nbtls_p384_sc_mul_mont(&rhs, &rhs, &u);
        nbtls_p384_sc_to_mont(&u, &st->e);
        nbtls_p384_sc_add(&rhs, &rhs, &u);
        nbtls_limb ok = nbtls_p384_sc_eq(&lhs, &rhs);
        nbtls_p384_sc_from_mont(&s, &st->s_mont);
        nbtls_p384_sc_to_bytes(st->sig, &st->r);
        nbtls_p384_sc_to_bytes(st->sig + 48, &s);
        nbtls_wipe(&lhs, sizeof(lhs));
        nbtls_wipe(&rhs, sizeof(rhs));
        nbtls_wipe(&u, sizeof(u));
        nbtls_wipe(&s, sizeof(s));
        NBTLS_CT_PUBLIC(&ok, sizeof(ok));
        NBTLS_CT_PUBLIC(st->sig, sizeof(st->sig));
        sign_wipe_secrets(st); /* the op may live on to hand out sig */
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
    const p384_sign_state *st = (const p384_sign_state *)vst;
    return nbtls_copy_out(st->sig, sizeof(st->sig), out, out_size, out_len);
}

static const nbtls_op_vtable sign_vt = {"p384-ecdsa-sign", sign_step,
                                        sign_result, NULL, NULL};

size_t nbtls_p384_ecdsa_sign_size(void) {
    return nbtls_op_size(sizeof(p384_sign_state));
}

int nbtls_p384_ecdsa_sign_at(nbtls_op **op, const nbtls_op_place *place,
                             const nbtls_key *priv, const unsigned char *hash,
                             size_t hash_len, int hedged, nbtls_rng_fn rng,
                             void *rng_ctx) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    NBTLS_ENSURE(priv != NULL && hash != NULL && hash_len > 0,
                 NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(priv->type == NBTLS_KEY_P384 && priv->has_private,
                 NBTLS_E_BAD_KEY);
    unsigned char extra[NBTLS_RFC6979_EXTRA_LEN], h1[48];
    int rc = NBTLS_DONE;
    if (hedged)
        NBTLS_GUARD_GOTO(rc, nbtls_rng_fill(rng, rng_ctx, extra, sizeof extra));
    NBTLS_GUARD_GOTO(
        rc, nbtls_op_new_at(op, place, &sign_vt, sizeof(p384_sign_state)));
    p384_sign_state *st = (p384_sign_state *)nbtls_op_state(*op);
    /* x = int2octets(d); h1 = bits2octets(h) = int2octets(bits2int(h) mod
     * n), which is also e. */
    nbtls_p384_mp_from_be(st->d.w, priv->u.p384.priv);
    nbtls_p384_sc_from_digest(&st->e, hash, hash_len);
    nbtls_p384_sc_to_bytes(h1, &st->e);
    nbtls_rfc6979_start(&st->drbg, 48, priv->u.p384.priv, h1, hash_len,
                        hedged ? extra : NULL);
    st->phase = P384_SIGN_NONCE;
cleanup:
    nbtls_wipe(extra, sizeof(extra));
    nbtls_wipe(h1, sizeof(h1));
    return rc;
}

/* ---- Verification (public data: variable time is fine) ------------------ */

enum { VER_RANGE, VER_SINV, VER_U, VER_MUL, VER_CMP };

typedef struct {
    uint8_t phase;
    unsigned char sig[96];
    nbtls_p384_sc e, r, s; /* plain */
    nbtls_p384_affine q;
    union {
        nbtls_p384_exp sinv;
        nbtls_p384_dual dual;
    } u;
} verify_state;

static int verify_step(void *vst) {
    verify_state *st = (verify_state *)vst;
    switch (st->phase) {
    case VER_RANGE: {
        nbtls_limb okr = nbtls_p384_sc_from_bytes(&st->r, st->sig);
        nbtls_limb oks = nbtls_p384_sc_from_bytes(&st->s, st->sig + 48);
        NBTLS_ENSURE(okr && oks, NBTLS_E_BAD_SIGNATURE);
        nbtls_p384_sc sm;
        nbtls_p384_sc_to_mont(&sm, &st->s);
        nbtls_p384_exp_start(&st->u.sinv, &sm, NBTLS_P384_EXP_N_INV);
        st->phase = VER_SINV;
        return NBTLS_IN_PROGRESS;
    }
    case VER_SINV:
        if (nbtls_p384_exp_step(&st->u.sinv)) st->phase = VER_U;
        return NBTLS_IN_PROGRESS;
    case VER_U: {
        /* u1 = e w, u2 = r w with w = s^-1 (Montgomery): plain results. */
        nbtls_p384_sc t;
        unsigned char u1[48], u2[48];
        nbtls_p384_sc_mul_mont(&t, &st->e, &st->u.sinv.acc);
        nbtls_p384_sc_to_bytes(u1, &t);
        nbtls_p384_sc_mul_mont(&t, &st->r, &st->u.sinv.acc);
        nbtls_p384_sc_to_bytes(u2, &t);
        nbtls_p384_dual_start(&st->u.dual, u1, u2, &st->q);
        st->phase = VER_MUL;
        return NBTLS_IN_PROGRESS;
    }
    case VER_MUL:
        if (nbtls_p384_dual_step(&st->u.dual)) st->phase = VER_CMP;
        return NBTLS_IN_PROGRESS;
    default: {
        /* x(R) mod n == r without inverting Z: X == r Z, or, when
         * r + n < p, X == (r + n) Z. Infinity never verifies. */
        const nbtls_p384_point *R = &st->u.dual.r;
        nbtls_p384_fe t, rn;
        NBTLS_ENSURE(!nbtls_p384_fe_iszero(&R->z), NBTLS_E_BAD_SIGNATURE);
        nbtls_p384_fe_from_plain(&t, &st->r);
        nbtls_p384_fe_mul(&t, &t, &R->z);
        if (nbtls_p384_fe_eq(&t, &R->x)) return NBTLS_DONE;
        nbtls_limb carry = nbtls_p384_mp_add(rn.w, st->r.w, nbtls_p384_sc_n.w);
        if (carry || !nbtls_p384_mp_lt(rn.w, nbtls_p384_fe_p.w))
            return NBTLS_E_BAD_SIGNATURE;
        nbtls_p384_fe_from_plain(&t, &rn);
        nbtls_p384_fe_mul(&t, &t, &R->z);
        NBTLS_ENSURE(nbtls_p384_fe_eq(&t, &R->x), NBTLS_E_BAD_SIGNATURE);
        return NBTLS_DONE;
    }
    }
}

static const nbtls_op_vtable verify_vt = {"p384-ecdsa-verify", verify_step,
                                          NULL, NULL, NULL};

size_t nbtls_p384_ecdsa_verify_size(void) {
    return nbtls_op_size(sizeof(verify_state));
}

int nbtls_p384_ecdsa_verify_at(nbtls_op **op, const nbtls_op_place *place,
                               const nbtls_key *pub, const unsigned char *hash,
                               size_t hash_len, const unsigned char *sig) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    NBTLS_ENSURE(pub != NULL && hash != NULL && hash_len > 0 && sig != NULL,
                 NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(pub->type == NBTLS_KEY_P384, NBTLS_E_BAD_KEY);
    NBTLS_GUARD(nbtls_op_new_at(op, place, &verify_vt, sizeof(verify_state)));
    verify_state *st = (verify_state *)nbtls_op_state(*op);
    memcpy(st->sig, sig, 96);
    nbtls_p384_sc_from_digest(&st->e, hash, hash_len);
    nbtls_p384_key_point(pub, &st->q);
    st->phase = VER_RANGE;
    return NBTLS_DONE;
}
