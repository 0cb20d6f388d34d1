/*
 * The body of the eight-block ChaCha20 (see chacha20_avx2.c), included once
 * per instruction set with CC_FN, CC_TARGET and the rotation macros
 * ROT16(v), ROT8(v), ROTN(v, n) defined by the includer.
 *
 * With `poly` non-NULL (64-bit Poly1305 only) it is the stitched
 * ChaCha20-Poly1305 core: the Poly1305 blocks of the ciphertext are
 * absorbed between the vector double rounds, so the scalar multiplier and
 * the vector units work at the same time. Opening absorbs the input chunk
 * before its plaintext is stored (in place works); sealing absorbs the
 * previous chunk's output, then the last one after the loop.
 */
CC_TARGET size_t CC_FN(const unsigned char key[32], uint32_t counter,
                       const unsigned char nonce[12], const unsigned char *in,
                       unsigned char *out, size_t len, nbtls_poly1305 *poly,
                       int decrypt) {
    const __m256i r16 =
        _mm256_set_epi8(13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0, 3, 2,
                        13, 12, 15, 14, 9, 8, 11, 10, 5, 4, 7, 6, 1, 0, 3, 2);
    const __m256i r8 =
        _mm256_set_epi8(14, 13, 12, 15, 10, 9, 8, 11, 6, 5, 4, 7, 2, 1, 0, 3,
                        14, 13, 12, 15, 10, 9, 8, 11, 6, 5, 4, 7, 2, 1, 0, 3);
    (void)r16;
    (void)r8;
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
    __m256i x[16]; /* keystream: wiped at the end */
#if defined(__SIZEOF_INT128__)
    uint64_t h0 = 0, h1 = 0, h2 = 0, r0 = 0, r1 = 0, s1 = 0;
    if (poly) {
        h0 = poly->h[0];
        h1 = poly->h[1];
        h2 = poly->h[2];
        r0 = poly->r[0];
        r1 = poly->r[1];
        s1 = r1 + (r1 >> 2);
    }
#define POLY3()                                                                \
    do {                                                                       \
        if (pm) {                                                              \
            NBTLS_POLY1305_BLOCK64(pm, 1);                                     \
            NBTLS_POLY1305_BLOCK64(pm + 16, 1);                                \
            NBTLS_POLY1305_BLOCK64(pm + 32, 1);                                \
            pm += 48;                                                          \
        }                                                                      \
    } while (0)
#else
    (void)decrypt;
#define POLY3() ((void)pm)
#endif
    while (len - done >= 512) {
        const unsigned char *pm = NULL; /* ciphertext to MAC meanwhile */
        if (poly) pm = decrypt ? in + done : done ? out + done - 512 : NULL;
        for (int i = 0; i < 16; i++)
            x[i] = base[i];
        for (int r = 0; r < 10; r++) {
            POLY3();
            VQR(x[0], x[4], x[8], x[12]);
            VQR(x[1], x[5], x[9], x[13]);
            VQR(x[2], x[6], x[10], x[14]);
            VQR(x[3], x[7], x[11], x[15]);
            VQR(x[0], x[5], x[10], x[15]);
            VQR(x[1], x[6], x[11], x[12]);
            VQR(x[2], x[7], x[8], x[13]);
            VQR(x[3], x[4], x[9], x[14]);
        }
#if defined(__SIZEOF_INT128__)
        if (pm) { /* 30 blocks in the rounds, the last 2 here */
            NBTLS_POLY1305_BLOCK64(pm, 1);
            NBTLS_POLY1305_BLOCK64(pm + 16, 1);
        }
#endif
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
#undef POLY3
#if defined(__SIZEOF_INT128__)
    if (poly) {
        if (!decrypt && done) {
            const unsigned char *pm = out + done - 512;
            for (int i = 0; i < 32; i++, pm += 16)
                NBTLS_POLY1305_BLOCK64(pm, 1);
        }
        poly->h[0] = h0;
        poly->h[1] = h1;
        poly->h[2] = h2;
    }
#endif
    nbtls_wipe(s, sizeof s);
    nbtls_wipe(base, sizeof base);
    nbtls_wipe(x, sizeof x);
    return done;
}
