/*
 * core/tls: the bounded writer, the pair of common.h's nbtls_reader (s2n's
 * stuffer, picotls' reserve-then-backfill blocks). Every message the library
 * builds goes through it.
 *
 * Invariant: len <= size; nothing is ever written at or beyond buf + size.
 * Failures are sticky: after the first one (too little room, a vector longer
 * than its length prefix can say, a bad mark) every later call fails with the
 * same code and leaves the buffer alone, so a builder may check once at the
 * end or GUARD every call.
 */
#ifndef NBTLS_CORE_TLS_WRITER_H
#define NBTLS_CORE_TLS_WRITER_H

#include "common/common.h"

typedef struct {
    unsigned char *buf;
    size_t size; /* capacity of buf */
    size_t len;  /* bytes written so far */
    int err;     /* 0, or the first failure (sticky) */
} nbtls_writer;

/* A vector opened by nbtls_writer_open_vec(): where its length prefix is. */
typedef struct {
    size_t at;       /* offset of the length prefix */
    size_t lenbytes; /* 1, 2 or 3 */
} nbtls_writer_vec;

/* buf may be NULL only with size 0 (every write then fails). */
void nbtls_writer_init(nbtls_writer *w, unsigned char *buf, size_t size);

static inline size_t nbtls_writer_left(const nbtls_writer *w) {
    return w->size - w->len;
}

/* Append one byte / a big-endian 16-bit / 24-bit integer (v < 2^24, else
 * NBTLS_E_INVALID_ARG) / n bytes of p (p may be NULL when n is 0; it must
 * not overlap the free space). NBTLS_E_BUFFER_TOO_SMALL if they do not fit:
 * nothing is written then. */
NBTLS_MUST_CHECK int nbtls_writer_u8(nbtls_writer *w, uint8_t v);
NBTLS_MUST_CHECK int nbtls_writer_u16(nbtls_writer *w, uint16_t v);
NBTLS_MUST_CHECK int nbtls_writer_u24(nbtls_writer *w, uint32_t v);
NBTLS_MUST_CHECK int nbtls_writer_bytes(nbtls_writer *w, const void *p,
                                        size_t n);
/* Zero-copy: reserve n bytes (zeroed) and point *out at them for the
 * caller to fill. */
NBTLS_MUST_CHECK int nbtls_writer_reserve(nbtls_writer *w, size_t n,
                                          unsigned char **out);

/* Open a vector with a `lenbytes`-byte (1, 2 or 3) length prefix: the prefix
 * is written as zeros now and back-patched by nbtls_writer_close_vec() with
 * the number of bytes written in between. Vectors nest (close them in
 * reverse order). close fails with NBTLS_E_INVALID_ARG if the body is longer
 * than 2^(8*lenbytes) - 1 or the mark does not belong to this writer. */
NBTLS_MUST_CHECK int nbtls_writer_open_vec(nbtls_writer *w, size_t lenbytes,
                                           nbtls_writer_vec *v);
NBTLS_MUST_CHECK int nbtls_writer_close_vec(nbtls_writer *w,
                                            const nbtls_writer_vec *v);

#endif /* NBTLS_CORE_TLS_WRITER_H */
