/* SHA-1 (FIPS 180-4 section 6.1), portable. See sha1.h. */
#include "hash/sha1.h"

#include "common/common.h"

static uint32_t rol(uint32_t x, int n) {
    return (x << n) | (x >> (32 - n));
}

static void sha1_block(uint32_t h[5], const unsigned char *p) {
    uint32_t w[80], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int t = 0; t < 16; t++)
        w[t] = nbtls_load_be32(p + 4 * t);
    for (int t = 16; t < 80; t++)
        w[t] = rol(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    for (int t = 0; t < 80; t++) {
        uint32_t f, k;
        if (t < 20) {
            f = (b & c) | (~b & d);
            k = 0x5a827999;
        } else if (t < 40) {
            f = b ^ c ^ d;
            k = 0x6ed9eba1;
        } else if (t < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8f1bbcdc;
        } else {
            f = b ^ c ^ d;
            k = 0xca62c1d6;
        }
        uint32_t tmp = rol(a, 5) + f + e + k + w[t];
        e = d;
        d = c;
        c = rol(b, 30);
        b = a;
        a = tmp;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
    nbtls_wipe(w, sizeof(w));
}

void nbtls_sha1_init(nbtls_sha1_ctx *c) {
    static const uint32_t iv[5] = {0x67452301, 0xefcdab89, 0x98badcfe,
                                   0x10325476, 0xc3d2e1f0};
    memcpy(c->h, iv, sizeof(iv));
    c->total = 0;
    c->fill = 0;
}

void nbtls_sha1_update(nbtls_sha1_ctx *c, const unsigned char *in, size_t len) {
    c->total += len;
    while (len > 0) {
        size_t n = 64 - c->fill;
        if (n > len) n = len;
        memcpy(c->buf + c->fill, in, n);
        c->fill += n;
        in += n;
        len -= n;
        if (c->fill == 64) {
            sha1_block(c->h, c->buf);
            c->fill = 0;
        }
    }
}

void nbtls_sha1_final(nbtls_sha1_ctx *c, unsigned char out[20]) {
    unsigned char pad[72] = {0x80};
    uint64_t bits = c->total * 8;
    size_t padlen = (c->fill < 56 ? 56 : 120) - c->fill;
    unsigned char len[8];
    nbtls_store_be64(len, bits);
    nbtls_sha1_update(c, pad, padlen);
    nbtls_sha1_update(c, len, 8);
    for (int i = 0; i < 5; i++)
        nbtls_store_be32(out + 4 * i, c->h[i]);
    nbtls_wipe(c, sizeof(*c));
}
