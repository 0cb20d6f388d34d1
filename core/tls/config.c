/*
 * core/tls: nbtls_config (include/nbtls/tls.h), the settings shared by
 * connections: reference-counted, frozen by the first connection.
 */
#include "tls/conn_internal.h"

static const uint16_t default_suites[] = {NBTLS_TLS_AES_128_GCM_SHA256,
                                          NBTLS_TLS_AES_256_GCM_SHA384,
                                          NBTLS_TLS_CHACHA20_POLY1305_SHA256};
static const uint16_t default_groups[] = {NBTLS_TLS_GROUP_X25519,
                                          NBTLS_TLS_GROUP_SECP256R1,
                                          NBTLS_TLS_GROUP_SECP384R1};
static const uint16_t default_sigs[] = {
    NBTLS_SIG_ECDSA_SECP256R1_SHA256, NBTLS_SIG_ECDSA_SECP384R1_SHA384,
    NBTLS_SIG_RSA_PSS_RSAE_SHA256,    NBTLS_SIG_RSA_PSS_RSAE_SHA384,
    NBTLS_SIG_RSA_PSS_RSAE_SHA512,    NBTLS_SIG_RSA_PKCS1_SHA256,
    NBTLS_SIG_RSA_PKCS1_SHA384,       NBTLS_SIG_RSA_PKCS1_SHA512};

int nbtls_config_new(nbtls_config **cfg, int role) {
    NBTLS_ENSURE(cfg, NBTLS_E_INVALID_ARG);
    *cfg = NULL;
    NBTLS_ENSURE(role == NBTLS_ROLE_CLIENT || role == NBTLS_ROLE_SERVER,
                 NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(role == NBTLS_ROLE_CLIENT, NBTLS_E_UNSUPPORTED);
    nbtls_config *c = nbtls_calloc(sizeof *c);
    NBTLS_ENSURE(c, NBTLS_E_NO_MEMORY);
    nbtls_refs_init(&c->refs);
    c->role = role;
    c->verify = 1;
    memcpy(c->suites, default_suites, sizeof default_suites);
    c->n_suites = NBTLS_ARRAY_LEN(default_suites);
    memcpy(c->groups, default_groups, sizeof default_groups);
    c->n_groups = NBTLS_ARRAY_LEN(default_groups);
    c->n_shares = 2;
    memcpy(c->sigs, default_sigs, sizeof default_sigs);
    c->n_sigs = NBTLS_ARRAY_LEN(default_sigs);
    *cfg = c;
    return NBTLS_DONE;
}

nbtls_config *nbtls_config_up_ref(nbtls_config *cfg) {
    if (cfg) nbtls_refs_up(&cfg->refs);
    return cfg;
}

static void drop_cert(nbtls_config *cfg) {
    nbtls_free_wipe(cfg->cert_list, cfg->cert_list_len);
    nbtls_key_free(cfg->cert_key);
    cfg->cert_list = NULL;
    cfg->cert_list_len = cfg->n_certs = 0;
    cfg->cert_key = NULL;
    cfg->cert_scheme = 0;
}

void nbtls_config_free(nbtls_config *cfg) {
    if (!cfg || !nbtls_refs_down(&cfg->refs)) return;
    drop_cert(cfg);
    nbtls_free_wipe(cfg, sizeof *cfg);
}

#define SETTABLE(cfg)                                                          \
    do {                                                                       \
        NBTLS_ENSURE(cfg, NBTLS_E_INVALID_ARG);                                \
        NBTLS_ENSURE(!(cfg)->frozen, NBTLS_E_BAD_STATE);                       \
    } while (0)

int nbtls_config_set_trust(nbtls_config *cfg, const nbtls_trust *trust) {
    SETTABLE(cfg);
    NBTLS_ENSURE(trust, NBTLS_E_INVALID_ARG);
    cfg->trust = trust;
    return NBTLS_DONE;
}

int nbtls_config_insecure_disable_verification(nbtls_config *cfg) {
    SETTABLE(cfg);
    cfg->verify = 0;
    return NBTLS_DONE;
}

int nbtls_config_set_alpn(nbtls_config *cfg, const char *const *protos,
                          size_t n) {
    SETTABLE(cfg);
    NBTLS_ENSURE(n <= NBTLS_CONFIG_MAX_ALPN && (protos || n == 0),
                 NBTLS_E_INVALID_ARG);
    for (size_t i = 0; i < n; i++) {
        NBTLS_ENSURE(protos[i], NBTLS_E_INVALID_ARG);
        size_t len = strlen(protos[i]);
        NBTLS_ENSURE(len >= 1 && len <= 255, NBTLS_E_INVALID_ARG);
    }
    for (size_t i = 0; i < n; i++) {
        memcpy(cfg->alpn_store[i], protos[i], strlen(protos[i]) + 1);
        cfg->alpn[i] = cfg->alpn_store[i];
    }
    cfg->n_alpn = n;
    return NBTLS_DONE;
}

static int distinct(const uint16_t *v, size_t n) {
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (v[i] == v[j]) return 0;
    return 1;
}

int nbtls_config_set_groups(nbtls_config *cfg, const uint16_t *groups, size_t n,
                            size_t n_shares) {
    SETTABLE(cfg);
    NBTLS_ENSURE(groups && n >= 1 && n <= NBTLS_ARRAY_LEN(cfg->groups) &&
                     n_shares >= 1 && n_shares <= n && distinct(groups, n),
                 NBTLS_E_INVALID_ARG);
    for (size_t i = 0; i < n; i++)
        NBTLS_ENSURE(groups[i] == NBTLS_TLS_GROUP_X25519 ||
                         groups[i] == NBTLS_TLS_GROUP_SECP256R1 ||
                         groups[i] == NBTLS_TLS_GROUP_SECP384R1,
                     NBTLS_E_UNSUPPORTED);
    memcpy(cfg->groups, groups, n * sizeof *groups);
    cfg->n_groups = n;
    cfg->n_shares = n_shares;
    return NBTLS_DONE;
}

int nbtls_config_set_suites(nbtls_config *cfg, const uint16_t *suites,
                            size_t n) {
    SETTABLE(cfg);
    NBTLS_ENSURE(suites && n >= 1 && n <= NBTLS_ARRAY_LEN(cfg->suites) &&
                     distinct(suites, n),
                 NBTLS_E_INVALID_ARG);
    for (size_t i = 0; i < n; i++)
        NBTLS_ENSURE(nbtls_tls_suite_aead(suites[i]) > 0, NBTLS_E_UNSUPPORTED);
    memcpy(cfg->suites, suites, n * sizeof *suites);
    cfg->n_suites = n;
    return NBTLS_DONE;
}

int nbtls_config_set_sig_schemes(nbtls_config *cfg, const uint16_t *schemes,
                                 size_t n) {
    SETTABLE(cfg);
    NBTLS_ENSURE(schemes && n >= 1 && n <= NBTLS_ARRAY_LEN(cfg->sigs) &&
                     distinct(schemes, n),
                 NBTLS_E_INVALID_ARG);
    for (size_t i = 0; i < n; i++)
        NBTLS_ENSURE(nbtls_sig_supported(schemes[i]), NBTLS_E_UNSUPPORTED);
    memcpy(cfg->sigs, schemes, n * sizeof *schemes);
    cfg->n_sigs = n;
    return NBTLS_DONE;
}

int nbtls_config_set_time(nbtls_config *cfg, int64_t (*now)(void *ctx),
                          void *ctx) {
    SETTABLE(cfg);
    cfg->now = now;
    cfg->now_ctx = ctx;
    return NBTLS_DONE;
}

int nbtls_config_set_rng(nbtls_config *cfg, nbtls_rng_fn rng, void *rng_ctx) {
    SETTABLE(cfg);
    cfg->rng = rng;
    cfg->rng_ctx = rng_ctx;
    return NBTLS_DONE;
}

int nbtls_config_set_client_cert(nbtls_config *cfg,
                                 const nbtls_x509 *const *chain, size_t n,
                                 const nbtls_key *key) {
    SETTABLE(cfg);
    NBTLS_ENSURE(chain && n >= 1 && key, NBTLS_E_INVALID_ARG);
    size_t total = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        NBTLS_ENSURE(chain[i] && nbtls_x509_der(chain[i], &len),
                     NBTLS_E_INVALID_ARG);
        total += 3 + len;
        NBTLS_ENSURE(total <= NBTLS_CONFIG_MAX_CERT_LIST, NBTLS_E_INVALID_ARG);
    }
    NBTLS_ENSURE(nbtls_key_has_private(key) == 1, NBTLS_E_BAD_KEY);
    uint16_t scheme;
    switch (nbtls_key_type(key)) {
    case NBTLS_KEY_P256: scheme = NBTLS_SIG_ECDSA_SECP256R1_SHA256; break;
    case NBTLS_KEY_P384: scheme = NBTLS_SIG_ECDSA_SECP384R1_SHA384; break;
    default: return NBTLS_E_UNSUPPORTED;
    }
    /* the leaf must carry this key */
    nbtls_key *leaf_key = NULL;
    unsigned char a[NBTLS_P384_PUBLIC_LEN], b[NBTLS_P384_PUBLIC_LEN];
    size_t alen = 0, blen = 0;
    int rc = nbtls_x509_public_key(chain[0], &leaf_key);
    if (rc == NBTLS_DONE)
        rc = nbtls_key_export_public(leaf_key, a, sizeof a, &alen);
    if (rc == NBTLS_DONE) rc = nbtls_key_export_public(key, b, sizeof b, &blen);
    nbtls_key_free(leaf_key);
    if (rc == NBTLS_E_UNSUPPORTED || rc == NBTLS_E_BUFFER_TOO_SMALL)
        return NBTLS_E_BAD_KEY;
    NBTLS_GUARD(rc);
    NBTLS_ENSURE(alen == blen && memcmp(a, b, alen) == 0, NBTLS_E_BAD_KEY);
    unsigned char *list = nbtls_calloc(total);
    NBTLS_ENSURE(list, NBTLS_E_NO_MEMORY);
    size_t off = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = 0;
        const unsigned char *der = nbtls_x509_der(chain[i], &len);
        list[off] = (unsigned char)(len >> 16);
        list[off + 1] = (unsigned char)(len >> 8);
        list[off + 2] = (unsigned char)len;
        memcpy(list + off + 3, der, len);
        off += 3 + len;
    }
    drop_cert(cfg);
    cfg->cert_list = list;
    cfg->cert_list_len = total;
    cfg->n_certs = n;
    cfg->cert_key = nbtls_key_up_ref(key);
    cfg->cert_scheme = scheme;
    return NBTLS_DONE;
}
