/* core/ec: P-384 field arithmetic and the sliced exponentiation. See
 * p384_field.h. */
#include "ec/p384_field.h"
#include "ec/p384_consts.h"
#include "ec/p384_scalar.h"

const nbtls_p384_fe nbtls_p384_fe_p = {NBTLS_P384_P_LIMBS};
const nbtls_p384_fe nbtls_p384_fe_one = {NBTLS_P384_P_ONE_LIMBS};
const nbtls_p384_fe nbtls_p384_fe_b = {NBTLS_P384_B_MONT_LIMBS};
static const nbtls_p384_fe fe_rr = {NBTLS_P384_P_RR_LIMBS};

void nbtls_p384_fe_mul(nbtls_p384_fe *z, const nbtls_p384_fe *x,
                       const nbtls_p384_fe *y) {
    nbtls_p384_mp_mont_mul(z->w, x->w, y->w, nbtls_p384_fe_p.w,
                           NBTLS_P384_P_M0INV);
}

void nbtls_p384_fe_sqr(nbtls_p384_fe *z, const nbtls_p384_fe *x) {
    nbtls_p384_fe_mul(z, x, x);
}

void nbtls_p384_fe_add(nbtls_p384_fe *z, const nbtls_p384_fe *x,
                       const nbtls_p384_fe *y) {
    nbtls_limb carry = nbtls_p384_mp_add(z->w, x->w, y->w);
    nbtls_p384_mp_csub(z->w, z->w, carry, nbtls_p384_fe_p.w);
}

void nbtls_p384_fe_sub(nbtls_p384_fe *z, const nbtls_p384_fe *x,
                       const nbtls_p384_fe *y) {
    nbtls_limb borrow = nbtls_p384_mp_sub(z->w, x->w, y->w);
    nbtls_limb mask = (nbtls_limb)0 - borrow, t[NBTLS_P384_LIMBS];
    for (int i = 0; i < NBTLS_P384_LIMBS; i++)
        t[i] = nbtls_p384_fe_p.w[i] & mask;
    (void)nbtls_p384_mp_add(z->w, z->w, t);
}

void nbtls_p384_fe_neg(nbtls_p384_fe *z, const nbtls_p384_fe *x) {
    nbtls_p384_fe zero;
    memset(&zero, 0, sizeof(zero));
    nbtls_p384_fe_sub(z, &zero, x);
}

nbtls_limb nbtls_p384_fe_iszero(const nbtls_p384_fe *x) {
    return nbtls_p384_mp_iszero(x->w);
}

nbtls_limb nbtls_p384_fe_eq(const nbtls_p384_fe *x, const nbtls_p384_fe *y) {
    nbtls_limb acc = 0;
    for (int i = 0; i < NBTLS_P384_LIMBS; i++)
        acc |= x->w[i] ^ y->w[i];
    return ~nbtls_limb_nonzero(acc);
}

void nbtls_p384_fe_from_plain(nbtls_p384_fe *z, const nbtls_p384_fe *x) {
    nbtls_p384_fe_mul(z, x, &fe_rr);
}

void nbtls_p384_fe_to_plain(nbtls_p384_fe *z, const nbtls_p384_fe *x) {
    nbtls_p384_fe one;
    memset(&one, 0, sizeof(one));
    one.w[0] = 1;
    nbtls_p384_fe_mul(z, x, &one);
}

nbtls_limb nbtls_p384_fe_from_bytes(nbtls_p384_fe *z,
                                    const unsigned char in[48]) {
    nbtls_p384_mp_from_be(z->w, in);
    nbtls_limb ok = nbtls_p384_mp_lt(z->w, nbtls_p384_fe_p.w);
    /* x >= p: reduce anyway (x < 2p) so the arithmetic stays defined. */
    nbtls_p384_mp_csub(z->w, z->w, 0, nbtls_p384_fe_p.w);
    nbtls_p384_fe_from_plain(z, z);
    return ok;
}

void nbtls_p384_fe_to_bytes(unsigned char out[48], const nbtls_p384_fe *x) {
    nbtls_p384_fe t;
    nbtls_p384_fe_to_plain(&t, x);
    nbtls_p384_mp_to_be(out, t.w);
    nbtls_wipe(&t, sizeof(t));
}

/* ---- Sliced fixed-window exponentiation -------------------------------- */

static const unsigned char exp_bytes[3][48] = {
    NBTLS_P384_EXPB_P_INV, NBTLS_P384_EXPB_P_SQRT, NBTLS_P384_EXPB_N_INV};

static void exp_mul(const nbtls_p384_exp *e, nbtls_p384_fe *z,
                    const nbtls_p384_fe *x, const nbtls_p384_fe *y) {
    if (e->which == NBTLS_P384_EXP_N_INV) /* public choice */
        nbtls_p384_mp_mont_mul(z->w, x->w, y->w, nbtls_p384_sc_n.w,
                               NBTLS_P384_N_M0INV);
    else
        nbtls_p384_fe_mul(z, x, y);
}

/* Digit i (0 = most significant nibble) of the public exponent. */
static unsigned exp_digit(const nbtls_p384_exp *e, unsigned i) {
    unsigned char b = exp_bytes[e->which][i >> 1];
    return (i & 1) ? (b & 15u) : (b >> 4);
}

void nbtls_p384_exp_start(nbtls_p384_exp *e, const nbtls_p384_fe *a,
                          int which) {
    memset(e, 0, sizeof(*e));
    e->tbl[0] = *a;
    e->which = (uint8_t)which;
    e->digit = 0;
}

int nbtls_p384_exp_step(nbtls_p384_exp *e) {
    if (e->digit >= 96) return 1;
    if (e->digit == 0) {
        for (int i = 1; i < 15; i++)
            exp_mul(e, &e->tbl[i], &e->tbl[i - 1], &e->tbl[0]);
        unsigned d = exp_digit(e, 0); /* non-zero for all three */
        e->acc = e->tbl[d - 1];
        e->digit = 1;
        return 0;
    }
    for (int n = 0; n < 3 && e->digit < 96; n++, e->digit++) {
        for (int s = 0; s < 4; s++)
            exp_mul(e, &e->acc, &e->acc, &e->acc);
        unsigned d = exp_digit(e, e->digit);
        if (d != 0) exp_mul(e, &e->acc, &e->acc, &e->tbl[d - 1]);
    }
    if (e->digit < 96) return 0;
    nbtls_wipe(e->tbl, sizeof(e->tbl));
    return 1;
}

void nbtls_p384_exp_run(nbtls_p384_fe *z, const nbtls_p384_fe *a, int which) {
    nbtls_p384_exp e;
    nbtls_p384_exp_start(&e, a, which);
    while (!nbtls_p384_exp_step(&e)) {
    }
    *z = e.acc;
    nbtls_wipe(&e, sizeof(e));
}
