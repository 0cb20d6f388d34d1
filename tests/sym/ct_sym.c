/*
 * Constant-time check of the symmetric layer under valgrind (ctgrind
 * style; built and run only with -DNBTLS_CTGRIND=ON): keys, plaintexts and
 * hashed data are marked secret (undefined); memcheck fails the test on any
 * branch or memory index that depends on them. The outputs an attacker
 * sees anyway (ciphertext, tag, open's success) are declassified by the
 * library or here. Every implementation valgrind can run is exercised
 * (valgrind's CPUID hides what it cannot emulate, e.g. AVX-512).
 */
#include "check.h"
#include "common/common.h"
#include "cpu/cpu.h"
#include "nbtls/sym.h"

int nbtls_aead_new_impl(nbtls_aead **aead, int alg, const unsigned char *key,
                        size_t key_len, uint32_t features, int poly_impl);

int main(void) {
    static const int algs[3] = {NBTLS_AES_128_GCM, NBTLS_AES_256_GCM,
                                NBTLS_CHACHA20_POLY1305};
    unsigned char key[32], nonce[12], aad[21], pt[600], ct[616], back[616],
        dg[64];
    size_t n;
    printf("cpu features under test: 0x%x\n", (unsigned)nbtls_cpu_features());
    for (size_t i = 0; i < sizeof pt; i++)
        pt[i] = (unsigned char)(i * 7);
    for (size_t i = 0; i < 32; i++)
        key[i] = (unsigned char)(i * 13 + 1);
    memset(nonce, 3, sizeof nonce);
    memset(aad, 4, sizeof aad);
    for (int ai = 0; ai < 3; ai++) {
        for (int impl = 0; impl < 4; impl++) {
            nbtls_aead *a = NULL;
            size_t kl = (size_t)nbtls_aead_key_len(algs[ai]);
            NBTLS_CT_SECRET(key, sizeof key);
            NBTLS_CT_SECRET(pt, sizeof pt);
            /* 0 accelerated, 1 portable, 2 portable + 32-bit Poly1305,
             * 3 SSE2 ChaCha20 */
            uint32_t f = impl == 0 ? nbtls_cpu_features()
                         : impl == 3
                             ? nbtls_cpu_features() &
                                   ~(NBTLS_CPU_AVX2 | NBTLS_CPU_AVX512VL)
                             : 0;
            CHECK_EQ(nbtls_aead_new_impl(&a, algs[ai], key, kl, f,
                                         impl == 2 ? 32 : 0),
                     NBTLS_DONE);
            /* 600 bytes: the 512-byte vector groups and a tail */
            CHECK_EQ(nbtls_aead_seal(a, nonce, 12, aad, sizeof aad, pt,
                                     sizeof pt, ct, sizeof ct, &n),
                     NBTLS_DONE);
            NBTLS_CT_PUBLIC(ct, sizeof ct); /* the ciphertext is public */
            CHECK_EQ(nbtls_aead_open(a, nonce, 12, aad, sizeof aad, ct,
                                     sizeof ct, back, sizeof back, &n),
                     NBTLS_DONE);
            NBTLS_CT_PUBLIC(back, sizeof pt);
            NBTLS_CT_PUBLIC(pt, sizeof pt);
            CHECK_MEM(back, pt, sizeof pt);
            ct[5] ^= 1; /* a forgery: refused without leaking */
            CHECK_EQ(nbtls_aead_open(a, nonce, 12, aad, sizeof aad, ct,
                                     sizeof ct, back, sizeof back, &n),
                     NBTLS_E_DECRYPT);
            nbtls_aead_free(a);
            NBTLS_CT_PUBLIC(key, sizeof key);
        }
    }
    static const int hashes[3] = {NBTLS_SHA256, NBTLS_SHA384, NBTLS_SHA512};
    for (int path = 0; path < 2; path++) {
        nbtls_cpu_force_portable(path);
        for (int h = 0; h < 3; h++) {
            NBTLS_CT_SECRET(pt, sizeof pt);
            NBTLS_CT_SECRET(key, sizeof key);
            CHECK_EQ(nbtls_hash(hashes[h], pt, 300, dg, sizeof dg, &n),
                     NBTLS_DONE);
            CHECK_EQ(nbtls_hmac(hashes[h], key, 32, pt, 200, dg, sizeof dg, &n),
                     NBTLS_DONE);
            CHECK_EQ(nbtls_hkdf_extract(hashes[h], NULL, 0, key, 32, dg,
                                        sizeof dg, &n),
                     NBTLS_DONE);
            CHECK_EQ(nbtls_tls13_hkdf_expand_label(hashes[h], dg, n,
                                                   (const unsigned char *)"key",
                                                   3, NULL, 0, back, 100),
                     NBTLS_DONE);
            NBTLS_CT_PUBLIC(pt, sizeof pt);
            NBTLS_CT_PUBLIC(key, sizeof key);
        }
    }
    nbtls_cpu_force_portable(0);
    return CHECK_DONE();
}
