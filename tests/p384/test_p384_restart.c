/* P-384 restartability (every op kind at budgets 0/1/7/1000) and
 * cancellation at every step (tests/ec_restart.h, both modes). */
#include "check.h"
#include "p384_util.h"

#include "ec_restart.h"

int main(void) {
    return ec_restart_main(&EC_P384, P384_VEC("p384_rfc6979.txt"),
                           EC_RESTART | EC_CANCEL);
}
