/*
 * core/ec: limbs and the constant-time multi-precision helpers shared by
 * the field (mod p) and scalar (mod n) arithmetic of P-256.
 *
 * Two limb sizes, chosen at compile time, same results:
 *   - 4 x 64-bit limbs with `unsigned __int128` products, where the
 *     compiler has them and NBTLS_FORCE_32BIT is not defined;
 *   - 8 x 32-bit limbs with uint64_t products otherwise.
 * A 256-bit integer is an array of NBTLS_LIMBS limbs, least significant
 * first. Both paths use the Montgomery radix R = 2^256, so Montgomery-form
 * constants (and the generated comb table) are the same bits in both.
 *
 * Every function here is constant time: loops have fixed bounds, and the
 * only data-dependent choices are made with masks.
 */
#ifndef NBTLS_CORE_EC_P256_LIMB_H
#define NBTLS_CORE_EC_P256_LIMB_H

#include "common/common.h"

#if defined(__SIZEOF_INT128__) && !defined(NBTLS_FORCE_32BIT)
#define NBTLS_LIMB_BITS 64
#define NBTLS_LIMBS 4
typedef uint64_t nbtls_limb;
__extension__ typedef unsigned __int128 nbtls_dlimb;
/* A 64-bit constant as the limbs it occupies (used by generated tables). */
#define NBTLS_L64(x) ((nbtls_limb)(x##ULL))
#else
#define NBTLS_LIMB_BITS 32
#define NBTLS_LIMBS 8
typedef uint32_t nbtls_limb;
typedef uint64_t nbtls_dlimb;
#define NBTLS_L64(x) ((nbtls_limb)(x##ULL)), ((nbtls_limb)((x##ULL) >> 32))
#endif

#if defined(__GNUC__) && !defined(__clang__)
#define NBTLS_UNROLL _Pragma("GCC unroll 8")
#elif defined(__clang__)
#define NBTLS_UNROLL _Pragma("unroll")
#else
#define NBTLS_UNROLL
#endif

/* all-ones if x != 0, for a limb. */
static inline nbtls_limb nbtls_limb_nonzero(nbtls_limb x) {
#if NBTLS_LIMB_BITS == 64
    return nbtls_ct_nonzero64(x);
#else
    return nbtls_ct_nonzero32(x);
#endif
}

/* lo of a * b + c + d, *hi its high limb (the sum fits in two limbs).
 * Carries come from comparisons (setc/adc, no branch): gcc makes much
 * better code from this than from double-limb additions. */
static inline nbtls_limb nbtls_limb_mac(nbtls_limb a, nbtls_limb b,
                                        nbtls_limb c, nbtls_limb d,
                                        nbtls_limb *hi) {
    nbtls_dlimb t = (nbtls_dlimb)a * b;
    nbtls_limb lo = (nbtls_limb)t, h = (nbtls_limb)(t >> NBTLS_LIMB_BITS);
    lo += c;
    h += (lo < c);
    lo += d;
    h += (lo < d);
    *hi = h;
    return lo;
}

/* a + b + *c (carry in 0 or 1); *c gets the carry out. */
static inline nbtls_limb nbtls_limb_adc(nbtls_limb a, nbtls_limb b,
                                        nbtls_limb *c) {
    nbtls_limb s = a + *c, c1 = s < a;
    s += b;
    *c = c1 + (s < b);
    return s;
}

/* a - b - *bw (borrow in 0 or 1); *bw gets the borrow out. */
static inline nbtls_limb nbtls_limb_sbb(nbtls_limb a, nbtls_limb b,
                                        nbtls_limb *bw) {
    nbtls_limb d = a - b, b1 = a < b;
    nbtls_limb r = d - *bw;
    *bw = b1 | (d < *bw);
    return r;
}

/* Load a 32-byte big-endian integer into limbs (no reduction). */
static inline void nbtls_limbs_from_be(nbtls_limb z[NBTLS_LIMBS],
                                       const unsigned char in[32]) {
    for (int i = 0; i < NBTLS_LIMBS; i++) {
#if NBTLS_LIMB_BITS == 64
        z[i] = nbtls_load_be64(in + 24 - 8 * i);
#else
        z[i] = nbtls_load_be32(in + 28 - 4 * i);
#endif
    }
}

/* Store limbs as a 32-byte big-endian integer. */
static inline void nbtls_limbs_to_be(unsigned char out[32],
                                     const nbtls_limb x[NBTLS_LIMBS]) {
    for (int i = 0; i < NBTLS_LIMBS; i++) {
#if NBTLS_LIMB_BITS == 64
        nbtls_store_be64(out + 24 - 8 * i, x[i]);
#else
        nbtls_store_be32(out + 28 - 4 * i, x[i]);
#endif
    }
}

/* z = x - y over 256 bits; returns the borrow (0 or 1). z may alias x, y. */
static inline nbtls_limb nbtls_limbs_sub(nbtls_limb z[NBTLS_LIMBS],
                                         const nbtls_limb x[NBTLS_LIMBS],
                                         const nbtls_limb y[NBTLS_LIMBS]) {
    nbtls_limb borrow = 0;
    NBTLS_UNROLL
    for (int i = 0; i < NBTLS_LIMBS; i++)
        z[i] = nbtls_limb_sbb(x[i], y[i], &borrow);
    return borrow;
}

/* z = x + y over 256 bits; returns the carry (0 or 1). z may alias. */
static inline nbtls_limb nbtls_limbs_add(nbtls_limb z[NBTLS_LIMBS],
                                         const nbtls_limb x[NBTLS_LIMBS],
                                         const nbtls_limb y[NBTLS_LIMBS]) {
    nbtls_limb carry = 0;
    NBTLS_UNROLL
    for (int i = 0; i < NBTLS_LIMBS; i++)
        z[i] = nbtls_limb_adc(x[i], y[i], &carry);
    return carry;
}

/* mask ? x : z  ->  z (mask all-ones or all-zeros). */
static inline void nbtls_limbs_cmov(nbtls_limb z[NBTLS_LIMBS],
                                    const nbtls_limb x[NBTLS_LIMBS],
                                    nbtls_limb mask) {
    for (int i = 0; i < NBTLS_LIMBS; i++)
        z[i] ^= mask & (x[i] ^ z[i]);
}

/* all-ones if x == 0. */
static inline nbtls_limb nbtls_limbs_iszero(const nbtls_limb x[NBTLS_LIMBS]) {
    nbtls_limb acc = 0;
    for (int i = 0; i < NBTLS_LIMBS; i++)
        acc |= x[i];
    return ~nbtls_limb_nonzero(acc);
}

/* all-ones if x < m (both full 256-bit integers). */
static inline nbtls_limb nbtls_limbs_lt(const nbtls_limb x[NBTLS_LIMBS],
                                        const nbtls_limb m[NBTLS_LIMBS]) {
    nbtls_limb t[NBTLS_LIMBS];
    return (nbtls_limb)0 - nbtls_limbs_sub(t, x, m);
}

/*
 * z = (hi * 2^256 + x) mod m, given hi in {0,1} and hi*2^256 + x < 2m
 * (i.e. one conditional subtraction suffices). z may alias x.
 */
static inline void nbtls_limbs_csub(nbtls_limb z[NBTLS_LIMBS],
                                    const nbtls_limb x[NBTLS_LIMBS],
                                    nbtls_limb hi,
                                    const nbtls_limb m[NBTLS_LIMBS]) {
    nbtls_limb d[NBTLS_LIMBS];
    nbtls_limb borrow = nbtls_limbs_sub(d, x, m);
    /* Keep x only when the subtraction borrowed and there was no hi bit
     * (if hi = 1 the low part is < m, so the subtraction always borrows
     * and the borrow cancels hi). */
    nbtls_limb keep = (nbtls_limb)0 - (borrow & (hi ^ 1));
    for (int i = 0; i < NBTLS_LIMBS; i++)
        z[i] = (x[i] & keep) | (d[i] & ~keep);
}

/* z = x + y mod m, for x, y < m. z may alias x or y. */
static inline void nbtls_limbs_add_mod(nbtls_limb z[NBTLS_LIMBS],
                                       const nbtls_limb x[NBTLS_LIMBS],
                                       const nbtls_limb y[NBTLS_LIMBS],
                                       const nbtls_limb m[NBTLS_LIMBS]) {
    nbtls_limb carry = nbtls_limbs_add(z, x, y);
    nbtls_limbs_csub(z, z, carry, m);
}

/* z = x - y mod m, for x, y < m. z may alias x or y. */
static inline void nbtls_limbs_sub_mod(nbtls_limb z[NBTLS_LIMBS],
                                       const nbtls_limb x[NBTLS_LIMBS],
                                       const nbtls_limb y[NBTLS_LIMBS],
                                       const nbtls_limb m[NBTLS_LIMBS]) {
    nbtls_limb borrow = nbtls_limbs_sub(z, x, y);
    nbtls_limb mask = (nbtls_limb)0 - borrow, t[NBTLS_LIMBS];
    for (int i = 0; i < NBTLS_LIMBS; i++)
        t[i] = m[i] & mask;
    (void)nbtls_limbs_add(z, z, t);
}

/*
 * Montgomery multiplication: z = x * y * 2^-256 mod m, word by word (CIOS).
 * Preconditions: m odd, m < 2^256, x < m, y < m; m0inv = -m^-1 mod 2^W.
 * Output: z < m. z may alias x or y.
 * For p-256's p, m0inv = 1, so the quotient digit is the low limb itself
 * (no multiplication), and the compiler folds p's zero limb away.
 * Invariant of the loop: t < 2m (fits N limbs + 1 bit in t[N]).
 */
static inline void nbtls_limbs_mont_mul(nbtls_limb z[NBTLS_LIMBS],
                                        const nbtls_limb x[NBTLS_LIMBS],
                                        const nbtls_limb y[NBTLS_LIMBS],
                                        const nbtls_limb m[NBTLS_LIMBS],
                                        nbtls_limb m0inv) {
    nbtls_limb t[NBTLS_LIMBS + 1] = {0};
    NBTLS_UNROLL
    for (int i = 0; i < NBTLS_LIMBS; i++) {
        /* t += x[i] * y */
        nbtls_limb carry = 0, top;
        NBTLS_UNROLL
        for (int j = 0; j < NBTLS_LIMBS; j++)
            t[j] = nbtls_limb_mac(x[i], y[j], t[j], carry, &carry);
        t[NBTLS_LIMBS] += carry;
        top = t[NBTLS_LIMBS] < carry;
        /* t = (t + q * m) / 2^W, with q chosen so the low limb vanishes */
        nbtls_limb q = t[0] * m0inv;
        (void)nbtls_limb_mac(q, m[0], t[0], 0, &carry);
        NBTLS_UNROLL
        for (int j = 1; j < NBTLS_LIMBS; j++)
            t[j - 1] = nbtls_limb_mac(q, m[j], t[j], carry, &carry);
        t[NBTLS_LIMBS - 1] = t[NBTLS_LIMBS] + carry;
        t[NBTLS_LIMBS] = top + (t[NBTLS_LIMBS - 1] < carry);
    }
    nbtls_limbs_csub(z, t, t[NBTLS_LIMBS], m);
}

#endif
