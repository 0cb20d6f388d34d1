/*
 * Open-box tests of arithmetic modulo the P-256 group order
 * (core/ec/p256_scalar.c) against the slow reference in ec_ref.h, the
 * range checks, bits2int of digests of every length, and the sliced
 * inversion.
 */
#include "check.h"
#include "ec/p256_scalar.h"
#include "ec_ref.h"

static ref256 N;

static void sc_check_eq_ref(const nbtls_sc *x, const ref256 *r) {
    unsigned char a[32], b[32];
    nbtls_sc_to_bytes(a, x);
    ref_to_be(b, r);
    CHECK_MEM(a, b, 32);
}

static void test_range(void) {
    unsigned char b[32];
    nbtls_sc s;
    memset(b, 0, 32);
    CHECK(nbtls_sc_from_bytes(&s, b) == 0); /* 0 */
    b[31] = 1;
    CHECK(nbtls_sc_from_bytes(&s, b) != 0); /* 1 */
    memcpy(b, REF_N_BE, 32);
    CHECK(nbtls_sc_from_bytes(&s, b) == 0); /* n */
    b[31]--;
    CHECK(nbtls_sc_from_bytes(&s, b) != 0); /* n - 1 */
    b[31] += 2;
    CHECK(nbtls_sc_from_bytes(&s, b) == 0); /* n + 1 */
    memset(b, 0xff, 32);
    CHECK(nbtls_sc_from_bytes(&s, b) == 0); /* 2^256 - 1 */
}

static void test_digest(void) {
    unsigned char h[64], want[32], got[32];
    nbtls_sc e;
    ref_rand_bytes(h, sizeof(h));
    h[0] = 0x12; /* below n */
    /* >= 32 bytes: the leftmost 256 bits */
    for (size_t len = 32; len <= 64; len += 8) {
        nbtls_sc_from_digest(&e, h, len);
        nbtls_sc_to_bytes(got, &e);
        CHECK_MEM(got, h, 32);
    }
    /* shorter: the integer value, zero-padded on the left */
    for (size_t len = 1; len < 32; len++) {
        nbtls_sc_from_digest(&e, h, len);
        nbtls_sc_to_bytes(got, &e);
        memset(want, 0, 32);
        memcpy(want + 32 - len, h, len);
        CHECK_MEM(got, want, 32);
    }
    /* a 256-bit digest >= n is reduced once: 2^256 - 1 -> 2^256 - 1 - n */
    memset(h, 0xff, 64);
    nbtls_sc_from_digest(&e, h, 48);
    ref256 all, rr;
    uint32_t wide[16] = {0};
    ref_from_be(&all, h);
    memcpy(wide, all.w, 32);
    ref_mod_wide(&rr, wide, &N);
    sc_check_eq_ref(&e, &rr);
    /* n itself reduces to 0 */
    nbtls_sc_from_digest(&e, REF_N_BE, 32);
    CHECK(nbtls_sc_iszero(&e) != 0);
}

static void test_random(int iters) {
    for (int it = 0; it < iters; it++) {
        unsigned char ab[32], bb[32];
        ref_rand_below(ab, REF_N_BE);
        ref_rand_below(bb, REF_N_BE);
        if (it == 0) {
            memcpy(ab, REF_N_BE, 32);
            ab[31]--; /* n - 1 */
            memcpy(bb, ab, 32);
        }
        ref256 ra, rb, rr;
        ref_from_be(&ra, ab);
        ref_from_be(&rb, bb);
        nbtls_sc a, b, am, bm, r;
        nbtls_limbs_from_be(a.w, ab);
        nbtls_limbs_from_be(b.w, bb);
        nbtls_sc_to_mont(&am, &a);
        nbtls_sc_to_mont(&bm, &b);
        nbtls_sc_mul_mont(&r, &am, &bm);
        nbtls_sc_from_mont(&r, &r);
        ref_mulmod(&rr, &ra, &rb, &N);
        sc_check_eq_ref(&r, &rr);
        nbtls_sc_add(&r, &a, &b);
        ref_addmod(&rr, &ra, &rb, &N);
        sc_check_eq_ref(&r, &rr);
        if (it < 30 && !nbtls_sc_iszero(&a)) {
            nbtls_sc_inv s;
            nbtls_sc_inv_start(&s, &am);
            int steps = 1;
            while (!nbtls_sc_inv_step(&s))
                steps++;
            CHECK_EQ(steps, 22);
            nbtls_sc_mul_mont(&r, &s.acc, &am);
            nbtls_sc_from_mont(&r, &r);
            nbtls_sc one = {{1}};
            CHECK(nbtls_sc_eq(&r, &one) != 0);
        }
    }
}

int main(void) {
    ref_from_be(&N, REF_N_BE);
    test_range();
    test_digest();
    test_random(300);
    return CHECK_DONE();
}
