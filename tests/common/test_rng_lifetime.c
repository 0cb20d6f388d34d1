/*
 * The RNG rule of nbtls.h: every call of an nbtls_rng_fn happens inside
 * the start call it was given to; once start has returned, rng and rng_ctx
 * may be gone. For every start that takes an RNG (P-256, P-384 and X25519
 * keygen, hedged ECDSA signing on both curves, scheme signing on both
 * curves), a counting generator is "closed" when start returns: a later
 * call is counted as a violation (and fails the draw), the op is polled to
 * completion at budgets 0 and 1, and its result must be there. Before the
 * rule, EC keygen and scheme signing drew while polling.
 * Also the OS generator (nbtls_rng_fill with NULL, core/common/rng.c, the
 * getrandom system call when built with NBTLS_FORCE_GETRANDOM_SYSCALL):
 * lengths 1 to 70,000 bytes are filled, two draws differ. A start that
 * cannot start never draws (check_no_draw_before_args).
 */
#include "check.h"
#include "common/common.h"
#include "nbtls/nbtls.h"

typedef struct {
    unsigned calls, late;
    int closed;
    uint32_t x;
} counting_rng;

static int counting_fn(void *ctx, unsigned char *out, size_t len) {
    counting_rng *r = (counting_rng *)ctx;
    if (r->closed) {
        r->late++;
        return -1;
    }
    r->calls++;
    for (size_t i = 0; i < len; i++) { /* xorshift32: good enough here */
        r->x ^= r->x << 13;
        r->x ^= r->x >> 17;
        r->x ^= r->x << 5;
        out[i] = (unsigned char)r->x;
    }
    return 0;
}

enum { K_P256_KEYGEN, K_P384_KEYGEN, K_X25519_KEYGEN, K_SIGN, K_SCHEME_SIGN };

static int start(int kind, nbtls_op **op, const nbtls_key *key,
                 counting_rng *r) {
    static const unsigned char dg[48] = {1, 2, 3};
    static const unsigned char msg[] = "message";
    switch (kind) {
    case K_P256_KEYGEN: return nbtls_p256_keygen_start(op, counting_fn, r);
    case K_P384_KEYGEN: return nbtls_p384_keygen_start(op, counting_fn, r);
    case K_X25519_KEYGEN: return nbtls_x25519_keygen_start(op, counting_fn, r);
    case K_SIGN:
        return nbtls_ecdsa_sign_start(
            op, key, dg, nbtls_key_type(key) == NBTLS_KEY_P256 ? 32 : 48,
            counting_fn, r);
    default:
        return nbtls_sign_start(op, key,
                                nbtls_key_type(key) == NBTLS_KEY_P256
                                    ? NBTLS_SIG_ECDSA_SECP256R1_SHA256
                                    : NBTLS_SIG_ECDSA_SECP384R1_SHA384,
                                msg, sizeof msg, counting_fn, r);
    }
}

static void check_kind(int kind, const nbtls_key *key) {
    for (uint32_t budget = 0; budget <= 1; budget++) {
        counting_rng r = {0, 0, 0, 0x9e3779b9u + (uint32_t)kind};
        nbtls_op *op = NULL;
        CHECK_EQ(start(kind, &op, key, &r), NBTLS_DONE);
        r.closed = 1; /* the caller may free it now */
        CHECK(r.calls >= 1);
        int rc;
        do
            rc = nbtls_op_poll(op, budget);
        while (rc == NBTLS_IN_PROGRESS);
        CHECK_EQ(rc, NBTLS_DONE);
        CHECK_EQ(r.late, 0);
        if (kind <= K_X25519_KEYGEN) {
            nbtls_key *k = NULL;
            CHECK_EQ(nbtls_op_take_key(op, &k), NBTLS_DONE);
            CHECK_EQ(nbtls_key_has_private(k), 1);
            nbtls_key_free(k);
        } else {
            unsigned char out[NBTLS_SIGNATURE_MAX_LEN];
            size_t len = 0;
            CHECK_EQ(nbtls_op_result(op, out, sizeof out, &len), NBTLS_DONE);
            CHECK(len > 0);
        }
        nbtls_op_free(op);
    }
}

/* A start call that cannot start (bad arguments, a key that cannot sign)
 * reports that, not the generator, and never draws: with a generator that
 * fails, and one that counts. Before the fix nbtls_ecdsa_sign_start() drew
 * first, so a failing generator turned every argument error into
 * NBTLS_E_RNG. */
static void check_no_draw_before_args(const nbtls_key *k256) {
    static const unsigned char dg[64] = {7};
    unsigned char pub[65];
    size_t n = 0;
    nbtls_key *pk = NULL, *kx = NULL;
    CHECK_EQ(nbtls_key_export_public(k256, pub, sizeof pub, &n), NBTLS_DONE);
    CHECK_EQ(nbtls_key_p256_from_public(&pk, pub, n), NBTLS_DONE);
    CHECK_EQ(nbtls_key_x25519_from_private(&kx, dg), NBTLS_DONE);
    for (int closed = 0; closed <= 1; closed++) {
        /* closed: the generator fails every call */
        counting_rng r = {0, 0, closed, 1};
        nbtls_op *op = NULL;
        CHECK_EQ(nbtls_ecdsa_sign_start(&op, k256, dg, 31, counting_fn, &r),
                 NBTLS_E_INVALID_ARG);
        CHECK_EQ(nbtls_ecdsa_sign_start(&op, k256, NULL, 32, counting_fn, &r),
                 NBTLS_E_INVALID_ARG);
        CHECK_EQ(nbtls_ecdsa_sign_start(&op, NULL, dg, 32, counting_fn, &r),
                 NBTLS_E_INVALID_ARG);
        CHECK_EQ(nbtls_ecdsa_sign_start(&op, pk, dg, 32, counting_fn, &r),
                 NBTLS_E_BAD_KEY);
        CHECK_EQ(nbtls_ecdsa_sign_start(&op, kx, dg, 32, counting_fn, &r),
                 NBTLS_E_BAD_KEY);
        CHECK_EQ(nbtls_sign_start(&op, pk, NBTLS_SIG_ECDSA_SECP256R1_SHA256,
                                  dg, 10, counting_fn, &r),
                 NBTLS_E_BAD_KEY);
        CHECK_EQ(nbtls_sign_start(&op, k256, 0x0807, dg, 10, counting_fn, &r),
                 NBTLS_E_UNSUPPORTED);
        CHECK(op == NULL);
        CHECK_EQ(r.calls + r.late, 0);
    }
    nbtls_key_free(pk);
    nbtls_key_free(kx);
}

static void check_os_rng(void) {
    static unsigned char a[70000], b[70000];
    static const size_t lens[] = {1, 16, 32, 255, 256, 257, 4096, 70000};
    for (size_t i = 0; i < sizeof lens / sizeof lens[0]; i++) {
        size_t n = lens[i];
        memset(a, 0, n);
        memset(b, 0, n);
        CHECK_EQ(nbtls_rng_fill(NULL, NULL, a, n), NBTLS_DONE);
        CHECK_EQ(nbtls_rng_fill(NULL, NULL, b, n), NBTLS_DONE);
        if (n >= 16) CHECK(memcmp(a, b, n) != 0);
    }
}

int main(void) {
    unsigned char d[48];
    memset(d, 0x21, sizeof d);
    nbtls_key *k256 = NULL, *k384 = NULL;
    CHECK_EQ(nbtls_key_p256_from_private(&k256, d), NBTLS_DONE);
    CHECK_EQ(nbtls_key_p384_from_private(&k384, d), NBTLS_DONE);
    check_kind(K_P256_KEYGEN, NULL);
    check_kind(K_P384_KEYGEN, NULL);
    check_kind(K_X25519_KEYGEN, NULL);
    check_kind(K_SIGN, k256);
    check_kind(K_SIGN, k384);
    check_kind(K_SCHEME_SIGN, k256);
    check_kind(K_SCHEME_SIGN, k384);
    check_no_draw_before_args(k256);
    check_os_rng();
    nbtls_key_free(k256);
    nbtls_key_free(k384);
    return CHECK_DONE();
}
