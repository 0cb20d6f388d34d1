/*
 * nbtls client: a TLS 1.3 client over TCP, and the example of driving the
 * sans-IO engine (nbtls/tls.h) from an event loop: the program owns the
 * socket, the engine only sees bytes.
 *
 *   nbtls client HOST:PORT [--servername NAME] [--cafile FILE]
 *                [--alpn LIST] [--groups LIST] [--shares N] [--ciphers LIST]
 *                [--cert CHAIN_PEM --key KEY_PEM] [--insecure] [--budget N]
 *                [--quiet]
 *
 * Options and the address go in any order; HOST PORT (two arguments) and
 * [v6]:PORT work too. Older spellings kept: --trust (--cafile), --suites
 * (--ciphers), --insecure-no-verify (--insecure). --ciphers takes the IANA
 * names (TLS_AES_128_GCM_SHA256, ...) or the same without "TLS_", in any
 * case (aes_128_gcm_sha256); --groups x25519, secp256r1, secp384r1 (the
 * first --shares of them, default 2, get key shares).
 * --cert/--key: the client certificate chain and its P-256/P-384 private key,
 * sent when the server asks for one.
 * stdin goes to the server, the server's data to stdout; at stdin's end a
 * close_notify is sent, and the program ends at the server's close_notify
 * (or its TCP close after ours). A one-line summary of the handshake goes to
 * stderr (unless --quiet): version, suite, group, signature scheme, ALPN,
 * whether a HelloRetryRequest came, polls, units and the slowest poll.
 * Without --cafile: the system trust store.
 * Exit status: 0 clean close; 1 TLS or certificate failure (the reason on
 * stderr); 2 usage or I/O error.
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
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "nbtls/tls.h"

static void client_usage(void) {
    fprintf(stderr,
            "usage: nbtls client HOST:PORT [--servername NAME] "
            "[--cafile FILE] [--alpn P1,P2]\n"
            "                    [--groups x25519,secp256r1,secp384r1] "
            "[--shares N]\n"
            "                    [--ciphers TLS_AES_128_GCM_SHA256,...] "
            "[--cert CHAIN_PEM --key KEY_PEM]\n"
            "                    [--insecure] [--budget N] [--quiet]\n"
            "       (HOST PORT also; aliases: --trust = --cafile, --suites = "
            "--ciphers,\n"
            "        --insecure-no-verify = --insecure)\n");
}

static const struct {
    const char *name;
    uint16_t id;
} names[] = {
    {"TLS_AES_128_GCM_SHA256", NBTLS_SUITE_AES_128_GCM_SHA256},
    {"TLS_AES_256_GCM_SHA384", NBTLS_SUITE_AES_256_GCM_SHA384},
    {"TLS_CHACHA20_POLY1305_SHA256", NBTLS_SUITE_CHACHA20_POLY1305_SHA256},
    {"x25519", NBTLS_GROUP_X25519},
    {"secp256r1", NBTLS_GROUP_SECP256R1},
    {"secp384r1", NBTLS_GROUP_SECP384R1},
};

static const char *id_name(uint16_t id, int group) {
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (names[i].id == id && (i >= 3) == (group != 0))
            return names[i].name;
    return "?";
}

/* Whether s[0..len) names names[i]: exactly, or for a suite also without
 * "TLS_" and in any case. */
static int name_is(size_t i, const char *s, size_t len) {
    const char *n = names[i].name;
    if (strlen(n) == len && strncmp(n, s, len) == 0) return 1;
    if (i >= 3) return 0;
    if (len > 4 && strncasecmp(s, "TLS_", 4) == 0) {
        s += 4;
        len -= 4;
    }
    return strlen(n + 4) == len && strncasecmp(n + 4, s, len) == 0;
}

/* "A,B,C" -> ids (names of the table above); -1 on an unknown name. */
static int parse_list(const char *s, uint16_t *out, size_t max, int group) {
    size_t n = 0;
    while (*s) {
        size_t len = strcspn(s, ",");
        size_t i = 0;
        for (; i < sizeof names / sizeof names[0]; i++)
            if ((i >= 3) == (group != 0) && name_is(i, s, len)) break;
        if (i == sizeof names / sizeof names[0] || n == max) return -1;
        out[n++] = names[i].id;
        s += len;
        if (*s == ',') s++;
    }
    return (int)n;
}

static int connect_tcp(const char *host, const char *port) {
    struct addrinfo hints, *res = NULL;
    memset(&hints, 0, sizeof hints);
    hints.ai_socktype = SOCK_STREAM;
    if (getaddrinfo(host, port, &hints, &res) != 0) return -1;
    int fd = -1;
    for (struct addrinfo *a = res; a && fd < 0; a = a->ai_next) {
        fd = socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd >= 0 && connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
            close(fd);
            fd = -1;
        }
    }
    freeaddrinfo(res);
    int one = 1; /* records go out as soon as they are sealed */
    if (fd >= 0) setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

/* Send what the socket takes now: sbuf[*spos..*slen) first, refilled from
 * the engine's output. 0, or -1 on an I/O error. */
static int send_some(nbtls_conn *conn, int fd, unsigned char *sbuf,
                     size_t size, size_t *spos, size_t *slen) {
    for (;;) {
        if (*spos == *slen) {
            *spos = *slen = 0;
            if (nbtls_conn_take_output(conn, sbuf, size, slen) != NBTLS_DONE)
                return -1;
            if (*slen == 0) return 0;
        }
        ssize_t w = send(fd, sbuf + *spos, *slen - *spos, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return 0;
        if (w <= 0) return -1;
        *spos += (size_t)w;
    }
}

/* At the end (an alert, a close_notify): send everything, waiting. */
static int flush_blocking(nbtls_conn *conn, int fd, unsigned char *sbuf,
                          size_t spos, size_t slen) {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    return send_some(conn, fd, sbuf, 16384, &spos, &slen);
}

static int write_all(int fd, const unsigned char *p, size_t n) {
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e6 + (double)ts.tv_nsec / 1e3;
}

static void summary(nbtls_conn *conn, double slowest_us) {
    size_t alen = 0;
    const unsigned char *alpn = nbtls_conn_alpn(conn, &alen);
    const char *sig = nbtls_sig_name(nbtls_conn_sig_scheme(conn));
    fprintf(stderr,
            "nbtls client: TLSv1.3 %s %s %s alpn=%.*s hrr=%s polls=%llu "
            "units=%llu slowest_poll=%.0fus\n",
            id_name(nbtls_conn_suite(conn), 0),
            id_name(nbtls_conn_group(conn), 1), sig ? sig : "?",
            alpn ? (int)alen : 1, alpn ? (const char *)alpn : "-",
            nbtls_conn_hrr(conn) ? "yes" : "no",
            (unsigned long long)nbtls_conn_polls(conn),
            (unsigned long long)nbtls_conn_units(conn), slowest_us);
}

/* Whole small file (NUL-terminated, malloc'd); NULL on error. */
static char *read_file(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *buf = malloc(1 << 20);
    size_t n = buf ? fread(buf, 1, (1 << 20) - 1, f) : 0;
    fclose(f);
    if (buf) buf[n] = 0;
    *len = n;
    return buf;
}

/* --cert CHAIN_PEM --key KEY_PEM into cfg: 0, or -1 with a message. */
static int load_client_cert(nbtls_config *cfg, const char *cert_file,
                            const char *key_file) {
    size_t clen = 0, klen = 0, pos = 0, n = 0;
    char *pem = read_file(cert_file, &clen), *kpem = read_file(key_file, &klen);
    nbtls_x509 *chain[8] = {0};
    nbtls_key *key = NULL;
    int r = pem && kpem ? NBTLS_DONE : NBTLS_E_INVALID_ARG;
    while (r == NBTLS_DONE && n < 8) {
        r = nbtls_x509_from_pem_next(&chain[n], pem, clen, &pos);
        if (r != NBTLS_DONE || !chain[n]) break;
        n++;
    }
    if (r == NBTLS_DONE && n == 0) r = NBTLS_E_CERTIFICATE;
    if (r == NBTLS_DONE) r = nbtls_key_from_pem(&key, kpem, klen);
    if (r == NBTLS_DONE)
        r = nbtls_config_set_client_cert(cfg, (const nbtls_x509 *const *)chain,
                                         n, key);
    if (r != NBTLS_DONE)
        fprintf(stderr, "nbtls client: --cert/--key: %s\n", nbtls_strerror(r));
    for (size_t i = 0; i < n; i++)
        nbtls_x509_free(chain[i]);
    nbtls_key_free(key);
    free(pem);
    free(kpem);
    return r == NBTLS_DONE ? 0 : -1;
}

/* The TLS failure of `conn` (status st): one line, exit status 1. */
static int tls_failure(nbtls_conn *conn, int st) {
    const char *why = nbtls_conn_error_string(conn);
    fprintf(stderr, "nbtls client: %s: %s\n", nbtls_strerror(st),
            why && *why ? why : "failed");
    return 1;
}

int nbtls_cmd_client(int argc, char **argv) {
    const char *trust_file = NULL, *alpn_arg = NULL, *groups_arg = NULL;
    const char *cert_file = NULL, *key_file = NULL;
    const char *suites_arg = NULL, *servername = NULL, *pos[2] = {0, 0};
    unsigned long budget = 0, shares = 0;
    int insecure = 0, quiet = 0, npos = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        int has = i + 1 < argc;
        if ((strcmp(a, "--trust") == 0 || strcmp(a, "--cafile") == 0) && has)
            trust_file = argv[++i];
        else if (strcmp(a, "--alpn") == 0 && has) alpn_arg = argv[++i];
        else if (strcmp(a, "--groups") == 0 && has) groups_arg = argv[++i];
        else if ((strcmp(a, "--suites") == 0 || strcmp(a, "--ciphers") == 0) &&
                 has)
            suites_arg = argv[++i];
        else if (strcmp(a, "--servername") == 0 && has) servername = argv[++i];
        else if (strcmp(a, "--budget") == 0 && has)
            budget = strtoul(argv[++i], NULL, 10);
        else if (strcmp(a, "--shares") == 0 && has)
            shares = strtoul(argv[++i], NULL, 10);
        else if (strcmp(a, "--cert") == 0 && has) cert_file = argv[++i];
        else if (strcmp(a, "--key") == 0 && has) key_file = argv[++i];
        else if (strcmp(a, "--insecure") == 0 ||
                 strcmp(a, "--insecure-no-verify") == 0)
            insecure = 1;
        else if (strcmp(a, "--quiet") == 0) quiet = 1;
        else if (a[0] != '-' && npos < 2) pos[npos++] = a;
        else {
            client_usage();
            return 2;
        }
    }
    static char hostbuf[256];
    if (npos == 1) { /* HOST:PORT */
        const char *colon = strrchr(pos[0], ':');
        if (colon && colon != pos[0] && !strchr(colon + 1, ']') &&
            (size_t)(colon - pos[0]) < sizeof hostbuf) {
            size_t hl = (size_t)(colon - pos[0]);
            memcpy(hostbuf, pos[0], hl);
            hostbuf[hl] = 0;
            if (hl >= 2 && hostbuf[0] == '[' && hostbuf[hl - 1] == ']') {
                memmove(hostbuf, hostbuf + 1, hl - 2); /* [v6]:port */
                hostbuf[hl - 2] = 0;
            }
            pos[1] = colon + 1;
            pos[0] = hostbuf;
            npos = 2;
        }
    }
    if (npos != 2 || budget > UINT32_MAX) {
        client_usage();
        return 2;
    }
    const char *host = pos[0], *port = pos[1];
    if (!servername) servername = host;

    /* ---- configuration (shared by every connection of a real program) */
    nbtls_config *cfg = NULL;
    nbtls_trust *trust = NULL;
    int rc = 2;
    if (nbtls_config_new(&cfg, NBTLS_ROLE_CLIENT) != NBTLS_DONE) return 2;
    uint16_t ids[8];
    int n;
    if (groups_arg) {
        n = parse_list(groups_arg, ids, 3, 1);
        size_t ns = shares ? shares : (n >= 2 ? 2 : 1);
        if (n <= 0 || nbtls_config_set_groups(cfg, ids, (size_t)n, ns) != 0) {
            fprintf(stderr, "nbtls client: bad --groups / --shares\n");
            goto out;
        }
    } else if (shares &&
               nbtls_config_set_groups(
                   cfg, (const uint16_t[]){0x001d, 0x0017, 0x0018}, 3,
                   shares) != 0) {
        fprintf(stderr, "nbtls client: bad --shares\n");
        goto out;
    }
    if (suites_arg) {
        n = parse_list(suites_arg, ids, 3, 0);
        if (n <= 0 || nbtls_config_set_suites(cfg, ids, (size_t)n) != 0) {
            fprintf(stderr, "nbtls client: bad --ciphers\n");
            goto out;
        }
    }
    if (alpn_arg) {
        static char alpn_buf[1024];
        const char *protos[NBTLS_CONFIG_MAX_ALPN];
        size_t np = 0;
        snprintf(alpn_buf, sizeof alpn_buf, "%s", alpn_arg);
        for (char *t = strtok(alpn_buf, ","); t; t = strtok(NULL, ","))
            if (np < NBTLS_CONFIG_MAX_ALPN) protos[np++] = t;
        if (nbtls_config_set_alpn(cfg, protos, np) != 0) {
            fprintf(stderr, "nbtls client: bad --alpn\n");
            goto out;
        }
    }
    if ((cert_file != NULL) != (key_file != NULL)) {
        client_usage();
        goto out;
    }
    if (cert_file && load_client_cert(cfg, cert_file, key_file) != 0)
        goto out;
    if (insecure) {
        (void)nbtls_config_insecure_disable_verification(cfg);
    } else {
        size_t added = 0;
        int r = nbtls_trust_new(&trust);
        if (r == NBTLS_DONE)
            r = trust_file ? nbtls_trust_load_file(trust, trust_file, &added)
                           : nbtls_trust_load_system(trust, &added);
        if (r == NBTLS_DONE) r = nbtls_config_set_trust(cfg, trust);
        if (r != NBTLS_DONE) {
            fprintf(stderr, "nbtls client: trust store: %s\n",
                    nbtls_strerror(r));
            goto out;
        }
    }

    /* ---- the connection --------------------------------------------- */
    int fd = connect_tcp(host, port);
    if (fd < 0) {
        fprintf(stderr, "nbtls client: cannot connect to %s port %s\n", host,
                port);
        goto out;
    }
    nbtls_conn *conn = NULL;
    int r = nbtls_conn_new(&conn, cfg, servername);
    if (r != NBTLS_DONE) {
        fprintf(stderr, "nbtls client: %s\n", nbtls_strerror(r));
        close(fd);
        goto out;
    }
    /* Non-blocking socket: nothing here waits except poll(). Bytes move
     * through three small buffers: network -> ibuf -> feed; engine output
     * -> sbuf -> send; stdin -> obuf -> nbtls_conn_write (stdin is read
     * only when obuf and the engine's output are empty: back-pressure). */
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    static unsigned char ibuf[16384], abuf[16384], sbuf[16384], obuf[16384];
    size_t ipos = 0, ilen = 0, spos = 0, slen = 0, opos = 0, olen = 0;
    int stdin_eof = 0, summarized = 0, closing = 0;
    double slowest = 0;
    for (;;) {
        if (ipos < ilen) { /* feed what the network brought */
            size_t used = 0;
            (void)nbtls_conn_feed(conn, ibuf + ipos, ilen - ipos, &used);
            ipos += used;
        }
        if (opos < olen) { /* application data waiting for the queue */
            size_t acc = 0;
            r = nbtls_conn_write(conn, obuf + opos, olen - opos, &acc);
            if (r < 0) {
                rc = tls_failure(conn, r);
                break;
            }
            opos += acc;
        }
        if (stdin_eof && opos == olen && !closing) {
            closing = 1;
            r = nbtls_conn_close(conn);
            if (r < 0) {
                rc = tls_failure(conn, r);
                break;
            }
        }
        double t0 = now_us();
        int st = nbtls_conn_poll(conn, (uint32_t)budget);
        double dt = now_us() - t0;
        if (dt > slowest) slowest = dt;
        int io = send_some(conn, fd, sbuf, sizeof sbuf, &spos, &slen);
        if (st < 0) { /* send the alert, then report */
            if (io == 0) (void)flush_blocking(conn, fd, sbuf, spos, slen);
            rc = tls_failure(conn, st);
            break;
        }
        if (io < 0) {
            fprintf(stderr, "nbtls client: send failed\n");
            break;
        }
        if (nbtls_conn_handshake_done(conn) && !summarized) {
            summarized = 1;
            if (!quiet) summary(conn, slowest);
        }
        size_t got = 0;
        int drained = 0; /* a read freed room: whole records may still wait
                            in the engine's input, so poll again (tls.h) */
        while ((r = nbtls_conn_read(conn, abuf, sizeof abuf, &got)) ==
               NBTLS_DONE) {
            drained = 1;
            if (write_all(1, abuf, got) != 0) break;
        }
        if (r == NBTLS_E_CLOSED) { /* the server's close_notify */
            (void)nbtls_conn_close(conn);
            (void)flush_blocking(conn, fd, sbuf, spos, slen);
            rc = 0;
            break;
        }
        if (st == NBTLS_IN_PROGRESS || ipos < ilen || drained) continue;

        int pending = spos < slen || nbtls_conn_output_pending(conn) > 0;
        struct pollfd pf[2] = {{fd, 0, 0}, {0, POLLIN, 0}};
        pf[0].events = (short)(POLLIN | (pending ? POLLOUT : 0));
        nfds_t nfds =
            summarized && !stdin_eof && opos == olen && !pending ? 2 : 1;
        if (poll(pf, nfds, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        if (pf[0].revents & (POLLIN | POLLHUP | POLLERR)) {
            ssize_t k = recv(fd, ibuf, sizeof ibuf, 0);
            if (k < 0 && (errno == EINTR || errno == EAGAIN)) continue;
            if (k <= 0) {
                /* TCP closed: clean only after our close_notify */
                if (closing) {
                    rc = 0;
                } else {
                    fprintf(stderr, "nbtls client: connection closed by the "
                                    "server without close_notify\n");
                    rc = summarized ? 1 : 2;
                }
                break;
            }
            ipos = 0;
            ilen = (size_t)k;
        }
        if (nfds == 2 && (pf[1].revents & (POLLIN | POLLHUP))) {
            ssize_t k = read(0, obuf, sizeof obuf);
            if (k < 0 && errno == EINTR) continue;
            if (k <= 0) {
                stdin_eof = 1;
            } else {
                opos = 0;
                olen = (size_t)k;
            }
        }
    }
    nbtls_conn_free(conn);
    close(fd);
out:
    nbtls_config_free(cfg);
    nbtls_trust_free(trust);
    return rc;
}
