/* core/ec: P-256 point functions and scalar multiplications: the curve
 * templates (ec_smul_template.h, with ec_rcb_formulas.h) instantiated with
 * P-256's field (p256_curve.h) and tables (p256_table.h). */
#include "ec/p256_point.h"
#include "ec/p256_table.h"

#include "ec/p256_curve.h"
#define EC_COMB_TABLE nbtls_p256_comb_table
#define EC_G_ODD nbtls_p256_g_odd
#include "ec/ec_smul_template.h"
