/*
 * sign_file: sign and verify a file with a PEM key by TLS SignatureScheme,
 * the way a TLS stack or a signing tool would. Copy what you need.
 *
 *   example_sign_file sign   KEY.pem  FILE  SIG.der   (ECDSA P-256/P-384)
 *   example_sign_file verify KEY.pem  FILE  SIG       (EC or RSA key)
 *   example_sign_file                                 (self-demo: a fresh
 *                                  P-384 key signs and verifies a message)
 *
 * The scheme comes from the key: ecdsa_secp256r1_sha256 (0x0403) for
 * P-256, ecdsa_secp384r1_sha384 (0x0503) for P-384, rsa_pss_rsae_sha256
 * (0x0804) for RSA (verification only: nbtls holds no RSA private keys).
 * Signatures are in TLS wire format: DER for ECDSA, so `openssl dgst
 * -sha256 -verify pub.pem -signature SIG.der FILE` checks ours and `openssl
 * dgst -sha256 -sign key.pem -out SIG FILE` makes ones we verify.
 *
 * The op is polled with a budget of 8 units; a program with an event loop
 * would do other work between polls (see poll_loop.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <nbtls/nbtls.h>

/* Read a whole file (at most 16 MiB) into a malloc'ed buffer. */
static unsigned char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    size_t cap = 1 << 16, n = 0;
    unsigned char *buf = malloc(cap);
    while (buf != NULL) {
        n += fread(buf + n, 1, cap - n, f);
        if (n < cap || cap >= (16u << 20)) break;
        unsigned char *bigger = realloc(buf, cap * 2);
        if (bigger == NULL) {
            free(buf);
            buf = NULL;
            break;
        }
        buf = bigger;
        cap *= 2;
    }
    fclose(f);
    *len = n;
    return buf;
}

static uint16_t scheme_for(const nbtls_key *key) {
    switch (nbtls_key_type(key)) {
    case NBTLS_KEY_P256: return NBTLS_SIG_ECDSA_SECP256R1_SHA256;
    case NBTLS_KEY_P384: return NBTLS_SIG_ECDSA_SECP384R1_SHA384;
    case NBTLS_KEY_RSA: return NBTLS_SIG_RSA_PSS_RSAE_SHA256;
    default: return 0; /* no signature scheme for this key */
    }
}

static int run(nbtls_op *op) {
    unsigned long polls = 0;
    int rc;
    do {
        rc = nbtls_op_poll(op, 8);
        polls++;
    } while (rc == NBTLS_IN_PROGRESS);
    printf("%lu polls, %llu units\n", polls,
           (unsigned long long)nbtls_op_units(op));
    return rc;
}

/* No arguments: generate a P-384 key, sign a message by scheme, verify it,
 * and check that a changed message fails. */
static int self_demo(void) {
    static const unsigned char msg[] = "TLS 1.3, server CertificateVerify";
    nbtls_key *key = NULL;
    nbtls_op *op = NULL;
    unsigned char sig[NBTLS_SIGNATURE_MAX_LEN], changed[sizeof msg];
    size_t sig_len = 0;
    int rc = nbtls_p384_keygen_start(&op, NULL, NULL);
    if (rc == NBTLS_DONE) rc = run(op);
    if (rc == NBTLS_DONE) rc = nbtls_op_take_key(op, &key);
    nbtls_op_free(op);
    op = NULL;
    if (rc == NBTLS_DONE)
        rc = nbtls_sign_start(&op, key, NBTLS_SIG_ECDSA_SECP384R1_SHA384, msg,
                              sizeof msg, NULL, NULL);
    if (rc == NBTLS_DONE) rc = run(op);
    if (rc == NBTLS_DONE) rc = nbtls_op_result(op, sig, sizeof sig, &sig_len);
    nbtls_op_free(op);
    op = NULL;
    if (rc == NBTLS_DONE)
        rc = nbtls_verify_start(&op, key, NBTLS_SIG_ECDSA_SECP384R1_SHA384, msg,
                                sizeof msg, sig, sig_len);
    if (rc == NBTLS_DONE) rc = run(op);
    nbtls_op_free(op);
    op = NULL;
    if (rc == NBTLS_DONE) {
        printf("P-384 key generated; %zu-byte DER signature verifies\n",
               sig_len);
        memcpy(changed, msg, sizeof msg);
        changed[0] ^= 1;
        rc = nbtls_verify_start(&op, key, NBTLS_SIG_ECDSA_SECP384R1_SHA384,
                                changed, sizeof changed, sig, sig_len);
        if (rc == NBTLS_DONE) rc = run(op);
        printf("changed message: %s\n", nbtls_strerror(rc));
        rc = rc == NBTLS_E_BAD_SIGNATURE ? NBTLS_DONE : NBTLS_E_INTERNAL;
    }
    if (rc < 0) fprintf(stderr, "self-demo: %s\n", nbtls_strerror(rc));
    nbtls_op_free(op);
    nbtls_key_free(key);
    return rc == NBTLS_DONE ? 0 : 1;
}

int main(int argc, char **argv) {
    if (argc == 1) return self_demo();
    if (argc != 5 || (strcmp(argv[1], "sign") && strcmp(argv[1], "verify"))) {
        fprintf(stderr, "usage: %s sign|verify KEY.pem FILE SIG\n", argv[0]);
        return 2;
    }
    int signing = strcmp(argv[1], "sign") == 0;
    size_t pem_len = 0, msg_len = 0, sig_len = 0;
    unsigned char *pem = slurp(argv[2], &pem_len);
    unsigned char *msg = slurp(argv[3], &msg_len);
    unsigned char *sig = signing ? NULL : slurp(argv[4], &sig_len);
    nbtls_key *key = NULL;
    nbtls_op *op = NULL;
    int rc = NBTLS_E_INVALID_ARG;
    if (pem == NULL || msg == NULL || (!signing && sig == NULL)) {
        fprintf(stderr, "cannot read an input file\n");
        goto out;
    }
    rc = nbtls_key_from_pem(&key, (const char *)pem, pem_len);
    if (rc != NBTLS_DONE) goto out;
    uint16_t scheme = scheme_for(key);
    if (signing) {
        unsigned char out[NBTLS_SIGNATURE_MAX_LEN];
        size_t out_len = 0;
        rc = nbtls_sign_start(&op, key, scheme, msg, msg_len, NULL, NULL);
        if (rc == NBTLS_DONE) rc = run(op);
        if (rc == NBTLS_DONE)
            rc = nbtls_op_result(op, out, sizeof out, &out_len);
        if (rc == NBTLS_DONE) {
            FILE *f = fopen(argv[4], "wb");
            if (f == NULL || fwrite(out, 1, out_len, f) != out_len) rc = -1;
            if (f != NULL && fclose(f) != 0) rc = -1;
            if (rc != NBTLS_DONE) fprintf(stderr, "cannot write %s\n", argv[4]);
        }
    } else {
        rc = nbtls_verify_start(&op, key, scheme, msg, msg_len, sig, sig_len);
        if (rc == NBTLS_DONE) rc = run(op);
        if (rc == NBTLS_DONE) printf("signature OK (scheme 0x%04x)\n", scheme);
    }
out:
    if (rc < 0) fprintf(stderr, "%s: %s\n", argv[1], nbtls_strerror(rc));
    nbtls_op_free(op);
    nbtls_key_free(key);
    free(pem);
    free(msg);
    free(sig);
    return rc == NBTLS_DONE ? 0 : 1;
}
