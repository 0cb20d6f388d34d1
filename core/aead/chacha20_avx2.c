/*
 * ChaCha20 with AVX2: eight blocks at once, one state word per register
 * (lane j = block j), rotations by 16 and 8 as byte shuffles, then an 8x8
 * transpose to write the blocks out. Selected at run time (core/cpu).
 */
#include "aead/aead_internal.h"

#if NBTLS_X86_ACCEL
#include <immintrin.h>

#define AVX2_TARGET __attribute__((target("avx2")))

#define ROT16(v) _mm256_shuffle_epi8(v, r16)
#define ROT8(v) _mm256_shuffle_epi8(v, r8)
#define ROTN(v, n)                                                             \
    _mm256_or_si256(_mm256_slli_epi32(v, n), _mm256_srli_epi32(v, 32 - (n)))
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

AVX2_TARGET size_t nbtls_chacha20_xor_avx2(const unsigned char key[32],
                                           uint32_t counter,
                                           const unsigned char nonce[12],
                                           const unsigned char *in,
                                           unsigned char *out, size_t len) {
    const __m256i r16 =
        _mm256_set_epi8(13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0, 3, 2,
                        13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0, 3, 2);
    const __m256i r8 =
        _mm256_set_epi8(14, 13, 12, 15, 10, 9, 8, 11, 6, 5, 4, 7, 2, 1, 0, 3,
                        14, 13, 12, 15, 10, 9, 8, 11, 6, 5, 4, 7, 2, 1, 0, 3);
    uint32_t s[16];
    s[0] = 0x61707865;
    s[1] = 0x3320646e;
    s[2] = 0x79622d32;
    s[3] = 0x6b206574;
    for (int i = 0; i < 8; i++)
        s[4 + i] = le32(key + 4 * i);
    s[12] = counter;
    for (int i = 0; i < 3; i++)
        s[13 + i] = le32(nonce + 4 * i);
    __m256i base[16];
    for (int i = 0; i < 16; i++)
        base[i] = _mm256_set1_epi32((int)s[i]);
    const __m256i lanes = _mm256_set_epi32(7, 6, 5, 4, 3, 2, 1, 0);
    const __m256i eight = _mm256_set1_epi32(8);
    base[12] = _mm256_add_epi32(base[12], lanes);
    size_t done = 0;
    while (len - done >= 512) {
        __m256i x[16];
        for (int i = 0; i < 16; i++)
            x[i] = base[i];
        for (int r = 0; r < 10; r++) {
            VQR(x[0], x[4], x[8], x[12]);
            VQR(x[1], x[5], x[9], x[13]);
            VQR(x[2], x[6], x[10], x[14]);
            VQR(x[3], x[7], x[11], x[15]);
            VQR(x[0], x[5], x[10], x[15]);
            VQR(x[1], x[6], x[11], x[12]);
            VQR(x[2], x[7], x[8], x[13]);
            VQR(x[3], x[4], x[9], x[14]);
        }
        for (int i = 0; i < 16; i++)
            x[i] = _mm256_add_epi32(x[i], base[i]);
        transpose8(x);
        transpose8(x + 8);
        /* block j = x[j] (words 0..7) || x[8 + j] (words 8..15) */
        for (int j = 0; j < 8; j++) {
            const __m256i *ip = (const __m256i *)(in + done + 64 * j);
            __m256i *op = (__m256i *)(out + done + 64 * j);
            __m256i a = _mm256_xor_si256(_mm256_loadu_si256(ip), x[j]);
            __m256i b = _mm256_xor_si256(_mm256_loadu_si256(ip + 1), x[8 + j]);
            _mm256_storeu_si256(op, a);
            _mm256_storeu_si256(op + 1, b);
        }
        base[12] = _mm256_add_epi32(base[12], eight);
        done += 512;
    }
    nbtls_wipe(s, sizeof s);
    nbtls_wipe(base, sizeof base);
    return done;
}

#else
typedef int nbtls_chacha20_avx2_unused; /* ISO C: no empty translation unit */
#endif
