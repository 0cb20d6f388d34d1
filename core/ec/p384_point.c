/* core/ec: P-384 point functions and scalar multiplications: the curve
 * templates (ec_smul_template.h, with ec_rcb_formulas.h) instantiated with
 * P-384's field (p384_curve.h) and tables (p384_consts.h). */
#include "ec/p384_point.h"
#include "ec/p384_consts.h"

#include "ec/p384_curve.h"

const nbtls_p384_affine nbtls_p384_g = {{NBTLS_P384_GX_MONT_LIMBS},
                                        {NBTLS_P384_GY_MONT_LIMBS}};
static const nbtls_p384_affine comb_table[2][15] = NBTLS_P384_COMB;
static const nbtls_p384_affine g_odd[8] = NBTLS_P384_G_ODD;

#define EC_COMB_TABLE comb_table
#define EC_G_ODD g_odd
#include "ec/ec_smul_template.h"
