/* core/op: shared P-256 op pieces (decoder, public-point machine). */
#include "op/op_p256.h"

enum { DEC_COORDS = 0, DEC_SQRT = 1, DEC_ROOT = 2, DEC_DONE = 3 };

int nbtls_p256_decoder_start(nbtls_p256_decoder *d, const unsigned char *sec1,
                             size_t len) {
    memset(d, 0, sizeof(*d));
    if (len == NBTLS_P256_PUBLIC_LEN) {
        NBTLS_ENSURE(sec1[0] == 0x04, NBTLS_E_BAD_KEY);
    } else if (len == NBTLS_P256_PUBLIC_COMPRESSED_LEN) {
        NBTLS_ENSURE(sec1[0] == 0x02 || sec1[0] == 0x03, NBTLS_E_BAD_KEY);
    } else {
        return NBTLS_E_BAD_KEY;
    }
    memcpy(d->in, sec1, len);
    d->len = (uint8_t)len;
    d->phase = DEC_COORDS;
    return NBTLS_DONE;
}

int nbtls_p256_decoder_step(nbtls_p256_decoder *d) {
    switch (d->phase) {
    case DEC_COORDS: {
        NBTLS_ENSURE(nbtls_fe_from_bytes(&d->q.x, d->in + 1), NBTLS_E_BAD_KEY);
        if (d->len == NBTLS_P256_PUBLIC_LEN) {
            NBTLS_ENSURE(nbtls_fe_from_bytes(&d->q.y, d->in + 33),
                         NBTLS_E_BAD_KEY);
            NBTLS_ENSURE(nbtls_p256_affine_on_curve(&d->q), NBTLS_E_BAD_KEY);
            d->phase = DEC_DONE;
            return NBTLS_DONE;
        }
        /* rhs = x^3 - 3x + b */
        nbtls_fe t;
        nbtls_fe_sqr(&d->rhs, &d->q.x);
        nbtls_fe_mul(&d->rhs, &d->rhs, &d->q.x);
        nbtls_fe_add(&t, &d->q.x, &d->q.x);
        nbtls_fe_add(&t, &t, &d->q.x);
        nbtls_fe_sub(&d->rhs, &d->rhs, &t);
        nbtls_fe_add(&d->rhs, &d->rhs, &nbtls_fe_b);
        nbtls_fe_exp_start(&d->exp, &d->rhs, NBTLS_FE_EXP_SQRT);
        d->phase = DEC_SQRT;
        return NBTLS_IN_PROGRESS;
    }
    case DEC_SQRT:
        if (nbtls_fe_exp_step(&d->exp)) d->phase = DEC_ROOT;
        return NBTLS_IN_PROGRESS;
    case DEC_ROOT: {
        /* p = 3 mod 4: rhs^((p+1)/4) is a root iff rhs is a square. */
        nbtls_fe y2, ny, plain;
        nbtls_fe_sqr(&y2, &d->exp.acc);
        NBTLS_ENSURE(nbtls_fe_eq(&y2, &d->rhs), NBTLS_E_BAD_KEY);
        d->q.y = d->exp.acc;
        nbtls_fe_to_plain(&plain, &d->q.y);
        /* 0x02: even y, 0x03: odd y. */
        nbtls_limb flip = (nbtls_limb)0 - ((plain.w[0] ^ d->in[0]) & 1);
        nbtls_fe_neg(&ny, &d->q.y);
        nbtls_fe_cmov(&d->q.y, &ny, flip);
        d->phase = DEC_DONE;
        return NBTLS_DONE;
    }
    default: return NBTLS_DONE;
    }
}

enum { GEN_COMB = 0, GEN_INV = 1, GEN_FIN = 2 };

void nbtls_p256_pubgen_start(nbtls_p256_pubgen *g, const unsigned char d[32]) {
    nbtls_p256_comb_start(&g->comb, d);
    g->phase = GEN_COMB;
}

int nbtls_p256_pubgen_step(nbtls_p256_pubgen *g, unsigned char pub[65]) {
    switch (g->phase) {
    case GEN_COMB:
        if (nbtls_p256_comb_step(&g->comb)) {
            nbtls_fe_exp_start(&g->inv, &g->comb.r.z, NBTLS_FE_EXP_INV);
            g->phase = GEN_INV;
        }
        return NBTLS_IN_PROGRESS;
    case GEN_INV:
        if (nbtls_fe_exp_step(&g->inv)) g->phase = GEN_FIN;
        return NBTLS_IN_PROGRESS;
    default: {
        nbtls_p256_affine q;
        nbtls_p256_to_affine(&q, &g->comb.r, &g->inv.acc);
        nbtls_limb ok = nbtls_p256_affine_on_curve(&q);
        nbtls_p256_affine_encode(pub, &q);
        /* The public key and the fault check's outcome are public. */
        NBTLS_CT_PUBLIC(pub, 65);
        NBTLS_CT_PUBLIC(&ok, sizeof(ok));
        nbtls_wipe(&q, sizeof(q));
        NBTLS_ENSURE(ok, NBTLS_E_INTERNAL);
        return NBTLS_DONE;
    }
    }
}

void nbtls_p256_key_point(const struct nbtls_key *key, nbtls_p256_affine *q) {
    /* Validated at import: both coordinates are < p. */
    (void)nbtls_fe_from_bytes(&q->x, key->u.p256.pub + 1);
    (void)nbtls_fe_from_bytes(&q->y, key->u.p256.pub + 33);
}
