/*
 * HKDF (RFC 5869) and the TLS 1.3 key-schedule helpers HKDF-Expand-Label and
 * Derive-Secret (RFC 8446 section 7.1).
 */
#include "mac/hmac.h"

int nbtls_hkdf_extract(int alg, const unsigned char *salt, size_t salt_len,
                       const unsigned char *ikm, size_t ikm_len,
                       unsigned char *out, size_t out_size, size_t *out_len) {
    /* RFC 5869 2.2: "if not provided, [salt] is set to a string of HashLen
     * zeros" -- HMAC pads the key with zeros, so an empty key is the same. */
    NBTLS_ENSURE(salt != NULL || salt_len == 0, NBTLS_E_INVALID_ARG);
    return nbtls_hmac(alg, salt, salt_len, ikm, ikm_len, out, out_size,
                      out_len);
}

int nbtls_hkdf_expand(int alg, const unsigned char *prk, size_t prk_len,
                      const unsigned char *info, size_t info_len,
                      unsigned char *out, size_t out_len) {
    size_t n = nbtls_hash_alg_len(alg);
    NBTLS_ENSURE(n != 0, NBTLS_E_UNSUPPORTED);
    NBTLS_ENSURE(prk != NULL && out != NULL, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(info != NULL || info_len == 0, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(prk_len >= n, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(out_len >= 1 && out_len <= 255 * n, NBTLS_E_INVALID_ARG);
    /* info is read for every block: it must not change under us */
    if (info_len) {
        uintptr_t o = (uintptr_t)out, i = (uintptr_t)info;
        NBTLS_ENSURE(o + out_len <= i || i + info_len <= o,
                     NBTLS_E_INVALID_ARG);
    }

    /* T(i) = HMAC(PRK, T(i-1) || info || i); the keyed state is computed
     * once and cloned per block. */
    nbtls_hmac_state keyed, st;
    unsigned char t[NBTLS_HASH_MAX_LEN];
    NBTLS_GUARD(nbtls_hmac_state_init(&keyed, alg, prk, prk_len));
    size_t done = 0;
    for (unsigned i = 1; done < out_len; i++) {
        unsigned char ctr = (unsigned char)i;
        memcpy(&st, &keyed, sizeof st);
        if (i > 1) nbtls_hmac_state_update(&st, t, n);
        nbtls_hmac_state_update(&st, info, info_len);
        nbtls_hmac_state_update(&st, &ctr, 1);
        nbtls_hmac_state_final(&st, t);
        size_t take = out_len - done < n ? out_len - done : n;
        memcpy(out + done, t, take);
        done += take;
    }
    nbtls_wipe(t, sizeof t);
    nbtls_wipe(&keyed, sizeof keyed);
    return NBTLS_DONE;
}

int nbtls_tls13_hkdf_expand_label(int alg, const unsigned char *secret,
                                  size_t secret_len, const unsigned char *label,
                                  size_t label_len,
                                  const unsigned char *context,
                                  size_t context_len, unsigned char *out,
                                  size_t out_len) {
    static const char prefix[] = "tls13 ";
    size_t n = nbtls_hash_alg_len(alg);
    NBTLS_ENSURE(n != 0, NBTLS_E_UNSUPPORTED);
    NBTLS_ENSURE(label != NULL || label_len == 0, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(context != NULL || context_len == 0, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(label_len <= 255 - 6 && context_len <= 255,
                 NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(out_len <= 65535, NBTLS_E_INVALID_ARG);
    /* struct { uint16 length; opaque label<7..255>;
     *          opaque context<0..255>; } HkdfLabel; */
    unsigned char info[2 + 1 + 255 + 1 + 255];
    size_t p = 0;
    info[p++] = (unsigned char)(out_len >> 8);
    info[p++] = (unsigned char)out_len;
    info[p++] = (unsigned char)(6 + label_len);
    memcpy(info + p, prefix, 6);
    p += 6;
    if (label_len) memcpy(info + p, label, label_len);
    p += label_len;
    info[p++] = (unsigned char)context_len;
    if (context_len) memcpy(info + p, context, context_len);
    p += context_len;
    return nbtls_hkdf_expand(alg, secret, secret_len, info, p, out, out_len);
}

int nbtls_tls13_derive_secret(int alg, const unsigned char *secret,
                              size_t secret_len, const unsigned char *label,
                              size_t label_len,
                              const unsigned char *transcript_hash,
                              size_t transcript_hash_len, unsigned char *out,
                              size_t out_size, size_t *out_len) {
    size_t n = nbtls_hash_alg_len(alg);
    NBTLS_ENSURE(n != 0, NBTLS_E_UNSUPPORTED);
    NBTLS_ENSURE(out != NULL && out_len != NULL && transcript_hash != NULL,
                 NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(transcript_hash_len == n, NBTLS_E_INVALID_ARG);
    *out_len = n;
    NBTLS_ENSURE(out_size >= n, NBTLS_E_BUFFER_TOO_SMALL);
    return nbtls_tls13_hkdf_expand_label(alg, secret, secret_len, label,
                                         label_len, transcript_hash,
                                         transcript_hash_len, out, n);
}
