/* bench_p256: the P-256 figures of bench_ec.h (keygen, sign, verify, ECDH
 * at budgets 0/1/8 beside OpenSSL). */
#include "bench_ec.h"

int main(void) {
    return bench_ec_main(&EC_P256);
}
