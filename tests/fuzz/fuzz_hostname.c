/*
 * Fuzz target: the reference-identity checks of core/x509 (x509_host.c)
 * against an independent model written here from RFC 9525 / RFC 5280.
 * Input: pattern, a 0x00 byte, then the reference name (without a 0x00:
 * the whole input is both).
 *   - nbtls_x509_dns_match() equals the model: both names valid LDH(+'_')
 *     hostnames (labels 1..63, no '-' at a label's ends, <= 253), one
 *     trailing dot of the reference ignored, ASCII case-insensitive
 *     equality, or a pattern "*." + at least two labels matching exactly
 *     one non-empty leftmost label; it is symmetric in letter case;
 *   - nbtls_x509_parse_ip(): a 4-byte result prints back to the input
 *     (dotted quad without leading zeros); a 16-byte result's canonical
 *     full form parses to the same bytes;
 *   - nbtls_x509_dns_in_subtree() equals the model of RFC 5280 4.2.1.10.
 */
#include "fuzz_common.h"

#include "x509/x509.h"

static int low(int c) {
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int eq_ci(const char *a, size_t na, const char *b, size_t nb) {
    if (na != nb) return 0;
    for (size_t i = 0; i < na; i++)
        if (low((unsigned char)a[i]) != low((unsigned char)b[i])) return 0;
    return 1;
}

/* Split into labels; 0 if not a valid hostname. */
static size_t labels(const char *s, size_t n, size_t *start, size_t *len,
                     size_t max) {
    size_t k = 0, i = 0;
    if (n == 0 || n > 253) return 0;
    while (i <= n) {
        size_t j = i;
        while (j < n && s[j] != '.')
            j++;
        size_t l = j - i;
        if (l == 0 || l > 63 || k == max) return 0;
        for (size_t q = i; q < j; q++) {
            char c = s[q];
            int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                     (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) return 0;
        }
        if (s[i] == '-' || s[j - 1] == '-') return 0;
        start[k] = i;
        len[k++] = l;
        i = j + 1;
    }
    return k;
}

static int model_match(const char *p, size_t pn, const char *h, size_t hn) {
    size_t hs[130], hl[130], ps[130], pl[130];
    if (hn > 0 && h[hn - 1] == '.') hn--;
    size_t nh = labels(h, hn, hs, hl, 130);
    if (nh == 0) return 0;
    int wild = pn >= 2 && p[0] == '*' && p[1] == '.';
    size_t np = labels(wild ? p + 2 : p, wild ? pn - 2 : pn, ps, pl, 130);
    if (np == 0) return 0;
    const char *pb = wild ? p + 2 : p;
    if (!wild) {
        if (np != nh) return 0;
        for (size_t i = 0; i < np; i++)
            if (!eq_ci(pb + ps[i], pl[i], h + hs[i], hl[i])) return 0;
        return 1;
    }
    if (np < 2 || nh != np + 1) return 0;
    for (size_t i = 0; i < np; i++)
        if (!eq_ci(pb + ps[i], pl[i], h + hs[i + 1], hl[i + 1])) return 0;
    return 1;
}

static int model_subtree(const char *n, size_t nn, const char *b, size_t bn) {
    if (bn == 0) return 1;
    if (b[0] == '.') return nn > bn && eq_ci(n + nn - bn, bn, b, bn);
    if (eq_ci(n, nn, b, bn)) return 1;
    return nn > bn + 1 && n[nn - bn - 1] == '.' &&
           eq_ci(n + nn - bn, bn, b, bn);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 600) return 0;
    const char *s = (const char *)data;
    const char *zero = size ? (const char *)memchr(s, 0, size) : NULL;
    const char *p = s, *h = s;
    size_t pn = size, hn = size;
    if (zero != NULL) {
        pn = (size_t)(zero - s);
        h = zero + 1;
        hn = size - pn - 1;
    }
    if (size == 0) p = h = "";
    int m = nbtls_x509_dns_match(p, pn, h, hn);
    FUZZ_ASSERT(m == model_match(p, pn, h, hn));
    /* letter case does not matter */
    char up[600];
    for (size_t i = 0; i < hn; i++) {
        char c = h[i];
        up[i] = c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
    }
    FUZZ_ASSERT(nbtls_x509_dns_match(p, pn, up, hn) == m);
    /* subtrees */
    FUZZ_ASSERT(nbtls_x509_dns_in_subtree(h, hn, p, pn) ==
                model_subtree(h, hn, p, pn));
    /* IP literals */
    unsigned char ip[16], ip2[16];
    size_t k = nbtls_x509_parse_ip(h, hn, ip);
    FUZZ_ASSERT(k == 0 || k == 4 || k == 16);
    char txt[64];
    if (k == 4) {
        int w = snprintf(txt, sizeof txt, "%u.%u.%u.%u", ip[0], ip[1], ip[2],
                         ip[3]);
        FUZZ_ASSERT((size_t)w == hn && memcmp(txt, h, hn) == 0);
    } else if (k == 16) {
        int w = 0;
        for (int i = 0; i < 8; i++)
            w += snprintf(txt + w, sizeof txt - (size_t)w, i ? ":%x" : "%x",
                          (unsigned)ip[2 * i] << 8 | ip[2 * i + 1]);
        FUZZ_ASSERT(nbtls_x509_parse_ip(txt, (size_t)w, ip2) == 16);
        FUZZ_ASSERT(memcmp(ip, ip2, 16) == 0);
    }
    return 0;
}
