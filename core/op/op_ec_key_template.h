/*
 * core/op: key creation for one curve — keygen and import from a private
 * scalar (restartable ops), import from a public point (synchronous) —
 * written once: a template included (no include guard) by op_p256_key.c
 * and op_p384_key.c after the curve's bindings (ec/p256_curve.h,
 * ec/p384_curve.h), which define EC_NAME(x) (keygen_start,
 * key_from_private_start, the pubgen and decoder of op_ec_decl_template.h),
 * EC_KEY_NAME(x) (from_private, from_public), EC_LABEL, EC_BYTES, EC_SC,
 * EC_SC_FN(from_bytes), EC_KEY_TYPE and EC_KEY_MEMBER.
 *
 * Units: keygen and from_private = the public-point machine (comb +
 * inversion of Z + 1 final); keygen draws its scalar in its start call.
 */

/* Keygen draws this many candidate scalars in its start call (every RNG
 * call happens there, nbtls.h) and keeps the first in [1, n-1], chosen in
 * constant time. A candidate is rejected with probability below 2^-32
 * (P-256; 2^-190 for P-384), so all of them are only with probability below
 * 2^-128: NBTLS_E_RNG (a broken generator). */
#define KEYGEN_CANDIDATES 4

typedef struct {
    struct nbtls_key *key; /* first member: op.h take/release helpers */
    EC_NAME(pubgen) gen;
} keygen_state;

static int keygen_step(void *vst) {
    keygen_state *st = (keygen_state *)vst;
    return EC_NAME(pubgen_step)(&st->gen, st->key->u.EC_KEY_MEMBER.pub);
}

static const nbtls_op_vtable keygen_vt = {EC_LABEL "-keygen", keygen_step, NULL,
                                          nbtls_op_take_first_key,
                                          nbtls_op_release_first_key};

NBTLS_MUST_CHECK static int keygen_new(nbtls_op **op, keygen_state **st) {
    struct nbtls_key *key = nbtls_key_alloc(EC_KEY_TYPE);
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

int EC_NAME(keygen_start)(nbtls_op **op, nbtls_rng_fn rng, void *rng_ctx) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    unsigned char cand[KEYGEN_CANDIDATES][EC_BYTES], buf[EC_BYTES];
    EC_SC d;
    nbtls_limb found = 0;
    int rc;
    NBTLS_GUARD_GOTO(rc,
                     nbtls_rng_fill(rng, rng_ctx, &cand[0][0], sizeof(cand)));
    /* The first candidate in [1, n-1], selected in constant time (which
     * one it was is secret; whether there was one is public). */
    memset(buf, 0, sizeof(buf));
    for (size_t i = 0; i < KEYGEN_CANDIDATES; i++) {
        nbtls_limb ok = EC_SC_FN(from_bytes)(&d, cand[i]);
        unsigned char take =
            (unsigned char)nbtls_ct_barrier64((uint64_t)(ok & ~found));
        for (size_t j = 0; j < EC_BYTES; j++)
            buf[j] = (unsigned char)(buf[j] ^ (take & (buf[j] ^ cand[i][j])));
        found |= ok;
    }
    NBTLS_CT_PUBLIC(&found, sizeof(found));
    if (!found) {
        rc = NBTLS_E_RNG;
        goto cleanup;
    }
    keygen_state *st;
    NBTLS_GUARD_GOTO(rc, keygen_new(op, &st));
    memcpy(st->key->u.EC_KEY_MEMBER.priv, buf, EC_BYTES);
    EC_NAME(pubgen_start)(&st->gen, buf);
cleanup:
    nbtls_wipe(cand, sizeof(cand));
    nbtls_wipe(buf, sizeof(buf));
    nbtls_wipe(&d, sizeof(d));
    return rc;
}

int EC_NAME(key_from_private_start)(nbtls_op **op,
                                    const unsigned char priv[EC_BYTES]) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    NBTLS_ENSURE(priv != NULL, NBTLS_E_INVALID_ARG);
    EC_SC d;
    nbtls_limb ok = EC_SC_FN(from_bytes)(&d, priv);
    nbtls_wipe(&d, sizeof(d));
    /* Validity of the key is public (the caller learns it anyway). */
    NBTLS_CT_PUBLIC(&ok, sizeof(ok));
    NBTLS_ENSURE(ok, NBTLS_E_BAD_KEY);
    keygen_state *st;
    NBTLS_GUARD(keygen_new(op, &st));
    memcpy(st->key->u.EC_KEY_MEMBER.priv, priv, EC_BYTES);
    EC_NAME(pubgen_start)(&st->gen, priv);
    return NBTLS_DONE;
}

int EC_KEY_NAME(from_private)(nbtls_key **key,
                              const unsigned char priv[EC_BYTES]) {
    NBTLS_ENSURE(key != NULL, NBTLS_E_INVALID_ARG);
    *key = NULL;
    nbtls_op *op = NULL;
    int rc;
    NBTLS_GUARD_GOTO(rc, EC_NAME(key_from_private_start)(&op, priv));
    NBTLS_GUARD_GOTO(rc, nbtls_op_run(op));
    NBTLS_GUARD_GOTO(rc, nbtls_op_take_key(op, key));
cleanup:
    nbtls_op_free(op);
    return rc;
}

int EC_KEY_NAME(from_public)(nbtls_key **key, const unsigned char *sec1,
                             size_t len) {
    NBTLS_ENSURE(key != NULL, NBTLS_E_INVALID_ARG);
    *key = NULL;
    NBTLS_ENSURE(sec1 != NULL, NBTLS_E_INVALID_ARG);
    EC_NAME(decoder) dec;
    int rc;
    NBTLS_GUARD_GOTO(rc, EC_NAME(decoder_start)(&dec, sec1, len));
    do {
        rc = EC_NAME(decoder_step)(&dec);
    } while (rc == NBTLS_IN_PROGRESS);
    if (rc < 0) goto cleanup;
    struct nbtls_key *k = nbtls_key_alloc(EC_KEY_TYPE);
    if (k == NULL) {
        rc = NBTLS_E_NO_MEMORY;
        goto cleanup;
    }
    k->has_private = 0;
    EC_NAME(affine_encode)(k->u.EC_KEY_MEMBER.pub, &dec.q);
    *key = k;
    rc = NBTLS_DONE;
cleanup:
    nbtls_wipe(&dec, sizeof(dec));
    return rc;
}

#undef KEYGEN_CANDIDATES
