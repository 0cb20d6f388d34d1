/*
 * core/x25519: GF(2^255 - 19) arithmetic, 5x51 or 10x25.5 limbs. See
 * x25519_field.h for the representation and the "carried" invariant.
 *
 * Bounds (carried inputs: limb i < 2^(w_i + 1)):
 *   - 64-bit: a product term is < 2^52 * 19 * 2^52 < 2^109, a column of
 *     five < 2^112, far inside unsigned __int128;
 *   - 32-bit: a term is < 2^27 * 2^27 * 38 < 2^59.3, a column of ten
 *     < 2^62.6, inside uint64_t.
 * Each output goes through one carry pass, which leaves every limb below
 * 2^w_i except limb 1, below 2^w_1 + 2^20: carried.
 */
#include "x25519/x25519_field.h"

#define N NBTLS_X25519_LIMBS
typedef nbtls_x25519_limb limb;

#if N == 5
__extension__ typedef unsigned __int128 wide;
#define W(i) 51
#define POS(i) (51 * (i))
#else
typedef uint64_t wide;
#define W(i) (((i)&1) ? 25 : 26)
#define POS(i) (26 * (((i) + 1) / 2) + 25 * ((i) / 2))
#endif
#define MASK(i) ((((limb)1) << W(i)) - 1)

static inline limb ct_barrier(limb x) {
#if N == 5
    return (limb)nbtls_ct_barrier64(x);
#else
    return (limb)nbtls_ct_barrier32(x);
#endif
}

void nbtls_x25519_fe_zero(nbtls_x25519_fe *h) {
    for (int i = 0; i < N; i++)
        h->v[i] = 0;
}

void nbtls_x25519_fe_one(nbtls_x25519_fe *h) {
    nbtls_x25519_fe_zero(h);
    h->v[0] = 1;
}

/* One carry pass over wide columns t (each below 2^125 / 2^63), into h:
 * ripple up, fold the top carry back times 19 (2^255 = 19 mod p), and
 * carry limb 0 once more. */
static void carry_wide(nbtls_x25519_fe *h, wide t[N]) {
    for (int i = 0; i < N - 1; i++) {
        t[i + 1] += t[i] >> W(i);
        t[i] &= MASK(i);
    }
    wide c = t[N - 1] >> W(N - 1);
    t[N - 1] &= MASK(N - 1);
    t[0] += 19 * c;
    t[1] += t[0] >> W(0);
    t[0] &= MASK(0);
    for (int i = 0; i < N; i++)
        h->v[i] = (limb)t[i];
}

/* The same pass in place over limbs that each have at least 3 spare bits
 * (limb i < 2^(w_i + 3)). */
static void carry_limbs(nbtls_x25519_fe *h) {
    for (int i = 0; i < N - 1; i++) {
        h->v[i + 1] += h->v[i] >> W(i);
        h->v[i] &= MASK(i);
    }
    limb c = h->v[N - 1] >> W(N - 1);
    h->v[N - 1] &= MASK(N - 1);
    h->v[0] += 19 * c;
    h->v[1] += h->v[0] >> W(0);
    h->v[0] &= MASK(0);
}

void nbtls_x25519_fe_from_bytes(nbtls_x25519_fe *h, const unsigned char s[32]) {
    unsigned char b[40] = {0};
    memcpy(b, s, 32);
    b[31] &= 0x7f; /* RFC 7748: mask the most significant bit */
    for (int i = 0; i < N; i++) {
        const unsigned char *p = b + POS(i) / 8;
        uint64_t w = 0;
        for (int j = 7; j >= 0; j--)
            w = (w << 8) | p[j];
        h->v[i] = (limb)(w >> (POS(i) % 8)) & MASK(i);
    }
    nbtls_wipe(b, sizeof(b));
}

void nbtls_x25519_fe_to_bytes(unsigned char s[32], const nbtls_x25519_fe *f) {
    nbtls_x25519_fe t = *f, d;
    /* Three passes leave proper digits (limb i < 2^w_i): a value < 2^255.
     * (After the first, only a ripple through all-ones limbs can carry out
     * of the top, and the second then leaves a tiny value.) */
    carry_limbs(&t);
    carry_limbs(&t);
    carry_limbs(&t);
    /* d = t - p; keep it when there is no borrow (t >= p). Since t < 2^255
     * < 2p, one subtraction gives the canonical value. */
    limb borrow = 0;
    for (int i = 0; i < N; i++) {
        limb pi = MASK(i) - (i == 0 ? 18 : 0); /* p's digits */
        limb x = t.v[i] - pi - borrow;
        borrow = x >> (sizeof(limb) * 8 - 1);
        d.v[i] = x & MASK(i);
    }
    limb keep_d = ct_barrier(borrow - 1); /* all-ones when no borrow */
    for (int i = 0; i < N; i++)
        t.v[i] ^= keep_d & (t.v[i] ^ d.v[i]);
    /* Pack the digits, least significant first. */
    uint64_t acc = 0;
    int bits = 0, o = 0;
    for (int i = 0; i < N; i++) {
        acc |= (uint64_t)t.v[i] << bits;
        bits += W(i);
        while (bits >= 8) {
            s[o++] = (unsigned char)acc;
            acc >>= 8;
            bits -= 8;
        }
    }
    s[o] = (unsigned char)acc; /* the last 7 bits: o == 31 here */
    nbtls_wipe(&t, sizeof(t));
    nbtls_wipe(&d, sizeof(d));
}

void nbtls_x25519_fe_add(nbtls_x25519_fe *h, const nbtls_x25519_fe *f,
                         const nbtls_x25519_fe *g) {
    for (int i = 0; i < N; i++)
        h->v[i] = f->v[i] + g->v[i];
    carry_limbs(h);
}

void nbtls_x25519_fe_sub(nbtls_x25519_fe *h, const nbtls_x25519_fe *f,
                         const nbtls_x25519_fe *g) {
    /* f + 4p - g: 4p's digits exceed any carried g, so no limb goes
     * negative, and the sum stays below 2^(w_i + 3). */
    for (int i = 0; i < N; i++) {
        limb four_p = 4 * (MASK(i) - (i == 0 ? 18 : 0));
        h->v[i] = f->v[i] + four_p - g->v[i];
    }
    carry_limbs(h);
}

void nbtls_x25519_fe_mul_a24(nbtls_x25519_fe *h, const nbtls_x25519_fe *f) {
    wide t[N];
    for (int i = 0; i < N; i++)
        t[i] = (wide)f->v[i] * 121665;
    carry_wide(h, t);
}

#if N == 5

void nbtls_x25519_fe_mul(nbtls_x25519_fe *h, const nbtls_x25519_fe *f,
                         const nbtls_x25519_fe *g) {
    const uint64_t f0 = f->v[0], f1 = f->v[1], f2 = f->v[2], f3 = f->v[3],
                   f4 = f->v[4];
    const uint64_t g0 = g->v[0], g1 = g->v[1], g2 = g->v[2], g3 = g->v[3],
                   g4 = g->v[4];
    const uint64_t g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3,
                   g4_19 = 19 * g4;
    wide t[5];
    t[0] = (wide)f0 * g0 + (wide)f1 * g4_19 + (wide)f2 * g3_19 +
           (wide)f3 * g2_19 + (wide)f4 * g1_19;
    t[1] = (wide)f0 * g1 + (wide)f1 * g0 + (wide)f2 * g4_19 + (wide)f3 * g3_19 +
           (wide)f4 * g2_19;
    t[2] = (wide)f0 * g2 + (wide)f1 * g1 + (wide)f2 * g0 + (wide)f3 * g4_19 +
           (wide)f4 * g3_19;
    t[3] = (wide)f0 * g3 + (wide)f1 * g2 + (wide)f2 * g1 + (wide)f3 * g0 +
           (wide)f4 * g4_19;
    t[4] = (wide)f0 * g4 + (wide)f1 * g3 + (wide)f2 * g2 + (wide)f3 * g1 +
           (wide)f4 * g0;
    carry_wide(h, t);
}

void nbtls_x25519_fe_sq(nbtls_x25519_fe *h, const nbtls_x25519_fe *f) {
    const uint64_t f0 = f->v[0], f1 = f->v[1], f2 = f->v[2], f3 = f->v[3],
                   f4 = f->v[4];
    const uint64_t f0_2 = 2 * f0, f1_2 = 2 * f1, f2_2 = 2 * f2;
    const uint64_t f3_19 = 19 * f3, f4_19 = 19 * f4;
    wide t[5];
    t[0] = (wide)f0 * f0 + (wide)f1_2 * f4_19 + (wide)f2_2 * f3_19;
    t[1] = (wide)f0_2 * f1 + (wide)f2_2 * f4_19 + (wide)f3 * f3_19;
    t[2] = (wide)f0_2 * f2 + (wide)f1 * f1 + (wide)(2 * f3) * f4_19;
    t[3] = (wide)f0_2 * f3 + (wide)f1_2 * f2 + (wide)f4 * f4_19;
    t[4] = (wide)f0_2 * f4 + (wide)f1_2 * f3 + (wide)f2 * f2;
    carry_wide(h, t);
}

#else

void nbtls_x25519_fe_mul(nbtls_x25519_fe *h, const nbtls_x25519_fe *f,
                         const nbtls_x25519_fe *g) {
    /* Column k gets f_i * g_j for i + j = k (mod 10): doubled when i and j
     * are both odd (pos(i) + pos(j) = pos(i + j) + 1 then), times 19 when
     * i + j >= 10 (pos(i + j) = 255 + pos(i + j - 10)). The factors depend
     * on the indices only. */
    wide t[N] = {0};
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            uint64_t m = 1 + (uint64_t)(i & j & 1);
            int k = i + j;
            if (k >= N) {
                k -= N;
                m *= 19;
            }
            t[k] += (wide)f->v[i] * g->v[j] * m;
        }
    }
    carry_wide(h, t);
}

void nbtls_x25519_fe_sq(nbtls_x25519_fe *h, const nbtls_x25519_fe *f) {
    nbtls_x25519_fe_mul(h, f, f);
}

#endif

void nbtls_x25519_fe_cswap(nbtls_x25519_fe *f, nbtls_x25519_fe *g,
                           nbtls_x25519_limb swap) {
    limb mask = ct_barrier(0 - swap);
    for (int i = 0; i < N; i++) {
        limb x = mask & (f->v[i] ^ g->v[i]);
        f->v[i] ^= x;
        g->v[i] ^= x;
    }
}
