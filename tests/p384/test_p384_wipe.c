/*
 * P-384 secrets are wiped (the P-384 twin of tests/p256/test_p256_wipe.c):
 * an allocator hook scans every block just before it is freed for 8-byte
 * windows of the secrets this test knows — the RFC 6979 A.2.6 private key
 * x, the nonce k of its SHA-384 "sample" signature (from the RFC; checked
 * here: the signature's r must equal the vector's), an ECDH shared secret,
 * a keygen scalar — after finished, cancelled (every step of a signature)
 * and failed ops and freed keys.
 */
#include "check.h"
#include "hash/hash.h"
#include "p384_util.h"

#define NSECRETS 4
static unsigned char g_secret[NSECRETS][48];
static const char *g_secret_name[NSECRETS] = {"x", "k", "ecdh", "keygen"};
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
            for (size_t w = 0; w + 8 <= 48 && !hit; w += 4)
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

/* RFC 6979 A.2.6, SHA-384, message "sample": the nonce k and r. */
static const char K_HEX[] = "94ED910D1A099DAD3254E9242AE85ABDE4BA15168EAF0CA8"
                            "7A555FD56D10FBCA2907E3E83BA95368623B8C4686915CF9";

int main(void) {
    static vec_rec r[16];
    unsigned char digest[48], sig[96], want_r[48];
    CHECK_EQ(vec_load(P384_VEC("p384_rfc6979.txt"), r, 16), 11);
    CHECK_EQ(vec_hex(&r[0], "x", g_secret[0], 48), 48);
    CHECK_EQ(check_hex(K_HEX, g_secret[1], 48), 48);
    for (int i = 1; i < 11; i++)
        if (strcmp(vec_get(&r[i], "hash"), "SHA-384") == 0 &&
            strcmp(vec_get(&r[i], "msg"), "sample") == 0)
            CHECK_EQ(vec_hex(&r[i], "r", want_r, 48), 48);
    nbtls_hash_state h;
    CHECK_EQ(nbtls_hash_state_init(&h, NBTLS_SHA384), NBTLS_DONE);
    nbtls_hash_state_update(&h, (const unsigned char *)"sample", 6);
    nbtls_hash_state_final(&h, digest);
    memset(g_secret[3], 0x3c, 48); /* keygen's scalar (< n) */

    /* the ECDH secret of x with a peer, computed before scanning starts */
    unsigned char pd[48], peer[97];
    memset(pd, 0x29, 48);
    nbtls_key *pk = ec_priv(&EC_P384, pd), *k = ec_priv(&EC_P384, g_secret[0]);
    CHECK(pk != NULL && k != NULL);
    if (pk == NULL || k == NULL) return CHECK_DONE();
    CHECK_EQ(ec_pub_bytes(&EC_P384, pk, peer), 0);
    nbtls_key_free(pk);
    CHECK_EQ(ec_ecdh(&EC_P384, k, peer, 97, 0, g_secret[2], NULL), NBTLS_DONE);
    nbtls_key_free(k);

    CHECK_EQ(nbtls_set_allocator(scan_alloc, scan_free), NBTLS_DONE);
    k = ec_priv(&EC_P384, g_secret[0]);
    CHECK(k != NULL);
    if (k != NULL) {
        CHECK_EQ(ec_sign_det(&EC_P384, k, digest, 48, 0, sig, NULL),
                 NBTLS_DONE);
        CHECK_MEM(sig, want_r, 48); /* so k really was this nonce */
        CHECK_EQ(ec_sign_det(&EC_P384, k, digest, 48, 1, sig, NULL),
                 NBTLS_DONE);
        CHECK_EQ(ec_sign(&EC_P384, k, digest, 48, NULL, NULL, 3, sig, NULL),
                 NBTLS_DONE);
        run_stats st;
        nbtls_op *op = NULL;
        CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, k, digest, 48),
                 NBTLS_DONE);
        CHECK_EQ(run_op(op, 1, 0, &st), NBTLS_DONE);
        nbtls_op_free(op);
        for (unsigned long n = 0; n <= st.polls; n++) {
            op = NULL;
            CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, k, digest, 48),
                     NBTLS_DONE);
            for (unsigned long i = 0; i < n; i++)
                (void)nbtls_op_poll(op, 1);
            nbtls_op_free(op);
        }
        nbtls_key *k2 = NULL;
        CHECK_EQ(ec_from_private(&EC_P384, g_secret[0], 2, &k2, NULL),
                 NBTLS_DONE);
        nbtls_key_free(k2);
        op = NULL;
        CHECK_EQ(nbtls_p384_key_from_private_start(&op, g_secret[0]),
                 NBTLS_DONE);
        (void)nbtls_op_poll(op, 5);
        nbtls_op_free(op);
        /* ECDH: finished, cancelled half-way, failed */
        unsigned char s[48];
        CHECK_EQ(ec_ecdh(&EC_P384, k, peer, 97, 0, s, NULL), NBTLS_DONE);
        CHECK_MEM(s, g_secret[2], 48);
        CHECK_EQ(nbtls_ecdh_start(&op, k, peer, 97), NBTLS_DONE);
        for (int i = 0; i < 250; i++)
            (void)nbtls_op_poll(op, 1);
        nbtls_op_free(op);
        peer[96] ^= 1;
        CHECK_EQ(ec_ecdh(&EC_P384, k, peer, 97, 1, s, NULL), NBTLS_E_BAD_KEY);
        peer[96] ^= 1;
        nbtls_key_free(k);
    }
    /* keygen: the untaken key is wiped with its op */
    stream_rng sr = {g_secret[3], 48, 0};
    nbtls_op *op = NULL;
    CHECK_EQ(nbtls_p384_keygen_start(&op, stream_rng_fn, &sr), NBTLS_DONE);
    CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
    nbtls_op_free(op);
    CHECK_EQ(nbtls_set_allocator(NULL, NULL), NBTLS_DONE);

    printf("%lu freed blocks scanned, %lu still held a secret\n", g_blocks,
           g_dirty);
    CHECK(g_blocks > 100);
    CHECK_EQ(g_dirty, 0);
    return CHECK_DONE();
}
