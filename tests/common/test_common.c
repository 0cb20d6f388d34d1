/* core/common: error strings, version, allocator hook, bounded reader. */
#include "check.h"
#include "common/common.h"

static int g_allocs;
static void *count_alloc(void *ctx, size_t n) {
    (void)ctx;
    g_allocs++;
    return malloc(n);
}
static void count_free(void *ctx, void *p) {
    (void)ctx;
    free(p);
}

int main(void) {
    /* Every defined code has its own text; unknown codes say so. */
    static const int codes[] = {
        NBTLS_DONE, NBTLS_IN_PROGRESS, NBTLS_WANT_READ, NBTLS_WANT_WRITE,
        NBTLS_WAIT_EXTERNAL, NBTLS_E_INVALID_ARG, NBTLS_E_NO_MEMORY,
        NBTLS_E_BAD_STATE, NBTLS_E_BUFFER_TOO_SMALL, NBTLS_E_BAD_KEY,
        NBTLS_E_BAD_SIGNATURE, NBTLS_E_RNG, NBTLS_E_UNSUPPORTED,
        NBTLS_E_DECRYPT, NBTLS_E_INTERNAL, NBTLS_E_CERTIFICATE,
        NBTLS_E_PROTOCOL, NBTLS_E_PEER_ALERT, NBTLS_E_HANDSHAKE, NBTLS_E_CLOSED};
    for (size_t i = 0; i < NBTLS_ARRAY_LEN(codes); i++) {
        CHECK(strcmp(nbtls_strerror(codes[i]), "unknown error") != 0);
        for (size_t j = 0; j < i; j++)
            CHECK(strcmp(nbtls_strerror(codes[i]), nbtls_strerror(codes[j])));
    }
    CHECK(strcmp(nbtls_strerror(-12345), "unknown error") == 0);
    /* The ABI numbers themselves never change. */
    CHECK_EQ(NBTLS_E_INVALID_ARG, -1);
    CHECK_EQ(NBTLS_E_UNSUPPORTED, -8);
    CHECK_EQ(NBTLS_E_DECRYPT, -9);
    CHECK_EQ(NBTLS_E_CERTIFICATE, -11);
    CHECK_EQ(NBTLS_E_PROTOCOL, -12);
    CHECK_EQ(NBTLS_E_PEER_ALERT, -13);
    CHECK_EQ(NBTLS_E_HANDSHAKE, -14);
    CHECK_EQ(NBTLS_E_CLOSED, -15);
    CHECK_EQ(NBTLS_WAIT_EXTERNAL, 4);

    CHECK(strcmp(nbtls_version(), "0.1.0") == 0);
    CHECK_EQ(nbtls_version_number(), NBTLS_VERSION_NUMBER);

    /* Allocator hook: both or neither. */
    CHECK_EQ(nbtls_set_allocator(count_alloc, NULL, NULL), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_set_allocator(NULL, count_free, NULL), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_set_allocator(count_alloc, count_free, NULL), NBTLS_DONE);
    void *p = nbtls_calloc(10);
    CHECK(p != NULL);
    CHECK_EQ(g_allocs, 1);
    nbtls_free_wipe(p, 10);
    CHECK_EQ(nbtls_set_allocator(NULL, NULL, NULL), NBTLS_DONE);
    p = nbtls_calloc(10);
    CHECK_EQ(g_allocs, 1);
    nbtls_free_wipe(p, 10);

    /* Bounded reader. */
    static const unsigned char buf[] = {1, 0x02, 0x03, 0xaa, 0xbb, 0xcc};
    nbtls_reader r, sub;
    nbtls_reader_init(&r, buf, sizeof buf);
    uint8_t b;
    uint32_t v;
    const unsigned char *q;
    CHECK_EQ(nbtls_reader_u8(&r, &b), 0);
    CHECK_EQ(b, 1);
    CHECK_EQ(nbtls_reader_be(&r, 2, &v), 0);
    CHECK_EQ(v, 0x0203);
    CHECK_EQ(nbtls_reader_be(&r, 5, &v), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_reader_sub(&r, 2, &sub), 0);
    CHECK_EQ(nbtls_reader_left(&sub), 2);
    CHECK_EQ(nbtls_reader_expect_end(&sub), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_reader_take(&sub, 2, &q), 0);
    CHECK_EQ(nbtls_reader_expect_end(&sub), 0);
    CHECK_EQ(nbtls_reader_take(&r, 2, &q), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_reader_left(&r), 1);

    /* copy_out reports the size needed. */
    unsigned char out[4];
    size_t n = 0;
    CHECK_EQ(nbtls_copy_out(buf, 6, out, sizeof out, &n),
             NBTLS_E_BUFFER_TOO_SMALL);
    CHECK_EQ(n, 6);
    CHECK_EQ(nbtls_copy_out(buf, 3, out, sizeof out, &n), 0);
    CHECK_MEM(out, buf, 3);

    /* Constant-time helpers. */
    CHECK_EQ(nbtls_ct_eq64(5, 5), UINT64_MAX);
    CHECK_EQ(nbtls_ct_eq64(5, 6), 0);
    CHECK_EQ(nbtls_ct_lt32(1, 2), UINT32_MAX);
    CHECK_EQ(nbtls_ct_lt32(2, 1), 0);
    CHECK_EQ(nbtls_ct_lt32(0, UINT32_MAX), UINT32_MAX);
    CHECK_EQ(nbtls_ct_memcmp("abc", "abc", 3), 0);
    CHECK(nbtls_ct_memcmp("abc", "abd", 3) != 0);
    return CHECK_DONE();
}
