/*
 * core/op: signing and verification by TLS 1.3 SignatureScheme over a whole
 * message (nbtls_sign_start / nbtls_verify_start).
 *
 * The op hashes the message (copied at start) HASH_CHUNK bytes per work
 * unit, then starts the digest-based ECDSA or RSA op INSIDE its own
 * allocation (placement, op.h) and runs it one unit per step, so poll
 * still never allocates and the whole op is one allocation:
 *
 *   [op header][scheme_state][inner op, reserved at its kind's size][msg]
 *
 * Units: ceil(msg_len / 512) (at least 1) for the hash, 1 to start the
 * inner op (an RNG draw for a hedged signature), then the inner op's.
 *
 * Wire formats: ECDSA signatures are DER (asn1/ecdsa_der.h), converted to
 * and from the raw r || s of the ECDSA ops; RSA signatures are the
 * modulus-length octet string. A verification whose signature cannot be
 * valid (malformed DER, an RSA signature of the wrong length) is not an
 * argument error: the op ends with NBTLS_E_BAD_SIGNATURE, at its first
 * poll, exactly like a signature that fails the math.
 *
 * The op takes a reference to the key at start (key/key.h), so the caller
 * may free its own while the op runs; the reference is dropped as soon as
 * the inner op has taken what it needs (its own reference, or a copy of
 * the public values), or when the op is freed before that.
 */
#include "asn1/ecdsa_der.h"
#include "hash/hash.h"
#include "key/key.h"
#include "op/op_sig.h"
#include "rsa/rsa.h"

#define HASH_CHUNK 512

enum { K_ECDSA_SIGN = 1, K_ECDSA_VERIFY, K_RSA_VERIFY };
enum { PH_HASH = 0, PH_START, PH_INNER };

typedef struct {
    uint16_t scheme;
    int key_type; /* NBTLS_KEY_* the scheme needs */
    int hash_alg; /* NBTLS_SHA* */
    int rsa_padding;
} scheme_info;

typedef struct {
    uint8_t phase;
    uint8_t kind; /* K_* */
    uint8_t bad;  /* verify: the signature cannot be valid */
    uint8_t inner_live;
    scheme_info info;
    struct nbtls_key *key; /* a reference, dropped once the inner op started */
    nbtls_rng_fn rng;
    void *rng_ctx;
    nbtls_hash_state hash;
    unsigned char digest[64];
    size_t sig_len;
    unsigned char sig[NBTLS_RSA_MAX_BYTES]; /* raw r || s, or RSA */
    size_t msg_len, msg_done;
    unsigned char *msg;     /* into the tail of this allocation */
    nbtls_op_place place;   /* the inner op's reserved room */
    struct nbtls_op *inner; /* once started */
} scheme_state;

/* The schemes nbtls implements. */
static const scheme_info schemes[] = {
    {NBTLS_SIG_ECDSA_SECP256R1_SHA256, NBTLS_KEY_P256, NBTLS_SHA256, 0},
    {NBTLS_SIG_ECDSA_SECP384R1_SHA384, NBTLS_KEY_P384, NBTLS_SHA384, 0},
    {NBTLS_SIG_RSA_PKCS1_SHA256, NBTLS_KEY_RSA, NBTLS_SHA256,
     NBTLS_RSA_PKCS1_V15},
    {NBTLS_SIG_RSA_PKCS1_SHA384, NBTLS_KEY_RSA, NBTLS_SHA384,
     NBTLS_RSA_PKCS1_V15},
    {NBTLS_SIG_RSA_PKCS1_SHA512, NBTLS_KEY_RSA, NBTLS_SHA512,
     NBTLS_RSA_PKCS1_V15},
    {NBTLS_SIG_RSA_PSS_RSAE_SHA256, NBTLS_KEY_RSA, NBTLS_SHA256, NBTLS_RSA_PSS},
    {NBTLS_SIG_RSA_PSS_RSAE_SHA384, NBTLS_KEY_RSA, NBTLS_SHA384, NBTLS_RSA_PSS},
    {NBTLS_SIG_RSA_PSS_RSAE_SHA512, NBTLS_KEY_RSA, NBTLS_SHA512, NBTLS_RSA_PSS},
};

static const scheme_info *scheme_find(uint16_t scheme) {
    for (size_t i = 0; i < NBTLS_ARRAY_LEN(schemes); i++)
        if (schemes[i].scheme == scheme) return &schemes[i];
    return NULL;
}

/* Room for the inner op of `kind` on a key of `key_type`. */
static size_t inner_size(int kind, int key_type) {
    if (kind == K_RSA_VERIFY) return nbtls_rsa_verify_size();
    return kind == K_ECDSA_SIGN ? nbtls_ecdsa_sign_size(key_type)
                                : nbtls_ecdsa_verify_size(key_type);
}

NBTLS_MUST_CHECK static int inner_start(scheme_state *st) {
    size_t dlen = nbtls_hash_alg_len(st->info.hash_alg);
    const struct nbtls_key *k = st->key;
    switch (st->kind) {
    case K_ECDSA_SIGN:
        return nbtls_ecdsa_sign_at(&st->inner, &st->place, k, st->digest, dlen,
                                   1, st->rng, st->rng_ctx);
    case K_ECDSA_VERIFY:
        return nbtls_ecdsa_verify_at(&st->inner, &st->place, k, st->digest,
                                     dlen, st->sig, st->sig_len);
    default:
        return nbtls_rsa_verify_at(&st->inner, &st->place, k,
                                   st->info.rsa_padding, st->info.hash_alg,
                                   st->digest, dlen, st->sig, st->sig_len);
    }
}

static int scheme_step(void *vst) {
    scheme_state *st = (scheme_state *)vst;
    switch (st->phase) {
    case PH_HASH: {
        NBTLS_ENSURE(!st->bad, NBTLS_E_BAD_SIGNATURE);
        size_t n = st->msg_len - st->msg_done;
        if (n > HASH_CHUNK) n = HASH_CHUNK;
        nbtls_hash_state_update(&st->hash, st->msg + st->msg_done, n);
        st->msg_done += n;
        if (st->msg_done == st->msg_len) {
            nbtls_hash_state_final(&st->hash, st->digest);
            st->phase = PH_START;
        }
        return NBTLS_IN_PROGRESS;
    }
    case PH_START: {
        int rc = inner_start(st);
        nbtls_key_free(st->key); /* the inner op has what it needs */
        st->key = NULL;
        NBTLS_GUARD(rc);
        st->inner_live = 1;
        st->phase = PH_INNER;
        return NBTLS_IN_PROGRESS;
    }
    default: {
        int rc = nbtls_op_poll(st->inner, 1);
        /* The inner kinds end only in DONE or an error. */
        return rc == NBTLS_DONE || rc < 0 ? rc : NBTLS_IN_PROGRESS;
    }
    }
}

static int scheme_result(const void *vst, unsigned char *out, size_t out_size,
                         size_t *out_len) {
    const scheme_state *st = (const scheme_state *)vst;
    NBTLS_ENSURE(st->kind == K_ECDSA_SIGN, NBTLS_E_BAD_STATE);
    unsigned char raw[2 * 48];
    size_t L = nbtls_ecdsa_order_len(st->info.key_type), raw_len;
    int rc = nbtls_op_result(st->inner, raw, sizeof(raw), &raw_len);
    if (rc == NBTLS_DONE)
        rc = raw_len == 2 * L
                 ? nbtls_ecdsa_raw_to_der(raw, L, out, out_size, out_len)
                 : NBTLS_E_INTERNAL;
    return rc;
}

static void scheme_release(void *vst) {
    scheme_state *st = (scheme_state *)vst;
    if (st->inner_live) nbtls_op_free(st->inner); /* embedded: wipe only */
    st->inner = NULL;
    st->inner_live = 0;
    nbtls_key_free(st->key); /* freed before the inner op started */
    st->key = NULL;
}

static const nbtls_op_vtable sign_vt = {"scheme-sign", scheme_step,
                                        scheme_result, NULL, scheme_release};
static const nbtls_op_vtable verify_vt = {"scheme-verify", scheme_step, NULL,
                                          NULL, scheme_release};

#define ALIGN16(x) (((x) + 15u) & ~(size_t)15u)

/* Shared start: scheme and key checks, the one allocation, the copies. */
NBTLS_MUST_CHECK static int scheme_start(nbtls_op **op, const nbtls_key *key,
                                         uint16_t scheme, int kind,
                                         const unsigned char *msg,
                                         size_t msg_len, scheme_state **out) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    NBTLS_ENSURE(key != NULL && (msg != NULL || msg_len == 0),
                 NBTLS_E_INVALID_ARG);
    const scheme_info *info = scheme_find(scheme);
    NBTLS_ENSURE(info != NULL, NBTLS_E_UNSUPPORTED);
    NBTLS_ENSURE(key->type == info->key_type, NBTLS_E_BAD_KEY);
    if (kind == K_ECDSA_SIGN)
        NBTLS_ENSURE(info->key_type != NBTLS_KEY_RSA && key->has_private,
                     NBTLS_E_BAD_KEY);
    size_t off_inner = ALIGN16(sizeof(scheme_state));
    size_t cap = ALIGN16(inner_size(kind, key->type));
    NBTLS_ENSURE(cap > 0, NBTLS_E_UNSUPPORTED);
    NBTLS_ENSURE(msg_len <= SIZE_MAX - off_inner - cap - 64,
                 NBTLS_E_INVALID_ARG);
    NBTLS_GUARD(nbtls_op_new(op, kind == K_ECDSA_SIGN ? &sign_vt : &verify_vt,
                             off_inner + cap + msg_len));
    scheme_state *st = (scheme_state *)nbtls_op_state(*op);
    unsigned char *base = (unsigned char *)st;
    st->kind = (uint8_t)kind;
    st->info = *info;
    st->key = nbtls_key_ref(key);
    st->place.mem = base + off_inner;
    st->place.cap = cap;
    st->msg = base + off_inner + cap;
    st->msg_len = msg_len;
    if (msg_len > 0) memcpy(st->msg, msg, msg_len);
    int rc = nbtls_hash_state_init(&st->hash, info->hash_alg);
    if (rc != NBTLS_DONE) {
        nbtls_op_free(*op);
        *op = NULL;
        return NBTLS_E_INTERNAL;
    }
    st->phase = PH_HASH;
    *out = st;
    return NBTLS_DONE;
}

int nbtls_sign_start(nbtls_op **op, const nbtls_key *key, uint16_t scheme,
                     const unsigned char *msg, size_t msg_len, nbtls_rng_fn rng,
                     void *rng_ctx) {
    scheme_state *st;
    NBTLS_GUARD(scheme_start(op, key, scheme, K_ECDSA_SIGN, msg, msg_len, &st));
    st->rng = rng;
    st->rng_ctx = rng_ctx;
    return NBTLS_DONE;
}

int nbtls_verify_start(nbtls_op **op, const nbtls_key *key, uint16_t scheme,
                       const unsigned char *msg, size_t msg_len,
                       const unsigned char *sig, size_t sig_len) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    NBTLS_ENSURE(sig != NULL && key != NULL, NBTLS_E_INVALID_ARG);
    const scheme_info *info = scheme_find(scheme);
    int kind = info != NULL && info->key_type == NBTLS_KEY_RSA ? K_RSA_VERIFY
                                                               : K_ECDSA_VERIFY;
    scheme_state *st;
    NBTLS_GUARD(scheme_start(op, key, scheme, kind, msg, msg_len, &st));
    if (kind == K_RSA_VERIFY) {
        /* RSASSA verification step 1 (RFC 8017 8.1.2, 8.2.2): the
         * signature is exactly k bytes, else "invalid signature". */
        st->bad = sig_len != key->u.rsa.n_len;
        if (!st->bad) memcpy(st->sig, sig, sig_len);
        st->sig_len = sig_len;
    } else {
        size_t L = nbtls_ecdsa_order_len(key->type);
        st->bad =
            nbtls_ecdsa_der_to_raw(st->sig, L, sig, sig_len) != NBTLS_DONE;
        st->sig_len = 2 * L;
    }
    return NBTLS_DONE;
}
