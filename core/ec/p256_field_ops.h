/*
 * core/ec: the field operations' bodies, as static inline functions, so the
 * point formulas (p256_point.c) can inline the cheap ones (add, sub) and
 * p256_field.c can export them all. Contracts as in p256_field.h: inputs
 * fully reduced (< p), Montgomery domain, outputs may alias inputs.
 */
#ifndef NBTLS_CORE_EC_P256_FIELD_OPS_H
#define NBTLS_CORE_EC_P256_FIELD_OPS_H

#include "ec/p256_field.h"

#if NBTLS_LIMB_BITS == 32
static const nbtls_limb nbtls_fe_p_limbs[NBTLS_LIMBS] = {
    NBTLS_L64(0xffffffffffffffff), NBTLS_L64(0x00000000ffffffff),
    NBTLS_L64(0x0000000000000000), NBTLS_L64(0xffffffff00000001)};
#define NBTLS_FE_P_LIMBS nbtls_fe_p_limbs
#endif

#if NBTLS_LIMB_BITS == 64
/*
 * The 64-bit path, written out limb by limb (compilers, gcc in particular,
 * produce much better carry chains from straight-line code than from the
 * generic loops in p256_limb.h; results are identical, the tests compare
 * both builds).
 *
 * Montgomery multiplication specialised to p (CIOS, 4 rounds). With
 * -p^-1 = 1 mod 2^64 the quotient digit of a round is q = a0, and
 *   a0 + q (2^64 - 1)   = q 2^64               (the low limb vanishes),
 *   q p1 + q            = q (2^32 - 1) + q = q 2^32 (limb 1, no multiply),
 *   q p2                = 0,
 *   q p3                = q (2^64 - 2^32 + 1)  (one multiplication),
 * so a round costs 4 multiplications for x_i * y and 1 for the reduction.
 * Invariant: the accumulator a0..a4 stays < 2p; a final masked
 * subtraction gives z < p. Preconditions: x, y < p. z may alias x or y.
 */
#define FE_P3 0xffffffff00000001ULL

/* lo of a * b + c + d, *hi its high word (the sum fits in 128 bits).
 * Carries come from comparisons, which compile to setc/adc (no branch);
 * gcc makes much better code from this than from 128-bit additions. */
static inline uint64_t fe_mac(uint64_t a, uint64_t b, uint64_t c, uint64_t d,
                              uint64_t *hi) {
    nbtls_dlimb t = (nbtls_dlimb)a * b;
    uint64_t lo = (uint64_t)t, h = (uint64_t)(t >> 64);
    lo += c;
    h += (lo < c);
    lo += d;
    h += (lo < d);
    *hi = h;
    return lo;
}

/* a + b + *c (carry in 0 or 1); *c gets the carry out. */
static inline uint64_t fe_adc(uint64_t a, uint64_t b, uint64_t *c) {
    uint64_t s = a + *c, c1 = s < a;
    s += b;
    *c = c1 + (s < b);
    return s;
}

/* a - b - *b_io (borrow in 0 or 1); *b_io gets the borrow out. */
static inline uint64_t fe_sbb(uint64_t a, uint64_t b, uint64_t *b_io) {
    uint64_t d = a - b, b1 = a < b;
    uint64_t r = d - *b_io;
    *b_io = b1 | (d < *b_io);
    return r;
}

/* z = a4:a3..a0 - p if that does not borrow (or a4 is set), else a; the
 * input is < 2p. */
static inline void fe_reduce_once(nbtls_fe *z, uint64_t a0, uint64_t a1,
                                  uint64_t a2, uint64_t a3, uint64_t a4) {
    uint64_t b = 0;
    uint64_t d0 = fe_sbb(a0, 0xffffffffffffffffULL, &b);
    uint64_t d1 = fe_sbb(a1, 0x00000000ffffffffULL, &b);
    uint64_t d2 = fe_sbb(a2, 0, &b);
    uint64_t d3 = fe_sbb(a3, FE_P3, &b);
    uint64_t keep = nbtls_ct_barrier64(0 - (b & (a4 ^ 1)));
    z->w[0] = (a0 & keep) | (d0 & ~keep);
    z->w[1] = (a1 & keep) | (d1 & ~keep);
    z->w[2] = (a2 & keep) | (d2 & ~keep);
    z->w[3] = (a3 & keep) | (d3 & ~keep);
}

static inline void nbtls_fe_mul_i(nbtls_fe *z, const nbtls_fe *x,
                                  const nbtls_fe *y) {
    const uint64_t y0 = y->w[0], y1 = y->w[1], y2 = y->w[2], y3 = y->w[3];
    uint64_t a0 = 0, a1 = 0, a2 = 0, a3 = 0, a4 = 0, a5, c, h;
    for (int i = 0; i < 4; i++) {
        uint64_t xi = x->w[i];
        /* a += x_i * y */
        a0 = fe_mac(xi, y0, a0, 0, &c);
        a1 = fe_mac(xi, y1, a1, c, &c);
        a2 = fe_mac(xi, y2, a2, c, &c);
        a3 = fe_mac(xi, y3, a3, c, &c);
        a4 += c;
        a5 = a4 < c;
        /* a = (a + q p) / 2^64 with q = a0 (see above) */
        uint64_t q = a0;
        c = 0;
        a0 = fe_adc(a1, q << 32, &c);
        a1 = fe_adc(a2, q >> 32, &c);
        a2 = fe_mac(q, FE_P3, a3, c, &h);
        a3 = a4 + h;
        a4 = a5 + (a3 < h);
    }
    fe_reduce_once(z, a0, a1, a2, a3, a4);
}

/*
 * Squaring: the 512-bit square from 6 cross products (doubled) and 4
 * diagonal ones, then 4 Montgomery rounds on its low half (separated
 * operand scanning): A = (A + q p) / 2^64 with q = a0, which by p's form is
 * A' = a1 + (q << 32) + (a2 + (q >> 32)) 2^64 + (a3 + q p3) 2^128 and stays
 * < 2^192 + p. The result T_high + A_4 = (x^2 + Q p) / 2^256 < 2p, reduced
 * once. 14 multiplications instead of 20.
 */
static inline void nbtls_fe_sqr_i(nbtls_fe *z, const nbtls_fe *x) {
    const uint64_t x0 = x->w[0], x1 = x->w[1], x2 = x->w[2], x3 = x->w[3];
    uint64_t t0, t1, t2, t3, t4, t5, t6, t7, c, h, lo;
    /* cross products x_i x_j, i < j, at limbs 1..6 */
    t1 = fe_mac(x0, x1, 0, 0, &c);
    t2 = fe_mac(x0, x2, c, 0, &c);
    t3 = fe_mac(x0, x3, c, 0, &t4);
    t3 = fe_mac(x1, x2, t3, 0, &c);
    t4 = fe_mac(x1, x3, t4, c, &t5);
    t5 = fe_mac(x2, x3, t5, 0, &t6);
    /* doubled */
    t7 = t6 >> 63;
    t6 = (t6 << 1) | (t5 >> 63);
    t5 = (t5 << 1) | (t4 >> 63);
    t4 = (t4 << 1) | (t3 >> 63);
    t3 = (t3 << 1) | (t2 >> 63);
    t2 = (t2 << 1) | (t1 >> 63);
    t1 <<= 1;
    /* plus the squares x_i^2 at limbs 2i, 2i+1 */
    t0 = fe_mac(x0, x0, 0, 0, &h);
    c = 0;
    t1 = fe_adc(t1, h, &c);
    lo = fe_mac(x1, x1, 0, 0, &h);
    t2 = fe_adc(t2, lo, &c);
    t3 = fe_adc(t3, h, &c);
    lo = fe_mac(x2, x2, 0, 0, &h);
    t4 = fe_adc(t4, lo, &c);
    t5 = fe_adc(t5, h, &c);
    lo = fe_mac(x3, x3, 0, 0, &h);
    t6 = fe_adc(t6, lo, &c);
    t7 = t7 + h + c; /* x^2 < 2^512: no carry out */
    /* Montgomery rounds on the low half */
    for (int i = 0; i < 4; i++) {
        uint64_t q = t0;
        c = 0;
        t0 = fe_adc(t1, q << 32, &c);
        t1 = fe_adc(t2, q >> 32, &c);
        t2 = fe_mac(q, FE_P3, t3, c, &h);
        t3 = h;
    }
    /* plus the high half */
    c = 0;
    t0 = fe_adc(t0, t4, &c);
    t1 = fe_adc(t1, t5, &c);
    t2 = fe_adc(t2, t6, &c);
    t3 = fe_adc(t3, t7, &c);
    fe_reduce_once(z, t0, t1, t2, t3, c);
}

/* z = x + y mod p for x, y < p (sum < 2p, then one masked subtraction). */
static inline void nbtls_fe_add_i(nbtls_fe *z, const nbtls_fe *x,
                                  const nbtls_fe *y) {
    uint64_t c = 0;
    uint64_t s0 = fe_adc(x->w[0], y->w[0], &c);
    uint64_t s1 = fe_adc(x->w[1], y->w[1], &c);
    uint64_t s2 = fe_adc(x->w[2], y->w[2], &c);
    uint64_t s3 = fe_adc(x->w[3], y->w[3], &c);
    fe_reduce_once(z, s0, s1, s2, s3, c);
}

/* z = x - y mod p for x, y < p: subtract, add p back under the borrow
 * mask. */
static inline void nbtls_fe_sub_i(nbtls_fe *z, const nbtls_fe *x,
                                  const nbtls_fe *y) {
    uint64_t b = 0, c = 0;
    uint64_t d0 = fe_sbb(x->w[0], y->w[0], &b);
    uint64_t d1 = fe_sbb(x->w[1], y->w[1], &b);
    uint64_t d2 = fe_sbb(x->w[2], y->w[2], &b);
    uint64_t d3 = fe_sbb(x->w[3], y->w[3], &b);
    uint64_t m = nbtls_ct_barrier64(0 - b);
    z->w[0] = fe_adc(d0, 0xffffffffffffffffULL & m, &c);
    z->w[1] = fe_adc(d1, 0x00000000ffffffffULL & m, &c);
    z->w[2] = fe_adc(d2, 0, &c);
    z->w[3] = d3 + (FE_P3 & m) + c;
}
#else
/* The 32-bit path: the generic helpers of p256_limb.h. -p^-1 mod 2^32 is
 * 1 (p = -1 mod 2^96), so the Montgomery quotient digit is the low limb
 * itself and the compiler folds p's zero limbs away. */
static inline void nbtls_fe_mul_i(nbtls_fe *z, const nbtls_fe *x,
                                  const nbtls_fe *y) {
    nbtls_limbs_mont_mul(z->w, x->w, y->w, NBTLS_FE_P_LIMBS, 1);
}

static inline void nbtls_fe_add_i(nbtls_fe *z, const nbtls_fe *x,
                                  const nbtls_fe *y) {
    nbtls_limbs_add_mod(z->w, x->w, y->w, NBTLS_FE_P_LIMBS);
}

static inline void nbtls_fe_sub_i(nbtls_fe *z, const nbtls_fe *x,
                                  const nbtls_fe *y) {
    nbtls_limbs_sub_mod(z->w, x->w, y->w, NBTLS_FE_P_LIMBS);
}
#endif

#if NBTLS_LIMB_BITS == 32
static inline void nbtls_fe_sqr_i(nbtls_fe *z, const nbtls_fe *x) {
    nbtls_fe_mul_i(z, x, x);
}
#endif

#endif
