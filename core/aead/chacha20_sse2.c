/*
 * ChaCha20 with SSE2 (every x86-64 CPU): four blocks at once, one state
 * word per register (lane j = block j), then a 4x4 transpose per group of
 * four words. Used where AVX2 is absent. Target attribute only (i386
 * builds check the CPUID bit first).
 */
#include "aead/aead_internal.h"

#if NBTLS_X86_ACCEL
#include <emmintrin.h>

#define SSE2_TARGET __attribute__((target("sse2")))

/* rotate left by 16: swap the 16-bit halves of every 32-bit word */
#define R16(v) _mm_shufflehi_epi16(_mm_shufflelo_epi16(v, 0xb1), 0xb1)
#define RN(v, n) _mm_or_si128(_mm_slli_epi32(v, n), _mm_srli_epi32(v, 32 - (n)))
#define QR4(a, b, c, d)                                                        \
    do {                                                                       \
        a = _mm_add_epi32(a, b);                                               \
        d = R16(_mm_xor_si128(d, a));                                          \
        c = _mm_add_epi32(c, d);                                               \
        b = RN(_mm_xor_si128(b, c), 12);                                       \
        a = _mm_add_epi32(a, b);                                               \
        d = RN(_mm_xor_si128(d, a), 8);                                        \
        c = _mm_add_epi32(c, d);                                               \
        b = RN(_mm_xor_si128(b, c), 7);                                        \
    } while (0)

static inline uint32_t le32(const unsigned char *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

/* Transpose four rows of four 32-bit words in place. */
SSE2_TARGET static inline void transpose4(__m128i *a) {
    __m128i t0 = _mm_unpacklo_epi32(a[0], a[1]);
    __m128i t1 = _mm_unpackhi_epi32(a[0], a[1]);
    __m128i t2 = _mm_unpacklo_epi32(a[2], a[3]);
    __m128i t3 = _mm_unpackhi_epi32(a[2], a[3]);
    a[0] = _mm_unpacklo_epi64(t0, t2);
    a[1] = _mm_unpackhi_epi64(t0, t2);
    a[2] = _mm_unpacklo_epi64(t1, t3);
    a[3] = _mm_unpackhi_epi64(t1, t3);
}

SSE2_TARGET size_t nbtls_chacha20_xor_sse2(const unsigned char key[32],
                                           uint32_t counter,
                                           const unsigned char nonce[12],
                                           const unsigned char *in,
                                           unsigned char *out, size_t len) {
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
    __m128i base[16], x[16];
    for (int i = 0; i < 16; i++)
        base[i] = _mm_set1_epi32((int)s[i]);
    base[12] = _mm_add_epi32(base[12], _mm_set_epi32(3, 2, 1, 0));
    const __m128i four = _mm_set1_epi32(4);
    size_t done = 0;
    while (len - done >= 256) {
        for (int i = 0; i < 16; i++)
            x[i] = base[i];
        for (int r = 0; r < 10; r++) {
            QR4(x[0], x[4], x[8], x[12]);
            QR4(x[1], x[5], x[9], x[13]);
            QR4(x[2], x[6], x[10], x[14]);
            QR4(x[3], x[7], x[11], x[15]);
            QR4(x[0], x[5], x[10], x[15]);
            QR4(x[1], x[6], x[11], x[12]);
            QR4(x[2], x[7], x[8], x[13]);
            QR4(x[3], x[4], x[9], x[14]);
        }
        for (int i = 0; i < 16; i++)
            x[i] = _mm_add_epi32(x[i], base[i]);
        transpose4(x);
        transpose4(x + 4);
        transpose4(x + 8);
        transpose4(x + 12);
        /* block j = x[j] || x[4 + j] || x[8 + j] || x[12 + j] */
        for (int j = 0; j < 4; j++) {
            for (int g = 0; g < 4; g++) {
                const __m128i *ip =
                    (const __m128i *)(in + done + 64 * j + 16 * g);
                __m128i *op = (__m128i *)(out + done + 64 * j + 16 * g);
                _mm_storeu_si128(
                    op, _mm_xor_si128(_mm_loadu_si128(ip), x[4 * g + j]));
            }
        }
        base[12] = _mm_add_epi32(base[12], four);
        done += 256;
    }
    nbtls_wipe(s, sizeof s);
    nbtls_wipe(base, sizeof base);
    nbtls_wipe(x, sizeof x);
    return done;
}

#else
typedef int nbtls_chacha20_sse2_unused; /* ISO C: no empty translation unit */
#endif
