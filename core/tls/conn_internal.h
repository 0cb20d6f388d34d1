/*
 * core/tls: the layouts of nbtls_config and nbtls_conn (include/nbtls/tls.h),
 * shared by config.c and conn.c only.
 */
#ifndef NBTLS_CORE_TLS_CONN_INTERNAL_H
#define NBTLS_CORE_TLS_CONN_INTERNAL_H

#include <string.h>

#include "common/common.h"
#include "common/refcount.h"
#include "nbtls/tls.h"
#include "tls/handshake.h"
#include "tls/hello.h"
#include "tls/keysched.h"
#include "tls/record.h"
#include "tls/tls.h"

struct nbtls_config {
    nbtls_refs refs;
    int frozen; /* set by the first nbtls_conn_new() */
    int role;
    int verify; /* chain validation + hostname check */
    const nbtls_trust *trust;
    uint16_t suites[3];
    size_t n_suites;
    uint16_t groups[3];
    size_t n_groups;
    size_t n_shares;
    uint16_t sigs[16];
    size_t n_sigs;
    char alpn_store[NBTLS_CONFIG_MAX_ALPN][256];
    const char *alpn[NBTLS_CONFIG_MAX_ALPN];
    size_t n_alpn;
    int64_t (*now)(void *ctx);
    void *now_ctx;
    nbtls_rng_fn rng;
    void *rng_ctx;
    /* client certificate: the chain's DER, each as u24 length + bytes (the
     * certificate_list entries without their empty extensions), and key */
    unsigned char *cert_list;
    size_t cert_list_len;
    size_t n_certs;
    nbtls_key *cert_key;
    uint16_t cert_scheme; /* the CertificateVerify scheme of cert_key */
};

/* The most bytes of client certificate chain (it travels in one record). */
#define NBTLS_CONFIG_MAX_CERT_LIST 16000

/* Buffer sizes of a connection. */
#define NBTLS_CONN_IN_CAP (NBTLS_TLS_MAX_RECORD + 1024)
#define NBTLS_CONN_OUT_CAP (NBTLS_TLS_MAX_RECORD + 2048)
#define NBTLS_CONN_HS_MAX_BODY 24576
#define NBTLS_CONN_MAX_CHAIN 10
#define NBTLS_CONN_MAX_SHARES 3

/* Our own KeyUpdate after this many records under one key (RFC 8446 5.5:
 * AES-GCM allows 2^24.5 full-size records). */
#define NBTLS_CONN_KEY_UPDATE_RECORDS (1u << 23)

/* For tests: lower the KeyUpdate threshold (records, >= 1); our KeyUpdates
 * sent so far (on request and automatic). */
void nbtls_tls_conn_set_ku_limit(nbtls_conn *c, uint64_t records);
uint64_t nbtls_tls_conn_key_updates(const nbtls_conn *c);

#endif /* NBTLS_CORE_TLS_CONN_INTERNAL_H */
