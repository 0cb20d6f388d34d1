/*
 * core/common: what every layer of nbtls uses — error-flow macros,
 * constant-time helpers, the allocator, secure wiping, the constant-time
 * checking hooks and the bounded reader.
 *
 * Conventions for internal functions (see DEVELOPERS.md, STYLE.md):
 *   - return int: 0 (NBTLS_DONE) or an NBTLS_E_* code, marked NBTLS_MUST_CHECK;
 *   - one exit that wipes secrets; GUARD()/ENSURE() for early errors;
 *   - state each function's preconditions (ranges, aliasing) in its comment.
 */
#ifndef NBTLS_CORE_COMMON_H
#define NBTLS_CORE_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "nbtls/nbtls.h"

#if defined(__GNUC__)
#define NBTLS_MUST_CHECK __attribute__((warn_unused_result))
#define NBTLS_UNUSED __attribute__((unused))
#else
#define NBTLS_MUST_CHECK
#define NBTLS_UNUSED
#endif

/* ---- Error flow (s2n style) ------------------------------------------- */

/* Fail with `err` unless `cond` holds. */
#define NBTLS_ENSURE(cond, err)                                                \
    do {                                                                       \
        if (!(cond)) return (err);                                             \
    } while (0)

/* Propagate a negative status from `expr`. */
#define NBTLS_GUARD(expr)                                                      \
    do {                                                                       \
        int nbtls_guard_rc_ = (expr);                                          \
        if (nbtls_guard_rc_ < 0) return nbtls_guard_rc_;                       \
    } while (0)

/* As NBTLS_GUARD but jumps to `cleanup` with `rc` set, for functions with a
 * single wiping exit. */
#define NBTLS_GUARD_GOTO(rc, expr)                                             \
    do {                                                                       \
        (rc) = (expr);                                                         \
        if ((rc) < 0) goto cleanup;                                            \
    } while (0)

#define NBTLS_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* ---- Memory -------------------------------------------------------------- */

/* Allocate `size` zeroed bytes with the allocator hook configured now
 * (nbtls_set_allocator); NULL on failure. A header before the returned
 * pointer (a multiple of sizeof(max_align_t) bytes, not part of `size`)
 * records the hook's free function and context. The only allocation
 * function of the library: every object comes from here. */
void *nbtls_calloc(size_t size);
/* Wipe `size` bytes of `p` (the size it was allocated with) and its header,
 * and free the block with the free function and context recorded when it was
 * allocated (not the hook configured now). NULL is a no-op. The only free
 * function of the library. */
void nbtls_free_wipe(void *p, size_t size);
/* Overwrite `len` bytes with zeros in a way the compiler cannot remove. */
void nbtls_wipe(void *p, size_t len);

/* ---- Randomness ------------------------------------------------------------
 */

/* Fill `out` from `rng` (NULL: the OS generator). 0 or NBTLS_E_RNG. */
NBTLS_MUST_CHECK int nbtls_rng_fill(nbtls_rng_fn rng, void *ctx,
                                    unsigned char *out, size_t len);

/* ---- Constant-time helpers --------------------------------------------- */
/* Masks are all-ones (true) or all-zeros (false). None of these branch. */

/* Hide a value from the optimiser so it cannot turn mask arithmetic back
 * into branches. */
static inline uint64_t nbtls_ct_barrier64(uint64_t x) {
#if defined(__GNUC__)
    __asm__("" : "+r"(x));
#endif
    return x;
}
static inline uint32_t nbtls_ct_barrier32(uint32_t x) {
#if defined(__GNUC__)
    __asm__("" : "+r"(x));
#endif
    return x;
}
/* all-ones if x != 0 */
static inline uint64_t nbtls_ct_nonzero64(uint64_t x) {
    return nbtls_ct_barrier64(0 - ((x | (0 - x)) >> 63));
}
/* all-ones if x == 0 */
static inline uint64_t nbtls_ct_iszero64(uint64_t x) {
    return ~nbtls_ct_nonzero64(x);
}
static inline uint64_t nbtls_ct_eq64(uint64_t a, uint64_t b) {
    return nbtls_ct_iszero64(a ^ b);
}
static inline uint32_t nbtls_ct_nonzero32(uint32_t x) {
    return nbtls_ct_barrier32(0 - ((x | (0 - x)) >> 31));
}
static inline uint32_t nbtls_ct_eq32(uint32_t a, uint32_t b) {
    return ~nbtls_ct_nonzero32(a ^ b);
}
/* all-ones if a < b (unsigned) */
static inline uint32_t nbtls_ct_lt32(uint32_t a, uint32_t b) {
    return nbtls_ct_barrier32(0 -
                              (uint32_t)(((uint64_t)a - (uint64_t)b) >> 63));
}
/* mask ? a : b */
static inline uint64_t nbtls_ct_select64(uint64_t mask, uint64_t a,
                                         uint64_t b) {
    return b ^ (mask & (a ^ b));
}
static inline uint32_t nbtls_ct_select32(uint32_t mask, uint32_t a,
                                         uint32_t b) {
    return b ^ (mask & (a ^ b));
}
/* 0 if a[0..len) == b[0..len), non-zero otherwise; time depends on len
 * only. */
static inline int nbtls_ct_memcmp(const void *a, const void *b, size_t len) {
    const unsigned char *x = (const unsigned char *)a;
    const unsigned char *y = (const unsigned char *)b;
    unsigned char acc = 0;
    for (size_t i = 0; i < len; i++)
        acc |= (unsigned char)(x[i] ^ y[i]);
    return (int)(nbtls_ct_nonzero32(acc) & 1);
}

/* ---- Constant-time checking (ctgrind) -------------------------------------
 * Built with -DNBTLS_CTGRIND, these tell valgrind's memcheck that bytes are
 * secret (undefined: any branch or index on them is reported) or public
 * again (declassified: the algorithm reveals them anyway, e.g. a signature).
 * Otherwise they compile to nothing. */
#if defined(NBTLS_CTGRIND)
#include <valgrind/memcheck.h>
#define NBTLS_CT_SECRET(p, len) VALGRIND_MAKE_MEM_UNDEFINED((p), (len))
#define NBTLS_CT_PUBLIC(p, len) VALGRIND_MAKE_MEM_DEFINED((p), (len))
#else
#define NBTLS_CT_SECRET(p, len) ((void)(p), (void)(len))
#define NBTLS_CT_PUBLIC(p, len) ((void)(p), (void)(len))
#endif

/* ---- Bounded reader (s2n's stuffer, picotls' decode_block) -----------------
 * All parsing goes through this: a reader never reads past `end`, and every
 * failure is sticky. Invariant: start <= pos <= end. */
typedef struct {
    const unsigned char *pos;
    const unsigned char *end;
} nbtls_reader;

static inline void nbtls_reader_init(nbtls_reader *r, const unsigned char *p,
                                     size_t len) {
    r->pos = p;
    r->end = p + len;
}
static inline size_t nbtls_reader_left(const nbtls_reader *r) {
    return (size_t)(r->end - r->pos);
}
/* Take `n` bytes: *out points at them. NBTLS_E_INVALID_ARG if fewer left. */
NBTLS_MUST_CHECK int nbtls_reader_take(nbtls_reader *r, size_t n,
                                       const unsigned char **out);
/* Read one byte. */
NBTLS_MUST_CHECK int nbtls_reader_u8(nbtls_reader *r, uint8_t *out);
/* Read a big-endian integer of `n` (1..4) bytes. */
NBTLS_MUST_CHECK int nbtls_reader_be(nbtls_reader *r, size_t n, uint32_t *out);
/* Narrow: `sub` gets the next `n` bytes, `r` skips them. */
NBTLS_MUST_CHECK int nbtls_reader_sub(nbtls_reader *r, size_t n,
                                      nbtls_reader *sub);
/* NBTLS_E_INVALID_ARG unless the reader is consumed exactly. */
NBTLS_MUST_CHECK int nbtls_reader_expect_end(const nbtls_reader *r);

/* ---- Big-endian helpers
 * ------------------------------------------------------ */
static inline uint64_t nbtls_load_be64(const unsigned char *p) {
    return ((uint64_t)p[0] << 56) | ((uint64_t)p[1] << 48) |
           ((uint64_t)p[2] << 40) | ((uint64_t)p[3] << 32) |
           ((uint64_t)p[4] << 24) | ((uint64_t)p[5] << 16) |
           ((uint64_t)p[6] << 8) | (uint64_t)p[7];
}
static inline void nbtls_store_be64(unsigned char *p, uint64_t v) {
    for (int i = 7; i >= 0; i--) {
        p[i] = (unsigned char)v;
        v >>= 8;
    }
}
static inline uint32_t nbtls_load_be32(const unsigned char *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
           ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}
static inline void nbtls_store_be32(unsigned char *p, uint32_t v) {
    p[0] = (unsigned char)(v >> 24);
    p[1] = (unsigned char)(v >> 16);
    p[2] = (unsigned char)(v >> 8);
    p[3] = (unsigned char)v;
}

/* Copy a byte result to a caller's buffer with the public API's rules:
 * *out_len always gets `len`; NBTLS_E_BUFFER_TOO_SMALL if out_size < len. */
NBTLS_MUST_CHECK int nbtls_copy_out(const unsigned char *src, size_t len,
                                    unsigned char *out, size_t out_size,
                                    size_t *out_len);

#endif /* NBTLS_CORE_COMMON_H */
