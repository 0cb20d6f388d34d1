/* core/tls: handshake framing and the transcript hash (see handshake.h). */
#include "tls/handshake.h"

int nbtls_tls_hs_reasm_init(nbtls_tls_hs_reasm *r, unsigned char *storage,
                            size_t cap, size_t max_body) {
    NBTLS_ENSURE(r && storage, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(max_body < (1u << 24), NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(cap >= NBTLS_TLS_HS_HEADER_LEN &&
                     cap - NBTLS_TLS_HS_HEADER_LEN >= max_body,
                 NBTLS_E_INVALID_ARG);
    r->buf = storage;
    r->cap = cap;
    r->len = 0;
    r->max_body = max_body;
    r->delivered = 0;
    return 0;
}

static size_t body_len_of(const unsigned char *h) {
    return ((size_t)h[1] << 16) | ((size_t)h[2] << 8) | h[3];
}

static void fill_msg(nbtls_tls_hs_msg *m, const unsigned char *raw,
                     size_t body) {
    m->type = raw[0];
    m->raw = raw;
    m->raw_len = NBTLS_TLS_HS_HEADER_LEN + body;
    m->body = raw + NBTLS_TLS_HS_HEADER_LEN;
    m->len = body;
}

int nbtls_tls_hs_next(nbtls_tls_hs_reasm *r, nbtls_reader *src,
                      nbtls_tls_hs_msg *msg) {
    NBTLS_ENSURE(r && src && msg, NBTLS_E_INVALID_ARG);
    if (r->delivered) {
        r->delivered = 0;
        r->len = 0;
    }
    size_t left = nbtls_reader_left(src);
    /* Zero-copy: nothing gathered and a whole message in the record. */
    if (r->len == 0 && left >= NBTLS_TLS_HS_HEADER_LEN) {
        size_t body = body_len_of(src->pos);
        /* An over-long message is the peer's protocol violation; RFC 8446
         * names no alert for a local size limit, and decode_error is what
         * a length field the receiver cannot honour most resembles. */
        NBTLS_ENSURE(body <= r->max_body, NBTLS_TLS_E_DECODE_ERROR);
        if (left - NBTLS_TLS_HS_HEADER_LEN >= body) {
            const unsigned char *p;
            NBTLS_GUARD(
                nbtls_reader_take(src, NBTLS_TLS_HS_HEADER_LEN + body, &p));
            fill_msg(msg, p, body);
            return 1;
        }
    }
    /* Gather: first the header, then the body. */
    while (nbtls_reader_left(src) > 0) {
        size_t want;
        if (r->len < NBTLS_TLS_HS_HEADER_LEN) {
            want = NBTLS_TLS_HS_HEADER_LEN - r->len;
        } else {
            size_t total = NBTLS_TLS_HS_HEADER_LEN + body_len_of(r->buf);
            want = total - r->len;
        }
        size_t n =
            nbtls_reader_left(src) < want ? nbtls_reader_left(src) : want;
        const unsigned char *p;
        NBTLS_GUARD(nbtls_reader_take(src, n, &p));
        memcpy(r->buf + r->len, p, n);
        r->len += n;
        if (r->len == NBTLS_TLS_HS_HEADER_LEN) {
            size_t body = body_len_of(r->buf);
            if (body > r->max_body) {
                r->len = 0;
                return NBTLS_TLS_E_DECODE_ERROR;
            }
        }
        if (r->len >= NBTLS_TLS_HS_HEADER_LEN &&
            r->len == NBTLS_TLS_HS_HEADER_LEN + body_len_of(r->buf)) {
            fill_msg(msg, r->buf, body_len_of(r->buf));
            r->delivered = 1;
            return 1;
        }
    }
    return 0;
}

int nbtls_tls_hs_partial(const nbtls_tls_hs_reasm *r) {
    return !r->delivered && r->len > 0;
}

int nbtls_tls_hs_expect_boundary(const nbtls_tls_hs_reasm *r,
                                 const nbtls_reader *src) {
    /* RFC 8446 5.1: "Handshake messages MUST NOT span key changes. [...]
     * If they do, the receiver MUST terminate the connection with an
     * unexpected_message alert." */
    NBTLS_ENSURE(!nbtls_tls_hs_partial(r) &&
                     (src == NULL || nbtls_reader_left(src) == 0),
                 NBTLS_TLS_E_UNEXPECTED_MESSAGE);
    return 0;
}

void nbtls_tls_hs_put_header(unsigned char out[4], uint8_t type,
                             uint32_t body_len) {
    out[0] = type;
    out[1] = (unsigned char)(body_len >> 16);
    out[2] = (unsigned char)(body_len >> 8);
    out[3] = (unsigned char)body_len;
}

/* ---- Transcript -------------------------------------------------------- */

int nbtls_tls_transcript_init(nbtls_tls_transcript *t) {
    NBTLS_ENSURE(t, NBTLS_E_INVALID_ARG);
    memset(t, 0, sizeof *t);
    NBTLS_GUARD(nbtls_hash_state_init(&t->s256, NBTLS_SHA256));
    NBTLS_GUARD(nbtls_hash_state_init(&t->s384, NBTLS_SHA384));
    t->alg = 0;
    return 0;
}

void nbtls_tls_transcript_update(nbtls_tls_transcript *t,
                                 const unsigned char *p, size_t n) {
    if (n == 0) return;
    if (t->alg != NBTLS_SHA384) nbtls_hash_state_update(&t->s256, p, n);
    if (t->alg != NBTLS_SHA256) nbtls_hash_state_update(&t->s384, p, n);
}

int nbtls_tls_transcript_select(nbtls_tls_transcript *t, int alg) {
    NBTLS_ENSURE(alg == NBTLS_SHA256 || alg == NBTLS_SHA384,
                 NBTLS_E_UNSUPPORTED);
    if (t->alg) return t->alg == alg ? 0 : NBTLS_E_BAD_STATE;
    t->alg = alg;
    if (alg == NBTLS_SHA256)
        nbtls_wipe(&t->s384, sizeof t->s384);
    else
        nbtls_wipe(&t->s256, sizeof t->s256);
    return 0;
}

int nbtls_tls_transcript_hash(const nbtls_tls_transcript *t, unsigned char *out,
                              size_t *len) {
    NBTLS_ENSURE(t && out && len, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(t->alg != 0, NBTLS_E_BAD_STATE);
    nbtls_hash_state copy =
        t->alg == NBTLS_SHA256 ? t->s256 : t->s384; /* snapshot */
    *len = nbtls_hash_state_len(t->alg);
    nbtls_hash_state_final(&copy, out); /* wipes the copy */
    return 0;
}

int nbtls_tls_transcript_hrr(nbtls_tls_transcript *t) {
    unsigned char h[NBTLS_HASH_MAX_LEN];
    size_t hlen;
    NBTLS_GUARD(nbtls_tls_transcript_hash(t, h, &hlen));
    nbtls_hash_state *st = t->alg == NBTLS_SHA256 ? &t->s256 : &t->s384;
    nbtls_wipe(st, sizeof *st);
    NBTLS_GUARD(nbtls_hash_state_init(st, t->alg));
    /* Transcript-Hash(ClientHello1, HelloRetryRequest, ...) =
     *   Hash(message_hash || 00 00 Hash.length || Hash(ClientHello1) || ...) */
    unsigned char hdr[NBTLS_TLS_HS_HEADER_LEN];
    nbtls_tls_hs_put_header(hdr, NBTLS_TLS_HS_MESSAGE_HASH, (uint32_t)hlen);
    nbtls_hash_state_update(st, hdr, sizeof hdr);
    nbtls_hash_state_update(st, h, hlen);
    return 0;
}

void nbtls_tls_transcript_wipe(nbtls_tls_transcript *t) {
    nbtls_wipe(t, sizeof *t);
}
