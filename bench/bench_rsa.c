/*
 * bench_rsa: microseconds per RSA signature verification (2048 and 4096
 * bits, e = 65537, SHA-256, PKCS#1 v1.5 and PSS) at budget 0 and at
 * budget 1 (polls, and the median / p99 single poll), beside OpenSSL's
 * EVP_PKEY_verify when built with libcrypto (NBTLS_HAVE_OPENSSL). Keys
 * and signatures come from OpenSSL (RSA keygen + EVP sign), so this bench
 * needs libcrypto; without it, it says so. Figures, not tests.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nbtls/nbtls.h"
#include "nbtls/sym.h"

#ifdef NBTLS_HAVE_OPENSSL
#include <openssl/evp.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

#define RUNS 200
static double g_polls[RUNS * 2000];

static void bench(int bits, int pss) {
    EVP_PKEY *pk = EVP_RSA_gen((unsigned)bits);
    unsigned char digest[32], sig[512], *spki = NULL;
    size_t sl = sizeof sig;
    for (int i = 0; i < 32; i++)
        digest[i] = (unsigned char)(i * 7);
    EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(pk, NULL);
    if (pk == NULL || c == NULL || EVP_PKEY_sign_init(c) != 1 ||
        EVP_PKEY_CTX_set_rsa_padding(c, pss ? RSA_PKCS1_PSS_PADDING
                                            : RSA_PKCS1_PADDING) != 1 ||
        EVP_PKEY_CTX_set_signature_md(c, EVP_sha256()) != 1 ||
        (pss && EVP_PKEY_CTX_set_rsa_pss_saltlen(c, 32) != 1) ||
        EVP_PKEY_sign(c, sig, &sl, digest, 32) != 1) {
        printf("OpenSSL signing failed\n");
        return;
    }
    int spki_len = i2d_PUBKEY(pk, &spki);
    nbtls_key *key = NULL;
    if (spki_len <= 0 ||
        nbtls_key_from_der(&key, spki, (size_t)spki_len) != NBTLS_DONE) {
        printf("import failed\n");
        return;
    }
    int pad = pss ? NBTLS_RSA_PSS : NBTLS_RSA_PKCS1_V15;
    double t0 = now_us();
    for (int i = 0; i < RUNS; i++) {
        nbtls_op *op = NULL;
        if (nbtls_rsa_verify_start(&op, key, pad, NBTLS_SHA256, digest, 32, sig,
                                   sl) != NBTLS_DONE ||
            nbtls_op_poll(op, 0) != NBTLS_DONE)
            printf("verify failed\n");
        nbtls_op_free(op);
    }
    double b0 = (now_us() - t0) / RUNS;
    size_t np = 0;
    unsigned long polls = 0;
    t0 = now_us();
    for (int i = 0; i < RUNS; i++) {
        nbtls_op *op = NULL;
        int rc = nbtls_rsa_verify_start(&op, key, pad, NBTLS_SHA256, digest, 32,
                                        sig, sl);
        polls = 0;
        while (rc == NBTLS_DONE || rc == NBTLS_IN_PROGRESS) {
            double a = now_us();
            rc = nbtls_op_poll(op, 1);
            if (np < sizeof g_polls / sizeof g_polls[0])
                g_polls[np++] = now_us() - a;
            polls++;
            if (rc == NBTLS_DONE) break;
        }
        nbtls_op_free(op);
    }
    double b1 = (now_us() - t0) / RUNS;
    qsort(g_polls, np, sizeof(double), cmp_double);
    t0 = now_us();
    for (int i = 0; i < RUNS; i++) {
        EVP_PKEY_CTX *v = EVP_PKEY_CTX_new(pk, NULL);
        if (v == NULL || EVP_PKEY_verify_init(v) != 1 ||
            EVP_PKEY_CTX_set_rsa_padding(v, pss ? RSA_PKCS1_PSS_PADDING
                                                : RSA_PKCS1_PADDING) != 1 ||
            EVP_PKEY_CTX_set_signature_md(v, EVP_sha256()) != 1 ||
            (pss && EVP_PKEY_CTX_set_rsa_pss_saltlen(v, 32) != 1) ||
            EVP_PKEY_verify(v, sig, sl, digest, 32) != 1)
            printf("OpenSSL verify failed\n");
        EVP_PKEY_CTX_free(v);
    }
    double ossl = (now_us() - t0) / RUNS;
    printf("RSA-%d %-6s nbtls budget 0 %8.1f us | budget 1 %8.1f us (%lu "
           "polls, median poll %.2f us, p99 %.2f us) | OpenSSL %7.1f us\n",
           bits, pss ? "PSS" : "PKCS1", b0, b1, polls, g_polls[np / 2],
           g_polls[np * 99 / 100], ossl);
    nbtls_key_free(key);
    OPENSSL_free(spki);
    EVP_PKEY_CTX_free(c);
    EVP_PKEY_free(pk);
}

int main(void) {
    printf("RSA verification, SHA-256, e = 65537, %d runs each (%s)\n", RUNS,
           OpenSSL_version(OPENSSL_VERSION));
    bench(2048, 0);
    bench(2048, 1);
    bench(4096, 0);
    bench(4096, 1);
    return 0;
}
#else
int main(void) {
    printf("bench_rsa needs libcrypto (keys and signatures come from "
           "OpenSSL): not built with it\n");
    return 0;
}
#endif
