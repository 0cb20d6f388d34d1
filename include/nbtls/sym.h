/*
 * nbtls symmetric layer: the hashes, MAC, KDF and AEADs of TLS 1.3.
 *
 *   hashes  SHA-256, SHA-384, SHA-512 (one-shot and streaming, cloneable)
 *   MAC     HMAC over any of the hashes (one-shot)
 *   KDF     HKDF-Extract / HKDF-Expand (RFC 5869) and the TLS 1.3
 *           HKDF-Expand-Label / Derive-Secret (RFC 8446 section 7.1)
 *   AEADs   AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305 (RFC 8439)
 *
 * Everything here is constant-time with respect to keys and data (lengths
 * are public). The fastest implementation the CPU supports is chosen at run
 * time (AES-NI + PCLMULQDQ, SHA extensions, SSE2/AVX2/AVX-512VL ChaCha20 on
 * x86-64); otherwise a portable constant-time one (no table-lookup AES).
 * Results never depend on the implementation chosen. The CPU features are
 * detected once and cached in one word (a relaxed atomic; detection is
 * idempotent, so concurrent first calls are harmless): the only process-wide
 * state of this layer.
 *
 * Conventions (as in nbtls.h): every function returns NBTLS_DONE or a
 * negative NBTLS_E_* code; a NULL pointer with a non-zero length, or a NULL
 * object or out-pointer, is NBTLS_E_INVALID_ARG; an unknown algorithm id is
 * NBTLS_E_UNSUPPORTED. A NULL input pointer is accepted when its length is 0.
 * Output buffers are given with their size (`out_size`); the length written
 * is stored in `*out_len`; too small a buffer is NBTLS_E_BUFFER_TOO_SMALL
 * with `*out_len` set to the size needed and nothing written.
 *
 * Objects (nbtls_hash_ctx, nbtls_aead) are one allocation each, made with the
 * allocator hook; free wipes them. They have no internal locking: use one
 * object from one thread at a time (an nbtls_aead may be shared by threads
 * that only seal/open concurrently: those calls do not modify it).
 */
#ifndef NBTLS_SYM_H
#define NBTLS_SYM_H

#include "nbtls/nbtls.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Hash algorithms -------------------------------------------------- */

#define NBTLS_SHA256 1
#define NBTLS_SHA384 2
#define NBTLS_SHA512 3

/* Digest sizes in bytes, and the largest of them. */
#define NBTLS_SHA256_DIGEST_LEN 32
#define NBTLS_SHA384_DIGEST_LEN 48
#define NBTLS_SHA512_DIGEST_LEN 64
#define NBTLS_HASH_MAX_LEN 64

/** The digest length in bytes of `alg` (32, 48, 64), or NBTLS_E_UNSUPPORTED
 *  for an unknown id. */
NBTLS_API int nbtls_hash_len(int alg);

/**
 * One-shot hash of in[0..len). Writes nbtls_hash_len(alg) bytes to out.
 * Errors: NBTLS_E_UNSUPPORTED (alg), NBTLS_E_INVALID_ARG (NULL out/out_len,
 * in NULL with len > 0), NBTLS_E_BUFFER_TOO_SMALL.
 */
NBTLS_API int nbtls_hash(int alg, const unsigned char *in, size_t len,
                         unsigned char *out, size_t out_size, size_t *out_len);

/** A streaming hash. Holds no pointers: nbtls_hash_clone() copies it. */
typedef struct nbtls_hash_ctx nbtls_hash_ctx;

/** Allocate a context for `alg`, ready to absorb. Errors:
 *  NBTLS_E_INVALID_ARG, NBTLS_E_UNSUPPORTED, NBTLS_E_NO_MEMORY. */
NBTLS_API int nbtls_hash_new(nbtls_hash_ctx **ctx, int alg);

/** Absorb in[0..len). Any number of calls, any lengths. Errors:
 *  NBTLS_E_INVALID_ARG (NULL ctx, in NULL with len > 0). */
NBTLS_API int nbtls_hash_update(nbtls_hash_ctx *ctx, const unsigned char *in,
                                size_t len);

/**
 * Snapshot: *dst becomes a new, independent context in the same state as
 * `src` (TLS transcript hashes: finalise the copy, keep absorbing the
 * original). Free it with nbtls_hash_free(). Errors: NBTLS_E_INVALID_ARG,
 * NBTLS_E_NO_MEMORY.
 */
NBTLS_API int nbtls_hash_clone(const nbtls_hash_ctx *src, nbtls_hash_ctx **dst);

/**
 * Write the digest of everything absorbed (nbtls_hash_len() bytes), then
 * reset the context to its initial empty state so it may be reused.
 * Errors: NBTLS_E_INVALID_ARG (NULL ctx, out or out_len),
 * NBTLS_E_BUFFER_TOO_SMALL (*out_len set; the context is left unchanged).
 */
NBTLS_API int nbtls_hash_final(nbtls_hash_ctx *ctx, unsigned char *out,
                               size_t out_size, size_t *out_len);

/** The algorithm of a context (NBTLS_SHA*), or NBTLS_E_INVALID_ARG. */
NBTLS_API int nbtls_hash_ctx_alg(const nbtls_hash_ctx *ctx);

/** Wipe and free a context. NULL is a no-op. */
NBTLS_API void nbtls_hash_free(nbtls_hash_ctx *ctx);

/* ---- HMAC and HKDF ---------------------------------------------------- */

/**
 * HMAC (RFC 2104) with hash `alg` of in[0..len) under key[0..key_len) (any
 * length; keys longer than the hash block are hashed first). Writes
 * nbtls_hash_len(alg) bytes. Errors as for nbtls_hash().
 */
NBTLS_API int nbtls_hmac(int alg, const unsigned char *key, size_t key_len,
                         const unsigned char *in, size_t len,
                         unsigned char *out, size_t out_size, size_t *out_len);

/**
 * HKDF-Extract (RFC 5869): PRK = HMAC-Hash(salt, IKM). An empty salt means
 * a string of hash-length zeros (as the RFC says). Writes nbtls_hash_len(alg)
 * bytes. Errors as for nbtls_hash().
 */
NBTLS_API int nbtls_hkdf_extract(int alg, const unsigned char *salt,
                                 size_t salt_len, const unsigned char *ikm,
                                 size_t ikm_len, unsigned char *out,
                                 size_t out_size, size_t *out_len);

/**
 * HKDF-Expand (RFC 5869): out_len bytes of output keying material from
 * prk (at least nbtls_hash_len(alg) bytes) and info. 1 <= out_len <=
 * 255 * nbtls_hash_len(alg); anything else, or a short PRK, is
 * NBTLS_E_INVALID_ARG. `out` may overlap prk (the key is absorbed first,
 * so a secret can be replaced in place) but not info (NBTLS_E_INVALID_ARG).
 */
NBTLS_API int nbtls_hkdf_expand(int alg, const unsigned char *prk,
                                size_t prk_len, const unsigned char *info,
                                size_t info_len, unsigned char *out,
                                size_t out_len);

/**
 * TLS 1.3 HKDF-Expand-Label (RFC 8446 section 7.1):
 *   HKDF-Expand(secret, HkdfLabel, out_len) with
 *   HkdfLabel = uint16 out_len || opaque label<7..255> = "tls13 " + label
 *               || opaque context<0..255>.
 * `label` is given WITHOUT the "tls13 " prefix (e.g. "key", "iv",
 * "c hs traffic"); label_len <= 249, context_len <= 255, 1 <= out_len <=
 * min(65535, 255 * hash length); secret_len >= hash length. Otherwise
 * NBTLS_E_INVALID_ARG. `out` may overlap `secret` or `context` (in-place
 * key updates work).
 */
NBTLS_API int nbtls_tls13_hkdf_expand_label(
    int alg, const unsigned char *secret, size_t secret_len,
    const unsigned char *label, size_t label_len, const unsigned char *context,
    size_t context_len, unsigned char *out, size_t out_len);

/**
 * TLS 1.3 Derive-Secret(secret, label, messages) =
 *   HKDF-Expand-Label(secret, label, Transcript-Hash(messages), Hash.length)
 * where `transcript_hash` is the already computed Transcript-Hash (hash
 * length bytes; for an empty transcript pass the hash of the empty string).
 * Writes nbtls_hash_len(alg) bytes. Errors as for the two functions above.
 */
NBTLS_API int nbtls_tls13_derive_secret(
    int alg, const unsigned char *secret, size_t secret_len,
    const unsigned char *label, size_t label_len,
    const unsigned char *transcript_hash, size_t transcript_hash_len,
    unsigned char *out, size_t out_size, size_t *out_len);

/* ---- AEADs ------------------------------------------------------------ */

#define NBTLS_AES_128_GCM 1
#define NBTLS_AES_256_GCM 2
#define NBTLS_CHACHA20_POLY1305 3

#define NBTLS_AEAD_TAG_LEN 16   /* every AEAD here has a 16-byte tag */
#define NBTLS_AEAD_NONCE_LEN 12 /* and takes a 12-byte nonce */

/** A keyed AEAD (key schedule precomputed). Immutable after creation. */
typedef struct nbtls_aead nbtls_aead;

/** The key length in bytes of `alg` (16, 32, 32), or NBTLS_E_UNSUPPORTED. */
NBTLS_API int nbtls_aead_key_len(int alg);

/**
 * Create an AEAD object keyed with key[0..key_len): AES-128-GCM takes 16
 * bytes, AES-256-GCM and ChaCha20-Poly1305 32. Errors: NBTLS_E_UNSUPPORTED
 * (alg), NBTLS_E_INVALID_ARG (NULL, wrong key length), NBTLS_E_NO_MEMORY.
 */
NBTLS_API int nbtls_aead_new(nbtls_aead **aead, int alg,
                             const unsigned char *key, size_t key_len);

/**
 * Encrypt and authenticate: out = ciphertext || 16-byte tag, *out_len =
 * in_len + 16. The nonce must be 12 bytes and must never repeat under one
 * key. GCM accepts only 96-bit IVs: any other non-zero nonce_len is
 * NBTLS_E_UNSUPPORTED (NIST allows them; TLS never uses them); nonce_len 0
 * is NBTLS_E_INVALID_ARG, as is any other length for ChaCha20-Poly1305.
 * Length limits: in_len <= 2^36 - 32 (GCM) or 2^38 - 64 (ChaCha20-Poly1305)
 * bytes, NBTLS_E_INVALID_ARG beyond. In place is supported (out == in);
 * any other overlap of out with in, aad or nonce is NBTLS_E_INVALID_ARG.
 */
NBTLS_API int nbtls_aead_seal(const nbtls_aead *aead,
                              const unsigned char *nonce, size_t nonce_len,
                              const unsigned char *aad, size_t aad_len,
                              const unsigned char *in, size_t in_len,
                              unsigned char *out, size_t out_size,
                              size_t *out_len);

/**
 * Verify and decrypt in = ciphertext || tag (in_len >= 16): out gets
 * in_len - 16 bytes of plaintext. If the tag does not verify the result is
 * NBTLS_E_DECRYPT and out[0..in_len-16) is zeroed: no unauthenticated
 * plaintext is ever released. Nonce, length and overlap rules as for seal
 * (out == in is supported); in_len < 16 is NBTLS_E_INVALID_ARG.
 */
NBTLS_API int nbtls_aead_open(const nbtls_aead *aead,
                              const unsigned char *nonce, size_t nonce_len,
                              const unsigned char *aad, size_t aad_len,
                              const unsigned char *in, size_t in_len,
                              unsigned char *out, size_t out_size,
                              size_t *out_len);

/** The algorithm of an AEAD object (NBTLS_AES_*, NBTLS_CHACHA20_*), or
 *  NBTLS_E_INVALID_ARG. */
NBTLS_API int nbtls_aead_alg(const nbtls_aead *aead);

/** Wipe (key schedule included) and free. NULL is a no-op. */
NBTLS_API void nbtls_aead_free(nbtls_aead *aead);

/**
 * Which implementation this process uses, as a bit set (diagnostics and
 * benchmarks only; results never depend on it): 1 AES-NI+PCLMULQDQ GCM,
 * 2 SHA-256 extensions, 4 AVX2 ChaCha20. 0 means portable code throughout.
 */
NBTLS_API int nbtls_sym_accel(void);

#define NBTLS_SYM_ACCEL_AESGCM 1
#define NBTLS_SYM_ACCEL_SHA256 2
#define NBTLS_SYM_ACCEL_CHACHA 4

#ifdef __cplusplus
}
#endif

#endif /* NBTLS_SYM_H */
