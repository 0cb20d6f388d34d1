/*
 * core/x25519: arithmetic in GF(p), p = 2^255 - 19, for X25519 (RFC 7748).
 *
 * Two representations, chosen at compile time, same results:
 *   - 5 limbs of 51 bits (uint64_t) with `unsigned __int128` products,
 *     where the compiler has them and NBTLS_FORCE_32BIT is not defined;
 *   - 10 limbs alternately of 26 and 25 bits (uint32_t, "radix 2^25.5")
 *     with uint64_t products otherwise.
 * An element is sum(v[i] * 2^pos(i)), least significant limb first.
 *
 * "Carried" form (what every function here returns): limb i is below
 * 2^(w_i + 1), where w_i is its nominal width; the value is any
 * representative of its class mod p (not necessarily < p). Every function
 * accepts carried inputs, and outputs may alias inputs.
 *
 * Everything is constant time: fixed loop bounds, no data-dependent
 * branches or indices, choices made with masks.
 */
#ifndef NBTLS_CORE_X25519_X25519_FIELD_H
#define NBTLS_CORE_X25519_X25519_FIELD_H

#include "common/common.h"

#if defined(__SIZEOF_INT128__) && !defined(NBTLS_FORCE_32BIT)
#define NBTLS_X25519_LIMBS 5
typedef uint64_t nbtls_x25519_limb;
#else
#define NBTLS_X25519_LIMBS 10
typedef uint32_t nbtls_x25519_limb;
#endif

typedef struct {
    nbtls_x25519_limb v[NBTLS_X25519_LIMBS];
} nbtls_x25519_fe;

/* h = 0, h = 1. */
void nbtls_x25519_fe_zero(nbtls_x25519_fe *h);
void nbtls_x25519_fe_one(nbtls_x25519_fe *h);

/* h = the 255-bit little-endian integer in s[0..32), the top bit of s[31]
 * ignored (RFC 7748 decodeUCoordinate). Values in [p, 2^255) are accepted
 * as they are (they are reduced by the arithmetic). */
void nbtls_x25519_fe_from_bytes(nbtls_x25519_fe *h, const unsigned char s[32]);

/* s = the canonical (fully reduced, < p) little-endian encoding of f. */
void nbtls_x25519_fe_to_bytes(unsigned char s[32], const nbtls_x25519_fe *f);

/* h = f + g, h = f - g, h = f * g, h = f^2, h = f * 121665 (the a24 of
 * RFC 7748 section 5), all mod p. */
void nbtls_x25519_fe_add(nbtls_x25519_fe *h, const nbtls_x25519_fe *f,
                         const nbtls_x25519_fe *g);
void nbtls_x25519_fe_sub(nbtls_x25519_fe *h, const nbtls_x25519_fe *f,
                         const nbtls_x25519_fe *g);
void nbtls_x25519_fe_mul(nbtls_x25519_fe *h, const nbtls_x25519_fe *f,
                         const nbtls_x25519_fe *g);
void nbtls_x25519_fe_sq(nbtls_x25519_fe *h, const nbtls_x25519_fe *f);
void nbtls_x25519_fe_mul_a24(nbtls_x25519_fe *h, const nbtls_x25519_fe *f);

/* Swap f and g when swap == 1, leave them when swap == 0 (no branch;
 * swap must be 0 or 1). */
void nbtls_x25519_fe_cswap(nbtls_x25519_fe *f, nbtls_x25519_fe *g,
                           nbtls_x25519_limb swap);

#endif
