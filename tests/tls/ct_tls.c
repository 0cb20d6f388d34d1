/*
 * Constant-time check (ctgrind style, -DNBTLS_CTGRIND=ON under valgrind) of
 * the record layer's inner content type scan: with a secret key the
 * decrypted TLSInnerPlaintext is secret, and opening records whose content
 * and padding lengths vary must not branch on or index by any of its bytes
 * before the type and length are declassified (record.c). A version of the
 * scan that stopped at the first non-zero byte from the end would be
 * reported here.
 */
#include "check.h"
#include "common/common.h"
#include "tls/record.h"

static unsigned char rb[5 + 2048];

int main(void) {
    unsigned char key[16], iv[12] = {0};
    for (size_t i = 0; i < sizeof key; i++)
        key[i] = (unsigned char)(i * 7 + 1);
    NBTLS_CT_SECRET(key, sizeof key);
    nbtls_tls_rec_dir w, r;
    nbtls_tls_rec_dir_init(&w);
    nbtls_tls_rec_dir_init(&r);
    CHECK_EQ(nbtls_tls_rec_dir_set_keys(&w, NBTLS_AES_128_GCM, key, 16, iv), 0);
    CHECK_EQ(nbtls_tls_rec_dir_set_keys(&r, NBTLS_AES_128_GCM, key, 16, iv), 0);
    static const size_t contents[] = {0, 1, 33, 500};
    static const size_t pads[] = {0, 1, 100, 1000};
    for (size_t i = 0; i < NBTLS_ARRAY_LEN(contents); i++) {
        for (size_t j = 0; j < NBTLS_ARRAY_LEN(pads); j++) {
            size_t n, cl;
            uint8_t t;
            unsigned char *c;
            memset(rb + 5, 0x5a, contents[i]);
            CHECK_EQ(nbtls_tls_rec_seal(&w, NBTLS_TLS_CT_APPLICATION_DATA, rb,
                                        sizeof rb, contents[i], pads[j], &n),
                     0);
            NBTLS_CT_PUBLIC(rb, n); /* the record on the wire is public */
            CHECK_EQ(nbtls_tls_rec_open(&r, rb, n, &t, &c, &cl), 0);
            CHECK(t == NBTLS_TLS_CT_APPLICATION_DATA && cl == contents[i]);
            NBTLS_CT_PUBLIC(c, cl); /* delivered to the application */
            CHECK(cl == 0 || (c[0] == 0x5a && c[cl - 1] == 0x5a));
        }
    }
    nbtls_tls_rec_dir_clear(&w);
    nbtls_tls_rec_dir_clear(&r);
    return CHECK_DONE();
}
