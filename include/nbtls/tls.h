/*
 * nbtls/tls.h: the TLS 1.3 connection engine, client side (RFC 8446). A
 * sans-IO, restartable connection object: the library never touches a
 * socket, and every expensive step of the handshake (key-share generation,
 * ECDH, certificate chain validation, CertificateVerify) is an inner op
 * driven by nbtls_conn_poll() under the caller's budget, as every op of
 * nbtls.h.
 *
 * Objects:
 *   nbtls_config  settings, built once, then shared read-only by any number
 *                 of connections and threads (reference-counted; frozen by
 *                 the first nbtls_conn_new() that uses it: setters then fail
 *                 with NBTLS_E_BAD_STATE).
 *   nbtls_conn    one connection.
 *
 * Driving a connection (apps/nbtls/client.c, `nbtls client`, is the
 * example; nbtls_conn_state() says everything that can be done at once,
 * and the zero-copy calls below replace feed/take_output):
 *
 *   nbtls_conn_new(&conn, cfg, "example.com");
 *   loop:
 *     st = nbtls_conn_poll(conn, budget);
 *     while nbtls_conn_output_pending(conn): take_output -> send to network
 *     st == NBTLS_IN_PROGRESS: poll again (after other work)
 *     st == NBTLS_WANT_READ:   receive bytes, nbtls_conn_feed, poll again
 *     st == NBTLS_WANT_WRITE:  send the output (above), poll again
 *     st == NBTLS_DONE:        handshake done and nothing to do: read
 *                              application data (nbtls_conn_read), write
 *                              (nbtls_conn_write), feed what the network
 *                              brings, poll again after each
 *     st < 0:                  failed (sticky); send the remaining output
 *                              (a fatal alert may be waiting), then free
 *
 * Work units: as nbtls.h's. A poll with budget B >= 1 does at most B units,
 * and at least one when there is work to do; 0 means no limit. Inner ops count
 * their own units; besides, opening one record, processing one handshake
 * message and building one flight of the client cost one unit each. Record
 * protection is not sliced yet: opening or sealing a record (at most 16 KiB of
 * AEAD) is one unit, and nbtls_conn_write() seals in the call.
 *
 * Memory: one allocation per connection, 69,304 bytes on x86-64
 * (nbtls_conn_alloc_size(); NBTLS_CONN_SIZE_HINT bounds it): a record input
 * buffer (16,645 + 1,024 bytes), a record output queue (16,645 + 2,048),
 * a 24 KiB handshake reassembly buffer (the largest handshake message
 * accepted, e.g. a certificate chain: 24,576 bytes), a 2 KiB HRR cookie, the
 * key schedule and transcript, and the AEAD key of each record direction
 * (1,368 bytes each, rekeyed in place: handshake keys, application keys and
 * KeyUpdate allocate nothing). While the handshake runs there is, besides,
 * one allocation per inner op (key-share generation and its key, ECDH,
 * chain validation, CertificateVerify, our own signature when a client
 * certificate is sent) and per peer certificate and leaf key (kept until
 * free). Once the handshake is done, polling, reading, writing, KeyUpdate
 * (ours or the peer's) and close allocate nothing.
 *
 * Not implemented yet (refused or simply not offered): client certificates
 * with RSA keys, post-handshake client authentication, PSK
 * resumption and 0-RTT (NewSessionTicket is parsed and dropped), TLS 1.2
 * (a TLS 1.2 server is NBTLS_E_HANDSHAKE), sending record_size_limit,
 * zero-copy application data, HelloRetryRequest cookies over 2 KiB
 * (NBTLS_E_UNSUPPORTED), handshake messages over 24 KiB (decode_error),
 * the server role. Our sending keys are updated
 * on demand (nbtls_conn_key_update()) and on our own every 2^23 records
 * (RFC 8446 5.5's AES-GCM limit is 2^24.5).
 */
#ifndef NBTLS_TLS_H
#define NBTLS_TLS_H

#include "nbtls/nbtls.h"
#include "nbtls/x509.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Shared settings of connections. */
typedef struct nbtls_config nbtls_config;
/** One TLS connection. */
typedef struct nbtls_conn nbtls_conn;

/* Cipher suites (RFC 8446 B.4). */
#define NBTLS_SUITE_AES_128_GCM_SHA256 0x1301
#define NBTLS_SUITE_AES_256_GCM_SHA384 0x1302
#define NBTLS_SUITE_CHACHA20_POLY1305_SHA256 0x1303

/* Named groups (RFC 8446 4.2.7). */
#define NBTLS_GROUP_SECP256R1 0x0017
#define NBTLS_GROUP_SECP384R1 0x0018
#define NBTLS_GROUP_X25519 0x001d

/* Roles of nbtls_config_new(). */
#define NBTLS_ROLE_CLIENT 1
#define NBTLS_ROLE_SERVER 2 /* not implemented: NBTLS_E_UNSUPPORTED */

/* The most each list of a config holds. */
#define NBTLS_CONFIG_MAX_ALPN 8 /* protocols, 1..255 bytes each */

/* An upper bound of nbtls_conn_alloc_size() on 64-bit targets. */
#define NBTLS_CONN_SIZE_HINT 72000

/* ---- Configuration ------------------------------------------------------ */

/**
 * A new configuration for `role` (NBTLS_ROLE_CLIENT; NBTLS_ROLE_SERVER is
 * NBTLS_E_UNSUPPORTED for now) with the defaults: suites AES-128-GCM,
 * AES-256-GCM, ChaCha20-Poly1305; groups x25519, secp256r1, secp384r1 with
 * key shares for the first two; signature schemes ecdsa_secp256r1_sha256,
 * ecdsa_secp384r1_sha384, rsa_pss_rsae_sha256/384/512 and (for certificates
 * only) rsa_pkcs1_sha256/384/512; no ALPN; certificate verification and
 * hostname check ON, with no trust store yet (nbtls_conn_new() refuses a
 * verifying config without one); the system clock; the OS random generator.
 * Errors: NBTLS_E_INVALID_ARG (NULL, bad role), NBTLS_E_UNSUPPORTED,
 * NBTLS_E_NO_MEMORY. *cfg is NULL on error.
 */
NBTLS_API int nbtls_config_new(nbtls_config **cfg, int role);

/** Take one more reference (returns cfg). Thread-safe. */
NBTLS_API nbtls_config *nbtls_config_up_ref(nbtls_config *cfg);

/** Drop a reference; the last one frees the config. NULL is a no-op.
 *  Connections hold their own reference. */
NBTLS_API void nbtls_config_free(nbtls_config *cfg);

/**
 * The trust anchors server chains are validated against. Not copied: the
 * store must stay alive, unchanged, as long as the config lives.
 * NBTLS_E_INVALID_ARG (NULL), NBTLS_E_BAD_STATE (config frozen).
 */
NBTLS_API int nbtls_config_set_trust(nbtls_config *cfg,
                                     const nbtls_trust *trust);

/**
 * INSECURE: turn off certificate chain validation AND the hostname check:
 * any certificate chain is accepted (the CertificateVerify signature is
 * still checked against the leaf's key, which then proves nothing). For
 * tests against self-signed servers only. NBTLS_E_INVALID_ARG (NULL),
 * NBTLS_E_BAD_STATE (frozen).
 */
NBTLS_API int nbtls_config_insecure_disable_verification(nbtls_config *cfg);

/**
 * The client certificate sent when a server asks for one (CertificateRequest):
 * chain[0] the leaf, then its intermediates (DER copied; at most 16,000
 * bytes in all, as they travel in one record), and its private key `key`
 * (P-256 or P-384: the CertificateVerify is signed with
 * ecdsa_secp256r1_sha256 / ecdsa_secp384r1_sha384 by a sign op polled under
 * the connection's budget; a reference is taken). When the server does not
 * accept that scheme, or no certificate is configured, the request is
 * answered with an empty Certificate (the server decides). Errors:
 * NBTLS_E_INVALID_ARG (NULL, n == 0, chain too long), NBTLS_E_BAD_KEY (no
 * private part, or not the leaf's key), NBTLS_E_UNSUPPORTED (an RSA or
 * X25519 key), NBTLS_E_NO_MEMORY, NBTLS_E_BAD_STATE (frozen).
 */
NBTLS_API int nbtls_config_set_client_cert(nbtls_config *cfg,
                                           const nbtls_x509 *const *chain,
                                           size_t n, const nbtls_key *key);

/**
 * The ALPN protocols offered, in preference order: protos[0..n) are
 * NUL-terminated names of 1..255 bytes (copied), n <= NBTLS_CONFIG_MAX_ALPN;
 * n == 0 offers none. NBTLS_E_INVALID_ARG, NBTLS_E_BAD_STATE (frozen).
 */
NBTLS_API int nbtls_config_set_alpn(nbtls_config *cfg,
                                    const char *const *protos, size_t n);

/**
 * The groups offered (supported_groups), in preference order: any of
 * x25519 (0x001d), secp256r1 (0x0017), secp384r1 (0x0018), distinct,
 * 1 <= n <= 3; the first `n_shares` (1 <= n_shares <= n) get a key share
 * in the first ClientHello (the others cost a HelloRetryRequest if the
 * server picks them). NBTLS_E_UNSUPPORTED for any other group,
 * NBTLS_E_INVALID_ARG, NBTLS_E_BAD_STATE (frozen).
 */
NBTLS_API int nbtls_config_set_groups(nbtls_config *cfg, const uint16_t *groups,
                                      size_t n, size_t n_shares);

/**
 * The cipher suites offered, in preference order: NBTLS_SUITE_*,
 * distinct, 1 <= n <= 3. NBTLS_E_UNSUPPORTED for any other suite,
 * NBTLS_E_INVALID_ARG, NBTLS_E_BAD_STATE (frozen).
 */
NBTLS_API int nbtls_config_set_suites(nbtls_config *cfg, const uint16_t *suites,
                                      size_t n);

/**
 * The signature schemes offered (signature_algorithms), in preference
 * order: NBTLS_SIG_* that nbtls_sig_supported() accepts, distinct,
 * 1 <= n <= 16. rsa_pkcs1_* apply to certificates only: a CertificateVerify
 * with one is refused (RFC 8446 4.4.3). NBTLS_E_UNSUPPORTED for a scheme
 * nbtls cannot verify, NBTLS_E_INVALID_ARG, NBTLS_E_BAD_STATE (frozen).
 */
NBTLS_API int nbtls_config_set_sig_schemes(nbtls_config *cfg,
                                           const uint16_t *schemes, size_t n);

/**
 * The clock certificate validity is checked against: now(ctx) returns Unix
 * seconds. NULL restores the system clock (time()). NBTLS_E_INVALID_ARG,
 * NBTLS_E_BAD_STATE (frozen).
 */
NBTLS_API int nbtls_config_set_time(nbtls_config *cfg,
                                    int64_t (*now)(void *ctx), void *ctx);

/**
 * The random generator of connections (NULL: the OS). It is called by
 * nbtls_conn_new() (ClientHello random, session id, key-share private
 * keys), after a HelloRetryRequest by the poll that handles it (the new key
 * share), and by the poll that starts signing a client CertificateVerify
 * (the hedged ECDSA nonce's 32 bytes); never otherwise. NBTLS_E_INVALID_ARG,
 * NBTLS_E_BAD_STATE.
 */
NBTLS_API int nbtls_config_set_rng(nbtls_config *cfg, nbtls_rng_fn rng,
                                   void *rng_ctx);

/* ---- Connections ---------------------------------------------------------
 */

/**
 * A new client connection using `cfg` (a reference is taken; the config is
 * frozen). `server_name` (NUL-terminated, 1..253 bytes) is sent as SNI and
 * is the name the server's certificate must match; an IP literal (IPv4
 * dotted quad, or IPv6 with ':') is checked against IP SANs and not sent.
 * NULL is allowed only with verification disabled (no SNI then). The first
 * key shares' ops are started here (the config's rng is called here).
 * Errors: NBTLS_E_INVALID_ARG (NULL conn/cfg, bad name), NBTLS_E_BAD_STATE
 * (verification on but no trust store), NBTLS_E_RNG, NBTLS_E_NO_MEMORY.
 * *conn is NULL on error.
 */
NBTLS_API int nbtls_conn_new(nbtls_conn **conn, nbtls_config *cfg,
                             const char *server_name);

/**
 * Advance the connection by at most `budget` units (0: no limit): the
 * handshake, then received records. Returns:
 *   NBTLS_IN_PROGRESS  the budget was spent, there is more to do;
 *   NBTLS_WANT_WRITE   output is pending (take it), nothing else to do now;
 *   NBTLS_WANT_READ    the handshake needs bytes from the network;
 *   NBTLS_DONE         the handshake is done and nothing is left to do until
 *                      the caller feeds input, reads (application data
 *                      waiting blocks further records) or writes;
 *   < 0                the sticky error: NBTLS_E_PROTOCOL (the peer broke
 *                      the protocol; an alert is queued), NBTLS_E_PEER_ALERT,
 *                      NBTLS_E_HANDSHAKE (nothing in common, or a TLS 1.2
 *                      server: its ServerHello, or its protocol_version or
 *                      handshake_failure alert answering our ClientHello),
 * NBTLS_E_CERTIFICATE (chain or hostname; the detail: nbtls_conn_x509_error()),
 * a local failure (NBTLS_E_NO_MEMORY, NBTLS_E_RNG ...). Output may still be
 * pending (a fatal alert): send it. NBTLS_E_INVALID_ARG for NULL (not sticky).
 */
NBTLS_API int nbtls_conn_poll(nbtls_conn *conn, uint32_t budget);

/**
 * Copy received network bytes in: *consumed (may be NULL only if len is 0)
 * gets how many were taken, possibly fewer than len when the input buffer
 * is full (poll and read, then feed the rest). Returns NBTLS_DONE,
 * NBTLS_E_INVALID_ARG, or the sticky error (nothing taken).
 */
NBTLS_API int nbtls_conn_feed(nbtls_conn *conn, const unsigned char *in,
                              size_t len, size_t *consumed);

/** The number of bytes waiting to be sent to the network (0 for NULL). */
NBTLS_API size_t nbtls_conn_output_pending(const nbtls_conn *conn);

/**
 * Move up to `size` pending output bytes to out; *len gets how many
 * (0 when nothing is pending). Works after an error too (the alert).
 * NBTLS_DONE or NBTLS_E_INVALID_ARG.
 */
NBTLS_API int nbtls_conn_take_output(nbtls_conn *conn, unsigned char *out,
                                     size_t size, size_t *len);

/* ---- Zero-copy network side ---------------------------------------------
 * The same as nbtls_conn_feed / nbtls_conn_take_output without the copy:
 * the caller receives straight into the connection's input buffer and sends
 * straight from its output queue. A pointer given is valid until the next
 * call of any nbtls_conn_* function on the connection (polls and writes
 * move the buffers' contents). */

/**
 * The free input space: *buf and *len (0 when full: poll and read first).
 * Receive into it, then nbtls_conn_input_commit() the bytes received.
 * NBTLS_DONE, NBTLS_E_INVALID_ARG, or the sticky error (*buf NULL, *len 0).
 */
NBTLS_API int nbtls_conn_input_space(nbtls_conn *conn, unsigned char **buf,
                                     size_t *len);

/** Take `n` bytes written at the start of the space nbtls_conn_input_space()
 *  gave (n <= its *len, else NBTLS_E_INVALID_ARG). NBTLS_DONE or the sticky
 *  error. After the peer's close_notify the bytes are dropped. */
NBTLS_API int nbtls_conn_input_commit(nbtls_conn *conn, size_t n);

/** The pending output: *buf (NULL when none) and *len, as
 *  nbtls_conn_output_pending(). Works after an error (the alert). */
NBTLS_API int nbtls_conn_output_peek(const nbtls_conn *conn,
                                     const unsigned char **buf, size_t *len);

/** Drop the first `n` bytes of the pending output, once sent (n <= the
 *  pending length, else NBTLS_E_INVALID_ARG). */
NBTLS_API int nbtls_conn_output_consume(nbtls_conn *conn, size_t n);

/**
 * Queue application data: records of at most 2^14 bytes are sealed into
 * the output queue now (after 2^23 records under one key, a KeyUpdate goes
 * first); *accepted gets how many bytes were taken (fewer
 * than len when the queue is full: take the output, then write the rest).
 * NBTLS_E_BAD_STATE before the handshake is done or after
 * nbtls_conn_close(); the sticky error after a failure; NBTLS_E_INVALID_ARG.
 */
NBTLS_API int nbtls_conn_write(nbtls_conn *conn, const unsigned char *data,
                               size_t len, size_t *accepted);

/**
 * Copy received application data to buf (at most size bytes); *len gets
 * how many. Returns NBTLS_DONE with *len > 0; NBTLS_WANT_READ with *len 0
 * when none is waiting (feed and poll); NBTLS_E_CLOSED once the peer's
 * close_notify came and everything before it was read (and on every later
 * call); the sticky error after a failure; NBTLS_E_INVALID_ARG.
 */
NBTLS_API int nbtls_conn_read(nbtls_conn *conn, unsigned char *buf, size_t size,
                              size_t *len);

/**
 * Queue a close_notify alert (once): no more writes. Reading may go on
 * until the peer's close_notify. NBTLS_E_BAD_STATE before the handshake is
 * done; the sticky error after a failure; NBTLS_E_INVALID_ARG.
 */
NBTLS_API int nbtls_conn_close(nbtls_conn *conn);

/**
 * Update our sending keys (RFC 8446 4.6.3): queue a KeyUpdate, with
 * update_requested when `request_peer` is non-zero, then switch keys.
 * NBTLS_E_BAD_STATE before the handshake is done or after close; the
 * sticky error after a failure. A failure here (NBTLS_E_NO_MEMORY for the
 * new key) ends the connection: it becomes its sticky error.
 */
NBTLS_API int nbtls_conn_key_update(nbtls_conn *conn, int request_peer);

/*
 * Bits of nbtls_conn_state(), literal and never renumbered. Several can be
 * set at once ("send this, and read, and write"): a driver acts on each.
 *   OUTPUT_PENDING  bytes wait to be sent (nbtls_conn_take_output or
 *                   output_peek/consume); set after an error too (the alert)
 *   INPUT_WANTED    the input buffer has room for network bytes (feed or
 *                   input_space/commit); clear once failed or the peer closed
 *   READABLE        received application data waits (nbtls_conn_read)
 *   WRITABLE        nbtls_conn_write and nbtls_conn_key_update are allowed
 *                   (handshake done, not closed by us, not failed); the
 *                   queue may still be full (write then accepts 0 bytes)
 *   PEER_CLOSED     the peer's close_notify came (reading ends after the
 *                   data before it)
 *   FAILED          the connection failed (the sticky error: any call)
 *   HANDSHAKE_DONE  both Finished went through
 *   EXTERNAL_PENDING an external request (a signer, a certificate lookup)
 *                   waits for the caller: reserved for later issues, never
 *                   set yet
 * WANT_INPUT and CLOSED are the spellings of INPUT_WANTED and
 * PEER_CLOSED (the same bits).
 */
#define NBTLS_CONN_OUTPUT_PENDING 0x01
#define NBTLS_CONN_INPUT_WANTED 0x02
#define NBTLS_CONN_READABLE 0x04
#define NBTLS_CONN_WRITABLE 0x08
#define NBTLS_CONN_PEER_CLOSED 0x10
#define NBTLS_CONN_FAILED 0x20
#define NBTLS_CONN_HANDSHAKE_DONE 0x40
#define NBTLS_CONN_EXTERNAL_PENDING 0x80
#define NBTLS_CONN_WANT_INPUT 0x02 /* = NBTLS_CONN_INPUT_WANTED */
#define NBTLS_CONN_CLOSED 0x10     /* = NBTLS_CONN_PEER_CLOSED */

/** Everything the driver can do now, as NBTLS_CONN_* bits (0 for NULL).
 *  Cheap (no work, no allocation); valid at any moment, after an error
 *  too. */
NBTLS_API unsigned nbtls_conn_state(const nbtls_conn *conn);

/** 1 once the handshake is complete (both Finished), else 0. */
NBTLS_API int nbtls_conn_handshake_done(const nbtls_conn *conn);

/** The negotiated cipher suite (NBTLS_SUITE_*), 0 before ServerHello. */
NBTLS_API uint16_t nbtls_conn_suite(const nbtls_conn *conn);
/** The negotiated group, 0 before ServerHello. */
NBTLS_API uint16_t nbtls_conn_group(const nbtls_conn *conn);
/** The server's CertificateVerify scheme (NBTLS_SIG_*), 0 before it. */
NBTLS_API uint16_t nbtls_conn_sig_scheme(const nbtls_conn *conn);
/** Whether a HelloRetryRequest happened (1) or not (0). */
NBTLS_API int nbtls_conn_hrr(const nbtls_conn *conn);

/** The ALPN protocol the server selected (not NUL-terminated; *len its
 *  length), or NULL with *len 0 when none. Valid while conn lives. */
NBTLS_API const unsigned char *nbtls_conn_alpn(const nbtls_conn *conn,
                                               size_t *len);

/** The number of certificates the server sent (0 before its Certificate). */
NBTLS_API size_t nbtls_conn_peer_cert_count(const nbtls_conn *conn);
/** The i-th certificate the server sent (0: its leaf), or NULL. Valid
 *  while conn lives. */
NBTLS_API const nbtls_x509 *nbtls_conn_peer_cert(const nbtls_conn *conn,
                                                 size_t i);

/** The alert description (RFC 8446 6) we sent / the peer sent, fatal or
 *  close_notify (0), or -1 when none. */
NBTLS_API int nbtls_conn_alert_sent(const nbtls_conn *conn);
NBTLS_API int nbtls_conn_alert_received(const nbtls_conn *conn);
/** The name of an alert description ("bad_certificate", ...; static;
 *  "unknown" for others). */
NBTLS_API const char *nbtls_alert_name(int desc);
/** The chain validation detail (NBTLS_X509_ERR_*) when the connection
 *  failed with NBTLS_E_CERTIFICATE, else NBTLS_X509_OK. */
NBTLS_API int nbtls_conn_x509_error(const nbtls_conn *conn);
/** A one-line English description of why the connection failed ("" if it
 *  did not). Static or conn-owned storage, valid while conn lives. */
NBTLS_API const char *nbtls_conn_error_string(const nbtls_conn *conn);

/** The size of the connection's one allocation (the object, without the
 *  allocator's small header, nbtls.h); 0 for NULL. Fixed: the same for
 *  every connection of a build (NBTLS_CONN_SIZE_HINT bounds it on 64-bit
 *  targets); it includes both directions' AEAD keys. Inner ops and peer
 *  certificates are extra (see "Memory" above). */
NBTLS_API size_t nbtls_conn_alloc_size(const nbtls_conn *conn);

/** Work units spent by all polls so far, and the number of polls. */
NBTLS_API uint64_t nbtls_conn_units(const nbtls_conn *conn);
NBTLS_API uint64_t nbtls_conn_polls(const nbtls_conn *conn);

/** Free a connection at any moment: cancels every inner op, wipes every
 *  secret and buffer, drops the config reference. NULL is a no-op. */
NBTLS_API void nbtls_conn_free(nbtls_conn *conn);

#ifdef __cplusplus
}
#endif

#endif /* NBTLS_TLS_H */
