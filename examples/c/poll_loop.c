/*
 * poll_loop: how to drive nbtls's restartable operations from your own
 * loop. Copy what you need.
 *
 * An expensive operation (a P-256 signature takes ~150 work units; on a
 * small board one unit can be a few milliseconds) never blocks: you start
 * it, then call nbtls_op_poll(op, budget) whenever your loop has time. Each
 * poll does at most `budget` units and returns NBTLS_IN_PROGRESS until the
 * operation is done. Between polls your program does its "other work" —
 * here a heartbeat counter stands for it (serving sockets, a UI, a motor).
 *
 * The program:
 *   1. generates a key pair (polled, budget 16);
 *   2. signs a digest in small slices (budget 4) interleaved with
 *      heartbeats, and prints how many slices it took;
 *   3. verifies the signature (polled too);
 *   4. runs ECDH between two keys, both sides, interleaved with each other,
 *      and checks that both sides computed the same secret.
 * Every error is reported with nbtls_strerror().
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <nbtls/nbtls.h>

/* Stands for whatever your program does between two slices of crypto. */
static unsigned long heartbeats;
static void other_work(void) {
    heartbeats++;
}

/* Poll `op` to the end at `budget`, doing other work between slices.
 * Returns the final status; *slices gets the number of polls. */
static int drive(nbtls_op *op, uint32_t budget, unsigned long *slices) {
    int rc;
    *slices = 0;
    do {
        rc = nbtls_op_poll(op, budget);
        (*slices)++;
        if (rc == NBTLS_IN_PROGRESS) other_work();
    } while (rc == NBTLS_IN_PROGRESS);
    return rc;
}

/* Generate a key pair with the OS random generator. */
static int generate(nbtls_key **key) {
    nbtls_op *op = NULL;
    unsigned long slices;
    int rc = nbtls_p256_keygen_start(&op, NULL, NULL);
    if (rc == NBTLS_DONE) rc = drive(op, 16, &slices);
    if (rc == NBTLS_DONE) rc = nbtls_op_take_key(op, key);
    nbtls_op_free(op); /* always safe, also when start failed (op is NULL) */
    return rc;
}

static int fail(const char *what, int rc) {
    fprintf(stderr, "poll_loop: %s failed: %s (%d)\n", what, nbtls_strerror(rc),
            rc);
    return 1;
}

int main(void) {
    nbtls_key *alice = NULL, *bob = NULL;
    nbtls_op *op = NULL;
    unsigned long slices;
    int rc;

    printf("nbtls %s\n", nbtls_version());

    /* 1. Keys. */
    if ((rc = generate(&alice)) != NBTLS_DONE) return fail("keygen", rc);
    if ((rc = generate(&bob)) != NBTLS_DONE) {
        nbtls_key_free(alice);
        return fail("keygen", rc);
    }

    /* 2. Sign a digest (in real code: SHA-256 of your message) in slices
     *    of at most 4 work units. The start call copies its inputs. */
    unsigned char digest[32], sig[NBTLS_P256_SIGNATURE_LEN];
    size_t sig_len = 0;
    for (int i = 0; i < 32; i++)
        digest[i] = (unsigned char)(0xA0 + i);
    unsigned long before = heartbeats;
    rc = nbtls_ecdsa_sign_start(&op, alice, digest, sizeof digest, NULL, NULL);
    if (rc == NBTLS_DONE) rc = drive(op, 4, &slices);
    if (rc == NBTLS_DONE) rc = nbtls_op_result(op, sig, sizeof sig, &sig_len);
    if (rc == NBTLS_DONE)
        printf("signature: %lu slices of budget 4 (%llu work units), %lu "
               "heartbeats in between\n",
               slices, (unsigned long long)nbtls_op_units(op),
               heartbeats - before);
    nbtls_op_free(op);
    op = NULL;
    if (rc != NBTLS_DONE) goto out;

    /* 3. Verify it. NBTLS_DONE means valid; an invalid signature ends the
     *    op with NBTLS_E_BAD_SIGNATURE. */
    rc = nbtls_ecdsa_verify_start(&op, alice, digest, sizeof digest, sig,
                                  sig_len);
    if (rc == NBTLS_DONE) rc = drive(op, 8, &slices);
    nbtls_op_free(op);
    op = NULL;
    if (rc != NBTLS_DONE) goto out;
    printf("verified: %lu slices of budget 8\n", slices);

    /* ... and a tampered digest is refused. */
    digest[0] ^= 1;
    rc = nbtls_ecdsa_verify_start(&op, alice, digest, sizeof digest, sig,
                                  sig_len);
    if (rc == NBTLS_DONE) rc = drive(op, 8, &slices);
    nbtls_op_free(op);
    op = NULL;
    if (rc != NBTLS_E_BAD_SIGNATURE) {
        fprintf(stderr, "poll_loop: a tampered digest was not refused\n");
        rc = NBTLS_E_INTERNAL;
        goto out;
    }
    printf("tampered digest refused: %s\n",
           nbtls_strerror(NBTLS_E_BAD_SIGNATURE));

    /* 4. ECDH: each side combines its private key with the other's public
     *    point; two ops run interleaved, one slice each in turn. */
    unsigned char alice_pub[NBTLS_P256_PUBLIC_LEN], bob_pub[65];
    size_t len;
    if ((rc = nbtls_key_export_public(alice, alice_pub, sizeof alice_pub,
                                      &len)) != NBTLS_DONE ||
        (rc = nbtls_key_export_public(bob, bob_pub, sizeof bob_pub, &len)) !=
            NBTLS_DONE)
        goto out;
    nbtls_op *a = NULL, *b = NULL;
    rc = nbtls_ecdh_start(&a, alice, bob_pub, sizeof bob_pub);
    if (rc == NBTLS_DONE)
        rc = nbtls_ecdh_start(&b, bob, alice_pub, sizeof alice_pub);
    int ra = NBTLS_IN_PROGRESS, rb = NBTLS_IN_PROGRESS;
    unsigned long turns = 0;
    while (rc == NBTLS_DONE &&
           (ra == NBTLS_IN_PROGRESS || rb == NBTLS_IN_PROGRESS)) {
        if (ra == NBTLS_IN_PROGRESS) ra = nbtls_op_poll(a, 4);
        if (rb == NBTLS_IN_PROGRESS) rb = nbtls_op_poll(b, 4);
        other_work();
        turns++;
    }
    unsigned char sa[NBTLS_P256_SECRET_LEN], sb[32];
    if (rc == NBTLS_DONE) rc = ra != NBTLS_DONE ? ra : rb;
    if (rc == NBTLS_DONE) rc = nbtls_op_result(a, sa, sizeof sa, &len);
    if (rc == NBTLS_DONE) rc = nbtls_op_result(b, sb, sizeof sb, &len);
    nbtls_op_free(a);
    nbtls_op_free(b);
    if (rc != NBTLS_DONE) goto out;
    if (memcmp(sa, sb, sizeof sa) != 0) {
        fprintf(stderr, "poll_loop: the two ECDH secrets differ\n");
        rc = NBTLS_E_INTERNAL;
        goto out;
    }
    printf("ECDH: both sides agree on the 32-byte secret after %lu turns\n",
           turns);
    printf("heartbeats: %lu in total: the loop never blocked for long\n",
           heartbeats);

out:
    nbtls_key_free(alice);
    nbtls_key_free(bob);
    if (rc != NBTLS_DONE) return fail("poll_loop", rc);
    return 0;
}
