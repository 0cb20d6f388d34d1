/* core/asn1: PEM blocks and constant-time strict base64. See pem.h. */
#include "asn1/pem.h"

#define MALFORMED NBTLS_E_INVALID_ARG

static const char BEGIN[] = "-----BEGIN ";
static const char END[] = "-----END ";
static const char DASHES[] = "-----";

/* The end of the line starting at i (index of '\n' or len). */
static size_t line_end(const char *t, size_t len, size_t i) {
    while (i < len && t[i] != '\n')
        i++;
    return i;
}

/* 1 if t[i, e) starts with the NUL-terminated s. */
static int starts(const char *t, size_t i, size_t e, const char *s) {
    size_t n = strlen(s);
    return e - i >= n && memcmp(t + i, s, n) == 0;
}

/* Strip trailing spaces, tabs and CR from the line t[i, *e). */
static void rstrip(const char *t, size_t i, size_t *e) {
    while (*e > i &&
           (t[*e - 1] == ' ' || t[*e - 1] == '\t' || t[*e - 1] == '\r'))
        (*e)--;
}

/* Parse a boundary line t[i, e) (trailing blanks stripped) of the form
 * prefix LABEL "-----"; the label goes to *lab, *lab_len. */
static int boundary(const char *t, size_t i, size_t e, const char *prefix,
                    const char **lab, size_t *lab_len) {
    size_t p = strlen(prefix), d = strlen(DASHES);
    NBTLS_ENSURE(e - i >= p + d, MALFORMED);
    NBTLS_ENSURE(memcmp(t + e - d, DASHES, d) == 0, MALFORMED);
    size_t ls = i + p, le = e - d;
    NBTLS_ENSURE(le - ls <= NBTLS_PEM_MAX_LABEL, MALFORMED);
    for (size_t k = ls; k < le; k++)
        NBTLS_ENSURE(t[k] >= 0x20 && t[k] <= 0x7e, MALFORMED);
    /* RFC 7468: a label does not begin or end with '-' (nor a space) */
    if (le > ls) {
        NBTLS_ENSURE(t[ls] != '-' && t[le - 1] != '-', MALFORMED);
        NBTLS_ENSURE(t[ls] != ' ' && t[le - 1] != ' ', MALFORMED);
    }
    *lab = t + ls;
    *lab_len = le - ls;
    return NBTLS_DONE;
}

int nbtls_pem_next(const char *text, size_t len, size_t *pos,
                   const char **label, size_t *label_len, const char **body,
                   size_t *body_len) {
    NBTLS_ENSURE(text != NULL && pos != NULL && *pos <= len,
                 NBTLS_E_INVALID_ARG);
    size_t i = *pos;
    /* find a BEGIN line */
    for (;;) {
        if (i >= len) return 0;
        size_t e = line_end(text, len, i);
        size_t se = e;
        rstrip(text, i, &se);
        if (starts(text, i, se, BEGIN)) {
            const char *lab;
            size_t lab_len;
            NBTLS_GUARD(boundary(text, i, se, BEGIN, &lab, &lab_len));
            size_t b = e < len ? e + 1 : e;
            /* find the END line */
            size_t j = b;
            while (j < len) {
                size_t je = line_end(text, len, j), jse = je;
                rstrip(text, j, &jse);
                if (starts(text, j, jse, END)) {
                    const char *lab2;
                    size_t lab2_len;
                    NBTLS_GUARD(boundary(text, j, jse, END, &lab2, &lab2_len));
                    NBTLS_ENSURE(lab2_len == lab_len &&
                                     memcmp(lab, lab2, lab_len) == 0,
                                 MALFORMED);
                    *label = lab;
                    *label_len = lab_len;
                    *body = text + b;
                    *body_len = j - b;
                    *pos = je < len ? je + 1 : je;
                    return 1;
                }
                /* a second BEGIN before END is malformed */
                NBTLS_ENSURE(!starts(text, j, jse, BEGIN), MALFORMED);
                j = je < len ? je + 1 : je;
            }
            return MALFORMED;
        }
        i = e < len ? e + 1 : e;
    }
}

/* all-ones if lo <= x <= hi */
static uint32_t ct_in(uint32_t x, uint32_t lo, uint32_t hi) {
    return ~nbtls_ct_lt32(x, lo) & ~nbtls_ct_lt32(hi, x);
}

/* The 6-bit value of base64 character c, and *valid all-ones if c is in
 * the alphabet (else 0) — no branch, no table. */
static uint32_t b64_value(uint32_t c, uint32_t *valid) {
    uint32_t up = ct_in(c, 'A', 'Z'), lo = ct_in(c, 'a', 'z');
    uint32_t di = ct_in(c, '0', '9');
    uint32_t pl = nbtls_ct_eq32(c, '+'), sl = nbtls_ct_eq32(c, '/');
    *valid = up | lo | di | pl | sl;
    return (up & (c - 'A')) | (lo & (c - 'a' + 26)) | (di & (c - '0' + 52)) |
           (pl & 62) | (sl & 63);
}

int nbtls_base64_decode(const char *in, size_t in_len, unsigned char *out,
                        size_t out_size, size_t *out_len) {
    NBTLS_ENSURE(in != NULL && out_len != NULL, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(out != NULL || out_size == 0, NBTLS_E_INVALID_ARG);
    uint32_t bad = 0, acc = 0;
    size_t chars = 0, pads = 0, o = 0;
    int rc = NBTLS_DONE;
    for (size_t i = 0; i < in_len; i++) {
        uint32_t c = (unsigned char)in[i], valid;
        uint32_t v = b64_value(c, &valid);
        uint32_t ws = nbtls_ct_eq32(c, ' ') | nbtls_ct_eq32(c, '\t') |
                      nbtls_ct_eq32(c, '\r') | nbtls_ct_eq32(c, '\n');
        uint32_t eq = nbtls_ct_eq32(c, '=');
        bad |= ~(valid | ws | eq);
        /* Formatting (whitespace, padding) is public. */
        uint32_t skip = ws, pad = eq;
        NBTLS_CT_PUBLIC(&skip, sizeof(skip));
        NBTLS_CT_PUBLIC(&pad, sizeof(pad));
        if (skip) continue;
        if (pad) {
            pads++;
            continue;
        }
        /* data after padding */
        if (pads != 0) {
            rc = MALFORMED;
            goto cleanup;
        }
        acc = (acc << 6) | (v & 0x3f);
        chars++;
        if (chars % 4 == 0) {
            if (o + 3 > out_size) {
                rc = NBTLS_E_BUFFER_TOO_SMALL;
                goto cleanup;
            }
            out[o++] = (unsigned char)(acc >> 16);
            out[o++] = (unsigned char)(acc >> 8);
            out[o++] = (unsigned char)acc;
            acc = 0;
        }
    }
    /* Padding: the final quantum has 2 or 3 characters and 2 or 1 '='. */
    if (pads > 2 || (chars + pads) % 4 != 0 || (pads != 0 && chars % 4 == 0)) {
        rc = MALFORMED;
        goto cleanup;
    }
    if (pads != 0) {
        size_t extra = pads == 2 ? 1 : 2;
        if (o + extra > out_size) {
            rc = NBTLS_E_BUFFER_TOO_SMALL;
            goto cleanup;
        }
        if (pads == 2) { /* 2 chars = 12 bits: 8 data, 4 zero */
            bad |= nbtls_ct_nonzero32(acc & 0x0f);
            out[o++] = (unsigned char)(acc >> 4);
        } else { /* 3 chars = 18 bits: 16 data, 2 zero */
            bad |= nbtls_ct_nonzero32(acc & 0x03);
            out[o++] = (unsigned char)(acc >> 10);
            out[o++] = (unsigned char)(acc >> 2);
        }
    }
    /* Whether the input was valid is public. */
    uint32_t ok = ~nbtls_ct_nonzero32(bad);
    NBTLS_CT_PUBLIC(&ok, sizeof(ok));
    if (!ok) rc = MALFORMED;
cleanup:
    acc = 0;
    if (rc != NBTLS_DONE) {
        if (out != NULL) nbtls_wipe(out, out_size);
        o = 0;
    }
    *out_len = o;
    return rc;
}
