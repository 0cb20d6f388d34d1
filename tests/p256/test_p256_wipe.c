/*
 * P-256 secrets are wiped (the scan and the ops: tests/ec_wipe.h). The
 * secrets: the RFC 6979 A.2.5 private key x and the nonce k of its SHA-256
 * "sample" signature (the signature's r must equal the vector's), an ECDH
 * shared secret (RFC 5903 girx) and the private scalars of the RFC 5903
 * keys (i: the ECDH key; r: served to keygen).
 */
#include "check.h"
#include "p256_util.h"

#include "ec_wipe.h"

int main(void) {
    vec_rec r[11];
    unsigned char v[32], digest[32], want_r[32];
    wipe_case w;
    memset(&w, 0, sizeof w);
    CHECK_EQ(vec_load("p256_rfc6979.txt", r, 11), 11);
    CHECK_EQ(vec_hex(&r[0], "x", v, 32), 32);
    w.x = wipe_secret("x", v, 32);
    for (int i = 1; i < 11; i++)
        if (strcmp(vec_get(&r[i], "hash"), "SHA-256") == 0 &&
            strcmp(vec_get(&r[i], "msg"), "sample") == 0) {
            CHECK_EQ(vec_hex(&r[i], "k", v, 32), 32);
            wipe_secret("k", v, 32);
            CHECK_EQ(vec_hex(&r[i], "digest", digest, 32), 32);
            CHECK_EQ(vec_hex(&r[i], "r", want_r, 32), 32);
        }
    vec_rec e[1];
    unsigned char gr[65];
    CHECK_EQ(vec_load("p256_rfc5903.txt", e, 1), 1);
    CHECK_EQ(vec_hex(&e[0], "girx", v, 32), 32);
    w.ecdh_secret = wipe_secret("girx", v, 32);
    CHECK_EQ(vec_hex(&e[0], "i", v, 32), 32);
    w.ecdh_d = wipe_secret("i", v, 32);
    CHECK_EQ(vec_hex(&e[0], "r", v, 32), 32);
    w.keygen_d = wipe_secret("r", v, 32);
    gr[0] = 4;
    CHECK_EQ(vec_hex(&e[0], "grx", gr + 1, 32), 32);
    CHECK_EQ(vec_hex(&e[0], "gry", gr + 33, 32), 32);
    w.digest = digest;
    w.digest_len = 32;
    w.want_r = want_r;
    w.peer = gr;
    w.ecdh_cancel_polls = 100;
    wipe_run(&EC_P256, &w);
    return CHECK_DONE();
}
