/*
 * core/op: P-384 key creation (op_ec_key_template.h with ec/p384_curve.h).
 * Units: keygen = 1 per RNG draw (usually 1) + 143 comb + 33 inversion +
 * 1 final = 178; from_private = 177.
 */
#include "op/op_p384.h"

#include "ec/p384_curve.h"
#include "op/op_ec_key_template.h"
