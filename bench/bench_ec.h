/*
 * The body of bench_p256 and bench_p384 (thin mains: bench_ec_main() with
 * the curve of tests/ec_curve.h): keygen, ECDSA sign and verify, ECDH —
 * microseconds per operation run one-shot (budget 0) and polled at budgets
 * 1 and 8, with the number of polls and the slowest single poll (absolute
 * and as a share of the whole operation) — beside OpenSSL's libcrypto (EVP)
 * on the same curve in the same run when the build found it
 * (NBTLS_HAVE_OPENSSL). Signing and verification use a digest of the length
 * of the curve's TLS 1.3 scheme (32 bytes for P-256, 48 for P-384).
 *
 * Each figure is the median over repeated runs for about
 * NBTLS_BENCH_SECONDS (default 0.3) seconds per line; the whole program
 * takes a few seconds. Not a test: it prints, it does not judge.
 * Include it once, from the .c file that holds main().
 */
#ifndef NBTLS_BENCH_EC_H
#define NBTLS_BENCH_EC_H

#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../tests/ec_curve.h"
#include "nbtls/nbtls.h"

#if defined(NBTLS_HAVE_OPENSSL)
#include <openssl/evp.h>
#include <openssl/opensslv.h>
#endif

#define MAX_RUNS 20000

static double g_seconds = 0.3;
static const ec_curve *C; /* the curve under test */

static uint64_t now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b) {
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, size_t n) {
    qsort(v, n, sizeof *v, cmp_u64);
    return v[n / 2];
}

static void die(const char *what, int rc) {
    fprintf(stderr, "bench_%s: %s: %s\n", C->tag, what, nbtls_strerror(rc));
    exit(1);
}

/* ---- nbtls ------------------------------------------------------------ */

enum { OP_KEYGEN, OP_SIGN, OP_VERIFY, OP_ECDH, OP_COUNT };
static const char *const OP_NAMES[OP_COUNT] = {"keygen", "sign", "verify",
                                               "ecdh"};

static nbtls_key *g_key;
static unsigned char g_digest[EC_MAX_SCALAR], g_sig[EC_MAX_SIG],
    g_peer[EC_MAX_PUB];

static int start(int kind, nbtls_op **op) {
    switch (kind) {
    case OP_KEYGEN: return C->keygen_start(op, NULL, NULL);
    case OP_SIGN:
        return nbtls_ecdsa_sign_start(op, g_key, g_digest, C->digest_len, NULL,
                                      NULL);
    case OP_VERIFY:
        return nbtls_ecdsa_verify_start(op, g_key, g_digest, C->digest_len,
                                        g_sig, C->sig_len);
    default: return nbtls_ecdh_start(op, g_key, g_peer, C->pub_len);
    }
}

typedef struct {
    double us;           /* median microseconds per op (start to result) */
    double polls;        /* polls per op */
    double worst_us;     /* median over runs of the slowest poll */
    double worst_max_us; /* the slowest poll seen in any run */
    size_t runs;
} figures;

static uint64_t g_total[MAX_RUNS], g_worst[MAX_RUNS];

static figures bench_nbtls(int kind, uint32_t budget) {
    figures f;
    memset(&f, 0, sizeof f);
    uint64_t deadline = now_ns() + (uint64_t)(g_seconds * 1e9);
    unsigned long polls = 0;
    uint64_t worst_max = 0;
    size_t n = 0;
    while (n < MAX_RUNS && (n < 5 || now_ns() < deadline)) {
        uint64_t t0 = now_ns(), worst = 0;
        nbtls_op *op = NULL;
        int rc = start(kind, &op);
        if (rc != NBTLS_DONE) die("start", rc);
        uint64_t prev = now_ns();
        if (prev - t0 > worst) worst = prev - t0; /* start is a slice too */
        do {
            rc = nbtls_op_poll(op, budget);
            uint64_t t = now_ns();
            if (t - prev > worst) worst = t - prev;
            prev = t;
            polls++;
        } while (rc == NBTLS_IN_PROGRESS);
        if (rc != NBTLS_DONE) die("poll", rc);
        if (kind == OP_KEYGEN) {
            nbtls_key *k = NULL;
            rc = nbtls_op_take_key(op, &k);
            nbtls_key_free(k);
        } else if (kind != OP_VERIFY) {
            unsigned char out[EC_MAX_SIG];
            size_t len;
            rc = nbtls_op_result(op, out, sizeof out, &len);
        }
        if (rc != NBTLS_DONE) die("result", rc);
        nbtls_op_free(op);
        g_total[n] = now_ns() - t0;
        g_worst[n] = worst;
        if (worst > worst_max) worst_max = worst;
        n++;
    }
    f.runs = n;
    f.polls = (double)polls / (double)n;
    f.us = (double)median(g_total, n) / 1e3;
    f.worst_us = (double)median(g_worst, n) / 1e3;
    f.worst_max_us = (double)worst_max / 1e3;
    return f;
}

/* ---- OpenSSL ----------------------------------------------------------- */

#if defined(NBTLS_HAVE_OPENSSL) && OPENSSL_VERSION_NUMBER >= 0x30000000L
#define HAVE_PEER 1
static EVP_PKEY *g_ossl_key, *g_ossl_peer;
static unsigned char g_ossl_sig[EC_MAX_SIG + 16]; /* DER */
static size_t g_ossl_sig_len;

static EVP_PKEY *ossl_keygen(EVP_PKEY_CTX *ctx) {
    EVP_PKEY *k = NULL;
    if (EVP_PKEY_generate(ctx, &k) != 1) {
        fprintf(stderr, "bench_%s: EVP_PKEY_generate failed\n", C->tag);
        exit(1);
    }
    return k;
}

static double bench_openssl(int kind) {
    EVP_PKEY_CTX *ctx = NULL;
    switch (kind) {
    case OP_KEYGEN:
        ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
        if (ctx == NULL || EVP_PKEY_keygen_init(ctx) != 1 ||
            EVP_PKEY_CTX_set_group_name(ctx, C->name) != 1)
            return -1;
        break;
    case OP_SIGN:
        ctx = EVP_PKEY_CTX_new(g_ossl_key, NULL);
        if (ctx == NULL || EVP_PKEY_sign_init(ctx) != 1) return -1;
        break;
    case OP_VERIFY:
        ctx = EVP_PKEY_CTX_new(g_ossl_key, NULL);
        if (ctx == NULL || EVP_PKEY_verify_init(ctx) != 1) return -1;
        break;
    default:
        ctx = EVP_PKEY_CTX_new(g_ossl_key, NULL);
        if (ctx == NULL || EVP_PKEY_derive_init(ctx) != 1 ||
            EVP_PKEY_derive_set_peer(ctx, g_ossl_peer) != 1)
            return -1;
    }
    uint64_t deadline = now_ns() + (uint64_t)(g_seconds * 1e9);
    size_t n = 0;
    while (n < MAX_RUNS && (n < 5 || now_ns() < deadline)) {
        uint64_t t0 = now_ns();
        int ok = 1;
        unsigned char out[EC_MAX_SIG + 16];
        size_t len = sizeof out;
        switch (kind) {
        case OP_KEYGEN: EVP_PKEY_free(ossl_keygen(ctx)); break;
        case OP_SIGN:
            ok = EVP_PKEY_sign(ctx, out, &len, g_digest, C->digest_len) == 1;
            break;
        case OP_VERIFY:
            ok = EVP_PKEY_verify(ctx, g_ossl_sig, g_ossl_sig_len, g_digest,
                                 C->digest_len) == 1;
            break;
        default: ok = EVP_PKEY_derive(ctx, out, &len) == 1;
        }
        if (!ok) {
            fprintf(stderr, "bench_%s: OpenSSL %s failed\n", C->tag,
                    OP_NAMES[kind]);
            exit(1);
        }
        g_total[n++] = now_ns() - t0;
    }
    EVP_PKEY_CTX_free(ctx);
    return (double)median(g_total, n) / 1e3;
}

static const char *setup_openssl(void) {
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "EC", NULL);
    if (ctx == NULL || EVP_PKEY_keygen_init(ctx) != 1 ||
        EVP_PKEY_CTX_set_group_name(ctx, C->name) != 1)
        return NULL;
    g_ossl_key = ossl_keygen(ctx);
    g_ossl_peer = ossl_keygen(ctx);
    EVP_PKEY_CTX_free(ctx);
    ctx = EVP_PKEY_CTX_new(g_ossl_key, NULL);
    g_ossl_sig_len = sizeof g_ossl_sig;
    if (ctx == NULL || EVP_PKEY_sign_init(ctx) != 1 ||
        EVP_PKEY_sign(ctx, g_ossl_sig, &g_ossl_sig_len, g_digest,
                      C->digest_len) != 1)
        return NULL;
    EVP_PKEY_CTX_free(ctx);
    return OpenSSL_version(OPENSSL_VERSION);
}
#else
#define HAVE_PEER 0
#endif

/* Run the bench on `curve`; the exit status of the program. */
static int bench_ec_main(const ec_curve *curve) {
    C = curve;
    const char *env = getenv("NBTLS_BENCH_SECONDS");
    if (env != NULL && atof(env) > 0) g_seconds = atof(env);
    for (size_t i = 0; i < C->digest_len; i++)
        g_digest[i] = (unsigned char)(i * 7 + 1);

    nbtls_op *op = NULL;
    int rc = C->keygen_start(&op, NULL, NULL);
    if (rc == NBTLS_DONE) rc = nbtls_op_poll(op, 0);
    if (rc == NBTLS_DONE) rc = nbtls_op_take_key(op, &g_key);
    nbtls_op_free(op);
    if (rc != NBTLS_DONE) die("keygen", rc);
    nbtls_key *peer = NULL;
    rc = C->keygen_start(&op, NULL, NULL);
    if (rc == NBTLS_DONE) rc = nbtls_op_poll(op, 0);
    if (rc == NBTLS_DONE) rc = nbtls_op_take_key(op, &peer);
    nbtls_op_free(op);
    if (rc != NBTLS_DONE) die("keygen", rc);
    size_t len;
    rc = nbtls_key_export_public(peer, g_peer, sizeof g_peer, &len);
    nbtls_key_free(peer);
    if (rc != NBTLS_DONE) die("export", rc);
    rc =
        nbtls_ecdsa_sign_start(&op, g_key, g_digest, C->digest_len, NULL, NULL);
    if (rc == NBTLS_DONE) rc = nbtls_op_poll(op, 0);
    if (rc == NBTLS_DONE) rc = nbtls_op_result(op, g_sig, C->sig_len, &len);
    nbtls_op_free(op);
    if (rc != NBTLS_DONE) die("sign", rc);

    const char *peer_name = NULL;
#if HAVE_PEER
    peer_name = setup_openssl();
#endif
    printf("bench_%s: nbtls %s, %s, median of repeated runs "
           "(~%.2f s per line)\n",
           C->tag, nbtls_version(), C->name, g_seconds);
    printf("peer: %s\n", peer_name != NULL
                             ? peer_name
                             : "none (built without OpenSSL's libcrypto)");
    printf("sign = hedged ECDSA over a %zu-byte digest (OS RNG); keygen uses "
           "the OS RNG;\nworst poll = slowest single poll (or the start "
           "call), median over runs / max seen (the max includes OS\n"
           "preemption: on a busy machine it measures the scheduler, not "
           "nbtls)\n\n",
           C->digest_len);
    printf("%-7s %-7s %10s %9s %22s %9s | %14s %7s\n", "op", "budget", "us/op",
           "polls", "worst poll us (med/max)", "% of op", "OpenSSL us/op",
           "ratio");
    static const uint32_t budgets[] = {0, 1, 8};
    for (int kind = 0; kind < OP_COUNT; kind++) {
        double peer_us = -1;
#if HAVE_PEER
        if (peer_name != NULL) peer_us = bench_openssl(kind);
#endif
        for (size_t b = 0; b < sizeof budgets / sizeof budgets[0]; b++) {
            figures f = bench_nbtls(kind, budgets[b]);
            char wbuf[32], pbuf[16], rbuf[16];
            snprintf(wbuf, sizeof wbuf, "%.2f / %.2f", f.worst_us,
                     f.worst_max_us);
            snprintf(pbuf, sizeof pbuf, "%.1f%%", 100.0 * f.worst_us / f.us);
            if (b == 0 && peer_us > 0) {
                snprintf(rbuf, sizeof rbuf, "%.2fx", f.us / peer_us);
                printf("%-7s %-7u %10.1f %9.1f %22s %9s | %14.1f %7s\n",
                       OP_NAMES[kind], (unsigned)budgets[b], f.us, f.polls,
                       wbuf, pbuf, peer_us, rbuf);
            } else {
                printf("%-7s %-7u %10.1f %9.1f %22s %9s |\n", OP_NAMES[kind],
                       (unsigned)budgets[b], f.us, f.polls, wbuf, pbuf);
            }
        }
    }
    printf("\nratio = nbtls one-shot time / OpenSSL time (lower is "
           "better for nbtls)\n");
    nbtls_key_free(g_key);
#if HAVE_PEER
    EVP_PKEY_free(g_ossl_key);
    EVP_PKEY_free(g_ossl_peer);
#endif
    return 0;
}

#endif
