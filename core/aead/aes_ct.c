/*
 * Portable constant-time AES (encryption direction), no table lookups.
 *
 * The S-box is computed, not looked up: SubBytes(x) = Affine(x^254) in
 * GF(2^8), evaluated on eight bytes at once in a 64-bit word (SWAR). A
 * multiplication is eight masked shift-and-add steps whose masks come from
 * arithmetic, never from branches or indices, so the running time does not
 * depend on key or data. This is simpler than (and several times slower
 * than) a bitsliced S-box circuit; it is the fallback used only where
 * AES-NI is absent. ShiftRows is a fixed byte permutation, MixColumns is
 * SWAR xtime on the packed columns.
 */
#include "aead/aead_internal.h"

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

void nbtls_aes_expand(nbtls_aes_key *k, const unsigned char *key,
                      size_t key_len) {
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
}

/* Rotate each 32-bit column right by 8 bits (row r gets row r+1). */
static inline uint64_t col_rot8(uint64_t x) {
    return ((x >> 8) & 0x00ffffff00ffffffULL) |
           ((x << 24) & 0xff000000ff000000ULL);
}

static inline uint64_t mix_columns(uint64_t a) {
    uint64_t a1 = col_rot8(a), a2 = col_rot8(a1), a3 = col_rot8(a2);
    return xtime8(a ^ a1) ^ a1 ^ a2 ^ a3;
}

/* ShiftRows on the column-major state s[r + 4c]: row r rotates left by r. */
static inline void shift_rows(unsigned char s[16]) {
    unsigned char t[16];
    for (int c = 0; c < 4; c++)
        for (int r = 0; r < 4; r++)
            t[r + 4 * c] = s[r + 4 * ((c + r) & 3)];
    memcpy(s, t, 16);
}

void nbtls_aes_encrypt_ct(const nbtls_aes_key *k, const unsigned char *in,
                          unsigned char *out, size_t nblocks) {
    unsigned char s[16];
    while (nblocks--) {
        for (int i = 0; i < 16; i++)
            s[i] = in[i] ^ k->rk[i];
        for (unsigned round = 1; round <= k->nr; round++) {
            uint64_t lo = sbox8(load_le64(s)), hi = sbox8(load_le64(s + 8));
            store_le64(s, lo);
            store_le64(s + 8, hi);
            shift_rows(s);
            lo = load_le64(s);
            hi = load_le64(s + 8);
            if (round != k->nr) {
                lo = mix_columns(lo);
                hi = mix_columns(hi);
            }
            lo ^= load_le64(k->rk + 16 * round);
            hi ^= load_le64(k->rk + 16 * round + 8);
            store_le64(s, lo);
            store_le64(s + 8, hi);
        }
        memcpy(out, s, 16);
        in += 16;
        out += 16;
    }
    nbtls_wipe(s, sizeof s);
}
