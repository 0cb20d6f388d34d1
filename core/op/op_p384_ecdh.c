/*
 * core/op: restartable P-384 ECDH (op_ec_ecdh_template.h with
 * ec/p384_curve.h); nbtls_ecdh_start() dispatches here for a P-384 key.
 *
 * Units: peer decoding 1 (uncompressed) or 35 (compressed), the
 * constant-time signed window 483, the inversion of Z 33, 1 final (affine
 * x, on-curve fault check, output): 518 or 552.
 */
#include "op/op_p384_state.h"
#include "op/op_sig.h"

#include "ec/p384_curve.h"
#define EC_ECDH_STATE p384_ecdh_state
#include "op/op_ec_ecdh_template.h"
