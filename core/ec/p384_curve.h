/*
 * core/ec: P-384's bindings for the curve templates, as p256_curve.h is
 * P-256's (see there): include AFTER every other header, then the
 * template(s); one curve per translation unit. No include guard.
 *
 * P-384's field is the generic unrolled CIOS of p384_field.h, and one
 * sliced exponentiation machine (nbtls_p384_exp) serves 1/Z, the square
 * root and k^-1 mod n.
 */
#include "ec/p384_point.h"
#include "ec/p384_scalar.h"

#define EC_NAME(x) nbtls_p384_##x
#define EC_FE_FN(x) nbtls_p384_fe_##x
#define EC_SC_FN(x) nbtls_p384_sc_##x
#define EC_MP_FN(x) nbtls_p384_mp_##x
#define EC_KEY_NAME(x) nbtls_key_p384_##x
#define EC_LABEL "p384"
#define EC_BYTES 48
#define EC_KEY_TYPE NBTLS_KEY_P384
#define EC_KEY_MEMBER p384
#define EC_FE nbtls_p384_fe
#define EC_SC nbtls_p384_sc
#define EC_FE_ADD nbtls_p384_fe_add
#define EC_FE_SUB nbtls_p384_fe_sub
#define EC_FE_EXP nbtls_p384_exp
#define EC_FE_INV_START(e, a) nbtls_p384_exp_start(e, a, NBTLS_P384_EXP_P_INV)
#define EC_FE_SQRT_START(e, a) nbtls_p384_exp_start(e, a, NBTLS_P384_EXP_P_SQRT)
#define EC_FE_EXP_STEP nbtls_p384_exp_step
#define EC_SC_INV nbtls_p384_exp
#define EC_SC_INV_START(s, a) nbtls_p384_exp_start(s, a, NBTLS_P384_EXP_N_INV)
#define EC_SC_INV_STEP nbtls_p384_exp_step
