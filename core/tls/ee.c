/* core/tls: the EncryptedExtensions parser (see ee.h). */
#include "tls/ee.h"

#define NEED(expr)                                                             \
    do {                                                                       \
        if ((expr) < 0) return NBTLS_TLS_E_DECODE_ERROR;                       \
    } while (0)

/* What we offered that a server may answer in EncryptedExtensions (RFC
 * 8446 4.2's table: CH, EE): a bit per extension, for duplicates; 0 for
 * extensions we never send. */
static int ee_bit(uint16_t type) {
    switch (type) {
    case NBTLS_TLS_EXT_SERVER_NAME: return 1;
    case NBTLS_TLS_EXT_SUPPORTED_GROUPS: return 2;
    case NBTLS_TLS_EXT_ALPN: return 4;
    case NBTLS_TLS_EXT_RECORD_SIZE_LIMIT: return 8;
    default: return 0;
    }
}

/* Whether the ClientHello sent extension `type` (any message's). */
static int sent(const nbtls_tls_client_hello *ch, uint16_t type) {
    switch (type) {
    case NBTLS_TLS_EXT_SUPPORTED_GROUPS:
    case NBTLS_TLS_EXT_KEY_SHARE:
    case NBTLS_TLS_EXT_SUPPORTED_VERSIONS:
    case NBTLS_TLS_EXT_SIGNATURE_ALGORITHMS: return 1;
    case NBTLS_TLS_EXT_SERVER_NAME: return ch->server_name_len != 0;
    case NBTLS_TLS_EXT_ALPN: return ch->n_alpn != 0;
    case NBTLS_TLS_EXT_RECORD_SIZE_LIMIT: return ch->record_size_limit != 0;
    case NBTLS_TLS_EXT_RENEGOTIATION_INFO: return ch->renegotiation_info;
    case NBTLS_TLS_EXT_SESSION_TICKET: return ch->session_ticket;
    case NBTLS_TLS_EXT_SIGNATURE_ALGORITHMS_CERT:
        return ch->n_sig_algs_cert != 0;
    case NBTLS_TLS_EXT_PSK_KEY_EXCHANGE_MODES: return ch->psk_dhe_ke;
    case NBTLS_TLS_EXT_COOKIE: return ch->cookie_len != 0;
    default: return 0;
    }
}

static int parse_one(uint16_t type, nbtls_reader *d,
                     const nbtls_tls_client_hello *ch,
                     nbtls_tls_encrypted_extensions *out) {
    uint32_t v;
    uint8_t n8;
    nbtls_reader l;
    const unsigned char *p;
    switch (type) {
    case NBTLS_TLS_EXT_SERVER_NAME:
        /* RFC 6066 3: the server's extension_data is empty */
        NEED(nbtls_reader_expect_end(d));
        out->server_name_ack = 1;
        return 0;
    case NBTLS_TLS_EXT_SUPPORTED_GROUPS:
        /* NamedGroup named_group_list<2..2^16-1> */
        NEED(nbtls_reader_be(d, 2, &v));
        NEED(nbtls_reader_take(d, v, &p));
        NEED(nbtls_reader_expect_end(d));
        NBTLS_ENSURE(v >= 2 && v % 2 == 0, NBTLS_TLS_E_DECODE_ERROR);
        out->groups = p;
        out->groups_len = v;
        return 0;
    case NBTLS_TLS_EXT_ALPN:
        /* RFC 7301 3.1: a ProtocolNameList of exactly one ProtocolName */
        NEED(nbtls_reader_be(d, 2, &v));
        NEED(nbtls_reader_sub(d, v, &l));
        NEED(nbtls_reader_expect_end(d));
        NEED(nbtls_reader_u8(&l, &n8));
        NEED(nbtls_reader_take(&l, n8, &p));
        NEED(nbtls_reader_expect_end(&l));
        NBTLS_ENSURE(n8 >= 1, NBTLS_TLS_E_DECODE_ERROR);
        /* the protocol must be one we offered */
        for (size_t i = 0; i < ch->n_alpn; i++) {
            if (strlen(ch->alpn[i]) == n8 && memcmp(ch->alpn[i], p, n8) == 0) {
                out->alpn = p;
                out->alpn_len = n8;
                return 0;
            }
        }
        return NBTLS_TLS_E_ILLEGAL_PARAMETER;
    case NBTLS_TLS_EXT_RECORD_SIZE_LIMIT:
        NEED(nbtls_reader_be(d, 2, &v));
        NEED(nbtls_reader_expect_end(d));
        /* RFC 8449 4: "An endpoint MUST treat receipt of a smaller value
         * [than 64] as a fatal error and generate an illegal_parameter
         * alert." Larger than TLS 1.3's limit: no larger records follow. */
        NBTLS_ENSURE(v >= 64, NBTLS_TLS_E_ILLEGAL_PARAMETER);
        out->record_size_limit = (uint16_t)(v > NBTLS_TLS_MAX_PLAINTEXT + 1
                                                ? NBTLS_TLS_MAX_PLAINTEXT + 1
                                                : v);
        return 0;
    default: return NBTLS_E_INTERNAL; /* filtered by the caller */
    }
}

int nbtls_tls_parse_encrypted_extensions(const unsigned char *body, size_t len,
                                         const nbtls_tls_client_hello *ch,
                                         nbtls_tls_encrypted_extensions *out) {
    nbtls_reader r, exts;
    uint32_t v;
    NBTLS_ENSURE((body || !len) && ch && out, NBTLS_E_INVALID_ARG);
    memset(out, 0, sizeof *out);
    nbtls_reader_init(&r, body ? body : (const unsigned char *)"", len);
    /* struct { Extension extensions<0..2^16-1>; } */
    NEED(nbtls_reader_be(&r, 2, &v));
    NEED(nbtls_reader_sub(&r, v, &exts));
    NEED(nbtls_reader_expect_end(&r));
    int seen = 0;
    while (nbtls_reader_left(&exts) > 0) {
        uint32_t t, n;
        nbtls_reader d;
        NEED(nbtls_reader_be(&exts, 2, &t));
        NEED(nbtls_reader_be(&exts, 2, &n));
        NEED(nbtls_reader_sub(&exts, n, &d));
        /* 4.2: a response to an extension not sent: unsupported_extension */
        NBTLS_ENSURE(sent(ch, (uint16_t)t), NBTLS_TLS_E_UNSUPPORTED_EXTENSION);
        /* sent, but not one EncryptedExtensions may carry */
        int bit = ee_bit((uint16_t)t);
        NBTLS_ENSURE(bit != 0, NBTLS_TLS_E_ILLEGAL_PARAMETER);
        NBTLS_ENSURE(!(seen & bit), NBTLS_TLS_E_ILLEGAL_PARAMETER);
        seen |= bit;
        NBTLS_GUARD(parse_one((uint16_t)t, &d, ch, out));
    }
    return 0;
}
