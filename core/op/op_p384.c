/* core/op: the P-384 SEC1 decoder and public-point machine
 * (op_ec_template.h with ec/p384_curve.h). */
#include "op/op_p384.h"

#include "ec/p384_curve.h"
#include "op/op_ec_template.h"
