/*
 * RSA known-answer vectors (tests/vectors/rsa_kat.txt, made once with the
 * openssl command by tests/rsa/gen_rsa_kat.py): 2048-, 3072- and 4096-bit
 * keys, RSASSA-PKCS1-v1_5 and RSASSA-PSS (MGF1 same hash, salt = hash
 * length) with SHA-256/384/512. Every `valid` signature must verify, at an
 * unlimited budget and at budget 7 (no poll above it); every `invalid` one
 * (flipped bits, the other padding, s = 0, 1, n - 1, n, 2^(8k) - 1, PSS
 * with another salt length, PKCS#1 v1.5 without DigestInfo) must end with
 * NBTLS_E_BAD_SIGNATURE, at start or when polled. The file's shape is
 * checked too (3 keys, 147 records, 18 valid), so a truncated file fails.
 * Needs neither python3 nor openssl: RSA has C coverage everywhere,
 * including the cross builds.
 */
#include <stdio.h>

#include "check.h"
#include "nbtls/nbtls.h"
#include "nbtls/sym.h"

#ifndef NBTLS_VECTORS_DIR
#define NBTLS_VECTORS_DIR "tests/vectors"
#endif

#define MAX_KEYS 8
#define MAX_HEX 4096 /* a 4096-bit SPKI is 550 bytes: 1,100 hex digits */

struct kat_key {
    char name[32];
    unsigned bits;
    nbtls_key *key;
};

struct record {
    char name[32], bits[16], spki[MAX_HEX], key[32], padding[16], hash[16];
    char digest[160], sig[1100], result[16], kase[32];
};

static struct kat_key keys[MAX_KEYS];
static size_t nkeys;

/* Poll to the end at `budget`; a poll above a non-zero budget fails. */
static int finish(nbtls_op *op, uint32_t budget) {
    int rc = NBTLS_IN_PROGRESS;
    uint64_t before = 0;
    while (rc == NBTLS_IN_PROGRESS) {
        rc = nbtls_op_poll(op, budget);
        uint64_t used = nbtls_op_units(op) - before;
        before = nbtls_op_units(op);
        if (budget != 0 && used > budget) return -1000;
    }
    return rc;
}

static int verify(const nbtls_key *k, int pad, int hash, const unsigned char *d,
                  size_t dl, const unsigned char *s, size_t sl,
                  uint32_t budget) {
    nbtls_op *op = NULL;
    int rc = nbtls_rsa_verify_start(&op, k, pad, hash, d, dl, s, sl);
    if (rc != NBTLS_DONE) return rc;
    rc = finish(op, budget);
    nbtls_op_free(op);
    return rc;
}

static void set_field(struct record *r, const char *k, const char *v) {
    struct {
        const char *name;
        char *dst;
        size_t size;
    } f[] = {
        {"name", r->name, sizeof r->name},
        {"bits", r->bits, sizeof r->bits},
        {"spki", r->spki, sizeof r->spki},
        {"key", r->key, sizeof r->key},
        {"padding", r->padding, sizeof r->padding},
        {"hash", r->hash, sizeof r->hash},
        {"digest", r->digest, sizeof r->digest},
        {"sig", r->sig, sizeof r->sig},
        {"result", r->result, sizeof r->result},
        {"case", r->kase, sizeof r->kase},
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        if (strcmp(k, f[i].name) == 0) {
            CHECK(strlen(v) < f[i].size);
            snprintf(f[i].dst, f[i].size, "%s", v);
            return;
        }
    }
    fprintf(stderr, "unknown field %s\n", k);
    CHECK(0);
}

static unsigned long n_records, n_valid, n_invalid;

static void run_record(const struct record *r) {
    static unsigned char der[MAX_HEX / 2], sig[600], digest[80];
    if (r->name[0]) { /* a key */
        CHECK(nkeys < MAX_KEYS);
        if (nkeys >= MAX_KEYS) return;
        struct kat_key *k = &keys[nkeys++];
        snprintf(k->name, sizeof k->name, "%s", r->name);
        k->bits = (unsigned)strtoul(r->bits, NULL, 10);
        long dl = check_hex(r->spki, der, sizeof der);
        CHECK(dl > 0);
        CHECK_EQ(nbtls_key_from_der(&k->key, der, (size_t)(dl > 0 ? dl : 0)),
                 NBTLS_DONE);
        CHECK_EQ(nbtls_key_type(k->key), NBTLS_KEY_RSA);
        return;
    }
    const struct kat_key *k = NULL;
    for (size_t i = 0; i < nkeys; i++)
        if (strcmp(keys[i].name, r->key) == 0) k = &keys[i];
    CHECK(k != NULL && k->key != NULL);
    if (k == NULL || k->key == NULL) return;
    int pad = strcmp(r->padding, "pss") == 0 ? NBTLS_RSA_PSS
                                               : NBTLS_RSA_PKCS1_V15;
    CHECK(pad == NBTLS_RSA_PSS || strcmp(r->padding, "pkcs1") == 0);
    int hash = strcmp(r->hash, "sha256") == 0   ? NBTLS_SHA256
               : strcmp(r->hash, "sha384") == 0 ? NBTLS_SHA384
                                                : NBTLS_SHA512;
    long dl = check_hex(r->digest, digest, sizeof digest);
    long sl = check_hex(r->sig, sig, sizeof sig);
    CHECK(dl > 0 && sl > 0);
    if (dl <= 0 || sl <= 0) return;
    CHECK_EQ(sl, (long)((k->bits + 7) / 8));
    n_records++;
    int valid = strcmp(r->result, "valid") == 0;
    CHECK(valid || strcmp(r->result, "invalid") == 0);
    int want = valid ? NBTLS_DONE : NBTLS_E_BAD_SIGNATURE;
    int got = verify(k->key, pad, hash, digest, (size_t)dl, sig, (size_t)sl, 0);
    if (got != want)
        fprintf(stderr, "%s %s %s %s: got %d, want %d\n", r->key, r->padding,
                r->hash, r->kase, got, want);
    CHECK_EQ(got, want);
    if (valid) {
        n_valid++;
        CHECK_EQ(verify(k->key, pad, hash, digest, (size_t)dl, sig, (size_t)sl,
                        7),
                 NBTLS_DONE);
    } else {
        n_invalid++;
    }
}

int main(void) {
    const char *path = NBTLS_VECTORS_DIR "/rsa_kat.txt";
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        return 1;
    }
    static struct record rec;
    static char line[MAX_HEX + 64];
    int have = 0;
    memset(&rec, 0, sizeof rec);
    for (;;) {
        char *got = fgets(line, sizeof line, f);
        size_t n = got ? strlen(line) : 0;
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        if (got && line[0] == '#') continue;
        if (!got || n == 0) {
            if (have) run_record(&rec);
            memset(&rec, 0, sizeof rec);
            have = 0;
            if (!got) break;
            continue;
        }
        char *eq = strstr(line, " = ");
        CHECK(eq != NULL);
        if (eq == NULL) continue;
        *eq = 0;
        set_field(&rec, line, eq + 3);
        have = 1;
    }
    fclose(f);

    CHECK_EQ(nkeys, 3);
    CHECK_EQ(n_records, 147);
    CHECK_EQ(n_valid, 18);
    CHECK_EQ(n_invalid, 129);
    unsigned sizes = 0;
    for (size_t i = 0; i < nkeys; i++) {
        sizes |= keys[i].bits == 2048   ? 1u
                 : keys[i].bits == 3072 ? 2u
                 : keys[i].bits == 4096 ? 4u
                                        : 0u;
        nbtls_key_free(keys[i].key);
    }
    CHECK_EQ(sizes, 7);
    printf("rsa_kat: %lu records (%lu valid, %lu invalid), %zu keys\n",
           n_records, n_valid, n_invalid, nkeys);
    return CHECK_DONE();
}
