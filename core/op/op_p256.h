/*
 * core/op: pieces shared by the P-256 operations — the sliced SEC1 point
 * decoder and the sliced "public point from scalar" machine. Each is a
 * sub-state-machine: _start() is cheap, _step() performs one work unit.
 */
#ifndef NBTLS_CORE_OP_OP_P256_H
#define NBTLS_CORE_OP_OP_P256_H

#include "ec/p256_point.h"
#include "ec/p256_scalar.h"
#include "key/key.h"
#include "op/op.h"

/*
 * SEC1 decoding (uncompressed 0x04 || X || Y, 65 bytes, or compressed
 * 0x02/0x03 || X, 33 bytes). _start() checks the length and format byte
 * (NBTLS_E_BAD_KEY for anything else: infinity 0x00, hybrid 0x06/0x07...);
 * _step() then, in units: reads the coordinates (each must be < p) and
 * checks an uncompressed point is on the curve (1 unit); for a compressed
 * point computes y^2 = x^3 - 3x + b, its square root by the sliced
 * exponentiation (17 units), checks the root squares back (not a square:
 * no point with that x) and picks the root of the requested parity
 * (1 unit). The point is public: no secret is involved.
 */
typedef struct {
    unsigned char in[65];
    uint8_t len;
    uint8_t phase;
    nbtls_fe rhs;
    nbtls_fe_exp exp;
    nbtls_p256_affine q; /* the result once _step() returned DONE */
} nbtls_p256_decoder;

NBTLS_MUST_CHECK int nbtls_p256_decoder_start(nbtls_p256_decoder *d,
                                              const unsigned char *sec1,
                                              size_t len);
/* NBTLS_IN_PROGRESS, NBTLS_DONE (point in d->q) or NBTLS_E_BAD_KEY. */
NBTLS_MUST_CHECK int nbtls_p256_decoder_step(nbtls_p256_decoder *d);

/*
 * Public point Q = d*G for a valid private scalar d (secret): the comb (95
 * units), the inversion of Z (17 units), then one unit that converts to
 * affine, checks Q is on the curve (fault countermeasure: else
 * NBTLS_E_INTERNAL) and encodes it into pub[65] (declassified: public).
 */
typedef struct {
    nbtls_p256_comb comb;
    nbtls_fe_exp inv;
    uint8_t phase;
} nbtls_p256_pubgen;

void nbtls_p256_pubgen_start(nbtls_p256_pubgen *g, const unsigned char d[32]);
NBTLS_MUST_CHECK int nbtls_p256_pubgen_step(nbtls_p256_pubgen *g,
                                            unsigned char pub[65]);

/* Decode a key's stored (already validated) public point. */
void nbtls_p256_key_point(const struct nbtls_key *key, nbtls_p256_affine *q);

#endif
