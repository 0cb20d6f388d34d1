/* core/tls: the TLS 1.3 key schedule (see keysched.h). */
#include "tls/keysched.h"

#define LABEL(s) (const unsigned char *)(s), (sizeof(s) - 1)

static size_t ks_hash_len(int hash) {
    return hash == NBTLS_SHA256 ? 32u : hash == NBTLS_SHA384 ? 48u : 0u;
}

/* Derive-Secret(secret, label, "") with the hash of the empty string. */
static int derive_empty(int hash, const unsigned char *secret,
                        const unsigned char *label, size_t label_len,
                        unsigned char *out) {
    unsigned char empty[NBTLS_HASH_MAX_LEN];
    size_t hlen = ks_hash_len(hash), n;
    NBTLS_GUARD(nbtls_hash(hash, NULL, 0, empty, sizeof empty, &n));
    return nbtls_tls13_derive_secret(hash, secret, hlen, label, label_len,
                                     empty, hlen, out, hlen, &n);
}

static int derive(const nbtls_tls_keysched *ks, const unsigned char *secret,
                  const unsigned char *label, size_t label_len,
                  const unsigned char *th, unsigned char *out) {
    size_t n;
    return nbtls_tls13_derive_secret(ks->hash, secret, ks->hlen, label,
                                     label_len, th, ks->hlen, out, ks->hlen,
                                     &n);
}

void nbtls_tls_ks_wipe(nbtls_tls_keysched *ks) {
    nbtls_wipe(ks, sizeof *ks);
}

int nbtls_tls_ks_init(nbtls_tls_keysched *ks, int hash,
                      const unsigned char *psk, size_t psk_len) {
    unsigned char zeros[NBTLS_HASH_MAX_LEN] = {0};
    size_t hlen = ks_hash_len(hash), n;
    NBTLS_ENSURE(hlen != 0, NBTLS_E_UNSUPPORTED);
    NBTLS_ENSURE(psk || psk_len == 0, NBTLS_E_INVALID_ARG);
    nbtls_tls_ks_wipe(ks);
    ks->hash = hash;
    ks->hlen = hlen;
    int rc = nbtls_hkdf_extract(hash, NULL, 0, psk_len ? psk : zeros,
                                psk_len ? psk_len : hlen, ks->early,
                                sizeof ks->early, &n);
    if (rc < 0) {
        nbtls_tls_ks_wipe(ks);
        return rc;
    }
    ks->stage = NBTLS_TLS_KS_EARLY;
    return 0;
}

int nbtls_tls_ks_handshake(nbtls_tls_keysched *ks, const unsigned char *ecdhe,
                           size_t ecdhe_len, const unsigned char *th_ch_sh) {
    unsigned char salt[NBTLS_HASH_MAX_LEN];
    size_t n;
    int rc;
    NBTLS_ENSURE(ks->stage == NBTLS_TLS_KS_EARLY, NBTLS_E_BAD_STATE);
    NBTLS_ENSURE(ecdhe && ecdhe_len && th_ch_sh, NBTLS_E_INVALID_ARG);
    NBTLS_GUARD_GOTO(rc,
                     derive_empty(ks->hash, ks->early, LABEL("derived"), salt));
    NBTLS_GUARD_GOTO(rc, nbtls_hkdf_extract(ks->hash, salt, ks->hlen, ecdhe,
                                            ecdhe_len, ks->handshake,
                                            sizeof ks->handshake, &n));
    NBTLS_GUARD_GOTO(rc, derive(ks, ks->handshake, LABEL("c hs traffic"),
                                th_ch_sh, ks->c_hs));
    NBTLS_GUARD_GOTO(rc, derive(ks, ks->handshake, LABEL("s hs traffic"),
                                th_ch_sh, ks->s_hs));
    nbtls_wipe(ks->early, sizeof ks->early);
    ks->stage = NBTLS_TLS_KS_HANDSHAKE;
cleanup:
    nbtls_wipe(salt, sizeof salt);
    if (rc < 0) {
        nbtls_wipe(ks->handshake, sizeof ks->handshake);
        nbtls_wipe(ks->c_hs, sizeof ks->c_hs);
        nbtls_wipe(ks->s_hs, sizeof ks->s_hs);
    }
    return rc;
}

int nbtls_tls_ks_master(nbtls_tls_keysched *ks, const unsigned char *th_ch_sf) {
    unsigned char salt[NBTLS_HASH_MAX_LEN];
    unsigned char zeros[NBTLS_HASH_MAX_LEN] = {0};
    size_t n;
    int rc;
    NBTLS_ENSURE(ks->stage == NBTLS_TLS_KS_HANDSHAKE, NBTLS_E_BAD_STATE);
    NBTLS_ENSURE(th_ch_sf, NBTLS_E_INVALID_ARG);
    NBTLS_GUARD_GOTO(
        rc, derive_empty(ks->hash, ks->handshake, LABEL("derived"), salt));
    NBTLS_GUARD_GOTO(rc, nbtls_hkdf_extract(ks->hash, salt, ks->hlen, zeros,
                                            ks->hlen, ks->master,
                                            sizeof ks->master, &n));
    NBTLS_GUARD_GOTO(
        rc, derive(ks, ks->master, LABEL("c ap traffic"), th_ch_sf, ks->c_ap));
    NBTLS_GUARD_GOTO(
        rc, derive(ks, ks->master, LABEL("s ap traffic"), th_ch_sf, ks->s_ap));
    NBTLS_GUARD_GOTO(rc, derive(ks, ks->master, LABEL("exp master"), th_ch_sf,
                                ks->exporter));
    nbtls_wipe(ks->handshake, sizeof ks->handshake);
    ks->stage = NBTLS_TLS_KS_MASTER;
cleanup:
    nbtls_wipe(salt, sizeof salt);
    if (rc < 0) {
        nbtls_wipe(ks->master, sizeof ks->master);
        nbtls_wipe(ks->c_ap, sizeof ks->c_ap);
        nbtls_wipe(ks->s_ap, sizeof ks->s_ap);
        nbtls_wipe(ks->exporter, sizeof ks->exporter);
    }
    return rc;
}

int nbtls_tls_ks_resumption(nbtls_tls_keysched *ks,
                            const unsigned char *th_ch_cf) {
    NBTLS_ENSURE(ks->stage == NBTLS_TLS_KS_MASTER, NBTLS_E_BAD_STATE);
    NBTLS_ENSURE(th_ch_cf, NBTLS_E_INVALID_ARG);
    NBTLS_GUARD(
        derive(ks, ks->master, LABEL("res master"), th_ch_cf, ks->resumption));
    nbtls_wipe(ks->master, sizeof ks->master);
    nbtls_wipe(ks->c_hs, sizeof ks->c_hs);
    nbtls_wipe(ks->s_hs, sizeof ks->s_hs);
    ks->stage = NBTLS_TLS_KS_RESUMPTION;
    return 0;
}

int nbtls_tls_traffic_keys(int hash, const unsigned char *secret, int aead,
                           unsigned char key[32], size_t *key_len,
                           unsigned char iv[12]) {
    size_t hlen = ks_hash_len(hash);
    NBTLS_ENSURE(hlen != 0, NBTLS_E_UNSUPPORTED);
    int kl = nbtls_aead_key_len(aead);
    NBTLS_GUARD(kl);
    NBTLS_ENSURE(secret && key && key_len && iv, NBTLS_E_INVALID_ARG);
    int rc = nbtls_tls13_hkdf_expand_label(hash, secret, hlen, LABEL("key"),
                                           NULL, 0, key, (size_t)kl);
    if (rc == 0)
        rc = nbtls_tls13_hkdf_expand_label(hash, secret, hlen, LABEL("iv"),
                                           NULL, 0, iv, 12);
    if (rc < 0) {
        nbtls_wipe(key, 32);
        nbtls_wipe(iv, 12);
        return rc;
    }
    *key_len = (size_t)kl;
    return 0;
}

int nbtls_tls_finished_key(int hash, const unsigned char *base_key,
                           unsigned char *out) {
    size_t hlen = ks_hash_len(hash);
    NBTLS_ENSURE(hlen != 0, NBTLS_E_UNSUPPORTED);
    NBTLS_ENSURE(base_key && out, NBTLS_E_INVALID_ARG);
    return nbtls_tls13_hkdf_expand_label(hash, base_key, hlen,
                                         LABEL("finished"), NULL, 0, out, hlen);
}

int nbtls_tls_verify_data(int hash, const unsigned char *base_key,
                          const unsigned char *transcript_hash,
                          unsigned char *out) {
    unsigned char fk[NBTLS_HASH_MAX_LEN];
    size_t hlen = ks_hash_len(hash), n;
    int rc;
    NBTLS_ENSURE(transcript_hash && out, NBTLS_E_INVALID_ARG);
    NBTLS_GUARD_GOTO(rc, nbtls_tls_finished_key(hash, base_key, fk));
    NBTLS_GUARD_GOTO(
        rc, nbtls_hmac(hash, fk, hlen, transcript_hash, hlen, out, hlen, &n));
cleanup:
    nbtls_wipe(fk, sizeof fk);
    return rc;
}

int nbtls_tls_next_traffic_secret(int hash, unsigned char *secret) {
    size_t hlen = ks_hash_len(hash);
    NBTLS_ENSURE(hlen != 0, NBTLS_E_UNSUPPORTED);
    NBTLS_ENSURE(secret, NBTLS_E_INVALID_ARG);
    /* out may overlap secret (sym.h): the key is absorbed first */
    return nbtls_tls13_hkdf_expand_label(
        hash, secret, hlen, LABEL("traffic upd"), NULL, 0, secret, hlen);
}
