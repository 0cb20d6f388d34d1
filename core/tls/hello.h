/*
 * core/tls: the ClientHello writer and the ServerHello / HelloRetryRequest
 * parser (RFC 8446 sections 4.1.2 - 4.1.4 and the extensions of 4.2 a
 * TLS 1.3 client needs).
 *
 * The writer is table-free and deterministic: the same parameters give the
 * same bytes (RFC 8448's ClientHello is reproduced byte for byte). Its
 * extension order is fixed: server_name, renegotiation_info, supported_groups,
 * session_ticket, application_layer_protocol_negotiation, key_share,
 * supported_versions, signature_algorithms, signature_algorithms_cert,
 * psk_key_exchange_modes, record_size_limit, cookie.
 *
 * The parser is strict: malformed structure (truncated or overlong vectors,
 * trailing bytes) is decode_error; well-formed but forbidden values are
 * illegal_parameter; an extension the client did not offer is
 * unsupported_extension (except cookie in a HelloRetryRequest); a server
 * that does not select TLS 1.3 is protocol_version. Codes: tls.h.
 */
#ifndef NBTLS_CORE_TLS_HELLO_H
#define NBTLS_CORE_TLS_HELLO_H

#include "tls/tls.h"
#include "tls/writer.h"

#define NBTLS_TLS_RANDOM_LEN 32
#define NBTLS_TLS_MAX_SESSION_ID 32

/* One key share offered: the group and its public key as sent
 * (x25519: 32 bytes; secp256r1: 65, secp384r1: 97, SEC1 uncompressed). */
typedef struct {
    uint16_t group;
    const unsigned char *key;
    size_t len;
} nbtls_tls_key_share;

/* What a ClientHello offers. Lists are (pointer, count); NULL/0 omits an
 * optional extension. The struct is kept by the caller and passed to the
 * ServerHello parser, which checks the answer against it. */
typedef struct {
    unsigned char random[NBTLS_TLS_RANDOM_LEN];
    const unsigned char *session_id; /* 0..32 bytes (32 random bytes in
                                        middlebox compatibility mode) */
    size_t session_id_len;
    const uint16_t *suites; /* >= 1 */
    size_t n_suites;
    const char *server_name; /* DNS host name, not NUL-terminated */
    size_t server_name_len;  /* 0: no server_name */
    const uint16_t *groups;  /* supported_groups, >= 1 */
    size_t n_groups;
    const nbtls_tls_key_share *shares; /* each group in `groups`, distinct */
    size_t n_shares;
    const uint16_t *sig_algs; /* signature_algorithms, >= 1 */
    size_t n_sig_algs;
    const uint16_t *sig_algs_cert; /* signature_algorithms_cert, optional */
    size_t n_sig_algs_cert;
    const char *const *alpn; /* protocol names (1..255 bytes each) */
    size_t n_alpn;
    const unsigned char *cookie; /* echoed from a HelloRetryRequest */
    size_t cookie_len;
    uint16_t record_size_limit; /* RFC 8449; 0: not sent (else >= 64) */
    int psk_dhe_ke;             /* send psk_key_exchange_modes [psk_dhe_ke] */
    int renegotiation_info;     /* send an empty renegotiation_info */
    int session_ticket;         /* send an empty session_ticket */
} nbtls_tls_client_hello;

/* Append the whole ClientHello handshake message (4-byte header included)
 * to w. NBTLS_E_INVALID_ARG for parameters that break the rules above;
 * the writer's errors otherwise (nothing beyond its buffer is touched). */
NBTLS_MUST_CHECK int
nbtls_tls_write_client_hello(const nbtls_tls_client_hello *ch, nbtls_writer *w);

/* RFC 8446 4.1.3: the random of a HelloRetryRequest, SHA-256 of
 * "HelloRetryRequest". */
extern const unsigned char nbtls_tls_hrr_random[NBTLS_TLS_RANDOM_LEN];

/* A parsed ServerHello or HelloRetryRequest. Pointers are into the message
 * parsed. */
typedef struct {
    int is_hrr;
    unsigned char random[NBTLS_TLS_RANDOM_LEN];
    uint16_t suite;
    uint16_t version; /* selected: always 0x0304 on success */
    /* ServerHello: the server's key share (group and key). HelloRetryRequest:
     * the selected_group (0 when the HRR has no key_share), no key. */
    uint16_t group;
    const unsigned char *share;
    size_t share_len;
    const unsigned char *cookie; /* HelloRetryRequest only; may be NULL */
    size_t cookie_len;
} nbtls_tls_server_hello;

/* Parse body[0..len) (without the 4-byte handshake header) of a
 * ServerHello, against what `offered` offered. Recognises a
 * HelloRetryRequest by its random. */
NBTLS_MUST_CHECK int
nbtls_tls_parse_server_hello(const unsigned char *body, size_t len,
                             const nbtls_tls_client_hello *offered,
                             nbtls_tls_server_hello *out);

/* The key_exchange length of `group` (32, 65, 97), 0 if unknown. */
size_t nbtls_tls_group_share_len(uint16_t group);

#endif /* NBTLS_CORE_TLS_HELLO_H */
