/*
 * core/ec: arithmetic modulo p = 2^256 - 2^224 + 2^192 + 2^96 - 1.
 *
 * Elements are in the Montgomery domain (x is stored as x * 2^256 mod p)
 * unless a function says otherwise, and always fully reduced (< p).
 * Every function is constant time and allows its output to alias its
 * inputs.
 */
#ifndef NBTLS_CORE_EC_P256_FIELD_H
#define NBTLS_CORE_EC_P256_FIELD_H

#include "ec/p256_limb.h"

typedef struct {
    nbtls_limb w[NBTLS_LIMBS];
} nbtls_fe;

extern const nbtls_fe nbtls_fe_p;   /* p itself (plain, for comparisons) */
extern const nbtls_fe nbtls_fe_one; /* 1 in Montgomery form */
extern const nbtls_fe nbtls_fe_b;   /* the curve's b in Montgomery form */

void nbtls_fe_mul(nbtls_fe *z, const nbtls_fe *x, const nbtls_fe *y);
void nbtls_fe_sqr(nbtls_fe *z, const nbtls_fe *x);
void nbtls_fe_add(nbtls_fe *z, const nbtls_fe *x, const nbtls_fe *y);
void nbtls_fe_sub(nbtls_fe *z, const nbtls_fe *x, const nbtls_fe *y);
void nbtls_fe_neg(nbtls_fe *z, const nbtls_fe *x);
/* z = mask ? x : z */
static inline void nbtls_fe_cmov(nbtls_fe *z, const nbtls_fe *x,
                                 nbtls_limb mask) {
    nbtls_limbs_cmov(z->w, x->w, mask);
}
/* all-ones if x == 0 / if x == y */
nbtls_limb nbtls_fe_iszero(const nbtls_fe *x);
nbtls_limb nbtls_fe_eq(const nbtls_fe *x, const nbtls_fe *y);

/* Decode 32 big-endian bytes and convert to Montgomery form. Returns an
 * all-ones mask if the integer was < p; otherwise z is unspecified (but
 * reduced) and the mask is 0. */
nbtls_limb nbtls_fe_from_bytes(nbtls_fe *z, const unsigned char in[32]);
/* Convert out of Montgomery form and encode as 32 big-endian bytes. */
void nbtls_fe_to_bytes(unsigned char out[32], const nbtls_fe *x);
/* Plain (non-Montgomery) value of x, as limbs, < p. */
void nbtls_fe_to_plain(nbtls_fe *z, const nbtls_fe *x);
/* Montgomery form of a plain value x < p. */
void nbtls_fe_from_plain(nbtls_fe *z, const nbtls_fe *x);

/*
 * Sliced exponentiations by fixed addition chains: inversion (a^(p-2),
 * so 0 maps to 0) and square root candidate (a^((p+1)/4), a root when a is
 * a square since p = 3 mod 4). The chain is a small program (square k
 * times / multiply by a saved power / save), interpreted by _step() which
 * performs at most NBTLS_FE_EXP_SLICE squarings or multiplications per
 * call: 255 squarings + 11 multiplications for the inverse (17 steps),
 * 253 + 9 for the square root (17 steps).
 */
#define NBTLS_FE_EXP_SLICE 16
#define NBTLS_FE_EXP_INV 0
#define NBTLS_FE_EXP_SQRT 1
typedef struct {
    nbtls_fe acc;     /* the running power */
    nbtls_fe slot[4]; /* saved powers a^(2^k - 1) */
    uint8_t which;    /* NBTLS_FE_EXP_* */
    uint8_t pc;       /* next instruction */
    uint8_t left;     /* squarings left in the current instruction */
} nbtls_fe_exp;

void nbtls_fe_exp_start(nbtls_fe_exp *e, const nbtls_fe *a, int which);
/* Returns 1 when finished (result in e->acc), 0 otherwise. */
NBTLS_MUST_CHECK int nbtls_fe_exp_step(nbtls_fe_exp *e);
/* Run to completion (for synchronous callers and tests). */
void nbtls_fe_inv(nbtls_fe *z, const nbtls_fe *a);
void nbtls_fe_sqrt_cand(nbtls_fe *z, const nbtls_fe *a);

#endif
