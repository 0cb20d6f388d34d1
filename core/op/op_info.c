/*
 * core/op: op introspection for bindings (nbtls.h, "Op introspection,
 * budget policy, sizes"): the kind of an op, its result length, the cost
 * of its units, and the TLS names of signature schemes.
 *
 * Kinds are found from the op's vtable name (op.h: every kind has one
 * vtable and a unique name), so the kinds' own files need no field for
 * it; tests/op/test_op_info.c starts every kind and checks the mapping, so
 * a renamed vtable cannot go unnoticed.
 */
#include "op/op_info.h"
#include "op/op_sig.h"

/* Nanoseconds per unit on the reference machine (nbtls.h): bench/bench_p256,
 * bench_p384, bench_x25519 and bench_rsa, the one-shot time of each op
 * divided by its units, rounded to a figure near the costliest op. */
#define NS_P256 300u
#define NS_P384 750u
#define NS_X25519 250u
#define NS_RSA 600u
/* One unit of message hashing: 512 bytes of SHA-256/384/512 with the
 * portable code (bench/bench_sym: about 370 MB/s SHA-256), ~1.5 us. */
#define NS_HASH 1500u

typedef struct {
    const char *name; /* the vtable's name */
    int kind;         /* NBTLS_OP_* */
    uint32_t unit_ns;
    uint8_t result_len; /* byte result before DONE (exact or maximum) */
} kind_info;

static const kind_info kinds[] = {
    {"p256-keygen", NBTLS_OP_P256_KEYGEN, NS_P256, 0},
    {"p384-keygen", NBTLS_OP_P384_KEYGEN, NS_P384, 0},
    {"x25519-keygen", NBTLS_OP_X25519_KEYGEN, NS_X25519, 0},
    {"p256-ecdh", NBTLS_OP_P256_ECDH, NS_P256, NBTLS_P256_SECRET_LEN},
    {"p384-ecdh", NBTLS_OP_P384_ECDH, NS_P384, NBTLS_P384_SECRET_LEN},
    {"x25519-ecdh", NBTLS_OP_X25519_ECDH, NS_X25519, NBTLS_X25519_KEY_LEN},
    {"p256-ecdsa-sign", NBTLS_OP_P256_ECDSA_SIGN, NS_P256,
     NBTLS_P256_SIGNATURE_LEN},
    {"p384-ecdsa-sign", NBTLS_OP_P384_ECDSA_SIGN, NS_P384,
     NBTLS_P384_SIGNATURE_LEN},
    {"p256-ecdsa-verify", NBTLS_OP_P256_ECDSA_VERIFY, NS_P256, 0},
    {"p384-ecdsa-verify", NBTLS_OP_P384_ECDSA_VERIFY, NS_P384, 0},
    {"rsa-verify", NBTLS_OP_RSA_VERIFY, NS_RSA, 0},
    /* The message-level ops: cost and length depend on the key (below). */
    {"scheme-sign", NBTLS_OP_SIGN, 0, 0},
    {"scheme-verify", NBTLS_OP_VERIFY, 0, 0},
};

static const kind_info *kind_of(const struct nbtls_op *op) {
    for (size_t i = 0; i < NBTLS_ARRAY_LEN(kinds); i++)
        if (strcmp(op->vt->name, kinds[i].name) == 0) return &kinds[i];
    return NULL;
}

int nbtls_op_kind(const nbtls_op *op) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    const kind_info *k = kind_of(op);
    NBTLS_ENSURE(k != NULL, NBTLS_E_INTERNAL); /* a kind missing above */
    return k->kind;
}

/* The longest DER Ecdsa-Sig-Value for an order of L bytes: two INTEGERs of
 * up to L + 1 bytes (a 0x00 pad), in a SEQUENCE whose length takes a
 * second byte from 128 on. */
static size_t der_sig_max(size_t L) {
    size_t body = 2 * (2 + L + 1);
    return (body < 128 ? 2 : 3) + body;
}

size_t nbtls_op_result_len(const nbtls_op *op) {
    if (op == NULL) return 0;
    const kind_info *k = kind_of(op);
    if (k == NULL) return 0;
    if (op->status == NBTLS_DONE && op->vt->result != NULL) {
        /* Exact: what nbtls_op_result() would write (BUFFER_TOO_SMALL
         * reports the size needed). */
        unsigned char none;
        size_t len = 0;
        int rc = nbtls_op_result(op, &none, 0, &len);
        return rc == NBTLS_DONE || rc == NBTLS_E_BUFFER_TOO_SMALL ? len : 0;
    }
    if (k->kind == NBTLS_OP_SIGN) {
        nbtls_scheme_op_info info;
        if (!nbtls_scheme_op_get_info(op, &info)) return 0;
        return der_sig_max(nbtls_ecdsa_order_len(info.key_type));
    }
    return k->result_len;
}

static uint32_t key_unit_ns(int key_type) {
    switch (key_type) {
    case NBTLS_KEY_P256: return NS_P256;
    case NBTLS_KEY_P384: return NS_P384;
    case NBTLS_KEY_X25519: return NS_X25519;
    default: return NS_RSA;
    }
}

uint32_t nbtls_op_unit_ns(const nbtls_op *op) {
    if (op == NULL) return 0;
    const kind_info *k = kind_of(op);
    if (k == NULL) return NS_HASH; /* unknown: the costliest unit */
    if (k->unit_ns != 0) return k->unit_ns;
    nbtls_scheme_op_info info;
    if (!nbtls_scheme_op_get_info(op, &info)) return NS_HASH;
    return info.hashing ? NS_HASH : key_unit_ns(info.key_type);
}

uint32_t nbtls_op_budget_for_us(const nbtls_op *op, uint32_t microseconds) {
    uint32_t ns = nbtls_op_unit_ns(op);
    if (ns == 0) return 1;
    uint64_t units = (uint64_t)microseconds * 1000u / ns;
    if (units < 1) return 1;
    return units > UINT32_MAX ? UINT32_MAX : (uint32_t)units;
}

size_t nbtls_op_alloc_size(const nbtls_op *op) {
    return op != NULL ? op->size : 0;
}

/* ---- SignatureScheme names (IANA TLS registry, RFC 8446 4.2.3) -------- */

typedef struct {
    uint16_t code;
    const char *name;
} sig_name;

static const sig_name sig_names[] = {
    {0x0401, "rsa_pkcs1_sha256"},
    {0x0501, "rsa_pkcs1_sha384"},
    {0x0601, "rsa_pkcs1_sha512"},
    {0x0403, "ecdsa_secp256r1_sha256"},
    {0x0503, "ecdsa_secp384r1_sha384"},
    {0x0603, "ecdsa_secp521r1_sha512"},
    {0x0804, "rsa_pss_rsae_sha256"},
    {0x0805, "rsa_pss_rsae_sha384"},
    {0x0806, "rsa_pss_rsae_sha512"},
    {0x0807, "ed25519"},
    {0x0808, "ed448"},
    {0x0809, "rsa_pss_pss_sha256"},
    {0x080a, "rsa_pss_pss_sha384"},
    {0x080b, "rsa_pss_pss_sha512"},
    {0x0201, "rsa_pkcs1_sha1"},
    {0x0203, "ecdsa_sha1"},
};

const char *nbtls_sig_name(uint16_t scheme) {
    for (size_t i = 0; i < NBTLS_ARRAY_LEN(sig_names); i++)
        if (sig_names[i].code == scheme) return sig_names[i].name;
    return NULL;
}

int nbtls_sig_from_name(const char *name) {
    NBTLS_ENSURE(name != NULL, NBTLS_E_INVALID_ARG);
    for (size_t i = 0; i < NBTLS_ARRAY_LEN(sig_names); i++)
        if (strcmp(sig_names[i].name, name) == 0) return sig_names[i].code;
    return NBTLS_E_UNSUPPORTED;
}
