/*
 * Open-box tests of the strict DER reader (core/asn1/der.c), on encodings
 * built by hand from X.690's rules (structure only, no crypto values):
 * short and long lengths, non-minimal and indefinite lengths, lengths past
 * the end, high tag numbers; INTEGER minimality and sign; BIT STRING
 * unused bits; OID sub-identifier rules and comparison; NULL; expect()
 * leaving the reader untouched on a tag mismatch; nbtls_der_validate() on
 * nested structures, trailing data and its depth bound.
 */
#include "check.h"
#include "asn1/der.h"

static int tlv(const unsigned char *p, size_t n, uint8_t *tag, size_t *len) {
    nbtls_reader r, c;
    nbtls_reader_init(&r, p, n);
    int rc = nbtls_der_read_tlv(&r, tag, &c);
    if (rc == NBTLS_DONE) *len = nbtls_reader_left(&c);
    return rc;
}

#define B(...) ((const unsigned char[]){__VA_ARGS__})
#define BL(...) sizeof((const unsigned char[]){__VA_ARGS__})
#define TLV_OK(want_len, ...)                                                  \
    do {                                                                       \
        uint8_t t_;                                                            \
        size_t l_ = 0;                                                         \
        CHECK_EQ(tlv(B(__VA_ARGS__), BL(__VA_ARGS__), &t_, &l_), NBTLS_DONE);  \
        CHECK_EQ(l_, want_len);                                                \
    } while (0)
#define TLV_BAD(...)                                                           \
    do {                                                                       \
        uint8_t t_;                                                            \
        size_t l_;                                                             \
        CHECK_EQ(tlv(B(__VA_ARGS__), BL(__VA_ARGS__), &t_, &l_),               \
                 NBTLS_E_INVALID_ARG);                                         \
    } while (0)

static int uint_of(const unsigned char *p, size_t n, const unsigned char **v,
                   size_t *vl) {
    nbtls_reader r;
    nbtls_reader_init(&r, p, n);
    int rc = nbtls_der_uint(&r, v, vl);
    if (rc == NBTLS_DONE && nbtls_reader_left(&r) != 0) return -100;
    return rc;
}

static int bits_of(const unsigned char *p, size_t n, unsigned *unused) {
    nbtls_reader r;
    const unsigned char *q;
    size_t l;
    nbtls_reader_init(&r, p, n);
    return nbtls_der_bit_string(&r, &q, &l, unused);
}

static int oid_of(const unsigned char *p, size_t n) {
    nbtls_reader r;
    const unsigned char *q;
    size_t l;
    nbtls_reader_init(&r, p, n);
    return nbtls_der_oid(&r, &q, &l);
}

int main(void) {
    /* lengths */
    TLV_OK(0, 0x04, 0x00);
    TLV_OK(2, 0x04, 0x02, 0xaa, 0xbb);
    TLV_BAD(0x04, 0x03, 0xaa, 0xbb);       /* past the end */
    TLV_BAD(0x04);                         /* no length */
    TLV_BAD(0x04, 0x81, 0x02, 0xaa, 0xbb); /* long form for < 128 */
    TLV_BAD(0x30, 0x80, 0x00, 0x00);       /* indefinite */
    TLV_BAD(0x04, 0x82, 0x00, 0x80);       /* leading zero length byte */
    TLV_BAD(0x04, 0x85, 0, 0, 0, 0, 1);    /* 5 length bytes */
    TLV_BAD(0x04, 0xff);                   /* reserved */
    TLV_BAD(0x1f, 0x01, 0x00);             /* high tag number form */
    TLV_BAD(0x3f, 0x01, 0x00);
    /* universal tag 0 (end-of-contents), constructed universal strings and
     * other primitive-only types, a primitive SEQUENCE/SET */
    TLV_BAD(0x00, 0x00);
    TLV_BAD(0x20, 0x00);
    TLV_BAD(0x24, 0x03, 0x04, 0x01, 0x61); /* constructed OCTET STRING */
    TLV_BAD(0x23, 0x03, 0x03, 0x01, 0x00); /* constructed BIT STRING */
    TLV_BAD(0x2c, 0x03, 0x0c, 0x01, 0x61); /* constructed UTF8String */
    TLV_BAD(0x33, 0x00);                   /* constructed PrintableString */
    TLV_BAD(0x37, 0x00);                   /* constructed UTCTime */
    TLV_BAD(0x22, 0x01, 0x00);             /* constructed INTEGER */
    TLV_BAD(0x10, 0x00);                   /* primitive SEQUENCE */
    TLV_BAD(0x11, 0x00);                   /* primitive SET */
    TLV_OK(0, 0x30, 0x00);
    TLV_OK(0, 0x31, 0x00);
    TLV_OK(0, 0xa0, 0x00); /* context-specific [0], both forms */
    TLV_OK(0, 0x80, 0x00);
    TLV_OK(1, 0x0c, 0x01, 0x61);
    {
        unsigned char big[3 + 200];
        big[0] = 0x04;
        big[1] = 0x81;
        big[2] = 200;
        memset(big + 3, 0, 200);
        uint8_t t;
        size_t l = 0;
        CHECK_EQ(tlv(big, sizeof big, &t, &l), NBTLS_DONE);
        CHECK_EQ(l, 200);
        CHECK_EQ(tlv(big, sizeof big - 1, &t, &l), NBTLS_E_INVALID_ARG);
    }
    /* INTEGER */
    const unsigned char *v;
    size_t vl;
    CHECK_EQ(uint_of(B(0x02, 0x01, 0x00), 3, &v, &vl), NBTLS_DONE);
    CHECK(vl == 1 && v[0] == 0);
    CHECK_EQ(uint_of(B(0x02, 0x01, 0x7f), 3, &v, &vl), NBTLS_DONE);
    CHECK_EQ(uint_of(B(0x02, 0x02, 0x00, 0x80), 4, &v, &vl), NBTLS_DONE);
    CHECK(vl == 1 && v[0] == 0x80); /* sign byte stripped */
    CHECK_EQ(uint_of(B(0x02, 0x02, 0x00, 0x7f), 4, &v, &vl),
             NBTLS_E_INVALID_ARG); /* superfluous 0x00 */
    CHECK_EQ(uint_of(B(0x02, 0x02, 0xff, 0x80), 4, &v, &vl),
             NBTLS_E_INVALID_ARG); /* superfluous 0xff */
    CHECK_EQ(uint_of(B(0x02, 0x01, 0x80), 3, &v, &vl),
             NBTLS_E_INVALID_ARG); /* negative */
    CHECK_EQ(uint_of(B(0x02, 0x00), 2, &v, &vl), NBTLS_E_INVALID_ARG);
    CHECK_EQ(uint_of(B(0x03, 0x01, 0x00), 3, &v, &vl), NBTLS_E_INVALID_ARG);
    {
        nbtls_reader r;
        uint32_t x = 0;
        nbtls_reader_init(&r, B(0x02, 0x04, 0x7f, 0xff, 0xff, 0xff), 6);
        CHECK_EQ(nbtls_der_small_uint(&r, &x), NBTLS_DONE);
        CHECK_EQ(x, 0x7fffffff);
        nbtls_reader_init(&r, B(0x02, 0x05, 0x00, 0xff, 0xff, 0xff, 0xff), 7);
        CHECK_EQ(nbtls_der_small_uint(&r, &x), NBTLS_DONE);
        CHECK_EQ(x, 0xffffffffu);
        nbtls_reader_init(&r, B(0x02, 0x05, 0x01, 0, 0, 0, 0), 7);
        CHECK_EQ(nbtls_der_small_uint(&r, &x), NBTLS_E_INVALID_ARG);
    }
    /* BIT STRING */
    unsigned u = 9;
    CHECK_EQ(bits_of(B(0x03, 0x01, 0x00), 3, &u), NBTLS_DONE);
    CHECK_EQ(u, 0);
    CHECK_EQ(bits_of(B(0x03, 0x02, 0x03, 0xf8), 4, &u), NBTLS_DONE);
    CHECK_EQ(u, 3);
    CHECK_EQ(bits_of(B(0x03, 0x02, 0x03, 0xf9), 4, &u), NBTLS_E_INVALID_ARG);
    CHECK_EQ(bits_of(B(0x03, 0x02, 0x08, 0x00), 4, &u), NBTLS_E_INVALID_ARG);
    CHECK_EQ(bits_of(B(0x03, 0x01, 0x01), 3, &u), NBTLS_E_INVALID_ARG);
    CHECK_EQ(bits_of(B(0x03, 0x00), 2, &u), NBTLS_E_INVALID_ARG);
    {
        nbtls_reader r;
        const unsigned char *q;
        size_t l;
        nbtls_reader_init(&r, B(0x03, 0x02, 0x01, 0x80), 4);
        CHECK_EQ(nbtls_der_bit_string_octets(&r, &q, &l), NBTLS_E_INVALID_ARG);
    }
    /* OID: 1.2.840.10045.3.1.7 */
    static const unsigned char P256[] = {0x2a, 0x86, 0x48, 0xce,
                                         0x3d, 0x03, 0x01, 0x07};
    CHECK_EQ(
        oid_of(B(0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07),
               10),
        NBTLS_DONE);
    CHECK_EQ(oid_of(B(0x06, 0x00), 2), NBTLS_E_INVALID_ARG);
    CHECK_EQ(oid_of(B(0x06, 0x02, 0x2a, 0x86), 4), NBTLS_E_INVALID_ARG);
    CHECK_EQ(oid_of(B(0x06, 0x03, 0x2a, 0x80, 0x01), 5), NBTLS_E_INVALID_ARG);
    CHECK_EQ(oid_of(B(0x06, 0x02, 0x80, 0x01), 4), NBTLS_E_INVALID_ARG);
    CHECK(nbtls_der_oid_eq(P256, 8, P256, 8));
    CHECK(!nbtls_der_oid_eq(P256, 7, P256, 8));
    CHECK(!nbtls_der_oid_eq(B(0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x08),
                            8, P256, 8));
    /* NULL */
    {
        nbtls_reader r;
        nbtls_reader_init(&r, B(0x05, 0x00), 2);
        CHECK_EQ(nbtls_der_null(&r), NBTLS_DONE);
        nbtls_reader_init(&r, B(0x05, 0x01, 0x00), 3);
        CHECK_EQ(nbtls_der_null(&r), NBTLS_E_INVALID_ARG);
    }
    /* expect: wrong tag leaves the reader where it was */
    {
        nbtls_reader r, c;
        nbtls_reader_init(&r, B(0x04, 0x00), 2);
        CHECK_EQ(nbtls_der_expect(&r, 0x30, &c), NBTLS_E_INVALID_ARG);
        CHECK_EQ(nbtls_reader_left(&r), 2);
        CHECK_EQ(nbtls_der_peek_tag(&r), 0x04);
        CHECK_EQ(nbtls_der_expect(&r, 0x04, &c), NBTLS_DONE);
        CHECK_EQ(nbtls_der_peek_tag(&r), 0);
    }
    /* validate */
    CHECK_EQ(nbtls_der_validate(
                 B(0x30, 0x06, 0x02, 0x01, 0x01, 0x05, 0x00, 0x30, 0x00), 9, 4),
             NBTLS_E_INVALID_ARG); /* inner lengths overrun */
    CHECK_EQ(nbtls_der_validate(
                 B(0x30, 0x07, 0x02, 0x01, 0x01, 0x05, 0x00, 0x30, 0x00), 9, 4),
             NBTLS_DONE);
    CHECK_EQ(nbtls_der_validate(B(0x30, 0x03, 0x02, 0x01, 0x01, 0x00), 6, 4),
             NBTLS_E_INVALID_ARG); /* trailing */
    CHECK_EQ(nbtls_der_validate(B(0x30, 0x03, 0x02, 0x02, 0x00), 5, 4),
             NBTLS_E_INVALID_ARG); /* inner overrun */
    CHECK_EQ(nbtls_der_validate(B(0x30, 0x04, 0x02, 0x02, 0x00, 0x01), 6, 4),
             NBTLS_E_INVALID_ARG); /* non-minimal INTEGER inside */
    CHECK_EQ(nbtls_der_validate(B(0x30, 0x03, 0x01, 0x01, 0x01), 5, 4),
             NBTLS_E_INVALID_ARG); /* BOOLEAN not 00/ff */
    {
        /* nesting: 30 (30 (30 ... ())) of depth d */
        unsigned char nest[64];
        for (int d = 1; d <= 20; d++) {
            for (int i = 0; i < d; i++) {
                nest[2 * i] = 0x30;
                nest[2 * i + 1] = (unsigned char)(2 * (d - 1 - i));
            }
            int rc =
                nbtls_der_validate(nest, (size_t)(2 * d), NBTLS_DER_MAX_DEPTH);
            CHECK_EQ(rc, d <= NBTLS_DER_MAX_DEPTH ? NBTLS_DONE
                                                  : NBTLS_E_INVALID_ARG);
        }
    }
    CHECK_EQ(nbtls_der_validate(NULL, 0, 4), NBTLS_E_INVALID_ARG);
    /* a constructed string inside a valid SEQUENCE is not recursed into */
    CHECK_EQ(nbtls_der_validate(B(0x30, 0x05, 0x24, 0x03, 0x04, 0x01, 0x61), 7,
                                4),
             NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_der_validate(B(0x30, 0x02, 0x00, 0x00), 4, 4),
             NBTLS_E_INVALID_ARG);
    /* SET OF order (X.690 11.6) */
    {
        nbtls_reader s;
        nbtls_reader_init(&s, B(0x02, 0x01, 0x01, 0x02, 0x01, 0x02), 6);
        CHECK_EQ(nbtls_der_check_set_of(&s), NBTLS_DONE);
        CHECK_EQ(nbtls_reader_left(&s), 6); /* not consumed */
        nbtls_reader_init(&s, B(0x02, 0x01, 0x02, 0x02, 0x01, 0x01), 6);
        CHECK_EQ(nbtls_der_check_set_of(&s), NBTLS_E_INVALID_ARG);
        /* equal elements are in order; shorter padded with zeros */
        nbtls_reader_init(&s, B(0x04, 0x00, 0x04, 0x00), 4);
        CHECK_EQ(nbtls_der_check_set_of(&s), NBTLS_DONE);
        nbtls_reader_init(&s, B(0x04, 0x01, 0x00, 0x04, 0x00), 5);
        CHECK_EQ(nbtls_der_check_set_of(&s), NBTLS_E_INVALID_ARG);
        nbtls_reader_init(&s, B(0x04, 0x00, 0x04, 0x01, 0x00), 5);
        CHECK_EQ(nbtls_der_check_set_of(&s), NBTLS_DONE);
        nbtls_reader_init(&s, B(0x04, 0x01), 2);
        CHECK_EQ(nbtls_der_check_set_of(&s), NBTLS_E_INVALID_ARG);
    }
    return CHECK_DONE();
}
