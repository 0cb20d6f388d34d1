/*
 * core/op: the state of the restartable ECDSA signing op (op_p256_ecdsa.c),
 * in a header only so that open-box tests (tests/ec/test_ec_fault.c) can
 * inject faults between polls and check the countermeasures fire. Nothing
 * else uses it.
 */
#ifndef NBTLS_CORE_OP_OP_P256_SIGN_H
#define NBTLS_CORE_OP_OP_P256_SIGN_H

#include "op/op_p256.h"

enum {
    SIGN_K0,   /* K = HMAC_K(V || 0x00 || x || h1 [|| k']) */
    SIGN_V0,   /* V = HMAC_K(V) */
    SIGN_K1,   /* K = HMAC_K(V || 0x01 || x || h1 [|| k']) */
    SIGN_V1,   /* V = HMAC_K(V) */
    SIGN_GEN,  /* V = HMAC_K(V); T = T || V; once T has 256 bits,
                  k = bits2int(T), accepted if in [1, n-1] */
    SIGN_RK,   /* retry: K = HMAC_K(V || 0x00) */
    SIGN_RV,   /* retry: V = HMAC_K(V), then SIGN_GEN */
    SIGN_COMB, /* R = k*G */
    SIGN_INV,  /* 1/Z */
    SIGN_R,    /* r = x(R) mod n */
    SIGN_KINV, /* k^-1 mod n */
    SIGN_S,    /* s = k^-1 (e + r d) */
    SIGN_CHECK /* s k == e + r d, then release r || s */
};

typedef struct {
    uint8_t phase;
    uint8_t hedged;
    unsigned char x[32];     /* int2octets(d) (secret) */
    unsigned char h1[32];    /* bits2octets(h) */
    unsigned char extra[32]; /* k' of RFC 6979 3.6 (secret) */
    uint8_t hmac_alg;        /* HASH_* below */
    uint8_t hlen;            /* its output length */
    uint8_t tlen;            /* bytes of T gathered for the current candidate */
    unsigned char K[64], V[64], T[32];
    nbtls_sc d, e;      /* plain */
    nbtls_sc k_mont;    /* the nonce, Montgomery form (secret) */
    nbtls_sc r, s_mont; /* r plain, s Montgomery */
    nbtls_sc kinv_mont; /* k^-1 (secret) */
    union {             /* phases that never overlap share storage */
        struct {
            nbtls_p256_comb comb; /* R = k G */
            nbtls_fe_exp inv;     /* 1/Z */
        } r;
        nbtls_sc_inv kinv; /* k^-1, started once r is known */
    } u;
    unsigned char sig[64];
} sign_state;

#endif
