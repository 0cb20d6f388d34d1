/*
 * core/common: a thread-safe reference count (keys, later configs).
 *
 * The count is atomic: C11 <stdatomic.h> where the compiler has it (not
 * __STDC_NO_ATOMICS__), else the GCC/Clang __atomic builtins, else MSVC's
 * Interlocked functions. A toolchain with none of these does not build
 * unless NBTLS_NO_THREADS is defined, which makes the count a plain integer:
 * objects must then never be shared between threads (nbtls.h,
 * nbtls_key_up_ref).
 *
 * Ordering: taking a reference is relaxed (the taker already holds one, so
 * the object cannot go away under it); dropping one is acquire-release, so
 * every access made through any reference happens before the object is
 * wiped and freed by the drop that reaches zero. (A release drop followed by
 * an acquire fence on the last one is enough in the C11 model, but
 * ThreadSanitizer does not model fences and reported the free as racing
 * with another thread's earlier read of the key: test_threads, build-tsan.)
 *
 * The count saturates: at NBTLS_REFS_MAX it stays there and the object is
 * never freed (a leak instead of a use after free; reaching it takes
 * 2^32 - 1 live references at once, i.e. a leak in the caller).
 */
#ifndef NBTLS_CORE_COMMON_REFCOUNT_H
#define NBTLS_CORE_COMMON_REFCOUNT_H

#include <stdint.h>

#define NBTLS_REFS_MAX UINT32_MAX

#if !defined(__STDC_NO_ATOMICS__) && !defined(NBTLS_NO_THREADS)
#include <stdatomic.h>
typedef _Atomic uint32_t nbtls_refs;
static inline void nbtls_refs_init(nbtls_refs *r) {
    atomic_init(r, 1);
}
static inline uint32_t nbtls_refs_get(nbtls_refs *r) {
    return atomic_load_explicit(r, memory_order_relaxed);
}
static inline void nbtls_refs_up(nbtls_refs *r) {
    uint32_t cur = atomic_load_explicit(r, memory_order_relaxed);
    do {
        if (cur == NBTLS_REFS_MAX) return; /* saturated */
    } while (!atomic_compare_exchange_weak_explicit(
        r, &cur, cur + 1, memory_order_relaxed, memory_order_relaxed));
}
/* 1 when this was the last reference: the caller frees the object. */
static inline int nbtls_refs_down(nbtls_refs *r) {
    uint32_t cur = atomic_load_explicit(r, memory_order_relaxed);
    do {
        if (cur == NBTLS_REFS_MAX) return 0; /* saturated: never freed */
    } while (!atomic_compare_exchange_weak_explicit(
        r, &cur, cur - 1, memory_order_acq_rel, memory_order_relaxed));
    return cur == 1;
}
#elif defined(__GNUC__) && !defined(NBTLS_NO_THREADS)
typedef uint32_t nbtls_refs;
static inline void nbtls_refs_init(nbtls_refs *r) {
    __atomic_store_n(r, 1, __ATOMIC_RELAXED);
}
static inline uint32_t nbtls_refs_get(nbtls_refs *r) {
    return __atomic_load_n(r, __ATOMIC_RELAXED);
}
static inline void nbtls_refs_up(nbtls_refs *r) {
    uint32_t cur = __atomic_load_n(r, __ATOMIC_RELAXED);
    do {
        if (cur == NBTLS_REFS_MAX) return;
    } while (!__atomic_compare_exchange_n(r, &cur, cur + 1, 1, __ATOMIC_RELAXED,
                                          __ATOMIC_RELAXED));
}
static inline int nbtls_refs_down(nbtls_refs *r) {
    uint32_t cur = __atomic_load_n(r, __ATOMIC_RELAXED);
    do {
        if (cur == NBTLS_REFS_MAX) return 0;
    } while (!__atomic_compare_exchange_n(r, &cur, cur - 1, 1, __ATOMIC_ACQ_REL,
                                          __ATOMIC_RELAXED));
    return cur == 1;
}
#elif defined(_MSC_VER) && !defined(NBTLS_NO_THREADS)
#include <intrin.h>
typedef volatile long nbtls_refs; /* MSVC: long is 32 bits */
static inline void nbtls_refs_init(nbtls_refs *r) {
    *r = 1;
}
static inline uint32_t nbtls_refs_get(nbtls_refs *r) {
    return (uint32_t)_InterlockedCompareExchange(r, 0, 0);
}
static inline void nbtls_refs_up(nbtls_refs *r) {
    long cur = *r;
    for (;;) {
        if ((uint32_t)cur == NBTLS_REFS_MAX) return;
        long seen = _InterlockedCompareExchange(r, cur + 1, cur);
        if (seen == cur) return;
        cur = seen;
    }
}
static inline int nbtls_refs_down(nbtls_refs *r) {
    long cur = *r;
    for (;;) {
        if ((uint32_t)cur == NBTLS_REFS_MAX) return 0;
        long seen = _InterlockedCompareExchange(r, cur - 1, cur); /* full */
        if (seen == cur) return cur == 1;
        cur = seen;
    }
}
#elif defined(NBTLS_NO_THREADS)
typedef uint32_t nbtls_refs;
static inline void nbtls_refs_init(nbtls_refs *r) {
    *r = 1;
}
static inline uint32_t nbtls_refs_get(nbtls_refs *r) {
    return *r;
}
static inline void nbtls_refs_up(nbtls_refs *r) {
    if (*r != NBTLS_REFS_MAX) ++*r;
}
static inline int nbtls_refs_down(nbtls_refs *r) {
    if (*r == NBTLS_REFS_MAX) return 0;
    return --*r == 0;
}
#else
#error                                                                         \
    "no atomic operations for the reference count: define NBTLS_NO_THREADS to build for a single thread"
#endif

#endif /* NBTLS_CORE_COMMON_REFCOUNT_H */
