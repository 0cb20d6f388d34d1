/*
 * Constant-time check (ctgrind style) of the base64 decoder that PEM
 * private keys go through: built only with -DNBTLS_CTGRIND=ON, run under
 * valgrind. The base64 text of a 48-byte X25519 PKCS#8 key (RFC 7748's
 * Alice scalar, encoded by this test) is marked secret (NBTLS_CT_SECRET)
 * and decoded: memcheck fails the test on any branch or index on a secret
 * character. The decoder declassifies only its per-character
 * whitespace/padding verdicts (formatting) and the final valid/invalid
 * verdict; a second run with a bad character checks the error path.
 * (The DER parsing after it branches on the key's structure — tags and
 * lengths, fixed by the format — and is not covered here.)
 */
#include "check.h"
#include "asn1/pem.h"
#include "common/common.h"

int main(void) {
    /* 48-byte PKCS#8: 16 bytes of structure, then 32 secret bytes */
    static const unsigned char der[48] = {
        0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x6e,
        0x04, 0x22, 0x04, 0x20, 0x77, 0x07, 0x6d, 0x0a, 0x73, 0x18, 0xa5, 0x7d,
        0x3c, 0x16, 0xc1, 0x72, 0x51, 0xb2, 0x66, 0x45, 0xdf, 0x4c, 0x2f, 0x87,
        0xeb, 0xc0, 0x99, 0x2a, 0xb1, 0x77, 0xfb, 0xa5, 0x1d, 0xb9, 0x2c, 0x2a};
    static const char A[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    char b64[80];
    size_t o = 0;
    for (size_t i = 0; i < 48; i += 3) {
        uint32_t v =
            ((uint32_t)der[i] << 16) | ((uint32_t)der[i + 1] << 8) | der[i + 2];
        b64[o++] = A[(v >> 18) & 63];
        b64[o++] = A[(v >> 12) & 63];
        b64[o++] = A[(v >> 6) & 63];
        b64[o++] = A[v & 63];
    }
    /* secret input to the decoder itself */
    unsigned char out[48];
    size_t len = 0;
    NBTLS_CT_SECRET(b64, o);
    int rc = nbtls_base64_decode(b64, o, out, sizeof out, &len);
    CHECK_EQ(rc, NBTLS_DONE);
    CHECK_EQ(len, 48);
    NBTLS_CT_PUBLIC(out, sizeof out);
    CHECK_MEM(out, der, 48);
    /* and with a bad character, also secret: only the verdict is public */
    b64[40] = '*';
    NBTLS_CT_SECRET(b64, o);
    CHECK_EQ(nbtls_base64_decode(b64, o, out, sizeof out, &len),
             NBTLS_E_INVALID_ARG);
    return CHECK_DONE();
}
