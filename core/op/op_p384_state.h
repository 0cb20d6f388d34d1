/*
 * core/op: the states of the restartable P-384 signing and ECDH ops
 * (op_ec_state_template.h), for the open-box tests only
 * (tests/p384/test_p384_fault.c).
 */
#ifndef NBTLS_CORE_OP_OP_P384_STATE_H
#define NBTLS_CORE_OP_OP_P384_STATE_H

#include "ec/rfc6979.h"
#include "op/op_p384.h"

#define ECD_NAME(x) nbtls_p384_##x
#define ECD_SC nbtls_p384_sc
#define ECD_SC_INV nbtls_p384_exp
#define ECD_FE_EXP nbtls_p384_exp
#define ECD_BYTES 48
#define ECD_SIGN_STATE p384_sign_state
#define ECD_ECDH_STATE p384_ecdh_state
#include "op/op_ec_state_template.h"

/* The phase names tests/p384/test_p384_fault.c uses. */
#define P384_SIGN_MUL SIGN_MUL
#define P384_SIGN_R SIGN_R
#define P384_SIGN_S SIGN_S
#define P384_SIGN_CHECK SIGN_CHECK
#define P384_ECDH_FIN ECDH_FIN

#endif
