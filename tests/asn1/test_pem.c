/*
 * Open-box tests of core/asn1/pem.c:
 *   - base64: the RFC 4648 section 10 examples; round trips against this
 *     file's own (independent, table-based) encoder for every length 0..200
 *     with random line breaks and CRLFs; negatives: characters outside the
 *     alphabet, '=' in the middle or beyond two, missing padding, data
 *     after padding, non-zero pad bits, a short output buffer (and the
 *     output wiped on error);
 *   - PEM blocks: text before BEGIN, several blocks in order, label
 *     matching, missing END, a second BEGIN before END, bad labels.
 */
#include "check.h"
#include "asn1/pem.h"

static const char ALPHA[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Encode with padding, a line break every `wrap` characters (0: none),
 * CRLF when crlf. Returns the length. */
static size_t encode(const unsigned char *in, size_t n, char *out, int wrap,
                     int crlf) {
    size_t o = 0, col = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < n) v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < n) v |= in[i + 2];
        char q[4] = {ALPHA[(v >> 18) & 63], ALPHA[(v >> 12) & 63],
                     i + 1 < n ? ALPHA[(v >> 6) & 63] : '=',
                     i + 2 < n ? ALPHA[v & 63] : '='};
        for (int j = 0; j < 4; j++) {
            out[o++] = q[j];
            if (wrap && ++col % (size_t)wrap == 0) {
                if (crlf) out[o++] = '\r';
                out[o++] = '\n';
            }
        }
    }
    return o;
}

static int dec(const char *s, unsigned char *out, size_t size, size_t *len) {
    return nbtls_base64_decode(s, strlen(s), out, size, len);
}

int main(void) {
    static const char *RFC[][2] = {{"", ""},
                                   {"f", "Zg=="},
                                   {"fo", "Zm8="},
                                   {"foo", "Zm9v"},
                                   {"foob", "Zm9vYg=="},
                                   {"fooba", "Zm9vYmE="},
                                   {"foobar", "Zm9vYmFy"}};
    unsigned char out[512];
    size_t len;
    for (size_t i = 0; i < sizeof RFC / sizeof RFC[0]; i++) {
        CHECK_EQ(dec(RFC[i][1], out, sizeof out, &len), NBTLS_DONE);
        CHECK_EQ(len, strlen(RFC[i][0]));
        CHECK_MEM(out, RFC[i][0], len);
    }
    /* round trips */
    uint64_t s = 1;
    /* static on purpose: with these two arrays declared inside the loop,
     * gcc 12 (-O1 and up) gives encode()'s inlined q[4] the same stack
     * slot as the live in[] (seen with a gdb watchpoint: in[0] changes
     * inside encode). Correct with -fstack-reuse=none, -fno-inline,
     * clang, and under ASan: a gcc stack-slot-sharing miscompile of this
     * test's valid C, not a library bug. */
    static unsigned char in[200];
    static char enc[700];
    for (size_t n = 0; n <= 200; n++) {
        for (size_t i = 0; i < n; i++) {
            s = s * 6364136223846793005ull + 1442695040888963407ull;
            in[i] = (unsigned char)(s >> 56);
        }
        size_t el = encode(in, n, enc, (int)(n % 5) * 16, (int)(n & 1));
        CHECK_EQ(nbtls_base64_decode(enc, el, out, sizeof out, &len),
                 NBTLS_DONE);
        CHECK_EQ(len, n);
        CHECK_MEM(out, in, n);
        /* exact-size output buffer suffices for padded input... */
        size_t need = (n + 2) / 3 * 3;
        if (n > 0) {
            CHECK_EQ(nbtls_base64_decode(enc, el, out, need, &len), NBTLS_DONE);
            /* ...one byte less than the decoded length does not */
            memset(out, 0x55, sizeof out);
            CHECK_EQ(nbtls_base64_decode(enc, el, out, n - 1, &len),
                     NBTLS_E_BUFFER_TOO_SMALL);
            CHECK_EQ(len, 0);
            CHECK(n - 1 == 0 || out[0] == 0); /* wiped */
        }
    }
    /* negatives */
    static const char *BAD[] = {
        "Zg=",      /* padding short */
        "Zg",       /* no padding */
        "Zg===",    /* three '=' */
        "Z===",     /* one char in the last quantum */
        "Zm9v=",    /* '=' after a full quantum */
        "Zg==Zg==", /* data after padding */
        "Zm=v",     /* '=' in the middle */
        "Zh==",     /* pad bits set ('h' = 33: low 4 bits non-zero) */
        "Zm9=",     /* pad bits set ('9' = 61: low 2 bits non-zero) */
        "Zm9v*A==", "Zm9v-_==", /* URL alphabet / junk */
        "Zm9v\x80", "Zm\x00v",  /* high byte; NUL is cut by strlen */
        "Zm9vY",                /* 5 chars */
    };
    for (size_t i = 0; i < sizeof BAD / sizeof BAD[0]; i++) {
        memset(out, 0x55, 16);
        int rc = dec(BAD[i], out, sizeof out, &len);
        if (rc != NBTLS_E_INVALID_ARG) fprintf(stderr, "case %zu\n", i);
        CHECK_EQ(rc, NBTLS_E_INVALID_ARG);
        CHECK_EQ(len, 0);
        CHECK(out[0] == 0);
    }
    /* whitespace anywhere between characters is fine */
    CHECK_EQ(dec(" Zm 9v\r\n\tYmFy \n", out, sizeof out, &len), NBTLS_DONE);
    CHECK(len == 6 && memcmp(out, "foobar", 6) == 0);

    /* PEM blocks */
    static const char TXT[] = "hello\n"
                              "-----BEGIN A B-----\nZm9v\n-----END A B-----\n"
                              "between\r\n"
                              "-----BEGIN C-----  \r\nZm9vYmFy\r\n"
                              "-----END C-----\r\n";
    size_t pos = 0, ll, bl;
    const char *lab, *body;
    CHECK_EQ(nbtls_pem_next(TXT, sizeof TXT - 1, &pos, &lab, &ll, &body, &bl),
             1);
    CHECK(ll == 3 && memcmp(lab, "A B", 3) == 0);
    CHECK_EQ(nbtls_base64_decode(body, bl, out, sizeof out, &len), NBTLS_DONE);
    CHECK(len == 3 && memcmp(out, "foo", 3) == 0);
    CHECK_EQ(nbtls_pem_next(TXT, sizeof TXT - 1, &pos, &lab, &ll, &body, &bl),
             1);
    CHECK(ll == 1 && lab[0] == 'C');
    CHECK_EQ(nbtls_base64_decode(body, bl, out, sizeof out, &len), NBTLS_DONE);
    CHECK(len == 6 && memcmp(out, "foobar", 6) == 0);
    CHECK_EQ(nbtls_pem_next(TXT, sizeof TXT - 1, &pos, &lab, &ll, &body, &bl),
             0);
    static const char *BADPEM[] = {
        "-----BEGIN X-----\nZm9v\n-----END Y-----\n", /* label mismatch */
        "-----BEGIN X-----\nZm9v\n",                  /* no END */
        "-----BEGIN X-----\n-----BEGIN X-----\nZm9v\n-----END X-----\n",
        "-----BEGIN -X-----\nZm9v\n-----END -X-----\n",       /* '-' at start */
        "-----BEGIN X----\nZm9v\n-----END X-----\n",          /* 4 dashes */
        "-----BEGIN X\x01-----\nZm9v\n-----END X\x01-----\n", /* control */
    };
    for (size_t i = 0; i < sizeof BADPEM / sizeof BADPEM[0]; i++) {
        pos = 0;
        CHECK_EQ(nbtls_pem_next(BADPEM[i], strlen(BADPEM[i]), &pos, &lab, &ll,
                                &body, &bl),
                 NBTLS_E_INVALID_ARG);
    }
    pos = 0;
    CHECK_EQ(nbtls_pem_next("no pem here\n", 12, &pos, &lab, &ll, &body, &bl),
             0);
    return CHECK_DONE();
}
