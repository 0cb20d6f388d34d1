/* core/ec: P-384 point formulas and scalar multiplications. See
 * p384_point.h. The formulas are those of p256_point.c over the P-384
 * field (same step numbering, from the RCB paper). */
#include "ec/p384_point.h"
#include "ec/p384_consts.h"
#include "ec/p384_scalar.h"

#define MUL nbtls_p384_fe_mul
#define SQR nbtls_p384_fe_sqr
#define ADD nbtls_p384_fe_add
#define SUB nbtls_p384_fe_sub
typedef nbtls_p384_fe fe;

const nbtls_p384_affine nbtls_p384_g = {{NBTLS_P384_GX_MONT_LIMBS},
                                        {NBTLS_P384_GY_MONT_LIMBS}};
static const nbtls_p384_affine g_odd[8] = NBTLS_P384_G_ODD;

void nbtls_p384_set_infinity(nbtls_p384_point *r) {
    memset(r, 0, sizeof(*r));
    r->y = nbtls_p384_fe_one;
}

void nbtls_p384_from_affine(nbtls_p384_point *r, const nbtls_p384_affine *a) {
    r->x = a->x;
    r->y = a->y;
    r->z = nbtls_p384_fe_one;
}

void nbtls_p384_add(nbtls_p384_point *r, const nbtls_p384_point *p,
                    const nbtls_p384_point *q) {
    fe t0, t1, t2, t3, t4, x3, y3, z3;
    const fe *b = &nbtls_p384_fe_b;
    MUL(&t0, &p->x, &q->x); /* 1 */
    MUL(&t1, &p->y, &q->y); /* 2 */
    MUL(&t2, &p->z, &q->z); /* 3 */
    ADD(&t3, &p->x, &p->y); /* 4 */
    ADD(&t4, &q->x, &q->y); /* 5 */
    MUL(&t3, &t3, &t4);     /* 6 */
    ADD(&t4, &t0, &t1);     /* 7 */
    SUB(&t3, &t3, &t4);     /* 8 */
    ADD(&t4, &p->y, &p->z); /* 9 */
    ADD(&x3, &q->y, &q->z); /* 10 */
    MUL(&t4, &t4, &x3);     /* 11 */
    ADD(&x3, &t1, &t2);     /* 12 */
    SUB(&t4, &t4, &x3);     /* 13 */
    ADD(&x3, &p->x, &p->z); /* 14 */
    ADD(&y3, &q->x, &q->z); /* 15 */
    MUL(&x3, &x3, &y3);     /* 16 */
    ADD(&y3, &t0, &t2);     /* 17 */
    SUB(&y3, &x3, &y3);     /* 18 */
    MUL(&z3, b, &t2);       /* 19 */
    SUB(&x3, &y3, &z3);     /* 20 */
    ADD(&z3, &x3, &x3);     /* 21 */
    ADD(&x3, &x3, &z3);     /* 22 */
    SUB(&z3, &t1, &x3);     /* 23 */
    ADD(&x3, &t1, &x3);     /* 24 */
    MUL(&y3, b, &y3);       /* 25 */
    ADD(&t1, &t2, &t2);     /* 26 */
    ADD(&t2, &t1, &t2);     /* 27 */
    SUB(&y3, &y3, &t2);     /* 28 */
    SUB(&y3, &y3, &t0);     /* 29 */
    ADD(&t1, &y3, &y3);     /* 30 */
    ADD(&y3, &t1, &y3);     /* 31 */
    ADD(&t1, &t0, &t0);     /* 32 */
    ADD(&t0, &t1, &t0);     /* 33 */
    SUB(&t0, &t0, &t2);     /* 34 */
    MUL(&t1, &t4, &y3);     /* 35 */
    MUL(&t2, &t0, &y3);     /* 36 */
    MUL(&y3, &x3, &z3);     /* 37 */
    ADD(&y3, &y3, &t2);     /* 38 */
    MUL(&x3, &t3, &x3);     /* 39 */
    SUB(&x3, &x3, &t1);     /* 40 */
    MUL(&z3, &t4, &z3);     /* 41 */
    MUL(&t1, &t3, &t0);     /* 42 */
    ADD(&z3, &z3, &t1);     /* 43 */
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

void nbtls_p384_dbl(nbtls_p384_point *r, const nbtls_p384_point *p) {
    fe t0, t1, t2, t3, x3, y3, z3;
    const fe *b = &nbtls_p384_fe_b;
    SQR(&t0, &p->x);        /* 1 */
    SQR(&t1, &p->y);        /* 2 */
    SQR(&t2, &p->z);        /* 3 */
    MUL(&t3, &p->x, &p->y); /* 4 */
    ADD(&t3, &t3, &t3);     /* 5 */
    MUL(&z3, &p->x, &p->z); /* 6 */
    ADD(&z3, &z3, &z3);     /* 7 */
    MUL(&y3, b, &t2);       /* 8 */
    SUB(&y3, &y3, &z3);     /* 9 */
    ADD(&x3, &y3, &y3);     /* 10 */
    ADD(&y3, &x3, &y3);     /* 11 */
    SUB(&x3, &t1, &y3);     /* 12 */
    ADD(&y3, &t1, &y3);     /* 13 */
    MUL(&y3, &x3, &y3);     /* 14 */
    MUL(&x3, &x3, &t3);     /* 15 */
    ADD(&t3, &t2, &t2);     /* 16 */
    ADD(&t2, &t2, &t3);     /* 17 */
    MUL(&z3, b, &z3);       /* 18 */
    SUB(&z3, &z3, &t2);     /* 19 */
    SUB(&z3, &z3, &t0);     /* 20 */
    ADD(&t3, &z3, &z3);     /* 21 */
    ADD(&z3, &z3, &t3);     /* 22 */
    ADD(&t3, &t0, &t0);     /* 23 */
    ADD(&t0, &t3, &t0);     /* 24 */
    SUB(&t0, &t0, &t2);     /* 25 */
    MUL(&t0, &t0, &z3);     /* 26 */
    ADD(&y3, &y3, &t0);     /* 27 */
    MUL(&t0, &p->y, &p->z); /* 28 */
    ADD(&t0, &t0, &t0);     /* 29 */
    MUL(&z3, &t0, &z3);     /* 30 */
    SUB(&x3, &x3, &z3);     /* 31 */
    MUL(&z3, &t0, &t1);     /* 32 */
    ADD(&z3, &z3, &z3);     /* 33 */
    ADD(&z3, &z3, &z3);     /* 34 */
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

void nbtls_p384_madd(nbtls_p384_point *r, const nbtls_p384_point *p,
                     const nbtls_p384_affine *q) {
    fe t0, t1, t2, t3, t4, x3, y3, z3;
    const fe *b = &nbtls_p384_fe_b;
    MUL(&t0, &p->x, &q->x); /* 1 */
    MUL(&t1, &p->y, &q->y); /* 2 */
    ADD(&t3, &q->x, &q->y); /* 3 */
    ADD(&t4, &p->x, &p->y); /* 4 */
    MUL(&t3, &t3, &t4);     /* 5 */
    ADD(&t4, &t0, &t1);     /* 6 */
    SUB(&t3, &t3, &t4);     /* 7 */
    MUL(&t4, &q->y, &p->z); /* 8 */
    ADD(&t4, &t4, &p->y);   /* 9 */
    MUL(&y3, &q->x, &p->z); /* 10 */
    ADD(&y3, &y3, &p->x);   /* 11 */
    MUL(&z3, b, &p->z);     /* 12 */
    SUB(&x3, &y3, &z3);     /* 13 */
    ADD(&z3, &x3, &x3);     /* 14 */
    ADD(&x3, &x3, &z3);     /* 15 */
    SUB(&z3, &t1, &x3);     /* 16 */
    ADD(&x3, &t1, &x3);     /* 17 */
    MUL(&y3, b, &y3);       /* 18 */
    ADD(&t1, &p->z, &p->z); /* 19 */
    ADD(&t2, &t1, &p->z);   /* 20 */
    SUB(&y3, &y3, &t2);     /* 21 */
    SUB(&y3, &y3, &t0);     /* 22 */
    ADD(&t1, &y3, &y3);     /* 23 */
    ADD(&y3, &t1, &y3);     /* 24 */
    ADD(&t1, &t0, &t0);     /* 25 */
    ADD(&t0, &t1, &t0);     /* 26 */
    SUB(&t0, &t0, &t2);     /* 27 */
    MUL(&t1, &t4, &y3);     /* 28 */
    MUL(&t2, &t0, &y3);     /* 29 */
    MUL(&y3, &x3, &z3);     /* 30 */
    ADD(&y3, &y3, &t2);     /* 31 */
    MUL(&x3, &t3, &x3);     /* 32 */
    SUB(&x3, &x3, &t1);     /* 33 */
    MUL(&z3, &t4, &z3);     /* 34 */
    MUL(&t1, &t3, &t0);     /* 35 */
    ADD(&z3, &z3, &t1);     /* 36 */
    r->x = x3;
    r->y = y3;
    r->z = z3;
}

void nbtls_p384_to_jacobian(nbtls_p384_point *j, const nbtls_p384_point *h) {
    fe z2; /* (X : Y : Z) homogeneous = (X Z : Y Z^2 : Z) Jacobian */
    SQR(&z2, &h->z);
    MUL(&j->x, &h->x, &h->z);
    MUL(&j->y, &h->y, &z2);
    j->z = h->z;
}

void nbtls_p384_from_jacobian(nbtls_p384_point *h, const nbtls_p384_point *j) {
    fe z2, z3; /* (X : Y : Z) Jacobian = (X Z : Y : Z^3) homogeneous */
    SQR(&z2, &j->z);
    MUL(&z3, &z2, &j->z);
    MUL(&h->x, &j->x, &j->z);
    h->y = j->y;
    h->z = z3;
    nbtls_p384_fe_cmov(&h->y, &nbtls_p384_fe_one, nbtls_p384_fe_iszero(&h->z));
}

/* dbl-2001-b, a = -3 (see p256_point.c). */
void nbtls_p384_dbl_jacobian(nbtls_p384_point *r, const nbtls_p384_point *p) {
    fe delta, gamma, beta, alpha, t, u;
    SQR(&delta, &p->z);
    SQR(&gamma, &p->y);
    MUL(&beta, &p->x, &gamma);
    SUB(&t, &p->x, &delta);
    ADD(&u, &p->x, &delta);
    MUL(&alpha, &t, &u);
    ADD(&t, &alpha, &alpha);
    ADD(&alpha, &alpha, &t);
    ADD(&t, &p->y, &p->z);
    SQR(&t, &t);
    SUB(&t, &t, &gamma);
    SUB(&r->z, &t, &delta);
    ADD(&beta, &beta, &beta);
    ADD(&beta, &beta, &beta);
    SQR(&t, &alpha);
    ADD(&u, &beta, &beta);
    SUB(&r->x, &t, &u);
    SUB(&t, &beta, &r->x);
    MUL(&t, &alpha, &t);
    SQR(&gamma, &gamma);
    ADD(&gamma, &gamma, &gamma);
    ADD(&gamma, &gamma, &gamma);
    ADD(&gamma, &gamma, &gamma);
    SUB(&r->y, &t, &gamma);
}

void nbtls_p384_cneg(nbtls_p384_point *p, nbtls_limb mask) {
    fe ny;
    nbtls_p384_fe_neg(&ny, &p->y);
    nbtls_p384_fe_cmov(&p->y, &ny, mask);
}

nbtls_limb nbtls_p384_affine_on_curve(const nbtls_p384_affine *a) {
    fe lhs, rhs, t;
    SQR(&lhs, &a->y);
    SQR(&rhs, &a->x);
    MUL(&rhs, &rhs, &a->x);
    ADD(&t, &a->x, &a->x);
    ADD(&t, &t, &a->x);
    SUB(&rhs, &rhs, &t);
    ADD(&rhs, &rhs, &nbtls_p384_fe_b);
    return nbtls_p384_fe_eq(&lhs, &rhs);
}

void nbtls_p384_to_affine(nbtls_p384_affine *a, const nbtls_p384_point *p,
                          const nbtls_p384_fe *zinv) {
    MUL(&a->x, &p->x, zinv);
    MUL(&a->y, &p->y, zinv);
}

void nbtls_p384_affine_encode(unsigned char out[97],
                              const nbtls_p384_affine *a) {
    out[0] = 0x04;
    nbtls_p384_fe_to_bytes(out + 1, &a->x);
    nbtls_p384_fe_to_bytes(out + 49, &a->y);
}

/* ---- Fixed-base comb ---------------------------------------------------- */

static const nbtls_p384_affine comb_table[2][15] = NBTLS_P384_COMB;

void nbtls_p384_comb_start(nbtls_p384_comb *c, const unsigned char k[48]) {
    for (int i = 0; i < 48; i++)
        c->k[i] = k[47 - i];
    nbtls_p384_set_infinity(&c->r);
    c->col = 47;
    c->phase = 1; /* doubling infinity is pointless: start with an add */
    c->done = 0;
}

/* The 4-bit digit of comb `comb` in column `col` (public positions). */
static uint32_t comb_digit(const unsigned char k[48], unsigned col,
                           unsigned comb) {
    uint32_t d = 0;
    for (unsigned t = 0; t < 4; t++) {
        unsigned pos = col + 48 * comb + 96 * t;
        d |= (uint32_t)((k[pos >> 3] >> (pos & 7)) & 1) << t;
    }
    return d;
}

/* r += T[comb][d - 1] if d != 0; constant time in d. */
static void comb_add(nbtls_p384_point *r, unsigned comb, uint32_t d) {
    nbtls_p384_affine q;
    nbtls_p384_point s;
    memset(&q, 0, sizeof(q));
    for (uint32_t j = 1; j <= 15; j++) {
        nbtls_limb m = (nbtls_limb)0 - (nbtls_limb)(nbtls_ct_eq32(d, j) & 1);
        nbtls_p384_fe_cmov(&q.x, &comb_table[comb][j - 1].x, m);
        nbtls_p384_fe_cmov(&q.y, &comb_table[comb][j - 1].y, m);
    }
    nbtls_p384_madd(&s, r, &q);
    nbtls_limb keep = (nbtls_limb)0 - (nbtls_limb)(nbtls_ct_nonzero32(d) & 1);
    nbtls_p384_fe_cmov(&r->x, &s.x, keep);
    nbtls_p384_fe_cmov(&r->y, &s.y, keep);
    nbtls_p384_fe_cmov(&r->z, &s.z, keep);
    nbtls_wipe(&q, sizeof(q));
    nbtls_wipe(&s, sizeof(s));
}

int nbtls_p384_comb_step(nbtls_p384_comb *c) {
    if (c->done) return 1;
    switch (c->phase) {
    case 0:
        nbtls_p384_dbl(&c->r, &c->r);
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

/* ---- Constant-time signed window ---------------------------------------- */

void nbtls_p384_window_start(nbtls_p384_window *w, const unsigned char k[48],
                             const nbtls_p384_affine *p) {
    nbtls_p384_sc s, ns;
    unsigned char be[48];
    nbtls_p384_mp_from_be(s.w, k);
    (void)nbtls_p384_mp_sub(ns.w, nbtls_p384_sc_n.w, s.w); /* n - k */
    nbtls_limb even = (s.w[0] & 1) - 1; /* all-ones if k even */
    nbtls_p384_mp_cmov(s.w, ns.w, even);
    w->neg = even;
    nbtls_p384_mp_to_be(be, s.w);
    for (int i = 0; i < 48; i++)
        w->k[i] = be[47 - i];
    w->k[48] = 0;
    nbtls_wipe(be, sizeof(be));
    nbtls_wipe(&s, sizeof(s));
    nbtls_wipe(&ns, sizeof(ns));
    nbtls_p384_from_affine(&w->table[0], p);
    nbtls_p384_set_infinity(&w->r);
    w->phase = 0;
    w->j = 0;
    w->digit = 94;
    w->dbl = 0;
}

static int32_t window_digit(const unsigned char k[49], unsigned i) {
    uint32_t v = (uint32_t)k[i >> 1] | ((uint32_t)k[(i >> 1) + 1] << 8);
    v = (v >> (4 * (i & 1))) | 1;
    if (i == 95) return (int32_t)(v & 15); /* public index test */
    return (int32_t)(v & 31) - 16;
}

static void window_lookup(nbtls_p384_point *r, const nbtls_p384_point t[8],
                          int32_t d) {
    uint32_t sign = (uint32_t)(d >> 31);
    uint32_t abs = ((uint32_t)d ^ sign) - sign;
    uint32_t idx = (abs - 1) >> 1;
    memset(r, 0, sizeof(*r));
    for (uint32_t j = 0; j < 8; j++) {
        nbtls_limb m = (nbtls_limb)0 - (nbtls_limb)(nbtls_ct_eq32(idx, j) & 1);
        nbtls_p384_fe_cmov(&r->x, &t[j].x, m);
        nbtls_p384_fe_cmov(&r->y, &t[j].y, m);
        nbtls_p384_fe_cmov(&r->z, &t[j].z, m);
    }
    nbtls_p384_cneg(r, (nbtls_limb)0 - (nbtls_limb)(sign & 1));
}

int nbtls_p384_window_step(nbtls_p384_window *w) {
    nbtls_p384_point q;
    switch (w->phase) {
    case 0:
        if (w->j == 0) {
            nbtls_p384_dbl(&w->r, &w->table[0]);
            w->j = 1;
            return 0;
        }
        nbtls_p384_add(&w->table[w->j], &w->table[w->j - 1], &w->r);
        if (++w->j == 8) {
            window_lookup(&w->r, w->table, window_digit(w->k, 95));
            w->phase = 1;
        }
        return 0;
    case 1:
        if (w->dbl < 4) {
            if (w->dbl == 0) nbtls_p384_to_jacobian(&w->r, &w->r);
            nbtls_p384_dbl_jacobian(&w->r, &w->r);
            if (w->dbl == 3) nbtls_p384_from_jacobian(&w->r, &w->r);
            w->dbl++;
            return 0;
        }
        window_lookup(&q, w->table, window_digit(w->k, w->digit));
        nbtls_p384_add(&w->r, &w->r, &q);
        nbtls_wipe(&q, sizeof(q));
        w->dbl = 0;
        if (w->digit == 0) {
            nbtls_p384_cneg(&w->r, w->neg);
            w->phase = 2;
            return 1;
        }
        w->digit--;
        return 0;
    default: return 1;
    }
}

/* ---- Double-scalar multiplication (variable time) ----------------------- */

void nbtls_p384_dual_start(nbtls_p384_dual *d, const unsigned char u1[48],
                           const unsigned char u2[48],
                           const nbtls_p384_affine *q) {
    memcpy(d->u1, u1, 48);
    memcpy(d->u2, u2, 48);
    nbtls_p384_from_affine(&d->table[0], q);
    nbtls_p384_set_infinity(&d->r);
    d->phase = 0;
    d->j = 0;
    d->i = 384;
    d->busy = 0;
    d->jac = 0;
}

static unsigned dual_bits(const unsigned char k[48], unsigned pos, unsigned n) {
    unsigned v = 0;
    for (unsigned b = 0; b < n; b++) {
        unsigned p = pos + b;
        if (p < 384) v |= (unsigned)((k[47 - p / 8] >> (p % 8)) & 1) << b;
    }
    return v;
}

/* Width-5 wNAF (see p256_point.c). */
static void dual_recode(int8_t naf[385], const unsigned char k[48]) {
    unsigned carry = 0, bit = 0;
    memset(naf, 0, 385);
    while (bit < 384) {
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
    if (carry) naf[384] = 1;
}

static int dual_has_work(const nbtls_p384_dual *d) {
    switch (d->j) {
    case 0: return d->busy;
    case 1: return d->naf1[d->i] != 0;
    default: return d->naf2[d->i] != 0;
    }
}

NBTLS_MUST_CHECK static int dual_advance(nbtls_p384_dual *d) {
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

int nbtls_p384_dual_step(nbtls_p384_dual *d) {
    switch (d->phase) {
    case 0:
        dual_recode(d->naf1, d->u1);
        d->phase = 1;
        return 0;
    case 1:
        dual_recode(d->naf2, d->u2);
        d->phase = 2;
        return 0;
    case 2:
        if (d->j == 0)
            nbtls_p384_dbl(&d->r, &d->table[0]);
        else
            nbtls_p384_add(&d->table[d->j], &d->table[d->j - 1], &d->r);
        if (++d->j < 8) return 0;
        nbtls_p384_set_infinity(&d->r);
        d->phase = 3;
        d->i = 384;
        d->j = 0;
        if (!dual_has_work(d)) return dual_advance(d);
        return 0;
    case 3: {
        nbtls_p384_point t;
        int8_t v;
        if (d->j == 0 && !d->jac) {
            nbtls_p384_to_jacobian(&d->r, &d->r);
            d->jac = 1;
        } else if (d->j != 0 && d->jac) {
            nbtls_p384_from_jacobian(&d->r, &d->r);
            d->jac = 0;
        }
        switch (d->j) {
        case 0: nbtls_p384_dbl_jacobian(&d->r, &d->r); break;
        case 1:
            v = d->naf1[d->i];
            nbtls_p384_from_affine(&t, &g_odd[(v < 0 ? -v : v) >> 1]);
            if (v < 0) nbtls_p384_fe_neg(&t.y, &t.y);
            nbtls_p384_add(&d->r, &d->r, &t);
            d->busy = 1;
            break;
        default:
            v = d->naf2[d->i];
            t = d->table[(v < 0 ? -v : v) >> 1];
            if (v < 0) nbtls_p384_fe_neg(&t.y, &t.y);
            nbtls_p384_add(&d->r, &d->r, &t);
            d->busy = 1;
            break;
        }
        if (!dual_advance(d)) return 0;
        if (d->jac) {
            nbtls_p384_from_jacobian(&d->r, &d->r);
            d->jac = 0;
        }
        return 1;
    }
    default: return 1;
    }
}
