/*
 * core/ec: arithmetic modulo the P-256 group order
 *   n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551.
 *
 * Scalars are fully reduced (< n). Functions named _mont take and give
 * Montgomery-form values (x * 2^256 mod n); the others say which form.
 * Everything is constant time; outputs may alias inputs.
 */
#ifndef NBTLS_CORE_EC_P256_SCALAR_H
#define NBTLS_CORE_EC_P256_SCALAR_H

#include "ec/p256_limb.h"

typedef struct {
    nbtls_limb w[NBTLS_LIMBS];
} nbtls_sc;

extern const nbtls_sc nbtls_sc_n;

/* Decode 32 big-endian bytes (plain form, not reduced). Returns all-ones
 * if 1 <= x <= n-1, else 0 (constant time). */
nbtls_limb nbtls_sc_from_bytes(nbtls_sc *z, const unsigned char in[32]);
/* Encode a plain scalar as 32 big-endian bytes. */
void nbtls_sc_to_bytes(unsigned char out[32], const nbtls_sc *x);
/*
 * bits2int(h) mod n (FIPS 186-5 / RFC 6979 2.3.2 and 2.3.4) for a digest
 * of any length >= 1: the leftmost 256 bits when len >= 32, otherwise the
 * digest as a big-endian integer (zero-padded on the left). Since
 * 2^256 < 2n one conditional subtraction reduces it. Plain form.
 */
void nbtls_sc_from_digest(nbtls_sc *z, const unsigned char *h, size_t len);
/* Plain x < n (or any x < 2^256 for reduce) <-> Montgomery form. */
void nbtls_sc_to_mont(nbtls_sc *z, const nbtls_sc *x);
void nbtls_sc_from_mont(nbtls_sc *z, const nbtls_sc *x);
/* z = x mod n for any 256-bit x (one conditional subtraction). */
void nbtls_sc_reduce(nbtls_sc *z, const nbtls_sc *x);
/* Montgomery product of Montgomery-form values. */
void nbtls_sc_mul_mont(nbtls_sc *z, const nbtls_sc *x, const nbtls_sc *y);
/* Works in either form (the same for both). */
void nbtls_sc_add(nbtls_sc *z, const nbtls_sc *x, const nbtls_sc *y);
nbtls_limb nbtls_sc_iszero(const nbtls_sc *x);
nbtls_limb nbtls_sc_eq(const nbtls_sc *x, const nbtls_sc *y);

/*
 * Sliced inversion a^(n-2) of a Montgomery-form value, by left-to-right
 * square-and-multiply over the bits of the PUBLIC exponent n-2 (so the
 * branch on the exponent's bits leaks nothing about a): 255 squarings and
 * 127 multiplications; each _step() performs at most
 * NBTLS_SC_INV_SLICE of them (24 steps).
 */
#define NBTLS_SC_INV_SLICE 16
typedef struct {
    nbtls_sc acc;  /* running power (Montgomery) */
    nbtls_sc base; /* a (Montgomery) */
    int16_t bit;   /* next exponent bit to process, -1 when done */
} nbtls_sc_inv;

void nbtls_sc_inv_start(nbtls_sc_inv *s, const nbtls_sc *a_mont);
/* Returns 1 when finished (a^-1 in Montgomery form in s->acc). */
NBTLS_MUST_CHECK int nbtls_sc_inv_step(nbtls_sc_inv *s);
void nbtls_sc_inv_mont(nbtls_sc *z, const nbtls_sc *a_mont);

#endif
