/*
 * Secrets are wiped (header: "nbtls_op_free() ... wipes every secret it
 * held"; "Free a key, wiping its secrets"). An allocator hook sees every
 * block just before the C library gets it back and scans it for 8-byte
 * windows of the secrets this test knows: the RFC 6979 A.2.5 private key
 * x, the nonce k of its SHA-256 "sample" signature, an ECDH shared secret
 * (RFC 5903 girx) and the private scalars of the RFC 5903 keys — after
 * finished ops, cancelled ops (every step of a signature), failed ops and
 * freed keys.
 */
#include "check.h"
#include "p256_util.h"

#define NSECRETS 5
static unsigned char g_secret[NSECRETS][32];
static const char *g_secret_name[NSECRETS] = {"x", "k", "girx", "i", "r"};
static unsigned long g_blocks, g_dirty;

typedef union {
    size_t size;
    max_align_t align;
} hdr;

static void *scan_alloc(size_t n) {
    hdr *h = (hdr *)malloc(sizeof(hdr) + n);
    if (h == NULL) return NULL;
    h->size = n;
    return h + 1;
}

static void scan_free(void *p) {
    if (p == NULL) return;
    hdr *h = (hdr *)p - 1;
    const unsigned char *b = (const unsigned char *)p;
    g_blocks++;
    for (int s = 0; s < NSECRETS; s++) {
        for (size_t off = 0; off + 8 <= h->size; off++) {
            int hit = 0;
            for (size_t w = 0; w + 8 <= 32 && !hit; w += 4)
                hit = memcmp(b + off, g_secret[s] + w, 8) == 0;
            if (hit) {
                if (g_dirty++ < 5)
                    fprintf(stderr,
                            "freed block of %zu bytes still holds part of "
                            "secret %s at offset %zu\n",
                            h->size, g_secret_name[s], off);
                break;
            }
        }
    }
    free(h);
}

int main(void) {
    vec_rec r[11];
    unsigned char digest[32], u[65];
    CHECK_EQ(vec_load("p256_rfc6979.txt", r, 11), 11);
    CHECK_EQ(vec_hex(&r[0], "x", g_secret[0], 32), 32);
    for (int i = 1; i < 11; i++)
        if (strcmp(vec_get(&r[i], "hash"), "SHA-256") == 0 &&
            strcmp(vec_get(&r[i], "msg"), "sample") == 0) {
            CHECK_EQ(vec_hex(&r[i], "k", g_secret[1], 32), 32);
            CHECK_EQ(vec_hex(&r[i], "digest", digest, 32), 32);
        }
    vec_rec e[1];
    unsigned char gr[65];
    CHECK_EQ(vec_load("p256_rfc5903.txt", e, 1), 1);
    CHECK_EQ(vec_hex(&e[0], "girx", g_secret[2], 32), 32);
    CHECK_EQ(vec_hex(&e[0], "i", g_secret[3], 32), 32);
    CHECK_EQ(vec_hex(&e[0], "r", g_secret[4], 32), 32);
    gr[0] = 4;
    CHECK_EQ(vec_hex(&e[0], "grx", gr + 1, 32), 32);
    CHECK_EQ(vec_hex(&e[0], "gry", gr + 33, 32), 32);

    CHECK_EQ(nbtls_set_allocator(scan_alloc, scan_free), NBTLS_DONE);
    nbtls_key *k = key_priv(g_secret[0]);
    CHECK(k != NULL);
    if (k != NULL) {
        CHECK_EQ(key_pub_bytes(k, u), 0);
        /* finished signatures, deterministic and hedged */
        unsigned char sig[64];
        CHECK_EQ(do_sign_det(k, digest, 32, 0, sig, NULL), NBTLS_DONE);
        CHECK_EQ(do_sign_det(k, digest, 32, 1, sig, NULL), NBTLS_DONE);
        CHECK_EQ(do_sign(k, digest, 32, NULL, NULL, 3, sig, NULL), NBTLS_DONE);
        /* a signature cancelled after every possible number of polls */
        run_stats st;
        nbtls_op *op = NULL;
        CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, k, digest, 32),
                 NBTLS_DONE);
        CHECK_EQ(run_op(op, 1, 0, &st), NBTLS_DONE);
        nbtls_op_free(op);
        for (unsigned long n = 0; n <= st.polls; n++) {
            op = NULL;
            CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, k, digest, 32),
                     NBTLS_DONE);
            for (unsigned long i = 0; i < n; i++)
                (void)nbtls_op_poll(op, 1);
            nbtls_op_free(op);
        }
        /* a failed sign (RNG failure) */
        op = NULL;
        if (nbtls_ecdsa_sign_start(&op, k, digest, 32, failing_rng_fn, NULL) ==
            NBTLS_DONE) {
            (void)run_op(op, 1, 100000, NULL);
            nbtls_op_free(op);
        }
        /* the restartable import of x, finished and cancelled */
        nbtls_key *k2 = NULL;
        CHECK_EQ(do_from_private(g_secret[0], 2, &k2, NULL), NBTLS_DONE);
        nbtls_key_free(k2);
        op = NULL;
        CHECK_EQ(nbtls_p256_key_from_private_start(&op, g_secret[0]),
                 NBTLS_DONE);
        (void)nbtls_op_poll(op, 5);
        nbtls_op_free(op);
        nbtls_key_free(k);
    }
    /* ECDH (RFC 5903): finished, cancelled half-way, failed */
    nbtls_key *ki = key_priv(g_secret[3]);
    CHECK(ki != NULL);
    if (ki != NULL) {
        unsigned char s[32];
        CHECK_EQ(do_ecdh(ki, gr, 65, 0, s, NULL), NBTLS_DONE);
        CHECK_MEM(s, g_secret[2], 32);
        nbtls_op *op = NULL;
        CHECK_EQ(nbtls_ecdh_start(&op, ki, gr, 65), NBTLS_DONE);
        for (int i = 0; i < 100; i++)
            (void)nbtls_op_poll(op, 1);
        nbtls_op_free(op);
        gr[64] ^= 1;
        CHECK_EQ(do_ecdh(ki, gr, 65, 1, s, NULL), NBTLS_E_BAD_KEY);
        gr[64] ^= 1;
        nbtls_key_free(ki);
    }
    /* keygen producing r: the untaken key is wiped with its op */
    stream_rng sr = {g_secret[4], 32, 0};
    nbtls_op *op = NULL;
    CHECK_EQ(nbtls_p256_keygen_start(&op, stream_rng_fn, &sr), NBTLS_DONE);
    CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
    nbtls_op_free(op);
    CHECK_EQ(nbtls_set_allocator(NULL, NULL), NBTLS_DONE);

    printf("%lu freed blocks scanned, %lu still held a secret\n", g_blocks,
           g_dirty);
    CHECK(g_blocks > 100);
    CHECK_EQ(g_dirty, 0);
    return CHECK_DONE();
}
