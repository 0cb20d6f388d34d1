/*
 * The internal-only hashes of the generic state (core/hash/hash.h): SHA-1
 * and SHA-224, which RFC 6979 needs for 20- and 28-byte digests, and HMAC
 * over them. Expected values: FIPS 180-4 examples, RFC 2202 (HMAC-SHA-1)
 * and RFC 4231 (HMAC-SHA-224), each re-checked with Python's hashlib/hmac.
 * Also: the public API refuses the internal algorithm ids.
 */
#include "check.h"
#include "hash/hash.h"
#include "mac/hmac.h"

static void hash_hex(int alg, const void *in, size_t len, const char *hex) {
    unsigned char want[64], got[64];
    long n = check_hex(hex, want, sizeof want);
    nbtls_hash_state st;
    CHECK_EQ(nbtls_hash_state_init(&st, alg), NBTLS_DONE);
    /* two pieces: exercises the partial-block path */
    nbtls_hash_state_update(&st, in, len / 3);
    nbtls_hash_state_update(&st, (const unsigned char *)in + len / 3,
                            len - len / 3);
    nbtls_hash_state_final(&st, got);
    CHECK_EQ(n, (long)nbtls_hash_state_len(alg));
    CHECK_MEM(got, want, (size_t)n);
}

static void hmac_hex(int alg, const void *key, size_t key_len, const char *msg,
                     const char *hex) {
    unsigned char want[64], got[64];
    long n = check_hex(hex, want, sizeof want);
    nbtls_hmac_state st;
    CHECK_EQ(nbtls_hmac_state_init(&st, alg, key, key_len), NBTLS_DONE);
    nbtls_hmac_state_update(&st, (const unsigned char *)msg, strlen(msg));
    nbtls_hmac_state_final(&st, got);
    CHECK_MEM(got, want, (size_t)n);
}

int main(void) {
    const int S1 = NBTLS_HASH_INTERNAL_SHA1, S224 = NBTLS_HASH_INTERNAL_SHA224;
    const char *two =
        "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    static unsigned char million[1000000];
    memset(million, 'a', sizeof million);

    hash_hex(S1, "abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d");
    hash_hex(S1, "", 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    hash_hex(S1, two, strlen(two), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    hash_hex(S1, million, sizeof million,
             "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    hash_hex(S224, "abc", 3,
             "23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7");
    hash_hex(S224, "", 0,
             "d14a028c2a3a2bc9476102bb288234c415a2b01f828ea62ac5b3e42f");
    hash_hex(S224, two, strlen(two),
             "75388b16512776cc5dba5da1fd890150b0c6455cb4f58b1952522525");
    hash_hex(S224, million, sizeof million,
             "20794655980c91d8bbb4c1ea97618a4bf03f42581948b2ee4ee7ad67");

    unsigned char k[131];
    memset(k, 0x0b, 20);
    hmac_hex(S1, k, 20, "Hi There", "b617318655057264e28bc0b6fb378c8ef146be00");
    hmac_hex(S224, k, 20, "Hi There",
             "896fb1128abbdf196832107cd49df33f47b4b1169912ba4f53684b22");
    const char *jefe = "what do ya want for nothing?";
    hmac_hex(S1, "Jefe", 4, jefe, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79");
    hmac_hex(S224, "Jefe", 4, jefe,
             "a30e01098bc6dbbf45690f3a7e9e6d0f8bbea2a39e6148008fd05e44");
    const char *big = "Test Using Larger Than Block-Size Key - Hash Key First";
    memset(k, 0xaa, sizeof k);
    hmac_hex(S1, k, 80, big, "aa4ae5e15272d00e95705637ce8a3b55ed402112");
    hmac_hex(S224, k, 131, big,
             "95e9a0db962095adaebe9b2d6f0dbce2d499f112f2d2b7273fa6870e");

    /* The internal ids never pass the public gate. */
    unsigned char out[64];
    size_t len;
    nbtls_hash_ctx *ctx = NULL;
    CHECK_EQ(nbtls_hash_alg_len(S1), 0);
    CHECK_EQ(nbtls_hash_alg_len(S224), 0);
    CHECK_EQ(nbtls_hash(S1, out, 1, out, sizeof out, &len),
             NBTLS_E_UNSUPPORTED);
    CHECK_EQ(nbtls_hash(S224, out, 1, out, sizeof out, &len),
             NBTLS_E_UNSUPPORTED);
    CHECK_EQ(nbtls_hash_new(&ctx, S1), NBTLS_E_UNSUPPORTED);
    CHECK(ctx == NULL);
    CHECK_EQ(nbtls_hash_len(S224), NBTLS_E_UNSUPPORTED);
    CHECK_EQ(nbtls_hmac(S1, k, 4, out, 1, out, sizeof out, &len),
             NBTLS_E_UNSUPPORTED);
    CHECK_EQ(nbtls_hkdf_extract(S224, k, 4, k, 4, out, sizeof out, &len),
             NBTLS_E_UNSUPPORTED);
    return CHECK_DONE();
}
