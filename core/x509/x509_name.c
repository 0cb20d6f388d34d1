/*
 * core/x509: Names (RFC 5280 4.1.2.4) — structure checks and the RFC 4514
 * string form.
 */
#include "asn1/der.h"
#include "x509/x509.h"

#define BAD NBTLS_E_CERTIFICATE
#define DER(expr)                                                              \
    do {                                                                       \
        if ((expr) < 0) return BAD;                                            \
    } while (0)

/* Name content: SEQUENCE OF RelativeDistinguishedName, each a SET SIZE
 * (1..MAX) OF AttributeTypeAndValue { type OID, value ANY } in DER order,
 * every value a valid DER TLV. */
int nbtls_x509_check_name(nbtls_reader *name) {
    while (nbtls_reader_left(name) > 0) {
        nbtls_reader rdn;
        DER(nbtls_der_expect(name, NBTLS_DER_SET, &rdn));
        NBTLS_ENSURE(nbtls_reader_left(&rdn) > 0, BAD);
        DER(nbtls_der_check_set_of(&rdn));
        while (nbtls_reader_left(&rdn) > 0) {
            nbtls_reader atv, v;
            const unsigned char *oid, *start;
            size_t n;
            uint8_t tag;
            DER(nbtls_der_expect(&rdn, NBTLS_DER_SEQUENCE, &atv));
            DER(nbtls_der_oid(&atv, &oid, &n));
            start = atv.pos;
            DER(nbtls_der_read_tlv(&atv, &tag, &v));
            DER(nbtls_der_validate(start, (size_t)(atv.pos - start),
                                   NBTLS_DER_MAX_DEPTH));
            DER(nbtls_reader_expect_end(&atv));
        }
    }
    return NBTLS_DONE;
}

/* A bounded writer that counts what it could not write. */
typedef struct {
    char *out;
    size_t size, len;
} writer;

static void put(writer *w, char ch) {
    if (w->len + 1 < w->size) w->out[w->len] = ch;
    w->len++;
}

static void puts_(writer *w, const char *s) {
    while (*s)
        put(w, *s++);
}

static void put_hex(writer *w, unsigned b) {
    static const char hex[] = "0123456789ABCDEF";
    put(w, hex[(b >> 4) & 15]);
    put(w, hex[b & 15]);
}

static void put_utf8(writer *w, uint32_t cp) {
    if (cp < 0x80) {
        put(w, (char)cp);
    } else if (cp < 0x800) {
        put(w, (char)(0xc0 | (cp >> 6)));
        put(w, (char)(0x80 | (cp & 0x3f)));
    } else if (cp < 0x10000) {
        put(w, (char)(0xe0 | (cp >> 12)));
        put(w, (char)(0x80 | ((cp >> 6) & 0x3f)));
        put(w, (char)(0x80 | (cp & 0x3f)));
    } else {
        put(w, (char)(0xf0 | (cp >> 18)));
        put(w, (char)(0x80 | ((cp >> 12) & 0x3f)));
        put(w, (char)(0x80 | ((cp >> 6) & 0x3f)));
        put(w, (char)(0x80 | (cp & 0x3f)));
    }
}

/* One character of a value, escaped per RFC 4514 2.4 (first/last: its
 * position in the value). Bytes >= 0x80 of UTF-8 text pass through. */
static void put_escaped(writer *w, uint32_t cp, int first, int last) {
    if (cp < 0x20 || cp == 0x7f) {
        put(w, '\\');
        put_hex(w, cp);
        return;
    }
    if (cp == '"' || cp == '+' || cp == ',' || cp == ';' || cp == '<' ||
        cp == '>' || cp == '\\' || (first && (cp == '#' || cp == ' ')) ||
        (last && cp == ' '))
        put(w, '\\');
    put_utf8(w, cp);
}

/* The dotted form of an OID's content bytes. */
static void put_oid(writer *w, const unsigned char *p, size_t n) {
    uint64_t v = 0;
    int first = 1;
    char buf[24];
    for (size_t i = 0; i < n; i++) {
        if (v > (UINT64_MAX >> 7)) { /* absurdly long arc: hex fallback */
            puts_(w, "?");
            return;
        }
        v = (v << 7) | (p[i] & 0x7f);
        if (p[i] & 0x80) continue;
        uint64_t a = v;
        if (first) {
            uint64_t x = a < 40 ? 0 : a < 80 ? 1 : 2;
            size_t k = 0;
            buf[k++] = (char)('0' + x);
            buf[k] = 0;
            puts_(w, buf);
            a -= 40 * x;
            first = 0;
        }
        put(w, '.');
        size_t k = sizeof buf;
        buf[--k] = 0;
        do {
            buf[--k] = (char)('0' + a % 10);
            a /= 10;
        } while (a != 0);
        puts_(w, buf + k);
        v = 0;
    }
}

static const struct {
    unsigned char oid[3];
    const char *name;
} SHORT[] = {{{0x55, 0x04, 0x03}, "CN"},    {{0x55, 0x04, 0x07}, "L"},
             {{0x55, 0x04, 0x08}, "ST"},    {{0x55, 0x04, 0x0a}, "O"},
             {{0x55, 0x04, 0x0b}, "OU"},    {{0x55, 0x04, 0x06}, "C"},
             {{0x55, 0x04, 0x09}, "STREET"}};
static const unsigned char OID_DC[] = {0x09, 0x92, 0x26, 0x89, 0x93,
                                       0xf2, 0x2c, 0x64, 0x01, 0x19};
static const unsigned char OID_UID[] = {0x09, 0x92, 0x26, 0x89, 0x93,
                                        0xf2, 0x2c, 0x64, 0x01, 0x01};

static void put_type(writer *w, const unsigned char *oid, size_t n) {
    for (size_t i = 0; i < NBTLS_ARRAY_LEN(SHORT); i++)
        if (nbtls_der_oid_eq(oid, n, SHORT[i].oid, 3)) {
            puts_(w, SHORT[i].name);
            return;
        }
    if (nbtls_der_oid_eq(oid, n, OID_DC, sizeof OID_DC)) {
        puts_(w, "DC");
        return;
    }
    if (nbtls_der_oid_eq(oid, n, OID_UID, sizeof OID_UID)) {
        puts_(w, "UID");
        return;
    }
    put_oid(w, oid, n);
}

static void put_value(writer *w, uint8_t tag, const unsigned char *p, size_t n,
                      const unsigned char *tlv, size_t tlv_len) {
    switch (tag) {
    case 0x0c: /* UTF8String */
    case 0x12: /* NumericString */
    case 0x13: /* PrintableString */
    case 0x14: /* TeletexString (treated as Latin-1-ish bytes) */
    case 0x16: /* IA5String */
    case 0x1a: /* VisibleString */
        for (size_t i = 0; i < n; i++) {
            uint32_t b = p[i];
            if (b >= 0x80) {
                put(w, (char)b); /* UTF-8 continuation etc.: as is */
                continue;
            }
            put_escaped(w, b, i == 0, i + 1 == n);
        }
        return;
    case 0x1e: /* BMPString: UCS-2 big-endian */
        if (n % 2 == 0) {
            for (size_t i = 0; i < n; i += 2)
                put_escaped(w, (uint32_t)p[i] << 8 | p[i + 1], i == 0,
                            i + 2 == n);
            return;
        }
        break;
    case 0x1c: /* UniversalString: UCS-4 big-endian */
        if (n % 4 == 0) {
            for (size_t i = 0; i < n; i += 4) {
                uint32_t cp = (uint32_t)p[i] << 24 | (uint32_t)p[i + 1] << 16 |
                              (uint32_t)p[i + 2] << 8 | p[i + 3];
                if (cp > 0x10ffff) cp = 0xfffd;
                put_escaped(w, cp, i == 0, i + 4 == n);
            }
            return;
        }
        break;
    default: break;
    }
    put(w, '#');
    for (size_t i = 0; i < tlv_len; i++)
        put_hex(w, tlv[i]);
}

int nbtls_x509_name_string(const unsigned char *p, size_t len, char *out,
                           size_t out_size, size_t *out_len) {
    NBTLS_ENSURE(out != NULL || out_size == 0, NBTLS_E_INVALID_ARG);
    writer w = {out, out_size, 0};
    nbtls_reader r, name;
    /* RDNs are written last first: find them, walk backwards. */
    const unsigned char *rdns[64];
    size_t rdn_len[64], n_rdn = 0;
    nbtls_reader_init(&r, p, len);
    DER(nbtls_der_expect(&r, NBTLS_DER_SEQUENCE, &name));
    while (nbtls_reader_left(&name) > 0) {
        nbtls_reader rdn;
        DER(nbtls_der_expect(&name, NBTLS_DER_SET, &rdn));
        NBTLS_ENSURE(n_rdn < 64, NBTLS_E_UNSUPPORTED);
        rdns[n_rdn] = rdn.pos;
        rdn_len[n_rdn++] = nbtls_reader_left(&rdn);
    }
    for (size_t k = n_rdn; k-- > 0;) {
        nbtls_reader rdn;
        int first_atv = 1;
        nbtls_reader_init(&rdn, rdns[k], rdn_len[k]);
        if (k + 1 != n_rdn) put(&w, ',');
        while (nbtls_reader_left(&rdn) > 0) {
            nbtls_reader atv, v;
            const unsigned char *oid, *start;
            size_t on;
            uint8_t tag;
            DER(nbtls_der_expect(&rdn, NBTLS_DER_SEQUENCE, &atv));
            DER(nbtls_der_oid(&atv, &oid, &on));
            start = atv.pos;
            DER(nbtls_der_read_tlv(&atv, &tag, &v));
            if (!first_atv) put(&w, '+');
            first_atv = 0;
            put_type(&w, oid, on);
            put(&w, '=');
            put_value(&w, tag, v.pos, nbtls_reader_left(&v), start,
                      (size_t)(atv.pos - start));
        }
    }
    *out_len = w.len;
    if (w.len >= out_size) return NBTLS_E_BUFFER_TOO_SMALL;
    out[w.len] = 0;
    return NBTLS_DONE;
}
