/*
 * SHA-256 block function with the x86 SHA extensions (SHA-NI). Compiled
 * with a function target attribute; called only when core/cpu reports
 * NBTLS_CPU_SHANI (which implies SSSE3 and SSE4.1).
 */
#include "hash/sha256.h"

#include "cpu/cpu.h"

#if NBTLS_X86_ACCEL
#include <immintrin.h>

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
    0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
    0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
    0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
    0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

#define SHANI_TARGET __attribute__((target("sha,sse4.1,ssse3")))

/* Four rounds with message words m (W[4g..4g+3]). */
#define RNDS4(g, m)                                                            \
    do {                                                                       \
        __m128i k_ = _mm_add_epi32(                                            \
            (m), _mm_loadu_si128((const __m128i *)(K256 + 4 * (g))));          \
        s1 = _mm_sha256rnds2_epu32(s1, s0, k_);                                \
        k_ = _mm_shuffle_epi32(k_, 0x0e);                                      \
        s0 = _mm_sha256rnds2_epu32(s0, s1, k_);                                \
    } while (0)

/* m0 = W[t-16..t-13] becomes W[t..t+3] (m1: t-12.., m2: t-8.., m3: t-4..). */
#define SCHED(m0, m1, m2, m3)                                                  \
    do {                                                                       \
        __m128i t_ = _mm_alignr_epi8((m3), (m2), 4);                           \
        (m0) = _mm_add_epi32(_mm_sha256msg1_epu32((m0), (m1)), t_);            \
        (m0) = _mm_sha256msg2_epu32((m0), (m3));                               \
    } while (0)

SHANI_TARGET void nbtls_sha256_blocks_shani(uint32_t h[8],
                                            const unsigned char *in,
                                            size_t nblocks) {
    const __m128i bswap =
        _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    __m128i t = _mm_loadu_si128((const __m128i *)h);        /* DCBA */
    __m128i s1 = _mm_loadu_si128((const __m128i *)(h + 4)); /* HGFE */
    t = _mm_shuffle_epi32(t, 0xb1);                         /* CDAB */
    s1 = _mm_shuffle_epi32(s1, 0x1b);                       /* EFGH */
    __m128i s0 = _mm_alignr_epi8(t, s1, 8);                 /* ABEF */
    s1 = _mm_blend_epi16(s1, t, 0xf0);                      /* CDGH */

    while (nblocks--) {
        __m128i save0 = s0, save1 = s1;
        __m128i m0 =
            _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(in + 0)), bswap);
        __m128i m1 = _mm_shuffle_epi8(
            _mm_loadu_si128((const __m128i *)(in + 16)), bswap);
        __m128i m2 = _mm_shuffle_epi8(
            _mm_loadu_si128((const __m128i *)(in + 32)), bswap);
        __m128i m3 = _mm_shuffle_epi8(
            _mm_loadu_si128((const __m128i *)(in + 48)), bswap);
        RNDS4(0, m0);
        RNDS4(1, m1);
        RNDS4(2, m2);
        RNDS4(3, m3);
        SCHED(m0, m1, m2, m3);
        RNDS4(4, m0);
        SCHED(m1, m2, m3, m0);
        RNDS4(5, m1);
        SCHED(m2, m3, m0, m1);
        RNDS4(6, m2);
        SCHED(m3, m0, m1, m2);
        RNDS4(7, m3);
        SCHED(m0, m1, m2, m3);
        RNDS4(8, m0);
        SCHED(m1, m2, m3, m0);
        RNDS4(9, m1);
        SCHED(m2, m3, m0, m1);
        RNDS4(10, m2);
        SCHED(m3, m0, m1, m2);
        RNDS4(11, m3);
        SCHED(m0, m1, m2, m3);
        RNDS4(12, m0);
        SCHED(m1, m2, m3, m0);
        RNDS4(13, m1);
        SCHED(m2, m3, m0, m1);
        RNDS4(14, m2);
        SCHED(m3, m0, m1, m2);
        RNDS4(15, m3);
        s0 = _mm_add_epi32(s0, save0);
        s1 = _mm_add_epi32(s1, save1);
        in += 64;
    }

    t = _mm_shuffle_epi32(s0, 0x1b);   /* FEBA */
    s1 = _mm_shuffle_epi32(s1, 0xb1);  /* DCHG */
    s0 = _mm_blend_epi16(t, s1, 0xf0); /* DCBA */
    s1 = _mm_alignr_epi8(s1, t, 8);    /* HGFE */
    _mm_storeu_si128((__m128i *)h, s0);
    _mm_storeu_si128((__m128i *)(h + 4), s1);
}

#else
typedef int nbtls_sha256_x86_unused; /* ISO C: no empty translation unit */
#endif
