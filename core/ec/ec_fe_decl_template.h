/*
 * core/ec: the interface of a curve's field GF(p), declared once for every
 * curve — a template included (no include guard) by p256_field.h and
 * p384_field.h after defining:
 *   ECD_FE          the element type (a struct with limbs .w[]);
 *   ECD_FE_FN(x)    the curve's field prefix pasted to x (nbtls_fe_##x);
 *   ECD_MP_CMOV     its limb-array conditional move (z, x, mask);
 *   ECD_BYTES       bytes of an element (32, 48).
 * The macros are undefined at the end. The implementations stay per curve
 * (P-256's hand-written 64-bit multiplication, P-384's generic CIOS).
 *
 * Elements are in the Montgomery domain unless a function says otherwise,
 * and always fully reduced (< p). Every function is constant time and
 * allows its output to alias its inputs.
 */

extern const ECD_FE ECD_FE_FN(p);   /* p itself (plain, for comparisons) */
extern const ECD_FE ECD_FE_FN(one); /* 1 in Montgomery form */
extern const ECD_FE ECD_FE_FN(b);   /* the curve's b in Montgomery form */

void ECD_FE_FN(mul)(ECD_FE *z, const ECD_FE *x, const ECD_FE *y);
void ECD_FE_FN(sqr)(ECD_FE *z, const ECD_FE *x);
void ECD_FE_FN(add)(ECD_FE *z, const ECD_FE *x, const ECD_FE *y);
void ECD_FE_FN(sub)(ECD_FE *z, const ECD_FE *x, const ECD_FE *y);
void ECD_FE_FN(neg)(ECD_FE *z, const ECD_FE *x);
/* z = mask ? x : z */
static inline void ECD_FE_FN(cmov)(ECD_FE *z, const ECD_FE *x,
                                   nbtls_limb mask) {
    ECD_MP_CMOV(z->w, x->w, mask);
}
/* all-ones if x == 0 / if x == y */
nbtls_limb ECD_FE_FN(iszero)(const ECD_FE *x);
nbtls_limb ECD_FE_FN(eq)(const ECD_FE *x, const ECD_FE *y);

/* Decode ECD_BYTES big-endian bytes and convert to Montgomery form.
 * Returns an all-ones mask if the integer was < p; otherwise z is
 * unspecified (but reduced) and the mask is 0. */
nbtls_limb ECD_FE_FN(from_bytes)(ECD_FE *z, const unsigned char in[ECD_BYTES]);
/* Convert out of Montgomery form and encode as ECD_BYTES big-endian bytes. */
void ECD_FE_FN(to_bytes)(unsigned char out[ECD_BYTES], const ECD_FE *x);
/* Plain (non-Montgomery) value of x, as limbs, < p. */
void ECD_FE_FN(to_plain)(ECD_FE *z, const ECD_FE *x);
/* Montgomery form of a plain value x < p. */
void ECD_FE_FN(from_plain)(ECD_FE *z, const ECD_FE *x);

#undef ECD_FE
#undef ECD_FE_FN
#undef ECD_MP_CMOV
#undef ECD_BYTES
