/* core/key: key objects — allocation, export, queries, free. */
#include "key/key.h"

#include "rsa/rsa.h"

struct nbtls_key *nbtls_key_alloc(int type) {
    struct nbtls_key *k = (struct nbtls_key *)nbtls_calloc(sizeof(*k));
    if (k != NULL) {
        nbtls_refs_init(&k->refs);
        k->type = type;
    }
    return k;
}

nbtls_key *nbtls_key_up_ref(const nbtls_key *key) {
    return key != NULL ? nbtls_key_ref(key) : NULL;
}

void nbtls_key_free(nbtls_key *key) {
    if (key == NULL || !nbtls_refs_down(&key->refs)) return;
    /* The last reference: the whole object is wiped (it holds the private
     * scalar). */
    nbtls_free_wipe(key, sizeof(*key));
}

int nbtls_key_type(const nbtls_key *key) {
    NBTLS_ENSURE(key != NULL, NBTLS_E_INVALID_ARG);
    return key->type;
}

int nbtls_key_has_private(const nbtls_key *key) {
    NBTLS_ENSURE(key != NULL, NBTLS_E_INVALID_ARG);
    return key->has_private ? 1 : 0;
}

int nbtls_key_bits(const nbtls_key *key) {
    NBTLS_ENSURE(key != NULL, NBTLS_E_INVALID_ARG);
    switch (key->type) {
    case NBTLS_KEY_P256: return 256;
    case NBTLS_KEY_P384: return 384;
    case NBTLS_KEY_X25519: return 255;
    case NBTLS_KEY_RSA: return key->u.rsa.bits;
    default: return NBTLS_E_UNSUPPORTED;
    }
}

int nbtls_key_export_private(const nbtls_key *key, unsigned char *out,
                             size_t out_size, size_t *out_len) {
    NBTLS_ENSURE(key != NULL && out_len != NULL, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(key->has_private, NBTLS_E_BAD_KEY);
    switch (key->type) {
    case NBTLS_KEY_P256:
        return nbtls_copy_out(key->u.p256.priv, sizeof(key->u.p256.priv), out,
                              out_size, out_len);
    case NBTLS_KEY_P384:
        return nbtls_copy_out(key->u.p384.priv, sizeof(key->u.p384.priv), out,
                              out_size, out_len);
    case NBTLS_KEY_X25519:
        return nbtls_copy_out(key->u.x25519.priv, sizeof(key->u.x25519.priv),
                              out, out_size, out_len);
    default: return NBTLS_E_UNSUPPORTED;
    }
}

int nbtls_key_export_public(const nbtls_key *key, unsigned char *out,
                            size_t out_size, size_t *out_len) {
    NBTLS_ENSURE(key != NULL && out_len != NULL, NBTLS_E_INVALID_ARG);
    switch (key->type) {
    case NBTLS_KEY_P256:
        return nbtls_copy_out(key->u.p256.pub, sizeof(key->u.p256.pub), out,
                              out_size, out_len);
    case NBTLS_KEY_P384:
        return nbtls_copy_out(key->u.p384.pub, sizeof(key->u.p384.pub), out,
                              out_size, out_len);
    case NBTLS_KEY_X25519:
        return nbtls_copy_out(key->u.x25519.pub, sizeof(key->u.x25519.pub), out,
                              out_size, out_len);
    case NBTLS_KEY_RSA:
        return nbtls_rsa_export_public(key, out, out_size, out_len);
    default: return NBTLS_E_UNSUPPORTED;
    }
}
