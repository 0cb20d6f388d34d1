/*
 * core/op: the state of the restartable P-256 ECDH op (op_p256_ecdh.c), in
 * a header only so that open-box tests (tests/ec/test_ec_fault.c) can
 * inject faults between polls. Nothing else uses it.
 */
#ifndef NBTLS_CORE_OP_OP_P256_ECDH_H
#define NBTLS_CORE_OP_OP_P256_ECDH_H

#include "op/op_p256.h"

enum { ECDH_DECODE = 0, ECDH_MUL = 1, ECDH_INV = 2, ECDH_FIN = 3 };

typedef struct {
    uint8_t phase;
    unsigned char d[32]; /* private scalar (secret) */
    nbtls_p256_decoder dec;
    nbtls_p256_window win;
    nbtls_fe_exp inv;
    unsigned char out[32];
} ecdh_state;

#endif
