/*
 * Poly1305 (RFC 8439 section 2.5), two portable implementations:
 *   64: two 64-bit limbs plus a small top limb, 64x64->128 products
 *       through unsigned __int128 (where the compiler has it);
 *   32: five 26-bit limbs, 32x32->64 products (every C11 compiler).
 * Both are constant time: no data-dependent branch; the final reduction
 * selects with masks. The build default is 64 where available, 32 with
 * -DNBTLS_FORCE_32BIT; the tests run both.
 */
#include "aead/aead_internal.h"
#include "aead/poly1305_64.h"

#if defined(__SIZEOF_INT128__)
#define HAVE_U128 1
typedef nbtls_u128 u128;
#else
#define HAVE_U128 0
#endif

static inline uint32_t le32(const unsigned char *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
           ((uint32_t)p[3] << 24);
}
static inline uint64_t le64(const unsigned char *p) {
    return (uint64_t)le32(p) | ((uint64_t)le32(p + 4) << 32);
}
static inline void st32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)v;
    p[1] = (unsigned char)(v >> 8);
    p[2] = (unsigned char)(v >> 16);
    p[3] = (unsigned char)(v >> 24);
}

int nbtls_poly1305_have64(void) {
    return HAVE_U128;
}

void nbtls_poly1305_init(nbtls_poly1305 *p, const unsigned char key[32],
                         int impl) {
    memset(p, 0, sizeof *p);
    if (impl == 0) {
#if HAVE_U128 && !defined(NBTLS_FORCE_32BIT)
        impl = 64;
#else
        impl = 32;
#endif
    }
    if (!HAVE_U128) impl = 32;
    p->impl = impl;
    if (impl == 64) {
        p->r[0] = le64(key) & 0x0ffffffc0fffffffULL;
        p->r[1] = le64(key + 8) & 0x0ffffffc0ffffffcULL;
    } else {
        p->r[0] = le32(key) & 0x3ffffff;
        p->r[1] = (le32(key + 3) >> 2) & 0x3ffff03;
        p->r[2] = (le32(key + 6) >> 4) & 0x3ffc0ff;
        p->r[3] = (le32(key + 9) >> 6) & 0x3f03fff;
        p->r[4] = (le32(key + 12) >> 8) & 0x00fffff;
    }
    for (int i = 0; i < 4; i++)
        p->s[i] = le32(key + 16 + 4 * i);
}

#if HAVE_U128
/* h += m (with the 2^128 bit `hibit`), h *= r, partially reduced. */
static void blocks64(nbtls_poly1305 *p, const unsigned char *in, size_t n,
                     uint64_t hibit) {
    const uint64_t r0 = p->r[0], r1 = p->r[1];
    const uint64_t s1 = r1 + (r1 >> 2); /* r1 * 5/4: r1 is a multiple of 4 */
    uint64_t h0 = p->h[0], h1 = p->h[1], h2 = p->h[2];
    while (n--) {
        NBTLS_POLY1305_BLOCK64(in, hibit);
        in += 16;
    }
    p->h[0] = h0;
    p->h[1] = h1;
    p->h[2] = h2;
}

static void final64(nbtls_poly1305 *p, unsigned char tag[16]) {
    uint64_t h0 = p->h[0], h1 = p->h[1], h2 = p->h[2];
    /* g = h + 5; if g >= 2^130 (bit 130 of g set) then h = g - 2^130 */
    u128 t = (u128)h0 + 5;
    uint64_t g0 = (uint64_t)t;
    t = (u128)h1 + (uint64_t)(t >> 64);
    uint64_t g1 = (uint64_t)t;
    uint64_t g2 = h2 + (uint64_t)(t >> 64);
    uint64_t mask = 0 - (g2 >> 2); /* h2 < 8, so g2 >> 2 is 0 or 1 */
    mask = nbtls_ct_barrier64(mask);
    h0 = nbtls_ct_select64(mask, g0, h0);
    h1 = nbtls_ct_select64(mask, g1, h1);
    /* tag = (h + s) mod 2^128 */
    uint64_t s0 = (uint64_t)p->s[0] | ((uint64_t)p->s[1] << 32);
    uint64_t s1 = (uint64_t)p->s[2] | ((uint64_t)p->s[3] << 32);
    t = (u128)h0 + s0;
    h0 = (uint64_t)t;
    h1 = h1 + s1 + (uint64_t)(t >> 64);
    st32(tag, (uint32_t)h0);
    st32(tag + 4, (uint32_t)(h0 >> 32));
    st32(tag + 8, (uint32_t)h1);
    st32(tag + 12, (uint32_t)(h1 >> 32));
}
#endif

static void blocks32(nbtls_poly1305 *p, const unsigned char *in, size_t n,
                     uint32_t hibit) {
    const uint32_t r0 = (uint32_t)p->r[0], r1 = (uint32_t)p->r[1],
                   r2 = (uint32_t)p->r[2], r3 = (uint32_t)p->r[3],
                   r4 = (uint32_t)p->r[4];
    const uint32_t s1 = r1 * 5, s2 = r2 * 5, s3 = r3 * 5, s4 = r4 * 5;
    uint32_t h0 = (uint32_t)p->h[0], h1 = (uint32_t)p->h[1],
             h2 = (uint32_t)p->h[2], h3 = (uint32_t)p->h[3],
             h4 = (uint32_t)p->h[4];
    while (n--) {
        h0 += le32(in) & 0x3ffffff;
        h1 += (le32(in + 3) >> 2) & 0x3ffffff;
        h2 += (le32(in + 6) >> 4) & 0x3ffffff;
        h3 += (le32(in + 9) >> 6) & 0x3ffffff;
        h4 += (le32(in + 12) >> 8) | (hibit << 24);
        uint64_t d0 = (uint64_t)h0 * r0 + (uint64_t)h1 * s4 +
                      (uint64_t)h2 * s3 + (uint64_t)h3 * s2 + (uint64_t)h4 * s1;
        uint64_t d1 = (uint64_t)h0 * r1 + (uint64_t)h1 * r0 +
                      (uint64_t)h2 * s4 + (uint64_t)h3 * s3 + (uint64_t)h4 * s2;
        uint64_t d2 = (uint64_t)h0 * r2 + (uint64_t)h1 * r1 +
                      (uint64_t)h2 * r0 + (uint64_t)h3 * s4 + (uint64_t)h4 * s3;
        uint64_t d3 = (uint64_t)h0 * r3 + (uint64_t)h1 * r2 +
                      (uint64_t)h2 * r1 + (uint64_t)h3 * r0 + (uint64_t)h4 * s4;
        uint64_t d4 = (uint64_t)h0 * r4 + (uint64_t)h1 * r3 +
                      (uint64_t)h2 * r2 + (uint64_t)h3 * r1 + (uint64_t)h4 * r0;
        uint32_t c = (uint32_t)(d0 >> 26);
        h0 = (uint32_t)d0 & 0x3ffffff;
        d1 += c;
        c = (uint32_t)(d1 >> 26);
        h1 = (uint32_t)d1 & 0x3ffffff;
        d2 += c;
        c = (uint32_t)(d2 >> 26);
        h2 = (uint32_t)d2 & 0x3ffffff;
        d3 += c;
        c = (uint32_t)(d3 >> 26);
        h3 = (uint32_t)d3 & 0x3ffffff;
        d4 += c;
        c = (uint32_t)(d4 >> 26);
        h4 = (uint32_t)d4 & 0x3ffffff;
        h0 += c * 5;
        c = h0 >> 26;
        h0 &= 0x3ffffff;
        h1 += c;
        in += 16;
    }
    p->h[0] = h0;
    p->h[1] = h1;
    p->h[2] = h2;
    p->h[3] = h3;
    p->h[4] = h4;
}

static void final32(nbtls_poly1305 *p, unsigned char tag[16]) {
    uint32_t h0 = (uint32_t)p->h[0], h1 = (uint32_t)p->h[1],
             h2 = (uint32_t)p->h[2], h3 = (uint32_t)p->h[3],
             h4 = (uint32_t)p->h[4];
    /* full carry */
    uint32_t c = h1 >> 26;
    h1 &= 0x3ffffff;
    h2 += c;
    c = h2 >> 26;
    h2 &= 0x3ffffff;
    h3 += c;
    c = h3 >> 26;
    h3 &= 0x3ffffff;
    h4 += c;
    c = h4 >> 26;
    h4 &= 0x3ffffff;
    h0 += c * 5;
    c = h0 >> 26;
    h0 &= 0x3ffffff;
    h1 += c;
    /* g = h + 5 - 2^130 */
    uint32_t g0 = h0 + 5;
    c = g0 >> 26;
    g0 &= 0x3ffffff;
    uint32_t g1 = h1 + c;
    c = g1 >> 26;
    g1 &= 0x3ffffff;
    uint32_t g2 = h2 + c;
    c = g2 >> 26;
    g2 &= 0x3ffffff;
    uint32_t g3 = h3 + c;
    c = g3 >> 26;
    g3 &= 0x3ffffff;
    uint32_t g4 = h4 + c - (1u << 26);
    /* use g if it did not borrow (top bit clear) */
    uint32_t mask = nbtls_ct_barrier32((g4 >> 31) - 1);
    h0 = nbtls_ct_select32(mask, g0, h0);
    h1 = nbtls_ct_select32(mask, g1, h1);
    h2 = nbtls_ct_select32(mask, g2, h2);
    h3 = nbtls_ct_select32(mask, g3, h3);
    h4 = nbtls_ct_select32(mask, g4, h4);
    /* h mod 2^128 as four words, + s */
    uint32_t w0 = h0 | (h1 << 26);
    uint32_t w1 = (h1 >> 6) | (h2 << 20);
    uint32_t w2 = (h2 >> 12) | (h3 << 14);
    uint32_t w3 = (h3 >> 18) | (h4 << 8);
    uint64_t f = (uint64_t)w0 + p->s[0];
    st32(tag, (uint32_t)f);
    f = (uint64_t)w1 + p->s[1] + (f >> 32);
    st32(tag + 4, (uint32_t)f);
    f = (uint64_t)w2 + p->s[2] + (f >> 32);
    st32(tag + 8, (uint32_t)f);
    f = (uint64_t)w3 + p->s[3] + (f >> 32);
    st32(tag + 12, (uint32_t)f);
}

static void absorb(nbtls_poly1305 *p, const unsigned char *in, size_t n,
                   unsigned hibit) {
#if HAVE_U128
    if (p->impl == 64) {
        blocks64(p, in, n, hibit);
        return;
    }
#endif
    blocks32(p, in, n, hibit);
}

void nbtls_poly1305_blocks(nbtls_poly1305 *p, const unsigned char *in,
                           size_t nblocks) {
    absorb(p, in, nblocks, 1);
}

void nbtls_poly1305_update(nbtls_poly1305 *p, const unsigned char *in,
                           size_t len) {
    if (p->fill) {
        size_t take = 16 - p->fill;
        if (take > len) take = len;
        memcpy(p->buf + p->fill, in, take);
        p->fill += take;
        in += take;
        len -= take;
        if (p->fill < 16) return;
        absorb(p, p->buf, 1, 1);
        p->fill = 0;
    }
    if (len >= 16) {
        absorb(p, in, len / 16, 1);
        in += len & ~(size_t)15;
        len &= 15;
    }
    if (len) {
        memcpy(p->buf, in, len);
        p->fill = len;
    }
}

void nbtls_poly1305_pad16(nbtls_poly1305 *p) {
    if (p->fill) {
        memset(p->buf + p->fill, 0, 16 - p->fill);
        absorb(p, p->buf, 1, 1);
        p->fill = 0;
    }
}

void nbtls_poly1305_final(nbtls_poly1305 *p, unsigned char tag[16]) {
    if (p->fill) {
        /* last partial block: append 0x01, pad with zeros, no 2^128 bit */
        p->buf[p->fill] = 1;
        memset(p->buf + p->fill + 1, 0, 15 - p->fill);
        absorb(p, p->buf, 1, 0);
    }
#if HAVE_U128
    if (p->impl == 64)
        final64(p, tag);
    else
#endif
        final32(p, tag);
    nbtls_wipe(p, sizeof *p);
}
