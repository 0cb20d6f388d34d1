/*
 * core/ec: RFC 6979 nonce generation (section 3.2, HMAC_DRBG), sliced into
 * one HMAC call per step, shared by the ECDSA signers of every curve.
 *
 * Parameters:
 *   - qlen: the byte length of the group order q, whose bit length must be
 *     8 qlen (true of P-256 and P-384), so bits2int(T) is T itself; at most
 *     NBTLS_RFC6979_MAX_Q bytes;
 *   - x = int2octets(d) and h1 = bits2octets(H(m)), qlen bytes each;
 *   - the HMAC hash H: RFC 6979 uses the hash that made the digest, and the
 *     ABI passes only the digest, so H is inferred from its length: 20
 *     SHA-1, 28 SHA-224, 32 SHA-256, 48 SHA-384, 64 SHA-512. Signing
 *     refuses every other length before it gets here (op_sig.h,
 *     nbtls_ecdsa_sign_digest_len_ok), so no digest gets a derivation
 *     that is not RFC 6979's;
 *   - extra: NULL, or the 32 bytes k' of section 3.6 (hedged signatures)
 *     appended to the seed.
 *
 * Steps (one HMAC call each): K = HMAC_K(V || 0x00 || x || h1 [|| k']),
 * V = HMAC_K(V), K = HMAC_K(V || 0x01 || ...), V = HMAC_K(V), then per
 * candidate ceil(qlen / hlen) calls V = HMAC_K(V), T = T || V. When a
 * candidate is complete, _step() returns NBTLS_DONE with it in g->T; the
 * caller checks 1 <= T <= q-1 (and later r, s != 0) and, to reject it,
 * calls _retry() and steps again (K = HMAC_K(V || 0x00), V = HMAC_K(V):
 * two more calls, then the candidate's). Everything here except the
 * number of calls (public: it depends on the hash only) is secret.
 */
#ifndef NBTLS_CORE_EC_RFC6979_H
#define NBTLS_CORE_EC_RFC6979_H

#include "common/common.h"

#define NBTLS_RFC6979_MAX_Q 48
#define NBTLS_RFC6979_EXTRA_LEN 32

typedef struct {
    uint8_t phase;
    uint8_t qlen;
    uint8_t hedged;
    uint8_t alg;  /* index of the HMAC hash (rfc6979.c) */
    uint8_t hlen; /* its output length */
    uint8_t tlen; /* bytes of T gathered for the current candidate */
    unsigned char x[NBTLS_RFC6979_MAX_Q];         /* int2octets(d) (secret) */
    unsigned char h1[NBTLS_RFC6979_MAX_Q];        /* bits2octets(h) */
    unsigned char extra[NBTLS_RFC6979_EXTRA_LEN]; /* k' (secret) */
    unsigned char K[64], V[64];
    unsigned char T[NBTLS_RFC6979_MAX_Q]; /* the candidate (secret) */
} nbtls_rfc6979;

/* Preconditions: 1 <= qlen <= NBTLS_RFC6979_MAX_Q, x and h1 of qlen
 * bytes, digest_len the length of the message digest (selects H). */
void nbtls_rfc6979_start(nbtls_rfc6979 *g, size_t qlen, const unsigned char *x,
                         const unsigned char *h1, size_t digest_len,
                         const unsigned char *extra);
/* One HMAC call: NBTLS_IN_PROGRESS, NBTLS_DONE (a candidate in g->T), or
 * NBTLS_E_INTERNAL if HMAC fails (it cannot with the hashes above). */
NBTLS_MUST_CHECK int nbtls_rfc6979_step(nbtls_rfc6979 *g);
/* Reject the current candidate; the next _step()s derive another. */
void nbtls_rfc6979_retry(nbtls_rfc6979 *g);

#endif
