/* core/asn1: the strict DER reader. See der.h for the rules enforced. */
#include "asn1/der.h"

#define MALFORMED NBTLS_E_INVALID_ARG

int nbtls_der_read_tlv(nbtls_reader *r, uint8_t *tag, nbtls_reader *content) {
    uint8_t t, l0;
    NBTLS_GUARD(nbtls_reader_u8(r, &t));
    /* X.690 8.1.2.4: low bits 11111 announce the high-tag-number form. */
    NBTLS_ENSURE((t & 0x1f) != 0x1f, MALFORMED);
    if ((t & 0xc0) == 0) {
        /* Universal class. Tag number 0 is end-of-contents (BER only);
         * SEQUENCE and SET are always constructed, every other universal
         * type nbtls meets (INTEGER, strings, times, ...) is primitive in
         * DER (X.690 10.2: no constructed string encodings). */
        unsigned num = t & 0x1f;
        NBTLS_ENSURE(num != 0, MALFORMED);
        int cons = (t & 0x20) != 0;
        NBTLS_ENSURE(cons == (num == 16 || num == 17), MALFORMED);
    }
    NBTLS_GUARD(nbtls_reader_u8(r, &l0));
    size_t len;
    if (l0 < 0x80) {
        len = l0; /* short form */
    } else {
        /* 0x80 is the indefinite form (not DER); 0xff is reserved; more
         * than 4 length bytes is beyond anything nbtls parses. */
        size_t n = l0 & 0x7f;
        NBTLS_ENSURE(n >= 1 && n <= 4, MALFORMED);
        uint32_t v;
        NBTLS_GUARD(nbtls_reader_be(r, n, &v));
        /* DER 10.1: the minimum number of octets. */
        NBTLS_ENSURE(v >= 0x80, MALFORMED);
        NBTLS_ENSURE((v >> (8 * (n - 1))) != 0, MALFORMED);
        len = v;
    }
    NBTLS_GUARD(nbtls_reader_sub(r, len, content));
    *tag = t;
    return NBTLS_DONE;
}

int nbtls_der_expect(nbtls_reader *r, uint8_t tag, nbtls_reader *content) {
    uint8_t t;
    nbtls_reader save = *r, c;
    NBTLS_GUARD(nbtls_der_read_tlv(r, &t, &c));
    if (t != tag) {
        *r = save;
        return MALFORMED;
    }
    *content = c;
    return NBTLS_DONE;
}

uint8_t nbtls_der_peek_tag(const nbtls_reader *r) {
    return nbtls_reader_left(r) > 0 ? r->pos[0] : 0;
}

/* INTEGER content rule: non-empty, minimal two's complement. */
static int check_integer(const nbtls_reader *c) {
    size_t n = nbtls_reader_left(c);
    NBTLS_ENSURE(n >= 1, MALFORMED);
    if (n >= 2) {
        const unsigned char *p = c->pos;
        NBTLS_ENSURE(!(p[0] == 0x00 && p[1] < 0x80), MALFORMED);
        NBTLS_ENSURE(!(p[0] == 0xff && p[1] >= 0x80), MALFORMED);
    }
    return NBTLS_DONE;
}

int nbtls_der_uint(nbtls_reader *r, const unsigned char **p, size_t *len) {
    nbtls_reader c;
    NBTLS_GUARD(nbtls_der_expect(r, NBTLS_DER_INTEGER, &c));
    NBTLS_GUARD(check_integer(&c));
    const unsigned char *q = c.pos;
    size_t n = nbtls_reader_left(&c);
    NBTLS_ENSURE(q[0] < 0x80, MALFORMED); /* negative */
    if (n >= 2 && q[0] == 0) {
        q++;
        n--;
    }
    *p = q;
    *len = n;
    return NBTLS_DONE;
}

int nbtls_der_small_uint(nbtls_reader *r, uint32_t *v) {
    const unsigned char *p;
    size_t n;
    NBTLS_GUARD(nbtls_der_uint(r, &p, &n));
    NBTLS_ENSURE(n <= 4, MALFORMED);
    uint32_t x = 0;
    for (size_t i = 0; i < n; i++)
        x = (x << 8) | p[i];
    *v = x;
    return NBTLS_DONE;
}

/* BIT STRING content rule (X.690 8.6.2, DER 11.2). */
static int check_bit_string(const nbtls_reader *c, unsigned *unused) {
    size_t n = nbtls_reader_left(c);
    NBTLS_ENSURE(n >= 1, MALFORMED);
    unsigned u = c->pos[0];
    NBTLS_ENSURE(u <= 7, MALFORMED);
    NBTLS_ENSURE(n >= 2 || u == 0, MALFORMED);
    /* DER: the unused bits are zero. */
    if (u != 0) NBTLS_ENSURE((c->pos[n - 1] & ((1u << u) - 1)) == 0, MALFORMED);
    *unused = u;
    return NBTLS_DONE;
}

int nbtls_der_bit_string(nbtls_reader *r, const unsigned char **p, size_t *len,
                         unsigned *unused) {
    nbtls_reader c;
    NBTLS_GUARD(nbtls_der_expect(r, NBTLS_DER_BIT_STRING, &c));
    NBTLS_GUARD(check_bit_string(&c, unused));
    *p = c.pos + 1;
    *len = nbtls_reader_left(&c) - 1;
    return NBTLS_DONE;
}

int nbtls_der_bit_string_octets(nbtls_reader *r, const unsigned char **p,
                                size_t *len) {
    unsigned unused;
    NBTLS_GUARD(nbtls_der_bit_string(r, p, len, &unused));
    NBTLS_ENSURE(unused == 0, MALFORMED);
    return NBTLS_DONE;
}

int nbtls_der_octet_string(nbtls_reader *r, const unsigned char **p,
                           size_t *len) {
    nbtls_reader c;
    NBTLS_GUARD(nbtls_der_expect(r, NBTLS_DER_OCTET_STRING, &c));
    *p = c.pos;
    *len = nbtls_reader_left(&c);
    return NBTLS_DONE;
}

/* OID content rule (X.690 8.19): sub-identifiers in base 128, minimal. */
static int check_oid(const nbtls_reader *c) {
    size_t n = nbtls_reader_left(c);
    const unsigned char *p = c->pos;
    NBTLS_ENSURE(n >= 1, MALFORMED);
    NBTLS_ENSURE((p[n - 1] & 0x80) == 0, MALFORMED); /* complete */
    for (size_t i = 0; i < n; i++) {
        /* a sub-identifier starts at 0 or after a byte < 0x80 */
        int starts = i == 0 || (p[i - 1] & 0x80) == 0;
        NBTLS_ENSURE(!(starts && p[i] == 0x80), MALFORMED);
    }
    return NBTLS_DONE;
}

int nbtls_der_oid(nbtls_reader *r, const unsigned char **p, size_t *len) {
    nbtls_reader c;
    NBTLS_GUARD(nbtls_der_expect(r, NBTLS_DER_OID, &c));
    NBTLS_GUARD(check_oid(&c));
    *p = c.pos;
    *len = nbtls_reader_left(&c);
    return NBTLS_DONE;
}

int nbtls_der_oid_eq(const unsigned char *p, size_t len,
                     const unsigned char *oid, size_t oid_len) {
    return len == oid_len && memcmp(p, oid, len) == 0;
}

int nbtls_der_null(nbtls_reader *r) {
    nbtls_reader c;
    NBTLS_GUARD(nbtls_der_expect(r, NBTLS_DER_NULL, &c));
    return nbtls_reader_expect_end(&c);
}

/* X.690 11.6: a before-or-equal b as octet strings, the shorter padded
 * with trailing zero octets. */
static int set_order_ok(const unsigned char *a, size_t na,
                        const unsigned char *b, size_t nb) {
    size_t n = na > nb ? na : nb;
    for (size_t i = 0; i < n; i++) {
        unsigned x = i < na ? a[i] : 0, y = i < nb ? b[i] : 0;
        if (x != y) return x < y;
    }
    return 1;
}

int nbtls_der_check_set_of(const nbtls_reader *set) {
    nbtls_reader r = *set;
    const unsigned char *prev = NULL;
    size_t prev_len = 0;
    while (nbtls_reader_left(&r) > 0) {
        const unsigned char *start = r.pos;
        uint8_t tag;
        nbtls_reader c;
        NBTLS_GUARD(nbtls_der_read_tlv(&r, &tag, &c));
        size_t len = (size_t)(r.pos - start);
        if (prev != NULL)
            NBTLS_ENSURE(set_order_ok(prev, prev_len, start, len), MALFORMED);
        prev = start;
        prev_len = len;
    }
    return NBTLS_DONE;
}

/* Check the TLVs filling `r` exactly, recursing into constructed ones
 * while depth < max_depth. */
static int validate_seq(nbtls_reader *r, unsigned depth, unsigned max_depth) {
    while (nbtls_reader_left(r) > 0) {
        uint8_t tag;
        nbtls_reader c;
        unsigned unused;
        NBTLS_GUARD(nbtls_der_read_tlv(r, &tag, &c));
        if (tag & 0x20) {
            NBTLS_ENSURE(depth + 1 <= max_depth, MALFORMED);
            NBTLS_GUARD(validate_seq(&c, depth + 1, max_depth));
            continue;
        }
        switch (tag) {
        case NBTLS_DER_INTEGER: NBTLS_GUARD(check_integer(&c)); break;
        case NBTLS_DER_BIT_STRING:
            NBTLS_GUARD(check_bit_string(&c, &unused));
            break;
        case NBTLS_DER_OID: NBTLS_GUARD(check_oid(&c)); break;
        case NBTLS_DER_NULL:
            NBTLS_ENSURE(nbtls_reader_left(&c) == 0, MALFORMED);
            break;
        case NBTLS_DER_BOOLEAN:
            NBTLS_ENSURE(nbtls_reader_left(&c) == 1 &&
                             (c.pos[0] == 0 || c.pos[0] == 0xff),
                         MALFORMED);
            break;
        default: break;
        }
    }
    return NBTLS_DONE;
}

int nbtls_der_validate(const unsigned char *der, size_t len,
                       unsigned max_depth) {
    NBTLS_ENSURE(der != NULL && len > 0, NBTLS_E_INVALID_ARG);
    nbtls_reader r, c;
    uint8_t tag;
    nbtls_reader_init(&r, der, len);
    /* exactly one top-level TLV */
    nbtls_reader whole = r;
    NBTLS_GUARD(nbtls_der_read_tlv(&r, &tag, &c));
    NBTLS_GUARD(nbtls_reader_expect_end(&r));
    return validate_seq(&whole, 0, max_depth);
}
