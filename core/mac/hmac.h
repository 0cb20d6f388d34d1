/*
 * core/mac: HMAC over any nbtls hash (RFC 2104), internal streaming form,
 * used by the public one-shot nbtls_hmac() and by HKDF. No interior
 * pointers: memcpy clones a state (HKDF reuses a keyed state per block).
 */
#ifndef NBTLS_CORE_MAC_HMAC_H
#define NBTLS_CORE_MAC_HMAC_H

#include "hash/hash.h"

typedef struct {
    nbtls_hash_state inner;
    nbtls_hash_state outer;
} nbtls_hmac_state;

/* Key with any length (hashed first if longer than the block). 0 or
 * NBTLS_E_UNSUPPORTED for an unknown alg. */
NBTLS_MUST_CHECK int nbtls_hmac_state_init(nbtls_hmac_state *st, int alg,
                                           const unsigned char *key,
                                           size_t key_len);
void nbtls_hmac_state_update(nbtls_hmac_state *st, const unsigned char *in,
                             size_t len);
/* Writes the hash length in bytes and wipes the state. */
void nbtls_hmac_state_final(nbtls_hmac_state *st, unsigned char *out);

#endif
