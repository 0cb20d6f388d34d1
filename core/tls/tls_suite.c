/* core/tls: the cipher suite table (RFC 8446 appendix B.4). */
#include "tls/tls.h"

#include "nbtls/sym.h"

static const struct {
    uint16_t id;
    int aead;
    int hash;
} suites[] = {
    {NBTLS_TLS_AES_128_GCM_SHA256, NBTLS_AES_128_GCM, NBTLS_SHA256},
    {NBTLS_TLS_AES_256_GCM_SHA384, NBTLS_AES_256_GCM, NBTLS_SHA384},
    {NBTLS_TLS_CHACHA20_POLY1305_SHA256, NBTLS_CHACHA20_POLY1305, NBTLS_SHA256},
};

int nbtls_tls_suite_aead(uint16_t suite) {
    for (size_t i = 0; i < NBTLS_ARRAY_LEN(suites); i++)
        if (suites[i].id == suite) return suites[i].aead;
    return NBTLS_E_UNSUPPORTED;
}

int nbtls_tls_suite_hash(uint16_t suite) {
    for (size_t i = 0; i < NBTLS_ARRAY_LEN(suites); i++)
        if (suites[i].id == suite) return suites[i].hash;
    return NBTLS_E_UNSUPPORTED;
}
