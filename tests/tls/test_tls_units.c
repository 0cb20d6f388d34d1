/*
 * Open-box tests of core/tls: the bounded writer, the key schedule's state
 * machine, the record layer's refusals (every error path), handshake
 * reassembly (the RFC 8448 flight cut at every chunk size) and the
 * transcript hash (both hashes before the suite is known, snapshots, the
 * HelloRetryRequest message_hash).
 */
#include "check.h"
#include "tls_vectors.h"

#include "nbtls/sym.h"
#include "tls/handshake.h"
#include "tls/keysched.h"
#include "tls/record.h"
#include "tls/writer.h"

/* ---- writer ------------------------------------------------------------ */
static void test_writer(void) {
    unsigned char buf[16];
    nbtls_writer w;
    memset(buf, 0xee, sizeof buf);
    nbtls_writer_init(&w, buf, 8);
    CHECK_EQ(nbtls_writer_u16(&w, 0x0102), 0);
    CHECK_EQ(nbtls_writer_u24(&w, 0x030405), 0);
    CHECK_EQ(nbtls_writer_left(&w), 3);
    CHECK_EQ(nbtls_writer_bytes(&w, "abcd", 4), NBTLS_E_BUFFER_TOO_SMALL);
    /* sticky: even a byte that would fit now fails */
    CHECK_EQ(nbtls_writer_u8(&w, 9), NBTLS_E_BUFFER_TOO_SMALL);
    CHECK_EQ(w.len, 5);
    static const unsigned char want[5] = {1, 2, 3, 4, 5};
    CHECK_MEM(buf, want, 5);
    for (size_t i = 5; i < sizeof buf; i++)
        CHECK(buf[i] == 0xee); /* nothing past what was written */

    /* vectors: nested, back-patched */
    unsigned char big[600];
    nbtls_writer_init(&w, big, sizeof big);
    nbtls_writer_vec a, b, c;
    CHECK_EQ(nbtls_writer_open_vec(&w, 3, &a), 0);
    CHECK_EQ(nbtls_writer_open_vec(&w, 2, &b), 0);
    CHECK_EQ(nbtls_writer_open_vec(&w, 1, &c), 0);
    CHECK_EQ(nbtls_writer_bytes(&w, "xyz", 3), 0);
    CHECK_EQ(nbtls_writer_close_vec(&w, &c), 0);
    CHECK_EQ(nbtls_writer_close_vec(&w, &b), 0);
    CHECK_EQ(nbtls_writer_close_vec(&w, &a), 0);
    static const unsigned char nested[] = {0, 0, 6, 0, 4, 3, 'x', 'y', 'z'};
    CHECK_EQ(w.len, sizeof nested);
    CHECK_MEM(big, nested, sizeof nested);
    /* an empty vector */
    nbtls_writer_init(&w, big, sizeof big);
    CHECK_EQ(nbtls_writer_open_vec(&w, 2, &a), 0);
    CHECK_EQ(nbtls_writer_close_vec(&w, &a), 0);
    CHECK(w.len == 2 && big[0] == 0 && big[1] == 0);

    /* a body too long for its prefix */
    unsigned char *p;
    nbtls_writer_init(&w, big, sizeof big);
    CHECK_EQ(nbtls_writer_open_vec(&w, 1, &a), 0);
    CHECK_EQ(nbtls_writer_reserve(&w, 256, &p), 0);
    CHECK_EQ(nbtls_writer_close_vec(&w, &a), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_writer_u8(&w, 0), NBTLS_E_INVALID_ARG); /* sticky */
    nbtls_writer_init(&w, big, sizeof big);
    CHECK_EQ(nbtls_writer_open_vec(&w, 1, &a), 0);
    CHECK_EQ(nbtls_writer_reserve(&w, 255, &p), 0);
    CHECK(p[0] == 0 && p[254] == 0); /* reserved space is zeroed */
    CHECK_EQ(nbtls_writer_close_vec(&w, &a), 0);
    CHECK_EQ(big[0], 255);
    /* bad arguments */
    nbtls_writer_init(&w, big, sizeof big);
    CHECK_EQ(nbtls_writer_open_vec(&w, 4, &a), NBTLS_E_INVALID_ARG);
    nbtls_writer_init(&w, big, sizeof big);
    CHECK_EQ(nbtls_writer_u24(&w, 0x1000000), NBTLS_E_INVALID_ARG);
    nbtls_writer_init(&w, big, sizeof big);
    a.at = 10;
    a.lenbytes = 2;
    CHECK_EQ(nbtls_writer_close_vec(&w, &a), NBTLS_E_INVALID_ARG);
    nbtls_writer_init(&w, NULL, 100);
    CHECK_EQ(nbtls_writer_u8(&w, 1), NBTLS_E_BUFFER_TOO_SMALL);
    nbtls_writer_init(&w, big, sizeof big);
    CHECK_EQ(nbtls_writer_bytes(&w, NULL, 0), 0);
    CHECK_EQ(nbtls_writer_bytes(&w, NULL, 1), NBTLS_E_INVALID_ARG);
}

/* ---- key schedule ------------------------------------------------------ */
static void test_keysched(void) {
    nbtls_tls_keysched ks;
    unsigned char th[48] = {1}, ecdhe[32] = {2};
    memset(&ks, 0, sizeof ks);
    CHECK_EQ(nbtls_tls_ks_init(&ks, NBTLS_SHA512, NULL, 0),
             NBTLS_E_UNSUPPORTED);
    CHECK_EQ(nbtls_tls_ks_handshake(&ks, ecdhe, 32, th), NBTLS_E_BAD_STATE);
    CHECK_EQ(nbtls_tls_ks_init(&ks, NBTLS_SHA384, NULL, 0), 0);
    CHECK_EQ(ks.hlen, 48);
    CHECK_EQ(nbtls_tls_ks_master(&ks, th), NBTLS_E_BAD_STATE);
    CHECK_EQ(nbtls_tls_ks_resumption(&ks, th), NBTLS_E_BAD_STATE);
    CHECK_EQ(nbtls_tls_ks_handshake(&ks, ecdhe, 0, th), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_tls_ks_handshake(&ks, ecdhe, 32, th), 0);
    CHECK_EQ(nbtls_tls_ks_handshake(&ks, ecdhe, 32, th), NBTLS_E_BAD_STATE);
    CHECK_EQ(nbtls_tls_ks_master(&ks, th), 0);
    CHECK_EQ(nbtls_tls_ks_resumption(&ks, th), 0);
    CHECK_EQ(nbtls_tls_ks_resumption(&ks, th), NBTLS_E_BAD_STATE);
    CHECK_EQ(ks.stage, NBTLS_TLS_KS_RESUMPTION);
    /* a PSK changes the early secret */
    unsigned char e0[48];
    CHECK_EQ(nbtls_tls_ks_init(&ks, NBTLS_SHA256, NULL, 0), 0);
    memcpy(e0, ks.early, 32);
    CHECK_EQ(nbtls_tls_ks_init(&ks, NBTLS_SHA256, th, 32), 0);
    CHECK(memcmp(e0, ks.early, 32) != 0);
    CHECK_EQ(nbtls_tls_ks_init(&ks, NBTLS_SHA256, NULL, 5),
             NBTLS_E_INVALID_ARG);
    nbtls_tls_ks_wipe(&ks);

    unsigned char key[32], iv[12];
    size_t kl = 0;
    CHECK_EQ(nbtls_tls_traffic_keys(NBTLS_SHA256, th, 99, key, &kl, iv),
             NBTLS_E_UNSUPPORTED);
    CHECK_EQ(nbtls_tls_traffic_keys(NBTLS_SHA512, th, NBTLS_AES_128_GCM, key,
                                    &kl, iv),
             NBTLS_E_UNSUPPORTED);
    CHECK_EQ(nbtls_tls_traffic_keys(NBTLS_SHA384, th, NBTLS_AES_256_GCM, key,
                                    &kl, iv),
             0);
    CHECK_EQ(kl, 32);
    CHECK_EQ(nbtls_tls_traffic_keys(NBTLS_SHA256, th, NBTLS_CHACHA20_POLY1305,
                                    key, &kl, iv),
             0);
    CHECK_EQ(kl, 32);
    CHECK_EQ(nbtls_tls_next_traffic_secret(NBTLS_SHA512, th),
             NBTLS_E_UNSUPPORTED);
    CHECK_EQ(nbtls_tls_verify_data(NBTLS_SHA256, th, NULL, key),
             NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_tls_suite_aead(0x1304), NBTLS_E_UNSUPPORTED);
    CHECK_EQ(nbtls_tls_suite_hash(0x1302), NBTLS_SHA384);
    CHECK_EQ(nbtls_tls_suite_aead(0x1303), NBTLS_CHACHA20_POLY1305);
}

/* ---- record layer ------------------------------------------------------ */
static unsigned char rb[NBTLS_TLS_MAX_RECORD + 64];

static void set_header(unsigned char *h, uint8_t t, size_t len) {
    h[0] = t;
    h[1] = 3;
    h[2] = 3;
    h[3] = (unsigned char)(len >> 8);
    h[4] = (unsigned char)len;
}

/* Seal inner[0..n) (a raw TLSInnerPlaintext) with d's key at d's seq, as a
 * record in rb; returns its length. */
static size_t raw_seal(const nbtls_tls_rec_dir *d, const unsigned char *inner,
                       size_t n) {
    unsigned char nonce[12];
    size_t out = 0;
    memcpy(nonce, d->iv, 12);
    for (int i = 0; i < 8; i++)
        nonce[4 + i] ^= (unsigned char)(d->seq >> (56 - 8 * i));
    set_header(rb, NBTLS_TLS_CT_APPLICATION_DATA, n + 16);
    memcpy(rb + 5, inner, n);
    CHECK_EQ(nbtls_aead_seal(d->aead, nonce, 12, rb, 5, rb + 5, n, rb + 5,
                             n + 16, &out),
             0);
    return 5 + out;
}

static void test_record(void) {
    uint8_t t;
    size_t n;
    unsigned char h[5];
    /* headers */
    set_header(h, 24, 1);
    CHECK_EQ(nbtls_tls_rec_header(h, 0, &t, &n),
             NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    set_header(h, 0, 1);
    CHECK_EQ(nbtls_tls_rec_header(h, 1, &t, &n),
             NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    set_header(h, NBTLS_TLS_CT_HANDSHAKE, 16384);
    CHECK_EQ(nbtls_tls_rec_header(h, 0, &t, &n), 0);
    CHECK(t == NBTLS_TLS_CT_HANDSHAKE && n == 16384);
    set_header(h, NBTLS_TLS_CT_HANDSHAKE, 16385);
    CHECK_EQ(nbtls_tls_rec_header(h, 0, &t, &n), NBTLS_TLS_E_RECORD_OVERFLOW);
    CHECK_EQ(nbtls_tls_rec_header(h, 1, &t, &n), NBTLS_TLS_E_RECORD_OVERFLOW);
    set_header(h, NBTLS_TLS_CT_APPLICATION_DATA, 16384 + 256);
    CHECK_EQ(nbtls_tls_rec_header(h, 1, &t, &n), 0);
    CHECK_EQ(nbtls_tls_rec_header(h, 0, &t, &n), NBTLS_TLS_E_RECORD_OVERFLOW);
    set_header(h, NBTLS_TLS_CT_APPLICATION_DATA, 16384 + 257);
    CHECK_EQ(nbtls_tls_rec_header(h, 1, &t, &n), NBTLS_TLS_E_RECORD_OVERFLOW);
    h[1] = 0x77; /* legacy_record_version is ignored */
    set_header(h, NBTLS_TLS_CT_ALERT, 2);
    h[1] = 0x77;
    CHECK_EQ(nbtls_tls_rec_header(h, 0, &t, &n), 0);
    CHECK_EQ(nbtls_tls_err_alert(NBTLS_TLS_E_RECORD_OVERFLOW), 22);
    CHECK_EQ(nbtls_tls_err_alert(NBTLS_E_INVALID_ARG), -1);

    /* plaintext direction */
    nbtls_tls_rec_dir d, e;
    nbtls_tls_rec_dir_init(&d);
    nbtls_tls_rec_dir_init(&e);
    unsigned char *c;
    set_header(rb, NBTLS_TLS_CT_APPLICATION_DATA, 3);
    CHECK_EQ(nbtls_tls_rec_open(&d, rb, 8, &t, &c, &n),
             NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    set_header(rb, NBTLS_TLS_CT_HANDSHAKE, 0);
    CHECK_EQ(nbtls_tls_rec_open(&d, rb, 5, &t, &c, &n),
             NBTLS_TLS_E_DECODE_ERROR);
    set_header(rb, NBTLS_TLS_CT_HANDSHAKE, 3);
    CHECK_EQ(nbtls_tls_rec_open(&d, rb, 7, &t, &c, &n), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_tls_rec_open(&d, rb, 4, &t, &c, &n), NBTLS_E_INVALID_ARG);
    CHECK_EQ(
        nbtls_tls_rec_seal(&d, NBTLS_TLS_CT_HANDSHAKE, rb, sizeof rb, 3, 1, &n),
        NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_tls_rec_seal(&d, NBTLS_TLS_CT_HANDSHAKE, rb, 7, 3, 0, &n),
             NBTLS_E_BUFFER_TOO_SMALL);
    CHECK_EQ(nbtls_tls_rec_seal(&d, NBTLS_TLS_CT_HANDSHAKE, rb, sizeof rb,
                                16385, 0, &n),
             NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_tls_rec_seal(&d, 99, rb, sizeof rb, 1, 0, &n),
             NBTLS_E_INVALID_ARG);
    rb[5] = 1;
    CHECK_EQ(nbtls_tls_rec_seal(&d, NBTLS_TLS_CT_CHANGE_CIPHER_SPEC, rb,
                                sizeof rb, 1, 0, &n),
             0);
    CHECK_EQ(nbtls_tls_rec_check_ccs(rb + 5, 1), 0);
    rb[5] = 2;
    CHECK_EQ(nbtls_tls_rec_check_ccs(rb + 5, 1),
             NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    CHECK_EQ(nbtls_tls_rec_check_ccs(rb + 5, 2),
             NBTLS_TLS_E_UNEXPECTED_MESSAGE);

    /* protected: d seals, e opens */
    unsigned char key[16] = {7}, iv[12] = {9};
    CHECK_EQ(nbtls_tls_rec_dir_set_keys(&d, NBTLS_AES_128_GCM, key, 16, iv), 0);
    CHECK_EQ(nbtls_tls_rec_dir_set_keys(&e, NBTLS_AES_128_GCM, key, 16, iv), 0);
    CHECK_EQ(nbtls_tls_rec_dir_set_keys(&e, NBTLS_AES_128_GCM, key, 15, iv),
             NBTLS_E_INVALID_ARG);
    CHECK(e.aead != NULL); /* a failed rekey keeps the old key */
    static const size_t pads[] = {0, 1, 17, 300};
    for (size_t i = 0; i < NBTLS_ARRAY_LEN(pads); i++) {
        for (size_t k = 0; k < 40; k++)
            rb[5 + k] = (unsigned char)(k + 1);
        CHECK_EQ(nbtls_tls_rec_seal(&d, NBTLS_TLS_CT_APPLICATION_DATA, rb,
                                    sizeof rb, 40, pads[i], &n),
                 0);
        CHECK_EQ(n, nbtls_tls_rec_overhead(&d, pads[i]) + 40);
        CHECK_EQ(rb[0], NBTLS_TLS_CT_APPLICATION_DATA);
        CHECK_EQ(nbtls_tls_rec_open(&e, rb, n, &t, &c, &n), 0);
        CHECK(t == NBTLS_TLS_CT_APPLICATION_DATA && n == 40 && c == rb + 5);
        CHECK(c[0] == 1 && c[39] == 40);
    }
    /* a zero-length application data record is legal */
    CHECK_EQ(nbtls_tls_rec_seal(&d, NBTLS_TLS_CT_APPLICATION_DATA, rb,
                                sizeof rb, 0, 5, &n),
             0);
    CHECK_EQ(nbtls_tls_rec_open(&e, rb, n, &t, &c, &n), 0);
    CHECK(t == NBTLS_TLS_CT_APPLICATION_DATA && n == 0);
    /* tampering: ciphertext, tag, header (the additional data) */
    static const size_t flip[] = {5, 20, 5 + 40 + 1 + 15, 3};
    for (size_t i = 0; i < NBTLS_ARRAY_LEN(flip); i++) {
        nbtls_tls_rec_dir d2 = d, e2 = e; /* same key, same seq */
        memset(rb + 5, 0x41, 40);
        CHECK_EQ(nbtls_tls_rec_seal(&d2, NBTLS_TLS_CT_HANDSHAKE, rb, sizeof rb,
                                    40, 0, &n),
                 0);
        if (flip[i] == 3)
            rb[4] ^= 1; /* the length: part of the additional data */
        else
            rb[flip[i]] ^= 0x80;
        if (flip[i] == 3) {
            /* a shorter length no longer matches the buffer */
            CHECK_EQ(nbtls_tls_rec_open(&e2, rb, n - 1, &t, &c, &n),
                     NBTLS_TLS_E_BAD_RECORD_MAC);
        } else {
            CHECK_EQ(nbtls_tls_rec_open(&e2, rb, n, &t, &c, &n),
                     NBTLS_TLS_E_BAD_RECORD_MAC);
            for (size_t k = 0; k < 40; k++)
                CHECK(rb[5 + k] == 0); /* nothing unauthenticated released */
        }
        CHECK_EQ(e2.seq, e.seq); /* no advance on failure */
        d.seq++;                 /* d2 used this seq */
        e.seq++;
    }
    /* wrong sequence number (a replayed or dropped record) */
    CHECK_EQ(
        nbtls_tls_rec_seal(&d, NBTLS_TLS_CT_HANDSHAKE, rb, sizeof rb, 4, 0, &n),
        0);
    e.seq++;
    CHECK_EQ(nbtls_tls_rec_open(&e, rb, n, &t, &c, &n),
             NBTLS_TLS_E_BAD_RECORD_MAC);
    e.seq = d.seq;
    /* too short to hold a tag and a type */
    set_header(rb, NBTLS_TLS_CT_APPLICATION_DATA, 16);
    CHECK_EQ(nbtls_tls_rec_open(&e, rb, 21, &t, &c, &n),
             NBTLS_TLS_E_BAD_RECORD_MAC);
    /* inner plaintext over 2^14 + 1 (checked before decrypting) */
    set_header(rb, NBTLS_TLS_CT_APPLICATION_DATA, 16384 + 2 + 16);
    CHECK_EQ(nbtls_tls_rec_open(&e, rb, 5 + 16384 + 2 + 16, &t, &c, &n),
             NBTLS_TLS_E_RECORD_OVERFLOW);
    /* the largest legal record */
    CHECK_EQ(nbtls_tls_rec_seal(&d, NBTLS_TLS_CT_APPLICATION_DATA, rb,
                                sizeof rb, 16384, 0, &n),
             0);
    CHECK_EQ(n, 5 + 16384 + 1 + 16);
    CHECK_EQ(nbtls_tls_rec_open(&e, rb, n, &t, &c, &n), 0);
    CHECK_EQ(n, 16384);
    /* outer type other than application_data with keys */
    CHECK_EQ(
        nbtls_tls_rec_seal(&d, NBTLS_TLS_CT_HANDSHAKE, rb, sizeof rb, 4, 0, &n),
        0);
    rb[0] = NBTLS_TLS_CT_HANDSHAKE;
    CHECK_EQ(nbtls_tls_rec_open(&e, rb, n, &t, &c, &n),
             NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    e.seq = d.seq;
    /* a plaintext change_cipher_spec is still passed up with keys */
    set_header(rb, NBTLS_TLS_CT_CHANGE_CIPHER_SPEC, 1);
    rb[5] = 1;
    CHECK_EQ(nbtls_tls_rec_open(&e, rb, 6, &t, &c, &n), 0);
    CHECK(t == NBTLS_TLS_CT_CHANGE_CIPHER_SPEC && n == 1);
    CHECK_EQ(nbtls_tls_rec_seal(&d, NBTLS_TLS_CT_CHANGE_CIPHER_SPEC, rb,
                                sizeof rb, 1, 0, &n),
             NBTLS_E_INVALID_ARG);
    /* inner plaintexts: all zeros, protected CCS, unknown type, empty
     * handshake */
    unsigned char inner[8] = {0};
    n = raw_seal(&d, inner, 8);
    CHECK_EQ(nbtls_tls_rec_open(&e, rb, n, &t, &c, &n),
             NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    d.seq = e.seq;
    inner[0] = 1;
    inner[1] = NBTLS_TLS_CT_CHANGE_CIPHER_SPEC;
    n = raw_seal(&d, inner, 8);
    CHECK_EQ(nbtls_tls_rec_open(&e, rb, n, &t, &c, &n),
             NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    d.seq = e.seq;
    inner[1] = 99;
    n = raw_seal(&d, inner, 8);
    CHECK_EQ(nbtls_tls_rec_open(&e, rb, n, &t, &c, &n),
             NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    d.seq = e.seq;
    memset(inner, 0, sizeof inner);
    inner[0] = NBTLS_TLS_CT_HANDSHAKE;
    n = raw_seal(&d, inner, 8);
    CHECK_EQ(nbtls_tls_rec_open(&e, rb, n, &t, &c, &n),
             NBTLS_TLS_E_DECODE_ERROR);
    d.seq = e.seq;
    /* an inner type found behind zero content bytes and padding */
    memset(inner, 0, sizeof inner);
    inner[3] = NBTLS_TLS_CT_ALERT;
    n = raw_seal(&d, inner, 8);
    CHECK_EQ(nbtls_tls_rec_open(&e, rb, n, &t, &c, &n), 0);
    CHECK(t == NBTLS_TLS_CT_ALERT && n == 3);
    d.seq = e.seq;
    /* seal: padding past 2^14 + 1, short buffer */
    CHECK_EQ(nbtls_tls_rec_seal(&d, NBTLS_TLS_CT_APPLICATION_DATA, rb,
                                sizeof rb, 100, 16384 - 99, &n),
             NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_tls_rec_seal(&d, NBTLS_TLS_CT_APPLICATION_DATA, rb,
                                5 + 100 + 1 + 15, 100, 0, &n),
             NBTLS_E_BUFFER_TOO_SMALL);
    /* sequence numbers never wrap (5.3): the last one is refused */
    d.seq = UINT64_MAX - 1;
    CHECK_EQ(nbtls_tls_rec_seal(&d, NBTLS_TLS_CT_APPLICATION_DATA, rb,
                                sizeof rb, 1, 0, &n),
             0);
    CHECK(d.seq == UINT64_MAX);
    CHECK_EQ(nbtls_tls_rec_seal(&d, NBTLS_TLS_CT_APPLICATION_DATA, rb,
                                sizeof rb, 1, 0, &n),
             NBTLS_E_BAD_STATE);
    e.seq = UINT64_MAX;
    set_header(rb, NBTLS_TLS_CT_APPLICATION_DATA, 20);
    CHECK_EQ(nbtls_tls_rec_open(&e, rb, 25, &t, &c, &n), NBTLS_E_BAD_STATE);
    /* ChaCha20-Poly1305 and AES-256-GCM directions from a secret */
    unsigned char secret[48] = {3};
    CHECK_EQ(nbtls_tls_rec_dir_set_secret(&d, NBTLS_SHA256,
                                          NBTLS_CHACHA20_POLY1305, secret),
             0);
    CHECK_EQ(nbtls_tls_rec_dir_set_secret(&e, NBTLS_SHA256,
                                          NBTLS_CHACHA20_POLY1305, secret),
             0);
    memcpy(rb + 5, "hello", 5);
    CHECK_EQ(nbtls_tls_rec_seal(&d, NBTLS_TLS_CT_APPLICATION_DATA, rb,
                                sizeof rb, 5, 3, &n),
             0);
    CHECK_EQ(nbtls_tls_rec_open(&e, rb, n, &t, &c, &n), 0);
    CHECK(n == 5 && memcmp(c, "hello", 5) == 0);
    CHECK_EQ(nbtls_tls_rec_dir_set_secret(&d, NBTLS_SHA384, NBTLS_AES_256_GCM,
                                          secret),
             0);
    CHECK_EQ(nbtls_tls_rec_dir_set_secret(&e, NBTLS_SHA384, NBTLS_AES_256_GCM,
                                          secret),
             0);
    CHECK_EQ(
        nbtls_tls_rec_seal(&d, NBTLS_TLS_CT_ALERT, rb, sizeof rb, 2, 0, &n), 0);
    CHECK_EQ(nbtls_tls_rec_open(&e, rb, n, &t, &c, &n), 0);
    CHECK(t == NBTLS_TLS_CT_ALERT && n == 2);
    /* record_size_limit (RFC 8449): 64 bytes of TLSInnerPlaintext */
    CHECK_EQ(nbtls_tls_rec_dir_set_limit(&d, 63), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_tls_rec_dir_set_limit(&d, 16386), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_tls_rec_dir_set_limit(&e, 64), 0);
    CHECK_EQ(nbtls_tls_rec_dir_set_keys(&e, NBTLS_AES_128_GCM, key, 16, iv), 0);
    CHECK_EQ(nbtls_tls_rec_dir_set_keys(&d, NBTLS_AES_128_GCM, key, 16, iv), 0);
    CHECK_EQ(e.inner_limit, 64); /* kept across the key change */
    CHECK_EQ(nbtls_tls_rec_seal(&d, NBTLS_TLS_CT_APPLICATION_DATA, rb,
                                sizeof rb, 63, 0, &n),
             0);
    CHECK_EQ(nbtls_tls_rec_open(&e, rb, n, &t, &c, &n), 0);
    CHECK_EQ(n, 63);
    CHECK_EQ(nbtls_tls_rec_seal(&d, NBTLS_TLS_CT_APPLICATION_DATA, rb,
                                sizeof rb, 60, 4, &n),
             0);
    CHECK_EQ(nbtls_tls_rec_open(&e, rb, n, &t, &c, &n),
             NBTLS_TLS_E_RECORD_OVERFLOW);
    CHECK_EQ(nbtls_tls_rec_dir_set_limit(&d, 64), 0);
    CHECK_EQ(nbtls_tls_rec_seal(&d, NBTLS_TLS_CT_APPLICATION_DATA, rb,
                                sizeof rb, 64, 0, &n),
             NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_tls_rec_seal(&d, NBTLS_TLS_CT_APPLICATION_DATA, rb,
                                sizeof rb, 62, 2, &n),
             NBTLS_E_INVALID_ARG);
    nbtls_tls_rec_dir_clear(&d);
    nbtls_tls_rec_dir_clear(&e);
    CHECK_EQ(e.inner_limit, 16385);
}

/* ---- handshake reassembly ---------------------------------------------- */
static unsigned char flight[1024];

static void test_reasm(void) {
    size_t flen = tls_vec("server_flight", flight, sizeof flight);
    static const size_t lens[] = {40, 445, 136, 36};
    static const uint8_t types[] = {8, 11, 15, 20};
    unsigned char store[4 + 1024];
    nbtls_tls_hs_reasm r;
    nbtls_tls_hs_msg m;
    nbtls_reader src;
    CHECK_EQ(nbtls_tls_hs_reasm_init(&r, store, 4 + 99, 100),
             NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_tls_hs_reasm_init(&r, store, sizeof store, 1u << 24),
             NBTLS_E_INVALID_ARG);
    for (size_t chunk = 1; chunk <= flen; chunk++) {
        if (chunk > 40 && chunk % 37 != 0 && chunk != flen && chunk != flen - 1)
            continue; /* every small size, a sample of the large ones */
        CHECK_EQ(nbtls_tls_hs_reasm_init(&r, store, sizeof store, 1024), 0);
        size_t got = 0, off = 0, pos = 0;
        int ok = 1;
        while (pos < flen) {
            size_t n = flen - pos < chunk ? flen - pos : chunk;
            nbtls_reader_init(&src, flight + pos, n);
            pos += n;
            int rc;
            while ((rc = nbtls_tls_hs_next(&r, &src, &m)) == 1) {
                if (got >= 4 || m.type != types[got] ||
                    m.raw_len != lens[got] ||
                    memcmp(m.raw, flight + off, m.raw_len) != 0 ||
                    m.len + 4 != m.raw_len || m.body != m.raw + 4)
                    ok = 0;
                off += m.raw_len;
                got++;
            }
            if (rc != 0) ok = 0;
        }
        CHECK(ok);
        CHECK_EQ(got, 4);
        CHECK_EQ(nbtls_tls_hs_partial(&r), 0);
    }
    /* a key change inside a message, or with the record not used up */
    CHECK_EQ(nbtls_tls_hs_reasm_init(&r, store, sizeof store, 1024), 0);
    nbtls_reader_init(&src, flight, 10);
    CHECK_EQ(nbtls_tls_hs_next(&r, &src, &m), 0);
    CHECK_EQ(nbtls_tls_hs_partial(&r), 1);
    CHECK_EQ(nbtls_tls_hs_expect_boundary(&r, &src),
             NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    CHECK_EQ(nbtls_tls_hs_reasm_init(&r, store, sizeof store, 1024), 0);
    nbtls_reader_init(&src, flight, 50);
    CHECK_EQ(nbtls_tls_hs_next(&r, &src, &m), 1);
    CHECK_EQ(nbtls_tls_hs_expect_boundary(&r, &src),
             NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    /* over the size limit: whole in the record, and header split */
    CHECK_EQ(nbtls_tls_hs_reasm_init(&r, store, sizeof store, 440), 0);
    nbtls_reader_init(&src, flight + 40, 445);
    CHECK_EQ(nbtls_tls_hs_next(&r, &src, &m), NBTLS_TLS_E_DECODE_ERROR);
    CHECK_EQ(nbtls_tls_hs_reasm_init(&r, store, sizeof store, 440), 0);
    nbtls_reader_init(&src, flight + 40, 2);
    CHECK_EQ(nbtls_tls_hs_next(&r, &src, &m), 0);
    nbtls_reader_init(&src, flight + 42, 400);
    CHECK_EQ(nbtls_tls_hs_next(&r, &src, &m), NBTLS_TLS_E_DECODE_ERROR);
    CHECK_EQ(nbtls_tls_hs_reasm_init(&r, store, sizeof store, 445 - 4), 0);
    nbtls_reader_init(&src, flight + 40, 445);
    CHECK_EQ(nbtls_tls_hs_next(&r, &src, &m), 1); /* exactly the limit */
    /* an empty message (e.g. EndOfEarlyData) */
    static const unsigned char empty[4] = {5, 0, 0, 0};
    CHECK_EQ(nbtls_tls_hs_reasm_init(&r, store, sizeof store, 10), 0);
    nbtls_reader_init(&src, empty, 4);
    CHECK_EQ(nbtls_tls_hs_next(&r, &src, &m), 1);
    CHECK(m.type == 5 && m.len == 0);
}

/* ---- transcript ---------------------------------------------------------- */
static void test_transcript(void) {
    unsigned char ch[512], h[64], want[64], buf[600];
    size_t chl = tls_vec("client_hello", ch, sizeof ch), n, wl;
    nbtls_tls_transcript t, snap;
    CHECK_EQ(nbtls_tls_transcript_init(&t), 0);
    nbtls_tls_transcript_update(&t, ch, 100);
    nbtls_tls_transcript_update(&t, ch + 100, chl - 100);
    CHECK_EQ(nbtls_tls_transcript_hash(&t, h, &n), NBTLS_E_BAD_STATE);
    CHECK_EQ(nbtls_tls_transcript_hrr(&t), NBTLS_E_BAD_STATE);
    snap = t;
    CHECK_EQ(nbtls_tls_transcript_select(&t, NBTLS_SHA512),
             NBTLS_E_UNSUPPORTED);
    CHECK_EQ(nbtls_tls_transcript_select(&t, NBTLS_SHA384), 0);
    CHECK_EQ(nbtls_tls_transcript_select(&t, NBTLS_SHA384), 0);
    CHECK_EQ(nbtls_tls_transcript_select(&t, NBTLS_SHA256), NBTLS_E_BAD_STATE);
    CHECK_EQ(nbtls_tls_transcript_hash(&t, h, &n), 0);
    CHECK_EQ(nbtls_hash(NBTLS_SHA384, ch, chl, want, sizeof want, &wl), 0);
    CHECK(n == 48 && memcmp(h, want, 48) == 0);
    /* the hash is a snapshot: the running hash goes on */
    nbtls_tls_transcript_update(&t, ch, 1);
    CHECK_EQ(nbtls_tls_transcript_hash(&t, h, &n), 0);
    memcpy(buf, ch, chl);
    buf[chl] = ch[0];
    CHECK_EQ(nbtls_hash(NBTLS_SHA384, buf, chl + 1, want, sizeof want, &wl), 0);
    CHECK_MEM(h, want, 48);

    /* HelloRetryRequest: message_hash || 00 00 20 || Hash(CH1) || HRR */
    t = snap;
    CHECK_EQ(nbtls_tls_transcript_select(&t, NBTLS_SHA256), 0);
    CHECK_EQ(nbtls_tls_transcript_hrr(&t), 0);
    static const unsigned char hrr[] = {2, 0, 0, 2, 3, 3};
    nbtls_tls_transcript_update(&t, hrr, sizeof hrr);
    CHECK_EQ(nbtls_tls_transcript_hash(&t, h, &n), 0);
    buf[0] = 254;
    buf[1] = 0;
    buf[2] = 0;
    buf[3] = 32;
    CHECK_EQ(nbtls_hash(NBTLS_SHA256, ch, chl, buf + 4, 32, &wl), 0);
    memcpy(buf + 36, hrr, sizeof hrr);
    CHECK_EQ(
        nbtls_hash(NBTLS_SHA256, buf, 36 + sizeof hrr, want, sizeof want, &wl),
        0);
    CHECK(n == 32 && memcmp(h, want, 32) == 0);
    nbtls_tls_transcript_wipe(&t);
    nbtls_tls_transcript_wipe(&snap);
}

int main(void) {
    test_writer();
    test_keysched();
    test_record();
    test_reasm();
    test_transcript();
    return CHECK_DONE();
}
