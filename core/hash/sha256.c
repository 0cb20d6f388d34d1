/*
 * SHA-256 (FIPS 180-4) and HMAC-SHA-256 (RFC 2104), portable C.
 * Constant time by construction: no data-dependent branch or index.
 */
#include "hash/sha256.h"

#include "common/common.h"
#include "cpu/cpu.h"

const uint32_t nbtls_sha256_k[64] = {
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

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

#define BS0(a) (ROR(a, 2) ^ ROR(a, 13) ^ ROR(a, 22))
#define BS1(e) (ROR(e, 6) ^ ROR(e, 11) ^ ROR(e, 25))
#define SS0(x) (ROR(x, 7) ^ ROR(x, 18) ^ ((x) >> 3))
#define SS1(x) (ROR(x, 17) ^ ROR(x, 19) ^ ((x) >> 10))
/* W[i] for i >= 16, in the 16-word circular buffer w */
#define SCHED(i)                                                               \
    (w[(i)&15] +=                                                              \
     SS1(w[((i)-2) & 15]) + w[((i)-7) & 15] + SS0(w[((i)-15) & 15]))
#define WLOAD(i) (w[i] = nbtls_load_be32(in + 4 * (i)))
/* One round; the caller rotates the roles of a..h instead of moving them. */
#define RND(a, b, c, d, e, f, g, h, wi, k)                                     \
    do {                                                                       \
        uint32_t t1_ =                                                         \
            (h) + BS1(e) + (((e) & (f)) ^ (~(e) & (g))) + (k) + (wi);          \
        (d) += t1_;                                                            \
        (h) = t1_ + BS0(a) + (((a) & (b)) ^ ((a) & (c)) ^ ((b) & (c)));        \
    } while (0)
#define RND8(i, W)                                                             \
    do {                                                                       \
        RND(a, b, c, d, e, f, g, hh, W(i), nbtls_sha256_k[i]);                 \
        RND(hh, a, b, c, d, e, f, g, W((i) + 1), nbtls_sha256_k[(i) + 1]);     \
        RND(g, hh, a, b, c, d, e, f, W((i) + 2), nbtls_sha256_k[(i) + 2]);     \
        RND(f, g, hh, a, b, c, d, e, W((i) + 3), nbtls_sha256_k[(i) + 3]);     \
        RND(e, f, g, hh, a, b, c, d, W((i) + 4), nbtls_sha256_k[(i) + 4]);     \
        RND(d, e, f, g, hh, a, b, c, W((i) + 5), nbtls_sha256_k[(i) + 5]);     \
        RND(c, d, e, f, g, hh, a, b, W((i) + 6), nbtls_sha256_k[(i) + 6]);     \
        RND(b, c, d, e, f, g, hh, a, W((i) + 7), nbtls_sha256_k[(i) + 7]);     \
    } while (0)

void nbtls_sha256_blocks_portable(uint32_t h[8], const unsigned char *in,
                                  size_t nblocks) {
    uint32_t w[16];
    while (nblocks--) {
        uint32_t a = h[0], b = h[1], c = h[2], d = h[3];
        uint32_t e = h[4], f = h[5], g = h[6], hh = h[7];
        RND8(0, WLOAD);
        RND8(8, WLOAD);
        RND8(16, SCHED);
        RND8(24, SCHED);
        RND8(32, SCHED);
        RND8(40, SCHED);
        RND8(48, SCHED);
        RND8(56, SCHED);
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += hh;
        in += 64;
    }
    nbtls_wipe(w, sizeof w);
}

void nbtls_sha256_blocks(uint32_t h[8], const unsigned char *in,
                         size_t nblocks) {
#if NBTLS_X86_ACCEL
    if (nbtls_cpu_features() & NBTLS_CPU_SHANI) {
        nbtls_sha256_blocks_shani(h, in, nblocks);
        return;
    }
#endif
    nbtls_sha256_blocks_portable(h, in, nblocks);
}

void nbtls_sha256_init(nbtls_sha256_ctx *ctx) {
    static const uint32_t iv[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
                                   0xa54ff53a, 0x510e527f, 0x9b05688c,
                                   0x1f83d9ab, 0x5be0cd19};
    memcpy(ctx->h, iv, sizeof iv);
    ctx->total = 0;
    ctx->fill = 0;
}

void nbtls_sha224_init(nbtls_sha256_ctx *ctx) {
    static const uint32_t iv[8] = {0xc1059ed8, 0x367cd507, 0x3070dd17,
                                   0xf70e5939, 0xffc00b31, 0x68581511,
                                   0x64f98fa7, 0xbefa4fa4};
    memcpy(ctx->h, iv, sizeof iv);
    ctx->total = 0;
    ctx->fill = 0;
}

void nbtls_sha256_update(nbtls_sha256_ctx *ctx, const unsigned char *in,
                         size_t len) {
    ctx->total += len;
    if (ctx->fill) {
        size_t take = 64 - ctx->fill;
        if (take > len) take = len;
        memcpy(ctx->buf + ctx->fill, in, take);
        ctx->fill += take;
        in += take;
        len -= take;
        if (ctx->fill < 64) return;
        nbtls_sha256_blocks(ctx->h, ctx->buf, 1);
        ctx->fill = 0;
    }
    if (len >= 64) {
        nbtls_sha256_blocks(ctx->h, in, len / 64);
        in += len & ~(size_t)63;
        len &= 63;
    }
    if (len) {
        memcpy(ctx->buf, in, len);
        ctx->fill = len;
    }
}

void nbtls_sha256_final(nbtls_sha256_ctx *ctx, unsigned char out[32]) {
    uint64_t bits = ctx->total * 8;
    unsigned char pad[72];
    size_t padlen = (ctx->fill < 56 ? 56 : 120) - ctx->fill;
    memset(pad, 0, sizeof pad);
    pad[0] = 0x80;
    nbtls_store_be64(pad + padlen, bits);
    nbtls_sha256_update(ctx, pad, padlen + 8);
    for (int i = 0; i < 8; i++)
        nbtls_store_be32(out + 4 * i, ctx->h[i]);
    nbtls_wipe(ctx, sizeof *ctx);
}

void nbtls_sha256(const unsigned char *in, size_t len, unsigned char out[32]) {
    nbtls_sha256_ctx ctx;
    nbtls_sha256_init(&ctx);
    nbtls_sha256_update(&ctx, in, len);
    nbtls_sha256_final(&ctx, out);
}

void nbtls_hmac_sha256_init(nbtls_hmac_sha256_ctx *ctx,
                            const unsigned char *key, size_t key_len) {
    unsigned char k[64];
    memset(k, 0, sizeof k);
    if (key_len > 64) {
        nbtls_sha256(key, key_len, k);
    } else if (key_len) {
        memcpy(k, key, key_len);
    }
    for (int i = 0; i < 64; i++)
        k[i] ^= 0x36;
    nbtls_sha256_init(&ctx->inner);
    nbtls_sha256_update(&ctx->inner, k, 64);
    for (int i = 0; i < 64; i++)
        k[i] ^= 0x36 ^ 0x5c;
    nbtls_sha256_init(&ctx->outer);
    nbtls_sha256_update(&ctx->outer, k, 64);
    nbtls_wipe(k, sizeof k);
}

void nbtls_hmac_sha256_update(nbtls_hmac_sha256_ctx *ctx,
                              const unsigned char *in, size_t len) {
    nbtls_sha256_update(&ctx->inner, in, len);
}

void nbtls_hmac_sha256_final(nbtls_hmac_sha256_ctx *ctx,
                             unsigned char out[32]) {
    unsigned char ih[32];
    nbtls_sha256_final(&ctx->inner, ih);
    nbtls_sha256_update(&ctx->outer, ih, 32);
    nbtls_sha256_final(&ctx->outer, out);
    nbtls_wipe(ih, sizeof ih);
    nbtls_wipe(ctx, sizeof *ctx);
}
