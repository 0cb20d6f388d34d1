/*
 * X.509 parsing and the pure helpers, without any external tool:
 *   - certificates assembled here from DER pieces (a tiny builder; the
 *     signature is a dummy, parsing does not verify it): the getters of a
 *     well-formed one, then one violation of RFC 5280 / DER at a time, each
 *     refused with NBTLS_E_CERTIFICATE (version rules, serial length and
 *     sign, inner/outer algorithm mismatch, duplicate extensions, encoded
 *     DEFAULT FALSE, keyUsage without a bit set, empty SAN, bad
 *     iPAddress length, non-ASCII dNSName, nameConstraints minimum/maximum,
 *     pathLen without cA, empty issuer, a constructed string in a Name,
 *     SET OF order in an RDN, trailing data, an invalid P-256 point),
 *     truncation at every length and every single-byte change (no crash);
 *   - unknown critical extensions recorded; unsupported keys still parse;
 *     signature scheme ids including RSASSA-PSS parameters;
 *   - RFC 4514 strings (ordering, '+', escaping, dotted OIDs, #hex,
 *     BMPString);
 *   - RFC 5280 times (UTCTime/GeneralizedTime, ranges, leap years);
 *   - hostname matching (RFC 9525), IP literal parsing, DNS subtrees.
 */
#include "check.h"
#include "nbtls/x509.h"
#include "hash/sha256.h"
#include "x509/x509.h"

typedef struct {
    unsigned char b[3000];
    size_t n;
} buf;

static buf H(const char *hex) {
    buf o;
    long n = check_hex(hex, o.b, sizeof o.b);
    if (n < 0) {
        fprintf(stderr, "bad hex in test: %s\n", hex);
        abort();
    }
    o.n = (size_t)n;
    return o;
}

static buf S(const char *s) {
    buf o;
    o.n = strlen(s);
    memcpy(o.b, s, o.n);
    return o;
}

static buf cat(buf a, buf b) {
    if (a.n + b.n > sizeof a.b) abort();
    memcpy(a.b + a.n, b.b, b.n);
    a.n += b.n;
    return a;
}

static buf T(unsigned tag, buf c) {
    buf o;
    size_t k = 0;
    o.b[k++] = (unsigned char)tag;
    if (c.n < 128) {
        o.b[k++] = (unsigned char)c.n;
    } else if (c.n < 256) {
        o.b[k++] = 0x81;
        o.b[k++] = (unsigned char)c.n;
    } else {
        o.b[k++] = 0x82;
        o.b[k++] = (unsigned char)(c.n >> 8);
        o.b[k++] = (unsigned char)c.n;
    }
    if (k + c.n > sizeof o.b) abort();
    memcpy(o.b + k, c.b, c.n);
    o.n = k + c.n;
    return o;
}

static const buf EMPTY = {{0}, 0};

#define OID_CN "0603550403"
#define ECDSA_SHA256 "300a06082a8648ce3d040302"
#define P256_G                                                                 \
    "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"       \
    "4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"

static buf name_cn(const char *cn) {
    return T(0x30, T(0x31, T(0x30, cat(H(OID_CN), T(0x0c, S(cn))))));
}

static buf ext(const char *oid_hex, int critical, buf value) {
    buf e = H(oid_hex);
    if (critical) e = cat(e, H("0101ff"));
    return T(0x30, cat(e, T(0x04, value)));
}

/* The pieces of a certificate; each test changes one. */
typedef struct {
    buf version, serial, alg, issuer, validity, subject, spki, uids, exts;
    buf outer_alg, sig, trailing;
    int no_exts;
} spec;

static spec base(void) {
    spec s;
    s.version = T(0xa0, H("020102"));
    s.serial = H("02020102");
    s.alg = H(ECDSA_SHA256);
    s.issuer = name_cn("Test CA");
    s.validity =
        T(0x30, cat(T(0x17, S("200101000000Z")), T(0x17, S("300101000000Z"))));
    s.subject = name_cn("leaf");
    s.spki = T(0x30, cat(H("301306072a8648ce3d020106082a8648ce3d030107"),
                         T(0x03, H("00" P256_G))));
    s.uids = EMPTY;
    /* basicConstraints cA, pathLen 3; keyUsage keyCertSign; EKU server;
     * SAN; SKI; AKI */
    buf e = ext("0603551d13", 1, T(0x30, H("0101ff020103")));
    e = cat(e, ext("0603551d0f", 1, H("03020204")));
    e = cat(e, ext("0603551d25", 0, T(0x30, H("06082b06010505070301"))));
    e = cat(e, ext("0603551d11", 0,
                   T(0x30, cat(cat(T(0x82, S("www.example.com")),
                                   T(0x87, H("7f000001"))),
                               T(0x82, S("*.example.org"))))));
    e = cat(e, ext("0603551d0e", 0, H("0403aabbcc")));
    e = cat(e, ext("0603551d23", 0, T(0x30, H("8002ddee"))));
    s.exts = e;
    s.no_exts = 0;
    s.outer_alg = H(ECDSA_SHA256);
    s.sig = H("0309003006020101020101");
    s.trailing = EMPTY;
    return s;
}

static buf build(const spec *s) {
    buf tbs = cat(cat(cat(s->version, s->serial), s->alg), s->issuer);
    tbs = cat(cat(cat(tbs, s->validity), s->subject), s->spki);
    tbs = cat(tbs, s->uids);
    if (!s->no_exts) tbs = cat(tbs, T(0xa3, T(0x30, s->exts)));
    buf c = T(0x30, cat(cat(T(0x30, tbs), s->outer_alg), s->sig));
    return cat(c, s->trailing);
}

static int parse(const spec *s) {
    buf d = build(s);
    nbtls_x509 *c = NULL;
    int rc = nbtls_x509_from_der(&c, d.b, d.n);
    CHECK((rc == NBTLS_DONE) == (c != NULL));
    nbtls_x509_free(c);
    return rc;
}

#define BADCERT NBTLS_E_CERTIFICATE

static void getters(void) {
    spec s = base();
    buf d = build(&s);
    nbtls_x509 *c = NULL;
    CHECK_EQ(nbtls_x509_from_der(&c, d.b, d.n), NBTLS_DONE);
    if (c == NULL) return;
    size_t n;
    CHECK(nbtls_x509_der(c, &n) != d.b && n == d.n);
    CHECK_MEM(nbtls_x509_der(c, &n), d.b, d.n);
    CHECK_EQ(nbtls_x509_version(c), 3);
    const unsigned char *p = nbtls_x509_serial(c, &n);
    CHECK(n == 2 && p[0] == 1 && p[1] == 2);
    CHECK_EQ(nbtls_x509_not_before(c), 1577836800);
    CHECK_EQ(nbtls_x509_not_after(c), 1893456000);
    char str[100];
    CHECK_EQ(nbtls_x509_subject_string(c, str, sizeof str, &n), NBTLS_DONE);
    CHECK(strcmp(str, "CN=leaf") == 0 && n == 7);
    CHECK_EQ(nbtls_x509_issuer_string(c, str, sizeof str, &n), NBTLS_DONE);
    CHECK(strcmp(str, "CN=Test CA") == 0);
    CHECK_EQ(nbtls_x509_issuer_string(c, str, 10, &n),
             NBTLS_E_BUFFER_TOO_SMALL);
    CHECK_EQ(n, 10);
    CHECK_EQ(nbtls_x509_issuer_string(c, str, 11, &n), NBTLS_DONE);
    buf nm = name_cn("leaf");
    p = nbtls_x509_subject_der(c, &n);
    CHECK(n == nm.n && memcmp(p, nm.b, n) == 0);
    nm = name_cn("Test CA");
    p = nbtls_x509_issuer_der(c, &n);
    CHECK(n == nm.n && memcmp(p, nm.b, n) == 0);
    CHECK_EQ(nbtls_x509_signature_scheme(c), NBTLS_SIG_ECDSA_SECP256R1_SHA256);
    nbtls_key *k = NULL;
    CHECK_EQ(nbtls_x509_public_key(c, &k), NBTLS_DONE);
    CHECK_EQ(nbtls_key_type(k), NBTLS_KEY_P256);
    unsigned char pub[65], g[65];
    CHECK_EQ(nbtls_key_export_public(k, pub, sizeof pub, &n), NBTLS_DONE);
    CHECK_EQ(check_hex(P256_G, g, sizeof g), 65);
    CHECK_MEM(pub, g, 65);
    nbtls_key_free(k);
    CHECK_EQ(nbtls_x509_is_ca(c), 1);
    CHECK_EQ(nbtls_x509_path_len(c), 3);
    CHECK_EQ(nbtls_x509_key_usage(c), NBTLS_X509_KU_KEY_CERT_SIGN);
    CHECK_EQ(nbtls_x509_eku(c), NBTLS_X509_EKU_SERVER_AUTH);
    CHECK_EQ(nbtls_x509_san_dns_count(c), 2);
    CHECK_EQ(nbtls_x509_san_ip_count(c), 1);
    const char *dn = nbtls_x509_san_dns(c, 1, &n);
    CHECK(dn != NULL && n == 13 && memcmp(dn, "*.example.org", 13) == 0);
    CHECK(nbtls_x509_san_dns(c, 2, &n) == NULL && n == 0);
    p = nbtls_x509_san_ip(c, 0, &n);
    CHECK(p != NULL && n == 4 && p[0] == 127 && p[3] == 1);
    CHECK(nbtls_x509_san_ip(c, 1, &n) == NULL);
    p = nbtls_x509_ski(c, &n);
    CHECK(p != NULL && n == 3 && p[0] == 0xaa);
    p = nbtls_x509_aki(c, &n);
    CHECK(p != NULL && n == 2 && p[1] == 0xee);
    CHECK_EQ(nbtls_x509_unknown_critical_count(c), 0);
    unsigned char fp[32], want[32];
    nbtls_x509_fingerprint_sha256(c, fp);
    nbtls_sha256(d.b, d.n, want);
    CHECK_MEM(fp, want, 32);
    nbtls_x509_free(c);

    /* absent extensions give the documented "absent" values */
    s.exts = ext("0603551d0e", 0, H("0401aa"));
    CHECK_EQ(nbtls_x509_from_der(&c, build(&s).b, build(&s).n), NBTLS_DONE);
    CHECK_EQ(nbtls_x509_is_ca(c), 0);
    CHECK_EQ(nbtls_x509_path_len(c), -1);
    CHECK_EQ(nbtls_x509_key_usage(c), -1);
    CHECK_EQ(nbtls_x509_eku(c), -1);
    CHECK_EQ(nbtls_x509_san_dns_count(c), 0);
    CHECK(nbtls_x509_aki(c, &n) == NULL && n == 0);
    nbtls_x509_free(c);

    /* NULL handling */
    CHECK_EQ(nbtls_x509_from_der(NULL, d.b, d.n), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_x509_from_der(&c, NULL, 1), NBTLS_E_INVALID_ARG);
    CHECK(c == NULL);
    CHECK_EQ(nbtls_x509_from_der(&c, d.b, 0), BADCERT);
    nbtls_x509_free(NULL);
}

static void negatives(void) {
    spec s;
    CHECK_EQ(parse((s = base(), &s)), NBTLS_DONE);
    /* version: explicit v1 (DEFAULT), v4 */
    s = base();
    s.version = T(0xa0, H("020100"));
    CHECK_EQ(parse(&s), BADCERT);
    s.version = T(0xa0, H("020103"));
    CHECK_EQ(parse(&s), BADCERT);
    /* v1 / v2 with extensions; v1 with a unique id; v1 without: ok */
    s.version = EMPTY;
    CHECK_EQ(parse(&s), BADCERT);
    s.version = T(0xa0, H("020101"));
    CHECK_EQ(parse(&s), BADCERT);
    s.no_exts = 1;
    CHECK_EQ(parse(&s), NBTLS_DONE);
    s.uids = H("81020000");
    CHECK_EQ(parse(&s), NBTLS_DONE);
    s.version = EMPTY;
    CHECK_EQ(parse(&s), BADCERT);
    s.uids = EMPTY;
    CHECK_EQ(parse(&s), NBTLS_DONE);
    /* serial: 20 bytes ok, 21 not; negative; non-minimal */
    s = base();
    s.serial = H("021401020304050607080910111213141516171819ff");
    CHECK_EQ(parse(&s), NBTLS_DONE);
    s.serial = H("02150102030405060708091011121314151617181920ff");
    CHECK_EQ(parse(&s), BADCERT);
    s.serial = H("0201ff");
    CHECK_EQ(parse(&s), BADCERT);
    s.serial = H("02020001");
    CHECK_EQ(parse(&s), BADCERT);
    /* outer algorithm differs from the inner one */
    s = base();
    s.outer_alg = H("300a06082a8648ce3d040303");
    CHECK_EQ(parse(&s), BADCERT);
    /* a duplicated extension */
    s = base();
    s.exts = cat(s.exts, ext("0603551d0e", 0, H("0401aa")));
    CHECK_EQ(parse(&s), BADCERT);
    /* critical FALSE encoded (DEFAULT), a non-DER TRUE */
    s = base();
    s.exts = T(0x30, cat(H("0603551d0e010100"), T(0x04, H("0401aa"))));
    CHECK_EQ(parse(&s), BADCERT);
    s.exts = T(0x30, cat(H("0603551d0e010101"), T(0x04, H("0401aa"))));
    CHECK_EQ(parse(&s), BADCERT);
    /* empty extensions SEQUENCE */
    s.exts = EMPTY;
    CHECK_EQ(parse(&s), BADCERT);
    /* keyUsage: trailing zero bit; no bit set; two bytes decipherOnly */
    s = base();
    s.exts = ext("0603551d0f", 1, H("0303070600")); /* tolerated */
    CHECK_EQ(parse(&s), NBTLS_DONE);
    s.exts = ext("0603551d0f", 1, H("03020104"));
    CHECK_EQ(parse(&s), NBTLS_DONE);
    s.exts = ext("0603551d0f", 1, H("03020105")); /* unused bit set */
    CHECK_EQ(parse(&s), BADCERT);
    s.exts = ext("0603551d0f", 1, H("030100"));
    CHECK_EQ(parse(&s), BADCERT);
    s.exts = ext("0603551d0f", 1, H("0303070080"));
    CHECK_EQ(parse(&s), NBTLS_DONE);
    /* SAN: empty, bad iPAddress length, non-ASCII dNSName, unknown tag */
    s = base();
    s.exts = ext("0603551d11", 0, T(0x30, EMPTY));
    CHECK_EQ(parse(&s), BADCERT);
    s.exts = ext("0603551d11", 0, T(0x30, H("87057f00000101")));
    CHECK_EQ(parse(&s), BADCERT);
    s.exts = ext("0603551d11", 0, T(0x30, H("8203e9e9e9")));
    CHECK_EQ(parse(&s), BADCERT);
    s.exts = ext("0603551d11", 0, T(0x30, H("890100")));
    CHECK_EQ(parse(&s), BADCERT);
    s.exts = ext("0603551d11", 0, T(0x30, H("860468747470")));
    CHECK_EQ(parse(&s), NBTLS_DONE); /* URI */
    /* authorityInfoAccess: structure checked; critical = unknown */
    s.exts =
        ext("06082b06010505070101", 0,
            T(0x30,
              T(0x30, cat(H("06082b06010505073002"), T(0x86, S("http://x"))))));
    CHECK_EQ(parse(&s), NBTLS_DONE);
    s.exts = ext("06082b06010505070101", 0, S("malformed"));
    CHECK_EQ(parse(&s), BADCERT);
    s.exts = ext("06082b06010505070101", 0, T(0x30, EMPTY));
    CHECK_EQ(parse(&s), BADCERT);
    s.exts =
        ext("06082b06010505070101", 1,
            T(0x30,
              T(0x30, cat(H("06082b06010505073002"), T(0x86, S("http://x"))))));
    {
        buf d = build(&s);
        nbtls_x509 *c = NULL;
        CHECK_EQ(nbtls_x509_from_der(&c, d.b, d.n), NBTLS_DONE);
        CHECK_EQ(nbtls_x509_unknown_critical_count(c), 1);
        nbtls_x509_free(c);
    }
    /* basicConstraints: pathLen without cA; cA FALSE encoded */
    s.exts = ext("0603551d13", 1, T(0x30, H("020101")));
    CHECK_EQ(parse(&s), BADCERT);
    s.exts = ext("0603551d13", 1, T(0x30, H("010100")));
    CHECK_EQ(parse(&s), BADCERT);
    s.exts = ext("0603551d13", 1, T(0x30, EMPTY));
    CHECK_EQ(parse(&s), NBTLS_DONE);
    /* nameConstraints: minimum given, maximum given, empty, ok */
    s.exts =
        ext("0603551d1e", 1,
            T(0x30, T(0xa0, T(0x30, cat(T(0x82, S("a.com")), H("800100"))))));
    CHECK_EQ(parse(&s), BADCERT);
    s.exts =
        ext("0603551d1e", 1,
            T(0x30, T(0xa0, T(0x30, cat(T(0x82, S("a.com")), H("810101"))))));
    CHECK_EQ(parse(&s), BADCERT);
    s.exts = ext("0603551d1e", 1, T(0x30, EMPTY));
    CHECK_EQ(parse(&s), BADCERT);
    s.exts = ext("0603551d1e", 1,
                 T(0x30, T(0xa1, T(0x30, T(0x87, H("0a0000000ff0000000"))))));
    CHECK_EQ(parse(&s), BADCERT); /* 9-byte iPAddress subtree */
    s.exts = ext("0603551d1e", 1,
                 T(0x30, T(0xa1, T(0x30, T(0x87, H("0a000000ff000000"))))));
    CHECK_EQ(parse(&s), NBTLS_DONE);
    /* a non-CIDR mask; DNS subtrees with a wildcard or a leading period */
    s.exts = ext("0603551d1e", 1,
                 T(0x30, T(0xa1, T(0x30, T(0x87, H("0a000000ff00ff00"))))));
    CHECK_EQ(parse(&s), BADCERT);
    s.exts = ext("0603551d1e", 1,
                 T(0x30, T(0xa0, T(0x30, T(0x82, S("*.example.com"))))));
    CHECK_EQ(parse(&s), BADCERT);
    s.exts = ext("0603551d1e", 1,
                 T(0x30, T(0xa0, T(0x30, T(0x82, S(".example.com"))))));
    CHECK_EQ(parse(&s), BADCERT);
    s.exts = ext("0603551d1e", 1, T(0x30, T(0xa0, T(0x30, T(0x82, EMPTY)))));
    CHECK_EQ(parse(&s), NBTLS_DONE);
    /* names: empty issuer; a constructed UTF8String; RDN SET OF order;
     * a multi-valued RDN in order */
    s = base();
    s.issuer = T(0x30, EMPTY);
    CHECK_EQ(parse(&s), BADCERT);
    s.issuer =
        T(0x30, T(0x31, T(0x30, cat(H(OID_CN), T(0x2c, T(0x0c, S("x")))))));
    CHECK_EQ(parse(&s), BADCERT);
    buf a1 = T(0x30, cat(H(OID_CN), T(0x0c, S("b"))));
    buf a2 = T(0x30, cat(H("0603550406"), T(0x13, S("US"))));
    s.issuer = T(0x30, T(0x31, cat(a1, a2))); /* 0c..."b" sorts after 13? */
    int ord = memcmp(a1.b, a2.b, a1.n < a2.n ? a1.n : a2.n);
    CHECK_EQ(parse(&s), ord < 0 ? NBTLS_DONE : BADCERT);
    s.issuer = T(0x30, T(0x31, cat(a2, a1)));
    CHECK_EQ(parse(&s), ord < 0 ? BADCERT : NBTLS_DONE);
    /* trailing data; truncated signature BIT STRING with unused bits */
    s = base();
    s.trailing = H("00");
    CHECK_EQ(parse(&s), BADCERT);
    s = base();
    s.sig = H("0303010000");
    CHECK_EQ(parse(&s), BADCERT);
    /* keys: a point off the curve is malformed; Ed25519 is unsupported */
    s = base();
    s.spki.b[s.spki.n - 1] ^= 1;
    CHECK_EQ(parse(&s), BADCERT);
    s.spki =
        T(0x30, cat(H("300506032b6570"),
                    T(0x03, cat(H("00"), name_cn("0123456789012345678901")))));
    {
        buf d = build(&s);
        nbtls_x509 *c = NULL;
        nbtls_key *k = NULL;
        CHECK_EQ(nbtls_x509_from_der(&c, d.b, d.n), NBTLS_DONE);
        CHECK_EQ(nbtls_x509_public_key(c, &k), NBTLS_E_UNSUPPORTED);
        CHECK(k == NULL);
        nbtls_x509_free(c);
    }
    /* times */
    s = base();
    s.validity =
        T(0x30, cat(T(0x17, S("2001010000Z")), T(0x17, S("300101000000Z"))));
    CHECK_EQ(parse(&s), BADCERT);
    s.validity = T(
        0x30, cat(T(0x18, S("20490101000000Z")), T(0x17, S("300101000000Z"))));
    CHECK_EQ(parse(&s), NBTLS_DONE); /* tolerated before 2050 */
    s.validity = T(
        0x30, cat(T(0x17, S("200101000000Z")), T(0x18, S("99991231235959Z"))));
    CHECK_EQ(parse(&s), NBTLS_DONE);
    s.validity = T(0x30, cat(T(0x17, S("200101000000Z")), T(0x04, S("x"))));
    CHECK_EQ(parse(&s), BADCERT);
    s.validity = T(0x30, T(0x17, S("200101000000Z")));
    CHECK_EQ(parse(&s), BADCERT);
}

static void critical_and_schemes(void) {
    spec s = base();
    s.exts =
        cat(ext("06042a030405", 1, H("0500")), ext("06032a0304", 0, H("0500")));
    buf d = build(&s);
    nbtls_x509 *c = NULL;
    size_t n;
    CHECK_EQ(nbtls_x509_from_der(&c, d.b, d.n), NBTLS_DONE);
    CHECK_EQ(nbtls_x509_unknown_critical_count(c), 1);
    const unsigned char *o = nbtls_x509_unknown_critical_oid(c, 0, &n);
    CHECK(o != NULL && n == 4 && memcmp(o, "\x2a\x03\x04\x05", 4) == 0);
    CHECK(nbtls_x509_unknown_critical_oid(c, 1, &n) == NULL);
    nbtls_x509_free(c);

    static const struct {
        const char *alg;
        int scheme;
    } ALGS[] = {
        {"300a06082a8648ce3d040302", NBTLS_SIG_ECDSA_SECP256R1_SHA256},
        {"300a06082a8648ce3d040303", NBTLS_SIG_ECDSA_SECP384R1_SHA384},
        {"300a06082a8648ce3d040304", NBTLS_SIG_ECDSA_SECP521R1_SHA512},
        {"300906072a8648ce3d0401", NBTLS_SIG_ECDSA_SHA1},
        {"300d06092a864886f70d01010b0500", NBTLS_SIG_RSA_PKCS1_SHA256},
        {"300b06092a864886f70d01010b", NBTLS_SIG_RSA_PKCS1_SHA256},
        {"300d06092a864886f70d01010c0500", NBTLS_SIG_RSA_PKCS1_SHA384},
        {"300d06092a864886f70d01010d0500", NBTLS_SIG_RSA_PKCS1_SHA512},
        {"300d06092a864886f70d0101050500", NBTLS_SIG_RSA_PKCS1_SHA1},
        {"300d06092a864886f70d0101040500", NBTLS_SIG_RSA_PKCS1_MD5},
        {"300d06092a864886f70d01010e0500", NBTLS_E_UNSUPPORTED}, /* SHA-224 */
        {"300506032b6570", NBTLS_E_UNSUPPORTED},                 /* Ed25519 */
        /* RSASSA-PSS SHA-256, MGF1-SHA-256, salt 32 */
        {"304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c"
         "301a06092a864886f70d010108300d06096086480165030402010500a203020120",
         NBTLS_SIG_RSA_PSS_RSAE_SHA256},
        /* ... SHA-384 with salt 48 */
        {"304106092a864886f70d01010a3034a00f300d06096086480165030402020500a11c"
         "301a06092a864886f70d010108300d06096086480165030402020500a203020130",
         NBTLS_SIG_RSA_PSS_RSAE_SHA384},
        /* salt 20: not the TLS 1.3 profile */
        {"304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c"
         "301a06092a864886f70d010108300d06096086480165030402010500a203020114",
         NBTLS_E_UNSUPPORTED},
        /* MGF1 with another hash */
        {"304106092a864886f70d01010a3034a00f300d06096086480165030402010500a11c"
         "301a06092a864886f70d010108300d06096086480165030402020500a203020120",
         NBTLS_E_UNSUPPORTED},
        /* all defaults (SHA-1) */
        {"300d06092a864886f70d01010a3000", NBTLS_E_UNSUPPORTED},
    };
    for (size_t i = 0; i < sizeof ALGS / sizeof ALGS[0]; i++) {
        s = base();
        s.alg = H(ALGS[i].alg);
        s.outer_alg = s.alg;
        d = build(&s);
        c = NULL;
        CHECK_EQ(nbtls_x509_from_der(&c, d.b, d.n), NBTLS_DONE);
        CHECK_EQ(nbtls_x509_signature_scheme(c), ALGS[i].scheme);
        nbtls_x509_free(c);
    }
    /* a PSS trailer of 1 encoded (DEFAULT) is not DER */
    s = base();
    s.alg = H("304606092a864886f70d01010a3039a00f300d06096086480165030402010500"
              "a11c301a06092a864886f70d010108300d06096086480165030402010500a203"
              "020120a303020101");
    s.outer_alg = s.alg;
    CHECK_EQ(parse(&s), BADCERT);
}

static void mutations(void) {
    spec s = base();
    buf d = build(&s);
    unsigned long accepted = 0;
    for (size_t len = 0; len < d.n; len++) {
        nbtls_x509 *c = NULL;
        CHECK_EQ(nbtls_x509_from_der(&c, d.b, len), BADCERT);
    }
    for (size_t i = 0; i < d.n; i++) {
        for (unsigned v = 0; v < 256; v += 37) {
            buf m = d;
            m.b[i] = (unsigned char)(m.b[i] ^ (v | 1));
            nbtls_x509 *c = NULL;
            int rc = nbtls_x509_from_der(&c, m.b, m.n);
            CHECK(rc == NBTLS_DONE || rc == BADCERT);
            if (rc == NBTLS_DONE) {
                char str[512];
                size_t n;
                accepted++;
                int r = nbtls_x509_subject_string(c, str, sizeof str, &n);
                CHECK(r == NBTLS_DONE || r == NBTLS_E_BUFFER_TOO_SMALL);
            }
            nbtls_x509_free(c);
        }
    }
    printf("byte changes accepted by the parser: %lu (dummy signature)\n",
           accepted);
}

static void rfc4514(void) {
    static const struct {
        const char *name_hex;
        const char *want;
    } CASES[] = {
        /* two RDNs: written last first */
        {"301e310b3009060355040613025553310f300d060355040a0c064f7267204131",
         "O=Org A1,C=US"},
        /* special characters and leading '#'/' ', trailing ' ' */
        {"3016311430120603550403"
         "0c0b232c2b225c3c3e3b3d6120",
         "CN=\\#\\,\\+\\\"\\\\\\<\\>\\;=a\\ "},
        {"300f310d300b06035504030c042061097a", "CN=\\ a\\09z"},
        /* multi-valued RDN; unknown OID dotted; non-string value as #hex */
        {"3024312230090603550403"
         "0c02686930150603550405" /* serialNumber 2.5.4.5 */
         "130e3132333435363738393031323334",
         "CN=hi+2.5.4.5=12345678901234"},
        {"300f310d300b06032a0304020400ff0001", "1.2.3.4=#020400FF0001"},
        /* BMPString: odd length as #hex, else UTF-8 */
        {"300e310c300a06035504031e0300c420", "CN=#1E0300C420"},
        {"3011310f300d06035504031e0600c420ac0041", "CN=\xc3\x84\xe2\x82\xac"
                                                   "A"},
        /* DC and UID */
        {"30283113301106"
         "0a0992268993f22c640119160365786d3111300f060a0992268993"
         "f22c640101130161",
         "UID=a,DC=exm"},
    };
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        unsigned char der[200];
        long n = check_hex(CASES[i].name_hex, der, sizeof der);
        CHECK(n > 0);
        char out[200];
        size_t len = 0;
        int rc = nbtls_x509_name_string(der, (size_t)n, out, sizeof out, &len);
        CHECK_EQ(rc, NBTLS_DONE);
        if (rc == NBTLS_DONE && strcmp(out, CASES[i].want) != 0)
            fprintf(stderr, "rfc4514 case %zu: got '%s' want '%s'\n", i, out,
                    CASES[i].want);
        CHECK(rc == NBTLS_DONE && strcmp(out, CASES[i].want) == 0);
        CHECK_EQ(len, strlen(CASES[i].want));
    }
}

static int64_t tm(unsigned tag, const char *s) {
    int64_t t = -1;
    int rc = nbtls_x509_parse_time((uint8_t)tag, (const unsigned char *)s,
                                   strlen(s), &t);
    return rc == NBTLS_DONE ? t : -999;
}

static void times(void) {
    CHECK_EQ(tm(0x17, "700101000000Z"), 0);
    CHECK_EQ(tm(0x17, "691231235959Z"), -1);         /* 1969 */
    CHECK_EQ(tm(0x17, "500101000000Z"), -631152000); /* 1950 */
    CHECK_EQ(tm(0x17, "491231235959Z"), 2524607999); /* 2049 */
    CHECK_EQ(tm(0x18, "20500101000000Z"), 2524608000);
    CHECK_EQ(tm(0x17, "000229120000Z"), 951825600); /* 2000 leap */
    CHECK_EQ(tm(0x17, "240229000000Z"), 1709164800);
    CHECK_EQ(tm(0x17, "230229000000Z"), -999);
    CHECK_EQ(tm(0x18, "21000229000000Z"), -999);        /* 2100 not leap */
    CHECK_EQ(tm(0x18, "24000229000000Z"), 13574563200); /* 2400 leap */
    CHECK_EQ(tm(0x18, "99991231235959Z"), 253402300799);
    CHECK_EQ(tm(0x17, "201301000000Z"), -999); /* month 13 */
    CHECK_EQ(tm(0x17, "200100000000Z"), -999); /* day 0 */
    CHECK_EQ(tm(0x17, "200431000000Z"), -999); /* April 31 */
    CHECK_EQ(tm(0x17, "200101240000Z"), -999); /* hour 24 */
    CHECK_EQ(tm(0x17, "200101006000Z"), -999); /* minute 60 */
    CHECK_EQ(tm(0x17, "200101000060Z"), -999); /* leap second */
    CHECK_EQ(tm(0x17, "2001010000Z"), -999);   /* no seconds */
    CHECK_EQ(tm(0x17, "200101000000+0000"), -999);
    CHECK_EQ(tm(0x17, "200101000000"), -999);
    CHECK_EQ(tm(0x17, "2001010000 0Z"), -999);
    CHECK_EQ(tm(0x17, "20010100000-Z"), -999);
    CHECK_EQ(tm(0x18, "20500101000000.5Z"), -999);     /* fraction */
    CHECK_EQ(tm(0x18, "20491231235959Z"), 2524607999); /* tolerated */
    CHECK_EQ(tm(0x18, "2050010100000Z"), -999);
    CHECK_EQ(tm(0x04, "200101000000Z"), -999);
}

static int dm(const char *pat, const char *host) {
    return nbtls_x509_dns_match(pat, strlen(pat), host, strlen(host));
}

static void hostnames(void) {
    CHECK_EQ(dm("www.example.com", "www.example.com"), 1);
    CHECK_EQ(dm("WWW.Example.COM", "www.example.com"), 1);
    CHECK_EQ(dm("www.example.com", "www.example.com."), 1);
    CHECK_EQ(dm("www.example.com.", "www.example.com"), 0);
    CHECK_EQ(dm("www.example.com", "example.com"), 0);
    CHECK_EQ(dm("example.com", "www.example.com"), 0);
    CHECK_EQ(dm("*.example.com", "www.example.com"), 1);
    CHECK_EQ(dm("*.example.com", "WWW.EXAMPLE.COM"), 1);
    CHECK_EQ(dm("*.example.com", "example.com"), 0);
    CHECK_EQ(dm("*.example.com", "a.b.example.com"), 0);
    CHECK_EQ(dm("*.example.com", ".example.com"), 0);
    CHECK_EQ(dm("*.com", "example.com"), 0); /* two labels after '*' */
    CHECK_EQ(dm("*", "com"), 0);
    CHECK_EQ(dm("w*.example.com", "www.example.com"), 0);
    CHECK_EQ(dm("*w.example.com", "www.example.com"), 0);
    CHECK_EQ(dm("ww*w.example.com", "www.example.com"), 0);
    CHECK_EQ(dm("www.*.com", "www.example.com"), 0);
    CHECK_EQ(dm("*.*.example.com", "a.b.example.com"), 0);
    CHECK_EQ(dm("*.example.com", "*.example.com"), 0); /* the host is no name */
    CHECK_EQ(dm("www.example.com", "www.exa\xc3\xa9mple.com"), 0);
    CHECK_EQ(dm("xn--bcher-kva.example", "XN--BCHER-KVA.example"), 1);
    CHECK_EQ(dm("", "example.com"), 0);
    CHECK_EQ(dm("example.com", ""), 0);
    CHECK_EQ(dm("exa mple.com", "exa mple.com"), 0);
    CHECK_EQ(dm("a..com", "a..com"), 0);
    CHECK_EQ(dm("-a.com", "-a.com"), 0);
    CHECK_EQ(dm("127.0.0.1", "127.0.0.1"), 1); /* as DNS names: labels */

    unsigned char ip[16];
    CHECK_EQ(nbtls_x509_parse_ip("127.0.0.1", 9, ip), 4);
    CHECK(ip[0] == 127 && ip[3] == 1);
    CHECK_EQ(nbtls_x509_parse_ip("255.255.255.255", 15, ip), 4);
    CHECK_EQ(nbtls_x509_parse_ip("256.0.0.1", 9, ip), 0);
    CHECK_EQ(nbtls_x509_parse_ip("01.2.3.4", 8, ip), 0);
    CHECK_EQ(nbtls_x509_parse_ip("1.2.3", 5, ip), 0);
    CHECK_EQ(nbtls_x509_parse_ip("1.2.3.4.", 8, ip), 0);
    CHECK_EQ(nbtls_x509_parse_ip("1.2.3.4.5", 9, ip), 0);
    CHECK_EQ(nbtls_x509_parse_ip("::1", 3, ip), 16);
    CHECK(ip[15] == 1 && ip[0] == 0 && ip[14] == 0);
    CHECK_EQ(nbtls_x509_parse_ip("::", 2, ip), 16);
    CHECK_EQ(nbtls_x509_parse_ip("2001:db8::ff00:42:8329", 22, ip), 16);
    CHECK(ip[0] == 0x20 && ip[1] == 0x01 && ip[2] == 0x0d && ip[3] == 0xb8 &&
          ip[10] == 0xff && ip[11] == 0x00 && ip[13] == 0x42 && ip[15] == 0x29);
    CHECK_EQ(nbtls_x509_parse_ip("1:2:3:4:5:6:7:8", 15, ip), 16);
    CHECK_EQ(nbtls_x509_parse_ip("1:2:3:4:5:6:7:8:9", 17, ip), 0);
    CHECK_EQ(nbtls_x509_parse_ip("1:2:3:4:5:6:7", 13, ip), 0);
    CHECK_EQ(nbtls_x509_parse_ip("1:2:3:4:5:6:7::8", 16, ip), 0);
    CHECK_EQ(nbtls_x509_parse_ip("1::2::3", 7, ip), 0);
    CHECK_EQ(nbtls_x509_parse_ip(":1:2:3:4:5:6:7", 14, ip), 0);
    CHECK_EQ(nbtls_x509_parse_ip("1:2:3:4:5:6:7:", 14, ip), 0);
    CHECK_EQ(nbtls_x509_parse_ip("12345::1", 8, ip), 0);
    CHECK_EQ(nbtls_x509_parse_ip("::ffff:1.2.3.4", 14, ip), 16);
    CHECK(ip[10] == 0xff && ip[11] == 0xff && ip[12] == 1 && ip[15] == 4);
    CHECK_EQ(nbtls_x509_parse_ip("1:2:3:4:5:6:1.2.3.4", 19, ip), 16);
    CHECK_EQ(nbtls_x509_parse_ip("1:2:3:4:5:6:7:1.2.3.4", 21, ip), 0);
    CHECK_EQ(nbtls_x509_parse_ip("[::1]", 5, ip), 0);
    CHECK_EQ(nbtls_x509_parse_ip("example.com", 11, ip), 0);
    CHECK_EQ(nbtls_x509_parse_ip("fe80::1%eth0", 12, ip), 0);

#define SUB(n, b) nbtls_x509_dns_in_subtree(n, strlen(n), b, strlen(b))
    CHECK_EQ(SUB("example.com", "example.com"), 1);
    CHECK_EQ(SUB("a.example.com", "example.com"), 1);
    CHECK_EQ(SUB("A.EXAMPLE.com", "example.COM"), 1);
    CHECK_EQ(SUB("aexample.com", "example.com"), 0);
    CHECK_EQ(SUB("example.com", "a.example.com"), 0);
    CHECK_EQ(SUB("a.example.com", ".example.com"), 1);
    CHECK_EQ(SUB("example.com", ".example.com"), 0);
    CHECK_EQ(SUB("anything", ""), 1);
#undef SUB
}

int main(void) {
    getters();
    negatives();
    critical_and_schemes();
    mutations();
    rfc4514();
    times();
    hostnames();
    return CHECK_DONE();
}
