/*
 * core/asn1: a strict, bounded DER reader (X.690 DER subset) on top of the
 * bounded reader of core/common (nbtls_reader): one parsing idiom for keys
 * now and X.509 later.
 *
 * Strictness (every violation is NBTLS_E_INVALID_ARG, "malformed"):
 *   - tags: one byte only (the high-tag-number form, low bits 11111, is
 *     refused: nothing nbtls parses needs it); universal tag number 0
 *     (end-of-contents) is refused; in the universal class only SEQUENCE
 *     and SET are constructed, and they must be (constructed strings,
 *     INTEGERs, times, ... and a primitive SEQUENCE are refused);
 *   - lengths: definite only (0x80, indefinite, is refused), minimal (short
 *     form below 128; long form without a leading zero byte and only when
 *     the value is >= 128), at most 4 length bytes, and never beyond the
 *     enclosing reader;
 *   - INTEGER: at least one byte, minimal two's complement (no leading
 *     0x00 before a byte < 0x80, no leading 0xff before a byte >= 0x80);
 *   - BIT STRING: unused-bits count 0..7, 0 for an empty string, and the
 *     unused bits themselves zero;
 *   - OBJECT IDENTIFIER: non-empty, each sub-identifier minimal (no leading
 *     0x80 byte) and complete (last byte has its top bit clear);
 *   - NULL: empty; BOOLEAN (in nbtls_der_validate): one byte, 0x00 or 0xff.
 * A constructed value read with nbtls_der_expect() gives a sub-reader that
 * the caller must consume exactly (nbtls_reader_expect_end), picotls'
 * decode_block discipline. Nesting depth is bounded by the callers' fixed
 * structure; nbtls_der_validate() walks arbitrary input with an explicit
 * depth bound.
 *
 * Nothing here is secret-dependent except the bytes it hands back: lengths
 * and tags of a private key's encoding are public (they are fixed by the
 * format).
 */
#ifndef NBTLS_CORE_ASN1_DER_H
#define NBTLS_CORE_ASN1_DER_H

#include "common/common.h"

/* Universal tags (class universal; constructed bit where DER sets it). */
#define NBTLS_DER_BOOLEAN 0x01
#define NBTLS_DER_INTEGER 0x02
#define NBTLS_DER_BIT_STRING 0x03
#define NBTLS_DER_OCTET_STRING 0x04
#define NBTLS_DER_NULL 0x05
#define NBTLS_DER_OID 0x06
#define NBTLS_DER_SEQUENCE 0x30
#define NBTLS_DER_SET 0x31
/* Context-specific constructed [n] (explicit tagging): 0xa0 | n. */
#define NBTLS_DER_CONTEXT(n) (0xa0 | (n))

/* Maximum nesting nbtls_der_validate() accepts by default. */
#define NBTLS_DER_MAX_DEPTH 16

/* Read one TLV: *tag and `content` (a sub-reader over the value). `r`
 * moves past it. NBTLS_E_INVALID_ARG if malformed or truncated. */
NBTLS_MUST_CHECK int nbtls_der_read_tlv(nbtls_reader *r, uint8_t *tag,
                                        nbtls_reader *content);

/* As nbtls_der_read_tlv() but the tag must be `tag`. */
NBTLS_MUST_CHECK int nbtls_der_expect(nbtls_reader *r, uint8_t tag,
                                      nbtls_reader *content);

/* The tag of the next TLV without consuming it: 0 if the reader is empty
 * (0 is never a valid DER tag here). */
uint8_t nbtls_der_peek_tag(const nbtls_reader *r);

/* INTEGER, non-negative, as its magnitude: *p, *len point at the big-endian
 * bytes without the leading 0x00 sign byte (the value 0 is returned as the
 * single byte 0x00). Negative values are NBTLS_E_INVALID_ARG. */
NBTLS_MUST_CHECK int nbtls_der_uint(nbtls_reader *r, const unsigned char **p,
                                    size_t *len);

/* INTEGER, non-negative and below 2^32, as a number (versions). */
NBTLS_MUST_CHECK int nbtls_der_small_uint(nbtls_reader *r, uint32_t *v);

/* BIT STRING whose bit length is a multiple of 8 (unused bits 0): the
 * octets (keys, signatures). */
NBTLS_MUST_CHECK int nbtls_der_bit_string_octets(nbtls_reader *r,
                                                 const unsigned char **p,
                                                 size_t *len);

/* BIT STRING in general: the bytes after the unused-bits count, and the
 * count (0..7). */
NBTLS_MUST_CHECK int nbtls_der_bit_string(nbtls_reader *r,
                                          const unsigned char **p, size_t *len,
                                          unsigned *unused);

/* OCTET STRING: its bytes. */
NBTLS_MUST_CHECK int
nbtls_der_octet_string(nbtls_reader *r, const unsigned char **p, size_t *len);

/* OBJECT IDENTIFIER: its content bytes, validated. */
NBTLS_MUST_CHECK int nbtls_der_oid(nbtls_reader *r, const unsigned char **p,
                                   size_t *len);

/* 1 if the OID content bytes (p, len) equal `oid` (content bytes, no tag
 * or length), else 0. */
int nbtls_der_oid_eq(const unsigned char *p, size_t len,
                     const unsigned char *oid, size_t oid_len);

/* NULL (empty content). */
NBTLS_MUST_CHECK int nbtls_der_null(nbtls_reader *r);

/* The content of a SET OF (`set`, not consumed): every element one TLV,
 * in the DER order (X.690 11.6: ascending as octet strings, the shorter
 * padded with trailing zero octets). NBTLS_DONE or NBTLS_E_INVALID_ARG. */
NBTLS_MUST_CHECK int nbtls_der_check_set_of(const nbtls_reader *set);

/* Walk a whole DER encoding: exactly one TLV filling [der, der + len),
 * every constructed value (bit 0x20 of the tag) parsed recursively as a
 * sequence of TLVs that fills it exactly, primitive INTEGER, BIT STRING,
 * OID, NULL and BOOLEAN checked as above, nesting at most max_depth.
 * NBTLS_DONE or NBTLS_E_INVALID_ARG. (Used by the fuzz target and as a
 * sanity gate; the key parsers check their own structure.) */
NBTLS_MUST_CHECK int nbtls_der_validate(const unsigned char *der, size_t len,
                                        unsigned max_depth);

#endif
