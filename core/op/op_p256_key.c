/*
 * core/op: P-256 key creation (op_ec_key_template.h with ec/p256_curve.h).
 * Units: keygen = 1 per RNG draw (usually 1) + 95 comb + 17 inversion +
 * 1 final = 114; from_private = 113.
 */
#include "op/op_p256.h"

#include "ec/p256_curve.h"
#include "op/op_ec_key_template.h"
