/*
 * Constant-time check (ctgrind style) of X25519: built only with
 * -DNBTLS_CTGRIND=ON and run under `valgrind --error-exitcode=1`. Secrets
 * are marked undefined (NBTLS_CT_SECRET) where they enter the library:
 *   - the 32 private bytes given to nbtls_key_x25519_from_private (the
 *     public key X25519(k, 9) is declassified by the library itself);
 *   - the private bytes inside an imported key (through the internal key
 *     struct), then ECDH with a normal peer and with a small-order peer
 *     (the all-zero check must not branch on the secret either: only its
 *     verdict is declassified), at budgets 0 and 1;
 *   - every byte keygen's RNG returns.
 * Memcheck reports any branch or memory index that depends on a secret.
 * The ECDH result is declassified by the library when it leaves it; this
 * test compares results only after that. tests/ct/ct_control proves the
 * harness catches a secret-dependent branch.
 */
#include "check.h"
#include "common/common.h"
#include "ct/ct_util.h"
#include "key/key.h"

int main(void) {
    unsigned char k[32], peer[32], low[32] = {1}, s0[32], s1[32];
    uint64_t seed = 99;
    CHECK_EQ(secret_rng(&seed, k, 32), 0); /* secret */
    for (int i = 0; i < 32; i++)
        peer[i] = (unsigned char)(i * 7 + 3);
    nbtls_key *key = NULL;
    CHECK_EQ(nbtls_key_x25519_from_private(&key, k), NBTLS_DONE);
    /* the key's stored private bytes are secret for what follows */
    NBTLS_CT_SECRET(key->u.x25519.priv, 32);
    for (uint32_t budget = 0; budget < 2; budget++) {
        nbtls_op *op = NULL;
        size_t len = 0;
        CHECK_EQ(nbtls_ecdh_start(&op, key, peer, 32), NBTLS_DONE);
        CHECK_EQ(run(op, budget), NBTLS_DONE);
        CHECK_EQ(nbtls_op_result(op, budget ? s1 : s0, 32, &len), NBTLS_DONE);
        nbtls_op_free(op);
        CHECK_EQ(nbtls_ecdh_start(&op, key, low, 32), NBTLS_DONE);
        CHECK_EQ(run(op, budget), NBTLS_E_BAD_KEY);
        nbtls_op_free(op);
    }
    CHECK_MEM(s0, s1, 32);
    nbtls_key_free(key);
    for (uint32_t budget = 0; budget < 2; budget++) {
        nbtls_op *op = NULL;
        CHECK_EQ(nbtls_x25519_keygen_start(&op, secret_rng, &seed), NBTLS_DONE);
        CHECK_EQ(run(op, budget), NBTLS_DONE);
        CHECK_EQ(nbtls_op_take_key(op, &key), NBTLS_DONE);
        nbtls_op_free(op);
        nbtls_key_free(key);
    }
    return CHECK_DONE();
}
