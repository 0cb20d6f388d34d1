/*
 * core/x509: reference identity checks (RFC 9525, which obsoletes RFC 6125)
 * and the name forms of name constraints (RFC 5280 4.2.1.10).
 *   - DNS: ASCII case-insensitive; a SAN pattern may hold one wildcard,
 *     only as the whole leftmost label ("*.example.com"), followed by at
 *     least two labels; it matches exactly one non-empty label. Partial
 *     wildcards ("f*.example.com", "*oo.example.com") and wildcards
 *     elsewhere never match. A pattern or reference that is not a valid
 *     hostname never matches. A trailing dot on the reference is ignored;
 *     patterns with one never match.
 *   - IP literals: IPv4 dotted quad (no leading zeros) or IPv6 (RFC 4291
 *     text forms, "::" compression, a trailing dotted quad), compared with
 *     iPAddress SANs byte for byte.
 */
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
    if (plen >= 2 && p[0] == '*' && p[1] == '.') {
        const char *rest = p + 2;
        size_t rlen = plen - 2;
        /* at least two labels after the wildcard */
        if (!nbtls_x509_valid_hostname(rest, rlen)) return 0;
        if (memchr(rest, '.', rlen) == NULL) return 0;
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
