/*
 * core/asn1: ECDSA signatures in their DER form, the Ecdsa-Sig-Value of
 * RFC 3279 2.2.3 / RFC 5480 (used by X.509 and TLS):
 *   SEQUENCE { r INTEGER, s INTEGER }
 * and the raw form r || s the ECDSA ops use (each big-endian, left-padded
 * to L bytes, L = the byte length of the group order: 32 for P-256, 48 for
 * P-384). Signatures are public: nothing here is constant time.
 */
#ifndef NBTLS_CORE_ASN1_ECDSA_DER_H
#define NBTLS_CORE_ASN1_ECDSA_DER_H

#include "common/common.h"

/*
 * DER -> raw (2L bytes). Strict: exactly one SEQUENCE filling the input
 * with exactly two INTEGERs, the DER rules of der.h (minimal lengths,
 * minimal integers), both non-negative and with magnitudes of at most L
 * bytes. A malformed or oversized encoding is NBTLS_E_INVALID_ARG and raw
 * is zeroed. Values 0 or >= n are NOT rejected here: the verification op
 * range-checks r and s, so that every bad signature fails the same way.
 */
NBTLS_MUST_CHECK int nbtls_ecdsa_der_to_raw(unsigned char *raw, size_t L,
                                            const unsigned char *der,
                                            size_t der_len);

/*
 * raw (2L bytes, L <= 64) -> DER, with the rules of nbtls_copy_out():
 * NBTLS_E_BUFFER_TOO_SMALL with *out_len = the size needed. At most
 * 2 * (L + 3) + 3 bytes (L = 48: 104).
 */
NBTLS_MUST_CHECK int nbtls_ecdsa_raw_to_der(const unsigned char *raw, size_t L,
                                            unsigned char *out, size_t out_size,
                                            size_t *out_len);

#endif
