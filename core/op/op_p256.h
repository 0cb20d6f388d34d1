/*
 * core/op: the P-256 SEC1 decoder and public-point machine
 * (op_ec_decl_template.h). Units: decoding 1 (uncompressed) or 19
 * (compressed: 1 + 17 square root + 1); public point 95 comb + 17
 * inversion + 1.
 */
#ifndef NBTLS_CORE_OP_OP_P256_H
#define NBTLS_CORE_OP_OP_P256_H

#include "ec/p256_point.h"
#include "ec/p256_scalar.h"
#include "key/key.h"
#include "op/op.h"

#define ECD_NAME(x) nbtls_p256_##x
#define ECD_FE nbtls_fe
#define ECD_FE_EXP nbtls_fe_exp
#define ECD_BYTES 32
#include "op/op_ec_decl_template.h"

#endif
