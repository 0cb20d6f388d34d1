/*
 * core/x25519: the X25519 function of RFC 7748 section 5 as a sliced
 * state machine (pure math: it knows nothing of budgets or ops).
 *
 * nbtls_x25519_ladder_start() is cheap: it decodes the scalar
 * (decodeScalar25519: clamping is applied here, to a copy) and the u
 * coordinate (decodeUCoordinate: top bit masked, values >= p accepted).
 * Each nbtls_x25519_ladder_step() then performs one work unit:
 *   - 255 units: one Montgomery ladder step each (bits 254..0), about
 *     5 multiplications, 4 squarings and one multiplication by a24, with
 *     a constant-time conditional swap driven by the secret scalar bits;
 *   - 17 units: the inversion z^(p-2) by the usual addition chain (254
 *     squarings, 11 multiplications), cut into pieces of at most 16 field
 *     operations;
 *   - 1 unit: x * z^-1, the canonical encoding, and the all-zero check.
 * 273 units in all, for every input (the count is public).
 */
#ifndef NBTLS_CORE_X25519_X25519_LADDER_H
#define NBTLS_CORE_X25519_X25519_LADDER_H

#include "x25519/x25519_field.h"

/* Units one X25519 computation takes. */
#define NBTLS_X25519_UNITS 273

typedef struct {
    unsigned char k[32]; /* clamped scalar (secret) */
    nbtls_x25519_fe x1, x2, z2, x3, z3;
    nbtls_x25519_fe reg[11]; /* inversion chain registers */
    nbtls_x25519_fe acc;
    nbtls_x25519_fe tmp[9]; /* ladder step temporaries */
    nbtls_x25519_limb swap;
    int16_t bit;    /* next ladder bit, 254 down to 0, then -1 */
    uint8_t phase;  /* 0 ladder, 1 inversion, 2 final */
    uint8_t ins;    /* inversion: current instruction */
    uint8_t sq;     /* inversion: squarings done in it */
    uint8_t loaded; /* inversion: acc holds its source */
} nbtls_x25519_ladder;

/* Prepare X25519(k, u). k and u are copied; they may be freed after. */
void nbtls_x25519_ladder_start(nbtls_x25519_ladder *l,
                               const unsigned char k[32],
                               const unsigned char u[32]);

/* One work unit. NBTLS_IN_PROGRESS; NBTLS_DONE with the 32-byte result
 * in out (written only then); or NBTLS_E_BAD_KEY when the result is all
 * zeros (RFC 7748 section 6.1: u was of small order), out then zeroed.
 * The state's secrets are wiped when it returns DONE or an error. */
NBTLS_MUST_CHECK int nbtls_x25519_ladder_step(nbtls_x25519_ladder *l,
                                              unsigned char out[32]);

/* X25519(k, u) run to completion (the 273 units in a row): the
 * synchronous form, same results. */
NBTLS_MUST_CHECK int nbtls_x25519(unsigned char out[32],
                                  const unsigned char k[32],
                                  const unsigned char u[32]);

#endif
