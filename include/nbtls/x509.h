/*
 * nbtls/x509.h: X.509 certificates (RFC 5280), trust stores and restartable
 * certificate path validation with Web PKI rules.
 *
 * Objects:
 *   - nbtls_x509: one parsed certificate, immutable once made, safe to read
 *     from several threads at once; it owns a copy of its DER.
 *   - nbtls_trust: a set of trust anchors (certificates). Fill it, then use
 *     it: once it has been passed to nbtls_x509_verify_start() it must not
 *     be modified again (it may then be shared between threads and ops).
 *
 * Errors: a certificate that does not parse (not strict DER, not the
 * RFC 5280 structure, a date not as RFC 5280 says, a malformed extension it
 * understands, a duplicated extension, a key that is not a valid key of its
 * kind) is NBTLS_E_CERTIFICATE. A path that does not validate ends the
 * verify op with NBTLS_E_CERTIFICATE and a detail code
 * (nbtls_op_x509_error(), NBTLS_X509_ERR_*).
 */
#ifndef NBTLS_X509_H
#define NBTLS_X509_H

#include "nbtls/nbtls.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A parsed X.509 v1/v2/v3 certificate (immutable). */
typedef struct nbtls_x509 nbtls_x509;

/** A set of trust anchors. */
typedef struct nbtls_trust nbtls_trust;

/* ---- Parsing ------------------------------------------------------------- */

/**
 * Parse one DER certificate (exactly `len` bytes, no trailing data) into a
 * new *cert (free with nbtls_x509_free). The DER is copied. Errors:
 * NBTLS_E_INVALID_ARG (NULL), NBTLS_E_CERTIFICATE (malformed),
 * NBTLS_E_NO_MEMORY. *cert is NULL on error.
 */
NBTLS_API int nbtls_x509_from_der(nbtls_x509 **cert, const unsigned char *der,
                                  size_t len);

/**
 * The next certificate of a PEM text (a bundle): from text[*pos], find the
 * next "-----BEGIN CERTIFICATE-----" block (other blocks, such as keys, and
 * text between blocks are skipped), parse it into *cert and move *pos past
 * it. Start with *pos = 0 and call until *cert comes back NULL with
 * NBTLS_DONE (no further certificate). Errors: NBTLS_E_INVALID_ARG (NULL),
 * NBTLS_E_CERTIFICATE (a malformed PEM block, bad base64 or a certificate
 * that does not parse), NBTLS_E_NO_MEMORY.
 */
NBTLS_API int nbtls_x509_from_pem_next(nbtls_x509 **cert, const char *pem,
                                       size_t len, size_t *pos);

/** Free a certificate. NULL is a no-op. */
NBTLS_API void nbtls_x509_free(nbtls_x509 *cert);

/* ---- Getters (pointers stay valid while the certificate lives) ---------- */

/** The whole DER; *len its length. */
NBTLS_API const unsigned char *nbtls_x509_der(const nbtls_x509 *cert,
                                              size_t *len);

/** SHA-256 of the DER (the usual certificate fingerprint). */
NBTLS_API void nbtls_x509_fingerprint_sha256(const nbtls_x509 *cert,
                                             unsigned char out[32]);

/** The version: 1, 2 or 3. */
NBTLS_API int nbtls_x509_version(const nbtls_x509 *cert);

/** The serial number's magnitude, big-endian, without a leading zero sign
 *  byte (1 to 20 bytes; the value 0 is one 0x00 byte). */
NBTLS_API const unsigned char *nbtls_x509_serial(const nbtls_x509 *cert,
                                                 size_t *len);

/** The subject / issuer Name, as its whole DER encoding (the SEQUENCE). */
NBTLS_API const unsigned char *nbtls_x509_subject_der(const nbtls_x509 *cert,
                                                      size_t *len);
NBTLS_API const unsigned char *nbtls_x509_issuer_der(const nbtls_x509 *cert,
                                                     size_t *len);

/**
 * The subject / issuer as an RFC 4514 string ("CN=example.com,O=Org,C=US":
 * last RDN first, multi-valued RDNs joined by '+', CN, L, ST, O, OU, C,
 * STREET, DC and UID by name, other types as dotted OIDs; string values
 * escaped per RFC 4514 section 2.4 (BMPString and UniversalString converted
 * to UTF-8, bytes below 0x20 and 0x7f as \XX), other values as '#' and the
 * hex of their DER). Written NUL-terminated to out; *out_len gets the
 * length without the NUL. NBTLS_E_BUFFER_TOO_SMALL with *out_len the
 * length needed (without the NUL) when out_size <= that length.
 */
NBTLS_API int nbtls_x509_subject_string(const nbtls_x509 *cert, char *out,
                                        size_t out_size, size_t *out_len);
NBTLS_API int nbtls_x509_issuer_string(const nbtls_x509 *cert, char *out,
                                       size_t out_size, size_t *out_len);

/** notBefore / notAfter as Unix seconds (UTCTime and GeneralizedTime as
 *  RFC 5280 4.1.2.5 allows them: seconds present, "Z", no fraction, every
 *  field in range; GeneralizedTime is also accepted before 2050, as trusted
 *  roots use it). */
NBTLS_API int64_t nbtls_x509_not_before(const nbtls_x509 *cert);
NBTLS_API int64_t nbtls_x509_not_after(const nbtls_x509 *cert);

/** The SubjectPublicKeyInfo, whole DER. */
NBTLS_API const unsigned char *nbtls_x509_spki_der(const nbtls_x509 *cert,
                                                   size_t *len);

/**
 * The subject public key as a new nbtls_key (free with nbtls_key_free):
 * P-256, P-384 (id-ecPublicKey with the named curve) or RSA (rsaEncryption,
 * 2048 to 4096 bits). NBTLS_E_UNSUPPORTED for any other algorithm (the
 * certificate still parsed), NBTLS_E_INVALID_ARG for NULL,
 * NBTLS_E_NO_MEMORY.
 */
NBTLS_API int nbtls_x509_public_key(const nbtls_x509 *cert, nbtls_key **key);

/* Signature algorithm ids beyond the TLS 1.3 NBTLS_SIG_* code points: the
 * TLS 1.2 hash/signature pairs of the legacy algorithms (which path
 * validation refuses), and ECDSA with SHA-512. */
#define NBTLS_SIG_RSA_PKCS1_MD5 0x0101
#define NBTLS_SIG_RSA_PKCS1_SHA1 0x0201
#define NBTLS_SIG_ECDSA_SHA1 0x0203
#define NBTLS_SIG_ECDSA_SECP521R1_SHA512 0x0603

/**
 * The certificate's signature algorithm as a TLS SignatureScheme-like id:
 * ecdsa-with-SHA256/384/512 -> NBTLS_SIG_ECDSA_SECP256R1_SHA256 /
 * _SECP384R1_SHA384 / _SECP521R1_SHA512 (X.509 does not tie the curve to
 * the hash: any of P-256/P-384 may sign with either of SHA-256/384),
 * sha256/384/512WithRSAEncryption -> NBTLS_SIG_RSA_PKCS1_SHA*, RSASSA-PSS
 * with hash SHA-256/384/512, MGF1 with the same hash, salt length equal to
 * the hash length and trailer 1 -> NBTLS_SIG_RSA_PSS_RSAE_SHA*, SHA-1 and
 * MD5 ones -> the legacy ids above. NBTLS_E_UNSUPPORTED (< 0) for any
 * other algorithm or parameters.
 */
NBTLS_API int nbtls_x509_signature_scheme(const nbtls_x509 *cert);

/** The number of dNSName / iPAddress entries of subjectAltName (0 when
 *  there is no such extension). */
NBTLS_API size_t nbtls_x509_san_dns_count(const nbtls_x509 *cert);
NBTLS_API size_t nbtls_x509_san_ip_count(const nbtls_x509 *cert);

/** The i-th dNSName (IA5String bytes, not NUL-terminated) / iPAddress (4
 *  or 16 bytes), or NULL if i is out of range. */
NBTLS_API const char *nbtls_x509_san_dns(const nbtls_x509 *cert, size_t i,
                                         size_t *len);
NBTLS_API const unsigned char *nbtls_x509_san_ip(const nbtls_x509 *cert,
                                                 size_t i, size_t *len);

/** basicConstraints: 1 if present with cA TRUE, else 0. */
NBTLS_API int nbtls_x509_is_ca(const nbtls_x509 *cert);
/** basicConstraints pathLenConstraint, or -1 when absent. */
NBTLS_API int nbtls_x509_path_len(const nbtls_x509 *cert);

/* keyUsage bits (RFC 5280 4.2.1.3), bit n of the BIT STRING as 1 << n. */
#define NBTLS_X509_KU_DIGITAL_SIGNATURE 0x001
#define NBTLS_X509_KU_NON_REPUDIATION 0x002
#define NBTLS_X509_KU_KEY_ENCIPHERMENT 0x004
#define NBTLS_X509_KU_DATA_ENCIPHERMENT 0x008
#define NBTLS_X509_KU_KEY_AGREEMENT 0x010
#define NBTLS_X509_KU_KEY_CERT_SIGN 0x020
#define NBTLS_X509_KU_CRL_SIGN 0x040
#define NBTLS_X509_KU_ENCIPHER_ONLY 0x080
#define NBTLS_X509_KU_DECIPHER_ONLY 0x100

/** keyUsage as NBTLS_X509_KU_* bits, or -1 when the extension is absent. */
NBTLS_API int nbtls_x509_key_usage(const nbtls_x509 *cert);

/* extendedKeyUsage purposes (RFC 5280 4.2.1.12). */
#define NBTLS_X509_EKU_SERVER_AUTH 0x01
#define NBTLS_X509_EKU_CLIENT_AUTH 0x02
#define NBTLS_X509_EKU_CODE_SIGNING 0x04
#define NBTLS_X509_EKU_EMAIL_PROTECTION 0x08
#define NBTLS_X509_EKU_TIME_STAMPING 0x10
#define NBTLS_X509_EKU_OCSP_SIGNING 0x20
#define NBTLS_X509_EKU_ANY 0x40
#define NBTLS_X509_EKU_OTHER 0x80 /* at least one other purpose */

/** extendedKeyUsage as NBTLS_X509_EKU_* bits, or -1 when absent. */
NBTLS_API int nbtls_x509_eku(const nbtls_x509 *cert);

/** subjectKeyIdentifier / authorityKeyIdentifier's keyIdentifier bytes, or
 *  NULL when absent. */
NBTLS_API const unsigned char *nbtls_x509_ski(const nbtls_x509 *cert,
                                              size_t *len);
NBTLS_API const unsigned char *nbtls_x509_aki(const nbtls_x509 *cert,
                                              size_t *len);

/** The number of critical extensions nbtls does not process, and the i-th
 *  one's OID (content bytes), or NULL if i is out of range. Path validation
 *  refuses a certificate with any. Processed: basicConstraints, keyUsage,
 *  extendedKeyUsage, subjectAltName, nameConstraints, certificatePolicies
 *  (read, not enforced), subjectKeyIdentifier, authorityKeyIdentifier.
 *  authorityInfoAccess is checked for its structure but counts as unknown
 *  when critical (RFC 5280 4.2.2.1). */
NBTLS_API size_t nbtls_x509_unknown_critical_count(const nbtls_x509 *cert);
NBTLS_API const unsigned char *
nbtls_x509_unknown_critical_oid(const nbtls_x509 *cert, size_t i, size_t *len);

/* ---- Trust stores -------------------------------------------------------- */

/** A new empty trust store (free with nbtls_trust_free). NBTLS_E_INVALID_ARG
 *  or NBTLS_E_NO_MEMORY. */
NBTLS_API int nbtls_trust_new(nbtls_trust **trust);

/** Free a trust store and its anchors. NULL is a no-op. */
NBTLS_API void nbtls_trust_free(nbtls_trust *trust);

/** Add a copy of `cert` as a trust anchor. NBTLS_E_INVALID_ARG (NULL),
 *  NBTLS_E_NO_MEMORY. An anchor whose DER is already present is not added
 *  twice (NBTLS_DONE). */
NBTLS_API int nbtls_trust_add(nbtls_trust *trust, const nbtls_x509 *cert);

/**
 * Add anchors from memory: a DER certificate, or PEM text with any number of
 * CERTIFICATE blocks (recognised by "-----BEGIN"). All-or-nothing per call:
 * if any certificate fails to parse, nothing is added and the error
 * (NBTLS_E_CERTIFICATE) is returned. *added (may be NULL) gets the number of
 * certificates read.
 */
NBTLS_API int nbtls_trust_add_data(nbtls_trust *trust,
                                   const unsigned char *data, size_t len,
                                   size_t *added);

/** nbtls_trust_add_data() on a file's contents. NBTLS_E_INVALID_ARG also
 *  when the file cannot be read. */
NBTLS_API int nbtls_trust_load_file(nbtls_trust *trust, const char *path,
                                    size_t *added);

/**
 * Every regular file of a directory (as OpenSSL's hashed directories: the
 * *.0 links, *.pem, *.crt, anything) that parses is added; files that do
 * not parse are skipped. *added gets the number of certificates added.
 * NBTLS_E_INVALID_ARG when the directory cannot be opened.
 */
NBTLS_API int nbtls_trust_load_dir(nbtls_trust *trust, const char *path,
                                   size_t *added);

/**
 * The operating system's anchors, as OpenSSL finds them: the file named by
 * SSL_CERT_FILE and the directories of SSL_CERT_DIR (':'-separated) when
 * set; otherwise the first bundle that exists of
 * /etc/ssl/certs/ca-certificates.crt (Debian, Ubuntu, Alpine),
 * /etc/pki/tls/certs/ca-bundle.crt (Fedora, RHEL),
 * /etc/ssl/ca-bundle.pem (openSUSE), /etc/ssl/cert.pem (Alpine, macOS),
 * /opt/homebrew/etc/ca-certificates/cert.pem and
 * /usr/local/etc/ca-certificates/cert.pem (homebrew), then the directory
 * /etc/ssl/certs. NBTLS_E_UNSUPPORTED if nothing was found.
 */
NBTLS_API int nbtls_trust_load_system(nbtls_trust *trust, size_t *added);

/** The number of anchors. */
NBTLS_API size_t nbtls_trust_count(const nbtls_trust *trust);

/* ---- Path validation ----------------------------------------------------- */

/* Purposes for nbtls_x509_verify_start(). */
#define NBTLS_X509_PURPOSE_SERVER 1 /* id-kp-serverAuth */
#define NBTLS_X509_PURPOSE_CLIENT 2 /* id-kp-clientAuth */

/* Detail codes of a rejected path (nbtls_op_x509_error()). Never
 * renumbered. */
#define NBTLS_X509_OK 0
#define NBTLS_X509_ERR_EXPIRED 1          /* now > notAfter */
#define NBTLS_X509_ERR_NOT_YET_VALID 2    /* now < notBefore */
#define NBTLS_X509_ERR_UNKNOWN_ISSUER 3   /* no path to a trust anchor */
#define NBTLS_X509_ERR_BAD_SIGNATURE 4    /* a signature does not verify */
#define NBTLS_X509_ERR_NAME_MISMATCH 5    /* hostname / IP not in the SAN */
#define NBTLS_X509_ERR_USAGE 6            /* keyUsage / extendedKeyUsage */
#define NBTLS_X509_ERR_CONSTRAINTS 7      /* basicConstraints, pathLen */
#define NBTLS_X509_ERR_NAME_CONSTRAINTS 8 /* nameConstraints violated */
#define NBTLS_X509_ERR_MALFORMED 9        /* a field that cannot be used */
#define NBTLS_X509_ERR_CRITICAL_EXT 10    /* unknown critical extension */
#define NBTLS_X509_ERR_TOO_DEEP 11        /* the path exceeds the depth */
#define NBTLS_X509_ERR_TOO_COSTLY 12      /* signature budget exhausted */
#define NBTLS_X509_ERR_WEAK_ALGORITHM 13  /* SHA-1, MD5 signature */
#define NBTLS_X509_ERR_UNSUPPORTED_ALG 14 /* algorithm / key nbtls lacks */
#define NBTLS_X509_ERR_VERSION 15         /* version rules (v1 CA, ...) */

/** The detail's short name ("expired", "unknown_issuer", ...: the macro name
 *  after NBTLS_X509_ERR_, lower case; "ok"; "unknown" for other values). */
NBTLS_API const char *nbtls_x509_error_name(int detail);
/** A one-line English description of a detail code (static storage). */
NBTLS_API const char *nbtls_x509_error_string(int detail);

/* Default bounds of a verify op. */
#define NBTLS_X509_DEFAULT_MAX_DEPTH 8 /* intermediates */
#define NBTLS_X509_DEFAULT_MAX_SIGNATURES 32

/**
 * Start validating `chain[0]` (the leaf) for `purpose` at time `now` (Unix
 * seconds) against the anchors of `trust`, using chain[1..n) as untrusted
 * intermediates in any order. `name` (may be NULL: no name check) is a DNS
 * hostname, or an IPv4 dotted-quad / IPv6 literal (no brackets), which is
 * then matched against iPAddress entries only.
 *
 * The op builds paths depth-first: issuers whose subject equals the
 * child's issuer (and whose subjectKeyIdentifier matches an
 * authorityKeyIdentifier when both are present), anchors first, and
 * backtracks to the next candidate when a candidate or anything above it
 * fails (expired alternatives, cross-signed roots). A path is accepted
 * when a signature of a path certificate verifies under an anchor's key
 * and every rule holds:
 *   - every certificate (anchors included) valid at `now`; no unknown
 *     critical extension; key identifiers not critical, an empty subject
 *     only with a critical subjectAltName, keyCertSign only with cA TRUE
 *     (RFC 5280 4.2.1.1-4.2.1.6); an authorityKeyIdentifier with a
 *     keyIdentifier in every certificate but self-issued ones and anchors,
 *     a subjectKeyIdentifier in every intermediate; a positive serial
 *     number outside anchors; for the leaf (CA/B BR): a subjectAltName
 *     critical only with an empty subject, and a key nbtls supports; the
 *     issuers v3 with
 * basicConstraints cA TRUE (a v1 certificate is accepted only as an anchor),
 * keyUsage (if present) with keyCertSign, pathLenConstraint counted over the
 *     non-self-issued intermediates below; the leaf is not a CA;
 *   - extendedKeyUsage, where present on any path certificate, contains
 *     the purpose (anyExtendedKeyUsage counts on issuers, not on the leaf);
 *   - nameConstraints (dNSName, iPAddress subtrees) of every issuer over
 *     the SAN names of the certificates below it; other subtree forms make
 *     the path fail (cannot be checked);
 *   - signatures ECDSA P-256/P-384 with SHA-256/384/512, RSA PKCS#1 v1.5
 *     and PSS with SHA-256/384/512; SHA-1 and MD5 refused; the inner and
 *     outer signature algorithms identical;
 *   - `name` per RFC 9525: subjectAltName only (never the CN), a wildcard
 *     only as the whole leftmost label of a name with at least three labels,
 *     matching exactly one label; ASCII case-insensitive; IP literals only
 *     against iPAddress.
 * The chain certificates and the trust store must stay alive until the op
 * is freed (they are not copied). Errors here: NBTLS_E_INVALID_ARG (NULL
 * op, trust or chain, n == 0, a bad purpose), NBTLS_E_NO_MEMORY. The op
 * ends NBTLS_DONE (valid) or NBTLS_E_CERTIFICATE with a detail code from
 * nbtls_op_x509_error(); when several paths fail, the detail is that of the
 * first failing check on the deepest path tried.
 *
 * Work units: one per certificate check or candidate issuer considered,
 * one per 512 bytes hashed, one to start each signature check, then the
 * units of the ECDSA or RSA verification (its own units, run one per
 * unit: a poll never does more than one unit of crypto). At most
 * max_signatures signature checks (NBTLS_X509_ERR_TOO_COSTLY beyond) and
 * paths of at most max_depth intermediates (neither the leaf nor the anchor
 * counts, as OpenSSL's -verify_depth; NBTLS_X509_ERR_TOO_DEEP when only
 * longer paths exist).
 */
NBTLS_API int nbtls_x509_verify_start(nbtls_op **op, const nbtls_trust *trust,
                                      const nbtls_x509 *const *chain, size_t n,
                                      const char *name, int64_t now,
                                      int purpose);

/** Change the bounds of a verify op before its first poll (0 keeps the
 *  default; max_depth above 64 is taken as 64). NBTLS_E_BAD_STATE after the
 *  first poll or for another kind of op; NBTLS_E_INVALID_ARG for NULL. */
NBTLS_API int nbtls_x509_verify_set_limits(nbtls_op *op, unsigned max_depth,
                                           unsigned max_signatures);

/** The detail code of a finished verify op (NBTLS_X509_OK when it ended
 *  NBTLS_DONE), or NBTLS_E_BAD_STATE while running / for another kind of
 *  op, NBTLS_E_INVALID_ARG for NULL. */
NBTLS_API int nbtls_op_x509_error(const nbtls_op *op);

/** The number of signature checks a verify op has started so far. */
NBTLS_API unsigned nbtls_x509_verify_signatures(const nbtls_op *op);

#ifdef __cplusplus
}
#endif

#endif
