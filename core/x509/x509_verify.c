/*
 * core/x509: certificate path validation as a restartable op
 * (nbtls_x509_verify_start; the policy is documented in nbtls/x509.h).
 *
 * Path building is a depth-first search with backtracking. path[0] is the
 * leaf; path[d].next is the next candidate issuer to try for path[d].
 * Candidates are numbered: the trust anchors first (0 .. A-1), then the
 * untrusted certificates chain[1..n) (A .. A+n-2). For a candidate C of
 * path[d]:
 *   1. C's subject equals path[d]'s issuer (DER), the key identifiers do
 *      not contradict, C is not already on the path;
 *   2. the issuer rules for C at depth d+1 (validity, version,
 *      basicConstraints, pathLen, keyUsage, EKU, critical extensions, its
 *      own signature algorithm unless it is an anchor);
 *   3. C's nameConstraints over path[0..d], one name per work unit;
 *   4. path[d]'s signature under C's key: its TBS hashed 512 bytes per
 *      unit, then the ECDSA or RSA verify op run INSIDE this op's
 *      allocation (placement, core/op/op.h) one unit per step, as the
 *      scheme ops do (op_scheme.c);
 *   5. C an anchor: the path is valid (DONE). Otherwise C is pushed as
 *      path[d+1] and the search goes on from it.
 * A failure at any step records a detail (the deepest first one wins) and
 * moves to the next candidate; a node out of candidates is popped. Every
 * step is one unit; the search is bounded by max_depth and max_signatures.
 */
#include "asn1/der.h"
#include "asn1/ecdsa_der.h"
#include "hash/hash.h"
#include "key/key.h"
#include "op/op_sig.h"
#include "rsa/rsa.h"
#include "x509/x509.h"

#define HASH_CHUNK 512
#define MAX_DEPTH_CAP 64
#define SCAN_PER_UNIT 64 /* non-matching candidates skipped in one unit */

enum {
    PH_LEAF = 0,
    PH_SEARCH,
    PH_NC,
    PH_HASH,
    PH_SIG_START,
    PH_SIG_RUN,
    PH_FINISHED
};

typedef struct {
    const struct nbtls_x509 *cert;
    size_t next; /* next candidate index */
    int matched; /* some candidate had the right subject */
    int anchor;
} node;

typedef struct {
    const struct nbtls_trust *trust;
    const struct nbtls_x509 *const *chain;
    size_t n, ncand;
    int64_t now;
    int purpose; /* NBTLS_X509_EKU_* bit */
    char name[256];
    size_t name_len;
    size_t ip_len; /* 4 or 16 when the name is an IP literal */
    unsigned char ip[16];
    unsigned max_depth, max_sigs, sigs;
    uint8_t phase, inner_live;
    int detail, detail_depth;
    size_t depth;
    node path[MAX_DEPTH_CAP + 1];
    /* the candidate under test */
    size_t cand;
    const struct nbtls_x509 *issuer;
    int issuer_anchor;
    size_t nc_j, nc_k; /* name constraints: path index, name index */
    nbtls_hash_state hash;
    size_t hashed;
    unsigned char digest[64];
    nbtls_op_place place;
    struct nbtls_op *inner;
} verify_state;

static void release(void *vst) {
    verify_state *st = (verify_state *)vst;
    if (st->inner_live) nbtls_op_free(st->inner);
    st->inner = NULL;
    st->inner_live = 0;
}

static int step(void *vst);
static const nbtls_op_vtable verify_vt = {"x509-verify", step, NULL, NULL,
                                          release};

/* Record a failure detail found at path depth `d`. */
static void fail_at(verify_state *st, int detail, int d) {
    if (st->detail == NBTLS_X509_OK || d > st->detail_depth) {
        st->detail = detail;
        st->detail_depth = d;
    }
}

static int finish(verify_state *st, int detail) {
    st->phase = PH_FINISHED;
    st->detail = detail;
    return detail == NBTLS_X509_OK ? NBTLS_DONE : NBTLS_E_CERTIFICATE;
}

static const struct nbtls_x509 *candidate(const verify_state *st, size_t c,
                                          int *anchor) {
    size_t a = st->trust->n;
    *anchor = c < a;
    return c < a ? st->trust->certs[c] : st->chain[1 + (c - a)];
}

static int eq_span(const struct nbtls_x509 *a, nbtls_span sa,
                   const struct nbtls_x509 *b, nbtls_span sb) {
    return sa.len == sb.len &&
           memcmp(nbtls_x509_at(a, sa), nbtls_x509_at(b, sb), sa.len) == 0;
}

/* Rules for every certificate on a path. */
static int cert_rules(const verify_state *st, const struct nbtls_x509 *c) {
    if (st->now < c->not_before) return NBTLS_X509_ERR_NOT_YET_VALID;
    if (st->now > c->not_after) return NBTLS_X509_ERR_EXPIRED;
    if (c->n_crit > 0) return NBTLS_X509_ERR_CRITICAL_EXT;
    /* RFC 5280 4.2.1.1, 4.2.1.2: key identifiers MUST be non-critical;
     * 4.2.1.6: an empty subject needs a critical subjectAltName */
    if (c->kid_critical) return NBTLS_X509_ERR_MALFORMED;
    if (c->subject.len == 2 && !(c->has_san && c->san_critical))
        return NBTLS_X509_ERR_MALFORMED;
    /* 4.2.1.3: keyCertSign only with cA TRUE (v1/v2 carry no keyUsage) */
    if (c->key_usage >= 0 && (c->key_usage & NBTLS_X509_KU_KEY_CERT_SIGN) &&
        !c->ca)
        return NBTLS_X509_ERR_CONSTRAINTS;
    return NBTLS_X509_OK;
}

/* The certificate's own signature algorithm can be verified. */
static int sig_alg_rules(const struct nbtls_x509 *c) {
    if (c->sig_family == 0)
        return c->sig_scheme == NBTLS_SIG_RSA_PKCS1_MD5 ||
                       c->sig_scheme == NBTLS_SIG_RSA_PKCS1_SHA1 ||
                       c->sig_scheme == NBTLS_SIG_ECDSA_SHA1
                   ? NBTLS_X509_ERR_WEAK_ALGORITHM
                   : NBTLS_X509_ERR_UNSUPPORTED_ALG;
    return NBTLS_X509_OK;
}

static int leaf_rules(const verify_state *st, const struct nbtls_x509 *c) {
    int e = cert_rules(st, c);
    if (e != NBTLS_X509_OK) return e;
    if (c->version != 3) return NBTLS_X509_ERR_VERSION;
    if (c->ca) return NBTLS_X509_ERR_CONSTRAINTS; /* a CA as end entity */
    /* 4.2.1.10: nameConstraints only in CA certificates */
    if (c->has_nc) return NBTLS_X509_ERR_CONSTRAINTS;
    /* RFC 5280 4.2.1.1: the AKI keyIdentifier MUST be present, except in
     * self-signed certificates */
    if (!c->has_aki && !c->self_issued) return NBTLS_X509_ERR_MALFORMED;
    /* Web PKI (CA/B BR 7.1.2.7.12): SAN critical only with an empty
     * subject; a serial number is positive (RFC 5280 4.1.2.2) */
    if (c->has_san && c->san_critical && c->subject.len > 2)
        return NBTLS_X509_ERR_MALFORMED;
    if (c->serial.len == 1 && c->der[c->serial.off] == 0)
        return NBTLS_X509_ERR_MALFORMED;
    /* a key nbtls cannot use (DSA, P-192, Ed25519, ...) */
    if (c->key == NULL) return NBTLS_X509_ERR_UNSUPPORTED_ALG;
    if (c->eku >= 0 && (c->eku & st->purpose) == 0) return NBTLS_X509_ERR_USAGE;
    e = sig_alg_rules(c);
    if (e != NBTLS_X509_OK) return e;
    if (st->ip_len > 0) {
        for (size_t i = 0; i < c->n_ips; i++)
            if (c->ips[i].len == st->ip_len &&
                memcmp(nbtls_x509_at(c, c->ips[i]), st->ip, st->ip_len) == 0)
                return NBTLS_X509_OK;
        return NBTLS_X509_ERR_NAME_MISMATCH;
    }
    if (st->name_len > 0) {
        for (size_t i = 0; i < c->n_dns; i++)
            if (nbtls_x509_dns_match((const char *)nbtls_x509_at(c, c->dns[i]),
                                     c->dns[i].len, st->name, st->name_len))
                return NBTLS_X509_OK;
        return NBTLS_X509_ERR_NAME_MISMATCH;
    }
    return NBTLS_X509_OK;
}

/* Rules for C as the issuer at depth d (path[0..d-1] below it). */
static int issuer_rules(const verify_state *st, const struct nbtls_x509 *c,
                        int anchor, size_t d) {
    int e = cert_rules(st, c);
    if (e != NBTLS_X509_OK) return e;
    if (anchor) {
        /* v1 (and v2) anchors are CAs by configuration */
        if (c->version == 3 && !c->ca) return NBTLS_X509_ERR_CONSTRAINTS;
    } else {
        if (c->version != 3) return NBTLS_X509_ERR_VERSION;
        if (!c->ca) return NBTLS_X509_ERR_CONSTRAINTS;
        /* RFC 5280 4.2.1.1, 4.2.1.2: an AKI keyIdentifier (unless
         * self-issued) and an SKI in every CA certificate. Anchors are
         * exempt: trusted roots lack them (TWCA Global Root CA: no SKI). */
        if ((!c->has_aki && !c->self_issued) || !c->has_ski)
            return NBTLS_X509_ERR_MALFORMED;
        if (c->serial.len == 1 && c->der[c->serial.off] == 0)
            return NBTLS_X509_ERR_MALFORMED;
        e = sig_alg_rules(c);
        if (e != NBTLS_X509_OK) return e;
    }
    if (c->key_usage >= 0 && (c->key_usage & NBTLS_X509_KU_KEY_CERT_SIGN) == 0)
        return NBTLS_X509_ERR_USAGE;
    if (c->path_len >= 0) {
        /* non-self-issued intermediates below C (RFC 5280 6.1.4 (l)) */
        size_t count = 0;
        for (size_t j = 1; j < d; j++)
            count += !st->path[j].cert->self_issued;
        if (count > (size_t)c->path_len) return NBTLS_X509_ERR_CONSTRAINTS;
    }
    if (c->eku >= 0 && (c->eku & (st->purpose | NBTLS_X509_EKU_ANY)) == 0)
        return NBTLS_X509_ERR_USAGE;
    if (c->key == NULL) return NBTLS_X509_ERR_UNSUPPORTED_ALG;
    /* the child's signature family must fit C's key */
    const struct nbtls_x509 *child = st->path[d - 1].cert;
    int kt = c->key->type;
    if (child->sig_family == NBTLS_X509_FAM_ECDSA
            ? !(kt == NBTLS_KEY_P256 || kt == NBTLS_KEY_P384)
            : kt != NBTLS_KEY_RSA)
        return NBTLS_X509_ERR_BAD_SIGNATURE;
    return NBTLS_X509_OK;
}

/* ---- name constraints ---- */

/* Does GeneralName (tag, p, n) of a certificate fall in subtree base
 * (btag, b, bn)? Only called with equal forms. */
static int in_subtree(uint8_t tag, const unsigned char *p, size_t n,
                      const unsigned char *b, size_t bn) {
    if (tag == 0x82)
        return nbtls_x509_dns_in_subtree((const char *)p, n, (const char *)b,
                                         bn);
    if (tag == 0x87) {
        if (bn != 2 * n) return 0;
        for (size_t i = 0; i < n; i++)
            if ((p[i] & b[n + i]) != (b[i] & b[n + i])) return 0;
        return 1;
    }
    /* 0xa4 directoryName: the base's RDNs are a prefix of the name's */
    nbtls_reader r, s, bs;
    nbtls_reader_init(&r, b, bn);
    if (nbtls_der_expect(&r, NBTLS_DER_SEQUENCE, &bs) != NBTLS_DONE) return 0;
    nbtls_reader_init(&r, p, n);
    if (nbtls_der_expect(&r, NBTLS_DER_SEQUENCE, &s) != NBTLS_DONE) return 0;
    size_t bl = nbtls_reader_left(&bs);
    return bl <= nbtls_reader_left(&s) && memcmp(s.pos, bs.pos, bl) == 0;
}

/* A wildcard dNSName "*.X" may stand for a name inside an excluded
 * subtree B when B lies strictly below X. */
static int wildcard_hits(const unsigned char *p, size_t n,
                         const unsigned char *b, size_t bn) {
    if (n < 2 || p[0] != '*' || p[1] != '.') return 0;
    if (bn > 0 && b[0] == '.') {
        b++;
        bn--;
    }
    return nbtls_x509_dns_in_subtree((const char *)b, bn, (const char *)p + 2,
                                     n - 2);
}

/* Check one name of a certificate against C's constraints: 0 ok, else a
 * detail. `tag` 0x82 dNSName, 0x87 iPAddress, 0xa4 the subject. */
static int nc_name(const struct nbtls_x509 *c, uint8_t tag,
                   const unsigned char *p, size_t n) {
    for (int pass = 0; pass < 2; pass++) {
        int has = pass == 0 ? c->nc_has_permitted : c->nc_has_excluded;
        if (!has) continue;
        nbtls_span sp = pass == 0 ? c->nc_permitted : c->nc_excluded;
        nbtls_reader r;
        int seen_form = 0, hit = 0;
        nbtls_reader_init(&r, nbtls_x509_at(c, sp), sp.len);
        while (nbtls_reader_left(&r) > 0) {
            nbtls_reader st, v;
            uint8_t bt;
            if (nbtls_der_expect(&r, NBTLS_DER_SEQUENCE, &st) != NBTLS_DONE ||
                nbtls_der_read_tlv(&st, &bt, &v) != NBTLS_DONE)
                return NBTLS_X509_ERR_MALFORMED;
            const unsigned char *b = v.pos;
            size_t bn = nbtls_reader_left(&v);
            if (bt != tag) continue;
            seen_form = 1;
            if (in_subtree(tag, p, n, b, bn) ||
                (pass == 1 && tag == 0x82 && wildcard_hits(p, n, b, bn)))
                hit = 1;
        }
        if (pass == 0 && seen_form && !hit)
            return NBTLS_X509_ERR_NAME_CONSTRAINTS;
        if (pass == 1 && hit) return NBTLS_X509_ERR_NAME_CONSTRAINTS;
    }
    return NBTLS_X509_OK;
}

/* Subtree forms nbtls does not check (rfc822Name, URI, otherName, ...):
 * the path fails if a certificate below carries a SAN entry of such a
 * form (it cannot be checked); otherwise the subtree is vacuous. */
static int nc_unchecked_form(const verify_state *st,
                             const struct nbtls_x509 *c) {
    unsigned forms = 0;
    for (int pass = 0; pass < 2; pass++) {
        int has = pass == 0 ? c->nc_has_permitted : c->nc_has_excluded;
        if (!has) continue;
        nbtls_span sp = pass == 0 ? c->nc_permitted : c->nc_excluded;
        nbtls_reader r;
        nbtls_reader_init(&r, nbtls_x509_at(c, sp), sp.len);
        while (nbtls_reader_left(&r) > 0) {
            nbtls_reader s;
            if (nbtls_der_expect(&r, NBTLS_DER_SEQUENCE, &s) != NBTLS_DONE)
                return 1;
            uint8_t t = nbtls_der_peek_tag(&s);
            if (t != 0x82 && t != 0x87 && t != 0xa4) forms |= 1u << (t & 0x1f);
        }
    }
    for (size_t j = 0; forms != 0 && j <= st->depth; j++)
        if (st->path[j].cert->san_forms & forms) return 1;
    return 0;
}

/* One unit of the name-constraints phase: the nc_k-th name of path[nc_j]
 * against the issuer's constraints. Returns 1 when the phase is over (the
 * detail, if any, in *detail). */
static int nc_step(verify_state *st, int *detail) {
    const struct nbtls_x509 *c = st->issuer;
    *detail = NBTLS_X509_OK;
    if (!c->has_nc) return 1;
    if (st->nc_j == 0 && st->nc_k == 0 && nc_unchecked_form(st, c)) {
        *detail = NBTLS_X509_ERR_NAME_CONSTRAINTS;
        return 1;
    }
    while (st->nc_j <= st->depth) {
        const struct nbtls_x509 *x = st->path[st->nc_j].cert;
        /* RFC 5280 6.1.3 (b): self-issued intermediates are exempt */
        if (st->nc_j > 0 && x->self_issued) {
            st->nc_j++;
            st->nc_k = 0;
            continue;
        }
        size_t k = st->nc_k++;
        if (k < x->n_dns) {
            *detail =
                nc_name(c, 0x82, nbtls_x509_at(x, x->dns[k]), x->dns[k].len);
        } else if (k < x->n_dns + x->n_ips) {
            nbtls_span s = x->ips[k - x->n_dns];
            *detail = nc_name(c, 0x87, nbtls_x509_at(x, s), s.len);
        } else if (k == x->n_dns + x->n_ips) {
            /* the subject, unless empty */
            if (x->subject.len > 2)
                *detail = nc_name(c, 0xa4, nbtls_x509_at(x, x->subject),
                                  x->subject.len);
        } else {
            /* SAN directoryNames (one unit for all of them) */
            nbtls_reader r;
            nbtls_reader_init(&r, nbtls_x509_at(x, x->san), x->san.len);
            while (*detail == NBTLS_X509_OK && nbtls_reader_left(&r) > 0) {
                uint8_t tag;
                nbtls_reader v;
                if (nbtls_der_read_tlv(&r, &tag, &v) != NBTLS_DONE) {
                    *detail = NBTLS_X509_ERR_MALFORMED;
                    break;
                }
                if (tag == 0xa4)
                    *detail = nc_name(c, 0xa4, v.pos, nbtls_reader_left(&v));
            }
            st->nc_j++;
            st->nc_k = 0;
        }
        return *detail != NBTLS_X509_OK;
    }
    return 1;
}

/* ---- the search ---- */

static int search_step(verify_state *st) {
    node *top = &st->path[st->depth];
    const struct nbtls_x509 *child = top->cert;
    for (int scanned = 0; scanned < SCAN_PER_UNIT; scanned++) {
        if (top->next >= st->ncand) {
            /* out of candidates: backtrack */
            if (!top->matched)
                fail_at(st, NBTLS_X509_ERR_UNKNOWN_ISSUER, (int)st->depth + 1);
            if (st->depth == 0)
                return finish(st, st->detail != NBTLS_X509_OK
                                      ? st->detail
                                      : NBTLS_X509_ERR_UNKNOWN_ISSUER);
            st->depth--;
            return NBTLS_IN_PROGRESS;
        }
        int anchor;
        size_t ci = top->next++;
        const struct nbtls_x509 *c = candidate(st, ci, &anchor);
        if (!eq_span(c, c->subject, child, child->issuer)) continue;
        if (c->has_ski && child->has_aki &&
            !eq_span(c, c->ski, child, child->aki))
            continue;
        /* not already on the path */
        int loop = 0;
        for (size_t j = 0; j <= st->depth && !loop; j++)
            loop =
                memcmp(st->path[j].cert->fingerprint, c->fingerprint, 32) == 0;
        if (loop) continue;
        top->matched = 1;
        int d = (int)st->depth + 1;
        if (!anchor && (unsigned)d > st->max_depth) {
            fail_at(st, NBTLS_X509_ERR_TOO_DEEP, d);
            return NBTLS_IN_PROGRESS;
        }
        int e = issuer_rules(st, c, anchor, (size_t)d);
        if (e != NBTLS_X509_OK) {
            fail_at(st, e, d);
            return NBTLS_IN_PROGRESS;
        }
        st->cand = ci;
        st->issuer = c;
        st->issuer_anchor = anchor;
        st->nc_j = 0;
        st->nc_k = 0;
        st->phase = PH_NC;
        return NBTLS_IN_PROGRESS;
    }
    return NBTLS_IN_PROGRESS;
}

static int sig_start(verify_state *st) {
    const struct nbtls_x509 *child = st->path[st->depth].cert;
    const struct nbtls_key *k = st->issuer->key;
    const unsigned char *sig = nbtls_x509_at(child, child->sig);
    size_t dlen = nbtls_hash_alg_len(child->sig_hash);
    int rc;
    st->sigs++;
    if (child->sig_family == NBTLS_X509_FAM_ECDSA) {
        unsigned char raw[2 * 48];
        size_t L = nbtls_ecdsa_order_len(k->type);
        if (nbtls_ecdsa_der_to_raw(raw, L, sig, child->sig.len) != NBTLS_DONE)
            return NBTLS_E_BAD_SIGNATURE;
        rc = nbtls_ecdsa_verify_at(&st->inner, &st->place, k, st->digest, dlen,
                                   raw, 2 * L);
    } else {
        if (child->sig.len != k->u.rsa.n_len) return NBTLS_E_BAD_SIGNATURE;
        rc = nbtls_rsa_verify_at(
            &st->inner, &st->place, k,
            child->sig_family == NBTLS_X509_FAM_PSS ? NBTLS_RSA_PSS
                                                    : NBTLS_RSA_PKCS1_V15,
            child->sig_hash, st->digest, dlen, sig, child->sig.len);
    }
    if (rc == NBTLS_DONE) st->inner_live = 1;
    return rc;
}

/* The candidate failed at depth d with `detail`: next candidate. */
static int reject_candidate(verify_state *st, int detail) {
    fail_at(st, detail, (int)st->depth + 1);
    st->phase = PH_SEARCH;
    return NBTLS_IN_PROGRESS;
}

static int step(void *vst) {
    verify_state *st = (verify_state *)vst;
    switch (st->phase) {
    case PH_LEAF: {
        int e = leaf_rules(st, st->path[0].cert);
        if (e != NBTLS_X509_OK) return finish(st, e);
        st->phase = PH_SEARCH;
        return NBTLS_IN_PROGRESS;
    }
    case PH_SEARCH: return search_step(st);
    case PH_NC: {
        int detail;
        if (!nc_step(st, &detail)) return NBTLS_IN_PROGRESS;
        if (detail != NBTLS_X509_OK) return reject_candidate(st, detail);
        if (st->sigs >= st->max_sigs)
            return finish(st, NBTLS_X509_ERR_TOO_COSTLY);
        const struct nbtls_x509 *child = st->path[st->depth].cert;
        if (nbtls_hash_state_init(&st->hash, child->sig_hash) != NBTLS_DONE)
            return NBTLS_E_INTERNAL;
        st->hashed = 0;
        st->phase = PH_HASH;
        return NBTLS_IN_PROGRESS;
    }
    case PH_HASH: {
        const struct nbtls_x509 *child = st->path[st->depth].cert;
        size_t n = child->tbs.len - st->hashed;
        if (n > HASH_CHUNK) n = HASH_CHUNK;
        nbtls_hash_state_update(
            &st->hash, nbtls_x509_at(child, child->tbs) + st->hashed, n);
        st->hashed += n;
        if (st->hashed == child->tbs.len) {
            nbtls_hash_state_final(&st->hash, st->digest);
            st->phase = PH_SIG_START;
        }
        return NBTLS_IN_PROGRESS;
    }
    case PH_SIG_START: {
        int rc = sig_start(st);
        if (rc == NBTLS_E_BAD_SIGNATURE)
            return reject_candidate(st, NBTLS_X509_ERR_BAD_SIGNATURE);
        if (rc != NBTLS_DONE) return rc < 0 ? rc : NBTLS_E_INTERNAL;
        st->phase = PH_SIG_RUN;
        return NBTLS_IN_PROGRESS;
    }
    case PH_SIG_RUN: {
        int rc = nbtls_op_poll(st->inner, 1);
        if (rc == NBTLS_IN_PROGRESS) return NBTLS_IN_PROGRESS;
        release(st);
        if (rc == NBTLS_E_BAD_SIGNATURE)
            return reject_candidate(st, NBTLS_X509_ERR_BAD_SIGNATURE);
        if (rc != NBTLS_DONE) return rc < 0 ? rc : NBTLS_E_INTERNAL;
        if (st->issuer_anchor) return finish(st, NBTLS_X509_OK);
        st->depth++;
        node *nd = &st->path[st->depth];
        nd->cert = st->issuer;
        nd->next = 0;
        nd->matched = 0;
        nd->anchor = 0;
        st->phase = PH_SEARCH;
        return NBTLS_IN_PROGRESS;
    }
    default: return NBTLS_E_INTERNAL;
    }
}

#define ALIGN16(x) (((x) + 15u) & ~(size_t)15u)

int nbtls_x509_verify_start(nbtls_op **op, const nbtls_trust *trust,
                            const nbtls_x509 *const *chain, size_t n,
                            const char *name, int64_t now, int purpose) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    NBTLS_ENSURE(trust != NULL && chain != NULL && n > 0, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(purpose == NBTLS_X509_PURPOSE_SERVER ||
                     purpose == NBTLS_X509_PURPOSE_CLIENT,
                 NBTLS_E_INVALID_ARG);
    for (size_t i = 0; i < n; i++)
        NBTLS_ENSURE(chain[i] != NULL, NBTLS_E_INVALID_ARG);
    size_t name_len = name != NULL ? strlen(name) : 0;
    NBTLS_ENSURE(name_len < 256, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(n - 1 <= SIZE_MAX - trust->n, NBTLS_E_INVALID_ARG);
    size_t cap = nbtls_rsa_verify_size();
    size_t e256 = nbtls_ecdsa_verify_size(NBTLS_KEY_P256);
    size_t e384 = nbtls_ecdsa_verify_size(NBTLS_KEY_P384);
    if (e256 > cap) cap = e256;
    if (e384 > cap) cap = e384;
    cap = ALIGN16(cap);
    size_t off = ALIGN16(sizeof(verify_state));
    NBTLS_GUARD(nbtls_op_new(op, &verify_vt, off + cap));
    verify_state *st = (verify_state *)nbtls_op_state(*op);
    st->trust = trust;
    st->chain = chain;
    st->n = n;
    st->ncand = trust->n + (n - 1);
    st->now = now;
    st->purpose = purpose == NBTLS_X509_PURPOSE_SERVER
                      ? NBTLS_X509_EKU_SERVER_AUTH
                      : NBTLS_X509_EKU_CLIENT_AUTH;
    if (name_len > 0) {
        memcpy(st->name, name, name_len);
        st->name_len = name_len;
        st->ip_len = nbtls_x509_parse_ip(name, name_len, st->ip);
    }
    st->max_depth = NBTLS_X509_DEFAULT_MAX_DEPTH;
    st->max_sigs = NBTLS_X509_DEFAULT_MAX_SIGNATURES;
    st->detail = NBTLS_X509_OK;
    st->path[0].cert = chain[0];
    st->place.mem = (unsigned char *)st + off;
    st->place.cap = cap;
    st->phase = PH_LEAF;
    return NBTLS_DONE;
}

int nbtls_x509_verify_set_limits(nbtls_op *op, unsigned max_depth,
                                 unsigned max_signatures) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(op->vt == &verify_vt && op->units == 0 &&
                     op->status == NBTLS_IN_PROGRESS,
                 NBTLS_E_BAD_STATE);
    verify_state *st = (verify_state *)nbtls_op_state(op);
    if (max_depth > MAX_DEPTH_CAP) max_depth = MAX_DEPTH_CAP;
    if (max_depth > 0) st->max_depth = max_depth;
    if (max_signatures > 0) st->max_sigs = max_signatures;
    return NBTLS_DONE;
}

int nbtls_op_x509_error(const nbtls_op *op) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(op->vt == &verify_vt, NBTLS_E_BAD_STATE);
    const verify_state *st = (const verify_state *)nbtls_op_state_const(op);
    if (op->status == NBTLS_DONE) return NBTLS_X509_OK;
    NBTLS_ENSURE(op->status == NBTLS_E_CERTIFICATE, NBTLS_E_BAD_STATE);
    return st->detail;
}

unsigned nbtls_x509_verify_signatures(const nbtls_op *op) {
    if (op == NULL || op->vt != &verify_vt) return 0;
    return ((const verify_state *)nbtls_op_state_const(op))->sigs;
}

static const struct {
    const char *name, *text;
} DETAILS[] = {
    {"ok", "the path is valid"},
    {"expired", "a certificate has expired"},
    {"not_yet_valid", "a certificate is not yet valid"},
    {"unknown_issuer", "no path to a trusted certificate"},
    {"bad_signature", "a certificate signature does not verify"},
    {"name_mismatch", "the name is not in the certificate's subjectAltName"},
    {"usage", "key usage or extended key usage does not allow this use"},
    {"constraints", "basicConstraints or pathLenConstraint violated"},
    {"name_constraints", "a name violates a CA's nameConstraints"},
    {"malformed", "a certificate field cannot be used"},
    {"critical_ext", "an unknown critical extension"},
    {"too_deep", "the path is longer than allowed"},
    {"too_costly", "the signature-check budget is exhausted"},
    {"weak_algorithm", "a SHA-1 or MD5 signature"},
    {"unsupported_alg", "a signature algorithm or key nbtls does not support"},
    {"version", "a certificate version that is not allowed here"},
};

const char *nbtls_x509_error_name(int detail) {
    if (detail < 0 || (size_t)detail >= NBTLS_ARRAY_LEN(DETAILS))
        return "unknown";
    return DETAILS[detail].name;
}

const char *nbtls_x509_error_string(int detail) {
    if (detail < 0 || (size_t)detail >= NBTLS_ARRAY_LEN(DETAILS))
        return "unknown detail code";
    return DETAILS[detail].text;
}
