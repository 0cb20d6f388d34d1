/*
 * sym_tool: the nbtls side of the differential test (diff_test.py). Reads
 * one request per line on stdin, answers one line per implementation on
 * stdout, so the script can compare every path against Python
 * `cryptography`. Hex everywhere; "-" is the empty string.
 *
 *   seal ALG KEY NONCE AAD PT     -> "<impl> <ct||tag>"  (impl 0..5)
 *   open ALG KEY NONCE AAD CT     -> "<impl> <pt>" or "<impl> FAIL"
 *   hash ALG MSG                  -> "<impl> <digest>"   (impl 0..1)
 *   hmac ALG KEY MSG              -> "<impl> <mac>"
 *   hkdf ALG SALT IKM INFO LEN    -> "<impl> <okm>"
 * then "end" after each request. ALG is the NBTLS_* number.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cpu/cpu.h"
#include "nbtls/sym.h"

int nbtls_aead_new_impl(nbtls_aead **aead, int alg, const unsigned char *key,
                        size_t key_len, uint32_t features, int poly_impl);

#define MAXB 70000
static char line[4 * MAXB + 1024];
static unsigned char f[5][MAXB], out[MAXB + 64];
static size_t fl[5];

static int unhex(const char *s, unsigned char *o, size_t *n) {
    if (strcmp(s, "-") == 0) {
        *n = 0;
        return 0;
    }
    size_t l = strlen(s);
    if (l % 2 || l / 2 > MAXB) return -1;
    for (size_t i = 0; i < l / 2; i++) {
        unsigned v;
        if (sscanf(s + 2 * i, "%2x", &v) != 1) return -1;
        o[i] = (unsigned char)v;
    }
    *n = l / 2;
    return 0;
}

static void put(int impl, const unsigned char *p, size_t n) {
    printf("%d ", impl);
    if (n == 0) printf("-");
    for (size_t i = 0; i < n; i++)
        printf("%02x", p[i]);
    printf("\n");
}

static char *tok(char **p) {
    char *s = *p;
    while (*s == ' ')
        s++;
    if (!*s || *s == '\n') return NULL;
    char *e = s;
    while (*e && *e != ' ' && *e != '\n')
        e++;
    if (*e) *e++ = 0;
    *p = e;
    return s;
}

int main(void) {
    while (fgets(line, sizeof line, stdin)) {
        char *p = line, *op = tok(&p), *a = tok(&p);
        if (!op || !a) continue;
        int alg = atoi(a), nf = 0;
        char *t;
        while (nf < 5 && (t = tok(&p)) != NULL) {
            if (unhex(t, f[nf], &fl[nf]) < 0) return 2;
            nf++;
        }
        size_t n = 0;
        if ((strcmp(op, "seal") == 0 || strcmp(op, "open") == 0) && nf == 4) {
            int seal = op[0] == 's';
            /* 0 default, 1 portable, 2 portable + 32-bit Poly1305,
             * 3 without AVX-512VL, 4 vector ChaCha20 + 32-bit Poly1305,
             * 5 SSE2 ChaCha20 */
            for (int impl = 0; impl < 6; impl++) {
                nbtls_aead *ae = NULL;
                uint32_t cpu = nbtls_cpu_features();
                uint32_t fs[6] = {
                    cpu, 0,
                    0,   cpu & ~NBTLS_CPU_AVX512VL,
                    cpu, cpu & ~(NBTLS_CPU_AVX2 | NBTLS_CPU_AVX512VL)};
                int polys[6] = {0, 0, 32, 0, 32, 0};
                int rc = impl == 0 ? nbtls_aead_new(&ae, alg, f[0], fl[0])
                                   : nbtls_aead_new_impl(&ae, alg, f[0], fl[0],
                                                         fs[impl], polys[impl]);
                if (rc == 0)
                    rc =
                        seal
                            ? nbtls_aead_seal(ae, f[1], fl[1], f[2], fl[2],
                                              f[3], fl[3], out, sizeof out, &n)
                            : nbtls_aead_open(ae, f[1], fl[1], f[2], fl[2],
                                              f[3], fl[3], out, sizeof out, &n);
                if (rc == 0)
                    put(impl, out, n);
                else
                    printf("%d FAIL\n", impl);
                nbtls_aead_free(ae);
            }
        } else if (strcmp(op, "hash") == 0 && nf == 1) {
            for (int impl = 0; impl < 2; impl++) {
                nbtls_cpu_force_portable(impl);
                /* streamed in 3 uneven pieces through a clone */
                nbtls_hash_ctx *c = NULL, *d = NULL;
                size_t a1 = fl[0] / 3, a2 = fl[0] / 2;
                if (nbtls_hash_new(&c, alg) != 0) return 3;
                (void)nbtls_hash_update(c, f[0], a1);
                (void)nbtls_hash_clone(c, &d);
                (void)nbtls_hash_update(d, f[0] + a1, a2 - a1);
                (void)nbtls_hash_update(d, f[0] + a2, fl[0] - a2);
                if (nbtls_hash_final(d, out, sizeof out, &n) != 0) return 3;
                nbtls_hash_free(c);
                nbtls_hash_free(d);
                put(impl, out, n);
            }
        } else if (strcmp(op, "hmac") == 0 && nf == 2) {
            for (int impl = 0; impl < 2; impl++) {
                nbtls_cpu_force_portable(impl);
                if (nbtls_hmac(alg, f[0], fl[0], f[1], fl[1], out, sizeof out,
                               &n) != 0)
                    return 3;
                put(impl, out, n);
            }
        } else if (strcmp(op, "hkdf") == 0 && nf == 4) {
            size_t L = 0; /* the 4th field is the length, big endian */
            for (size_t i = 0; i < fl[3]; i++)
                L = (L << 8) | f[3][i];
            for (int impl = 0; impl < 2; impl++) {
                unsigned char prk[64];
                nbtls_cpu_force_portable(impl);
                if (nbtls_hkdf_extract(alg, f[0], fl[0], f[1], fl[1], prk,
                                       sizeof prk, &n) != 0 ||
                    nbtls_hkdf_expand(alg, prk, n, f[2], fl[2], out, L) != 0)
                    return 3;
                put(impl, out, L);
            }
        } else {
            fprintf(stderr, "bad request: %s\n", op);
            return 2;
        }
        nbtls_cpu_force_portable(0);
        printf("end\n");
        fflush(stdout);
    }
    return 0;
}
