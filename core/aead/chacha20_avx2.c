/*
 * ChaCha20 with AVX2: eight blocks at once, one state word per register
 * (lane j = block j), rotations by 16 and 8 as byte shuffles, then an 8x8
 * transpose to write the blocks out. A second instance of the same code
 * uses AVX-512VL rotates. Selected at run time (core/cpu).
 */
#include "aead/aead_internal.h"
#include "aead/poly1305_64.h"

#if NBTLS_X86_ACCEL
#include <immintrin.h>

#define AVX2_TARGET __attribute__((target("avx2")))

#define VQR(a, b, c, d)                                                        \
    do {                                                                       \
        a = _mm256_add_epi32(a, b);                                            \
        d = ROT16(_mm256_xor_si256(d, a));                                     \
        c = _mm256_add_epi32(c, d);                                            \
        b = ROTN(_mm256_xor_si256(b, c), 12);                                  \
        a = _mm256_add_epi32(a, b);                                            \
        d = ROT8(_mm256_xor_si256(d, a));                                      \
        c = _mm256_add_epi32(c, d);                                            \
        b = ROTN(_mm256_xor_si256(b, c), 7);                                   \
    } while (0)

static inline uint32_t le32(const unsigned char *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

/* Transpose eight rows of eight 32-bit words in place. */
AVX2_TARGET static inline void transpose8(__m256i *a) {
    __m256i t0 = _mm256_unpacklo_epi32(a[0], a[1]);
    __m256i t1 = _mm256_unpackhi_epi32(a[0], a[1]);
    __m256i t2 = _mm256_unpacklo_epi32(a[2], a[3]);
    __m256i t3 = _mm256_unpackhi_epi32(a[2], a[3]);
    __m256i t4 = _mm256_unpacklo_epi32(a[4], a[5]);
    __m256i t5 = _mm256_unpackhi_epi32(a[4], a[5]);
    __m256i t6 = _mm256_unpacklo_epi32(a[6], a[7]);
    __m256i t7 = _mm256_unpackhi_epi32(a[6], a[7]);
    __m256i u0 = _mm256_unpacklo_epi64(t0, t2);
    __m256i u1 = _mm256_unpackhi_epi64(t0, t2);
    __m256i u2 = _mm256_unpacklo_epi64(t1, t3);
    __m256i u3 = _mm256_unpackhi_epi64(t1, t3);
    __m256i u4 = _mm256_unpacklo_epi64(t4, t6);
    __m256i u5 = _mm256_unpackhi_epi64(t4, t6);
    __m256i u6 = _mm256_unpacklo_epi64(t5, t7);
    __m256i u7 = _mm256_unpackhi_epi64(t5, t7);
    a[0] = _mm256_permute2x128_si256(u0, u4, 0x20);
    a[4] = _mm256_permute2x128_si256(u0, u4, 0x31);
    a[1] = _mm256_permute2x128_si256(u1, u5, 0x20);
    a[5] = _mm256_permute2x128_si256(u1, u5, 0x31);
    a[2] = _mm256_permute2x128_si256(u2, u6, 0x20);
    a[6] = _mm256_permute2x128_si256(u2, u6, 0x31);
    a[3] = _mm256_permute2x128_si256(u3, u7, 0x20);
    a[7] = _mm256_permute2x128_si256(u3, u7, 0x31);
}

/* AVX2: rotations by 16 and 8 as byte shuffles, others as two shifts. */
#define CC_FN nbtls_chacha20_xor_avx2
#define CC_TARGET AVX2_TARGET
#define ROT16(v) _mm256_shuffle_epi8(v, r16)
#define ROT8(v) _mm256_shuffle_epi8(v, r8)
#define ROTN(v, n)                                                             \
    _mm256_or_si256(_mm256_slli_epi32(v, n), _mm256_srli_epi32(v, 32 - (n)))
#include "aead/chacha20_avx2_body.h"
#undef CC_FN
#undef CC_TARGET
#undef ROT16
#undef ROT8
#undef ROTN

/* AVX-512VL on 256-bit vectors: native rotates and 32 registers (no
 * spills of the sixteen state vectors). */
#define CC_FN nbtls_chacha20_xor_avx512vl
#define CC_TARGET __attribute__((target("avx2,avx512f,avx512vl")))
#define ROT16(v) _mm256_rol_epi32(v, 16)
#define ROT8(v) _mm256_rol_epi32(v, 8)
#define ROTN(v, n) _mm256_rol_epi32(v, n)
#include "aead/chacha20_avx2_body.h"
#undef CC_FN
#undef CC_TARGET
#undef ROT16
#undef ROT8
#undef ROTN

#else
typedef int nbtls_chacha20_avx2_unused; /* ISO C: no empty translation unit */
#endif
