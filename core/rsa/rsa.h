/*
 * core/rsa: RSA public-key operations — verification of RSASSA-PKCS1-v1_5
 * and RSASSA-PSS signatures (RFC 8017 sections 8.1.2 and 8.2.2), sliced
 * into work units. Only public values are involved: nothing here needs to
 * be constant time.
 *
 * Big numbers (rsa_verify.c) are arrays of 64-bit limbs with unsigned
 * __int128 products, or 32-bit limbs under NBTLS_FORCE_32BIT / without
 * __int128, least significant first. Moduli: 2048 to 4096 bits, odd; public
 * exponent: odd, 3 <= e < 2^32.
 */
#ifndef NBTLS_CORE_RSA_RSA_H
#define NBTLS_CORE_RSA_RSA_H

#include "common/common.h"
#include "op/op.h"

#define NBTLS_RSA_MIN_BITS 2048
#define NBTLS_RSA_MAX_BITS 4096
#define NBTLS_RSA_MAX_BYTES (NBTLS_RSA_MAX_BITS / 8)

/*
 * Validate and store an RSA public key from the big-endian modulus and
 * exponent (leading zero bytes allowed): n of 2048..4096 bits (else
 * NBTLS_E_UNSUPPORTED), odd (else NBTLS_E_BAD_KEY); e odd, >= 3, < 2^32
 * and < n (else NBTLS_E_BAD_KEY; e >= 2^32 is NBTLS_E_UNSUPPORTED).
 * Returns a new key (NBTLS_KEY_RSA) in *key.
 */
NBTLS_MUST_CHECK int nbtls_rsa_key_new(struct nbtls_key **key,
                                       const unsigned char *n, size_t n_len,
                                       const unsigned char *e, size_t e_len);

/* Export an RSA public key as PKCS#1 RSAPublicKey DER (RFC 8017 A.1.1:
 * SEQUENCE { INTEGER n, INTEGER e }). Rules of nbtls_copy_out(). */
NBTLS_MUST_CHECK int nbtls_rsa_export_public(const struct nbtls_key *key,
                                             unsigned char *out,
                                             size_t out_size, size_t *out_len);

/* nbtls_rsa_verify_start() with a placement (core/op/op.h), and the whole
 * op size to reserve for it. */
NBTLS_MUST_CHECK int
nbtls_rsa_verify_at(struct nbtls_op **op, const nbtls_op_place *place,
                    const struct nbtls_key *pub, int padding, int hash_alg,
                    const unsigned char *hash, size_t hash_len,
                    const unsigned char *sig, size_t sig_len);
size_t nbtls_rsa_verify_size(void);

/* Open-box tests only: make every later hash start of a verification op
 * fail (as a fault would), to check that the op then ends with
 * NBTLS_E_INTERNAL instead of polling forever. */
void nbtls_rsa_verify_fault_hash(struct nbtls_op *op);

#endif
