/*
 * core/op: pieces shared by the P-384 operations (as op_p256.h for P-256):
 * the sliced SEC1 point decoder and the sliced "public point from scalar"
 * machine. _start() is cheap, _step() performs one work unit.
 */
#ifndef NBTLS_CORE_OP_OP_P384_H
#define NBTLS_CORE_OP_OP_P384_H

#include "ec/p384_point.h"
#include "ec/p384_scalar.h"
#include "key/key.h"
#include "op/op.h"

/*
 * SEC1 decoding: uncompressed 0x04 || X || Y (97 bytes) or compressed
 * 0x02/0x03 || X (49 bytes); any other length or format byte (infinity
 * 0x00, hybrid 0x06/0x07) is NBTLS_E_BAD_KEY at _start(). Units: 1 for an
 * uncompressed point (coordinates < p, on the curve); for a compressed
 * one 1 (x < p, y^2) + 33 (sliced square root) + 1 (the root squares back,
 * else no point has that x; pick the parity): 35. Public data only.
 */
typedef struct {
    unsigned char in[97];
    uint8_t len;
    uint8_t phase;
    nbtls_p384_fe rhs;
    nbtls_p384_exp exp;
    nbtls_p384_affine q; /* the result once _step() returned DONE */
} nbtls_p384_decoder;

NBTLS_MUST_CHECK int nbtls_p384_decoder_start(nbtls_p384_decoder *d,
                                              const unsigned char *sec1,
                                              size_t len);
/* NBTLS_IN_PROGRESS, NBTLS_DONE (point in d->q) or NBTLS_E_BAD_KEY. */
NBTLS_MUST_CHECK int nbtls_p384_decoder_step(nbtls_p384_decoder *d);

/*
 * Q = d G for a valid private scalar d (secret): the fixed-base comb
 * (143 units), the inversion of Z (33), then 1 unit: affine, on-curve
 * fault check (else NBTLS_E_INTERNAL), encoding into pub[97] (public).
 */
typedef struct {
    nbtls_p384_comb comb;
    nbtls_p384_exp inv;
    uint8_t phase;
} nbtls_p384_pubgen;

void nbtls_p384_pubgen_start(nbtls_p384_pubgen *g, const unsigned char d[48]);
NBTLS_MUST_CHECK int nbtls_p384_pubgen_step(nbtls_p384_pubgen *g,
                                            unsigned char pub[97]);

/* A key's stored (validated) public point. */
void nbtls_p384_key_point(const struct nbtls_key *key, nbtls_p384_affine *q);

#endif
