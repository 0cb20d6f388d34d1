/*
 * nbtls — a portable C crypto and TLS core whose every expensive operation
 * is restartable.
 *
 * This header is the ABI. Rules it keeps (see DEVELOPERS.md):
 *   - every type is an opaque handle; no struct layout is public;
 *   - every constant is a literal #define, so cffi, bindgen and SWIG see it;
 *   - status and error numbers are never renumbered;
 *   - no feature #ifdef changes what is declared here.
 *
 * The poll contract
 * -----------------
 * An expensive operation is started by one `*_start()` call that validates
 * and copies its inputs, or takes a reference to the key it is given (the
 * caller may free them right away), and allocates one `nbtls_op`. A start
 * call that fails sets *op to NULL (when op itself is not NULL). Besides
 * the errors each one lists, every start call returns NBTLS_E_INVALID_ARG
 * for a NULL pointer argument and NBTLS_E_NO_MEMORY when the allocator
 * fails. The caller
 * then calls `nbtls_op_poll(op, budget)` until it returns something other than
 * NBTLS_IN_PROGRESS:
 *
 *   NBTLS_DONE          the operation finished; fetch the result with
 *                       nbtls_op_result() or nbtls_op_take_key();
 *   NBTLS_IN_PROGRESS   `budget` work units were spent; call poll again;
 *   NBTLS_WANT_READ /
 *   NBTLS_WANT_WRITE    a connection needs I/O (TLS objects, later);
 *   NBTLS_WAIT_EXTERNAL a party outside the library (signer, accelerator)
 *                       must answer through a completion call;
 *   < 0                 the operation failed (NBTLS_E_*). The status is
 *                       sticky: polling again returns the same value.
 *
 * Only NBTLS_DONE and the errors (< 0) are final. Every other status is
 * not: poll stops and returns it at once, even with budget 0, and the op
 * goes on when polled again (after the caller did what it asks). Statuses
 * >= 5 may be added in later versions, and they are never final either: a
 * caller treats any non-negative status it does not know as "not finished"
 * (poll again later), never as success or failure. An operation that runs
 * another inside it passes the inner one's statuses through unchanged.
 *
 * The work unit: one unit is at most the cost of one elliptic-curve point
 * addition on the curve in use, about 12 to 16 field multiplications (a few
 * hundred ns for P-256 on a desktop x86-64, two to three times that for
 * P-384, a few ms on a Cortex-M0). Every step of every operation
 * (table precomputation, inversions, nonce derivation, point decoding) is
 * cut into pieces no larger than that. A poll with budget B >= 1 does at
 * least one and at most B units; budget 0 means "run to completion".
 * Budgets are per call: there is no process-wide setting.
 *
 * Thread safety: no global mutable state except the optional allocator hook
 * (set it while no other thread is inside nbtls). Keys are immutable after
 * creation and may be shared between threads, including nbtls_key_up_ref()
 * and nbtls_key_free() on the same key from several threads at once (the
 * reference count is atomic); one op may be used by one thread at a time.
 *
 * Memory: an op is one allocation made by its start function; poll never
 * allocates. nbtls_op_free() may be called at any moment: it cancels the
 * operation and wipes every secret it held. Every object is freed by the
 * allocator that made it, which must return blocks aligned as malloc's
 * (nbtls_set_allocator() states the alignment the library needs).
 *
 * Randomness: a start function that takes an nbtls_rng_fn calls it only
 * inside that start call (a failing generator fails the start, with no
 * op); polls never call it, so rng and rng_ctx may be freed as soon as the
 * start call returns (see nbtls_rng_fn).
 *
 * Keys: a key is reference-counted (nbtls_key_up_ref()). An op that reads
 * its key while polling holds a reference of its own, so the caller may
 * free the key right after the start call.
 */
#ifndef NBTLS_NBTLS_H
#define NBTLS_NBTLS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#ifndef NBTLS_API
#if defined(_WIN32) && defined(NBTLS_SHARED_BUILD)
#define NBTLS_API __declspec(dllexport)
#elif defined(__GNUC__)
#define NBTLS_API __attribute__((visibility("default")))
#else
#define NBTLS_API
#endif
#endif

/* ---- Version ------------------------------------------------------------ */

#define NBTLS_VERSION_MAJOR 0
#define NBTLS_VERSION_MINOR 1
#define NBTLS_VERSION_PATCH 0
/* 0xMMmmpp: major, minor, patch. */
#define NBTLS_VERSION_NUMBER 0x000100

/** The library's version as "MAJOR.MINOR.PATCH" (static storage). */
NBTLS_API const char *nbtls_version(void);
/** The library's version as 0xMMmmpp, to compare with NBTLS_VERSION_NUMBER
 *  (the header the caller was compiled against). */
NBTLS_API uint32_t nbtls_version_number(void);

/* ---- Status codes: >= 0 states, < 0 errors. Never renumbered. ----------- */

#define NBTLS_DONE 0
#define NBTLS_IN_PROGRESS 1
#define NBTLS_WANT_READ 2
#define NBTLS_WANT_WRITE 3
#define NBTLS_WAIT_EXTERNAL 4

/* The error codes are ABI: these lines are kept byte for byte. */
/* clang-format off */
#define NBTLS_E_INVALID_ARG -1      /* NULL pointer, bad length, bad enum */
#define NBTLS_E_NO_MEMORY -2        /* the allocator returned NULL */
#define NBTLS_E_BAD_STATE -3        /* call not valid in the object's state */
#define NBTLS_E_BUFFER_TOO_SMALL -4 /* output buffer too small; *out_len says the need */
#define NBTLS_E_BAD_KEY -5          /* malformed or invalid key or point */
#define NBTLS_E_BAD_SIGNATURE -6    /* the signature does not verify */
#define NBTLS_E_RNG -7              /* the random generator failed */
#define NBTLS_E_UNSUPPORTED -8      /* valid request this build cannot do */
#define NBTLS_E_DECRYPT -9          /* AEAD authentication failed */
#define NBTLS_E_INTERNAL -10        /* an internal consistency check failed (fault?) */
#define NBTLS_E_CERTIFICATE -11     /* the certificate or chain is not acceptable */
#define NBTLS_E_PROTOCOL -12        /* the TLS peer broke the protocol (an alert was queued) */
#define NBTLS_E_PEER_ALERT -13      /* the TLS peer sent a fatal alert */
#define NBTLS_E_HANDSHAKE -14       /* no common TLS version, suite, group or signature scheme */
#define NBTLS_E_CLOSED -15          /* the TLS peer closed the connection (close_notify) */
/* clang-format on */

/** A short English description of a status or error code (static storage,
 *  never NULL; unknown codes give "unknown error"). */
NBTLS_API const char *nbtls_strerror(int code);

/* ---- Memory ---------------------------------------------------------------
 */

/**
 * Replace the allocator used for every nbtls object made from now on:
 * alloc_fn(ctx, size) returns a block of at least `size` bytes, or NULL;
 * free_fn(ctx, ptr) frees a block alloc_fn returned (never called with
 * NULL). `ctx` is passed to both unchanged (it may be NULL). alloc_fn and
 * free_fn both NULL restores the C library's malloc/free (ctx ignored).
 *
 * Every object (key, op, hash or AEAD context, temporary buffer) records in
 * a small header the free_fn and ctx in force when it was allocated, and is
 * always freed with those, so the hook may be changed while objects exist;
 * the old free_fn and ctx must then stay usable until those objects are
 * freed. Every block is wiped (all of it, header included: every byte is
 * zero) before it is given to free_fn.
 *
 * Alignment: alloc_fn should return blocks aligned as malloc's (for any
 * object type, _Alignof(max_align_t)). The library itself needs the
 * alignment of uint64_t, double, size_t and pointers (8 bytes on common
 * targets, 4 on some 32-bit ones): a block less aligned is given back to
 * free_fn and the call that needed it fails with NBTLS_E_NO_MEMORY. Each
 * request is the object's size plus the header, sizeof(max_align_t)
 * rounded (32 bytes on x86-64), and the object starts right after the
 * header, so it keeps the block's alignment up to _Alignof(max_align_t).
 *
 * The hook is process-wide and not synchronised: set it while no other
 * thread is inside nbtls. Returns NBTLS_DONE, or NBTLS_E_INVALID_ARG if
 * exactly one of alloc_fn and free_fn is NULL (nothing changes then).
 * (Changed in 0.x, as its ABI allows: the ctx argument is new, and objects
 * remember the allocator that made them.)
 */
NBTLS_API int nbtls_set_allocator(void *(*alloc_fn)(void *ctx, size_t size),
                                  void (*free_fn)(void *ctx, void *ptr),
                                  void *ctx);

/* ---- Randomness -----------------------------------------------------------
 */

/**
 * A random generator: fill out[0..len) with uniformly random bytes and
 * return 0, or return non-zero on failure (the operation then fails with
 * NBTLS_E_RNG). Wherever an nbtls_rng_fn is taken, NULL means the operating
 * system's generator (getrandom / getentropy; on Linux without
 * <sys/random.h>, the getrandom system call).
 *
 * The rule: every call of `rng` happens inside the start call that was
 * given it (all the randomness an operation needs is drawn there, so a
 * failing generator is reported by the start call, with no op). Once that
 * start call has returned, `rng` and `rng_ctx` are never used again and may
 * be freed at once; polls never call them.
 */
typedef int (*nbtls_rng_fn)(void *ctx, unsigned char *out, size_t len);

/* ---- Keys ---------------------------------------------------------------- */

/** An immutable key (public, or private with its public half).
 *
 * Every function that makes a key (nbtls_key_*_from_*) sets *key to NULL
 * when it fails (when key itself is not NULL); nbtls_op_take_key() leaves
 * it as it was. Besides the
 * errors each one lists, every function here returns NBTLS_E_INVALID_ARG
 * for a NULL pointer argument, and one that allocates returns
 * NBTLS_E_NO_MEMORY when the allocator fails. */
typedef struct nbtls_key nbtls_key;

/* Key types, as returned by nbtls_key_type(). */
#define NBTLS_KEY_P256 1
#define NBTLS_KEY_X25519 2
#define NBTLS_KEY_RSA 3 /* public keys only (verification) */
#define NBTLS_KEY_P384 4

/* Sizes of P-256 encodings, in bytes. */
#define NBTLS_P256_PRIVATE_LEN 32
#define NBTLS_P256_PUBLIC_LEN 65 /* SEC1 uncompressed: 0x04 || X || Y */
#define NBTLS_P256_PUBLIC_COMPRESSED_LEN 33 /* 0x02/0x03 || X */
#define NBTLS_P256_SIGNATURE_LEN 64 /* r || s, 32 bytes each, big endian */
#define NBTLS_P256_SECRET_LEN 32    /* ECDH shared secret: the x coordinate */

/**
 * Import a P-256 private key: a 32-byte big-endian scalar in [1, n-1]
 * (anything else is NBTLS_E_BAD_KEY). The public point is computed here,
 * which costs one fixed-base scalar multiplication run to completion; where
 * that is too long to block, use nbtls_p256_key_from_private_start().
 */
NBTLS_API int nbtls_key_p256_from_private(nbtls_key **key,
                                          const unsigned char priv[32]);

/**
 * Import a P-256 public key from SEC1: 65-byte uncompressed (0x04 || X || Y)
 * or 33-byte compressed (0x02/0x03 || X). Coordinates must be < p and the
 * point on the curve; the point at infinity, the hybrid forms (0x06/0x07),
 * and every other length are NBTLS_E_BAD_KEY.
 */
NBTLS_API int nbtls_key_p256_from_public(nbtls_key **key,
                                         const unsigned char *sec1, size_t len);

/* Sizes of P-384 (secp384r1) encodings, in bytes. */
#define NBTLS_P384_PRIVATE_LEN 48
#define NBTLS_P384_PUBLIC_LEN 97 /* SEC1 uncompressed: 0x04 || X || Y */
#define NBTLS_P384_PUBLIC_COMPRESSED_LEN 49 /* 0x02/0x03 || X */
#define NBTLS_P384_SIGNATURE_LEN 96 /* r || s, 48 bytes each, big endian */
#define NBTLS_P384_SECRET_LEN 48    /* ECDH shared secret: the x coordinate */

/**
 * Import a P-384 private key: a 48-byte big-endian scalar in [1, n-1]
 * (anything else is NBTLS_E_BAD_KEY). As nbtls_key_p256_from_private(), the
 * public point is computed here, run to completion; where that is too long
 * to block, use nbtls_p384_key_from_private_start().
 */
NBTLS_API int nbtls_key_p384_from_private(nbtls_key **key,
                                          const unsigned char priv[48]);

/**
 * Import a P-384 public key from SEC1: 97-byte uncompressed (0x04 || X || Y)
 * or 49-byte compressed (0x02/0x03 || X), validated as for P-256
 * (coordinates < p, on the curve; everything else NBTLS_E_BAD_KEY).
 */
NBTLS_API int nbtls_key_p384_from_public(nbtls_key **key,
                                         const unsigned char *sec1, size_t len);

/* Size of X25519 encodings (RFC 7748), in bytes: private key, public u
 * coordinate and shared secret are all 32 bytes, little-endian. */
#define NBTLS_X25519_KEY_LEN 32

/**
 * Import an X25519 private key: any 32 bytes (RFC 7748 section 5). The
 * bytes are stored as given and exported unchanged; decodeScalar25519's
 * clamping is applied when the key is used. The public key X25519(k, 9) is
 * computed here, run to completion (273 work units, a few tens of
 * microseconds on a desktop); where even that is too long to block, use
 * nbtls_x25519_keygen_start() or compute it with an op. Errors:
 * NBTLS_E_INVALID_ARG (NULL), NBTLS_E_NO_MEMORY.
 */
NBTLS_API int nbtls_key_x25519_from_private(nbtls_key **key,
                                            const unsigned char priv[32]);

/**
 * Import an X25519 public key: a 32-byte little-endian u coordinate. As
 * RFC 7748 section 5 requires, the most significant bit is ignored (it is
 * cleared in the stored and exported key) and non-canonical values
 * (p <= u < 2^255) are accepted. Small-order points are accepted here;
 * ECDH with one ends with NBTLS_E_BAD_KEY (all-zero shared secret).
 */
NBTLS_API int nbtls_key_x25519_from_public(nbtls_key **key,
                                           const unsigned char pub[32]);

/**
 * Import a key from DER, recognising the format from its structure:
 *   - SubjectPublicKeyInfo (RFC 5280): EC P-256 or P-384 (id-ecPublicKey
 *     with the named curve prime256v1 or secp384r1, RFC 5480; the point
 *     uncompressed or compressed) or X25519 (RFC 8410);
 *   - PKCS#8 PrivateKeyInfo / OneAsymmetricKey (RFC 5208 / RFC 5958,
 *     versions 0 and 1): EC P-256, P-384 or X25519; attributes are
 *     ignored; an included public key must match the private key;
 *   - SEC1 ECPrivateKey (RFC 5915), P-256 or P-384: the curve
 *     parameters must be present (named curve); the optional public key,
 *     if present, must match the one computed from the scalar;
 *   - RSA public keys (2048 to 4096 bits, odd e < 2^32): in a
 *     SubjectPublicKeyInfo (rsaEncryption, NULL parameters) or as a bare
 *     PKCS#1 RSAPublicKey. nbtls_key_export_public() gives an RSA key back
 *     as PKCS#1 RSAPublicKey DER. RSA private keys are unsupported.
 * The DER is parsed strictly (definite minimal lengths, minimal INTEGERs,
 * no trailing data). Importing a private key computes its public key, run
 * to completion as nbtls_key_p256_from_private() does.
 * Errors: NBTLS_E_INVALID_ARG (NULL); NBTLS_E_BAD_KEY (malformed DER,
 * invalid or inconsistent key); NBTLS_E_UNSUPPORTED (a well-formed key of
 * an algorithm or curve nbtls does not handle: RSA private keys, RSA
 * moduli outside 2048..4096 bits, other curves, Ed25519,
 * explicit curve parameters, encrypted PKCS#8); NBTLS_E_NO_MEMORY.
 */
NBTLS_API int nbtls_key_from_der(nbtls_key **key, const unsigned char *der,
                                 size_t len);

/**
 * Import a key from PEM text (RFC 7468), `len` bytes (no NUL needed).
 * The first block whose label names a key is used: "PUBLIC KEY"
 * (SubjectPublicKeyInfo), "PRIVATE KEY" (PKCS#8), "EC PRIVATE KEY"
 * (SEC1); its DER must be of that format, then as nbtls_key_from_der().
 * Blocks with other labels (e.g. "EC PARAMETERS", which `openssl ecparam
 * -genkey` writes first) and text outside blocks are skipped; "RSA PUBLIC
 * KEY" (PKCS#1 RSAPublicKey) is accepted; "ENCRYPTED PRIVATE KEY" and
 * "RSA PRIVATE KEY" are NBTLS_E_UNSUPPORTED. BEGIN and END labels must match
 * and the base64 is strict (standard alphabet, whitespace between characters
 * only, exact padding, zero pad bits); it is decoded in constant time into a
 * buffer that is wiped. Errors as nbtls_key_from_der(); no key block is
 * NBTLS_E_BAD_KEY.
 */
NBTLS_API int nbtls_key_from_pem(nbtls_key **key, const char *pem, size_t len);

/**
 * Export the private scalar (32 bytes for P-256 and X25519, 48 for P-384).
 * NBTLS_E_BAD_KEY if the key has no private part; NBTLS_E_BUFFER_TOO_SMALL
 * (with *out_len set to the size needed) if out_size is too small;
 * NBTLS_E_INVALID_ARG for a NULL key or out_len (or out NULL: *out_len is
 * still set to the size needed).
 */
NBTLS_API int nbtls_key_export_private(const nbtls_key *key, unsigned char *out,
                                       size_t out_size, size_t *out_len);

/** Export the public point (65/97-byte SEC1 uncompressed for P-256/P-384; the
 *  32-byte u coordinate for X25519; PKCS#1 RSAPublicKey DER for RSA). Errors
 *  as for nbtls_key_export_private(), except NBTLS_E_BAD_KEY (every key has
 *  its public part). */
NBTLS_API int nbtls_key_export_public(const nbtls_key *key, unsigned char *out,
                                      size_t out_size, size_t *out_len);

/** The key's type (NBTLS_KEY_*), or NBTLS_E_INVALID_ARG for NULL. */
NBTLS_API int nbtls_key_type(const nbtls_key *key);

/** 1 if the key holds a private part, 0 if public only, or
 *  NBTLS_E_INVALID_ARG for NULL. */
NBTLS_API int nbtls_key_has_private(const nbtls_key *key);

/** The key's size in bits: 256 for P-256, 384 for P-384, 255 for X25519,
 *  the modulus length for RSA (a signature is (bits + 7) / 8 bytes), or
 *  NBTLS_E_INVALID_ARG for NULL. */
NBTLS_API int nbtls_key_bits(const nbtls_key *key);

/**
 * Take another reference to `key` and return it (NULL for NULL). A key is
 * reference-counted: the function that creates it gives the caller one
 * reference, each nbtls_key_up_ref() adds one, and each nbtls_key_free()
 * drops one; the key is wiped and freed when the last one is dropped. Ops
 * that read a key while they poll (ECDSA signing, ECDH on P-256 and P-384,
 * the signature-scheme ops until their inner op starts) hold a reference of
 * their own until nbtls_op_free(), so the caller may free its reference
 * right after the start call; ops that need only public values copy them.
 * The count is atomic (C11 atomics, or the compiler's atomic builtins): up_ref
 * and free may be called on one key from several threads at once. A build
 * for a toolchain without atomics needs NBTLS_NO_THREADS defined, and keys
 * must then not be shared between threads. The count saturates at
 * 2^32 - 1 references at once (a leak): the key is then never freed.
 */
NBTLS_API nbtls_key *nbtls_key_up_ref(const nbtls_key *key);

/** Drop a reference to a key (nbtls_key_up_ref()); the last one wipes its
 *  secrets and frees it. NULL is a no-op. */
NBTLS_API void nbtls_key_free(nbtls_key *key);

/* ---- Restartable operations ---------------------------------------------- */

/** A restartable operation in progress. */
typedef struct nbtls_op nbtls_op;

/**
 * Generate a P-256 key pair. The scalar comes from `rng` (NULL: the OS) by
 * rejection sampling, drawn in this call: 4 candidates of 32 bytes in one
 * call of `rng`, the first in [1, n-1] taken (selected in constant time);
 * all 4 are rejected with probability below 2^-128, so that is reported as
 * NBTLS_E_RNG (a broken generator), as is a failing `rng`, with no op.
 * Then the public point in polls: 113 units (as
 * nbtls_p256_key_from_private_start). Result: nbtls_op_take_key().
 */
NBTLS_API int nbtls_p256_keygen_start(nbtls_op **op, nbtls_rng_fn rng,
                                      void *rng_ctx);

/**
 * Generate a P-384 key pair, as nbtls_p256_keygen_start() (4 candidates of
 * 48 bytes drawn in this call). Result: nbtls_op_take_key(). Work units for
 * P-384 (x86-64): keygen 177, ECDSA sign 217 with a SHA-384 digest
 * (deterministic: about 777, with the verification before release), verify
 * about 556, ECDH 518 (552 with a compressed peer point).
 */
NBTLS_API int nbtls_p384_keygen_start(nbtls_op **op, nbtls_rng_fn rng,
                                      void *rng_ctx);

/**
 * Generate an X25519 key pair (RFC 7748): 32 bytes from `rng` (NULL: the
 * OS) drawn in this call, then the public key X25519(k, 9) computed in
 * polls: 273 units (255 ladder steps of ~10 field multiplications each, an
 * inversion in 17 slices of at most 16 field operations, one final unit).
 * Result: nbtls_op_take_key().
 */
NBTLS_API int nbtls_x25519_keygen_start(nbtls_op **op, nbtls_rng_fn rng,
                                        void *rng_ctx);

/**
 * The restartable form of nbtls_key_p256_from_private(): validates `priv`
 * now (NBTLS_E_BAD_KEY), computes the public point in polls. Result:
 * nbtls_op_take_key().
 */
NBTLS_API int nbtls_p256_key_from_private_start(nbtls_op **op,
                                                const unsigned char priv[32]);

/** The restartable form of nbtls_key_p384_from_private(). Result:
 *  nbtls_op_take_key(). */
NBTLS_API int nbtls_p384_key_from_private_start(nbtls_op **op,
                                                const unsigned char priv[48]);

/**
 * ECDH: the x coordinate of priv * peer, 32 bytes for P-256 (48 for P-384:
 * the curve is the key's). `peer` is the peer's SEC1 public point (65 or 33
 * bytes; 97 or 49 for P-384). Lengths and the format byte are
 * checked here (NBTLS_E_BAD_KEY); the point itself (coordinates < p, on the
 * curve) is checked while polling, where a bad point ends the op with
 * NBTLS_E_BAD_KEY. Result: nbtls_op_result().
 *
 * When `priv` is an X25519 key: X25519(priv, peer) of RFC 7748, `peer`
 * the 32-byte u coordinate (any other length: NBTLS_E_BAD_KEY here; top
 * bit ignored, u >= p accepted), the result the 32-byte shared secret, in
 * 273 units of one Montgomery ladder step each (or an inversion slice).
 * An all-zero shared secret (a small-order peer point, RFC 7748 section
 * 6.1) ends the op with NBTLS_E_BAD_KEY; the check is constant time.
 */
NBTLS_API int nbtls_ecdh_start(nbtls_op **op, const nbtls_key *priv,
                               const unsigned char *peer, size_t peer_len);

/**
 * ECDSA signature of a digest, raw r || s (64 bytes for P-256, 96 for P-384:
 * the curve is the key's). `hash_len` must be the digest length of a
 * supported hash: 20 (SHA-1), 28 (SHA-224), 32 (SHA-256), 48 (SHA-384) or 64
 * (SHA-512), else NBTLS_E_INVALID_ARG here; the digest is truncated to the
 * bit length of n as FIPS 186-5 says, and RFC 6979's HMAC_DRBG uses the hash
 * of that length. The nonce is derived per RFC 6979 and hedged with 32 bytes
 * from `rng` (NULL: the OS) as RFC 6979 section 3.6 allows, so a broken RNG
 * cannot leak the key and a fault cannot repeat a nonce; the 32 bytes are
 * drawn in this call, after the arguments are checked (a call that fails
 * with NBTLS_E_INVALID_ARG or NBTLS_E_BAD_KEY never calls `rng`; a failing
 * `rng` is NBTLS_E_RNG here). Before release,
 * R is checked to be on the curve and s k == e + r d is recomputed
 * (NBTLS_E_INTERNAL if not, and nothing is released); the full verification
 * of nbtls_ecdsa_sign_deterministic_start() is not done here: a hedged
 * nonce is fresh for every signature, so the one-fault key recovery it
 * stops does not apply, and it would cost 2.6 (P-256) to 3.6 (P-384) times
 * the signature. Work units (no retry): P-256 142, P-384 217 with a SHA-384
 * digest (a few more for SHA-1 and SHA-224). Result: nbtls_op_result().
 */
NBTLS_API int nbtls_ecdsa_sign_start(nbtls_op **op, const nbtls_key *priv,
                                     const unsigned char *hash, size_t hash_len,
                                     nbtls_rng_fn rng, void *rng_ctx);

/**
 * As nbtls_ecdsa_sign_start() but purely deterministic RFC 6979 (no RNG
 * input): the same key and digest always give the same signature. Because
 * one faulty signature and a good one of the same digest would give the key
 * away, the signature is also verified against the key's public point
 * before it is released (a skipped point addition or a corrupted scalar
 * ends the op with NBTLS_E_INTERNAL and releases nothing). Work units (no
 * retry): P-256 about 518 (142 + about 376 for the verification), P-384
 * about 777 (217 + about 560); the verification's share varies slightly
 * with the signature (wNAF).
 */
NBTLS_API int nbtls_ecdsa_sign_deterministic_start(nbtls_op **op,
                                                   const nbtls_key *priv,
                                                   const unsigned char *hash,
                                                   size_t hash_len);

/**
 * ECDSA verification of a raw r || s signature (64 bytes for P-256, 96 for
 * P-384) over a digest of any length >= 1 (truncated to the bit length of n
 * as FIPS 186-5 says). A signature of the wrong length, r or s outside
 * [1, n-1] and every signature that does not verify end the op with
 * NBTLS_E_BAD_SIGNATURE (a wrong length at the first poll: a peer's bad
 * signature is a bad signature, as in nbtls_rsa_verify_start() and
 * nbtls_verify_start()). Errors here: NBTLS_E_INVALID_ARG (NULL pointers, an
 * empty digest), NBTLS_E_BAD_KEY (not an ECDSA key). The op finishing with
 * NBTLS_DONE means the signature is valid.
 */
NBTLS_API int nbtls_ecdsa_verify_start(nbtls_op **op, const nbtls_key *pub,
                                       const unsigned char *hash,
                                       size_t hash_len,
                                       const unsigned char *sig,
                                       size_t sig_len);

/* RSA signature paddings for nbtls_rsa_verify_start(). */
#define NBTLS_RSA_PKCS1_V15 1 /* RSASSA-PKCS1-v1_5 (RFC 8017 8.2) */
#define NBTLS_RSA_PSS 2       /* RSASSA-PSS, MGF1 same hash, salt = hash len */

/**
 * RSA signature verification (RFC 8017) with an RSA public key (2048 to
 * 4096 bits, imported with nbtls_key_from_der/_pem). `padding` is
 * NBTLS_RSA_PKCS1_V15 or NBTLS_RSA_PSS (MGF1 with the same hash, salt
 * length = hash length, as TLS 1.3 requires); `hash_alg` NBTLS_SHA256,
 * NBTLS_SHA384 or NBTLS_SHA512 (nbtls/sym.h) and `hash` its digest of
 * the message (hash_len must be the digest length). Errors here:
 * NBTLS_E_INVALID_ARG (NULL, bad padding, wrong digest length),
 * NBTLS_E_BAD_KEY (not an RSA key), NBTLS_E_UNSUPPORTED (unknown hash). Every
 * signature that does not verify ends the op with NBTLS_E_BAD_SIGNATURE:
 * s >= n, and a signature that is not exactly the modulus length (RFC 8017
 * 8.1.2 step 1: "invalid signature"; at the first poll, as in
 * nbtls_verify_start() and nbtls_ecdsa_verify_start()); NBTLS_DONE means
 * valid. Work units: the Montgomery multiplications (of
 * R^2 mod n, then of s^e mod n) cut into rows, each unit 512 64-bit (or
 * 1,024 32-bit) multiply-adds, then the padding check (PSS: one unit per
 * MGF1 block); for e = 65537, 122 units for 2048 bits and 498 for 4096
 * (twice as many in 32-bit-limb builds).
 */
NBTLS_API int nbtls_rsa_verify_start(nbtls_op **op, const nbtls_key *pub,
                                     int padding, int hash_alg,
                                     const unsigned char *hash, size_t hash_len,
                                     const unsigned char *sig, size_t sig_len);

/* ---- Signature schemes (TLS 1.3 SignatureScheme code points) ------------ */

#define NBTLS_SIG_RSA_PKCS1_SHA256 0x0401
#define NBTLS_SIG_RSA_PKCS1_SHA384 0x0501
#define NBTLS_SIG_RSA_PKCS1_SHA512 0x0601
#define NBTLS_SIG_ECDSA_SECP256R1_SHA256 0x0403
#define NBTLS_SIG_ECDSA_SECP384R1_SHA384 0x0503
#define NBTLS_SIG_RSA_PSS_RSAE_SHA256 0x0804
#define NBTLS_SIG_RSA_PSS_RSAE_SHA384 0x0805
#define NBTLS_SIG_RSA_PSS_RSAE_SHA512 0x0806

/* The longest signature a caller needs room for: 512 bytes, an RSA-4096
 * signature (the TLS engine and external signers deal in those). Today
 * nbtls_sign_start() itself produces at most 104 bytes (a DER ECDSA P-384
 * signature: SEQUENCE of two INTEGERs of up to 49 bytes). */
#define NBTLS_SIGNATURE_MAX_LEN 512

/**
 * Verify a signature over a message (the library hashes it) with a TLS 1.3
 * SignatureScheme: the NBTLS_SIG_* above, in their TLS wire formats (ECDSA:
 * the DER Ecdsa-Sig-Value SEQUENCE { r INTEGER, s INTEGER }; RSA: the
 * modulus-length signature). The message and signature are copied, so the
 * caller's buffers may go at once. Errors here: NBTLS_E_INVALID_ARG (NULL
 * pointers), NBTLS_E_UNSUPPORTED (a scheme nbtls does not implement, e.g.
 * ed25519, ecdsa_secp521r1_sha512, rsa_pss_pss_*), NBTLS_E_BAD_KEY (a
 * scheme that does not fit the key: ECDSA on another curve, RSA with an EC
 * key, ...). Every signature that does not verify, malformed ones included
 * (DER not strictly canonical, r or s out of range, an RSA signature of the
 * wrong length or not below the modulus), ends the op with
 * NBTLS_E_BAD_SIGNATURE; NBTLS_DONE means valid. Work units: the message is
 * hashed 512 bytes per unit, then the units of the ECDSA or RSA
 * verification.
 */
NBTLS_API int nbtls_verify_start(nbtls_op **op, const nbtls_key *key,
                                 uint16_t scheme, const unsigned char *msg,
                                 size_t msg_len, const unsigned char *sig,
                                 size_t sig_len);

/**
 * Sign a message (the library hashes it) with a TLS 1.3 SignatureScheme.
 * ECDSA schemes give a DER signature (at most NBTLS_SIGNATURE_MAX_LEN
 * bytes) with a hedged RFC 6979 nonce as nbtls_ecdsa_sign_start() (`rng`
 * NULL: the OS; its 32 bytes are drawn in this call, never while polling:
 * a failing `rng` is NBTLS_E_RNG here, with no op). RSA schemes need an RSA
 * private key, which nbtls does not hold (NBTLS_E_BAD_KEY): RSA servers
 * delegate to an external signer. Errors here as nbtls_verify_start(), and
 * NBTLS_E_BAD_KEY for a key without its private part. Work units: 512
 * message bytes per unit, 1 to start the ECDSA op, then the hedged ECDSA
 * units. Result: nbtls_op_result().
 */
NBTLS_API int nbtls_sign_start(nbtls_op **op, const nbtls_key *key,
                               uint16_t scheme, const unsigned char *msg,
                               size_t msg_len, nbtls_rng_fn rng, void *rng_ctx);

/**
 * Advance `op` by at most `budget` work units (0: no limit) and return its
 * status: NBTLS_IN_PROGRESS, NBTLS_DONE, the error that ended it, or a
 * status that asks the caller for something (NBTLS_WANT_*,
 * NBTLS_WAIT_EXTERNAL; any status >= 5 a later version adds), returned as
 * soon as it arises, even with budget 0, without ending the op. Once the op
 * has finished, further polls return the same final status and do nothing.
 * Never allocates. NBTLS_E_INVALID_ARG for NULL.
 */
NBTLS_API int nbtls_op_poll(nbtls_op *op, uint32_t budget);

/**
 * Copy a finished op's byte result (shared secret, signature) to out.
 * NBTLS_E_BAD_STATE before NBTLS_DONE or for ops with no byte result;
 * NBTLS_E_BUFFER_TOO_SMALL with *out_len set to the size needed;
 * NBTLS_E_INVALID_ARG for a NULL op or out_len. nbtls_op_result_len() gives
 * the size to allocate.
 */
NBTLS_API int nbtls_op_result(const nbtls_op *op, unsigned char *out,
                              size_t out_size, size_t *out_len);

/**
 * Move a finished key-producing op's key to *key (the caller frees it with
 * nbtls_key_free). Only once: NBTLS_E_BAD_STATE before NBTLS_DONE, for ops
 * that produce no key, or after the key was taken; NBTLS_E_INVALID_ARG for
 * NULL. On failure *key is left as it was (a key taken before into the
 * same variable is not lost).
 */
NBTLS_API int nbtls_op_take_key(nbtls_op *op, nbtls_key **key);

/** Work units the op has spent so far (for calibrating budgets to time);
 *  0 for NULL. */
NBTLS_API uint64_t nbtls_op_units(const nbtls_op *op);

/** Cancel (if unfinished) and free an op, wiping every secret it held.
 *  NULL is a no-op. */
NBTLS_API void nbtls_op_free(nbtls_op *op);

/* ---- Op introspection, budget policy, sizes ------------------------------
 *
 * What a binding needs to drive any op without tables of its own: the op's
 * kind, the length of its byte result, the TLS names of signature schemes,
 * and one budget policy ("a slice of N microseconds") the same in every
 * language. The bindings also agree on statuses: one they do not know
 * (>= 5, added by a later version of this header) is not final, so they
 * poll again, as for NBTLS_IN_PROGRESS.
 */

/* Op kinds, as returned by nbtls_op_kind(). Never renumbered; new kinds get
 * new numbers, so treat an unknown kind like an opaque op. The result each
 * kind gives: KEY (nbtls_op_take_key), BYTES (nbtls_op_result, length
 * nbtls_op_result_len) or nothing (DONE means "valid"). */
#define NBTLS_OP_P256_KEYGEN 1        /* KEY: p256_keygen / _key_from_private */
#define NBTLS_OP_P384_KEYGEN 2        /* KEY: p384_keygen / _key_from_private */
#define NBTLS_OP_X25519_KEYGEN 3      /* KEY: x25519_keygen */
#define NBTLS_OP_P256_ECDH 4          /* BYTES: 32 */
#define NBTLS_OP_P384_ECDH 5          /* BYTES: 48 */
#define NBTLS_OP_X25519_ECDH 6        /* BYTES: 32 */
#define NBTLS_OP_P256_ECDSA_SIGN 7    /* BYTES: 64, raw r || s */
#define NBTLS_OP_P384_ECDSA_SIGN 8    /* BYTES: 96, raw r || s */
#define NBTLS_OP_P256_ECDSA_VERIFY 9  /* nothing */
#define NBTLS_OP_P384_ECDSA_VERIFY 10 /* nothing */
#define NBTLS_OP_RSA_VERIFY 11        /* nothing */
#define NBTLS_OP_SIGN 12   /* BYTES: nbtls_sign_start, DER (<= 72 / 104) */
#define NBTLS_OP_VERIFY 13 /* nothing: nbtls_verify_start */

/**
 * The op's kind (NBTLS_OP_*), or NBTLS_E_INVALID_ARG for NULL. The key
 * pair ops share one kind per curve whether the scalar was drawn
 * (keygen) or given (key_from_private): the same machine, the same result.
 */
NBTLS_API int nbtls_op_kind(const nbtls_op *op);

/**
 * The length in bytes of the op's byte result: exact once the op has
 * finished with NBTLS_DONE (what nbtls_op_result() writes), the maximum
 * for its kind and key before that and after a failure (ECDH and raw
 * ECDSA: exact; NBTLS_OP_SIGN: 72 for P-256, 104 for P-384, the longest
 * DER). 0 for NULL and for kinds with no byte result (keys,
 * verifications). Use it to size the buffer of nbtls_op_result(); for the
 * kinds above it never exceeds NBTLS_SIGNATURE_MAX_LEN.
 */
NBTLS_API size_t nbtls_op_result_len(const nbtls_op *op);

/**
 * The TLS SignatureScheme name of `scheme` as the IANA registry spells it
 * (e.g. "ecdsa_secp256r1_sha256" for 0x0403, "rsa_pss_rsae_sha256" for
 * 0x0804; static storage), for every scheme of RFC 8446 section 4.2.3
 * (ed25519, ed448, ecdsa_secp521r1_sha512, rsa_pss_pss_*, the legacy
 * rsa_pkcs1_sha1 and ecdsa_sha1), whether nbtls implements it or not; NULL
 * for a code the registry list above does not name. See
 * nbtls_sig_supported() for what nbtls can sign or verify.
 */
NBTLS_API const char *nbtls_sig_name(uint16_t scheme);

/**
 * The code point of the scheme named `name` (a NUL-terminated IANA name as
 * nbtls_sig_name() gives; exact, case-sensitive match) as a value in
 * [0, 0xFFFF], or NBTLS_E_UNSUPPORTED for a name nbtls_sig_name() never
 * gives, NBTLS_E_INVALID_ARG for NULL.
 */
NBTLS_API int nbtls_sig_from_name(const char *name);

/**
 * 1 if nbtls_verify_start() accepts `scheme` (the NBTLS_SIG_* above), else
 * 0. (nbtls_sign_start() takes only the ECDSA ones: nbtls holds no RSA
 * private key.)
 */
NBTLS_API int nbtls_sig_supported(uint16_t scheme);

/* The one default slice of the bindings: how long one poll of an awaited op
 * may run before it yields to its event loop, in microseconds. Python,
 * Rust and Lua all budget their polls with
 * nbtls_op_budget_for_us(op, NBTLS_DEFAULT_SLICE_US) unless the user
 * chose another slice or a fixed budget. */
#define NBTLS_DEFAULT_SLICE_US 200

/**
 * The estimated cost of one work unit of `op`, in nanoseconds on the
 * reference machine (an x86-64 server or desktop core; the bench/
 * programs' whole-op time divided by its units, rounded), for the phase
 * the op is in now:
 *
 *   P-256 (keygen, ECDH, ECDSA)          300 ns  (measured 270-340)
 *   P-384                                750 ns  (630-750)
 *   X25519                               250 ns  (190-210)
 *   RSA verify (64-bit limbs)            600 ns  (510-730)
 *   nbtls_sign/verify_start while hashing the message (512 bytes a unit;
 *   portable SHA-256 ~1.4 us, SHA-384/512 ~1 us, SHA-NI 0.3 us):
 *                                        1500 ns, then the inner op's cost
 *
 * A unit is bounded work, so the ratio between these is stable across
 * machines; the absolute figure is not (a Cortex-M0 is a thousand times
 * slower), which is why the slices below are estimates, not deadlines.
 * 0 for NULL.
 */
NBTLS_API uint32_t nbtls_op_unit_ns(const nbtls_op *op);

/**
 * The budget (work units) for one poll of `op` meant to run about
 * `microseconds` on the reference machine: microseconds * 1000 /
 * nbtls_op_unit_ns(op), rounded down, at least 1 (so a poll always makes
 * progress), at most UINT32_MAX. Monotone in `microseconds`; 1 for NULL.
 * Call it before each poll: a message-level sign/verify changes cost per
 * unit when its hashing phase ends.
 */
NBTLS_API uint32_t nbtls_op_budget_for_us(const nbtls_op *op,
                                          uint32_t microseconds);

/**
 * The size in bytes of the op's one allocation, header included (what the
 * allocator was asked for). Every op kind has a fixed size except the
 * message-level ones, which also hold a copy of the message:
 *
 *   kind (exact on x86-64 with 64-bit limbs, upper     bytes
 *   bounds on every 64-bit build: tests/op/test_op_info.c)
 *   NBTLS_OP_P256_KEYGEN                          352
 *   NBTLS_OP_P384_KEYGEN                         1024
 *   NBTLS_OP_X25519_KEYGEN                       1128
 *   NBTLS_OP_P256_ECDH                           1168
 *   NBTLS_OP_P384_ECDH                           2240
 *   NBTLS_OP_X25519_ECDH                         1152
 *   NBTLS_OP_P256_ECDSA_SIGN                     2088
 *   NBTLS_OP_P384_ECDSA_SIGN                     2952
 *   NBTLS_OP_P256_ECDSA_VERIFY                   1712
 *   NBTLS_OP_P384_ECDSA_VERIFY                   2544
 *   NBTLS_OP_RSA_VERIFY                          4264
 *   NBTLS_OP_SIGN P-256                           3056 + msg_len
 *   NBTLS_OP_SIGN P-384                           3920 + msg_len
 *   NBTLS_OP_VERIFY P-256                         2672 + msg_len
 *   NBTLS_OP_VERIFY P-384                         3504 + msg_len
 *   NBTLS_OP_VERIFY RSA                           5232 + msg_len
 *
 * 0 for NULL.
 *
 * Why there is no caller-owned placement (no nbtls_*_start_at(buf, size)):
 * the core places ops inside other ops (the message-level sign/verify
 * reserve room for their ECDSA or RSA op), but exporting that would not
 * give a caller an allocation-free op: the key pair kinds allocate the
 * key they return in their start function, and the ops keep what they
 * need of their key, so memory would still come from the allocator. It
 * would also freeze each kind's size and alignment into the ABI as a
 * promise on the caller's buffers, and a binding with a moving or
 * collecting heap would have to pin them. What an embedded or pooled
 * caller needs is instead: one allocation per op, made by its start
 * function only (poll never allocates), freed by nbtls_op_free(); its size
 * bounded by the table above; and the allocator hook (nbtls_set_allocator)
 * to serve it from a pool or an arena sized from these figures.
 */
NBTLS_API size_t nbtls_op_alloc_size(const nbtls_op *op);

#ifdef __cplusplus
}
#endif

#endif /* NBTLS_NBTLS_H */
