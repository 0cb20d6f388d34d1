/*
 * core/key: the nbtls_key object behind the public handle.
 *
 * A key is immutable after creation (so it may be shared between threads)
 * and reference-counted (common/refcount.h): nbtls_key_alloc() gives one
 * reference, nbtls_key_up_ref() adds one, nbtls_key_free() drops one and
 * wipes and frees the key on the last. An op that reads a key while it
 * polls takes its own reference at start (nbtls_key_ref below) and drops it
 * in its release function, instead of copying the key into its state.
 * It is a tagged union by type so that X25519, P-384 and RSA keys can be
 * added later: add a NBTLS_KEY_* constant, a member to `u`, and the cases
 * in key.c (free/export); nothing else in the layout changes.
 *
 * P-256 keys keep:
 *   - `priv`: the private scalar d, 32 bytes big-endian, 1 <= d <= n-1,
 *     only meaningful when has_private (wiped on free);
 *   - `pub`: the public point Q = d*G, SEC1 uncompressed (0x04 || X || Y),
 *     always present and always validated (coordinates < p, on the curve,
 *     not infinity) before the key object exists.
 * P-384 keys keep the same two things at P-384 sizes (48-byte scalar,
 * 97-byte SEC1 point; core/ec/p384_*, core/op/op_p384*).
 *
 * X25519 keys (core/x25519) keep the 32-byte private string exactly as
 * imported or drawn (RFC 7748 clamps at use, not at storage) and the
 * 32-byte public u coordinate, little-endian, with its top bit cleared.
 * RSA public keys (core/rsa) keep n (big-endian) and e, validated.
 */
#ifndef NBTLS_CORE_KEY_KEY_H
#define NBTLS_CORE_KEY_KEY_H

#include "common/common.h"
#include "common/refcount.h"

struct nbtls_key {
    nbtls_refs refs; /* references: the creator's, up_refs, ops' */
    int type;        /* NBTLS_KEY_* */
    int has_private; /* 1 if the private half is present */
    union {
        struct {
            unsigned char priv[32];
            unsigned char pub[65];
        } p256;
        struct {
            unsigned char priv[48]; /* d, big-endian, 1 <= d <= n-1 */
            unsigned char pub[97];  /* SEC1 uncompressed, validated */
        } p384;                     /* as p256, for secp384r1 */
        struct {
            unsigned char priv[32]; /* as imported/generated, unclamped */
            unsigned char pub[32];  /* u, top bit cleared */
        } x25519;
        struct {
            uint32_t e;           /* public exponent, odd, >= 3 */
            uint16_t bits;        /* modulus length, 2048..4096 */
            uint16_t n_len;       /* modulus bytes, (bits + 7) / 8 */
            unsigned char n[512]; /* modulus, big-endian, no leading 0 */
        } rsa;                    /* core/rsa: public keys only */
    } u;
};

/* Allocate a zeroed key of `type` holding one reference (NULL when out of
 * memory). */
struct nbtls_key *nbtls_key_alloc(int type);

/* Take a reference for an op: `key` (non-NULL) stays alive until the
 * matching nbtls_key_free(). Keys are immutable, so dropping const here is
 * sound (the count is the only field that changes after creation). */
static inline struct nbtls_key *nbtls_key_ref(const struct nbtls_key *key) {
    struct nbtls_key *k = (struct nbtls_key *)(uintptr_t)key;
    nbtls_refs_up(&k->refs);
    return k;
}

#endif
