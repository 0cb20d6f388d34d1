/*
 * Cancellation: for every number of polls k from 0 to 273 at budget 1,
 * start an X25519 op (ECDH, ECDH with a small-order peer, keygen), poll k
 * times, free it. Under ASan (scripts/test-c.sh's build-asan) a leak or a
 * use after free fails; in every build a counting allocator checks that
 * each allocation is freed and that polls never allocate. Also: a keygen
 * op freed after DONE without taking its key, and after taking it.
 */
#include "check.h"
#include "x25519_util.h"

#include "alloc_count.h"

static nbtls_key *KEY;
static unsigned char PEER[32], LOW[32];
static x_rng g_rng;

static int st_ecdh(nbtls_op **op) {
    return nbtls_ecdh_start(op, KEY, PEER, 32);
}
static int st_ecdh_low(nbtls_op **op) {
    return nbtls_ecdh_start(op, KEY, LOW, 32);
}
static int st_keygen(nbtls_op **op) {
    g_rng.state = 9;
    return nbtls_x25519_keygen_start(op, x_rng_fn, &g_rng);
}

int main(void) {
    CHECK_EQ(nbtls_set_allocator(count_alloc, count_free, NULL), NBTLS_DONE);
    unsigned char k[32];
    g_rng.state = 3;
    CHECK_EQ(x_rng_fn(&g_rng, k, 32), 0);
    CHECK_EQ(x_rng_fn(&g_rng, PEER, 32), 0);
    LOW[0] = 1; /* u = 1: order 4 */
    CHECK_EQ(nbtls_key_x25519_from_private(&KEY, k), NBTLS_DONE);
    int (*kinds[])(nbtls_op **) = {st_ecdh, st_ecdh_low, st_keygen};
    for (size_t kind = 0; kind < 3; kind++) {
        for (unsigned long n = 0; n <= 274; n++) {
            nbtls_op *op = NULL;
            if (kinds[kind](&op) != NBTLS_DONE || op == NULL) {
                CHECK(0);
                continue;
            }
            unsigned long allocs = g_allocs;
            int rc = NBTLS_IN_PROGRESS;
            for (unsigned long i = 0; i < n && rc == NBTLS_IN_PROGRESS; i++)
                rc = nbtls_op_poll(op, 1);
            CHECK(rc == NBTLS_IN_PROGRESS ||
                  rc == (kind == 1 ? NBTLS_E_BAD_KEY : NBTLS_DONE));
            CHECK(g_allocs == allocs);
            if (n >= 273)
                CHECK(rc != NBTLS_IN_PROGRESS);
            else
                CHECK(rc == NBTLS_IN_PROGRESS);
            nbtls_op_free(op);
        }
    }
    /* keygen done, key taken then freed */
    nbtls_op *op = NULL;
    nbtls_key *key = NULL;
    CHECK_EQ(st_keygen(&op), NBTLS_DONE);
    CHECK_EQ(x_run(op, 0, NULL), NBTLS_DONE);
    CHECK_EQ(nbtls_op_take_key(op, &key), NBTLS_DONE);
    nbtls_op_free(op);
    nbtls_key_free(key);
    nbtls_key_free(KEY);
    printf("allocations %lu, frees %lu\n", g_allocs, g_frees);
    CHECK_EQ(g_allocs, g_frees);
    return CHECK_DONE();
}
