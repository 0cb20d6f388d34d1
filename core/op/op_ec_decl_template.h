/*
 * core/op: the pieces every curve's operations share — the sliced SEC1
 * point decoder and the sliced "public point from scalar" machine —
 * declared once for every curve: a template included (no include guard)
 * by op_p256.h and op_p384.h after defining
 *   ECD_NAME(x)  the curve's prefix pasted to x (nbtls_p256_##x);
 *   ECD_FE       its field element type, ECD_FE_EXP its sliced field
 *                exponentiation (1/Z, square root; result in .acc);
 *   ECD_BYTES    bytes of a field element / scalar (32, 48).
 * The macros are undefined at the end. The definitions are
 * op_ec_template.h's. Each machine is a sub-state-machine: _start() is
 * cheap, _step() performs one work unit.
 */

/*
 * SEC1 decoding (uncompressed 0x04 || X || Y, 1 + 2 ECD_BYTES bytes, or
 * compressed 0x02/0x03 || X, 1 + ECD_BYTES bytes). _start() checks the
 * length and format byte (NBTLS_E_BAD_KEY for anything else: infinity
 * 0x00, hybrid 0x06/0x07...); _step() then, in units: reads the
 * coordinates (each must be < p) and checks an uncompressed point is on
 * the curve (1 unit); for a compressed point computes y^2 = x^3 - 3x + b,
 * its square root by the sliced exponentiation (p = 3 mod 4), checks the
 * root squares back (not a square: no point with that x) and picks the
 * root of the requested parity (1 unit). The point is public: no secret is
 * involved.
 */
typedef struct {
    unsigned char in[1 + 2 * ECD_BYTES];
    uint8_t len;
    uint8_t phase;
    ECD_FE rhs;
    ECD_FE_EXP exp;
    ECD_NAME(affine) q; /* the result once _step() returned DONE */
} ECD_NAME(decoder);

NBTLS_MUST_CHECK int ECD_NAME(decoder_start)(ECD_NAME(decoder) * d,
                                             const unsigned char *sec1,
                                             size_t len);
/* NBTLS_IN_PROGRESS, NBTLS_DONE (point in d->q) or NBTLS_E_BAD_KEY. */
NBTLS_MUST_CHECK int ECD_NAME(decoder_step)(ECD_NAME(decoder) * d);

/*
 * Public point Q = d*G for a valid private scalar d (secret): the comb,
 * the inversion of Z, then one unit that converts to affine, checks Q is
 * on the curve (fault countermeasure: else NBTLS_E_INTERNAL) and encodes
 * it into pub (declassified: public); the secret intermediates are wiped.
 */
typedef struct {
    ECD_NAME(comb) comb;
    ECD_FE_EXP inv;
    uint8_t phase;
} ECD_NAME(pubgen);

void ECD_NAME(pubgen_start)(ECD_NAME(pubgen) * g,
                            const unsigned char d[ECD_BYTES]);
NBTLS_MUST_CHECK int
    ECD_NAME(pubgen_step)(ECD_NAME(pubgen) * g,
                          unsigned char pub[1 + 2 * ECD_BYTES]);

/* Decode a key's stored (already validated) public point. */
void ECD_NAME(key_point)(const struct nbtls_key *key, ECD_NAME(affine) * q);

#undef ECD_NAME
#undef ECD_FE
#undef ECD_FE_EXP
#undef ECD_BYTES
