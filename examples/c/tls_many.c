/*
 * tls_many: many TLS 1.3 client connections on one thread, in a poll()
 * event loop, beside other work. Copy it to integrate nbtls in your loop.
 *
 *   example_tls_many HOST:PORT CAFILE [CONNECTIONS [BUDGET [AT_ONCE]]]
 *
 * Opens CONNECTIONS (default 50) non-blocking TCP connections to HOST:PORT,
 * AT_ONCE (default all) at a time; each one handshakes (the server's chain
 * checked against CAFILE, its name against HOST), sends "GET / HTTP/1.0",
 * reads the answer until the server closes (openssl s_server -www), closes.
 * Each connection is an nbtls_conn: the engine never touches the socket; the
 * loop moves bytes with the zero-copy calls (input_space/commit,
 * output_peek/consume) and calls nbtls_conn_poll(conn, BUDGET) once per
 * turn, so one connection's crypto (ECDH, chain check, signature) is cut in
 * slices of BUDGET work units (0: no slicing, a whole flight per poll).
 *
 * The "other work" is a ticker due every millisecond. The loop gives it a
 * chance after every slice, not once per turn: with 50 connections ready at
 * once, 50 slices back to back would delay it as much as one huge poll. Its
 * worst lateness, printed at the end, is the time it waited behind the
 * loop's own work (not behind poll()'s millisecond timeout).
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <nbtls/tls.h>

static double clock_us(clockid_t id) {
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}
static double now_us(void) {
    return clock_us(CLOCK_MONOTONIC);
}

/* ---- the other work: a ticker due every TICK_US ------------------------ */
#define TICK_US 1000.0
static double next_tick, woke_at, worst_late;
static unsigned long ticks;
static float lateness[1 << 16]; /* of the first 65,536 ticks: percentiles */

static void ticker(void) {
    double t = now_us();
    if (t < next_tick) return;
    /* Late by the time since it was due, or since the loop woke up when
     * poll() slept past it (that part is the OS's, not ours). */
    double late = t - (next_tick > woke_at ? next_tick : woke_at);
    if (late > worst_late) worst_late = late;
    if (ticks < sizeof lateness / sizeof lateness[0])
        lateness[ticks] = (float)late;
    ticks++;
    next_tick += TICK_US;
    if (next_tick < t) next_tick = t + TICK_US; /* skip the missed ones */
}

/* ---- one connection ----------------------------------------------------- */
struct cx {
    int fd; /* -1: not started or finished */
    nbtls_conn *conn;
    int more;        /* the last poll said NBTLS_IN_PROGRESS */
    int sent;        /* the request is written */
    int done;        /* finished (ok or not) */
    size_t received; /* application bytes read */
};

static uint32_t budget;
static double slowest_poll;
static unsigned long completed, failed;
static uint64_t total_polls, total_units;
static size_t conn_bytes;

static const char request[] = "GET / HTTP/1.0\r\n\r\n";

static int connect_nb(const struct addrinfo *a) {
    int fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    if (connect(fd, a->ai_addr, a->ai_addrlen) != 0 && errno != EINPROGRESS) {
        close(fd);
        return -1;
    }
    return fd;
}

static void finish(struct cx *c, const char *why) {
    if (why) {
        const char *detail = nbtls_conn_error_string(c->conn);
        fprintf(stderr, "tls_many: connection failed: %s%s%s\n", why,
                detail && *detail ? ": " : "", detail ? detail : "");
        failed++;
    }
    total_polls += nbtls_conn_polls(c->conn);
    total_units += nbtls_conn_units(c->conn);
    nbtls_conn_free(c->conn);
    close(c->fd);
    c->conn = NULL;
    c->fd = -1;
    c->done = 1;
}

/* Send what the socket takes of the engine's output, without a copy.
 * 0, or -1 on an I/O error. */
static int flush(struct cx *c) {
    const unsigned char *p;
    size_t n;
    while (nbtls_conn_output_peek(c->conn, &p, &n), n > 0) {
        ssize_t w = send(c->fd, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
        if (w <= 0) return -1;
        nbtls_conn_output_consume(c->conn, (size_t)w);
    }
    return 0;
}

/* Receive straight into the engine's input buffer. 1 when bytes came (or
 * the buffer is full: poll first), 0 when none are waiting, -1 at the TCP
 * end or on an error. */
static int receive(struct cx *c) {
    unsigned char *buf;
    size_t room;
    if (nbtls_conn_input_space(c->conn, &buf, &room) != NBTLS_DONE) return -1;
    if (room == 0) return 1;
    ssize_t k = recv(c->fd, buf, room, 0);
    if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
        return 0;
    if (k <= 0) return -1;
    nbtls_conn_input_commit(c->conn, (size_t)k);
    return 1;
}

/* One slice of work for a connection: poll once, then do what its state
 * allows (write the request, read the answer, send the output). */
static void step(struct cx *c) {
    double t0 = now_us();
    int st = nbtls_conn_poll(c->conn, budget);
    double dt = now_us() - t0;
    if (dt > slowest_poll) slowest_poll = dt;
    c->more = st == NBTLS_IN_PROGRESS;
    if (st < 0) {
        (void)flush(c); /* a fatal alert may be waiting */
        finish(c, nbtls_strerror(st));
        return;
    }
    if (!c->sent && nbtls_conn_handshake_done(c->conn)) {
        size_t acc = 0;
        completed++;
        c->sent = 1;
        if (nbtls_conn_write(c->conn, (const unsigned char *)request,
                             sizeof request - 1, &acc) != NBTLS_DONE ||
            acc != sizeof request - 1) {
            finish(c, "write");
            return;
        }
    }
    unsigned char buf[4096];
    size_t got;
    int r;
    while ((r = nbtls_conn_read(c->conn, buf, sizeof buf, &got)) ==
           NBTLS_DONE) {
        c->received += got;
        c->more = 1; /* records behind it may wait in the input: poll again */
    }
    if (r == NBTLS_E_CLOSED) { /* the server's close_notify: answer it */
        (void)nbtls_conn_close(c->conn);
        (void)flush(c);
        finish(c, NULL);
        return;
    }
    if (flush(c) != 0) finish(c, "send");
}

static int cmp_float(const void *a, const void *b) {
    float x = *(const float *)a, y = *(const float *)b;
    return (x > y) - (x < y);
}

static int usage(void) {
    fprintf(stderr, "usage: example_tls_many HOST:PORT CAFILE "
                    "[CONNECTIONS [BUDGET [AT_ONCE]]]\n"
                    "  (scripts/demo starts a local server for it)\n");
    return 2;
}

int main(int argc, char **argv) {
    if (argc < 3 || argc > 6) return usage();
    static char host[256];
    const char *colon = strrchr(argv[1], ':');
    if (!colon || (size_t)(colon - argv[1]) >= sizeof host) return usage();
    memcpy(host, argv[1], (size_t)(colon - argv[1]));
    const char *port = colon + 1;
    long n = argc > 3 ? atol(argv[3]) : 50;
    budget = argc > 4 ? (uint32_t)strtoul(argv[4], NULL, 10) : 8;
    long at_once = argc > 5 ? atol(argv[5]) : n;
    if (n < 1 || n > 10000 || at_once < 1) return usage();
    if (at_once > n) at_once = n;

    /* One config, shared by every connection. */
    nbtls_config *cfg = NULL;
    nbtls_trust *trust = NULL;
    size_t added = 0;
    int r = nbtls_config_new(&cfg, NBTLS_ROLE_CLIENT);
    if (r == NBTLS_DONE) r = nbtls_trust_new(&trust);
    if (r == NBTLS_DONE) r = nbtls_trust_load_file(trust, argv[2], &added);
    if (r == NBTLS_DONE) r = nbtls_config_set_trust(cfg, trust);
    struct addrinfo hints, *addr = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    if (r == NBTLS_DONE && getaddrinfo(host, port, &hints, &addr) != 0)
        r = NBTLS_E_INVALID_ARG;
    struct cx *cx = calloc((size_t)n, sizeof *cx);
    struct pollfd *pf = calloc((size_t)n, sizeof *pf);
    if (r != NBTLS_DONE || !cx || !pf) {
        fprintf(stderr, "tls_many: setup: %s\n", nbtls_strerror(r));
        return 2;
    }
    for (long i = 0; i < n; i++)
        cx[i].fd = -1;

    double start = now_us(), cpu_start = clock_us(CLOCK_PROCESS_CPUTIME_ID);
    next_tick = start + TICK_US;
    long started = 0, finished = 0;
    while (finished < n) {
        /* Start connections up to AT_ONCE open. */
        for (; started < n && started - finished < at_once; started++) {
            struct cx *c = &cx[started];
            c->fd = connect_nb(addr);
            if (c->fd < 0 ||
                nbtls_conn_new(&c->conn, cfg, host) != NBTLS_DONE) {
                fprintf(stderr, "tls_many: cannot start a connection\n");
                if (c->fd >= 0) close(c->fd);
                c->fd = -1;
                c->done = 1;
                failed++;
                finished++;
                continue;
            }
            if (!conn_bytes) conn_bytes = nbtls_conn_alloc_size(c->conn);
            c->more = 1; /* the key shares want computing */
            ticker();
        }
        /* Wait for the network, the next tick, or nothing if work is left. */
        nfds_t k = 0;
        int busy = 0;
        for (long i = 0; i < started; i++) {
            struct cx *c = &cx[i];
            if (c->done) continue;
            busy |= c->more;
            pf[k].fd = c->fd;
            pf[k].events = POLLIN;
            if (nbtls_conn_output_pending(c->conn)) pf[k].events |= POLLOUT;
            pf[k++].revents = 0;
        }
        double wait = next_tick - now_us();
        int timeout = busy || wait <= 0 ? 0 : (int)(wait / 1000.0) + 1;
        if (poll(pf, k, timeout) < 0 && errno != EINTR) break;
        woke_at = now_us();
        ticker();
        /* One turn: every connection with something to do gets one slice,
         * and the ticker a chance after each slice. */
        k = 0;
        for (long i = 0; i < started; i++) {
            struct cx *c = &cx[i];
            if (c->done) continue;
            short ev = pf[k++].revents;
            int fresh = 0;
            if (ev & (POLLIN | POLLHUP | POLLERR)) {
                fresh = receive(c);
                if (fresh < 0) { /* TCP ended before the close_notify */
                    finish(c, c->sent ? NULL : "connection closed");
                    finished++;
                    continue;
                }
            }
            if ((ev & POLLOUT) && flush(c) != 0) {
                finish(c, "send");
                finished++;
                continue;
            }
            if (fresh || c->more) {
                step(c);
                if (c->done) finished++;
                ticker();
            }
        }
    }
    double secs = (now_us() - start) / 1e6;
    double cpu = clock_us(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;

    printf("tls_many: %ld connections, %ld at once, budget %u\n", n, at_once,
           (unsigned)budget);
    printf("  handshakes completed   %lu (%lu failed)\n", completed, failed);
    printf("  handshakes per second  %.1f (%.2f s in all)\n",
           secs > 0 ? (double)completed / secs : 0.0, secs);
    printf("  client CPU per handshake %.0f us (the whole program)\n",
           completed ? cpu / (double)completed : 0.0);
    printf("  polls per handshake    %.1f\n",
           completed ? (double)total_polls / (double)completed : 0.0);
    printf("  units per handshake    %.1f\n",
           completed ? (double)total_units / (double)completed : 0.0);
    printf("  slowest single poll    %.0f us\n", slowest_poll);
    size_t nl = ticks < sizeof lateness / sizeof lateness[0]
                    ? ticks
                    : sizeof lateness / sizeof lateness[0];
    qsort(lateness, nl, sizeof lateness[0], cmp_float);
    printf("  ticker (1 ms)          %lu ticks, lateness: median %.0f us, "
           "99th percentile %.0f us, worst %.0f us\n",
           ticks, nl ? (double)lateness[nl / 2] : 0.0,
           nl ? (double)lateness[nl * 99 / 100] : 0.0, worst_late);
    printf("  bytes per connection   %zu (one allocation; inner ops and "
           "peer certificates extra)\n",
           conn_bytes);

    free(cx);
    free(pf);
    freeaddrinfo(addr);
    nbtls_config_free(cfg);
    nbtls_trust_free(trust);
    return failed ? 1 : 0;
}
