/*
 * X25519 closed-box tests (public API), driven by tests/vectors/x25519.txt
 * (RFC 7748 sections 5.2 and 6.1, small-order points rebuilt from the
 * curve, non-canonical u; provenance in the file):
 *   - every `x` record through nbtls_key_x25519_from_private +
 *     nbtls_ecdh_start at budgets 0, 1 and 7, identical results, 273 units,
 *     no poll above its budget; and the public key of k equals X25519(k, 9)
 *     computed through ECDH with the base point;
 *   - `iter`: the iterated RFC 7748 vectors (1 and 1,000 iterations; the
 *     1,000,000-iteration one only with NBTLS_SLOW_TESTS=1, ~2 minutes);
 *   - `zero`: every small-order u, with several scalars, ends the ECDH op
 *     with NBTLS_E_BAD_KEY (all-zero secret), at every budget, and the op
 *     has no result;
 *   - controls: a flipped input bit changes the output (the harness can
 *     fail).
 */
#include "check.h"
#include "x25519_util.h"

static const unsigned char NINE[32] = {9};

static void check_x(const unsigned char k[32], const unsigned char u[32],
                    const unsigned char want[32]) {
    static const uint32_t budgets[] = {0, 1, 7};
    for (size_t b = 0; b < sizeof budgets / sizeof budgets[0]; b++) {
        unsigned char out[32];
        uint64_t units = 0;
        CHECK_EQ(x_ecdh(k, u, budgets[b], out, &units), NBTLS_DONE);
        CHECK_MEM(out, want, 32);
        CHECK_EQ(units, 273);
    }
}

static void check_zero(const unsigned char u[32], uint64_t seed) {
    x_rng rng = {seed, 0};
    for (int i = 0; i < 3; i++) {
        unsigned char k[32], out[32];
        CHECK_EQ(x_rng_fn(&rng, k, 32), 0);
        CHECK_EQ(x_ecdh(k, u, (uint32_t)(i * 5), out, NULL), NBTLS_E_BAD_KEY);
    }
    /* the failed op is sticky and has no result */
    nbtls_key *key = NULL;
    nbtls_op *op = NULL;
    unsigned char k[32] = {1}, out[32];
    size_t len = 0;
    CHECK_EQ(nbtls_key_x25519_from_private(&key, k), NBTLS_DONE);
    CHECK_EQ(nbtls_ecdh_start(&op, key, u, 32), NBTLS_DONE);
    CHECK_EQ(x_run(op, 3, NULL), NBTLS_E_BAD_KEY);
    CHECK_EQ(nbtls_op_poll(op, 1), NBTLS_E_BAD_KEY);
    CHECK_EQ(nbtls_op_result(op, out, 32, &len), NBTLS_E_BAD_STATE);
    nbtls_op_free(op);
    nbtls_key_free(key);
}

static void check_iter(unsigned long n, const unsigned char want[32]) {
    unsigned char k[32], u[32], r[32];
    memcpy(k, NINE, 32);
    memcpy(u, NINE, 32);
    for (unsigned long i = 0; i < n; i++) {
        /* budget alternates so both paths are exercised */
        if (x_ecdh(k, u, (uint32_t)(i % 3), r, NULL) != NBTLS_DONE) {
            CHECK(0);
            return;
        }
        memcpy(u, k, 32);
        memcpy(k, r, 32);
    }
    CHECK_MEM(k, want, 32);
}

int main(void) {
    char path[512], line[1024];
    snprintf(path, sizeof path, "%s/x25519.txt", NBTLS_VECTORS_DIR);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (f == NULL) return CHECK_DONE();
    int nx = 0, ni = 0, nz = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        char kind[16], a[80], b[80], c[80];
        if (line[0] == '#' || line[0] == '\n') continue;
        int n = sscanf(line, "%15s %79s %79s %79s", kind, a, b, c);
        unsigned char k[32], u[32], o[32];
        if (strcmp(kind, "x") == 0 && n == 4) {
            CHECK(x_hex32(a, k) == 0 && x_hex32(b, u) == 0 &&
                  x_hex32(c, o) == 0);
            check_x(k, u, o);
            /* public key of k == X25519(k, 9) */
            unsigned char pub[32], base[32];
            size_t len = 0;
            nbtls_key *key = NULL;
            CHECK_EQ(nbtls_key_x25519_from_private(&key, k), NBTLS_DONE);
            CHECK_EQ(nbtls_key_export_public(key, pub, 32, &len), NBTLS_DONE);
            CHECK_EQ(x_ecdh(k, NINE, 1, base, NULL), NBTLS_DONE);
            CHECK_MEM(pub, base, 32);
            nbtls_key_free(key);
            /* control: a flipped bit of k (not a clamped one) or of u
             * (not the ignored top bit) changes the result */
            unsigned char out[32];
            k[5] ^= 0x10;
            CHECK_EQ(x_ecdh(k, u, 0, out, NULL), NBTLS_DONE);
            CHECK(memcmp(out, o, 32) != 0);
            k[5] ^= 0x10;
            u[7] ^= 0x01;
            int rc = x_ecdh(k, u, 0, out, NULL);
            CHECK(rc != NBTLS_DONE || memcmp(out, o, 32) != 0);
            nx++;
        } else if (strcmp(kind, "iter") == 0 && n == 3) {
            unsigned long count = strtoul(a, NULL, 10);
            const char *slow = getenv("NBTLS_SLOW_TESTS");
            CHECK(x_hex32(b, o) == 0);
            if (count > 1000 && (slow == NULL || strcmp(slow, "1") != 0)) {
                printf("iter %lu skipped (set NBTLS_SLOW_TESTS=1)\n", count);
                continue;
            }
            check_iter(count, o);
            ni++;
        } else if (strcmp(kind, "zero") == 0 && n == 2) {
            CHECK(x_hex32(a, u) == 0);
            check_zero(u, (uint64_t)nz + 100);
            nz++;
        } else {
            fprintf(stderr, "bad vector line: %s", line);
            CHECK(0);
        }
    }
    fclose(f);
    printf("x25519.txt: %d X25519 vectors, %d iterated, %d small-order u\n", nx,
           ni, nz);
    CHECK(nx >= 14 && ni >= 2 && nz >= 14);
    return CHECK_DONE();
}
