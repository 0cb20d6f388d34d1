/*
 * core/op: restartable ECDSA signing (RFC 6979, deterministic or hedged)
 * and verification for one curve, written once — a template included (no
 * include guard) by op_p256_ecdsa.c and op_p384_ecdsa.c after the curve's
 * bindings (ec/p256_curve.h, ec/p384_curve.h), which define EC_NAME(x)
 * (comb, dual, to_affine, affine_on_curve, key_point; the entry points
 * EC_NAME(ecdsa_sign_at) ... of op_sig.h), EC_LABEL, EC_BYTES, EC_FE,
 * EC_FE_FN(x), EC_SC, EC_SC_FN(x), EC_MP_FN(x), EC_FE_INV_START,
 * EC_FE_EXP_STEP, EC_SC_INV_START, EC_SC_INV_STEP, EC_KEY_TYPE and
 * EC_KEY_MEMBER, and after defining EC_SIGN_STATE, the name of the
 * curve's signing state (op_ec_state_template.h).
 * Preconditions: p < 2n (r = x(R) mod n by one conditional subtraction),
 * 2^(8 EC_BYTES) < 2n (bits2int, see the scalar headers).
 *
 * The nonce is RFC 6979's (ec/rfc6979.h) with qlen = 8 EC_BYTES: x =
 * int2octets(d) and h1 = bits2octets(h); the HMAC_DRBG hash is inferred
 * from the digest length; hedged signing appends 32 random bytes k' to the
 * seed (RFC 6979 3.6).
 *
 * Sign units (no retry): 4 HMAC calls to seed K and V, ceil(EC_BYTES /
 * hlen) per candidate k, the comb for R = k G, the inversion of Z, 1 for
 * r (with the R-on-curve fault check), the inversion of k mod n, 1 for s,
 * 1 for the s k == e + r d fault check; deterministic signing (no k') then
 * verifies r || s against the public key before release, as verification
 * does below (the inversion of s, 1 for u1 and u2, the double-scalar
 * multiplication, 1 comparison): that check is what catches a faulted but
 * valid R (e.g. a skipped comb addition) or a corrupted d, which pass the
 * two above and would give the key away with one good signature of the
 * same digest. Its variable-time multiplication only sees the signature
 * and public values. Hedged signing skips it (a fresh nonce each time; the
 * choice is documented in nbtls.h).
 * Verify units: 1 range check, the inversion of s mod n, 1 for u1 and u2,
 * the variable-time double-scalar u1 G + u2 Q, 1 comparison.
 */

/* ---- Shared by verification and the check of deterministic signing -------
 * (public data only: variable time is acceptable) */

/* Start u1 G + u2 Q with u1 = e w, u2 = r w, w = s^-1 in Montgomery form
 * (the Montgomery product of a plain and a Montgomery value is plain). */
static void verify_u(EC_NAME(dual) * d, const EC_SC *e, const EC_SC *r,
                     const EC_SC *w, const EC_NAME(affine) * q) {
    EC_SC t;
    unsigned char u1[EC_BYTES], u2[EC_BYTES];
    EC_SC_FN(mul_mont)(&t, e, w);
    EC_SC_FN(to_bytes)(u1, &t);
    EC_SC_FN(mul_mont)(&t, r, w);
    EC_SC_FN(to_bytes)(u2, &t);
    EC_NAME(dual_start)(d, u1, u2, q);
}

/* 1 if x(R) mod n == r, without inverting Z: X == r Z, or, when r + n < p,
 * X == (r + n) Z. Infinity (Z = 0) never matches. */
static int verify_cmp(const EC_NAME(point) * R, const EC_SC *r) {
    EC_FE rf, t, rn;
    if (EC_FE_FN(iszero)(&R->z)) return 0;
    memcpy(rf.w, r->w, sizeof(rf.w));
    EC_FE_FN(from_plain)(&t, &rf);
    EC_FE_FN(mul)(&t, &t, &R->z);
    if (EC_FE_FN(eq)(&t, &R->x)) return 1;
    nbtls_limb carry = EC_MP_FN(add)(rn.w, r->w, EC_SC_FN(n).w);
    if (carry || !EC_MP_FN(lt)(rn.w, EC_FE_FN(p).w)) return 0;
    EC_FE_FN(from_plain)(&t, &rn);
    EC_FE_FN(mul)(&t, &t, &R->z);
    return EC_FE_FN(eq)(&t, &R->x) ? 1 : 0;
}

/* ---- Signing ------------------------------------------------------------- */

static int sign_step(void *vst) {
    EC_SIGN_STATE *st = (EC_SIGN_STATE *)vst;
    switch (st->phase) {
    case SIGN_NONCE: {
        int rc = nbtls_rfc6979_step(&st->drbg);
        if (rc != NBTLS_DONE) return rc; /* IN_PROGRESS or an error */
        /* Whether k is in range is public (a rejected candidate is never
         * used). */
        EC_SC k;
        nbtls_limb ok = EC_SC_FN(from_bytes)(&k, st->drbg.T);
        NBTLS_CT_PUBLIC(&ok, sizeof(ok));
        if (ok) {
            EC_NAME(comb_start)(&st->u.r.comb, st->drbg.T);
            EC_SC_FN(to_mont)(&st->k_mont, &k);
            st->phase = SIGN_MUL;
        } else {
            nbtls_rfc6979_retry(&st->drbg);
        }
        nbtls_wipe(&k, sizeof(k));
        return NBTLS_IN_PROGRESS;
    }
    case SIGN_MUL:
        if (EC_NAME(comb_step)(&st->u.r.comb)) {
            EC_FE_INV_START(&st->u.r.inv, &st->u.r.comb.r.z);
            st->phase = SIGN_INV;
        }
        return NBTLS_IN_PROGRESS;
    case SIGN_INV:
        if (EC_FE_EXP_STEP(&st->u.r.inv)) st->phase = SIGN_R;
        return NBTLS_IN_PROGRESS;
    case SIGN_R: {
        EC_NAME(affine) R;
        unsigned char xb[EC_BYTES];
        EC_NAME(to_affine)(&R, &st->u.r.comb.r, &st->u.r.inv.acc);
        nbtls_limb on = EC_NAME(affine_on_curve)(&R);
        EC_FE_FN(to_bytes)(xb, &R.x);
        EC_MP_FN(from_be)(st->r.w, xb);
        EC_SC_FN(reduce)(&st->r, &st->r); /* x < p < 2n */
        nbtls_limb zero = EC_SC_FN(iszero)(&st->r);
        nbtls_wipe(&R, sizeof(R));
        nbtls_wipe(xb, sizeof(xb));
        /* r is part of the signature; the fault check and the (negligibly
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
        EC_SC_INV_START(&st->u.kinv, &st->k_mont);
        st->phase = SIGN_KINV;
        return NBTLS_IN_PROGRESS;
    }
    case SIGN_KINV:
        if (EC_SC_INV_STEP(&st->u.kinv)) {
            st->kinv_mont = st->u.kinv.acc;
            st->phase = SIGN_S;
        }
        return NBTLS_IN_PROGRESS;
    case SIGN_S: {
        EC_SC t, u, s;
        EC_SC_FN(to_mont)(&t, &st->r);
        EC_MP_FN(from_be)(u.w, st->key->u.EC_KEY_MEMBER.priv); /* d */
        EC_SC_FN(to_mont)(&u, &u);
        EC_SC_FN(mul_mont)(&t, &t, &u); /* r d */
        EC_SC_FN(to_mont)(&u, &st->e);
        EC_SC_FN(add)(&t, &t, &u); /* e + r d */
        EC_SC_FN(mul_mont)(&st->s_mont, &st->kinv_mont, &t);
        EC_SC_FN(from_mont)(&s, &st->s_mont);
        nbtls_limb zero = EC_SC_FN(iszero)(&s);
        NBTLS_CT_PUBLIC(&zero, sizeof(zero));
        nbtls_wipe(&t, sizeof(t));
        nbtls_wipe(&u, sizeof(u));
        nbtls_wipe(&s, sizeof(s));
        if (zero) nbtls_rfc6979_retry(&st->drbg);
        st->phase = zero ? SIGN_NONCE : SIGN_CHECK;
        return NBTLS_IN_PROGRESS;
    }
    case SIGN_CHECK: {
        /* Recompute e + r d from the stored inputs and compare with s k:
         * a fault in the inversion or in s would show here. */
        EC_SC lhs, rhs, u, s;
        EC_SC_FN(mul_mont)(&lhs, &st->s_mont, &st->k_mont);
        EC_MP_FN(from_be)(u.w, st->key->u.EC_KEY_MEMBER.priv); /* d */
        EC_SC_FN(to_mont)(&rhs, &u);
        EC_SC_FN(to_mont)(&u, &st->r);
        EC_SC_FN(mul_mont)(&rhs, &rhs, &u);
        EC_SC_FN(to_mont)(&u, &st->e);
        EC_SC_FN(add)(&rhs, &rhs, &u);
        nbtls_limb ok = EC_SC_FN(eq)(&lhs, &rhs);
        EC_SC_FN(from_mont)(&s, &st->s_mont);
        EC_SC_FN(to_bytes)(st->sig, &st->r);
        EC_SC_FN(to_bytes)(st->sig + EC_BYTES, &s);
        nbtls_wipe(&lhs, sizeof(lhs));
        nbtls_wipe(&rhs, sizeof(rhs));
        nbtls_wipe(&u, sizeof(u));
        nbtls_wipe(&s, sizeof(s));
        NBTLS_CT_PUBLIC(&ok, sizeof(ok));
        NBTLS_CT_PUBLIC(st->sig, sizeof(st->sig));
        /* Wipe the secrets now: the op may live on to hand out sig. */
        nbtls_wipe(&st->drbg, sizeof(st->drbg));
        nbtls_wipe(&st->k_mont, sizeof(st->k_mont));
        nbtls_wipe(&st->kinv_mont, sizeof(st->kinv_mont));
        nbtls_wipe(&st->u, sizeof(st->u));
        if (!ok) {
            nbtls_wipe(st->sig, sizeof(st->sig));
            return NBTLS_E_INTERNAL;
        }
        if (!st->verify) return NBTLS_DONE;
        /* The verification sees only public values: s (in the signature),
         * e (the digest) and the public point. */
        NBTLS_CT_PUBLIC(&st->s_mont, sizeof(st->s_mont));
        NBTLS_CT_PUBLIC(&st->e, sizeof(st->e));
        NBTLS_CT_PUBLIC(&st->q, sizeof(st->q));
        EC_SC_INV_START(&st->u.kinv, &st->s_mont);
        st->phase = SIGN_VINV;
        return NBTLS_IN_PROGRESS;
    }
    case SIGN_VINV:
        if (EC_SC_INV_STEP(&st->u.kinv)) st->phase = SIGN_VU;
        return NBTLS_IN_PROGRESS;
    case SIGN_VU: {
        EC_SC w = st->u.kinv.acc;
        verify_u(&st->u.dual, &st->e, &st->r, &w, &st->q);
        st->phase = SIGN_VMUL;
        return NBTLS_IN_PROGRESS;
    }
    case SIGN_VMUL:
        if (EC_NAME(dual_step)(&st->u.dual)) st->phase = SIGN_VCMP;
        return NBTLS_IN_PROGRESS;
    default: { /* SIGN_VCMP */
        int ok = verify_cmp(&st->u.dual.r, &st->r);
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
    const EC_SIGN_STATE *st = (const EC_SIGN_STATE *)vst;
    return nbtls_copy_out(st->sig, sizeof(st->sig), out, out_size, out_len);
}

/* The key reference is held until the op is freed. */
static void sign_release(void *vst) {
    EC_SIGN_STATE *st = (EC_SIGN_STATE *)vst;
    nbtls_key_free(st->key);
    st->key = NULL;
}

static const nbtls_op_vtable sign_vt = {EC_LABEL "-ecdsa-sign", sign_step,
                                        sign_result, NULL, sign_release};

size_t EC_NAME(ecdsa_sign_size)(void) {
    return nbtls_op_size(sizeof(EC_SIGN_STATE));
}

int EC_NAME(ecdsa_sign_at)(nbtls_op **op, const nbtls_op_place *place,
                           const nbtls_key *priv, const unsigned char *hash,
                           size_t hash_len, const unsigned char *extra) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    /* Only the digest lengths of the hashes RFC 6979 can use (SHA-1,
     * SHA-224, SHA-256, SHA-384, SHA-512). */
    NBTLS_ENSURE(priv != NULL && hash != NULL &&
                     nbtls_ecdsa_sign_digest_len_ok(hash_len),
                 NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(priv->type == EC_KEY_TYPE && priv->has_private,
                 NBTLS_E_BAD_KEY);
    unsigned char h1[EC_BYTES];
    int rc = NBTLS_DONE;
    NBTLS_GUARD_GOTO(
        rc, nbtls_op_new_at(op, place, &sign_vt, sizeof(EC_SIGN_STATE)));
    EC_SIGN_STATE *st = (EC_SIGN_STATE *)nbtls_op_state(*op);
    if (extra == NULL) {
        /* Deterministic: the signature is verified against the public key
         * before release (a fault in R or d would otherwise give the key
         * away with one good signature of the same digest). */
        st->verify = 1;
        EC_NAME(key_point)(priv, &st->q);
    }
    /* x = int2octets(d); h1 = bits2octets(h) = int2octets(bits2int(h) mod
     * n), which is also e (RFC 6979 2.3.4; FIPS 186-5 6.4.1). */
    st->key = nbtls_key_ref(priv);
    EC_SC_FN(from_digest)(&st->e, hash, hash_len);
    EC_SC_FN(to_bytes)(h1, &st->e);
    nbtls_rfc6979_start(&st->drbg, EC_BYTES, priv->u.EC_KEY_MEMBER.priv, h1,
                        hash_len, extra);
    st->phase = SIGN_NONCE;
cleanup:
    nbtls_wipe(h1, sizeof(h1));
    return rc;
}

/* ---- Verification (public data only: variable time is acceptable, but
 * the multiplications used are the constant-time ones) ----------------------
 */

enum { VER_RANGE, VER_SINV, VER_U, VER_MUL, VER_CMP };

typedef struct {
    uint8_t phase;
    unsigned char sig[2 * EC_BYTES];
    EC_SC e, r, s; /* plain */
    EC_NAME(affine) q;
    union { /* used one after the other */
        EC_SC_INV sinv;
        EC_NAME(dual) dual;
    } u;
} verify_state;

static int verify_step(void *vst) {
    verify_state *st = (verify_state *)vst;
    switch (st->phase) {
    case VER_RANGE: {
        nbtls_limb okr = EC_SC_FN(from_bytes)(&st->r, st->sig);
        nbtls_limb oks = EC_SC_FN(from_bytes)(&st->s, st->sig + EC_BYTES);
        NBTLS_ENSURE(okr && oks, NBTLS_E_BAD_SIGNATURE);
        EC_SC sm;
        EC_SC_FN(to_mont)(&sm, &st->s);
        EC_SC_INV_START(&st->u.sinv, &sm);
        st->phase = VER_SINV;
        return NBTLS_IN_PROGRESS;
    }
    case VER_SINV:
        if (EC_SC_INV_STEP(&st->u.sinv)) st->phase = VER_U;
        return NBTLS_IN_PROGRESS;
    case VER_U: {
        EC_SC w = st->u.sinv.acc; /* s^-1 (Montgomery) */
        verify_u(&st->u.dual, &st->e, &st->r, &w, &st->q);
        st->phase = VER_MUL;
        return NBTLS_IN_PROGRESS;
    }
    case VER_MUL:
        if (EC_NAME(dual_step)(&st->u.dual)) st->phase = VER_CMP;
        return NBTLS_IN_PROGRESS;
    default:
        return verify_cmp(&st->u.dual.r, &st->r) ? NBTLS_DONE
                                                 : NBTLS_E_BAD_SIGNATURE;
    }
}

static const nbtls_op_vtable verify_vt = {EC_LABEL "-ecdsa-verify", verify_step,
                                          NULL, NULL, NULL};

size_t EC_NAME(ecdsa_verify_size)(void) {
    return nbtls_op_size(sizeof(verify_state));
}

int EC_NAME(ecdsa_verify_at)(nbtls_op **op, const nbtls_op_place *place,
                             const nbtls_key *pub, const unsigned char *hash,
                             size_t hash_len, const unsigned char *sig) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    NBTLS_ENSURE(pub != NULL && hash != NULL && hash_len > 0 && sig != NULL,
                 NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(pub->type == EC_KEY_TYPE, NBTLS_E_BAD_KEY);
    NBTLS_GUARD(nbtls_op_new_at(op, place, &verify_vt, sizeof(verify_state)));
    verify_state *st = (verify_state *)nbtls_op_state(*op);
    memcpy(st->sig, sig, 2 * EC_BYTES);
    EC_SC_FN(from_digest)(&st->e, hash, hash_len);
    EC_NAME(key_point)(pub, &st->q);
    st->phase = VER_RANGE;
    return NBTLS_DONE;
}
