/* core/op: the P-256 SEC1 decoder and public-point machine
 * (op_ec_template.h with ec/p256_curve.h). */
#include "op/op_p256.h"

#include "ec/p256_curve.h"
#include "op/op_ec_template.h"
