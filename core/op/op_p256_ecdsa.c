/*
 * core/op: restartable P-256 ECDSA signing and verification
 * (op_ec_ecdsa_template.h with ec/p256_curve.h), behind op_sig.h.
 *
 * Sign units (no retry, hlen >= 32): 4 HMAC calls to seed K and V, 1 HMAC
 * call per candidate k (2 for SHA-224), 95 comb, 17 inversion of Z, 1 for
 * r (with the R-on-curve fault check), 22 for k^-1 mod n, 1 for s, 1 for
 * the s*k == e + r*d fault check: 142. Deterministic signing then
 * verifies the signature (22 for s^-1, 1 for u1 and u2, the double-scalar
 * multiplication, 1 comparison): ~518 in all.
 * Verify units: 1 range check, 22 for s^-1, 1 for u1 and u2, then the
 * variable-time double-scalar u1 G + u2 Q (2 recodings, 8 table points,
 * ~255 doubles and ~86 additions), 1 comparison: ~375.
 */
#include "op/op_p256_state.h"
#include "op/op_sig.h"

#include "ec/p256_curve.h"
#define EC_SIGN_STATE sign_state
#include "op/op_ec_ecdsa_template.h"
