/*
 * Portable constant-time AES (encryption direction), no table lookups.
 *
 * Bitsliced, four blocks at a time (the layout idea of BearSSL's aes_ct64;
 * the circuits here are our own): 64 bytes become 8 bit planes q[0..7] of
 * 64 bits, bit j of q[b] being bit b of byte j (j = 16 * block + 4 * column
 * + row). The S-box is computed, not looked up: x^254 (the inverse in
 * GF(2^8)) by 4 multiplications and 7 squarings on the planes, then the
 * affine map. ShiftRows and MixColumns are masked shifts within the planes.
 * Every operation is a fixed sequence of AND/XOR/shift: the running time
 * does not depend on key or data.
 *
 * The key schedule computes its S-boxes on 8 bytes at once in a 64-bit
 * word (SWAR): a GF(2^8) multiplication as eight masked shift-and-adds.
 */
#include "aead/aead_internal.h"

/* Full unrolling of the small fixed loops below turns the bit-plane arrays
 * into registers (about 4x faster than leaving it to -O2's heuristics). */
#if defined(__clang__)
#define UNROLL _Pragma("clang loop unroll(full)")
#elif defined(__GNUC__) && __GNUC__ >= 8
#define UNROLL _Pragma("GCC unroll 64")
#else
#define UNROLL
#endif

#define LSB8 0x0101010101010101ULL
#define LOW7 0x7f7f7f7f7f7f7f7fULL

/* Multiply each byte by x (xtime) in GF(2^8) = GF(2)[x]/(x^8+x^4+x^3+x+1). */
static inline uint64_t xtime8(uint64_t a) {
    return ((a & LOW7) << 1) ^ (((a >> 7) & LSB8) * 0x1b);
}

/* Byte-wise GF(2^8) product of a and b. */
static inline uint64_t gf_mul8(uint64_t a, uint64_t b) {
    uint64_t r = 0;
    for (int i = 0; i < 8; i++) {
        uint64_t m = ((b >> i) & LSB8) * 0xff;
        r ^= a & m;
        a = xtime8(a);
    }
    return r;
}

/* Rotate every byte left by n (1..7). */
static inline uint64_t rotl8(uint64_t x, unsigned n) {
    uint64_t hi = LSB8 * ((0xffu << n) & 0xffu);
    return ((x << n) & hi) | ((x >> (8 - n)) & ~hi);
}

/* The AES S-box on eight bytes. */
static uint64_t sbox8(uint64_t x) {
    /* x^254 = x^-1 (and 0 -> 0): 7 squarings, 4 multiplications. */
    uint64_t x2 = gf_mul8(x, x);
    uint64_t x3 = gf_mul8(x2, x);
    uint64_t x6 = gf_mul8(x3, x3);
    uint64_t x12 = gf_mul8(x6, x6);
    uint64_t x14 = gf_mul8(x12, x2);
    uint64_t x15 = gf_mul8(x12, x3);
    uint64_t t = gf_mul8(x15, x15); /* x^30 */
    t = gf_mul8(t, t);              /* x^60 */
    t = gf_mul8(t, t);              /* x^120 */
    t = gf_mul8(t, t);              /* x^240 */
    uint64_t inv = gf_mul8(t, x14); /* x^254 */
    return inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^ rotl8(inv, 4) ^
           (LSB8 * 0x63);
}

static inline uint64_t load_le64(const unsigned char *p) {
    return (uint64_t)p[0] | ((uint64_t)p[1] << 8) | ((uint64_t)p[2] << 16) |
           ((uint64_t)p[3] << 24) | ((uint64_t)p[4] << 32) |
           ((uint64_t)p[5] << 40) | ((uint64_t)p[6] << 48) |
           ((uint64_t)p[7] << 56);
}
static inline void store_le64(unsigned char *p, uint64_t v) {
    for (int i = 0; i < 8; i++) {
        p[i] = (unsigned char)v;
        v >>= 8;
    }
}

static void bitslice_round_keys(nbtls_aes_key *k);

void nbtls_aes_expand(nbtls_aes_key *k, const unsigned char *key,
                      size_t key_len, int accel) {
#if !NBTLS_X86_ACCEL
    (void)accel;
#endif
    unsigned nk = (unsigned)(key_len / 4); /* 4 or 8 */
    unsigned nr = nk + 6;
    unsigned total = 4 * (nr + 1);
    unsigned char *w = k->rk;
    unsigned char rcon = 1;
    memcpy(w, key, key_len);
    for (unsigned i = nk; i < total; i++) {
        unsigned char t[4];
        memcpy(t, w + 4 * (i - 1), 4);
        if (i % nk == 0 || (nk > 6 && i % nk == 4)) {
            /* SubWord (with RotWord first when i % nk == 0). */
            unsigned char r[8] = {0};
            if (i % nk == 0) {
                r[0] = t[1], r[1] = t[2], r[2] = t[3], r[3] = t[0];
            } else {
                memcpy(r, t, 4);
            }
#if NBTLS_X86_ACCEL
            if (accel) {
                uint32_t v = nbtls_aes_subword_x86(
                    (uint32_t)r[0] | ((uint32_t)r[1] << 8) |
                    ((uint32_t)r[2] << 16) | ((uint32_t)r[3] << 24));
                for (int j = 0; j < 4; j++)
                    r[j] = (unsigned char)(v >> (8 * j));
            } else
#endif
                store_le64(r, sbox8(load_le64(r)));
            memcpy(t, r, 4);
            nbtls_wipe(r, sizeof r);
            if (i % nk == 0) {
                t[0] ^= rcon;
                rcon = (unsigned char)((rcon << 1) ^ ((rcon >> 7) * 0x1b));
            }
        }
        for (int j = 0; j < 4; j++)
            w[4 * i + j] = (unsigned char)(w[4 * (i - nk) + j] ^ t[j]);
        nbtls_wipe(t, sizeof t);
    }
    k->nr = nr;
    if (!accel) bitslice_round_keys(k);
}

/* ---- Bitsliced encryption ------------------------------------------- */

/* Transpose the 8x8 bit matrix held in x (bit 8r + c -> bit 8c + r). */
static inline uint64_t transpose8x8(uint64_t x) {
    uint64_t t;
    t = (x ^ (x >> 7)) & 0x00AA00AA00AA00AAULL;
    x = x ^ t ^ (t << 7);
    t = (x ^ (x >> 14)) & 0x0000CCCC0000CCCCULL;
    x = x ^ t ^ (t << 14);
    t = (x ^ (x >> 28)) & 0x00000000F0F0F0F0ULL;
    x = x ^ t ^ (t << 28);
    return x;
}

/* 64 bytes -> 8 bit planes. */
static void ortho_in(uint64_t q[8], const unsigned char in[64]) {
    UNROLL
    for (int b = 0; b < 8; b++)
        q[b] = 0;
    UNROLL
    for (int g = 0; g < 8; g++) {
        uint64_t t = transpose8x8(load_le64(in + 8 * g));
        UNROLL
        for (int b = 0; b < 8; b++)
            q[b] |= ((t >> (8 * b)) & 0xff) << (8 * g);
    }
}

/* 8 bit planes -> 64 bytes. */
static void ortho_out(unsigned char out[64], const uint64_t q[8]) {
    UNROLL
    for (int g = 0; g < 8; g++) {
        uint64_t t = 0;
        UNROLL
        for (int b = 0; b < 8; b++)
            t |= ((q[b] >> (8 * g)) & 0xff) << (8 * b);
        store_le64(out + 8 * g, transpose8x8(t));
    }
}

/* c = a * b in GF(2^8), all 64 positions at once. c may not alias a, b. */
static inline void bs_mul(uint64_t c[8], const uint64_t a[8],
                          const uint64_t b[8]) {
    uint64_t p[15];
    UNROLL
    for (int k = 0; k < 15; k++)
        p[k] = 0;
    UNROLL
    for (int i = 0; i < 8; i++)
        UNROLL
    for (int j = 0; j < 8; j++)
        p[i + j] ^= a[i] & b[j];
    /* x^8 = x^4 + x^3 + x + 1 */
    UNROLL
    for (int k = 14; k >= 8; k--) {
        p[k - 4] ^= p[k];
        p[k - 5] ^= p[k];
        p[k - 7] ^= p[k];
        p[k - 8] ^= p[k];
    }
    UNROLL
    for (int k = 0; k < 8; k++)
        c[k] = p[k];
}

/* c = a^2 (linear: coefficient i moves to 2i, then reduce). */
static inline void bs_sqr(uint64_t c[8], const uint64_t a[8]) {
    uint64_t p[15];
    UNROLL
    for (int k = 0; k < 15; k++)
        p[k] = 0;
    UNROLL
    for (int i = 0; i < 8; i++)
        p[2 * i] = a[i];
    UNROLL
    for (int k = 14; k >= 8; k--) {
        p[k - 4] ^= p[k];
        p[k - 5] ^= p[k];
        p[k - 7] ^= p[k];
        p[k - 8] ^= p[k];
    }
    UNROLL
    for (int k = 0; k < 8; k++)
        c[k] = p[k];
}

/* SubBytes on the planes: affine(x^254). */
static void bs_sbox(uint64_t q[8]) {
    uint64_t x2[8], x3[8], x6[8], x12[8], x14[8], x15[8], t[8], u[8];
    bs_sqr(x2, q);
    bs_mul(x3, x2, q);
    bs_sqr(x6, x3);
    bs_sqr(x12, x6);
    bs_mul(x14, x12, x2);
    bs_mul(x15, x12, x3);
    bs_sqr(t, x15);    /* x^30 */
    bs_sqr(u, t);      /* x^60 */
    bs_sqr(t, u);      /* x^120 */
    bs_sqr(u, t);      /* x^240 */
    bs_mul(t, u, x14); /* x^254 */
    /* s_i = b_i ^ b_(i+4) ^ b_(i+5) ^ b_(i+6) ^ b_(i+7) ^ c_i, c = 0x63 */
    UNROLL
    for (int i = 0; i < 8; i++)
        q[i] = t[i] ^ t[(i + 4) & 7] ^ t[(i + 5) & 7] ^ t[(i + 6) & 7] ^
               t[(i + 7) & 7] ^ (((0x63u >> i) & 1) ? ~(uint64_t)0 : 0);
}

/* Rotate the row bits right by s = 4r positions within each 16-bit lane
 * (row r moves left by r columns). */
static inline uint64_t rot_lane16(uint64_t y, unsigned s) {
    uint64_t lo = 0x0001000100010001ULL * ((1u << (16 - s)) - 1);
    return ((y >> s) & lo) | ((y << (16 - s)) & ~lo);
}

static inline uint64_t shift_rows1(uint64_t x) {
    const uint64_t r0 = 0x1111111111111111ULL;
    return (x & r0) | rot_lane16(x & (r0 << 1), 4) |
           rot_lane16(x & (r0 << 2), 8) | rot_lane16(x & (r0 << 3), 12);
}

/* Within each column (4-bit nibble), row r gets row r + n (mod 4). */
static inline uint64_t rot_rows(uint64_t x, unsigned n) {
    static const uint64_t lo[4] = {
        0, 0x7777777777777777ULL, 0x3333333333333333ULL, 0x1111111111111111ULL};
    return ((x >> n) & lo[n]) | ((x << (4 - n)) & ~lo[n]);
}

static void bs_mix_columns(uint64_t q[8]) {
    uint64_t a1[8], t[8];
    UNROLL
    for (int b = 0; b < 8; b++) {
        a1[b] = rot_rows(q[b], 1);
        t[b] = q[b] ^ a1[b];
    }
    /* xtime(t): shift up, fold x^8 into bits 0, 1, 3, 4 */
    uint64_t x[8];
    x[0] = t[7];
    x[1] = t[0] ^ t[7];
    x[2] = t[1];
    x[3] = t[2] ^ t[7];
    x[4] = t[3] ^ t[7];
    x[5] = t[4];
    x[6] = t[5];
    x[7] = t[6];
    UNROLL
    for (int b = 0; b < 8; b++)
        q[b] = x[b] ^ a1[b] ^ rot_rows(q[b], 2) ^ rot_rows(q[b], 3);
}

static void bitslice_round_keys(nbtls_aes_key *k) {
    unsigned char four[64];
    for (unsigned r = 0; r <= k->nr; r++) {
        UNROLL
        for (int i = 0; i < 4; i++)
            memcpy(four + 16 * i, k->rk + 16 * r, 16);
        ortho_in(k->bs[r], four);
    }
    nbtls_wipe(four, sizeof four);
}

void nbtls_aes_encrypt_ct(const nbtls_aes_key *k, const unsigned char *in,
                          unsigned char *out, size_t nblocks) {
    unsigned char buf[64];
    uint64_t q[8];
    while (nblocks) {
        size_t n = nblocks < 4 ? nblocks : 4;
        memset(buf, 0, sizeof buf);
        memcpy(buf, in, 16 * n);
        ortho_in(q, buf);
        UNROLL
        for (int b = 0; b < 8; b++)
            q[b] ^= k->bs[0][b];
        for (unsigned r = 1; r <= k->nr; r++) {
            bs_sbox(q);
            UNROLL
            for (int b = 0; b < 8; b++)
                q[b] = shift_rows1(q[b]);
            if (r != k->nr) bs_mix_columns(q);
            UNROLL
            for (int b = 0; b < 8; b++)
                q[b] ^= k->bs[r][b];
        }
        ortho_out(buf, q);
        memcpy(out, buf, 16 * n);
        in += 16 * n;
        out += 16 * n;
        nblocks -= n;
    }
    nbtls_wipe(buf, sizeof buf);
    nbtls_wipe(q, sizeof q);
}
