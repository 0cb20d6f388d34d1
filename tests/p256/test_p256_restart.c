/* The poll contract of every P-256 op kind at budgets 0/1/7/1000
 * (tests/ec_restart.h, EC_RESTART). */
#include "check.h"
#include "p256_util.h"

#include "ec_restart.h"

int main(void) {
    return ec_restart_main(&EC_P256, "p256_rfc6979.txt", EC_RESTART);
}
