/*
 * Fuzz target (ASYM): PEM block finding, strict base64 and PEM key import
 * on arbitrary text.
 *   - nbtls_base64_decode(): never crashes; when it accepts, re-encoding
 *     the output (this file's own encoder) gives back exactly the input
 *     without its whitespace (one encoding per value: strictness);
 *     a short buffer is BUFFER_TOO_SMALL, never an overflow;
 *   - nbtls_pem_next(): positions only move forward and stay inside the
 *     input, labels and bodies lie inside it, BEGIN/END labels match;
 *   - nbtls_key_from_pem(): DONE, BAD_KEY, UNSUPPORTED only; no key unless
 *     DONE; an accepted key exports.
 * Replayed by ctest over tests/fuzz/corpus/fuzz_pem/.
 */
#include "fuzz_common.h"

#include "asn1/pem.h"

static const char ALPHA[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static size_t encode(const unsigned char *in, size_t n, char *out) {
    size_t o = 0;
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)in[i] << 16;
        if (i + 1 < n) v |= (uint32_t)in[i + 1] << 8;
        if (i + 2 < n) v |= in[i + 2];
        out[o++] = ALPHA[(v >> 18) & 63];
        out[o++] = ALPHA[(v >> 12) & 63];
        out[o++] = i + 1 < n ? ALPHA[(v >> 6) & 63] : '=';
        out[o++] = i + 2 < n ? ALPHA[v & 63] : '=';
    }
    return o;
}

static void check_base64(const char *in, size_t n) {
    static unsigned char out[4096];
    static char enc[8192], stripped[8192];
    size_t len = 0;
    int rc = nbtls_base64_decode(in, n, out, sizeof out, &len);
    FUZZ_ASSERT(rc == NBTLS_DONE || rc == NBTLS_E_INVALID_ARG);
    if (rc != NBTLS_DONE) {
        FUZZ_ASSERT(len == 0);
        return;
    }
    size_t s = 0;
    for (size_t i = 0; i < n; i++)
        if (in[i] != ' ' && in[i] != '\t' && in[i] != '\r' && in[i] != '\n')
            stripped[s++] = in[i];
    size_t e = encode(out, len, enc);
    FUZZ_ASSERT(e == s && memcmp(enc, stripped, s) == 0);
    if (len > 0) {
        size_t l2 = 0;
        FUZZ_ASSERT(nbtls_base64_decode(in, n, out, len - 1, &l2) ==
                    NBTLS_E_BUFFER_TOO_SMALL);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 4096) return 0;
    const char *t = size ? (const char *)data : "";
    check_base64(t, size);
    size_t pos = 0;
    for (int blocks = 0; blocks < 64; blocks++) {
        const char *lab, *body;
        size_t ll, bl, before = pos;
        int rc = nbtls_pem_next(t, size, &pos, &lab, &ll, &body, &bl);
        FUZZ_ASSERT(rc == 1 || rc == 0 || rc == NBTLS_E_INVALID_ARG);
        if (rc != 1) break;
        FUZZ_ASSERT(pos > before && pos <= size);
        FUZZ_ASSERT(lab >= t && lab + ll <= t + size);
        FUZZ_ASSERT(body >= t && body + bl <= t + size);
        FUZZ_ASSERT(ll <= NBTLS_PEM_MAX_LABEL);
        check_base64(body, bl);
    }
    nbtls_key *k = NULL;
    int rc = nbtls_key_from_pem(&k, t, size);
    FUZZ_ASSERT(rc == NBTLS_DONE || rc == NBTLS_E_BAD_KEY ||
                rc == NBTLS_E_UNSUPPORTED);
    if (rc != NBTLS_DONE) {
        FUZZ_ASSERT(k == NULL);
        return 0;
    }
    static unsigned char pub[1100];
    size_t pl = 0;
    FUZZ_ASSERT(nbtls_key_export_public(k, pub, sizeof pub, &pl) == NBTLS_DONE);
    nbtls_key_free(k);
    return 0;
}
