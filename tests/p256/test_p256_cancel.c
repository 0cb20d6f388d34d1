/* Cancellation of every P-256 op kind at every step, finished and failed
 * ops freed (tests/ec_restart.h, EC_CANCEL). */
#include "check.h"
#include "p256_util.h"

#include "ec_restart.h"

int main(void) {
    return ec_restart_main(&EC_P256, "p256_rfc6979.txt", EC_CANCEL);
}
