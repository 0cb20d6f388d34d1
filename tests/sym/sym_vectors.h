/*
 * Reader for tests/sym/vectors/sym_*.txt (written by gen_vectors.py):
 * lines "<kind> <name> field=hex ...". Test-only helper.
 */
#ifndef NBTLS_TESTS_SYM_VECTORS_H
#define NBTLS_TESTS_SYM_VECTORS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SV_MAX_FIELDS 8
#define SV_MAX_BYTES 1024

typedef struct {
    char kind[32], name[64];
    int nfields;
    char key[SV_MAX_FIELDS][16];
    unsigned char val[SV_MAX_FIELDS][SV_MAX_BYTES];
    size_t len[SV_MAX_FIELDS];
} sv_line;

static inline const unsigned char *sv_get(const sv_line *l, const char *k,
                                          size_t *len) {
    for (int i = 0; i < l->nfields; i++)
        if (strcmp(l->key[i], k) == 0) {
            *len = l->len[i];
            return l->val[i];
        }
    fprintf(stderr, "vector %s: no field %s\n", l->name, k);
    exit(2);
}

/* Copy at most n-1 bytes of src and terminate. */
static inline void sv_copy(char *dst, size_t n, const char *src) {
    size_t l = strlen(src);
    if (l >= n) l = n - 1;
    memcpy(dst, src, l);
    dst[l] = 0;
}

/* Next space-separated token of *p (modified in place), or NULL. */
static inline char *sv_tok(char **p) {
    char *s = *p;
    while (*s == ' ' || *s == '\n' || *s == '\r')
        s++;
    if (!*s) return NULL;
    char *e = s;
    while (*e && *e != ' ' && *e != '\n' && *e != '\r')
        e++;
    if (*e) *e++ = 0;
    *p = e;
    return s;
}

/* Read the next vector; 1 on success, 0 at end of file. Exits on a
 * malformed line (a broken vector file must fail the test loudly). */
static inline int sv_next(FILE *f, sv_line *l) {
    static char buf[8192];
    while (fgets(buf, sizeof buf, f)) {
        if (buf[0] == '#' || buf[0] == '\n') continue;
        memset(l, 0, sizeof *l);
        char *save = buf, *tok = sv_tok(&save);
        if (!tok) continue;
        sv_copy(l->kind, sizeof l->kind, tok);
        tok = sv_tok(&save);
        sv_copy(l->name, sizeof l->name, tok ? tok : "?");
        while ((tok = sv_tok(&save)) != NULL) {
            char *eq = strchr(tok, '=');
            if (!eq || l->nfields == SV_MAX_FIELDS) exit(2);
            *eq = 0;
            sv_copy(l->key[l->nfields], 16, tok);
            const char *hex = eq + 1;
            size_t n = strlen(hex);
            if (n % 2 || n / 2 > SV_MAX_BYTES) exit(2);
            for (size_t i = 0; i < n / 2; i++) {
                unsigned v;
                if (sscanf(hex + 2 * i, "%2x", &v) != 1) exit(2);
                l->val[l->nfields][i] = (unsigned char)v;
            }
            l->len[l->nfields] = n / 2;
            l->nfields++;
        }
        return 1;
    }
    return 0;
}

static inline FILE *sv_open(const char *file) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", SYM_VECTORS_DIR, file);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(2);
    }
    return f;
}

#endif
