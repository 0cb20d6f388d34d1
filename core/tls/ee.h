/*
 * core/tls: the EncryptedExtensions parser (RFC 8446 section 4.3.1), strict
 * as the ServerHello parser (hello.h): structure errors are decode_error,
 * forbidden values illegal_parameter, an extension the ClientHello did not
 * offer unsupported_extension, one that does not belong in
 * EncryptedExtensions (key_share, supported_versions, cookie, ...)
 * illegal_parameter, a duplicate illegal_parameter.
 */
#ifndef NBTLS_CORE_TLS_EE_H
#define NBTLS_CORE_TLS_EE_H

#include "tls/hello.h"

typedef struct {
    int server_name_ack;       /* the server used our server_name */
    const unsigned char *alpn; /* the selected protocol (one of ours) */
    size_t alpn_len;           /* 0: none selected */
    /* RFC 8449: the largest TLSInnerPlaintext the server accepts
     * (64..2^14+1; larger values are clamped to 2^14+1); 0: none sent */
    uint16_t record_size_limit;
    const unsigned char *groups; /* the server's supported_groups list */
    size_t groups_len;           /* (u16 values, informational), bytes */
} nbtls_tls_encrypted_extensions;

/* Parse body[0..len) (without the handshake header) against `offered`.
 * Pointers in *out are into body. */
NBTLS_MUST_CHECK int
nbtls_tls_parse_encrypted_extensions(const unsigned char *body, size_t len,
                                     const nbtls_tls_client_hello *offered,
                                     nbtls_tls_encrypted_extensions *out);

#endif /* NBTLS_CORE_TLS_EE_H */
