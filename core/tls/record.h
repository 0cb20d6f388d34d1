/*
 * core/tls: the TLS 1.3 record layer (RFC 8446 section 5): plaintext record
 * framing and record protection, one nbtls_tls_rec_dir per direction.
 *
 * Zero-copy: a record is processed in place in the caller's buffer. To send,
 * the caller writes the content at buf + NBTLS_TLS_RECORD_HEADER_LEN and
 * seals: the header goes in front, the inner content type, the padding and
 * the tag behind (nbtls_tls_rec_overhead() bytes in all). To receive, the
 * caller hands a whole record (header + body, nbtls_tls_rec_header() says how
 * long) and gets a pointer to the content inside it.
 *
 * Errors: the peer's mistakes are NBTLS_TLS_E_* codes carrying the alert
 * (tls.h): record_overflow, bad_record_mac, unexpected_message,
 * decode_error; the caller's are NBTLS_E_INVALID_ARG /
 * NBTLS_E_BUFFER_TOO_SMALL; a sequence number that would wrap is
 * NBTLS_E_BAD_STATE (the caller must update the keys or close first).
 */
#ifndef NBTLS_CORE_TLS_RECORD_H
#define NBTLS_CORE_TLS_RECORD_H

#include "aead/aead_internal.h"
#include "nbtls/sym.h"
#include "tls/tls.h"

/* The AEAD key lives inside the direction (no allocation at key changes):
 * `aead` points at `aead_st` or is NULL. A direction must not be copied by
 * value (the copy's pointer would be the original's). */
typedef struct {
    nbtls_aead *aead; /* NULL: no protection yet (plaintext records) */
    nbtls_aead aead_st;
    unsigned char iv[NBTLS_AEAD_NONCE_LEN];
    uint64_t seq; /* the next record's sequence number */
    /* legacy_record_version of plaintext records sent: 0x0303, or 0x0301
     * for an initial ClientHello (RFC 8446 section 5.1 allows both) */
    uint16_t plain_version;
    /* The largest TLSInnerPlaintext (content + type + padding) of a
     * protected record: 2^14 + 1, or less after a record_size_limit
     * (RFC 8449 section 4: in TLS 1.3 the limit counts the inner type and
     * padding). Receiving: larger is record_overflow; sending: refused. */
    uint16_t inner_limit;
} nbtls_tls_rec_dir;

/* A direction with no protection. Never fails. */
void nbtls_tls_rec_dir_init(nbtls_tls_rec_dir *d);
/* Wipe the AEAD key and the direction (back to no protection). */
void nbtls_tls_rec_dir_clear(nbtls_tls_rec_dir *d);
/* Protect with `aead_alg` under key[0..key_len) and iv[12]; the sequence
 * number restarts at 0 (RFC 8446 5.3). The previous key is wiped. Never
 * allocates; a bad alg or key length (NBTLS_E_UNSUPPORTED /
 * NBTLS_E_INVALID_ARG) keeps the previous key. */
NBTLS_MUST_CHECK int nbtls_tls_rec_dir_set_keys(nbtls_tls_rec_dir *d,
                                                int aead_alg,
                                                const unsigned char *key,
                                                size_t key_len,
                                                const unsigned char iv[12]);
/* The same from a traffic secret (RFC 8446 7.3; keysched.h). */
NBTLS_MUST_CHECK int nbtls_tls_rec_dir_set_secret(nbtls_tls_rec_dir *d,
                                                  int hash, int aead_alg,
                                                  const unsigned char *secret);

/* Set inner_limit: 64 <= limit <= 2^14 + 1 (RFC 8449), else
 * NBTLS_E_INVALID_ARG. Kept across key changes. */
NBTLS_MUST_CHECK int nbtls_tls_rec_dir_set_limit(nbtls_tls_rec_dir *d,
                                                 size_t limit);

/* Parse a 5-byte record header: *type the outer content type, *len the
 * body length. `prot`: whether the receiving direction is protected (then
 * application_data bodies may be up to 2^14 + 256 bytes, else 2^14).
 * Errors: an unknown content type is unexpected_message; a body too long is
 * record_overflow. legacy_record_version is ignored, as RFC 8446 5.1 says. */
NBTLS_MUST_CHECK int nbtls_tls_rec_header(const unsigned char hdr[5], int prot,
                                          uint8_t *type, size_t *len);

/* Open one whole record rec[0..rec_len) (header included) in place.
 * Unprotected direction: the body is the content; application_data is
 * unexpected_message (no keys yet). Protected direction: an outer
 * change_cipher_spec is returned as is (the caller checks it with
 * nbtls_tls_rec_check_ccs() and drops it); an outer type other than
 * application_data is unexpected_message; otherwise the body is decrypted
 * (bad_record_mac if it does not authenticate; nothing of it is released
 * then), the inner type found by a scan of the whole plaintext whose time
 * does not depend on the padding length, and an all-zero plaintext or an
 * inner type other than handshake/alert/application_data is
 * unexpected_message. A zero-length handshake record is decode_error.
 * On success *type, *content (inside rec) and *content_len are set. */
NBTLS_MUST_CHECK int nbtls_tls_rec_open(nbtls_tls_rec_dir *d,
                                        unsigned char *rec, size_t rec_len,
                                        uint8_t *type, unsigned char **content,
                                        size_t *content_len);

/* A plaintext change_cipher_spec body must be the single byte 0x01 (RFC
 * 8446 section 5): 0 or unexpected_message. */
NBTLS_MUST_CHECK int nbtls_tls_rec_check_ccs(const unsigned char *body,
                                             size_t len);

/* Bytes a sealed record adds around `pad_len` bytes of padding and its
 * content: header, then (protected) inner type + tag. */
size_t nbtls_tls_rec_overhead(const nbtls_tls_rec_dir *d, size_t pad_len);

/* Seal in place: content_len bytes are at buf + 5; buf has buf_size bytes.
 * Writes the header and, when protected, the TLSInnerPlaintext (content,
 * `type`, pad_len zeros) encrypted with its tag; *rec_len gets the record's
 * length. content_len <= 2^14 and, protected, content_len + 1 + pad_len <=
 * the direction's inner_limit (else NBTLS_E_INVALID_ARG); pad_len must be 0
 * when unprotected; type is handshake, alert or application_data
 * (change_cipher_spec only unprotected). NBTLS_E_BUFFER_TOO_SMALL if the record
 * does not fit. */
NBTLS_MUST_CHECK int nbtls_tls_rec_seal(nbtls_tls_rec_dir *d, uint8_t type,
                                        unsigned char *buf, size_t buf_size,
                                        size_t content_len, size_t pad_len,
                                        size_t *rec_len);

#endif /* NBTLS_CORE_TLS_RECORD_H */
