/*
 * SHA-256/384/512 through the public API (nbtls/sym.h), on the accelerated
 * AND the portable path (core/cpu's internal switch).
 *
 * Vectors: FIPS 180-4 examples ("abc", the 448-bit and 896-bit messages,
 * one million 'a') and the empty string, digests as published in the NIST
 * example files (checked against Python hashlib). Every vector is also
 * hashed byte by byte, split at every position, and finished from a clone
 * taken mid-stream (BearSSL style). The SHA-NI block function is compared
 * with the portable one on pseudo-random data of every length 0..600.
 */
#include "check.h"
#include "cpu/cpu.h"
#include "hash/sha256.h"
#include "nbtls/sym.h"

static const char M448[] =
    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
static const char M896[] =
    "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
    "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";

struct vec {
    int alg;
    const char *msg; /* NULL: one million 'a' */
    const char *digest;
};

static const struct vec VECS[] = {
    {NBTLS_SHA256, "abc",
     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
    {NBTLS_SHA256, "",
     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
    {NBTLS_SHA256, M448,
     "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
    {NBTLS_SHA256, M896,
     "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
    {NBTLS_SHA256, NULL,
     "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
    {NBTLS_SHA384, "abc",
     "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
     "8086072ba1e7cc2358baeca134c825a7"},
    {NBTLS_SHA384, "",
     "38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da"
     "274edebfe76f65fbd51ad2f14898b95b"},
    {NBTLS_SHA384, M448,
     "3391fdddfc8dc7393707a65b1b4709397cf8b1d162af05abfe8f450de5f36bc6"
     "b0455a8520bc4e6f5fe95b1fe3c8452b"},
    {NBTLS_SHA384, M896,
     "09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712"
     "fcc7c71a557e2db966c3e9fa91746039"},
    {NBTLS_SHA384, NULL,
     "9d0e1809716474cb086e834e310a4a1ced149e9c00f248527972cec5704c2a5b"
     "07b8b3dc38ecc4ebae97ddd87f3d8985"},
    {NBTLS_SHA512, "abc",
     "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
     "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"},
    {NBTLS_SHA512, "",
     "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
     "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e"},
    {NBTLS_SHA512, M448,
     "204a8fc6dda82f0a0ced7beb8e08a41657c16ef468b228a8279be331a703c335"
     "96fd15c13b1b07f9aa1d3bea57789ca031ad85c7a71dd70354ec631238ca3445"},
    {NBTLS_SHA512, M896,
     "8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018"
     "501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909"},
    {NBTLS_SHA512, NULL,
     "e718483d0ce769644e2e42c7bc15b4638e1f98b13b2044285632a803afa973eb"
     "de0ff244877ea60a4cb0432ce577c31beb009c5c2c49aa2e4eadb217ad8cc09b"},
};

static void run_vector(const struct vec *v) {
    unsigned char want[64], got[64];
    size_t n = 0, wn = (size_t)check_hex(v->digest, want, sizeof want);
    CHECK_EQ(nbtls_hash_len(v->alg), wn);
    nbtls_hash_ctx *c = NULL, *d = NULL;
    if (v->msg == NULL) { /* one million 'a', streamed in odd chunks */
        unsigned char a[1000];
        memset(a, 'a', sizeof a);
        CHECK_EQ(nbtls_hash_new(&c, v->alg), NBTLS_DONE);
        size_t left = 1000000;
        for (size_t k = 1; left; k = k * 7 % 997 + 1) {
            size_t t = k < left ? k : left;
            CHECK_EQ(nbtls_hash_update(c, a, t), NBTLS_DONE);
            left -= t;
        }
        CHECK_EQ(nbtls_hash_final(c, got, sizeof got, &n), NBTLS_DONE);
        CHECK_EQ(n, wn);
        CHECK_MEM(got, want, wn);
        nbtls_hash_free(c);
        return;
    }
    const unsigned char *m = (const unsigned char *)v->msg;
    size_t len = strlen(v->msg);
    /* whole */
    CHECK_EQ(nbtls_hash(v->alg, m, len, got, sizeof got, &n), NBTLS_DONE);
    CHECK_EQ(n, wn);
    CHECK_MEM(got, want, wn);
    /* byte by byte */
    CHECK_EQ(nbtls_hash_new(&c, v->alg), NBTLS_DONE);
    for (size_t i = 0; i < len; i++)
        CHECK_EQ(nbtls_hash_update(c, m + i, 1), NBTLS_DONE);
    memset(got, 0, sizeof got);
    CHECK_EQ(nbtls_hash_final(c, got, sizeof got, &n), NBTLS_DONE);
    CHECK_MEM(got, want, wn);
    /* split at every position, and from a clone taken at the split; the
     * context is reused after final (final resets it). */
    for (size_t s = 0; s <= len; s++) {
        CHECK_EQ(nbtls_hash_update(c, m, s), NBTLS_DONE);
        CHECK_EQ(nbtls_hash_clone(c, &d), NBTLS_DONE);
        CHECK_EQ(nbtls_hash_update(c, m + s, len - s), NBTLS_DONE);
        memset(got, 0, sizeof got);
        CHECK_EQ(nbtls_hash_final(c, got, sizeof got, &n), NBTLS_DONE);
        CHECK_MEM(got, want, wn);
        /* the clone diverges: absorb garbage into it first, then a second
         * clone of the original state must still give the digest */
        CHECK_EQ(nbtls_hash_update(d, m + s, len - s), NBTLS_DONE);
        memset(got, 0, sizeof got);
        CHECK_EQ(nbtls_hash_final(d, got, sizeof got, &n), NBTLS_DONE);
        CHECK_MEM(got, want, wn);
        nbtls_hash_free(d);
        d = NULL;
    }
    nbtls_hash_free(c);
}

/* A small deterministic generator for test data (not for keys). */
static uint64_t rng_state = 0x9e3779b97f4a7c15ULL;
static unsigned char rnd8(void) {
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned char)(rng_state >> 24);
}

static void compare_block_functions(void) {
#if NBTLS_X86_ACCEL
    nbtls_cpu_force_portable(0);
    if (!(nbtls_cpu_features() & NBTLS_CPU_SHANI)) {
        printf("SHA-NI absent: block-function comparison skipped\n");
        return;
    }
    unsigned char buf[64 * 20];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = rnd8();
    for (size_t nb = 0; nb <= 20; nb++) {
        uint32_t h1[8] = {1, 2, 3, 4, 5, 6, 7, 8}, h2[8];
        for (int i = 0; i < 8; i++)
            h1[i] = (uint32_t)rnd8() * 0x01010101u;
        memcpy(h2, h1, sizeof h1);
        nbtls_sha256_blocks_portable(h1, buf, nb);
        nbtls_sha256_blocks_shani(h2, buf, nb);
        CHECK_MEM(h1, h2, sizeof h1);
    }
#endif
}

/* Every length 0..600 hashed on both paths must agree. */
static void compare_paths(void) {
    unsigned char buf[600], a[64], b[64];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = rnd8();
    static const int algs[] = {NBTLS_SHA256, NBTLS_SHA384, NBTLS_SHA512};
    for (size_t k = 0; k < 3; k++) {
        for (size_t len = 0; len <= sizeof buf; len++) {
            size_t n;
            nbtls_cpu_force_portable(0);
            CHECK_EQ(nbtls_hash(algs[k], buf, len, a, 64, &n), NBTLS_DONE);
            nbtls_cpu_force_portable(1);
            CHECK_EQ(nbtls_hash(algs[k], buf, len, b, 64, &n), NBTLS_DONE);
            CHECK_MEM(a, b, n);
        }
    }
    nbtls_cpu_force_portable(0);
}

static void bad_args(void) {
    unsigned char out[64];
    size_t n = 0;
    nbtls_hash_ctx *c = NULL;
    CHECK_EQ(nbtls_hash_len(0), NBTLS_E_UNSUPPORTED);
    CHECK_EQ(nbtls_hash_len(4), NBTLS_E_UNSUPPORTED);
    CHECK_EQ(nbtls_hash(99, NULL, 0, out, 64, &n), NBTLS_E_UNSUPPORTED);
    CHECK_EQ(nbtls_hash(NBTLS_SHA256, NULL, 1, out, 64, &n),
             NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_hash(NBTLS_SHA256, NULL, 0, NULL, 64, &n),
             NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_hash(NBTLS_SHA256, NULL, 0, out, 64, NULL),
             NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_hash(NBTLS_SHA512, NULL, 0, out, 63, &n),
             NBTLS_E_BUFFER_TOO_SMALL);
    CHECK_EQ(n, 64);
    CHECK_EQ(nbtls_hash_new(NULL, NBTLS_SHA256), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_hash_new(&c, 7), NBTLS_E_UNSUPPORTED);
    CHECK(c == NULL);
    CHECK_EQ(nbtls_hash_new(&c, NBTLS_SHA384), NBTLS_DONE);
    CHECK_EQ(nbtls_hash_ctx_alg(c), NBTLS_SHA384);
    CHECK_EQ(nbtls_hash_ctx_alg(NULL), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_hash_update(c, NULL, 3), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_hash_update(NULL, out, 3), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_hash_update(c, NULL, 0), NBTLS_DONE);
    nbtls_hash_ctx *d = c;
    CHECK_EQ(nbtls_hash_clone(NULL, &d), NBTLS_E_INVALID_ARG);
    CHECK(d == NULL);
    CHECK_EQ(nbtls_hash_clone(c, NULL), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_hash_final(c, out, 47, &n), NBTLS_E_BUFFER_TOO_SMALL);
    CHECK_EQ(n, 48);
    CHECK_EQ(nbtls_hash_final(c, NULL, 64, &n), NBTLS_E_INVALID_ARG);
    nbtls_hash_free(c);
    nbtls_hash_free(NULL);
}

int main(void) {
    for (int path = 0; path < 2; path++) {
        nbtls_cpu_force_portable(path);
        printf("path: %s (accel bits %d)\n", path ? "portable" : "accelerated",
               nbtls_sym_accel());
        for (size_t i = 0; i < sizeof VECS / sizeof VECS[0]; i++)
            run_vector(&VECS[i]);
        bad_args();
    }
    nbtls_cpu_force_portable(0);
    compare_block_functions();
    compare_paths();
    return CHECK_DONE();
}
