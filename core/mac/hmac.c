/* HMAC (RFC 2104) over the generic hash state, and the public nbtls_hmac. */
#include "mac/hmac.h"

int nbtls_hmac_state_init(nbtls_hmac_state *st, int alg,
                          const unsigned char *key, size_t key_len) {
    size_t block = nbtls_hash_state_block(alg);
    NBTLS_ENSURE(block != 0, NBTLS_E_UNSUPPORTED);
    unsigned char k[128];
    memset(k, 0, sizeof k);
    if (key_len > block) {
        nbtls_hash_state h;
        NBTLS_GUARD(nbtls_hash_state_init(&h, alg));
        nbtls_hash_state_update(&h, key, key_len);
        nbtls_hash_state_final(&h, k);
    } else if (key_len) {
        memcpy(k, key, key_len);
    }
    for (size_t i = 0; i < block; i++)
        k[i] ^= 0x36;
    NBTLS_GUARD(nbtls_hash_state_init(&st->inner, alg));
    nbtls_hash_state_update(&st->inner, k, block);
    for (size_t i = 0; i < block; i++)
        k[i] ^= 0x36 ^ 0x5c;
    NBTLS_GUARD(nbtls_hash_state_init(&st->outer, alg));
    nbtls_hash_state_update(&st->outer, k, block);
    nbtls_wipe(k, sizeof k);
    return 0;
}

void nbtls_hmac_state_update(nbtls_hmac_state *st, const unsigned char *in,
                             size_t len) {
    nbtls_hash_state_update(&st->inner, in, len);
}

void nbtls_hmac_state_final(nbtls_hmac_state *st, unsigned char *out) {
    unsigned char ih[NBTLS_HASH_MAX_LEN];
    size_t n = nbtls_hash_state_len(st->inner.alg);
    nbtls_hash_state_final(&st->inner, ih);
    nbtls_hash_state_update(&st->outer, ih, n);
    nbtls_hash_state_final(&st->outer, out);
    nbtls_wipe(ih, sizeof ih);
    nbtls_wipe(st, sizeof *st);
}

int nbtls_hmac(int alg, const unsigned char *key, size_t key_len,
               const unsigned char *in, size_t len, unsigned char *out,
               size_t out_size, size_t *out_len) {
    size_t n = nbtls_hash_alg_len(alg);
    NBTLS_ENSURE(n != 0, NBTLS_E_UNSUPPORTED);
    NBTLS_ENSURE(out != NULL && out_len != NULL, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(key != NULL || key_len == 0, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(in != NULL || len == 0, NBTLS_E_INVALID_ARG);
    *out_len = n;
    NBTLS_ENSURE(out_size >= n, NBTLS_E_BUFFER_TOO_SMALL);
    nbtls_hmac_state st;
    NBTLS_GUARD(nbtls_hmac_state_init(&st, alg, key, key_len));
    nbtls_hmac_state_update(&st, in, len);
    nbtls_hmac_state_final(&st, out);
    return NBTLS_DONE;
}
