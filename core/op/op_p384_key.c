/*
 * core/op: P-384 key creation — keygen and import from a private scalar
 * (restartable), import from a public point (synchronous).
 *
 * Units: keygen = 1 per RNG draw (usually 1) + 143 comb + 33 inversion +
 * 1 final = 178; from_private = 177.
 */
#include "op/op_p384.h"

/* Rejection sampling gives up after this many draws (a draw is rejected
 * with probability about 2^-190; only a broken RNG gets there). */
#define KEYGEN_MAX_DRAWS 64

typedef struct {
    struct nbtls_key *key; /* first member: op.h take/release helpers */
    nbtls_rng_fn rng;
    void *rng_ctx;
    uint8_t phase; /* 0: draw, 1: public point */
    uint8_t draws;
    nbtls_p384_pubgen gen;
} keygen_state;

static int keygen_step(void *vst) {
    keygen_state *st = (keygen_state *)vst;
    if (st->phase == 0) {
        unsigned char buf[48];
        nbtls_p384_sc d;
        int rc = nbtls_rng_fill(st->rng, st->rng_ctx, buf, sizeof(buf));
        if (rc < 0) {
            nbtls_wipe(buf, sizeof(buf));
            return NBTLS_E_RNG;
        }
        /* The draw is secret; whether it is in [1, n-1] is public. */
        nbtls_limb ok = nbtls_p384_sc_from_bytes(&d, buf);
        NBTLS_CT_PUBLIC(&ok, sizeof(ok));
        if (ok) {
            memcpy(st->key->u.p384.priv, buf, 48);
            nbtls_p384_pubgen_start(&st->gen, buf);
            st->phase = 1;
        } else if (++st->draws >= KEYGEN_MAX_DRAWS) {
            rc = NBTLS_E_RNG;
        }
        nbtls_wipe(buf, sizeof(buf));
        nbtls_wipe(&d, sizeof(d));
        return rc < 0 ? rc : NBTLS_IN_PROGRESS;
    }
    return nbtls_p384_pubgen_step(&st->gen, st->key->u.p384.pub);
}

static const nbtls_op_vtable keygen_vt = {"p384-keygen", keygen_step, NULL,
                                          nbtls_op_take_first_key,
                                          nbtls_op_release_first_key};

NBTLS_MUST_CHECK static int keygen_new(nbtls_op **op, keygen_state **st) {
    struct nbtls_key *key = nbtls_key_alloc(NBTLS_KEY_P384);
    NBTLS_ENSURE(key != NULL, NBTLS_E_NO_MEMORY);
    int rc = nbtls_op_new(op, &keygen_vt, sizeof(keygen_state));
    if (rc < 0) {
        nbtls_key_free(key);
        return rc;
    }
    *st = (keygen_state *)nbtls_op_state(*op);
    (*st)->key = key;
    key->has_private = 1;
    return NBTLS_DONE;
}

int nbtls_p384_keygen_start(nbtls_op **op, nbtls_rng_fn rng, void *rng_ctx) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    keygen_state *st;
    NBTLS_GUARD(keygen_new(op, &st));
    st->rng = rng;
    st->rng_ctx = rng_ctx;
    st->phase = 0;
    return NBTLS_DONE;
}

int nbtls_p384_key_from_private_start(nbtls_op **op,
                                      const unsigned char priv[48]) {
    NBTLS_ENSURE(op != NULL && priv != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    nbtls_p384_sc d;
    nbtls_limb ok = nbtls_p384_sc_from_bytes(&d, priv);
    nbtls_wipe(&d, sizeof(d));
    NBTLS_CT_PUBLIC(&ok, sizeof(ok)); /* the caller learns it anyway */
    NBTLS_ENSURE(ok, NBTLS_E_BAD_KEY);
    keygen_state *st;
    NBTLS_GUARD(keygen_new(op, &st));
    memcpy(st->key->u.p384.priv, priv, 48);
    nbtls_p384_pubgen_start(&st->gen, priv);
    st->phase = 1;
    return NBTLS_DONE;
}

int nbtls_key_p384_from_private(nbtls_key **key, const unsigned char priv[48]) {
    NBTLS_ENSURE(key != NULL, NBTLS_E_INVALID_ARG);
    *key = NULL;
    nbtls_op *op = NULL;
    int rc;
    NBTLS_GUARD_GOTO(rc, nbtls_p384_key_from_private_start(&op, priv));
    NBTLS_GUARD_GOTO(rc, nbtls_op_run(op));
    NBTLS_GUARD_GOTO(rc, nbtls_op_take_key(op, key));
cleanup:
    nbtls_op_free(op);
    return rc;
}

int nbtls_key_p384_from_public(nbtls_key **key, const unsigned char *sec1,
                               size_t len) {
    NBTLS_ENSURE(key != NULL && sec1 != NULL, NBTLS_E_INVALID_ARG);
    *key = NULL;
    nbtls_p384_decoder dec;
    int rc;
    NBTLS_GUARD_GOTO(rc, nbtls_p384_decoder_start(&dec, sec1, len));
    do {
        rc = nbtls_p384_decoder_step(&dec);
    } while (rc == NBTLS_IN_PROGRESS);
    if (rc < 0) goto cleanup;
    struct nbtls_key *k = nbtls_key_alloc(NBTLS_KEY_P384);
    if (k == NULL) {
        rc = NBTLS_E_NO_MEMORY;
        goto cleanup;
    }
    k->has_private = 0;
    nbtls_p384_affine_encode(k->u.p384.pub, &dec.q);
    *key = k;
    rc = NBTLS_DONE;
cleanup:
    nbtls_wipe(&dec, sizeof(dec));
    return rc;
}
