/*
 * Open-box fault injection into the P-384 ops (the twin of
 * tests/ec/test_ec_fault.c): an op is polled one unit at a time up to a
 * chosen phase, a bit of its state is flipped (as a glitch would), and the
 * op must end with NBTLS_E_INTERNAL and release nothing:
 *   - signing: R off the curve (a flipped bit of the comb's result); s
 *     inconsistent with k (a flipped bit of s before the s k == e + r d
 *     recomputation); a flipped bit of k^-1; a skipped comb addition and
 *     a corrupted d (caught by the verification against the public key of
 *     a deterministic signature);
 *   - ECDH: a flipped bit of the window's result before the affine
 *     conversion;
 *   - the public-point machine of keygen/import (nbtls_p384_pubgen): a
 *     flipped bit of d G.
 * Control runs with no fault give a signature that verifies, the expected
 * secret and the expected point.
 */
#include "check.h"
#include "key/key.h"
#include "op/op_p384_state.h"
#include "p384/p384_util.h"

enum { FAULT_NONE, FAULT_R, FAULT_S, FAULT_KINV, FAULT_SKIP, FAULT_D };

static int sign_with_fault(const nbtls_key *k, int fault,
                           unsigned char sig[96]) {
    unsigned char h[48];
    size_t n = 0;
    nbtls_op *op = NULL;
    memset(h, 0xa5, 48);
    CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, k, h, 48), NBTLS_DONE);
    p384_sign_state *st = (p384_sign_state *)nbtls_op_state(op);
    int injected = fault == FAULT_NONE, rc;
    do {
        if (!injected && fault == FAULT_R && st->phase == P384_SIGN_R) {
            st->u.r.comb.r.x.w[1] ^= 4;
            injected = 1;
        }
        if (!injected && fault == FAULT_S && st->phase == P384_SIGN_CHECK) {
            st->s_mont.w[0] ^= 1;
            injected = 1;
        }
        if (!injected && fault == FAULT_KINV && st->phase == P384_SIGN_S) {
            st->kinv_mont.w[2] ^= 0x100;
            injected = 1;
        }
        if (!injected && fault == FAULT_D && st->phase == P384_SIGN_MUL) {
            /* d corrupted (the op reads it from its key reference):
             * s is made with d'; put back once the op has ended */
            st->key->u.p384.priv[7] ^= 0x20;
            injected = 1;
        }
        if (!injected && fault == FAULT_SKIP && st->phase == P384_SIGN_MUL &&
            st->u.r.comb.phase != 0 && st->u.r.comb.col < 10) {
            /* skip one comb addition (undo it): R stays a valid point,
             * but not k G */
            nbtls_p384_point before = st->u.r.comb.r;
            rc = nbtls_op_poll(op, 1);
            if (memcmp(&before, &st->u.r.comb.r, sizeof before) != 0) {
                st->u.r.comb.r = before;
                injected = 1;
            }
            continue;
        }
        rc = nbtls_op_poll(op, 1);
    } while (rc == NBTLS_IN_PROGRESS);
    CHECK(injected);
    if (fault == FAULT_D) st->key->u.p384.priv[7] ^= 0x20;
    if (rc != NBTLS_DONE) { /* nothing left to release */
        static const unsigned char zero[96] = {0};
        CHECK_MEM(st->sig, zero, sizeof zero);
    }
    CHECK_EQ(nbtls_op_result(op, sig, 96, &n),
             rc == NBTLS_DONE ? NBTLS_DONE : NBTLS_E_BAD_STATE);
    nbtls_op_free(op);
    return rc;
}

static int ecdh_with_fault(const nbtls_key *k, const unsigned char peer[97],
                           int fault, unsigned char out[48]) {
    nbtls_op *op = NULL;
    size_t n = 0;
    CHECK_EQ(nbtls_ecdh_start(&op, k, peer, 97), NBTLS_DONE);
    p384_ecdh_state *st = (p384_ecdh_state *)nbtls_op_state(op);
    int injected = !fault, rc;
    do {
        if (!injected && st->phase == P384_ECDH_FIN) {
            st->u.win.r.y.w[3] ^= 0x40;
            injected = 1;
        }
        rc = nbtls_op_poll(op, 1);
    } while (rc == NBTLS_IN_PROGRESS);
    CHECK(injected);
    CHECK_EQ(nbtls_op_result(op, out, 48, &n),
             rc == NBTLS_DONE ? NBTLS_DONE : NBTLS_E_BAD_STATE);
    nbtls_op_free(op);
    return rc;
}

static int pubgen_with_fault(const unsigned char d[48], int fault,
                             unsigned char pub[97]) {
    nbtls_p384_pubgen g;
    nbtls_p384_pubgen_start(&g, d);
    int rc, steps = 0;
    do {
        if (fault && steps == NBTLS_P384_COMB_STEPS) g.comb.r.x.w[0] ^= 2;
        rc = nbtls_p384_pubgen_step(&g, pub);
        steps++;
    } while (rc == NBTLS_IN_PROGRESS);
    return rc;
}

int main(void) {
    unsigned char d[48], sig[96], pub[97], s1[48], s2[48], h[48];
    memset(d, 0x5c, 48);
    memset(h, 0xa5, 48);
    nbtls_key *k = ec_priv(&EC_P384, d);
    CHECK(k != NULL);
    if (k == NULL) return CHECK_DONE();
    CHECK_EQ(sign_with_fault(k, FAULT_NONE, sig), NBTLS_DONE);
    nbtls_op *op = NULL;
    CHECK_EQ(nbtls_ecdsa_verify_start(&op, k, h, 48, sig, 96), NBTLS_DONE);
    CHECK_EQ(run_op(op, 0, 0, NULL), NBTLS_DONE);
    nbtls_op_free(op);
    CHECK_EQ(sign_with_fault(k, FAULT_R, sig), NBTLS_E_INTERNAL);
    CHECK_EQ(sign_with_fault(k, FAULT_S, sig), NBTLS_E_INTERNAL);
    CHECK_EQ(sign_with_fault(k, FAULT_KINV, sig), NBTLS_E_INTERNAL);
    /* faults that leave a consistent-looking signature (a skipped comb
     * addition: R on the curve but not k G; a corrupted d, used both for s
     * and for the s k == e + r d check): caught by the verification
     * against the public key before a deterministic signature is released
     * (one such signature and a good one of the same digest give d) */
    CHECK_EQ(sign_with_fault(k, FAULT_SKIP, sig), NBTLS_E_INTERNAL);
    CHECK_EQ(sign_with_fault(k, FAULT_D, sig), NBTLS_E_INTERNAL);

    unsigned char pd[48];
    memset(pd, 0x17, 48);
    nbtls_key *pk = ec_priv(&EC_P384, pd);
    CHECK(pk != NULL && ec_pub_bytes(&EC_P384, pk, pub) == 0);
    CHECK_EQ(ecdh_with_fault(k, pub, 0, s1), NBTLS_DONE);
    CHECK_EQ(ec_ecdh(&EC_P384, pk, pub, 97, 0, s2, NULL),
             NBTLS_DONE); /* d' d' G */
    unsigned char mine[97];
    CHECK_EQ(ec_pub_bytes(&EC_P384, k, mine), 0);
    CHECK_EQ(ec_ecdh(&EC_P384, pk, mine, 97, 0, s2, NULL), NBTLS_DONE);
    CHECK_MEM(s1, s2, 48);
    CHECK_EQ(ecdh_with_fault(k, pub, 1, s1), NBTLS_E_INTERNAL);

    unsigned char gen[97];
    CHECK_EQ(pubgen_with_fault(d, 0, gen), NBTLS_DONE);
    CHECK_MEM(gen, mine, 97);
    CHECK_EQ(pubgen_with_fault(d, 1, gen), NBTLS_E_INTERNAL);
    nbtls_key_free(pk);
    nbtls_key_free(k);
    return CHECK_DONE();
}
