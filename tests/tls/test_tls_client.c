/*
 * The TLS 1.3 client (nbtls/tls.h) against `openssl s_server -tls1_3` on
 * 127.0.0.1, started here on free ports with certificates minted here by
 * the openssl command (a P-256 root -> intermediate -> leaf chain for
 * "localhost", and a second, untrusted root with its own "localhost" leaf).
 *
 * Checks: a handshake with each suite and each group, at budgets 0, 1 and 7,
 * gives the same negotiated parameters, and no poll spends more than its
 * budget; application data both ways (s_server -rev answers each line
 * reversed), including a 30,000-byte write split into records of at most
 * 2^14; KeyUpdate with update_requested (the server answers with its own),
 * and the server's (s_server's "K": we answer with ours); a
 * HelloRetryRequest (server limited to secp256r1, client sharing x25519
 * only; server limited to secp384r1, the default shares); the state bits; client authentication (s_server -Verify: our P-256 certificate and
 * CertificateVerify at budgets 0/1/7, certificate_required without one); a
 * wrong hostname (bad_certificate, name_mismatch) and an untrusted chain
 * (unknown_ca, unknown_issuer) are refused with the right alert on the wire;
 * close_notify both ways.
 *
 * With a Go toolchain, tests/tls/go_echo_server.go (crypto/tls) is a second,
 * independent peer: ALPN, 1 MiB echoed byte-exact with a KeyUpdate in the
 * middle, the server's close_notify, a HelloRetryRequest.
 *
 * Usage: test_tls_client OPENSSL_BINARY [GO_BINARY GO_SERVER_SOURCE]
 * (exit 77: skipped without openssl).
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "nbtls/tls.h"
#include "tls/conn_internal.h" /* the KeyUpdate threshold, for a test */
#include "tls/fixed_client.h"

static const char *openssl_bin;
static char dir[256];

static int run(const char *cmd) {
    int rc = system(cmd);
    if (rc != 0) fprintf(stderr, "command failed (%d): %s\n", rc, cmd);
    return rc;
}

static int mint(void) {
    char path[512];
    snprintf(path, sizeof path, "%s/ext.cnf", dir);
    FILE *f = fopen(path, "w");
    if (!f) return -1;
    fputs("[req]\ndistinguished_name=dn\n[dn]\n"
          "[x_ca]\nbasicConstraints=critical,CA:TRUE\n"
          "keyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n"
          "[x_int]\nbasicConstraints=critical,CA:TRUE,pathlen:0\n"
          "keyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\n"
          "authorityKeyIdentifier=keyid\n"
          "[x_leaf]\nbasicConstraints=critical,CA:FALSE\n"
          "keyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
          "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
          "subjectKeyIdentifier=hash\n"
          "authorityKeyIdentifier=keyid\n"
          "[x_client]\nbasicConstraints=critical,CA:FALSE\n"
          "keyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth\n"
          "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n",
          f);
    fclose(f);
    char cmd[2048];
    snprintf(
        cmd, sizeof cmd,
        "(cd %s && O='%s' && "
        "for k in ca int leaf evil evilleaf; do $O ecparam -name prime256v1 "
        "-genkey -noout -out $k.key || exit 1; done && "
        "$O req -x509 -new -key ca.key -subj /CN=nbtls-test-root -days 2 "
        "-out ca.pem -extensions x_ca -config ext.cnf && "
        "$O req -x509 -new -key evil.key -subj /CN=nbtls-other-root -days 2 "
        "-out evil.pem -extensions x_ca -config ext.cnf && "
        "$O req -new -key int.key -subj /CN=nbtls-test-int -out int.csr "
        "-config ext.cnf && "
        "$O x509 -req -in int.csr -CA ca.pem -CAkey ca.key -set_serial 2 "
        "-days 2 -extfile ext.cnf -extensions x_int -out int.pem && "
        "$O req -new -key leaf.key -subj /CN=localhost -out leaf.csr "
        "-config ext.cnf && "
        "$O x509 -req -in leaf.csr -CA int.pem -CAkey int.key -set_serial 3 "
        "-days 2 -extfile ext.cnf -extensions x_leaf -out leaf.pem && "
        "$O req -new -key evilleaf.key -subj /CN=localhost -out evilleaf.csr "
        "-config ext.cnf && "
        "$O x509 -req -in evilleaf.csr -CA evil.pem -CAkey evil.key "
        "-set_serial 4 -days 2 -extfile ext.cnf -extensions x_leaf "
        "-out evilleaf.pem && cat leaf.pem int.pem > chain.pem && "
        "$O ecparam -name prime256v1 -genkey -noout -out client.key && "
        "$O req -new -key client.key -subj /CN=nbtls-client -out client.csr "
        "-config ext.cnf && "
        "$O x509 -req -in client.csr -CA int.pem -CAkey int.key -set_serial 5 "
        "-days 2 -extfile ext.cnf -extensions x_client -out client.pem && "
        "$O genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 "
        "-out rsaleaf.key && "
        "$O ecparam -name secp384r1 -genkey -noout -out p384leaf.key && "
        "for k in rsaleaf p384leaf; do "
        "$O req -new -key $k.key -subj /CN=localhost -out $k.csr "
        "-config ext.cnf && "
        "$O x509 -req -in $k.csr -CA int.pem -CAkey int.key -set_serial 6 "
        "-days 2 -extfile ext.cnf -extensions x_leaf -out $k.pem || exit 1; "
        "done)",
        dir, openssl_bin);
    strncat(cmd, " > /dev/null 2>&1", sizeof cmd - strlen(cmd) - 1);
    return run(cmd);
}

/* ---- s_server ------------------------------------------------------------ */

typedef struct {
    pid_t pid;
    int stdin_w; /* kept open: s_server quits when its stdin ends */
    int port;
} server;

static int free_port(void) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    socklen_t len = sizeof a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &len) != 0) {
        close(fd);
        return -1;
    }
    close(fd);
    return ntohs(a.sin_port);
}

static int tcp_connect(int port) {
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a;
    memset(&a, 0, sizeof a);
    a.sin_family = AF_INET;
    a.sin_port = htons((uint16_t)port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return -1;
    }
    int one = 1; /* no Nagle: the echo is a request/response loop */
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    struct timeval tv = {10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

/* s_server -rev with `cert`/`key`/`chain` (files in dir) and the extra
 * arguments extra[] (NULL-terminated; may be NULL). */
static int start_server(server *s, const char *cert, const char *key,
                        const char *chain, const char *const *extra) {
    int p[2];
    if (pipe(p) != 0) return -1;
    s->port = free_port();
    char acc[32], c[512], k[512], ch[512];
    snprintf(acc, sizeof acc, "127.0.0.1:%d", s->port);
    snprintf(c, sizeof c, "%s/%s", dir, cert);
    snprintf(k, sizeof k, "%s/%s", dir, key);
    snprintf(ch, sizeof ch, "%s/%s", dir, chain);
    s->pid = fork();
    if (s->pid == 0) {
#ifdef __linux__
        /* s_server -rev does not read stdin: end it with us, even if we
         * crash */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
#endif
        dup2(p[0], 0);
        close(p[1]);
        FILE *devnull = freopen("/dev/null", "w", stdout);
        (void)devnull;
        devnull = freopen("/dev/null", "w", stderr);
        (void)devnull;
        const char *argv[20] = {
            openssl_bin, "s_server",    "-tls1_3", "-rev", "-quiet",
            "-accept",   acc,           "-cert",   c,      "-key",
            k,           "-cert_chain", ch};
        int n = 13;
        if (extra && *extra && strcmp(*extra, "-tls1_2") == 0)
            argv[2] = *extra++; /* a TLS 1.2-only server */
        if (extra && *extra && strcmp(*extra, "-interactive") == 0) {
            /* no -rev -quiet: stdin lines go to the client, a line "K"
             * sends a KeyUpdate with update_requested */
            memmove(&argv[3], &argv[5], 8 * sizeof argv[0]);
            n = 11;
            extra++;
        }
        while (extra && *extra && n < 19)
            argv[n++] = *extra++;
        argv[n] = NULL;
        execv(openssl_bin, (char *const *)argv);
        _exit(127);
    }
    close(p[0]);
    s->stdin_w = p[1];
    for (int i = 0; i < 100; i++) { /* wait until it listens */
        int fd = tcp_connect(s->port);
        if (fd >= 0) {
            close(fd);
            return 0;
        }
        struct timespec ts = {0, 50 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    return -1;
}

/* tests/tls/go_echo_server.go, built with `go` into dir and started with
 * the localhost chain; `extra` (may be NULL) is its option. 0 or -1. */
static int start_go(server *s, const char *go, const char *src,
                    const char *extra) {
    char cmd[2048], bin[512], chain[512], key[512];
    snprintf(bin, sizeof bin, "%s/go_echo_server", dir);
    if (access(bin, X_OK) != 0) {
        snprintf(cmd, sizeof cmd, "cd '%s' && '%s' build -o '%s' '%s'", dir, go,
                 bin, src);
        if (run(cmd) != 0) return -1;
    }
    snprintf(chain, sizeof chain, "%s/chain.pem", dir);
    snprintf(key, sizeof key, "%s/leaf.key", dir);
    int p[2], in[2];
    if (pipe(p) != 0) return -1;
    if (pipe(in) != 0) return -1;
    s->pid = fork();
    if (s->pid == 0) {
        dup2(p[1], 1);
        dup2(in[0], 0); /* it quits when our end closes */
        close(p[0]);
        close(in[1]);
        execl(bin, bin, chain, key, extra, (char *)NULL);
        _exit(127);
    }
    close(p[1]);
    close(in[0]);
    char line[32] = {0};
    size_t n = 0;
    while (n + 1 < sizeof line) { /* the port, one line */
        ssize_t k = read(p[0], line + n, 1);
        if (k <= 0 || line[n] == '\n') break;
        n++;
    }
    close(p[0]);
    s->stdin_w = in[1];
    s->port = atoi(line);
    return s->port > 0 ? 0 : -1;
}

static void stop_server(server *s) {
    kill(s->pid, SIGTERM);
    waitpid(s->pid, NULL, 0);
    close(s->stdin_w);
}

/* ---- driving a connection ---------------------------------------------- */

static uint64_t worst_units; /* the most units one budgeted poll spent */
static uint64_t over_budget; /* polls that spent more than their budget */

static int flush(nbtls_conn *c, int fd) {
    unsigned char buf[4096];
    size_t n;
    while (nbtls_conn_output_pending(c)) {
        if (nbtls_conn_take_output(c, buf, sizeof buf, &n) != NBTLS_DONE)
            return -1;
        for (size_t off = 0; off < n;) {
            ssize_t w = send(fd, buf + off, n - off, MSG_NOSIGNAL);
            if (w <= 0) return -1;
            off += (size_t)w;
        }
    }
    return 0;
}

/* When set, every byte received is also appended here (replay_test). */
static unsigned char recording[65536];
static size_t recording_len;
static int recording_on;

static int recv_feed(nbtls_conn *c, int fd) {
    unsigned char buf[4096];
    ssize_t k = recv(fd, buf, sizeof buf, 0);
    if (k <= 0) return -1;
    if (recording_on && recording_len + (size_t)k <= sizeof recording) {
        memcpy(recording + recording_len, buf, (size_t)k);
        recording_len += (size_t)k;
    }
    size_t off = 0;
    while (off < (size_t)k) {
        size_t used = 0;
        if (nbtls_conn_feed(c, buf + off, (size_t)k - off, &used) < 0)
            return -1;
        off += used;
        if (used == 0 && nbtls_conn_poll(c, 0) < 0) return -1;
    }
    return 0;
}

/* One poll, its units checked against the budget, output sent. */
static int poll1(nbtls_conn *c, int fd, uint32_t budget) {
    uint64_t u0 = nbtls_conn_units(c);
    int st = nbtls_conn_poll(c, budget);
    uint64_t du = nbtls_conn_units(c) - u0;
    if (budget) {
        if (du > worst_units) worst_units = du;
        if (du > budget) over_budget++;
    }
    if (flush(c, fd) != 0) return NBTLS_E_INTERNAL;
    return st;
}

/* Poll until the handshake is done (NBTLS_DONE) or fails. */
static int handshake(nbtls_conn *c, int fd, uint32_t budget) {
    for (int guard = 0; guard < 100000; guard++) {
        int st = poll1(c, fd, budget);
        if (st < 0) return st;
        if (st == NBTLS_DONE && nbtls_conn_handshake_done(c)) return st;
        if (st == NBTLS_WANT_READ && recv_feed(c, fd) != 0) return -100;
    }
    return -101;
}

/* Read exactly `want` bytes of application data. */
static int read_exact(nbtls_conn *c, int fd, uint32_t budget,
                      unsigned char *out, size_t want) {
    size_t got = 0;
    while (got < want) {
        size_t n = 0;
        int r = nbtls_conn_read(c, out + got, want - got, &n);
        if (r == NBTLS_DONE) {
            got += n;
            continue;
        }
        if (r != NBTLS_WANT_READ) return r;
        int st = poll1(c, fd, budget);
        if (st < 0) return st;
        if (st == NBTLS_IN_PROGRESS) continue;
        if (!(nbtls_conn_state(c) &
              (NBTLS_CONN_READABLE | NBTLS_CONN_PEER_CLOSED)) &&
            recv_feed(c, fd) != 0)
            return -100;
    }
    return 0;
}

static int write_all(nbtls_conn *c, int fd, const unsigned char *p, size_t n) {
    while (n) {
        size_t acc = 0;
        int r = nbtls_conn_write(c, p, n, &acc);
        if (r < 0) return r;
        p += acc;
        n -= acc;
        if (flush(c, fd) != 0) return -100;
    }
    return 0;
}

static nbtls_config *make_cfg(nbtls_trust *trust, uint16_t suite,
                              const uint16_t *groups, size_t n_groups,
                              size_t n_shares) {
    nbtls_config *cfg = NULL;
    CHECK_EQ(nbtls_config_new(&cfg, NBTLS_ROLE_CLIENT), NBTLS_DONE);
    if (!cfg) return NULL;
    CHECK_EQ(nbtls_config_set_trust(cfg, trust), NBTLS_DONE);
    if (suite) CHECK_EQ(nbtls_config_set_suites(cfg, &suite, 1), NBTLS_DONE);
    if (groups)
        CHECK_EQ(nbtls_config_set_groups(cfg, groups, n_groups, n_shares),
                 NBTLS_DONE);
    return cfg;
}

/* "line\n" -> its reverse + "\n", as s_server -rev answers. */
static void reverse_line(const unsigned char *in, size_t n,
                         unsigned char *out) {
    for (size_t i = 0; i + 1 < n; i++)
        out[i] = in[n - 2 - i];
    out[n - 1] = '\n';
}

typedef struct {
    uint16_t suite, group, scheme;
    unsigned char echo[64];
} outcome;

/* Handshake + a line echoed + KeyUpdate + another line + close. */
static void session(server *s, nbtls_config *cfg, uint32_t budget,
                    int key_update, outcome *out) {
    memset(out, 0, sizeof *out);
    int fd = tcp_connect(s->port);
    CHECK(fd >= 0);
    if (fd < 0) return;
    nbtls_conn *c = NULL;
    CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_DONE);
    int st = handshake(c, fd, budget);
    CHECK_EQ(st, NBTLS_DONE);
    if (st != NBTLS_DONE) {
        fprintf(stderr, "handshake: %s: %s\n", nbtls_strerror(st),
                nbtls_conn_error_string(c));
    } else {
        out->suite = nbtls_conn_suite(c);
        out->group = nbtls_conn_group(c);
        out->scheme = nbtls_conn_sig_scheme(c);
        CHECK_EQ(nbtls_conn_peer_cert_count(c), 2);
        static const unsigned char line[] = "nbtls says hello\n";
        unsigned char want[sizeof line - 1];
        reverse_line(line, sizeof line - 1, want);
        CHECK_EQ(write_all(c, fd, line, sizeof line - 1), 0);
        CHECK_EQ(read_exact(c, fd, budget, out->echo, sizeof want), 0);
        CHECK_MEM(out->echo, want, sizeof want);
        /* our keys change; the server answers update_requested with its
         * own KeyUpdate, which the next line's record comes under */
        /* (s_server -rev answers the line after a KeyUpdate a second
         * later: done in a few sessions only) */
        if (key_update) {
            CHECK_EQ(nbtls_conn_key_update(c, 1), NBTLS_DONE);
            CHECK(nbtls_conn_state(c) & NBTLS_CONN_OUTPUT_PENDING);
            CHECK(nbtls_conn_state(c) & NBTLS_CONN_WRITABLE);
        }
        static const unsigned char line2[] = "after the key update\n";
        unsigned char got2[sizeof line2 - 1], want2[sizeof line2 - 1];
        reverse_line(line2, sizeof line2 - 1, want2);
        CHECK_EQ(write_all(c, fd, line2, sizeof line2 - 1), 0);
        CHECK_EQ(read_exact(c, fd, budget, got2, sizeof got2), 0);
        CHECK_MEM(got2, want2, sizeof want2);
        CHECK_EQ(nbtls_conn_close(c), NBTLS_DONE);
        CHECK_EQ(flush(c, fd), 0);
        CHECK_EQ(nbtls_conn_write(c, line, 1, &(size_t){0}), NBTLS_E_BAD_STATE);
        CHECK(!(nbtls_conn_state(c) & NBTLS_CONN_WRITABLE));
        CHECK_EQ(nbtls_conn_state(c) & NBTLS_CONN_EXTERNAL_PENDING, 0);
    }
    nbtls_conn_free(c);
    close(fd);
}

/* A refused handshake: the error, the x509 detail, the alert sent. */
static void refused(server *s, nbtls_config *cfg, const char *name,
                    int want_err, int want_detail, int want_alert) {
    int fd = tcp_connect(s->port);
    CHECK(fd >= 0);
    if (fd < 0) return;
    nbtls_conn *c = NULL;
    CHECK_EQ(nbtls_conn_new(&c, cfg, name), NBTLS_DONE);
    int st = handshake(c, fd, 3);
    CHECK_EQ(st, want_err);
    CHECK_EQ(nbtls_conn_x509_error(c), want_detail);
    CHECK_EQ(nbtls_conn_alert_sent(c), want_alert);
    CHECK(nbtls_conn_state(c) & NBTLS_CONN_FAILED);
    CHECK_EQ(nbtls_conn_poll(c, 1), want_err); /* sticky */
    CHECK_EQ(nbtls_conn_output_pending(c), 0); /* the alert went out */
    nbtls_conn_free(c);
    close(fd);
}

static int fixed_rng(void *ctx, unsigned char *out, size_t len) {
    unsigned *ctr = ctx;
    for (size_t i = 0; i < len; i++, (*ctr)++)
        out[i] = (unsigned char)(0xa5 ^ *ctr ^ (*ctr >> 8));
    return 0;
}

/* Drive `c` in memory on the recorded server bytes, polling at `budget` at
 * most `max_polls` times (0: no limit); the client's output is appended to
 * out (if not NULL). The last status. */
static int replay(nbtls_conn *c, uint32_t budget, unsigned long max_polls,
                  unsigned char *out, size_t *out_len) {
    size_t fed = 0;
    int st = NBTLS_IN_PROGRESS;
    for (unsigned long n = 0; !max_polls || n < max_polls; n++) {
        if (fed < recording_len) {
            size_t used = 0;
            CHECK_EQ(
                nbtls_conn_feed(c, recording + fed, recording_len - fed, &used),
                NBTLS_DONE);
            fed += used;
        }
        uint64_t u0 = nbtls_conn_units(c);
        st = nbtls_conn_poll(c, budget);
        if (budget && nbtls_conn_units(c) - u0 > budget) over_budget++;
        unsigned char buf[4096];
        size_t len = 0;
        do {
            CHECK_EQ(nbtls_conn_take_output(c, buf, sizeof buf, &len),
                     NBTLS_DONE);
            if (out && *out_len + len <= 8192) {
                memcpy(out + *out_len, buf, len);
                *out_len += len;
            }
        } while (len);
        if (st < 0 || (st == NBTLS_DONE && nbtls_conn_handshake_done(c))) break;
        if (st == NBTLS_WANT_READ && fed == recording_len) break;
    }
    return st;
}

/* Allocations of an AEAD key's size (struct nbtls_aead): the record
 * directions keep their keys inside the connection, so the handshake's
 * four key changes make none. */
static unsigned long aead_sized;
static void *count_aead(void *ctx, size_t size) {
    (void)ctx;
    if (size == sizeof(struct nbtls_aead)) aead_sized++;
    return malloc(size);
}

static void *no_alloc(void *ctx, size_t size) {
    (void)ctx;
    (void)size;
    return NULL;
}
static void plain_free(void *ctx, void *p) {
    (void)ctx;
    free(p);
}

/* Under a fixed random generator the client's flights are a function of
 * the server's bytes: record one real handshake with `s`, then replay it in
 * memory at budgets 0 / 1 / 7 (the same client bytes, the same outcome),
 * and free the connection after every number of polls (cancellation at
 * every point of the handshake: inner ops, chain, half-read records). */
static void replay_test(server *s, nbtls_trust *trust, const char *peer) {
    static unsigned ctr;
    nbtls_config *cfg = make_cfg(trust, 0, NULL, 0, 0);
    CHECK_EQ(nbtls_config_set_rng(cfg, fixed_rng, &ctr), NBTLS_DONE);
    ctr = 0;
    int fd = tcp_connect(s->port);
    nbtls_conn *c = NULL;
    CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_DONE);
    recording_len = 0;
    recording_on = 1;
    CHECK_EQ(handshake(c, fd, 0), NBTLS_DONE);
    recording_on = 0;
    uint16_t suite = nbtls_conn_suite(c);
    nbtls_conn_free(c);
    close(fd);

    static unsigned char out[3][8192];
    size_t out_len[3] = {0, 0, 0};
    static const uint32_t budgets[] = {0, 1, 7};
    for (size_t bi = 0; bi < 3; bi++) {
        ctr = 0;
        CHECK_EQ(nbtls_set_allocator(count_aead, plain_free, NULL), NBTLS_DONE);
        aead_sized = 0;
        CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_DONE);
        CHECK_EQ(replay(c, budgets[bi], 0, out[bi], &out_len[bi]), NBTLS_DONE);
        CHECK_EQ(nbtls_set_allocator(NULL, NULL, NULL), NBTLS_DONE);
        CHECK_EQ(aead_sized, 0);
        CHECK_EQ(nbtls_conn_suite(c), suite);
        CHECK_EQ(nbtls_conn_handshake_done(c), 1);
        CHECK(out_len[bi] > 200);
        if (bi) {
            CHECK_EQ(out_len[bi], out_len[0]);
            CHECK_MEM(out[bi], out[0], out_len[0]);
        }
        if (bi == 1) {
            /* no allocation once the handshake is done: under an allocator
             * that always fails, our KeyUpdates (the new key lives in the
             * connection), their records and application data all work */
            CHECK_EQ(nbtls_set_allocator(no_alloc, plain_free, NULL),
                     NBTLS_DONE);
            CHECK_EQ(nbtls_conn_key_update(c, 0), NBTLS_DONE);
            CHECK_EQ(nbtls_conn_key_update(c, 1), NBTLS_DONE);
            size_t acc = 0;
            CHECK_EQ(nbtls_conn_write(c, out[1], 100, &acc), NBTLS_DONE);
            CHECK_EQ(acc, 100);
            CHECK_EQ(nbtls_conn_poll(c, 1), NBTLS_WANT_WRITE);
            unsigned char rec[512];
            size_t n = 0;
            CHECK_EQ(nbtls_conn_take_output(c, rec, sizeof rec, &n),
                     NBTLS_DONE);
            CHECK_EQ(n, 27 + 27 + 5 + 100 + 1 + 16);
            CHECK_EQ(nbtls_conn_poll(c, 1), NBTLS_DONE);
            CHECK_EQ(nbtls_tls_conn_key_updates(c), 2);
            CHECK_EQ(nbtls_conn_alert_sent(c), -1);
            CHECK_EQ(nbtls_set_allocator(NULL, NULL, NULL), NBTLS_DONE);
        } else if (bi == 0) {
            /* a full output queue still takes a KeyUpdate and a
             * close_notify: application data leaves them room */
            static unsigned char junk[40000];
            size_t acc = 0, acc2 = 1;
            CHECK_EQ(nbtls_conn_write(c, junk, sizeof junk, &acc), NBTLS_DONE);
            CHECK(acc > 16384 && acc < sizeof junk);
            CHECK_EQ(nbtls_conn_write(c, junk, 100, &acc2), NBTLS_DONE);
            CHECK_EQ(acc2, 0);
            CHECK_EQ(nbtls_conn_key_update(c, 1), NBTLS_DONE);
            CHECK_EQ(nbtls_conn_close(c), NBTLS_DONE);
            CHECK_EQ(nbtls_conn_alert_sent(c), 0); /* close_notify queued */
        } else {
            /* the state after the handshake; our KeyUpdate is one
             * protected record of 5 + 4 + 1 + 1 + 16 bytes (no padding),
             * then the queue is empty again; after close, no writes */
            unsigned idle = NBTLS_CONN_WANT_INPUT | NBTLS_CONN_WRITABLE |
                            NBTLS_CONN_HANDSHAKE_DONE;
            CHECK_EQ(nbtls_conn_state(c), idle);
            uint64_t ku = nbtls_tls_conn_key_updates(c);
            CHECK_EQ(nbtls_conn_key_update(c, 1), NBTLS_DONE);
            CHECK_EQ(nbtls_tls_conn_key_updates(c), ku + 1);
            CHECK_EQ(nbtls_conn_state(c), idle | NBTLS_CONN_OUTPUT_PENDING);
            unsigned char rec[64];
            size_t n = 0;
            CHECK_EQ(nbtls_conn_take_output(c, rec, sizeof rec, &n),
                     NBTLS_DONE);
            CHECK_EQ(n, 27);
            CHECK(rec[0] == 23 && rec[3] == 0 && rec[4] == 22);
            CHECK_EQ(nbtls_conn_state(c), idle);
            CHECK_EQ(nbtls_conn_close(c), NBTLS_DONE);
            CHECK_EQ(nbtls_conn_state(c), NBTLS_CONN_WANT_INPUT |
                                              NBTLS_CONN_HANDSHAKE_DONE |
                                              NBTLS_CONN_OUTPUT_PENDING);
            CHECK_EQ(nbtls_conn_key_update(c, 0), NBTLS_E_BAD_STATE);
        }
        nbtls_conn_free(c);
    }
    /* the first protected record (after ServerHello and CCS): its last
     * byte flipped is bad_record_mac; the flight cut inside it waits */
    {
        size_t at = 0, end = 0;
        while (at + 5 <= recording_len) {
            end =
                at + 5 + (((size_t)recording[at + 3] << 8) | recording[at + 4]);
            if (recording[at] == 23) break;
            at = end;
        }
        CHECK(recording[at] == 23 && end <= recording_len);
        recording[end - 1] ^= 1;
        ctr = 0;
        CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_DONE);
        CHECK_EQ(replay(c, 7, 0, NULL, NULL), NBTLS_E_PROTOCOL);
        CHECK_EQ(nbtls_conn_alert_sent(c), 20); /* bad_record_mac */
        CHECK_EQ(nbtls_conn_handshake_done(c), 0);
        nbtls_conn_free(c);
        recording[end - 1] ^= 1;
        size_t full = recording_len;
        recording_len = end - 1;
        ctr = 0;
        CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_DONE);
        CHECK_EQ(replay(c, 7, 0, NULL, NULL), NBTLS_WANT_READ);
        CHECK_EQ(nbtls_conn_handshake_done(c), 0);
        CHECK_EQ(nbtls_conn_suite(c), suite); /* ServerHello went through */
        nbtls_conn_free(c);
        recording_len = full;
    }
    /* cancellation after 1, 2, 3 ... polls at budget 7 */
    unsigned long n = 1, frees = 0;
    for (;; n++) {
        ctr = 0;
        CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_DONE);
        int st = replay(c, 7, n, NULL, NULL);
        CHECK(st >= 0);
        int done = nbtls_conn_handshake_done(c);
        nbtls_conn_free(c);
        frees++;
        if (done || st < 0 || n > 5000) break;
    }
    CHECK(frees > 200);
    fprintf(stderr,
            "%s: replayed at budgets 0/1/7 (%zu client bytes), "
            "freed after each of %lu polls\n",
            peer, out_len[0], frees);
    nbtls_config_free(cfg);
}

/* With NBTLS_TLS_CORPUS_OUT=DIR: record `s`'s answer to the fixed client
 * (tests/tls/fixed_client.h) into DIR/NAME, a seed of
 * tests/fuzz/fuzz_tls_conn.c (budget byte 7, chunk byte 0xff, the bytes). */
static void write_seed(server *s, const char *name) {
    const char *out_dir = getenv("NBTLS_TLS_CORPUS_OUT");
    if (!out_dir) return;
    static unsigned ctr;
    ctr = 0;
    nbtls_config *cfg = fixed_client_config(&ctr);
    int fd = tcp_connect(s->port);
    nbtls_conn *c = NULL;
    CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_DONE);
    recording_len = 0;
    recording_on = 1;
    CHECK_EQ(handshake(c, fd, 0), NBTLS_DONE);
    recording_on = 0;
    char path[512];
    snprintf(path, sizeof path, "%s/%s", out_dir, name);
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fputc(7, f);
        fputc(0xff, f);
        fwrite(recording, 1, recording_len, f);
        fclose(f);
    }
    nbtls_conn_free(c);
    close(fd);
    nbtls_config_free(cfg);
}

/* The server's KeyUpdate with update_requested (s_server's "K" command),
 * at budgets 0 / 1 / 7: we take its new keys (its next line arrives under
 * them) and answer with our own KeyUpdate (counted once), under whose keys
 * our data still reaches it (else its bad_record_mac alert would end the
 * read of its next line). */
static void server_key_update(nbtls_trust *trust) {
    server is;
    static const char *const args[] = {"-interactive", NULL};
    CHECK_EQ(start_server(&is, "leaf.pem", "leaf.key", "int.pem", args), 0);
    static const uint32_t budgets[] = {0, 1, 7};
    for (size_t bi = 0; bi < 3; bi++) {
        nbtls_config *cfg = make_cfg(trust, 0, NULL, 0, 0);
        int fd = tcp_connect(is.port);
        nbtls_conn *c = NULL;
        CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_DONE);
        CHECK_EQ(handshake(c, fd, budgets[bi]), NBTLS_DONE);
        CHECK_EQ(nbtls_tls_conn_key_updates(c), 0);
        /* from here on (tickets, the peer's KeyUpdate and ours in answer,
         * data both ways) the connection allocates nothing */
        CHECK_EQ(nbtls_set_allocator(no_alloc, plain_free, NULL), NBTLS_DONE);
        CHECK_EQ(write(is.stdin_w, "K\n", 2), 2);
        /* wait for its KeyUpdate: our answer is counted when queued */
        for (int i = 0; i < 1000 && nbtls_tls_conn_key_updates(c) == 0; i++) {
            int st = poll1(c, fd, budgets[bi]);
            CHECK(st >= 0);
            if (st < 0 || nbtls_tls_conn_key_updates(c)) break;
            if (st != NBTLS_IN_PROGRESS && recv_feed(c, fd) != 0) break;
        }
        CHECK_EQ(nbtls_tls_conn_key_updates(c), 1);
        CHECK_EQ(flush(c, fd), 0);
        unsigned char got[5];
        CHECK_EQ(write(is.stdin_w, "ping\n", 5), 5);
        CHECK_EQ(read_exact(c, fd, budgets[bi], got, 5), 0);
        CHECK_MEM(got, "ping\n", 5);
        CHECK_EQ(write_all(c, fd, (const unsigned char *)"abc\n", 4), 0);
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL); /* (only lets a failure show sooner) */
        CHECK_EQ(write(is.stdin_w, "pong\n", 5), 5);
        CHECK_EQ(read_exact(c, fd, budgets[bi], got, 5), 0);
        CHECK_MEM(got, "pong\n", 5);
        CHECK_EQ(nbtls_tls_conn_key_updates(c), 1);
        CHECK_EQ(nbtls_conn_alert_received(c), -1);
        CHECK_EQ(nbtls_set_allocator(NULL, NULL, NULL), NBTLS_DONE);
        nbtls_conn_free(c);
        close(fd);
        nbtls_config_free(cfg);
    }
    stop_server(&is);
}

/* Go's crypto/tls: handshakes at budgets 0/1/7 with ALPN, 1 MiB echoed
 * byte-exact in 16 KiB slices with a KeyUpdate in the middle, the server's
 * close_notify after ours; and a HelloRetryRequest. */
static void go_peer(const char *go, const char *src, nbtls_trust *trust) {
    server gs, gs256;
    if (start_go(&gs, go, src, NULL) != 0) {
        fprintf(stderr, "Go peer skipped: cannot build or start %s\n", src);
        return;
    }
    CHECK_EQ(start_go(&gs256, go, src, "p256"), 0);
    static unsigned char data[1 << 20], back[1 << 20];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 131 + (i >> 11));
    static const uint32_t budgets[] = {0, 1, 7};
    for (size_t bi = 0; bi < 3; bi++) {
        nbtls_config *cfg = make_cfg(trust, 0, NULL, 0, 0);
        static const char *const alpn[] = {"h2"};
        CHECK_EQ(nbtls_config_set_alpn(cfg, alpn, 1), NBTLS_DONE);
        int fd = tcp_connect(gs.port);
        nbtls_conn *c = NULL;
        CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_DONE);
        CHECK_EQ(handshake(c, fd, budgets[bi]), NBTLS_DONE);
        size_t alen = 0;
        const unsigned char *a = nbtls_conn_alpn(c, &alen);
        CHECK(alen == 2 && a && memcmp(a, "h2", 2) == 0);
        CHECK_EQ(nbtls_conn_group(c), NBTLS_GROUP_X25519);
        memset(back, 0, sizeof back);
        size_t slice = 16384;
        for (size_t off = 0; off < sizeof data; off += slice) {
            if (off == sizeof data / 2)
                CHECK_EQ(nbtls_conn_key_update(c, 1), NBTLS_DONE);
            CHECK_EQ(write_all(c, fd, data + off, slice), 0);
            CHECK_EQ(read_exact(c, fd, budgets[bi], back + off, slice), 0);
        }
        CHECK_MEM(back, data, sizeof data);
        CHECK_EQ(nbtls_conn_close(c), NBTLS_DONE);
        CHECK_EQ(flush(c, fd), 0);
        unsigned char one;
        CHECK_EQ(read_exact(c, fd, budgets[bi], &one, 1), NBTLS_E_CLOSED);
        CHECK(nbtls_conn_state(c) & NBTLS_CONN_PEER_CLOSED);
        nbtls_conn_free(c);
        close(fd);
        nbtls_config_free(cfg);
    }
    {
        static const uint16_t g2[] = {NBTLS_GROUP_X25519,
                                      NBTLS_GROUP_SECP256R1};
        nbtls_config *cfg = make_cfg(trust, 0, g2, 2, 1);
        int fd = tcp_connect(gs256.port);
        nbtls_conn *c = NULL;
        CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_DONE);
        CHECK_EQ(handshake(c, fd, 1), NBTLS_DONE);
        CHECK_EQ(nbtls_conn_hrr(c), 1);
        CHECK_EQ(nbtls_conn_group(c), NBTLS_GROUP_SECP256R1);
        CHECK_EQ(write_all(c, fd, data, 1000), 0);
        CHECK_EQ(read_exact(c, fd, 1, back, 1000), 0);
        CHECK_MEM(back, data, 1000);
        nbtls_conn_free(c);
        close(fd);
        nbtls_config_free(cfg);
    }
    {
        /* our own KeyUpdate every 4 records (RFC 8446 5.5's limit,
         * lowered): 40 records echoed byte-exact across 9 key changes */
        nbtls_config *cfg = make_cfg(trust, 0, NULL, 0, 0);
        int fd = tcp_connect(gs.port);
        nbtls_conn *c = NULL;
        CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_DONE);
        nbtls_tls_conn_set_ku_limit(c, 4);
        CHECK_EQ(handshake(c, fd, 0), NBTLS_DONE);
        for (size_t i = 0; i < 40; i++) {
            CHECK_EQ(write_all(c, fd, data + 1000 * i, 1000), 0);
            CHECK_EQ(read_exact(c, fd, 0, back, 1000), 0);
            CHECK_MEM(back, data + 1000 * i, 1000);
        }
        CHECK_EQ(nbtls_tls_conn_key_updates(c), 9);
        nbtls_conn_free(c);
        close(fd);
        nbtls_config_free(cfg);
    }
    replay_test(&gs, trust, "Go crypto/tls");
    write_seed(&gs, "go_flight");
    stop_server(&gs);
    stop_server(&gs256);
}

/* Other server keys: RSA-2048 (rsa_pss_rsae_sha256 CertificateVerify, an
 * RSA verify op) and P-384 (ecdsa_secp384r1_sha384), both under the P-256
 * intermediate; and a TLS 1.2-only server (NBTLS_E_HANDSHAKE,
 * protocol_version). */
static void other_servers(nbtls_trust *trust) {
    static const struct {
        const char *cert, *key;
        uint16_t scheme;
    } leaves[] = {
        {"rsaleaf.pem", "rsaleaf.key", NBTLS_SIG_RSA_PSS_RSAE_SHA256},
        {"p384leaf.pem", "p384leaf.key", NBTLS_SIG_ECDSA_SECP384R1_SHA384},
    };
    for (size_t i = 0; i < 2; i++) {
        server s;
        CHECK_EQ(
            start_server(&s, leaves[i].cert, leaves[i].key, "int.pem", NULL),
            0);
        nbtls_config *cfg = make_cfg(trust, 0, NULL, 0, 0);
        outcome o;
        session(&s, cfg, 7, 0, &o);
        CHECK_EQ(o.scheme, leaves[i].scheme);
        session(&s, cfg, 0, 0, &o);
        CHECK_EQ(o.scheme, leaves[i].scheme);
        nbtls_config_free(cfg);
        stop_server(&s);
    }
    static const char *const tls12[] = {"-tls1_2", NULL};
    server s;
    CHECK_EQ(start_server(&s, "leaf.pem", "leaf.key", "int.pem", tls12), 0);
    nbtls_config *cfg = make_cfg(trust, 0, NULL, 0, 0);
    int fd = tcp_connect(s.port);
    nbtls_conn *c = NULL;
    CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_DONE);
    CHECK_EQ(handshake(c, fd, 1), NBTLS_E_HANDSHAKE);
    CHECK_EQ(nbtls_conn_alert_received(c), 70); /* protocol_version */
    CHECK(strstr(nbtls_conn_error_string(c), "no TLS 1.3") != NULL);
    nbtls_conn_free(c);
    close(fd);
    nbtls_config_free(cfg);
    stop_server(&s);
}

/* The zero-copy network side: send straight from the output queue,
 * receive straight into the input buffer. */
static int zc_flush(nbtls_conn *c, int fd) {
    const unsigned char *p;
    size_t n;
    while (nbtls_conn_output_peek(c, &p, &n) == NBTLS_DONE && n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
        if (w <= 0) return -1;
        if (nbtls_conn_output_consume(c, (size_t)w) != NBTLS_DONE) return -1;
    }
    return 0;
}

static int zc_recv(nbtls_conn *c, int fd) {
    unsigned char *p;
    size_t room;
    if (nbtls_conn_input_space(c, &p, &room) != NBTLS_DONE || room == 0)
        return -1;
    ssize_t k = recv(fd, p, room, 0);
    if (k <= 0) return -1;
    return nbtls_conn_input_commit(c, (size_t)k) == NBTLS_DONE ? 0 : -1;
}

/* A handshake and an echo through the zero-copy calls only. */
static void zero_copy_session(server *s, nbtls_trust *trust) {
    nbtls_config *cfg = make_cfg(trust, 0, NULL, 0, 0);
    int fd = tcp_connect(s->port);
    nbtls_conn *c = NULL;
    CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_DONE);
    int st;
    do {
        st = nbtls_conn_poll(c, 5);
        CHECK_EQ(zc_flush(c, fd), 0);
        if (st == NBTLS_WANT_READ) CHECK_EQ(zc_recv(c, fd), 0);
    } while (st == NBTLS_IN_PROGRESS || st == NBTLS_WANT_READ ||
             st == NBTLS_WANT_WRITE);
    CHECK_EQ(st, NBTLS_DONE);
    CHECK_EQ(nbtls_conn_input_commit(c, 1u << 20), NBTLS_E_INVALID_ARG);
    CHECK_EQ(nbtls_conn_output_consume(c, 1), NBTLS_E_INVALID_ARG);
    static const unsigned char line[] = "zero copy\n";
    size_t acc = 0;
    CHECK_EQ(nbtls_conn_write(c, line, sizeof line - 1, &acc), NBTLS_DONE);
    CHECK_EQ(acc, sizeof line - 1);
    CHECK_EQ(zc_flush(c, fd), 0);
    unsigned char got[16];
    size_t have = 0;
    while (have < sizeof line - 1) {
        size_t n = 0;
        int r = nbtls_conn_read(c, got + have, sizeof got - have, &n);
        if (r == NBTLS_DONE) {
            have += n;
            continue;
        }
        CHECK_EQ(r, NBTLS_WANT_READ);
        if (r != NBTLS_WANT_READ) break;
        st = nbtls_conn_poll(c, 5);
        CHECK(st >= 0);
        CHECK_EQ(zc_flush(c, fd), 0);
        if (st == NBTLS_DONE && !(nbtls_conn_state(c) & NBTLS_CONN_READABLE))
            CHECK_EQ(zc_recv(c, fd), 0);
    }
    CHECK_EQ(have, sizeof line - 1);
    CHECK_MEM(got, "ypoc orez\n", sizeof line - 1);
    nbtls_conn_free(c);
    close(fd);
    nbtls_config_free(cfg);
}

/* Client authentication: s_server -Verify requires a certificate; ours
 * (P-256, under the intermediate) is sent and its CertificateVerify signed
 * by an inner op at budgets 0/1/7; without one, the server's
 * certificate_required alert comes after our Finished. */
static void client_auth(nbtls_trust *trust) {
    char ca[512], path[512];
    snprintf(ca, sizeof ca, "%s/ca.pem", dir);
    const char *const args[] = {"-Verify", "2", "-CAfile", ca, NULL};
    server vs;
    CHECK_EQ(start_server(&vs, "leaf.pem", "leaf.key", "int.pem", args), 0);
    nbtls_x509 *chain[2] = {NULL, NULL};
    nbtls_key *key = NULL, *wrong = NULL;
    static const char *const files[] = {"client.pem", "int.pem", "client.key",
                                        "leaf.key"};
    for (size_t i = 0; i < 4; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        FILE *f = fopen(path, "rb");
        static char pem[8192];
        size_t n = f ? fread(pem, 1, sizeof pem, f) : 0, pos = 0;
        if (f) fclose(f);
        if (i < 2)
            CHECK_EQ(nbtls_x509_from_pem_next(&chain[i], pem, n, &pos),
                     NBTLS_DONE);
        else
            CHECK_EQ(nbtls_key_from_pem(i == 2 ? &key : &wrong, pem, n),
                     NBTLS_DONE);
    }
    static const uint32_t budgets[] = {0, 1, 7};
    for (size_t bi = 0; bi < 3; bi++) {
        nbtls_config *cfg = make_cfg(trust, 0, NULL, 0, 0);
        CHECK_EQ(nbtls_config_set_client_cert(
                     cfg, (const nbtls_x509 *const *)chain, 2, wrong),
                 NBTLS_E_BAD_KEY); /* not the leaf's key */
        CHECK_EQ(nbtls_config_set_client_cert(
                     cfg, (const nbtls_x509 *const *)chain, 2, key),
                 NBTLS_DONE);
        outcome o;
        session(&vs, cfg, budgets[bi], 0, &o);
        CHECK_EQ(o.scheme, NBTLS_SIG_ECDSA_SECP256R1_SHA256);
        CHECK_MEM(o.echo, "olleh syas sltbn\n", 17);
        nbtls_config_free(cfg);
    }
    {
        nbtls_config *cfg = make_cfg(trust, 0, NULL, 0, 0);
        int fd = tcp_connect(vs.port);
        nbtls_conn *c = NULL;
        CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_DONE);
        CHECK_EQ(handshake(c, fd, 0), NBTLS_DONE); /* our side is done */
        unsigned char b[4];
        CHECK_EQ(read_exact(c, fd, 0, b, sizeof b), NBTLS_E_PEER_ALERT);
        CHECK_EQ(nbtls_conn_alert_received(c), 116); /* certificate_required */
        nbtls_conn_free(c);
        close(fd);
        nbtls_config_free(cfg);
    }
    nbtls_x509_free(chain[0]);
    nbtls_x509_free(chain[1]);
    nbtls_key_free(key);
    nbtls_key_free(wrong);
    stop_server(&vs);
}

int main(int argc, char **argv) {
    if (argc < 2 || access(argv[1], X_OK) != 0) {
        fprintf(stderr, "skipped: no openssl binary\n");
        return 77;
    }
    openssl_bin = argv[1];
    signal(SIGPIPE, SIG_IGN);
    snprintf(dir, sizeof dir, "/tmp/nbtls_tls_client_XXXXXX");
    if (!mkdtemp(dir) || mint() != 0) {
        fprintf(stderr, "cannot mint the test certificates\n");
        return 1;
    }
    nbtls_trust *trust = NULL, *evil_trust = NULL;
    char path[512];
    snprintf(path, sizeof path, "%s/ca.pem", dir);
    CHECK_EQ(nbtls_trust_new(&trust), NBTLS_DONE);
    CHECK_EQ(nbtls_trust_load_file(trust, path, NULL), NBTLS_DONE);
    snprintf(path, sizeof path, "%s/evil.pem", dir);
    CHECK_EQ(nbtls_trust_new(&evil_trust), NBTLS_DONE);
    CHECK_EQ(nbtls_trust_load_file(evil_trust, path, NULL), NBTLS_DONE);

    server srv, hrr_srv, evil_srv;
    static const char *const hrr_args[] = {"-groups", "secp256r1", NULL};
    CHECK_EQ(start_server(&srv, "leaf.pem", "leaf.key", "int.pem", NULL), 0);
    CHECK_EQ(
        start_server(&hrr_srv, "leaf.pem", "leaf.key", "int.pem", hrr_args), 0);
    CHECK_EQ(start_server(&evil_srv, "evilleaf.pem", "evilleaf.key", "evil.pem",
                          NULL),
             0);

    /* ---- each suite x each group, budgets 0 / 1 / 7 agree ------------- */
    static const uint16_t suites[] = {NBTLS_SUITE_AES_128_GCM_SHA256,
                                      NBTLS_SUITE_AES_256_GCM_SHA384,
                                      NBTLS_SUITE_CHACHA20_POLY1305_SHA256};
    static const uint16_t groups[] = {NBTLS_GROUP_X25519, NBTLS_GROUP_SECP256R1,
                                      NBTLS_GROUP_SECP384R1};
    static const uint32_t budgets[] = {0, 1, 7};
    for (size_t si = 0; si < 3; si++) {
        for (size_t gi = 0; gi < 3; gi++) {
            nbtls_config *cfg = make_cfg(trust, suites[si], &groups[gi], 1, 1);
            outcome first, o;
            for (size_t bi = 0; bi < 3; bi++) {
                session(&srv, cfg, budgets[bi], si == 0 && gi == 0,
                        bi ? &o : &first);
                if (bi == 0) {
                    CHECK_EQ(first.suite, suites[si]);
                    CHECK_EQ(first.group, groups[gi]);
                    CHECK_EQ(first.scheme, NBTLS_SIG_ECDSA_SECP256R1_SHA256);
                } else {
                    CHECK_EQ(o.suite, first.suite);
                    CHECK_EQ(o.group, first.group);
                    CHECK_EQ(o.scheme, first.scheme);
                    CHECK_MEM(o.echo, first.echo, sizeof o.echo);
                }
            }
            nbtls_config_free(cfg);
        }
    }
    CHECK_EQ(over_budget, 0);
    CHECK(worst_units >= 1 && worst_units <= 7);

    /* ---- defaults (x25519 + secp256r1 shares), a 30,000-byte write ---- */
    {
        nbtls_config *cfg = make_cfg(trust, 0, NULL, 0, 0);
        int fd = tcp_connect(srv.port);
        nbtls_conn *c = NULL;
        CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_DONE);
        CHECK_EQ(nbtls_config_set_suites(cfg, suites, 1), NBTLS_E_BAD_STATE);
        CHECK_EQ(handshake(c, fd, 0), NBTLS_DONE);
        CHECK_EQ(nbtls_conn_group(c), NBTLS_GROUP_X25519);
        CHECK_EQ(nbtls_conn_hrr(c), 0);
        static unsigned char big[30000], want[30000], got[30000];
        for (size_t i = 0; i < sizeof big; i++)
            big[i] = (i % 300 == 299) ? '\n' : (unsigned char)('a' + i % 26);
        for (size_t i = 0; i < sizeof big; i += 300)
            reverse_line(big + i, 300, want + i);
        CHECK_EQ(write_all(c, fd, big, sizeof big), 0);
        CHECK_EQ(read_exact(c, fd, 0, got, sizeof got), 0);
        CHECK_MEM(got, want, sizeof want);
        CHECK_EQ(nbtls_conn_close(c), NBTLS_DONE);
        CHECK_EQ(flush(c, fd), 0);
        nbtls_conn_free(c);
        close(fd);
        nbtls_config_free(cfg);
    }

    /* ---- HelloRetryRequest: the server takes secp256r1 only; ALPN ------ */
    {
        static const uint16_t g2[] = {NBTLS_GROUP_X25519,
                                      NBTLS_GROUP_SECP256R1};
        for (size_t bi = 0; bi < 3; bi++) {
            nbtls_config *cfg = make_cfg(trust, 0, g2, 2, 1);
            int fd = tcp_connect(hrr_srv.port);
            nbtls_conn *c = NULL;
            CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_DONE);
            CHECK_EQ(handshake(c, fd, budgets[bi]), NBTLS_DONE);
            CHECK_EQ(nbtls_conn_hrr(c), 1);
            CHECK_EQ(nbtls_conn_group(c), NBTLS_GROUP_SECP256R1);
            unsigned char got[6];
            CHECK_EQ(write_all(c, fd, (const unsigned char *)"abcde\n", 6), 0);
            CHECK_EQ(read_exact(c, fd, budgets[bi], got, 6), 0);
            CHECK_MEM(got, "edcba\n", 6);
            nbtls_conn_free(c);
            close(fd);
            nbtls_config_free(cfg);
        }
    }

    /* ---- secp384r1: the server takes it only. The defaults (shares
     * x25519 + secp256r1, secp384r1 offered) get a HelloRetryRequest and
     * make a P-384 share after it, at budgets 0 / 1 / 7; a config with a
     * secp384r1 share first needs none ---------------------------------- */
    {
        server p384_srv;
        static const char *const p384_args[] = {"-groups", "secp384r1", NULL};
        CHECK_EQ(start_server(&p384_srv, "leaf.pem", "leaf.key", "int.pem",
                              p384_args),
                 0);
        static const uint16_t g384[] = {NBTLS_GROUP_SECP384R1,
                                        NBTLS_GROUP_X25519};
        for (size_t bi = 0; bi < 4; bi++) {
            nbtls_config *cfg = bi < 3 ? make_cfg(trust, 0, NULL, 0, 0)
                                       : make_cfg(trust, 0, g384, 2, 1);
            uint32_t budget = bi < 3 ? budgets[bi] : 7;
            int fd = tcp_connect(p384_srv.port);
            nbtls_conn *c = NULL;
            CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_DONE);
            CHECK_EQ(handshake(c, fd, budget), NBTLS_DONE);
            CHECK_EQ(nbtls_conn_hrr(c), bi < 3);
            CHECK_EQ(nbtls_conn_group(c), NBTLS_GROUP_SECP384R1);
            unsigned char got[6];
            CHECK_EQ(write_all(c, fd, (const unsigned char *)"p-384\n", 6), 0);
            CHECK_EQ(read_exact(c, fd, budget, got, 6), 0);
            CHECK_MEM(got, "483-p\n", 6);
            CHECK_EQ(nbtls_conn_close(c), NBTLS_DONE);
            CHECK_EQ(flush(c, fd), 0);
            nbtls_conn_free(c);
            close(fd);
            nbtls_config_free(cfg);
        }
        stop_server(&p384_srv);
    }

    /* ---- refusals: wrong name, untrusted chain, name for an IP ---------- */
    {
        nbtls_config *cfg = make_cfg(trust, 0, NULL, 0, 0);
        refused(&srv, cfg, "wrong.example", NBTLS_E_CERTIFICATE,
                NBTLS_X509_ERR_NAME_MISMATCH, 42 /* bad_certificate */);
        refused(&srv, cfg, "127.0.0.2", NBTLS_E_CERTIFICATE,
                NBTLS_X509_ERR_NAME_MISMATCH, 42);
        refused(&srv, cfg, "::1", NBTLS_E_CERTIFICATE,
                NBTLS_X509_ERR_NAME_MISMATCH, 42);
        {
            /* an IP literal matches the IP SAN (and is not sent as SNI) */
            int fd = tcp_connect(srv.port);
            nbtls_conn *c = NULL;
            CHECK_EQ(nbtls_conn_new(&c, cfg, "127.0.0.1"), NBTLS_DONE);
            CHECK_EQ(handshake(c, fd, 7), NBTLS_DONE);
            nbtls_conn_free(c);
            close(fd);
        }
        refused(&evil_srv, cfg, "localhost", NBTLS_E_CERTIFICATE,
                NBTLS_X509_ERR_UNKNOWN_ISSUER, 48 /* unknown_ca */);
        nbtls_config_free(cfg);
        /* trusting the other root, the same chain is fine */
        cfg = make_cfg(evil_trust, 0, NULL, 0, 0);
        outcome o;
        session(&evil_srv, cfg, 0, 0, &o);
        CHECK_EQ(o.scheme, NBTLS_SIG_ECDSA_SECP256R1_SHA256);
        nbtls_config_free(cfg);
        /* verification off (loudly): the untrusted chain passes */
        cfg = make_cfg(trust, 0, NULL, 0, 0);
        CHECK_EQ(nbtls_config_insecure_disable_verification(cfg), NBTLS_DONE);
        session(&evil_srv, cfg, 1, 0, &o);
        CHECK_EQ(o.suite, NBTLS_SUITE_AES_128_GCM_SHA256);
        nbtls_config_free(cfg);
    }

    /* ---- API refusals ---------------------------------------------------- */
    {
        nbtls_config *cfg = NULL;
        nbtls_conn *c = NULL;
        CHECK_EQ(nbtls_config_new(&cfg, NBTLS_ROLE_SERVER),
                 NBTLS_E_UNSUPPORTED);
        CHECK_EQ(nbtls_config_new(&cfg, NBTLS_ROLE_CLIENT), NBTLS_DONE);
        CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_E_BAD_STATE);
        CHECK(c == NULL);
        uint16_t bad = 0x0019;
        CHECK_EQ(nbtls_config_set_groups(cfg, &bad, 1, 1), NBTLS_E_UNSUPPORTED);
        bad = 0x1304;
        CHECK_EQ(nbtls_config_set_suites(cfg, &bad, 1), NBTLS_E_UNSUPPORTED);
        CHECK_EQ(nbtls_config_set_trust(cfg, trust), NBTLS_DONE);
        CHECK_EQ(nbtls_conn_new(&c, cfg, NULL), NBTLS_E_INVALID_ARG);
        CHECK_EQ(nbtls_conn_new(&c, cfg, "localhost"), NBTLS_DONE);
        size_t acc = 0;
        CHECK_EQ(nbtls_conn_write(c, (const unsigned char *)"x", 1, &acc),
                 NBTLS_E_BAD_STATE);
        CHECK_EQ(nbtls_conn_close(c), NBTLS_E_BAD_STATE);
        nbtls_conn_free(c); /* mid-handshake (key-share ops running) */
        nbtls_config_free(cfg);
    }

    replay_test(&srv, trust, "openssl s_server");
    write_seed(&srv, "openssl_flight");
    client_auth(trust);
    server_key_update(trust);
    zero_copy_session(&srv, trust);
    other_servers(trust);
    if (argc >= 4 && access(argv[2], X_OK) == 0)
        go_peer(argv[2], argv[3], trust);

    stop_server(&srv);
    stop_server(&hrr_srv);
    stop_server(&evil_srv);
    nbtls_trust_free(trust);
    nbtls_trust_free(evil_trust);
    char rm[300];
    snprintf(rm, sizeof rm, "rm -rf '%s'", dir);
    (void)run(rm);
    fprintf(stderr, "worst units in one poll at budgets 1/7: %llu\n",
            (unsigned long long)worst_units);
    return CHECK_DONE();
}
