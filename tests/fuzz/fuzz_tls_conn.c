/*
 * Fuzz target (TLS): the client connection engine (nbtls/tls.h) on a whole
 * server flight. Input: byte 0 the poll budget (mod 8; 0 = unlimited), byte 1
 * the feed chunk size - 1, then the bytes "the server sent". The client is
 * tests/tls/fixed_client.h's (fixed rng, x25519, verification off), so the
 * seeds, real flights of openssl s_server and Go's crypto/tls recorded by
 * tests/tls/test_tls_client (NBTLS_TLS_CORPUS_OUT), complete a handshake and
 * mutations of them reach every later message. After the handshake the
 * target writes, reads, updates its keys and closes.
 * Oracles: no poll spends more than its budget; statuses are DONE,
 * IN_PROGRESS, WANT_READ, WANT_WRITE or one of the documented errors, and an
 * error is sticky; the negotiated getters are consistent with the
 * handshake state; no leak or overflow (ASan).
 */
#include "fuzz_common.h"

#include "tls/fixed_client.h"

static int allowed_error(int st) {
    return st == NBTLS_E_PROTOCOL || st == NBTLS_E_PEER_ALERT ||
           st == NBTLS_E_HANDSHAKE || st == NBTLS_E_CERTIFICATE ||
           st == NBTLS_E_UNSUPPORTED || st == NBTLS_E_BUFFER_TOO_SMALL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size < 2) return 0;
    uint32_t budget = data[0] % 8;
    size_t chunk = (size_t)data[1] + 1, fed = 0;
    data += 2;
    size -= 2;
    static unsigned ctr;
    ctr = 0;
    nbtls_config *cfg = fixed_client_config(&ctr);
    FUZZ_ASSERT(cfg != NULL);
    nbtls_conn *c = NULL;
    FUZZ_ASSERT(nbtls_conn_new(&c, cfg, "localhost") == NBTLS_DONE);
    int st = NBTLS_IN_PROGRESS, wrote = 0;
    for (int guard = 0; guard < 200000; guard++) {
        uint64_t u0 = nbtls_conn_units(c);
        st = nbtls_conn_poll(c, budget);
        if (budget) FUZZ_ASSERT(nbtls_conn_units(c) - u0 <= budget);
        FUZZ_ASSERT(st == NBTLS_DONE || st == NBTLS_IN_PROGRESS ||
                    st == NBTLS_WANT_READ || st == NBTLS_WANT_WRITE ||
                    allowed_error(st));
        unsigned char buf[4096];
        size_t n = 0;
        do
            FUZZ_ASSERT(nbtls_conn_take_output(c, buf, sizeof buf, &n) ==
                        NBTLS_DONE);
        while (n);
        if (st < 0) {
            FUZZ_ASSERT(nbtls_conn_poll(c, budget) == st); /* sticky */
            break;
        }
        while (nbtls_conn_read(c, buf, sizeof buf, &n) == NBTLS_DONE)
            FUZZ_ASSERT(n > 0);
        if (nbtls_conn_handshake_done(c)) {
            FUZZ_ASSERT(nbtls_conn_suite(c) != 0 &&
                        nbtls_conn_group(c) == NBTLS_GROUP_X25519);
            FUZZ_ASSERT(nbtls_conn_peer_cert_count(c) >= 1);
            if (!wrote) {
                size_t acc = 0;
                wrote = 1;
                FUZZ_ASSERT(nbtls_conn_write(c, (const unsigned char *)"ping",
                                             4, &acc) == NBTLS_DONE &&
                            acc == 4);
                FUZZ_ASSERT(nbtls_conn_key_update(c, 1) == NBTLS_DONE);
            }
        } else {
            FUZZ_ASSERT(nbtls_conn_suite(c) == 0 || nbtls_conn_group(c) != 0);
        }
        if (st == NBTLS_IN_PROGRESS || st == NBTLS_WANT_WRITE) continue;
        if (fed == size) break; /* the server has nothing more to say */
        size_t k = size - fed < chunk ? size - fed : chunk, used = 0;
        FUZZ_ASSERT(nbtls_conn_feed(c, data + fed, k, &used) == NBTLS_DONE);
        fed += used;
    }
    if (st >= 0 && nbtls_conn_handshake_done(c))
        FUZZ_ASSERT(nbtls_conn_close(c) == NBTLS_DONE);
    nbtls_conn_free(c);
    nbtls_config_free(cfg);
    return 0;
}
