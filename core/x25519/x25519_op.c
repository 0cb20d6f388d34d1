/*
 * core/x25519: X25519 keys and operations — import (synchronous), keygen
 * and ECDH (restartable, NBTLS_X25519_UNITS = 273 units each).
 */
#include "x25519/x25519_op.h"

#include "x25519/x25519_ladder.h"

/* RFC 7748 section 4.1: the base point u = 9. */
static const unsigned char BASE_U[32] = {9};

int nbtls_key_x25519_from_private(nbtls_key **key,
                                  const unsigned char priv[32]) {
    NBTLS_ENSURE(key != NULL, NBTLS_E_INVALID_ARG);
    *key = NULL;
    NBTLS_ENSURE(priv != NULL, NBTLS_E_INVALID_ARG);
    struct nbtls_key *k = nbtls_key_alloc(NBTLS_KEY_X25519);
    NBTLS_ENSURE(k != NULL, NBTLS_E_NO_MEMORY);
    memcpy(k->u.x25519.priv, priv, 32);
    k->has_private = 1;
    /* X25519(k, 9) is never zero for a clamped k (a non-zero multiple of 8
     * below the group order times 8): a zero here is a fault. */
    int rc = nbtls_x25519(k->u.x25519.pub, priv, BASE_U);
    if (rc != NBTLS_DONE) {
        nbtls_key_free(k);
        return NBTLS_E_INTERNAL;
    }
    NBTLS_CT_PUBLIC(k->u.x25519.pub, 32);
    *key = k;
    return NBTLS_DONE;
}

int nbtls_key_x25519_from_public(nbtls_key **key, const unsigned char pub[32]) {
    NBTLS_ENSURE(key != NULL, NBTLS_E_INVALID_ARG);
    *key = NULL;
    NBTLS_ENSURE(pub != NULL, NBTLS_E_INVALID_ARG);
    struct nbtls_key *k = nbtls_key_alloc(NBTLS_KEY_X25519);
    NBTLS_ENSURE(k != NULL, NBTLS_E_NO_MEMORY);
    memcpy(k->u.x25519.pub, pub, 32);
    k->u.x25519.pub[31] &= 0x7f; /* RFC 7748: the top bit is ignored */
    k->has_private = 0;
    *key = k;
    return NBTLS_DONE;
}

/* ---- keygen ------------------------------------------------------------- */

typedef struct {
    struct nbtls_key *key; /* allocated by start, moved out by take_key */
    nbtls_x25519_ladder ladder;
} keygen_state;

static int keygen_step(void *vst) {
    keygen_state *st = (keygen_state *)vst;
    int rc = nbtls_x25519_ladder_step(&st->ladder, st->key->u.x25519.pub);
    if (rc == NBTLS_DONE) NBTLS_CT_PUBLIC(st->key->u.x25519.pub, 32);
    /* A zero public key from a clamped scalar is impossible: a fault. */
    return rc == NBTLS_E_BAD_KEY ? NBTLS_E_INTERNAL : rc;
}

static const nbtls_op_vtable keygen_vt = {"x25519-keygen", keygen_step, NULL,
                                          nbtls_op_take_first_key,
                                          nbtls_op_release_first_key};

int nbtls_x25519_keygen_start(nbtls_op **op, nbtls_rng_fn rng, void *rng_ctx) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    unsigned char k[32];
    struct nbtls_key *key = NULL;
    int rc;
    NBTLS_GUARD_GOTO(rc, nbtls_rng_fill(rng, rng_ctx, k, sizeof(k)));
    key = nbtls_key_alloc(NBTLS_KEY_X25519);
    if (key == NULL) {
        rc = NBTLS_E_NO_MEMORY;
        goto cleanup;
    }
    NBTLS_GUARD_GOTO(rc, nbtls_op_new(op, &keygen_vt, sizeof(keygen_state)));
    keygen_state *st = (keygen_state *)nbtls_op_state(*op);
    memcpy(key->u.x25519.priv, k, 32);
    key->has_private = 1;
    st->key = key;
    key = NULL;
    nbtls_x25519_ladder_start(&st->ladder, k, BASE_U);
cleanup:
    nbtls_key_free(key);
    nbtls_wipe(k, sizeof(k));
    return rc;
}

/* ---- ECDH --------------------------------------------------------------- */

typedef struct {
    nbtls_x25519_ladder ladder;
    unsigned char out[32];
} ecdh_state;

static int ecdh_step(void *vst) {
    ecdh_state *st = (ecdh_state *)vst;
    int rc = nbtls_x25519_ladder_step(&st->ladder, st->out);
    /* The shared secret leaves the library (as for P-256). */
    if (rc == NBTLS_DONE) NBTLS_CT_PUBLIC(st->out, sizeof(st->out));
    return rc;
}

static int ecdh_result(const void *vst, unsigned char *out, size_t out_size,
                       size_t *out_len) {
    const ecdh_state *st = (const ecdh_state *)vst;
    return nbtls_copy_out(st->out, sizeof(st->out), out, out_size, out_len);
}

static const nbtls_op_vtable ecdh_vt = {"x25519-ecdh", ecdh_step, ecdh_result,
                                        NULL, NULL};

int nbtls_x25519_ecdh_start(struct nbtls_op **op, const struct nbtls_key *priv,
                            const unsigned char *peer, size_t peer_len) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    NBTLS_ENSURE(priv != NULL && peer != NULL, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(priv->type == NBTLS_KEY_X25519 && priv->has_private,
                 NBTLS_E_BAD_KEY);
    NBTLS_ENSURE(peer_len == NBTLS_X25519_KEY_LEN, NBTLS_E_BAD_KEY);
    NBTLS_GUARD(nbtls_op_new(op, &ecdh_vt, sizeof(ecdh_state)));
    ecdh_state *st = (ecdh_state *)nbtls_op_state(*op);
    nbtls_x25519_ladder_start(&st->ladder, priv->u.x25519.priv, peer);
    return NBTLS_DONE;
}
