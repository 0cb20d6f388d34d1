/* core/tls: ClientHello writer, ServerHello parser (see hello.h). */
#include "tls/hello.h"

#include "tls/handshake.h"

const unsigned char nbtls_tls_hrr_random[NBTLS_TLS_RANDOM_LEN] = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c,
    0x02, 0x1e, 0x65, 0xb8, 0x91, 0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb,
    0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};

size_t nbtls_tls_group_share_len(uint16_t group) {
    switch (group) {
    case NBTLS_TLS_GROUP_X25519: return 32;
    case NBTLS_TLS_GROUP_SECP256R1: return 65;
    case NBTLS_TLS_GROUP_SECP384R1: return 97;
    default: return 0;
    }
}

static int in_list(const uint16_t *list, size_t n, uint16_t v) {
    for (size_t i = 0; i < n; i++)
        if (list[i] == v) return 1;
    return 0;
}

static const nbtls_tls_key_share *find_share(const nbtls_tls_client_hello *ch,
                                             uint16_t group) {
    for (size_t i = 0; i < ch->n_shares; i++)
        if (ch->shares[i].group == group) return &ch->shares[i];
    return NULL;
}

/* ---- ClientHello ------------------------------------------------------- */

static int check_params(const nbtls_tls_client_hello *ch) {
    NBTLS_ENSURE(ch->session_id_len <= NBTLS_TLS_MAX_SESSION_ID &&
                     (ch->session_id || !ch->session_id_len),
                 NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(ch->suites && ch->n_suites >= 1 && ch->n_suites < 0x7fff,
                 NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(ch->groups && ch->n_groups >= 1 && ch->n_groups < 0x7fff,
                 NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(ch->sig_algs && ch->n_sig_algs >= 1 && ch->n_sig_algs < 0x7fff,
                 NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(ch->sig_algs_cert || !ch->n_sig_algs_cert,
                 NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(ch->n_sig_algs_cert < 0x7fff, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(ch->shares || !ch->n_shares, NBTLS_E_INVALID_ARG);
    for (size_t i = 0; i < ch->n_shares; i++) {
        const nbtls_tls_key_share *s = &ch->shares[i];
        /* 4.2.8: each KeyShareEntry's group is in supported_groups, at most
         * one share per group, and the key has the group's length. */
        NBTLS_ENSURE(in_list(ch->groups, ch->n_groups, s->group),
                     NBTLS_E_INVALID_ARG);
        NBTLS_ENSURE(find_share(ch, s->group) == s, NBTLS_E_INVALID_ARG);
        NBTLS_ENSURE(s->key && s->len >= 1 && s->len < 0x10000,
                     NBTLS_E_INVALID_ARG);
        size_t want = nbtls_tls_group_share_len(s->group);
        NBTLS_ENSURE(want == 0 || want == s->len, NBTLS_E_INVALID_ARG);
    }
    NBTLS_ENSURE(ch->server_name || !ch->server_name_len, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(ch->server_name_len < 0x10000 - 5, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(ch->alpn || !ch->n_alpn, NBTLS_E_INVALID_ARG);
    for (size_t i = 0; i < ch->n_alpn; i++) {
        NBTLS_ENSURE(ch->alpn[i], NBTLS_E_INVALID_ARG);
        size_t n = strlen(ch->alpn[i]);
        NBTLS_ENSURE(n >= 1 && n <= 255, NBTLS_E_INVALID_ARG);
    }
    NBTLS_ENSURE(ch->cookie || !ch->cookie_len, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(ch->cookie_len < 0x10000, NBTLS_E_INVALID_ARG);
    /* RFC 8449: record_size_limit >= 64 */
    NBTLS_ENSURE(ch->record_size_limit == 0 || ch->record_size_limit >= 64,
                 NBTLS_E_INVALID_ARG);
    return 0;
}

static int ext_open(nbtls_writer *w, uint16_t type, nbtls_writer_vec *v) {
    NBTLS_GUARD(nbtls_writer_u16(w, type));
    return nbtls_writer_open_vec(w, 2, v);
}

static int u16_list(nbtls_writer *w, size_t lenbytes, const uint16_t *l,
                    size_t n) {
    nbtls_writer_vec v;
    NBTLS_GUARD(nbtls_writer_open_vec(w, lenbytes, &v));
    for (size_t i = 0; i < n; i++)
        NBTLS_GUARD(nbtls_writer_u16(w, l[i]));
    return nbtls_writer_close_vec(w, &v);
}

/* An extension whose body is one u16 list with a 2-byte length. */
static int ext_u16_list(nbtls_writer *w, uint16_t type, const uint16_t *l,
                        size_t n) {
    nbtls_writer_vec e;
    NBTLS_GUARD(ext_open(w, type, &e));
    NBTLS_GUARD(u16_list(w, 2, l, n));
    return nbtls_writer_close_vec(w, &e);
}

static int write_extensions(const nbtls_tls_client_hello *ch, nbtls_writer *w) {
    nbtls_writer_vec e, l, m;
    if (ch->server_name_len) {
        /* RFC 6066 3: ServerNameList of one host_name(0) */
        NBTLS_GUARD(ext_open(w, NBTLS_TLS_EXT_SERVER_NAME, &e));
        NBTLS_GUARD(nbtls_writer_open_vec(w, 2, &l));
        NBTLS_GUARD(nbtls_writer_u8(w, 0));
        NBTLS_GUARD(nbtls_writer_open_vec(w, 2, &m));
        NBTLS_GUARD(
            nbtls_writer_bytes(w, ch->server_name, ch->server_name_len));
        NBTLS_GUARD(nbtls_writer_close_vec(w, &m));
        NBTLS_GUARD(nbtls_writer_close_vec(w, &l));
        NBTLS_GUARD(nbtls_writer_close_vec(w, &e));
    }
    if (ch->renegotiation_info) {
        /* RFC 5746: an empty renegotiated_connection */
        NBTLS_GUARD(ext_open(w, NBTLS_TLS_EXT_RENEGOTIATION_INFO, &e));
        NBTLS_GUARD(nbtls_writer_u8(w, 0));
        NBTLS_GUARD(nbtls_writer_close_vec(w, &e));
    }
    NBTLS_GUARD(ext_u16_list(w, NBTLS_TLS_EXT_SUPPORTED_GROUPS, ch->groups,
                             ch->n_groups));
    if (ch->session_ticket) {
        NBTLS_GUARD(ext_open(w, NBTLS_TLS_EXT_SESSION_TICKET, &e));
        NBTLS_GUARD(nbtls_writer_close_vec(w, &e));
    }
    if (ch->n_alpn) {
        /* RFC 7301: ProtocolNameList protocol_name_list<2..2^16-1> */
        NBTLS_GUARD(ext_open(w, NBTLS_TLS_EXT_ALPN, &e));
        NBTLS_GUARD(nbtls_writer_open_vec(w, 2, &l));
        for (size_t i = 0; i < ch->n_alpn; i++) {
            NBTLS_GUARD(nbtls_writer_open_vec(w, 1, &m));
            NBTLS_GUARD(
                nbtls_writer_bytes(w, ch->alpn[i], strlen(ch->alpn[i])));
            NBTLS_GUARD(nbtls_writer_close_vec(w, &m));
        }
        NBTLS_GUARD(nbtls_writer_close_vec(w, &l));
        NBTLS_GUARD(nbtls_writer_close_vec(w, &e));
    }
    /* 4.2.8: KeyShareEntry client_shares<0..2^16-1> (empty is legal: the
     * client then asks for a HelloRetryRequest) */
    NBTLS_GUARD(ext_open(w, NBTLS_TLS_EXT_KEY_SHARE, &e));
    NBTLS_GUARD(nbtls_writer_open_vec(w, 2, &l));
    for (size_t i = 0; i < ch->n_shares; i++) {
        NBTLS_GUARD(nbtls_writer_u16(w, ch->shares[i].group));
        NBTLS_GUARD(nbtls_writer_open_vec(w, 2, &m));
        NBTLS_GUARD(
            nbtls_writer_bytes(w, ch->shares[i].key, ch->shares[i].len));
        NBTLS_GUARD(nbtls_writer_close_vec(w, &m));
    }
    NBTLS_GUARD(nbtls_writer_close_vec(w, &l));
    NBTLS_GUARD(nbtls_writer_close_vec(w, &e));
    /* 4.2.1: versions<2..254>: TLS 1.3 only */
    NBTLS_GUARD(ext_open(w, NBTLS_TLS_EXT_SUPPORTED_VERSIONS, &e));
    {
        static const uint16_t v13[] = {NBTLS_TLS_VERSION_13};
        NBTLS_GUARD(u16_list(w, 1, v13, 1));
    }
    NBTLS_GUARD(nbtls_writer_close_vec(w, &e));
    NBTLS_GUARD(ext_u16_list(w, NBTLS_TLS_EXT_SIGNATURE_ALGORITHMS,
                             ch->sig_algs, ch->n_sig_algs));
    if (ch->n_sig_algs_cert)
        NBTLS_GUARD(ext_u16_list(w, NBTLS_TLS_EXT_SIGNATURE_ALGORITHMS_CERT,
                                 ch->sig_algs_cert, ch->n_sig_algs_cert));
    if (ch->psk_dhe_ke) {
        /* 4.2.9: ke_modes<1..255> = [psk_dhe_ke(1)] */
        NBTLS_GUARD(ext_open(w, NBTLS_TLS_EXT_PSK_KEY_EXCHANGE_MODES, &e));
        NBTLS_GUARD(nbtls_writer_u8(w, 1));
        NBTLS_GUARD(nbtls_writer_u8(w, 1));
        NBTLS_GUARD(nbtls_writer_close_vec(w, &e));
    }
    if (ch->record_size_limit) {
        NBTLS_GUARD(ext_open(w, NBTLS_TLS_EXT_RECORD_SIZE_LIMIT, &e));
        NBTLS_GUARD(nbtls_writer_u16(w, ch->record_size_limit));
        NBTLS_GUARD(nbtls_writer_close_vec(w, &e));
    }
    if (ch->cookie_len) {
        /* 4.2.2: opaque cookie<1..2^16-1> */
        NBTLS_GUARD(ext_open(w, NBTLS_TLS_EXT_COOKIE, &e));
        NBTLS_GUARD(nbtls_writer_open_vec(w, 2, &l));
        NBTLS_GUARD(nbtls_writer_bytes(w, ch->cookie, ch->cookie_len));
        NBTLS_GUARD(nbtls_writer_close_vec(w, &l));
        NBTLS_GUARD(nbtls_writer_close_vec(w, &e));
    }
    return 0;
}

int nbtls_tls_write_client_hello(const nbtls_tls_client_hello *ch,
                                 nbtls_writer *w) {
    NBTLS_ENSURE(ch && w, NBTLS_E_INVALID_ARG);
    NBTLS_GUARD(check_params(ch));
    nbtls_writer_vec msg, v;
    NBTLS_GUARD(nbtls_writer_u8(w, NBTLS_TLS_HS_CLIENT_HELLO));
    NBTLS_GUARD(nbtls_writer_open_vec(w, 3, &msg));
    NBTLS_GUARD(nbtls_writer_u16(w, NBTLS_TLS_LEGACY_VERSION));
    NBTLS_GUARD(nbtls_writer_bytes(w, ch->random, sizeof ch->random));
    NBTLS_GUARD(nbtls_writer_open_vec(w, 1, &v));
    NBTLS_GUARD(nbtls_writer_bytes(w, ch->session_id, ch->session_id_len));
    NBTLS_GUARD(nbtls_writer_close_vec(w, &v));
    NBTLS_GUARD(u16_list(w, 2, ch->suites, ch->n_suites));
    /* legacy_compression_methods: exactly one byte, null (4.1.2) */
    NBTLS_GUARD(nbtls_writer_u8(w, 1));
    NBTLS_GUARD(nbtls_writer_u8(w, 0));
    NBTLS_GUARD(nbtls_writer_open_vec(w, 2, &v));
    NBTLS_GUARD(write_extensions(ch, w));
    NBTLS_GUARD(nbtls_writer_close_vec(w, &v));
    return nbtls_writer_close_vec(w, &msg);
}

/* ---- ServerHello ------------------------------------------------------- */

/* Parsing failures of structure are decode_error. */
#define NEED(expr)                                                             \
    do {                                                                       \
        if ((expr) < 0) return NBTLS_TLS_E_DECODE_ERROR;                       \
    } while (0)

/* Whether the ClientHello `ch` offered extension `type`. */
static int offered_ext(const nbtls_tls_client_hello *ch, uint16_t type) {
    switch (type) {
    case NBTLS_TLS_EXT_SUPPORTED_GROUPS:
    case NBTLS_TLS_EXT_KEY_SHARE:
    case NBTLS_TLS_EXT_SUPPORTED_VERSIONS:
    case NBTLS_TLS_EXT_SIGNATURE_ALGORITHMS: return 1;
    case NBTLS_TLS_EXT_SERVER_NAME: return ch->server_name_len != 0;
    case NBTLS_TLS_EXT_RENEGOTIATION_INFO: return ch->renegotiation_info;
    case NBTLS_TLS_EXT_SESSION_TICKET: return ch->session_ticket;
    case NBTLS_TLS_EXT_ALPN: return ch->n_alpn != 0;
    case NBTLS_TLS_EXT_SIGNATURE_ALGORITHMS_CERT:
        return ch->n_sig_algs_cert != 0;
    case NBTLS_TLS_EXT_PSK_KEY_EXCHANGE_MODES: return ch->psk_dhe_ke;
    case NBTLS_TLS_EXT_RECORD_SIZE_LIMIT: return ch->record_size_limit != 0;
    case NBTLS_TLS_EXT_COOKIE: return ch->cookie_len != 0;
    default: return 0;
    }
}

/* Bit of each extension a ServerHello/HRR may carry, for duplicates. */
static int ext_bit(uint16_t type) {
    switch (type) {
    case NBTLS_TLS_EXT_SUPPORTED_VERSIONS: return 1;
    case NBTLS_TLS_EXT_KEY_SHARE: return 2;
    case NBTLS_TLS_EXT_COOKIE: return 4;
    default: return 0;
    }
}

static const unsigned char downgrade_prefix[7] = {0x44, 0x4f, 0x57, 0x4e,
                                                  0x47, 0x52, 0x44};

static int parse_ext(uint16_t type, nbtls_reader *d,
                     const nbtls_tls_client_hello *ch,
                     nbtls_tls_server_hello *out) {
    uint32_t v;
    nbtls_reader sub;
    const unsigned char *p;
    switch (type) {
    case NBTLS_TLS_EXT_SUPPORTED_VERSIONS:
        /* 4.2.1: ServerHello carries selected_version only */
        NEED(nbtls_reader_be(d, 2, &v));
        NEED(nbtls_reader_expect_end(d));
        /* "If the supported_versions extension in the ServerHello contains
         * a version not offered by the client or contains a version prior
         * to TLS 1.3, the client MUST abort the handshake with an
         * illegal_parameter alert." */
        NBTLS_ENSURE(v == NBTLS_TLS_VERSION_13, NBTLS_TLS_E_ILLEGAL_PARAMETER);
        out->version = (uint16_t)v;
        return 0;
    case NBTLS_TLS_EXT_KEY_SHARE:
        NEED(nbtls_reader_be(d, 2, &v));
        if (out->is_hrr) {
            /* 4.2.8: HRR carries selected_group only */
            NEED(nbtls_reader_expect_end(d));
            /* "the client MUST verify that (1) the selected_group field
             * corresponds to a group which was provided in the
             * supported_groups extension in the original ClientHello and (2)
             * the selected_group field does not correspond to a group which
             * was provided in the key_share extension [...] If either of
             * these checks fails, then the client MUST abort the handshake
             * with an illegal_parameter alert." */
            NBTLS_ENSURE(in_list(ch->groups, ch->n_groups, (uint16_t)v) &&
                             !find_share(ch, (uint16_t)v),
                         NBTLS_TLS_E_ILLEGAL_PARAMETER);
            out->group = (uint16_t)v;
            return 0;
        }
        {
            uint32_t klen;
            NEED(nbtls_reader_be(d, 2, &klen));
            NEED(nbtls_reader_sub(d, klen, &sub));
            NEED(nbtls_reader_expect_end(d));
            /* key_exchange<1..2^16-1> */
            NBTLS_ENSURE(klen >= 1, NBTLS_TLS_E_DECODE_ERROR);
            /* 4.2.8: "This value MUST be in the same group as the
             * KeyShareEntry value offered by the client that the server
             * has selected" */
            const nbtls_tls_key_share *s = find_share(ch, (uint16_t)v);
            NBTLS_ENSURE(s != NULL, NBTLS_TLS_E_ILLEGAL_PARAMETER);
            size_t want = nbtls_tls_group_share_len((uint16_t)v);
            NBTLS_ENSURE(want == 0 || want == klen,
                         NBTLS_TLS_E_ILLEGAL_PARAMETER);
            out->group = (uint16_t)v;
            out->share = sub.pos;
            out->share_len = klen;
        }
        return 0;
    case NBTLS_TLS_EXT_COOKIE:
        /* 4.2.2: opaque cookie<1..2^16-1> */
        NEED(nbtls_reader_be(d, 2, &v));
        NEED(nbtls_reader_take(d, v, &p));
        NEED(nbtls_reader_expect_end(d));
        NBTLS_ENSURE(v >= 1, NBTLS_TLS_E_DECODE_ERROR);
        out->cookie = p;
        out->cookie_len = v;
        return 0;
    default: return NBTLS_E_INTERNAL; /* not reached: filtered by the caller */
    }
}

int nbtls_tls_parse_server_hello(const unsigned char *body, size_t len,
                                 const nbtls_tls_client_hello *ch,
                                 nbtls_tls_server_hello *out) {
    nbtls_reader r, exts;
    uint32_t legacy_version, v;
    uint8_t n8;
    const unsigned char *p;
    NBTLS_ENSURE((body || !len) && ch && out, NBTLS_E_INVALID_ARG);
    memset(out, 0, sizeof *out);
    nbtls_reader_init(&r, body ? body : (const unsigned char *)"", len);

    NEED(nbtls_reader_be(&r, 2, &legacy_version));
    NEED(nbtls_reader_take(&r, NBTLS_TLS_RANDOM_LEN, &p));
    memcpy(out->random, p, NBTLS_TLS_RANDOM_LEN);
    out->is_hrr = memcmp(p, nbtls_tls_hrr_random, NBTLS_TLS_RANDOM_LEN) == 0;
    /* legacy_session_id_echo<0..32> */
    NEED(nbtls_reader_u8(&r, &n8));
    NBTLS_ENSURE(n8 <= NBTLS_TLS_MAX_SESSION_ID, NBTLS_TLS_E_DECODE_ERROR);
    NEED(nbtls_reader_take(&r, n8, &p));
    const unsigned char *echo = p;
    size_t echo_len = n8;
    NEED(nbtls_reader_be(&r, 2, &v));
    out->suite = (uint16_t)v;
    NEED(nbtls_reader_u8(&r, &n8));
    uint8_t compression = n8;

    int have_exts = nbtls_reader_left(&r) > 0;
    if (have_exts) {
        NEED(nbtls_reader_be(&r, 2, &v));
        NEED(nbtls_reader_sub(&r, v, &exts));
        NEED(nbtls_reader_expect_end(&r));
    } else {
        nbtls_reader_init(&exts, r.pos, 0);
    }

    /* Find supported_versions first: without it the server speaks TLS 1.2
     * or older and nothing else in the message has TLS 1.3 meaning. The
     * walk also checks the framing of every extension. */
    int tls13 = 0;
    {
        nbtls_reader w = exts;
        while (nbtls_reader_left(&w) > 0) {
            uint32_t t, n;
            NEED(nbtls_reader_be(&w, 2, &t));
            NEED(nbtls_reader_be(&w, 2, &n));
            NEED(nbtls_reader_take(&w, n, &p));
            if (t == NBTLS_TLS_EXT_SUPPORTED_VERSIONS) tls13 = 1;
        }
    }
    if (!tls13) {
        /* 4.1.3: "TLS 1.3 clients receiving a ServerHello indicating TLS
         * 1.2 or below MUST check that the last 8 bytes are not equal to
         * either of these values [...] If a match is found, the client MUST
         * abort the handshake with an illegal_parameter alert." */
        NBTLS_ENSURE(!(memcmp(out->random + 24, downgrade_prefix, 7) == 0 &&
                       out->random[31] <= 1),
                     NBTLS_TLS_E_ILLEGAL_PARAMETER);
        /* A server that negotiates an older version: this client speaks
         * TLS 1.3 only. */
        return NBTLS_TLS_E_PROTOCOL_VERSION;
    }
    /* 4.1.3: legacy_version = 0x0303 in a TLS 1.3 ServerHello */
    NBTLS_ENSURE(legacy_version == NBTLS_TLS_LEGACY_VERSION,
                 NBTLS_TLS_E_ILLEGAL_PARAMETER);
    /* "A client which receives a legacy_session_id_echo field that does
     * not match what it sent in the ClientHello MUST abort the handshake
     * with an illegal_parameter alert." */
    NBTLS_ENSURE(
        echo_len == ch->session_id_len &&
            (echo_len == 0 || memcmp(echo, ch->session_id, echo_len) == 0),
        NBTLS_TLS_E_ILLEGAL_PARAMETER);
    /* "A client which receives a cipher suite that was not offered MUST
     * abort the handshake with an illegal_parameter alert." */
    NBTLS_ENSURE(in_list(ch->suites, ch->n_suites, out->suite),
                 NBTLS_TLS_E_ILLEGAL_PARAMETER);
    /* legacy_compression_method: "A single byte which MUST have the value
     * 0." */
    NBTLS_ENSURE(compression == 0, NBTLS_TLS_E_ILLEGAL_PARAMETER);

    int seen = 0;
    while (nbtls_reader_left(&exts) > 0) {
        uint32_t t, n;
        nbtls_reader d;
        NEED(nbtls_reader_be(&exts, 2, &t));
        NEED(nbtls_reader_be(&exts, 2, &n));
        NEED(nbtls_reader_sub(&exts, n, &d));
        /* 4.2: "Implementations MUST NOT send extension responses if the
         * remote endpoint did not send the corresponding extension
         * requests, with the exception of the cookie extension in the
         * HelloRetryRequest. Upon receiving such an extension, an endpoint
         * MUST abort the handshake with an unsupported_extension alert." */
        int is_cookie_in_hrr = out->is_hrr && t == NBTLS_TLS_EXT_COOKIE;
        NBTLS_ENSURE(offered_ext(ch, (uint16_t)t) || is_cookie_in_hrr,
                     NBTLS_TLS_E_UNSUPPORTED_EXTENSION);
        /* "If an implementation receives an extension which it recognizes
         * and which is not specified for the message in which it appears,
         * it MUST abort the handshake with an illegal_parameter alert."
         * ServerHello: supported_versions, key_share (pre_shared_key is
         * never offered here); HelloRetryRequest: those and cookie. */
        int bit = ext_bit((uint16_t)t);
        NBTLS_ENSURE(bit != 0 && (bit != 4 || out->is_hrr),
                     NBTLS_TLS_E_ILLEGAL_PARAMETER);
        /* "There MUST NOT be more than one extension of the same type in a
         * given extension block." */
        NBTLS_ENSURE(!(seen & bit), NBTLS_TLS_E_ILLEGAL_PARAMETER);
        seen |= bit;
        NBTLS_GUARD(parse_ext((uint16_t)t, &d, ch, out));
    }
    if (out->is_hrr) {
        /* 4.1.4: "Clients MUST abort the handshake with an
         * illegal_parameter alert if the HelloRetryRequest would not result
         * in any change in the ClientHello." */
        NBTLS_ENSURE(seen & (2 | 4), NBTLS_TLS_E_ILLEGAL_PARAMETER);
    } else {
        /* Without PSK, (EC)DHE is the only key exchange: key_share is
         * mandatory (9.2: missing_extension). */
        NBTLS_ENSURE(seen & 2, NBTLS_TLS_E_MISSING_EXTENSION);
    }
    return 0;
}
