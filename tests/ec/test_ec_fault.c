/*
 * Open-box fault-injection tests of the ECDSA signing countermeasures
 * (core/op/op_p256_ecdsa.c): a signing op is polled one unit at a time up
 * to a chosen phase, a bit of its state is flipped (as a glitch would), and
 * the op must end with NBTLS_E_INTERNAL and release no signature:
 *   - R not on the curve (a flipped bit of the comb's result);
 *   - s inconsistent with k (a flipped bit of s before the s k == e + r d
 *     recomputation);
 *   - a flipped bit of k^-1 (s then fails the same check);
 *   - a skipped comb addition (R valid but not k G) and a corrupted d:
 *     both pass the checks above, and are caught by the verification of
 *     the deterministic signature against the public key.
 * A control run with no fault gives a signature that verifies. Likewise
 * ECDH: a flipped bit of the multiplication's result (before the affine
 * conversion) must end the op with NBTLS_E_INTERNAL and no secret.
 */
#include "check.h"
#include "key/key.h"
#include "op/op_p256_ecdh.h"
#include "op/op_p256_sign.h"

static nbtls_key *key(void) {
    unsigned char d[32];
    nbtls_key *k = NULL;
    memset(d, 0x5c, 32);
    CHECK_EQ(nbtls_key_p256_from_private(&k, d), NBTLS_DONE);
    return k;
}

enum { FAULT_NONE, FAULT_R, FAULT_S, FAULT_KINV, FAULT_SKIP, FAULT_D };

static int sign_with_fault(const nbtls_key *k, int fault,
                           unsigned char sig[64]) {
    unsigned char h[32];
    size_t n = 0;
    nbtls_op *op = NULL;
    memset(h, 0xa5, 32);
    CHECK_EQ(nbtls_ecdsa_sign_deterministic_start(&op, k, h, 32), NBTLS_DONE);
    sign_state *st = (sign_state *)nbtls_op_state(op);
    int injected = fault == FAULT_NONE, rc;
    do {
        if (!injected && fault == FAULT_R && st->phase == SIGN_R) {
            st->u.r.comb.r.x.w[1] ^= 4; /* R moves off the curve */
            injected = 1;
        }
        if (!injected && fault == FAULT_S && st->phase == SIGN_CHECK) {
            st->s_mont.w[0] ^= 1;
            injected = 1;
        }
        if (!injected && fault == FAULT_KINV && st->phase == SIGN_S) {
            st->kinv_mont.w[2] ^= 0x100;
            injected = 1;
        }
        if (!injected && fault == FAULT_D && st->phase == SIGN_MUL) {
            /* d corrupted (the op reads it from its key reference):
             * s is made with d'; put back once the op has ended */
            st->key->u.p256.priv[7] ^= 0x20;
            injected = 1;
        }
        if (!injected && fault == FAULT_SKIP && st->phase == SIGN_MUL &&
            st->u.r.comb.phase != 0 && st->u.r.comb.col < 10) {
            /* skip one comb addition (undo it): R stays a valid point,
             * but not k G */
            nbtls_p256_point before = st->u.r.comb.r;
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
    if (fault == FAULT_D) st->key->u.p256.priv[7] ^= 0x20;
    if (rc != NBTLS_DONE) { /* nothing left to release */
        static const unsigned char zero[64] = {0};
        CHECK_MEM(st->sig, zero, sizeof zero);
    }
    if (rc == NBTLS_DONE)
        CHECK_EQ(nbtls_op_result(op, sig, 64, &n), NBTLS_DONE);
    else
        CHECK_EQ(nbtls_op_result(op, sig, 64, &n), NBTLS_E_BAD_STATE);
    nbtls_op_free(op);
    return rc;
}

static int ecdh_with_fault(const nbtls_key *k, int fault,
                           unsigned char out[32]) {
    unsigned char pub[65];
    size_t n = 0;
    nbtls_op *op = NULL;
    CHECK_EQ(nbtls_key_export_public(k, pub, 65, &n), NBTLS_DONE);
    CHECK_EQ(nbtls_ecdh_start(&op, k, pub, 65), NBTLS_DONE);
    ecdh_state *st = (ecdh_state *)nbtls_op_state(op);
    int injected = !fault, rc;
    do {
        if (!injected && st->phase == ECDH_INV) {
            st->u.win.r.y.w[0] ^= 2; /* the result leaves the curve */
            injected = 1;
        }
        rc = nbtls_op_poll(op, 1);
    } while (rc == NBTLS_IN_PROGRESS);
    CHECK(injected);
    CHECK_EQ(nbtls_op_result(op, out, 32, &n),
             rc == NBTLS_DONE ? NBTLS_DONE : NBTLS_E_BAD_STATE);
    nbtls_op_free(op);
    return rc;
}

int main(void) {
    nbtls_key *k = key();
    unsigned char sig[64], h[32];
    memset(h, 0xa5, 32);
    /* control: no fault, a valid signature */
    CHECK_EQ(sign_with_fault(k, FAULT_NONE, sig), NBTLS_DONE);
    nbtls_op *op = NULL;
    CHECK_EQ(nbtls_ecdsa_verify_start(&op, k, h, 32, sig, 64), NBTLS_DONE);
    CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_DONE);
    nbtls_op_free(op);
    /* faults are caught */
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
    unsigned char s1[32], s2[32];
    CHECK_EQ(ecdh_with_fault(k, 0, s1), NBTLS_DONE);
    CHECK_EQ(ecdh_with_fault(k, 0, s2), NBTLS_DONE);
    CHECK_MEM(s1, s2, 32);
    CHECK_EQ(ecdh_with_fault(k, 1, s2), NBTLS_E_INTERNAL);
    nbtls_key_free(k);
    return CHECK_DONE();
}
