/*
 * RFC 8448 section 3, "Simple 1-RTT Handshake", replayed byte for byte
 * through core/tls: the ClientHello built from the trace's random and key
 * matches; the ServerHello parses; X25519 (the ECDH op) gives the shared
 * secret; every secret, key and IV of the key schedule matches; the
 * server's encrypted flight decrypts to its plaintext and reassembles into
 * its four messages; both Finished verify_data match; the client's
 * Finished, application data and close_notify records are sealed to the
 * trace's bytes and the server's ticket, data and alert records open.
 * Vectors: tests/vectors/tls13_rfc8448_simple.txt.
 */
#include "check.h"
#include "tls_vectors.h"

#include "nbtls/nbtls.h"
#include "nbtls/sym.h"
#include "tls/ee.h"
#include "tls/handshake.h"
#include "tls/hello.h"
#include "tls/keysched.h"
#include "tls/record.h"
#include "tls/writer.h"

#define V(name, buf) size_t name##_len = tls_vec(#name, buf, sizeof buf)

static unsigned char ch_msg[512], sh_msg[128], flight[1024];
static unsigned char rec_buf[2048];

static void check_vec(const char *name, const unsigned char *got,
                      size_t got_len) {
    unsigned char want[2048];
    size_t n = tls_vec(name, want, sizeof want);
    CHECK_EQ(got_len, n);
    if (got_len == n) {
        if (memcmp(got, want, n) != 0)
            fprintf(stderr, "mismatch in %s\n", name);
        CHECK_MEM(got, want, n);
    }
}

static const uint16_t suites[] = {0x1301, 0x1303, 0x1302};
static const uint16_t groups[] = {0x001d, 0x0017, 0x0018, 0x0019, 0x0100,
                                  0x0101, 0x0102, 0x0103, 0x0104};
static const uint16_t sig_algs[] = {0x0403, 0x0503, 0x0603, 0x0203, 0x0804,
                                    0x0805, 0x0806, 0x0401, 0x0501, 0x0601,
                                    0x0201, 0x0402, 0x0502, 0x0602, 0x0202};

int main(void) {
    unsigned char client_public[32], client_private[32], server_public[32];
    V(client_public, client_public);
    V(client_private, client_private);
    V(server_public, server_public);
    V(client_hello, ch_msg);
    (void)client_public_len;
    (void)client_private_len;
    (void)server_public_len;

    /* ---- ClientHello: RFC 8448's parameters give its bytes ------------- */
    nbtls_tls_key_share share = {NBTLS_TLS_GROUP_X25519, client_public, 32};
    nbtls_tls_client_hello ch;
    memset(&ch, 0, sizeof ch);
    memcpy(ch.random, ch_msg + 6, 32);
    ch.suites = suites;
    ch.n_suites = NBTLS_ARRAY_LEN(suites);
    ch.server_name = "server";
    ch.server_name_len = 6;
    ch.groups = groups;
    ch.n_groups = NBTLS_ARRAY_LEN(groups);
    ch.shares = &share;
    ch.n_shares = 1;
    ch.sig_algs = sig_algs;
    ch.n_sig_algs = NBTLS_ARRAY_LEN(sig_algs);
    ch.record_size_limit = 0x4001;
    ch.psk_dhe_ke = 1;
    ch.renegotiation_info = 1;
    ch.session_ticket = 1;

    /* the public key in it is X25519(client_private, 9) */
    nbtls_key *ckey = NULL;
    unsigned char pub[32];
    size_t n = 0;
    CHECK_EQ(nbtls_key_x25519_from_private(&ckey, client_private), NBTLS_DONE);
    CHECK_EQ(nbtls_key_export_public(ckey, pub, sizeof pub, &n), NBTLS_DONE);
    CHECK_EQ(n, 32);
    CHECK_MEM(pub, client_public, 32);

    nbtls_writer w;
    nbtls_writer_init(&w, rec_buf + 5, sizeof rec_buf - 5);
    CHECK_EQ(nbtls_tls_write_client_hello(&ch, &w), 0);
    check_vec("client_hello", rec_buf + 5, w.len);

    /* its record: an initial ClientHello with legacy_record_version 0x0301 */
    nbtls_tls_rec_dir cw, cr;
    nbtls_tls_rec_dir_init(&cw);
    nbtls_tls_rec_dir_init(&cr);
    cw.plain_version = 0x0301;
    size_t rec_len = 0;
    CHECK_EQ(nbtls_tls_rec_seal(&cw, NBTLS_TLS_CT_HANDSHAKE, rec_buf,
                                sizeof rec_buf, w.len, 0, &rec_len),
             0);
    check_vec("client_hello_record", rec_buf, rec_len);
    cw.plain_version = NBTLS_TLS_LEGACY_VERSION;

    nbtls_tls_transcript tr;
    CHECK_EQ(nbtls_tls_transcript_init(&tr), 0);
    nbtls_tls_transcript_update(&tr, ch_msg, client_hello_len);

    /* ---- ServerHello: record, framing, parse --------------------------- */
    V(server_hello_record, rec_buf);
    V(server_hello, sh_msg);
    uint8_t type = 0;
    unsigned char *content = NULL;
    size_t content_len = 0;
    CHECK_EQ(nbtls_tls_rec_open(&cr, rec_buf, server_hello_record_len, &type,
                                &content, &content_len),
             0);
    CHECK_EQ(type, NBTLS_TLS_CT_HANDSHAKE);
    unsigned char hs_store[4 + 4096];
    nbtls_tls_hs_reasm ra;
    CHECK_EQ(nbtls_tls_hs_reasm_init(&ra, hs_store, sizeof hs_store, 4096), 0);
    nbtls_reader src;
    nbtls_tls_hs_msg msg;
    nbtls_reader_init(&src, content, content_len);
    CHECK_EQ(nbtls_tls_hs_next(&ra, &src, &msg), 1);
    CHECK_EQ(msg.type, NBTLS_TLS_HS_SERVER_HELLO);
    CHECK_EQ(msg.raw_len, server_hello_len);
    CHECK_MEM(msg.raw, sh_msg, server_hello_len);
    CHECK_EQ(nbtls_tls_hs_expect_boundary(&ra, &src), 0);
    nbtls_tls_server_hello sh;
    CHECK_EQ(nbtls_tls_parse_server_hello(msg.body, msg.len, &ch, &sh), 0);
    CHECK_EQ(sh.is_hrr, 0);
    CHECK_EQ(sh.suite, NBTLS_TLS_AES_128_GCM_SHA256);
    CHECK_EQ(sh.version, 0x0304);
    CHECK_EQ(sh.group, NBTLS_TLS_GROUP_X25519);
    CHECK_EQ(sh.share_len, 32);
    CHECK(sh.share && memcmp(sh.share, server_public, 32) == 0);
    CHECK_MEM(sh.random, sh_msg + 6, 32);

    int hash = nbtls_tls_suite_hash(sh.suite);
    int aead = nbtls_tls_suite_aead(sh.suite);
    CHECK_EQ(hash, NBTLS_SHA256);
    CHECK_EQ(aead, NBTLS_AES_128_GCM);
    CHECK_EQ(nbtls_tls_transcript_select(&tr, hash), 0);
    nbtls_tls_transcript_update(&tr, msg.raw, msg.raw_len);
    unsigned char th[64];
    size_t th_len = 0;
    CHECK_EQ(nbtls_tls_transcript_hash(&tr, th, &th_len), 0);
    check_vec("hash_ch_sh", th, th_len);

    /* ---- X25519 through the ECDH op ------------------------------------ */
    nbtls_op *op = NULL;
    unsigned char shared[32];
    CHECK_EQ(nbtls_ecdh_start(&op, ckey, sh.share, sh.share_len), NBTLS_DONE);
    CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_DONE);
    CHECK_EQ(nbtls_op_result(op, shared, sizeof shared, &n), NBTLS_DONE);
    check_vec("shared_secret", shared, n);
    nbtls_op_free(op);
    nbtls_key_free(ckey);

    /* ---- key schedule up to the handshake secrets ---------------------- */
    nbtls_tls_keysched ks;
    memset(&ks, 0xa5, sizeof ks);
    CHECK_EQ(nbtls_tls_ks_init(&ks, hash, NULL, 0), 0);
    check_vec("early_secret", ks.early, ks.hlen);
    CHECK_EQ(nbtls_tls_ks_handshake(&ks, shared, 32, th), 0);
    check_vec("handshake_secret", ks.handshake, ks.hlen);
    check_vec("client_hs_traffic", ks.c_hs, ks.hlen);
    check_vec("server_hs_traffic", ks.s_hs, ks.hlen);
    static const unsigned char zero64[64];
    CHECK_MEM(ks.early, zero64, sizeof ks.early); /* wiped on transition */

    unsigned char key[32], iv[12];
    size_t key_len = 0;
    CHECK_EQ(nbtls_tls_traffic_keys(hash, ks.s_hs, aead, key, &key_len, iv), 0);
    check_vec("server_hs_key", key, key_len);
    check_vec("server_hs_iv", iv, 12);
    CHECK_EQ(nbtls_tls_traffic_keys(hash, ks.c_hs, aead, key, &key_len, iv), 0);
    check_vec("client_hs_key", key, key_len);
    check_vec("client_hs_iv", iv, 12);

    /* ---- the server's encrypted flight --------------------------------- */
    CHECK_EQ(nbtls_tls_hs_expect_boundary(&ra, NULL), 0);
    CHECK_EQ(nbtls_tls_rec_dir_set_secret(&cr, hash, aead, ks.s_hs), 0);
    V(server_flight_record, rec_buf);
    V(server_flight, flight);
    CHECK_EQ(nbtls_tls_rec_open(&cr, rec_buf, server_flight_record_len, &type,
                                &content, &content_len),
             0);
    CHECK_EQ(type, NBTLS_TLS_CT_HANDSHAKE);
    CHECK_EQ(content_len, server_flight_len);
    CHECK_MEM(content, flight, server_flight_len);
    CHECK_EQ(cr.seq, 1);

    static const uint8_t want_types[] = {
        NBTLS_TLS_HS_ENCRYPTED_EXTENSIONS, NBTLS_TLS_HS_CERTIFICATE,
        NBTLS_TLS_HS_CERTIFICATE_VERIFY, NBTLS_TLS_HS_FINISHED};
    static const size_t want_lens[] = {40, 445, 136, 36};
    nbtls_reader_init(&src, content, content_len);
    size_t off = 0;
    for (size_t i = 0; i < 4; i++) {
        CHECK_EQ(nbtls_tls_hs_next(&ra, &src, &msg), 1);
        CHECK_EQ(msg.type, want_types[i]);
        CHECK_EQ(msg.raw_len, want_lens[i]);
        CHECK(msg.raw == content + off); /* zero-copy: inside the record */
        off += msg.raw_len;
        if (msg.type == NBTLS_TLS_HS_ENCRYPTED_EXTENSIONS) {
            nbtls_tls_encrypted_extensions ee;
            CHECK_EQ(nbtls_tls_parse_encrypted_extensions(msg.body, msg.len,
                                                          &ch, &ee),
                     0);
            CHECK_EQ(ee.server_name_ack, 1);
            CHECK_EQ(ee.record_size_limit, 0x4001);
            CHECK_EQ(ee.groups_len, 18);
            CHECK_EQ(ee.alpn_len, 0);
        }
        if (msg.type == NBTLS_TLS_HS_FINISHED) {
            /* verify_data over ClientHello..CertificateVerify */
            unsigned char vd[64], fk[64];
            CHECK_EQ(nbtls_tls_transcript_hash(&tr, th, &th_len), 0);
            CHECK_EQ(nbtls_tls_finished_key(hash, ks.s_hs, fk), 0);
            check_vec("server_finished_key", fk, 32);
            CHECK_EQ(nbtls_tls_verify_data(hash, ks.s_hs, th, vd), 0);
            check_vec("server_verify_data", vd, 32);
            CHECK_EQ(msg.len, 32);
            CHECK(nbtls_ct_memcmp(vd, msg.body, 32) == 0);
        }
        nbtls_tls_transcript_update(&tr, msg.raw, msg.raw_len);
    }
    CHECK_EQ(nbtls_tls_hs_next(&ra, &src, &msg), 0);
    CHECK_EQ(nbtls_tls_hs_expect_boundary(&ra, &src), 0);
    CHECK_EQ(nbtls_tls_transcript_hash(&tr, th, &th_len), 0);
    check_vec("hash_ch_sf", th, th_len);

    /* ---- master secret, application traffic secrets -------------------- */
    CHECK_EQ(nbtls_tls_ks_master(&ks, th), 0);
    check_vec("master_secret", ks.master, ks.hlen);
    check_vec("client_ap_traffic", ks.c_ap, ks.hlen);
    check_vec("server_ap_traffic", ks.s_ap, ks.hlen);
    check_vec("exporter_master", ks.exporter, ks.hlen);
    CHECK_MEM(ks.handshake, zero64, sizeof ks.handshake);
    CHECK_EQ(nbtls_tls_traffic_keys(hash, ks.s_ap, aead, key, &key_len, iv), 0);
    check_vec("server_ap_key", key, key_len);
    check_vec("server_ap_iv", iv, 12);
    CHECK_EQ(nbtls_tls_traffic_keys(hash, ks.c_ap, aead, key, &key_len, iv), 0);
    check_vec("client_ap_key", key, key_len);
    check_vec("client_ap_iv", iv, 12);

    /* ---- the client's Finished, sealed under its handshake keys -------- */
    unsigned char fk[64];
    CHECK_EQ(nbtls_tls_finished_key(hash, ks.c_hs, fk), 0);
    check_vec("client_finished_key", fk, 32);
    CHECK_EQ(nbtls_tls_rec_dir_set_secret(&cw, hash, aead, ks.c_hs), 0);
    nbtls_tls_hs_put_header(rec_buf + 5, NBTLS_TLS_HS_FINISHED, 32);
    CHECK_EQ(nbtls_tls_verify_data(hash, ks.c_hs, th, rec_buf + 9), 0);
    check_vec("client_verify_data", rec_buf + 9, 32);
    nbtls_tls_transcript_update(&tr, rec_buf + 5, 36);
    CHECK_EQ(nbtls_tls_rec_overhead(&cw, 0), 5 + 1 + 16);
    CHECK_EQ(nbtls_tls_rec_seal(&cw, NBTLS_TLS_CT_HANDSHAKE, rec_buf,
                                sizeof rec_buf, 36, 0, &rec_len),
             0);
    check_vec("client_finished_record", rec_buf, rec_len);
    CHECK_EQ(nbtls_tls_transcript_hash(&tr, th, &th_len), 0);
    check_vec("hash_ch_cf", th, th_len);
    CHECK_EQ(nbtls_tls_ks_resumption(&ks, th), 0);
    check_vec("resumption_master", ks.resumption, ks.hlen);
    CHECK_MEM(ks.master, zero64, sizeof ks.master);
    CHECK_MEM(ks.c_hs, zero64, sizeof ks.c_hs);

    /* ---- application data -------------------------------------------- */
    CHECK_EQ(nbtls_tls_rec_dir_set_secret(&cw, hash, aead, ks.c_ap), 0);
    CHECK_EQ(nbtls_tls_rec_dir_set_secret(&cr, hash, aead, ks.s_ap), 0);
    CHECK_EQ(cw.seq, 0);
    unsigned char app[64];
    V(app_data, app);
    memcpy(rec_buf + 5, app, app_data_len);
    CHECK_EQ(nbtls_tls_rec_seal(&cw, NBTLS_TLS_CT_APPLICATION_DATA, rec_buf,
                                sizeof rec_buf, app_data_len, 0, &rec_len),
             0);
    check_vec("client_app_record", rec_buf, rec_len);
    rec_buf[5] = 1; /* close_notify: warning(1), close_notify(0) */
    rec_buf[6] = 0;
    CHECK_EQ(nbtls_tls_rec_seal(&cw, NBTLS_TLS_CT_ALERT, rec_buf,
                                sizeof rec_buf, 2, 0, &rec_len),
             0);
    check_vec("client_alert_record", rec_buf, rec_len);

    /* server: NewSessionTicket (seq 0), data (1), close_notify (2) */
    V(ticket_record, rec_buf);
    CHECK_EQ(nbtls_tls_rec_open(&cr, rec_buf, ticket_record_len, &type,
                                &content, &content_len),
             0);
    CHECK_EQ(type, NBTLS_TLS_CT_HANDSHAKE);
    check_vec("ticket", content, content_len);
    nbtls_reader_init(&src, content, content_len);
    CHECK_EQ(nbtls_tls_hs_next(&ra, &src, &msg), 1);
    CHECK_EQ(msg.type, NBTLS_TLS_HS_NEW_SESSION_TICKET);
    V(server_app_record, rec_buf);
    CHECK_EQ(nbtls_tls_rec_open(&cr, rec_buf, server_app_record_len, &type,
                                &content, &content_len),
             0);
    CHECK_EQ(type, NBTLS_TLS_CT_APPLICATION_DATA);
    CHECK_EQ(content_len, app_data_len);
    CHECK_MEM(content, app, app_data_len);
    V(server_alert_record, rec_buf);
    CHECK_EQ(nbtls_tls_rec_open(&cr, rec_buf, server_alert_record_len, &type,
                                &content, &content_len),
             0);
    CHECK_EQ(type, NBTLS_TLS_CT_ALERT);
    CHECK_EQ(content_len, 2);
    CHECK(content[0] == 1 && content[1] == 0);
    CHECK_EQ(cr.seq, 3);

    /* ---- KeyUpdate (RFC 8446 7.2) on client_application_traffic_secret_0;
     * expected value computed with Python `cryptography` HKDFExpand, info
     * = 00 20 || 11 "tls13 traffic upd" || 00. */
    unsigned char next[32], want_next[32];
    CHECK_EQ(
        check_hex("fcdfcc72725aaee48bf64e4fd8b749cdbdbab39d90da0b26e2245ca6"
                  "ea167207",
                  want_next, sizeof want_next),
        32);
    memcpy(next, ks.c_ap, 32);
    CHECK_EQ(nbtls_tls_next_traffic_secret(hash, next), 0);
    CHECK_MEM(next, want_next, 32);

    nbtls_tls_rec_dir_clear(&cw);
    nbtls_tls_rec_dir_clear(&cr);
    CHECK(cw.aead == NULL && cw.seq == 0);
    nbtls_tls_ks_wipe(&ks);
    CHECK_EQ(ks.stage, NBTLS_TLS_KS_NONE);
    CHECK_MEM(ks.resumption, zero64, sizeof ks.resumption);
    nbtls_tls_transcript_wipe(&tr);
    return CHECK_DONE();
}
