/* core/tls: the TLS 1.3 record layer (see record.h). */
#include "tls/record.h"

#include "tls/keysched.h"

void nbtls_tls_rec_dir_init(nbtls_tls_rec_dir *d) {
    memset(d, 0, sizeof *d);
    d->plain_version = NBTLS_TLS_LEGACY_VERSION;
    d->inner_limit = NBTLS_TLS_MAX_PLAINTEXT + 1;
}

int nbtls_tls_rec_dir_set_limit(nbtls_tls_rec_dir *d, size_t limit) {
    NBTLS_ENSURE(d && limit >= 64 && limit <= NBTLS_TLS_MAX_PLAINTEXT + 1,
                 NBTLS_E_INVALID_ARG);
    d->inner_limit = (uint16_t)limit;
    return 0;
}

void nbtls_tls_rec_dir_clear(nbtls_tls_rec_dir *d) {
    nbtls_aead_clear(&d->aead_st);
    nbtls_wipe(d, sizeof *d);
    nbtls_tls_rec_dir_init(d);
}

int nbtls_tls_rec_dir_set_keys(nbtls_tls_rec_dir *d, int aead_alg,
                               const unsigned char *key, size_t key_len,
                               const unsigned char iv[12]) {
    NBTLS_ENSURE(d && iv, NBTLS_E_INVALID_ARG);
    int kl = nbtls_aead_key_len(aead_alg);
    NBTLS_GUARD(kl);
    NBTLS_ENSURE(key && key_len == (size_t)kl, NBTLS_E_INVALID_ARG);
    uint16_t pv = d->plain_version, lim = d->inner_limit;
    nbtls_tls_rec_dir_clear(d);
    d->plain_version = pv;
    d->inner_limit = lim;
    /* cannot fail: the arguments were checked above */
    NBTLS_GUARD(nbtls_aead_init_at(&d->aead_st, aead_alg, key, key_len));
    d->aead = &d->aead_st;
    memcpy(d->iv, iv, sizeof d->iv);
    d->seq = 0;
    return 0;
}

int nbtls_tls_rec_dir_set_secret(nbtls_tls_rec_dir *d, int hash, int aead_alg,
                                 const unsigned char *secret) {
    unsigned char key[32], iv[12];
    size_t key_len = 0;
    int rc;
    NBTLS_GUARD_GOTO(
        rc, nbtls_tls_traffic_keys(hash, secret, aead_alg, key, &key_len, iv));
    rc = nbtls_tls_rec_dir_set_keys(d, aead_alg, key, key_len, iv);
cleanup:
    nbtls_wipe(key, sizeof key);
    nbtls_wipe(iv, sizeof iv);
    return rc;
}

int nbtls_tls_rec_header(const unsigned char hdr[5], int prot, uint8_t *type,
                         size_t *len) {
    NBTLS_ENSURE(hdr && type && len, NBTLS_E_INVALID_ARG);
    uint8_t t = hdr[0];
    size_t n = ((size_t)hdr[3] << 8) | hdr[4];
    /* RFC 8446 5: "If a TLS implementation receives an unexpected record
     * type, it MUST terminate the connection with an unexpected_message
     * alert." */
    NBTLS_ENSURE(t == NBTLS_TLS_CT_CHANGE_CIPHER_SPEC ||
                     t == NBTLS_TLS_CT_ALERT || t == NBTLS_TLS_CT_HANDSHAKE ||
                     t == NBTLS_TLS_CT_APPLICATION_DATA,
                 NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    /* 5.1: "The length MUST NOT exceed 2^14 bytes"; 5.2: "The length MUST
     * NOT exceed 2^14 + 256 bytes. An endpoint that receives a record that
     * exceeds this length MUST terminate the connection with a
     * record_overflow alert." */
    size_t max = (prot && t == NBTLS_TLS_CT_APPLICATION_DATA)
                     ? NBTLS_TLS_MAX_CIPHERTEXT
                     : NBTLS_TLS_MAX_PLAINTEXT;
    NBTLS_ENSURE(n <= max, NBTLS_TLS_E_RECORD_OVERFLOW);
    *type = t;
    *len = n;
    return 0;
}

int nbtls_tls_rec_check_ccs(const unsigned char *body, size_t len) {
    NBTLS_ENSURE(len == 1 && body && body[0] == 0x01,
                 NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    return 0;
}

/* nonce = iv XOR the 64-bit sequence number left-padded to 12 bytes
 * (RFC 8446 5.3). */
static void make_nonce(const nbtls_tls_rec_dir *d, unsigned char nonce[12]) {
    unsigned char s[8];
    memcpy(nonce, d->iv, 12);
    nbtls_store_be64(s, d->seq);
    for (int i = 0; i < 8; i++)
        nonce[4 + i] ^= s[i];
}

/* Find the last non-zero byte of p[0..n): *type = that byte, *pos = its
 * index; both 0 when every byte is zero. The loop visits every byte with
 * the same operations, so its time depends on n only, not on where the
 * padding starts (RFC 8446 5.4 recommends this). */
static void scan_inner_type(const unsigned char *p, size_t n, uint8_t *type,
                            size_t *pos) {
    uint32_t t = 0, at = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t nz = nbtls_ct_nonzero32(p[i]);
        t = nbtls_ct_select32(nz, p[i], t);
        at = nbtls_ct_select32(nz, (uint32_t)i, at);
    }
    *type = (uint8_t)t;
    *pos = at;
}

int nbtls_tls_rec_open(nbtls_tls_rec_dir *d, unsigned char *rec, size_t rec_len,
                       uint8_t *type, unsigned char **content,
                       size_t *content_len) {
    uint8_t t;
    size_t n;
    NBTLS_ENSURE(d && rec && type && content && content_len,
                 NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(rec_len >= NBTLS_TLS_RECORD_HEADER_LEN, NBTLS_E_INVALID_ARG);
    NBTLS_GUARD(nbtls_tls_rec_header(rec, d->aead != NULL, &t, &n));
    NBTLS_ENSURE(rec_len == NBTLS_TLS_RECORD_HEADER_LEN + n,
                 NBTLS_E_INVALID_ARG);
    unsigned char *body = rec + NBTLS_TLS_RECORD_HEADER_LEN;

    if (!d->aead || t == NBTLS_TLS_CT_CHANGE_CIPHER_SPEC) {
        /* Plaintext: no application data before keys; with keys, only the
         * compatibility change_cipher_spec may come unprotected (5). */
        NBTLS_ENSURE(t != NBTLS_TLS_CT_APPLICATION_DATA,
                     NBTLS_TLS_E_UNEXPECTED_MESSAGE);
        /* 5.1: "Implementations MUST NOT send zero-length fragments of
         * Handshake types" */
        NBTLS_ENSURE(!(t == NBTLS_TLS_CT_HANDSHAKE && n == 0),
                     NBTLS_TLS_E_DECODE_ERROR);
        *type = t;
        *content = body;
        *content_len = n;
        return 0;
    }
    /* 5.2: protected records have opaque_type application_data */
    NBTLS_ENSURE(t == NBTLS_TLS_CT_APPLICATION_DATA,
                 NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    /* A body shorter than tag + inner type cannot decrypt to anything. */
    NBTLS_ENSURE(n >= NBTLS_AEAD_TAG_LEN + 1, NBTLS_TLS_E_BAD_RECORD_MAC);
    /* 5.4: the TLSInnerPlaintext MUST NOT exceed 2^14 + 1 octets; RFC 8449
     * 4: nor the record_size_limit this endpoint advertised ("MUST
     * generate a record_overflow alert"). */
    NBTLS_ENSURE(n - NBTLS_AEAD_TAG_LEN <= d->inner_limit,
                 NBTLS_TLS_E_RECORD_OVERFLOW);
    /* 5.3: the sequence number MUST NOT wrap. */
    NBTLS_ENSURE(d->seq != UINT64_MAX, NBTLS_E_BAD_STATE);

    unsigned char nonce[12];
    size_t inner_len = 0;
    make_nonce(d, nonce);
    /* 5.2: additional_data = the record header */
    int rc = nbtls_aead_open(d->aead, nonce, sizeof nonce, rec,
                             NBTLS_TLS_RECORD_HEADER_LEN, body, n, body, n,
                             &inner_len);
    if (rc == NBTLS_E_DECRYPT) return NBTLS_TLS_E_BAD_RECORD_MAC;
    NBTLS_GUARD(rc);
    d->seq++;

    size_t pos;
    scan_inner_type(body, inner_len, &t, &pos);
    /* The content type and length are the record's public shape (the
     * padding only hides the length from the network): declassify them for
     * the constant-time checks (tests/tls/ct_tls.c). */
    NBTLS_CT_PUBLIC(&t, sizeof t);
    NBTLS_CT_PUBLIC(&pos, sizeof pos);
    /* 5.4: "If a receiving implementation does not find a non-zero octet in
     * the cleartext, it MUST terminate the connection with an
     * unexpected_message alert." Type and length are public from here on. */
    NBTLS_ENSURE(t != 0, NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    NBTLS_ENSURE(t == NBTLS_TLS_CT_ALERT || t == NBTLS_TLS_CT_HANDSHAKE ||
                     t == NBTLS_TLS_CT_APPLICATION_DATA,
                 NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    NBTLS_ENSURE(!(t == NBTLS_TLS_CT_HANDSHAKE && pos == 0),
                 NBTLS_TLS_E_DECODE_ERROR);
    *type = t;
    *content = body;
    *content_len = pos;
    return 0;
}

size_t nbtls_tls_rec_overhead(const nbtls_tls_rec_dir *d, size_t pad_len) {
    return NBTLS_TLS_RECORD_HEADER_LEN +
           (d->aead ? 1 + pad_len + NBTLS_AEAD_TAG_LEN : 0);
}

static void put_header(unsigned char *h, uint8_t type, uint16_t version,
                       size_t len) {
    h[0] = type;
    h[1] = (unsigned char)(version >> 8);
    h[2] = (unsigned char)version;
    h[3] = (unsigned char)(len >> 8);
    h[4] = (unsigned char)len;
}

int nbtls_tls_rec_seal(nbtls_tls_rec_dir *d, uint8_t type, unsigned char *buf,
                       size_t buf_size, size_t content_len, size_t pad_len,
                       size_t *rec_len) {
    NBTLS_ENSURE(d && buf && rec_len, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(type == NBTLS_TLS_CT_ALERT || type == NBTLS_TLS_CT_HANDSHAKE ||
                     type == NBTLS_TLS_CT_APPLICATION_DATA ||
                     (type == NBTLS_TLS_CT_CHANGE_CIPHER_SPEC && !d->aead),
                 NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(content_len <= NBTLS_TLS_MAX_PLAINTEXT, NBTLS_E_INVALID_ARG);
    if (!d->aead) {
        NBTLS_ENSURE(pad_len == 0, NBTLS_E_INVALID_ARG);
        NBTLS_ENSURE(buf_size >= NBTLS_TLS_RECORD_HEADER_LEN &&
                         buf_size - NBTLS_TLS_RECORD_HEADER_LEN >= content_len,
                     NBTLS_E_BUFFER_TOO_SMALL);
        put_header(buf, type, d->plain_version, content_len);
        *rec_len = NBTLS_TLS_RECORD_HEADER_LEN + content_len;
        return 0;
    }
    NBTLS_ENSURE(pad_len <= NBTLS_TLS_MAX_PLAINTEXT - content_len &&
                     content_len + 1 + pad_len <= d->inner_limit,
                 NBTLS_E_INVALID_ARG);
    size_t inner = content_len + 1 + pad_len; /* <= inner_limit */
    size_t total = NBTLS_TLS_RECORD_HEADER_LEN + inner + NBTLS_AEAD_TAG_LEN;
    NBTLS_ENSURE(buf_size >= total, NBTLS_E_BUFFER_TOO_SMALL);
    NBTLS_ENSURE(d->seq != UINT64_MAX, NBTLS_E_BAD_STATE);

    unsigned char *body = buf + NBTLS_TLS_RECORD_HEADER_LEN;
    body[content_len] = type;
    memset(body + content_len + 1, 0, pad_len);
    put_header(buf, NBTLS_TLS_CT_APPLICATION_DATA, NBTLS_TLS_LEGACY_VERSION,
               inner + NBTLS_AEAD_TAG_LEN);
    unsigned char nonce[12];
    size_t out_len = 0;
    make_nonce(d, nonce);
    NBTLS_GUARD(nbtls_aead_seal(d->aead, nonce, sizeof nonce, buf,
                                NBTLS_TLS_RECORD_HEADER_LEN, body, inner, body,
                                inner + NBTLS_AEAD_TAG_LEN, &out_len));
    d->seq++;
    *rec_len = NBTLS_TLS_RECORD_HEADER_LEN + out_len;
    return 0;
}
