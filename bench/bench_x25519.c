/*
 * bench_x25519: microseconds per X25519 operation — public key from a
 * private key (X25519(k, 9)) and ECDH — run to completion (budget 0) and
 * at budget 1 (with the number of polls and the slowest single poll),
 * beside OpenSSL's EVP X25519 (EVP_PKEY_derive, and the public key via
 * EVP_PKEY_new_raw_private_key + get_raw_public_key) when built with
 * libcrypto (NBTLS_HAVE_OPENSSL). Figures, not tests.
 *
 * Mbed TLS has no restartable Curve25519; here one poll at budget 1 is
 * one Montgomery ladder step (or one inversion slice).
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nbtls/nbtls.h"

#ifdef NBTLS_HAVE_OPENSSL
#include <openssl/evp.h>
#endif

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static unsigned char K[32], PEER[32];

/* Single-poll durations at budget 1, for percentiles (a shared machine
 * preempts now and then: the maximum alone says little). */
#define MAX_SAMPLES (2000 * 300)
static double g_samples[MAX_SAMPLES];
static size_t g_nsamples;

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* ECDH at `budget`; returns total µs; *worst the slowest poll in µs. */
static double ecdh_once(const nbtls_key *key, uint32_t budget, double *worst,
                        unsigned long *polls) {
    nbtls_op *op = NULL;
    double t0 = now_us();
    if (nbtls_ecdh_start(&op, key, PEER, 32) != NBTLS_DONE) return -1;
    int rc = NBTLS_IN_PROGRESS;
    *worst = 0;
    *polls = 0;
    while (rc == NBTLS_IN_PROGRESS) {
        double a = now_us();
        rc = nbtls_op_poll(op, budget);
        double d = now_us() - a;
        if (d > *worst) *worst = d;
        if (budget == 1 && g_nsamples < MAX_SAMPLES)
            g_samples[g_nsamples++] = d;
        (*polls)++;
    }
    double t = now_us() - t0;
    nbtls_op_free(op);
    return rc == NBTLS_DONE ? t : -1;
}

/* Best mean over BATCHES batches of PER runs: robust on a shared machine
 * where other processes preempt us. */
#define BATCHES 20
#define PER 100

static double bench_pub(int openssl) {
    double best = 1e30;
    for (int b = 0; b < BATCHES; b++) {
        double t0 = now_us();
        for (int i = 0; i < PER; i++) {
            K[0] = (unsigned char)i;
            if (!openssl) {
                nbtls_key *key = NULL;
                if (nbtls_key_x25519_from_private(&key, K) != NBTLS_DONE)
                    return -1;
                nbtls_key_free(key);
            }
#ifdef NBTLS_HAVE_OPENSSL
            else {
                EVP_PKEY *p =
                    EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, K, 32);
                unsigned char pub[32];
                size_t pl = 32;
                if (p == NULL || EVP_PKEY_get_raw_public_key(p, pub, &pl) != 1)
                    return -1;
                EVP_PKEY_free(p);
            }
#endif
        }
        double t = (now_us() - t0) / PER;
        if (t < best) best = t;
    }
    return best;
}

static double bench_ecdh(const nbtls_key *key, uint32_t budget,
                         double *worst_out, unsigned long *polls) {
    double best = 1e30, worst = 0, w = 0;
    for (int b = 0; b < BATCHES; b++) {
        double t = 0;
        for (int i = 0; i < PER; i++) {
            t += ecdh_once(key, budget, &w, polls);
            if (w > worst) worst = w;
        }
        if (t / PER < best) best = t / PER;
    }
    *worst_out = worst;
    return best;
}

#ifdef NBTLS_HAVE_OPENSSL
static double bench_openssl_ecdh(void) {
    EVP_PKEY *priv = EVP_PKEY_new_raw_private_key(EVP_PKEY_X25519, NULL, K, 32);
    EVP_PKEY *peer =
        EVP_PKEY_new_raw_public_key(EVP_PKEY_X25519, NULL, PEER, 32);
    double best = 1e30;
    if (priv == NULL || peer == NULL) return -1;
    for (int b = 0; b < BATCHES; b++) {
        double t0 = now_us();
        for (int i = 0; i < PER; i++) {
            EVP_PKEY_CTX *c = EVP_PKEY_CTX_new(priv, NULL);
            unsigned char s[32];
            size_t sl = 32;
            if (c == NULL || EVP_PKEY_derive_init(c) != 1 ||
                EVP_PKEY_derive_set_peer(c, peer) != 1 ||
                EVP_PKEY_derive(c, s, &sl) != 1)
                return -1;
            EVP_PKEY_CTX_free(c);
        }
        double t = (now_us() - t0) / PER;
        if (t < best) best = t;
    }
    EVP_PKEY_free(priv);
    EVP_PKEY_free(peer);
    return best;
}
#endif

int main(void) {
    for (int i = 0; i < 32; i++) {
        K[i] = (unsigned char)(i * 29 + 7);
        PEER[i] = (unsigned char)(i * 13 + 1);
    }
    PEER[31] &= 0x7f;
    printf("X25519 (RFC 7748): best mean of %d batches of %d\n", BATCHES, PER);
    printf("  nbtls   public key (from_private)     %8.2f us\n", bench_pub(0));
    nbtls_key *key = NULL;
    if (nbtls_key_x25519_from_private(&key, K) != NBTLS_DONE) return 1;
    double w;
    unsigned long polls = 0;
    printf("  nbtls   ECDH budget 0                 %8.2f us\n",
           bench_ecdh(key, 0, &w, &polls));
    double t1 = bench_ecdh(key, 1, &w, &polls);
    printf("  nbtls   ECDH budget 1                 %8.2f us  (%lu polls, "
           "slowest poll seen %.2f us)\n",
           t1, polls, w);
    qsort(g_samples, g_nsamples, sizeof(double), cmp_double);
    printf("          single poll at budget 1: median %.3f us, p99 %.3f us, "
           "p99.9 %.3f us (%zu polls)\n",
           g_samples[g_nsamples / 2], g_samples[g_nsamples * 99 / 100],
           g_samples[g_nsamples * 999 / 1000], g_nsamples);
    double t8 = bench_ecdh(key, 8, &w, &polls);
    printf("  nbtls   ECDH budget 8                 %8.2f us  (%lu polls, "
           "slowest poll seen %.2f us)\n",
           t8, polls, w);
    nbtls_key_free(key);
#ifdef NBTLS_HAVE_OPENSSL
    printf("  OpenSSL public key (raw private)      %8.2f us  (%s)\n",
           bench_pub(1), OpenSSL_version(OPENSSL_VERSION));
    printf("  OpenSSL ECDH (EVP_PKEY_derive)        %8.2f us\n",
           bench_openssl_ecdh());
#else
    printf("  (OpenSSL not found at build time: no peer figures)\n");
#endif
    return 0;
}
