/*
 * core/ec: P-256 points (y^2 = x^3 - 3x + b over GF(p)).
 *
 * Projective points are homogeneous (X : Y : Z), x = X/Z, y = Y/Z; the
 * point at infinity is (0 : 1 : 0) (any (0 : Y : 0)). Affine points are
 * (x, y) and cannot represent infinity. Coordinates are field elements in
 * the Montgomery domain (p256_field.h).
 *
 * Additions use the complete formulas of Renes, Costello and Batina
 * ("Complete addition formulas for prime order elliptic curves", eprint
 * 2015/1060), specialised to a = -3: they are correct for EVERY pair of
 * inputs (doubling, inverse points, infinity), so the scalar
 * multiplications never branch on the point values. The one exception is
 * the mixed addition, whose affine input cannot be infinity: callers that
 * may add "nothing" compute the sum anyway and discard it with a mask.
 *
 * All functions are constant time and allow the output to alias inputs.
 */
#ifndef NBTLS_CORE_EC_P256_POINT_H
#define NBTLS_CORE_EC_P256_POINT_H

#include "ec/p256_field.h"

typedef struct {
    nbtls_fe x, y, z;
} nbtls_p256_point;

typedef struct {
    nbtls_fe x, y;
} nbtls_p256_affine;

void nbtls_p256_set_infinity(nbtls_p256_point *r);
void nbtls_p256_from_affine(nbtls_p256_point *r, const nbtls_p256_affine *a);
/* r = p + q (complete; RCB Algorithm 4, 12M + 2 mul-by-b). */
void nbtls_p256_add(nbtls_p256_point *r, const nbtls_p256_point *p,
                    const nbtls_p256_point *q);
/* r = p + q for affine q (RCB Algorithm 5, 11M + 2b); correct for every p
 * including infinity; q is never infinity. */
void nbtls_p256_madd(nbtls_p256_point *r, const nbtls_p256_point *p,
                     const nbtls_p256_affine *q);
/* r = 2p (complete; RCB Algorithm 6, 8M + 3S + 2b). */
void nbtls_p256_dbl(nbtls_p256_point *r, const nbtls_p256_point *p);
/*
 * Jacobian doubling for runs of doublings (the signed window's 4 per
 * digit): a Jacobian point (X : Y : Z) stands for (X/Z^2, Y/Z^3), stored in
 * the same struct. Converting costs 3 multiplications each way and a
 * Jacobian doubling (dbl-2001-b, a = -3) 3M + 5S instead of RCB's 13, so
 * four doublings cost 38 multiplications instead of 52. The doubling is
 * exception-free on P-256: Y = 0 would need a point of order 2 (the group
 * has prime order), and infinity (Z = 0) stays Z = 0; from_jacobian() maps
 * it back to (0 : 1 : 0). Constant time.
 */
void nbtls_p256_to_jacobian(nbtls_p256_point *j, const nbtls_p256_point *h);
void nbtls_p256_from_jacobian(nbtls_p256_point *h, const nbtls_p256_point *j);
void nbtls_p256_dbl_jacobian(nbtls_p256_point *r, const nbtls_p256_point *p);
/* Negate p's y coordinate when mask is all-ones. */
void nbtls_p256_cneg(nbtls_p256_point *p, nbtls_limb mask);
/* all-ones if y^2 = x^3 - 3x + b. */
nbtls_limb nbtls_p256_affine_on_curve(const nbtls_p256_affine *a);
/* Affine coordinates from p and zinv = 1/Z (from a sliced inversion). For
 * infinity (Z = 0, zinv = 0) the result is (0, 0), which is not on the
 * curve: callers detect it with nbtls_p256_affine_on_curve(). */
void nbtls_p256_to_affine(nbtls_p256_affine *a, const nbtls_p256_point *p,
                          const nbtls_fe *zinv);
/* Encode as SEC1 uncompressed (0x04 || X || Y). */
void nbtls_p256_affine_encode(unsigned char out[65],
                              const nbtls_p256_affine *a);

/*
 * Fixed-base comb k*G (Lim-Lee, 4 teeth x 2 combs, table of 2 x 15 affine
 * points in rodata, p256_table.h). The scalar's bit at position
 * col + 32c + 64t is tooth t of comb c in column col; for col = 31..0:
 * R = 2R; R += T[0][digit0]; R += T[1][digit1]. One step = one double or
 * one mixed addition with its constant-time table scan: 95 steps (the
 * first double, of infinity, is skipped). Any 256-bit k works (k*G mod
 * the group order); the result may be infinity (k = 0 or n).
 */
#define NBTLS_P256_COMB_STEPS 95
typedef struct {
    nbtls_p256_point r;
    unsigned char k[32]; /* the scalar, little-endian bytes (secret) */
    uint8_t col;         /* current column, 31..0 */
    uint8_t phase;       /* 0 double, 1 add comb 0, 2 add comb 1 */
    uint8_t done;
} nbtls_p256_comb;

void nbtls_p256_comb_start(nbtls_p256_comb *c, const unsigned char k[32]);
/* One unit; returns 1 once the result is in c->r. */
NBTLS_MUST_CHECK int nbtls_p256_comb_step(nbtls_p256_comb *c);

/*
 * Variable-base k*P, constant time, for k < n and P on the curve.
 * Signed fixed window of 4 bits with odd digits (Joye-Tunstall regular
 * recoding): k is made odd (k odd ? k : n - k, the result negated back at
 * the end with a mask), then k = sum_{i<64} d_i 16^i with every d_i odd in
 * [-15, 15]: d_i = ((k >> 4i) | 1) mod 32 - 16 for i < 63, and
 * d_63 = (k >> 252) | 1 > 0. A runtime table holds P, 3P, ..., 15P (8
 * projective points); a digit is applied with a scan of all 8 entries and a
 * masked negation. Steps: 1 double + 7 additions to build the table, then
 * for each of the 63 lower digits 4 doubles and 1 addition: 323 steps.
 */
#define NBTLS_P256_WINDOW_STEPS 323
typedef struct {
    nbtls_p256_point table[8]; /* (2j+1) P */
    nbtls_p256_point r;
    unsigned char k[33]; /* odd scalar, little-endian, k[32] = 0 (secret) */
    nbtls_limb neg;      /* all-ones if the result must be negated */
    uint8_t phase;       /* 0: table, 1: main loop, 2: done */
    uint8_t j;           /* table entry being built */
    uint8_t digit;       /* digit being applied, 62..0 */
    uint8_t dbl;         /* doubles done for this digit, 0..4 */
} nbtls_p256_window;

void nbtls_p256_window_start(nbtls_p256_window *w, const unsigned char k[32],
                             const nbtls_p256_affine *p);
/* One unit; returns 1 once the result is in w->r. */
NBTLS_MUST_CHECK int nbtls_p256_window_step(nbtls_p256_window *w);

/*
 * Double-scalar u1*G + u2*Q for signature verification. VARIABLE TIME: use
 * only with public scalars and points. Both scalars are recoded to width-5
 * wNAF (digits odd in [-15, 15], at least 4 zeros after each non-zero
 * digit) and processed in one shared chain of doublings (Straus/Shamir):
 * G's digits add entries of the rodata table (2i+1)G (affine, mixed
 * addition), Q's digits entries of a runtime table (2i+1)Q (projective).
 * One step = one recoding (2 steps), one table point (8 steps), or one
 * double or one addition of the main loop (about 255 doubles + 2 x 43
 * additions on average): ~350 steps, against 418 for comb + window. Runs
 * of doublings between additions are done in Jacobian coordinates (see
 * nbtls_p256_dbl_jacobian), converted back before each addition.
 */
typedef struct {
    nbtls_p256_point table[8]; /* (2i+1) Q */
    nbtls_p256_point r;
    unsigned char u1[32], u2[32]; /* big-endian scalars */
    int8_t naf1[257], naf2[257];  /* wNAF digits of u1, u2 */
    int16_t i;                    /* current digit position, 256..0 */
    uint8_t phase;                /* 0-1 recode, 2 table, 3 main, 4 done */
    uint8_t j;    /* table entry, or sub-step at position i (0 double,
                     1 add G digit, 2 add Q digit) */
    uint8_t busy; /* r is not infinity yet (doubles are skipped before) */
    uint8_t jac;  /* r is in Jacobian form (inside a run of doublings) */
} nbtls_p256_dual;

void nbtls_p256_dual_start(nbtls_p256_dual *d, const unsigned char u1[32],
                           const unsigned char u2[32],
                           const nbtls_p256_affine *q);
/* One unit; returns 1 once u1 G + u2 Q is in d->r. */
NBTLS_MUST_CHECK int nbtls_p256_dual_step(nbtls_p256_dual *d);

#endif
