/* core/ec: RFC 6979 nonce generation. See rfc6979.h. */
#include "ec/rfc6979.h"
#include "hash/hash.h"
#include "mac/hmac.h"

enum { G_K0, G_V0, G_K1, G_V1, G_GEN, G_RK, G_RV };

/* The HMAC hashes, indexed by g->alg. */
static const int algs[] = {NBTLS_HASH_INTERNAL_SHA1, NBTLS_HASH_INTERNAL_SHA224,
                           NBTLS_SHA256, NBTLS_SHA384, NBTLS_SHA512};

void nbtls_rfc6979_start(nbtls_rfc6979 *g, size_t qlen, const unsigned char *x,
                         const unsigned char *h1, size_t digest_len,
                         const unsigned char *extra) {
    memset(g, 0, sizeof(*g));
    g->qlen = (uint8_t)qlen;
    memcpy(g->x, x, qlen);
    memcpy(g->h1, h1, qlen);
    g->hedged = extra != NULL;
    if (extra != NULL) memcpy(g->extra, extra, NBTLS_RFC6979_EXTRA_LEN);
    switch (digest_len) {
    case 20: g->alg = 0; break;
    case 28: g->alg = 1; break;
    case 48: g->alg = 3; break;
    case 64: g->alg = 4; break;
    default: g->alg = 2; break;
    }
    g->hlen = (uint8_t)nbtls_hash_state_len(algs[g->alg]);
    memset(g->K, 0x00, g->hlen); /* step c */
    memset(g->V, 0x01, g->hlen); /* step b */
    g->phase = G_K0;
}

/* out = HMAC_K(V [|| sep || x || h1 [|| k']]); out may be K or V: both are
 * read before out is written. */
NBTLS_MUST_CHECK static int drbg_hmac(nbtls_rfc6979 *g, unsigned char *out,
                                      int sep, int with_seed) {
    unsigned char b = (unsigned char)sep;
    nbtls_hmac_state h;
    int rc = nbtls_hmac_state_init(&h, algs[g->alg], g->K, g->hlen);
    if (rc == NBTLS_DONE) {
        nbtls_hmac_state_update(&h, g->V, g->hlen);
        if (sep >= 0) nbtls_hmac_state_update(&h, &b, 1);
        if (with_seed) {
            nbtls_hmac_state_update(&h, g->x, g->qlen);
            nbtls_hmac_state_update(&h, g->h1, g->qlen);
            if (g->hedged)
                nbtls_hmac_state_update(&h, g->extra, NBTLS_RFC6979_EXTRA_LEN);
        }
        nbtls_hmac_state_final(&h, out);
    }
    nbtls_wipe(&h, sizeof(h));
    return rc < 0 ? NBTLS_E_INTERNAL : NBTLS_DONE;
}

int nbtls_rfc6979_step(nbtls_rfc6979 *g) {
    switch (g->phase) {
    case G_K0: NBTLS_GUARD(drbg_hmac(g, g->K, 0x00, 1)); break; /* d */
    case G_V0: NBTLS_GUARD(drbg_hmac(g, g->V, -1, 0)); break;   /* e */
    case G_K1: NBTLS_GUARD(drbg_hmac(g, g->K, 0x01, 1)); break; /* f */
    case G_V1: NBTLS_GUARD(drbg_hmac(g, g->V, -1, 0)); break;   /* g */
    case G_RK: NBTLS_GUARD(drbg_hmac(g, g->K, 0x00, 0)); break; /* h.3 */
    case G_RV: NBTLS_GUARD(drbg_hmac(g, g->V, -1, 0)); break;
    default: { /* G_GEN, step h.2: V = HMAC_K(V), T = T || V */
        NBTLS_GUARD(drbg_hmac(g, g->V, -1, 0));
        size_t take = (size_t)(g->qlen - g->tlen);
        if (take > g->hlen) take = g->hlen;
        memcpy(g->T + g->tlen, g->V, take);
        g->tlen = (uint8_t)(g->tlen + take);
        if (g->tlen < g->qlen) return NBTLS_IN_PROGRESS;
        g->tlen = 0;
        return NBTLS_DONE;
    }
    }
    /* K0 -> V0 -> K1 -> V1 -> GEN, RK -> RV -> GEN */
    g->phase = g->phase == G_V1 || g->phase == G_RV ? (uint8_t)G_GEN
                                                    : (uint8_t)(g->phase + 1);
    return NBTLS_IN_PROGRESS;
}

void nbtls_rfc6979_retry(nbtls_rfc6979 *g) {
    g->tlen = 0;
    g->phase = G_RK;
}
