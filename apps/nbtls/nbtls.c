/*
 * nbtls: the command-line program.
 *
 *   nbtls verify [--trust FILE]... [--untrusted FILE]...
 *                [--hostname NAME | --ip ADDR] [--time UNIX_SECONDS]
 *                [--purpose server|client] [--max-depth N] [--budget N]
 *                LEAF_FILE
 *   nbtls client HOST:PORT [--cafile FILE] ...   (client.c)
 *
 * Files are PEM (any number of CERTIFICATE blocks; LEAF_FILE: the first)
 * or DER (one certificate). Without --trust, the operating system's trust
 * store (nbtls_trust_load_system). Exit status: 0 the chain validates; 1 it is
 * rejected, with one line on stderr starting with the detail name
 * ("expired: ...", "malformed: ..." for a certificate that does not
 * parse); 2 usage or I/O error. --budget N polls the restartable op with
 * budget N until it finishes and prints "polls: COUNT" on stdout.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "nbtls/nbtls.h"
#include "nbtls/x509.h"

#include "client.h"

#define MAX_FILES 64
#define MAX_CHAIN 1024

static void usage(void) {
    fprintf(stderr,
            "usage: nbtls verify [--trust FILE]... [--untrusted FILE]...\n"
            "                    [--hostname NAME | --ip ADDR] "
            "[--time UNIX_SECONDS]\n"
            "                    [--purpose server|client] [--max-depth N] "
            "[--budget N] LEAF_FILE\n"
            "       nbtls client HOST:PORT [options] (nbtls client --help)\n");
}

/* Whole file into a malloc'd buffer (NUL-terminated); NULL on error. */
static unsigned char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = (unsigned char *)malloc(cap + 1);
    while (buf != NULL) {
        if (n == cap) {
            unsigned char *b = (unsigned char *)realloc(buf, 2 * cap + 1);
            if (b == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = b;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) {
            if (ferror(f)) {
                free(buf);
                buf = NULL;
            }
            break;
        }
    }
    fclose(f);
    if (buf != NULL) {
        buf[n] = 0;
        *len = n;
    }
    return buf;
}

static int is_pem(const unsigned char *d, size_t n) {
    return n >= 10 && strstr((const char *)d, "-----BEGIN") != NULL;
}

/* Parse every certificate of a file (max `max`, appended to out[*n]).
 * Returns 0, 1 (a certificate does not parse) or 2 (I/O). */
static int load_certs(const char *path, nbtls_x509 **out, size_t *n, size_t max,
                      int only_first) {
    size_t len;
    unsigned char *d = slurp(path, &len);
    if (d == NULL) {
        fprintf(stderr, "nbtls: cannot read %s: %s\n", path, strerror(errno));
        return 2;
    }
    int rc = 0;
    if (!is_pem(d, len)) {
        nbtls_x509 *c;
        if (*n >= max) {
            rc = 2;
        } else if (nbtls_x509_from_der(&c, d, len) != NBTLS_DONE) {
            fprintf(stderr, "malformed: %s: not a parsable certificate\n",
                    path);
            rc = 1;
        } else {
            out[(*n)++] = c;
        }
    } else {
        size_t pos = 0, got = 0;
        for (;;) {
            nbtls_x509 *c;
            int r = nbtls_x509_from_pem_next(&c, (const char *)d, len, &pos);
            if (r != NBTLS_DONE) {
                fprintf(stderr, "malformed: %s: %s\n", path, nbtls_strerror(r));
                rc = 1;
                break;
            }
            if (c == NULL) break;
            if (*n >= max) {
                nbtls_x509_free(c);
                fprintf(stderr, "nbtls: too many certificates\n");
                rc = 2;
                break;
            }
            out[(*n)++] = c;
            got++;
            if (only_first) break;
        }
        if (rc == 0 && got == 0) {
            fprintf(stderr, "nbtls: %s: no CERTIFICATE block\n", path);
            rc = 2;
        }
    }
    free(d);
    return rc;
}

static int parse_u64(const char *s, unsigned long long *v) {
    char *end;
    if (s == NULL || *s == 0 || *s == '-') return 0;
    errno = 0;
    *v = strtoull(s, &end, 10);
    return errno == 0 && *end == 0;
}

static int cmd_verify(int argc, char **argv) {
    const char *trust_files[MAX_FILES], *untrusted_files[MAX_FILES];
    size_t nt = 0, nu = 0;
    const char *hostname = NULL, *ip = NULL, *leaf_file = NULL;
    long long now = (long long)time(NULL);
    int purpose = NBTLS_X509_PURPOSE_SERVER;
    unsigned long long max_depth = 0, budget = 0;
    int have_budget = 0, have_depth = 0;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        unsigned long long x;
        if (strcmp(a, "--trust") == 0 && v != NULL && nt < MAX_FILES) {
            trust_files[nt++] = v;
            i++;
        } else if (strcmp(a, "--untrusted") == 0 && v != NULL &&
                   nu < MAX_FILES) {
            untrusted_files[nu++] = v;
            i++;
        } else if (strcmp(a, "--hostname") == 0 && v != NULL && !hostname) {
            hostname = v;
            i++;
        } else if (strcmp(a, "--ip") == 0 && v != NULL && !ip) {
            ip = v;
            i++;
        } else if (strcmp(a, "--time") == 0 && parse_u64(v, &x) &&
                   x <= (unsigned long long)INT64_MAX) {
            now = (long long)x;
            i++;
        } else if (strcmp(a, "--purpose") == 0 && v != NULL &&
                   (strcmp(v, "server") == 0 || strcmp(v, "client") == 0)) {
            purpose = strcmp(v, "server") == 0 ? NBTLS_X509_PURPOSE_SERVER
                                               : NBTLS_X509_PURPOSE_CLIENT;
            i++;
        } else if (strcmp(a, "--max-depth") == 0 && parse_u64(v, &x) &&
                   x <= 0xffffffffu) { /* capped at 64 below */
            max_depth = x;
            have_depth = 1;
            i++;
        } else if (strcmp(a, "--budget") == 0 && parse_u64(v, &x) &&
                   x <= 0xffffffffu) {
            budget = x;
            have_budget = 1;
            i++;
        } else if (a[0] != '-' && leaf_file == NULL) {
            leaf_file = a;
        } else {
            fprintf(stderr, "nbtls verify: bad argument: %s\n", a);
            usage();
            return 2;
        }
    }
    if (leaf_file == NULL || (hostname != NULL && ip != NULL)) {
        usage();
        return 2;
    }
    if (ip != NULL) {
        /* must be an IP literal */
        int colon = strchr(ip, ':') != NULL;
        int ok = 1;
        for (const char *p = ip; *p; p++)
            if (!((*p >= '0' && *p <= '9') || *p == '.' || *p == ':' ||
                  (colon &&
                   ((*p >= 'a' && *p <= 'f') || (*p >= 'A' && *p <= 'F')))))
                ok = 0;
        if (!ok || *ip == 0) {
            fprintf(stderr, "nbtls verify: --ip: not an IP address: %s\n", ip);
            return 2;
        }
    }

    static nbtls_x509 *chain[MAX_CHAIN];
    size_t n = 0;
    int rc = load_certs(leaf_file, chain, &n, 1, 1);
    for (size_t i = 0; rc == 0 && i < nu; i++)
        rc = load_certs(untrusted_files[i], chain, &n, MAX_CHAIN, 0);
    nbtls_trust *trust = NULL;
    if (rc == 0 && nbtls_trust_new(&trust) != NBTLS_DONE) rc = 2;
    for (size_t i = 0; rc == 0 && i < nt; i++) {
        static nbtls_x509 *anchors[MAX_CHAIN];
        size_t na = 0;
        rc = load_certs(trust_files[i], anchors, &na, MAX_CHAIN, 0);
        for (size_t j = 0; j < na; j++) {
            if (rc == 0 && nbtls_trust_add(trust, anchors[j]) != NBTLS_DONE)
                rc = 2;
            nbtls_x509_free(anchors[j]);
        }
    }
    /* no --trust: the operating system's anchors (as openssl verify) */
    if (rc == 0 && nt == 0 &&
        nbtls_trust_load_system(trust, NULL) != NBTLS_DONE) {
        fprintf(stderr, "nbtls verify: no --trust and no system trust store\n");
        rc = 2;
    }
    nbtls_op *op = NULL;
    if (rc == 0) {
        const char *name = ip != NULL ? ip : hostname;
        int r = nbtls_x509_verify_start(&op, trust,
                                        (const nbtls_x509 *const *)chain, n,
                                        name, (int64_t)now, purpose);
        if (r == NBTLS_DONE && have_depth)
            /* deeper than the library's bound of 64: the same */
            r = nbtls_x509_verify_set_max_depth(
                op, max_depth > 64 ? 64u : (unsigned)max_depth);
        if (r != NBTLS_DONE) {
            fprintf(stderr, "nbtls verify: %s\n", nbtls_strerror(r));
            rc = 2;
        }
    }
    if (rc == 0) {
        unsigned long long polls = 0;
        int r;
        do {
            r = nbtls_op_poll(op, have_budget ? (uint32_t)budget : 0);
            polls++;
        } while (r == NBTLS_IN_PROGRESS);
        if (have_budget) printf("polls: %llu\n", polls);
        if (r == NBTLS_E_CERTIFICATE) {
            int d = nbtls_op_x509_error(op);
            fprintf(stderr, "%s: %s\n", nbtls_x509_error_name(d),
                    nbtls_x509_error_string(d));
            rc = 1;
        } else if (r != NBTLS_DONE) {
            fprintf(stderr, "nbtls verify: %s\n", nbtls_strerror(r));
            rc = 2;
        }
    }
    nbtls_op_free(op);
    nbtls_trust_free(trust);
    for (size_t i = 0; i < n; i++)
        nbtls_x509_free(chain[i]);
    fflush(stdout);
    return rc;
}

int main(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "verify") == 0)
        return cmd_verify(argc - 2, argv + 2);
    if (argc >= 2 && strcmp(argv[1], "client") == 0)
        return nbtls_cmd_client(argc - 2, argv + 2);
    usage();
    return 2;
}
