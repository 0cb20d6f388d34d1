/* core/tls: the bounded writer (see writer.h). */
#include "tls/writer.h"

void nbtls_writer_init(nbtls_writer *w, unsigned char *buf, size_t size) {
    w->buf = buf;
    w->size = buf ? size : 0;
    w->len = 0;
    w->err = 0;
}

/* Make room for n bytes: 0, or the sticky failure. */
static int room(nbtls_writer *w, size_t n) {
    if (w->err) return w->err;
    if (n > nbtls_writer_left(w)) {
        w->err = NBTLS_E_BUFFER_TOO_SMALL;
        return w->err;
    }
    return 0;
}

int nbtls_writer_bytes(nbtls_writer *w, const void *p, size_t n) {
    NBTLS_GUARD(room(w, n));
    if (n) {
        if (!p) {
            w->err = NBTLS_E_INVALID_ARG;
            return w->err;
        }
        memcpy(w->buf + w->len, p, n);
    }
    w->len += n;
    return 0;
}

int nbtls_writer_reserve(nbtls_writer *w, size_t n, unsigned char **out) {
    NBTLS_GUARD(room(w, n));
    *out = w->buf + w->len;
    if (n) memset(*out, 0, n);
    w->len += n;
    return 0;
}

int nbtls_writer_u8(nbtls_writer *w, uint8_t v) {
    return nbtls_writer_bytes(w, &v, 1);
}

int nbtls_writer_u16(nbtls_writer *w, uint16_t v) {
    unsigned char b[2] = {(unsigned char)(v >> 8), (unsigned char)v};
    return nbtls_writer_bytes(w, b, 2);
}

int nbtls_writer_u24(nbtls_writer *w, uint32_t v) {
    if (!w->err && v > 0xffffffu) w->err = NBTLS_E_INVALID_ARG;
    unsigned char b[3] = {(unsigned char)(v >> 16), (unsigned char)(v >> 8),
                          (unsigned char)v};
    return nbtls_writer_bytes(w, b, 3);
}

int nbtls_writer_open_vec(nbtls_writer *w, size_t lenbytes,
                          nbtls_writer_vec *v) {
    unsigned char *p;
    if (!w->err && (lenbytes < 1 || lenbytes > 3)) w->err = NBTLS_E_INVALID_ARG;
    NBTLS_GUARD(nbtls_writer_reserve(w, lenbytes, &p));
    v->at = w->len - lenbytes;
    v->lenbytes = lenbytes;
    return 0;
}

int nbtls_writer_close_vec(nbtls_writer *w, const nbtls_writer_vec *v) {
    if (w->err) return w->err;
    if (v->lenbytes < 1 || v->lenbytes > 3 || v->at > w->len ||
        w->len - v->at < v->lenbytes) {
        w->err = NBTLS_E_INVALID_ARG;
        return w->err;
    }
    size_t body = w->len - v->at - v->lenbytes;
    if (body >> (8 * v->lenbytes)) {
        w->err = NBTLS_E_INVALID_ARG;
        return w->err;
    }
    for (size_t i = 0; i < v->lenbytes; i++)
        w->buf[v->at + i] =
            (unsigned char)(body >> (8 * (v->lenbytes - 1 - i)));
    return 0;
}
