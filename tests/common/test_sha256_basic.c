/* The internal SHA-256 / HMAC-SHA-256: FIPS 180-4 examples, RFC 4231. */
#include "check.h"
#include "common/common.h"
#include "hash/sha256.h"

static void hex_check(const unsigned char *got, const char *hex) {
    unsigned char want[64];
    long n = check_hex(hex, want, sizeof want);
    CHECK(n > 0);
    CHECK_MEM(got, want, (size_t)n);
}

int main(void) {
    unsigned char out[32];
    /* FIPS 180-4 / NIST examples. */
    nbtls_sha256((const unsigned char *)"abc", 3, out);
    hex_check(out, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    nbtls_sha256(NULL, 0, out);
    hex_check(out, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    nbtls_sha256((const unsigned char *)two, strlen(two), out);
    hex_check(out, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* One million 'a', fed in odd-sized pieces (every split path). */
    nbtls_sha256_ctx c;
    unsigned char a[997];
    memset(a, 'a', sizeof a);
    nbtls_sha256_init(&c);
    size_t left = 1000000;
    for (size_t step = 1; left; step = step % 997 + 1) {
        size_t t = step < left ? step : left;
        nbtls_sha256_update(&c, a, t);
        left -= t;
    }
    nbtls_sha256_final(&c, out);
    hex_check(out, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");

    /* RFC 4231 test cases 1, 2 and 6 (key longer than the block). */
    nbtls_hmac_sha256_ctx h;
    unsigned char key[131];
    memset(key, 0x0b, 20);
    nbtls_hmac_sha256_init(&h, key, 20);
    nbtls_hmac_sha256_update(&h, (const unsigned char *)"Hi There", 8);
    nbtls_hmac_sha256_final(&h, out);
    hex_check(out, "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    nbtls_hmac_sha256_init(&h, (const unsigned char *)"Jefe", 4);
    const char *m2 = "what do ya want for nothing?";
    nbtls_hmac_sha256_update(&h, (const unsigned char *)m2, strlen(m2));
    nbtls_hmac_sha256_final(&h, out);
    hex_check(out, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    memset(key, 0xaa, sizeof key);
    nbtls_hmac_sha256_init(&h, key, sizeof key);
    const char *m6 = "Test Using Larger Than Block-Size Key - Hash Key First";
    nbtls_hmac_sha256_update(&h, (const unsigned char *)m6, strlen(m6));
    nbtls_hmac_sha256_final(&h, out);
    hex_check(out, "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    return CHECK_DONE();
}
