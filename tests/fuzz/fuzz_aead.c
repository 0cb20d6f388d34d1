/*
 * Fuzz target: the AEADs (nbtls/sym.h). Input: alg selector (1 byte),
 * AAD length (1 byte), key (32 bytes; AES-128 uses the first 16), nonce
 * (12 bytes), then AAD || message. Oracles:
 *   - seal/open round trip; the portable implementation gives the same
 *     bytes as the accelerated one; in place equals out of place;
 *   - a one-bit change anywhere in ciphertext||tag is refused;
 *   - opening the message bytes as if they were ciphertext||tag never
 *     succeeds unless they are genuine (resealing the result gives them
 *     back); every refusal is NBTLS_E_DECRYPT with the output zeroed.
 * Shorter inputs exercise the argument checks (never a crash).
 */
#include "fuzz_common.h"
#include "nbtls/sym.h"

int nbtls_aead_new_impl(nbtls_aead **aead, int alg, const unsigned char *key,
                        size_t key_len, uint32_t features, int poly_impl);

#define HDR (2 + 32 + 12)
#define MAXM 4096

static int all_zero(const unsigned char *p, size_t n) {
    unsigned char acc = 0;
    for (size_t i = 0; i < n; i++)
        acc |= p[i];
    return acc == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const int algs[3] = {NBTLS_AES_128_GCM, NBTLS_AES_256_GCM,
                                NBTLS_CHACHA20_POLY1305};
    static unsigned char ct[MAXM + 16], ct2[MAXM + 16], pt[MAXM + 16],
        buf[MAXM + 16];
    int alg = algs[(size ? data[0] : 0) % 3];
    size_t kl = (size_t)nbtls_aead_key_len(alg), ol = 0;
    nbtls_aead *a = NULL, *p = NULL;
    if (size < HDR) {
        /* too short for a key: a key of the wrong length must be refused */
        FUZZ_ASSERT(nbtls_aead_new(&a, alg, data, size) ==
                    (size == kl ? NBTLS_DONE : NBTLS_E_INVALID_ARG));
        nbtls_aead_free(a);
        return 0;
    }
    const unsigned char *key = data + 2, *nonce = data + 2 + 32;
    const unsigned char *rest = data + HDR;
    size_t rlen = size - HDR;
    size_t al = data[1] % 64;
    if (al > rlen) al = rlen;
    const unsigned char *aad = rest, *msg = rest + al;
    size_t ml = rlen - al;
    if (ml > MAXM) ml = MAXM;

    FUZZ_ASSERT(nbtls_aead_new(&a, alg, key, kl) == NBTLS_DONE);
    FUZZ_ASSERT(nbtls_aead_new_impl(&p, alg, key, kl, 0, 32) == NBTLS_DONE);

    /* round trip, both implementations */
    FUZZ_ASSERT(nbtls_aead_seal(a, nonce, 12, aad, al, msg, ml, ct, sizeof ct,
                                &ol) == NBTLS_DONE);
    FUZZ_ASSERT(ol == ml + 16);
    FUZZ_ASSERT(nbtls_aead_seal(p, nonce, 12, aad, al, msg, ml, ct2, sizeof ct2,
                                &ol) == NBTLS_DONE);
    FUZZ_ASSERT(memcmp(ct, ct2, ml + 16) == 0);
    FUZZ_ASSERT(nbtls_aead_open(p, nonce, 12, aad, al, ct, ml + 16, pt,
                                sizeof pt, &ol) == NBTLS_DONE);
    FUZZ_ASSERT(ol == ml && memcmp(pt, msg, ml) == 0);
    /* in place */
    memcpy(buf, msg, ml);
    FUZZ_ASSERT(nbtls_aead_seal(a, nonce, 12, aad, al, buf, ml, buf, sizeof buf,
                                &ol) == NBTLS_DONE);
    FUZZ_ASSERT(memcmp(buf, ct, ml + 16) == 0);
    FUZZ_ASSERT(nbtls_aead_open(a, nonce, 12, aad, al, buf, ml + 16, buf,
                                sizeof buf, &ol) == NBTLS_DONE);
    FUZZ_ASSERT(memcmp(buf, msg, ml) == 0);

    /* one flipped bit, chosen by the input */
    size_t bit = (ml * 131 + al * 7 + data[0]) % ((ml + 16) * 8);
    memcpy(buf, ct, ml + 16);
    buf[bit / 8] ^= (unsigned char)(1u << (bit % 8));
    memset(pt, 0x5a, ml + 16);
    FUZZ_ASSERT(nbtls_aead_open(a, nonce, 12, aad, al, buf, ml + 16, pt,
                                sizeof pt, &ol) == NBTLS_E_DECRYPT);
    FUZZ_ASSERT(all_zero(pt, ml));

    /* the message itself as ciphertext||tag: refused unless genuine */
    for (int k = 0; k < 2; k++) {
        nbtls_aead *x = k ? p : a;
        memset(pt, 0x5a, sizeof pt);
        int rc =
            nbtls_aead_open(x, nonce, 12, aad, al, msg, ml, pt, sizeof pt, &ol);
        if (ml < 16) {
            FUZZ_ASSERT(rc == NBTLS_E_INVALID_ARG);
        } else if (rc == NBTLS_DONE) {
            FUZZ_ASSERT(nbtls_aead_seal(x, nonce, 12, aad, al, pt, ml - 16, buf,
                                        sizeof buf, &ol) == NBTLS_DONE);
            FUZZ_ASSERT(memcmp(buf, msg, ml) == 0);
        } else {
            FUZZ_ASSERT(rc == NBTLS_E_DECRYPT);
            FUZZ_ASSERT(all_zero(pt, ml - 16));
        }
    }
    nbtls_aead_free(a);
    nbtls_aead_free(p);
    return 0;
}
