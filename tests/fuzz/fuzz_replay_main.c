/*
 * The replay driver linked into every fuzz target when it is built without
 * libFuzzer (a plain ctest, run under ASan/UBSan in build-asan): it runs
 * LLVMFuzzerTestOneInput over every file of the committed corpus
 * (NBTLS_FUZZ_CORPUS, tests/fuzz/corpus/<target>/), over mutations of each
 * file (truncations, single-bit flips, byte insertions), and over
 * seeded random inputs. A failed oracle aborts the program.
 * Optional arguments: more files or directories to replay.
 */
#define _DEFAULT_SOURCE 1 /* opendir, readdir */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef NBTLS_FUZZ_CORPUS
#define NBTLS_FUZZ_CORPUS "corpus"
#endif
#define FUZZ_MAX_INPUT 4096

static unsigned long g_runs, g_files;
static uint64_t g_rng = 0x243F6A8885A308D3ull;

static uint64_t next_rand(void) {
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 7;
    g_rng ^= g_rng << 17;
    return g_rng;
}

/* Run on a private heap copy, so ASan sees any read past the end. */
static void run(const uint8_t *data, size_t size) {
    uint8_t *copy = (uint8_t *)malloc(size ? size : 1);
    if (copy == NULL) abort();
    if (size) memcpy(copy, data, size);
    LLVMFuzzerTestOneInput(copy, size);
    free(copy);
    g_runs++;
}

static void mutate_and_run(const uint8_t *data, size_t size) {
    uint8_t buf[FUZZ_MAX_INPUT + 1];
    run(data, size);
    /* truncations: around the lengths that matter, and every 8th */
    for (size_t n = 0; n < size; n++) {
        int edge = n <= 2 || (n >= 31 && n <= 34) || (n >= 63 && n <= 66) ||
                   n + 1 == size;
        if (edge || n % 8 == 0) run(data, n);
    }
    for (int i = 0; i < 8 && size > 0; i++) { /* bit flips */
        memcpy(buf, data, size);
        size_t bit = (size_t)(next_rand() % (size * 8));
        buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
        run(buf, size);
    }
    if (size < FUZZ_MAX_INPUT) { /* one byte inserted, one appended */
        size_t at = size ? (size_t)(next_rand() % size) : 0;
        memcpy(buf, data, at);
        buf[at] = (uint8_t)next_rand();
        memcpy(buf + at + 1, data + at, size - at);
        run(buf, size + 1);
        memcpy(buf, data, size);
        buf[size] = 0;
        run(buf, size + 1);
    }
}

static void replay_path(const char *path) {
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "no corpus at %s (random inputs only)\n", path);
        return;
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        if (d == NULL) exit(1);
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (e->d_name[0] == '.') continue;
            char sub[1024];
            snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            replay_path(sub);
        }
        closedir(d);
        return;
    }
    FILE *f = fopen(path, "rb");
    if (f == NULL) exit(1);
    static uint8_t data[FUZZ_MAX_INPUT];
    size_t n = fread(data, 1, sizeof data, f);
    fclose(f);
    g_files++;
    mutate_and_run(data, n);
}

int main(int argc, char **argv) {
    replay_path(NBTLS_FUZZ_CORPUS);
    for (int i = 1; i < argc; i++)
        replay_path(argv[i]);
    /* seeded random inputs of the lengths that matter and of any length */
    static const size_t lens[] = {0, 1, 2, 32, 33, 64, 65, 66, 96, 97, 129};
    uint8_t buf[160];
    for (int i = 0; i < 250; i++) {
        size_t len = i < 200 ? lens[i % (sizeof lens / sizeof lens[0])]
                             : (size_t)(next_rand() % sizeof buf);
        for (size_t j = 0; j < len; j++)
            buf[j] = (uint8_t)next_rand();
        if (len && i % 3 == 0) buf[0] = (uint8_t)(2 + i % 3); /* 02/03/04 */
        run(buf, len);
    }
    printf("replayed %lu corpus files; %lu passed, 0 failed\n", g_files,
           g_runs);
    return g_runs > 0 ? 0 : 1;
}
