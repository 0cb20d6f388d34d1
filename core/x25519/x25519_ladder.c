/*
 * core/x25519: the sliced Montgomery ladder and inversion. See
 * x25519_ladder.h. RFC 7748 section 5 is quoted next to the code.
 */
#include "x25519/x25519_ladder.h"

enum { PHASE_LADDER = 0, PHASE_INV = 1, PHASE_FINAL = 2 };

/* Field operations (squarings + multiplications) per inversion unit. */
#define INV_OPS_PER_UNIT 16

/*
 * z^(p-2) = z^(2^255 - 21) by the addition chain of ref10 / RFC 7748's
 * reference code: each instruction is reg[dst] = reg[src]^(2^nsq) *
 * reg[mul] (mul < 0: no multiplication). Registers: 0 z, 1 z^2, 2 z^9,
 * 3 z^11, 4 z^(2^5-1), 5 z^(2^10-1), 6 z^(2^20-1), 7 z^(2^40-1) then
 * z^(2^200-1) then z^(2^250-1), 8 z^(2^50-1), 9 z^(2^100-1), 10 the
 * result. 254 squarings and 11 multiplications.
 */
static const struct {
    int8_t src, nsq, mul, dst;
} INV_CHAIN[] = {
    {0, 1, -1, 1}, {1, 2, 0, 2},   {2, 0, 1, 3},  {3, 1, 2, 4},
    {4, 5, 4, 5},  {5, 10, 5, 6},  {6, 20, 6, 7}, {7, 10, 5, 8},
    {8, 50, 8, 9}, {9, 100, 9, 7}, {7, 50, 8, 7}, {7, 5, 3, 10},
};
#define INV_LEN ((uint8_t)NBTLS_ARRAY_LEN(INV_CHAIN))

void nbtls_x25519_ladder_start(nbtls_x25519_ladder *l,
                               const unsigned char k[32],
                               const unsigned char u[32]) {
    memset(l, 0, sizeof(*l));
    /* decodeScalar25519: k[0] &= 248; k[31] &= 127; k[31] |= 64. */
    memcpy(l->k, k, 32);
    l->k[0] &= 248;
    l->k[31] &= 127;
    l->k[31] |= 64;
    /* x_1 = u, x_2 = 1, z_2 = 0, x_3 = u, z_3 = 1, swap = 0 */
    nbtls_x25519_fe_from_bytes(&l->x1, u);
    nbtls_x25519_fe_one(&l->x2);
    nbtls_x25519_fe_zero(&l->z2);
    l->x3 = l->x1;
    nbtls_x25519_fe_one(&l->z3);
    l->swap = 0;
    l->bit = 254;
    l->phase = PHASE_LADDER;
}

/* One ladder step for bit t (RFC 7748 section 5):
 *   k_t = (k >> t) & 1; swap ^= k_t; cswap(swap, x_2, x_3);
 *   cswap(swap, z_2, z_3); swap = k_t
 *   A = x_2 + z_2, AA = A^2, B = x_2 - z_2, BB = B^2, E = AA - BB,
 *   C = x_3 + z_3, D = x_3 - z_3, DA = D * A, CB = C * B,
 *   x_3 = (DA + CB)^2, z_3 = x_1 * (DA - CB)^2,
 *   x_2 = AA * BB, z_2 = E * (AA + a24 * E)
 * The bit index is public; the bit itself only drives masks. */
static void ladder_bit(nbtls_x25519_ladder *l, int t) {
    /* Temporaries live in the state (wiped with it at the end), not on
     * the stack, so no per-step wiping is needed. */
    nbtls_x25519_fe *a = &l->tmp[0], *aa = &l->tmp[1], *b = &l->tmp[2],
                    *bb = &l->tmp[3], *e = &l->tmp[4], *c = &l->tmp[5],
                    *d = &l->tmp[6], *da = &l->tmp[7], *cb = &l->tmp[8];
    nbtls_x25519_limb kt = (nbtls_x25519_limb)((l->k[t >> 3] >> (t & 7)) & 1);
    l->swap ^= kt;
    nbtls_x25519_fe_cswap(&l->x2, &l->x3, l->swap);
    nbtls_x25519_fe_cswap(&l->z2, &l->z3, l->swap);
    l->swap = kt;
    nbtls_x25519_fe_add(a, &l->x2, &l->z2);
    nbtls_x25519_fe_sq(aa, a);
    nbtls_x25519_fe_sub(b, &l->x2, &l->z2);
    nbtls_x25519_fe_sq(bb, b);
    nbtls_x25519_fe_sub(e, aa, bb);
    nbtls_x25519_fe_add(c, &l->x3, &l->z3);
    nbtls_x25519_fe_sub(d, &l->x3, &l->z3);
    nbtls_x25519_fe_mul(da, d, a);
    nbtls_x25519_fe_mul(cb, c, b);
    nbtls_x25519_fe_add(&l->x3, da, cb);
    nbtls_x25519_fe_sq(&l->x3, &l->x3);
    nbtls_x25519_fe_sub(&l->z3, da, cb);
    nbtls_x25519_fe_sq(&l->z3, &l->z3);
    nbtls_x25519_fe_mul(&l->z3, &l->z3, &l->x1);
    nbtls_x25519_fe_mul(&l->x2, aa, bb);
    nbtls_x25519_fe_mul_a24(&l->z2, e);
    nbtls_x25519_fe_add(&l->z2, &l->z2, aa);
    nbtls_x25519_fe_mul(&l->z2, &l->z2, e);
}

/* Up to INV_OPS_PER_UNIT field operations of the inversion chain;
 * returns 1 when the chain is complete (z^(p-2) in reg[10]). */
static int inv_slice(nbtls_x25519_ladder *l) {
    int ops = 0;
    while (ops < INV_OPS_PER_UNIT && l->ins < INV_LEN) {
        uint8_t i = l->ins;
        if (!l->loaded) {
            l->acc = l->reg[INV_CHAIN[i].src];
            l->loaded = 1;
        }
        if (l->sq < INV_CHAIN[i].nsq) {
            nbtls_x25519_fe_sq(&l->acc, &l->acc);
            l->sq++;
            ops++;
            continue;
        }
        if (INV_CHAIN[i].mul >= 0) {
            nbtls_x25519_fe_mul(&l->reg[INV_CHAIN[i].dst], &l->acc,
                                &l->reg[INV_CHAIN[i].mul]);
            ops++;
        } else {
            l->reg[INV_CHAIN[i].dst] = l->acc;
        }
        l->ins++;
        l->sq = 0;
        l->loaded = 0;
    }
    return l->ins == INV_LEN;
}

int nbtls_x25519_ladder_step(nbtls_x25519_ladder *l, unsigned char out[32]) {
    switch (l->phase) {
    case PHASE_LADDER:
        ladder_bit(l, l->bit);
        if (--l->bit < 0) {
            /* cswap(swap, x_2, x_3); cswap(swap, z_2, z_3) */
            nbtls_x25519_fe_cswap(&l->x2, &l->x3, l->swap);
            nbtls_x25519_fe_cswap(&l->z2, &l->z3, l->swap);
            l->reg[0] = l->z2;
            l->phase = PHASE_INV;
        }
        return NBTLS_IN_PROGRESS;
    case PHASE_INV:
        if (inv_slice(l)) l->phase = PHASE_FINAL;
        return NBTLS_IN_PROGRESS;
    default: {
        /* Return x_2 * (z_2^(p - 2)) */
        nbtls_x25519_fe r;
        unsigned char s[32];
        nbtls_x25519_fe_mul(&r, &l->x2, &l->reg[10]);
        nbtls_x25519_fe_to_bytes(s, &r);
        /* RFC 7748 section 6.1: "check whether the output is the all-zero
         * value and abort if so" — in constant time; only the verdict is
         * made public. */
        unsigned char acc = 0;
        for (size_t i = 0; i < 32; i++)
            acc |= s[i];
        uint32_t nonzero = nbtls_ct_nonzero32(acc);
        NBTLS_CT_PUBLIC(&nonzero, sizeof(nonzero));
        nbtls_wipe(&r, sizeof(r));
        nbtls_wipe(l, sizeof(*l));
        l->phase = PHASE_FINAL;
        int rc = NBTLS_E_BAD_KEY;
        if (nonzero) {
            memcpy(out, s, 32);
            rc = NBTLS_DONE;
        } else {
            memset(out, 0, 32);
        }
        nbtls_wipe(s, sizeof(s));
        return rc;
    }
    }
}

int nbtls_x25519(unsigned char out[32], const unsigned char k[32],
                 const unsigned char u[32]) {
    nbtls_x25519_ladder l;
    int rc;
    nbtls_x25519_ladder_start(&l, k, u);
    while ((rc = nbtls_x25519_ladder_step(&l, out)) == NBTLS_IN_PROGRESS) {
    }
    nbtls_wipe(&l, sizeof(l));
    return rc;
}
