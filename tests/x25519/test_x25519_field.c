/*
 * Open-box tests of the GF(2^255 - 19) arithmetic (core/x25519), in
 * whichever limb size this build uses (the 32-bit build runs it too):
 *   - decoding and canonical encoding at the edges: 0, 1, p - 1, p, p + 1,
 *     2^255 - 1, and top bits set (ignored);
 *   - add, sub, mul, sq, mul_a24 against a slow byte-wise reference
 *     (schoolbook product, folding 2^256 = 38 mod p), on random values,
 *     edge values, and on elements whose limbs are at the top of the
 *     "carried" range (2^(w+1) - 1), the worst case the bounds allow;
 *   - cswap with 0 and 1.
 */
#include "check.h"
#include "x25519/x25519_field.h"
#include "x25519_util.h"

typedef nbtls_x25519_fe fe;

/* ---- slow reference on 32-byte little-endian integers ------------------- */

/* r = a mod p for a < 2^256 (as bytes), canonical. */
static void ref_reduce(unsigned char r[32], const unsigned char a[32]) {
    /* fold bit 255: a = lo + 2^255 * hi = lo + 19 * hi */
    uint32_t c = (uint32_t)(a[31] >> 7) * 19;
    unsigned char t[32];
    memcpy(t, a, 32);
    t[31] &= 0x7f;
    for (int i = 0; i < 32; i++) {
        c += t[i];
        t[i] = (unsigned char)c;
        c >>= 8;
    }
    /* t < 2^255 + 19 < 2p: subtract p while t >= p (at most twice) */
    for (int rep = 0; rep < 2; rep++) {
        unsigned char d[32];
        int32_t borrow = 0;
        for (int i = 0; i < 32; i++) {
            int32_t pi = i == 0 ? 0xed : i == 31 ? 0x7f : 0xff;
            int32_t x = (int32_t)t[i] - pi - borrow;
            borrow = x < 0;
            d[i] = (unsigned char)(x + (borrow ? 256 : 0));
        }
        if (!borrow) memcpy(t, d, 32);
    }
    memcpy(r, t, 32);
}

static void ref_mul(unsigned char r[32], const unsigned char a[32],
                    const unsigned char b[32]) {
    uint64_t t[64] = {0};
    for (int i = 0; i < 32; i++)
        for (int j = 0; j < 32; j++)
            t[i + j] += (uint64_t)a[i] * b[j];
    /* fold 2^256 = 38 */
    for (int i = 0; i < 32; i++)
        t[i] += 38 * t[i + 32];
    unsigned char o[32];
    uint64_t c = 0;
    for (int i = 0; i < 32; i++) {
        c += t[i];
        o[i] = (unsigned char)c;
        c >>= 8;
    }
    /* carry out c (< 2^20 or so): fold again */
    while (c != 0) {
        uint64_t add = c * 38;
        c = 0;
        for (int i = 0; i < 32; i++) {
            add += o[i];
            o[i] = (unsigned char)add;
            add >>= 8;
        }
        c = add;
    }
    ref_reduce(r, o);
}

static void ref_add(unsigned char r[32], const unsigned char a[32],
                    const unsigned char b[32]) {
    unsigned char o[32];
    uint32_t c = 0;
    for (int i = 0; i < 32; i++) {
        c += (uint32_t)a[i] + b[i];
        o[i] = (unsigned char)c;
        c >>= 8;
    }
    if (c) { /* 2^256 = 38 */
        uint32_t add = 38;
        for (int i = 0; i < 32; i++) {
            add += o[i];
            o[i] = (unsigned char)add;
            add >>= 8;
        }
    }
    ref_reduce(r, o);
}

/* r = -a mod p for canonical a */
static void ref_neg(unsigned char r[32], const unsigned char a[32]) {
    static const unsigned char P[32] = {
        0xed, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f};
    unsigned char o[32];
    int32_t borrow = 0;
    for (int i = 0; i < 32; i++) {
        int32_t x = (int32_t)P[i] - a[i] - borrow;
        borrow = x < 0;
        o[i] = (unsigned char)(x + (borrow ? 256 : 0));
    }
    ref_reduce(r, o);
}

/* ---- helpers ------------------------------------------------------------ */

/* fe whose limbs are all at the top of the carried range */
static void fe_max(fe *h) {
#if NBTLS_X25519_LIMBS == 5
    for (int i = 0; i < 5; i++)
        h->v[i] = ((uint64_t)1 << 52) - 1;
#else
    for (int i = 0; i < 10; i++)
        h->v[i] = ((uint32_t)1 << ((i & 1) ? 26 : 27)) - 1;
#endif
}

/* its value mod p, computed limb by limb with the reference */
static unsigned char POW[NBTLS_X25519_LIMBS][32]; /* 2^pos(i) mod p */

static void init_pow(void) {
    unsigned char pw[32] = {1}, two[32] = {2};
    int pos = 0;
    for (int i = 0; i < NBTLS_X25519_LIMBS; i++) {
#if NBTLS_X25519_LIMBS == 5
        int next = 51 * (i + 1);
#else
        int next = pos + ((i & 1) ? 25 : 26);
#endif
        memcpy(POW[i], pw, 32);
        for (; pos < next; pos++)
            ref_mul(pw, pw, two);
    }
}

static void fe_value(unsigned char r[32], const fe *h) {
    unsigned char acc[32] = {0}, limb[32], t[32];
    for (int i = 0; i < NBTLS_X25519_LIMBS; i++) {
        memset(limb, 0, 32);
        uint64_t v = (uint64_t)h->v[i];
        for (int j = 0; j < 8; j++)
            limb[j] = (unsigned char)(v >> (8 * j));
        ref_mul(t, limb, POW[i]);
        ref_add(acc, acc, t);
    }
    memcpy(r, acc, 32);
}

static void check_ops(const fe *a, const fe *b) {
    unsigned char va[32], vb[32], want[32], got[32], t[32];
    fe_value(va, a);
    fe_value(vb, b);
    fe r;
    nbtls_x25519_fe_mul(&r, a, b);
    nbtls_x25519_fe_to_bytes(got, &r);
    ref_mul(want, va, vb);
    CHECK_MEM(got, want, 32);
    nbtls_x25519_fe_sq(&r, a);
    nbtls_x25519_fe_to_bytes(got, &r);
    ref_mul(want, va, va);
    CHECK_MEM(got, want, 32);
    nbtls_x25519_fe_add(&r, a, b);
    nbtls_x25519_fe_to_bytes(got, &r);
    ref_add(want, va, vb);
    CHECK_MEM(got, want, 32);
    nbtls_x25519_fe_sub(&r, a, b);
    nbtls_x25519_fe_to_bytes(got, &r);
    ref_neg(t, vb);
    ref_add(want, va, t);
    CHECK_MEM(got, want, 32);
    nbtls_x25519_fe_mul_a24(&r, a);
    nbtls_x25519_fe_to_bytes(got, &r);
    unsigned char a24[32] = {0x41, 0xdb, 0x01}; /* 121665 = 0x01db41 */
    ref_mul(want, va, a24);
    CHECK_MEM(got, want, 32);
}

int main(void) {
    init_pow();
    /* edges of decoding / encoding */
    static const struct {
        const char *in, *out;
    } E[] = {
        {"0000000000000000000000000000000000000000000000000000000000000000",
         "0000000000000000000000000000000000000000000000000000000000000000"},
        {"ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
         "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"},
        {"edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
         "0000000000000000000000000000000000000000000000000000000000000000"},
        {"eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
         "0100000000000000000000000000000000000000000000000000000000000000"},
        {"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
         "1200000000000000000000000000000000000000000000000000000000000000"},
        {"ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
         "1200000000000000000000000000000000000000000000000000000000000000"},
        {"0900000000000000000000000000000000000000000000000000000000000080",
         "0900000000000000000000000000000000000000000000000000000000000000"},
    };
    for (size_t i = 0; i < sizeof E / sizeof E[0]; i++) {
        unsigned char in[32], want[32], got[32];
        CHECK(x_hex32(E[i].in, in) == 0 && x_hex32(E[i].out, want) == 0);
        fe h;
        nbtls_x25519_fe_from_bytes(&h, in);
        nbtls_x25519_fe_to_bytes(got, &h);
        CHECK_MEM(got, want, 32);
    }
    /* arithmetic on random, edge and max-limb elements */
    x_rng rng = {11, 0};
    fe mx, a, b;
    fe_max(&mx);
    for (int i = 0; i < 200; i++) {
        unsigned char s[32], t[32];
        CHECK_EQ(x_rng_fn(&rng, s, 32), 0);
        CHECK_EQ(x_rng_fn(&rng, t, 32), 0);
        if (i % 5 == 1) memset(s, 0xff, 32);
        if (i % 7 == 2) memset(t, 0, 32);
        nbtls_x25519_fe_from_bytes(&a, s);
        nbtls_x25519_fe_from_bytes(&b, t);
        check_ops(&a, &b);
        if (i < 20) {
            check_ops(&mx, &b);
            check_ops(&a, &mx);
            check_ops(&mx, &mx);
        }
        /* cswap */
        fe c = a, d = b;
        nbtls_x25519_fe_cswap(&c, &d, 0);
        CHECK_MEM(&c, &a, sizeof a);
        CHECK_MEM(&d, &b, sizeof b);
        nbtls_x25519_fe_cswap(&c, &d, 1);
        CHECK_MEM(&c, &b, sizeof b);
        CHECK_MEM(&d, &a, sizeof a);
    }
    printf("field: %d limbs\n", NBTLS_X25519_LIMBS);
    return CHECK_DONE();
}
