/*
 * AES-GCM (NIST SP 800-38D) with 96-bit IVs: the portable constant-time
 * implementation, and the dispatch to the AES-NI + PCLMULQDQ one.
 */
#include "aead/aead_internal.h"

void nbtls_gcm_init(nbtls_gcm_key *g, const unsigned char *key, size_t key_len,
                    int accel) {
    unsigned char zero[16] = {0}, h[16];
    memset(g, 0, sizeof *g);
#if NBTLS_X86_ACCEL
    if (accel) {
        g->accel = 1;
        nbtls_aes_expand(&g->aes, key, key_len, 1);
        nbtls_gcm_init_x86(g);
        return;
    }
#else
    (void)accel;
#endif
    g->accel = 0;
    nbtls_aes_expand(&g->aes, key, key_len, 0);
    nbtls_aes_encrypt_ct(&g->aes, zero, h, 1);
    g->h[0] = nbtls_load_be64(h);
    g->h[1] = nbtls_load_be64(h + 8);
    nbtls_wipe(h, sizeof h);
}

/* GHASH of data (len bytes, the last block zero-padded). */
static void ghash_padded(uint64_t x[2], const uint64_t h[2],
                         const unsigned char *in, size_t len) {
    nbtls_ghash_ct(x, h, in, len / 16);
    if (len % 16) {
        unsigned char b[16] = {0};
        memcpy(b, in + (len & ~(size_t)15), len % 16);
        nbtls_ghash_ct(x, h, b, 1);
        nbtls_wipe(b, sizeof b);
    }
}

/* Portable: 4 counter blocks per AES call to amortise the loop. Chunks
 * are 64 bytes, so only the last one can end in a partial block. */
static void gcm_crypt_ct(const nbtls_gcm_key *g, const unsigned char nonce[12],
                         const unsigned char *aad, size_t aad_len,
                         const unsigned char *in, unsigned char *out,
                         size_t len, int decrypt, unsigned char tag[16]) {
    uint64_t x[2] = {0, 0};
    unsigned char ctr[64], ks[64];
    uint32_t c = 2;
    size_t total = len;
    ghash_padded(x, g->h, aad, aad_len);
    while (len) {
        size_t n = len < 64 ? len : 64;
        size_t nb = (n + 15) / 16;
        for (size_t b = 0; b < nb; b++) {
            memcpy(ctr + 16 * b, nonce, 12);
            nbtls_store_be32(ctr + 16 * b + 12, c++);
        }
        nbtls_aes_encrypt_ct(&g->aes, ctr, ks, nb);
        if (decrypt) ghash_padded(x, g->h, in, n);
        for (size_t i = 0; i < n; i++)
            out[i] = (unsigned char)(in[i] ^ ks[i]);
        if (!decrypt) ghash_padded(x, g->h, out, n);
        in += n;
        out += n;
        len -= n;
    }
    /* len(A) || len(C) in bits, then T = E_K(J0) ^ GHASH. */
    unsigned char lens[16];
    nbtls_store_be64(lens, (uint64_t)aad_len * 8);
    nbtls_store_be64(lens + 8, (uint64_t)total * 8);
    nbtls_ghash_ct(x, g->h, lens, 1);
    memcpy(ctr, nonce, 12);
    nbtls_store_be32(ctr + 12, 1);
    nbtls_aes_encrypt_ct(&g->aes, ctr, ks, 1);
    nbtls_store_be64(tag, x[0]);
    nbtls_store_be64(tag + 8, x[1]);
    for (int i = 0; i < 16; i++)
        tag[i] ^= ks[i];
    nbtls_wipe(ks, sizeof ks);
    nbtls_wipe(x, sizeof x);
}

void nbtls_gcm_crypt(const nbtls_gcm_key *g, const unsigned char nonce[12],
                     const unsigned char *aad, size_t aad_len,
                     const unsigned char *in, unsigned char *out, size_t len,
                     int decrypt, unsigned char tag[16]) {
#if NBTLS_X86_ACCEL
    if (g->accel) {
        nbtls_gcm_crypt_x86(g, nonce, aad, aad_len, in, out, len, decrypt, tag);
        return;
    }
#endif
    gcm_crypt_ct(g, nonce, aad, aad_len, in, out, len, decrypt, tag);
}
