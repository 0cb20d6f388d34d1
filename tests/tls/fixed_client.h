/*
 * A deterministic client configuration shared by tests/tls/test_tls_client.c
 * (which records real servers' flights for it) and tests/fuzz/fuzz_tls_conn.c
 * (which replays and mutates them): a fixed random generator, x25519 only
 * (one key share), verification off (the recorded certificates expire, and
 * the fuzzer must reach the messages after the chain), server name
 * "localhost". Under it the ClientHello, hence the whole handshake a server
 * answered once, is reproducible.
 */
#ifndef NBTLS_TESTS_TLS_FIXED_CLIENT_H
#define NBTLS_TESTS_TLS_FIXED_CLIENT_H

#include "nbtls/tls.h"

static int fixed_client_rng(void *ctx, unsigned char *out, size_t len) {
    unsigned *ctr = (unsigned *)ctx;
    for (size_t i = 0; i < len; i++, (*ctr)++)
        out[i] = (unsigned char)(0x3c ^ *ctr ^ (*ctr >> 8));
    return 0;
}

/* A new config whose rng counts in *ctr (set *ctr = 0 before each
 * nbtls_conn_new for the same bytes); NULL on failure. */
static inline nbtls_config *fixed_client_config(unsigned *ctr) {
    static const uint16_t x25519 = NBTLS_GROUP_X25519;
    nbtls_config *cfg = NULL;
    if (nbtls_config_new(&cfg, NBTLS_ROLE_CLIENT) != NBTLS_DONE) return NULL;
    if (nbtls_config_set_rng(cfg, fixed_client_rng, ctr) != NBTLS_DONE ||
        nbtls_config_set_groups(cfg, &x25519, 1, 1) != NBTLS_DONE ||
        nbtls_config_insecure_disable_verification(cfg) != NBTLS_DONE) {
        nbtls_config_free(cfg);
        return NULL;
    }
    return cfg;
}

#endif /* NBTLS_TESTS_TLS_FIXED_CLIENT_H */
