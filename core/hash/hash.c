/* The public hash API (nbtls/sym.h) over SHA-256 and SHA-384/512. */
#include "hash/hash.h"

#include "cpu/cpu.h"

size_t nbtls_hash_alg_len(int alg) {
    switch (alg) {
    case NBTLS_SHA256: return 32;
    case NBTLS_SHA384: return 48;
    case NBTLS_SHA512: return 64;
    default: return 0; /* unknown, or internal-only */
    }
}

size_t nbtls_hash_state_len(int alg) {
    switch (alg) {
    case NBTLS_HASH_INTERNAL_SHA1: return 20;
    case NBTLS_HASH_INTERNAL_SHA224: return 28;
    default: return nbtls_hash_alg_len(alg);
    }
}

size_t nbtls_hash_state_block(int alg) {
    switch (alg) {
    case NBTLS_HASH_INTERNAL_SHA1:
    case NBTLS_HASH_INTERNAL_SHA224:
    case NBTLS_SHA256: return 64;
    case NBTLS_SHA384:
    case NBTLS_SHA512: return 128;
    default: return 0;
    }
}

int nbtls_hash_state_init(nbtls_hash_state *st, int alg) {
    st->alg = alg;
    switch (alg) {
    case NBTLS_HASH_INTERNAL_SHA1: nbtls_sha1_init(&st->u.s1); return 0;
    case NBTLS_HASH_INTERNAL_SHA224: nbtls_sha224_init(&st->u.s256); return 0;
    case NBTLS_SHA256: nbtls_sha256_init(&st->u.s256); return 0;
    case NBTLS_SHA384: nbtls_sha384_init(&st->u.s512); return 0;
    case NBTLS_SHA512: nbtls_sha512_init(&st->u.s512); return 0;
    default: return NBTLS_E_UNSUPPORTED;
    }
}

void nbtls_hash_state_update(nbtls_hash_state *st, const unsigned char *in,
                             size_t len) {
    if (len == 0) return;
    switch (st->alg) {
    case NBTLS_HASH_INTERNAL_SHA1: nbtls_sha1_update(&st->u.s1, in, len); break;
    case NBTLS_HASH_INTERNAL_SHA224:
    case NBTLS_SHA256: nbtls_sha256_update(&st->u.s256, in, len); break;
    default: nbtls_sha512_update(&st->u.s512, in, len); break;
    }
}

void nbtls_hash_state_final(nbtls_hash_state *st, unsigned char *out) {
    unsigned char full[32];
    switch (st->alg) {
    case NBTLS_HASH_INTERNAL_SHA1: nbtls_sha1_final(&st->u.s1, out); break;
    case NBTLS_HASH_INTERNAL_SHA224: /* SHA-256 engine, truncated */
        nbtls_sha256_final(&st->u.s256, full);
        memcpy(out, full, 28);
        nbtls_wipe(full, sizeof full);
        break;
    case NBTLS_SHA256: nbtls_sha256_final(&st->u.s256, out); break;
    default:
        nbtls_sha512_final(&st->u.s512, out, nbtls_hash_alg_len(st->alg));
        break;
    }
    nbtls_wipe(st, sizeof *st);
}

/* ---- Public API ------------------------------------------------------- */

struct nbtls_hash_ctx {
    nbtls_hash_state st;
};

int nbtls_hash_len(int alg) {
    size_t n = nbtls_hash_alg_len(alg);
    return n ? (int)n : NBTLS_E_UNSUPPORTED;
}

int nbtls_hash(int alg, const unsigned char *in, size_t len, unsigned char *out,
               size_t out_size, size_t *out_len) {
    size_t n = nbtls_hash_alg_len(alg);
    NBTLS_ENSURE(n != 0, NBTLS_E_UNSUPPORTED);
    NBTLS_ENSURE(out != NULL && out_len != NULL, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(in != NULL || len == 0, NBTLS_E_INVALID_ARG);
    *out_len = n;
    NBTLS_ENSURE(out_size >= n, NBTLS_E_BUFFER_TOO_SMALL);
    nbtls_hash_state st;
    NBTLS_GUARD(nbtls_hash_state_init(&st, alg));
    nbtls_hash_state_update(&st, in, len);
    nbtls_hash_state_final(&st, out);
    return NBTLS_DONE;
}

int nbtls_hash_new(nbtls_hash_ctx **ctx, int alg) {
    NBTLS_ENSURE(ctx != NULL, NBTLS_E_INVALID_ARG);
    *ctx = NULL;
    NBTLS_ENSURE(nbtls_hash_alg_len(alg) != 0, NBTLS_E_UNSUPPORTED);
    nbtls_hash_ctx *c = (nbtls_hash_ctx *)nbtls_calloc(sizeof *c);
    NBTLS_ENSURE(c != NULL, NBTLS_E_NO_MEMORY);
    int rc = nbtls_hash_state_init(&c->st, alg);
    if (rc < 0) {
        nbtls_free_wipe(c, sizeof *c);
        return rc;
    }
    *ctx = c;
    return NBTLS_DONE;
}

int nbtls_hash_update(nbtls_hash_ctx *ctx, const unsigned char *in,
                      size_t len) {
    NBTLS_ENSURE(ctx != NULL, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(in != NULL || len == 0, NBTLS_E_INVALID_ARG);
    nbtls_hash_state_update(&ctx->st, in, len);
    return NBTLS_DONE;
}

int nbtls_hash_clone(const nbtls_hash_ctx *src, nbtls_hash_ctx **dst) {
    NBTLS_ENSURE(dst != NULL, NBTLS_E_INVALID_ARG);
    *dst = NULL;
    NBTLS_ENSURE(src != NULL, NBTLS_E_INVALID_ARG);
    nbtls_hash_ctx *c = (nbtls_hash_ctx *)nbtls_calloc(sizeof *c);
    NBTLS_ENSURE(c != NULL, NBTLS_E_NO_MEMORY);
    memcpy(c, src, sizeof *c);
    *dst = c;
    return NBTLS_DONE;
}

int nbtls_hash_final(nbtls_hash_ctx *ctx, unsigned char *out, size_t out_size,
                     size_t *out_len) {
    NBTLS_ENSURE(ctx != NULL && out != NULL && out_len != NULL,
                 NBTLS_E_INVALID_ARG);
    int alg = ctx->st.alg;
    size_t n = nbtls_hash_alg_len(alg);
    *out_len = n;
    NBTLS_ENSURE(out_size >= n, NBTLS_E_BUFFER_TOO_SMALL);
    nbtls_hash_state_final(&ctx->st, out);
    return nbtls_hash_state_init(&ctx->st, alg);
}

int nbtls_hash_ctx_alg(const nbtls_hash_ctx *ctx) {
    NBTLS_ENSURE(ctx != NULL, NBTLS_E_INVALID_ARG);
    return ctx->st.alg;
}

void nbtls_hash_free(nbtls_hash_ctx *ctx) {
    if (ctx != NULL) nbtls_free_wipe(ctx, sizeof *ctx);
}

int nbtls_sym_accel(void) {
    uint32_t f = nbtls_cpu_features();
    int r = 0;
    if ((f & NBTLS_CPU_AESNI) && (f & NBTLS_CPU_PCLMUL) &&
        (f & NBTLS_CPU_SSSE3) && (f & NBTLS_CPU_SSE41))
        r |= NBTLS_SYM_ACCEL_AESGCM;
    if (f & NBTLS_CPU_SHANI) r |= NBTLS_SYM_ACCEL_SHA256;
    if (f & NBTLS_CPU_AVX2) r |= NBTLS_SYM_ACCEL_CHACHA;
    return r;
}
