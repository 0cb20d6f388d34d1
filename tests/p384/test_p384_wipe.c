/*
 * P-384 secrets are wiped (the scan and the ops: tests/ec_wipe.h). The
 * secrets: the RFC 6979 A.2.6 private key x and the nonce k of its SHA-384
 * "sample" signature (from the RFC; checked here: the signature's r must
 * equal the vector's), an ECDH shared secret of x with a peer, a keygen
 * scalar.
 */
#include "check.h"
#include "hash/hash.h"
#include "p384_util.h"

#include "ec_wipe.h"

/* RFC 6979 A.2.6, SHA-384, message "sample": the nonce k. */
static const char K_HEX[] = "94ED910D1A099DAD3254E9242AE85ABDE4BA15168EAF0CA8"
                            "7A555FD56D10FBCA2907E3E83BA95368623B8C4686915CF9";

int main(void) {
    static vec_rec r[16];
    unsigned char v[48], digest[48], want_r[48];
    wipe_case w;
    memset(&w, 0, sizeof w);
    CHECK_EQ(vec_load(P384_VEC("p384_rfc6979.txt"), r, 16), 11);
    CHECK_EQ(vec_hex(&r[0], "x", v, 48), 48);
    w.x = wipe_secret("x", v, 48);
    CHECK_EQ(check_hex(K_HEX, v, 48), 48);
    wipe_secret("k", v, 48);
    for (int i = 1; i < 11; i++)
        if (strcmp(vec_get(&r[i], "hash"), "SHA-384") == 0 &&
            strcmp(vec_get(&r[i], "msg"), "sample") == 0)
            CHECK_EQ(vec_hex(&r[i], "r", want_r, 48), 48);
    nbtls_hash_state h;
    CHECK_EQ(nbtls_hash_state_init(&h, NBTLS_SHA384), NBTLS_DONE);
    nbtls_hash_state_update(&h, (const unsigned char *)"sample", 6);
    nbtls_hash_state_final(&h, digest);
    memset(v, 0x3c, 48); /* keygen's scalar (< n) */
    w.keygen_d = wipe_secret("keygen", v, 48);

    /* the ECDH secret of x with a peer, computed before scanning starts */
    unsigned char pd[48], peer[97];
    memset(pd, 0x29, 48);
    nbtls_key *pk = ec_priv(&EC_P384, pd), *k = ec_priv(&EC_P384, w.x);
    CHECK(pk != NULL && k != NULL);
    if (pk == NULL || k == NULL) return CHECK_DONE();
    CHECK_EQ(ec_pub_bytes(&EC_P384, pk, peer), 0);
    nbtls_key_free(pk);
    CHECK_EQ(ec_ecdh(&EC_P384, k, peer, 97, 0, v, NULL), NBTLS_DONE);
    nbtls_key_free(k);
    w.ecdh_secret = wipe_secret("ecdh", v, 48);

    w.digest = digest;
    w.digest_len = 48;
    w.want_r = want_r;
    w.ecdh_d = w.x;
    w.peer = peer;
    w.ecdh_cancel_polls = 250;
    wipe_run(&EC_P384, &w);
    return CHECK_DONE();
}
