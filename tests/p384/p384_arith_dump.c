/*
 * Open-box dump of the P-384 arithmetic (core/ec/p384_*): runs the field,
 * scalar and point functions on edge and pseudo-random inputs and prints
 * one line per case, "<op> <hex inputs...> = <hex result>", big-endian
 * plain values. check_p384_arith.py recomputes every line with Python
 * integers (an independent, obviously-correct model) — the ctest
 * p384_arith. Also checks in C: the sliced exponentiation takes
 * NBTLS_P384_EXP_STEPS steps, the window NBTLS_P384_WINDOW_STEPS, the comb
 * NBTLS_P384_COMB_STEPS; the complete formulas on special pairs.
 */
#include <stdio.h>

#include "check.h"
#include "ec/p384_point.h"
#include "ec/p384_scalar.h"

static uint64_t g_s = 0x9E3779B97F4A7C15ull;
static uint64_t rnd(void) {
    g_s ^= g_s << 13;
    g_s ^= g_s >> 7;
    g_s ^= g_s << 17;
    return g_s;
}

static void hex(const unsigned char *b, size_t n) {
    putchar(' ');
    for (size_t i = 0; i < n; i++)
        printf("%02x", b[i]);
}

/* Inputs: edge values (mod m) and random ones below m (big-endian m). */
static void value(unsigned char out[48], const unsigned char m[48], int i) {
    memset(out, 0, 48);
    switch (i) {
    case 0: return;              /* 0 */
    case 1: out[47] = 1; return; /* 1 */
    case 2: out[47] = 2; return; /* 2 */
    case 3:                      /* m - 1 */
    case 4: {                    /* m - 2 */
        int c = i - 2;
        memcpy(out, m, 48);
        for (int j = 47; j >= 0 && c; j--) {
            int t = out[j] - c;
            c = t < 0;
            out[j] = (unsigned char)(t + (c ? 256 : 0));
        }
        return;
    }
    case 5: memset(out + 24, 0xff, 24); return; /* 2^192 - 1 */
    default:
        for (int j = 0; j < 48; j++)
            out[j] = (unsigned char)rnd();
        out[0] &= m[0] == 0xff ? 0x7f : 0x3f; /* below m */
        if (i % 3 == 0) out[0] |= 0x80 & (unsigned char)(m[0] - 1);
        return;
    }
}

static void fe_in(nbtls_p384_fe *z, const unsigned char b[48]) {
    CHECK(nbtls_p384_fe_from_bytes(z, b) != 0);
}

int main(void) {
    unsigned char p[48], n[48], a[48], b[48], r[48];
    nbtls_p384_mp_to_be(p, nbtls_p384_fe_p.w);
    nbtls_p384_mp_to_be(n, nbtls_p384_sc_n.w);
    printf("consts");
    hex(p, 48);
    hex(n, 48);
    printf("\n");
    /* field */
    for (int i = 0; i < 40; i++) {
        value(a, p, i % 8 < 6 ? i % 8 : 6 + i);
        value(b, p, (i / 3) % 8 < 6 ? (i / 3) % 8 : 7 + i);
        nbtls_p384_fe x, y, z;
        fe_in(&x, a);
        fe_in(&y, b);
        const char *ops[] = {"fmul", "fsqr", "fadd", "fsub",
                             "fneg", "finv", "fsqrt"};
        for (int o = 0; o < 7; o++) {
            switch (o) {
            case 0: nbtls_p384_fe_mul(&z, &x, &y); break;
            case 1: nbtls_p384_fe_sqr(&z, &x); break;
            case 2: nbtls_p384_fe_add(&z, &x, &y); break;
            case 3: nbtls_p384_fe_sub(&z, &x, &y); break;
            case 4: nbtls_p384_fe_neg(&z, &x); break;
            case 5: {
                nbtls_p384_exp e;
                int steps = 0;
                nbtls_p384_exp_start(&e, &x, NBTLS_P384_EXP_P_INV);
                while (!nbtls_p384_exp_step(&e))
                    steps++;
                CHECK_EQ(steps + 1, NBTLS_P384_EXP_STEPS);
                z = e.acc;
                break;
            }
            default: nbtls_p384_exp_run(&z, &x, NBTLS_P384_EXP_P_SQRT); break;
            }
            nbtls_p384_fe_to_bytes(r, &z);
            printf("%s", ops[o]);
            hex(a, 48);
            hex(b, 48);
            printf(" =");
            hex(r, 48);
            printf("\n");
        }
    }
    /* from_bytes range: p and 2^384 - 1 rejected */
    nbtls_p384_fe t;
    CHECK(nbtls_p384_fe_from_bytes(&t, p) == 0);
    memset(a, 0xff, 48);
    CHECK(nbtls_p384_fe_from_bytes(&t, a) == 0);
    /* scalars */
    for (int i = 0; i < 30; i++) {
        value(a, n, i % 8 < 6 ? i % 8 : 6 + i);
        value(b, n, (i / 3) % 8 < 6 ? (i / 3) % 8 : 7 + i);
        nbtls_p384_sc x, y, z, xm, ym;
        nbtls_p384_mp_from_be(x.w, a);
        nbtls_p384_mp_from_be(y.w, b);
        nbtls_p384_sc_to_mont(&xm, &x);
        nbtls_p384_sc_to_mont(&ym, &y);
        nbtls_p384_sc_mul_mont(&z, &xm, &ym);
        nbtls_p384_sc_from_mont(&z, &z);
        nbtls_p384_sc_to_bytes(r, &z);
        printf("smul");
        hex(a, 48);
        hex(b, 48);
        printf(" =");
        hex(r, 48);
        printf("\nsadd");
        nbtls_p384_sc_add(&z, &x, &y);
        nbtls_p384_sc_to_bytes(r, &z);
        hex(a, 48);
        hex(b, 48);
        printf(" =");
        hex(r, 48);
        printf("\nsinv");
        nbtls_p384_sc_inv_mont(&z, &xm);
        nbtls_p384_sc_from_mont(&z, &z);
        nbtls_p384_sc_to_bytes(r, &z);
        hex(a, 48);
        hex(b, 48);
        printf(" =");
        hex(r, 48);
        printf("\n");
        /* bits2int of digests of several lengths (a || b as the digest) */
        unsigned char dg[96];
        memcpy(dg, a, 48);
        memcpy(dg + 48, b, 48);
        size_t len = (size_t)(1 + (i * 7) % 96);
        nbtls_p384_sc_from_digest(&z, dg, len);
        nbtls_p384_sc_to_bytes(r, &z);
        printf("digest %zu", len);
        hex(dg, len);
        printf(" =");
        hex(r, 48);
        printf("\n");
    }
    memset(a, 0xff, 48); /* bits2int(2^384 - 1) = 2^384 - 1 - n */
    nbtls_p384_sc z0;
    nbtls_p384_sc_from_digest(&z0, a, 48);
    nbtls_p384_sc_to_bytes(r, &z0);
    printf("digest 48");
    hex(a, 48);
    printf(" =");
    hex(r, 48);
    printf("\n");
    /* k * P (constant-time window) for edge and random k, P = c G */
    for (int i = 0; i < 24; i++) {
        value(a, n, i % 8 < 6 ? i % 8 : 6 + i);
        unsigned char c[48] = {0};
        c[47] = (unsigned char)(1 + i % 5);
        c[46] = (unsigned char)(i / 5);
        nbtls_p384_window w;
        nbtls_p384_affine P;
        /* P = c G, made by the window itself from G, checked by Python */
        int steps = 0;
        nbtls_p384_window_start(&w, c, &nbtls_p384_g);
        while (!nbtls_p384_window_step(&w))
            steps++;
        CHECK_EQ(steps + 1, NBTLS_P384_WINDOW_STEPS);
        nbtls_p384_fe zi;
        nbtls_p384_exp_run(&zi, &w.r.z, NBTLS_P384_EXP_P_INV);
        nbtls_p384_to_affine(&P, &w.r, &zi);
        CHECK(nbtls_p384_affine_on_curve(&P) != 0);
        nbtls_p384_window_start(&w, a, &P);
        while (!nbtls_p384_window_step(&w)) {
        }
        unsigned char enc[97];
        nbtls_p384_exp_run(&zi, &w.r.z, NBTLS_P384_EXP_P_INV);
        nbtls_p384_affine R;
        nbtls_p384_to_affine(&R, &w.r, &zi);
        nbtls_p384_affine_encode(enc, &R); /* k = 0: (0, 0) */
        printf("mul");
        hex(a, 48);
        hex(c, 48);
        printf(" =");
        hex(enc + 1, 96);
        printf("\n");
        /* u1 G + u2 P (variable time) */
        value(b, n, (i + 3) % 8 < 6 ? (i + 3) % 8 : 9 + i);
        nbtls_p384_dual d;
        nbtls_p384_dual_start(&d, b, a, &P);
        while (!nbtls_p384_dual_step(&d)) {
        }
        nbtls_p384_exp_run(&zi, &d.r.z, NBTLS_P384_EXP_P_INV);
        nbtls_p384_to_affine(&R, &d.r, &zi);
        nbtls_p384_affine_encode(enc, &R);
        printf("dual");
        hex(b, 48);
        hex(a, 48);
        hex(c, 48);
        printf(" =");
        hex(enc + 1, 96);
        printf("\n");
    }
    /* k G by the fixed-base comb, for any 384-bit k (n and 2^384 - 1
     * included) */
    for (int i = 0; i < 16; i++) {
        value(a, n, i < 6 ? i : 6 + i);
        if (i == 14) memcpy(a, n, 48);
        if (i == 15) memset(a, 0xff, 48);
        nbtls_p384_comb cb;
        int steps = 0;
        nbtls_p384_comb_start(&cb, a);
        while (!nbtls_p384_comb_step(&cb))
            steps++;
        CHECK_EQ(steps + 1, NBTLS_P384_COMB_STEPS);
        nbtls_p384_fe zi;
        nbtls_p384_affine R;
        unsigned char enc[97];
        nbtls_p384_exp_run(&zi, &cb.r.z, NBTLS_P384_EXP_P_INV);
        nbtls_p384_to_affine(&R, &cb.r, &zi);
        nbtls_p384_affine_encode(enc, &R);
        printf("comb");
        hex(a, 48);
        printf(" =");
        hex(enc + 1, 96);
        printf("\n");
    }
    /* complete formulas on special pairs: P + P, P + (-P), inf + P, 2 inf */
    {
        nbtls_p384_point P, Q, S, inf;
        nbtls_p384_from_affine(&P, &nbtls_p384_g);
        Q = P;
        nbtls_p384_cneg(&Q, (nbtls_limb)-1);
        nbtls_p384_set_infinity(&inf);
        nbtls_p384_add(&S, &P, &Q);
        CHECK(nbtls_p384_fe_iszero(&S.z) != 0);
        nbtls_p384_add(&S, &inf, &P);
        nbtls_p384_point D1, D2;
        nbtls_p384_dbl(&D1, &P);
        nbtls_p384_add(&D2, &P, &P);
        nbtls_p384_fe l, rr;
        nbtls_p384_fe_mul(&l, &D1.x, &D2.z); /* same projective point */
        nbtls_p384_fe_mul(&rr, &D2.x, &D1.z);
        CHECK(nbtls_p384_fe_eq(&l, &rr) != 0);
        nbtls_p384_fe_mul(&l, &S.x, &P.z);
        nbtls_p384_fe_mul(&rr, &P.x, &S.z);
        CHECK(nbtls_p384_fe_eq(&l, &rr) != 0);
        nbtls_p384_dbl(&S, &inf);
        CHECK(nbtls_p384_fe_iszero(&S.z) != 0);
        nbtls_p384_to_jacobian(&S, &inf);
        nbtls_p384_dbl_jacobian(&S, &S);
        nbtls_p384_from_jacobian(&S, &S);
        CHECK(nbtls_p384_fe_iszero(&S.z) != 0 &&
              nbtls_p384_fe_eq(&S.y, &nbtls_p384_fe_one) != 0);
    }
    fflush(stdout);
    fprintf(stderr, "in-C checks: %lu passed, %lu failed\n", check_passed_,
            check_failed_);
    return check_failed_ ? 1 : 0;
}
