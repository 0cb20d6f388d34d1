/*
 * ChaCha20 (RFC 8439 section 2.3/2.4), portable, plus the dispatch to the
 * AVX2 eight-block implementation. Add-rotate-xor only: constant time.
 */
#include "aead/aead_internal.h"

static inline uint32_t le32(const unsigned char *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}

#define ROTL32(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
#define QR(a, b, c, d)                                                         \
    do {                                                                       \
        a += b;                                                                \
        d ^= a;                                                                \
        d = ROTL32(d, 16);                                                     \
        c += d;                                                                \
        b ^= c;                                                                \
        b = ROTL32(b, 12);                                                     \
        a += b;                                                                \
        d ^= a;                                                                \
        d = ROTL32(d, 8);                                                      \
        c += d;                                                                \
        b ^= c;                                                                \
        b = ROTL32(b, 7);                                                      \
    } while (0)

void nbtls_chacha20_block(const unsigned char key[32], uint32_t counter,
                          const unsigned char nonce[12],
                          unsigned char out[64]) {
    uint32_t s[16], x[16];
    s[0] = 0x61707865;
    s[1] = 0x3320646e;
    s[2] = 0x79622d32;
    s[3] = 0x6b206574;
    for (int i = 0; i < 8; i++)
        s[4 + i] = le32(key + 4 * i);
    s[12] = counter;
    for (int i = 0; i < 3; i++)
        s[13 + i] = le32(nonce + 4 * i);
    memcpy(x, s, sizeof s);
    for (int i = 0; i < 10; i++) {
        QR(x[0], x[4], x[8], x[12]);
        QR(x[1], x[5], x[9], x[13]);
        QR(x[2], x[6], x[10], x[14]);
        QR(x[3], x[7], x[11], x[15]);
        QR(x[0], x[5], x[10], x[15]);
        QR(x[1], x[6], x[11], x[12]);
        QR(x[2], x[7], x[8], x[13]);
        QR(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 16; i++) {
        uint32_t v = x[i] + s[i];
        out[4 * i] = (unsigned char)v;
        out[4 * i + 1] = (unsigned char)(v >> 8);
        out[4 * i + 2] = (unsigned char)(v >> 16);
        out[4 * i + 3] = (unsigned char)(v >> 24);
    }
    nbtls_wipe(s, sizeof s);
    nbtls_wipe(x, sizeof x);
}

void nbtls_chacha20_xor(const unsigned char key[32], uint32_t counter,
                        const unsigned char nonce[12], const unsigned char *in,
                        unsigned char *out, size_t len, uint32_t features) {
#if NBTLS_X86_ACCEL
    if ((features & NBTLS_CPU_AVX2) && len >= 512) {
        size_t done = (features & NBTLS_CPU_AVX512VL)
                          ? nbtls_chacha20_xor_avx512vl(key, counter, nonce, in,
                                                        out, len, NULL, 0)
                          : nbtls_chacha20_xor_avx2(key, counter, nonce, in,
                                                    out, len, NULL, 0);
        counter += (uint32_t)(done / 64);
        in += done;
        out += done;
        len -= done;
    } else if ((features & NBTLS_CPU_SSE2) && len >= 256) {
        size_t done =
            nbtls_chacha20_xor_sse2(key, counter, nonce, in, out, len);
        counter += (uint32_t)(done / 64);
        in += done;
        out += done;
        len -= done;
    }
#else
    (void)features;
#endif
    unsigned char ks[64];
    while (len) {
        size_t n = len < 64 ? len : 64;
        nbtls_chacha20_block(key, counter++, nonce, ks);
        for (size_t i = 0; i < n; i++)
            out[i] = (unsigned char)(in[i] ^ ks[i]);
        in += n;
        out += n;
        len -= n;
    }
    nbtls_wipe(ks, sizeof ks);
}
