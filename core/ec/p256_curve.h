/*
 * core/ec: P-256's bindings for the curve templates (ec_smul_template.h,
 * op/op_ec_*_template.h; each lists the EC_* macros it uses): the names of
 * its functions, types and sizes. Include it in a .c file AFTER every other
 * header (the type templates #undef the EC_* names they take), then the
 * template(s); one curve per translation unit. No include guard.
 *
 * P-256's field is the specialised one (p256_field*.{c,h}: hand-written
 * 64-bit multiplication and squaring; add/sub inline from
 * p256_field_ops.h): the macros name those functions, nothing is indirect.
 */
#include "ec/p256_field_ops.h"
#include "ec/p256_point.h"
#include "ec/p256_scalar.h"

#define EC_NAME(x) nbtls_p256_##x   /* points, machines: nbtls_p256_... */
#define EC_FE_FN(x) nbtls_fe_##x    /* GF(p): nbtls_fe_mul, _one ... */
#define EC_SC_FN(x) nbtls_sc_##x    /* GF(n): nbtls_sc_to_mont, _n ... */
#define EC_MP_FN(x) nbtls_limbs_##x /* limbs: nbtls_limbs_from_be ... */
#define EC_KEY_NAME(x) nbtls_key_p256_##x
#define EC_LABEL "p256" /* op names: "p256-ecdh" ... */
#define EC_BYTES 32     /* bytes of a field element and of a scalar */
#define EC_KEY_TYPE NBTLS_KEY_P256
#define EC_KEY_MEMBER p256 /* key->u.p256.priv / .pub */
#define EC_FE nbtls_fe
#define EC_SC nbtls_sc
#ifdef NBTLS_SMALL
/* -DNBTLS_SMALL=ON: the point formulas call add/sub instead of inlining
 * them (P-256 objects 49 KB -> 27 KB at -O2, 23 KB at -Os; roughly 10%
 * slower, x86-64 gcc 12). */
#define EC_FE_ADD nbtls_fe_add
#define EC_FE_SUB nbtls_fe_sub
#else
#define EC_FE_ADD nbtls_fe_add_i /* inline (p256_field_ops.h) */
#define EC_FE_SUB nbtls_fe_sub_i
#endif
/* sliced exponentiations: 1/Z and square root mod p, k^-1 mod n */
#define EC_FE_EXP nbtls_fe_exp
#define EC_FE_INV_START(e, a) nbtls_fe_exp_start(e, a, NBTLS_FE_EXP_INV)
#define EC_FE_SQRT_START(e, a) nbtls_fe_exp_start(e, a, NBTLS_FE_EXP_SQRT)
#define EC_FE_EXP_STEP nbtls_fe_exp_step
#define EC_SC_INV nbtls_sc_inv
#define EC_SC_INV_START(s, a) nbtls_sc_inv_start(s, a)
#define EC_SC_INV_STEP nbtls_sc_inv_step
