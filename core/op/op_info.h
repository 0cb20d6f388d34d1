/*
 * core/op: what nbtls_op_kind(), nbtls_op_result_len() and
 * nbtls_op_unit_ns() (op_info.c) need to know about a message-level op
 * (op_scheme.c), whose state is private to its file.
 */
#ifndef NBTLS_CORE_OP_OP_INFO_H
#define NBTLS_CORE_OP_OP_INFO_H

#include "op/op.h"

typedef struct {
    int key_type; /* NBTLS_KEY_* the scheme works on */
    int hashing;  /* 1 while the message is being hashed, then 0 */
} nbtls_scheme_op_info;

/* Fill *info for an op made by nbtls_sign_start() or nbtls_verify_start()
 * and return 1; return 0 (info untouched) for any other op. */
int nbtls_scheme_op_get_info(const struct nbtls_op *op,
                             nbtls_scheme_op_info *info);

#endif
