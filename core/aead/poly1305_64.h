/*
 * One Poly1305 block with 64-bit limbs (h2:h1:h0 += m + 2^128; h *= r,
 * partially reduced), shared by poly1305.c and the stitched
 * ChaCha20-Poly1305 of chacha20_avx2.c. Needs unsigned __int128.
 * Inputs in scope: h0, h1, h2 (uint64_t, modified), r0, r1, s1 = r1 +
 * (r1 >> 2) (r1 is a multiple of 4, so s1 = r1 * 5/4), and `hibit`.
 * Bound: h2 <= 4 between blocks, so h2 <= 6 after the addition.
 */
#ifndef NBTLS_CORE_AEAD_POLY1305_64_H
#define NBTLS_CORE_AEAD_POLY1305_64_H

#include <stdint.h>
#include <string.h>

#if defined(__SIZEOF_INT128__)
__extension__ typedef unsigned __int128 nbtls_u128;

static inline uint64_t nbtls_poly_le64(const unsigned char *p) {
    return (uint64_t)p[0] | ((uint64_t)p[1] << 8) | ((uint64_t)p[2] << 16) |
           ((uint64_t)p[3] << 24) | ((uint64_t)p[4] << 32) |
           ((uint64_t)p[5] << 40) | ((uint64_t)p[6] << 48) |
           ((uint64_t)p[7] << 56);
}

#define NBTLS_POLY1305_BLOCK64(m, hibit)                                       \
    do {                                                                       \
        nbtls_u128 t_ = (nbtls_u128)h0 + nbtls_poly_le64(m);                   \
        h0 = (uint64_t)t_;                                                     \
        t_ = (nbtls_u128)h1 + nbtls_poly_le64((m) + 8) + (uint64_t)(t_ >> 64); \
        h1 = (uint64_t)t_;                                                     \
        h2 += (uint64_t)(t_ >> 64) + (hibit);                                  \
        nbtls_u128 d0_ = (nbtls_u128)h0 * r0 + (nbtls_u128)h1 * s1;            \
        nbtls_u128 d1_ =                                                       \
            (nbtls_u128)h0 * r1 + (nbtls_u128)h1 * r0 + (nbtls_u128)h2 * s1;   \
        uint64_t d2_ = h2 * r0;                                                \
        h0 = (uint64_t)d0_;                                                    \
        d1_ += (uint64_t)(d0_ >> 64);                                          \
        h1 = (uint64_t)d1_;                                                    \
        d2_ += (uint64_t)(d1_ >> 64);                                          \
        /* fold the bits above 2^130: (d2 >> 2) * 5 */                         \
        uint64_t c_ = (d2_ >> 2) + (d2_ & ~(uint64_t)3);                       \
        h2 = d2_ & 3;                                                          \
        t_ = (nbtls_u128)h0 + c_;                                              \
        h0 = (uint64_t)t_;                                                     \
        t_ = (nbtls_u128)h1 + (uint64_t)(t_ >> 64);                            \
        h1 = (uint64_t)t_;                                                     \
        h2 += (uint64_t)(t_ >> 64);                                            \
    } while (0)
#endif

#endif
