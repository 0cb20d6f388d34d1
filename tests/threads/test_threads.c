/*
 * Keys are shared between threads (nbtls.h: "Keys are immutable ... may be
 * shared between threads, including nbtls_key_up_ref() and nbtls_key_free()
 * on the same key from several threads at once"). THREADS threads sign
 * (ECDSA P-256/P-384, deterministic and through the schemes), verify and run
 * ECDH (P-256, P-384, X25519) with the same keys at small budgets, so their
 * polls interleave; each op is started on a reference the thread takes and
 * drops at once, so the op holds the key; references are handed to another
 * thread through a slot and dropped there; and one key's last reference is
 * dropped by whichever thread finishes last. Results are compared with
 * single-threaded ones, reference counts checked at the end, and the
 * allocator hook (atomic counters) sees every block freed.
 *
 * Built alone under ThreadSanitizer (scripts/test-c.sh): a data race on the
 * count, in an op, or in the allocator path is reported there.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdatomic.h>

#include "check.h"
#include "key/key.h"
#include "nbtls/sym.h"

#define THREADS 4
#define ROUNDS 16

static atomic_ulong g_allocs, g_frees;
static void *count_alloc(void *ctx, size_t n) {
    (void)ctx;
    atomic_fetch_add(&g_allocs, 1);
    return malloc(n);
}
static void count_free(void *ctx, void *p) {
    (void)ctx;
    atomic_fetch_add(&g_frees, 1);
    free(p);
}

static nbtls_key *K256, *K384, *KX, *P256, *P384; /* shared */
static nbtls_key *KLAST; /* each thread holds one reference; main none */
static _Atomic(nbtls_key *) g_slot[THREADS];
static unsigned char DIG[48], MSG[300];
static unsigned char SIG256[64], SIG384[96], SEC256[32], SEC384[48], SECX[32];
static unsigned char Q256[65], Q384[97], UX[32];

static uint32_t refs(const nbtls_key *k) {
    return nbtls_refs_get(&((struct nbtls_key *)(uintptr_t)k)->refs);
}

static int run(nbtls_op *op, uint32_t budget) {
    int rc;
    do
        rc = nbtls_op_poll(op, budget);
    while (rc == NBTLS_IN_PROGRESS);
    return rc;
}

/* Start on a fresh reference and drop it at once: the op holds the key. */
typedef int (*starter)(nbtls_op **op, const nbtls_key *k, const void *arg);

static int result_of(starter start, nbtls_key *shared, const void *arg,
                     uint32_t budget, unsigned char *out, size_t out_size,
                     size_t *out_len) {
    nbtls_key *mine = nbtls_key_up_ref(shared);
    nbtls_op *op = NULL;
    int rc = start(&op, mine, arg);
    nbtls_key_free(mine);
    if (rc == NBTLS_DONE) rc = run(op, budget);
    if (rc == NBTLS_DONE && out != NULL)
        rc = nbtls_op_result(op, out, out_size, out_len);
    nbtls_op_free(op);
    return rc;
}

static int sign_det(nbtls_op **op, const nbtls_key *k, const void *arg) {
    return nbtls_ecdsa_sign_deterministic_start(op, k, DIG, *(const size_t *)arg);
}
static int ecdh(nbtls_op **op, const nbtls_key *k, const void *arg) {
    const unsigned char *peer = (const unsigned char *)arg;
    size_t len = peer == Q256 ? 65 : peer == Q384 ? 97 : 32;
    return nbtls_ecdh_start(op, k, peer, len);
}
static int scheme_sign(nbtls_op **op, const nbtls_key *k, const void *arg) {
    return nbtls_sign_start(op, k, *(const uint16_t *)arg, MSG, sizeof MSG,
                            NULL, NULL);
}

typedef struct {
    const uint16_t *scheme;
    const unsigned char *sig;
    size_t sig_len;
} verify_arg;
static int scheme_verify(nbtls_op **op, const nbtls_key *k, const void *arg) {
    const verify_arg *v = (const verify_arg *)arg;
    return nbtls_verify_start(op, k, *v->scheme, MSG, sizeof MSG, v->sig,
                              v->sig_len);
}

typedef struct {
    int id;
    unsigned long errors;
} worker;

static void *work(void *arg) {
    worker *w = (worker *)arg;
    static const size_t L32 = 32, L48 = 48;
    static const uint16_t S256 = NBTLS_SIG_ECDSA_SECP256R1_SHA256,
                          S384 = NBTLS_SIG_ECDSA_SECP384R1_SHA384;
    for (int round = 0; round < ROUNDS; round++) {
        uint32_t budget = (uint32_t)(1 + (w->id + round) % 4);
        unsigned char out[NBTLS_SIGNATURE_MAX_LEN];
        size_t n = 0;
#define EXPECT(call, want, len)                                              \
    do {                                                                     \
        if ((call) != NBTLS_DONE || n != (len) || memcmp(out, want, len))    \
            w->errors++;                                                     \
    } while (0)
        EXPECT(result_of(sign_det, K256, &L32, budget, out, sizeof out, &n),
               SIG256, 64);
        EXPECT(result_of(sign_det, K384, &L48, budget, out, sizeof out, &n),
               SIG384, 96);
        EXPECT(result_of(ecdh, K256, Q256, budget, out, sizeof out, &n),
               SEC256, 32);
        EXPECT(result_of(ecdh, K384, Q384, budget, out, sizeof out, &n),
               SEC384, 48);
        EXPECT(result_of(ecdh, KX, UX, budget, out, sizeof out, &n), SECX,
               32);
        /* a hedged scheme signature, verified by the public key */
        const nbtls_key *sk = round % 2 ? K384 : K256;
        const nbtls_key *pk = round % 2 ? P384 : P256;
        const uint16_t *s = round % 2 ? &S384 : &S256;
        if (result_of(scheme_sign, (nbtls_key *)(uintptr_t)sk, s, budget, out,
                      sizeof out, &n) != NBTLS_DONE)
            w->errors++;
        verify_arg v = {s, out, n};
        if (result_of(scheme_verify, (nbtls_key *)(uintptr_t)pk, &v, budget,
                      NULL, 0, NULL) != NBTLS_DONE)
            w->errors++;
        /* hand a reference to the next thread's slot; drop what was there
         * (taken by another thread) */
        nbtls_key *give = nbtls_key_up_ref(round % 2 ? K384 : KX);
        nbtls_key *old =
            atomic_exchange(&g_slot[(w->id + 1) % THREADS], give);
        nbtls_key_free(old);
#undef EXPECT
    }
    /* the last thread to get here frees KLAST (wiping it) */
    unsigned char pub[65];
    size_t n = 0;
    if (nbtls_key_export_public(KLAST, pub, sizeof pub, &n) != NBTLS_DONE)
        w->errors++;
    nbtls_key_free(KLAST);
    return NULL;
}

int main(void) {
    unsigned char d[48];
    size_t n = 0;
    CHECK_EQ(nbtls_set_allocator(count_alloc, count_free, NULL), NBTLS_DONE);
    memset(d, 0x37, sizeof d);
    for (size_t i = 0; i < sizeof DIG; i++)
        DIG[i] = (unsigned char)(3 * i + 1);
    for (size_t i = 0; i < sizeof MSG; i++)
        MSG[i] = (unsigned char)(5 * i);
    CHECK_EQ(nbtls_key_p256_from_private(&K256, d), NBTLS_DONE);
    CHECK_EQ(nbtls_key_p384_from_private(&K384, d), NBTLS_DONE);
    CHECK_EQ(nbtls_key_x25519_from_private(&KX, d), NBTLS_DONE);
    CHECK_EQ(nbtls_key_p256_from_private(&KLAST, d + 1), NBTLS_DONE);
    if (!K256 || !K384 || !KX || !KLAST) return CHECK_DONE();
    CHECK_EQ(nbtls_key_export_public(K256, Q256, sizeof Q256, &n), NBTLS_DONE);
    CHECK_EQ(nbtls_key_export_public(K384, Q384, sizeof Q384, &n), NBTLS_DONE);
    CHECK_EQ(nbtls_key_export_public(KX, UX, sizeof UX, &n), NBTLS_DONE);
    CHECK_EQ(nbtls_key_p256_from_public(&P256, Q256, 65), NBTLS_DONE);
    CHECK_EQ(nbtls_key_p384_from_public(&P384, Q384, 97), NBTLS_DONE);
    /* single-threaded results */
    static const size_t L32 = 32, L48 = 48;
    CHECK_EQ(result_of(sign_det, K256, &L32, 0, SIG256, 64, &n), NBTLS_DONE);
    CHECK_EQ(result_of(sign_det, K384, &L48, 0, SIG384, 96, &n), NBTLS_DONE);
    CHECK_EQ(result_of(ecdh, K256, Q256, 0, SEC256, 32, &n), NBTLS_DONE);
    CHECK_EQ(result_of(ecdh, K384, Q384, 0, SEC384, 48, &n), NBTLS_DONE);
    CHECK_EQ(result_of(ecdh, KX, UX, 0, SECX, 32, &n), NBTLS_DONE);

    for (int i = 1; i < THREADS; i++)
        (void)nbtls_key_up_ref(KLAST); /* one per thread, main's included */
    unsigned long live_before = g_allocs - g_frees;
    pthread_t t[THREADS];
    worker w[THREADS];
    for (int i = 0; i < THREADS; i++) {
        w[i].id = i;
        w[i].errors = 0;
        CHECK_EQ(pthread_create(&t[i], NULL, work, &w[i]), 0);
    }
    for (int i = 0; i < THREADS; i++) {
        CHECK_EQ(pthread_join(t[i], NULL), 0);
        CHECK_EQ(w[i].errors, 0);
    }
    /* KLAST is gone; the slots hold THREADS references to K384 / KX */
    CHECK_EQ(g_allocs - g_frees, live_before - 1);
    CHECK_EQ(refs(K384) + refs(KX), 2 + THREADS);
    for (int i = 0; i < THREADS; i++)
        nbtls_key_free(atomic_exchange(&g_slot[i], NULL));
    CHECK_EQ(refs(K256), 1);
    CHECK_EQ(refs(K384), 1);
    CHECK_EQ(refs(KX), 1);
    CHECK_EQ(refs(P256), 1);
    CHECK_EQ(refs(P384), 1);
    nbtls_key_free(K256);
    nbtls_key_free(K384);
    nbtls_key_free(KX);
    nbtls_key_free(P256);
    nbtls_key_free(P384);
    CHECK_EQ(g_allocs, g_frees);
    CHECK_EQ(nbtls_set_allocator(NULL, NULL, NULL), NBTLS_DONE);
    printf("%d threads x %d rounds, %lu allocations\n", THREADS, ROUNDS,
           (unsigned long)g_allocs);
    return CHECK_DONE();
}
