/*
 * Open-box tests of RSA verification's failure paths, on a committed
 * RSA-PSS known answer (rsa_pss_vector.h), so they run without Python:
 *   - control: the signature verifies (raw API and scheme API), and fails
 *     with one flipped bit;
 *   - a fault that makes the hash fail to start (nbtls_rsa_verify_fault_
 *     hash, rsa.h) must end the op with NBTLS_E_INTERNAL, sticky, within
 *     a bounded number of polls; before the fix the MGF1 phase returned
 *     without progress and the op polled forever. Also through the scheme
 *     API, on its inner op;
 *   - a signature one byte short or long is NBTLS_E_BAD_SIGNATURE from the
 *     op (not an argument error), in the raw and the scheme API alike.
 */
#include "check.h"
#include "nbtls/nbtls.h"
#include "nbtls/sym.h"
#include "op/op_sig.h"
#include "rsa/rsa.h"
#include "rsa/rsa_pss_vector.h"

/* Poll at budget 1, at most `max` times; the last status. */
static int poll_bounded(nbtls_op *op, unsigned max) {
    int rc = NBTLS_IN_PROGRESS;
    for (unsigned i = 0; i < max && rc == NBTLS_IN_PROGRESS; i++)
        rc = nbtls_op_poll(op, 1);
    return rc;
}

static int raw_verify(const nbtls_key *k, const unsigned char *sig,
                      size_t sig_len, int fault) {
    nbtls_op *op = NULL;
    int rc = nbtls_rsa_verify_start(&op, k, NBTLS_RSA_PSS, NBTLS_SHA256,
                                    PSS_DIGEST, sizeof PSS_DIGEST, sig,
                                    sig_len);
    if (rc != NBTLS_DONE) return rc;
    if (fault) nbtls_rsa_verify_fault_hash(op);
    rc = poll_bounded(op, 10000);
    if (rc != NBTLS_IN_PROGRESS) CHECK_EQ(nbtls_op_poll(op, 0), rc); /* sticky */
    nbtls_op_free(op);
    return rc;
}

static int scheme_verify(const nbtls_key *k, const unsigned char *sig,
                         size_t sig_len, int fault) {
    nbtls_op *op = NULL;
    int rc = nbtls_verify_start(&op, k, NBTLS_SIG_RSA_PSS_RSAE_SHA256,
                                (const unsigned char *)PSS_MSG,
                                sizeof(PSS_MSG) - 1, sig, sig_len);
    if (rc != NBTLS_DONE) return rc;
    if (fault) {
        /* up to the start of the inner op, then fault it */
        for (int i = 0; i < 10 && nbtls_scheme_inner(op) == NULL; i++)
            CHECK_EQ(nbtls_op_poll(op, 1), NBTLS_IN_PROGRESS);
        CHECK(nbtls_scheme_inner(op) != NULL);
        if (nbtls_scheme_inner(op) != NULL)
            nbtls_rsa_verify_fault_hash(nbtls_scheme_inner(op));
    }
    rc = poll_bounded(op, 10000);
    if (rc != NBTLS_IN_PROGRESS) CHECK_EQ(nbtls_op_poll(op, 0), rc);
    nbtls_op_free(op);
    return rc;
}

int main(void) {
    nbtls_key *k = NULL;
    CHECK_EQ(nbtls_key_from_der(&k, PSS_SPKI, sizeof PSS_SPKI), NBTLS_DONE);
    if (k == NULL) return CHECK_DONE();
    unsigned char sig[sizeof PSS_SIG + 1];
    memcpy(sig, PSS_SIG, sizeof PSS_SIG);
    sig[sizeof PSS_SIG] = 0;
    /* control */
    CHECK_EQ(raw_verify(k, sig, sizeof PSS_SIG, 0), NBTLS_DONE);
    CHECK_EQ(scheme_verify(k, sig, sizeof PSS_SIG, 0), NBTLS_DONE);
    sig[100] ^= 0x10;
    CHECK_EQ(raw_verify(k, sig, sizeof PSS_SIG, 0), NBTLS_E_BAD_SIGNATURE);
    CHECK_EQ(scheme_verify(k, sig, sizeof PSS_SIG, 0), NBTLS_E_BAD_SIGNATURE);
    sig[100] ^= 0x10;
    /* the hash cannot start: the op ends with an error, never stalls */
    CHECK_EQ(raw_verify(k, sig, sizeof PSS_SIG, 1), NBTLS_E_INTERNAL);
    CHECK_EQ(scheme_verify(k, sig, sizeof PSS_SIG, 1), NBTLS_E_INTERNAL);
    /* wrong lengths: a bad signature, the same in both APIs */
    CHECK_EQ(raw_verify(k, sig, sizeof PSS_SIG - 1, 0), NBTLS_E_BAD_SIGNATURE);
    CHECK_EQ(raw_verify(k, sig, sizeof PSS_SIG + 1, 0), NBTLS_E_BAD_SIGNATURE);
    CHECK_EQ(scheme_verify(k, sig, sizeof PSS_SIG - 1, 0),
             NBTLS_E_BAD_SIGNATURE);
    CHECK_EQ(scheme_verify(k, sig, sizeof PSS_SIG + 1, 0),
             NBTLS_E_BAD_SIGNATURE);
    /* a wrong-length signature fails at the first poll */
    nbtls_op *op = NULL;
    CHECK_EQ(nbtls_rsa_verify_start(&op, k, NBTLS_RSA_PKCS1_V15, NBTLS_SHA256,
                                    PSS_DIGEST, sizeof PSS_DIGEST, sig, 0),
             NBTLS_DONE);
    CHECK_EQ(nbtls_op_poll(op, 1), NBTLS_E_BAD_SIGNATURE);
    CHECK_EQ(nbtls_op_units(op), 1);
    nbtls_op_free(op);
    nbtls_key_free(k);
    return CHECK_DONE();
}
