/*
 * core/x509: reference identity checks (RFC 9525, which obsoletes RFC 6125)
 * and the name forms of name constraints (RFC 5280 4.2.1.10).
 *   - DNS: ASCII case-insensitive; a SAN pattern may hold one wildcard,
 *     only as the whole leftmost label ("*.example.com"), followed by at
 *     least two labels that are not a public suffix ("*.co.uk" never
 *     matches); it matches exactly one non-empty label. A SAN pattern with
 *     an underscore never matches. Partial
 *     wildcards ("f*.example.com", "*oo.example.com") and wildcards
 *     elsewhere never match. A pattern or reference that is not a valid
 *     hostname never matches. A trailing dot on the reference is ignored;
 *     patterns with one never match.
 *   - IP literals: IPv4 dotted quad (no leading zeros) or IPv6 (RFC 4291
 *     text forms, "::" compression, a trailing dotted quad), compared with
 *     iPAddress SANs byte for byte.
 */
#include "asn1/der.h"
#include "x509/x509.h"

static int lower(int c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int ieq(const char *a, const char *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (lower((unsigned char)a[i]) != lower((unsigned char)b[i])) return 0;
    return 1;
}

int nbtls_x509_valid_hostname(const char *h, size_t len) {
    if (len == 0 || len > 253) return 0;
    size_t label = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i == len || h[i] == '.') {
            if (label == 0 || label > 63) return 0;
            if (h[i - 1] == '-' || h[i - label] == '-') return 0;
            label = 0;
            continue;
        }
        unsigned char c = (unsigned char)h[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
              (c >= '0' && c <= '9') || c == '-' || c == '_'))
            return 0;
        label++;
    }
    return 1;
}

int nbtls_x509_dns_match(const char *p, size_t plen, const char *h,
                         size_t hlen) {
    if (hlen > 0 && h[hlen - 1] == '.') hlen--;
    if (!nbtls_x509_valid_hostname(h, hlen)) return 0;
    /* a SAN dNSName is in the preferred name syntax (RFC 5280 4.2.1.6,
     * RFC 1034 3.5): letters, digits, hyphens; no underscore */
    if (memchr(p, '_', plen) != NULL) return 0;
    if (plen >= 2 && p[0] == '*' && p[1] == '.') {
        const char *rest = p + 2;
        size_t rlen = plen - 2;
        /* at least two labels after the wildcard */
        if (!nbtls_x509_valid_hostname(rest, rlen)) return 0;
        if (memchr(rest, '.', rlen) == NULL) return 0;
        /* never a wildcard over a public suffix (CA/B BR 3.2.2.6) */
        if (nbtls_x509_public_suffix(rest, rlen)) return 0;
        const char *dot = (const char *)memchr(h, '.', hlen);
        if (dot == NULL || dot == h) return 0;
        size_t tail = hlen - (size_t)(dot + 1 - h);
        return tail == rlen && ieq(dot + 1, rest, rlen);
    }
    if (!nbtls_x509_valid_hostname(p, plen)) return 0;
    return plen == hlen && ieq(p, h, plen);
}

int nbtls_x509_dns_in_subtree(const char *name, size_t nlen, const char *base,
                              size_t blen) {
    if (blen == 0) return 1; /* the empty base matches every name */
    if (base[0] == '.') {    /* ".example.com": strict subdomains */
        return nlen > blen && ieq(name + nlen - blen, base, blen);
    }
    if (nlen == blen) return ieq(name, base, blen);
    /* at least one non-empty label added on the left */
    return nlen > blen + 1 && name[nlen - blen - 1] == '.' &&
           ieq(name + nlen - blen, base, blen);
}

/* IPv4 dotted quad into out[4]: 1 or 0. */
static int parse_v4(const char *s, size_t len, unsigned char *out) {
    size_t i = 0;
    for (int part = 0; part < 4; part++) {
        if (part > 0) {
            if (i >= len || s[i] != '.') return 0;
            i++;
        }
        size_t start = i;
        unsigned v = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9' && i - start < 4)
            v = v * 10 + (unsigned)(s[i++] - '0');
        size_t nd = i - start;
        if (nd == 0 || nd > 3 || v > 255) return 0;
        if (nd > 1 && s[start] == '0') return 0; /* no octal look-alikes */
        out[part] = (unsigned char)v;
    }
    return i == len;
}

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* IPv6 text (RFC 4291 2.2) into out[16]: 1 or 0. */
static int parse_v6(const char *s, size_t len, unsigned char *out) {
    unsigned char w[16];
    size_t nw = 0, i = 0;
    int gap = -1; /* byte index of "::" */
    if (len < 2) return 0;
    if (s[0] == ':') {
        if (s[1] != ':') return 0;
        gap = 0;
        i = 2;
        if (i == len) {
            memset(out, 0, 16);
            return 1;
        }
    }
    while (i < len) {
        size_t start = i;
        unsigned v = 0;
        while (i < len && hexval(s[i]) >= 0 && i - start < 5)
            v = (v << 4) | (unsigned)hexval(s[i++]);
        size_t nd = i - start;
        if (i < len && s[i] == '.') {
            /* trailing IPv4 */
            if (nw > 12) return 0;
            if (!parse_v4(s + start, len - start, w + nw)) return 0;
            nw += 4;
            i = len;
            break;
        }
        if (nd == 0 || nd > 4 || nw > 14) return 0;
        w[nw++] = (unsigned char)(v >> 8);
        w[nw++] = (unsigned char)v;
        if (i == len) break;
        if (s[i] != ':') return 0;
        i++;
        if (i < len && s[i] == ':') {
            if (gap >= 0) return 0;
            gap = (int)nw;
            i++;
            if (i == len) break;
        } else if (i == len) {
            return 0; /* trailing single ':' */
        }
    }
    if (gap < 0) {
        if (nw != 16) return 0;
        memcpy(out, w, 16);
        return 1;
    }
    if (nw > 14) return 0; /* "::" stands for at least one group */
    size_t tail = nw - (size_t)gap;
    memset(out, 0, 16);
    memcpy(out, w, (size_t)gap);
    memcpy(out + 16 - tail, w + gap, tail);
    return 1;
}

size_t nbtls_x509_parse_ip(const char *s, size_t len, unsigned char out[16]) {
    if (parse_v4(s, len, out)) return 4;
    if (memchr(s, ':', len) != NULL && parse_v6(s, len, out)) return 16;
    return 0;
}

/* The RFC 5952 text of a 16-byte IPv6 address (lower case, no leading
 * zeros, the first longest run of two or more zero groups as "::"). */
static size_t ipv6_text(const unsigned char *a, char *out) {
    static const char hex[] = "0123456789abcdef";
    unsigned g[8];
    int best = -1, best_len = 1;
    for (int i = 0; i < 8; i++)
        g[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
    for (int i = 0; i < 8;) {
        int j = i;
        while (j < 8 && g[j] == 0)
            j++;
        if (j - i > best_len) {
            best = i;
            best_len = j - i;
        }
        i = j > i ? j : i + 1;
    }
    size_t n = 0;
    for (int i = 0; i < 8; i++) {
        if (i == best) {
            out[n++] = ':';
            if (i == 0) out[n++] = ':';
            i += best_len - 1;
            continue;
        }
        int started = 0;
        for (int s = 12; s >= 0; s -= 4) {
            unsigned d = (g[i] >> s) & 15;
            if (d != 0 || started || s == 0) {
                out[n++] = hex[d];
                started = 1;
            }
        }
        if (i < 7) out[n++] = ':';
    }
    return n;
}

static size_t ip_text(const unsigned char *a, size_t alen, char *out) {
    if (alen == 16) return ipv6_text(a, out);
    size_t n = 0;
    for (size_t i = 0; i < 4; i++) {
        unsigned v = a[i];
        if (v >= 100) out[n++] = (char)('0' + v / 100);
        if (v >= 10) out[n++] = (char)('0' + v / 10 % 10);
        out[n++] = (char)('0' + v % 10);
        if (i < 3) out[n++] = '.';
    }
    return n;
}

/* inet_aton's reading of an IPv4 address (1 to 4 dot-separated numbers,
 * each decimal, octal with a leading 0, or hex with 0x; the last fills the
 * remaining bytes): 1 and out[4], or 0. Only used to recognise other
 * spellings of an address, never to match one. */
static int parse_v4_loose(const char *s, size_t len, unsigned char *out) {
    uint32_t part[4];
    size_t np = 0, i = 0;
    while (i <= len) {
        if (np == 4 || i == len) return 0;
        unsigned base = 10;
        if (s[i] == '0' && i + 1 < len &&
            (s[i + 1] == 'x' || s[i + 1] == 'X')) {
            base = 16;
            i += 2;
        } else if (s[i] == '0') {
            base = 8;
        }
        uint64_t v = 0;
        size_t start = i;
        for (; i < len && s[i] != '.'; i++) {
            int d = hexval(s[i]);
            if (d < 0 || (unsigned)d >= base) return 0;
            v = v * base + (unsigned)d;
            if (v > 0xffffffffu) return 0;
        }
        if (i == start) return 0;
        part[np++] = (uint32_t)v;
        if (i == len) break;
        i++; /* '.' */
    }
    uint32_t a = 0;
    for (size_t k = 0; k + 1 < np; k++) {
        if (part[k] > 255) return 0;
        a |= part[k] << (24 - 8 * k);
    }
    uint32_t last = part[np - 1];
    if (np > 1 && (last >> (8 * (5 - np))) != 0) return 0;
    a |= last;
    for (int k = 0; k < 4; k++)
        out[k] = (unsigned char)(a >> (24 - 8 * k));
    return 1;
}

/* 0: the CN value (v, n) is a copy of a SAN entry, or names none of them;
 * 1: it is not ASCII, or names a SAN entry in another spelling (case,
 * another text form of the same address). */
static int cn_conflicts(const struct nbtls_x509 *c, const unsigned char *v,
                        size_t n) {
    for (size_t i = 0; i < c->n_dns; i++)
        if (c->dns[i].len == n &&
            memcmp(nbtls_x509_at(c, c->dns[i]), v, n) == 0)
            return 0;
    for (size_t i = 0; i < c->n_ips; i++) {
        char t[40];
        size_t tl = ip_text(nbtls_x509_at(c, c->ips[i]), c->ips[i].len, t);
        if (tl == n && memcmp(t, v, n) == 0) return 0;
    }
    for (size_t i = 0; i < n; i++)
        if (v[i] >= 0x80) return 1; /* never a copy of an IA5String */
    const char *s = (const char *)v;
    for (size_t i = 0; i < c->n_dns; i++)
        if (c->dns[i].len == n &&
            ieq((const char *)nbtls_x509_at(c, c->dns[i]), s, n))
            return 1;
    unsigned char a[16];
    size_t al = 0;
    if (memchr(s, ':', n) != NULL)
        al = nbtls_x509_parse_ip(s, n, a) == 16 ? 16 : 0;
    else if (parse_v4_loose(s, n, a))
        al = 4;
    for (size_t i = 0; al > 0 && i < c->n_ips; i++)
        if (c->ips[i].len == al &&
            memcmp(nbtls_x509_at(c, c->ips[i]), a, al) == 0)
            return 1;
    return 0;
}

int nbtls_x509_cn_conflict(const struct nbtls_x509 *c) {
    static const unsigned char OID_CN[] = {0x55, 0x04, 0x03};
    nbtls_reader r, name;
    nbtls_reader_init(&r, nbtls_x509_at(c, c->subject), c->subject.len);
    if (nbtls_der_expect(&r, NBTLS_DER_SEQUENCE, &name) != NBTLS_DONE) return 1;
    while (nbtls_reader_left(&name) > 0) {
        nbtls_reader rdn;
        if (nbtls_der_expect(&name, NBTLS_DER_SET, &rdn) != NBTLS_DONE)
            return 1;
        while (nbtls_reader_left(&rdn) > 0) {
            nbtls_reader atv, v;
            const unsigned char *oid;
            size_t n;
            uint8_t tag;
            if (nbtls_der_expect(&rdn, NBTLS_DER_SEQUENCE, &atv) !=
                    NBTLS_DONE ||
                nbtls_der_oid(&atv, &oid, &n) != NBTLS_DONE ||
                nbtls_der_read_tlv(&atv, &tag, &v) != NBTLS_DONE)
                return 1;
            if (!nbtls_der_oid_eq(oid, n, OID_CN, sizeof OID_CN)) continue;
            /* UTF8String, PrintableString, IA5String: bytes as text */
            if ((tag == 0x0c || tag == 0x13 || tag == 0x16) &&
                cn_conflicts(c, v.pos, nbtls_reader_left(&v)))
                return 1;
        }
    }
    return 0;
}
