/* core/ec: P-384 point formulas and scalar multiplications. See
 * p384_point.h. The addition and doubling formulas are shared with P-256
 * (ec_rcb_formulas.h). */
#include "ec/p384_point.h"
#include "ec/p384_consts.h"
#include "ec/p384_scalar.h"

#define MUL nbtls_p384_fe_mul
#define SQR nbtls_p384_fe_sqr
#define ADD nbtls_p384_fe_add
#define SUB nbtls_p384_fe_sub
typedef nbtls_p384_fe fe;

/* RCB add / mixed add / double and the Jacobian doubling, shared with
 * P-256 (ec_rcb_formulas.h). */
#define RCB_FE nbtls_p384_fe
#define RCB_POINT nbtls_p384_point
#define RCB_AFFINE nbtls_p384_affine
#define RCB_MUL nbtls_p384_fe_mul
#define RCB_SQR nbtls_p384_fe_sqr
#define RCB_ADD nbtls_p384_fe_add
#define RCB_SUB nbtls_p384_fe_sub
#define RCB_B (&nbtls_p384_fe_b)
#define RCB_ADD_FN nbtls_p384_add
#define RCB_MADD_FN nbtls_p384_madd
#define RCB_DBL_FN nbtls_p384_dbl
#define RCB_DBLJ_FN nbtls_p384_dbl_jacobian
#include "ec/ec_rcb_formulas.h"

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
        case 1: {
            v = d->naf1[d->i];
            nbtls_p384_affine g = g_odd[(v < 0 ? -v : v) >> 1];
            if (v < 0) nbtls_p384_fe_neg(&g.y, &g.y);
            nbtls_p384_madd(&d->r, &d->r, &g);
            d->busy = 1;
            break;
        }
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
