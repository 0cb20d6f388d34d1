/*
 * The public AEAD API (nbtls/sym.h): argument checks, buffer rules, and the
 * two constructions: AES-GCM (gcm.c, gcm_x86.c) and ChaCha20-Poly1305
 * (RFC 8439 section 2.8).
 *
 * Open never releases unauthenticated plaintext: the tag is computed over
 * the ciphertext while decrypting into `out` (one pass), compared in
 * constant time, and on mismatch `out` is wiped before NBTLS_E_DECRYPT is
 * returned.
 */
#include "aead/aead_internal.h"
#include "nbtls/sym.h"

int nbtls_aead_key_len(int alg) {
    switch (alg) {
    case NBTLS_AES_128_GCM: return 16;
    case NBTLS_AES_256_GCM: return 32;
    case NBTLS_CHACHA20_POLY1305: return 32;
    default: return NBTLS_E_UNSUPPORTED;
    }
}

/* Internal (tests, benchmarks): key with an explicit implementation choice.
 * features: an NBTLS_CPU_* set (nbtls_cpu_features() normally, 0 for the
 * portable code). poly_impl: 0 default, 64 or 32. */
int nbtls_aead_new_impl(nbtls_aead **aead, int alg, const unsigned char *key,
                        size_t key_len, uint32_t features, int poly_impl);

/* Key `a` (any storage): arguments checked before `a` is written. */
static int init_impl(nbtls_aead *a, int alg, const unsigned char *key,
                     size_t key_len, uint32_t features, int poly_impl) {
    int kl = nbtls_aead_key_len(alg);
    NBTLS_GUARD(kl);
    NBTLS_ENSURE(key != NULL && key_len == (size_t)kl, NBTLS_E_INVALID_ARG);
    nbtls_wipe(a, sizeof *a);
    a->alg = alg;
    if (alg == NBTLS_CHACHA20_POLY1305) {
        memcpy(a->u.cc.key, key, 32);
        a->u.cc.features =
            features & (NBTLS_CPU_AVX2 | NBTLS_CPU_AVX512VL | NBTLS_CPU_SSE2);
        a->u.cc.poly_impl = poly_impl;
    } else {
        const uint32_t need = NBTLS_CPU_AESNI | NBTLS_CPU_PCLMUL |
                              NBTLS_CPU_SSSE3 | NBTLS_CPU_SSE41;
        nbtls_gcm_init(&a->u.gcm, key, key_len, (features & need) == need);
    }
    return NBTLS_DONE;
}

int nbtls_aead_new_impl(nbtls_aead **aead, int alg, const unsigned char *key,
                        size_t key_len, uint32_t features, int poly_impl) {
    NBTLS_ENSURE(aead != NULL, NBTLS_E_INVALID_ARG);
    *aead = NULL;
    int kl = nbtls_aead_key_len(alg);
    NBTLS_GUARD(kl);
    NBTLS_ENSURE(key != NULL && key_len == (size_t)kl, NBTLS_E_INVALID_ARG);
    nbtls_aead *a = (nbtls_aead *)nbtls_calloc(sizeof *a);
    NBTLS_ENSURE(a != NULL, NBTLS_E_NO_MEMORY);
    int rc = init_impl(a, alg, key, key_len, features, poly_impl);
    if (rc < 0) {
        nbtls_free_wipe(a, sizeof *a);
        return rc;
    }
    *aead = a;
    return NBTLS_DONE;
}

int nbtls_aead_init_at(nbtls_aead *aead, int alg, const unsigned char *key,
                       size_t key_len) {
    NBTLS_ENSURE(aead != NULL, NBTLS_E_INVALID_ARG);
    return init_impl(aead, alg, key, key_len, nbtls_cpu_features(), 0);
}

void nbtls_aead_clear(nbtls_aead *aead) {
    if (aead != NULL) nbtls_wipe(aead, sizeof *aead);
}

int nbtls_aead_new(nbtls_aead **aead, int alg, const unsigned char *key,
                   size_t key_len) {
    return nbtls_aead_new_impl(aead, alg, key, key_len, nbtls_cpu_features(),
                               0);
}

int nbtls_aead_alg(const nbtls_aead *aead) {
    NBTLS_ENSURE(aead != NULL, NBTLS_E_INVALID_ARG);
    return aead->alg;
}

void nbtls_aead_free(nbtls_aead *aead) {
    if (aead != NULL) nbtls_free_wipe(aead, sizeof *aead);
}

/* True if [a, a+alen) and [b, b+blen) share a byte. */
static int overlaps(const unsigned char *a, size_t alen, const unsigned char *b,
                    size_t blen) {
    if (a == NULL || b == NULL || alen == 0 || blen == 0) return 0;
    uintptr_t x = (uintptr_t)a, y = (uintptr_t)b;
    return x < y + blen && y < x + alen;
}

/* len <= max, for limits that only a 64-bit size_t can exceed: a function
 * (not an inline comparison) so that a 32-bit size_t does not make the
 * check "always true" under -Wtype-limits (-Werror on 32-bit targets). */
static int len_at_most(uint64_t len, uint64_t max) {
    return len <= max;
}

/* Common argument checks; `ct_len` is the ciphertext length without tag. */
static int check_args(const nbtls_aead *a, const unsigned char *nonce,
                      size_t nonce_len, const unsigned char *aad,
                      size_t aad_len, const unsigned char *in, size_t in_len,
                      const unsigned char *out, size_t out_len, size_t ct_len) {
    NBTLS_ENSURE(a != NULL && nonce != NULL, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(aad != NULL || aad_len == 0, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(in != NULL || in_len == 0, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(out != NULL || out_len == 0, NBTLS_E_INVALID_ARG);
    if (a->alg == NBTLS_CHACHA20_POLY1305) {
        NBTLS_ENSURE(nonce_len == 12, NBTLS_E_INVALID_ARG);
        /* 32-bit block counter starting at 1: at most 2^32 - 1 blocks */
        NBTLS_ENSURE(len_at_most(ct_len, 274877906880ULL), NBTLS_E_INVALID_ARG);
    } else {
        NBTLS_ENSURE(nonce_len != 0, NBTLS_E_INVALID_ARG);
        /* SP 800-38D allows other IV lengths; this library does not. */
        NBTLS_ENSURE(nonce_len == 12, NBTLS_E_UNSUPPORTED);
        NBTLS_ENSURE(len_at_most(ct_len, 68719476704ULL), /* 2^36 - 32 */
                     NBTLS_E_INVALID_ARG);
        NBTLS_ENSURE(len_at_most(aad_len, 0x1fffffffffffffffULL),
                     NBTLS_E_INVALID_ARG);
    }
    /* out may be exactly in (in place); no other overlap. */
    if (out != in)
        NBTLS_ENSURE(!overlaps(out, out_len, in, in_len), NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(!overlaps(out, out_len, aad, aad_len), NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(!overlaps(out, out_len, nonce, nonce_len),
                 NBTLS_E_INVALID_ARG);
    return NBTLS_DONE;
}

/* ChaCha20-Poly1305 (RFC 8439 2.8): one-pass encrypt/decrypt + MAC. */
static void chachapoly(const nbtls_aead *a, const unsigned char nonce[12],
                       const unsigned char *aad, size_t aad_len,
                       const unsigned char *in, unsigned char *out, size_t len,
                       int decrypt, unsigned char tag[16]) {
    unsigned char otk[64];
    nbtls_poly1305 p;
    nbtls_chacha20_block(a->u.cc.key, 0, nonce, otk);
    nbtls_poly1305_init(&p, otk, a->u.cc.poly_impl);
    nbtls_wipe(otk, sizeof otk);
    if (aad_len) nbtls_poly1305_update(&p, aad, aad_len);
    nbtls_poly1305_pad16(&p);
    uint32_t ctr = 1;
    size_t left = len;
#if NBTLS_X86_ACCEL && defined(__SIZEOF_INT128__)
    /* Stitched AVX2 / AVX-512VL ChaCha20 + 64-bit Poly1305 for the whole
     * 512-byte groups. */
    uint32_t f = a->u.cc.features;
    if ((f & NBTLS_CPU_AVX2) && p.impl == 64 && left >= 512) {
        size_t done =
            (f & NBTLS_CPU_AVX512VL)
                ? nbtls_chacha20_xor_avx512vl(a->u.cc.key, ctr, nonce, in, out,
                                              left, &p, decrypt)
                : nbtls_chacha20_xor_avx2(a->u.cc.key, ctr, nonce, in, out,
                                          left, &p, decrypt);
        ctr += (uint32_t)(done / 64);
        in += done;
        out += done;
        left -= done;
    }
#endif
    /* The rest: MAC the ciphertext chunk by chunk, before (open) or after
     * (seal) the XOR of that chunk, so that in-place operation works. */
    const size_t chunk = 4096;
    while (left) {
        size_t n = left < chunk ? left : chunk;
        if (decrypt) nbtls_poly1305_update(&p, in, n);
        nbtls_chacha20_xor(a->u.cc.key, ctr, nonce, in, out, n,
                           a->u.cc.features);
        if (!decrypt) nbtls_poly1305_update(&p, out, n);
        ctr += (uint32_t)(n / 64);
        in += n;
        out += n;
        left -= n;
    }
    nbtls_poly1305_pad16(&p);
    unsigned char lens[16];
    for (int i = 0; i < 8; i++) {
        lens[i] = (unsigned char)((uint64_t)aad_len >> (8 * i));
        lens[8 + i] = (unsigned char)((uint64_t)len >> (8 * i));
    }
    nbtls_poly1305_update(&p, lens, 16);
    nbtls_poly1305_final(&p, tag);
}

static void aead_crypt(const nbtls_aead *a, const unsigned char *nonce,
                       const unsigned char *aad, size_t aad_len,
                       const unsigned char *in, unsigned char *out, size_t len,
                       int decrypt, unsigned char tag[16]) {
    if (a->alg == NBTLS_CHACHA20_POLY1305)
        chachapoly(a, nonce, aad, aad_len, in, out, len, decrypt, tag);
    else
        nbtls_gcm_crypt(&a->u.gcm, nonce, aad, aad_len, in, out, len, decrypt,
                        tag);
}

int nbtls_aead_seal(const nbtls_aead *aead, const unsigned char *nonce,
                    size_t nonce_len, const unsigned char *aad, size_t aad_len,
                    const unsigned char *in, size_t in_len, unsigned char *out,
                    size_t out_size, size_t *out_len) {
    NBTLS_ENSURE(out_len != NULL && out != NULL, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(in_len <= SIZE_MAX - 16, NBTLS_E_INVALID_ARG);
    NBTLS_GUARD(check_args(aead, nonce, nonce_len, aad, aad_len, in, in_len,
                           out, in_len + 16, in_len));
    *out_len = in_len + 16;
    NBTLS_ENSURE(out_size >= in_len + 16, NBTLS_E_BUFFER_TOO_SMALL);
    aead_crypt(aead, nonce, aad, aad_len, in, out, in_len, 0, out + in_len);
    return NBTLS_DONE;
}

int nbtls_aead_open(const nbtls_aead *aead, const unsigned char *nonce,
                    size_t nonce_len, const unsigned char *aad, size_t aad_len,
                    const unsigned char *in, size_t in_len, unsigned char *out,
                    size_t out_size, size_t *out_len) {
    NBTLS_ENSURE(out_len != NULL, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(in != NULL && in_len >= 16, NBTLS_E_INVALID_ARG);
    size_t ct_len = in_len - 16;
    NBTLS_GUARD(check_args(aead, nonce, nonce_len, aad, aad_len, in, in_len,
                           out, ct_len, ct_len));
    *out_len = ct_len;
    NBTLS_ENSURE(out_size >= ct_len, NBTLS_E_BUFFER_TOO_SMALL);
    /* Keep the received tag: in place, out overwrites in[0..ct_len) only,
     * but copy anyway so the comparison reads stable memory. */
    unsigned char want[16], got[16];
    memcpy(want, in + ct_len, 16);
    aead_crypt(aead, nonce, aad, aad_len, in, out, ct_len, 1, got);
    int bad = nbtls_ct_memcmp(want, got, 16);
    /* Success or failure is what open reveals anyway: public from here. */
    NBTLS_CT_PUBLIC(&bad, sizeof bad);
    nbtls_wipe(got, sizeof got);
    if (bad) {
        nbtls_wipe(out, ct_len);
        *out_len = 0;
        return NBTLS_E_DECRYPT;
    }
    return NBTLS_DONE;
}
