/*
 * tests: driving the `openssl` command (an independent implementation) from
 * a C test, at test time. Files live in one mkdtemp directory per test
 * process, created by osl_setup() and removed by osl_teardown(); names
 * given to the helpers are relative to it. osl_setup() returns 77 (the
 * ctest skip code) when the openssl command is missing, 1 on error, 0 on
 * success.
 */
#ifndef NBTLS_TESTS_OPENSSL_CMD_H
#define NBTLS_TESTS_OPENSSL_CMD_H

#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

static char g_dir[256];

static inline int osl_setup(const char *tag) {
    if (system("command -v openssl >/dev/null 2>&1") != 0) {
        printf("SKIP: the openssl command is not installed\n");
        return 77;
    }
    const char *tmp = getenv("TMPDIR");
    snprintf(g_dir, sizeof g_dir, "%s/nbtls-%s-XXXXXX",
             tmp != NULL && *tmp ? tmp : "/tmp", tag);
    if (mkdtemp(g_dir) == NULL) {
        printf("cannot create a temporary directory\n");
        return 1;
    }
    return 0;
}

/* 0 when the directory was removed. */
static inline int osl_teardown(void) {
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_dir);
    return system(cmd);
}

static inline void path(char *out, size_t n, const char *name) {
    snprintf(out, n, "%s/%s", g_dir, name);
}

static inline int write_file(const char *name, const unsigned char *p,
                             size_t len) {
    char fn[512];
    path(fn, sizeof fn, name);
    FILE *f = fopen(fn, "wb");
    if (f == NULL) return -1;
    size_t w = fwrite(p, 1, len, f);
    return fclose(f) == 0 && w == len ? 0 : -1;
}

static inline long read_file(const char *name, unsigned char *p, size_t max) {
    char fn[512];
    path(fn, sizeof fn, name);
    FILE *f = fopen(fn, "rb");
    if (f == NULL) return -1;
    size_t r = fread(p, 1, max, f);
    fclose(f);
    return (long)r;
}

/* Run an openssl command line (arguments after "openssl", file names
 * relative to the temp dir); returns its exit status. */
static inline int openssl(const char *args) {
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "cd '%s' && openssl %s >/dev/null 2>&1", g_dir,
             args);
    int rc = system(cmd);
    if (rc == -1) return -1;
    return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

#endif
