/* core/ec: P-256 point formulas and scalar multiplications. See
 * p256_point.h. */
#include "ec/p256_point.h"
#include "ec/p256_field_ops.h"
#include "ec/p256_scalar.h"
#include "ec/p256_table.h"

void nbtls_p256_set_infinity(nbtls_p256_point *r) {
    memset(r, 0, sizeof(*r));
    r->y = nbtls_fe_one;
}

void nbtls_p256_from_affine(nbtls_p256_point *r, const nbtls_p256_affine *a) {
    r->x = a->x;
    r->y = a->y;
    r->z = nbtls_fe_one;
}

/* RCB add / mixed add / double and the Jacobian doubling, shared with
 * P-384 (ec_rcb_formulas.h). */
#define RCB_FE nbtls_fe
#define RCB_POINT nbtls_p256_point
#define RCB_AFFINE nbtls_p256_affine
#define RCB_MUL nbtls_fe_mul
#define RCB_SQR nbtls_fe_sqr
#define RCB_ADD nbtls_fe_add_i
#define RCB_SUB nbtls_fe_sub_i
#define RCB_B (&nbtls_fe_b)
#define RCB_ADD_FN nbtls_p256_add
#define RCB_MADD_FN nbtls_p256_madd
#define RCB_DBL_FN nbtls_p256_dbl
#define RCB_DBLJ_FN nbtls_p256_dbl_jacobian
#include "ec/ec_rcb_formulas.h"

void nbtls_p256_to_jacobian(nbtls_p256_point *j, const nbtls_p256_point *h) {
    /* (X : Y : Z) homogeneous = (X Z : Y Z^2 : Z) Jacobian */
    nbtls_fe z2;
    nbtls_fe_sqr(&z2, &h->z);
    nbtls_fe_mul(&j->x, &h->x, &h->z);
    nbtls_fe_mul(&j->y, &h->y, &z2);
    j->z = h->z;
}

void nbtls_p256_from_jacobian(nbtls_p256_point *h, const nbtls_p256_point *j) {
    /* (X : Y : Z) Jacobian = (X Z : Y : Z^3) homogeneous */
    nbtls_fe z2, z3;
    nbtls_fe_sqr(&z2, &j->z);
    nbtls_fe_mul(&z3, &z2, &j->z);
    nbtls_fe_mul(&h->x, &j->x, &j->z);
    h->y = j->y;
    h->z = z3;
    /* infinity comes back as (0 : 0 : 0): make it (0 : 1 : 0) */
    nbtls_fe_cmov(&h->y, &nbtls_fe_one, nbtls_fe_iszero(&h->z));
}

void nbtls_p256_cneg(nbtls_p256_point *p, nbtls_limb mask) {
    nbtls_fe ny;
    nbtls_fe_neg(&ny, &p->y);
    nbtls_fe_cmov(&p->y, &ny, mask);
}

nbtls_limb nbtls_p256_affine_on_curve(const nbtls_p256_affine *a) {
    nbtls_fe lhs, rhs, t;
    nbtls_fe_sqr(&lhs, &a->y);
    nbtls_fe_sqr(&rhs, &a->x);
    nbtls_fe_mul(&rhs, &rhs, &a->x); /* x^3 */
    nbtls_fe_add_i(&t, &a->x, &a->x);
    nbtls_fe_add_i(&t, &t, &a->x); /* 3x */
    nbtls_fe_sub_i(&rhs, &rhs, &t);
    nbtls_fe_add_i(&rhs, &rhs, &nbtls_fe_b);
    return nbtls_fe_eq(&lhs, &rhs);
}

void nbtls_p256_to_affine(nbtls_p256_affine *a, const nbtls_p256_point *p,
                          const nbtls_fe *zinv) {
    nbtls_fe_mul(&a->x, &p->x, zinv);
    nbtls_fe_mul(&a->y, &p->y, zinv);
}

void nbtls_p256_affine_encode(unsigned char out[65],
                              const nbtls_p256_affine *a) {
    out[0] = 0x04;
    nbtls_fe_to_bytes(out + 1, &a->x);
    nbtls_fe_to_bytes(out + 33, &a->y);
}

/* ---- Fixed-base comb ---------------------------------------------------- */

void nbtls_p256_comb_start(nbtls_p256_comb *c, const unsigned char k[32]) {
    for (int i = 0; i < 32; i++)
        c->k[i] = k[31 - i];
    nbtls_p256_set_infinity(&c->r);
    c->col = 31;
    c->phase = 1; /* doubling infinity is pointless: start with an add */
    c->done = 0;
}

/* The 4-bit digit of comb `comb` in column `col`: bits col + 32 comb + 64 t
 * of k. The positions depend on public counters only. */
static uint32_t comb_digit(const unsigned char k[32], unsigned col,
                           unsigned comb) {
    uint32_t d = 0;
    for (unsigned t = 0; t < 4; t++) {
        unsigned pos = col + 32 * comb + 64 * t;
        d |= (uint32_t)((k[pos >> 3] >> (pos & 7)) & 1) << t;
    }
    return d;
}

/* r += T[comb][d - 1] if d != 0; constant time in d. */
static void comb_add(nbtls_p256_point *r, unsigned comb, uint32_t d) {
    nbtls_p256_affine q;
    memset(&q, 0, sizeof(q));
    for (uint32_t j = 1; j <= 15; j++) {
        nbtls_limb m = (nbtls_limb)0 - (nbtls_limb)(nbtls_ct_eq32(d, j) & 1);
        nbtls_fe_cmov(&q.x, &nbtls_p256_comb_table[comb][j - 1].x, m);
        nbtls_fe_cmov(&q.y, &nbtls_p256_comb_table[comb][j - 1].y, m);
    }
    nbtls_p256_point s;
    nbtls_p256_madd(&s, r, &q);
    /* digit 0 adds nothing: the sum with the zero "point" is discarded */
    nbtls_limb keep = (nbtls_limb)0 - (nbtls_limb)(nbtls_ct_nonzero32(d) & 1);
    nbtls_fe_cmov(&r->x, &s.x, keep);
    nbtls_fe_cmov(&r->y, &s.y, keep);
    nbtls_fe_cmov(&r->z, &s.z, keep);
}

int nbtls_p256_comb_step(nbtls_p256_comb *c) {
    if (c->done) return 1;
    switch (c->phase) {
    case 0:
        nbtls_p256_dbl(&c->r, &c->r);
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

/* ---- Variable-base signed window ------------------------------------------
 */

void nbtls_p256_window_start(nbtls_p256_window *w, const unsigned char k[32],
                             const nbtls_p256_affine *p) {
    nbtls_sc s, ns;
    nbtls_limbs_from_be(s.w, k);
    (void)nbtls_limbs_sub(ns.w, nbtls_sc_n.w, s.w); /* n - k, odd if k even */
    nbtls_limb even = (s.w[0] & 1) - 1;             /* all-ones if k even */
    nbtls_limbs_cmov(s.w, ns.w, even);
    w->neg = even;
    unsigned char be[32];
    nbtls_limbs_to_be(be, s.w);
    for (int i = 0; i < 32; i++)
        w->k[i] = be[31 - i];
    w->k[32] = 0;
    nbtls_wipe(be, sizeof(be));
    nbtls_wipe(&s, sizeof(s));
    nbtls_wipe(&ns, sizeof(ns));
    nbtls_p256_from_affine(&w->table[0], p);
    nbtls_p256_set_infinity(&w->r);
    w->phase = 0;
    w->j = 0;
    w->digit = 62;
    w->dbl = 0;
}

/* Digit i of the recoding, odd, in [-15, 15] (see the header). */
static int32_t window_digit(const unsigned char k[33], unsigned i) {
    uint32_t v = (uint32_t)k[i >> 1] | ((uint32_t)k[(i >> 1) + 1] << 8);
    v = (v >> (4 * (i & 1))) | 1;
    if (i == 63) return (int32_t)(v & 15); /* public index test */
    return (int32_t)(v & 31) - 16;
}

/* r = d * P from the table, d odd in [-15, 15], constant time in d. */
static void window_lookup(nbtls_p256_point *r, const nbtls_p256_point t[8],
                          int32_t d) {
    uint32_t sign = (uint32_t)(d >> 31); /* all-ones if d < 0 */
    uint32_t abs = ((uint32_t)d ^ sign) - sign;
    uint32_t idx = (abs - 1) >> 1;
    memset(r, 0, sizeof(*r));
    for (uint32_t j = 0; j < 8; j++) {
        nbtls_limb m = (nbtls_limb)0 - (nbtls_limb)(nbtls_ct_eq32(idx, j) & 1);
        nbtls_fe_cmov(&r->x, &t[j].x, m);
        nbtls_fe_cmov(&r->y, &t[j].y, m);
        nbtls_fe_cmov(&r->z, &t[j].z, m);
    }
    nbtls_p256_cneg(r, (nbtls_limb)0 - (nbtls_limb)(sign & 1));
}

int nbtls_p256_window_step(nbtls_p256_window *w) {
    nbtls_p256_point q;
    switch (w->phase) {
    case 0: /* the table: r = 2P, then T[j] = T[j-1] + 2P */
        if (w->j == 0) {
            nbtls_p256_dbl(&w->r, &w->table[0]);
            w->j = 1;
            return 0;
        }
        nbtls_p256_add(&w->table[w->j], &w->table[w->j - 1], &w->r);
        if (++w->j == 8) {
            window_lookup(&w->r, w->table, window_digit(w->k, 63));
            w->phase = 1;
        }
        return 0;
    case 1:
        if (w->dbl < 4) {
            /* four doublings in Jacobian coordinates (see the header) */
            if (w->dbl == 0) nbtls_p256_to_jacobian(&w->r, &w->r);
            nbtls_p256_dbl_jacobian(&w->r, &w->r);
            if (w->dbl == 3) nbtls_p256_from_jacobian(&w->r, &w->r);
            w->dbl++;
            return 0;
        }
        window_lookup(&q, w->table, window_digit(w->k, w->digit));
        nbtls_p256_add(&w->r, &w->r, &q);
        nbtls_wipe(&q, sizeof(q));
        w->dbl = 0;
        if (w->digit == 0) {
            nbtls_p256_cneg(&w->r, w->neg);
            w->phase = 2;
            return 1;
        }
        w->digit--;
        return 0;
    default: return 1;
    }
}

/* ---- Double-scalar multiplication for verification (variable time) ----- */

void nbtls_p256_dual_start(nbtls_p256_dual *d, const unsigned char u1[32],
                           const unsigned char u2[32],
                           const nbtls_p256_affine *q) {
    memcpy(d->u1, u1, 32);
    memcpy(d->u2, u2, 32);
    nbtls_p256_from_affine(&d->table[0], q);
    nbtls_p256_set_infinity(&d->r);
    d->phase = 0;
    d->j = 0;
    d->i = 256;
    d->busy = 0;
    d->jac = 0;
}

/* Bits [pos, pos + n) of the big-endian 256-bit k (n <= 8, bits past 255
 * read as 0). */
static unsigned dual_bits(const unsigned char k[32], unsigned pos, unsigned n) {
    unsigned v = 0;
    for (unsigned b = 0; b < n; b++) {
        unsigned p = pos + b;
        if (p < 256) v |= (unsigned)((k[31 - p / 8] >> (p % 8)) & 1) << b;
    }
    return v;
}

/*
 * Width-5 wNAF of k (public): naf[i] in {0, +-1, +-3, ..., +-15}, with
 * k = sum naf[i] 2^i. The carry formulation of libsecp256k1: scan the bits;
 * where the bit differs from the carry, take a 5-bit window, make it signed
 * (subtracting 32 and carrying 1 when its top bit is set), and skip it.
 */
static void dual_recode(int8_t naf[257], const unsigned char k[32]) {
    unsigned carry = 0, bit = 0;
    memset(naf, 0, 257);
    while (bit < 256) {
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
    if (carry) naf[256] = 1;
}

/* Is there work at (i, j)? */
static int dual_has_work(const nbtls_p256_dual *d) {
    switch (d->j) {
    case 0: return d->busy;
    case 1: return d->naf1[d->i] != 0;
    default: return d->naf2[d->i] != 0;
    }
}

/* Move to the next position with work; 1 if there is none left. */
NBTLS_MUST_CHECK static int dual_advance(nbtls_p256_dual *d) {
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

int nbtls_p256_dual_step(nbtls_p256_dual *d) {
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
        if (d->j == 0) {
            nbtls_p256_dbl(&d->r, &d->table[0]);
        } else {
            nbtls_p256_add(&d->table[d->j], &d->table[d->j - 1], &d->r);
        }
        if (++d->j < 8) return 0;
        nbtls_p256_set_infinity(&d->r);
        d->phase = 3;
        d->i = 256;
        d->j = 0;
        /* position (256, 0) is a double of infinity: skip to real work */
        if (!dual_has_work(d)) return dual_advance(d);
        return 0;
    case 3: {
        int8_t v;
        if (d->j == 0 && !d->jac) {
            nbtls_p256_to_jacobian(&d->r, &d->r);
            d->jac = 1;
        } else if (d->j != 0 && d->jac) {
            nbtls_p256_from_jacobian(&d->r, &d->r);
            d->jac = 0;
        }
        switch (d->j) {
        case 0: nbtls_p256_dbl_jacobian(&d->r, &d->r); break;
        case 1: {
            v = d->naf1[d->i];
            nbtls_p256_affine t = nbtls_p256_g_odd[(v < 0 ? -v : v) >> 1];
            if (v < 0) nbtls_fe_neg(&t.y, &t.y);
            nbtls_p256_madd(&d->r, &d->r, &t);
            d->busy = 1;
            break;
        }
        default: {
            v = d->naf2[d->i];
            nbtls_p256_point t = d->table[(v < 0 ? -v : v) >> 1];
            if (v < 0) nbtls_fe_neg(&t.y, &t.y);
            nbtls_p256_add(&d->r, &d->r, &t);
            d->busy = 1;
            break;
        }
        }
        if (!dual_advance(d)) return 0;
        if (d->jac) { /* the chain ended with a doubling */
            nbtls_p256_from_jacobian(&d->r, &d->r);
            d->jac = 0;
        }
        return 1;
    }
    default: return 1;
    }
}
