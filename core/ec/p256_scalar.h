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
 * Sliced inversion a^(n-2) of a Montgomery-form value, by a fixed 4-bit
 * window over the PUBLIC exponent n-2 (so indexing the table by the
 * exponent's digits leaks nothing about a): a table a^1..a^15 (14
 * multiplications, one step), then for each of the 63 lower digits 4
 * squarings and one multiplication by the table entry when the digit is
 * non-zero (55 of them). Each _step() after the first handles 3 digits (at
 * most 15 multiplications): 22 steps, 321 multiplications in all.
 */
#define NBTLS_SC_INV_DIGITS_PER_STEP 3
typedef struct {
    nbtls_sc acc;     /* running power (Montgomery) */
    nbtls_sc tbl[15]; /* a^(i+1) (Montgomery) */
    int8_t digit;     /* next exponent digit to process; -1 when done */
    uint8_t ready;    /* table built */
} nbtls_sc_inv;

void nbtls_sc_inv_start(nbtls_sc_inv *s, const nbtls_sc *a_mont);
/* Returns 1 when finished (a^-1 in Montgomery form in s->acc). */
NBTLS_MUST_CHECK int nbtls_sc_inv_step(nbtls_sc_inv *s);
void nbtls_sc_inv_mont(nbtls_sc *z, const nbtls_sc *a_mont);

#endif
