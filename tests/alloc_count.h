/*
 * A counting allocator for nbtls_set_allocator(): tests check that every
 * allocation is freed (g_allocs == g_frees) and that polls never allocate
 * (g_allocs unchanged across nbtls_op_poll). One includer per program.
 */
#ifndef NBTLS_TESTS_ALLOC_COUNT_H
#define NBTLS_TESTS_ALLOC_COUNT_H

#include <stdlib.h>

static unsigned long g_allocs, g_frees;

static void *count_alloc(void *ctx, size_t n) {
    (void)ctx;
    g_allocs++;
    return malloc(n);
}

static void count_free(void *ctx, void *p) {
    (void)ctx;
    if (p != NULL) g_frees++;
    free(p);
}

#endif
