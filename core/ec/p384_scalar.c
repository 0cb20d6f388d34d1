/* core/ec: P-384 scalar arithmetic. See p384_scalar.h. */
#include "ec/p384_scalar.h"
#include "ec/p384_consts.h"

const nbtls_p384_sc nbtls_p384_sc_n = {NBTLS_P384_N_LIMBS};
static const nbtls_p384_sc sc_rr = {NBTLS_P384_N_RR_LIMBS};

nbtls_limb nbtls_p384_sc_from_bytes(nbtls_p384_sc *z,
                                    const unsigned char in[48]) {
    nbtls_p384_mp_from_be(z->w, in);
    return nbtls_p384_mp_lt(z->w, nbtls_p384_sc_n.w) &
           ~nbtls_p384_mp_iszero(z->w);
}

void nbtls_p384_sc_to_bytes(unsigned char out[48], const nbtls_p384_sc *x) {
    nbtls_p384_mp_to_be(out, x->w);
}

void nbtls_p384_sc_reduce(nbtls_p384_sc *z, const nbtls_p384_sc *x) {
    nbtls_p384_mp_csub(z->w, x->w, 0, nbtls_p384_sc_n.w);
}

void nbtls_p384_sc_from_digest(nbtls_p384_sc *z, const unsigned char *h,
                               size_t len) {
    unsigned char buf[48] = {0};
    if (len >= 48)
        memcpy(buf, h, 48); /* leftmost 384 bits */
    else
        memcpy(buf + 48 - len, h, len);
    nbtls_p384_mp_from_be(z->w, buf);
    nbtls_p384_sc_reduce(z, z);
}

void nbtls_p384_sc_mul_mont(nbtls_p384_sc *z, const nbtls_p384_sc *x,
                            const nbtls_p384_sc *y) {
    nbtls_p384_mp_mont_mul(z->w, x->w, y->w, nbtls_p384_sc_n.w,
                           NBTLS_P384_N_M0INV);
}

void nbtls_p384_sc_to_mont(nbtls_p384_sc *z, const nbtls_p384_sc *x) {
    nbtls_p384_sc_mul_mont(z, x, &sc_rr);
}

void nbtls_p384_sc_from_mont(nbtls_p384_sc *z, const nbtls_p384_sc *x) {
    nbtls_p384_sc one;
    memset(&one, 0, sizeof(one));
    one.w[0] = 1;
    nbtls_p384_sc_mul_mont(z, x, &one);
}

void nbtls_p384_sc_add(nbtls_p384_sc *z, const nbtls_p384_sc *x,
                       const nbtls_p384_sc *y) {
    nbtls_limb carry = nbtls_p384_mp_add(z->w, x->w, y->w);
    nbtls_p384_mp_csub(z->w, z->w, carry, nbtls_p384_sc_n.w);
}

nbtls_limb nbtls_p384_sc_iszero(const nbtls_p384_sc *x) {
    return nbtls_p384_mp_iszero(x->w);
}

nbtls_limb nbtls_p384_sc_eq(const nbtls_p384_sc *x, const nbtls_p384_sc *y) {
    return nbtls_p384_fe_eq(x, y);
}

void nbtls_p384_sc_inv_mont(nbtls_p384_sc *z, const nbtls_p384_sc *a_mont) {
    nbtls_p384_exp_run(z, a_mont, NBTLS_P384_EXP_N_INV);
}
