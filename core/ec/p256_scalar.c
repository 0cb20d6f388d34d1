/* core/ec: arithmetic modulo the P-256 group order. See p256_scalar.h. */
#include "ec/p256_scalar.h"

const nbtls_sc nbtls_sc_n = {
    {NBTLS_L64(0xf3b9cac2fc632551), NBTLS_L64(0xbce6faada7179e84),
     NBTLS_L64(0xffffffffffffffff), NBTLS_L64(0xffffffff00000000)}};
/* n - 2, the Fermat exponent. */
static const nbtls_sc sc_n_minus_2 = {
    {NBTLS_L64(0xf3b9cac2fc63254f), NBTLS_L64(0xbce6faada7179e84),
     NBTLS_L64(0xffffffffffffffff), NBTLS_L64(0xffffffff00000000)}};
/* 2^512 mod n. */
static const nbtls_sc sc_r2 = {
    {NBTLS_L64(0x83244c95be79eea2), NBTLS_L64(0x4699799c49bd6fa6),
     NBTLS_L64(0x2845b2392b6bec59), NBTLS_L64(0x66e12d94f3d95620)}};
static const nbtls_sc sc_plain_one = {{1}};

/* -n^-1 mod 2^W (generic Montgomery: n has no special form). */
#if NBTLS_LIMB_BITS == 64
#define SC_N0INV ((nbtls_limb)0xccd1c8aaee00bc4fULL)
#else
#define SC_N0INV ((nbtls_limb)0xee00bc4fU)
#endif

nbtls_limb nbtls_sc_from_bytes(nbtls_sc *z, const unsigned char in[32]) {
    nbtls_limbs_from_be(z->w, in);
    return nbtls_limbs_lt(z->w, nbtls_sc_n.w) & ~nbtls_limbs_iszero(z->w);
}

void nbtls_sc_to_bytes(unsigned char out[32], const nbtls_sc *x) {
    nbtls_limbs_to_be(out, x->w);
}

void nbtls_sc_reduce(nbtls_sc *z, const nbtls_sc *x) {
    nbtls_limbs_csub(z->w, x->w, 0, nbtls_sc_n.w);
}

void nbtls_sc_from_digest(nbtls_sc *z, const unsigned char *h, size_t len) {
    unsigned char buf[32] = {0};
    if (len >= 32)
        memcpy(buf, h, 32); /* leftmost 256 bits */
    else
        memcpy(buf + 32 - len, h, len); /* shorter: the integer value */
    nbtls_limbs_from_be(z->w, buf);
    nbtls_sc_reduce(z, z);
}

void nbtls_sc_mul_mont(nbtls_sc *z, const nbtls_sc *x, const nbtls_sc *y) {
    nbtls_limbs_mont_mul(z->w, x->w, y->w, nbtls_sc_n.w, SC_N0INV);
}

void nbtls_sc_to_mont(nbtls_sc *z, const nbtls_sc *x) {
    nbtls_sc_mul_mont(z, x, &sc_r2);
}

void nbtls_sc_from_mont(nbtls_sc *z, const nbtls_sc *x) {
    nbtls_sc_mul_mont(z, x, &sc_plain_one);
}

void nbtls_sc_add(nbtls_sc *z, const nbtls_sc *x, const nbtls_sc *y) {
    nbtls_limbs_add_mod(z->w, x->w, y->w, nbtls_sc_n.w);
}

nbtls_limb nbtls_sc_iszero(const nbtls_sc *x) {
    return nbtls_limbs_iszero(x->w);
}

nbtls_limb nbtls_sc_eq(const nbtls_sc *x, const nbtls_sc *y) {
    nbtls_limb acc = 0;
    for (int i = 0; i < NBTLS_LIMBS; i++)
        acc |= x->w[i] ^ y->w[i];
    return ~nbtls_limb_nonzero(acc);
}

/* Digit i (4 bits) of the public exponent n - 2. */
static unsigned sc_exp_digit(int i) {
    int bit = 4 * i;
    return (unsigned)(sc_n_minus_2.w[bit / NBTLS_LIMB_BITS] >>
                      (bit % NBTLS_LIMB_BITS)) &
           15;
}

void nbtls_sc_inv_start(nbtls_sc_inv *s, const nbtls_sc *a_mont) {
    s->tbl[0] = *a_mont;
    s->ready = 0;
    s->digit = 62;
}

int nbtls_sc_inv_step(nbtls_sc_inv *s) {
    if (!s->ready) {
        for (int i = 1; i < 15; i++)
            nbtls_sc_mul_mont(&s->tbl[i], &s->tbl[i - 1], &s->tbl[0]);
        s->acc = s->tbl[sc_exp_digit(63) - 1]; /* top digit: 0xf */
        s->ready = 1;
        return 0;
    }
    for (int k = 0; k < NBTLS_SC_INV_DIGITS_PER_STEP && s->digit >= 0; k++) {
        for (int j = 0; j < 4; j++)
            nbtls_sc_mul_mont(&s->acc, &s->acc, &s->acc);
        unsigned d = sc_exp_digit(s->digit); /* public */
        if (d != 0) nbtls_sc_mul_mont(&s->acc, &s->acc, &s->tbl[d - 1]);
        s->digit--;
    }
    return s->digit < 0;
}

void nbtls_sc_inv_mont(nbtls_sc *z, const nbtls_sc *a_mont) {
    nbtls_sc_inv s;
    nbtls_sc_inv_start(&s, a_mont);
    while (!nbtls_sc_inv_step(&s)) {
    }
    *z = s.acc;
    nbtls_wipe(&s, sizeof(s));
}
