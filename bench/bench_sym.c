/*
 * bench_sym: throughput of the symmetric layer (MB/s, 1 MB = 10^6 bytes)
 * for 64 B, 1 KiB and 16 KiB messages: nbtls accelerated, nbtls portable
 * and OpenSSL's EVP in the same run (when built with libcrypto). A
 * benchmark, not a test: it prints figures and never fails on them.
 * Each cell runs for about 60 ms and reports its fastest batch; the whole
 * program takes ~10 s.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cpu/cpu.h"
#include "nbtls/sym.h"

#ifdef NBTLS_HAVE_OPENSSL
#include <openssl/evp.h>
#include <openssl/hmac.h>
#endif

int nbtls_aead_new_impl(nbtls_aead **aead, int alg, const unsigned char *key,
                        size_t key_len, uint32_t features, int poly_impl);

static double now(void) {
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static unsigned char g_in[16384 + 64], g_out[16384 + 64], g_ct[16384 + 64];
static const unsigned char g_key[32] = {1, 2, 3, 4, 5, 6, 7, 8, 9};
static const unsigned char g_nonce[12] = {9, 8, 7};
static const unsigned char g_aad[13] = {0x17, 3, 3};
static volatile unsigned g_sink;

enum { OP_SEAL, OP_OPEN, OP_HASH, OP_HMAC };

typedef struct {
    int op, alg;      /* nbtls ids */
    nbtls_aead *aead; /* for seal/open */
    int openssl;      /* run the OpenSSL version instead */
#ifdef NBTLS_HAVE_OPENSSL
    EVP_CIPHER_CTX *ectx;
    const EVP_MD *md;
#endif
} job;

static int run_once(job *j, size_t len) {
    size_t n = 0;
    if (!j->openssl) {
        switch (j->op) {
        case OP_SEAL:
            return nbtls_aead_seal(j->aead, g_nonce, 12, g_aad, 13, g_in, len,
                                   g_out, sizeof g_out, &n);
        case OP_OPEN:
            return nbtls_aead_open(j->aead, g_nonce, 12, g_aad, 13, g_ct,
                                   len + 16, g_out, sizeof g_out, &n);
        case OP_HASH:
            return nbtls_hash(j->alg, g_in, len, g_out, sizeof g_out, &n);
        default:
            return nbtls_hmac(j->alg, g_key, 32, g_in, len, g_out, sizeof g_out,
                              &n);
        }
    }
#ifdef NBTLS_HAVE_OPENSSL
    int outl = 0;
    unsigned int ml = 0;
    switch (j->op) {
    case OP_SEAL:
        if (!EVP_EncryptInit_ex(j->ectx, NULL, NULL, NULL, g_nonce) ||
            !EVP_EncryptUpdate(j->ectx, NULL, &outl, g_aad, 13) ||
            !EVP_EncryptUpdate(j->ectx, g_out, &outl, g_in, (int)len) ||
            !EVP_EncryptFinal_ex(j->ectx, g_out + outl, &outl) ||
            !EVP_CIPHER_CTX_ctrl(j->ectx, EVP_CTRL_AEAD_GET_TAG, 16,
                                 g_out + len))
            return -1;
        return 0;
    case OP_OPEN:
        if (!EVP_DecryptInit_ex(j->ectx, NULL, NULL, NULL, g_nonce) ||
            !EVP_DecryptUpdate(j->ectx, NULL, &outl, g_aad, 13) ||
            !EVP_DecryptUpdate(j->ectx, g_out, &outl, g_ct, (int)len) ||
            !EVP_CIPHER_CTX_ctrl(j->ectx, EVP_CTRL_AEAD_SET_TAG, 16,
                                 g_ct + len) ||
            EVP_DecryptFinal_ex(j->ectx, g_out + outl, &outl) <= 0)
            return -1;
        return 0;
    case OP_HASH:
        return EVP_Digest(g_in, len, g_out, &ml, j->md, NULL) ? 0 : -1;
    default: return HMAC(j->md, g_key, 32, g_in, len, g_out, &ml) ? 0 : -1;
    }
#else
    return -1;
#endif
}

/* Throughput from the fastest of many short batches (each ~20 us), over
 * about 60 ms: on a shared, loaded machine the minimum is the figure least
 * disturbed by preemption, and every column is measured the same way. */
static double measure(job *j, size_t len) {
    if (run_once(j, len) != 0) return -1;
    unsigned long k = 1; /* iterations per batch */
    for (;;) {
        double t0 = now();
        for (unsigned long i = 0; i < k; i++)
            g_sink += (unsigned)run_once(j, len);
        if (now() - t0 > 20e-6 || k > (1ul << 20)) break;
        k *= 2;
    }
    double best = 1e9, start = now();
    do {
        double t0 = now();
        for (unsigned long i = 0; i < k; i++)
            g_sink += (unsigned)run_once(j, len);
        double t = now() - t0;
        if (t < best) best = t;
    } while (now() - start < 0.06);
    return (double)k * (double)len / best / 1e6;
}

static const size_t SIZES[3] = {64, 1024, 16384};

static void row(const char *name, job *accel, job *port, job *ossl) {
    printf("%-22s", name);
    for (int s = 0; s < 3; s++) {
        double a = measure(accel, SIZES[s]);
        double p = measure(port, SIZES[s]);
        double o = ossl ? measure(ossl, SIZES[s]) : -1;
        printf(" | %8.0f %7.0f %8.0f", a, p, o);
    }
    printf("\n");
    fflush(stdout);
}

#ifdef NBTLS_HAVE_OPENSSL
static const EVP_CIPHER *evp_cipher(int alg) {
    return alg == NBTLS_AES_128_GCM   ? EVP_aes_128_gcm()
           : alg == NBTLS_AES_256_GCM ? EVP_aes_256_gcm()
                                      : EVP_chacha20_poly1305();
}
static const EVP_MD *evp_md(int alg) {
    return alg == NBTLS_SHA256   ? EVP_sha256()
           : alg == NBTLS_SHA384 ? EVP_sha384()
                                 : EVP_sha512();
}
#endif

int main(void) {
    for (size_t i = 0; i < sizeof g_in; i++)
        g_in[i] = (unsigned char)i;
    printf("nbtls symmetric benchmark, MB/s (10^6 B/s); accel bits %d\n",
           nbtls_sym_accel());
    printf("columns per size: nbtls accelerated, nbtls portable, OpenSSL "
           "EVP (%s)\n",
#ifdef NBTLS_HAVE_OPENSSL
           "linked"
#else
           "not built: -1"
#endif
    );
    printf("%-22s | %-25s | %-25s | %-25s\n", "", "64 B", "1 KiB", "16 KiB");

    static const struct {
        const char *name;
        int op, alg;
    } H[] = {{"SHA-256", OP_HASH, NBTLS_SHA256},
             {"SHA-384", OP_HASH, NBTLS_SHA384},
             {"SHA-512", OP_HASH, NBTLS_SHA512},
             {"HMAC-SHA256", OP_HMAC, NBTLS_SHA256}};
    for (size_t i = 0; i < sizeof H / sizeof H[0]; i++) {
        job a, p, o;
        memset(&a, 0, sizeof a);
        a.op = H[i].op;
        a.alg = H[i].alg;
        p = o = a;
        o.openssl = 1;
#ifdef NBTLS_HAVE_OPENSSL
        o.md = evp_md(H[i].alg);
#endif
        /* the portable hash path is selected by the (internal) switch
         * around the measurement */
        printf("%-22s", H[i].name);
        for (int s = 0; s < 3; s++) {
            nbtls_cpu_force_portable(0);
            double x = measure(&a, SIZES[s]);
            nbtls_cpu_force_portable(1);
            double y = measure(&p, SIZES[s]);
            nbtls_cpu_force_portable(0);
#ifdef NBTLS_HAVE_OPENSSL
            double z = measure(&o, SIZES[s]);
#else
            double z = -1;
#endif
            printf(" | %8.0f %7.0f %8.0f", x, y, z);
        }
        printf("\n");
        fflush(stdout);
    }

    static const struct {
        const char *name;
        int alg;
    } A[] = {{"AES-128-GCM", NBTLS_AES_128_GCM},
             {"AES-256-GCM", NBTLS_AES_256_GCM},
             {"ChaCha20-Poly1305", NBTLS_CHACHA20_POLY1305}};
    for (size_t i = 0; i < sizeof A / sizeof A[0]; i++) {
        int alg = A[i].alg;
        size_t kl = (size_t)nbtls_aead_key_len(alg), n;
        job a, p, o;
        memset(&a, 0, sizeof a);
        a.op = OP_SEAL;
        a.alg = alg;
        p = o = a;
        if (nbtls_aead_new(&a.aead, alg, g_key, kl) != 0 ||
            nbtls_aead_new_impl(&p.aead, alg, g_key, kl, 0, 0) != 0)
            return 1;
        o.openssl = 1;
#ifdef NBTLS_HAVE_OPENSSL
        o.ectx = EVP_CIPHER_CTX_new();
        EVP_CIPHER_CTX *dctx = EVP_CIPHER_CTX_new();
        EVP_EncryptInit_ex(o.ectx, evp_cipher(alg), NULL, g_key, NULL);
        EVP_DecryptInit_ex(dctx, evp_cipher(alg), NULL, g_key, NULL);
#endif
        char name[64];
        snprintf(name, sizeof name, "%s seal", A[i].name);
        row(name, &a, &p, &o);
        /* open: each size needs its own genuine ciphertext */
        a.op = p.op = o.op = OP_OPEN;
#ifdef NBTLS_HAVE_OPENSSL
        EVP_CIPHER_CTX *e = o.ectx;
        o.ectx = dctx;
#endif
        snprintf(name, sizeof name, "%s open", A[i].name);
        printf("%-22s", name);
        for (int s = 0; s < 3; s++) {
            if (nbtls_aead_seal(a.aead, g_nonce, 12, g_aad, 13, g_in, SIZES[s],
                                g_ct, sizeof g_ct, &n) != 0)
                return 1;
            double x = measure(&a, SIZES[s]), y = measure(&p, SIZES[s]);
#ifdef NBTLS_HAVE_OPENSSL
            double z = measure(&o, SIZES[s]);
#else
            double z = -1;
#endif
            printf(" | %8.0f %7.0f %8.0f", x, y, z);
        }
        printf("\n");
        fflush(stdout);
        nbtls_aead_free(a.aead);
        nbtls_aead_free(p.aead);
#ifdef NBTLS_HAVE_OPENSSL
        EVP_CIPHER_CTX_free(e);
        EVP_CIPHER_CTX_free(dctx);
#endif
    }
    return 0;
}
