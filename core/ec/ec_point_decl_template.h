/*
 * core/ec: the point types, point functions and scalar-multiplication
 * machines of one curve, declared once for every curve — a template
 * included (without an include guard) by p256_point.h and p384_point.h
 * after defining:
 *   ECD_NAME(x)  the curve's prefix pasted to x (nbtls_p256_##x);
 *   ECD_FE       its field element type (Montgomery domain);
 *   ECD_BYTES    bytes of a field element and of a scalar (32, 48).
 * The macros are undefined at the end. The definitions are
 * ec_smul_template.h's (instantiated by p256_point.c and p384_point.c).
 *
 * Projective points are homogeneous (X : Y : Z), x = X/Z, y = Y/Z; the
 * point at infinity is (0 : 1 : 0) (any (0 : Y : 0)). Affine points (x, y)
 * cannot represent infinity. The additions are the complete formulas of
 * Renes, Costello and Batina for a = -3 (ec_rcb_formulas.h), correct for
 * every input pair, so the scalar multiplications never branch on point
 * values; the mixed addition's affine input cannot be infinity (callers
 * that may add "nothing" compute the sum and discard it with a mask).
 * Everything is constant time except the dual machine (public inputs
 * only); outputs may alias inputs.
 */

typedef struct {
    ECD_FE x, y, z;
} ECD_NAME(point);

typedef struct {
    ECD_FE x, y;
} ECD_NAME(affine);

void ECD_NAME(set_infinity)(ECD_NAME(point) * r);
void ECD_NAME(from_affine)(ECD_NAME(point) * r, const ECD_NAME(affine) * a);
/* r = p + q (complete; RCB Algorithm 4, 12M + 2 mul-by-b). */
void ECD_NAME(add)(ECD_NAME(point) * r, const ECD_NAME(point) * p,
                   const ECD_NAME(point) * q);
/* r = p + q for affine q (RCB Algorithm 5, 11M + 2b); correct for every p
 * including infinity; q is never infinity. */
void ECD_NAME(madd)(ECD_NAME(point) * r, const ECD_NAME(point) * p,
                    const ECD_NAME(affine) * q);
/* r = 2p (complete; RCB Algorithm 6, 8M + 3S + 2b). */
void ECD_NAME(dbl)(ECD_NAME(point) * r, const ECD_NAME(point) * p);
/*
 * Jacobian doubling for runs of doublings: a Jacobian point (X : Y : Z)
 * stands for (X/Z^2, Y/Z^3), stored in the same struct. Converting costs 3
 * multiplications each way and a Jacobian doubling (dbl-2001-b, a = -3)
 * 3M + 5S instead of RCB's 13, so four doublings cost 38 multiplications
 * instead of 52. Exception-free on a prime-order curve: Y = 0 would need a
 * point of order 2, and infinity (Z = 0) stays Z = 0; from_jacobian() maps
 * it back to (0 : 1 : 0).
 */
void ECD_NAME(to_jacobian)(ECD_NAME(point) * j, const ECD_NAME(point) * h);
void ECD_NAME(from_jacobian)(ECD_NAME(point) * h, const ECD_NAME(point) * j);
void ECD_NAME(dbl_jacobian)(ECD_NAME(point) * r, const ECD_NAME(point) * p);
/* Negate p's y coordinate when mask is all-ones. */
void ECD_NAME(cneg)(ECD_NAME(point) * p, nbtls_limb mask);
/* all-ones if y^2 = x^3 - 3x + b. */
nbtls_limb ECD_NAME(affine_on_curve)(const ECD_NAME(affine) * a);
/* Affine coordinates from p and zinv = 1/Z (from a sliced inversion). For
 * infinity (Z = 0, zinv = 0) the result is (0, 0), which is not on the
 * curve: callers detect it with _affine_on_curve(). */
void ECD_NAME(to_affine)(ECD_NAME(affine) * a, const ECD_NAME(point) * p,
                         const ECD_FE *zinv);
/* Encode as SEC1 uncompressed (0x04 || X || Y). */
void ECD_NAME(affine_encode)(unsigned char out[1 + 2 * ECD_BYTES],
                             const ECD_NAME(affine) * a);

/*
 * Fixed-base comb k*G (Lim-Lee, 4 teeth x 2 combs, C = ECD_BYTES columns,
 * a rodata table of 2 x 15 affine points). The scalar's bit at position
 * col + C c + 2C t is tooth t of comb c in column col; for col = C-1..0:
 * R = 2R; R += T[0][digit0]; R += T[1][digit1]. One step = one double or
 * one mixed addition with its constant-time scan of the 15 entries (digit
 * 0 adds nothing: the sum is discarded with a mask): 3C - 1 steps (the
 * first double, of infinity, is skipped). Any k < 2^(8 ECD_BYTES) works
 * (k G mod the group order); the result may be infinity (k = 0 or n).
 */
typedef struct {
    ECD_NAME(point) r;
    unsigned char k[ECD_BYTES]; /* the scalar, little-endian bytes (secret) */
    uint8_t col;                /* current column, C-1..0 */
    uint8_t phase;              /* 0 double, 1 add comb 0, 2 add comb 1 */
    uint8_t done;
} ECD_NAME(comb);

void ECD_NAME(comb_start)(ECD_NAME(comb) * c, const unsigned char k[ECD_BYTES]);
/* One unit; returns 1 once k G is in c->r. */
NBTLS_MUST_CHECK int ECD_NAME(comb_step)(ECD_NAME(comb) * c);

/*
 * Variable-base k*P, constant time, for k < n (big-endian, secret) and P on
 * the curve. Signed fixed window of 4 bits with odd digits (Joye-Tunstall
 * regular recoding): k is made odd (k odd ? k : n - k, the result negated
 * back at the end with a mask), then k = sum_{i<D} d_i 16^i, D =
 * 2 ECD_BYTES, with every d_i odd in [-15, 15]: d_i = ((k >> 4i) | 1) mod
 * 32 - 16 for i < D-1, and d_{D-1} = (k >> 4(D-1)) | 1 > 0. A runtime
 * table holds P, 3P, ..., 15P (8 projective points); a digit is applied
 * with a scan of all 8 entries and a masked negation. Steps: 1 double + 7
 * additions for the table, then for each of the D-1 lower digits 4
 * Jacobian doubles and 1 addition: 8 + 5 (D-1) steps.
 */
typedef struct {
    ECD_NAME(point) table[8]; /* (2j+1) P */
    ECD_NAME(point) r;
    unsigned char k[ECD_BYTES + 1]; /* odd scalar, little-endian, top byte 0
                                       (secret) */
    nbtls_limb neg;                 /* all-ones if the result must be negated */
    uint8_t phase;                  /* 0: table, 1: main loop, 2: done */
    uint8_t j;                      /* table entry being built */
    uint8_t digit;                  /* digit being applied, D-2..0 */
    uint8_t dbl;                    /* doubles done for this digit, 0..4 */
} ECD_NAME(window);

void ECD_NAME(window_start)(ECD_NAME(window) * w,
                            const unsigned char k[ECD_BYTES],
                            const ECD_NAME(affine) * p);
/* One unit; returns 1 once k P is in w->r. */
NBTLS_MUST_CHECK int ECD_NAME(window_step)(ECD_NAME(window) * w);

/*
 * Double-scalar u1*G + u2*Q for signature verification. VARIABLE TIME: use
 * only with public scalars and points. Both scalars are recoded to width-5
 * wNAF (digits odd in [-15, 15], at least 4 zeros after each non-zero
 * digit) and processed in one shared chain of doublings (Straus/Shamir):
 * G's digits add entries of the rodata table (2i+1)G (affine, mixed
 * addition), Q's digits entries of a runtime table (2i+1)Q (projective).
 * One step = one recoding (2 steps), one table point (8 steps), or one
 * double or one addition of the main loop (about 8 ECD_BYTES doubles and
 * 2 x 8 ECD_BYTES / 6 additions on average). Runs of doublings between
 * additions are done in Jacobian coordinates, converted back before each
 * addition.
 */
typedef struct {
    ECD_NAME(point) table[8]; /* (2i+1) Q */
    ECD_NAME(point) r;
    unsigned char u1[ECD_BYTES], u2[ECD_BYTES]; /* big-endian scalars */
    int8_t naf1[8 * ECD_BYTES + 1], naf2[8 * ECD_BYTES + 1]; /* wNAF digits */
    int16_t i;     /* current digit position, 8 ECD_BYTES..0 */
    uint8_t phase; /* 0-1 recode, 2 table, 3 main, 4 done */
    uint8_t j;     /* table entry, or sub-step at position i (0 double,
                      1 add G digit, 2 add Q digit) */
    uint8_t busy;  /* r is not infinity yet (doubles are skipped before) */
    uint8_t jac;   /* r is in Jacobian form (inside a run of doublings) */
} ECD_NAME(dual);

void ECD_NAME(dual_start)(ECD_NAME(dual) * d, const unsigned char u1[ECD_BYTES],
                          const unsigned char u2[ECD_BYTES],
                          const ECD_NAME(affine) * q);
/* One unit; returns 1 once u1 G + u2 Q is in d->r. */
NBTLS_MUST_CHECK int ECD_NAME(dual_step)(ECD_NAME(dual) * d);

#undef ECD_NAME
#undef ECD_FE
#undef ECD_BYTES
