/* core/rsa: RSA public key objects — validation, PKCS#1 export. */
#include "rsa/rsa.h"

#include "key/key.h"

/* Skip leading zero bytes of a big-endian integer. */
static void strip(const unsigned char **p, size_t *len) {
    while (*len > 0 && (*p)[0] == 0) {
        (*p)++;
        (*len)--;
    }
}

int nbtls_rsa_key_new(struct nbtls_key **key, const unsigned char *n,
                      size_t n_len, const unsigned char *e, size_t e_len) {
    NBTLS_ENSURE(key != NULL && n != NULL && e != NULL, NBTLS_E_INVALID_ARG);
    *key = NULL;
    strip(&n, &n_len);
    strip(&e, &e_len);
    NBTLS_ENSURE(n_len > 0 && e_len > 0, NBTLS_E_BAD_KEY);
    size_t bits = 8 * n_len;
    for (unsigned char top = n[0]; !(top & 0x80); top <<= 1)
        bits--;
    NBTLS_ENSURE(bits >= NBTLS_RSA_MIN_BITS && bits <= NBTLS_RSA_MAX_BITS,
                 NBTLS_E_UNSUPPORTED);
    NBTLS_ENSURE(n[n_len - 1] & 1, NBTLS_E_BAD_KEY); /* odd modulus */
    NBTLS_ENSURE(e_len <= 4, NBTLS_E_UNSUPPORTED);
    uint32_t ev = 0;
    for (size_t i = 0; i < e_len; i++)
        ev = (ev << 8) | e[i];
    /* e < n holds: n has >= 2048 bits, e < 2^32. */
    NBTLS_ENSURE(ev >= 3 && (ev & 1), NBTLS_E_BAD_KEY);
    struct nbtls_key *k = nbtls_key_alloc(NBTLS_KEY_RSA);
    NBTLS_ENSURE(k != NULL, NBTLS_E_NO_MEMORY);
    k->u.rsa.e = ev;
    k->u.rsa.bits = (uint16_t)bits;
    k->u.rsa.n_len = (uint16_t)n_len;
    memcpy(k->u.rsa.n, n, n_len);
    k->has_private = 0;
    *key = k;
    return NBTLS_DONE;
}

/* Write a DER length at out (NULL: just count); returns its size. */
static size_t der_len(unsigned char *out, size_t len) {
    if (len < 0x80) {
        if (out) out[0] = (unsigned char)len;
        return 1;
    }
    size_t n = len < 0x100 ? 1 : 2; /* lengths here are below 2^16 */
    if (out) {
        out[0] = (unsigned char)(0x80 | n);
        for (size_t i = 0; i < n; i++)
            out[1 + i] = (unsigned char)(len >> (8 * (n - 1 - i)));
    }
    return 1 + n;
}

/* Write INTEGER for the unsigned big-endian p[0..len) (no leading zero
 * byte in p); returns the size. out NULL: count only. */
static size_t der_uint(unsigned char *out, const unsigned char *p, size_t len) {
    size_t pad = (p[0] & 0x80) ? 1 : 0, o = 0;
    if (out) out[o] = 0x02;
    o++;
    o += der_len(out ? out + o : NULL, len + pad);
    if (out) {
        if (pad) out[o] = 0;
        memcpy(out + o + pad, p, len);
    }
    return o + pad + len;
}

int nbtls_rsa_export_public(const struct nbtls_key *key, unsigned char *out,
                            size_t out_size, size_t *out_len) {
    unsigned char e[4], buf[16 + NBTLS_RSA_MAX_BYTES];
    size_t el = 0;
    for (int i = 3; i >= 0; i--) {
        unsigned char b = (unsigned char)(key->u.rsa.e >> (8 * i));
        if (el > 0 || b != 0) e[el++] = b;
    }
    size_t body =
        der_uint(NULL, key->u.rsa.n, key->u.rsa.n_len) + der_uint(NULL, e, el);
    size_t o = 0;
    buf[o++] = 0x30;
    o += der_len(buf + o, body);
    o += der_uint(buf + o, key->u.rsa.n, key->u.rsa.n_len);
    o += der_uint(buf + o, e, el);
    return nbtls_copy_out(buf, o, out, out_size, out_len);
}
