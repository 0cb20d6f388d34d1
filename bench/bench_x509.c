/*
 * bench_x509: microseconds to validate a 3-certificate chain (RSA-2048 root,
 * P-256 intermediate and leaf, hostname checked) with nbtls_x509_verify_start
 * at budget 0, and at budget 1 (polls; median, p99 and slowest single
 * poll), beside OpenSSL's X509_verify_cert on the same files when built with
 * libcrypto (NBTLS_HAVE_OPENSSL). Parsing the three certificates is timed
 * apart. The chain is made with tests/x509/gen_chains.sh (the openssl
 * command) in a temporary directory, or read from the directory given as
 * the first argument (root.pem, int.pem, leaf.pem). Figures, not tests.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE 1 /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nbtls/nbtls.h"
#include "nbtls/x509.h"

#ifdef NBTLS_HAVE_OPENSSL
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#endif

#ifndef NBTLS_SOURCE_DIR
#define NBTLS_SOURCE_DIR "."
#endif

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static char g_dir[256];
static unsigned char g_pem[3][8192];
static size_t g_len[3];
static const char *const NAMES[3] = {"leaf.pem", "int.pem", "root.pem"};

static int read_all(void) {
    for (int i = 0; i < 3; i++) {
        char fn[512];
        snprintf(fn, sizeof fn, "%s/%s", g_dir, NAMES[i]);
        FILE *f = fopen(fn, "rb");
        if (f == NULL) return -1;
        g_len[i] = fread(g_pem[i], 1, sizeof g_pem[i], f);
        fclose(f);
    }
    return 0;
}

#define RUNS 300
static double g_polls[RUNS * 1200];

int main(int argc, char **argv) {
    if (argc > 1) {
        snprintf(g_dir, sizeof g_dir, "%s", argv[1]);
    } else {
        snprintf(g_dir, sizeof g_dir, "/tmp/nbtls-bench-x509-XXXXXX");
        char cmd[800];
        if (mkdtemp(g_dir) == NULL) return 1;
        snprintf(cmd, sizeof cmd,
                 "bash '%s/tests/x509/gen_chains.sh' '%s' >/dev/null 2>&1",
                 NBTLS_SOURCE_DIR, g_dir);
        if (system(cmd) != 0) {
            printf("bench_x509: gen_chains.sh failed (openssl command?)\n");
            return 0;
        }
    }
    if (read_all() != 0) {
        printf("bench_x509: cannot read the chain in %s\n", g_dir);
        return 1;
    }
    nbtls_x509 *c[3] = {NULL, NULL, NULL};
    double t0 = now_us();
    for (int r = 0; r < RUNS; r++) {
        for (int i = 0; i < 3; i++) {
            size_t pos = 0;
            nbtls_x509_free(c[i]);
            c[i] = NULL;
            if (nbtls_x509_from_pem_next(&c[i], (const char *)g_pem[i],
                                         g_len[i], &pos) != NBTLS_DONE ||
                c[i] == NULL) {
                printf("parse failed\n");
                return 1;
            }
        }
    }
    double parse_us = (now_us() - t0) / RUNS;
    nbtls_trust *trust = NULL;
    if (nbtls_trust_new(&trust) != NBTLS_DONE ||
        nbtls_trust_add(trust, c[2]) != NBTLS_DONE)
        return 1;
    const nbtls_x509 *chain[2] = {c[0], c[1]};
    int64_t when = nbtls_x509_not_before(c[0]) + 3600;
    t0 = now_us();
    for (int r = 0; r < RUNS; r++) {
        nbtls_op *op = NULL;
        if (nbtls_x509_verify_start(&op, trust, chain, 2, "www.example.com",
                                    when,
                                    NBTLS_X509_PURPOSE_SERVER) != NBTLS_DONE ||
            nbtls_op_poll(op, 0) != NBTLS_DONE) {
            printf("verify failed\n");
            return 1;
        }
        nbtls_op_free(op);
    }
    double b0 = (now_us() - t0) / RUNS;
    size_t np = 0;
    unsigned long polls = 0;
    t0 = now_us();
    for (int r = 0; r < RUNS; r++) {
        nbtls_op *op = NULL;
        int rc =
            nbtls_x509_verify_start(&op, trust, chain, 2, "www.example.com",
                                    when, NBTLS_X509_PURPOSE_SERVER);
        polls = 0;
        while (rc == NBTLS_DONE || rc == NBTLS_IN_PROGRESS) {
            double a = now_us();
            rc = nbtls_op_poll(op, 1);
            if (np < sizeof g_polls / sizeof g_polls[0])
                g_polls[np++] = now_us() - a;
            polls++;
            if (rc == NBTLS_DONE) break;
        }
        if (rc != NBTLS_DONE) printf("verify (budget 1) failed\n");
        nbtls_op_free(op);
    }
    double b1 = (now_us() - t0) / RUNS;
    qsort(g_polls, np, sizeof(double), cmp_double);
    printf("x509 chain (RSA-2048 root, P-256 intermediate and leaf):\n");
    printf("  nbtls parse 3 certificates      %8.1f us\n", parse_us);
    printf("  nbtls verify, budget 0          %8.1f us\n", b0);
    printf("  nbtls verify, budget 1          %8.1f us  (%lu polls; poll "
           "median %.2f us, p99 %.2f us, slowest %.2f us)\n",
           b1, polls, g_polls[np / 2], g_polls[np * 99 / 100], g_polls[np - 1]);
#ifdef NBTLS_HAVE_OPENSSL
    X509 *o[3];
    for (int i = 0; i < 3; i++) {
        BIO *b = BIO_new_mem_buf(g_pem[i], (int)g_len[i]);
        o[i] = PEM_read_bio_X509(b, NULL, NULL, NULL);
        BIO_free(b);
        if (o[i] == NULL) return 1;
    }
    X509_STORE *store = X509_STORE_new();
    X509_STORE_add_cert(store, o[2]);
    STACK_OF(X509) *untrusted = sk_X509_new_null();
    sk_X509_push(untrusted, o[1]);
    t0 = now_us();
    for (int r = 0; r < RUNS; r++) {
        X509_STORE_CTX *ctx = X509_STORE_CTX_new();
        X509_STORE_CTX_init(ctx, store, o[0], untrusted);
        X509_VERIFY_PARAM *p = X509_STORE_CTX_get0_param(ctx);
        X509_VERIFY_PARAM_set_time(p, (time_t)when);
        X509_VERIFY_PARAM_set1_host(p, "www.example.com", 0);
        X509_STORE_CTX_set_purpose(ctx, X509_PURPOSE_SSL_SERVER);
        if (X509_verify_cert(ctx) != 1) printf("OpenSSL verify failed\n");
        X509_STORE_CTX_free(ctx);
    }
    double ob = (now_us() - t0) / RUNS;
    printf("  OpenSSL X509_verify_cert        %8.1f us  (parsed X509 objects, "
           "store and untrusted stack reused)\n",
           ob);
    sk_X509_free(untrusted);
    X509_STORE_free(store);
    for (int i = 0; i < 3; i++)
        X509_free(o[i]);
#else
    printf("  (built without libcrypto: no OpenSSL comparison)\n");
#endif
    nbtls_trust_free(trust);
    for (int i = 0; i < 3; i++)
        nbtls_x509_free(c[i]);
    if (argc <= 1) {
        char cmd[600];
        snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
        if (system(cmd) != 0) return 1;
    }
    return 0;
}
