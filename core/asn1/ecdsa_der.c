/* core/asn1: ECDSA signature DER <-> raw. See ecdsa_der.h. */
#include "asn1/ecdsa_der.h"
#include "asn1/der.h"

/* One INTEGER into its L-byte big-endian slot. */
NBTLS_MUST_CHECK static int read_int(nbtls_reader *seq, unsigned char *slot,
                                     size_t L) {
    const unsigned char *p;
    size_t len;
    NBTLS_GUARD(nbtls_der_uint(seq, &p, &len));
    NBTLS_ENSURE(len <= L, NBTLS_E_INVALID_ARG);
    memcpy(slot + (L - len), p, len);
    return NBTLS_DONE;
}

int nbtls_ecdsa_der_to_raw(unsigned char *raw, size_t L,
                           const unsigned char *der, size_t der_len) {
    NBTLS_ENSURE(raw != NULL && der != NULL && L > 0 && L <= 64,
                 NBTLS_E_INVALID_ARG);
    memset(raw, 0, 2 * L);
    nbtls_reader r, seq;
    int rc;
    nbtls_reader_init(&r, der, der_len);
    NBTLS_GUARD_GOTO(rc, nbtls_der_expect(&r, NBTLS_DER_SEQUENCE, &seq));
    NBTLS_GUARD_GOTO(rc, nbtls_reader_expect_end(&r));
    NBTLS_GUARD_GOTO(rc, read_int(&seq, raw, L));
    NBTLS_GUARD_GOTO(rc, read_int(&seq, raw + L, L));
    NBTLS_GUARD_GOTO(rc, nbtls_reader_expect_end(&seq));
cleanup:
    if (rc != NBTLS_DONE) {
        memset(raw, 0, 2 * L);
        rc = NBTLS_E_INVALID_ARG;
    }
    return rc;
}

/* The minimal INTEGER encoding of an L-byte big-endian magnitude; returns
 * its length (tag and length bytes included; L < 126 so the length is one
 * short-form byte). out NULL: only measure. */
static size_t write_int(unsigned char *out, const unsigned char *v, size_t L) {
    size_t skip = 0;
    while (skip + 1 < L && v[skip] == 0)
        skip++;
    size_t mag = L - skip, pad = (v[skip] & 0x80) ? 1 : 0;
    if (out != NULL) {
        out[0] = NBTLS_DER_INTEGER;
        out[1] = (unsigned char)(mag + pad);
        out[2] = 0;
        memcpy(out + 2 + pad, v + skip, mag);
    }
    return 2 + pad + mag;
}

int nbtls_ecdsa_raw_to_der(const unsigned char *raw, size_t L,
                           unsigned char *out, size_t out_size,
                           size_t *out_len) {
    NBTLS_ENSURE(raw != NULL && out_len != NULL && L > 0 && L <= 64,
                 NBTLS_E_INVALID_ARG);
    unsigned char buf[2 * (64 + 3) + 3];
    size_t body = write_int(NULL, raw, L) + write_int(NULL, raw + L, L);
    size_t n = 0;
    buf[n++] = NBTLS_DER_SEQUENCE;
    if (body >= 128) buf[n++] = 0x81; /* long form for 128..255 */
    buf[n++] = (unsigned char)body;
    n += write_int(buf + n, raw, L);
    n += write_int(buf + n, raw + L, L);
    return nbtls_copy_out(buf, n, out, out_size, out_len);
}
