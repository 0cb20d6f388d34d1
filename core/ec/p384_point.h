/*
 * core/ec: P-384 points (y^2 = x^3 - 3x + b over GF(p)), coordinates in
 * the Montgomery domain of p384_field.h. The types, functions and
 * scalar-multiplication machines are those of every curve
 * (ec_point_decl_template.h, defined by ec_smul_template.h); here the
 * P-384 figures.
 */
#ifndef NBTLS_CORE_EC_P384_POINT_H
#define NBTLS_CORE_EC_P384_POINT_H

#include "ec/p384_field.h"

#define ECD_NAME(x) nbtls_p384_##x
#define ECD_FE nbtls_p384_fe
#define ECD_BYTES 48
#include "ec/ec_point_decl_template.h"

extern const nbtls_p384_affine nbtls_p384_g; /* the generator */

/* Comb k G: 48 columns, bits col + 48c + 96t; table 2 x 15 affine points
 * (p384_consts.h); 47 doubles + 96 mixed additions. */
#define NBTLS_P384_COMB_STEPS 143
/* Signed window k P: 96 digits, 1 + 7 + 95 x (4 + 1) steps. */
#define NBTLS_P384_WINDOW_STEPS 483
/* Dual u1 G + u2 Q: 2 recodings + 8 table points + ~383 doubles and
 * ~2 x 64 additions. */

#endif
