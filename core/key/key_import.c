/*
 * core/key: key import from DER and PEM (owned by ASYM; built on
 * core/asn1). Formats:
 *   - SubjectPublicKeyInfo (RFC 5280 4.1): id-ecPublicKey with the named
 *     curve prime256v1 or secp384r1 (RFC 5480; SEC1 point, 65 or 33 bytes,
 *     97 or 49 for P-384), id-X25519
 *     (RFC 8410; 32-byte u, parameters absent);
 *   - PKCS#8 PrivateKeyInfo / OneAsymmetricKey (RFC 5208, RFC 5958
 *     versions 0 and 1): EC P-256/P-384 (the privateKey OCTET STRING holds an
 *     ECPrivateKey), X25519 (it holds CurvePrivateKey, an OCTET STRING of
 *     32 bytes); attributes [0] are parsed as a SET OF Attribute (each a
 *     SEQUENCE of an OID and a non-empty SET OF values, every value a
 *     valid DER TLV, both SETs in DER order) and otherwise ignored; a [1]
 *     publicKey, when present,
 *     must match the one computed from the private key;
 *   - SEC1 ECPrivateKey (RFC 5915), P-256 or P-384: version 1, a 32- or
 *     48-byte scalar, [0] parameters (the named curve; required outside
 *     PKCS#8, and inside it must name the PKCS#8 curve), [1] publicKey
 *     optional — if present it must match the computed point.
 *   - RSA public keys (core/rsa): SPKI with rsaEncryption (parameters
 *     NULL) or a bare PKCS#1 RSAPublicKey; RSA private keys are refused.
 * Anything malformed or inconsistent is NBTLS_E_BAD_KEY; a well-formed key
 * of a kind nbtls does not handle (RSA private keys, other curves, Ed25519,
 * X448, explicit curve parameters, encrypted PKCS#8) is NBTLS_E_UNSUPPORTED.
 */
#include "asn1/der.h"
#include "asn1/pem.h"
#include "key/key.h"
#include "rsa/rsa.h"

/* Content bytes of the OIDs used here. */
static const unsigned char OID_EC_PUBLIC_KEY[] = {0x2a, 0x86, 0x48, 0xce,
                                                  0x3d, 0x02, 0x01};
static const unsigned char OID_P256[] = {0x2a, 0x86, 0x48, 0xce,
                                         0x3d, 0x03, 0x01, 0x07};
static const unsigned char OID_P384[] = {0x2b, 0x81, 0x04, 0x00, 0x22};
static const unsigned char OID_X25519[] = {0x2b, 0x65, 0x6e};
static const unsigned char OID_RSA[] = {0x2a, 0x86, 0x48, 0x86, 0xf7,
                                        0x0d, 0x01, 0x01, 0x01};

enum { KIND_P256 = 1, KIND_X25519 = 2, KIND_RSA = 3, KIND_P384 = 4 };

/* The named curve of an OID (KIND_P256 / KIND_P384), else
 * NBTLS_E_UNSUPPORTED. */
static int curve_kind(const unsigned char *oid, size_t oid_len) {
    if (nbtls_der_oid_eq(oid, oid_len, OID_P256, sizeof(OID_P256)))
        return KIND_P256;
    if (nbtls_der_oid_eq(oid, oid_len, OID_P384, sizeof(OID_P384)))
        return KIND_P384;
    return NBTLS_E_UNSUPPORTED;
}
enum { FMT_ANY = 0, FMT_SPKI = 1, FMT_PKCS8 = 2, FMT_SEC1 = 3, FMT_RSAPUB = 4 };

/* A DER step: any parse failure is a bad key. */
#define DER(expr)                                                              \
    do {                                                                       \
        if ((expr) < 0) return NBTLS_E_BAD_KEY;                                \
    } while (0)

/* AlgorithmIdentifier content (RFC 5280 4.1.1.2) -> KIND_*. */
static int parse_alg(nbtls_reader *alg, int *kind) {
    const unsigned char *oid;
    size_t oid_len;
    DER(nbtls_der_oid(alg, &oid, &oid_len));
    if (nbtls_der_oid_eq(oid, oid_len, OID_EC_PUBLIC_KEY,
                         sizeof(OID_EC_PUBLIC_KEY))) {
        /* RFC 5480 2.1.1: ECParameters ::= CHOICE { namedCurve OID,
         * implicitCurve NULL, specifiedCurve SEQUENCE }; only named
         * curves are allowed in PKIX, and we do P-256 and P-384. */
        uint8_t t = nbtls_der_peek_tag(alg);
        NBTLS_ENSURE(t == NBTLS_DER_OID || t == NBTLS_DER_NULL ||
                         t == NBTLS_DER_SEQUENCE,
                     NBTLS_E_BAD_KEY);
        if (t != NBTLS_DER_OID) {
            uint8_t tag;
            nbtls_reader skip;
            DER(nbtls_der_read_tlv(alg, &tag, &skip));
            DER(nbtls_reader_expect_end(alg));
            return NBTLS_E_UNSUPPORTED;
        }
        DER(nbtls_der_oid(alg, &oid, &oid_len));
        DER(nbtls_reader_expect_end(alg));
        NBTLS_GUARD(*kind = curve_kind(oid, oid_len));
        return NBTLS_DONE;
    }
    if (nbtls_der_oid_eq(oid, oid_len, OID_X25519, sizeof(OID_X25519))) {
        /* RFC 8410 3: the parameters MUST be absent. */
        DER(nbtls_reader_expect_end(alg));
        *kind = KIND_X25519;
        return NBTLS_DONE;
    }
    if (nbtls_der_oid_eq(oid, oid_len, OID_RSA, sizeof(OID_RSA))) {
        /* RFC 3279 2.3.1: the parameters SHALL be NULL. */
        DER(nbtls_der_null(alg));
        DER(nbtls_reader_expect_end(alg));
        *kind = KIND_RSA;
        return NBTLS_DONE;
    }
    /* RSASSA-PSS keys, id-Ed25519, PBES2 (encrypted PKCS#8), ...: the
     * structure is fine, nbtls does not do that algorithm. */
    return NBTLS_E_UNSUPPORTED;
}

/* RSAPublicKey (RFC 8017 A.1.1) DER: SEQUENCE { INTEGER n, INTEGER e }. */
static int parse_rsa_pub(const unsigned char *der, size_t len,
                         struct nbtls_key **key) {
    nbtls_reader r, seq;
    const unsigned char *n, *e;
    size_t n_len, e_len;
    nbtls_reader_init(&r, der, len);
    DER(nbtls_der_expect(&r, NBTLS_DER_SEQUENCE, &seq));
    DER(nbtls_reader_expect_end(&r));
    DER(nbtls_der_uint(&seq, &n, &n_len));
    DER(nbtls_der_uint(&seq, &e, &e_len));
    DER(nbtls_reader_expect_end(&seq));
    return nbtls_rsa_key_new(key, n, n_len, e, e_len);
}

/* SubjectPublicKeyInfo content. */
static int parse_spki(nbtls_reader *spki, struct nbtls_key **key) {
    nbtls_reader alg;
    const unsigned char *pub;
    size_t pub_len;
    int kind = 0;
    DER(nbtls_der_expect(spki, NBTLS_DER_SEQUENCE, &alg));
    NBTLS_GUARD(parse_alg(&alg, &kind));
    DER(nbtls_der_bit_string_octets(spki, &pub, &pub_len));
    DER(nbtls_reader_expect_end(spki));
    if (kind == KIND_P256) return nbtls_key_p256_from_public(key, pub, pub_len);
    if (kind == KIND_P384) return nbtls_key_p384_from_public(key, pub, pub_len);
    if (kind == KIND_RSA) return parse_rsa_pub(pub, pub_len, key);
    NBTLS_ENSURE(pub_len == NBTLS_X25519_KEY_LEN, NBTLS_E_BAD_KEY);
    return nbtls_key_x25519_from_public(key, pub);
}

/* 0 if `pub` (an encoded public key found next to a private key) is the
 * key's own public key, else NBTLS_E_BAD_KEY. P-256/P-384: SEC1
 * uncompressed or compressed; X25519: the 32-byte u. */
static int check_pub(const struct nbtls_key *k, const unsigned char *pub,
                     size_t len) {
    if (k->type == NBTLS_KEY_X25519) {
        NBTLS_ENSURE(len == 32 && memcmp(pub, k->u.x25519.pub, 32) == 0,
                     NBTLS_E_BAD_KEY);
        return NBTLS_DONE;
    }
    const unsigned char *q = k->u.p256.pub;
    size_t flen = 32; /* coordinate length */
    if (k->type == NBTLS_KEY_P384) {
        q = k->u.p384.pub;
        flen = 48;
    }
    if (len == 1 + 2 * flen) {
        NBTLS_ENSURE(memcmp(pub, q, len) == 0, NBTLS_E_BAD_KEY);
        return NBTLS_DONE;
    }
    NBTLS_ENSURE(len == 1 + flen, NBTLS_E_BAD_KEY);
    NBTLS_ENSURE(pub[0] == (unsigned char)(0x02 | (q[2 * flen] & 1)),
                 NBTLS_E_BAD_KEY);
    NBTLS_ENSURE(memcmp(pub + 1, q + 1, flen) == 0, NBTLS_E_BAD_KEY);
    return NBTLS_DONE;
}

/* Import a private key, then check an accompanying public key (pub may
 * be NULL: none). */
static int finish_private(struct nbtls_key **key, int kind,
                          const unsigned char *priv, const unsigned char *pub,
                          size_t pub_len) {
    struct nbtls_key *k = NULL;
    int rc;
    if (kind == KIND_P256)
        rc = nbtls_key_p256_from_private(&k, priv);
    else if (kind == KIND_P384)
        rc = nbtls_key_p384_from_private(&k, priv);
    else
        rc = nbtls_key_x25519_from_private(&k, priv);
    NBTLS_GUARD(rc);
    if (pub != NULL && (rc = check_pub(k, pub, pub_len)) < 0) {
        nbtls_key_free(k);
        return rc;
    }
    *key = k;
    return NBTLS_DONE;
}

/* ECPrivateKey content (RFC 5915 3). pk8_kind: the curve (KIND_P256/384)
 * known from the PKCS#8 AlgorithmIdentifier, so [0] may be absent (0 outside
 * PKCS#8). pk8_pub: a public key from the enclosing OneAsymmetricKey (NULL:
 * none). */
static int parse_sec1(nbtls_reader *ec, int pk8_kind,
                      const unsigned char *pk8_pub, size_t pk8_pub_len,
                      struct nbtls_key **key) {
    uint32_t version;
    const unsigned char *priv, *pub = NULL;
    size_t priv_len, pub_len = 0;
    int kind = pk8_kind;
    DER(nbtls_der_small_uint(ec, &version));
    NBTLS_ENSURE(version == 1, NBTLS_E_BAD_KEY); /* ecPrivkeyVer1 */
    DER(nbtls_der_octet_string(ec, &priv, &priv_len));
    if (nbtls_der_peek_tag(ec) == NBTLS_DER_CONTEXT(0)) {
        nbtls_reader params;
        const unsigned char *oid;
        size_t oid_len;
        DER(nbtls_der_expect(ec, NBTLS_DER_CONTEXT(0), &params));
        if (nbtls_der_peek_tag(&params) != NBTLS_DER_OID)
            return NBTLS_E_UNSUPPORTED; /* explicit / implicit curve */
        DER(nbtls_der_oid(&params, &oid, &oid_len));
        DER(nbtls_reader_expect_end(&params));
        int k0 = curve_kind(oid, oid_len);
        NBTLS_GUARD(k0);
        /* inside PKCS#8, [0] must name the same curve */
        NBTLS_ENSURE(pk8_kind == 0 || k0 == pk8_kind, NBTLS_E_BAD_KEY);
        kind = k0;
    }
    NBTLS_ENSURE(kind != 0, NBTLS_E_BAD_KEY);
    /* "privateKey is ... of length ceiling(log2(n)/8)": 32 for P-256, 48
     * for P-384 (checked once the curve is known) */
    NBTLS_ENSURE(priv_len == (kind == KIND_P384 ? NBTLS_P384_PRIVATE_LEN
                                                : NBTLS_P256_PRIVATE_LEN),
                 NBTLS_E_BAD_KEY);
    if (nbtls_der_peek_tag(ec) == NBTLS_DER_CONTEXT(1)) {
        nbtls_reader wrap;
        DER(nbtls_der_expect(ec, NBTLS_DER_CONTEXT(1), &wrap));
        DER(nbtls_der_bit_string_octets(&wrap, &pub, &pub_len));
        DER(nbtls_reader_expect_end(&wrap));
    }
    DER(nbtls_reader_expect_end(ec));
    if (pub != NULL && pk8_pub != NULL) {
        /* both present: they must agree with each other too */
        NBTLS_ENSURE(pub_len == pk8_pub_len &&
                         memcmp(pub, pk8_pub, pub_len) == 0,
                     NBTLS_E_BAD_KEY);
    }
    if (pub == NULL) {
        pub = pk8_pub;
        pub_len = pk8_pub_len;
    }
    return finish_private(key, kind, priv, pub, pub_len);
}

/* Attributes ::= SET OF Attribute (RFC 5958 2, RFC 5912): Attribute ::=
 * SEQUENCE { type OID, values SET SIZE (1..MAX) OF ANY }. nbtls uses no
 * attribute; they are only checked to be well-formed DER. */
static int check_attributes(nbtls_reader *attrs) {
    DER(nbtls_der_check_set_of(attrs));
    while (nbtls_reader_left(attrs) > 0) {
        nbtls_reader attr, values;
        const unsigned char *oid;
        size_t oid_len;
        DER(nbtls_der_expect(attrs, NBTLS_DER_SEQUENCE, &attr));
        DER(nbtls_der_oid(&attr, &oid, &oid_len));
        DER(nbtls_der_expect(&attr, NBTLS_DER_SET, &values));
        DER(nbtls_reader_expect_end(&attr));
        NBTLS_ENSURE(nbtls_reader_left(&values) > 0, NBTLS_E_BAD_KEY);
        DER(nbtls_der_check_set_of(&values));
        while (nbtls_reader_left(&values) > 0) {
            const unsigned char *start = values.pos;
            uint8_t tag;
            nbtls_reader v;
            DER(nbtls_der_read_tlv(&values, &tag, &v));
            DER(nbtls_der_validate(start, (size_t)(values.pos - start),
                                   NBTLS_DER_MAX_DEPTH));
        }
    }
    return NBTLS_DONE;
}

/* PrivateKeyInfo / OneAsymmetricKey content (RFC 5958 2). */
static int parse_pkcs8(nbtls_reader *pki, struct nbtls_key **key) {
    uint32_t version;
    nbtls_reader alg, inner;
    const unsigned char *priv, *pub = NULL;
    size_t priv_len, pub_len = 0;
    int kind = 0;
    DER(nbtls_der_small_uint(pki, &version));
    NBTLS_ENSURE(version <= 1, NBTLS_E_BAD_KEY); /* v1(0), v2(1) */
    DER(nbtls_der_expect(pki, NBTLS_DER_SEQUENCE, &alg));
    NBTLS_GUARD(parse_alg(&alg, &kind));
    NBTLS_ENSURE(kind != KIND_RSA, NBTLS_E_UNSUPPORTED); /* private RSA */
    DER(nbtls_der_octet_string(pki, &priv, &priv_len));
    if (nbtls_der_peek_tag(pki) == NBTLS_DER_CONTEXT(0)) {
        nbtls_reader attrs; /* [0] IMPLICIT Attributes: checked, ignored */
        DER(nbtls_der_expect(pki, NBTLS_DER_CONTEXT(0), &attrs));
        NBTLS_GUARD(check_attributes(&attrs));
    }
    if (nbtls_der_peek_tag(pki) == 0x81) {
        /* [1] IMPLICIT BIT STRING publicKey, v2 only */
        nbtls_reader bits;
        uint8_t tag;
        NBTLS_ENSURE(version == 1, NBTLS_E_BAD_KEY);
        DER(nbtls_der_read_tlv(pki, &tag, &bits));
        NBTLS_ENSURE(nbtls_reader_left(&bits) >= 1 && bits.pos[0] == 0,
                     NBTLS_E_BAD_KEY);
        pub = bits.pos + 1;
        pub_len = nbtls_reader_left(&bits) - 1;
    }
    DER(nbtls_reader_expect_end(pki));
    nbtls_reader_init(&inner, priv, priv_len);
    if (kind == KIND_P256 || kind == KIND_P384) {
        nbtls_reader ec;
        DER(nbtls_der_expect(&inner, NBTLS_DER_SEQUENCE, &ec));
        DER(nbtls_reader_expect_end(&inner));
        return parse_sec1(&ec, kind, pub, pub_len, key);
    }
    /* RFC 8410 7: CurvePrivateKey ::= OCTET STRING */
    const unsigned char *k;
    size_t k_len;
    DER(nbtls_der_octet_string(&inner, &k, &k_len));
    DER(nbtls_reader_expect_end(&inner));
    NBTLS_ENSURE(k_len == NBTLS_X25519_KEY_LEN, NBTLS_E_BAD_KEY);
    return finish_private(key, KIND_X25519, k, pub, pub_len);
}

static int key_from_der_fmt(struct nbtls_key **key, const unsigned char *der,
                            size_t len, int fmt) {
    nbtls_reader r, seq, look;
    NBTLS_ENSURE(len > 0, NBTLS_E_BAD_KEY);
    nbtls_reader_init(&r, der, len);
    DER(nbtls_der_expect(&r, NBTLS_DER_SEQUENCE, &seq));
    DER(nbtls_reader_expect_end(&r)); /* no trailing data */
    /* Recognise the structure by its first one or two elements. */
    int found = FMT_ANY;
    uint8_t t0 = nbtls_der_peek_tag(&seq);
    if (t0 == NBTLS_DER_SEQUENCE) {
        found = FMT_SPKI;
    } else if (t0 == NBTLS_DER_INTEGER) {
        const unsigned char *p;
        size_t n;
        look = seq;
        DER(nbtls_der_uint(&look, &p, &n));
        uint8_t t1 = nbtls_der_peek_tag(&look);
        if (t1 == NBTLS_DER_SEQUENCE)
            found = FMT_PKCS8;
        else if (t1 == NBTLS_DER_OCTET_STRING)
            found = FMT_SEC1;
        else if (t1 == NBTLS_DER_INTEGER) {
            /* PKCS#1: RSAPublicKey is exactly two INTEGERs, RSAPrivateKey
             * (version, n, e, d, ...) more */
            DER(nbtls_der_uint(&look, &p, &n));
            if (nbtls_reader_left(&look) != 0) return NBTLS_E_UNSUPPORTED;
            found = FMT_RSAPUB;
        }
    }
    NBTLS_ENSURE(found != FMT_ANY, NBTLS_E_BAD_KEY);
    NBTLS_ENSURE(fmt == FMT_ANY || fmt == found, NBTLS_E_BAD_KEY);
    switch (found) {
    case FMT_SPKI: return parse_spki(&seq, key);
    case FMT_PKCS8: return parse_pkcs8(&seq, key);
    case FMT_RSAPUB: return parse_rsa_pub(der, len, key);
    default: return parse_sec1(&seq, 0, NULL, 0, key);
    }
}

int nbtls_key_from_der(nbtls_key **key, const unsigned char *der, size_t len) {
    NBTLS_ENSURE(key != NULL && der != NULL, NBTLS_E_INVALID_ARG);
    *key = NULL;
    return key_from_der_fmt(key, der, len, FMT_ANY);
}

static int label_is(const char *lab, size_t n, const char *s) {
    return n == strlen(s) && memcmp(lab, s, n) == 0;
}

int nbtls_key_from_pem(nbtls_key **key, const char *pem, size_t len) {
    NBTLS_ENSURE(key != NULL && pem != NULL, NBTLS_E_INVALID_ARG);
    *key = NULL;
    size_t pos = 0;
    for (;;) {
        const char *lab, *body;
        size_t lab_len, body_len;
        int found =
            nbtls_pem_next(pem, len, &pos, &lab, &lab_len, &body, &body_len);
        NBTLS_ENSURE(found >= 0, NBTLS_E_BAD_KEY);
        NBTLS_ENSURE(found == 1, NBTLS_E_BAD_KEY); /* no key block */
        int fmt;
        if (label_is(lab, lab_len, "PUBLIC KEY"))
            fmt = FMT_SPKI;
        else if (label_is(lab, lab_len, "PRIVATE KEY"))
            fmt = FMT_PKCS8;
        else if (label_is(lab, lab_len, "EC PRIVATE KEY"))
            fmt = FMT_SEC1;
        else if (label_is(lab, lab_len, "RSA PUBLIC KEY"))
            fmt = FMT_RSAPUB;
        else if (label_is(lab, lab_len, "ENCRYPTED PRIVATE KEY") ||
                 label_is(lab, lab_len, "RSA PRIVATE KEY"))
            return NBTLS_E_UNSUPPORTED;
        else
            continue; /* EC PARAMETERS, CERTIFICATE, ...: not a key */
        /* The first key block decides. Its DER may hold a private key:
         * the buffer is wiped. */
        size_t cap = body_len / 4 * 3 + 3, der_len = 0;
        unsigned char *der = (unsigned char *)nbtls_calloc(cap);
        NBTLS_ENSURE(der != NULL, NBTLS_E_NO_MEMORY);
        int rc = nbtls_base64_decode(body, body_len, der, cap, &der_len);
        if (rc == NBTLS_DONE)
            rc = key_from_der_fmt(key, der, der_len, fmt);
        else
            rc = NBTLS_E_BAD_KEY;
        nbtls_free_wipe(der, cap);
        return rc;
    }
}
