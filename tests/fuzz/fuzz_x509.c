/*
 * Fuzz target: X.509 certificate parsing and path validation.
 *   - nbtls_x509_from_der(data): DONE or NBTLS_E_CERTIFICATE only (no
 *     certificate unless DONE); an accepted certificate: its DER is the
 *     input, it parses again to the same fingerprint, which is the SHA-256
 *     of the input; the RFC 4514 strings are produced in exactly the length
 *     announced; SAN entries lie inside the DER, dNSNames are ASCII,
 *     iPAddresses 4 or 16 bytes; a v1/v2 certificate has no extension
 *     values; the scheme id is a known one or NBTLS_E_UNSUPPORTED; the key
 *     getter gives a key or NBTLS_E_UNSUPPORTED; a verify op against an
 *     empty trust store ends NBTLS_E_CERTIFICATE with a detail code;
 *   - the same bytes as PEM text (nbtls_x509_from_pem_next until the end):
 *     no crash, positions only move forward;
 *   - pair mode: data = 0xC5, len (2 bytes), cert A (len bytes), cert B:
 *     if both parse, A is verified with B as the only anchor at A's
 *     notBefore at budget 3: it ends DONE or NBTLS_E_CERTIFICATE, within
 *     one signature check, with the same outcome at budget 0.
 * Replayed by ctest over tests/fuzz/corpus/fuzz_x509/.
 */
#include "fuzz_common.h"

#include "hash/sha256.h"
#include "nbtls/x509.h"

static void check_cert(const nbtls_x509 *c, const uint8_t *data, size_t size) {
    size_t n;
    const unsigned char *der = nbtls_x509_der(c, &n);
    FUZZ_ASSERT(n == size && memcmp(der, data, size) == 0);
    unsigned char fp[32], want[32];
    nbtls_x509_fingerprint_sha256(c, fp);
    nbtls_sha256(data, size, want);
    FUZZ_ASSERT(memcmp(fp, want, 32) == 0);
    nbtls_x509 *again = NULL;
    FUZZ_ASSERT(nbtls_x509_from_der(&again, der, n) == NBTLS_DONE);
    nbtls_x509_fingerprint_sha256(again, want);
    FUZZ_ASSERT(memcmp(fp, want, 32) == 0);
    nbtls_x509_free(again);
    for (int which = 0; which < 2; which++) {
        size_t need = 0, got = 0;
        char small[4];
        int rc = which
                     ? nbtls_x509_issuer_string(c, small, sizeof small, &need)
                     : nbtls_x509_subject_string(c, small, sizeof small, &need);
        FUZZ_ASSERT(rc == NBTLS_DONE || rc == NBTLS_E_BUFFER_TOO_SMALL ||
                    rc == NBTLS_E_UNSUPPORTED);
        if (rc == NBTLS_E_UNSUPPORTED) continue;
        char *s = (char *)malloc(need + 1);
        FUZZ_ASSERT(s != NULL);
        rc = which ? nbtls_x509_issuer_string(c, s, need + 1, &got)
                   : nbtls_x509_subject_string(c, s, need + 1, &got);
        FUZZ_ASSERT(rc == NBTLS_DONE && got == need && s[got] == 0);
        free(s);
    }
    for (size_t i = 0; i < nbtls_x509_san_dns_count(c); i++) {
        const char *d = nbtls_x509_san_dns(c, i, &n);
        FUZZ_ASSERT(d != NULL);
        FUZZ_ASSERT((const uint8_t *)d >= der &&
                    (const uint8_t *)d + n <= der + size);
        for (size_t k = 0; k < n; k++)
            FUZZ_ASSERT((unsigned char)d[k] < 0x80);
    }
    for (size_t i = 0; i < nbtls_x509_san_ip_count(c); i++) {
        const unsigned char *ip = nbtls_x509_san_ip(c, i, &n);
        FUZZ_ASSERT(ip != NULL && (n == 4 || n == 16));
        FUZZ_ASSERT(ip >= der && ip + n <= der + size);
    }
    int v = nbtls_x509_version(c);
    FUZZ_ASSERT(v >= 1 && v <= 3);
    if (v < 3)
        FUZZ_ASSERT(nbtls_x509_key_usage(c) == -1 && nbtls_x509_eku(c) == -1 &&
                    nbtls_x509_is_ca(c) == 0 &&
                    nbtls_x509_san_dns_count(c) == 0 &&
                    nbtls_x509_unknown_critical_count(c) == 0);
    const unsigned char *serial = nbtls_x509_serial(c, &n);
    FUZZ_ASSERT(serial != NULL && n >= 1 && n <= 20);
    int sch = nbtls_x509_signature_scheme(c);
    FUZZ_ASSERT(sch == NBTLS_E_UNSUPPORTED || sch == 0x0401 || sch == 0x0501 ||
                sch == 0x0601 || sch == 0x0403 || sch == 0x0503 ||
                sch == 0x0603 || sch == 0x0804 || sch == 0x0805 ||
                sch == 0x0806 || sch == 0x0101 || sch == 0x0201 ||
                sch == 0x0203);
    nbtls_key *k = NULL;
    int rc = nbtls_x509_public_key(c, &k);
    FUZZ_ASSERT(rc == NBTLS_DONE || rc == NBTLS_E_UNSUPPORTED);
    FUZZ_ASSERT((rc == NBTLS_DONE) == (k != NULL));
    nbtls_key_free(k);
    FUZZ_ASSERT(nbtls_x509_path_len(c) >= -1);
    /* an empty trust store: never valid */
    nbtls_trust *t = NULL;
    FUZZ_ASSERT(nbtls_trust_new(&t) == NBTLS_DONE);
    nbtls_op *op = NULL;
    const nbtls_x509 *chain[1] = {c};
    FUZZ_ASSERT(nbtls_x509_verify_start(
                    &op, t, chain, 1, "a.example.com", nbtls_x509_not_before(c),
                    NBTLS_X509_PURPOSE_SERVER) == NBTLS_DONE);
    FUZZ_ASSERT(fuzz_run(op, 2) == NBTLS_E_CERTIFICATE);
    int d = nbtls_op_x509_error(op);
    FUZZ_ASSERT(d > NBTLS_X509_OK && d <= NBTLS_X509_ERR_VERSION);
    nbtls_op_free(op);
    nbtls_trust_free(t);
}

static void pair(const uint8_t *data, size_t size) {
    if (size < 3 || data[0] != 0xc5) return;
    size_t la = (size_t)data[1] << 8 | data[2];
    if (la > size - 3) return;
    nbtls_x509 *a = NULL, *b = NULL;
    if (nbtls_x509_from_der(&a, data + 3, la) != NBTLS_DONE) return;
    if (nbtls_x509_from_der(&b, data + 3 + la, size - 3 - la) == NBTLS_DONE) {
        nbtls_trust *t = NULL;
        FUZZ_ASSERT(nbtls_trust_new(&t) == NBTLS_DONE);
        FUZZ_ASSERT(nbtls_trust_add(t, b) == NBTLS_DONE);
        const nbtls_x509 *chain[1] = {a};
        int out[2], det[2];
        for (int i = 0; i < 2; i++) {
            nbtls_op *op = NULL;
            FUZZ_ASSERT(nbtls_x509_verify_start(
                            &op, t, chain, 1, NULL, nbtls_x509_not_before(a),
                            NBTLS_X509_PURPOSE_SERVER) == NBTLS_DONE);
            out[i] = fuzz_run(op, i == 0 ? 3 : 0);
            FUZZ_ASSERT(out[i] == NBTLS_DONE || out[i] == NBTLS_E_CERTIFICATE);
            FUZZ_ASSERT(nbtls_x509_verify_signatures(op) <= 1);
            det[i] = nbtls_op_x509_error(op);
            nbtls_op_free(op);
        }
        FUZZ_ASSERT(out[0] == out[1] && det[0] == det[1]);
        nbtls_trust_free(t);
    }
    nbtls_x509_free(a);
    nbtls_x509_free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 8192) return 0;
    nbtls_x509 *c = NULL;
    int rc = nbtls_x509_from_der(&c, size ? data : (const uint8_t *)"", size);
    FUZZ_ASSERT(rc == NBTLS_DONE || rc == NBTLS_E_CERTIFICATE);
    FUZZ_ASSERT((rc == NBTLS_DONE) == (c != NULL));
    if (c != NULL) check_cert(c, data, size);
    nbtls_x509_free(c);
    /* as PEM text */
    size_t pos = 0;
    for (int i = 0; i < 64; i++) {
        size_t before = pos;
        c = NULL;
        rc = nbtls_x509_from_pem_next(
            &c, (const char *)(size ? data : (const uint8_t *)""), size, &pos);
        FUZZ_ASSERT(rc == NBTLS_DONE || rc == NBTLS_E_CERTIFICATE);
        FUZZ_ASSERT(pos >= before && pos <= size);
        if (c == NULL && rc == NBTLS_DONE) break;
        nbtls_x509_free(c);
        if (rc != NBTLS_DONE && pos == before) break;
    }
    pair(data, size);
    return 0;
}
