/*
 * SHA-256 block function with the x86 SHA extensions (SHA-NI). Compiled
 * with a function target attribute; called only when core/cpu reports
 * NBTLS_CPU_SHANI (which implies SSSE3 and SSE4.1).
 */
#include "hash/sha256.h"

#include "cpu/cpu.h"

#if NBTLS_X86_ACCEL
#include <immintrin.h>

#define SHANI_TARGET __attribute__((target("sha,sse4.1,ssse3")))

/* Four rounds with message words m (W[4g..4g+3]). */
#define RNDS4(g, m)                                                            \
    do {                                                                       \
        __m128i k_ = _mm_add_epi32(                                            \
            (m),                                                               \
            _mm_loadu_si128((const __m128i *)(nbtls_sha256_k + 4 * (g))));     \
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
