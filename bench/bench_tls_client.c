/*
 * bench_tls_client: the client side of a TLS 1.3 handshake, CPU only. A
 * real server flight (tests/fuzz/corpus/fuzz_tls_conn/openssl_flight,
 * recorded from openssl s_server for tests/tls/fixed_client.h's client:
 * x25519, AES-128-GCM, a P-256 CertificateVerify; chain validation off, as
 * the recorded certificates expire) is replayed in memory, so the figures
 * are the client's work alone: key share, ECDH, CertificateVerify, key
 * schedule, records. Prints handshakes per second, polls and units per
 * handshake, and the slowest poll, at budgets 0 (one poll per flight) and 1.
 * Usage: bench_tls_client [FLIGHT_FILE] [HANDSHAKES]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "tls/fixed_client.h"

static double clock_us(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}
static double now_us(void) {
    return clock_us(CLOCK_MONOTONIC);
}
/* Per-poll times are thread CPU time: on a shared machine a wall-clock
 * maximum is the scheduler's, not the poll's. */
static double cpu_us(void) {
    return clock_us(CLOCK_THREAD_CPUTIME_ID);
}

static unsigned char flight[8192];
static size_t conn_size;
/* The fastest time seen of each poll (by its index in the handshake): the
 * polls of a handshake are the same every time (fixed rng, same flight), so
 * the largest of these minima is the slowest step, free of scheduler
 * noise. */
#define MAX_POLLS 8192
static double poll_min[MAX_POLLS];
static size_t flight_len;

/* One handshake at `budget`: 0 on success; polls, units. */
static int handshake(nbtls_config *cfg, unsigned *ctr, uint32_t budget,
                     unsigned long *polls, uint64_t *units) {
    nbtls_conn *c = NULL;
    *ctr = 0;
    if (nbtls_conn_new(&c, cfg, "localhost") != NBTLS_DONE) return -1;
    size_t fed = 0;
    int st;
    *polls = 0;
    for (;;) {
        if (fed < flight_len) {
            size_t used = 0;
            (void)nbtls_conn_feed(c, flight + fed, flight_len - fed, &used);
            fed += used;
        }
        double t0 = cpu_us();
        st = nbtls_conn_poll(c, budget);
        double dt = cpu_us() - t0;
        if (*polls < MAX_POLLS && dt < poll_min[*polls]) poll_min[*polls] = dt;
        (*polls)++;
        unsigned char out[4096];
        size_t n;
        do
            (void)nbtls_conn_take_output(c, out, sizeof out, &n);
        while (n);
        if (st < 0 || (st == NBTLS_DONE && nbtls_conn_handshake_done(c)))
            break;
        if (st == NBTLS_WANT_READ && fed == flight_len) break;
    }
    *units = nbtls_conn_units(c);
    conn_size = nbtls_conn_alloc_size(c);
    int ok = st == NBTLS_DONE && nbtls_conn_handshake_done(c);
    nbtls_conn_free(c);
    return ok ? 0 : -1;
}

int main(int argc, char **argv) {
    const char *path =
        argc > 1 ? argv[1]
                 : NBTLS_SOURCE_DIR "/tests/fuzz/corpus/fuzz_tls_conn/"
                                    "openssl_flight";
    int n = argc > 2 ? atoi(argv[2]) : 300;
    FILE *f = fopen(path, "rb");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        return 1;
    }
    flight_len = fread(flight, 1, sizeof flight, f);
    fclose(f);
    if (flight_len < 3) return 1;
    memmove(flight, flight + 2, flight_len - 2); /* budget, chunk bytes */
    flight_len -= 2;
    unsigned ctr = 0;
    nbtls_config *cfg = fixed_client_config(&ctr);
    if (!cfg) return 1;
    static const uint32_t budgets[] = {0, 1};
    printf("client TLS 1.3 handshake, in memory on a recorded openssl "
           "s_server flight (x25519, P-256 CertificateVerify, no chain "
           "validation)\n");
    for (size_t b = 0; b < 2; b++) {
        for (size_t i = 0; i < MAX_POLLS; i++)
            poll_min[i] = 1e30;
        double slowest = 0, t0 = now_us();
        unsigned long polls = 0;
        uint64_t units = 0;
        for (int i = 0; i < n; i++)
            if (handshake(cfg, &ctr, budgets[b], &polls, &units)) {
                fprintf(stderr, "handshake failed\n");
                return 1;
            }
        double per = (now_us() - t0) / n;
        unsigned long at = 0;
        for (unsigned long i = 0; i < polls && i < MAX_POLLS; i++)
            if (poll_min[i] > slowest) {
                slowest = poll_min[i];
                at = i;
            }
        printf("budget %u: %.0f us per handshake (%.0f/s; the clock calls "
               "around each poll included), %lu polls, %llu units, slowest "
               "poll %.1f us CPU (poll %lu)\n",
               budgets[b], per, 1e6 / per, polls, (unsigned long long)units,
               slowest, at);
    }
    printf("connection object: %zu bytes\n", conn_size);
    nbtls_config_free(cfg);
    return 0;
}
