/*
 * core/tls: the TLS 1.3 building blocks under the (later) connection object:
 * protocol constants and the internal error model shared by the record layer,
 * the handshake framing and the message parsers. Internal only: nothing here
 * is exported.
 *
 * Error model. Every function returns 0 or a negative code. Besides the
 * public NBTLS_E_* codes (local failures: NBTLS_E_INVALID_ARG for a caller's
 * mistake, NBTLS_E_BUFFER_TOO_SMALL, NBTLS_E_NO_MEMORY, NBTLS_E_BAD_STATE
 * ...), a failure that is the peer's fault returns NBTLS_TLS_ALERT_ERR(desc):
 * a code in [-1255, -1000] that carries the fatal alert RFC 8446 section 6
 * says to send. The alert layer (next) turns it into a queued alert and the
 * public NBTLS_E_PROTOCOL; nbtls_tls_err_alert() extracts the description.
 */
#ifndef NBTLS_CORE_TLS_TLS_H
#define NBTLS_CORE_TLS_TLS_H

#include "common/common.h"

/* ---- Content types (RFC 8446 section 5.1) ----------------------------- */
#define NBTLS_TLS_CT_CHANGE_CIPHER_SPEC 20
#define NBTLS_TLS_CT_ALERT 21
#define NBTLS_TLS_CT_HANDSHAKE 22
#define NBTLS_TLS_CT_APPLICATION_DATA 23

/* ---- Alert descriptions (RFC 8446 section 6) -------------------------- */
#define NBTLS_TLS_ALERT_CLOSE_NOTIFY 0
#define NBTLS_TLS_ALERT_UNEXPECTED_MESSAGE 10
#define NBTLS_TLS_ALERT_BAD_RECORD_MAC 20
#define NBTLS_TLS_ALERT_RECORD_OVERFLOW 22
#define NBTLS_TLS_ALERT_HANDSHAKE_FAILURE 40
#define NBTLS_TLS_ALERT_BAD_CERTIFICATE 42
#define NBTLS_TLS_ALERT_ILLEGAL_PARAMETER 47
#define NBTLS_TLS_ALERT_DECODE_ERROR 50
#define NBTLS_TLS_ALERT_DECRYPT_ERROR 51
#define NBTLS_TLS_ALERT_PROTOCOL_VERSION 70
#define NBTLS_TLS_ALERT_INTERNAL_ERROR 80
#define NBTLS_TLS_ALERT_MISSING_EXTENSION 109
#define NBTLS_TLS_ALERT_UNSUPPORTED_EXTENSION 110

/* The internal code of "abort with fatal alert `desc`" (0..255). */
#define NBTLS_TLS_ALERT_ERR(desc) (-1000 - (int)(desc))
#define NBTLS_TLS_E_UNEXPECTED_MESSAGE                                         \
    NBTLS_TLS_ALERT_ERR(NBTLS_TLS_ALERT_UNEXPECTED_MESSAGE)
#define NBTLS_TLS_E_BAD_RECORD_MAC                                             \
    NBTLS_TLS_ALERT_ERR(NBTLS_TLS_ALERT_BAD_RECORD_MAC)
#define NBTLS_TLS_E_RECORD_OVERFLOW                                            \
    NBTLS_TLS_ALERT_ERR(NBTLS_TLS_ALERT_RECORD_OVERFLOW)
#define NBTLS_TLS_E_ILLEGAL_PARAMETER                                          \
    NBTLS_TLS_ALERT_ERR(NBTLS_TLS_ALERT_ILLEGAL_PARAMETER)
#define NBTLS_TLS_E_DECODE_ERROR                                               \
    NBTLS_TLS_ALERT_ERR(NBTLS_TLS_ALERT_DECODE_ERROR)
#define NBTLS_TLS_E_PROTOCOL_VERSION                                           \
    NBTLS_TLS_ALERT_ERR(NBTLS_TLS_ALERT_PROTOCOL_VERSION)
#define NBTLS_TLS_E_MISSING_EXTENSION                                          \
    NBTLS_TLS_ALERT_ERR(NBTLS_TLS_ALERT_MISSING_EXTENSION)
#define NBTLS_TLS_E_UNSUPPORTED_EXTENSION                                      \
    NBTLS_TLS_ALERT_ERR(NBTLS_TLS_ALERT_UNSUPPORTED_EXTENSION)
#define NBTLS_TLS_E_HANDSHAKE_FAILURE                                          \
    NBTLS_TLS_ALERT_ERR(NBTLS_TLS_ALERT_HANDSHAKE_FAILURE)

/* The alert description carried by `rc`, or -1 if `rc` carries none. */
static inline int nbtls_tls_err_alert(int rc) {
    return (rc <= -1000 && rc >= -1255) ? -1000 - rc : -1;
}

/* ---- Sizes (RFC 8446 section 5) --------------------------------------- */
#define NBTLS_TLS_RECORD_HEADER_LEN 5
#define NBTLS_TLS_MAX_PLAINTEXT 16384u /* 2^14 */
/* TLSCiphertext.length: at most 2^14 + 256 */
#define NBTLS_TLS_MAX_CIPHERTEXT (16384u + 256u)
/* The largest record on the wire, header included. */
#define NBTLS_TLS_MAX_RECORD                                                   \
    (NBTLS_TLS_RECORD_HEADER_LEN + NBTLS_TLS_MAX_CIPHERTEXT)
#define NBTLS_TLS_LEGACY_VERSION 0x0303
#define NBTLS_TLS_VERSION_13 0x0304

/* ---- Handshake types (RFC 8446 section 4) ----------------------------- */
#define NBTLS_TLS_HS_CLIENT_HELLO 1
#define NBTLS_TLS_HS_SERVER_HELLO 2
#define NBTLS_TLS_HS_NEW_SESSION_TICKET 4
#define NBTLS_TLS_HS_END_OF_EARLY_DATA 5
#define NBTLS_TLS_HS_ENCRYPTED_EXTENSIONS 8
#define NBTLS_TLS_HS_CERTIFICATE 11
#define NBTLS_TLS_HS_CERTIFICATE_REQUEST 13
#define NBTLS_TLS_HS_CERTIFICATE_VERIFY 15
#define NBTLS_TLS_HS_FINISHED 20
#define NBTLS_TLS_HS_KEY_UPDATE 24
#define NBTLS_TLS_HS_MESSAGE_HASH 254

/* ---- Cipher suites, groups, extensions -------------------------------- */
#define NBTLS_TLS_AES_128_GCM_SHA256 0x1301
#define NBTLS_TLS_AES_256_GCM_SHA384 0x1302
#define NBTLS_TLS_CHACHA20_POLY1305_SHA256 0x1303

#define NBTLS_TLS_GROUP_SECP256R1 0x0017
#define NBTLS_TLS_GROUP_SECP384R1 0x0018
#define NBTLS_TLS_GROUP_X25519 0x001d

#define NBTLS_TLS_EXT_SERVER_NAME 0
#define NBTLS_TLS_EXT_SUPPORTED_GROUPS 10
#define NBTLS_TLS_EXT_SIGNATURE_ALGORITHMS 13
#define NBTLS_TLS_EXT_ALPN 16
#define NBTLS_TLS_EXT_RECORD_SIZE_LIMIT 28
#define NBTLS_TLS_EXT_SESSION_TICKET 35
#define NBTLS_TLS_EXT_PRE_SHARED_KEY 41
#define NBTLS_TLS_EXT_EARLY_DATA 42
#define NBTLS_TLS_EXT_SUPPORTED_VERSIONS 43
#define NBTLS_TLS_EXT_COOKIE 44
#define NBTLS_TLS_EXT_PSK_KEY_EXCHANGE_MODES 45
#define NBTLS_TLS_EXT_SIGNATURE_ALGORITHMS_CERT 50
#define NBTLS_TLS_EXT_KEY_SHARE 51
#define NBTLS_TLS_EXT_RENEGOTIATION_INFO 0xff01

/* The suite's AEAD (NBTLS_AES_128_GCM ...) and hash (NBTLS_SHA256 ...), or
 * NBTLS_E_UNSUPPORTED for a suite this library does not implement. */
NBTLS_MUST_CHECK int nbtls_tls_suite_aead(uint16_t suite);
NBTLS_MUST_CHECK int nbtls_tls_suite_hash(uint16_t suite);

#endif /* NBTLS_CORE_TLS_TLS_H */
