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

void nbtls_config_free(nbtls_config *cfg) {
    if (!cfg || !nbtls_refs_down(&cfg->refs)) return;
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
