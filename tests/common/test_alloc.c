/*
 * The allocator hook (nbtls.h, nbtls_set_allocator): each object is freed
 * by the hook that made it, whatever the hook is by then; ctx is passed
 * through to both functions; every freed block is all zero (header
 * included); a block less aligned than the library needs is given back and
 * the call fails with NBTLS_E_NO_MEMORY; objects keep the block's
 * alignment.
 *
 * Each tracker is a ctx: it puts its own header (an owner tag) before the
 * block it hands out, so a free function given someone else's block sees
 * it instead of corrupting the heap.
 */
#include <stdlib.h>

#include "check.h"
#include "common/common.h"

typedef struct {
    unsigned long allocs, frees;
    unsigned long foreign;   /* blocks of another tracker given to us */
    unsigned long not_wiped; /* freed blocks with a non-zero byte */
    int misalign;            /* hand out blocks 1 byte off */
} tracker;

typedef union {
    struct {
        tracker *owner;
        size_t size;
    } h;
    max_align_t align;
} track_hdr;

static void *track_alloc(void *ctx, size_t n) {
    tracker *t = (tracker *)ctx;
    if (t == NULL) return NULL; /* ctx not passed through: fails loudly */
    unsigned char *b = (unsigned char *)malloc(sizeof(track_hdr) + n + 1);
    if (b == NULL) return NULL;
    track_hdr *h = (track_hdr *)(void *)b;
    h->h.owner = t;
    h->h.size = n;
    t->allocs++;
    return b + sizeof(track_hdr) + (t->misalign ? 1 : 0);
}

static void track_free(void *ctx, void *p) {
    tracker *t = (tracker *)ctx;
    if (t == NULL) {
        /* Cannot even count it: a test failure, and a leak. */
        static int reported;
        if (!reported++) fprintf(stderr, "free_fn called without ctx\n");
        return;
    }
    if (p == NULL) return;
    unsigned char *b = (unsigned char *)p - (t->misalign ? 1 : 0);
    track_hdr *h = (track_hdr *)(void *)(b - sizeof(track_hdr));
    if (h->h.owner != t) {
        t->foreign++;
        t = h->h.owner; /* give it back to its owner's counts */
    }
    const unsigned char *q = (const unsigned char *)p;
    for (size_t i = 0; i < h->h.size; i++)
        if (q[i] != 0) {
            t->not_wiped++;
            break;
        }
    t->frees++;
    free(h);
}

static const unsigned char U9[32] = {9};

static void test_switch(void) {
    tracker A = {0}, B = {0};
    unsigned char d[32];
    memset(d, 0x5c, sizeof d);

    /* Objects made under A: keys (one import runs an op internally, which
     * is allocated and freed under A too) and an op. */
    CHECK_EQ(nbtls_set_allocator(track_alloc, track_free, &A), NBTLS_DONE);
    nbtls_key *kx = NULL, *kp = NULL;
    nbtls_op *op = NULL;
    CHECK_EQ(nbtls_key_x25519_from_public(&kx, U9), NBTLS_DONE);
    CHECK_EQ(nbtls_key_p256_from_private(&kp, d), NBTLS_DONE);
    CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, kp, d, 32),
             NBTLS_DONE);
    CHECK(kx != NULL && kp != NULL && op != NULL);
    unsigned long a_allocs = A.allocs;
    CHECK(a_allocs >= 4); /* 2 keys, the import's op, the signing op */
    CHECK_EQ(A.frees, a_allocs - 3);
    /* Objects start right after the header: the block's alignment. */
    CHECK_EQ((uintptr_t)kx % _Alignof(max_align_t), 0);
    CHECK_EQ((uintptr_t)op % _Alignof(max_align_t), 0);

    /* Switch to B: what A made is still freed by A, never by B. */
    CHECK_EQ(nbtls_set_allocator(track_alloc, track_free, &B), NBTLS_DONE);
    CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_DONE); /* allocates nothing */
    nbtls_key *kb = NULL;
    CHECK_EQ(nbtls_key_x25519_from_public(&kb, U9), NBTLS_DONE);
    CHECK_EQ(B.allocs, 1);
    nbtls_op_free(op);
    nbtls_key_free(kp);
    nbtls_key_free(kx);
    CHECK_EQ(A.allocs, a_allocs);
    CHECK_EQ(A.frees, a_allocs);
    CHECK_EQ(B.frees, 0);
    CHECK_EQ(A.foreign + B.foreign, 0);

    /* Back to malloc: B's object still goes to B. */
    CHECK_EQ(nbtls_set_allocator(NULL, NULL, NULL), NBTLS_DONE);
    nbtls_key_free(kb);
    CHECK_EQ(B.frees, 1);
    CHECK_EQ(A.foreign + B.foreign, 0);
    CHECK_EQ(A.not_wiped + B.not_wiped, 0);

    /* A failed set changes nothing. */
    CHECK_EQ(nbtls_set_allocator(track_alloc, track_free, &A), NBTLS_DONE);
    CHECK_EQ(nbtls_set_allocator(track_alloc, NULL, &B), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_key_x25519_from_public(&kb, U9), NBTLS_DONE);
    CHECK_EQ(A.allocs, a_allocs + 1);
    CHECK_EQ(B.allocs, 1);
    nbtls_key_free(kb);
    CHECK_EQ(A.frees, a_allocs + 1);
    CHECK_EQ(nbtls_set_allocator(NULL, NULL, NULL), NBTLS_DONE);
    printf("switch: A %lu/%lu, B %lu/%lu allocs/frees\n", A.allocs, A.frees,
           B.allocs, B.frees);
}

/* The header is part of every block and wiped too: the request is larger
 * than the object, by a multiple of max_align_t's size. */
static size_t g_last_request;
static void *sized_alloc(void *ctx, size_t n) {
    (void)ctx;
    g_last_request = n;
    return malloc(n);
}
static void plain_free(void *ctx, void *p) {
    (void)ctx;
    free(p);
}

static void test_header(void) {
    CHECK_EQ(nbtls_set_allocator(sized_alloc, plain_free, NULL), NBTLS_DONE);
    void *p = nbtls_calloc(100);
    CHECK(p != NULL);
    CHECK(g_last_request > 100);
    CHECK_EQ((g_last_request - 100) % sizeof(max_align_t), 0);
    nbtls_free_wipe(p, 100);
    p = nbtls_calloc(0); /* one byte, still a valid block */
    CHECK(p != NULL);
    nbtls_free_wipe(p, 1);
    CHECK(nbtls_calloc(SIZE_MAX - 8) == NULL); /* size + header overflows */
    CHECK_EQ(nbtls_set_allocator(NULL, NULL, NULL), NBTLS_DONE);
}

static void test_misaligned(void) {
    tracker M = {0};
    M.misalign = 1;
    CHECK_EQ(nbtls_set_allocator(track_alloc, track_free, &M), NBTLS_DONE);
    nbtls_key *k = (nbtls_key *)&k;
    CHECK_EQ(nbtls_key_x25519_from_public(&k, U9), NBTLS_E_NO_MEMORY);
    CHECK(k == NULL);
    nbtls_op *op = (nbtls_op *)&op;
    CHECK_EQ(nbtls_p256_keygen_start(&op, NULL, NULL), NBTLS_E_NO_MEMORY);
    CHECK(op == NULL);
    CHECK(M.allocs >= 2);
    CHECK_EQ(M.frees, M.allocs); /* every refused block given back */
    CHECK_EQ(nbtls_set_allocator(NULL, NULL, NULL), NBTLS_DONE);
}

int main(void) {
    test_switch();
    test_header();
    test_misaligned();
    return CHECK_DONE();
}
