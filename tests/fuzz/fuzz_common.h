/*
 * Shared by the fuzz targets of tests/fuzz: the oracle macro (a failed
 * oracle aborts, which libFuzzer and the replay driver both report) and
 * the run-to-completion helper.
 */
#ifndef NBTLS_TESTS_FUZZ_COMMON_H
#define NBTLS_TESTS_FUZZ_COMMON_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nbtls/nbtls.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_ASSERT(cond)                                                      \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: fuzz oracle failed: %s\n", __FILE__,       \
                    __LINE__, #cond);                                          \
            abort();                                                           \
        }                                                                      \
    } while (0)

/* Poll to the end at `budget`, checking the unit accounting on the way;
 * returns the final status. */
static inline int fuzz_run(nbtls_op *op, uint32_t budget) {
    int rc = NBTLS_IN_PROGRESS;
    uint64_t before = nbtls_op_units(op);
    unsigned long polls = 0;
    while (rc == NBTLS_IN_PROGRESS) {
        rc = nbtls_op_poll(op, budget);
        uint64_t after = nbtls_op_units(op);
        FUZZ_ASSERT(after > before);
        FUZZ_ASSERT(budget == 0 || after - before <= budget);
        before = after;
        FUZZ_ASSERT(++polls < 1000000ul);
    }
    FUZZ_ASSERT(nbtls_op_poll(op, budget) == rc); /* sticky */
    return rc;
}

/* The group order n of P-256, copied from tests/vectors/p256_params.txt. */
static const unsigned char FUZZ_P256_N[32] = {
    0xFF, 0xFF, 0xFF, 0xFF, 0x00, 0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xBC, 0xE6, 0xFA, 0xAD, 0xA7, 0x17,
    0x9E, 0x84, 0xF3, 0xB9, 0xCA, 0xC2, 0xFC, 0x63, 0x25, 0x51};

/* 1 if the 32-byte big-endian v is in [1, n-1]. */
static inline int fuzz_in_scalar_range(const unsigned char v[32]) {
    int nonzero = 0;
    for (int i = 0; i < 32; i++)
        nonzero |= v[i];
    return nonzero && memcmp(v, FUZZ_P256_N, 32) < 0;
}

#endif
