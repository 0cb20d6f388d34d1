/*
 * The client connection (nbtls/tls.h) driven in memory, where no real
 * server can go: the first flight is identical at budgets 0, 1 and 7 under
 * a fixed random generator and no poll spends more than its budget; hand
 * made server records reach each refusal with its alert on the output
 * (TLS 1.2 ServerHello -> protocol_version, a fatal alert from the server,
 * handshake_failure / protocol_version answering the ClientHello,
 * application data before the keys, an unknown content type, an oversized
 * record, a message out of order, a ServerHello split across a CCS); the
 * error is sticky; a record fed one byte at a time is waited for;
 * nbtls_conn_state()'s bits at each of these points, and
 * nbtls_conn_key_update() refused before the handshake is done.
 */
#include "check.h"
#include "nbtls/tls.h"

static int fixed_rng(void *ctx, unsigned char *out, size_t len) {
    unsigned *ctr = ctx;
    for (size_t i = 0; i < len; i++)
        out[i] = (unsigned char)(0x5a ^ (*ctr)++);
    return 0;
}

static unsigned char flight[2][1024];
static size_t flight_len[2];

/* A fresh connection (insecure config, fixed rng), polled at `budget` until
 * its ClientHello is out; returns it with the output taken into *out. */
static nbtls_conn *start(nbtls_config **cfgp, uint32_t budget,
                         unsigned char *out, size_t *out_len) {
    static unsigned ctr;
    ctr = 0;
    nbtls_config *cfg = NULL;
    nbtls_conn *c = NULL;
    CHECK_EQ(nbtls_config_new(&cfg, NBTLS_ROLE_CLIENT), NBTLS_DONE);
    CHECK_EQ(nbtls_config_set_rng(cfg, fixed_rng, &ctr), NBTLS_DONE);
    CHECK_EQ(nbtls_config_insecure_disable_verification(cfg), NBTLS_DONE);
    CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_DONE);
    int st;
    unsigned long polls = 0;
    do {
        uint64_t u0 = nbtls_conn_units(c);
        st = nbtls_conn_poll(c, budget);
        if (budget) CHECK(nbtls_conn_units(c) - u0 <= budget);
        polls++;
    } while (st == NBTLS_IN_PROGRESS);
    CHECK_EQ(st, NBTLS_WANT_WRITE);
    if (budget == 1) CHECK(polls >= nbtls_conn_units(c)); /* really sliced */
    CHECK_EQ(nbtls_conn_take_output(c, out, 1024, out_len), NBTLS_DONE);
    CHECK_EQ(nbtls_conn_poll(c, budget), NBTLS_WANT_READ);
    *cfgp = cfg;
    return c;
}

/* Feed `rec` and poll to the end: the status. */
static int feed_poll(nbtls_conn *c, const unsigned char *rec, size_t n) {
    size_t used = 0;
    CHECK_EQ(nbtls_conn_feed(c, rec, n, &used), NBTLS_DONE);
    CHECK_EQ(used, n);
    int st;
    do
        st = nbtls_conn_poll(c, 3);
    while (st == NBTLS_IN_PROGRESS);
    return st;
}

/* Expect failure `err` with alert `alert` sent as a plaintext record. */
static void expect_refusal(const unsigned char *rec, size_t n, int err,
                           int alert) {
    nbtls_config *cfg;
    unsigned char out[1024];
    size_t len;
    nbtls_conn *c = start(&cfg, 0, out, &len);
    CHECK_EQ(feed_poll(c, rec, n), err);
    CHECK_EQ(nbtls_conn_alert_sent(c), alert);
    CHECK_EQ(nbtls_conn_state(c),
             NBTLS_CONN_FAILED | (alert >= 0 ? NBTLS_CONN_OUTPUT_PENDING : 0));
    CHECK_EQ(nbtls_conn_take_output(c, out, sizeof out, &len), NBTLS_DONE);
    CHECK_EQ(nbtls_conn_state(c), NBTLS_CONN_FAILED);
    CHECK_EQ(nbtls_conn_key_update(c, 0), err);
    if (alert >= 0) {
        const unsigned char want[] = {21, 3, 3, 0, 2, 2, (unsigned char)alert};
        CHECK_EQ(len, sizeof want);
        CHECK_MEM(out, want, sizeof want);
    } else {
        CHECK_EQ(len, 0);
    }
    /* sticky */
    CHECK_EQ(nbtls_conn_poll(c, 0), err);
    size_t used = 1;
    CHECK_EQ(nbtls_conn_feed(c, rec, 1, &used), err);
    CHECK_EQ(used, 0);
    CHECK(*nbtls_conn_error_string(c) != 0);
    nbtls_conn_free(c);
    nbtls_config_free(cfg);
}

int main(void) {
    /* ---- the first flight: the same bytes at budgets 0 / 1 / 7 --------- */
    static const uint32_t budgets[] = {0, 1, 7};
    for (size_t i = 0; i < 3; i++) {
        nbtls_config *cfg;
        unsigned char out[1024];
        size_t len = 0;
        nbtls_conn *c = start(&cfg, budgets[i], out, &len);
        CHECK(len > 9 && out[0] == 22 && out[1] == 3 && out[2] == 1 &&
              out[5] == 1); /* handshake record, 0x0301, ClientHello */
        if (i == 0) {
            memcpy(flight[0], out, len);
            flight_len[0] = len;
        } else {
            CHECK_EQ(len, flight_len[0]);
            CHECK_MEM(out, flight[0], len == flight_len[0] ? len : 0);
        }
        CHECK_EQ(nbtls_conn_handshake_done(c), 0);
        CHECK(nbtls_conn_alloc_size(c) > 32768 &&
              nbtls_conn_alloc_size(c) <= NBTLS_CONN_SIZE_HINT);
        nbtls_conn_free(c);
        nbtls_config_free(cfg);
    }

    /* ---- nbtls_conn_state() before and during the handshake; KeyUpdate
     * refused before it is done ---------------------------------------- */
    {
        static unsigned ctr;
        nbtls_config *cfg = NULL;
        nbtls_conn *c = NULL;
        CHECK_EQ(nbtls_conn_state(NULL), 0);
        CHECK_EQ(nbtls_conn_key_update(NULL, 1), NBTLS_E_INVALID_ARG);
        CHECK_EQ(NBTLS_CONN_WANT_INPUT, NBTLS_CONN_INPUT_WANTED);
        CHECK_EQ(NBTLS_CONN_CLOSED, NBTLS_CONN_PEER_CLOSED);
        CHECK_EQ(NBTLS_CONN_EXTERNAL_PENDING, 0x80);
        CHECK_EQ(nbtls_config_new(&cfg, NBTLS_ROLE_CLIENT), NBTLS_DONE);
        CHECK_EQ(nbtls_config_set_rng(cfg, fixed_rng, &ctr), NBTLS_DONE);
        CHECK_EQ(nbtls_config_insecure_disable_verification(cfg), NBTLS_DONE);
        CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_DONE);
        CHECK_EQ(nbtls_conn_state(c), NBTLS_CONN_WANT_INPUT);
        CHECK_EQ(nbtls_conn_key_update(c, 1), NBTLS_E_BAD_STATE);
        int st;
        do {
            st = nbtls_conn_poll(c, 1);
            /* output pending exactly when the ClientHello is queued */
            unsigned want = NBTLS_CONN_WANT_INPUT;
            if (nbtls_conn_output_pending(c)) want |= NBTLS_CONN_OUTPUT_PENDING;
            CHECK_EQ(nbtls_conn_state(c), want);
        } while (st == NBTLS_IN_PROGRESS);
        CHECK_EQ(st, NBTLS_WANT_WRITE);
        CHECK_EQ(nbtls_conn_state(c),
                 NBTLS_CONN_OUTPUT_PENDING | NBTLS_CONN_WANT_INPUT);
        CHECK_EQ(nbtls_conn_key_update(c, 0), NBTLS_E_BAD_STATE);
        unsigned char out[1024];
        size_t len = 0, used = 0;
        CHECK_EQ(nbtls_conn_take_output(c, out, sizeof out, &len), NBTLS_DONE);
        CHECK_EQ(nbtls_conn_state(c), NBTLS_CONN_WANT_INPUT);
        /* a full input buffer wants no more */
        static unsigned char zeros[40000];
        CHECK_EQ(nbtls_conn_feed(c, zeros, sizeof zeros, &used), NBTLS_DONE);
        CHECK(used > 0 && used < sizeof zeros);
        CHECK_EQ(nbtls_conn_state(c), 0);
        /* ... and it is garbage: failed, the alert to send, no input */
        CHECK(nbtls_conn_poll(c, 0) < 0);
        CHECK_EQ(nbtls_conn_state(c),
                 NBTLS_CONN_FAILED | NBTLS_CONN_OUTPUT_PENDING);
        nbtls_conn_free(c);
        nbtls_config_free(cfg);
    }

    /* ---- a TLS 1.2 ServerHello: protocol_version, NBTLS_E_HANDSHAKE ---- */
    unsigned char sh12[5 + 4 + 38 + 3];
    size_t k = 0;
    sh12[k++] = 22;
    sh12[k++] = 3;
    sh12[k++] = 3;
    sh12[k++] = 0;
    sh12[k++] = 4 + 38 + 3 - 0;
    sh12[k++] = 2; /* ServerHello */
    sh12[k++] = 0;
    sh12[k++] = 0;
    sh12[k++] = 38 + 3 - 0;
    sh12[k++] = 3; /* legacy_version 0x0303 */
    sh12[k++] = 3;
    for (int i = 0; i < 32; i++)
        sh12[k++] = (unsigned char)i; /* random, no downgrade sentinel */
    sh12[k++] = 0;                    /* session id */
    sh12[k++] = 0x13;
    sh12[k++] = 0x01;
    sh12[k++] = 0; /* compression */
    CHECK_EQ(k, 5 + 4 + 38);
    sh12[4] = (unsigned char)(k - 5);
    sh12[8] = (unsigned char)(k - 9);
    expect_refusal(sh12, k, NBTLS_E_HANDSHAKE, 70);

    /* ---- a fatal alert from the server ----------------------------------- */
    static const unsigned char alert[] = {21, 3, 3, 0, 2, 2, 80};
    {
        nbtls_config *cfg;
        unsigned char out[1024];
        size_t len;
        nbtls_conn *c = start(&cfg, 1, out, &len);
        CHECK_EQ(feed_poll(c, alert, sizeof alert), NBTLS_E_PEER_ALERT);
        CHECK_EQ(nbtls_conn_alert_received(c), 80);
        CHECK_EQ(nbtls_conn_alert_sent(c), -1);
        CHECK_EQ(nbtls_conn_output_pending(c), 0);
        nbtls_conn_free(c);
        nbtls_config_free(cfg);
    }

    /* ---- handshake_failure / protocol_version answering the ClientHello:
     * nothing in common, NBTLS_E_HANDSHAKE ------------------------------ */
    for (int d = 0; d < 2; d++) {
        const unsigned char nope[] = {21, 3, 3, 0, 2, 2, d ? 70 : 40};
        nbtls_config *cfg;
        unsigned char out[1024];
        size_t len;
        nbtls_conn *c = start(&cfg, 0, out, &len);
        CHECK_EQ(feed_poll(c, nope, sizeof nope), NBTLS_E_HANDSHAKE);
        CHECK_EQ(nbtls_conn_alert_received(c), d ? 70 : 40);
        nbtls_conn_free(c);
        nbtls_config_free(cfg);
    }

    /* ---- application data before any key: unexpected_message ---------- */
    static const unsigned char app[] = {23, 3, 3, 0, 3, 'a', 'b', 'c'};
    expect_refusal(app, sizeof app, NBTLS_E_PROTOCOL, 10);
    /* ---- an unknown content type: unexpected_message ------------------- */
    static const unsigned char ct99[] = {99, 3, 3, 0, 1, 0};
    expect_refusal(ct99, sizeof ct99, NBTLS_E_PROTOCOL, 10);
    /* ---- a plaintext record over 2^14: record_overflow ------------------ */
    static const unsigned char big[] = {22, 3, 3, 0x40, 0x01};
    expect_refusal(big, sizeof big, NBTLS_E_PROTOCOL, 22);
    /* ---- EncryptedExtensions where the ServerHello belongs -------------- */
    static const unsigned char ee[] = {22, 3, 3, 0, 6, 8, 0, 0, 2, 0, 0};
    expect_refusal(ee, sizeof ee, NBTLS_E_PROTOCOL, 10);
    /* ---- a CCS between the fragments of a ServerHello ------------------- */
    static const unsigned char frag[] = {22, 3, 3, 0, 2, 2, 0,
                                         20, 3, 3, 0, 1, 1};
    expect_refusal(frag, sizeof frag, NBTLS_E_PROTOCOL, 10);
    /* ---- a malformed change_cipher_spec --------------------------------- */
    static const unsigned char ccs2[] = {20, 3, 3, 0, 1, 2};
    expect_refusal(ccs2, sizeof ccs2, NBTLS_E_PROTOCOL, 10);

    /* ---- one byte at a time: waited for, then refused ------------------ */
    {
        nbtls_config *cfg;
        unsigned char out[1024];
        size_t len;
        nbtls_conn *c = start(&cfg, 7, out, &len);
        for (size_t i = 0; i + 1 < sizeof alert; i++) {
            size_t used = 0;
            CHECK_EQ(nbtls_conn_feed(c, alert + i, 1, &used), NBTLS_DONE);
            CHECK_EQ(nbtls_conn_poll(c, 7), NBTLS_WANT_READ);
        }
        CHECK_EQ(feed_poll(c, alert + sizeof alert - 1, 1), NBTLS_E_PEER_ALERT);
        /* application calls before the handshake */
        unsigned char buf[4];
        CHECK_EQ(nbtls_conn_read(c, buf, sizeof buf, &len), NBTLS_E_PEER_ALERT);
        nbtls_conn_free(c);
        nbtls_config_free(cfg);
    }
    return CHECK_DONE();
}
