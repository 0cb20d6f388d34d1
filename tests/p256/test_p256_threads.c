/*
 * Keys are shared between threads; ops run concurrently (header: "no
 * global mutable state except the optional allocator hook ... keys may be
 * shared between threads; one op may be used by one thread at a time").
 * Four threads sign, verify and run ECDH with the same two keys at small
 * budgets, so their polls interleave, and compare every result with the one
 * computed single-threaded first. Hidden shared scratch state (a static
 * buffer, a cached table being filled) shows up as a wrong result.
 */
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>

#include "check.h"
#include "p256_util.h"

#define THREADS 4
#define ROUNDS 12

static nbtls_key *KA, *KB;
static unsigned char QA[65], QB[65];
static unsigned char DIG[ROUNDS][32], SIG[ROUNDS][64], SECRET[32];

typedef struct {
    int id;
    unsigned long errors;
} worker;

static void *work(void *arg) {
    worker *w = (worker *)arg;
    for (int round = 0; round < ROUNDS; round++) {
        int i = (round + w->id) % ROUNDS;
        unsigned char sig[64], sec[32];
        uint32_t budget = (uint32_t)(1 + (w->id + round) % 3);
        if (do_sign_det(KA, DIG[i], 32, budget, sig, NULL) != NBTLS_DONE ||
            memcmp(sig, SIG[i], 64) != 0)
            w->errors++;
        if (do_verify(KA, DIG[i], 32, SIG[i], 64, budget, NULL) != NBTLS_DONE)
            w->errors++;
        if (do_ecdh(w->id % 2 ? KA : KB, w->id % 2 ? QB : QA, 65, budget, sec,
                    NULL) != NBTLS_DONE ||
            memcmp(sec, SECRET, 32) != 0)
            w->errors++;
        nbtls_key *k = NULL;
        test_rng r = {(uint64_t)(100 + round), 0, 0};
        if (do_keygen(test_rng_fn, &r, budget, &k, NULL) != NBTLS_DONE)
            w->errors++;
        nbtls_key_free(k);
    }
    return NULL;
}

int main(void) {
    unsigned char da[32], db[32];
    memset(da, 0x21, 32);
    memset(db, 0x43, 32);
    KA = key_priv(da);
    KB = key_priv(db);
    CHECK(KA != NULL && KB != NULL);
    if (KA == NULL || KB == NULL) return CHECK_DONE();
    CHECK_EQ(key_pub_bytes(KA, QA), 0);
    CHECK_EQ(key_pub_bytes(KB, QB), 0);
    CHECK_EQ(do_ecdh(KA, QB, 65, 0, SECRET, NULL), NBTLS_DONE);
    test_rng r = {77, 0, 0};
    for (int i = 0; i < ROUNDS; i++) {
        test_rng_fn(&r, DIG[i], 32);
        CHECK_EQ(do_sign_det(KA, DIG[i], 32, 0, SIG[i], NULL), NBTLS_DONE);
    }
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
    nbtls_key_free(KA);
    nbtls_key_free(KB);
    return CHECK_DONE();
}
