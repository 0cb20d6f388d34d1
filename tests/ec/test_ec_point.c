/*
 * Open-box tests of the P-256 point formulas and scalar multiplications
 * (core/ec/p256_point.c):
 *   - the complete formulas on their exceptional cases (doubling through
 *     add, P + (-P), infinity on either side), mixed vs. projective add;
 *   - the comb (fixed base), the signed window (variable base) and a naive
 *     double-and-add built from the formulas agree on random and edge
 *     scalars; the results are on the curve; the verify double-scalar
 *     machine (wNAF) agrees with the naive u1 G + u2 Q, including sums
 *     that double or vanish;
 *   - known answers k*G computed with Python `cryptography` (OpenSSL):
 *       derive_private_key(k, SECP256R1()).public_key() as X9.62
 *       uncompressed, for k = 2, 3, n-1, and SHA-256("nbtls ec kat 1"/"2")
 *       mod n with:
 *         ec.derive_private_key(k, ec.SECP256R1()).public_key()
 *           .public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
 */
#include "check.h"
#include "ec/p256_point.h"
#include "ec/p256_scalar.h"
#include "ec/p256_table.h"
#include "ec_ref.h"

static const struct {
    const char *k, *pub;
} kat[] = {
    {"0000000000000000000000000000000000000000000000000000000000000002",
     "047cf27b188d034f7e8a52380304b51ac3c08969e277f21b35a60b48fc4766997807775"
     "510db8ed040293d9ac69f7430dbba7dade63ce982299e04b79d227873d1"},
    {"0000000000000000000000000000000000000000000000000000000000000003",
     "045ecbe4d1a6330a44c8f7ef951d4bf165e6c6b721efada985fb41661bc6e7fd6c87346"
     "40c4998ff7e374b06ce1a64a2ecd82ab036384fb83d9a79b127a27d5032"},
    {"ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632550",
     "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296b01cb"
     "d1c01e58065711814b583f061e9d431cca994cea1313449bf97c840ae0a"},
    {"98b69acbb18477365a3ab25bb5342effa02c315c8b7da8f3ddd3f535df228c23",
     "0432cbf669ed7b274cf29038cd862285991665b5cd9d3fe1625c372328a24946c4026da"
     "2211d1180226c56fb1925eacb95ec288960cb6eff223429f9d43e9f6342"},
    {"a9c485924ac3e708a0d4597436d70b6159831efe382d4b5bee053f17aa0688b5",
     "043ef3843ce7f0da0d403b532e48a4f2c62bfc384437e1d32db76334a9945b1b7d66059"
     "cdcff203eeae4f60f6fd821a4305207119bc1dd01d78eb37e3f53fd1be7"},
};

/* The generator, from the comb table's first entry (T[0][0] = G). */
static const nbtls_p256_affine *G(void) {
    return &nbtls_p256_comb_table[0][0];
}

static int is_inf(const nbtls_p256_point *p) {
    return nbtls_fe_iszero(&p->z) != 0;
}

/* Projective equality: X1 Z2 = X2 Z1 and Y1 Z2 = Y2 Z1 (both infinity
 * counts as equal). */
static int peq(const nbtls_p256_point *a, const nbtls_p256_point *b) {
    if (is_inf(a) || is_inf(b)) return is_inf(a) && is_inf(b);
    nbtls_fe l, r;
    nbtls_fe_mul(&l, &a->x, &b->z);
    nbtls_fe_mul(&r, &b->x, &a->z);
    if (!nbtls_fe_eq(&l, &r)) return 0;
    nbtls_fe_mul(&l, &a->y, &b->z);
    nbtls_fe_mul(&r, &b->y, &a->z);
    return nbtls_fe_eq(&l, &r) != 0;
}

static void affine_of(nbtls_p256_affine *a, const nbtls_p256_point *p) {
    nbtls_fe zi;
    nbtls_fe_inv(&zi, &p->z);
    nbtls_p256_to_affine(a, p, &zi);
}

/* Naive left-to-right double-and-add (variable time, test only). */
static void naive_mul(nbtls_p256_point *r, const unsigned char k[32],
                      const nbtls_p256_affine *p) {
    nbtls_p256_point b;
    nbtls_p256_from_affine(&b, p);
    nbtls_p256_set_infinity(r);
    for (int i = 0; i < 256; i++) {
        nbtls_p256_dbl(r, r);
        if ((k[i / 8] >> (7 - i % 8)) & 1) nbtls_p256_add(r, r, &b);
    }
}

static void comb_mul(nbtls_p256_point *r, const unsigned char k[32]) {
    nbtls_p256_comb c;
    nbtls_p256_comb_start(&c, k);
    int steps = 1;
    while (!nbtls_p256_comb_step(&c))
        steps++;
    CHECK_EQ(steps, NBTLS_P256_COMB_STEPS);
    *r = c.r;
}

static void window_mul(nbtls_p256_point *r, const unsigned char k[32],
                       const nbtls_p256_affine *p) {
    nbtls_p256_window w;
    nbtls_p256_window_start(&w, k, p);
    int steps = 1;
    while (!nbtls_p256_window_step(&w))
        steps++;
    CHECK_EQ(steps, NBTLS_P256_WINDOW_STEPS);
    *r = w.r;
}

static void test_formulas(void) {
    nbtls_p256_point g, inf, t, u, negg, g2, g3;
    nbtls_p256_from_affine(&g, G());
    nbtls_p256_set_infinity(&inf);
    /* P + P == 2P through the complete addition */
    nbtls_p256_add(&t, &g, &g);
    nbtls_p256_dbl(&g2, &g);
    CHECK(peq(&t, &g2));
    CHECK(!is_inf(&g2));
    /* P + (-P) == infinity; P + inf == P; inf + P == P; inf + inf; 2 inf */
    negg = g;
    nbtls_p256_cneg(&negg, (nbtls_limb)-1);
    nbtls_p256_add(&t, &g, &negg);
    CHECK(is_inf(&t));
    nbtls_p256_add(&t, &g, &inf);
    CHECK(peq(&t, &g));
    nbtls_p256_add(&t, &inf, &g);
    CHECK(peq(&t, &g));
    nbtls_p256_add(&t, &inf, &inf);
    CHECK(is_inf(&t));
    nbtls_p256_dbl(&t, &inf);
    CHECK(is_inf(&t));
    /* mixed addition: inf + G, 2G + G, G + G (doubling), -G + G */
    nbtls_p256_madd(&t, &inf, G());
    CHECK(peq(&t, &g));
    nbtls_p256_madd(&g3, &g2, G());
    nbtls_p256_add(&u, &g2, &g);
    CHECK(peq(&g3, &u));
    nbtls_p256_madd(&t, &g, G());
    CHECK(peq(&t, &g2));
    nbtls_p256_madd(&t, &negg, G());
    CHECK(is_inf(&t));
    /* 2G + G == 3G == G + 2G, and on the curve */
    nbtls_p256_add(&t, &g, &g2);
    CHECK(peq(&t, &g3));
    nbtls_p256_affine a;
    affine_of(&a, &g3);
    CHECK(nbtls_p256_affine_on_curve(&a) != 0);
    /* a perturbed point is not on the curve; infinity's (0,0) is not */
    nbtls_fe_add(&a.y, &a.y, &nbtls_fe_one);
    CHECK(nbtls_p256_affine_on_curve(&a) == 0);
    affine_of(&a, &inf);
    CHECK(nbtls_fe_iszero(&a.x) && nbtls_fe_iszero(&a.y));
    CHECK(nbtls_p256_affine_on_curve(&a) == 0);
    /* Jacobian runs of doublings agree with RCB doubling; infinity maps
     * back to infinity */
    t = g3;
    u = g3;
    nbtls_p256_to_jacobian(&t, &t);
    for (int i = 0; i < 4; i++) {
        nbtls_p256_dbl_jacobian(&t, &t);
        nbtls_p256_dbl(&u, &u);
    }
    nbtls_p256_from_jacobian(&t, &t);
    CHECK(peq(&t, &u));
    CHECK(!is_inf(&t));
    nbtls_p256_to_jacobian(&t, &inf);
    nbtls_p256_dbl_jacobian(&t, &t);
    nbtls_p256_from_jacobian(&t, &t);
    CHECK(is_inf(&t));
    CHECK(nbtls_fe_eq(&t.y, &nbtls_fe_one) != 0);
    nbtls_p256_add(&t, &t, &g);
    CHECK(peq(&t, &g));
    /* inputs alias outputs */
    t = g;
    nbtls_p256_add(&t, &t, &t);
    CHECK(peq(&t, &g2));
}

static void test_kat(void) {
    for (size_t i = 0; i < NBTLS_ARRAY_LEN(kat); i++) {
        unsigned char k[32], want[65], got[65];
        CHECK_EQ(check_hex(kat[i].k, k, 32), 32);
        CHECK_EQ(check_hex(kat[i].pub, want, 65), 65);
        nbtls_p256_point r;
        nbtls_p256_affine a;
        comb_mul(&r, k);
        affine_of(&a, &r);
        nbtls_p256_affine_encode(got, &a);
        CHECK_MEM(got, want, 65);
        window_mul(&r, k, G());
        affine_of(&a, &r);
        nbtls_p256_affine_encode(got, &a);
        CHECK_MEM(got, want, 65);
    }
}

static void test_agree(int iters) {
    nbtls_p256_affine q; /* a second base: 7G */
    {
        unsigned char seven[32] = {0};
        seven[31] = 7;
        nbtls_p256_point r;
        comb_mul(&r, seven);
        affine_of(&q, &r);
    }
    for (int it = 0; it < iters; it++) {
        unsigned char k[32];
        ref_rand_below(k, REF_N_BE);
        if (it == 0) { /* n - 1 */
            memcpy(k, REF_N_BE, 32);
            k[31]--;
        }
        if (it == 1) { /* 1 */
            memset(k, 0, 32);
            k[31] = 1;
        }
        if (it == 2) { /* even, with all-ones nibbles */
            memset(k, 0, 32);
            memset(k + 1, 0xff, 31);
            k[31] = 0xfe;
        }
        if (it == 3) memset(k, 0, 32); /* 0 -> infinity */
        nbtls_p256_point a, b, c;
        comb_mul(&a, k);
        window_mul(&b, k, G());
        naive_mul(&c, k, G());
        CHECK(peq(&a, &b));
        CHECK(peq(&a, &c));
        CHECK_EQ(is_inf(&a), it == 3);
        window_mul(&b, k, &q);
        naive_mul(&c, k, &q);
        CHECK(peq(&b, &c));
        if (!is_inf(&b)) {
            nbtls_p256_affine t;
            affine_of(&t, &b);
            CHECK(nbtls_p256_affine_on_curve(&t) != 0);
        }
    }
    /* comb of n and of 2^256 - 1 (any 256-bit input is accepted) */
    nbtls_p256_point a, c;
    unsigned char k[32];
    memcpy(k, REF_N_BE, 32);
    comb_mul(&a, k);
    CHECK(is_inf(&a));
    memset(k, 0xff, 32);
    comb_mul(&a, k);
    naive_mul(&c, k, G());
    CHECK(peq(&a, &c));
}

/* u1 G + u2 Q by the verify machine vs. the naive sum. */
static void check_dual(const unsigned char u1[32], const unsigned char u2[32],
                       const nbtls_p256_affine *q) {
    nbtls_p256_dual d;
    nbtls_p256_point a, b;
    nbtls_p256_dual_start(&d, u1, u2, q);
    int steps = 1;
    while (!nbtls_p256_dual_step(&d))
        steps++;
    CHECK(steps < 420);
    naive_mul(&a, u1, G());
    naive_mul(&b, u2, q);
    nbtls_p256_add(&a, &a, &b);
    CHECK(peq(&d.r, &a));
}

static void test_dual(int iters) {
    nbtls_p256_affine q, negg;
    unsigned char u1[32], u2[32], k[32];
    ref_rand_below(k, REF_N_BE);
    nbtls_p256_point r;
    comb_mul(&r, k);
    affine_of(&q, &r);
    for (int it = 0; it < iters; it++) {
        ref_rand_below(u1, REF_N_BE);
        ref_rand_below(u2, REF_N_BE);
        check_dual(u1, u2, &q);
    }
    /* u1 = 0; u1 = u2 = n-1; Q = G (the sum doubles); Q = -G with u1 = u2
     * (the sum is infinity); u = 1 */
    memset(u1, 0, 32);
    check_dual(u1, u2, &q);
    memcpy(u1, REF_N_BE, 32);
    u1[31]--;
    memcpy(u2, u1, 32);
    check_dual(u1, u2, &q);
    check_dual(u1, u2, G());
    negg = *G();
    nbtls_fe_neg(&negg.y, &negg.y);
    ref_rand_below(u1, REF_N_BE);
    nbtls_p256_dual d;
    nbtls_p256_dual_start(&d, u1, u1, &negg);
    while (!nbtls_p256_dual_step(&d)) {
    }
    CHECK(is_inf(&d.r));
    check_dual(u1, u1, &negg);
    memset(u2, 0, 32);
    u2[31] = 1;
    check_dual(u2, u2, &q);
    memset(u2, 0xff, 32); /* all-ones: carries out of the top digit */
    check_dual(u2, u2, &q);
}

int main(void) {
    test_formulas();
    test_kat();
    test_agree(24);
    test_dual(16);
    return CHECK_DONE();
}
