/*
 * core/ec: P-384 points (y^2 = x^3 - 3x + b over GF(p)).
 *
 * Homogeneous projective (X : Y : Z), infinity (0 : 1 : 0); affine (x, y)
 * cannot be infinity. Coordinates in the Montgomery domain (p384_field.h).
 * Additions and doublings are the complete formulas of Renes, Costello and
 * Batina (eprint 2015/1060, Algorithms 4 and 6 for a = -3), correct for
 * every input pair, so scalar multiplications never branch on points;
 * runs of doublings use Jacobian dbl-2001-b (exception-free on a
 * prime-order curve), as P-256 does (p256_point.h). Constant time;
 * outputs may alias inputs.
 */
#ifndef NBTLS_CORE_EC_P384_POINT_H
#define NBTLS_CORE_EC_P384_POINT_H

#include "ec/p384_field.h"

typedef struct {
    nbtls_p384_fe x, y, z;
} nbtls_p384_point;

typedef struct {
    nbtls_p384_fe x, y;
} nbtls_p384_affine;

extern const nbtls_p384_affine nbtls_p384_g; /* the generator */

void nbtls_p384_set_infinity(nbtls_p384_point *r);
void nbtls_p384_from_affine(nbtls_p384_point *r, const nbtls_p384_affine *a);
/* r = p + q (complete, 12M + 2 mul-by-b) / r = 2p (complete, 8M + 3S + 2b). */
void nbtls_p384_add(nbtls_p384_point *r, const nbtls_p384_point *p,
                    const nbtls_p384_point *q);
void nbtls_p384_dbl(nbtls_p384_point *r, const nbtls_p384_point *p);
/* r = p + q for affine q (RCB Algorithm 5, 11M + 2b); correct for every p
 * including infinity; q is never infinity. */
void nbtls_p384_madd(nbtls_p384_point *r, const nbtls_p384_point *p,
                     const nbtls_p384_affine *q);
/* Jacobian (X/Z^2, Y/Z^3) <-> homogeneous, and the Jacobian doubling
 * (3M + 5S); infinity (Z = 0) maps back to (0 : 1 : 0). */
void nbtls_p384_to_jacobian(nbtls_p384_point *j, const nbtls_p384_point *h);
void nbtls_p384_from_jacobian(nbtls_p384_point *h, const nbtls_p384_point *j);
void nbtls_p384_dbl_jacobian(nbtls_p384_point *r, const nbtls_p384_point *p);
/* Negate y when mask is all-ones. */
void nbtls_p384_cneg(nbtls_p384_point *p, nbtls_limb mask);
/* all-ones if y^2 = x^3 - 3x + b. */
nbtls_limb nbtls_p384_affine_on_curve(const nbtls_p384_affine *a);
/* Affine from p and zinv = 1/Z; infinity gives (0, 0), not on the curve. */
void nbtls_p384_to_affine(nbtls_p384_affine *a, const nbtls_p384_point *p,
                          const nbtls_p384_fe *zinv);
/* SEC1 uncompressed 0x04 || X || Y. */
void nbtls_p384_affine_encode(unsigned char out[97],
                              const nbtls_p384_affine *a);

/*
 * Fixed-base comb k*G (Lim-Lee, 4 teeth x 2 combs, 48 columns; a table of
 * 2 x 15 affine points in rodata, generated into p384_consts.h). The bit
 * of k at position col + 48c + 96t is tooth t of comb c in column col; for
 * col = 47..0: R = 2R; R += T[0][digit0]; R += T[1][digit1]. One step =
 * one double or one mixed addition with its constant-time scan of the 15
 * entries (digit 0 adds nothing: the sum is discarded with a mask): 143
 * steps (the first double, of infinity, is skipped). Any 384-bit k works
 * (k G mod the group order); the result may be infinity (k = 0 or n).
 */
#define NBTLS_P384_COMB_STEPS 143
typedef struct {
    nbtls_p384_point r;
    unsigned char k[48]; /* the scalar, little-endian bytes (secret) */
    uint8_t col;         /* current column, 47..0 */
    uint8_t phase;       /* 0 double, 1 add comb 0, 2 add comb 1 */
    uint8_t done;
} nbtls_p384_comb;

void nbtls_p384_comb_start(nbtls_p384_comb *c, const unsigned char k[48]);
/* One unit; returns 1 once k G is in c->r. */
NBTLS_MUST_CHECK int nbtls_p384_comb_step(nbtls_p384_comb *c);

/*
 * k*P, constant time, for k < n (big-endian, secret) and P on the curve
 * (ECDH). Signed fixed window of 4 bits, Joye-Tunstall
 * regular recoding: k even is replaced by n - k (the result negated back
 * with a mask), then k = sum_{i<96} d_i 16^i with odd digits
 * d_i = ((k >> 4i) | 1) mod 32 - 16 in [-15, 15] for i < 95 and
 * d_95 = (k >> 380) | 1. Runtime table P, 3P, ..., 15P (8 projective
 * points, scanned in full, masked negation). Steps: 1 double + 7
 * additions for the table, then 95 x (4 Jacobian doubles + 1 addition).
 */
#define NBTLS_P384_WINDOW_STEPS 483
typedef struct {
    nbtls_p384_point table[8]; /* (2j+1) P */
    nbtls_p384_point r;
    unsigned char k[49]; /* odd scalar, little-endian, k[48] = 0 (secret) */
    nbtls_limb neg;      /* all-ones if the result must be negated */
    uint8_t phase;       /* 0 table, 1 main loop, 2 done */
    uint8_t j;           /* table entry being built */
    uint8_t digit;       /* digit being applied, 94..0 */
    uint8_t dbl;         /* doubles done for this digit, 0..4 */
} nbtls_p384_window;

void nbtls_p384_window_start(nbtls_p384_window *w, const unsigned char k[48],
                             const nbtls_p384_affine *p);
/* One unit; returns 1 once k P is in w->r. */
NBTLS_MUST_CHECK int nbtls_p384_window_step(nbtls_p384_window *w);

/*
 * u1 G + u2 Q for verification: VARIABLE TIME (public inputs only).
 * Width-5 wNAF of both scalars in one chain of doublings (Jacobian inside
 * runs); G's odd multiples are rodata (p384_consts.h), Q's a runtime table
 * (1 double + 7 additions). One step = one recoding, one table point, one
 * doubling or one addition.
 */
typedef struct {
    nbtls_p384_point table[8]; /* (2i+1) Q */
    nbtls_p384_point r;
    unsigned char u1[48], u2[48]; /* big-endian */
    int8_t naf1[385], naf2[385];
    int16_t i;     /* current digit position, 384..0 */
    uint8_t phase; /* 0-1 recode, 2 table, 3 main, 4 done */
    uint8_t j;     /* table entry, or sub-step (0 dbl, 1 G digit, 2 Q) */
    uint8_t busy;  /* r is not infinity yet */
    uint8_t jac;   /* r is in Jacobian form */
} nbtls_p384_dual;

void nbtls_p384_dual_start(nbtls_p384_dual *d, const unsigned char u1[48],
                           const unsigned char u2[48],
                           const nbtls_p384_affine *q);
NBTLS_MUST_CHECK int nbtls_p384_dual_step(nbtls_p384_dual *d);

#endif
