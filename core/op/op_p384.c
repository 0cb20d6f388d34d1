/* core/op: shared P-384 op pieces (decoder, public-point machine). */
#include "op/op_p384.h"

enum { DEC_COORDS = 0, DEC_SQRT = 1, DEC_ROOT = 2, DEC_DONE = 3 };

int nbtls_p384_decoder_start(nbtls_p384_decoder *d, const unsigned char *sec1,
                             size_t len) {
    memset(d, 0, sizeof(*d));
    if (len == NBTLS_P384_PUBLIC_LEN) {
        NBTLS_ENSURE(sec1[0] == 0x04, NBTLS_E_BAD_KEY);
    } else if (len == NBTLS_P384_PUBLIC_COMPRESSED_LEN) {
        NBTLS_ENSURE(sec1[0] == 0x02 || sec1[0] == 0x03, NBTLS_E_BAD_KEY);
    } else {
        return NBTLS_E_BAD_KEY;
    }
    memcpy(d->in, sec1, len);
    d->len = (uint8_t)len;
    d->phase = DEC_COORDS;
    return NBTLS_DONE;
}

int nbtls_p384_decoder_step(nbtls_p384_decoder *d) {
    switch (d->phase) {
    case DEC_COORDS: {
        NBTLS_ENSURE(nbtls_p384_fe_from_bytes(&d->q.x, d->in + 1),
                     NBTLS_E_BAD_KEY);
        if (d->len == NBTLS_P384_PUBLIC_LEN) {
            NBTLS_ENSURE(nbtls_p384_fe_from_bytes(&d->q.y, d->in + 49),
                         NBTLS_E_BAD_KEY);
            NBTLS_ENSURE(nbtls_p384_affine_on_curve(&d->q), NBTLS_E_BAD_KEY);
            d->phase = DEC_DONE;
            return NBTLS_DONE;
        }
        nbtls_p384_fe t; /* rhs = x^3 - 3x + b */
        nbtls_p384_fe_sqr(&d->rhs, &d->q.x);
        nbtls_p384_fe_mul(&d->rhs, &d->rhs, &d->q.x);
        nbtls_p384_fe_add(&t, &d->q.x, &d->q.x);
        nbtls_p384_fe_add(&t, &t, &d->q.x);
        nbtls_p384_fe_sub(&d->rhs, &d->rhs, &t);
        nbtls_p384_fe_add(&d->rhs, &d->rhs, &nbtls_p384_fe_b);
        nbtls_p384_exp_start(&d->exp, &d->rhs, NBTLS_P384_EXP_P_SQRT);
        d->phase = DEC_SQRT;
        return NBTLS_IN_PROGRESS;
    }
    case DEC_SQRT:
        if (nbtls_p384_exp_step(&d->exp)) d->phase = DEC_ROOT;
        return NBTLS_IN_PROGRESS;
    case DEC_ROOT: {
        nbtls_p384_fe y2, ny, plain;
        nbtls_p384_fe_sqr(&y2, &d->exp.acc);
        NBTLS_ENSURE(nbtls_p384_fe_eq(&y2, &d->rhs), NBTLS_E_BAD_KEY);
        d->q.y = d->exp.acc;
        nbtls_p384_fe_to_plain(&plain, &d->q.y);
        /* 0x02: even y, 0x03: odd y */
        nbtls_limb flip = (nbtls_limb)0 - ((plain.w[0] ^ d->in[0]) & 1);
        nbtls_p384_fe_neg(&ny, &d->q.y);
        nbtls_p384_fe_cmov(&d->q.y, &ny, flip);
        d->phase = DEC_DONE;
        return NBTLS_DONE;
    }
    default: return NBTLS_DONE;
    }
}

enum { GEN_MUL = 0, GEN_INV = 1, GEN_FIN = 2 };

void nbtls_p384_pubgen_start(nbtls_p384_pubgen *g, const unsigned char d[48]) {
    nbtls_p384_comb_start(&g->comb, d);
    g->phase = GEN_MUL;
}

int nbtls_p384_pubgen_step(nbtls_p384_pubgen *g, unsigned char pub[97]) {
    switch (g->phase) {
    case GEN_MUL:
        if (nbtls_p384_comb_step(&g->comb)) {
            nbtls_p384_exp_start(&g->inv, &g->comb.r.z, NBTLS_P384_EXP_P_INV);
            g->phase = GEN_INV;
        }
        return NBTLS_IN_PROGRESS;
    case GEN_INV:
        if (nbtls_p384_exp_step(&g->inv)) g->phase = GEN_FIN;
        return NBTLS_IN_PROGRESS;
    default: {
        nbtls_p384_affine q;
        nbtls_p384_to_affine(&q, &g->comb.r, &g->inv.acc);
        nbtls_limb ok = nbtls_p384_affine_on_curve(&q);
        nbtls_p384_affine_encode(pub, &q);
        NBTLS_CT_PUBLIC(pub, 97);
        NBTLS_CT_PUBLIC(&ok, sizeof(ok));
        nbtls_wipe(&q, sizeof(q));
        nbtls_wipe(&g->comb, sizeof(g->comb));
        nbtls_wipe(&g->inv, sizeof(g->inv));
        NBTLS_ENSURE(ok, NBTLS_E_INTERNAL);
        return NBTLS_DONE;
    }
    }
}

void nbtls_p384_key_point(const struct nbtls_key *key, nbtls_p384_affine *q) {
    (void)nbtls_p384_fe_from_bytes(&q->x, key->u.p384.pub + 1);
    (void)nbtls_p384_fe_from_bytes(&q->y, key->u.p384.pub + 49);
}
