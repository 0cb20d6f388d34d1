/*
 * core/tls: handshake message framing (RFC 8446 section 4: msg_type u8,
 * length u24, body) over the record layer, and the transcript hash
 * (section 4.4.1).
 *
 * Reassembly: handshake messages may be split across records and several
 * may share one record (5.1). nbtls_tls_hs_next() takes the content of the
 * current record through a reader and returns one whole message at a time:
 * zero-copy (pointing into the record) when the message lies whole in it,
 * else gathered in the caller's buffer. The buffer holds at most one
 * partial message, so 4 + max_body bytes are enough; a message announcing a
 * body over max_body is refused before any of it is stored.
 */
#ifndef NBTLS_CORE_TLS_HANDSHAKE_H
#define NBTLS_CORE_TLS_HANDSHAKE_H

#include "hash/hash.h"
#include "tls/tls.h"

#define NBTLS_TLS_HS_HEADER_LEN 4

typedef struct {
    unsigned char *buf; /* caller's storage, cap bytes */
    size_t cap;
    size_t len;      /* bytes of the message being gathered */
    size_t max_body; /* the largest body accepted */
    int delivered;   /* buf holds a message already returned */
} nbtls_tls_hs_reasm;

/* One handshake message. Valid until the next nbtls_tls_hs_next() call
 * (and, when zero-copy, as long as the record's bytes). */
typedef struct {
    uint8_t type;
    const unsigned char *body; /* len bytes */
    size_t len;
    const unsigned char *raw; /* header + body, for the transcript */
    size_t raw_len;
} nbtls_tls_hs_msg;

/* storage[0..cap) with cap >= 4 + max_body and max_body < 2^24, else
 * NBTLS_E_INVALID_ARG. */
NBTLS_MUST_CHECK int nbtls_tls_hs_reasm_init(nbtls_tls_hs_reasm *r,
                                             unsigned char *storage, size_t cap,
                                             size_t max_body);

/* The next whole message from what was gathered plus `src` (the rest of the
 * current record's content; the reader advances over what is used): 1 and
 * *msg set; 0 when src is used up with no whole message (feed the next
 * record's content); a message longer than max_body is
 * NBTLS_TLS_E_DECODE_ERROR... see handshake.c for the alert chosen. */
NBTLS_MUST_CHECK int nbtls_tls_hs_next(nbtls_tls_hs_reasm *r, nbtls_reader *src,
                                       nbtls_tls_hs_msg *msg);

/* At a key change (after ServerHello, after Finished, after KeyUpdate) no
 * handshake message may be split across it (RFC 8446 5.1): 0 when nothing
 * is gathered and the record is used up, else unexpected_message. */
NBTLS_MUST_CHECK int nbtls_tls_hs_expect_boundary(const nbtls_tls_hs_reasm *r,
                                                  const nbtls_reader *src);

/* Whether a partial message is being gathered. */
int nbtls_tls_hs_partial(const nbtls_tls_hs_reasm *r);

/* Write a handshake header (type, u24 body_len) to out[0..4). */
void nbtls_tls_hs_put_header(unsigned char out[4], uint8_t type,
                             uint32_t body_len);

/* ---- Transcript hash (RFC 8446 4.4.1) ---------------------------------
 * Before ServerHello the suite, hence the hash, is unknown: SHA-256 and
 * SHA-384 both run until nbtls_tls_transcript_select(). Holds no pointers:
 * a snapshot is a struct copy. */
typedef struct {
    nbtls_hash_state s256;
    nbtls_hash_state s384;
    int alg; /* 0 while both run, then NBTLS_SHA256 or NBTLS_SHA384 */
} nbtls_tls_transcript;

NBTLS_MUST_CHECK int nbtls_tls_transcript_init(nbtls_tls_transcript *t);
void nbtls_tls_transcript_update(nbtls_tls_transcript *t,
                                 const unsigned char *p, size_t n);
/* Keep only `alg` (NBTLS_SHA256 / NBTLS_SHA384, else NBTLS_E_UNSUPPORTED);
 * NBTLS_E_BAD_STATE if another was selected already. */
NBTLS_MUST_CHECK int nbtls_tls_transcript_select(nbtls_tls_transcript *t,
                                                 int alg);
/* The hash of everything so far (the running hash is unchanged): writes
 * Hash.length bytes, *len gets it. NBTLS_E_BAD_STATE before select. */
NBTLS_MUST_CHECK int nbtls_tls_transcript_hash(const nbtls_tls_transcript *t,
                                               unsigned char *out, size_t *len);
/* HelloRetryRequest (4.4.1): replace the transcript of ClientHello1 with
 * message_hash || 00 00 Hash.length || Hash(ClientHello1). Call after
 * absorbing ClientHello1 and selecting the HRR's hash, before absorbing the
 * HRR itself. */
NBTLS_MUST_CHECK int nbtls_tls_transcript_hrr(nbtls_tls_transcript *t);
void nbtls_tls_transcript_wipe(nbtls_tls_transcript *t);

#endif /* NBTLS_CORE_TLS_HANDSHAKE_H */
