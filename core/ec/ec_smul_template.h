/*
 * core/ec: the point functions and the three scalar-multiplication
 * machines declared by ec_point_decl_template.h (comb, signed window,
 * wNAF dual), written once for every curve — a template included (no
 * include guard) by p256_point.c and p384_point.c after the curve's
 * bindings (p256_curve.h / p384_curve.h), which define:
 *   EC_NAME(x)            the curve's prefix pasted to x: the point types
 *                         EC_NAME(point), EC_NAME(affine), the machines
 *                         EC_NAME(comb) ... and the function names;
 *   EC_FE, EC_SC          the field element and scalar types (limbs in .w);
 *   EC_FE_FN(x)           the field: mul, sqr, neg, cmov, iszero, eq,
 *                         to_bytes and the constants one, b (Montgomery);
 *   EC_FE_ADD, EC_FE_SUB  field addition and subtraction;
 *   EC_SC_FN(n)           the group order n (plain limbs);
 *   EC_MP_FN(x)           limb helpers from_be, to_be, sub, cmov;
 *   EC_BYTES              bytes of a field element / scalar (32, 48);
 *   EC_COMB_TABLE         the comb table, 2 x 15 affine points (rodata):
 *                         T[c][d-1] = sum over the bits t of d of
 *                         2^(EC_BYTES c + 2 EC_BYTES t) G;
 *   EC_G_ODD              (2i+1) G for i < 8, affine (rodata).
 * Preconditions: a = -3 and a prime group order (the RCB formulas and
 * the exception-free Jacobian doubling rely on both); k < n for the
 * window, which also needs n odd (k even -> n - k is odd). The field
 * operations are direct calls (inlinable for P-256): the template adds no
 * indirection.
 *
 * It also instantiates ec_rcb_formulas.h (add, madd, dbl, dbl_jacobian).
 * Constant time except the dual machine (public inputs only).
 */

#define EC_POINT EC_NAME(point)
#define EC_AFFINE EC_NAME(affine)
#define EC_COLS EC_BYTES         /* comb columns */
#define EC_DIGITS (2 * EC_BYTES) /* signed-window digits */
#define EC_BITS (8 * EC_BYTES)

/* RCB add / mixed add / double and the Jacobian doubling. */
#define RCB_FE EC_FE
#define RCB_POINT EC_POINT
#define RCB_AFFINE EC_AFFINE
#define RCB_MUL EC_FE_FN(mul)
#define RCB_SQR EC_FE_FN(sqr)
#define RCB_ADD EC_FE_ADD
#define RCB_SUB EC_FE_SUB
#define RCB_B (&EC_FE_FN(b))
#define RCB_ADD_FN EC_NAME(add)
#define RCB_MADD_FN EC_NAME(madd)
#define RCB_DBL_FN EC_NAME(dbl)
#define RCB_DBLJ_FN EC_NAME(dbl_jacobian)
#include "ec/ec_rcb_formulas.h"

void EC_NAME(set_infinity)(EC_POINT *r) {
    memset(r, 0, sizeof(*r));
    r->y = EC_FE_FN(one);
}

void EC_NAME(from_affine)(EC_POINT *r, const EC_AFFINE *a) {
    r->x = a->x;
    r->y = a->y;
    r->z = EC_FE_FN(one);
}

void EC_NAME(to_jacobian)(EC_POINT *j, const EC_POINT *h) {
    /* (X : Y : Z) homogeneous = (X Z : Y Z^2 : Z) Jacobian */
    EC_FE z2;
    EC_FE_FN(sqr)(&z2, &h->z);
    EC_FE_FN(mul)(&j->x, &h->x, &h->z);
    EC_FE_FN(mul)(&j->y, &h->y, &z2);
    j->z = h->z;
}

void EC_NAME(from_jacobian)(EC_POINT *h, const EC_POINT *j) {
    /* (X : Y : Z) Jacobian = (X Z : Y : Z^3) homogeneous */
    EC_FE z2, z3;
    EC_FE_FN(sqr)(&z2, &j->z);
    EC_FE_FN(mul)(&z3, &z2, &j->z);
    EC_FE_FN(mul)(&h->x, &j->x, &j->z);
    h->y = j->y;
    h->z = z3;
    /* infinity comes back as (0 : 0 : 0): make it (0 : 1 : 0) */
    EC_FE_FN(cmov)(&h->y, &EC_FE_FN(one), EC_FE_FN(iszero)(&h->z));
}

void EC_NAME(cneg)(EC_POINT *p, nbtls_limb mask) {
    EC_FE ny;
    EC_FE_FN(neg)(&ny, &p->y);
    EC_FE_FN(cmov)(&p->y, &ny, mask);
}

nbtls_limb EC_NAME(affine_on_curve)(const EC_AFFINE *a) {
    EC_FE lhs, rhs, t;
    EC_FE_FN(sqr)(&lhs, &a->y);
    EC_FE_FN(sqr)(&rhs, &a->x);
    EC_FE_FN(mul)(&rhs, &rhs, &a->x); /* x^3 */
    EC_FE_ADD(&t, &a->x, &a->x);
    EC_FE_ADD(&t, &t, &a->x); /* 3x */
    EC_FE_SUB(&rhs, &rhs, &t);
    EC_FE_ADD(&rhs, &rhs, &EC_FE_FN(b));
    return EC_FE_FN(eq)(&lhs, &rhs);
}

void EC_NAME(to_affine)(EC_AFFINE *a, const EC_POINT *p, const EC_FE *zinv) {
    EC_FE_FN(mul)(&a->x, &p->x, zinv);
    EC_FE_FN(mul)(&a->y, &p->y, zinv);
}

void EC_NAME(affine_encode)(unsigned char out[1 + 2 * EC_BYTES],
                            const EC_AFFINE *a) {
    out[0] = 0x04;
    EC_FE_FN(to_bytes)(out + 1, &a->x);
    EC_FE_FN(to_bytes)(out + 1 + EC_BYTES, &a->y);
}

/* ---- Fixed-base comb ---------------------------------------------------- */

void EC_NAME(comb_start)(EC_NAME(comb) * c, const unsigned char k[EC_BYTES]) {
    for (int i = 0; i < EC_BYTES; i++)
        c->k[i] = k[EC_BYTES - 1 - i];
    EC_NAME(set_infinity)(&c->r);
    c->col = EC_COLS - 1;
    c->phase = 1; /* doubling infinity is pointless: start with an add */
    c->done = 0;
}

/* The 4-bit digit of comb `comb` in column `col`: bits
 * col + C comb + 2C t of k. The positions depend on public counters only. */
static uint32_t comb_digit(const unsigned char k[EC_BYTES], unsigned col,
                           unsigned comb) {
    uint32_t d = 0;
    for (unsigned t = 0; t < 4; t++) {
        unsigned pos = col + EC_COLS * comb + 2 * EC_COLS * t;
        d |= (uint32_t)((k[pos >> 3] >> (pos & 7)) & 1) << t;
    }
    return d;
}

/* r += T[comb][d - 1] if d != 0; constant time in d. */
static void comb_add(EC_POINT *r, unsigned comb, uint32_t d) {
    EC_AFFINE q;
    EC_POINT s;
    memset(&q, 0, sizeof(q));
    for (uint32_t j = 1; j <= 15; j++) {
        nbtls_limb m = (nbtls_limb)0 - (nbtls_limb)(nbtls_ct_eq32(d, j) & 1);
        EC_FE_FN(cmov)(&q.x, &EC_COMB_TABLE[comb][j - 1].x, m);
        EC_FE_FN(cmov)(&q.y, &EC_COMB_TABLE[comb][j - 1].y, m);
    }
    EC_NAME(madd)(&s, r, &q);
    /* digit 0 adds nothing: the sum with the zero "point" is discarded */
    nbtls_limb keep = (nbtls_limb)0 - (nbtls_limb)(nbtls_ct_nonzero32(d) & 1);
    EC_FE_FN(cmov)(&r->x, &s.x, keep);
    EC_FE_FN(cmov)(&r->y, &s.y, keep);
    EC_FE_FN(cmov)(&r->z, &s.z, keep);
    nbtls_wipe(&q, sizeof(q));
    nbtls_wipe(&s, sizeof(s));
}

int EC_NAME(comb_step)(EC_NAME(comb) * c) {
    if (c->done) return 1;
    switch (c->phase) {
    case 0:
        EC_NAME(dbl)(&c->r, &c->r);
        c->phase = 1;
        return 0;
    case 1:
        comb_add(&c->r, 0, comb_digit(c->k, c->col, 0));
        c->phase = 2;
        return 0;
    default:
        comb_add(&c->r, 1, comb_digit(c->k, c->col, 1));
        if (c->col == 0) {
            c->done = 1;
            return 1;
        }
        c->col--;
        c->phase = 0;
        return 0;
    }
}

/* ---- Variable-base signed window (constant time) ------------------------ */

void EC_NAME(window_start)(EC_NAME(window) * w, const unsigned char k[EC_BYTES],
                           const EC_AFFINE *p) {
    EC_SC s, ns;
    unsigned char be[EC_BYTES];
    EC_MP_FN(from_be)(s.w, k);
    (void)EC_MP_FN(sub)(ns.w, EC_SC_FN(n).w, s.w); /* n - k, odd if k even */
    nbtls_limb even = (s.w[0] & 1) - 1;            /* all-ones if k even */
    EC_MP_FN(cmov)(s.w, ns.w, even);
    w->neg = even;
    EC_MP_FN(to_be)(be, s.w);
    for (int i = 0; i < EC_BYTES; i++)
        w->k[i] = be[EC_BYTES - 1 - i];
    w->k[EC_BYTES] = 0;
    nbtls_wipe(be, sizeof(be));
    nbtls_wipe(&s, sizeof(s));
    nbtls_wipe(&ns, sizeof(ns));
    EC_NAME(from_affine)(&w->table[0], p);
    EC_NAME(set_infinity)(&w->r);
    w->phase = 0;
    w->j = 0;
    w->digit = EC_DIGITS - 2;
    w->dbl = 0;
}

/* Digit i of the recoding, odd, in [-15, 15] (the top one in [1, 15]). */
static int32_t window_digit(const unsigned char k[EC_BYTES + 1], unsigned i) {
    uint32_t v = (uint32_t)k[i >> 1] | ((uint32_t)k[(i >> 1) + 1] << 8);
    v = (v >> (4 * (i & 1))) | 1;
    if (i == EC_DIGITS - 1) return (int32_t)(v & 15); /* public index test */
    return (int32_t)(v & 31) - 16;
}

/* r = d * P from the table, d odd in [-15, 15], constant time in d. */
static void window_lookup(EC_POINT *r, const EC_POINT t[8], int32_t d) {
    uint32_t sign = (uint32_t)(d >> 31); /* all-ones if d < 0 */
    uint32_t abs = ((uint32_t)d ^ sign) - sign;
    uint32_t idx = (abs - 1) >> 1;
    memset(r, 0, sizeof(*r));
    for (uint32_t j = 0; j < 8; j++) {
        nbtls_limb m = (nbtls_limb)0 - (nbtls_limb)(nbtls_ct_eq32(idx, j) & 1);
        EC_FE_FN(cmov)(&r->x, &t[j].x, m);
        EC_FE_FN(cmov)(&r->y, &t[j].y, m);
        EC_FE_FN(cmov)(&r->z, &t[j].z, m);
    }
    EC_NAME(cneg)(r, (nbtls_limb)0 - (nbtls_limb)(sign & 1));
}

int EC_NAME(window_step)(EC_NAME(window) * w) {
    EC_POINT q;
    switch (w->phase) {
    case 0: /* the table: r = 2P, then T[j] = T[j-1] + 2P */
        if (w->j == 0) {
            EC_NAME(dbl)(&w->r, &w->table[0]);
            w->j = 1;
            return 0;
        }
        EC_NAME(add)(&w->table[w->j], &w->table[w->j - 1], &w->r);
        if (++w->j == 8) {
            window_lookup(&w->r, w->table, window_digit(w->k, EC_DIGITS - 1));
            w->phase = 1;
        }
        return 0;
    case 1:
        if (w->dbl < 4) {
            /* four doublings in Jacobian coordinates */
            if (w->dbl == 0) EC_NAME(to_jacobian)(&w->r, &w->r);
            EC_NAME(dbl_jacobian)(&w->r, &w->r);
            if (w->dbl == 3) EC_NAME(from_jacobian)(&w->r, &w->r);
            w->dbl++;
            return 0;
        }
        window_lookup(&q, w->table, window_digit(w->k, w->digit));
        EC_NAME(add)(&w->r, &w->r, &q);
        nbtls_wipe(&q, sizeof(q));
        w->dbl = 0;
        if (w->digit == 0) {
            EC_NAME(cneg)(&w->r, w->neg);
            w->phase = 2;
            return 1;
        }
        w->digit--;
        return 0;
    default: return 1;
    }
}

/* ---- Double-scalar multiplication for verification (variable time) ----- */

void EC_NAME(dual_start)(EC_NAME(dual) * d, const unsigned char u1[EC_BYTES],
                         const unsigned char u2[EC_BYTES], const EC_AFFINE *q) {
    memcpy(d->u1, u1, EC_BYTES);
    memcpy(d->u2, u2, EC_BYTES);
    EC_NAME(from_affine)(&d->table[0], q);
    EC_NAME(set_infinity)(&d->r);
    d->phase = 0;
    d->j = 0;
    d->i = EC_BITS;
    d->busy = 0;
    d->jac = 0;
}

/* Bits [pos, pos + n) of the big-endian k (n <= 8, bits past the top read
 * as 0). */
static unsigned dual_bits(const unsigned char k[EC_BYTES], unsigned pos,
                          unsigned n) {
    unsigned v = 0;
    for (unsigned b = 0; b < n; b++) {
        unsigned p = pos + b;
        if (p < EC_BITS)
            v |= (unsigned)((k[EC_BYTES - 1 - p / 8] >> (p % 8)) & 1) << b;
    }
    return v;
}

/*
 * Width-5 wNAF of k (public): naf[i] in {0, +-1, +-3, ..., +-15}, with
 * k = sum naf[i] 2^i. The carry formulation of libsecp256k1: scan the bits;
 * where the bit differs from the carry, take a 5-bit window, make it signed
 * (subtracting 32 and carrying 1 when its top bit is set), and skip it.
 */
static void dual_recode(int8_t naf[EC_BITS + 1],
                        const unsigned char k[EC_BYTES]) {
    unsigned carry = 0, bit = 0;
    memset(naf, 0, EC_BITS + 1);
    while (bit < EC_BITS) {
        if (dual_bits(k, bit, 1) == carry) {
            bit++;
            continue;
        }
        int word = (int)(dual_bits(k, bit, 5) + carry);
        carry = (unsigned)(word >> 4) & 1;
        word -= (int)(carry << 5);
        naf[bit] = (int8_t)word;
        bit += 5;
    }
    if (carry) naf[EC_BITS] = 1;
}

/* Is there work at (i, j)? */
static int dual_has_work(const EC_NAME(dual) * d) {
    switch (d->j) {
    case 0: return d->busy;
    case 1: return d->naf1[d->i] != 0;
    default: return d->naf2[d->i] != 0;
    }
}

/* Move to the next position with work; 1 if there is none left. */
NBTLS_MUST_CHECK static int dual_advance(EC_NAME(dual) * d) {
    for (;;) {
        if (++d->j == 3) {
            d->j = 0;
            if (--d->i < 0) {
                d->phase = 4;
                return 1;
            }
        }
        if (dual_has_work(d)) return 0;
    }
}

int EC_NAME(dual_step)(EC_NAME(dual) * d) {
    switch (d->phase) {
    case 0:
        dual_recode(d->naf1, d->u1);
        d->phase = 1;
        return 0;
    case 1:
        dual_recode(d->naf2, d->u2);
        d->phase = 2;
        return 0;
    case 2: /* table: r = 2Q, then T[j] = T[j-1] + 2Q */
        if (d->j == 0)
            EC_NAME(dbl)(&d->r, &d->table[0]);
        else
            EC_NAME(add)(&d->table[d->j], &d->table[d->j - 1], &d->r);
        if (++d->j < 8) return 0;
        EC_NAME(set_infinity)(&d->r);
        d->phase = 3;
        d->i = EC_BITS;
        d->j = 0;
        /* the top position's double is a double of infinity: skip to work */
        if (!dual_has_work(d)) return dual_advance(d);
        return 0;
    case 3: {
        int8_t v;
        if (d->j == 0 && !d->jac) {
            EC_NAME(to_jacobian)(&d->r, &d->r);
            d->jac = 1;
        } else if (d->j != 0 && d->jac) {
            EC_NAME(from_jacobian)(&d->r, &d->r);
            d->jac = 0;
        }
        switch (d->j) {
        case 0: EC_NAME(dbl_jacobian)(&d->r, &d->r); break;
        case 1: {
            v = d->naf1[d->i];
            EC_AFFINE t = EC_G_ODD[(v < 0 ? -v : v) >> 1];
            if (v < 0) EC_FE_FN(neg)(&t.y, &t.y);
            EC_NAME(madd)(&d->r, &d->r, &t);
            d->busy = 1;
            break;
        }
        default: {
            v = d->naf2[d->i];
            EC_POINT t = d->table[(v < 0 ? -v : v) >> 1];
            if (v < 0) EC_FE_FN(neg)(&t.y, &t.y);
            EC_NAME(add)(&d->r, &d->r, &t);
            d->busy = 1;
            break;
        }
        }
        if (!dual_advance(d)) return 0;
        if (d->jac) { /* the chain ended with a doubling */
            EC_NAME(from_jacobian)(&d->r, &d->r);
            d->jac = 0;
        }
        return 1;
    }
    default: return 1;
    }
}

#undef EC_POINT
#undef EC_AFFINE
#undef EC_COLS
#undef EC_DIGITS
#undef EC_BITS
