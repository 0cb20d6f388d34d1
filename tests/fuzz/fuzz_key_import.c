/*
 * Fuzz target: P-256 key import from arbitrary bytes.
 *   - nbtls_key_p256_from_public(data, size): never crashes; accepts only
 *     33-byte 02/03 and 65-byte 04 encodings; an accepted key exports a
 *     65-byte 04 point that re-imports to the same point, and whose
 *     compressed form imports to the same point too;
 *   - nbtls_key_p256_from_private(first 32 bytes): accepted exactly when
 *     the scalar is in [1, n-1]; the key exports the same scalar, and the
 *     restartable import (budget from the input) gives the same point;
 *   - the input as the [0] attributes of a fixed PKCS#8 P-256 key
 *     (nbtls_key_from_der): BAD_KEY or DONE only, and DONE only if an
 *     independent walk finds a SET OF Attribute { OID, non-empty SET OF
 *     values } in DER order with no universal tag 0, no constructed
 *     universal string (or other primitive-only type) anywhere.
 */
#include "fuzz_common.h"
#include "fuzz_ec.h"

static void check_public(const uint8_t *data, size_t size) {
    nbtls_key *k = NULL;
    int rc = nbtls_key_p256_from_public(&k, data, size);
    FUZZ_ASSERT(rc == NBTLS_DONE || rc == NBTLS_E_BAD_KEY ||
                (rc == NBTLS_E_INVALID_ARG && data == NULL));
    if (rc != NBTLS_DONE) {
        FUZZ_ASSERT(k == NULL);
        return;
    }
    FUZZ_ASSERT((size == 65 && data[0] == 4) ||
                (size == 33 && (data[0] == 2 || data[0] == 3)));
    FUZZ_ASSERT(nbtls_key_has_private(k) == 0);
    unsigned char pub[65], again[65], c[33];
    size_t len = 0;
    FUZZ_ASSERT(nbtls_key_export_public(k, pub, sizeof pub, &len) ==
                NBTLS_DONE);
    FUZZ_ASSERT(len == 65 && pub[0] == 4);
    FUZZ_ASSERT(memcmp(pub + 1, data + 1, 32) == 0); /* same x */
    if (size == 65) FUZZ_ASSERT(memcmp(pub, data, 65) == 0);
    if (size == 33) FUZZ_ASSERT((pub[64] & 1) == (data[0] & 1));
    nbtls_key_free(k);
    /* round trip: uncompressed, then compressed */
    k = NULL;
    FUZZ_ASSERT(nbtls_key_p256_from_public(&k, pub, 65) == NBTLS_DONE);
    FUZZ_ASSERT(nbtls_key_export_public(k, again, 65, &len) == NBTLS_DONE);
    FUZZ_ASSERT(memcmp(again, pub, 65) == 0);
    nbtls_key_free(k);
    c[0] = (unsigned char)(2 | (pub[64] & 1));
    memcpy(c + 1, pub + 1, 32);
    k = NULL;
    FUZZ_ASSERT(nbtls_key_p256_from_public(&k, c, 33) == NBTLS_DONE);
    FUZZ_ASSERT(nbtls_key_export_public(k, again, 65, &len) == NBTLS_DONE);
    FUZZ_ASSERT(memcmp(again, pub, 65) == 0);
    nbtls_key_free(k);
}

static void check_private(const uint8_t *data, size_t size) {
    if (size < 32) return;
    nbtls_key *k = NULL;
    int rc = nbtls_key_p256_from_private(&k, data);
    FUZZ_ASSERT(rc ==
                (fuzz_in_range(&EC_P256, data) ? NBTLS_DONE : NBTLS_E_BAD_KEY));
    nbtls_op *op = NULL;
    int rc2 = nbtls_p256_key_from_private_start(&op, data);
    FUZZ_ASSERT(rc2 == rc);
    if (rc != NBTLS_DONE) {
        FUZZ_ASSERT(k == NULL && op == NULL);
        return;
    }
    unsigned char d[32], pub[65], pub2[65];
    size_t len = 0;
    FUZZ_ASSERT(nbtls_key_export_private(k, d, 32, &len) == NBTLS_DONE);
    FUZZ_ASSERT(len == 32 && memcmp(d, data, 32) == 0);
    FUZZ_ASSERT(nbtls_key_export_public(k, pub, 65, &len) == NBTLS_DONE);
    uint32_t budget = size > 32 ? data[32] % 9 : 1;
    FUZZ_ASSERT(fuzz_run(op, budget) == NBTLS_DONE);
    nbtls_key *k2 = NULL;
    FUZZ_ASSERT(nbtls_op_take_key(op, &k2) == NBTLS_DONE);
    FUZZ_ASSERT(nbtls_key_export_public(k2, pub2, 65, &len) == NBTLS_DONE);
    FUZZ_ASSERT(memcmp(pub, pub2, 65) == 0);
    nbtls_op_free(op);
    nbtls_key_free(k2);
    /* the public point is a valid public key */
    nbtls_key *kp = NULL;
    FUZZ_ASSERT(nbtls_key_p256_from_public(&kp, pub, 65) == NBTLS_DONE);
    nbtls_key_free(kp);
    nbtls_key_free(k);
}

/* A minimal TLV split for the oracle (lengths short or long form). */
static int tlv(const uint8_t *p, size_t n, size_t *i, uint8_t *tag,
               const uint8_t **c, size_t *len) {
    if (*i + 2 > n) return 0;
    *tag = p[(*i)++];
    size_t l = p[(*i)++];
    if (l & 0x80) {
        size_t k = l & 0x7f;
        if (k == 0 || k > 4 || *i + k > n) return 0;
        l = 0;
        while (k--) l = (l << 8) | p[(*i)++];
    }
    if (l > n - *i) return 0;
    *c = p + *i;
    *len = l;
    *i += l;
    return 1;
}

/* Every tag in the tree obeys the universal-class rules. */
static int tags_ok(const uint8_t *p, size_t n, unsigned depth) {
    size_t i = 0;
    if (depth > 40) return 0;
    while (i < n) {
        uint8_t t;
        const uint8_t *c;
        size_t l;
        if (!tlv(p, n, &i, &t, &c, &l)) return 0;
        if ((t & 0xc0) == 0) {
            unsigned num = t & 0x1f;
            if (num == 0) return 0;
            if (((t & 0x20) != 0) != (num == 16 || num == 17)) return 0;
        }
        if ((t & 0x20) && !tags_ok(c, l, depth + 1)) return 0;
    }
    return 1;
}

/* SET OF elements (p, n) in X.690 11.6 order. */
static int sorted(const uint8_t *p, size_t n) {
    size_t i = 0, prev = 0, prev_len = 0;
    int first = 1;
    while (i < n) {
        size_t start = i, l;
        uint8_t t;
        const uint8_t *c;
        if (!tlv(p, n, &i, &t, &c, &l)) return 0;
        if (!first) {
            size_t a = prev_len, b = i - start, m = a > b ? a : b;
            for (size_t j = 0; j < m; j++) {
                unsigned x = j < a ? p[prev + j] : 0;
                unsigned y = j < b ? p[start + j] : 0;
                if (x < y) break;
                if (x > y) return 0;
            }
        }
        first = 0;
        prev = start;
        prev_len = i - start;
    }
    return 1;
}

static int attributes_ok(const uint8_t *p, size_t n) {
    size_t i = 0;
    if (!tags_ok(p, n, 0) || !sorted(p, n)) return 0;
    while (i < n) {
        uint8_t t;
        const uint8_t *attr, *c;
        size_t alen, l, j = 0;
        if (!tlv(p, n, &i, &t, &attr, &alen) || t != 0x30) return 0;
        if (!tlv(attr, alen, &j, &t, &c, &l) || t != 0x06 || l == 0) return 0;
        if (!tlv(attr, alen, &j, &t, &c, &l) || t != 0x31 || l == 0) return 0;
        if (j != alen || !sorted(c, l)) return 0;
    }
    return 1;
}

static size_t put_len(uint8_t *p, size_t len) {
    if (len < 128) {
        p[0] = (uint8_t)len;
        return 1;
    }
    if (len < 256) {
        p[0] = 0x81;
        p[1] = (uint8_t)len;
        return 2;
    }
    p[0] = 0x82;
    p[1] = (uint8_t)(len >> 8);
    p[2] = (uint8_t)len;
    return 3;
}

/* PKCS#8 P-256 key d = 1 with [0] holding `data`; long_form: the [0]
 * length in the 0x81 form whatever its value (non-minimal below 128). */
static size_t make_pkcs8(uint8_t *buf, const uint8_t *data, size_t size,
                         int long_form) {
    static const uint8_t head[] = {
        0x02, 0x01, 0x00, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce,
        0x3d, 0x02, 0x01, 0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03,
        0x01, 0x07, 0x04, 0x27, 0x30, 0x25, 0x02, 0x01, 0x01, 0x04, 0x20};
    uint8_t alen[3];
    size_t al = long_form ? 2 : put_len(alen, size), n = 0;
    if (long_form) {
        alen[0] = 0x81;
        alen[1] = (uint8_t)size;
    }
    buf[n++] = 0x30;
    n += put_len(buf + n, sizeof head + 32 + 1 + al + size);
    memcpy(buf + n, head, sizeof head);
    n += sizeof head;
    memset(buf + n, 0, 32); /* d = 1 */
    buf[n + 31] = 1;
    n += 32;
    buf[n++] = 0xa0;
    memcpy(buf + n, alen, al);
    n += al;
    if (size > 0) memcpy(buf + n, data, size);
    return n + size;
}

static void check_pkcs8_attributes(const uint8_t *data, size_t size) {
    if (size > 250) return;
    uint8_t buf[400];
    for (int long_form = 0; long_form <= 1; long_form++) {
        size_t n = make_pkcs8(buf, data, size, long_form);
        nbtls_key *k = NULL;
        int rc = nbtls_key_from_der(&k, buf, n);
        FUZZ_ASSERT(rc == NBTLS_DONE || rc == NBTLS_E_BAD_KEY);
        if (rc == NBTLS_DONE) FUZZ_ASSERT(attributes_ok(data, size));
        if (long_form && size < 128) FUZZ_ASSERT(rc == NBTLS_E_BAD_KEY);
        if (!long_form && size == 0) FUZZ_ASSERT(rc == NBTLS_DONE);
        nbtls_key_free(k);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    check_public(data, size);
    check_private(data, size);
    check_pkcs8_attributes(data, size);
    return 0;
}
