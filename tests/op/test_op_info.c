/*
 * Op introspection: nbtls_op_kind, nbtls_op_result_len, nbtls_op_unit_ns,
 * nbtls_op_budget_for_us, nbtls_op_alloc_size, nbtls_sig_name /
 * _from_name / _supported. Every kind is started once; its kind, result
 * lengths (before and after DONE) and cost are checked, and its allocation
 * size is compared with the size table of include/nbtls/nbtls.h, which
 * this test reads, so the documented figures cannot drift from the build
 * (exact on the x86-64 64-bit-limb build, upper bounds on other 64-bit
 * builds; the test prints the measured
 * sizes to update the table with).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "nbtls/nbtls.h"
#include "nbtls/sym.h"

/* ---- the header's size table ---------------------------------------- */

typedef struct {
    char name[48];  /* NBTLS_OP_* */
    char label[16]; /* "" or the key's curve ("P-256", "P-384", "RSA") */
    long bytes;
    int used;
} size_row;

static size_row rows[32];
static size_t n_rows;

/* Rows look like " *   NBTLS_OP_P256_ECDH    1192" or
 * " *   NBTLS_OP_SIGN P-256    2048 + msg_len". */
static void read_size_table(void) {
    FILE *f = fopen(NBTLS_HEADER_PATH, "r");
    CHECK(f != NULL);
    if (f == NULL) return;
    char line[256];
    while (fgets(line, sizeof line, f) != NULL) {
        char a[48], b[16], c[16];
        int n = sscanf(line, " * %47s %15s %15s", a, b, c);
        if (n < 2 || strncmp(a, "NBTLS_OP_", 9) != 0) continue;
        if (n_rows == sizeof rows / sizeof rows[0]) break;
        size_row *r = &rows[n_rows];
        memset(r, 0, sizeof *r);
        snprintf(r->name, sizeof r->name, "%s", a);
        char *end;
        long v = strtol(b, &end, 10);
        if (*end == '\0') {
            r->bytes = v;
        } else if (n == 3) {
            snprintf(r->label, sizeof r->label, "%s", b);
            r->bytes = strtol(c, &end, 10);
            if (*end != '\0') continue;
        } else {
            continue;
        }
        n_rows++;
    }
    fclose(f);
    CHECK(n_rows >= 13);
}

static void check_size(const char *name, const char *label, size_t size) {
    printf("  %-28s %-6s %6zu bytes\n", name, label, size);
    for (size_t i = 0; i < n_rows; i++) {
        if (strcmp(rows[i].name, name) != 0 || strcmp(rows[i].label, label))
            continue;
        rows[i].used = 1;
        if (sizeof(void *) >= 8) {
            if ((long)size > rows[i].bytes)
                fprintf(stderr, "%s %s: %zu bytes, the header says %ld\n", name,
                        label, size, rows[i].bytes);
            CHECK((long)size <= rows[i].bytes);
#if defined(__x86_64__) && defined(__SIZEOF_INT128__) &&                       \
    !defined(NBTLS_FORCE_32BIT)
            /* the reference build: the figures are exact */
            if ((long)size != rows[i].bytes)
                fprintf(stderr, "%s %s: %zu bytes, the header says %ld\n", name,
                        label, size, rows[i].bytes);
            CHECK((long)size == rows[i].bytes);
#endif
        }
        return;
    }
    fprintf(stderr, "%s %s: no row in the header's size table\n", name, label);
    CHECK(0);
}

/* ---- the checks on one op ------------------------------------------- */

static void check_budget(const nbtls_op *op) {
    uint32_t ns = nbtls_op_unit_ns(op);
    CHECK(ns > 0);
    uint32_t prev = nbtls_op_budget_for_us(op, 0);
    CHECK_EQ(prev, 1);
    for (uint32_t us = 1; us <= 20000; us++) {
        uint32_t b = nbtls_op_budget_for_us(op, us);
        if (b < prev || b < 1) {
            fprintf(stderr, "budget_for_us not monotone at %u us\n", us);
            CHECK(0);
            return;
        }
        prev = b;
    }
    CHECK_EQ(nbtls_op_budget_for_us(op, 200),
             200000u / ns > 0 ? 200000u / ns : 1u);
    /* Large slices saturate rather than wrap. */
    CHECK(nbtls_op_budget_for_us(op, UINT32_MAX) >=
          nbtls_op_budget_for_us(op, UINT32_MAX / 2));
    CHECK(nbtls_op_budget_for_us(op, UINT32_MAX) >= 1);
}

/* Start-checked op: kind, lengths before, run, lengths after, free. */
static void check_op(nbtls_op *op, int rc, int kind, const char *kind_name,
                     const char *label, size_t len_before, size_t msg_len) {
    CHECK_EQ(rc, NBTLS_DONE);
    if (op == NULL) return;
    CHECK_EQ(nbtls_op_kind(op), kind);
    CHECK_EQ(nbtls_op_result_len(op), len_before);
    check_budget(op);
    check_size(kind_name, label, nbtls_op_alloc_size(op) - msg_len);
    CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_DONE);
    size_t after = nbtls_op_result_len(op);
    unsigned char out[NBTLS_SIGNATURE_MAX_LEN];
    size_t out_len = 0;
    if (len_before == 0) {
        CHECK_EQ(after, 0);
        CHECK_EQ(nbtls_op_result(op, out, sizeof out, &out_len),
                 NBTLS_E_BAD_STATE);
    } else {
        CHECK(after >= 1 && after <= len_before);
        CHECK_EQ(nbtls_op_result(op, out, sizeof out, &out_len), NBTLS_DONE);
        CHECK_EQ(out_len, after);
        /* A buffer of exactly that length is enough. */
        CHECK_EQ(nbtls_op_result(op, out, after, &out_len), NBTLS_DONE);
    }
    if (kind <= NBTLS_OP_X25519_KEYGEN) {
        nbtls_key *k = NULL;
        CHECK_EQ(nbtls_op_take_key(op, &k), NBTLS_DONE);
        nbtls_key_free(k);
    }
    nbtls_op_free(op);
}

static size_t read_file(const char *path, char *buf, size_t size) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return 0;
    size_t n = fread(buf, 1, size, f);
    fclose(f);
    return n;
}

/* A P-256 or P-384 private key and its public point. */
static void ec_pair(int p384, nbtls_key **priv, unsigned char *pub,
                    size_t *pub_len) {
    unsigned char d[48];
    memset(d, 0x11, sizeof d);
    int rc = p384 ? nbtls_key_p384_from_private(priv, d)
                  : nbtls_key_p256_from_private(priv, d);
    CHECK_EQ(rc, NBTLS_DONE);
    CHECK_EQ(nbtls_key_export_public(*priv, pub, 97, pub_len), NBTLS_DONE);
}

static void test_kinds(void) {
    nbtls_op *op = NULL;
    unsigned char d[48], digest[48], sig[96], der[NBTLS_SIGNATURE_MAX_LEN];
    memset(d, 0x22, sizeof d);
    memset(digest, 0x5a, sizeof digest);

    /* Key pairs. */
    int rc = nbtls_p256_keygen_start(&op, NULL, NULL);
    check_op(op, rc, NBTLS_OP_P256_KEYGEN, "NBTLS_OP_P256_KEYGEN", "", 0, 0);
    rc = nbtls_p256_key_from_private_start(&op, d);
    check_op(op, rc, NBTLS_OP_P256_KEYGEN, "NBTLS_OP_P256_KEYGEN", "", 0, 0);
    rc = nbtls_p384_keygen_start(&op, NULL, NULL);
    check_op(op, rc, NBTLS_OP_P384_KEYGEN, "NBTLS_OP_P384_KEYGEN", "", 0, 0);
    rc = nbtls_p384_key_from_private_start(&op, d);
    check_op(op, rc, NBTLS_OP_P384_KEYGEN, "NBTLS_OP_P384_KEYGEN", "", 0, 0);
    rc = nbtls_x25519_keygen_start(&op, NULL, NULL);
    check_op(op, rc, NBTLS_OP_X25519_KEYGEN, "NBTLS_OP_X25519_KEYGEN", "", 0,
             0);

    /* EC: ECDH, raw ECDSA, message-level sign and verify. */
    for (int p384 = 0; p384 < 2; p384++) {
        nbtls_key *k = NULL;
        unsigned char pub[97];
        size_t pub_len = 0, L = p384 ? 48 : 32, sig_len = 0, der_len = 0;
        const char *lab = p384 ? "P-384" : "P-256";
        ec_pair(p384, &k, pub, &pub_len);
        if (k == NULL) return;
        rc = nbtls_ecdh_start(&op, k, pub, pub_len);
        check_op(op, rc, p384 ? NBTLS_OP_P384_ECDH : NBTLS_OP_P256_ECDH,
                 p384 ? "NBTLS_OP_P384_ECDH" : "NBTLS_OP_P256_ECDH", "", L, 0);
        rc = nbtls_ecdsa_sign_start(&op, k, digest, L, NULL, NULL);
        check_op(op, rc,
                 p384 ? NBTLS_OP_P384_ECDSA_SIGN : NBTLS_OP_P256_ECDSA_SIGN,
                 p384 ? "NBTLS_OP_P384_ECDSA_SIGN" : "NBTLS_OP_P256_ECDSA_SIGN",
                 "", 2 * L, 0);
        /* A signature to verify. */
        CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, k, digest, L),
                 NBTLS_DONE);
        CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_DONE);
        CHECK_EQ(nbtls_op_result(op, sig, sizeof sig, &sig_len), NBTLS_DONE);
        nbtls_op_free(op);
        rc = nbtls_ecdsa_verify_start(&op, k, digest, L, sig, sig_len);
        check_op(op, rc,
                 p384 ? NBTLS_OP_P384_ECDSA_VERIFY : NBTLS_OP_P256_ECDSA_VERIFY,
                 p384 ? "NBTLS_OP_P384_ECDSA_VERIFY"
                      : "NBTLS_OP_P256_ECDSA_VERIFY",
                 "", 0, 0);

        /* Message level: 1,100 bytes, so hashing takes 3 units. */
        static unsigned char msg[1100];
        memset(msg, 0x3c, sizeof msg);
        uint16_t scheme = p384 ? NBTLS_SIG_ECDSA_SECP384R1_SHA384
                               : NBTLS_SIG_ECDSA_SECP256R1_SHA256;
        rc = nbtls_sign_start(&op, k, scheme, msg, sizeof msg, NULL, NULL);
        CHECK_EQ(rc, NBTLS_DONE);
        if (op != NULL) {
            /* The cost follows the phase: hashing, then the curve's. */
            uint32_t hashing = nbtls_op_unit_ns(op);
            CHECK_EQ(nbtls_op_poll(op, 4), NBTLS_IN_PROGRESS);
            uint32_t inner = nbtls_op_unit_ns(op);
            CHECK(hashing > inner);
            CHECK(nbtls_op_budget_for_us(op, 200) > 200000u / hashing);
            CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_DONE);
            CHECK_EQ(nbtls_op_result(op, der, sizeof der, &der_len),
                     NBTLS_DONE);
            CHECK_EQ(nbtls_op_result_len(op), der_len);
            nbtls_op_free(op);
        }
        rc = nbtls_sign_start(&op, k, scheme, msg, sizeof msg, NULL, NULL);
        check_op(op, rc, NBTLS_OP_SIGN, "NBTLS_OP_SIGN", lab, p384 ? 104 : 72,
                 sizeof msg);
        rc = nbtls_verify_start(&op, k, scheme, msg, sizeof msg, der, der_len);
        check_op(op, rc, NBTLS_OP_VERIFY, "NBTLS_OP_VERIFY", lab, 0,
                 sizeof msg);
        nbtls_key_free(k);
    }

    /* X25519 ECDH (the peer: our own public key). */
    nbtls_key *x = NULL;
    unsigned char xpub[32];
    size_t xlen = 0;
    CHECK_EQ(nbtls_key_x25519_from_private(&x, d), NBTLS_DONE);
    if (x != NULL) {
        CHECK_EQ(nbtls_key_export_public(x, xpub, sizeof xpub, &xlen),
                 NBTLS_DONE);
        rc = nbtls_ecdh_start(&op, x, xpub, xlen);
        check_op(op, rc, NBTLS_OP_X25519_ECDH, "NBTLS_OP_X25519_ECDH", "", 32,
                 0);
        nbtls_key_free(x);
    }

    /* RSA: the op kinds end with BAD_SIGNATURE on a made-up signature,
     * which is enough for kind, cost and size. */
    static char pem[4096];
    size_t pem_len = read_file(NBTLS_RSA_PEM_PATH, pem, sizeof pem);
    nbtls_key *rsa = NULL;
    CHECK_EQ(nbtls_key_from_pem(&rsa, pem, pem_len), NBTLS_DONE);
    if (rsa != NULL) {
        static unsigned char rsig[512];
        size_t n = (size_t)(nbtls_key_bits(rsa) + 7) / 8;
        memset(rsig, 0x01, n);
        CHECK_EQ(nbtls_rsa_verify_start(&op, rsa, NBTLS_RSA_PSS, NBTLS_SHA256,
                                        digest, 32, rsig, n),
                 NBTLS_DONE);
        if (op != NULL) {
            CHECK_EQ(nbtls_op_kind(op), NBTLS_OP_RSA_VERIFY);
            CHECK_EQ(nbtls_op_result_len(op), 0);
            check_budget(op);
            check_size("NBTLS_OP_RSA_VERIFY", "", nbtls_op_alloc_size(op));
            CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_E_BAD_SIGNATURE);
            CHECK_EQ(nbtls_op_result_len(op), 0);
            nbtls_op_free(op);
        }
        CHECK_EQ(nbtls_verify_start(&op, rsa, NBTLS_SIG_RSA_PSS_RSAE_SHA256,
                                    digest, 0, rsig, n),
                 NBTLS_DONE);
        if (op != NULL) {
            CHECK_EQ(nbtls_op_kind(op), NBTLS_OP_VERIFY);
            CHECK_EQ(nbtls_op_result_len(op), 0);
            check_budget(op);
            check_size("NBTLS_OP_VERIFY", "RSA", nbtls_op_alloc_size(op));
            nbtls_op_free(op);
        }
        nbtls_key_free(rsa);
    }
}

/* ---- NULL and the scheme names ---------------------------------------- */

static void test_null(void) {
    CHECK_EQ(nbtls_op_kind(NULL), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_op_result_len(NULL), 0);
    CHECK_EQ(nbtls_op_unit_ns(NULL), 0);
    CHECK_EQ(nbtls_op_budget_for_us(NULL, 0), 1);
    CHECK_EQ(nbtls_op_budget_for_us(NULL, 1000000), 1);
    CHECK_EQ(nbtls_op_alloc_size(NULL), 0);
    CHECK_EQ(nbtls_sig_from_name(NULL), NBTLS_E_INVALID_ARG);
}

static void test_sig_names(void) {
    static const struct {
        uint16_t code;
        const char *name;
        int supported;
    } want[] = {
        {NBTLS_SIG_RSA_PKCS1_SHA256, "rsa_pkcs1_sha256", 1},
        {NBTLS_SIG_RSA_PKCS1_SHA384, "rsa_pkcs1_sha384", 1},
        {NBTLS_SIG_RSA_PKCS1_SHA512, "rsa_pkcs1_sha512", 1},
        {NBTLS_SIG_ECDSA_SECP256R1_SHA256, "ecdsa_secp256r1_sha256", 1},
        {NBTLS_SIG_ECDSA_SECP384R1_SHA384, "ecdsa_secp384r1_sha384", 1},
        {NBTLS_SIG_RSA_PSS_RSAE_SHA256, "rsa_pss_rsae_sha256", 1},
        {NBTLS_SIG_RSA_PSS_RSAE_SHA384, "rsa_pss_rsae_sha384", 1},
        {NBTLS_SIG_RSA_PSS_RSAE_SHA512, "rsa_pss_rsae_sha512", 1},
        {0x0603, "ecdsa_secp521r1_sha512", 0},
        {0x0807, "ed25519", 0},
        {0x0808, "ed448", 0},
        {0x0809, "rsa_pss_pss_sha256", 0},
        {0x080a, "rsa_pss_pss_sha384", 0},
        {0x080b, "rsa_pss_pss_sha512", 0},
        {0x0201, "rsa_pkcs1_sha1", 0},
        {0x0203, "ecdsa_sha1", 0},
    };
    unsigned named = 0, supported = 0;
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        const char *n = nbtls_sig_name(want[i].code);
        CHECK(n != NULL && strcmp(n, want[i].name) == 0);
        CHECK_EQ(nbtls_sig_from_name(want[i].name), want[i].code);
        CHECK_EQ(nbtls_sig_supported(want[i].code), want[i].supported);
    }
    /* Nothing else is named or supported. */
    for (uint32_t c = 0; c <= 0xFFFF; c++) {
        const char *n = nbtls_sig_name((uint16_t)c);
        if (n != NULL) {
            named++;
            CHECK_EQ(nbtls_sig_from_name(n), (int)c);
        }
        if (nbtls_sig_supported((uint16_t)c)) {
            supported++;
            CHECK(n != NULL);
        }
    }
    CHECK_EQ(named, sizeof want / sizeof want[0]);
    CHECK_EQ(supported, 8);
    CHECK_EQ(nbtls_sig_from_name(""), NBTLS_E_UNSUPPORTED);
    CHECK_EQ(nbtls_sig_from_name("ECDSA_SECP256R1_SHA256"),
             NBTLS_E_UNSUPPORTED);
    CHECK_EQ(nbtls_sig_from_name("ecdsa_secp256r1_sha256 "),
             NBTLS_E_UNSUPPORTED);
}

int main(void) {
    read_size_table();
    printf("op sizes on this build (%zu-bit pointers):\n", sizeof(void *) * 8);
    test_kinds();
    for (size_t i = 0; i < n_rows; i++) {
        if (!rows[i].used)
            fprintf(stderr, "header row %s %s matches no op\n", rows[i].name,
                    rows[i].label);
        CHECK(rows[i].used);
    }
    test_null();
    test_sig_names();
    return CHECK_DONE();
}
