/*
 * core/op: the states of one curve's restartable ECDSA signing and ECDH
 * ops, declared once for every curve — a template included (no include
 * guard) by op_p256_state.h and op_p384_state.h, headers that exist only
 * so that open-box tests (tests/ec/test_ec_fault.c,
 * tests/p384/test_p384_fault.c) can inject faults between polls and check
 * the countermeasures fire. Define before including:
 *   ECD_NAME(x)       the curve's prefix pasted to x (nbtls_p256_##x);
 *   ECD_SC            its scalar type; ECD_SC_INV its sliced k^-1 mod n;
 *   ECD_FE_EXP        its sliced field exponentiation (1/Z);
 *   ECD_BYTES         bytes of a scalar (32, 48);
 *   ECD_SIGN_STATE    the name to give the signing state, and/or
 *   ECD_ECDH_STATE    the name to give the ECDH state (either may be
 *                     left undefined to skip that state).
 * The macros are undefined at the end. The ops are op_ec_ecdsa_template.h
 * and op_ec_ecdh_template.h.
 */

#ifndef NBTLS_CORE_OP_EC_PHASES
#define NBTLS_CORE_OP_EC_PHASES
enum {
    SIGN_NONCE, /* RFC 6979 (ec/rfc6979.h): one HMAC call per unit until a
                   candidate k is ready, then k accepted if in [1, n-1] */
    SIGN_MUL,   /* R = k*G (the comb) */
    SIGN_INV,   /* 1/Z */
    SIGN_R,     /* r = x(R) mod n (R-on-curve fault check) */
    SIGN_KINV,  /* k^-1 mod n */
    SIGN_S,     /* s = k^-1 (e + r d) */
    SIGN_CHECK  /* s k == e + r d, then release r || s */
};

enum {
    ECDH_DECODE = 0, /* the peer's point */
    ECDH_MUL = 1,    /* d Q (the signed window) */
    ECDH_INV = 2,    /* 1/Z */
    ECDH_FIN = 3     /* affine x, on-curve fault check, output */
};
#endif

#ifdef ECD_SIGN_STATE
typedef struct {
    uint8_t phase;
    nbtls_rfc6979 drbg;    /* the nonce generator (secret) */
    struct nbtls_key *key; /* a reference: d is read from it, not copied */
    ECD_SC e;              /* plain */
    ECD_SC k_mont;         /* the nonce, Montgomery form (secret) */
    ECD_SC r, s_mont;      /* r plain, s Montgomery */
    ECD_SC kinv_mont;      /* k^-1 (secret) */
    union {                /* phases that never overlap share storage */
        struct {
            ECD_NAME(comb) comb; /* R = k G */
            ECD_FE_EXP inv;      /* 1/Z */
        } r;
        ECD_SC_INV kinv; /* k^-1, started once r is known */
    } u;
    unsigned char sig[2 * ECD_BYTES];
} ECD_SIGN_STATE;
#endif

#ifdef ECD_ECDH_STATE
typedef struct {
    uint8_t phase;
    struct nbtls_key *key; /* a reference: the private scalar d */
    union {                /* one after the other */
        ECD_NAME(decoder) dec;
        ECD_NAME(window) win;
    } u;
    ECD_FE_EXP inv;
    unsigned char out[ECD_BYTES];
} ECD_ECDH_STATE;
#endif

#undef ECD_NAME
#undef ECD_SC
#undef ECD_SC_INV
#undef ECD_FE_EXP
#undef ECD_BYTES
#undef ECD_SIGN_STATE
#undef ECD_ECDH_STATE
