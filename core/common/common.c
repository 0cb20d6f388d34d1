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
    case NBTLS_E_PROTOCOL:
        return "TLS protocol error (the peer broke the protocol)";
    case NBTLS_E_PEER_ALERT: return "the TLS peer sent a fatal alert";
    case NBTLS_E_HANDSHAKE:
        return "TLS handshake failure (nothing in common with the peer)";
    case NBTLS_E_CLOSED: return "the TLS peer closed the connection";
    default: return "unknown error";
    }
}

/* The one piece of global mutable state: the optional allocator hook. Each
 * block carries, in a header before the object, the free function and
 * context of the hook that made it, so it is freed by that hook whatever
 * the hook is by then. */
static void *default_alloc(void *ctx, size_t size) {
    (void)ctx;
    return malloc(size);
}
static void default_free(void *ctx, void *ptr) {
    (void)ctx;
    free(ptr);
}

static void *(*g_alloc)(void *, size_t) = default_alloc;
static void (*g_free)(void *, void *) = default_free;
static void *g_ctx = NULL;

/* The header: its size is a multiple of every fundamental alignment, so the
 * object after it is aligned as the block alloc_fn returned. */
typedef union {
    struct {
        void (*free_fn)(void *ctx, void *ptr);
        void *ctx;
    } h;
    max_align_t align;
} alloc_header;

/* The alignment the library's objects need (uint64_t limbs and counters,
 * pointers, size_t, double): blocks less aligned are refused. */
typedef union {
    uint64_t u64;
    void *ptr;
    size_t size;
    double d;
} alloc_need;
#define ALLOC_NEED_ALIGN _Alignof(alloc_need)

int nbtls_set_allocator(void *(*alloc_fn)(void *ctx, size_t size),
                        void (*free_fn)(void *ctx, void *ptr), void *ctx) {
    if (alloc_fn == NULL && free_fn == NULL) {
        g_alloc = default_alloc;
        g_free = default_free;
        g_ctx = NULL;
        return NBTLS_DONE;
    }
    NBTLS_ENSURE(alloc_fn != NULL && free_fn != NULL, NBTLS_E_INVALID_ARG);
    g_alloc = alloc_fn;
    g_free = free_fn;
    g_ctx = ctx;
    return NBTLS_DONE;
}

void *nbtls_calloc(size_t size) {
    if (size == 0) size = 1;
    if (size > SIZE_MAX - sizeof(alloc_header)) return NULL;
    void *(*alloc_fn)(void *, size_t) = g_alloc;
    void (*free_fn)(void *, void *) = g_free;
    void *ctx = g_ctx;
    unsigned char *base =
        (unsigned char *)alloc_fn(ctx, sizeof(alloc_header) + size);
    if (base == NULL) return NULL;
    if ((uintptr_t)base % ALLOC_NEED_ALIGN != 0) {
        free_fn(ctx, base); /* the documented minimum alignment is not met */
        return NULL;
    }
    alloc_header *h = (alloc_header *)(void *)base;
    memset(base, 0, sizeof(alloc_header) + size);
    h->h.free_fn = free_fn;
    h->h.ctx = ctx;
    return base + sizeof(alloc_header);
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
    unsigned char *base = (unsigned char *)p - sizeof(alloc_header);
    alloc_header *h = (alloc_header *)(void *)base;
    void (*free_fn)(void *, void *) = h->h.free_fn;
    void *ctx = h->h.ctx;
    /* The header too: every byte of a freed block is zero. */
    nbtls_wipe(base, sizeof(alloc_header) + size);
    free_fn(ctx, base);
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
