/*
 * Reads tests/vectors/tls13_rfc8448_simple.txt ("<name> <hex>" lines,
 * comments with #) for the TLS tests.
 */
#ifndef NBTLS_TESTS_TLS_VECTORS_H
#define NBTLS_TESTS_TLS_VECTORS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The bytes of vector `name` of tests/vectors/<file> into out (at most
 * size); returns the length, or exits the test program (a missing vector is
 * a broken test). */
static inline size_t tls_vec_in(const char *file, const char *name,
                                unsigned char *out, size_t size) {
    static char line[8192], path[1024];
    snprintf(path, sizeof path, "%s/%s", NBTLS_VECTORS_DIR, file);
    FILE *f = fopen(path, "r");
    if (!f) {
        fprintf(stderr, "cannot open %s\n", path);
        exit(1);
    }
    while (fgets(line, sizeof line, f)) {
        size_t nl = strlen(name);
        if (line[0] == '#' || strncmp(line, name, nl) != 0 || line[nl] != ' ')
            continue;
        char *hex = line + nl + 1;
        size_t n = strcspn(hex, "\r\n");
        hex[n] = 0;
        if (n % 2 || n / 2 > size) break;
        for (size_t i = 0; i < n / 2; i++) {
            unsigned v;
            if (sscanf(hex + 2 * i, "%2x", &v) != 1) goto bad;
            out[i] = (unsigned char)v;
        }
        fclose(f);
        return n / 2;
    }
bad:
    fclose(f);
    fprintf(stderr, "vector %s missing or malformed\n", name);
    exit(1);
}

/* A vector of RFC 8448 section 3 (tls13_rfc8448_simple.txt). */
static inline size_t tls_vec(const char *name, unsigned char *out,
                             size_t size) {
    return tls_vec_in("tls13_rfc8448_simple.txt", name, out, size);
}

#endif
