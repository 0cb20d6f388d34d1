/*
 * core/aead: internal interfaces of the AEAD layer (AES, GHASH/GCM,
 * ChaCha20, Poly1305). All functions are total: the public layer (aead.c)
 * has validated every argument. Buffers `in` and `out` may be equal
 * (in place) but must not otherwise overlap.
 */
#ifndef NBTLS_CORE_AEAD_INTERNAL_H
#define NBTLS_CORE_AEAD_INTERNAL_H

#include "common/common.h"
#include "cpu/cpu.h"

/* ---- AES (encryption direction only: GCM needs no inverse cipher) ----- */

/* Expanded key: FIPS 197 round keys as bytes, (nr + 1) * 16 of them (the
 * layout AES-NI loads), and the same round keys bitsliced for the portable
 * code (see aes_ct.c: 8 bit planes, the key repeated for 4 blocks). */
typedef struct {
    unsigned char rk[15 * 16];
    uint64_t bs[15][8];
    unsigned nr; /* 10 or 14 */
} nbtls_aes_key;

/* key_len 16 or 32. Constant time (no table lookups). accel: the key is
 * for AES-NI only (S-boxes of the schedule by AESENCLAST, no bitsliced
 * keys: nbtls_aes_encrypt_ct must not be used with it). */
void nbtls_aes_expand(nbtls_aes_key *k, const unsigned char *key,
                      size_t key_len, int accel);
#if NBTLS_X86_ACCEL
/* SubWord of the key schedule with AES-NI (w little-endian). */
uint32_t nbtls_aes_subword_x86(uint32_t w);
#endif
/* Portable constant-time (bitsliced) encryption of n blocks, four at a
 * time (in may equal out). */
void nbtls_aes_encrypt_ct(const nbtls_aes_key *k, const unsigned char *in,
                          unsigned char *out, size_t nblocks);

/* ---- GCM ---------------------------------------------------------------
 * GHASH elements are 128-bit integers read big-endian from the block
 * ("byte-reflected" domain of the Intel white paper); multiplication is a
 * carry-less product, a left shift by one and the reduction by
 * x^128 + x^127 + x^126 + x^121 + 1 in that domain. */
typedef struct {
    nbtls_aes_key aes;
    uint64_t h[2];             /* H = E_K(0^128): hi, lo */
    unsigned char hpow[8][16]; /* H^1..H^8, x86 layout (accelerated only) */
    int accel;                 /* AES-NI + PCLMULQDQ path chosen at keying */
} nbtls_gcm_key;

void nbtls_gcm_init(nbtls_gcm_key *g, const unsigned char *key, size_t key_len,
                    int accel);
/* Seal (decrypt = 0) or open (decrypt = 1): out = CTR(in); tag = GHASH
 * over aad and the ciphertext. The nonce is 12 bytes. */
void nbtls_gcm_crypt(const nbtls_gcm_key *g, const unsigned char nonce[12],
                     const unsigned char *aad, size_t aad_len,
                     const unsigned char *in, unsigned char *out, size_t len,
                     int decrypt, unsigned char tag[16]);

/* Portable GHASH: x <- (x ^ block) * h for n blocks (hi/lo words). */
void nbtls_ghash_ct(uint64_t x[2], const uint64_t h[2], const unsigned char *in,
                    size_t nblocks);

#if NBTLS_X86_ACCEL
/* Computes H = E_K(0) with AES-NI, then H^1..H^8. */
void nbtls_gcm_init_x86(nbtls_gcm_key *g);
void nbtls_gcm_crypt_x86(const nbtls_gcm_key *g, const unsigned char nonce[12],
                         const unsigned char *aad, size_t aad_len,
                         const unsigned char *in, unsigned char *out,
                         size_t len, int decrypt, unsigned char tag[16]);
#endif

/* ---- The AEAD object (nbtls/sym.h's nbtls_aead), embeddable ------------
 * Its layout is here so that a containing object (a TLS record direction)
 * can hold one without an allocation: nbtls_aead_init_at() keys storage
 * the caller owns, nbtls_aead_clear() wipes it (no free); the public
 * seal/open/alg functions take it as they take an nbtls_aead_new() one.
 * nbtls_aead_free() must not be called on it. */
struct nbtls_aead {
    int alg;
    union {
        nbtls_gcm_key gcm;
        struct {
            unsigned char key[32];
            uint32_t features; /* for ChaCha20: AVX2, AVX512VL, SSE2 */
            int poly_impl;
        } cc;
    } u;
};

/* Key `aead` with `alg` (NBTLS_AES_128_GCM, NBTLS_AES_256_GCM,
 * NBTLS_CHACHA20_POLY1305) under key[0..key_len), the implementation chosen
 * as nbtls_aead_new() does. Errors as nbtls_aead_new() except
 * NBTLS_E_NO_MEMORY (none): NBTLS_E_UNSUPPORTED for an unknown alg,
 * NBTLS_E_INVALID_ARG for a NULL pointer or a wrong key length; on error
 * `aead` is left untouched. Never allocates. */
int nbtls_aead_init_at(struct nbtls_aead *aead, int alg,
                       const unsigned char *key, size_t key_len);
/* Wipe an nbtls_aead_init_at() object (NULL: nothing). */
void nbtls_aead_clear(struct nbtls_aead *aead);

/* ---- ChaCha20 (RFC 8439) ---------------------------------------------- */

/* One 64-byte keystream block for (key, counter, nonce). */
void nbtls_chacha20_block(const unsigned char key[32], uint32_t counter,
                          const unsigned char nonce[12], unsigned char out[64]);
/* out = in XOR keystream starting at block `counter`. The caller
 * guarantees counter + ceil(len / 64) <= 2^32. features: the NBTLS_CPU_*
 * set that may be used (AVX2, AVX512VL, SSE2); 0 for the portable code. */
void nbtls_chacha20_xor(const unsigned char key[32], uint32_t counter,
                        const unsigned char nonce[12], const unsigned char *in,
                        unsigned char *out, size_t len, uint32_t features);
#if NBTLS_X86_ACCEL
struct nbtls_poly1305_s;
/* AVX2 (and AVX2 + AVX-512VL): whole groups of 8 blocks (512 bytes) only;
 * returns the number of bytes done (a multiple of 512, <= len). With
 * `poly` non-NULL (a 64-bit Poly1305 state with no pending bytes; only
 * where unsigned __int128 exists) the ciphertext of those bytes is also
 * absorbed into it (decrypt: `in` is the ciphertext; else `out`). */
size_t nbtls_chacha20_xor_avx2(const unsigned char key[32], uint32_t counter,
                               const unsigned char nonce[12],
                               const unsigned char *in, unsigned char *out,
                               size_t len, struct nbtls_poly1305_s *poly,
                               int decrypt);
/* SSE2: whole groups of 4 blocks (256 bytes); returns the bytes done. */
size_t nbtls_chacha20_xor_sse2(const unsigned char key[32], uint32_t counter,
                               const unsigned char nonce[12],
                               const unsigned char *in, unsigned char *out,
                               size_t len);
size_t nbtls_chacha20_xor_avx512vl(const unsigned char key[32],
                                   uint32_t counter,
                                   const unsigned char nonce[12],
                                   const unsigned char *in, unsigned char *out,
                                   size_t len, struct nbtls_poly1305_s *poly,
                                   int decrypt);
#endif

/* ---- Poly1305 (RFC 8439) ---------------------------------------------- */

typedef struct nbtls_poly1305_s {
    uint64_t r[5]; /* clamped r (64-bit: r[0..1]; 32-bit: r[0..4]) */
    uint64_t h[5]; /* accumulator */
    uint32_t s[4]; /* the pad */
    unsigned char buf[16];
    size_t fill;
    int impl; /* 64: __int128 limbs, 32: 26-bit limbs */
} nbtls_poly1305;

/* impl: 64 or 32 (64 only where the compiler has unsigned __int128); 0
 * chooses the default of this build (32 with NBTLS_FORCE_32BIT). */
void nbtls_poly1305_init(nbtls_poly1305 *p, const unsigned char key[32],
                         int impl);
void nbtls_poly1305_update(nbtls_poly1305 *p, const unsigned char *in,
                           size_t len);
/* Absorb n full 16-byte blocks (fill must be 0). */
void nbtls_poly1305_blocks(nbtls_poly1305 *p, const unsigned char *in,
                           size_t nblocks);
/* Pad the pending bytes with zeros to a block boundary (RFC 8439 pad16). */
void nbtls_poly1305_pad16(nbtls_poly1305 *p);
/* Write the tag and wipe the state. */
void nbtls_poly1305_final(nbtls_poly1305 *p, unsigned char tag[16]);
/* Whether the 64-bit implementation is compiled in. */
int nbtls_poly1305_have64(void);

#endif
