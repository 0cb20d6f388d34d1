/*
 * Curve-generic helpers of the closed-box EC tests (tests/p256, tests/p384,
 * tests/fuzz, tests/scheme): the vector-file reader (`key = value` records
 * split by blank lines), deterministic test RNGs, and "run this op"
 * wrappers that check the poll contract on every call, for any curve of
 * tests/ec_curve.h. Public API only (nbtls/nbtls.h). Include "check.h"
 * first.
 */
#ifndef NBTLS_TESTS_EC_UTIL_H
#define NBTLS_TESTS_EC_UTIL_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ec_curve.h"
#include "nbtls/nbtls.h"

#ifndef NBTLS_VECTORS_DIR
#define NBTLS_VECTORS_DIR "tests/vectors"
#endif

/* ---- Vector files ------------------------------------------------------ */

#define VEC_MAX_KV 12
#define VEC_MAX_REC 256
#define VEC_KEY_LEN 24
#define VEC_VAL_LEN 280

typedef struct {
    char key[VEC_KEY_LEN];
    char val[VEC_VAL_LEN];
} vec_kv;

typedef struct {
    vec_kv kv[VEC_MAX_KV];
    int n;
} vec_rec;

static inline char *vec_trim(char *s) {
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' ' ||
                 s[n - 1] == '\t'))
        s[--n] = 0;
    return s;
}

/* Load tests/vectors/<name> into recs[0..max). Returns the number of
 * records, or -1 if the file cannot be read or is malformed. */
static inline int vec_load(const char *name, vec_rec *recs, int max) {
    char path[512], line[1024];
    snprintf(path, sizeof path, "%s/%s", NBTLS_VECTORS_DIR, name);
    FILE *f = fopen(path, "r");
    if (f == NULL) {
        fprintf(stderr, "cannot open %s\n", path);
        return -1;
    }
    int count = 0, bad = 0;
    vec_rec *cur = NULL;
    while (fgets(line, sizeof line, f) != NULL) {
        char *s = vec_trim(line);
        if (*s == '#') continue;
        if (*s == 0) {
            cur = NULL;
            continue;
        }
        /* "key = value", or "key =" with an empty value */
        const char *val = "";
        char *eq = strstr(s, " = ");
        if (eq != NULL) {
            *eq = 0;
            val = eq + 3;
        } else {
            size_t n = strlen(s);
            if (n < 2 || s[n - 1] != '=' || s[n - 2] != ' ') {
                bad = 1;
                break;
            }
            s[n - 2] = 0;
        }
        if (cur == NULL) {
            if (count == max) {
                bad = 1;
                break;
            }
            cur = &recs[count++];
            cur->n = 0;
        }
        if (cur->n == VEC_MAX_KV) {
            bad = 1;
            break;
        }
        vec_kv *kv = &cur->kv[cur->n++];
        if (strlen(s) >= VEC_KEY_LEN || strlen(val) >= VEC_VAL_LEN) {
            bad = 1;
            break;
        }
        strcpy(kv->key, vec_trim(s));
        strcpy(kv->val, val);
    }
    fclose(f);
    if (bad) {
        fprintf(stderr, "malformed vector file %s\n", path);
        return -1;
    }
    return count;
}

/* The value of `key` in `r`, or NULL. */
static inline const char *vec_get(const vec_rec *r, const char *key) {
    for (int i = 0; i < r->n; i++)
        if (strcmp(r->kv[i].key, key) == 0) return r->kv[i].val;
    return NULL;
}

/* Decode the hex value of `key` into out; returns the byte count or -1
 * (missing key, bad hex, too long). */
static inline long vec_hex(const vec_rec *r, const char *key,
                           unsigned char *out, size_t out_size) {
    const char *v = vec_get(r, key);
    if (v == NULL) return -1;
    return check_hex(v, out, out_size);
}

/* ---- Big-endian helpers (edge values), any length ------------------------ */

/* out = a + b (mod 2^(8 len)); returns the carry out. */
static inline int be_add(unsigned char *out, const unsigned char *a,
                         const unsigned char *b, size_t len) {
    unsigned c = 0;
    for (size_t i = len; i-- > 0;) {
        c += (unsigned)a[i] + b[i];
        out[i] = (unsigned char)c;
        c >>= 8;
    }
    return (int)c;
}
/* out = a - b (mod 2^(8 len)); returns the borrow. */
static inline int be_sub(unsigned char *out, const unsigned char *a,
                         const unsigned char *b, size_t len) {
    int borrow = 0;
    for (size_t i = len; i-- > 0;) {
        int d = (int)a[i] - (int)b[i] - borrow;
        borrow = d < 0;
        out[i] = (unsigned char)(d + (borrow ? 256 : 0));
    }
    return borrow;
}
/* out = a + v (mod 2^(8 len)), v in [-65535, 65535]. */
static inline void be_add_small(unsigned char *out, const unsigned char *a,
                                size_t len, long v) {
    long c = v;
    for (size_t i = len; i-- > 0;) {
        long t = (long)a[i] + c;
        long low = ((t % 256) + 256) % 256;
        c = (t - low) / 256; /* floor division: -1 on a borrow */
        out[i] = (unsigned char)low;
    }
}

/* ---- Test RNGs --------------------------------------------------------- */

/* A deterministic generator (splitmix64): the same seed gives the same
 * stream, so keygen and hedged signing are reproducible in tests. */
typedef struct {
    uint64_t state;
    unsigned long calls;
    size_t bytes;
} test_rng;

static inline uint64_t test_rng_next64(test_rng *r) {
    uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static inline int test_rng_fn(void *ctx, unsigned char *out, size_t len) {
    test_rng *r = (test_rng *)ctx;
    r->calls++;
    r->bytes += len;
    for (size_t i = 0; i < len; i += 8) {
        uint64_t v = test_rng_next64(r);
        for (size_t j = 0; j < 8 && i + j < len; j++)
            out[i + j] = (unsigned char)(v >> (8 * j));
    }
    return 0;
}

/* A generator that always fails. */
static inline int failing_rng_fn(void *ctx, unsigned char *out, size_t len) {
    (void)out;
    (void)len;
    if (ctx != NULL) (*(unsigned long *)ctx)++;
    return -1;
}

/* A generator that serves a fixed byte stream, then fails. */
typedef struct {
    const unsigned char *data;
    size_t len, pos;
} stream_rng;

static inline int stream_rng_fn(void *ctx, unsigned char *out, size_t len) {
    stream_rng *s = (stream_rng *)ctx;
    if (len > s->len - s->pos) return -1;
    memcpy(out, s->data + s->pos, len);
    s->pos += len;
    return 0;
}

/* ---- Running ops ------------------------------------------------------- */

/* What a run of one op looked like. */
typedef struct {
    unsigned long polls;      /* poll calls made */
    uint64_t units;           /* nbtls_op_units at the end */
    uint64_t max_poll_units;  /* the most units a single poll spent */
    unsigned long violations; /* polls that broke the contract */
} run_stats;

/* Poll `op` at `budget` until it is not IN_PROGRESS; check on every poll
 * that units grow by at least 1 and at most `budget` (budget 0: by any
 * amount), and that a finished op stays finished. `max_polls` bounds the
 * loop (0: 10 million). Returns the final status. */
static inline int run_op(nbtls_op *op, uint32_t budget, unsigned long max_polls,
                         run_stats *st) {
    run_stats local;
    if (st == NULL) st = &local;
    memset(st, 0, sizeof *st);
    if (max_polls == 0) max_polls = 10000000ul;
    int rc = NBTLS_IN_PROGRESS;
    uint64_t before = nbtls_op_units(op);
    while (rc == NBTLS_IN_PROGRESS && st->polls < max_polls) {
        rc = nbtls_op_poll(op, budget);
        st->polls++;
        uint64_t after = nbtls_op_units(op);
        uint64_t spent = after - before;
        if (after < before || spent < 1 || (budget != 0 && spent > budget)) {
            if (st->violations++ < 5)
                fprintf(stderr,
                        "poll contract: budget %u spent %llu units (poll %lu, "
                        "rc %d)\n",
                        (unsigned)budget, (unsigned long long)spent, st->polls,
                        rc);
        }
        if (spent > st->max_poll_units) st->max_poll_units = spent;
        before = after;
    }
    st->units = nbtls_op_units(op);
    if (rc != NBTLS_IN_PROGRESS) {
        /* sticky: polling again returns the same status and does nothing */
        uint64_t u = nbtls_op_units(op);
        int again = nbtls_op_poll(op, budget);
        if (again != rc || nbtls_op_units(op) != u) {
            st->violations++;
            fprintf(stderr, "poll contract: final status not sticky (%d/%d)\n",
                    rc, again);
        }
    }
    return rc;
}

/* Run `op` at `budget`, copy its byte result (exactly `want` bytes) to
 * out on DONE, free the op; the final status. */
static inline int run_bytes(nbtls_op *op, uint32_t budget, unsigned char *out,
                            size_t want, run_stats *st) {
    int rc = run_op(op, budget, 0, st);
    if (rc == NBTLS_DONE) {
        size_t len = 0;
        rc = nbtls_op_result(op, out, want, &len);
        if (rc == NBTLS_DONE && len != want) rc = NBTLS_E_INTERNAL;
    }
    nbtls_op_free(op);
    return rc;
}

/* Import a private key (c->scalar_len bytes); NULL on failure. */
static inline nbtls_key *ec_priv(const ec_curve *c, const unsigned char *d) {
    nbtls_key *k = NULL;
    if (c->from_private(&k, d) != NBTLS_DONE) return NULL;
    return k;
}
/* Import a SEC1 public key; NULL on failure. */
static inline nbtls_key *ec_pub(const ec_curve *c, const unsigned char *sec1,
                                size_t len) {
    nbtls_key *k = NULL;
    if (c->from_public(&k, sec1, len) != NBTLS_DONE) return NULL;
    return k;
}

/* Deterministic signature at `budget`; the final status (sig, c->sig_len
 * bytes, filled on DONE). */
static inline int ec_sign_det(const ec_curve *c, const nbtls_key *k,
                              const unsigned char *h, size_t hlen,
                              uint32_t budget, unsigned char *sig,
                              run_stats *st) {
    nbtls_op *op = NULL;
    int rc = nbtls_ecdsa_sign_deterministic_start(&op, k, h, hlen);
    if (rc != NBTLS_DONE) return rc;
    return run_bytes(op, budget, sig, c->sig_len, st);
}

/* The digest lengths ECDSA signing accepts (those of SHA-1, SHA-224,
 * SHA-256, SHA-384, SHA-512); any other is NBTLS_E_INVALID_ARG at start.
 * Verification accepts any length >= 1. */
static inline int ecdsa_sign_len_ok(size_t len) {
    return len == 20 || len == 28 || len == 32 || len == 48 || len == 64;
}

/* Hedged signature with `rng` at `budget`. */
static inline int ec_sign(const ec_curve *c, const nbtls_key *k,
                          const unsigned char *h, size_t hlen, nbtls_rng_fn rng,
                          void *ctx, uint32_t budget, unsigned char *sig,
                          run_stats *st) {
    nbtls_op *op = NULL;
    int rc = nbtls_ecdsa_sign_start(&op, k, h, hlen, rng, ctx);
    if (rc != NBTLS_DONE) return rc;
    return run_bytes(op, budget, sig, c->sig_len, st);
}

/* Verification at `budget`: DONE means valid. */
static inline int ec_verify(const nbtls_key *k, const unsigned char *h,
                            size_t hlen, const unsigned char *sig,
                            size_t siglen, uint32_t budget, run_stats *st) {
    nbtls_op *op = NULL;
    int rc = nbtls_ecdsa_verify_start(&op, k, h, hlen, sig, siglen);
    if (rc != NBTLS_DONE) return rc;
    rc = run_op(op, budget, 0, st);
    nbtls_op_free(op);
    return rc;
}

/* ECDH at `budget`: the c->scalar_len-byte secret on DONE. */
static inline int ec_ecdh(const ec_curve *c, const nbtls_key *k,
                          const unsigned char *peer, size_t peer_len,
                          uint32_t budget, unsigned char *out, run_stats *st) {
    nbtls_op *op = NULL;
    int rc = nbtls_ecdh_start(&op, k, peer, peer_len);
    if (rc != NBTLS_DONE) return rc;
    return run_bytes(op, budget, out, c->scalar_len, st);
}

/* Run `op`, which makes a key (keygen, restartable import), at `budget`:
 * *key on DONE; frees the op. */
static inline int run_key(nbtls_op *op, uint32_t budget, nbtls_key **key,
                          run_stats *st) {
    int rc = run_op(op, budget, 0, st);
    if (rc == NBTLS_DONE) rc = nbtls_op_take_key(op, key);
    nbtls_op_free(op);
    return rc;
}

/* Key generation at `budget`: *key on DONE. */
static inline int ec_keygen(const ec_curve *c, nbtls_rng_fn rng, void *ctx,
                            uint32_t budget, nbtls_key **key, run_stats *st) {
    nbtls_op *op = NULL;
    *key = NULL;
    int rc = c->keygen_start(&op, rng, ctx);
    return rc == NBTLS_DONE ? run_key(op, budget, key, st) : rc;
}

/* Restartable private-key import at `budget`. */
static inline int ec_from_private(const ec_curve *c, const unsigned char *d,
                                  uint32_t budget, nbtls_key **key,
                                  run_stats *st) {
    nbtls_op *op = NULL;
    *key = NULL;
    int rc = c->from_private_start(&op, d);
    return rc == NBTLS_DONE ? run_key(op, budget, key, st) : rc;
}

/* The uncompressed public point of a key (c->pub_len bytes; 0 on
 * success). */
static inline int ec_pub_bytes(const ec_curve *c, const nbtls_key *k,
                               unsigned char *out) {
    size_t len = 0;
    if (nbtls_key_export_public(k, out, c->pub_len, &len) != NBTLS_DONE ||
        len != c->pub_len)
        return -1;
    return 0;
}
/* The private scalar of a key (c->scalar_len bytes; 0 on success). */
static inline int ec_priv_bytes(const ec_curve *c, const nbtls_key *k,
                                unsigned char *out) {
    size_t len = 0;
    if (nbtls_key_export_private(k, out, c->scalar_len, &len) != NBTLS_DONE ||
        len != c->scalar_len)
        return -1;
    return 0;
}

#endif
