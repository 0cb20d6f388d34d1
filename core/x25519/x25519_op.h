/*
 * core/x25519: the X25519 operations behind the public API (key import,
 * keygen op, ECDH op). nbtls_ecdh_start() (core/op) dispatches to
 * nbtls_x25519_ecdh_start() when the private key is an X25519 key.
 */
#ifndef NBTLS_CORE_X25519_X25519_OP_H
#define NBTLS_CORE_X25519_X25519_OP_H

#include "key/key.h"
#include "op/op.h"

/* ECDH with an X25519 private key: priv must be NBTLS_KEY_X25519 with its
 * private half, peer exactly 32 bytes (else NBTLS_E_BAD_KEY). Inputs are
 * copied. Same contract as nbtls_ecdh_start(). */
NBTLS_MUST_CHECK int nbtls_x25519_ecdh_start(struct nbtls_op **op,
                                             const struct nbtls_key *priv,
                                             const unsigned char *peer,
                                             size_t peer_len);

#endif
