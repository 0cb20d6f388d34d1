/*
 * core/op: the state of the restartable ECDSA signing op (op_p256_ecdsa.c),
 * in a header only so that open-box tests (tests/ec/test_ec_fault.c) can
 * inject faults between polls and check the countermeasures fire. Nothing
 * else uses it.
 */
#ifndef NBTLS_CORE_OP_OP_P256_SIGN_H
#define NBTLS_CORE_OP_OP_P256_SIGN_H

#include "ec/rfc6979.h"
#include "op/op_p256.h"

enum {
    SIGN_NONCE, /* RFC 6979 (ec/rfc6979.h): one HMAC call per unit until a
                   candidate k is ready, then k accepted if in [1, n-1] */
    SIGN_COMB,  /* R = k*G */
    SIGN_INV,   /* 1/Z */
    SIGN_R,     /* r = x(R) mod n */
    SIGN_KINV,  /* k^-1 mod n */
    SIGN_S,     /* s = k^-1 (e + r d) */
    SIGN_CHECK  /* s k == e + r d, then release r || s */
};

typedef struct {
    uint8_t phase;
    nbtls_rfc6979 drbg; /* the nonce generator (secret) */
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
