/* bench_p384: the P-384 figures of bench_ec.h (keygen, sign, verify, ECDH
 * at budgets 0/1/8 beside OpenSSL). */
#include "bench_ec.h"

int main(void) {
    return bench_ec_main(&EC_P384);
}
