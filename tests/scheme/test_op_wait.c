/*
 * Non-final statuses (NBTLS_WANT_READ, NBTLS_WANT_WRITE,
 * NBTLS_WAIT_EXTERNAL, and any later positive status) through the poll
 * loop and through nesting, with open-box hooks (core/op):
 *   - op.c: a scripted kind whose steps return each non-final status in
 *     turn: poll returns each at once, even at budget 0, without ending
 *     the op, then DONE (sticky);
 *   - op_scheme.c: the inner op of a scheme sign/verify (P-256, P-384,
 *     RSA-PSS) is made to return NBTLS_WAIT_EXTERNAL until "answered":
 *     the outer poll must return NBTLS_WAIT_EXTERNAL (at budget 0 and 1),
 *     then finish once answered. Before the fix the scheme op turned the
 *     inner wait into IN_PROGRESS, so a budget-0 poll spun; the hook gives
 *     up after 100 spins with NBTLS_E_INTERNAL, so the old code fails here
 *     instead of hanging.
 * Needs no external tool (the RSA signature is committed).
 */
#include "check.h"
#include "nbtls/nbtls.h"
#include "op/op.h"
#include "op/op_sig.h"
#include "rsa/rsa_pss_vector.h"

/* ---- op.c: a scripted kind ---------------------------------------------- */

static const int SCRIPT[] = {NBTLS_IN_PROGRESS,   NBTLS_WANT_READ,
                             NBTLS_IN_PROGRESS,   NBTLS_WANT_WRITE,
                             NBTLS_WAIT_EXTERNAL, 5,
                             NBTLS_IN_PROGRESS,   NBTLS_DONE};

typedef struct {
    unsigned pos;
} script_state;

static int script_step(void *vst) {
    script_state *st = (script_state *)vst;
    return SCRIPT[st->pos++];
}

static const nbtls_op_vtable script_vt = {"test-script", script_step, NULL,
                                          NULL, NULL};

static void test_poll_loop(void) {
    for (uint32_t budget = 0; budget <= 2; budget++) {
        nbtls_op *op = NULL;
        CHECK_EQ(nbtls_op_new(&op, &script_vt, sizeof(script_state)),
                 NBTLS_DONE);
        if (op == NULL) return;
        script_state *st = (script_state *)nbtls_op_state(op);
        int rc;
        if (budget == 1) CHECK_EQ(nbtls_op_poll(op, 1), NBTLS_IN_PROGRESS);
        CHECK_EQ(nbtls_op_poll(op, budget), NBTLS_WANT_READ);
        CHECK_EQ(st->pos, 2);
        if (budget == 1) CHECK_EQ(nbtls_op_poll(op, 1), NBTLS_IN_PROGRESS);
        CHECK_EQ(nbtls_op_poll(op, budget), NBTLS_WANT_WRITE);
        CHECK_EQ(nbtls_op_poll(op, budget), NBTLS_WAIT_EXTERNAL);
        CHECK_EQ(st->pos, 5);
        /* a status this version does not know (>= 5): not final either */
        CHECK_EQ(nbtls_op_poll(op, budget), 5);
        do
            rc = nbtls_op_poll(op, budget);
        while (rc == NBTLS_IN_PROGRESS);
        CHECK_EQ(rc, NBTLS_DONE);
        CHECK_EQ(st->pos, 8);
        CHECK_EQ(nbtls_op_poll(op, budget), NBTLS_DONE); /* sticky */
        CHECK_EQ(st->pos, 8);
        CHECK_EQ(nbtls_op_units(op), 8);
        nbtls_op_free(op);
    }
}

/* ---- op_scheme.c: an inner op that waits -------------------------------- */

static const nbtls_op_vtable *g_orig;
static nbtls_op_vtable g_wrapped;
static int g_answered;
static unsigned g_waits;

static int waiting_step(void *st) {
    if (!g_answered) {
        if (++g_waits > 100) return NBTLS_E_INTERNAL; /* spinning */
        return NBTLS_WAIT_EXTERNAL;
    }
    return g_orig->step(st);
}

/* Poll `op` (a scheme op) at budget 1 until its inner op exists, then make
 * the inner op wait; check that the wait reaches the caller, answer, and
 * return the final status. */
static int run_with_wait(nbtls_op *op) {
    for (int i = 0; i < 20 && nbtls_scheme_inner(op) == NULL; i++)
        CHECK_EQ(nbtls_op_poll(op, 1), NBTLS_IN_PROGRESS);
    nbtls_op *inner = nbtls_scheme_inner(op);
    CHECK(inner != NULL);
    if (inner == NULL) return NBTLS_E_INTERNAL;
    g_orig = inner->vt;
    g_wrapped = *inner->vt;
    g_wrapped.step = waiting_step;
    inner->vt = &g_wrapped;
    g_answered = 0;
    g_waits = 0;
    CHECK_EQ(nbtls_op_poll(op, 0), NBTLS_WAIT_EXTERNAL);
    CHECK_EQ(g_waits, 1);
    CHECK_EQ(nbtls_op_poll(op, 1), NBTLS_WAIT_EXTERNAL);
    CHECK_EQ(nbtls_op_poll(op, 7), NBTLS_WAIT_EXTERNAL);
    CHECK_EQ(g_waits, 3);
    g_answered = 1; /* the external party answered */
    CHECK_EQ(nbtls_op_poll(op, 1), NBTLS_IN_PROGRESS);
    int rc = nbtls_op_poll(op, 0);
    inner->vt = g_orig;
    return rc;
}

static void test_scheme_wait(int key_type) {
    unsigned char d[48], der[NBTLS_SIGNATURE_MAX_LEN];
    memset(d, 0x3a, sizeof d);
    nbtls_key *k = NULL;
    uint16_t scheme;
    if (key_type == NBTLS_KEY_P256) {
        CHECK_EQ(nbtls_key_p256_from_private(&k, d), NBTLS_DONE);
        scheme = NBTLS_SIG_ECDSA_SECP256R1_SHA256;
    } else {
        CHECK_EQ(nbtls_key_p384_from_private(&k, d), NBTLS_DONE);
        scheme = NBTLS_SIG_ECDSA_SECP384R1_SHA384;
    }
    const unsigned char msg[] = "a message whose signature waits";
    nbtls_op *op = NULL;
    size_t len = 0;
    CHECK_EQ(nbtls_sign_start(&op, k, scheme, msg, sizeof msg, NULL, NULL),
             NBTLS_DONE);
    CHECK_EQ(run_with_wait(op), NBTLS_DONE);
    CHECK_EQ(nbtls_op_result(op, der, sizeof der, &len), NBTLS_DONE);
    nbtls_op_free(op);
    CHECK_EQ(nbtls_verify_start(&op, k, scheme, msg, sizeof msg, der, len),
             NBTLS_DONE);
    CHECK_EQ(run_with_wait(op), NBTLS_DONE);
    nbtls_op_free(op);
    nbtls_key_free(k);
}

static void test_rsa_wait(void) {
    nbtls_key *k = NULL;
    CHECK_EQ(nbtls_key_from_der(&k, PSS_SPKI, sizeof PSS_SPKI), NBTLS_DONE);
    nbtls_op *op = NULL;
    CHECK_EQ(nbtls_verify_start(&op, k, NBTLS_SIG_RSA_PSS_RSAE_SHA256,
                                (const unsigned char *)PSS_MSG,
                                sizeof(PSS_MSG) - 1, PSS_SIG, sizeof PSS_SIG),
             NBTLS_DONE);
    CHECK_EQ(run_with_wait(op), NBTLS_DONE);
    nbtls_op_free(op);
    nbtls_key_free(k);
}

int main(void) {
    test_poll_loop();
    test_scheme_wait(NBTLS_KEY_P256);
    test_scheme_wait(NBTLS_KEY_P384);
    test_rsa_wait();
    return CHECK_DONE();
}
