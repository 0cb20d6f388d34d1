/*
 * Open-box tests of the P-256 field arithmetic (core/ec/p256_field.c)
 * against the slow reference in ec_ref.h (schoolbook + bit-by-bit
 * reduction), plus algebraic facts: a * a^-1 = 1, sqrt(a^2)^2 = a^2,
 * non-squares rejected. Run in both limb builds.
 */
#include "check.h"
#include "ec/p256_field.h"
#include "ec_ref.h"

static ref256 P;

/* Library element (Montgomery) from plain big-endian bytes < p. */
static void fe_from_be(nbtls_fe *z, const unsigned char b[32]) {
    CHECK(nbtls_fe_from_bytes(z, b) != 0);
}
static void fe_check_eq_ref(const nbtls_fe *x, const ref256 *r) {
    unsigned char a[32], b[32];
    nbtls_fe_to_bytes(a, x);
    ref_to_be(b, r);
    CHECK_MEM(a, b, 32);
}

static void test_edges(void) {
    unsigned char b[32];
    nbtls_fe x;
    /* from_bytes accepts exactly [0, p-1] */
    memset(b, 0, 32);
    CHECK(nbtls_fe_from_bytes(&x, b) != 0);
    CHECK(nbtls_fe_iszero(&x) != 0);
    memcpy(b, REF_P_BE, 32);
    CHECK(nbtls_fe_from_bytes(&x, b) == 0); /* p */
    b[31] = 0xfe;                           /* p - 1 */
    CHECK(nbtls_fe_from_bytes(&x, b) != 0);
    unsigned char back[32];
    nbtls_fe_to_bytes(back, &x);
    CHECK_MEM(back, b, 32);
    /* (p-1) + 1 = 0, (p-1)^2 = 1, 0 - 1 = p - 1 */
    nbtls_fe s, one = nbtls_fe_one, zero;
    nbtls_fe_add(&s, &x, &one);
    CHECK(nbtls_fe_iszero(&s) != 0);
    nbtls_fe_sqr(&s, &x);
    CHECK(nbtls_fe_eq(&s, &one) != 0);
    memset(&zero, 0, sizeof(zero));
    nbtls_fe_sub(&s, &zero, &one);
    CHECK(nbtls_fe_eq(&s, &x) != 0);
    nbtls_fe_neg(&s, &zero);
    CHECK(nbtls_fe_iszero(&s) != 0);
    memset(b, 0xff, 32); /* 2^256 - 1 */
    CHECK(nbtls_fe_from_bytes(&x, b) == 0);
    /* p + 1 (> p, < 2^256) */
    memcpy(b, REF_P_BE, 32);
    memset(b + 20, 0, 12);
    b[19] = 0x01; /* p + 1 = 0xffffffff00000001 00..01 00000000 00000000 */
    CHECK(nbtls_fe_from_bytes(&x, b) == 0);
    /* inverse of 0 is 0 (Fermat), of 1 is 1 */
    nbtls_fe_inv(&s, &zero);
    CHECK(nbtls_fe_iszero(&s) != 0);
    nbtls_fe_inv(&s, &one);
    CHECK(nbtls_fe_eq(&s, &one) != 0);
}

static void test_random(int iters) {
    for (int it = 0; it < iters; it++) {
        unsigned char ab[32], bb[32];
        ref_rand_below(ab, REF_P_BE);
        ref_rand_below(bb, REF_P_BE);
        if (it == 0) memset(ab, 0, 32);
        if (it == 1) {
            memcpy(ab, REF_P_BE, 32);
            ab[31] = 0xfe;
            memcpy(bb, ab, 32);
        }
        ref256 ra, rb, rr;
        ref_from_be(&ra, ab);
        ref_from_be(&rb, bb);
        nbtls_fe a, b, r;
        fe_from_be(&a, ab);
        fe_from_be(&b, bb);
        nbtls_fe_mul(&r, &a, &b);
        ref_mulmod(&rr, &ra, &rb, &P);
        fe_check_eq_ref(&r, &rr);
        nbtls_fe_add(&r, &a, &b);
        ref_addmod(&rr, &ra, &rb, &P);
        fe_check_eq_ref(&r, &rr);
        nbtls_fe_sub(&r, &a, &b);
        ref_submod(&rr, &ra, &rb, &P);
        fe_check_eq_ref(&r, &rr);
        /* aliasing: z = z * z; the dedicated squaring */
        r = a;
        nbtls_fe_mul(&r, &r, &r);
        ref_mulmod(&rr, &ra, &ra, &P);
        fe_check_eq_ref(&r, &rr);
        nbtls_fe_sqr(&r, &b);
        ref_mulmod(&rr, &rb, &rb, &P);
        fe_check_eq_ref(&r, &rr);
        r = a;
        nbtls_fe_sqr(&r, &r);
        ref_mulmod(&rr, &ra, &ra, &P);
        fe_check_eq_ref(&r, &rr);
    }
}

static void test_inv_sqrt(int iters) {
    for (int it = 0; it < iters; it++) {
        unsigned char ab[32];
        ref_rand_below(ab, REF_P_BE);
        nbtls_fe a, inv, t, sq, root, neg;
        fe_from_be(&a, ab);
        if (nbtls_fe_iszero(&a)) continue;
        /* a * a^-1 = 1, with the sliced form counted */
        nbtls_fe_exp e;
        nbtls_fe_exp_start(&e, &a, NBTLS_FE_EXP_INV);
        int steps = 1;
        while (!nbtls_fe_exp_step(&e))
            steps++;
        CHECK_EQ(steps, 17);
        inv = e.acc;
        nbtls_fe_mul(&t, &a, &inv);
        CHECK(nbtls_fe_eq(&t, &nbtls_fe_one) != 0);
        nbtls_fe_inv(&t, &a);
        CHECK(nbtls_fe_eq(&t, &inv) != 0);
        /* sqrt(a^2)^2 = a^2, and the root is +a or -a */
        nbtls_fe_sqr(&sq, &a);
        nbtls_fe_exp_start(&e, &sq, NBTLS_FE_EXP_SQRT);
        steps = 1;
        while (!nbtls_fe_exp_step(&e))
            steps++;
        CHECK_EQ(steps, 17);
        root = e.acc;
        nbtls_fe_sqr(&t, &root);
        CHECK(nbtls_fe_eq(&t, &sq) != 0);
        nbtls_fe_neg(&neg, &a);
        CHECK((nbtls_fe_eq(&root, &a) | nbtls_fe_eq(&root, &neg)) != 0);
        /* -a^2 is not a square (p = 3 mod 4: -1 is a non-residue) */
        nbtls_fe_neg(&neg, &sq);
        nbtls_fe_sqrt_cand(&root, &neg);
        nbtls_fe_sqr(&t, &root);
        CHECK(nbtls_fe_eq(&t, &neg) == 0);
    }
}

int main(void) {
    ref_from_be(&P, REF_P_BE);
    printf("limbs: %d x %d bits\n", NBTLS_LIMBS, NBTLS_LIMB_BITS);
    test_edges();
    test_random(300);
    test_inv_sqrt(40);
    return CHECK_DONE();
}
