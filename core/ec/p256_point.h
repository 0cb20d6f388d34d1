/*
 * core/ec: P-256 points (y^2 = x^3 - 3x + b over GF(p)), coordinates in
 * the Montgomery domain of p256_field.h. The types, functions and
 * scalar-multiplication machines are those of every curve
 * (ec_point_decl_template.h, defined by ec_smul_template.h); here the
 * P-256 figures.
 */
#ifndef NBTLS_CORE_EC_P256_POINT_H
#define NBTLS_CORE_EC_P256_POINT_H

#include "ec/p256_field.h"

#define ECD_NAME(x) nbtls_p256_##x
#define ECD_FE nbtls_fe
#define ECD_BYTES 32
#include "ec/ec_point_decl_template.h"

/* Comb k G: 32 columns, bits col + 32c + 64t; table 2 x 15 affine points
 * (p256_table.h); 31 doubles + 64 mixed additions. */
#define NBTLS_P256_COMB_STEPS 95
/* Signed window k P: 64 digits, 1 + 7 + 63 x (4 + 1) steps. */
#define NBTLS_P256_WINDOW_STEPS 323
/* Dual u1 G + u2 Q: 2 recodings + 8 table points + ~255 doubles and
 * ~2 x 43 additions: ~350 steps (against 418 for comb + window). */

#endif
