/* core/common: version, error strings, allocator, wiping, bounded reader. */
#include "common/common.h"

#include <stdlib.h>

#define NBTLS_STR2(x) #x
#define NBTLS_STR(x) NBTLS_STR2(x)

const char *nbtls_version(void) {
    return NBTLS_STR(NBTLS_VERSION_MAJOR) "." NBTLS_STR(
        NBTLS_VERSION_MINOR) "." NBTLS_STR(NBTLS_VERSION_PATCH);
}

uint32_t nbtls_version_number(void) {
    return NBTLS_VERSION_NUMBER;
}

const char *nbtls_strerror(int code) {
    switch (code) {
    case NBTLS_DONE: return "done";
    case NBTLS_IN_PROGRESS: return "in progress (budget spent, poll again)";
    case NBTLS_WANT_READ: return "want read (the connection needs input)";
    case NBTLS_WANT_WRITE: return "want write (the connection has output)";
    case NBTLS_WAIT_EXTERNAL: return "waiting for an external party";
    case NBTLS_E_INVALID_ARG: return "invalid argument";
    case NBTLS_E_NO_MEMORY: return "out of memory";
    case NBTLS_E_BAD_STATE: return "call not valid in this state";
    case NBTLS_E_BUFFER_TOO_SMALL: return "output buffer too small";
    case NBTLS_E_BAD_KEY: return "invalid key or point";
    case NBTLS_E_BAD_SIGNATURE: return "bad signature";
    case NBTLS_E_RNG: return "random generator failed";
    case NBTLS_E_UNSUPPORTED: return "unsupported";
    case NBTLS_E_DECRYPT: return "decryption failed (authentication)";
    case NBTLS_E_INTERNAL: return "internal consistency check failed";
    case NBTLS_E_CERTIFICATE: return "certificate or chain not acceptable";
    default: return "unknown error";
    }
}

/* The one piece of global mutable state: the optional allocator hook. */
static void *(*g_alloc)(size_t) = malloc;
static void (*g_free)(void *) = free;

int nbtls_set_allocator(void *(*alloc_fn)(size_t), void (*free_fn)(void *)) {
    if (alloc_fn == NULL && free_fn == NULL) {
        g_alloc = malloc;
        g_free = free;
        return NBTLS_DONE;
    }
    NBTLS_ENSURE(alloc_fn != NULL && free_fn != NULL, NBTLS_E_INVALID_ARG);
    g_alloc = alloc_fn;
    g_free = free_fn;
    return NBTLS_DONE;
}

void *nbtls_calloc(size_t size) {
    void *p = g_alloc(size ? size : 1);
    if (p != NULL) memset(p, 0, size);
    return p;
}

void nbtls_wipe(void *p, size_t len) {
    if (p == NULL || len == 0) return;
    memset(p, 0, len);
#if defined(__GNUC__)
    /* The compiler must assume the asm reads the memory: the memset stays. */
    __asm__ __volatile__("" : : "r"(p) : "memory");
#else
    volatile unsigned char *v = (volatile unsigned char *)p;
    for (size_t i = 0; i < len; i++)
        v[i] = 0;
#endif
}

void nbtls_free_wipe(void *p, size_t size) {
    if (p == NULL) return;
    nbtls_wipe(p, size);
    g_free(p);
}

int nbtls_copy_out(const unsigned char *src, size_t len, unsigned char *out,
                   size_t out_size, size_t *out_len) {
    NBTLS_ENSURE(out_len != NULL, NBTLS_E_INVALID_ARG);
    *out_len = len;
    NBTLS_ENSURE(out != NULL || len == 0, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(out_size >= len, NBTLS_E_BUFFER_TOO_SMALL);
    if (len) memcpy(out, src, len);
    return NBTLS_DONE;
}

int nbtls_reader_take(nbtls_reader *r, size_t n, const unsigned char **out) {
    NBTLS_ENSURE(nbtls_reader_left(r) >= n, NBTLS_E_INVALID_ARG);
    *out = r->pos;
    r->pos += n;
    return NBTLS_DONE;
}

int nbtls_reader_u8(nbtls_reader *r, uint8_t *out) {
    const unsigned char *p;
    NBTLS_GUARD(nbtls_reader_take(r, 1, &p));
    *out = p[0];
    return NBTLS_DONE;
}

int nbtls_reader_be(nbtls_reader *r, size_t n, uint32_t *out) {
    const unsigned char *p;
    NBTLS_ENSURE(n >= 1 && n <= 4, NBTLS_E_INVALID_ARG);
    NBTLS_GUARD(nbtls_reader_take(r, n, &p));
    uint32_t v = 0;
    for (size_t i = 0; i < n; i++)
        v = (v << 8) | p[i];
    *out = v;
    return NBTLS_DONE;
}

int nbtls_reader_sub(nbtls_reader *r, size_t n, nbtls_reader *sub) {
    const unsigned char *p;
    NBTLS_GUARD(nbtls_reader_take(r, n, &p));
    nbtls_reader_init(sub, p, n);
    return NBTLS_DONE;
}

int nbtls_reader_expect_end(const nbtls_reader *r) {
    return r->pos == r->end ? NBTLS_DONE : NBTLS_E_INVALID_ARG;
}
