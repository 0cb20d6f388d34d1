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

#endif
