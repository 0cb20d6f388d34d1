/*
 * core/op: restartable P-384 ECDSA signing and verification
 * (op_ec_ecdsa_template.h with ec/p384_curve.h), behind op_sig.h.
 *
 * Sign units (no retry): 4 HMAC calls to seed K and V, 1 (SHA-384/512),
 * 2 (SHA-224/256) or 3 (SHA-1) per candidate k, 143 for R = k G, 33 for
 * 1/Z, 1 for r, 33 for k^-1 mod n, 1 for s, 1 for the fault check: 217
 * with SHA-384. Deterministic signing then verifies the signature (33 for
 * s^-1, 1 for u1 and u2, the double-scalar multiplication, 1 comparison):
 * ~777 in all.
 * Verify units: 1 range check, 33 for s^-1, 1 for u1 and u2, the
 * variable-time double-scalar u1 G + u2 Q (2 recodings, 8 table points,
 * ~384 doubles and ~128 additions), 1 comparison: ~560.
 */
#include "op/op_p384_state.h"
#include "op/op_sig.h"

#include "ec/p384_curve.h"
#define EC_SIGN_STATE p384_sign_state
#include "op/op_ec_ecdsa_template.h"
