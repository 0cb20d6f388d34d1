/*
 * A function that makes a key and fails sets *key to NULL (nbtls.h, the
 * Keys section), as a failed start sets *op to NULL (test_start_null.c):
 * every key constructor is called with *key holding a non-NULL sentinel and
 * made to fail each way it can (a NULL input, a bad key, the allocator).
 * Before the fix the constructors checked `key` and their input together
 * and returned before clearing *key (10 of these cases failed).
 * nbtls_op_take_key() instead leaves *key as it was when it fails (before
 * DONE, twice, on an op with no key), so a key taken before into the same
 * variable is not lost: checked too.
 */
#include <stdlib.h>

#include "check.h"
#include "nbtls/nbtls.h"

static nbtls_key *const SENTINEL = (nbtls_key *)(uintptr_t)0x5e5e5e50u;
static unsigned long g_cases;

#define FAILS(call, want)                                                      \
    do {                                                                       \
        k = SENTINEL;                                                          \
        CHECK_EQ((call), (want));                                              \
        CHECK(k == NULL);                                                      \
        g_cases++;                                                             \
    } while (0)

static int g_fail;
static void *maybe_alloc(void *ctx, size_t n) {
    (void)ctx;
    return g_fail ? NULL : malloc(n);
}
static void plain_free(void *ctx, void *p) {
    (void)ctx;
    free(p);
}

static const char PEM_JUNK[] = "-----BEGIN PUBLIC KEY-----\nAAAA\n"
                               "-----END PUBLIC KEY-----\n";

static void test_constructors(void) {
    nbtls_key *k;
    unsigned char zero[48] = {0}, one[48] = {0}, bad_pub[97];
    one[31] = 1;
    one[47] = 1;
    memset(bad_pub, 0xff, sizeof bad_pub);
    bad_pub[0] = 0x04;
    /* NULL inputs */
    FAILS(nbtls_key_p256_from_private(&k, NULL), NBTLS_E_INVALID_ARG);
    FAILS(nbtls_key_p384_from_private(&k, NULL), NBTLS_E_INVALID_ARG);
    FAILS(nbtls_key_p256_from_public(&k, NULL, 65), NBTLS_E_INVALID_ARG);
    FAILS(nbtls_key_p384_from_public(&k, NULL, 97), NBTLS_E_INVALID_ARG);
    FAILS(nbtls_key_x25519_from_private(&k, NULL), NBTLS_E_INVALID_ARG);
    FAILS(nbtls_key_x25519_from_public(&k, NULL), NBTLS_E_INVALID_ARG);
    FAILS(nbtls_key_from_der(&k, NULL, 10), NBTLS_E_INVALID_ARG);
    FAILS(nbtls_key_from_pem(&k, NULL, 10), NBTLS_E_INVALID_ARG);
    /* bad keys */
    FAILS(nbtls_key_p256_from_private(&k, zero), NBTLS_E_BAD_KEY);
    FAILS(nbtls_key_p384_from_private(&k, zero), NBTLS_E_BAD_KEY);
    FAILS(nbtls_key_p256_from_public(&k, bad_pub, 65), NBTLS_E_BAD_KEY);
    FAILS(nbtls_key_p384_from_public(&k, bad_pub, 97), NBTLS_E_BAD_KEY);
    FAILS(nbtls_key_p256_from_public(&k, bad_pub, 64), NBTLS_E_BAD_KEY);
    FAILS(nbtls_key_from_der(&k, bad_pub, sizeof bad_pub), NBTLS_E_BAD_KEY);
    FAILS(nbtls_key_from_pem(&k, PEM_JUNK, sizeof PEM_JUNK - 1),
          NBTLS_E_BAD_KEY);
    /* the allocator */
    CHECK_EQ(nbtls_set_allocator(maybe_alloc, plain_free, NULL), NBTLS_DONE);
    g_fail = 1;
    FAILS(nbtls_key_p256_from_private(&k, one + 16), NBTLS_E_NO_MEMORY);
    FAILS(nbtls_key_p384_from_private(&k, one), NBTLS_E_NO_MEMORY);
    FAILS(nbtls_key_x25519_from_private(&k, one), NBTLS_E_NO_MEMORY);
    FAILS(nbtls_key_x25519_from_public(&k, one), NBTLS_E_NO_MEMORY);
    g_fail = 0;
    CHECK_EQ(nbtls_set_allocator(NULL, NULL, NULL), NBTLS_DONE);
    /* a NULL out-pointer is refused without a crash */
    CHECK_EQ(nbtls_key_x25519_from_public(NULL, one), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_key_from_der(NULL, one, 1), NBTLS_E_INVALID_ARG);
}

/* take_key: *key untouched on failure */
#define KEEPS(call, want)                                                      \
    do {                                                                       \
        k = SENTINEL;                                                          \
        CHECK_EQ((call), (want));                                              \
        CHECK(k == SENTINEL);                                                  \
        g_cases++;                                                             \
    } while (0)

static void test_take_key(void) {
    nbtls_key *k;
    unsigned char d[32];
    memset(d, 0x42, sizeof d);
    nbtls_op *op = NULL;
    KEEPS(nbtls_op_take_key(NULL, &k), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_p256_key_from_private_start(&op, d), NBTLS_DONE);
    KEEPS(nbtls_op_take_key(op, &k), NBTLS_E_BAD_STATE); /* not finished */
    CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_DONE);
    k = SENTINEL;
    CHECK_EQ(nbtls_op_take_key(op, &k), NBTLS_DONE);
    CHECK(k != NULL && k != SENTINEL);
    if (k != SENTINEL) nbtls_key_free(k);
    KEEPS(nbtls_op_take_key(op, &k), NBTLS_E_BAD_STATE); /* taken */
    nbtls_op_free(op);
    /* an op that produces no key */
    nbtls_key *priv = NULL;
    CHECK_EQ(nbtls_key_p256_from_private(&priv, d), NBTLS_DONE);
    CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, priv, d, 32),
             NBTLS_DONE);
    CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_DONE);
    KEEPS(nbtls_op_take_key(op, &k), NBTLS_E_BAD_STATE);
    CHECK_EQ(nbtls_op_take_key(op, NULL), NBTLS_E_INVALID_ARG);
    nbtls_op_free(op);
    nbtls_key_free(priv);
}

int main(void) {
    test_constructors();
    test_take_key();
    printf("%lu failing calls checked\n", g_cases);
    return CHECK_DONE();
}
