/*
 * RSA verification (nbtls_rsa_verify_start) against signatures made at
 * test time by Python `cryptography` (tests/rsa/gen_rsa_sigs.py): 2048,
 * 4096, 2056 and 3073-bit moduli, e = 65537 and e = 3, SHA-256/384/
 * 512, PKCS#1 v1.5 and PSS (MGF1 same hash, salt = hash length). Each
 * must verify at budgets 0, 1 and 13 with the same unit count and no
 * poll above its budget; then must fail with NBTLS_E_BAD_SIGNATURE: a
 * flipped signature bit, a flipped digest bit, the other padding, s = n,
 * s = n - 1 and s = 2^(8k) - 1 (>= n). Start-time errors: wrong lengths,
 * unknown padding/hash, a non-RSA key, NULLs. Key rules through
 * hand-built PKCS#1 DER: even or too small e, e >= 2^32, even n, n of
 * 2047 and 4104 bits, a non-minimal INTEGER; the PKCS#1 export round trip.
 * Cancellation at several points (counting allocator: polls never allocate, all
 * freed). Skips (77) without python3/cryptography.
 */
#define _DEFAULT_SOURCE 1 /* popen */
#include <stdio.h>

#include "check.h"
#include "nbtls/nbtls.h"
#include "nbtls/sym.h"

#ifndef NBTLS_RSA_TEST_DIR
#define NBTLS_RSA_TEST_DIR "tests/rsa"
#endif

#include "alloc_count.h"

/* Run at budget; *units the op's units; *worst the largest poll. */
static int run(nbtls_op *op, uint32_t budget, uint64_t *units,
               uint64_t *worst) {
    int rc = NBTLS_IN_PROGRESS;
    uint64_t before = 0, w = 0;
    unsigned long allocs = g_allocs;
    while (rc == NBTLS_IN_PROGRESS) {
        rc = nbtls_op_poll(op, budget);
        uint64_t d = nbtls_op_units(op) - before;
        before = nbtls_op_units(op);
        if (d == 0 || (budget && d > budget)) return -1000;
        if (d > w) w = d;
    }
    CHECK(g_allocs == allocs);
    if (units) *units = nbtls_op_units(op);
    if (worst) *worst = w;
    return rc;
}

static int verify(const nbtls_key *k, int pad, int hash, const unsigned char *d,
                  size_t dl, const unsigned char *s, size_t sl, uint32_t budget,
                  uint64_t *units, uint64_t *worst) {
    nbtls_op *op = NULL;
    int rc = nbtls_rsa_verify_start(&op, k, pad, hash, d, dl, s, sl);
    if (rc != NBTLS_DONE) return rc;
    rc = run(op, budget, units, worst);
    nbtls_op_free(op);
    return rc;
}

/* PKCS#1 RSAPublicKey DER for modulus n (nl bytes, big-endian, first byte
 * non-zero) and exponent e (el bytes): 30 82 LL LL 02 82 LL LL [00] n 02
 * el e. Returns the length. */
static size_t rsa_pub_der(unsigned char *out, const unsigned char *n, size_t nl,
                          const unsigned char *e, size_t el) {
    size_t pad = (n[0] & 0x80) ? 1 : 0, ni = nl + pad;
    size_t body = 4 + ni + 2 + el, o = 0;
    out[o++] = 0x30;
    out[o++] = 0x82;
    out[o++] = (unsigned char)(body >> 8);
    out[o++] = (unsigned char)body;
    out[o++] = 0x02;
    out[o++] = 0x82;
    out[o++] = (unsigned char)(ni >> 8);
    out[o++] = (unsigned char)ni;
    if (pad) out[o++] = 0;
    memcpy(out + o, n, nl);
    o += nl;
    out[o++] = 0x02;
    out[o++] = (unsigned char)el;
    memcpy(out + o, e, el);
    return o + el;
}

/* Key validation rules of nbtls_rsa_key_new through PKCS#1 DER. */
static void key_rules(void) {
    unsigned char n[520], der[600];
    static const unsigned char E65537[] = {0x01, 0x00, 0x01};
    static const unsigned char E65536[] = {0x01, 0x00, 0x00};
    static const unsigned char E1[] = {0x01};
    static const unsigned char E3[] = {0x03};
    static const unsigned char EBIG[] = {0x01, 0x00, 0x00, 0x00, 0x01};
    nbtls_key *k = NULL;
    memset(n, 0xa5, sizeof n);
    n[0] = 0xc1;
    n[255] = 0x01; /* 2048-bit odd modulus */
    size_t l = rsa_pub_der(der, n, 256, E65537, 3);
    CHECK_EQ(nbtls_key_from_der(&k, der, l), NBTLS_DONE);
    CHECK_EQ(nbtls_key_type(k), NBTLS_KEY_RSA);
    CHECK_EQ(nbtls_key_has_private(k), 0);
    CHECK_EQ(nbtls_key_bits(k), 2048);
    CHECK_EQ(nbtls_key_bits(NULL), NBTLS_E_INVALID_ARG);
    unsigned char ex[600];
    size_t xl = 0;
    CHECK_EQ(nbtls_key_export_public(k, ex, sizeof ex, &xl), NBTLS_DONE);
    CHECK(xl == l && memcmp(ex, der, l) == 0); /* PKCS#1 round trip */
    CHECK_EQ(nbtls_key_export_public(k, ex, l - 1, &xl),
             NBTLS_E_BUFFER_TOO_SMALL);
    CHECK_EQ(nbtls_key_export_private(k, ex, sizeof ex, &xl), NBTLS_E_BAD_KEY);
    nbtls_key_free(k);
    l = rsa_pub_der(der, n, 256, E3, 1);
    CHECK_EQ(nbtls_key_from_der(&k, der, l), NBTLS_DONE);
    nbtls_key_free(k);
    l = rsa_pub_der(der, n, 256, E65536, 3); /* even e */
    CHECK_EQ(nbtls_key_from_der(&k, der, l), NBTLS_E_BAD_KEY);
    l = rsa_pub_der(der, n, 256, E1, 1); /* e = 1 */
    CHECK_EQ(nbtls_key_from_der(&k, der, l), NBTLS_E_BAD_KEY);
    l = rsa_pub_der(der, n, 256, EBIG, 5); /* e >= 2^32 */
    CHECK_EQ(nbtls_key_from_der(&k, der, l), NBTLS_E_UNSUPPORTED);
    n[255] = 0x02; /* even modulus */
    l = rsa_pub_der(der, n, 256, E65537, 3);
    CHECK_EQ(nbtls_key_from_der(&k, der, l), NBTLS_E_BAD_KEY);
    n[255] = 0x01;
    n[0] = 0x41; /* 2047 bits */
    l = rsa_pub_der(der, n, 256, E65537, 3);
    CHECK_EQ(nbtls_key_from_der(&k, der, l), NBTLS_E_UNSUPPORTED);
    n[0] = 0xc1; /* 4104 bits: 513 bytes */
    l = rsa_pub_der(der, n, 513, E65537, 3);
    CHECK_EQ(nbtls_key_from_der(&k, der, l), NBTLS_E_UNSUPPORTED);
    /* 4096 bits exactly is fine */
    n[511] = 0x01;
    l = rsa_pub_der(der, n, 512, E65537, 3);
    CHECK_EQ(nbtls_key_from_der(&k, der, l), NBTLS_DONE);
    CHECK_EQ(nbtls_key_bits(k), 4096);
    nbtls_key_free(k);
    /* a modulus whose top byte is not full: 0x01... over 257 bytes is
     * 2049 bits (the bit length, not 8 * bytes) */
    n[0] = 0x01;
    n[256] = 0x01;
    l = rsa_pub_der(der, n, 257, E65537, 3);
    CHECK_EQ(nbtls_key_from_der(&k, der, l), NBTLS_DONE);
    CHECK_EQ(nbtls_key_bits(k), 2049);
    n[0] = 0xc1;
    nbtls_key_free(k);
    /* non-minimal INTEGER (a superfluous 0x00 before 0x41...) */
    n[0] = 0x41;
    l = rsa_pub_der(der, n, 256, E65537, 3);
    /* rebuild with an explicit leading zero: 02 82 01 01 00 41 ... */
    unsigned char bad[600];
    size_t o = 0;
    bad[o++] = 0x30;
    bad[o++] = 0x82;
    bad[o++] = 0x01;
    bad[o++] = 0x0a; /* 4 + 257 + 5 = 266 */
    bad[o++] = 0x02;
    bad[o++] = 0x82;
    bad[o++] = 0x01;
    bad[o++] = 0x01;
    bad[o++] = 0x00;
    memcpy(bad + o, n, 256);
    o += 256;
    bad[o++] = 0x02;
    bad[o++] = 0x03;
    memcpy(bad + o, E65537, 3);
    o += 3;
    CHECK_EQ(nbtls_key_from_der(&k, bad, o), NBTLS_E_BAD_KEY);
    CHECK(k == NULL);
}

static unsigned char SPKI[1200], DIG[64], SIG[520], TMP[520];
static char LINE[8192];

int main(void) {
    CHECK_EQ(nbtls_set_allocator(count_alloc, count_free, NULL), NBTLS_DONE);
    key_rules();
    char cmd[512];
    snprintf(cmd, sizeof cmd, "python3 '%s/gen_rsa_sigs.py' 2>/dev/null",
             NBTLS_RSA_TEST_DIR);
    FILE *f = popen(cmd, "r");
    int lines = 0;
    while (f != NULL && fgets(LINE, sizeof LINE, f) != NULL) {
        if (strncmp(LINE, "SKIP", 4) == 0) break;
        static char hs[2400], hd[160], hsig[1100];
        char pads[16];
        int hb;
        if (sscanf(LINE, "%2399s %15s %d %159s %1099s", hs, pads, &hb, hd,
                   hsig) != 5) {
            CHECK(0);
            continue;
        }
        long sl = check_hex(hs, SPKI, sizeof SPKI);
        long dl = check_hex(hd, DIG, sizeof DIG);
        long gl = check_hex(hsig, SIG, sizeof SIG);
        CHECK(sl > 0 && dl > 0 && gl > 0);
        int pad =
            strcmp(pads, "pss") == 0 ? NBTLS_RSA_PSS : NBTLS_RSA_PKCS1_V15;
        int hash = hb == 256   ? NBTLS_SHA256
                   : hb == 384 ? NBTLS_SHA384
                               : NBTLS_SHA512;
        nbtls_key *k = NULL;
        CHECK_EQ(nbtls_key_from_der(&k, SPKI, (size_t)sl), NBTLS_DONE);
        if (k == NULL) continue;
        CHECK_EQ(nbtls_key_type(k), NBTLS_KEY_RSA);
        uint64_t u0 = 0, u1 = 0, u13 = 0, w1 = 0, w13 = 0;
        CHECK_EQ(verify(k, pad, hash, DIG, (size_t)dl, SIG, (size_t)gl, 0, &u0,
                        NULL),
                 NBTLS_DONE);
        /* small budgets: for SHA-256 and SHA-512 (keeps ASan fast) */
        int full = hash != NBTLS_SHA384;
        u1 = u13 = u0;
        w1 = 1;
        if (full) {
            CHECK_EQ(verify(k, pad, hash, DIG, (size_t)dl, SIG, (size_t)gl, 1,
                            &u1, &w1),
                     NBTLS_DONE);
            CHECK_EQ(verify(k, pad, hash, DIG, (size_t)dl, SIG, (size_t)gl, 13,
                            &u13, &w13),
                     NBTLS_DONE);
        }
        CHECK(u0 == u1 && u1 == u13 && w1 == 1 && w13 <= 13);
        if (lines == 0)
            printf("2048-bit %s: %llu units\n", pads, (unsigned long long)u0);
        /* negatives */
        memcpy(TMP, SIG, (size_t)gl);
        TMP[gl / 2] ^= 0x04;
        CHECK_EQ(verify(k, pad, hash, DIG, (size_t)dl, TMP, (size_t)gl, 7, NULL,
                        NULL),
                 NBTLS_E_BAD_SIGNATURE);
        DIG[3] ^= 0x80;
        CHECK_EQ(verify(k, pad, hash, DIG, (size_t)dl, SIG, (size_t)gl, 0, NULL,
                        NULL),
                 NBTLS_E_BAD_SIGNATURE);
        DIG[3] ^= 0x80;
        CHECK_EQ(
            verify(k,
                   pad == NBTLS_RSA_PSS ? NBTLS_RSA_PKCS1_V15 : NBTLS_RSA_PSS,
                   hash, DIG, (size_t)dl, SIG, (size_t)gl, 0, NULL, NULL),
            NBTLS_E_BAD_SIGNATURE);
        /* s = n, s = n + 1 (the modulus is the key's exported n) */
        unsigned char pk[1100];
        size_t pkl = 0;
        CHECK_EQ(nbtls_key_export_public(k, pk, sizeof pk, &pkl), NBTLS_DONE);
        /* PKCS#1: 30 82 LL LL 02 82 LL LL [00] n ... */
        size_t nlen = ((size_t)pk[6] << 8) | pk[7], off = 8;
        if (pk[off] == 0) {
            off++;
            nlen--;
        }
        CHECK_EQ(nlen, (size_t)gl);
        memcpy(TMP, pk + off, nlen);
        CHECK_EQ(
            verify(k, pad, hash, DIG, (size_t)dl, TMP, nlen, 0, NULL, NULL),
            NBTLS_E_BAD_SIGNATURE);
        TMP[nlen - 1] ^= 1; /* n is odd: n - 1 (valid range, wrong sig) */
        CHECK_EQ(
            verify(k, pad, hash, DIG, (size_t)dl, TMP, nlen, 0, NULL, NULL),
            NBTLS_E_BAD_SIGNATURE);
        memset(TMP, 0xff, nlen); /* > n */
        CHECK_EQ(
            verify(k, pad, hash, DIG, (size_t)dl, TMP, nlen, 0, NULL, NULL),
            NBTLS_E_BAD_SIGNATURE);
        /* start-time errors */
        nbtls_op *op = NULL;
        CHECK_EQ(nbtls_rsa_verify_start(&op, k, pad, hash, DIG, (size_t)dl - 1,
                                        SIG, (size_t)gl),
                 NBTLS_E_INVALID_ARG);
        CHECK_EQ(nbtls_rsa_verify_start(&op, k, pad, hash, DIG, (size_t)dl, SIG,
                                        (size_t)gl - 1),
                 NBTLS_E_INVALID_ARG);
        CHECK_EQ(nbtls_rsa_verify_start(&op, k, 7, hash, DIG, (size_t)dl, SIG,
                                        (size_t)gl),
                 NBTLS_E_INVALID_ARG);
        CHECK_EQ(nbtls_rsa_verify_start(&op, k, pad, 99, DIG, (size_t)dl, SIG,
                                        (size_t)gl),
                 NBTLS_E_UNSUPPORTED);
        CHECK_EQ(nbtls_rsa_verify_start(&op, k, pad, hash, NULL, (size_t)dl,
                                        SIG, (size_t)gl),
                 NBTLS_E_INVALID_ARG);
        CHECK(op == NULL);
        /* cancellation after k polls */
        for (unsigned long c = 0; full && c < u1; c += u1 / 3 + 1) {
            CHECK_EQ(nbtls_rsa_verify_start(&op, k, pad, hash, DIG, (size_t)dl,
                                            SIG, (size_t)gl),
                     NBTLS_DONE);
            for (unsigned long i = 0; i < c; i++)
                CHECK_EQ(nbtls_op_poll(op, 1), NBTLS_IN_PROGRESS);
            nbtls_op_free(op);
        }
        nbtls_key_free(k);
        lines++;
    }
    if (f != NULL) pclose(f);
    if (lines == 0) {
        printf("SKIP: python3 with `cryptography` is needed\n");
        return 77;
    }
    /* a non-RSA key */
    unsigned char d[32] = {0};
    d[31] = 1;
    nbtls_key *p = NULL;
    nbtls_op *op = NULL;
    CHECK_EQ(nbtls_key_p256_from_private(&p, d), NBTLS_DONE);
    CHECK_EQ(nbtls_rsa_verify_start(&op, p, NBTLS_RSA_PSS, NBTLS_SHA256, d, 32,
                                    SIG, 256),
             NBTLS_E_BAD_KEY);
    nbtls_key_free(p);
    printf("%d signatures from cryptography; allocations %lu, frees %lu\n",
           lines, g_allocs, g_frees);
    CHECK_EQ(g_allocs, g_frees);
    CHECK_EQ(lines, 30);
    return CHECK_DONE();
}
