/*
 * core/ec: arithmetic modulo the P-384 group order n (generic Montgomery,
 * R = 2^384). Scalars are fully reduced (< n); functions named _mont take
 * and give Montgomery-form values, the others say which form. A scalar has
 * the layout of a field element, so the sliced exponentiation of
 * p384_field.h inverts it (NBTLS_P384_EXP_N_INV). Constant time; outputs
 * may alias inputs.
 */
#ifndef NBTLS_CORE_EC_P384_SCALAR_H
#define NBTLS_CORE_EC_P384_SCALAR_H

#include "ec/p384_field.h"

typedef nbtls_p384_fe nbtls_p384_sc;

extern const nbtls_p384_sc nbtls_p384_sc_n;

/* Decode 48 big-endian bytes (plain, not reduced); all-ones if
 * 1 <= x <= n-1, else 0. */
nbtls_limb nbtls_p384_sc_from_bytes(nbtls_p384_sc *z,
                                    const unsigned char in[48]);
void nbtls_p384_sc_to_bytes(unsigned char out[48], const nbtls_p384_sc *x);
/* bits2int(h) mod n for a digest of any length >= 1: the leftmost 384 bits
 * when len >= 48, else the big-endian integer (2^384 < 2n: one conditional
 * subtraction reduces it). Plain form. */
void nbtls_p384_sc_from_digest(nbtls_p384_sc *z, const unsigned char *h,
                               size_t len);
/* z = x mod n for any 384-bit x. */
void nbtls_p384_sc_reduce(nbtls_p384_sc *z, const nbtls_p384_sc *x);
void nbtls_p384_sc_to_mont(nbtls_p384_sc *z, const nbtls_p384_sc *x);
void nbtls_p384_sc_from_mont(nbtls_p384_sc *z, const nbtls_p384_sc *x);
void nbtls_p384_sc_mul_mont(nbtls_p384_sc *z, const nbtls_p384_sc *x,
                            const nbtls_p384_sc *y);
/* Same in both forms. */
void nbtls_p384_sc_add(nbtls_p384_sc *z, const nbtls_p384_sc *x,
                       const nbtls_p384_sc *y);
nbtls_limb nbtls_p384_sc_iszero(const nbtls_p384_sc *x);
nbtls_limb nbtls_p384_sc_eq(const nbtls_p384_sc *x, const nbtls_p384_sc *y);
/* a^-1 (Montgomery in, Montgomery out), run to completion. */
void nbtls_p384_sc_inv_mont(nbtls_p384_sc *z, const nbtls_p384_sc *a_mont);

#endif
