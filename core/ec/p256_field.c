/* core/ec: arithmetic modulo the P-256 prime. See p256_field.h. */
#include "ec/p256_field_ops.h"

const nbtls_fe nbtls_fe_p = {
    {NBTLS_L64(0xffffffffffffffff), NBTLS_L64(0x00000000ffffffff),
     NBTLS_L64(0x0000000000000000), NBTLS_L64(0xffffffff00000001)}};
const nbtls_fe nbtls_fe_one = {
    {NBTLS_L64(0x0000000000000001), NBTLS_L64(0xffffffff00000000),
     NBTLS_L64(0xffffffffffffffff), NBTLS_L64(0x00000000fffffffe)}};
const nbtls_fe nbtls_fe_b = {
    {NBTLS_L64(0xd89cdf6229c4bddf), NBTLS_L64(0xacf005cd78843090),
     NBTLS_L64(0xe5a220abf7212ed6), NBTLS_L64(0xdc30061d04874834)}};
/* 2^512 mod p: Montgomery-multiplying by it converts into the domain. */
static const nbtls_fe fe_r2 = {
    {NBTLS_L64(0x0000000000000003), NBTLS_L64(0xfffffffbffffffff),
     NBTLS_L64(0xfffffffffffffffe), NBTLS_L64(0x00000004fffffffd)}};
static const nbtls_fe fe_plain_one = {{1}};

void nbtls_fe_mul(nbtls_fe *z, const nbtls_fe *x, const nbtls_fe *y) {
    nbtls_fe_mul_i(z, x, y);
}

void nbtls_fe_add(nbtls_fe *z, const nbtls_fe *x, const nbtls_fe *y) {
    nbtls_fe_add_i(z, x, y);
}

void nbtls_fe_sub(nbtls_fe *z, const nbtls_fe *x, const nbtls_fe *y) {
    nbtls_fe_sub_i(z, x, y);
}

void nbtls_fe_sqr(nbtls_fe *z, const nbtls_fe *x) {
    nbtls_fe_sqr_i(z, x);
}

void nbtls_fe_neg(nbtls_fe *z, const nbtls_fe *x) {
    static const nbtls_fe zero = {{0}};
    nbtls_limbs_sub_mod(z->w, zero.w, x->w, nbtls_fe_p.w);
}

nbtls_limb nbtls_fe_iszero(const nbtls_fe *x) {
    return nbtls_limbs_iszero(x->w);
}

nbtls_limb nbtls_fe_eq(const nbtls_fe *x, const nbtls_fe *y) {
    nbtls_limb acc = 0;
    for (int i = 0; i < NBTLS_LIMBS; i++)
        acc |= x->w[i] ^ y->w[i];
    return ~nbtls_limb_nonzero(acc);
}

nbtls_limb nbtls_fe_from_bytes(nbtls_fe *z, const unsigned char in[32]) {
    nbtls_fe t;
    nbtls_limbs_from_be(t.w, in);
    nbtls_limb ok = nbtls_limbs_lt(t.w, nbtls_fe_p.w);
    /* Reduce once anyway so the multiplication's precondition holds. */
    nbtls_limbs_csub(t.w, t.w, 0, nbtls_fe_p.w);
    nbtls_fe_from_plain(z, &t);
    return ok;
}

void nbtls_fe_to_plain(nbtls_fe *z, const nbtls_fe *x) {
    nbtls_limbs_mont_mul(z->w, x->w, fe_plain_one.w, nbtls_fe_p.w, 1);
}

void nbtls_fe_from_plain(nbtls_fe *z, const nbtls_fe *x) {
    nbtls_limbs_mont_mul(z->w, x->w, fe_r2.w, nbtls_fe_p.w, 1);
}

void nbtls_fe_to_bytes(unsigned char out[32], const nbtls_fe *x) {
    nbtls_fe t;
    nbtls_fe_to_plain(&t, x);
    nbtls_limbs_to_be(out, t.w);
}

/*
 * The addition chains. Instructions (op, arg):
 *   SQ k : acc = acc^(2^k)             (k squarings)
 *   MUL s: acc = acc * slot[s]          (1 multiplication)
 *   ST s : slot[s] = acc                (free)
 * Start: acc = slot[0] = a (= a^(2^1-1), written x1). With xk = a^(2^k-1):
 *   x2 = x1^2 x1, x3 = x2^2 x1, x6 = x3^(2^3) x3, x12 = x6^(2^6) x6,
 *   x15 = x12^(2^3) x3, x30 = x15^(2^15) x15, x32 = x30^(2^2) x2.
 * Then, for p - 2 = 2^256 - 2^224 + 2^192 + 2^96 - 3:
 *   x32 2^32 + x1         -> 2^64 - 2^32 + 1
 *   (.) 2^128 + x32       -> 2^192 - 2^160 + 2^128 + 2^32 - 1
 *   (.) 2^32 + x32        -> 2^224 - 2^192 + 2^160 + 2^64 - 1
 *   (.) 2^30 + x30        -> 2^254 - 2^222 + 2^190 + 2^94 - 1
 *   (.) 2^2 + x1          -> 2^256 - 2^224 + 2^192 + 2^96 - 3 = p - 2,
 * and for (p + 1) / 4 = 2^254 - 2^222 + 2^190 + 2^94:
 *   ((x32 2^32 + x1) 2^96 + x1) 2^94.
 * Slots: 0 = x1, 1 = x2, 2 = x3 then x30, 3 = x6 then x15 then x32.
 */
enum { FE_SQ = 0, FE_MUL = 1, FE_ST = 2, FE_END = 3 };
static const uint8_t fe_chain_head[][2] = {
    {FE_SQ, 1},  {FE_MUL, 0}, {FE_ST, 1}, /* x2 */
    {FE_SQ, 1},  {FE_MUL, 0}, {FE_ST, 2}, /* x3 */
    {FE_SQ, 3},  {FE_MUL, 2}, {FE_ST, 3}, /* x6 */
    {FE_SQ, 6},  {FE_MUL, 3},             /* x12 */
    {FE_SQ, 3},  {FE_MUL, 2}, {FE_ST, 3}, /* x15 */
    {FE_SQ, 15}, {FE_MUL, 3}, {FE_ST, 2}, /* x30 */
    {FE_SQ, 2},  {FE_MUL, 1}, {FE_ST, 3}, /* x32 */
    {FE_SQ, 32}, {FE_MUL, 0},             /* 2^64-2^32+1 */
};
#define FE_HEAD_LEN ((uint8_t)NBTLS_ARRAY_LEN(fe_chain_head))
static const uint8_t fe_chain_inv[][2] = {
    {FE_SQ, 128}, {FE_MUL, 3}, {FE_SQ, 32}, {FE_MUL, 3}, {FE_SQ, 30},
    {FE_MUL, 2},  {FE_SQ, 2},  {FE_MUL, 0}, {FE_END, 0}};
static const uint8_t fe_chain_sqrt[][2] = {
    {FE_SQ, 96}, {FE_MUL, 0}, {FE_SQ, 94}, {FE_END, 0}};

static const uint8_t *fe_chain_insn(const nbtls_fe_exp *e) {
    if (e->pc < FE_HEAD_LEN) return fe_chain_head[e->pc];
    uint8_t i = (uint8_t)(e->pc - FE_HEAD_LEN);
    return e->which == NBTLS_FE_EXP_INV ? fe_chain_inv[i] : fe_chain_sqrt[i];
}

void nbtls_fe_exp_start(nbtls_fe_exp *e, const nbtls_fe *a, int which) {
    e->acc = *a;
    e->slot[0] = *a;
    e->which = (uint8_t)which;
    e->pc = 0;
    e->left = 0;
}

int nbtls_fe_exp_step(nbtls_fe_exp *e) {
    int budget = NBTLS_FE_EXP_SLICE;
    while (budget > 0) {
        const uint8_t *insn = fe_chain_insn(e);
        switch (insn[0]) {
        case FE_SQ:
            if (e->left == 0) e->left = insn[1];
            while (e->left > 0 && budget > 0) {
                nbtls_fe_sqr(&e->acc, &e->acc);
                e->left--;
                budget--;
            }
            if (e->left == 0) e->pc++;
            break;
        case FE_MUL:
            nbtls_fe_mul(&e->acc, &e->acc, &e->slot[insn[1]]);
            budget--;
            e->pc++;
            break;
        case FE_ST:
            e->slot[insn[1]] = e->acc;
            e->pc++;
            break;
        default: return 1; /* FE_END */
        }
    }
    /* Report completion as soon as the program has nothing left to do, so
     * no empty step is spent. */
    return fe_chain_insn(e)[0] == FE_END;
}

static void fe_exp_run(nbtls_fe *z, const nbtls_fe *a, int which) {
    nbtls_fe_exp e;
    nbtls_fe_exp_start(&e, a, which);
    while (!nbtls_fe_exp_step(&e)) {
    }
    *z = e.acc;
    nbtls_wipe(&e, sizeof(e));
}

void nbtls_fe_inv(nbtls_fe *z, const nbtls_fe *a) {
    fe_exp_run(z, a, NBTLS_FE_EXP_INV);
}

void nbtls_fe_sqrt_cand(nbtls_fe *z, const nbtls_fe *a) {
    fe_exp_run(z, a, NBTLS_FE_EXP_SQRT);
}
