/*
 * core/x509: the internal view of a parsed certificate (include/nbtls/x509.h
 * is the public API). Every field is found once at parse time by the strict
 * DER reader (core/asn1) and stored as a span (offset, length) into the
 * certificate's own copy of its DER, so a certificate is one immutable
 * object with no interior pointers besides `der`, `dns`, `ips` and `crit`.
 */
#ifndef NBTLS_CORE_X509_X509_H
#define NBTLS_CORE_X509_X509_H

#include "common/common.h"
#include "nbtls/x509.h"

typedef struct {
    size_t off, len;
} nbtls_span;

/* Internal signature algorithm: hash (NBTLS_SHA*, or 0 for SHA-1/MD5 which
 * are never verified) and family. */
enum { NBTLS_X509_FAM_ECDSA = 1, NBTLS_X509_FAM_RSA, NBTLS_X509_FAM_PSS };

/* Limits of what one certificate may carry (more is NBTLS_E_CERTIFICATE). */
#define NBTLS_X509_MAX_NAMES 1024 /* SAN entries / name-constraint subtrees */

struct nbtls_x509 {
    unsigned char *der;
    size_t der_len;
    int version;        /* 1..3 */
    nbtls_span tbs;     /* whole TBSCertificate TLV (signed bytes) */
    nbtls_span sig_alg; /* outer AlgorithmIdentifier TLV */
    nbtls_span sig;     /* signature BIT STRING octets */
    nbtls_span serial;  /* magnitude */
    nbtls_span issuer;  /* Name TLV */
    nbtls_span subject; /* Name TLV */
    nbtls_span spki;    /* SubjectPublicKeyInfo TLV */
    int sig_scheme;     /* public id or NBTLS_E_UNSUPPORTED */
    int sig_hash;       /* NBTLS_SHA* or 0 */
    int sig_family;     /* NBTLS_X509_FAM_* or 0 */
    int64_t not_before, not_after;
    struct nbtls_key *key; /* NULL: unsupported algorithm */
    int self_issued;       /* subject == issuer (DER) */
    /* extensions */
    int has_bc, ca, path_len; /* path_len -1: none */
    int key_usage;            /* -1: absent */
    int eku;                  /* -1: absent */
    nbtls_span ski, aki;      /* len 0 when absent */
    int has_ski, has_aki;
    int has_san;
    int san_critical, kid_critical; /* SAN critical; SKI or AKI critical */
    nbtls_span san;                 /* GeneralNames content (len 0: no SAN) */
    unsigned san_forms; /* bit (tag & 0x1f) per GeneralName form seen */
    size_t n_dns, n_ips, n_crit;
    nbtls_span *dns, *ips, *crit; /* one allocation: dns, then ips, crit */
    int has_nc;
    nbtls_span nc_permitted, nc_excluded; /* GeneralSubtrees content */
    int nc_has_permitted, nc_has_excluded;
    unsigned char fingerprint[32];
};

struct nbtls_trust {
    struct nbtls_x509 **certs;
    size_t n, cap;
};

static inline const unsigned char *nbtls_x509_at(const struct nbtls_x509 *c,
                                                 nbtls_span s) {
    return c->der + s.off;
}

/* RFC 5280 times: UTCTime (tag 0x17) YYMMDDHHMMSSZ, GeneralizedTime (0x18)
 * YYYYMMDDHHMMSSZ; as Unix seconds. NBTLS_E_CERTIFICATE if malformed. */
NBTLS_MUST_CHECK int nbtls_x509_parse_time(uint8_t tag, const unsigned char *p,
                                           size_t len, int64_t *t);

/* Validate a Name (SEQUENCE OF RDN) TLV's content. */
NBTLS_MUST_CHECK int nbtls_x509_check_name(nbtls_reader *name);

/* RFC 4514 string of a Name TLV (p, len). */
NBTLS_MUST_CHECK int nbtls_x509_name_string(const unsigned char *p, size_t len,
                                            char *out, size_t out_size,
                                            size_t *out_len);

/* Hostname matching (x509_host.c). `pattern` a SAN dNSName, `host` the
 * reference name: 1 if it matches per RFC 9525, else 0. */
int nbtls_x509_dns_match(const char *pattern, size_t plen, const char *host,
                         size_t hlen);
/* A reference name that is a valid DNS hostname (LDH labels, 1..63 each,
 * total <= 253, optional single trailing dot removed by the caller): 1/0. */
int nbtls_x509_valid_hostname(const char *host, size_t len);
/* Parse an IPv4 dotted quad or IPv6 literal: returns 4 or 16 (bytes
 * written to out[16]), 0 if `s` is not an IP literal. */
size_t nbtls_x509_parse_ip(const char *s, size_t len, unsigned char out[16]);
/* Name constraints: 1 if the dNSName `name` is within the dNSName subtree
 * `base` (RFC 5280 4.2.1.10: equal, or `name` ends with "." + base; a base
 * starting with '.' matches subdomains only), else 0. */
int nbtls_x509_dns_in_subtree(const char *name, size_t nlen, const char *base,
                              size_t blen);

#endif
