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

#define ECD_FE nbtls_fe
#define ECD_FE_FN(x) nbtls_fe_##x
#define ECD_MP_CMOV nbtls_limbs_cmov
#define ECD_BYTES 32
#include "ec/ec_fe_decl_template.h"

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
