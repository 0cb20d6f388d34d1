/*
 * core/x509: certificate parsing (RFC 5280 4.1, 4.2) on the strict DER
 * reader, and the getters of include/nbtls/x509.h.
 *
 * One idiom throughout: every constructed value is read with
 * nbtls_der_expect() into a sub-reader that must be consumed exactly
 * (nbtls_reader_expect_end); positions are recorded as spans relative to
 * the certificate's own DER copy. Nothing here is secret.
 */
#include "asn1/der.h"
#include "asn1/pem.h"
#include "hash/hash.h"
#include "key/key.h"
#include "x509/x509.h"

#define BAD NBTLS_E_CERTIFICATE
/* A DER step: any reader failure is a malformed certificate. */
#define DER(expr)                                                              \
    do {                                                                       \
        if ((expr) < 0) return BAD;                                            \
    } while (0)

/* OID content bytes. */
static const unsigned char OID_ECDSA_SHA1[] = {0x2a, 0x86, 0x48, 0xce,
                                               0x3d, 0x04, 0x01};
static const unsigned char OID_ECDSA_SHA2[] = {
    0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03}; /* + 2, 3, 4 */
static const unsigned char OID_PKCS1[] = {0x2a, 0x86, 0x48, 0x86,
                                          0xf7, 0x0d, 0x01, 0x01}; /* + n */
static const unsigned char OID_SHA2[] = {0x60, 0x86, 0x48, 0x01, 0x65,
                                         0x03, 0x04, 0x02}; /* + 1, 2, 3 */
static const unsigned char OID_CE[] = {0x55, 0x1d};         /* + n */
static const unsigned char OID_KP[] = {0x2b, 0x06, 0x01, 0x05,
                                       0x05, 0x07, 0x03}; /* + n */
static const unsigned char OID_ANY_EKU[] = {0x55, 0x1d, 0x25, 0x00};
static const unsigned char OID_AIA[] = {0x2b, 0x06, 0x01, 0x05,
                                        0x05, 0x07, 0x01, 0x01};

/* 1 if the OID (p, n) is `prefix` followed by exactly one byte, which goes
 * to *last. */
static int oid_arc(const unsigned char *p, size_t n,
                   const unsigned char *prefix, size_t plen, unsigned *last) {
    if (n != plen + 1 || memcmp(p, prefix, plen) != 0) return 0;
    *last = p[plen];
    return p[plen] < 0x80;
}

static nbtls_span span_of(const struct nbtls_x509 *c, const unsigned char *p,
                          size_t len) {
    nbtls_span s;
    s.off = (size_t)(p - c->der);
    s.len = len;
    return s;
}

/* The whole TLV at the reader's position as a span, and the reader moved
 * past it with its content in *content. */
static int tlv_span(const struct nbtls_x509 *c, nbtls_reader *r, uint8_t tag,
                    nbtls_reader *content, nbtls_span *whole) {
    const unsigned char *start = r->pos;
    DER(nbtls_der_expect(r, tag, content));
    *whole = span_of(c, start, (size_t)(r->pos - start));
    return NBTLS_DONE;
}

/* Every TLV left in `r` is valid DER (nbtls_der_validate on each). */
static int check_tlvs(nbtls_reader r) {
    while (nbtls_reader_left(&r) > 0) {
        const unsigned char *start = r.pos;
        uint8_t tag;
        nbtls_reader c;
        DER(nbtls_der_read_tlv(&r, &tag, &c));
        DER(nbtls_der_validate(start, (size_t)(r.pos - start),
                               NBTLS_DER_MAX_DEPTH));
    }
    return NBTLS_DONE;
}

static size_t digest_len(int hash) {
    return hash == NBTLS_SHA256 ? 32 : hash == NBTLS_SHA384 ? 48 : 64;
}

/* A hash AlgorithmIdentifier (RFC 4055: parameters NULL or absent) ->
 * NBTLS_SHA*, 0 if unknown. */
static int hash_alg_id(nbtls_reader *alg) {
    const unsigned char *oid;
    size_t n;
    unsigned last;
    DER(nbtls_der_oid(alg, &oid, &n));
    if (nbtls_reader_left(alg) > 0) DER(nbtls_der_null(alg));
    DER(nbtls_reader_expect_end(alg));
    if (!oid_arc(oid, n, OID_SHA2, sizeof OID_SHA2, &last)) return 0;
    return last == 1   ? NBTLS_SHA256
           : last == 2 ? NBTLS_SHA384
           : last == 3 ? NBTLS_SHA512
                       : 0;
}

/* RSASSA-PSS-params (RFC 4055 3.1): only the TLS 1.3 profile (hash
 * SHA-256/384/512 given explicitly, MGF1 with the same hash, salt = hash
 * length, trailer 1 by default) is recognised; *hash 0 otherwise. */
static int pss_params(nbtls_reader *params, int *hash) {
    nbtls_reader h, m, mgf_hash, s;
    const unsigned char *oid;
    size_t n;
    unsigned last;
    uint32_t salt;
    *hash = 0;
    if (nbtls_der_peek_tag(params) != NBTLS_DER_CONTEXT(0))
        return check_tlvs(*params); /* SHA-1 default: structure only */
    DER(nbtls_der_expect(params, NBTLS_DER_CONTEXT(0), &h));
    nbtls_reader halg;
    DER(nbtls_der_expect(&h, NBTLS_DER_SEQUENCE, &halg));
    DER(nbtls_reader_expect_end(&h));
    int hh = hash_alg_id(&halg);
    NBTLS_GUARD(hh);
    DER(nbtls_der_expect(params, NBTLS_DER_CONTEXT(1), &m));
    nbtls_reader malg;
    DER(nbtls_der_expect(&m, NBTLS_DER_SEQUENCE, &malg));
    DER(nbtls_reader_expect_end(&m));
    DER(nbtls_der_oid(&malg, &oid, &n));
    int mgf1 = oid_arc(oid, n, OID_PKCS1, sizeof OID_PKCS1, &last) && last == 8;
    DER(nbtls_der_expect(&malg, NBTLS_DER_SEQUENCE, &mgf_hash));
    DER(nbtls_reader_expect_end(&malg));
    int mh = hash_alg_id(&mgf_hash);
    NBTLS_GUARD(mh);
    DER(nbtls_der_expect(params, NBTLS_DER_CONTEXT(2), &s));
    DER(nbtls_der_small_uint(&s, &salt));
    DER(nbtls_reader_expect_end(&s));
    if (nbtls_reader_left(params) > 0) {
        /* trailerField [3]: DEFAULT 1, so DER never encodes 1 */
        nbtls_reader t;
        uint32_t tf;
        DER(nbtls_der_expect(params, NBTLS_DER_CONTEXT(3), &t));
        DER(nbtls_der_small_uint(&t, &tf));
        DER(nbtls_reader_expect_end(&t));
        NBTLS_ENSURE(tf != 1, BAD);
        return NBTLS_DONE; /* another trailer: unsupported */
    }
    DER(nbtls_reader_expect_end(params));
    if (hh != 0 && mgf1 && mh == hh && salt == digest_len(hh)) *hash = hh;
    return NBTLS_DONE;
}

/* The signature AlgorithmIdentifier content -> scheme id, hash, family.
 * Unknown algorithms are recorded as NBTLS_E_UNSUPPORTED, not refused. */
static int parse_sig_alg(struct nbtls_x509 *c, nbtls_reader *alg) {
    const unsigned char *oid;
    size_t n;
    unsigned last;
    c->sig_scheme = NBTLS_E_UNSUPPORTED;
    c->sig_hash = 0;
    c->sig_family = 0;
    DER(nbtls_der_oid(alg, &oid, &n));
    if (oid_arc(oid, n, OID_ECDSA_SHA2, sizeof OID_ECDSA_SHA2, &last)) {
        /* RFC 5758 3.2: parameters absent */
        DER(nbtls_reader_expect_end(alg));
        static const int sch[] = {NBTLS_SIG_ECDSA_SECP256R1_SHA256,
                                  NBTLS_SIG_ECDSA_SECP384R1_SHA384,
                                  NBTLS_SIG_ECDSA_SECP521R1_SHA512};
        static const int hs[] = {NBTLS_SHA256, NBTLS_SHA384, NBTLS_SHA512};
        if (last >= 2 && last <= 4) {
            c->sig_scheme = sch[last - 2];
            c->sig_hash = hs[last - 2];
            c->sig_family = NBTLS_X509_FAM_ECDSA;
        }
        return NBTLS_DONE;
    }
    if (nbtls_der_oid_eq(oid, n, OID_ECDSA_SHA1, sizeof OID_ECDSA_SHA1)) {
        DER(nbtls_reader_expect_end(alg));
        c->sig_scheme = NBTLS_SIG_ECDSA_SHA1;
        return NBTLS_DONE;
    }
    if (oid_arc(oid, n, OID_PKCS1, sizeof OID_PKCS1, &last)) {
        if (last == 10) { /* id-RSASSA-PSS: parameters required */
            nbtls_reader params;
            int h;
            DER(nbtls_der_expect(alg, NBTLS_DER_SEQUENCE, &params));
            DER(nbtls_reader_expect_end(alg));
            NBTLS_GUARD(pss_params(&params, &h));
            if (h != 0) {
                c->sig_scheme =
                    h == NBTLS_SHA256   ? NBTLS_SIG_RSA_PSS_RSAE_SHA256
                    : h == NBTLS_SHA384 ? NBTLS_SIG_RSA_PSS_RSAE_SHA384
                                        : NBTLS_SIG_RSA_PSS_RSAE_SHA512;
                c->sig_hash = h;
                c->sig_family = NBTLS_X509_FAM_PSS;
            }
            return NBTLS_DONE;
        }
        /* PKCS#1 v1.5: parameters NULL (RFC 4055 5), absent tolerated */
        if (nbtls_reader_left(alg) > 0) DER(nbtls_der_null(alg));
        DER(nbtls_reader_expect_end(alg));
        switch (last) {
        case 4: c->sig_scheme = NBTLS_SIG_RSA_PKCS1_MD5; break;
        case 5: c->sig_scheme = NBTLS_SIG_RSA_PKCS1_SHA1; break;
        case 11:
            c->sig_scheme = NBTLS_SIG_RSA_PKCS1_SHA256;
            c->sig_hash = NBTLS_SHA256;
            break;
        case 12:
            c->sig_scheme = NBTLS_SIG_RSA_PKCS1_SHA384;
            c->sig_hash = NBTLS_SHA384;
            break;
        case 13:
            c->sig_scheme = NBTLS_SIG_RSA_PKCS1_SHA512;
            c->sig_hash = NBTLS_SHA512;
            break;
        default: break;
        }
        if (c->sig_hash != 0) c->sig_family = NBTLS_X509_FAM_RSA;
        return NBTLS_DONE;
    }
    /* unknown: parameters must still be DER */
    return check_tlvs(*alg);
}

/* BOOLEAN with DER's DEFAULT FALSE rule: only TRUE may be encoded. */
static int der_true(nbtls_reader *r) {
    nbtls_reader b;
    DER(nbtls_der_expect(r, NBTLS_DER_BOOLEAN, &b));
    NBTLS_ENSURE(nbtls_reader_left(&b) == 1 && b.pos[0] == 0xff, BAD);
    return NBTLS_DONE;
}

/* A GeneralName (RFC 5280 4.2.1.6): checks the forms nbtls reads. */
static int check_general_name(uint8_t tag, const nbtls_reader *v,
                              int in_constraint) {
    size_t n = nbtls_reader_left(v);
    switch (tag) {
    case 0x81: /* rfc822Name */
    case 0x82: /* dNSName */
    case 0x86: /* URI */
        for (size_t i = 0; i < n; i++)
            NBTLS_ENSURE(v->pos[i] < 0x80, BAD); /* IA5String */
        /* a dNSName subtree is a host name (RFC 5280 4.2.1.10), or empty
         * for all names: no wildcard, no leading period */
        if (in_constraint && tag == 0x82 && n > 0)
            NBTLS_ENSURE(nbtls_x509_valid_hostname((const char *)v->pos, n),
                         BAD);
        return NBTLS_DONE;
    case 0x87: /* iPAddress: address, or address + mask in constraints */
        if (in_constraint) {
            NBTLS_ENSURE(n == 8 || n == 32, BAD);
            /* CIDR: the mask is ones then zeros */
            const unsigned char *m = v->pos + n / 2;
            int zero = 0;
            for (size_t i = 0; i < n / 2; i++)
                for (int b = 7; b >= 0; b--) {
                    int bit = (m[i] >> b) & 1;
                    NBTLS_ENSURE(!(zero && bit), BAD);
                    zero |= !bit;
                }
        } else {
            NBTLS_ENSURE(n == 4 || n == 16, BAD);
        }
        return NBTLS_DONE;
    case 0xa4: { /* directoryName [4] EXPLICIT Name */
        nbtls_reader r = *v, name;
        DER(nbtls_der_expect(&r, NBTLS_DER_SEQUENCE, &name));
        DER(nbtls_reader_expect_end(&r));
        return nbtls_x509_check_name(&name);
    }
    case 0xa0:             /* otherName */
    case 0xa3:             /* x400Address */
    case 0xa5:             /* ediPartyName */
        return NBTLS_DONE; /* not read; its TLV framing was checked */
    case 0x88: /* registeredID */ return NBTLS_DONE;
    default: return BAD;
    }
}

/* GeneralNames (SAN): SEQUENCE SIZE (1..MAX) OF GeneralName; counts the
 * dNSName and iPAddress entries (fill: also records them). */
static int parse_san(struct nbtls_x509 *c, nbtls_reader seq, int fill) {
    size_t nd = 0, ni = 0, total = 0;
    NBTLS_ENSURE(nbtls_reader_left(&seq) > 0, BAD);
    while (nbtls_reader_left(&seq) > 0) {
        uint8_t tag;
        nbtls_reader v;
        DER(nbtls_der_read_tlv(&seq, &tag, &v));
        NBTLS_GUARD(check_general_name(tag, &v, 0));
        NBTLS_ENSURE(++total <= NBTLS_X509_MAX_NAMES, BAD);
        c->san_forms |= 1u << (tag & 0x1f);
        if (tag == 0x82) {
            if (fill) c->dns[nd] = span_of(c, v.pos, nbtls_reader_left(&v));
            nd++;
        } else if (tag == 0x87) {
            if (fill) c->ips[ni] = span_of(c, v.pos, nbtls_reader_left(&v));
            ni++;
        }
    }
    c->n_dns = nd;
    c->n_ips = ni;
    return NBTLS_DONE;
}

/* GeneralSubtrees content: SEQUENCE SIZE (1..MAX) OF GeneralSubtree
 * { base GeneralName, minimum [0] DEFAULT 0, maximum [1] OPTIONAL }; RFC
 * 5280 4.2.1.10: minimum MUST be zero (so absent in DER), maximum MUST be
 * absent. */
static int check_subtrees(nbtls_reader r) {
    size_t total = 0;
    NBTLS_ENSURE(nbtls_reader_left(&r) > 0, BAD);
    while (nbtls_reader_left(&r) > 0) {
        nbtls_reader st, v;
        uint8_t tag;
        DER(nbtls_der_expect(&r, NBTLS_DER_SEQUENCE, &st));
        DER(nbtls_der_read_tlv(&st, &tag, &v));
        NBTLS_GUARD(check_general_name(tag, &v, 1));
        DER(nbtls_reader_expect_end(&st));
        NBTLS_ENSURE(++total <= NBTLS_X509_MAX_NAMES, BAD);
    }
    return NBTLS_DONE;
}

static int parse_nc(struct nbtls_x509 *c, nbtls_reader *v) {
    nbtls_reader seq, t;
    DER(nbtls_der_expect(v, NBTLS_DER_SEQUENCE, &seq));
    DER(nbtls_reader_expect_end(v));
    NBTLS_ENSURE(nbtls_reader_left(&seq) > 0, BAD);
    if (nbtls_der_peek_tag(&seq) == NBTLS_DER_CONTEXT(0)) {
        DER(nbtls_der_expect(&seq, NBTLS_DER_CONTEXT(0), &t));
        NBTLS_GUARD(check_subtrees(t));
        c->nc_permitted = span_of(c, t.pos, nbtls_reader_left(&t));
        c->nc_has_permitted = 1;
    }
    if (nbtls_der_peek_tag(&seq) == NBTLS_DER_CONTEXT(1)) {
        DER(nbtls_der_expect(&seq, NBTLS_DER_CONTEXT(1), &t));
        NBTLS_GUARD(check_subtrees(t));
        c->nc_excluded = span_of(c, t.pos, nbtls_reader_left(&t));
        c->nc_has_excluded = 1;
    }
    DER(nbtls_reader_expect_end(&seq));
    c->has_nc = 1;
    return NBTLS_DONE;
}

static int parse_bc(struct nbtls_x509 *c, nbtls_reader *v) {
    nbtls_reader seq;
    DER(nbtls_der_expect(v, NBTLS_DER_SEQUENCE, &seq));
    DER(nbtls_reader_expect_end(v));
    c->has_bc = 1;
    if (nbtls_der_peek_tag(&seq) == NBTLS_DER_BOOLEAN) {
        NBTLS_GUARD(der_true(&seq));
        c->ca = 1;
    }
    if (nbtls_reader_left(&seq) > 0) {
        uint32_t pl;
        DER(nbtls_der_small_uint(&seq, &pl));
        /* RFC 5280 4.2.1.9: only meaningful with cA TRUE */
        NBTLS_ENSURE(c->ca, BAD);
        c->path_len = pl > 255 ? 255 : (int)pl;
    }
    DER(nbtls_reader_expect_end(&seq));
    return NBTLS_DONE;
}

static int parse_ku(struct nbtls_x509 *c, nbtls_reader *v) {
    const unsigned char *p;
    size_t n;
    unsigned unused;
    DER(nbtls_der_bit_string(v, &p, &n, &unused));
    DER(nbtls_reader_expect_end(v));
    /* RFC 5280 requires at least one bit set. DER would also drop trailing
     * zero bits (X.690 11.2.2), but trusted roots in the system bundles do
     * not (Trustwave Global ECC: 03 03 07 06 00), so that is tolerated; the
     * unused bits themselves must still be zero. */
    int any = 0;
    for (size_t i = 0; i < n; i++)
        any |= p[i];
    NBTLS_ENSURE(any != 0, BAD);
    int ku = 0;
    for (size_t i = 0; i < n && i < 2; i++)
        for (unsigned b = 0; b < 8; b++)
            if (p[i] & (0x80u >> b)) {
                unsigned bit = (unsigned)i * 8 + b;
                if (bit < 9) ku |= 1 << bit;
            }
    c->key_usage = ku;
    return NBTLS_DONE;
}

static int parse_eku(struct nbtls_x509 *c, nbtls_reader *v) {
    nbtls_reader seq;
    DER(nbtls_der_expect(v, NBTLS_DER_SEQUENCE, &seq));
    DER(nbtls_reader_expect_end(v));
    NBTLS_ENSURE(nbtls_reader_left(&seq) > 0, BAD);
    int eku = 0;
    while (nbtls_reader_left(&seq) > 0) {
        const unsigned char *oid;
        size_t n;
        unsigned last;
        DER(nbtls_der_oid(&seq, &oid, &n));
        if (oid_arc(oid, n, OID_KP, sizeof OID_KP, &last)) {
            eku |= last == 1   ? NBTLS_X509_EKU_SERVER_AUTH
                   : last == 2 ? NBTLS_X509_EKU_CLIENT_AUTH
                   : last == 3 ? NBTLS_X509_EKU_CODE_SIGNING
                   : last == 4 ? NBTLS_X509_EKU_EMAIL_PROTECTION
                   : last == 8 ? NBTLS_X509_EKU_TIME_STAMPING
                   : last == 9 ? NBTLS_X509_EKU_OCSP_SIGNING
                               : NBTLS_X509_EKU_OTHER;
        } else if (nbtls_der_oid_eq(oid, n, OID_ANY_EKU, sizeof OID_ANY_EKU)) {
            eku |= NBTLS_X509_EKU_ANY;
        } else {
            eku |= NBTLS_X509_EKU_OTHER;
        }
    }
    c->eku = eku;
    return NBTLS_DONE;
}

static int parse_aki(struct nbtls_x509 *c, nbtls_reader *v) {
    nbtls_reader seq, t;
    DER(nbtls_der_expect(v, NBTLS_DER_SEQUENCE, &seq));
    DER(nbtls_reader_expect_end(v));
    if (nbtls_der_peek_tag(&seq) == 0x80) {
        DER(nbtls_der_expect(&seq, 0x80, &t));
        c->aki = span_of(c, t.pos, nbtls_reader_left(&t));
        c->has_aki = 1;
    }
    if (nbtls_der_peek_tag(&seq) == 0xa1) {
        /* authorityCertIssuer GeneralNames */
        DER(nbtls_der_expect(&seq, 0xa1, &t));
        while (nbtls_reader_left(&t) > 0) {
            uint8_t tag;
            nbtls_reader g;
            DER(nbtls_der_read_tlv(&t, &tag, &g));
            NBTLS_GUARD(check_general_name(tag, &g, 0));
        }
    }
    if (nbtls_der_peek_tag(&seq) == 0x82) {
        DER(nbtls_der_expect(&seq, 0x82, &t));
        NBTLS_ENSURE(nbtls_reader_left(&t) > 0, BAD);
    }
    DER(nbtls_reader_expect_end(&seq));
    return NBTLS_DONE;
}

/* AuthorityInfoAccessSyntax ::= SEQUENCE SIZE (1..MAX) OF
 * AccessDescription { accessMethod OID, accessLocation GeneralName }. */
static int check_aia(nbtls_reader *v) {
    nbtls_reader seq;
    DER(nbtls_der_expect(v, NBTLS_DER_SEQUENCE, &seq));
    DER(nbtls_reader_expect_end(v));
    NBTLS_ENSURE(nbtls_reader_left(&seq) > 0, BAD);
    while (nbtls_reader_left(&seq) > 0) {
        nbtls_reader ad, g;
        const unsigned char *oid;
        size_t n;
        uint8_t tag;
        DER(nbtls_der_expect(&seq, NBTLS_DER_SEQUENCE, &ad));
        DER(nbtls_der_oid(&ad, &oid, &n));
        DER(nbtls_der_read_tlv(&ad, &tag, &g));
        NBTLS_GUARD(check_general_name(tag, &g, 0));
        DER(nbtls_reader_expect_end(&ad));
    }
    return NBTLS_DONE;
}

#define MAX_EXTENSIONS 64

/* Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension. */
static int parse_extensions(struct nbtls_x509 *c, nbtls_reader *exts,
                            nbtls_span *crit, size_t *n_crit,
                            nbtls_reader *san) {
    nbtls_span seen[MAX_EXTENSIONS];
    size_t n_seen = 0;
    NBTLS_ENSURE(nbtls_reader_left(exts) > 0, BAD);
    while (nbtls_reader_left(exts) > 0) {
        nbtls_reader ext, v;
        const unsigned char *oid, *val;
        size_t oid_len, val_len;
        int critical = 0;
        unsigned last;
        DER(nbtls_der_expect(exts, NBTLS_DER_SEQUENCE, &ext));
        DER(nbtls_der_oid(&ext, &oid, &oid_len));
        if (nbtls_der_peek_tag(&ext) == NBTLS_DER_BOOLEAN) {
            NBTLS_GUARD(der_true(&ext));
            critical = 1;
        }
        DER(nbtls_der_octet_string(&ext, &val, &val_len));
        DER(nbtls_reader_expect_end(&ext));
        /* RFC 5280 4.2: one instance of an extension per certificate */
        NBTLS_ENSURE(n_seen < MAX_EXTENSIONS, BAD);
        for (size_t i = 0; i < n_seen; i++)
            NBTLS_ENSURE(!nbtls_der_oid_eq(oid, oid_len,
                                           nbtls_x509_at(c, seen[i]),
                                           seen[i].len),
                         BAD);
        seen[n_seen++] = span_of(c, oid, oid_len);
        nbtls_reader_init(&v, val, val_len);
        int known = 1;
        if (!oid_arc(oid, oid_len, OID_CE, sizeof OID_CE, &last)) last = 0;
        switch (last) {
        case 0x13: NBTLS_GUARD(parse_bc(c, &v)); break;
        case 0x0f: NBTLS_GUARD(parse_ku(c, &v)); break;
        case 0x25: NBTLS_GUARD(parse_eku(c, &v)); break;
        case 0x11:
            DER(nbtls_der_expect(&v, NBTLS_DER_SEQUENCE, san));
            DER(nbtls_reader_expect_end(&v));
            NBTLS_GUARD(parse_san(c, *san, 0));
            c->has_san = 1;
            c->san_critical = critical;
            c->san = span_of(c, san->pos, nbtls_reader_left(san));
            break;
        case 0x0e: {
            const unsigned char *k;
            size_t kl;
            DER(nbtls_der_octet_string(&v, &k, &kl));
            DER(nbtls_reader_expect_end(&v));
            c->ski = span_of(c, k, kl);
            c->has_ski = 1;
            c->kid_critical |= critical;
            break;
        }
        case 0x23:
            NBTLS_GUARD(parse_aki(c, &v));
            c->kid_critical |= critical;
            break;
        case 0x1e: NBTLS_GUARD(parse_nc(c, &v)); break;
        case 0x20: /* certificatePolicies: well-formed DER, not enforced */
            DER(nbtls_der_validate(val, val_len, NBTLS_DER_MAX_DEPTH));
            break;
        default: known = 0; break;
        }
        if (nbtls_der_oid_eq(oid, oid_len, OID_AIA, sizeof OID_AIA)) {
            /* authorityInfoAccess: read for its structure only (and, as RFC
             * 5280 4.2.2.1 wants it non-critical, unknown when critical) */
            NBTLS_GUARD(check_aia(&v));
        }
        if (critical && !known) crit[(*n_crit)++] = span_of(c, oid, oid_len);
    }
    return NBTLS_DONE;
}

/* Validity ::= SEQUENCE { notBefore Time, notAfter Time }. */
static int parse_validity(struct nbtls_x509 *c, nbtls_reader *val) {
    int64_t *t[2] = {&c->not_before, &c->not_after};
    for (int i = 0; i < 2; i++) {
        uint8_t tag;
        nbtls_reader v;
        DER(nbtls_der_read_tlv(val, &tag, &v));
        NBTLS_GUARD(
            nbtls_x509_parse_time(tag, v.pos, nbtls_reader_left(&v), t[i]));
    }
    DER(nbtls_reader_expect_end(val));
    return NBTLS_DONE;
}

/* SubjectPublicKeyInfo: structure, then the key if nbtls has it. */
static int parse_spki(struct nbtls_x509 *c, nbtls_reader spki) {
    nbtls_reader alg;
    const unsigned char *oid, *bits;
    size_t n, bl;
    unsigned unused;
    DER(nbtls_der_expect(&spki, NBTLS_DER_SEQUENCE, &alg));
    DER(nbtls_der_oid(&alg, &oid, &n));
    NBTLS_GUARD(check_tlvs(alg));
    DER(nbtls_der_bit_string(&spki, &bits, &bl, &unused));
    DER(nbtls_reader_expect_end(&spki));
    int rc =
        nbtls_key_from_der(&c->key, nbtls_x509_at(c, c->spki), c->spki.len);
    if (rc == NBTLS_E_UNSUPPORTED) {
        c->key = NULL;
        return NBTLS_DONE;
    }
    if (rc == NBTLS_E_NO_MEMORY) return rc;
    NBTLS_ENSURE(rc == NBTLS_DONE, BAD);
    return NBTLS_DONE;
}

static int parse_cert(struct nbtls_x509 *c) {
    nbtls_reader r, cert, tbs, alg, t, sub;
    nbtls_reader san;
    nbtls_span crit[MAX_EXTENSIONS], tbs_alg;
    size_t n_crit = 0;
    const unsigned char *p;
    size_t n;
    c->path_len = -1;
    c->key_usage = -1;
    c->eku = -1;
    memset(&san, 0, sizeof san);
    nbtls_reader_init(&r, c->der, c->der_len);
    DER(nbtls_der_expect(&r, NBTLS_DER_SEQUENCE, &cert));
    DER(nbtls_reader_expect_end(&r));
    NBTLS_GUARD(tlv_span(c, &cert, NBTLS_DER_SEQUENCE, &tbs, &c->tbs));
    NBTLS_GUARD(tlv_span(c, &cert, NBTLS_DER_SEQUENCE, &alg, &c->sig_alg));
    NBTLS_GUARD(parse_sig_alg(c, &alg));
    DER(nbtls_der_bit_string_octets(&cert, &p, &n));
    c->sig = span_of(c, p, n);
    DER(nbtls_reader_expect_end(&cert));

    /* TBSCertificate */
    c->version = 1;
    if (nbtls_der_peek_tag(&tbs) == NBTLS_DER_CONTEXT(0)) {
        uint32_t v;
        DER(nbtls_der_expect(&tbs, NBTLS_DER_CONTEXT(0), &t));
        DER(nbtls_der_small_uint(&t, &v));
        DER(nbtls_reader_expect_end(&t));
        /* DEFAULT v1: DER never encodes 0; only v2 (1) and v3 (2) exist */
        NBTLS_ENSURE(v == 1 || v == 2, BAD);
        c->version = (int)v + 1;
    }
    DER(nbtls_der_uint(&tbs, &p, &n));
    /* RFC 5280 4.1.2.2: at most 20 octets (a sign byte aside) */
    NBTLS_ENSURE(n <= 20, BAD);
    c->serial = span_of(c, p, n);
    NBTLS_GUARD(tlv_span(c, &tbs, NBTLS_DER_SEQUENCE, &sub, &tbs_alg));
    /* 4.1.1.2: the same algorithm identifier as the outer one */
    NBTLS_ENSURE(tbs_alg.len == c->sig_alg.len &&
                     memcmp(nbtls_x509_at(c, tbs_alg),
                            nbtls_x509_at(c, c->sig_alg), tbs_alg.len) == 0,
                 BAD);
    NBTLS_GUARD(tlv_span(c, &tbs, NBTLS_DER_SEQUENCE, &sub, &c->issuer));
    NBTLS_GUARD(nbtls_x509_check_name(&sub));
    /* 4.1.2.4: the issuer field MUST contain a non-empty name */
    NBTLS_ENSURE(c->issuer.len > 2, BAD);
    DER(nbtls_der_expect(&tbs, NBTLS_DER_SEQUENCE, &sub));
    NBTLS_GUARD(parse_validity(c, &sub));
    NBTLS_GUARD(tlv_span(c, &tbs, NBTLS_DER_SEQUENCE, &sub, &c->subject));
    NBTLS_GUARD(nbtls_x509_check_name(&sub));
    NBTLS_GUARD(tlv_span(c, &tbs, NBTLS_DER_SEQUENCE, &sub, &c->spki));
    if (nbtls_der_peek_tag(&tbs) == 0x81) { /* issuerUniqueID */
        NBTLS_ENSURE(c->version >= 2, BAD);
        DER(nbtls_der_expect(&tbs, 0x81, &t));
    }
    if (nbtls_der_peek_tag(&tbs) == 0x82) { /* subjectUniqueID */
        NBTLS_ENSURE(c->version >= 2, BAD);
        DER(nbtls_der_expect(&tbs, 0x82, &t));
    }
    if (nbtls_der_peek_tag(&tbs) == NBTLS_DER_CONTEXT(3)) {
        nbtls_reader exts;
        NBTLS_ENSURE(c->version == 3, BAD);
        DER(nbtls_der_expect(&tbs, NBTLS_DER_CONTEXT(3), &t));
        DER(nbtls_der_expect(&t, NBTLS_DER_SEQUENCE, &exts));
        DER(nbtls_reader_expect_end(&t));
        NBTLS_GUARD(parse_extensions(c, &exts, crit, &n_crit, &san));
    }
    DER(nbtls_reader_expect_end(&tbs));
    NBTLS_GUARD(parse_spki(c, sub));

    size_t total = c->n_dns + c->n_ips + n_crit;
    c->n_crit = n_crit; /* the counts size the allocation nbtls_x509_free
                           wipes */
    if (total > 0) {
        c->dns = (nbtls_span *)nbtls_calloc(total * sizeof(nbtls_span));
        NBTLS_ENSURE(c->dns != NULL, NBTLS_E_NO_MEMORY);
        c->ips = c->dns + c->n_dns;
        c->crit = c->ips + c->n_ips;
        if (c->has_san) NBTLS_GUARD(parse_san(c, san, 1));
        for (size_t i = 0; i < n_crit; i++)
            c->crit[i] = crit[i];
    }
    c->self_issued = c->subject.len == c->issuer.len &&
                     memcmp(nbtls_x509_at(c, c->subject),
                            nbtls_x509_at(c, c->issuer), c->issuer.len) == 0;
    nbtls_sha256(c->der, c->der_len, c->fingerprint);
    return NBTLS_DONE;
}

void nbtls_x509_free(nbtls_x509 *cert) {
    if (cert == NULL) return;
    nbtls_key_free(cert->key);
    if (cert->dns != NULL)
        nbtls_free_wipe(cert->dns, (cert->n_dns + cert->n_ips + cert->n_crit) *
                                       sizeof(nbtls_span));
    nbtls_free_wipe(cert->der, cert->der_len);
    nbtls_free_wipe(cert, sizeof *cert);
}

int nbtls_x509_from_der(nbtls_x509 **cert, const unsigned char *der,
                        size_t len) {
    NBTLS_ENSURE(cert != NULL, NBTLS_E_INVALID_ARG);
    *cert = NULL;
    NBTLS_ENSURE(der != NULL, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(len > 0, BAD);
    struct nbtls_x509 *c = (struct nbtls_x509 *)nbtls_calloc(sizeof *c);
    NBTLS_ENSURE(c != NULL, NBTLS_E_NO_MEMORY);
    c->der = (unsigned char *)nbtls_calloc(len);
    if (c->der == NULL) {
        nbtls_free_wipe(c, sizeof *c);
        return NBTLS_E_NO_MEMORY;
    }
    memcpy(c->der, der, len);
    c->der_len = len;
    int rc = parse_cert(c);
    if (rc != NBTLS_DONE) {
        nbtls_x509_free(c);
        return rc;
    }
    *cert = c;
    return NBTLS_DONE;
}

int nbtls_x509_from_pem_next(nbtls_x509 **cert, const char *pem, size_t len,
                             size_t *pos) {
    NBTLS_ENSURE(cert != NULL, NBTLS_E_INVALID_ARG);
    *cert = NULL;
    NBTLS_ENSURE(pem != NULL && pos != NULL && *pos <= len,
                 NBTLS_E_INVALID_ARG);
    for (;;) {
        const char *lab, *body;
        size_t lab_len, body_len;
        int found =
            nbtls_pem_next(pem, len, pos, &lab, &lab_len, &body, &body_len);
        NBTLS_ENSURE(found >= 0, BAD);
        if (found == 0) return NBTLS_DONE; /* no further block */
        if (!(lab_len == 11 && memcmp(lab, "CERTIFICATE", 11) == 0)) continue;
        size_t cap = body_len / 4 * 3 + 3, der_len = 0;
        unsigned char *der = (unsigned char *)nbtls_calloc(cap);
        NBTLS_ENSURE(der != NULL, NBTLS_E_NO_MEMORY);
        int rc = nbtls_base64_decode(body, body_len, der, cap, &der_len);
        if (rc == NBTLS_DONE)
            rc = nbtls_x509_from_der(cert, der, der_len);
        else
            rc = BAD;
        nbtls_free_wipe(der, cap);
        return rc;
    }
}

/* ---- getters ---- */

static const unsigned char *span_out(const nbtls_x509 *c, nbtls_span s,
                                     size_t *len) {
    if (len != NULL) *len = c != NULL ? s.len : 0;
    return c != NULL ? nbtls_x509_at(c, s) : NULL;
}

const unsigned char *nbtls_x509_der(const nbtls_x509 *cert, size_t *len) {
    if (len != NULL) *len = cert != NULL ? cert->der_len : 0;
    return cert != NULL ? cert->der : NULL;
}

void nbtls_x509_fingerprint_sha256(const nbtls_x509 *cert,
                                   unsigned char out[32]) {
    if (cert != NULL && out != NULL) memcpy(out, cert->fingerprint, 32);
}

int nbtls_x509_version(const nbtls_x509 *cert) {
    return cert != NULL ? cert->version : NBTLS_E_INVALID_ARG;
}

const unsigned char *nbtls_x509_serial(const nbtls_x509 *cert, size_t *len) {
    return span_out(cert, cert != NULL ? cert->serial : (nbtls_span){0, 0},
                    len);
}

const unsigned char *nbtls_x509_subject_der(const nbtls_x509 *cert,
                                            size_t *len) {
    return span_out(cert, cert != NULL ? cert->subject : (nbtls_span){0, 0},
                    len);
}

const unsigned char *nbtls_x509_issuer_der(const nbtls_x509 *cert,
                                           size_t *len) {
    return span_out(cert, cert != NULL ? cert->issuer : (nbtls_span){0, 0},
                    len);
}

const unsigned char *nbtls_x509_spki_der(const nbtls_x509 *cert, size_t *len) {
    return span_out(cert, cert != NULL ? cert->spki : (nbtls_span){0, 0}, len);
}

int nbtls_x509_subject_string(const nbtls_x509 *cert, char *out,
                              size_t out_size, size_t *out_len) {
    NBTLS_ENSURE(cert != NULL && out_len != NULL, NBTLS_E_INVALID_ARG);
    return nbtls_x509_name_string(nbtls_x509_at(cert, cert->subject),
                                  cert->subject.len, out, out_size, out_len);
}

int nbtls_x509_issuer_string(const nbtls_x509 *cert, char *out, size_t out_size,
                             size_t *out_len) {
    NBTLS_ENSURE(cert != NULL && out_len != NULL, NBTLS_E_INVALID_ARG);
    return nbtls_x509_name_string(nbtls_x509_at(cert, cert->issuer),
                                  cert->issuer.len, out, out_size, out_len);
}

int64_t nbtls_x509_not_before(const nbtls_x509 *cert) {
    return cert != NULL ? cert->not_before : 0;
}

int64_t nbtls_x509_not_after(const nbtls_x509 *cert) {
    return cert != NULL ? cert->not_after : 0;
}

int nbtls_x509_public_key(const nbtls_x509 *cert, nbtls_key **key) {
    NBTLS_ENSURE(key != NULL, NBTLS_E_INVALID_ARG);
    *key = NULL;
    NBTLS_ENSURE(cert != NULL, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(cert->key != NULL, NBTLS_E_UNSUPPORTED);
    struct nbtls_key *k = nbtls_key_alloc(cert->key->type);
    NBTLS_ENSURE(k != NULL, NBTLS_E_NO_MEMORY);
    *k = *cert->key;
    *key = k;
    return NBTLS_DONE;
}

int nbtls_x509_signature_scheme(const nbtls_x509 *cert) {
    return cert != NULL ? cert->sig_scheme : NBTLS_E_INVALID_ARG;
}

size_t nbtls_x509_san_dns_count(const nbtls_x509 *cert) {
    return cert != NULL ? cert->n_dns : 0;
}

size_t nbtls_x509_san_ip_count(const nbtls_x509 *cert) {
    return cert != NULL ? cert->n_ips : 0;
}

const char *nbtls_x509_san_dns(const nbtls_x509 *cert, size_t i, size_t *len) {
    if (cert == NULL || i >= cert->n_dns) {
        if (len != NULL) *len = 0;
        return NULL;
    }
    return (const char *)span_out(cert, cert->dns[i], len);
}

const unsigned char *nbtls_x509_san_ip(const nbtls_x509 *cert, size_t i,
                                       size_t *len) {
    if (cert == NULL || i >= cert->n_ips) {
        if (len != NULL) *len = 0;
        return NULL;
    }
    return span_out(cert, cert->ips[i], len);
}

int nbtls_x509_is_ca(const nbtls_x509 *cert) {
    return cert != NULL && cert->ca;
}

int nbtls_x509_path_len(const nbtls_x509 *cert) {
    return cert != NULL ? cert->path_len : -1;
}

int nbtls_x509_key_usage(const nbtls_x509 *cert) {
    return cert != NULL ? cert->key_usage : -1;
}

int nbtls_x509_eku(const nbtls_x509 *cert) {
    return cert != NULL ? cert->eku : -1;
}

const unsigned char *nbtls_x509_ski(const nbtls_x509 *cert, size_t *len) {
    if (cert == NULL || !cert->has_ski) {
        if (len != NULL) *len = 0;
        return NULL;
    }
    return span_out(cert, cert->ski, len);
}

const unsigned char *nbtls_x509_aki(const nbtls_x509 *cert, size_t *len) {
    if (cert == NULL || !cert->has_aki) {
        if (len != NULL) *len = 0;
        return NULL;
    }
    return span_out(cert, cert->aki, len);
}

size_t nbtls_x509_unknown_critical_count(const nbtls_x509 *cert) {
    return cert != NULL ? cert->n_crit : 0;
}

const unsigned char *nbtls_x509_unknown_critical_oid(const nbtls_x509 *cert,
                                                     size_t i, size_t *len) {
    if (cert == NULL || i >= cert->n_crit) {
        if (len != NULL) *len = 0;
        return NULL;
    }
    return span_out(cert, cert->crit[i], len);
}
