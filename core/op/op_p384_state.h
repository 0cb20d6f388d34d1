/*
 * core/op: the states of the restartable P-384 signing and ECDH ops
 * (op_p384_ecdsa.c, op_p384_ecdh.c), in a header only so that open-box
 * tests (tests/p384/test_p384_fault.c) can inject faults between polls and
 * check the countermeasures fire. Nothing else uses it.
 */
#ifndef NBTLS_CORE_OP_OP_P384_STATE_H
#define NBTLS_CORE_OP_OP_P384_STATE_H

#include "ec/rfc6979.h"
#include "op/op_p384.h"

enum {
    P384_SIGN_NONCE, /* RFC 6979 HMAC_DRBG (ec/rfc6979.h): one HMAC per step */
    P384_SIGN_MUL,   /* R = k G */
    P384_SIGN_INV,   /* 1/Z */
    P384_SIGN_R,     /* r = x(R) mod n */
    P384_SIGN_KINV,  /* k^-1 mod n */
    P384_SIGN_S,     /* s = k^-1 (e + r d) */
    P384_SIGN_CHECK  /* s k == e + r d, then release r || s */
};

typedef struct {
    uint8_t phase;
    nbtls_rfc6979 drbg;      /* the nonce generator (secret) */
    nbtls_p384_sc d, e;      /* plain */
    nbtls_p384_sc k_mont;    /* the nonce (secret) */
    nbtls_p384_sc r, s_mont; /* r plain, s Montgomery */
    nbtls_p384_sc kinv_mont; /* k^-1 (secret) */
    union {                  /* phases that never overlap share storage */
        struct {
            nbtls_p384_comb comb; /* R = k G */
            nbtls_p384_exp inv;   /* 1/Z */
        } r;
        nbtls_p384_exp kinv; /* k^-1 */
    } u;
    unsigned char sig[96];
} p384_sign_state;

enum {
    P384_ECDH_DECODE = 0,
    P384_ECDH_MUL = 1,
    P384_ECDH_INV = 2,
    P384_ECDH_FIN = 3
};

typedef struct {
    uint8_t phase;
    unsigned char d[48]; /* private scalar (secret) */
    union {              /* one after the other */
        nbtls_p384_decoder dec;
        nbtls_p384_window win;
    } u;
    nbtls_p384_exp inv;
    unsigned char out[48];
} p384_ecdh_state;

#endif
