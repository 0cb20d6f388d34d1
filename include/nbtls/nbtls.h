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
 * call that fails sets *op to NULL (when op itself is not NULL). The caller
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
 * operation and wipes every secret it held.
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
 * system's generator (getrandom / getentropy). It is only ever called from
 * inside the start or poll call that was given it, never afterwards.
 */
typedef int (*nbtls_rng_fn)(void *ctx, unsigned char *out, size_t len);

/* ---- Keys ---------------------------------------------------------------- */

/** An immutable key (public, or private with its public half). */
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
 * (with *out_len set to the size needed) if out_size is too small.
 */
NBTLS_API int nbtls_key_export_private(const nbtls_key *key, unsigned char *out,
                                       size_t out_size, size_t *out_len);

/** Export the public point (65/97-byte SEC1 uncompressed for P-256/P-384; the
 *  32-byte u coordinate for X25519). Errors as for
 *  nbtls_key_export_private(). */
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
 * rejection sampling. Result: nbtls_op_take_key().
 */
NBTLS_API int nbtls_p256_keygen_start(nbtls_op **op, nbtls_rng_fn rng,
                                      void *rng_ctx);

/**
 * Generate a P-384 key pair, as nbtls_p256_keygen_start(). Result:
 * nbtls_op_take_key(). Work units for P-384 (x86-64): keygen 178, ECDSA
 * sign 217 with a SHA-384 digest, verify about 556, ECDH 518 (552 with a
 * compressed peer point).
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
 * the curve is the key's). The digest may have any length >= 1 and is
 * truncated to the bit length of n as FIPS 186-5 says. The nonce is derived per
 * RFC 6979 and hedged with 32 bytes from `rng` (NULL: the OS) as RFC 6979
 * section 3.6 allows, so a broken RNG cannot leak the key and a fault cannot
 * repeat a nonce. RFC 6979's HMAC_DRBG uses the hash that matches the digest
 * length: 20 bytes SHA-1, 28 SHA-224, 32 SHA-256, 48 SHA-384, 64 SHA-512, any
 * other SHA-256. The signature is checked for consistency before it is released
 * (NBTLS_E_INTERNAL if not). Result: nbtls_op_result().
 */
NBTLS_API int nbtls_ecdsa_sign_start(nbtls_op **op, const nbtls_key *priv,
                                     const unsigned char *hash, size_t hash_len,
                                     nbtls_rng_fn rng, void *rng_ctx);

/** As nbtls_ecdsa_sign_start() but purely deterministic RFC 6979 (no RNG
 *  input): the same key and digest always give the same signature. */
NBTLS_API int nbtls_ecdsa_sign_deterministic_start(nbtls_op **op,
                                                   const nbtls_key *priv,
                                                   const unsigned char *hash,
                                                   size_t hash_len);

/**
 * ECDSA verification of a raw r || s signature (64 bytes for P-256, 96 for
 * P-384) over a digest of any length >= 1. A wrong signature length is
 * NBTLS_E_INVALID_ARG here; r or s outside [1, n-1] and every signature that
 * does not verify end the op with NBTLS_E_BAD_SIGNATURE. The op finishing with
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
 * the message (hash_len must be the digest length). `sig_len` must be the
 * modulus length in bytes. Errors here: NBTLS_E_INVALID_ARG (NULL, bad
 * padding, wrong hash or signature length), NBTLS_E_BAD_KEY (not an RSA
 * key), NBTLS_E_UNSUPPORTED (unknown hash). Every signature that does not
 * verify (including s >= n) ends the op with NBTLS_E_BAD_SIGNATURE;
 * NBTLS_DONE means valid. Work units: the Montgomery multiplications (of
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

/* The longest signature nbtls_sign_start() produces (a DER ECDSA P-384
 * signature: SEQUENCE of two INTEGERs of up to 49 bytes). */
#define NBTLS_SIGNATURE_MAX_LEN 104

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
 * NULL: the OS; it is called while polling). RSA schemes need an RSA
 * private key, which nbtls does not hold (NBTLS_E_BAD_KEY): RSA servers
 * delegate to an external signer. Errors here as nbtls_verify_start(), and
 * NBTLS_E_BAD_KEY for a key without its private part. Work units: 512
 * message bytes per unit, then the ECDSA units. Result: nbtls_op_result().
 */
NBTLS_API int nbtls_sign_start(nbtls_op **op, const nbtls_key *key,
                               uint16_t scheme, const unsigned char *msg,
                               size_t msg_len, nbtls_rng_fn rng, void *rng_ctx);

/**
 * Advance `op` by at most `budget` work units (0: no limit) and return its
 * status: NBTLS_IN_PROGRESS, NBTLS_DONE, or the error that ended it. Once
 * the op has finished, further polls return the same final status and do
 * nothing. Never allocates.
 */
NBTLS_API int nbtls_op_poll(nbtls_op *op, uint32_t budget);

/**
 * Copy a finished op's byte result (shared secret, signature) to out.
 * NBTLS_E_BAD_STATE before NBTLS_DONE or for ops with no byte result;
 * NBTLS_E_BUFFER_TOO_SMALL with *out_len set to the size needed.
 */
NBTLS_API int nbtls_op_result(const nbtls_op *op, unsigned char *out,
                              size_t out_size, size_t *out_len);

/**
 * Move a finished key-producing op's key to *key (the caller frees it with
 * nbtls_key_free). Only once: NBTLS_E_BAD_STATE before NBTLS_DONE, for ops
 * that produce no key, or after the key was taken.
 */
NBTLS_API int nbtls_op_take_key(nbtls_op *op, nbtls_key **key);

/** Work units the op has spent so far (for calibrating budgets to time). */
NBTLS_API uint64_t nbtls_op_units(const nbtls_op *op);

/** Cancel (if unfinished) and free an op, wiping every secret it held.
 *  NULL is a no-op. */
NBTLS_API void nbtls_op_free(nbtls_op *op);

#ifdef __cplusplus
}
#endif

#endif /* NBTLS_NBTLS_H */
