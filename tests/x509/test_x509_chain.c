/*
 * X.509 against certificates made at test time by the openssl command
 * (tests/x509/gen_chains.sh): an RSA-2048 root, P-256 intermediate and
 * leaf (the real-world shape), and policy cases.
 *   - getters agree with `openssl x509` (RFC 2253 subject/issuer, serial,
 *     SHA-256 fingerprint, validity dates, SAN, key usage, scheme ids);
 *   - path validation outcomes and detail codes: valid chains (P-256, P-384
 *     under RSA-PSS, RSA-3072/2048 PKCS#1 SHA-384/512, a 3-intermediate
 *     chain, intermediates given in any order), hostname / IP / purpose,
 *     expiry and not-yet-valid via the time argument, unknown issuer,
 *     a same-name root with another key, pathLen, cA FALSE, keyUsage, EKU
 *     on an intermediate, name constraints (permitted, excluded, IP), an
 *     unknown critical extension, a CA as leaf, SHA-1, depth limits, and
 *     backtracking: an expired root beside a valid one with the same name
 *     and key, and a cross-signed root reached through another root;
 *   - restart: budgets 0, 1 and 7 give the same outcome, detail and units;
 *     at budget 1 every poll spends exactly one unit; freeing after every
 *     possible number of polls (cancellation; leaks show under ASan);
 *   - trust stores: files, directories, duplicates, all-or-nothing PEM,
 *     SSL_CERT_FILE for nbtls_trust_load_system.
 * Skips (77) without the openssl command.
 */
#define _DEFAULT_SOURCE 1 /* mkdtemp, popen, setenv */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "check.h"
#include "nbtls/x509.h"
#include "openssl_cmd.h"

#ifndef NBTLS_X509_GEN
#define NBTLS_X509_GEN "tests/x509/gen_chains.sh"
#endif

static int64_t g_now;

/* Run a shell command in the temp dir; its first output line in out. */
static int sh(const char *cmd, char *out, size_t n) {
    char full[1200];
    snprintf(full, sizeof full, "cd '%s' && %s 2>/dev/null", g_dir, cmd);
    FILE *f = popen(full, "r");
    if (f == NULL) return -1;
    out[0] = 0;
    if (fgets(out, (int)n, f) == NULL) out[0] = 0;
    size_t l = strlen(out);
    while (l > 0 && (out[l - 1] == '\n' || out[l - 1] == '\r'))
        out[--l] = 0;
    return pclose(f);
}

static unsigned char g_buf[1 << 16];

/* The certificates of a PEM or DER file (appended). */
static size_t load_into(const char *name, nbtls_x509 **out, size_t max) {
    long n = read_file(name, g_buf, sizeof g_buf - 1);
    CHECK(n > 0);
    if (n <= 0) return 0;
    size_t got = 0, pos = 0;
    if (g_buf[0] == 0x30) {
        CHECK_EQ(nbtls_x509_from_der(&out[0], g_buf, (size_t)n), NBTLS_DONE);
        return out[0] != NULL;
    }
    while (got < max) {
        nbtls_x509 *c = NULL;
        int rc =
            nbtls_x509_from_pem_next(&c, (const char *)g_buf, (size_t)n, &pos);
        CHECK_EQ(rc, NBTLS_DONE);
        if (rc != NBTLS_DONE || c == NULL) break;
        out[got++] = c;
    }
    return got;
}

static nbtls_x509 *load(const char *name) {
    nbtls_x509 *c = NULL;
    return load_into(name, &c, 1) == 1 ? c : NULL;
}

static void hex(const unsigned char *p, size_t n, char *out, int colons) {
    static const char H[] = "0123456789ABCDEF";
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (colons && i > 0) out[k++] = ':';
        out[k++] = H[p[i] >> 4];
        out[k++] = H[p[i] & 15];
    }
    out[k] = 0;
}

static int64_t date_of(const char *file, const char *which) {
    char cmd[300], out[100];
    snprintf(cmd, sizeof cmd,
             "date -u -d \"$(openssl x509 -in %s -noout -%s | cut -d= -f2)\" "
             "+%%s",
             file, which);
    if (sh(cmd, out, sizeof out) != 0) return -1;
    return strtoll(out, NULL, 10);
}

static void getters(void) {
    static const char *const FILES[] = {"leaf.pem",    "int.pem",
                                        "root.pem",    "int384.pem",
                                        "leafrsa.pem", "leaf_crit.pem"};
    for (size_t i = 0; i < sizeof FILES / sizeof FILES[0]; i++) {
        nbtls_x509 *c = load(FILES[i]);
        CHECK(c != NULL);
        if (c == NULL) continue;
        char cmd[300], want[600], got[600];
        size_t n;
        snprintf(cmd, sizeof cmd,
                 "openssl x509 -in %s -noout -subject -nameopt RFC2253",
                 FILES[i]);
        CHECK_EQ(sh(cmd, want, sizeof want), 0);
        CHECK_EQ(nbtls_x509_subject_string(c, got, sizeof got, &n), NBTLS_DONE);
        if (strcmp(want + 8, got) != 0)
            fprintf(stderr, "%s subject: '%s' vs openssl '%s'\n", FILES[i], got,
                    want);
        CHECK(strncmp(want, "subject=", 8) == 0 && strcmp(want + 8, got) == 0);
        snprintf(cmd, sizeof cmd,
                 "openssl x509 -in %s -noout -issuer -nameopt RFC2253",
                 FILES[i]);
        CHECK_EQ(sh(cmd, want, sizeof want), 0);
        CHECK_EQ(nbtls_x509_issuer_string(c, got, sizeof got, &n), NBTLS_DONE);
        CHECK(strcmp(want + 7, got) == 0);
        /* serial */
        snprintf(cmd, sizeof cmd, "openssl x509 -in %s -noout -serial",
                 FILES[i]);
        CHECK_EQ(sh(cmd, want, sizeof want), 0);
        const unsigned char *sp = nbtls_x509_serial(c, &n);
        hex(sp, n, got, 0);
        const char *w = want + 7;
        while (w[0] == '0' && w[1] != 0)
            w++;
        const char *g = got;
        while (g[0] == '0' && g[1] != 0)
            g++;
        CHECK(strcmp(w, g) == 0);
        /* fingerprint */
        unsigned char fp[32];
        nbtls_x509_fingerprint_sha256(c, fp);
        hex(fp, 32, got, 1);
        snprintf(cmd, sizeof cmd,
                 "openssl x509 -in %s -noout -fingerprint -sha256", FILES[i]);
        CHECK_EQ(sh(cmd, want, sizeof want), 0);
        const char *eq = strchr(want, '=');
        CHECK(eq != NULL && strcmp(eq + 1, got) == 0);
        /* dates */
        CHECK_EQ(nbtls_x509_not_before(c), date_of(FILES[i], "startdate"));
        CHECK_EQ(nbtls_x509_not_after(c), date_of(FILES[i], "enddate"));
        nbtls_x509_free(c);
    }
    nbtls_x509 *leaf = load("leaf.pem"), *in = load("int.pem"),
               *root = load("root.pem"), *i384 = load("int384.pem"),
               *irsa = load("intrsa.pem"), *lrsa = load("leafrsa.pem"),
               *crit = load("leaf_crit.pem"), *sha1 = load("leaf_sha1.pem"),
               *pl0 = load("int_pl0.pem");
    CHECK(leaf && in && root && i384 && irsa && lrsa && crit && sha1 && pl0);
    if (!(leaf && in && root && i384 && irsa && lrsa && crit && sha1 && pl0))
        return;
    size_t n, m;
    CHECK_EQ(nbtls_x509_version(leaf), 3);
    CHECK_EQ(nbtls_x509_san_dns_count(leaf), 2);
    CHECK_EQ(nbtls_x509_san_ip_count(leaf), 2);
    const char *d0 = nbtls_x509_san_dns(leaf, 0, &n);
    CHECK(n == 15 && memcmp(d0, "www.example.com", 15) == 0);
    const unsigned char *ip1 = nbtls_x509_san_ip(leaf, 1, &n);
    CHECK(n == 16 && ip1[15] == 1 && ip1[0] == 0);
    CHECK_EQ(nbtls_x509_is_ca(leaf), 0);
    CHECK_EQ(nbtls_x509_key_usage(leaf), NBTLS_X509_KU_DIGITAL_SIGNATURE);
    CHECK_EQ(nbtls_x509_eku(leaf), NBTLS_X509_EKU_SERVER_AUTH);
    CHECK_EQ(nbtls_x509_is_ca(in), 1);
    CHECK_EQ(nbtls_x509_path_len(in), -1);
    CHECK_EQ(nbtls_x509_path_len(pl0), 0);
    CHECK_EQ(nbtls_x509_key_usage(root),
             NBTLS_X509_KU_KEY_CERT_SIGN | NBTLS_X509_KU_CRL_SIGN);
    /* AKI of the leaf = SKI of its issuer */
    const unsigned char *aki = nbtls_x509_aki(leaf, &n),
                        *ski = nbtls_x509_ski(in, &m);
    CHECK(aki != NULL && ski != NULL && n == m && memcmp(aki, ski, n) == 0);
    CHECK_EQ(nbtls_x509_signature_scheme(leaf),
             NBTLS_SIG_ECDSA_SECP256R1_SHA256);
    CHECK_EQ(nbtls_x509_signature_scheme(in), NBTLS_SIG_RSA_PKCS1_SHA256);
    CHECK_EQ(nbtls_x509_signature_scheme(i384), NBTLS_SIG_RSA_PSS_RSAE_SHA256);
    CHECK_EQ(nbtls_x509_signature_scheme(irsa), NBTLS_SIG_RSA_PKCS1_SHA384);
    CHECK_EQ(nbtls_x509_signature_scheme(lrsa), NBTLS_SIG_RSA_PKCS1_SHA512);
    CHECK_EQ(nbtls_x509_signature_scheme(sha1), NBTLS_SIG_ECDSA_SHA1);
    CHECK_EQ(nbtls_x509_unknown_critical_count(crit), 1);
    CHECK_EQ(nbtls_x509_unknown_critical_count(leaf), 0);
    nbtls_key *k = NULL;
    CHECK_EQ(nbtls_x509_public_key(root, &k), NBTLS_DONE);
    CHECK_EQ(nbtls_key_type(k), NBTLS_KEY_RSA);
    CHECK_EQ(nbtls_key_bits(k), 2048);
    nbtls_key_free(k);
    CHECK_EQ(nbtls_x509_public_key(i384, &k), NBTLS_DONE);
    CHECK_EQ(nbtls_key_type(k), NBTLS_KEY_P384);
    nbtls_key_free(k);
    /* the SPKI is the one openssl prints */
    {
        char out[10];
        const unsigned char *spki = nbtls_x509_spki_der(leaf, &n);
        CHECK(write_file("spki_nbtls.der", spki, n) == 0);
        CHECK_EQ(sh("openssl x509 -in leaf.pem -noout -pubkey | openssl pkey "
                    "-pubin -outform DER -out spki_osl.der && cmp -s "
                    "spki_osl.der spki_nbtls.der && echo same",
                    out, sizeof out),
                 0);
        CHECK(strcmp(out, "same") == 0);
    }
    nbtls_x509 *all[] = {leaf, in, root, i384, irsa, lrsa, crit, sha1, pl0};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        nbtls_x509_free(all[i]);
}

/* ---- verification ---- */

typedef struct {
    const char *leaf, *anchors, *untrusted, *name;
    int64_t dt; /* seconds after now */
    int purpose, detail;
} vcase;

#define SRV NBTLS_X509_PURPOSE_SERVER
#define CLI NBTLS_X509_PURPOSE_CLIENT
#define DAY 86400

static const vcase CASES[] = {
    {"leaf.pem", "root.pem", "int.pem", "www.example.com", 0, SRV,
     NBTLS_X509_OK},
    {"leaf.pem", "root.pem", "int.pem", "WWW.EXAMPLE.COM.", 0, SRV,
     NBTLS_X509_OK},
    {"leaf.pem", "root.pem", "int.pem", "x.example.org", 0, SRV, NBTLS_X509_OK},
    {"leaf.pem", "root.pem", "int.pem", "x.y.example.org", 0, SRV,
     NBTLS_X509_ERR_NAME_MISMATCH},
    {"leaf.pem", "root.pem", "int.pem", "example.com", 0, SRV,
     NBTLS_X509_ERR_NAME_MISMATCH},
    {"leaf.pem", "root.pem", "int.pem", "127.0.0.1", 0, SRV, NBTLS_X509_OK},
    {"leaf.pem", "root.pem", "int.pem", "::1", 0, SRV, NBTLS_X509_OK},
    {"leaf.pem", "root.pem", "int.pem", "0:0:0:0:0:0:0:1", 0, SRV,
     NBTLS_X509_OK},
    {"leaf.pem", "root.pem", "int.pem", "127.0.0.2", 0, SRV,
     NBTLS_X509_ERR_NAME_MISMATCH},
    {"leaf.pem", "root.pem", "int.pem", NULL, 0, CLI, NBTLS_X509_ERR_USAGE},
    {"leaf.pem", "root.pem", "int.pem", NULL, 400 * DAY, SRV,
     NBTLS_X509_ERR_EXPIRED},
    {"leaf.pem", "root.pem", "int.pem", NULL, -2 * DAY, SRV,
     NBTLS_X509_ERR_NOT_YET_VALID},
    {"leaf.pem", "root.pem", "", NULL, 0, SRV, NBTLS_X509_ERR_UNKNOWN_ISSUER},
    {"leaf.pem", "root2.pem", "int.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_UNKNOWN_ISSUER},
    {"leaf.pem", "evil.pem", "int.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_UNKNOWN_ISSUER},
    {"leaf.pem", "evil.pem root.pem", "int.pem", NULL, 0, SRV, NBTLS_X509_OK},
    {"leaf.pem", "int.pem", "", "www.example.com", 0, SRV, NBTLS_X509_OK},
    {"leaf.der", "root.der", "int.der", NULL, 0, SRV, NBTLS_X509_OK},
    {"leaf_client.pem", "root.pem", "int.pem", NULL, 0, CLI, NBTLS_X509_OK},
    {"leaf_client.pem", "root.pem", "int.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_USAGE},
    {"leaf_crit.pem", "root.pem", "int.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_CRITICAL_EXT},
    {"leaf_nosan.pem", "root.pem", "int.pem", "www.example.com", 0, SRV,
     NBTLS_X509_ERR_NAME_MISMATCH},
    {"leaf_nosan.pem", "root.pem", "int.pem", NULL, 0, SRV, NBTLS_X509_OK},
    {"leaf_ca.pem", "root.pem", "int.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_CONSTRAINTS},
    {"leaf_akicrit.pem", "root.pem", "int.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_MALFORMED},
    {"leaf_withnc.pem", "root.pem", "int.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_CONSTRAINTS},
    {"leaf_sancrit.pem", "root.pem", "int.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_MALFORMED},
    {"leaf_serial0.pem", "root.pem", "int.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_MALFORMED},
    {"leaf_noaki.pem", "root.pem", "int.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_MALFORMED},
    {"leaf_noski.pem", "root.pem", "int_noski.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_MALFORMED},
    /* the same key and name with an SKI; an anchor without SKI is fine
     * (trust by configuration) */
    {"leaf_noski.pem", "root.pem", "int_twin.pem", NULL, 0, SRV, NBTLS_X509_OK},
    {"leaf_noski.pem", "int_noski.pem", "", NULL, 0, SRV, NBTLS_X509_OK},
    {"leaf_kucert.pem", "root.pem", "int.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_CONSTRAINTS},
    {"leaf_emptysubj.pem", "root.pem", "int.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_MALFORMED},
    {"leaf_emptysubj_crit.pem", "root.pem", "int.pem", "www.example.com", 0,
     SRV, NBTLS_X509_OK},
    {"leaf_sha1.pem", "root.pem", "int.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_WEAK_ALGORITHM},
    {"leaf_sha384.pem", "root.pem", "int.pem", NULL, 0, SRV, NBTLS_X509_OK},
    {"leaf_pl.pem", "root.pem", "int_pl0.pem int_below.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_CONSTRAINTS},
    {"leaf_noca.pem", "root.pem", "int_noca.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_CONSTRAINTS},
    {"leaf_noku.pem", "root.pem", "int_noku.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_USAGE},
    {"leaf_eku.pem", "root.pem", "int_eku.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_USAGE},
    {"leaf_nc_ok.pem", "root.pem", "int_nc.pem", "a.example.com", 0, SRV,
     NBTLS_X509_OK},
    {"leaf_nc_out.pem", "root.pem", "int_nc.pem", "a.example.com", 0, SRV,
     NBTLS_X509_ERR_NAME_CONSTRAINTS},
    {"leaf_nc_excl.pem", "root.pem", "int_nc.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_NAME_CONSTRAINTS},
    {"leaf_nc_ip.pem", "root.pem", "int_nc.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_NAME_CONSTRAINTS},
    {"leaf_dn_ok.pem", "root.pem", "int_nc_dn.pem", NULL, 0, SRV,
     NBTLS_X509_OK},
    {"leaf_dn_out.pem", "root.pem", "int_nc_dn.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_NAME_CONSTRAINTS},
    {"leaf_sandn_in.pem", "root.pem", "int_nc_dn.pem", NULL, 0, SRV,
     NBTLS_X509_OK},
    {"leaf_sandn_out.pem", "root.pem", "int_nc_dn.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_NAME_CONSTRAINTS},
    {"leaf_email_ok.pem", "root.pem", "int_nc_email.pem", NULL, 0, SRV,
     NBTLS_X509_OK},
    {"leaf_email.pem", "root.pem", "int_nc_email.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_NAME_CONSTRAINTS},
    {"leaf384.pem", "root.pem", "int384.pem", "www.example.com", 0, SRV,
     NBTLS_X509_OK},
    {"leafrsa.pem", "root.pem", "intrsa.pem", NULL, 0, SRV, NBTLS_X509_OK},
    {"leaf_long.pem", "root.pem", "long_untrusted.pem", NULL, 0, SRV,
     NBTLS_X509_OK},
    {"leaf_long.pem", "root.pem", "i1.pem i3.pem", NULL, 0, SRV,
     NBTLS_X509_ERR_UNKNOWN_ISSUER},
    /* backtracking: the expired twin first, then the valid one */
    {"leaf2.pem", "root2_old.pem root2.pem", "int2.pem", NULL, 10 * DAY, SRV,
     NBTLS_X509_OK},
    {"leaf2.pem", "root2_old.pem", "int2.pem", NULL, 10 * DAY, SRV,
     NBTLS_X509_ERR_EXPIRED},
    {"leaf2.pem", "root.pem", "int2.pem cross2.pem", NULL, 10 * DAY, SRV,
     NBTLS_X509_OK},
    {"leaf2.pem", "root.pem root2_old.pem", "cross2.pem int2.pem", NULL,
     10 * DAY, SRV, NBTLS_X509_OK},
};

typedef struct {
    nbtls_trust *trust;
    nbtls_x509 *chain[16];
    size_t n;
} setup;

static int make_setup(const vcase *v, setup *s) {
    char list[200], *tok, *save;
    memset(s, 0, sizeof *s);
    if (nbtls_trust_new(&s->trust) != NBTLS_DONE) return -1;
    snprintf(list, sizeof list, "%s", v->anchors);
    for (tok = strtok_r(list, " ", &save); tok;
         tok = strtok_r(NULL, " ", &save)) {
        char fn[512];
        size_t added = 0;
        path(fn, sizeof fn, tok);
        CHECK_EQ(nbtls_trust_load_file(s->trust, fn, &added), NBTLS_DONE);
        CHECK(added >= 1);
    }
    s->n = load_into(v->leaf, s->chain, 1);
    if (s->n != 1) return -1;
    snprintf(list, sizeof list, "%s", v->untrusted);
    for (tok = strtok_r(list, " ", &save); tok;
         tok = strtok_r(NULL, " ", &save))
        s->n += load_into(tok, s->chain + s->n, 16 - s->n);
    return 0;
}

static void free_setup(setup *s) {
    for (size_t i = 0; i < s->n; i++)
        nbtls_x509_free(s->chain[i]);
    nbtls_trust_free(s->trust);
}

static int start(const vcase *v, const setup *s, nbtls_op **op) {
    return nbtls_x509_verify_start(op, s->trust,
                                   (const nbtls_x509 *const *)s->chain, s->n,
                                   v->name, g_now + v->dt, v->purpose);
}

/* Run to the end at `budget`; *detail, *units, *polls. */
static int run(const vcase *v, const setup *s, uint32_t budget, int *detail,
               uint64_t *units, unsigned long *polls) {
    nbtls_op *op = NULL;
    int rc = start(v, s, &op);
    CHECK_EQ(rc, NBTLS_DONE);
    if (rc != NBTLS_DONE) return rc;
    *polls = 0;
    uint64_t before = 0;
    do {
        rc = nbtls_op_poll(op, budget);
        uint64_t after = nbtls_op_units(op);
        if (budget == 1) CHECK_EQ(after - before, 1);
        before = after;
        if (rc == NBTLS_IN_PROGRESS)
            CHECK_EQ(nbtls_op_x509_error(op), NBTLS_E_BAD_STATE);
        ++*polls;
    } while (rc == NBTLS_IN_PROGRESS && *polls < 1000000);
    *detail = nbtls_op_x509_error(op);
    *units = nbtls_op_units(op);
    CHECK_EQ(nbtls_op_poll(op, budget), rc); /* sticky */
    nbtls_op_free(op);
    return rc;
}

static void verify_cases(void) {
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        const vcase *v = &CASES[i];
        setup s;
        if (make_setup(v, &s) != 0) {
            CHECK(0);
            free_setup(&s);
            continue;
        }
        int detail = -100;
        uint64_t units = 0;
        unsigned long polls = 0;
        int rc = run(v, &s, 0, &detail, &units, &polls);
        if (detail != v->detail)
            fprintf(stderr, "case %zu (%s %s): detail %s, want %s\n", i,
                    v->leaf, v->name ? v->name : "",
                    nbtls_x509_error_name(detail),
                    nbtls_x509_error_name(v->detail));
        CHECK_EQ(detail, v->detail);
        CHECK_EQ(rc,
                 v->detail == NBTLS_X509_OK ? NBTLS_DONE : NBTLS_E_CERTIFICATE);
        free_setup(&s);
    }
}

static void restart(void) {
    /* the real-world chain, the RSA chain, a backtracking failure */
    /* by leaf and anchors: the real-world chain, the RSA chain, an expired
     * root and backtracking to its valid twin, the cross-sign, pathLen */
    static const char *const PICK[][2] = {
        {"leaf.pem", "root.pem"},
        {"leafrsa.pem", "root.pem"},
        {"leaf2.pem", "root2_old.pem"},
        {"leaf2.pem", "root2_old.pem root2.pem"},
        {"leaf2.pem", "root.pem root2_old.pem"},
        {"leaf_pl.pem", "root.pem"}};
    for (size_t j = 0; j < sizeof PICK / sizeof PICK[0]; j++) {
        const vcase *v = NULL;
        for (size_t i = 0; i < sizeof CASES / sizeof CASES[0] && !v; i++)
            if (strcmp(CASES[i].leaf, PICK[j][0]) == 0 &&
                strcmp(CASES[i].anchors, PICK[j][1]) == 0)
                v = &CASES[i];
        CHECK(v != NULL);
        if (v == NULL) continue;
        setup s;
        if (make_setup(v, &s) != 0) {
            CHECK(0);
            free_setup(&s);
            continue;
        }
        int d0, d1, d7;
        uint64_t u0, u1, u7;
        unsigned long p0, p1, p7;
        int r0 = run(v, &s, 0, &d0, &u0, &p0);
        int r1 = run(v, &s, 1, &d1, &u1, &p1);
        int r7 = run(v, &s, 7, &d7, &u7, &p7);
        CHECK(r0 == r1 && r1 == r7);
        CHECK(d0 == d1 && d1 == d7 && d0 == v->detail);
        CHECK(u0 == u1 && u1 == u7);
        CHECK_EQ(p0, 1);
        CHECK_EQ(p1, u1);
        CHECK_EQ(p7, (u7 + 6) / 7);
        printf("%s: %llu units, %lu polls at budget 1\n", v->leaf,
               (unsigned long long)u1, p1);
        /* cancellation after every number of polls */
        for (unsigned long k = 0; k <= p1; k++) {
            nbtls_op *op = NULL;
            CHECK_EQ(start(v, &s, &op), NBTLS_DONE);
            for (unsigned long q = 0; q < k; q++)
                (void)nbtls_op_poll(op, 1);
            nbtls_op_free(op);
        }
        /* limits: one signature is not enough for a 2-signature path */
        nbtls_op *op = NULL;
        CHECK_EQ(start(v, &s, &op), NBTLS_DONE);
        CHECK_EQ(nbtls_x509_verify_set_limits(NULL, 1, 0), NBTLS_E_INVALID_ARG);
        CHECK_EQ(nbtls_x509_verify_set_limits(op, 255, 0), NBTLS_DONE);
        CHECK_EQ(nbtls_x509_verify_set_limits(op, 0, 1), NBTLS_DONE);
        int rc = nbtls_op_poll(op, 0);
        CHECK(nbtls_x509_verify_signatures(op) <= 1);
        if (v->detail == NBTLS_X509_OK) {
            CHECK_EQ(rc, NBTLS_E_CERTIFICATE);
            CHECK_EQ(nbtls_op_x509_error(op), NBTLS_X509_ERR_TOO_COSTLY);
        }
        CHECK_EQ(nbtls_x509_verify_set_limits(op, 3, 3), NBTLS_E_BAD_STATE);
        nbtls_op_free(op);
        free_setup(&s);
    }
    /* argument errors */
    nbtls_op *op = (nbtls_op *)1;
    nbtls_trust *t = NULL;
    CHECK_EQ(nbtls_trust_new(&t), NBTLS_DONE);
    nbtls_x509 *leaf = load("leaf.pem");
    const nbtls_x509 *ch[1] = {leaf};
    CHECK_EQ(nbtls_x509_verify_start(&op, t, ch, 0, NULL, g_now, SRV),
             NBTLS_E_INVALID_ARG);
    CHECK(op == NULL);
    CHECK_EQ(nbtls_x509_verify_start(&op, NULL, ch, 1, NULL, g_now, SRV),
             NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_x509_verify_start(&op, t, ch, 1, NULL, g_now, 3),
             NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_x509_verify_start(&op, t, ch, 1, NULL, g_now, SRV),
             NBTLS_DONE);
    CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_E_CERTIFICATE);
    CHECK_EQ(nbtls_op_x509_error(op), NBTLS_X509_ERR_UNKNOWN_ISSUER);
    nbtls_op_free(op);
    /* another kind of op */
    CHECK_EQ(nbtls_p256_keygen_start(&op, NULL, NULL), NBTLS_DONE);
    CHECK_EQ(nbtls_op_x509_error(op), NBTLS_E_BAD_STATE);
    CHECK_EQ(nbtls_x509_verify_set_limits(op, 1, 1), NBTLS_E_BAD_STATE);
    nbtls_op_free(op);
    nbtls_x509_free(leaf);
    nbtls_trust_free(t);
    CHECK(strcmp(nbtls_x509_error_name(NBTLS_X509_ERR_EXPIRED), "expired") ==
          0);
    CHECK(strcmp(nbtls_x509_error_name(99), "unknown") == 0);
    CHECK(strcmp(nbtls_strerror(NBTLS_E_CERTIFICATE), "unknown error") != 0);
}

static void trust_stores(void) {
    nbtls_trust *t = NULL;
    char fn[512];
    size_t added = 99;
    CHECK_EQ(nbtls_trust_new(&t), NBTLS_DONE);
    path(fn, sizeof fn, "bundle.pem");
    CHECK_EQ(nbtls_trust_load_file(t, fn, &added), NBTLS_DONE);
    CHECK_EQ(added, 2);
    CHECK_EQ(nbtls_trust_count(t), 2);
    CHECK_EQ(nbtls_trust_load_file(t, fn, &added), NBTLS_DONE); /* dupes */
    CHECK_EQ(nbtls_trust_count(t), 2);
    path(fn, sizeof fn, "root.der");
    CHECK_EQ(nbtls_trust_load_file(t, fn, &added), NBTLS_DONE);
    CHECK_EQ(nbtls_trust_count(t), 2); /* root.der = root.pem */
    path(fn, sizeof fn, "no-such-file");
    CHECK_EQ(nbtls_trust_load_file(t, fn, &added), NBTLS_E_INVALID_ARG);
    /* all or nothing: a good certificate and a corrupted one */
    long n = read_file("i1.pem", g_buf, sizeof g_buf / 2);
    long m = read_file("i2.pem", g_buf + n, sizeof g_buf / 2);
    CHECK(n > 100 && m > 100);
    g_buf[n + m / 2] ^= 0x04; /* a base64 character of i2 */
    CHECK_EQ(nbtls_trust_add_data(t, g_buf, (size_t)(n + m), &added),
             NBTLS_E_CERTIFICATE);
    CHECK_EQ(nbtls_trust_count(t), 2);
    CHECK_EQ(nbtls_trust_add_data(t, g_buf, (size_t)n, &added), NBTLS_DONE);
    CHECK_EQ(nbtls_trust_count(t), 3);
    nbtls_trust_free(t);
    /* a directory: every certificate file made by gen_chains.sh */
    CHECK_EQ(nbtls_trust_new(&t), NBTLS_DONE);
    CHECK_EQ(nbtls_trust_load_dir(t, g_dir, &added), NBTLS_DONE);
    CHECK(added >= 30);
    CHECK_EQ(nbtls_trust_count(t), added);
    nbtls_trust_free(t);
    path(fn, sizeof fn, "no-such-dir");
    CHECK_EQ(nbtls_trust_new(&t), NBTLS_DONE);
    CHECK_EQ(nbtls_trust_load_dir(t, fn, &added), NBTLS_E_INVALID_ARG);
    /* the system store, redirected */
    path(fn, sizeof fn, "bundle.pem");
    unsetenv("SSL_CERT_DIR");
    setenv("SSL_CERT_FILE", fn, 1);
    CHECK_EQ(nbtls_trust_load_system(t, &added), NBTLS_DONE);
    CHECK_EQ(added, 2);
    unsetenv("SSL_CERT_FILE");
    nbtls_trust_free(t);
    CHECK_EQ(nbtls_trust_new(&t), NBTLS_DONE);
    setenv("SSL_CERT_DIR", g_dir, 1);
    CHECK_EQ(nbtls_trust_load_system(t, &added), NBTLS_DONE);
    CHECK(added >= 30);
    unsetenv("SSL_CERT_DIR");
    nbtls_trust_free(t);
    CHECK_EQ(nbtls_trust_new(&t), NBTLS_DONE);
    int rc = nbtls_trust_load_system(t, &added);
    CHECK(rc == NBTLS_DONE || rc == NBTLS_E_UNSUPPORTED);
    printf("system trust store: %zu anchors\n", added);
    CHECK_EQ(nbtls_trust_count(t), added);
    /* the real-world shape: the system anchors plus our root */
    path(fn, sizeof fn, "root.pem");
    CHECK_EQ(nbtls_trust_load_file(t, fn, NULL), NBTLS_DONE);
    {
        nbtls_x509 *ch[2] = {load("leaf.pem"), load("int.pem")};
        nbtls_op *op = NULL;
        CHECK_EQ(nbtls_x509_verify_start(&op, t, (const nbtls_x509 *const *)ch,
                                         2, "www.example.com", g_now, SRV),
                 NBTLS_DONE);
        CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_DONE);
        CHECK_EQ(nbtls_x509_verify_signatures(op), 2);
        nbtls_op_free(op);
        nbtls_x509_free(ch[0]);
        nbtls_x509_free(ch[1]);
    }
    nbtls_trust_free(t);
}

int main(void) {
    int rc = osl_setup("x509");
    if (rc != 0) return rc;
    char cmd[800];
    snprintf(cmd, sizeof cmd, "bash '%s' '%s'", NBTLS_X509_GEN, g_dir);
    if (system(cmd) != 0) {
        /* a skip only for an openssl command older than 3.0; otherwise the
         * fixtures are broken: fail loudly */
        int old3 = system("openssl version | grep -q '^OpenSSL [3-9]'") != 0;
        snprintf(cmd, sizeof cmd, "tail -n 5 '%s/gen.log'", g_dir);
        if (system(cmd) != 0) printf("(no gen.log)\n");
        printf("%s: gen_chains.sh failed\n", old3 ? "SKIP" : "FAIL");
        osl_teardown();
        return old3 ? 77 : 1;
    }
    g_now = (int64_t)time(NULL);
    getters();
    verify_cases();
    restart();
    trust_stores();
    CHECK_EQ(osl_teardown(), 0);
    return CHECK_DONE();
}
