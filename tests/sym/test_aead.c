/*
 * AEADs through the public API, on every implementation: accelerated (what
 * nbtls_aead_new picks), portable (features 0), and for ChaCha20-Poly1305
 * both Poly1305 limb sizes. Vectors: GCM spec test cases with 96-bit IVs,
 * RFC 8439 2.8.2 (tests/sym/vectors/sym_aead.txt, see gen_vectors.py).
 * Then: ChaCha20 and Poly1305 KATs on their internal functions (2.3.2,
 * 2.4.2, A.1, A.2, 2.5.2, A.3); every length 0..600 and a few KB compared
 * across implementations; tampering with tag, ciphertext, AAD, nonce
 * rejected with the output wiped; in place; overlap and argument errors.
 */
#include "aead/aead_internal.h"
#include "check.h"
#include "nbtls/sym.h"
#include "sym_vectors.h"

int nbtls_aead_new_impl(nbtls_aead **aead, int alg, const unsigned char *key,
                        size_t key_len, uint32_t features, int poly_impl);

#define NIMPL 6
/* impl 0: default (accelerated if the CPU has it), 1: portable with the
 * default Poly1305, 2: portable with the 32-bit Poly1305, 3: without
 * AVX-512VL (AVX2 ChaCha20), 4: accelerated ChaCha20 with the 32-bit
 * Poly1305 (the unstitched vector path), 5: SSE2 ChaCha20 (no AVX2). */
static int make(nbtls_aead **a, int alg, const unsigned char *key, size_t len,
                int impl) {
    uint32_t f = nbtls_cpu_features();
    switch (impl) {
    case 0: return nbtls_aead_new(a, alg, key, len);
    case 1: return nbtls_aead_new_impl(a, alg, key, len, 0, 0);
    case 2: return nbtls_aead_new_impl(a, alg, key, len, 0, 32);
    case 3:
        return nbtls_aead_new_impl(a, alg, key, len, f & ~NBTLS_CPU_AVX512VL,
                                   0);
    case 4: return nbtls_aead_new_impl(a, alg, key, len, f, 32);
    default:
        return nbtls_aead_new_impl(
            a, alg, key, len, f & ~(NBTLS_CPU_AVX2 | NBTLS_CPU_AVX512VL), 0);
    }
}

static uint64_t rs = 0x243f6a8885a308d3ULL;
static unsigned char rnd8(void) {
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return (unsigned char)(rs >> 29);
}
static void rnd(unsigned char *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        p[i] = rnd8();
}

/* ChaCha20 paths: 0 portable, 1 AVX2, 2 AVX2 + AVX-512VL, 3 SSE2 (each
 * only if the CPU has it; otherwise a slower one). */
#define NCHACHA 4
static uint32_t chacha_features(int path) {
    uint32_t f = nbtls_cpu_features();
    switch (path) {
    case 0: return 0;
    case 1: return f & NBTLS_CPU_AVX2;
    case 2: return f & (NBTLS_CPU_AVX2 | NBTLS_CPU_AVX512VL);
    default: return f & NBTLS_CPU_SSE2;
    }
}

static int is_zero(const unsigned char *p, size_t n) {
    unsigned char acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

static void kat_aead(void) {
    FILE *f = sv_open("sym_aead.txt");
    sv_line *l = malloc(sizeof *l);
    int count = 0;
    while (sv_next(f, l)) {
        size_t kl, nl, al, pl, cl;
        const unsigned char *k = sv_get(l, "key", &kl),
                            *n = sv_get(l, "nonce", &nl),
                            *a = sv_get(l, "aad", &al),
                            *p = sv_get(l, "pt", &pl),
                            *c = sv_get(l, "ct", &cl);
        int alg = strstr(l->kind, "chacha") ? NBTLS_CHACHA20_POLY1305
                  : kl == 16                ? NBTLS_AES_128_GCM
                                            : NBTLS_AES_256_GCM;
        for (int impl = 0; impl < NIMPL; impl++) {
            nbtls_aead *ae = NULL;
            unsigned char out[1100], back[1100];
            size_t ol = 0, bl = 0;
            CHECK_EQ(make(&ae, alg, k, kl, impl), NBTLS_DONE);
            CHECK_EQ(
                nbtls_aead_seal(ae, n, nl, a, al, p, pl, out, sizeof out, &ol),
                NBTLS_DONE);
            CHECK_EQ(ol, cl);
            CHECK_MEM(out, c, cl);
            CHECK_EQ(nbtls_aead_open(ae, n, nl, a, al, c, cl, back, sizeof back,
                                     &bl),
                     NBTLS_DONE);
            CHECK_EQ(bl, pl);
            CHECK_MEM(back, p, pl);
            nbtls_aead_free(ae);
        }
        count++;
    }
    CHECK(count >= 9);
    fclose(f);
    free(l);
}

static void kat_chacha_poly(void) {
    sv_line *l = malloc(sizeof *l);
    FILE *f = sv_open("sym_chacha.txt");
    int count = 0;
    while (sv_next(f, l)) {
        size_t kl, cl, nl, pl, xl;
        const unsigned char *k = sv_get(l, "key", &kl),
                            *ctr = sv_get(l, "counter", &cl),
                            *n = sv_get(l, "nonce", &nl),
                            *p = sv_get(l, "pt", &pl),
                            *x = sv_get(l, "ct", &xl);
        uint32_t c32 = ((uint32_t)ctr[0] << 24) | ((uint32_t)ctr[1] << 16) |
                       ((uint32_t)ctr[2] << 8) | ctr[3];
        for (int path = 0; path < NCHACHA; path++) {
            unsigned char out[1024];
            nbtls_chacha20_xor(k, c32, n, p, out, pl, chacha_features(path));
            CHECK_EQ(xl, pl);
            CHECK_MEM(out, x, pl);
        }
        count++;
    }
    CHECK(count >= 8);
    fclose(f);
    f = sv_open("sym_poly.txt");
    count = 0;
    while (sv_next(f, l)) {
        size_t kl, ml, tl;
        const unsigned char *k = sv_get(l, "key", &kl),
                            *m = sv_get(l, "msg", &ml),
                            *t = sv_get(l, "tag", &tl);
        for (int impl = 32; impl <= 64; impl += 32) {
            if (impl == 64 && !nbtls_poly1305_have64()) continue;
            unsigned char tag[16];
            nbtls_poly1305 p;
            /* whole, then byte by byte */
            nbtls_poly1305_init(&p, k, impl);
            nbtls_poly1305_update(&p, m, ml);
            nbtls_poly1305_final(&p, tag);
            CHECK_MEM(tag, t, 16);
            nbtls_poly1305_init(&p, k, impl);
            for (size_t i = 0; i < ml; i++)
                nbtls_poly1305_update(&p, m + i, 1);
            nbtls_poly1305_final(&p, tag);
            CHECK_MEM(tag, t, 16);
        }
        count++;
    }
    CHECK(count >= 11);
    fclose(f);
    free(l);
}

/* The SSE2, AVX2 and AVX-512VL paths against the portable one across their
 * 256/512-byte boundaries, at unaligned offsets, with small counters and with
 * the largest counter the length allows (the last block is 2^32 - 1). */
static void chacha_paths(void) {
    static unsigned char in[4200], o1[4200], o2[4200];
    unsigned char key[32], nonce[12];
    rnd(in, sizeof in);
    for (size_t len = 0; len < sizeof in; len += 1 + len / 3) {
        for (int edge = 0; edge < 2; edge++) {
            rnd(key, 32);
            rnd(nonce, 12);
            uint32_t ctr =
                edge ? (uint32_t)(0 - (len + 63) / 64) : (uint32_t)rnd8();
            nbtls_chacha20_xor(key, ctr, nonce, in + 1, o1, len, 0);
            for (int path = 1; path < NCHACHA; path++) {
                memset(o2, 0, sizeof o2);
                nbtls_chacha20_xor(key, ctr, nonce, in + 1, o2, len,
                                   chacha_features(path));
                CHECK_MEM(o1, o2, len);
            }
        }
    }
}

static const int ALGS[3] = {NBTLS_AES_128_GCM, NBTLS_AES_256_GCM,
                            NBTLS_CHACHA20_POLY1305};

/* Boundary lengths: the three implementations agree, open inverts seal,
 * in place gives the same bytes. */
static void lengths(void) {
    static const size_t L[] = {0,    1,    15,   16,   17,   31,  32,
                               33,   63,   64,   65,   127,  128, 129,
                               255,  256,  257,  511,  512,  513, 1023,
                               1024, 1500, 4096, 4097, 5000, 8191};
    static unsigned char pt[8200], ref[8300], out[8300], buf[8300];
    unsigned char key[32], nonce[12], aad[300];
    for (int ai = 0; ai < 3; ai++) {
        int alg = ALGS[ai];
        size_t kl = (size_t)nbtls_aead_key_len(alg);
        for (size_t li = 0; li < sizeof L / sizeof L[0]; li++) {
            size_t len = L[li], al = (li * 37) % 300, ol;
            rnd(key, kl);
            rnd(nonce, 12);
            rnd(aad, al);
            rnd(pt, len);
            for (int impl = 0; impl < NIMPL; impl++) {
                nbtls_aead *a = NULL;
                CHECK_EQ(make(&a, alg, key, kl, impl), NBTLS_DONE);
                unsigned char *dst = impl == 0 ? ref : out;
                CHECK_EQ(nbtls_aead_seal(a, nonce, 12, aad, al, pt, len, dst,
                                         len + 16, &ol),
                         NBTLS_DONE);
                CHECK_EQ(ol, len + 16);
                if (impl) CHECK_MEM(out, ref, len + 16);
                /* in place seal */
                memcpy(buf, pt, len);
                CHECK_EQ(nbtls_aead_seal(a, nonce, 12, aad, al, buf, len, buf,
                                         len + 16, &ol),
                         NBTLS_DONE);
                CHECK_MEM(buf, ref, len + 16);
                /* in place open */
                CHECK_EQ(nbtls_aead_open(a, nonce, 12, aad, al, buf, len + 16,
                                         buf, len + 16, &ol),
                         NBTLS_DONE);
                CHECK_EQ(ol, len);
                CHECK_MEM(buf, pt, len);
                nbtls_aead_free(a);
            }
        }
    }
}

/* Any change to tag, ciphertext, AAD or nonce: NBTLS_E_DECRYPT, output
 * zeroed (also in place). */
static void tamper(void) {
    unsigned char key[32], nonce[12], aad[20], pt[100], ct[116], t[116],
        out[116];
    for (int ai = 0; ai < 3; ai++) {
        for (int impl = 0; impl < NIMPL; impl++) {
            int alg = ALGS[ai];
            size_t kl = (size_t)nbtls_aead_key_len(alg), ol;
            nbtls_aead *a = NULL;
            rnd(key, kl);
            rnd(nonce, 12);
            rnd(aad, 20);
            rnd(pt, 100);
            CHECK_EQ(make(&a, alg, key, kl, impl), NBTLS_DONE);
            CHECK_EQ(
                nbtls_aead_seal(a, nonce, 12, aad, 20, pt, 100, ct, 116, &ol),
                NBTLS_DONE);
            for (size_t i = 0; i < 116 * 8; i += 7) { /* flip bit i */
                memcpy(t, ct, 116);
                t[i / 8] ^= (unsigned char)(1u << (i % 8));
                memset(out, 0xa5, sizeof out);
                CHECK_EQ(nbtls_aead_open(a, nonce, 12, aad, 20, t, 116, out,
                                         116, &ol),
                         NBTLS_E_DECRYPT);
                CHECK(is_zero(out, 100));
                CHECK_EQ(ol, 0);
                /* in place: the ciphertext buffer is wiped */
                CHECK_EQ(
                    nbtls_aead_open(a, nonce, 12, aad, 20, t, 116, t, 116, &ol),
                    NBTLS_E_DECRYPT);
                CHECK(is_zero(t, 100));
            }
            for (size_t i = 0; i < 20 * 8; i += 5) {
                unsigned char a2[20];
                memcpy(a2, aad, 20);
                a2[i / 8] ^= (unsigned char)(1u << (i % 8));
                CHECK_EQ(nbtls_aead_open(a, nonce, 12, a2, 20, ct, 116, out,
                                         116, &ol),
                         NBTLS_E_DECRYPT);
                CHECK(is_zero(out, 100));
            }
            for (size_t i = 0; i < 12 * 8; i += 3) {
                unsigned char n2[12];
                memcpy(n2, nonce, 12);
                n2[i / 8] ^= (unsigned char)(1u << (i % 8));
                CHECK_EQ(
                    nbtls_aead_open(a, n2, 12, aad, 20, ct, 116, out, 116, &ol),
                    NBTLS_E_DECRYPT);
                CHECK(is_zero(out, 100));
            }
            /* shorter AAD, truncated ciphertext */
            CHECK_EQ(
                nbtls_aead_open(a, nonce, 12, aad, 19, ct, 116, out, 116, &ol),
                NBTLS_E_DECRYPT);
            CHECK_EQ(
                nbtls_aead_open(a, nonce, 12, aad, 20, ct, 115, out, 116, &ol),
                NBTLS_E_DECRYPT);
            /* and the genuine one still opens */
            CHECK_EQ(
                nbtls_aead_open(a, nonce, 12, aad, 20, ct, 116, out, 116, &ol),
                NBTLS_DONE);
            CHECK_MEM(out, pt, 100);
            nbtls_aead_free(a);
        }
    }
}

static void bad_args(void) {
    unsigned char key[32] = {1}, nonce[16] = {2}, buf[200], out[200];
    size_t ol = 0;
    nbtls_aead *a = NULL;
    CHECK_EQ(nbtls_aead_key_len(0), NBTLS_E_UNSUPPORTED);
    CHECK_EQ(nbtls_aead_key_len(NBTLS_AES_128_GCM), 16);
    CHECK_EQ(nbtls_aead_new(&a, 9, key, 16), NBTLS_E_UNSUPPORTED);
    CHECK_EQ(nbtls_aead_new(&a, NBTLS_AES_128_GCM, key, 32),
             NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_aead_new(&a, NBTLS_AES_256_GCM, key, 16),
             NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_aead_new(&a, NBTLS_AES_256_GCM, key, 24),
             NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_aead_new(&a, NBTLS_CHACHA20_POLY1305, NULL, 32),
             NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_aead_new(NULL, NBTLS_CHACHA20_POLY1305, key, 32),
             NBTLS_E_INVALID_ARG);
    CHECK(a == NULL);
    CHECK_EQ(nbtls_aead_alg(NULL), NBTLS_E_INVALID_ARG);
    for (int ai = 0; ai < 3; ai++) {
        int alg = ALGS[ai];
        CHECK_EQ(nbtls_aead_new(&a, alg, key, (size_t)nbtls_aead_key_len(alg)),
                 NBTLS_DONE);
        CHECK_EQ(nbtls_aead_alg(a), alg);
        int gcm = alg != NBTLS_CHACHA20_POLY1305;
        /* nonce lengths */
        CHECK_EQ(nbtls_aead_seal(a, nonce, 8, NULL, 0, buf, 10, out, 200, &ol),
                 gcm ? NBTLS_E_UNSUPPORTED : NBTLS_E_INVALID_ARG);
        CHECK_EQ(nbtls_aead_seal(a, nonce, 16, NULL, 0, buf, 10, out, 200, &ol),
                 gcm ? NBTLS_E_UNSUPPORTED : NBTLS_E_INVALID_ARG);
        CHECK_EQ(nbtls_aead_seal(a, nonce, 0, NULL, 0, buf, 10, out, 200, &ol),
                 NBTLS_E_INVALID_ARG);
        CHECK_EQ(nbtls_aead_open(a, nonce, 60, NULL, 0, buf, 30, out, 200, &ol),
                 gcm ? NBTLS_E_UNSUPPORTED : NBTLS_E_INVALID_ARG);
        /* NULLs */
        CHECK_EQ(
            nbtls_aead_seal(NULL, nonce, 12, NULL, 0, buf, 10, out, 200, &ol),
            NBTLS_E_INVALID_ARG);
        CHECK_EQ(nbtls_aead_seal(a, NULL, 12, NULL, 0, buf, 10, out, 200, &ol),
                 NBTLS_E_INVALID_ARG);
        CHECK_EQ(nbtls_aead_seal(a, nonce, 12, NULL, 3, buf, 10, out, 200, &ol),
                 NBTLS_E_INVALID_ARG);
        CHECK_EQ(
            nbtls_aead_seal(a, nonce, 12, NULL, 0, NULL, 10, out, 200, &ol),
            NBTLS_E_INVALID_ARG);
        CHECK_EQ(
            nbtls_aead_seal(a, nonce, 12, NULL, 0, buf, 10, NULL, 200, &ol),
            NBTLS_E_INVALID_ARG);
        CHECK_EQ(
            nbtls_aead_seal(a, nonce, 12, NULL, 0, buf, 10, out, 200, NULL),
            NBTLS_E_INVALID_ARG);
        /* sizes */
        CHECK_EQ(nbtls_aead_seal(a, nonce, 12, NULL, 0, buf, 10, out, 25, &ol),
                 NBTLS_E_BUFFER_TOO_SMALL);
        CHECK_EQ(ol, 26);
        CHECK_EQ(nbtls_aead_open(a, nonce, 12, NULL, 0, buf, 15, out, 200, &ol),
                 NBTLS_E_INVALID_ARG);
        CHECK_EQ(nbtls_aead_open(a, nonce, 12, NULL, 0, buf, 26, out, 9, &ol),
                 NBTLS_E_BUFFER_TOO_SMALL);
        CHECK_EQ(ol, 10);
        /* empty plaintext round trip, out may be NULL-free but sized 16 */
        CHECK_EQ(nbtls_aead_seal(a, nonce, 12, NULL, 0, NULL, 0, out, 16, &ol),
                 NBTLS_DONE);
        CHECK_EQ(ol, 16);
        CHECK_EQ(nbtls_aead_open(a, nonce, 12, NULL, 0, out, 16, NULL, 0, &ol),
                 NBTLS_DONE);
        CHECK_EQ(ol, 0);
        /* partial overlaps rejected; exact in place accepted */
        CHECK_EQ(
            nbtls_aead_seal(a, nonce, 12, NULL, 0, buf, 100, buf + 1, 199, &ol),
            NBTLS_E_INVALID_ARG);
        CHECK_EQ(
            nbtls_aead_seal(a, nonce, 12, NULL, 0, buf + 8, 100, buf, 200, &ol),
            NBTLS_E_INVALID_ARG);
        CHECK_EQ(nbtls_aead_seal(a, nonce, 12, buf, 20, buf + 40, 50, buf + 10,
                                 150, &ol),
                 NBTLS_E_INVALID_ARG); /* out over aad */
        CHECK_EQ(
            nbtls_aead_seal(a, buf + 60, 12, NULL, 0, buf, 50, buf, 150, &ol),
            NBTLS_E_INVALID_ARG); /* out over nonce */
        CHECK_EQ(
            nbtls_aead_seal(a, nonce, 12, NULL, 0, buf, 100, buf, 200, &ol),
            NBTLS_DONE);
        CHECK_EQ(
            nbtls_aead_open(a, nonce, 12, NULL, 0, buf, 116, buf + 1, 199, &ol),
            NBTLS_E_INVALID_ARG);
        nbtls_aead_free(a);
        a = NULL;
    }
    nbtls_aead_free(NULL);
}

int main(void) {
    printf("accel bits: %d, cpu features 0x%x\n", nbtls_sym_accel(),
           (unsigned)nbtls_cpu_features());
    kat_aead();
    kat_chacha_poly();
    chacha_paths();
    lengths();
    tamper();
    bad_args();
    return CHECK_DONE();
}
