/*
 * Positive control for the constant-time harness: it branches on a byte
 * marked secret with NBTLS_CT_SECRET, so under
 * `valgrind --error-exitcode=1` it MUST fail (the ctest has WILL_FAIL).
 * If it passes, the harness is broken: valgrind is not watching, or
 * NBTLS_CTGRIND is not defined and the marks compile to nothing.
 */
#include "check.h"
#include "common/common.h"

int main(void) {
    volatile unsigned char secret[1] = {42};
    unsigned char copy[1];
    NBTLS_CT_SECRET((void *)secret, 1);
    copy[0] = secret[0];
    /* a secret-dependent branch with a visible effect (the optimiser
     * cannot remove it) */
    if (copy[0] == 42)
        printf("control: the secret byte is 42\n");
    else
        printf("control: the secret byte is not 42\n");
    /* the program's own logic passes: only valgrind can make it fail */
    CHECK(1);
    return CHECK_DONE();
}
