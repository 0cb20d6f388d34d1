/*
 * core/op: the states of the restartable P-256 signing and ECDH ops
 * (op_ec_state_template.h), for the open-box tests only
 * (tests/ec/test_ec_fault.c, through op_p256_sign.h / op_p256_ecdh.h).
 */
#ifndef NBTLS_CORE_OP_OP_P256_STATE_H
#define NBTLS_CORE_OP_OP_P256_STATE_H

#include "ec/rfc6979.h"
#include "op/op_p256.h"

#define ECD_NAME(x) nbtls_p256_##x
#define ECD_SC nbtls_sc
#define ECD_SC_INV nbtls_sc_inv
#define ECD_FE_EXP nbtls_fe_exp
#define ECD_BYTES 32
#define ECD_SIGN_STATE sign_state
#define ECD_ECDH_STATE ecdh_state
#include "op/op_ec_state_template.h"

/* ECDH with a P-256 private key (checked) and a SEC1 peer point; the
 * public nbtls_ecdh_start() dispatches here on the key type. */
NBTLS_MUST_CHECK int nbtls_p256_ecdh_start(nbtls_op **op, const nbtls_key *priv,
                                           const unsigned char *peer,
                                           size_t peer_len);

#endif
