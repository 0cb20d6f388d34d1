/*
 * The test check macros: they never compile out (unlike assert under
 * NDEBUG). A test program calls CHECK*() and ends with CHECK_DONE(), which
 * prints "N passed, N failed" and returns the exit status.
 */
#ifndef NBTLS_TESTS_CHECK_H
#define NBTLS_TESTS_CHECK_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned long check_passed_, check_failed_;

#define CHECK(cond)                                                          \
    do {                                                                     \
        if (cond) {                                                          \
            check_passed_++;                                                 \
        } else {                                                             \
            check_failed_++;                                                 \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__,           \
                    __LINE__, #cond);                                        \
        }                                                                    \
    } while (0)

/* Compare two ints and show both on failure (status codes). */
#define CHECK_EQ(a, b)                                                       \
    do {                                                                     \
        long long check_a_ = (long long)(a), check_b_ = (long long)(b);      \
        if (check_a_ == check_b_) {                                          \
            check_passed_++;                                                 \
        } else {                                                             \
            check_failed_++;                                                 \
            fprintf(stderr, "%s:%d: CHECK_EQ failed: %s == %s (%lld vs %lld)\n", \
                    __FILE__, __LINE__, #a, #b, check_a_, check_b_);         \
        }                                                                    \
    } while (0)

#define CHECK_MEM(a, b, len) CHECK(memcmp((a), (b), (len)) == 0)

#define CHECK_DONE()                                                         \
    (printf("%lu passed, %lu failed\n", check_passed_, check_failed_),       \
     (check_failed_ == 0 && check_passed_ > 0) ? 0 : 1)

/* Parse hex into out (at most out_size bytes); returns the byte count, or
 * -1 on bad hex. */
static inline long check_hex(const char *hex, unsigned char *out,
                             size_t out_size) {
    size_t n = strlen(hex);
    if (n % 2 || n / 2 > out_size) return -1;
    for (size_t i = 0; i < n / 2; i++) {
        unsigned v;
        if (sscanf(hex + 2 * i, "%2x", &v) != 1) return -1;
        out[i] = (unsigned char)v;
    }
    return (long)(n / 2);
}

#endif
