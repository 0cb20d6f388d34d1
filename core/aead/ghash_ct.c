/*
 * Portable constant-time GHASH. Carry-less products come from ordinary
 * integer multiplications "with holes" (the BearSSL ctmul idea): operands
 * are split into four interleaved bit sets, so the at most eight partial
 * terms that meet at a bit position never carry into the next set. No
 * branch or index depends on data. 32x32 -> 64 products, Karatsuba up to
 * 128 x 128 -> 256, then the reduction of the Intel white paper (Gueron,
 * Kounavis: "Carry-less multiplication and its usage for computing the GCM
 * mode", algorithm 5) on 64-bit words.
 */
#include "aead/aead_internal.h"

static inline uint64_t clmul32(uint32_t x, uint32_t y) {
    uint64_t x0 = x & 0x11111111u, x1 = x & 0x22222222u;
    uint64_t x2 = x & 0x44444444u, x3 = x & 0x88888888u;
    uint64_t y0 = y & 0x11111111u, y1 = y & 0x22222222u;
    uint64_t y2 = y & 0x44444444u, y3 = y & 0x88888888u;
    uint64_t z0 = (x0 * y0) ^ (x1 * y3) ^ (x2 * y2) ^ (x3 * y1);
    uint64_t z1 = (x0 * y1) ^ (x1 * y0) ^ (x2 * y3) ^ (x3 * y2);
    uint64_t z2 = (x0 * y2) ^ (x1 * y1) ^ (x2 * y0) ^ (x3 * y3);
    uint64_t z3 = (x0 * y3) ^ (x1 * y2) ^ (x2 * y1) ^ (x3 * y0);
    return (z0 & 0x1111111111111111ULL) | (z1 & 0x2222222222222222ULL) |
           (z2 & 0x4444444444444444ULL) | (z3 & 0x8888888888888888ULL);
}

/* 64 x 64 -> 128 carry-less: *hi, *lo. */
static inline void clmul64(uint64_t x, uint64_t y, uint64_t *hi, uint64_t *lo) {
    uint32_t x0 = (uint32_t)x, x1 = (uint32_t)(x >> 32);
    uint32_t y0 = (uint32_t)y, y1 = (uint32_t)(y >> 32);
    uint64_t a = clmul32(x0, y0), c = clmul32(x1, y1);
    uint64_t b = clmul32(x0 ^ x1, y0 ^ y1) ^ a ^ c;
    *lo = a ^ (b << 32);
    *hi = c ^ (b >> 32);
}

/* x <- x * h in the GCM field (both as {hi, lo}). */
static void gf128_mul(uint64_t x[2], const uint64_t h[2]) {
    uint64_t l1, l0, h1, h0, m1, m0;
    clmul64(x[1], h[1], &l1, &l0);
    clmul64(x[0], h[0], &h1, &h0);
    clmul64(x[0] ^ x[1], h[0] ^ h[1], &m1, &m0);
    m0 ^= l0 ^ h0;
    m1 ^= l1 ^ h1;
    /* 256-bit product X3:X2:X1:X0 */
    uint64_t X0 = l0, X1 = l1 ^ m0, X2 = h0 ^ m1, X3 = h1;
    /* shift left by one */
    X3 = (X3 << 1) | (X2 >> 63);
    X2 = (X2 << 1) | (X1 >> 63);
    X1 = (X1 << 1) | (X0 >> 63);
    X0 <<= 1;
    /* reduce */
    uint64_t D = X1 ^ (X0 << 63) ^ (X0 << 62) ^ (X0 << 57);
    uint64_t E1 = D >> 1, E0 = (X0 >> 1) | (D << 63);
    uint64_t F1 = D >> 2, F0 = (X0 >> 2) | (D << 62);
    uint64_t G1 = D >> 7, G0 = (X0 >> 7) | (D << 57);
    x[0] = X3 ^ D ^ E1 ^ F1 ^ G1;
    x[1] = X2 ^ X0 ^ E0 ^ F0 ^ G0;
}

void nbtls_ghash_ct(uint64_t x[2], const uint64_t h[2], const unsigned char *in,
                    size_t nblocks) {
    while (nblocks--) {
        x[0] ^= nbtls_load_be64(in);
        x[1] ^= nbtls_load_be64(in + 8);
        gf128_mul(x, h);
        in += 16;
    }
}
