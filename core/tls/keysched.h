/*
 * core/tls: the TLS 1.3 key schedule (RFC 8446 section 7.1), traffic keys
 * (7.3), Finished (4.4.4) and KeyUpdate (7.2). No cryptography of its own:
 * everything goes through sym.h's HKDF, HKDF-Expand-Label, Derive-Secret and
 * HMAC.
 *
 * One nbtls_tls_keysched per connection, embedded in it (no allocation). It
 * moves forward through its stages, each step wiping the secrets the next
 * stage no longer needs:
 *
 *   init        Early Secret = HKDF-Extract(0, PSK or 0^Hash.length)
 *   handshake   Handshake Secret = HKDF-Extract(Derive-Secret(Early,
 *               "derived", ""), (EC)DHE); c/s hs traffic secrets from
 *               Transcript-Hash(ClientHello..ServerHello). Wipes Early.
 *   master      Master Secret = HKDF-Extract(Derive-Secret(Handshake,
 *               "derived", ""), 0); c/s ap traffic 0 and exporter secrets from
 *               Transcript-Hash(ClientHello..server Finished). Wipes
 *               Handshake.
 *   resumption  resumption master secret from Transcript-Hash(ClientHello..
 *               client Finished). Wipes Master and the handshake traffic
 *               secrets (the handshake is over).
 *
 * A step out of order is NBTLS_E_BAD_STATE and changes nothing.
 * Transcript hashes are given as computed (Hash.length bytes), so the
 * caller's transcript (handshake.h) decides what they cover.
 */
#ifndef NBTLS_CORE_TLS_KEYSCHED_H
#define NBTLS_CORE_TLS_KEYSCHED_H

#include "common/common.h"
#include "nbtls/sym.h"

enum {
    NBTLS_TLS_KS_NONE = 0,
    NBTLS_TLS_KS_EARLY,
    NBTLS_TLS_KS_HANDSHAKE,
    NBTLS_TLS_KS_MASTER,
    NBTLS_TLS_KS_RESUMPTION
};

typedef struct {
    int hash;    /* NBTLS_SHA256 or NBTLS_SHA384 */
    size_t hlen; /* its length: 32 or 48 */
    int stage;   /* NBTLS_TLS_KS_* reached */
    unsigned char early[NBTLS_HASH_MAX_LEN];
    unsigned char handshake[NBTLS_HASH_MAX_LEN];
    unsigned char master[NBTLS_HASH_MAX_LEN];
    unsigned char c_hs[NBTLS_HASH_MAX_LEN]; /* client_handshake_traffic */
    unsigned char s_hs[NBTLS_HASH_MAX_LEN]; /* server_handshake_traffic */
    unsigned char c_ap[NBTLS_HASH_MAX_LEN]; /* client_application_traffic_0 */
    unsigned char s_ap[NBTLS_HASH_MAX_LEN]; /* server_application_traffic_0 */
    unsigned char exporter[NBTLS_HASH_MAX_LEN];   /* exporter_master */
    unsigned char resumption[NBTLS_HASH_MAX_LEN]; /* resumption_master */
} nbtls_tls_keysched;

/* Start: hash NBTLS_SHA256 or NBTLS_SHA384 (else NBTLS_E_UNSUPPORTED; SHA-512
 * is no TLS 1.3 suite's), psk[0..psk_len) or NULL/0 for none (then
 * Hash.length zeros, RFC 8446 section 7.1). Any previous content is wiped. */
NBTLS_MUST_CHECK int nbtls_tls_ks_init(nbtls_tls_keysched *ks, int hash,
                                       const unsigned char *psk,
                                       size_t psk_len);
/* Early -> handshake: the (EC)DHE shared secret (any length >= 1) and
 * Transcript-Hash(ClientHello..ServerHello), Hash.length bytes. */
NBTLS_MUST_CHECK int nbtls_tls_ks_handshake(nbtls_tls_keysched *ks,
                                            const unsigned char *ecdhe,
                                            size_t ecdhe_len,
                                            const unsigned char *th_ch_sh);
/* Handshake -> master: Transcript-Hash(ClientHello..server Finished). */
NBTLS_MUST_CHECK int nbtls_tls_ks_master(nbtls_tls_keysched *ks,
                                         const unsigned char *th_ch_sf);
/* Master -> resumption: Transcript-Hash(ClientHello..client Finished). */
NBTLS_MUST_CHECK int nbtls_tls_ks_resumption(nbtls_tls_keysched *ks,
                                             const unsigned char *th_ch_cf);
/* Wipe every secret; the object is back to NBTLS_TLS_KS_NONE. */
void nbtls_tls_ks_wipe(nbtls_tls_keysched *ks);

/* ---- Stateless helpers (hash: NBTLS_SHA256/384; secret: Hash.length) ---- */

/* RFC 8446 7.3: key = HKDF-Expand-Label(secret, "key", "", key_length) with
 * the AEAD's key length (16 or 32), iv = HKDF-Expand-Label(secret, "iv",
 * "", 12). key needs 32 bytes of room; *key_len gets the length. */
NBTLS_MUST_CHECK int nbtls_tls_traffic_keys(int hash,
                                            const unsigned char *secret,
                                            int aead, unsigned char key[32],
                                            size_t *key_len,
                                            unsigned char iv[12]);
/* RFC 8446 4.4.4: finished_key = HKDF-Expand-Label(base_key, "finished",
 * "", Hash.length). */
NBTLS_MUST_CHECK int nbtls_tls_finished_key(int hash,
                                            const unsigned char *base_key,
                                            unsigned char *out);
/* verify_data = HMAC(finished_key, transcript_hash): Hash.length bytes. The
 * finished key is derived and wiped inside. */
NBTLS_MUST_CHECK int nbtls_tls_verify_data(int hash,
                                           const unsigned char *base_key,
                                           const unsigned char *transcript_hash,
                                           unsigned char *out);
/* RFC 8446 7.2: secret = HKDF-Expand-Label(secret, "traffic upd", "",
 * Hash.length), in place (the old secret is gone). */
NBTLS_MUST_CHECK int nbtls_tls_next_traffic_secret(int hash,
                                                   unsigned char *secret);

#endif /* NBTLS_CORE_TLS_KEYSCHED_H */
