/*
 * A checking allocator for nbtls_set_allocator(): every block nbtls frees
 * must be ALL ZERO when free_fn is called (nbtls wipes a block, its header
 * included, before it gives it back: nbtls.h). Checking every byte, rather
 * than searching freed blocks for copies of known secrets, also catches
 * secrets the test cannot predict: limb and Montgomery forms, recoded
 * digits, hash and cipher states. The first dirty blocks are described on
 * stderr. One includer per program; include "check.h" first.
 */
#ifndef NBTLS_TESTS_WIPE_ALLOC_H
#define NBTLS_TESTS_WIPE_ALLOC_H

#include <stddef.h>
#include <stdlib.h>

typedef union {
    size_t size;
    max_align_t align;
} wipe_hdr;

static unsigned long g_wipe_blocks, g_wipe_dirty, g_wipe_allocs;
static int g_wipe_ctx; /* its address is the ctx */

/* Optional: called with a dirty block, to say what it still holds. */
static void (*g_wipe_describe)(const unsigned char *b, size_t size);

static void *wipe_alloc(void *ctx, size_t n) {
    if (ctx != &g_wipe_ctx) return NULL;
    wipe_hdr *h = (wipe_hdr *)malloc(sizeof(wipe_hdr) + n);
    if (h == NULL) return NULL;
    h->size = n;
    g_wipe_allocs++;
    return h + 1;
}

static void wipe_free(void *ctx, void *p) {
    if (p == NULL || ctx != &g_wipe_ctx) return;
    wipe_hdr *h = (wipe_hdr *)p - 1;
    const unsigned char *b = (const unsigned char *)p;
    g_wipe_blocks++;
    size_t i = 0;
    while (i < h->size && b[i] == 0)
        i++;
    if (i < h->size) {
        if (g_wipe_dirty++ < 5) {
            fprintf(stderr,
                    "freed block of %zu bytes not wiped: byte %zu is 0x%02x\n",
                    h->size, i, b[i]);
            if (g_wipe_describe != NULL) g_wipe_describe(b, h->size);
        }
    }
    free(h);
}

static void wipe_install(void) {
    CHECK_EQ(nbtls_set_allocator(wipe_alloc, wipe_free, &g_wipe_ctx),
             NBTLS_DONE);
}

/* Restore malloc; check that `min_blocks` or more blocks were freed (the
 * test really ran under the hook), all of them wiped, and none leaked. */
static void wipe_finish(const char *what, unsigned long min_blocks) {
    CHECK_EQ(nbtls_set_allocator(NULL, NULL, NULL), NBTLS_DONE);
    printf("%s: %lu freed blocks checked, %lu not all zero\n", what,
           g_wipe_blocks, g_wipe_dirty);
    CHECK(g_wipe_blocks >= min_blocks);
    CHECK_EQ(g_wipe_blocks, g_wipe_allocs);
    CHECK_EQ(g_wipe_dirty, 0);
}

#endif
