/*
 * AES-GCM with AES-NI and PCLMULQDQ (x86), selected at run time. Eight
 * counter blocks are encrypted interleaved; GHASH aggregates eight blocks
 * per reduction with the precomputed powers H^1..H^8 (Gueron & Kounavis,
 * Intel white paper "Carry-less multiplication and its usage for computing
 * the GCM mode"). Functions carry target attributes; nothing here runs
 * unless core/cpu reported AES-NI, PCLMULQDQ, SSSE3 and SSE4.1.
 */
#include "aead/aead_internal.h"

#if NBTLS_X86_ACCEL
#include <immintrin.h>

#define GCM_TARGET __attribute__((target("aes,pclmul,ssse3,sse4.1")))

GCM_TARGET static inline __m128i bswap128(__m128i x) {
    return _mm_shuffle_epi8(
        x, _mm_set_epi8(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
}

/* Unreduced 256-bit product a * b, accumulated into (*lo, *mid, *hi). */
GCM_TARGET static inline void clmul_acc(__m128i a, __m128i b, __m128i *lo,
                                        __m128i *mid, __m128i *hi) {
    *lo = _mm_xor_si128(*lo, _mm_clmulepi64_si128(a, b, 0x00));
    *hi = _mm_xor_si128(*hi, _mm_clmulepi64_si128(a, b, 0x11));
    *mid = _mm_xor_si128(*mid, _mm_clmulepi64_si128(a, b, 0x01));
    *mid = _mm_xor_si128(*mid, _mm_clmulepi64_si128(a, b, 0x10));
}

/* Shift the 256-bit [hi:lo] left by one and reduce (white paper, fig. 5). */
GCM_TARGET static inline __m128i gf_reduce(__m128i lo, __m128i mid,
                                           __m128i hi) {
    lo = _mm_xor_si128(lo, _mm_slli_si128(mid, 8));
    hi = _mm_xor_si128(hi, _mm_srli_si128(mid, 8));
    __m128i t7 = _mm_srli_epi32(lo, 31), t8 = _mm_srli_epi32(hi, 31);
    lo = _mm_slli_epi32(lo, 1);
    hi = _mm_slli_epi32(hi, 1);
    __m128i t9 = _mm_srli_si128(t7, 12);
    t8 = _mm_slli_si128(t8, 4);
    t7 = _mm_slli_si128(t7, 4);
    lo = _mm_or_si128(lo, t7);
    hi = _mm_or_si128(hi, t8);
    hi = _mm_or_si128(hi, t9);
    t7 = _mm_slli_epi32(lo, 31);
    t8 = _mm_slli_epi32(lo, 30);
    t9 = _mm_slli_epi32(lo, 25);
    t7 = _mm_xor_si128(t7, t8);
    t7 = _mm_xor_si128(t7, t9);
    t8 = _mm_srli_si128(t7, 4);
    t7 = _mm_slli_si128(t7, 12);
    lo = _mm_xor_si128(lo, t7);
    __m128i t2 = _mm_srli_epi32(lo, 1), t4 = _mm_srli_epi32(lo, 2),
            t5 = _mm_srli_epi32(lo, 7);
    t2 = _mm_xor_si128(t2, t4);
    t2 = _mm_xor_si128(t2, t5);
    t2 = _mm_xor_si128(t2, t8);
    lo = _mm_xor_si128(lo, t2);
    return _mm_xor_si128(hi, lo);
}

GCM_TARGET static inline __m128i gf_mul(__m128i a, __m128i b) {
    __m128i lo = _mm_setzero_si128(), mid = lo, hi = lo;
    clmul_acc(a, b, &lo, &mid, &hi);
    return gf_reduce(lo, mid, hi);
}

GCM_TARGET uint32_t nbtls_aes_subword_x86(uint32_t w) {
    /* Every column holds w, so ShiftRows is a no-op on column 0. */
    __m128i x =
        _mm_aesenclast_si128(_mm_set1_epi32((int)w), _mm_setzero_si128());
    return (uint32_t)_mm_cvtsi128_si32(x);
}

GCM_TARGET static inline __m128i aes_block(const __m128i *rk, unsigned nr,
                                           __m128i b);

GCM_TARGET void nbtls_gcm_init_x86(nbtls_gcm_key *g) {
    __m128i rk[15];
    for (unsigned i = 0; i <= g->aes.nr; i++)
        rk[i] = _mm_loadu_si128((const __m128i *)(g->aes.rk + 16 * i));
    __m128i hb = aes_block(rk, g->aes.nr, _mm_setzero_si128());
    unsigned char hbytes[16];
    _mm_storeu_si128((__m128i *)hbytes, hb);
    g->h[0] = nbtls_load_be64(hbytes);
    g->h[1] = nbtls_load_be64(hbytes + 8);
    __m128i h = bswap128(hb);
    __m128i p = h;
    for (int i = 0; i < 8; i++) {
        _mm_storeu_si128((__m128i *)g->hpow[i], p);
        p = gf_mul(p, h);
    }
    nbtls_wipe(hbytes, sizeof hbytes);
    nbtls_wipe(rk, sizeof rk);
}

/* x <- (x ^ b0) H^n ^ b1 H^(n-1) ^ ... ^ b(n-1) H, for n <= 8 blocks given
 * in GHASH (byte-reversed) form. */
GCM_TARGET static inline __m128i ghash_n(const nbtls_gcm_key *g, __m128i x,
                                         const __m128i *b, int n) {
    __m128i lo = _mm_setzero_si128(), mid = lo, hi = lo;
    for (int i = 0; i < n; i++) {
        __m128i v = i == 0 ? _mm_xor_si128(x, b[0]) : b[i];
        __m128i hp = _mm_loadu_si128((const __m128i *)g->hpow[n - 1 - i]);
        clmul_acc(v, hp, &lo, &mid, &hi);
    }
    return gf_reduce(lo, mid, hi);
}

/* GHASH over len bytes of memory (last block zero-padded). */
GCM_TARGET static __m128i ghash_mem(const nbtls_gcm_key *g, __m128i x,
                                    const unsigned char *in, size_t len) {
    __m128i b[8];
    while (len >= 128) {
        for (int i = 0; i < 8; i++)
            b[i] = bswap128(_mm_loadu_si128((const __m128i *)(in + 16 * i)));
        x = ghash_n(g, x, b, 8);
        in += 128;
        len -= 128;
    }
    int n = 0;
    while (len >= 16) {
        b[n++] = bswap128(_mm_loadu_si128((const __m128i *)in));
        in += 16;
        len -= 16;
    }
    if (len) {
        unsigned char t[16] = {0};
        memcpy(t, in, len);
        b[n++] = bswap128(_mm_loadu_si128((const __m128i *)t));
    }
    if (n) x = ghash_n(g, x, b, n);
    return x;
}

#define AES_ROUND8(k)                                                          \
    do {                                                                       \
        c0 = _mm_aesenc_si128(c0, k);                                          \
        c1 = _mm_aesenc_si128(c1, k);                                          \
        c2 = _mm_aesenc_si128(c2, k);                                          \
        c3 = _mm_aesenc_si128(c3, k);                                          \
        c4 = _mm_aesenc_si128(c4, k);                                          \
        c5 = _mm_aesenc_si128(c5, k);                                          \
        c6 = _mm_aesenc_si128(c6, k);                                          \
        c7 = _mm_aesenc_si128(c7, k);                                          \
    } while (0)

GCM_TARGET static inline __m128i aes_block(const __m128i *rk, unsigned nr,
                                           __m128i b) {
    b = _mm_xor_si128(b, rk[0]);
    for (unsigned r = 1; r < nr; r++)
        b = _mm_aesenc_si128(b, rk[r]);
    return _mm_aesenclast_si128(b, rk[nr]);
}

GCM_TARGET void nbtls_gcm_crypt_x86(const nbtls_gcm_key *g,
                                    const unsigned char nonce[12],
                                    const unsigned char *aad, size_t aad_len,
                                    const unsigned char *in, unsigned char *out,
                                    size_t len, int decrypt,
                                    unsigned char tag[16]) {
    __m128i rk[15];
    const unsigned nr = g->aes.nr;
    for (unsigned i = 0; i <= nr; i++)
        rk[i] = _mm_loadu_si128((const __m128i *)(g->aes.rk + 16 * i));
    unsigned char nb[16];
    memcpy(nb, nonce, 12);
    memset(nb + 12, 0, 4);
    const __m128i base = _mm_loadu_si128((const __m128i *)nb);
    const size_t total = len;
    uint32_t ctr = 2;
    __m128i x = ghash_mem(g, _mm_setzero_si128(), aad, aad_len);
#define CTRBLK(i) _mm_insert_epi32(base, (int)__builtin_bswap32(ctr + (i)), 3)

    while (len >= 128) {
        __m128i c0 = CTRBLK(0), c1 = CTRBLK(1), c2 = CTRBLK(2), c3 = CTRBLK(3),
                c4 = CTRBLK(4), c5 = CTRBLK(5), c6 = CTRBLK(6), c7 = CTRBLK(7);
        ctr += 8;
        c0 = _mm_xor_si128(c0, rk[0]);
        c1 = _mm_xor_si128(c1, rk[0]);
        c2 = _mm_xor_si128(c2, rk[0]);
        c3 = _mm_xor_si128(c3, rk[0]);
        c4 = _mm_xor_si128(c4, rk[0]);
        c5 = _mm_xor_si128(c5, rk[0]);
        c6 = _mm_xor_si128(c6, rk[0]);
        c7 = _mm_xor_si128(c7, rk[0]);
        for (unsigned r = 1; r < nr; r++)
            AES_ROUND8(rk[r]);
        __m128i b[8];
        const __m128i *ip = (const __m128i *)in;
        __m128i i0 = _mm_loadu_si128(ip + 0), i1 = _mm_loadu_si128(ip + 1),
                i2 = _mm_loadu_si128(ip + 2), i3 = _mm_loadu_si128(ip + 3),
                i4 = _mm_loadu_si128(ip + 4), i5 = _mm_loadu_si128(ip + 5),
                i6 = _mm_loadu_si128(ip + 6), i7 = _mm_loadu_si128(ip + 7);
        c0 = _mm_xor_si128(_mm_aesenclast_si128(c0, rk[nr]), i0);
        c1 = _mm_xor_si128(_mm_aesenclast_si128(c1, rk[nr]), i1);
        c2 = _mm_xor_si128(_mm_aesenclast_si128(c2, rk[nr]), i2);
        c3 = _mm_xor_si128(_mm_aesenclast_si128(c3, rk[nr]), i3);
        c4 = _mm_xor_si128(_mm_aesenclast_si128(c4, rk[nr]), i4);
        c5 = _mm_xor_si128(_mm_aesenclast_si128(c5, rk[nr]), i5);
        c6 = _mm_xor_si128(_mm_aesenclast_si128(c6, rk[nr]), i6);
        c7 = _mm_xor_si128(_mm_aesenclast_si128(c7, rk[nr]), i7);
        __m128i *op = (__m128i *)out;
        _mm_storeu_si128(op + 0, c0);
        _mm_storeu_si128(op + 1, c1);
        _mm_storeu_si128(op + 2, c2);
        _mm_storeu_si128(op + 3, c3);
        _mm_storeu_si128(op + 4, c4);
        _mm_storeu_si128(op + 5, c5);
        _mm_storeu_si128(op + 6, c6);
        _mm_storeu_si128(op + 7, c7);
        if (decrypt) {
            b[0] = bswap128(i0), b[1] = bswap128(i1), b[2] = bswap128(i2);
            b[3] = bswap128(i3), b[4] = bswap128(i4), b[5] = bswap128(i5);
            b[6] = bswap128(i6), b[7] = bswap128(i7);
        } else {
            b[0] = bswap128(c0), b[1] = bswap128(c1), b[2] = bswap128(c2);
            b[3] = bswap128(c3), b[4] = bswap128(c4), b[5] = bswap128(c5);
            b[6] = bswap128(c6), b[7] = bswap128(c7);
        }
        x = ghash_n(g, x, b, 8);
        in += 128;
        out += 128;
        len -= 128;
    }
    /* Tail: fewer than 8 blocks, the last possibly partial. */
    while (len) {
        size_t n = len < 16 ? len : 16;
        __m128i ks = aes_block(rk, nr, CTRBLK(0));
        ctr++;
        unsigned char t[16] = {0}, o[16];
        memcpy(t, in, n);
        __m128i iv = _mm_loadu_si128((const __m128i *)t);
        __m128i ov = _mm_xor_si128(iv, ks);
        _mm_storeu_si128((__m128i *)o, ov);
        memcpy(out, o, n);
        memset(o + n, 0, 16 - n);
        __m128i gb = decrypt ? iv : _mm_loadu_si128((const __m128i *)o);
        gb = bswap128(gb);
        x = ghash_n(g, x, &gb, 1);
        nbtls_wipe(t, sizeof t);
        nbtls_wipe(o, sizeof o);
        in += n;
        out += n;
        len -= n;
    }
    unsigned char lens[16];
    nbtls_store_be64(lens, (uint64_t)aad_len * 8);
    nbtls_store_be64(lens + 8, (uint64_t)total * 8);
    __m128i lb = bswap128(_mm_loadu_si128((const __m128i *)lens));
    x = ghash_n(g, x, &lb, 1);
    ctr = 1;
    __m128i ek = aes_block(rk, nr, CTRBLK(0));
#undef CTRBLK
    _mm_storeu_si128((__m128i *)tag, _mm_xor_si128(bswap128(x), ek));
    nbtls_wipe(rk, sizeof rk);
}

#else
typedef int nbtls_gcm_x86_unused; /* ISO C: no empty translation unit */
#endif
