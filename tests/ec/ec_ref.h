/*
 * tests/ec: a slow, obviously-correct reference for the open-box tests —
 * 256-bit integers as 32-bit words, schoolbook products and bit-by-bit
 * modular reduction (a different algorithm from the Montgomery code under
 * test), plus a deterministic PRNG and helpers converting to the library's
 * limb types through big-endian bytes.
 */
#ifndef NBTLS_TESTS_EC_REF_H
#define NBTLS_TESTS_EC_REF_H

#include <stdint.h>
#include <string.h>

/* little-endian 32-bit words */
typedef struct {
    uint32_t w[8];
} ref256;

static const unsigned char REF_P_BE[32] = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff};
static const unsigned char REF_N_BE[32] = {
    0xff, 0xff, 0xff, 0xff, 0x00, 0x00, 0x00, 0x00, 0xff, 0xff, 0xff,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xbc, 0xe6, 0xfa, 0xad, 0xa7, 0x17,
    0x9e, 0x84, 0xf3, 0xb9, 0xca, 0xc2, 0xfc, 0x63, 0x25, 0x51};

static inline void ref_from_be(ref256 *z, const unsigned char b[32]) {
    for (int i = 0; i < 8; i++)
        z->w[i] = ((uint32_t)b[28 - 4 * i] << 24) |
                  ((uint32_t)b[29 - 4 * i] << 16) |
                  ((uint32_t)b[30 - 4 * i] << 8) | b[31 - 4 * i];
}
static inline void ref_to_be(unsigned char b[32], const ref256 *x) {
    for (int i = 0; i < 8; i++) {
        b[28 - 4 * i] = (unsigned char)(x->w[i] >> 24);
        b[29 - 4 * i] = (unsigned char)(x->w[i] >> 16);
        b[30 - 4 * i] = (unsigned char)(x->w[i] >> 8);
        b[31 - 4 * i] = (unsigned char)x->w[i];
    }
}
static inline int ref_cmp_words(const uint32_t *a, const uint32_t *b, int n) {
    for (int i = n - 1; i >= 0; i--)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}
static inline int ref_cmp(const ref256 *a, const ref256 *b) {
    return ref_cmp_words(a->w, b->w, 8);
}

/* r = (x mod m) for a 17-word x, by binary long division (shift-subtract
 * one bit at a time). */
static inline void ref_mod_wide(ref256 *r, const uint32_t x[16],
                                const ref256 *m) {
    uint32_t rem[9] = {0}, mm[9];
    memcpy(mm, m->w, 32);
    mm[8] = 0;
    for (int bit = 511; bit >= 0; bit--) {
        /* rem = 2 rem + bit */
        for (int i = 8; i > 0; i--)
            rem[i] = (rem[i] << 1) | (rem[i - 1] >> 31);
        rem[0] = (rem[0] << 1) | ((x[bit / 32] >> (bit % 32)) & 1);
        if (ref_cmp_words(rem, mm, 9) >= 0) {
            uint64_t borrow = 0;
            for (int i = 0; i < 9; i++) {
                uint64_t d = (uint64_t)rem[i] - mm[i] - borrow;
                rem[i] = (uint32_t)d;
                borrow = (d >> 32) & 1;
            }
        }
    }
    memcpy(r->w, rem, 32);
}

static inline void ref_mulmod(ref256 *r, const ref256 *a, const ref256 *b,
                              const ref256 *m) {
    uint32_t t[16] = {0};
    for (int i = 0; i < 8; i++) {
        uint64_t c = 0;
        for (int j = 0; j < 8; j++) {
            uint64_t v = (uint64_t)a->w[i] * b->w[j] + t[i + j] + c;
            t[i + j] = (uint32_t)v;
            c = v >> 32;
        }
        t[i + 8] = (uint32_t)c;
    }
    ref_mod_wide(r, t, m);
}

static inline void ref_addmod(ref256 *r, const ref256 *a, const ref256 *b,
                              const ref256 *m) {
    uint32_t t[16] = {0};
    uint64_t c = 0;
    for (int i = 0; i < 8; i++) {
        c += (uint64_t)a->w[i] + b->w[i];
        t[i] = (uint32_t)c;
        c >>= 32;
    }
    t[8] = (uint32_t)c;
    ref_mod_wide(r, t, m);
}

/* r = a - b mod m, via a + (m - b) */
static inline void ref_submod(ref256 *r, const ref256 *a, const ref256 *b,
                              const ref256 *m) {
    ref256 nb, bm;
    uint32_t t[16] = {0};
    memcpy(t, b->w, 32);
    ref_mod_wide(&bm, t, m);
    uint64_t borrow = 0;
    for (int i = 0; i < 8; i++) {
        uint64_t d = (uint64_t)m->w[i] - bm.w[i] - borrow;
        nb.w[i] = (uint32_t)d;
        borrow = (d >> 32) & 1;
    }
    ref_addmod(r, a, &nb, m);
}

/* xorshift64*: deterministic test randomness */
static uint64_t ref_rng_state = 0x9e3779b97f4a7c15ULL;
static inline uint64_t ref_rand64(void) {
    uint64_t x = ref_rng_state;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    ref_rng_state = x;
    return x * 0x2545f4914f6cdd1dULL;
}
static inline void ref_rand_bytes(unsigned char *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        b[i] = (unsigned char)(ref_rand64() >> 56);
}
/* A random value below m (big-endian bytes), by clearing the top bit until
 * below (m has its top bit set for both p and n). */
static inline void ref_rand_below(unsigned char b[32],
                                  const unsigned char m[32]) {
    for (;;) {
        ref_rand_bytes(b, 32);
        if (memcmp(b, m, 32) < 0) return;
    }
}

#endif
