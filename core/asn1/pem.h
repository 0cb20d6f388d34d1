/*
 * core/asn1: PEM (RFC 7468) — finding BEGIN/END blocks and a strict,
 * constant-time base64 decoder (PEM often carries private keys).
 */
#ifndef NBTLS_CORE_ASN1_PEM_H
#define NBTLS_CORE_ASN1_PEM_H

#include "common/common.h"

/* Longest label accepted ("ENCRYPTED PRIVATE KEY" is 21). */
#define NBTLS_PEM_MAX_LABEL 64

/*
 * Find the next PEM block in text[*pos, len): a line "-----BEGIN L-----"
 * (the label L: printable ASCII, no '-' at either end, at most
 * NBTLS_PEM_MAX_LABEL bytes), then the base64 body, then a line
 * "-----END L-----" with the SAME label. Text before BEGIN is skipped
 * (RFC 7468 allows explanatory text); trailing spaces/tabs and "\r" after
 * the boundary lines are allowed. On success *label, *label_len and
 * *body, *body_len point into `text`, and *pos moves past the END line.
 * Returns 1 (found), 0 (no further BEGIN line), or NBTLS_E_INVALID_ARG
 * (a BEGIN line without its matching END, or a malformed boundary).
 */
NBTLS_MUST_CHECK int nbtls_pem_next(const char *text, size_t len, size_t *pos,
                                    const char **label, size_t *label_len,
                                    const char **body, size_t *body_len);

/*
 * Strict base64 (RFC 4648 section 4, the standard alphabet) as PEM uses
 * it: whitespace (space, tab, CR, LF) between characters is ignored;
 * every other byte must be in the alphabet; the data must be padded to a
 * multiple of 4 characters with at most two '=' at the very end; the
 * unused bits before the padding must be zero (one encoding per value).
 * Constant time in the data: character values are computed with masks
 * (no table indexed by a secret) and validity is accumulated without
 * branching; only the positions of whitespace and padding (formatting,
 * public) drive branches. Writes at most out_size bytes; *out_len gets
 * the decoded length. NBTLS_E_INVALID_ARG for malformed input,
 * NBTLS_E_BUFFER_TOO_SMALL if out_size is short (3 * (chars / 4) bytes
 * always suffice). On error out[0..out_size) is wiped.
 */
NBTLS_MUST_CHECK int nbtls_base64_decode(const char *in, size_t in_len,
                                         unsigned char *out, size_t out_size,
                                         size_t *out_len);

#endif
