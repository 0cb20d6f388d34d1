/*
 * core/op: the P-384 SEC1 decoder and public-point machine
 * (op_ec_decl_template.h). Units: decoding 1 (uncompressed) or 35
 * (compressed: 1 + 33 square root + 1); public point 143 comb + 33
 * inversion + 1.
 */
#ifndef NBTLS_CORE_OP_OP_P384_H
#define NBTLS_CORE_OP_OP_P384_H

#include "ec/p384_point.h"
#include "ec/p384_scalar.h"
#include "key/key.h"
#include "op/op.h"

#define ECD_NAME(x) nbtls_p384_##x
#define ECD_FE nbtls_p384_fe
#define ECD_FE_EXP nbtls_p384_exp
#define ECD_BYTES 48
#include "op/op_ec_decl_template.h"

#endif
