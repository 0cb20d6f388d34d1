/*
 * core/op: the SEC1 decoder, the public-point machine and key_point()
 * declared by op_ec_decl_template.h, written once for every curve — a
 * template included (no include guard) by op_p256.c and op_p384.c after
 * the curve's bindings (ec/p256_curve.h, ec/p384_curve.h), which define
 * EC_NAME(x), EC_BYTES, EC_FE, EC_FE_FN(x) (from_bytes, to_plain, sqr,
 * mul, neg, cmov, eq, b), EC_FE_ADD, EC_FE_SUB, EC_FE_INV_START,
 * EC_FE_SQRT_START, EC_FE_EXP_STEP and EC_KEY_MEMBER.
 * Preconditions: p = 3 mod 4 (the square root is a^((p+1)/4)).
 */

#define EC_PUB_LEN (1 + 2 * EC_BYTES) /* SEC1 uncompressed */
#define EC_PUB_COMPRESSED_LEN (1 + EC_BYTES)

enum { DEC_COORDS = 0, DEC_SQRT = 1, DEC_ROOT = 2, DEC_DONE = 3 };

int EC_NAME(decoder_start)(EC_NAME(decoder) * d, const unsigned char *sec1,
                           size_t len) {
    memset(d, 0, sizeof(*d));
    if (len == EC_PUB_LEN) {
        NBTLS_ENSURE(sec1[0] == 0x04, NBTLS_E_BAD_KEY);
    } else if (len == EC_PUB_COMPRESSED_LEN) {
        NBTLS_ENSURE(sec1[0] == 0x02 || sec1[0] == 0x03, NBTLS_E_BAD_KEY);
    } else {
        return NBTLS_E_BAD_KEY;
    }
    memcpy(d->in, sec1, len);
    d->len = (uint8_t)len;
    d->phase = DEC_COORDS;
    return NBTLS_DONE;
}

int EC_NAME(decoder_step)(EC_NAME(decoder) * d) {
    switch (d->phase) {
    case DEC_COORDS: {
        NBTLS_ENSURE(EC_FE_FN(from_bytes)(&d->q.x, d->in + 1), NBTLS_E_BAD_KEY);
        if (d->len == EC_PUB_LEN) {
            NBTLS_ENSURE(EC_FE_FN(from_bytes)(&d->q.y, d->in + 1 + EC_BYTES),
                         NBTLS_E_BAD_KEY);
            NBTLS_ENSURE(EC_NAME(affine_on_curve)(&d->q), NBTLS_E_BAD_KEY);
            d->phase = DEC_DONE;
            return NBTLS_DONE;
        }
        /* rhs = x^3 - 3x + b */
        EC_FE t;
        EC_FE_FN(sqr)(&d->rhs, &d->q.x);
        EC_FE_FN(mul)(&d->rhs, &d->rhs, &d->q.x);
        EC_FE_ADD(&t, &d->q.x, &d->q.x);
        EC_FE_ADD(&t, &t, &d->q.x);
        EC_FE_SUB(&d->rhs, &d->rhs, &t);
        EC_FE_ADD(&d->rhs, &d->rhs, &EC_FE_FN(b));
        EC_FE_SQRT_START(&d->exp, &d->rhs);
        d->phase = DEC_SQRT;
        return NBTLS_IN_PROGRESS;
    }
    case DEC_SQRT:
        if (EC_FE_EXP_STEP(&d->exp)) d->phase = DEC_ROOT;
        return NBTLS_IN_PROGRESS;
    case DEC_ROOT: {
        /* p = 3 mod 4: rhs^((p+1)/4) is a root iff rhs is a square. */
        EC_FE y2, ny, plain;
        EC_FE_FN(sqr)(&y2, &d->exp.acc);
        NBTLS_ENSURE(EC_FE_FN(eq)(&y2, &d->rhs), NBTLS_E_BAD_KEY);
        d->q.y = d->exp.acc;
        EC_FE_FN(to_plain)(&plain, &d->q.y);
        /* 0x02: even y, 0x03: odd y. */
        nbtls_limb flip = (nbtls_limb)0 - ((plain.w[0] ^ d->in[0]) & 1);
        EC_FE_FN(neg)(&ny, &d->q.y);
        EC_FE_FN(cmov)(&d->q.y, &ny, flip);
        d->phase = DEC_DONE;
        return NBTLS_DONE;
    }
    default: return NBTLS_DONE;
    }
}

enum { GEN_COMB = 0, GEN_INV = 1, GEN_FIN = 2 };

void EC_NAME(pubgen_start)(EC_NAME(pubgen) * g,
                           const unsigned char d[EC_BYTES]) {
    EC_NAME(comb_start)(&g->comb, d);
    g->phase = GEN_COMB;
}

int EC_NAME(pubgen_step)(EC_NAME(pubgen) * g, unsigned char pub[EC_PUB_LEN]) {
    switch (g->phase) {
    case GEN_COMB:
        if (EC_NAME(comb_step)(&g->comb)) {
            EC_FE_INV_START(&g->inv, &g->comb.r.z);
            g->phase = GEN_INV;
        }
        return NBTLS_IN_PROGRESS;
    case GEN_INV:
        if (EC_FE_EXP_STEP(&g->inv)) g->phase = GEN_FIN;
        return NBTLS_IN_PROGRESS;
    default: {
        EC_NAME(affine) q;
        EC_NAME(to_affine)(&q, &g->comb.r, &g->inv.acc);
        nbtls_limb ok = EC_NAME(affine_on_curve)(&q);
        EC_NAME(affine_encode)(pub, &q);
        /* The public key and the fault check's outcome are public. */
        NBTLS_CT_PUBLIC(pub, EC_PUB_LEN);
        NBTLS_CT_PUBLIC(&ok, sizeof(ok));
        nbtls_wipe(&q, sizeof(q));
        nbtls_wipe(&g->comb, sizeof(g->comb));
        nbtls_wipe(&g->inv, sizeof(g->inv));
        NBTLS_ENSURE(ok, NBTLS_E_INTERNAL);
        return NBTLS_DONE;
    }
    }
}

void EC_NAME(key_point)(const struct nbtls_key *key, EC_NAME(affine) * q) {
    /* Validated at import: both coordinates are < p. */
    (void)EC_FE_FN(from_bytes)(&q->x, key->u.EC_KEY_MEMBER.pub + 1);
    (void)EC_FE_FN(from_bytes)(&q->y, key->u.EC_KEY_MEMBER.pub + 1 + EC_BYTES);
}

#undef EC_PUB_LEN
#undef EC_PUB_COMPRESSED_LEN
