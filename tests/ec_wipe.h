/*
 * The body of the wipe tests of tests/p256 and tests/p384: secrets are
 * wiped (header: "nbtls_op_free() ... wipes every secret it held"; "Free a
 * key, wiping its secrets"). The allocator hook of tests/wipe_alloc.h sees
 * every block just before the C library gets it back and requires it to be
 * all zero (a dirty block is searched for 8-byte windows of the secrets the
 * test registered with wipe_secret(), to say which it holds) — after
 * finished ops, cancelled ops (every step of a signature), failed ops and
 * freed keys: wipe_run() drives them for any curve of tests/ec_curve.h.
 * Include "check.h" and "ec_util.h" first; one includer per program.
 */
#ifndef NBTLS_TESTS_EC_WIPE_H
#define NBTLS_TESTS_EC_WIPE_H

#include <stddef.h>

#include "wipe_alloc.h"

#define WIPE_MAX_SECRETS 6
static unsigned char g_secret[WIPE_MAX_SECRETS][EC_MAX_SCALAR];
static const char *g_secret_name[WIPE_MAX_SECRETS];
static size_t g_secret_len[WIPE_MAX_SECRETS];
static int g_nsecrets;

/* Register a secret, named when a dirty block holds it (len <=
 * EC_MAX_SCALAR); returns its copy. */
static unsigned char *wipe_secret(const char *name, const unsigned char *s,
                                  size_t len) {
    if (g_nsecrets == WIPE_MAX_SECRETS || len > EC_MAX_SCALAR) abort();
    g_secret_name[g_nsecrets] = name;
    g_secret_len[g_nsecrets] = len;
    memcpy(g_secret[g_nsecrets], s, len);
    return g_secret[g_nsecrets++];
}

/* Diagnostics for a dirty block (wipe_alloc.h): which secret it holds. */
static void wipe_describe_secrets(const unsigned char *b, size_t size) {
    for (int s = 0; s < g_nsecrets; s++)
        for (size_t off = 0; off + 8 <= size; off++) {
            int hit = 0;
            for (size_t w = 0; w + 8 <= g_secret_len[s] && !hit; w += 4)
                hit = memcmp(b + off, g_secret[s] + w, 8) == 0;
            if (hit) {
                fprintf(stderr, "  it holds part of secret %s at offset %zu\n",
                        g_secret_name[s], off);
                break;
            }
        }
}

/* What wipe_run() works with; every secret among them registered. */
typedef struct {
    const unsigned char *x;      /* signing key's scalar */
    const unsigned char *digest; /* signed by x */
    size_t digest_len;
    const unsigned char *want_r;      /* r of x's deterministic signature */
    const unsigned char *ecdh_d;      /* ECDH key's scalar */
    unsigned char *peer;              /* uncompressed peer point */
    const unsigned char *ecdh_secret; /* ECDH(ecdh_d, peer) */
    const unsigned char *keygen_d;    /* keygen's scalar: RNG stream */
    int ecdh_cancel_polls; /* ECDH is cancelled after this many polls */
} wipe_case;

/* Run the ops of `w` on curve `c` with the scanning allocator installed,
 * then check that the freed blocks held none of the secrets. */
static void wipe_run(const ec_curve *c, const wipe_case *w) {
    const size_t L = c->scalar_len;
    unsigned char pub[EC_MAX_PUB], sig[EC_MAX_SIG], s[EC_MAX_SCALAR];
    g_wipe_describe = wipe_describe_secrets;
    wipe_install();
    nbtls_key *k = ec_priv(c, w->x);
    CHECK(k != NULL);
    if (k != NULL) {
        CHECK_EQ(ec_pub_bytes(c, k, pub), 0);
        /* finished signatures, deterministic and hedged */
        CHECK_EQ(ec_sign_det(c, k, w->digest, w->digest_len, 0, sig, NULL),
                 NBTLS_DONE);
        CHECK_MEM(sig, w->want_r, L); /* so k really was this nonce */
        CHECK_EQ(ec_sign_det(c, k, w->digest, w->digest_len, 1, sig, NULL),
                 NBTLS_DONE);
        CHECK_EQ(
            ec_sign(c, k, w->digest, w->digest_len, NULL, NULL, 3, sig, NULL),
            NBTLS_DONE);
        /* a signature cancelled after every possible number of polls */
        run_stats st;
        nbtls_op *op = NULL;
        CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, k, w->digest,
                                                      w->digest_len),
                 NBTLS_DONE);
        CHECK_EQ(run_op(op, 1, 0, &st), NBTLS_DONE);
        nbtls_op_free(op);
        for (unsigned long n = 0; n <= st.polls; n++) {
            op = NULL;
            CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, k, w->digest,
                                                          w->digest_len),
                     NBTLS_DONE);
            for (unsigned long i = 0; i < n; i++)
                (void)nbtls_op_poll(op, 1);
            nbtls_op_free(op);
        }
        /* a failed sign (RNG failure) */
        op = NULL;
        if (nbtls_ecdsa_sign_start(&op, k, w->digest, w->digest_len,
                                   failing_rng_fn, NULL) == NBTLS_DONE) {
            (void)run_op(op, 1, 100000, NULL);
            nbtls_op_free(op);
        }
        /* the restartable import of x, finished and cancelled */
        nbtls_key *k2 = NULL;
        CHECK_EQ(ec_from_private(c, w->x, 2, &k2, NULL), NBTLS_DONE);
        nbtls_key_free(k2);
        op = NULL;
        CHECK_EQ(c->from_private_start(&op, w->x), NBTLS_DONE);
        (void)nbtls_op_poll(op, 5);
        nbtls_op_free(op);
        nbtls_key_free(k);
    }
    /* ECDH: finished, cancelled part-way, failed (off-curve peer) */
    nbtls_key *ki = ec_priv(c, w->ecdh_d);
    CHECK(ki != NULL);
    if (ki != NULL) {
        CHECK_EQ(ec_ecdh(c, ki, w->peer, c->pub_len, 0, s, NULL), NBTLS_DONE);
        CHECK_MEM(s, w->ecdh_secret, L);
        nbtls_op *op = NULL;
        CHECK_EQ(nbtls_ecdh_start(&op, ki, w->peer, c->pub_len), NBTLS_DONE);
        for (int i = 0; i < w->ecdh_cancel_polls; i++)
            (void)nbtls_op_poll(op, 1);
        nbtls_op_free(op);
        w->peer[c->pub_len - 1] ^= 1;
        CHECK_EQ(ec_ecdh(c, ki, w->peer, c->pub_len, 1, s, NULL),
                 NBTLS_E_BAD_KEY);
        w->peer[c->pub_len - 1] ^= 1;
        nbtls_key_free(ki);
    }
    /* keygen producing keygen_d: the untaken key is wiped with its op */
    stream_rng sr = {w->keygen_d, L, 0};
    nbtls_op *op = NULL;
    CHECK_EQ(c->keygen_start(&op, stream_rng_fn, &sr), NBTLS_DONE);
    CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
    nbtls_op_free(op);
    wipe_finish(c->name, 100);
}

#endif
