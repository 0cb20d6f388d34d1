/*
 * core/tls: nbtls_conn, the TLS 1.3 client connection (include/nbtls/tls.h).
 *
 * A state machine over the core/tls pieces (README.md, "How a client
 * connection strings them together"): one function per message, each
 * parse -> validate -> update state. The expensive steps are inner ops
 * (key-share generation, ECDH, chain validation, CertificateVerify) polled
 * with what is left of the caller's budget; everything else costs one unit
 * per step (a record opened, a handshake message processed, a flight built).
 *
 * Input: received bytes are appended to in_buf; the record being processed
 * always starts at in_buf[0] and is opened in place; when it is used up, the
 * bytes after it move to the front (and the vacated tail is wiped).
 * Application data is read straight from the opened record, so a record not
 * yet read blocks the next one (back-pressure). Output: sealed records are
 * queued in out_buf[out_off, out_off + out_len).
 */
#include <stdio.h>
#include <time.h>

#include "tls/conn_internal.h"
#include "tls/ee.h"
#include "tls/writer.h"

enum {
    ST_KEYGEN = 1, /* key-share ops running; then the ClientHello is sent */
    ST_WAIT_SH,
    ST_ECDH,
    ST_HS_KEYS, /* the handshake traffic keys, one unit */
    ST_WAIT_EE,
    ST_WAIT_CERT_CR,
    ST_WAIT_CERT,
    ST_CHAIN,
    ST_WAIT_CV,
    ST_CV_OP,
    ST_WAIT_FIN,
    ST_FLIGHT,    /* our second flight, one unit */
    ST_CLIENT_CV, /* signing our CertificateVerify */
    ST_CONNECTED
};

/* step() results besides errors */
#define STEP_PROGRESS 0
#define STEP_BLOCKED 1

#define COOKIE_MAX 2048
/* Output space application data never takes (see nbtls_conn_write). */
#define CONTROL_RESERVE 128

struct nbtls_conn {
    nbtls_config *cfg;
    int st;
    int err; /* 0, or the sticky public error */
    int alert_sent, alert_recv;
    int x509_err;
    char why[160];
    char name[256];
    int name_is_ip;

    nbtls_tls_client_hello ch;
    unsigned char session_id[32];
    nbtls_tls_key_share shares[NBTLS_CONN_MAX_SHARES];
    unsigned char share_pub[NBTLS_CONN_MAX_SHARES][NBTLS_P384_PUBLIC_LEN];
    nbtls_key *share_key[NBTLS_CONN_MAX_SHARES];
    nbtls_op *share_op[NBTLS_CONN_MAX_SHARES];
    size_t n_shares;
    unsigned char cookie[COOKIE_MAX];
    int hrr;
    uint16_t hrr_suite, hrr_group;

    uint16_t suite, group, sig_scheme;
    int hash, aead;
    size_t hlen;
    nbtls_tls_transcript tr;
    nbtls_tls_keysched ks;
    nbtls_tls_rec_dir rd, wd;
    nbtls_tls_hs_reasm ra;

    nbtls_op *op; /* the running inner op: ECDH, chain, CertificateVerify */
    nbtls_x509 *chain[NBTLS_CONN_MAX_CHAIN];
    size_t n_chain;
    nbtls_key *leaf_key;
    int cert_requested;
    int cr_scheme_ok; /* the server accepts our certificate key's scheme */
    unsigned char cv_sig[NBTLS_SIGNATURE_MAX_LEN];
    size_t cv_sig_len;
    unsigned char cr_ctx[255];
    size_t cr_ctx_len;
    unsigned char alpn[256];
    size_t alpn_len;
    int hs_done, ccs_sent, close_sent, peer_closed;

    size_t in_len;  /* bytes in in_buf */
    size_t rec_len; /* != 0: the record in_buf[0..rec_len) is in use */
    uint8_t rec_type;
    nbtls_reader src; /* the rest of its handshake content */
    const unsigned char *app;
    size_t app_len;

    size_t out_off, out_len;
    uint64_t ku_limit;    /* records under one sending key (RFC 8446 5.5) */
    uint64_t key_updates; /* our KeyUpdates sent */
    uint64_t units, polls;
    uint32_t left;
    int limited;

    unsigned char in_buf[NBTLS_CONN_IN_CAP];
    unsigned char out_buf[NBTLS_CONN_OUT_CAP];
    unsigned char hs_buf[NBTLS_TLS_HS_HEADER_LEN + NBTLS_CONN_HS_MAX_BODY];
};

/* A reader failure in a message is the peer's: decode_error. */
#define NEED(expr)                                                             \
    do {                                                                       \
        if ((expr) < 0) return NBTLS_TLS_E_DECODE_ERROR;                       \
    } while (0)

#define ALERT_BAD_CERTIFICATE 42
#define ALERT_UNSUPPORTED_CERTIFICATE 43
#define ALERT_CERTIFICATE_EXPIRED 45
#define ALERT_UNKNOWN_CA 48
#define ALERT_USER_CANCELED 90

/* ---- alerts, failures ----------------------------------------------------
 */

const char *nbtls_alert_name(int desc) {
    switch (desc) {
    case 0: return "close_notify";
    case 10: return "unexpected_message";
    case 20: return "bad_record_mac";
    case 22: return "record_overflow";
    case 40: return "handshake_failure";
    case 42: return "bad_certificate";
    case 43: return "unsupported_certificate";
    case 44: return "certificate_revoked";
    case 45: return "certificate_expired";
    case 46: return "certificate_unknown";
    case 47: return "illegal_parameter";
    case 48: return "unknown_ca";
    case 49: return "access_denied";
    case 50: return "decode_error";
    case 51: return "decrypt_error";
    case 70: return "protocol_version";
    case 71: return "insufficient_security";
    case 80: return "internal_error";
    case 86: return "inappropriate_fallback";
    case 90: return "user_canceled";
    case 109: return "missing_extension";
    case 110: return "unsupported_extension";
    case 112: return "unrecognized_name";
    case 113: return "bad_certificate_status_response";
    case 115: return "unknown_psk_identity";
    case 116: return "certificate_required";
    case 120: return "no_application_protocol";
    default: return "unknown";
    }
}

/* Room for `need` more output bytes (compacting the queue if that helps):
 * where to write, *room the contiguous space; NULL if it does not fit. */
static unsigned char *out_reserve(nbtls_conn *c, size_t need, size_t *room) {
    if (c->out_off + c->out_len + need > NBTLS_CONN_OUT_CAP && c->out_off) {
        memmove(c->out_buf, c->out_buf + c->out_off, c->out_len);
        c->out_off = 0;
    }
    *room = NBTLS_CONN_OUT_CAP - c->out_off - c->out_len;
    return *room >= need ? c->out_buf + c->out_off + c->out_len : NULL;
}

/* Seal the content_len bytes written at p + 5 (p from out_reserve). */
static int out_seal(nbtls_conn *c, unsigned char *p, size_t room, uint8_t type,
                    size_t content_len) {
    size_t rl = 0;
    NBTLS_GUARD(nbtls_tls_rec_seal(&c->wd, type, p, room, content_len, 0, &rl));
    c->out_len += rl;
    return 0;
}

static void queue_alert(nbtls_conn *c, int desc) {
    size_t room;
    unsigned char *p = out_reserve(c, 64, &room);
    if (!p) return;
    p[5] = desc == NBTLS_TLS_ALERT_CLOSE_NOTIFY ? 1 : 2; /* warning / fatal */
    p[6] = (unsigned char)desc;
    if (out_seal(c, p, room, NBTLS_TLS_CT_ALERT, 2) == 0) c->alert_sent = desc;
}

/* Fail with public code `pub`, sending fatal alert `desc` (-1: none). */
static int abort_with(nbtls_conn *c, int pub, int desc, const char *why) {
    if (desc >= 0) queue_alert(c, desc);
    c->err = pub;
    if (desc >= 0)
        snprintf(c->why, sizeof c->why, "%s (alert %s sent)", why,
                 nbtls_alert_name(desc));
    else
        snprintf(c->why, sizeof c->why, "%s", why);
    return pub;
}

/* A step's failure `rc`: an internal alert code, or a local error. */
static int fail(nbtls_conn *c, int rc) {
    if (c->err) return c->err; /* already reported by abort_with */
    int desc = nbtls_tls_err_alert(rc);
    if (desc >= 0) {
        int pub = (desc == NBTLS_TLS_ALERT_PROTOCOL_VERSION ||
                   desc == NBTLS_TLS_ALERT_HANDSHAKE_FAILURE)
                      ? NBTLS_E_HANDSHAKE
                      : NBTLS_E_PROTOCOL;
        const char *why = desc == NBTLS_TLS_ALERT_PROTOCOL_VERSION
                              ? "the server does not speak TLS 1.3"
                              : "the server broke the TLS 1.3 protocol";
        return abort_with(c, pub, desc, why);
    }
    return abort_with(c, rc, NBTLS_TLS_ALERT_INTERNAL_ERROR,
                      nbtls_strerror(rc));
}

/* ---- budget ---------------------------------------------------------------
 */

static void charge(nbtls_conn *c, uint64_t units) {
    c->units += units;
    if (c->limited) c->left = units >= c->left ? 0 : c->left - (uint32_t)units;
}

/* Poll an inner op with what is left of the budget. */
static int run_op(nbtls_conn *c, nbtls_op *op) {
    uint64_t u0 = nbtls_op_units(op);
    int st = nbtls_op_poll(op, c->limited ? c->left : 0);
    charge(c, nbtls_op_units(op) - u0);
    return st;
}

/* ---- sending handshake messages -------------------------------------------
 */

/* Write a handshake message with `fill` into the output as one record under
 * the current write direction and absorb it in the transcript. */
typedef int (*msg_fill_fn)(nbtls_conn *c, nbtls_writer *w);

static int send_hs(nbtls_conn *c, msg_fill_fn fill) {
    size_t room;
    unsigned char *p = out_reserve(c, 512, &room);
    NBTLS_ENSURE(p, NBTLS_E_BUFFER_TOO_SMALL);
    size_t over = nbtls_tls_rec_overhead(&c->wd, 0);
    nbtls_writer w;
    nbtls_writer_init(&w, p + NBTLS_TLS_RECORD_HEADER_LEN, room - over);
    NBTLS_GUARD(fill(c, &w));
    NBTLS_ENSURE(w.len <= NBTLS_TLS_MAX_PLAINTEXT, NBTLS_E_INTERNAL);
    nbtls_tls_transcript_update(&c->tr, p + NBTLS_TLS_RECORD_HEADER_LEN, w.len);
    return out_seal(c, p, room, NBTLS_TLS_CT_HANDSHAKE, w.len);
}

static int fill_client_hello(nbtls_conn *c, nbtls_writer *w) {
    return nbtls_tls_write_client_hello(&c->ch, w);
}

/* The empty client Certificate answering a CertificateRequest. */
static int fill_empty_cert(nbtls_conn *c, nbtls_writer *w) {
    nbtls_writer_vec body, ctx, list;
    NBTLS_GUARD(nbtls_writer_u8(w, NBTLS_TLS_HS_CERTIFICATE));
    NBTLS_GUARD(nbtls_writer_open_vec(w, 3, &body));
    NBTLS_GUARD(nbtls_writer_open_vec(w, 1, &ctx));
    NBTLS_GUARD(nbtls_writer_bytes(w, c->cr_ctx, c->cr_ctx_len));
    NBTLS_GUARD(nbtls_writer_close_vec(w, &ctx));
    NBTLS_GUARD(nbtls_writer_open_vec(w, 3, &list));
    NBTLS_GUARD(nbtls_writer_close_vec(w, &list));
    return nbtls_writer_close_vec(w, &body);
}

/* Our Certificate: the configured chain (config.c keeps its entries). */
static int fill_client_cert(nbtls_conn *c, nbtls_writer *w) {
    const nbtls_config *g = c->cfg;
    nbtls_writer_vec body, ctx, list;
    NBTLS_GUARD(nbtls_writer_u8(w, NBTLS_TLS_HS_CERTIFICATE));
    NBTLS_GUARD(nbtls_writer_open_vec(w, 3, &body));
    NBTLS_GUARD(nbtls_writer_open_vec(w, 1, &ctx));
    NBTLS_GUARD(nbtls_writer_bytes(w, c->cr_ctx, c->cr_ctx_len));
    NBTLS_GUARD(nbtls_writer_close_vec(w, &ctx));
    NBTLS_GUARD(nbtls_writer_open_vec(w, 3, &list));
    for (size_t off = 0; off < g->cert_list_len;) {
        size_t len = ((size_t)g->cert_list[off] << 16) |
                     ((size_t)g->cert_list[off + 1] << 8) |
                     g->cert_list[off + 2];
        NBTLS_GUARD(nbtls_writer_bytes(w, g->cert_list + off, 3 + len));
        NBTLS_GUARD(nbtls_writer_u16(w, 0)); /* no extensions */
        off += 3 + len;
    }
    NBTLS_GUARD(nbtls_writer_close_vec(w, &list));
    return nbtls_writer_close_vec(w, &body);
}

static int fill_client_cv(nbtls_conn *c, nbtls_writer *w) {
    NBTLS_GUARD(nbtls_writer_u8(w, NBTLS_TLS_HS_CERTIFICATE_VERIFY));
    NBTLS_GUARD(nbtls_writer_u24(w, (uint32_t)(4 + c->cv_sig_len)));
    NBTLS_GUARD(nbtls_writer_u16(w, c->cfg->cert_scheme));
    NBTLS_GUARD(nbtls_writer_u16(w, (uint16_t)c->cv_sig_len));
    return nbtls_writer_bytes(w, c->cv_sig, c->cv_sig_len);
}

static int fill_finished(nbtls_conn *c, nbtls_writer *w) {
    unsigned char th[NBTLS_HASH_MAX_LEN], *vd = NULL;
    size_t th_len = 0;
    NBTLS_GUARD(nbtls_tls_transcript_hash(&c->tr, th, &th_len));
    NBTLS_GUARD(nbtls_writer_u8(w, NBTLS_TLS_HS_FINISHED));
    NBTLS_GUARD(nbtls_writer_u24(w, (uint32_t)c->hlen));
    NBTLS_GUARD(nbtls_writer_reserve(w, c->hlen, &vd));
    return nbtls_tls_verify_data(c->hash, c->ks.c_hs, th, vd);
}

static int send_key_update(nbtls_conn *c, int request) {
    size_t room;
    unsigned char *p = out_reserve(c, 64, &room);
    NBTLS_ENSURE(p, NBTLS_E_BUFFER_TOO_SMALL);
    nbtls_tls_hs_put_header(p + 5, NBTLS_TLS_HS_KEY_UPDATE, 1);
    p[9] = request ? 1 : 0;
    NBTLS_GUARD(out_seal(c, p, room, NBTLS_TLS_CT_HANDSHAKE, 5));
    c->key_updates++;
    NBTLS_GUARD(nbtls_tls_next_traffic_secret(c->hash, c->ks.c_ap));
    return nbtls_tls_rec_dir_set_secret(&c->wd, c->hash, c->aead, c->ks.c_ap);
}

/* ---- key shares, ClientHello -------------------------------------------- */

static int start_keygen(nbtls_conn *c, size_t i, uint16_t group) {
    const nbtls_config *g = c->cfg;
    c->shares[i].group = group;
    switch (group) {
    case NBTLS_TLS_GROUP_X25519:
        return nbtls_x25519_keygen_start(&c->share_op[i], g->rng, g->rng_ctx);
    case NBTLS_TLS_GROUP_SECP256R1:
        return nbtls_p256_keygen_start(&c->share_op[i], g->rng, g->rng_ctx);
    case NBTLS_TLS_GROUP_SECP384R1:
        return nbtls_p384_keygen_start(&c->share_op[i], g->rng, g->rng_ctx);
    default: return NBTLS_E_UNSUPPORTED;
    }
}

static int step_keygen(nbtls_conn *c) {
    for (size_t i = 0; i < c->n_shares; i++) {
        if (!c->share_op[i]) continue;
        int st = run_op(c, c->share_op[i]);
        if (st < 0) return st;
        if (st != NBTLS_DONE) return STEP_PROGRESS;
        size_t n = 0;
        NBTLS_GUARD(nbtls_op_take_key(c->share_op[i], &c->share_key[i]));
        nbtls_op_free(c->share_op[i]);
        c->share_op[i] = NULL;
        NBTLS_GUARD(nbtls_key_export_public(c->share_key[i], c->share_pub[i],
                                            sizeof c->share_pub[i], &n));
        c->shares[i].key = c->share_pub[i];
        c->shares[i].len = n;
        if (c->limited && c->left == 0) return STEP_PROGRESS;
    }
    /* every share is ready: the (second) ClientHello, one unit */
    charge(c, 1);
    c->ch.shares = c->shares;
    c->ch.n_shares = c->n_shares;
    c->wd.plain_version = c->hrr ? NBTLS_TLS_LEGACY_VERSION : 0x0301;
    NBTLS_GUARD(send_hs(c, fill_client_hello));
    c->wd.plain_version = NBTLS_TLS_LEGACY_VERSION;
    c->st = ST_WAIT_SH;
    return STEP_PROGRESS;
}

/* ---- ServerHello / HelloRetryRequest ------------------------------------- */

static void free_shares(nbtls_conn *c) {
    for (size_t i = 0; i < NBTLS_CONN_MAX_SHARES; i++) {
        nbtls_op_free(c->share_op[i]);
        c->share_op[i] = NULL;
        nbtls_key_free(c->share_key[i]);
        c->share_key[i] = NULL;
    }
}

static int on_server_hello(nbtls_conn *c, const nbtls_tls_hs_msg *m) {
    nbtls_tls_server_hello sh;
    NBTLS_ENSURE(m->type == NBTLS_TLS_HS_SERVER_HELLO,
                 NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    NBTLS_GUARD(nbtls_tls_parse_server_hello(m->body, m->len, &c->ch, &sh));
    int hash = nbtls_tls_suite_hash(sh.suite);
    NBTLS_GUARD(hash);
    if (sh.is_hrr) {
        /* 4.1.4: "If a client receives a second HelloRetryRequest in the
         * same connection [...], it MUST abort the handshake with an
         * unexpected_message alert." */
        NBTLS_ENSURE(!c->hrr, NBTLS_TLS_E_UNEXPECTED_MESSAGE);
        c->hrr = 1;
        c->hrr_suite = sh.suite;
        c->hrr_group = sh.group;
        NBTLS_GUARD(nbtls_tls_transcript_select(&c->tr, hash));
        NBTLS_GUARD(nbtls_tls_transcript_hrr(&c->tr));
        nbtls_tls_transcript_update(&c->tr, m->raw, m->raw_len);
        /* nothing can follow it before the server sees ClientHello2 */
        NBTLS_GUARD(nbtls_tls_hs_expect_boundary(&c->ra, &c->src));
        if (sh.cookie_len) {
            NBTLS_ENSURE(sh.cookie_len <= COOKIE_MAX, NBTLS_E_UNSUPPORTED);
            memcpy(c->cookie, sh.cookie, sh.cookie_len);
            c->ch.cookie = c->cookie;
            c->ch.cookie_len = sh.cookie_len;
        }
        if (sh.group) {
            /* the parser checked it is offered and not already shared:
             * ClientHello2 carries one share, of that group */
            free_shares(c);
            memset(c->shares, 0, sizeof c->shares);
            c->n_shares = 1;
            NBTLS_GUARD(start_keygen(c, 0, sh.group));
        }
        c->st = ST_KEYGEN;
        return STEP_PROGRESS;
    }
    /* 4.1.4: the ServerHello's cipher suite must be the HRR's, its share
     * the group the HRR asked for */
    NBTLS_ENSURE(!c->hrr || sh.suite == c->hrr_suite,
                 NBTLS_TLS_E_ILLEGAL_PARAMETER);
    NBTLS_ENSURE(!c->hrr || !c->hrr_group || sh.group == c->hrr_group,
                 NBTLS_TLS_E_ILLEGAL_PARAMETER);
    size_t i = 0;
    while (i < c->n_shares && c->shares[i].group != sh.group)
        i++;
    NBTLS_ENSURE(i < c->n_shares && c->share_key[i],
                 NBTLS_TLS_E_ILLEGAL_PARAMETER);
    c->suite = sh.suite;
    c->group = sh.group;
    c->hash = hash;
    c->hlen = hash == NBTLS_SHA384 ? 48 : 32;
    c->aead = nbtls_tls_suite_aead(sh.suite);
    NBTLS_GUARD(c->aead);
    if (!c->hrr) NBTLS_GUARD(nbtls_tls_transcript_select(&c->tr, hash));
    nbtls_tls_transcript_update(&c->tr, m->raw, m->raw_len);
    /* the keys change after ServerHello: it must end its record */
    NBTLS_GUARD(nbtls_tls_hs_expect_boundary(&c->ra, &c->src));
    int rc = nbtls_ecdh_start(&c->op, c->share_key[i], sh.share, sh.share_len);
    if (rc == NBTLS_E_BAD_KEY) return NBTLS_TLS_E_ILLEGAL_PARAMETER;
    NBTLS_GUARD(rc);
    c->st = ST_ECDH;
    return STEP_PROGRESS;
}

static int step_ecdh(nbtls_conn *c) {
    int st = run_op(c, c->op);
    if (st == NBTLS_E_BAD_KEY) return NBTLS_TLS_E_ILLEGAL_PARAMETER;
    if (st < 0) return st;
    if (st != NBTLS_DONE) return STEP_PROGRESS;
    unsigned char shared[NBTLS_P384_SECRET_LEN], th[NBTLS_HASH_MAX_LEN];
    size_t n = 0, th_len = 0;
    int rc = nbtls_op_result(c->op, shared, sizeof shared, &n);
    nbtls_op_free(c->op);
    c->op = NULL;
    free_shares(c);
    if (rc >= 0) rc = nbtls_tls_transcript_hash(&c->tr, th, &th_len);
    if (rc >= 0) rc = nbtls_tls_ks_init(&c->ks, c->hash, NULL, 0);
    if (rc >= 0) rc = nbtls_tls_ks_handshake(&c->ks, shared, n, th);
    nbtls_wipe(shared, sizeof shared);
    NBTLS_GUARD(rc);
    c->st = ST_HS_KEYS;
    return STEP_PROGRESS;
}

/* The handshake traffic keys both ways (a step of its own: each key change
 * expands a key and builds an AEAD). */
static int step_hs_keys(nbtls_conn *c) {
    charge(c, 1);
    NBTLS_GUARD(
        nbtls_tls_rec_dir_set_secret(&c->rd, c->hash, c->aead, c->ks.s_hs));
    /* middlebox compatibility (D.4): one plaintext change_cipher_spec
     * before our first protected record */
    size_t room;
    unsigned char *p = out_reserve(c, 16, &room);
    NBTLS_ENSURE(p, NBTLS_E_BUFFER_TOO_SMALL);
    p[5] = 1;
    NBTLS_GUARD(out_seal(c, p, room, NBTLS_TLS_CT_CHANGE_CIPHER_SPEC, 1));
    c->ccs_sent = 1;
    NBTLS_GUARD(
        nbtls_tls_rec_dir_set_secret(&c->wd, c->hash, c->aead, c->ks.c_hs));
    c->st = ST_WAIT_EE;
    return STEP_PROGRESS;
}

/* ---- the server's encrypted flight --------------------------------------- */

static int on_encrypted_extensions(nbtls_conn *c, const nbtls_tls_hs_msg *m) {
    nbtls_tls_encrypted_extensions ee;
    NBTLS_ENSURE(m->type == NBTLS_TLS_HS_ENCRYPTED_EXTENSIONS,
                 NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    NBTLS_GUARD(
        nbtls_tls_parse_encrypted_extensions(m->body, m->len, &c->ch, &ee));
    if (ee.alpn_len) {
        memcpy(c->alpn, ee.alpn, ee.alpn_len);
        c->alpn_len = ee.alpn_len;
    }
    nbtls_tls_transcript_update(&c->tr, m->raw, m->raw_len);
    c->st = ST_WAIT_CERT_CR;
    return STEP_PROGRESS;
}

static int on_certificate_request(nbtls_conn *c, const nbtls_tls_hs_msg *m) {
    nbtls_reader r, exts;
    uint8_t n8;
    uint32_t v;
    const unsigned char *p;
    int sig_algs = 0;
    nbtls_reader_init(&r, m->body, m->len);
    NEED(nbtls_reader_u8(&r, &n8));
    NEED(nbtls_reader_take(&r, n8, &p));
    memcpy(c->cr_ctx, p, n8);
    c->cr_ctx_len = n8;
    NEED(nbtls_reader_be(&r, 2, &v));
    NEED(nbtls_reader_sub(&r, v, &exts));
    NEED(nbtls_reader_expect_end(&r));
    while (nbtls_reader_left(&exts) > 0) {
        uint32_t t, n;
        NEED(nbtls_reader_be(&exts, 2, &t));
        NEED(nbtls_reader_be(&exts, 2, &n));
        NEED(nbtls_reader_take(&exts, n, &p));
        if (t != NBTLS_TLS_EXT_SIGNATURE_ALGORITHMS) continue;
        sig_algs++;
        /* SignatureScheme supported_signature_algorithms<2..2^16-2> */
        NBTLS_ENSURE(n >= 4 && (((size_t)p[0] << 8) | p[1]) == n - 2 &&
                         n % 2 == 0,
                     NBTLS_TLS_E_DECODE_ERROR);
        for (size_t i = 2; i < n; i += 2)
            if ((((uint16_t)p[i] << 8) | p[i + 1]) == c->cfg->cert_scheme &&
                c->cfg->cert_key)
                c->cr_scheme_ok = 1;
    }
    /* 4.3.2: "The "signature_algorithms" extension MUST be specified" */
    NBTLS_ENSURE(sig_algs == 1, sig_algs ? NBTLS_TLS_E_ILLEGAL_PARAMETER
                                         : NBTLS_TLS_E_MISSING_EXTENSION);
    c->cert_requested = 1;
    nbtls_tls_transcript_update(&c->tr, m->raw, m->raw_len);
    c->st = ST_WAIT_CERT;
    return STEP_PROGRESS;
}

static int64_t now_seconds(const nbtls_config *g) {
    return g->now ? g->now(g->now_ctx) : (int64_t)time(NULL);
}

static int cert_fail(nbtls_conn *c, int detail, int desc, const char *why) {
    c->x509_err = detail;
    return abort_with(c, NBTLS_E_CERTIFICATE, desc, why);
}

static int on_certificate(nbtls_conn *c, const nbtls_tls_hs_msg *m) {
    nbtls_reader r, list;
    uint8_t n8;
    uint32_t v;
    const unsigned char *p;
    nbtls_reader_init(&r, m->body, m->len);
    /* certificate_request_context: empty for the server's (4.4.2) */
    NEED(nbtls_reader_u8(&r, &n8));
    NBTLS_ENSURE(n8 == 0, NBTLS_TLS_E_ILLEGAL_PARAMETER);
    NEED(nbtls_reader_be(&r, 3, &v));
    NEED(nbtls_reader_sub(&r, v, &list));
    NEED(nbtls_reader_expect_end(&r));
    /* "If the server supplies an empty Certificate message, the client MUST
     * abort the handshake with a "decode_error" alert." (4.4.2.4) */
    NBTLS_ENSURE(nbtls_reader_left(&list) > 0, NBTLS_TLS_E_DECODE_ERROR);
    while (nbtls_reader_left(&list) > 0) {
        uint32_t dlen, elen;
        NEED(nbtls_reader_be(&list, 3, &dlen));
        NBTLS_ENSURE(dlen >= 1, NBTLS_TLS_E_DECODE_ERROR);
        NEED(nbtls_reader_take(&list, dlen, &p));
        const unsigned char *der = p;
        NEED(nbtls_reader_be(&list, 2, &elen));
        NEED(nbtls_reader_take(&list, elen, &p));
        /* we request no per-certificate extension (status_request, SCT) */
        NBTLS_ENSURE(elen == 0, NBTLS_TLS_E_UNSUPPORTED_EXTENSION);
        if (c->n_chain == NBTLS_CONN_MAX_CHAIN)
            return cert_fail(c, NBTLS_X509_ERR_TOO_DEEP, ALERT_BAD_CERTIFICATE,
                             "the server sent too many certificates");
        int rc = nbtls_x509_from_der(&c->chain[c->n_chain], der, dlen);
        if (rc == NBTLS_E_CERTIFICATE)
            return cert_fail(c, NBTLS_X509_ERR_MALFORMED, ALERT_BAD_CERTIFICATE,
                             "a server certificate does not parse");
        NBTLS_GUARD(rc);
        c->n_chain++;
    }
    int rc = nbtls_x509_public_key(c->chain[0], &c->leaf_key);
    if (rc == NBTLS_E_UNSUPPORTED)
        return cert_fail(c, NBTLS_X509_ERR_UNSUPPORTED_ALG,
                         ALERT_UNSUPPORTED_CERTIFICATE,
                         "the server's key type is not supported");
    NBTLS_GUARD(rc);
    nbtls_tls_transcript_update(&c->tr, m->raw, m->raw_len);
    if (!c->cfg->verify) {
        c->st = ST_WAIT_CV;
        return STEP_PROGRESS;
    }
    NBTLS_GUARD(nbtls_x509_verify_start(
        &c->op, c->cfg->trust, (const nbtls_x509 *const *)c->chain, c->n_chain,
        c->name, now_seconds(c->cfg), NBTLS_X509_PURPOSE_SERVER));
    c->st = ST_CHAIN;
    return STEP_PROGRESS;
}

static int step_chain(nbtls_conn *c) {
    int st = run_op(c, c->op);
    if (st == NBTLS_E_CERTIFICATE) {
        int d = nbtls_op_x509_error(c->op);
        int desc = ALERT_BAD_CERTIFICATE;
        if (d == NBTLS_X509_ERR_EXPIRED || d == NBTLS_X509_ERR_NOT_YET_VALID)
            desc = ALERT_CERTIFICATE_EXPIRED;
        else if (d == NBTLS_X509_ERR_UNKNOWN_ISSUER)
            desc = ALERT_UNKNOWN_CA;
        else if (d == NBTLS_X509_ERR_UNSUPPORTED_ALG)
            desc = ALERT_UNSUPPORTED_CERTIFICATE;
        char why[96];
        snprintf(why, sizeof why, "server certificate rejected: %s",
                 nbtls_x509_error_string(d));
        return cert_fail(c, d, desc, why);
    }
    if (st < 0) return st;
    if (st != NBTLS_DONE) return STEP_PROGRESS;
    nbtls_op_free(c->op);
    c->op = NULL;
    c->st = ST_WAIT_CV;
    return STEP_PROGRESS;
}

static int offered_sig(const nbtls_config *g, uint16_t s) {
    for (size_t i = 0; i < g->n_sigs; i++)
        if (g->sigs[i] == s) return 1;
    return 0;
}

static int on_certificate_verify(nbtls_conn *c, const nbtls_tls_hs_msg *m) {
    static const char label[] = "TLS 1.3, server CertificateVerify";
    nbtls_reader r;
    uint32_t scheme, slen;
    const unsigned char *sig;
    NBTLS_ENSURE(m->type == NBTLS_TLS_HS_CERTIFICATE_VERIFY,
                 NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    nbtls_reader_init(&r, m->body, m->len);
    NEED(nbtls_reader_be(&r, 2, &scheme));
    NEED(nbtls_reader_be(&r, 2, &slen));
    NEED(nbtls_reader_take(&r, slen, &sig));
    NEED(nbtls_reader_expect_end(&r));
    /* 4.4.3: a scheme we offered, never RSASSA-PKCS1-v1_5 */
    NBTLS_ENSURE(offered_sig(c->cfg, (uint16_t)scheme) &&
                     (scheme & 0xff) != 0x01,
                 NBTLS_TLS_E_ILLEGAL_PARAMETER);
    unsigned char content[64 + sizeof label + NBTLS_HASH_MAX_LEN];
    size_t th_len = 0;
    memset(content, 0x20, 64);
    memcpy(content + 64, label, sizeof label); /* with its NUL separator */
    NBTLS_GUARD(nbtls_tls_transcript_hash(&c->tr, content + 64 + sizeof label,
                                          &th_len));
    int rc = nbtls_verify_start(&c->op, c->leaf_key, (uint16_t)scheme, content,
                                64 + sizeof label + th_len, sig, slen);
    if (rc == NBTLS_E_UNSUPPORTED || rc == NBTLS_E_BAD_KEY)
        return NBTLS_TLS_E_ILLEGAL_PARAMETER;
    NBTLS_GUARD(rc);
    c->sig_scheme = (uint16_t)scheme;
    nbtls_tls_transcript_update(&c->tr, m->raw, m->raw_len);
    c->st = ST_CV_OP;
    return STEP_PROGRESS;
}

static int step_cv(nbtls_conn *c) {
    int st = run_op(c, c->op);
    if (st == NBTLS_E_BAD_SIGNATURE)
        return abort_with(c, NBTLS_E_PROTOCOL, NBTLS_TLS_ALERT_DECRYPT_ERROR,
                          "the server's CertificateVerify does not verify");
    if (st < 0) return st;
    if (st != NBTLS_DONE) return STEP_PROGRESS;
    nbtls_op_free(c->op);
    c->op = NULL;
    c->st = ST_WAIT_FIN;
    return STEP_PROGRESS;
}

static int finish_flight(nbtls_conn *c);

static int on_finished(nbtls_conn *c, const nbtls_tls_hs_msg *m) {
    unsigned char th[NBTLS_HASH_MAX_LEN], vd[NBTLS_HASH_MAX_LEN];
    size_t th_len = 0;
    NBTLS_ENSURE(m->type == NBTLS_TLS_HS_FINISHED,
                 NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    NBTLS_ENSURE(m->len == c->hlen, NBTLS_TLS_E_DECODE_ERROR);
    NBTLS_GUARD(nbtls_tls_transcript_hash(&c->tr, th, &th_len));
    NBTLS_GUARD(nbtls_tls_verify_data(c->hash, c->ks.s_hs, th, vd));
    int ok = nbtls_ct_memcmp(vd, m->body, c->hlen) == 0;
    nbtls_wipe(vd, sizeof vd);
    if (!ok)
        return abort_with(c, NBTLS_E_PROTOCOL, NBTLS_TLS_ALERT_DECRYPT_ERROR,
                          "the server's Finished does not verify");
    nbtls_tls_transcript_update(&c->tr, m->raw, m->raw_len);
    NBTLS_GUARD(nbtls_tls_hs_expect_boundary(&c->ra, &c->src));
    NBTLS_GUARD(nbtls_tls_transcript_hash(&c->tr, th, &th_len));
    NBTLS_GUARD(nbtls_tls_ks_master(&c->ks, th));
    NBTLS_GUARD(
        nbtls_tls_rec_dir_set_secret(&c->rd, c->hash, c->aead, c->ks.s_ap));
    c->st = ST_FLIGHT;
    return STEP_PROGRESS;
}

/* Our second flight, under c_hs: [Certificate [CertificateVerify]]
 * Finished (a step of its own). */
static int step_flight(nbtls_conn *c) {
    size_t th_len = 0;
    charge(c, 1);
    if (c->cert_requested && c->cr_scheme_ok) {
        static const char label[] = "TLS 1.3, client CertificateVerify";
        unsigned char content[64 + sizeof label + NBTLS_HASH_MAX_LEN];
        NBTLS_GUARD(send_hs(c, fill_client_cert));
        memset(content, 0x20, 64);
        memcpy(content + 64, label, sizeof label);
        NBTLS_GUARD(nbtls_tls_transcript_hash(
            &c->tr, content + 64 + sizeof label, &th_len));
        NBTLS_GUARD(nbtls_sign_start(
            &c->op, c->cfg->cert_key, c->cfg->cert_scheme, content,
            64 + sizeof label + th_len, c->cfg->rng, c->cfg->rng_ctx));
        c->st = ST_CLIENT_CV;
        return STEP_PROGRESS;
    }
    if (c->cert_requested) NBTLS_GUARD(send_hs(c, fill_empty_cert));
    return finish_flight(c);
}

/* Our Finished, then the application keys. */
static int finish_flight(nbtls_conn *c) {
    unsigned char th[NBTLS_HASH_MAX_LEN];
    size_t th_len = 0;
    NBTLS_GUARD(send_hs(c, fill_finished));
    NBTLS_GUARD(nbtls_tls_transcript_hash(&c->tr, th, &th_len));
    NBTLS_GUARD(nbtls_tls_ks_resumption(&c->ks, th));
    NBTLS_GUARD(
        nbtls_tls_rec_dir_set_secret(&c->wd, c->hash, c->aead, c->ks.c_ap));
    nbtls_tls_transcript_wipe(&c->tr);
    c->hs_done = 1;
    c->st = ST_CONNECTED;
    return STEP_PROGRESS;
}

static int step_client_cv(nbtls_conn *c) {
    int st = run_op(c, c->op);
    if (st < 0) return st;
    if (st != NBTLS_DONE) return STEP_PROGRESS;
    int rc =
        nbtls_op_result(c->op, c->cv_sig, sizeof c->cv_sig, &c->cv_sig_len);
    nbtls_op_free(c->op);
    c->op = NULL;
    NBTLS_GUARD(rc);
    NBTLS_GUARD(send_hs(c, fill_client_cv));
    return finish_flight(c);
}

/* ---- post-handshake messages ---------------------------------------------
 */

static int on_new_session_ticket(const nbtls_tls_hs_msg *m) {
    /* 4.6.1: parsed for structure, then dropped (no resumption yet) */
    nbtls_reader r, exts;
    uint32_t v;
    uint8_t n8;
    const unsigned char *p;
    nbtls_reader_init(&r, m->body, m->len);
    NEED(nbtls_reader_be(&r, 4, &v)); /* ticket_lifetime */
    NBTLS_ENSURE(v <= 604800, NBTLS_TLS_E_ILLEGAL_PARAMETER);
    NEED(nbtls_reader_be(&r, 4, &v)); /* ticket_age_add */
    NEED(nbtls_reader_u8(&r, &n8));   /* ticket_nonce<0..255> */
    NEED(nbtls_reader_take(&r, n8, &p));
    NEED(nbtls_reader_be(&r, 2, &v)); /* ticket<1..2^16-1> */
    NBTLS_ENSURE(v >= 1, NBTLS_TLS_E_DECODE_ERROR);
    NEED(nbtls_reader_take(&r, v, &p));
    NEED(nbtls_reader_be(&r, 2, &v)); /* extensions */
    NEED(nbtls_reader_sub(&r, v, &exts));
    NEED(nbtls_reader_expect_end(&r));
    return STEP_PROGRESS;
}

static int on_key_update(nbtls_conn *c, const nbtls_tls_hs_msg *m) {
    NBTLS_ENSURE(m->len == 1, NBTLS_TLS_E_DECODE_ERROR);
    NBTLS_ENSURE(m->body[0] <= 1, NBTLS_TLS_E_ILLEGAL_PARAMETER);
    NBTLS_GUARD(nbtls_tls_hs_expect_boundary(&c->ra, &c->src));
    NBTLS_GUARD(nbtls_tls_next_traffic_secret(c->hash, c->ks.s_ap));
    NBTLS_GUARD(
        nbtls_tls_rec_dir_set_secret(&c->rd, c->hash, c->aead, c->ks.s_ap));
    /* update_requested: answer with our own update_not_requested */
    if (m->body[0] == 1 && !c->close_sent) NBTLS_GUARD(send_key_update(c, 0));
    return STEP_PROGRESS;
}

static int on_message(nbtls_conn *c, const nbtls_tls_hs_msg *m) {
    switch (c->st) {
    case ST_WAIT_SH: return on_server_hello(c, m);
    case ST_WAIT_EE: return on_encrypted_extensions(c, m);
    case ST_WAIT_CERT_CR:
        if (m->type == NBTLS_TLS_HS_CERTIFICATE_REQUEST)
            return on_certificate_request(c, m);
        /* fall through */
    case ST_WAIT_CERT:
        NBTLS_ENSURE(m->type == NBTLS_TLS_HS_CERTIFICATE,
                     NBTLS_TLS_E_UNEXPECTED_MESSAGE);
        return on_certificate(c, m);
    case ST_WAIT_CV: return on_certificate_verify(c, m);
    case ST_WAIT_FIN: return on_finished(c, m);
    case ST_CONNECTED:
        if (m->type == NBTLS_TLS_HS_NEW_SESSION_TICKET)
            return on_new_session_ticket(m);
        if (m->type == NBTLS_TLS_HS_KEY_UPDATE) return on_key_update(c, m);
        return NBTLS_TLS_E_UNEXPECTED_MESSAGE;
    default: return NBTLS_E_INTERNAL;
    }
}

/* ---- records --------------------------------------------------------------
 */

/* The current record is used up: move what follows to the front. */
static void rec_done(nbtls_conn *c) {
    size_t rest = c->in_len - c->rec_len;
    memmove(c->in_buf, c->in_buf + c->rec_len, rest);
    nbtls_wipe(c->in_buf + rest, c->rec_len);
    c->in_len = rest;
    c->rec_len = 0;
    c->app = NULL;
    c->app_len = 0;
}

static int on_alert(nbtls_conn *c, const unsigned char *p, size_t n) {
    /* no alert between the fragments of a handshake message (5.1) */
    NBTLS_ENSURE(!nbtls_tls_hs_partial(&c->ra), NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    NBTLS_ENSURE(n == 2, NBTLS_TLS_E_DECODE_ERROR);
    int desc = p[1];
    if (desc == ALERT_USER_CANCELED) return STEP_PROGRESS;
    c->alert_recv = desc;
    if (desc == NBTLS_TLS_ALERT_CLOSE_NOTIFY && c->hs_done) {
        c->peer_closed = 1;
        return STEP_PROGRESS;
    }
    char why[128];
    if (c->st == ST_WAIT_SH && !c->hrr &&
        (desc == NBTLS_TLS_ALERT_PROTOCOL_VERSION ||
         desc == NBTLS_TLS_ALERT_HANDSHAKE_FAILURE)) {
        /* the answer to our ClientHello: nothing in common (a server
         * without TLS 1.3 says protocol_version) */
        snprintf(why, sizeof why,
                 "the server refused our ClientHello with alert %s (%s)",
                 nbtls_alert_name(desc),
                 desc == NBTLS_TLS_ALERT_PROTOCOL_VERSION
                     ? "no TLS 1.3"
                     : "no common suite, group or signature scheme");
        return abort_with(c, NBTLS_E_HANDSHAKE, -1, why);
    }
    snprintf(why, sizeof why, "the server sent alert %s (%d)",
             nbtls_alert_name(desc), desc);
    return abort_with(c, NBTLS_E_PEER_ALERT, -1, why);
}

static int step_input(nbtls_conn *c) {
    if (c->peer_closed) return STEP_BLOCKED;
    if (c->rec_len) {
        if (c->rec_type == NBTLS_TLS_CT_APPLICATION_DATA)
            return STEP_BLOCKED; /* waiting for nbtls_conn_read() */
        nbtls_tls_hs_msg m;
        int rc = nbtls_tls_hs_next(&c->ra, &c->src, &m);
        NBTLS_GUARD(rc);
        if (rc == 0) {
            rec_done(c);
            return STEP_PROGRESS;
        }
        charge(c, 1);
        return on_message(c, &m);
    }
    if (c->in_len < NBTLS_TLS_RECORD_HEADER_LEN) return STEP_BLOCKED;
    uint8_t type = 0;
    size_t len = 0;
    NBTLS_GUARD(
        nbtls_tls_rec_header(c->in_buf, c->rd.aead != NULL, &type, &len));
    if (c->in_len < NBTLS_TLS_RECORD_HEADER_LEN + len) return STEP_BLOCKED;
    charge(c, 1);
    unsigned char *content = NULL;
    size_t clen = 0;
    NBTLS_GUARD(nbtls_tls_rec_open(&c->rd, c->in_buf,
                                   NBTLS_TLS_RECORD_HEADER_LEN + len, &type,
                                   &content, &clen));
    c->rec_len = NBTLS_TLS_RECORD_HEADER_LEN + len;
    c->rec_type = type;
    switch (type) {
    case NBTLS_TLS_CT_CHANGE_CIPHER_SPEC:
        /* 5: dropped between our first ClientHello and the server's
         * Finished; unexpected_message otherwise */
        NBTLS_ENSURE(!c->hs_done && !nbtls_tls_hs_partial(&c->ra),
                     NBTLS_TLS_E_UNEXPECTED_MESSAGE);
        NBTLS_GUARD(nbtls_tls_rec_check_ccs(content, clen));
        rec_done(c);
        return STEP_PROGRESS;
    case NBTLS_TLS_CT_ALERT: {
        int rc = on_alert(c, content, clen);
        if (rc >= 0) rec_done(c);
        return rc;
    }
    case NBTLS_TLS_CT_HANDSHAKE:
        nbtls_reader_init(&c->src, content, clen);
        return STEP_PROGRESS;
    case NBTLS_TLS_CT_APPLICATION_DATA:
        NBTLS_ENSURE(c->hs_done && !nbtls_tls_hs_partial(&c->ra),
                     NBTLS_TLS_E_UNEXPECTED_MESSAGE);
        c->app = content;
        c->app_len = clen;
        if (clen == 0) rec_done(c);
        return STEP_PROGRESS;
    default: return NBTLS_TLS_E_UNEXPECTED_MESSAGE;
    }
}

static int step(nbtls_conn *c) {
    switch (c->st) {
    case ST_KEYGEN: return step_keygen(c);
    case ST_ECDH: return step_ecdh(c);
    case ST_CHAIN: return step_chain(c);
    case ST_CV_OP: return step_cv(c);
    case ST_HS_KEYS: return step_hs_keys(c);
    case ST_FLIGHT: return step_flight(c);
    case ST_CLIENT_CV: return step_client_cv(c);
    default: return step_input(c);
    }
}

/* ---- public API -----------------------------------------------------------
 */

static int is_ip_literal(const char *s) {
    if (strchr(s, ':')) return 1;
    for (; *s; s++)
        if (!((*s >= '0' && *s <= '9') || *s == '.')) return 0;
    return 1;
}

void nbtls_conn_free(nbtls_conn *c) {
    if (!c) return;
    free_shares(c);
    nbtls_op_free(c->op);
    for (size_t i = 0; i < c->n_chain; i++)
        nbtls_x509_free(c->chain[i]);
    nbtls_key_free(c->leaf_key);
    nbtls_tls_rec_dir_clear(&c->rd);
    nbtls_tls_rec_dir_clear(&c->wd);
    nbtls_tls_ks_wipe(&c->ks);
    nbtls_tls_transcript_wipe(&c->tr);
    nbtls_config_free(c->cfg);
    nbtls_free_wipe(c, sizeof *c);
}

int nbtls_conn_new(nbtls_conn **conn, nbtls_config *cfg,
                   const char *server_name) {
    NBTLS_ENSURE(conn, NBTLS_E_INVALID_ARG);
    *conn = NULL;
    NBTLS_ENSURE(cfg && cfg->role == NBTLS_ROLE_CLIENT, NBTLS_E_INVALID_ARG);
    size_t name_len = server_name ? strlen(server_name) : 0;
    NBTLS_ENSURE(!server_name || (name_len >= 1 && name_len <= 253),
                 NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(server_name || !cfg->verify, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(!cfg->verify || cfg->trust, NBTLS_E_BAD_STATE);
    nbtls_conn *c = nbtls_calloc(sizeof *c);
    NBTLS_ENSURE(c, NBTLS_E_NO_MEMORY);
    cfg->frozen = 1;
    c->cfg = nbtls_config_up_ref(cfg);
    c->alert_sent = c->alert_recv = -1;
    c->ku_limit = NBTLS_CONN_KEY_UPDATE_RECORDS;
    nbtls_tls_rec_dir_init(&c->rd);
    nbtls_tls_rec_dir_init(&c->wd);
    int rc = nbtls_tls_transcript_init(&c->tr);
    if (rc >= 0)
        rc = nbtls_tls_hs_reasm_init(&c->ra, c->hs_buf, sizeof c->hs_buf,
                                     NBTLS_CONN_HS_MAX_BODY);
    unsigned char rnd[64];
    if (rc >= 0) rc = nbtls_rng_fill(cfg->rng, cfg->rng_ctx, rnd, sizeof rnd);
    if (rc < 0) {
        nbtls_conn_free(c);
        return rc;
    }
    memcpy(c->ch.random, rnd, 32);
    memcpy(c->session_id, rnd + 32, 32);
    nbtls_wipe(rnd, sizeof rnd);
    if (server_name) {
        memcpy(c->name, server_name, name_len);
        c->name_is_ip = is_ip_literal(server_name);
    }
    nbtls_tls_client_hello *ch = &c->ch;
    ch->session_id = c->session_id; /* middlebox compatibility mode */
    ch->session_id_len = 32;
    ch->suites = cfg->suites;
    ch->n_suites = cfg->n_suites;
    if (server_name && !c->name_is_ip) {
        ch->server_name = c->name;
        ch->server_name_len = name_len;
    }
    ch->groups = cfg->groups;
    ch->n_groups = cfg->n_groups;
    ch->sig_algs = cfg->sigs;
    ch->n_sig_algs = cfg->n_sigs;
    ch->alpn = cfg->alpn;
    ch->n_alpn = cfg->n_alpn;
    ch->psk_dhe_ke = 1;
    c->n_shares = cfg->n_shares;
    for (size_t i = 0; i < c->n_shares && rc >= 0; i++)
        rc = start_keygen(c, i, cfg->groups[i]);
    if (rc < 0) {
        nbtls_conn_free(c);
        return rc;
    }
    c->st = ST_KEYGEN;
    *conn = c;
    return NBTLS_DONE;
}

int nbtls_conn_poll(nbtls_conn *c, uint32_t budget) {
    NBTLS_ENSURE(c, NBTLS_E_INVALID_ARG);
    c->polls++;
    if (c->err) return c->err;
    c->limited = budget != 0;
    c->left = budget;
    for (;;) {
        if (c->limited && c->left == 0) return NBTLS_IN_PROGRESS;
        int rc = step(c);
        if (rc < 0) return fail(c, rc);
        if (rc == STEP_BLOCKED) break;
    }
    if (c->out_len) return NBTLS_WANT_WRITE;
    if (!c->hs_done) return NBTLS_WANT_READ;
    return NBTLS_DONE;
}

int nbtls_conn_feed(nbtls_conn *c, const unsigned char *in, size_t len,
                    size_t *consumed) {
    NBTLS_ENSURE(c && (consumed || !len) && (in || !len), NBTLS_E_INVALID_ARG);
    if (consumed) *consumed = 0;
    if (c->err) return c->err;
    if (c->peer_closed) { /* nothing after close_notify is read */
        if (consumed) *consumed = len;
        return NBTLS_DONE;
    }
    size_t room = NBTLS_CONN_IN_CAP - c->in_len;
    size_t n = len < room ? len : room;
    if (n) memcpy(c->in_buf + c->in_len, in, n);
    c->in_len += n;
    if (consumed) *consumed = n;
    return NBTLS_DONE;
}

size_t nbtls_conn_output_pending(const nbtls_conn *c) {
    return c ? c->out_len : 0;
}

int nbtls_conn_take_output(nbtls_conn *c, unsigned char *out, size_t size,
                           size_t *len) {
    NBTLS_ENSURE(c && len && (out || !size), NBTLS_E_INVALID_ARG);
    size_t n = c->out_len < size ? c->out_len : size;
    if (n) memcpy(out, c->out_buf + c->out_off, n);
    nbtls_wipe(c->out_buf + c->out_off, n);
    c->out_off += n;
    c->out_len -= n;
    if (!c->out_len) c->out_off = 0;
    *len = n;
    return NBTLS_DONE;
}

int nbtls_conn_input_space(nbtls_conn *c, unsigned char **buf, size_t *len) {
    NBTLS_ENSURE(c && buf && len, NBTLS_E_INVALID_ARG);
    *buf = NULL;
    *len = 0;
    if (c->err) return c->err;
    *buf = c->in_buf + c->in_len;
    *len = NBTLS_CONN_IN_CAP - c->in_len;
    return NBTLS_DONE;
}

int nbtls_conn_input_commit(nbtls_conn *c, size_t n) {
    NBTLS_ENSURE(c, NBTLS_E_INVALID_ARG);
    if (c->err) return c->err;
    NBTLS_ENSURE(n <= NBTLS_CONN_IN_CAP - c->in_len, NBTLS_E_INVALID_ARG);
    if (c->peer_closed) { /* nothing after close_notify is read */
        nbtls_wipe(c->in_buf + c->in_len, n);
        return NBTLS_DONE;
    }
    c->in_len += n;
    return NBTLS_DONE;
}

int nbtls_conn_output_peek(const nbtls_conn *c, const unsigned char **buf,
                           size_t *len) {
    NBTLS_ENSURE(c && buf && len, NBTLS_E_INVALID_ARG);
    *buf = c->out_len ? c->out_buf + c->out_off : NULL;
    *len = c->out_len;
    return NBTLS_DONE;
}

int nbtls_conn_output_consume(nbtls_conn *c, size_t n) {
    NBTLS_ENSURE(c && n <= c->out_len, NBTLS_E_INVALID_ARG);
    nbtls_wipe(c->out_buf + c->out_off, n);
    c->out_off += n;
    c->out_len -= n;
    if (!c->out_len) c->out_off = 0;
    return NBTLS_DONE;
}

int nbtls_conn_write(nbtls_conn *c, const unsigned char *data, size_t len,
                     size_t *accepted) {
    NBTLS_ENSURE(c && accepted && (data || !len), NBTLS_E_INVALID_ARG);
    *accepted = 0;
    if (c->err) return c->err;
    NBTLS_ENSURE(c->hs_done && !c->close_sent, NBTLS_E_BAD_STATE);
    size_t done = 0, over = nbtls_tls_rec_overhead(&c->wd, 0);
    size_t max = c->wd.inner_limit - 1u;
    if (max > NBTLS_TLS_MAX_PLAINTEXT) max = NBTLS_TLS_MAX_PLAINTEXT;
    while (done < len) {
        size_t room;
        /* RFC 8446 5.5: new keys well before 2^24.5 records under one
         * AES-GCM key (the same bound for every suite) */
        if (c->wd.seq >= c->ku_limit) {
            if (!out_reserve(c, 64 + over + 1, &room)) break;
            int rc = send_key_update(c, 0);
            if (rc < 0) return fail(c, rc); /* the keys may be half changed */
        }
        /* application data leaves room for the records the engine may
         * have to send on its own (an alert, a KeyUpdate answer) */
        unsigned char *p = out_reserve(c, over + 1 + CONTROL_RESERVE, &room);
        if (!p) break;
        size_t n = len - done;
        if (n > max) n = max;
        if (n > room - over - CONTROL_RESERVE)
            n = room - over - CONTROL_RESERVE;
        memcpy(p + NBTLS_TLS_RECORD_HEADER_LEN, data + done, n);
        int rc = out_seal(c, p, room, NBTLS_TLS_CT_APPLICATION_DATA, n);
        if (rc < 0) return fail(c, rc);
        done += n;
        *accepted = done;
    }
    return NBTLS_DONE;
}

int nbtls_conn_read(nbtls_conn *c, unsigned char *buf, size_t size,
                    size_t *len) {
    NBTLS_ENSURE(c && len && (buf || !size), NBTLS_E_INVALID_ARG);
    *len = 0;
    if (c->err) return c->err;
    if (c->app_len) {
        size_t n = c->app_len < size ? c->app_len : size;
        memcpy(buf, c->app, n);
        c->app += n;
        c->app_len -= n;
        if (!c->app_len) rec_done(c);
        *len = n;
        return NBTLS_DONE;
    }
    if (c->peer_closed) return NBTLS_E_CLOSED;
    return NBTLS_WANT_READ;
}

int nbtls_conn_close(nbtls_conn *c) {
    NBTLS_ENSURE(c, NBTLS_E_INVALID_ARG);
    if (c->err) return c->err;
    NBTLS_ENSURE(c->hs_done, NBTLS_E_BAD_STATE);
    if (c->close_sent) return NBTLS_DONE;
    queue_alert(c, NBTLS_TLS_ALERT_CLOSE_NOTIFY);
    NBTLS_ENSURE(c->alert_sent == NBTLS_TLS_ALERT_CLOSE_NOTIFY,
                 NBTLS_E_BUFFER_TOO_SMALL);
    c->close_sent = 1;
    return NBTLS_DONE;
}

int nbtls_conn_key_update(nbtls_conn *c, int request_peer) {
    NBTLS_ENSURE(c, NBTLS_E_INVALID_ARG);
    if (c->err) return c->err;
    NBTLS_ENSURE(c->hs_done && !c->close_sent, NBTLS_E_BAD_STATE);
    int rc = send_key_update(c, request_peer != 0);
    return rc < 0 ? fail(c, rc) : NBTLS_DONE;
}

unsigned nbtls_conn_state(const nbtls_conn *c) {
    if (!c) return 0;
    unsigned s = 0;
    if (c->out_len) s |= NBTLS_CONN_OUTPUT_PENDING;
    if (!c->err && !c->peer_closed && c->in_len < NBTLS_CONN_IN_CAP)
        s |= NBTLS_CONN_INPUT_WANTED;
    if (c->app_len) s |= NBTLS_CONN_READABLE;
    if (c->hs_done && !c->close_sent && !c->err) s |= NBTLS_CONN_WRITABLE;
    if (c->peer_closed) s |= NBTLS_CONN_PEER_CLOSED;
    if (c->err) s |= NBTLS_CONN_FAILED;
    if (c->hs_done) s |= NBTLS_CONN_HANDSHAKE_DONE;
    return s;
}

int nbtls_conn_handshake_done(const nbtls_conn *c) {
    return c ? c->hs_done : 0;
}
uint16_t nbtls_conn_suite(const nbtls_conn *c) {
    return c ? c->suite : 0;
}
uint16_t nbtls_conn_group(const nbtls_conn *c) {
    return c ? c->group : 0;
}
uint16_t nbtls_conn_sig_scheme(const nbtls_conn *c) {
    return c ? c->sig_scheme : 0;
}
int nbtls_conn_hrr(const nbtls_conn *c) {
    return c ? c->hrr : 0;
}
const unsigned char *nbtls_conn_alpn(const nbtls_conn *c, size_t *len) {
    if (len) *len = c ? c->alpn_len : 0;
    return c && c->alpn_len ? c->alpn : NULL;
}
size_t nbtls_conn_peer_cert_count(const nbtls_conn *c) {
    return c ? c->n_chain : 0;
}
const nbtls_x509 *nbtls_conn_peer_cert(const nbtls_conn *c, size_t i) {
    return c && i < c->n_chain ? c->chain[i] : NULL;
}
int nbtls_conn_alert_sent(const nbtls_conn *c) {
    return c ? c->alert_sent : -1;
}
int nbtls_conn_alert_received(const nbtls_conn *c) {
    return c ? c->alert_recv : -1;
}
int nbtls_conn_x509_error(const nbtls_conn *c) {
    return c ? c->x509_err : NBTLS_X509_OK;
}
const char *nbtls_conn_error_string(const nbtls_conn *c) {
    return c ? c->why : "";
}
uint64_t nbtls_conn_units(const nbtls_conn *c) {
    return c ? c->units : 0;
}
uint64_t nbtls_conn_polls(const nbtls_conn *c) {
    return c ? c->polls : 0;
}
void nbtls_tls_conn_set_ku_limit(nbtls_conn *c, uint64_t records) {
    c->ku_limit = records;
}
uint64_t nbtls_tls_conn_key_updates(const nbtls_conn *c) {
    return c->key_updates;
}
size_t nbtls_conn_alloc_size(const nbtls_conn *c) {
    return c ? sizeof *c : 0;
}
