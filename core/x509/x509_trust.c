/*
 * core/x509: trust stores (a growable array of parsed anchors) and their
 * loaders: memory (DER or PEM bundle), a file, a directory, the system's.
 * File and directory access is the only I/O in the core; it is confined to
 * the loaders here.
 */
#define _POSIX_C_SOURCE 200809L /* opendir, stat */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h> /* getenv */
#include <sys/stat.h>

#include "x509/x509.h"

int nbtls_trust_new(nbtls_trust **trust) {
    NBTLS_ENSURE(trust != NULL, NBTLS_E_INVALID_ARG);
    *trust = (nbtls_trust *)nbtls_calloc(sizeof(nbtls_trust));
    NBTLS_ENSURE(*trust != NULL, NBTLS_E_NO_MEMORY);
    return NBTLS_DONE;
}

void nbtls_trust_free(nbtls_trust *t) {
    if (t == NULL) return;
    for (size_t i = 0; i < t->n; i++)
        nbtls_x509_free(t->certs[i]);
    if (t->certs != NULL) nbtls_free_wipe(t->certs, t->cap * sizeof(void *));
    nbtls_free_wipe(t, sizeof *t);
}

size_t nbtls_trust_count(const nbtls_trust *t) {
    return t != NULL ? t->n : 0;
}

static int has_der(const nbtls_trust *t, const struct nbtls_x509 *c) {
    for (size_t i = 0; i < t->n; i++)
        if (t->certs[i]->der_len == c->der_len &&
            memcmp(t->certs[i]->der, c->der, c->der_len) == 0)
            return 1;
    return 0;
}

/* Take ownership of `c` (freed here if it is a duplicate). */
static int take(nbtls_trust *t, struct nbtls_x509 *c) {
    if (has_der(t, c)) {
        nbtls_x509_free(c);
        return NBTLS_DONE;
    }
    if (t->n == t->cap) {
        size_t cap = t->cap ? 2 * t->cap : 16;
        struct nbtls_x509 **a =
            (struct nbtls_x509 **)nbtls_calloc(cap * sizeof(void *));
        if (a == NULL) {
            nbtls_x509_free(c);
            return NBTLS_E_NO_MEMORY;
        }
        if (t->n > 0) memcpy(a, t->certs, t->n * sizeof(void *));
        if (t->certs != NULL)
            nbtls_free_wipe(t->certs, t->cap * sizeof(void *));
        t->certs = a;
        t->cap = cap;
    }
    t->certs[t->n++] = c;
    return NBTLS_DONE;
}

int nbtls_trust_add(nbtls_trust *t, const nbtls_x509 *cert) {
    NBTLS_ENSURE(t != NULL && cert != NULL, NBTLS_E_INVALID_ARG);
    struct nbtls_x509 *c;
    NBTLS_GUARD(nbtls_x509_from_der(&c, cert->der, cert->der_len));
    return take(t, c);
}

static int looks_pem(const unsigned char *d, size_t len) {
    static const char b[] = "-----BEGIN";
    for (size_t i = 0; i + sizeof b - 1 <= len; i++)
        if (memcmp(d + i, b, sizeof b - 1) == 0) return 1;
    return 0;
}

int nbtls_trust_add_data(nbtls_trust *t, const unsigned char *data, size_t len,
                         size_t *added) {
    if (added != NULL) *added = 0;
    NBTLS_ENSURE(t != NULL && data != NULL, NBTLS_E_INVALID_ARG);
    if (!looks_pem(data, len)) {
        struct nbtls_x509 *c;
        NBTLS_GUARD(nbtls_x509_from_der(&c, data, len));
        NBTLS_GUARD(take(t, c));
        if (added != NULL) *added = 1;
        return NBTLS_DONE;
    }
    /* parse all first: all or nothing */
    size_t pos = 0, n = 0, cap = 0;
    struct nbtls_x509 **tmp = NULL;
    int rc = NBTLS_DONE;
    for (;;) {
        struct nbtls_x509 *c;
        rc = nbtls_x509_from_pem_next(&c, (const char *)data, len, &pos);
        if (rc != NBTLS_DONE || c == NULL) break;
        if (n == cap) {
            size_t ncap = cap ? 2 * cap : 16;
            struct nbtls_x509 **a =
                (struct nbtls_x509 **)nbtls_calloc(ncap * sizeof(void *));
            if (a == NULL) {
                nbtls_x509_free(c);
                rc = NBTLS_E_NO_MEMORY;
                break;
            }
            if (n > 0) memcpy(a, tmp, n * sizeof(void *));
            if (tmp != NULL) nbtls_free_wipe(tmp, cap * sizeof(void *));
            tmp = a;
            cap = ncap;
        }
        tmp[n++] = c;
    }
    size_t i = 0;
    if (rc == NBTLS_DONE && n == 0) rc = NBTLS_E_CERTIFICATE;
    for (; rc == NBTLS_DONE && i < n; i++)
        rc = take(t, tmp[i]);
    if (rc == NBTLS_DONE && added != NULL) *added = n;
    for (; i < n; i++)
        nbtls_x509_free(tmp[i]);
    if (tmp != NULL) nbtls_free_wipe(tmp, cap * sizeof(void *));
    return rc;
}

/* Read a whole file (at most 64 MiB) into an nbtls_calloc'd buffer of
 * *cap bytes (free with nbtls_free_wipe(*data, *cap)). */
static int read_all(const char *path, unsigned char **data, size_t *len,
                    size_t *cap_out) {
    FILE *f = fopen(path, "rb");
    NBTLS_ENSURE(f != NULL, NBTLS_E_INVALID_ARG);
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = (unsigned char *)nbtls_calloc(cap);
    int rc = buf != NULL ? NBTLS_DONE : NBTLS_E_NO_MEMORY;
    while (rc == NBTLS_DONE) {
        if (n == cap) {
            if (cap >= ((size_t)64 << 20)) {
                rc = NBTLS_E_INVALID_ARG;
                break;
            }
            unsigned char *b = (unsigned char *)nbtls_calloc(cap * 2);
            if (b == NULL) {
                rc = NBTLS_E_NO_MEMORY;
                break;
            }
            memcpy(b, buf, n);
            nbtls_free_wipe(buf, cap);
            buf = b;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0) {
            if (ferror(f)) rc = NBTLS_E_INVALID_ARG;
            break;
        }
    }
    fclose(f);
    if (rc != NBTLS_DONE) {
        if (buf != NULL) nbtls_free_wipe(buf, cap);
        return rc;
    }
    *data = buf;
    *len = n;
    *cap_out = cap;
    return NBTLS_DONE;
}

int nbtls_trust_load_file(nbtls_trust *t, const char *path, size_t *added) {
    if (added != NULL) *added = 0;
    NBTLS_ENSURE(t != NULL && path != NULL, NBTLS_E_INVALID_ARG);
    unsigned char *data;
    size_t len, cap;
    NBTLS_GUARD(read_all(path, &data, &len, &cap));
    int rc = len > 0 ? nbtls_trust_add_data(t, data, len, added)
                     : NBTLS_E_CERTIFICATE;
    nbtls_free_wipe(data, cap);
    return rc;
}

int nbtls_trust_load_dir(nbtls_trust *t, const char *path, size_t *added) {
    if (added != NULL) *added = 0;
    NBTLS_ENSURE(t != NULL && path != NULL, NBTLS_E_INVALID_ARG);
    DIR *d = opendir(path);
    NBTLS_ENSURE(d != NULL, NBTLS_E_INVALID_ARG);
    size_t before = t->n;
    int rc = NBTLS_DONE;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        size_t pl = strlen(path) + strlen(e->d_name) + 2;
        char *fn = (char *)nbtls_calloc(pl);
        if (fn == NULL) {
            rc = NBTLS_E_NO_MEMORY;
            break;
        }
        snprintf(fn, pl, "%s/%s", path, e->d_name);
        struct stat st;
        if (stat(fn, &st) == 0 && S_ISREG(st.st_mode)) {
            int r = nbtls_trust_load_file(t, fn, NULL);
            if (r == NBTLS_E_NO_MEMORY) rc = r;
        }
        nbtls_free_wipe(fn, pl);
        if (rc != NBTLS_DONE) break;
    }
    closedir(d);
    if (added != NULL) *added = t->n - before;
    return rc;
}

int nbtls_trust_load_system(nbtls_trust *t, size_t *added) {
    if (added != NULL) *added = 0;
    NBTLS_ENSURE(t != NULL, NBTLS_E_INVALID_ARG);
    size_t before = t->n;
    const char *file = getenv("SSL_CERT_FILE");
    const char *dir = getenv("SSL_CERT_DIR");
    int env = (file != NULL && *file) || (dir != NULL && *dir);
    if (env) {
        if (file != NULL && *file) (void)nbtls_trust_load_file(t, file, NULL);
        if (dir != NULL && *dir) {
            /* ':'-separated, as OpenSSL */
            const char *p = dir;
            while (*p) {
                const char *q = strchr(p, ':');
                size_t l = q != NULL ? (size_t)(q - p) : strlen(p);
                char *one = (char *)nbtls_calloc(l + 1);
                NBTLS_ENSURE(one != NULL, NBTLS_E_NO_MEMORY);
                memcpy(one, p, l);
                if (l > 0) (void)nbtls_trust_load_dir(t, one, NULL);
                nbtls_free_wipe(one, l + 1);
                p += l;
                if (*p == ':') p++;
            }
        }
    } else {
        static const char *const bundles[] = {
            "/etc/ssl/certs/ca-certificates.crt",
            "/etc/pki/tls/certs/ca-bundle.crt",
            "/etc/ssl/ca-bundle.pem",
            "/etc/ssl/cert.pem",
            "/opt/homebrew/etc/ca-certificates/cert.pem",
            "/usr/local/etc/ca-certificates/cert.pem",
            "/usr/local/etc/openssl/cert.pem",
        };
        for (size_t i = 0; i < NBTLS_ARRAY_LEN(bundles); i++) {
            /* a system bundle with one odd certificate still loads the
             * rest: certificates are added one by one */
            unsigned char *data;
            size_t len, cap, pos = 0;
            int rc = NBTLS_DONE;
            if (read_all(bundles[i], &data, &len, &cap) != NBTLS_DONE) continue;
            while (rc != NBTLS_E_NO_MEMORY) {
                struct nbtls_x509 *c;
                size_t prev = pos;
                rc =
                    nbtls_x509_from_pem_next(&c, (const char *)data, len, &pos);
                if (rc == NBTLS_DONE && c == NULL) break;
                if (rc == NBTLS_DONE) rc = take(t, c);
                if (rc != NBTLS_DONE && pos == prev) break; /* stuck */
            }
            nbtls_free_wipe(data, cap);
            if (rc == NBTLS_E_NO_MEMORY) return rc;
            if (t->n > before) break;
        }
        if (t->n == before)
            (void)nbtls_trust_load_dir(t, "/etc/ssl/certs", NULL);
    }
    if (added != NULL) *added = t->n - before;
    return t->n > before ? NBTLS_DONE : NBTLS_E_UNSUPPORTED;
}
