/*
 * Keys are reference-counted (nbtls.h, nbtls_key_up_ref): up_ref adds a
 * reference, nbtls_key_free drops one and the last one wipes and frees the
 * key. Ops that read a key while polling (ECDSA signing, P-256/P-384 ECDH,
 * the scheme ops until their inner op starts) hold a reference instead of a
 * copy, so the key outlives the caller's reference until the op is freed;
 * ops that need only public values (verification, X25519 ECDH) hold none.
 * Counts are read open-box (key/key.h); that the key's block is still
 * allocated is seen through the counting allocator.
 */
#include "alloc_count.h"
#include "check.h"
#include "key/key.h"

static uint32_t refs(const nbtls_key *k) {
    return nbtls_refs_get(&((struct nbtls_key *)(uintptr_t)k)->refs);
}

static long live(void) {
    return (long)(g_allocs - g_frees);
}

static int run(nbtls_op *op) {
    int rc;
    do
        rc = nbtls_op_poll(op, 7);
    while (rc == NBTLS_IN_PROGRESS);
    return rc;
}

static unsigned char D256[32], D384[48], DIG[48], MSG[700];

static nbtls_key *priv(int type) {
    nbtls_key *k = NULL;
    if (type == NBTLS_KEY_P256)
        CHECK_EQ(nbtls_key_p256_from_private(&k, D256), NBTLS_DONE);
    else
        CHECK_EQ(nbtls_key_p384_from_private(&k, D384), NBTLS_DONE);
    return k;
}

static nbtls_key *pub_of(const nbtls_key *k) {
    unsigned char pub[97];
    size_t n = 0;
    nbtls_key *p = NULL;
    CHECK_EQ(nbtls_key_export_public(k, pub, sizeof pub, &n), NBTLS_DONE);
    if (n == 65)
        CHECK_EQ(nbtls_key_p256_from_public(&p, pub, n), NBTLS_DONE);
    else
        CHECK_EQ(nbtls_key_p384_from_public(&p, pub, n), NBTLS_DONE);
    return p;
}

static void test_basic(void) {
    long base = live();
    nbtls_key *k = priv(NBTLS_KEY_P256);
    CHECK_EQ(refs(k), 1);
    CHECK_EQ(live(), base + 1);
    CHECK(nbtls_key_up_ref(k) == k);
    CHECK(nbtls_key_up_ref(k) == k);
    CHECK_EQ(refs(k), 3);
    CHECK(nbtls_key_up_ref(NULL) == NULL);
    nbtls_key_free(k);
    nbtls_key_free(k);
    CHECK_EQ(refs(k), 1);
    CHECK_EQ(live(), base + 1); /* still there, still usable */
    unsigned char out[32];
    size_t n = 0;
    CHECK_EQ(nbtls_key_export_private(k, out, sizeof out, &n), NBTLS_DONE);
    CHECK_MEM(out, D256, 32);
    nbtls_key_free(k); /* the last reference */
    CHECK_EQ(live(), base);
}

/* Deterministic signing: the op keeps the key after the caller's free and
 * gives the same signature as a run where the caller kept it. */
static void test_sign(int type) {
    long base = live();
    size_t L = type == NBTLS_KEY_P256 ? 32 : 48;
    unsigned char want[96], got[96];
    size_t n = 0;
    nbtls_key *k = priv(type);
    nbtls_op *op = NULL;
    CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, k, DIG, L), NBTLS_DONE);
    CHECK_EQ(refs(k), 2);
    CHECK_EQ(run(op), NBTLS_DONE);
    CHECK_EQ(nbtls_op_result(op, want, sizeof want, &n), NBTLS_DONE);
    CHECK_EQ(refs(k), 2); /* until the op is freed */
    nbtls_op_free(op);
    CHECK_EQ(refs(k), 1);

    CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, k, DIG, L), NBTLS_DONE);
    long with_op = live();
    nbtls_key_free(k); /* the caller's reference */
    CHECK_EQ(live(), with_op); /* the key's block is not freed */
    CHECK_EQ(refs(k), 1);
    CHECK_EQ(run(op), NBTLS_DONE);
    CHECK_EQ(nbtls_op_result(op, got, sizeof got, &n), NBTLS_DONE);
    CHECK_EQ(n, 2 * L);
    CHECK_MEM(got, want, 2 * L);
    nbtls_op_free(op); /* the op's: key and op gone */
    CHECK_EQ(live(), base);

    /* hedged, cancelled before its first poll */
    k = priv(type);
    CHECK_EQ(nbtls_ecdsa_sign_start(&op, k, DIG, L, NULL, NULL), NBTLS_DONE);
    CHECK_EQ(refs(k), 2);
    nbtls_key_free(k);
    nbtls_op_free(op);
    CHECK_EQ(live(), base);
}

static void test_ecdh(int type) {
    long base = live();
    size_t L = type == NBTLS_KEY_P256 ? 32 : 48;
    unsigned char peer[97], want[48], got[48];
    size_t pl = 0, n = 0;
    nbtls_key *k = priv(type);
    CHECK_EQ(nbtls_key_export_public(k, peer, sizeof peer, &pl), NBTLS_DONE);
    nbtls_op *op = NULL;
    CHECK_EQ(nbtls_ecdh_start(&op, k, peer, pl), NBTLS_DONE);
    CHECK_EQ(run(op), NBTLS_DONE);
    CHECK_EQ(nbtls_op_result(op, want, sizeof want, &n), NBTLS_DONE);
    nbtls_op_free(op);

    CHECK_EQ(nbtls_ecdh_start(&op, k, peer, pl), NBTLS_DONE);
    CHECK_EQ(refs(k), 2);
    long with_op = live();
    nbtls_key_free(k);
    CHECK_EQ(live(), with_op);
    CHECK_EQ(run(op), NBTLS_DONE);
    CHECK_EQ(nbtls_op_result(op, got, sizeof got, &n), NBTLS_DONE);
    CHECK_EQ(n, L);
    CHECK_MEM(got, want, L);
    nbtls_op_free(op);
    CHECK_EQ(live(), base);

    /* a failed start takes no reference */
    k = priv(type);
    op = (nbtls_op *)&op;
    CHECK_EQ(nbtls_ecdh_start(&op, k, peer, pl - 1), NBTLS_E_BAD_KEY);
    CHECK(op == NULL);
    CHECK_EQ(refs(k), 1);
    nbtls_key_free(k);
    CHECK_EQ(live(), base);
}

/* The scheme ops hold a reference until their inner op has started; a
 * signing inner op holds its own, a verifying one none. */
static void test_scheme(int type) {
    long base = live();
    uint16_t scheme = type == NBTLS_KEY_P256 ? NBTLS_SIG_ECDSA_SECP256R1_SHA256
                                             : NBTLS_SIG_ECDSA_SECP384R1_SHA384;
    unsigned char sig[NBTLS_SIGNATURE_MAX_LEN];
    size_t n = 0;
    nbtls_key *k = priv(type), *p = pub_of(k);
    nbtls_op *op = NULL;
    CHECK_EQ(nbtls_sign_start(&op, k, scheme, MSG, sizeof MSG, NULL, NULL),
             NBTLS_DONE);
    CHECK_EQ(refs(k), 2);
    long with_op = live();
    nbtls_key_free(k);
    CHECK_EQ(live(), with_op);
    int rc;
    unsigned long polls = 0, held = 0;
    do {
        rc = nbtls_op_poll(op, 1);
        polls++;
        held += refs(k) == 1; /* scheme's, then the inner op's */
    } while (rc == NBTLS_IN_PROGRESS);
    CHECK_EQ(rc, NBTLS_DONE);
    CHECK_EQ(held, polls);
    CHECK_EQ(nbtls_op_result(op, sig, sizeof sig, &n), NBTLS_DONE);
    nbtls_op_free(op);
    CHECK_EQ(live(), base + 1); /* p only */

    /* verification: a reference until the inner op starts, then none */
    CHECK_EQ(nbtls_verify_start(&op, p, scheme, MSG, sizeof MSG, sig, n),
             NBTLS_DONE);
    CHECK_EQ(refs(p), 2);
    CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_DONE);
    CHECK_EQ(refs(p), 1);
    nbtls_op_free(op);

    /* cancelled before and after the inner op started */
    for (int polls_before = 0; polls_before <= 1; polls_before++) {
        k = priv(type);
        CHECK_EQ(nbtls_sign_start(&op, k, scheme, MSG, 10, NULL, NULL),
                 NBTLS_DONE);
        nbtls_key_free(k);
        for (int i = 0; i < polls_before * 3; i++)
            CHECK_EQ(nbtls_op_poll(op, 1), NBTLS_IN_PROGRESS);
        nbtls_op_free(op);
        CHECK_EQ(live(), base + 1);
    }
    nbtls_key_free(p);
    CHECK_EQ(live(), base);
}

/* Verification and X25519 ECDH copy the public values they need. */
static void test_no_ref(void) {
    nbtls_key *k = priv(NBTLS_KEY_P256), *x = NULL;
    unsigned char sig[64], u[32];
    memset(sig, 1, sizeof sig);
    memset(u, 9, sizeof u);
    nbtls_op *op = NULL;
    CHECK_EQ(nbtls_ecdsa_verify_start(&op, k, DIG, 32, sig, 64), NBTLS_DONE);
    CHECK_EQ(refs(k), 1);
    nbtls_op_free(op);
    CHECK_EQ(nbtls_key_x25519_from_private(&x, D256), NBTLS_DONE);
    CHECK_EQ(nbtls_ecdh_start(&op, x, u, 32), NBTLS_DONE);
    CHECK_EQ(refs(x), 1);
    nbtls_op_free(op);
    nbtls_key_free(x);
    nbtls_key_free(k);
}

int main(void) {
    memset(D256, 0x3c, sizeof D256);
    memset(D384, 0x4d, sizeof D384);
    for (size_t i = 0; i < sizeof DIG; i++)
        DIG[i] = (unsigned char)(i * 7 + 1);
    for (size_t i = 0; i < sizeof MSG; i++)
        MSG[i] = (unsigned char)i;
    CHECK_EQ(nbtls_set_allocator(count_alloc, count_free, NULL), NBTLS_DONE);
    test_basic();
    test_sign(NBTLS_KEY_P256);
    test_sign(NBTLS_KEY_P384);
    test_ecdh(NBTLS_KEY_P256);
    test_ecdh(NBTLS_KEY_P384);
    test_scheme(NBTLS_KEY_P256);
    test_scheme(NBTLS_KEY_P384);
    test_no_ref();
    CHECK_EQ(g_allocs, g_frees);
    CHECK(g_allocs > 20);
    CHECK_EQ(nbtls_set_allocator(NULL, NULL, NULL), NBTLS_DONE);
    return CHECK_DONE();
}
