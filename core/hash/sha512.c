/*
 * SHA-512 and SHA-384 (FIPS 180-4), portable C on 64-bit words.
 * Constant time by construction: no data-dependent branch or index.
 */
#include "hash/sha512.h"

#include "common/common.h"

static const uint64_t K512[80] = {
    0x428a2f98d728ae22ULL, 0x7137449123ef65cdULL, 0xb5c0fbcfec4d3b2fULL,
    0xe9b5dba58189dbbcULL, 0x3956c25bf348b538ULL, 0x59f111f1b605d019ULL,
    0x923f82a4af194f9bULL, 0xab1c5ed5da6d8118ULL, 0xd807aa98a3030242ULL,
    0x12835b0145706fbeULL, 0x243185be4ee4b28cULL, 0x550c7dc3d5ffb4e2ULL,
    0x72be5d74f27b896fULL, 0x80deb1fe3b1696b1ULL, 0x9bdc06a725c71235ULL,
    0xc19bf174cf692694ULL, 0xe49b69c19ef14ad2ULL, 0xefbe4786384f25e3ULL,
    0x0fc19dc68b8cd5b5ULL, 0x240ca1cc77ac9c65ULL, 0x2de92c6f592b0275ULL,
    0x4a7484aa6ea6e483ULL, 0x5cb0a9dcbd41fbd4ULL, 0x76f988da831153b5ULL,
    0x983e5152ee66dfabULL, 0xa831c66d2db43210ULL, 0xb00327c898fb213fULL,
    0xbf597fc7beef0ee4ULL, 0xc6e00bf33da88fc2ULL, 0xd5a79147930aa725ULL,
    0x06ca6351e003826fULL, 0x142929670a0e6e70ULL, 0x27b70a8546d22ffcULL,
    0x2e1b21385c26c926ULL, 0x4d2c6dfc5ac42aedULL, 0x53380d139d95b3dfULL,
    0x650a73548baf63deULL, 0x766a0abb3c77b2a8ULL, 0x81c2c92e47edaee6ULL,
    0x92722c851482353bULL, 0xa2bfe8a14cf10364ULL, 0xa81a664bbc423001ULL,
    0xc24b8b70d0f89791ULL, 0xc76c51a30654be30ULL, 0xd192e819d6ef5218ULL,
    0xd69906245565a910ULL, 0xf40e35855771202aULL, 0x106aa07032bbd1b8ULL,
    0x19a4c116b8d2d0c8ULL, 0x1e376c085141ab53ULL, 0x2748774cdf8eeb99ULL,
    0x34b0bcb5e19b48a8ULL, 0x391c0cb3c5c95a63ULL, 0x4ed8aa4ae3418acbULL,
    0x5b9cca4f7763e373ULL, 0x682e6ff3d6b2b8a3ULL, 0x748f82ee5defb2fcULL,
    0x78a5636f43172f60ULL, 0x84c87814a1f0ab72ULL, 0x8cc702081a6439ecULL,
    0x90befffa23631e28ULL, 0xa4506cebde82bde9ULL, 0xbef9a3f7b2c67915ULL,
    0xc67178f2e372532bULL, 0xca273eceea26619cULL, 0xd186b8c721c0c207ULL,
    0xeada7dd6cde0eb1eULL, 0xf57d4f7fee6ed178ULL, 0x06f067aa72176fbaULL,
    0x0a637dc5a2c898a6ULL, 0x113f9804bef90daeULL, 0x1b710b35131c471bULL,
    0x28db77f523047d84ULL, 0x32caab7b40c72493ULL, 0x3c9ebe0a15c9bebcULL,
    0x431d67c49c100d4cULL, 0x4cc5d4becb3e42b6ULL, 0x597f299cfc657e2aULL,
    0x5fcb6fab3ad6faecULL, 0x6c44198c4a475817ULL};

#define ROR64(x, n) (((x) >> (n)) | ((x) << (64 - (n))))

#define S0(a) (ROR64(a, 28) ^ ROR64(a, 34) ^ ROR64(a, 39))
#define S1(e) (ROR64(e, 14) ^ ROR64(e, 18) ^ ROR64(e, 41))
#define s0(x) (ROR64(x, 1) ^ ROR64(x, 8) ^ ((x) >> 7))
#define s1(x) (ROR64(x, 19) ^ ROR64(x, 61) ^ ((x) >> 6))
/* W[i] for i >= 16, in the 16-word circular buffer w */
#define SCHED(i)                                                               \
    (w[(i)&15] += s1(w[((i)-2) & 15]) + w[((i)-7) & 15] + s0(w[((i)-15) & 15]))
/* One round; the caller rotates the roles of a..h instead of moving them. */
#define RND(a, b, c, d, e, f, g, h, wi, k)                                     \
    do {                                                                       \
        uint64_t t1_ =                                                         \
            (h) + S1(e) + (((e) & (f)) ^ (~(e) & (g))) + (k) + (wi);           \
        (d) += t1_;                                                            \
        (h) = t1_ + S0(a) + (((a) & (b)) ^ ((a) & (c)) ^ ((b) & (c)));         \
    } while (0)
#define RND8(i, W)                                                             \
    do {                                                                       \
        RND(a, b, c, d, e, f, g, h, W(i), K512[i]);                            \
        RND(h, a, b, c, d, e, f, g, W((i) + 1), K512[(i) + 1]);                \
        RND(g, h, a, b, c, d, e, f, W((i) + 2), K512[(i) + 2]);                \
        RND(f, g, h, a, b, c, d, e, W((i) + 3), K512[(i) + 3]);                \
        RND(e, f, g, h, a, b, c, d, W((i) + 4), K512[(i) + 4]);                \
        RND(d, e, f, g, h, a, b, c, W((i) + 5), K512[(i) + 5]);                \
        RND(c, d, e, f, g, h, a, b, W((i) + 6), K512[(i) + 6]);                \
        RND(b, c, d, e, f, g, h, a, W((i) + 7), K512[(i) + 7]);                \
    } while (0)
#define WLOAD(i) (w[i] = nbtls_load_be64(in + 8 * (i)))

void nbtls_sha512_blocks(uint64_t hs[8], const unsigned char *in,
                         size_t nblocks) {
    uint64_t w[16];
    while (nblocks--) {
        uint64_t a = hs[0], b = hs[1], c = hs[2], d = hs[3];
        uint64_t e = hs[4], f = hs[5], g = hs[6], h = hs[7];
        RND8(0, WLOAD);
        RND8(8, WLOAD);
        RND8(16, SCHED);
        RND8(24, SCHED);
        RND8(32, SCHED);
        RND8(40, SCHED);
        RND8(48, SCHED);
        RND8(56, SCHED);
        RND8(64, SCHED);
        RND8(72, SCHED);
        hs[0] += a;
        hs[1] += b;
        hs[2] += c;
        hs[3] += d;
        hs[4] += e;
        hs[5] += f;
        hs[6] += g;
        hs[7] += h;
        in += 128;
    }
    nbtls_wipe(w, sizeof w);
}

void nbtls_sha512_init(nbtls_sha512_ctx *ctx) {
    static const uint64_t iv[8] = {
        0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL,
        0xa54ff53a5f1d36f1ULL, 0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL,
        0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};
    memcpy(ctx->h, iv, sizeof iv);
    ctx->total = 0;
    ctx->fill = 0;
}

void nbtls_sha384_init(nbtls_sha512_ctx *ctx) {
    static const uint64_t iv[8] = {
        0xcbbb9d5dc1059ed8ULL, 0x629a292a367cd507ULL, 0x9159015a3070dd17ULL,
        0x152fecd8f70e5939ULL, 0x67332667ffc00b31ULL, 0x8eb44a8768581511ULL,
        0xdb0c2e0d64f98fa7ULL, 0x47b5481dbefa4fa4ULL};
    memcpy(ctx->h, iv, sizeof iv);
    ctx->total = 0;
    ctx->fill = 0;
}

void nbtls_sha512_update(nbtls_sha512_ctx *ctx, const unsigned char *in,
                         size_t len) {
    ctx->total += len;
    if (ctx->fill) {
        size_t take = 128 - ctx->fill;
        if (take > len) take = len;
        memcpy(ctx->buf + ctx->fill, in, take);
        ctx->fill += take;
        in += take;
        len -= take;
        if (ctx->fill < 128) return;
        nbtls_sha512_blocks(ctx->h, ctx->buf, 1);
        ctx->fill = 0;
    }
    if (len >= 128) {
        nbtls_sha512_blocks(ctx->h, in, len / 128);
        in += len & ~(size_t)127;
        len &= 127;
    }
    if (len) {
        memcpy(ctx->buf, in, len);
        ctx->fill = len;
    }
}

void nbtls_sha512_final(nbtls_sha512_ctx *ctx, unsigned char *out,
                        size_t out_len) {
    /* 128-bit big-endian bit length: high word total >> 61. */
    uint64_t hi = ctx->total >> 61, lo = ctx->total << 3;
    unsigned char pad[144];
    size_t padlen = (ctx->fill < 112 ? 112 : 240) - ctx->fill;
    memset(pad, 0, sizeof pad);
    pad[0] = 0x80;
    nbtls_store_be64(pad + padlen, hi);
    nbtls_store_be64(pad + padlen + 8, lo);
    nbtls_sha512_update(ctx, pad, padlen + 16);
    unsigned char full[64];
    for (int i = 0; i < 8; i++)
        nbtls_store_be64(full + 8 * i, ctx->h[i]);
    memcpy(out, full, out_len);
    nbtls_wipe(full, sizeof full);
    nbtls_wipe(ctx, sizeof *ctx);
}
