/*
 * Fuzz target (ASYM): the strict DER reader and DER key import on
 * arbitrary bytes.
 *   - nbtls_der_validate(): never crashes, DONE or INVALID_ARG only, and
 *     deterministic; a sequential TLV walk never leaves the input;
 *   - nbtls_key_from_der(): DONE, BAD_KEY or UNSUPPORTED only; no key
 *     unless DONE; an accepted key exports, and re-imports from its raw
 *     export to the same public key (private keys through from_private,
 *     public keys through from_public, RSA keys through their PKCS#1
 *     export);
 *   - a DER key that imports still imports with every trailing byte
 *     appended refused;
 *   - an accepted encoding has no universal tag 0, no constructed
 *     universal type other than SEQUENCE/SET and no primitive SEQUENCE/SET
 *     anywhere in its tree (checked by an independent walk here).
 * Replayed by ctest over tests/fuzz/corpus/fuzz_der/ (see
 * fuzz_replay_main.c); a libFuzzer build with -DNBTLS_FUZZ=ON.
 */
#include "fuzz_common.h"

#include "asn1/der.h"

static void check_roundtrip(const nbtls_key *k) {
    static unsigned char pub[1100], again[1100];
    unsigned char priv[48];
    size_t pl = 0, l = 0;
    int type = nbtls_key_type(k);
    FUZZ_ASSERT(type == NBTLS_KEY_P256 || type == NBTLS_KEY_X25519 ||
                type == NBTLS_KEY_RSA || type == NBTLS_KEY_P384);
    /* raw sizes: private, public */
    size_t sl = type == NBTLS_KEY_P384 ? 48u : 32u;
    size_t ql = type == NBTLS_KEY_P256   ? 65u
                : type == NBTLS_KEY_P384 ? 97u
                                         : 32u;
    FUZZ_ASSERT(nbtls_key_export_public(k, pub, sizeof pub, &pl) == NBTLS_DONE);
    nbtls_key *k2 = NULL;
    if (type == NBTLS_KEY_RSA) {
        /* exported as PKCS#1 RSAPublicKey, which imports again */
        FUZZ_ASSERT(nbtls_key_has_private(k) == 0);
        FUZZ_ASSERT(nbtls_key_from_der(&k2, pub, pl) == NBTLS_DONE);
    } else if (nbtls_key_has_private(k) == 1) {
        FUZZ_ASSERT(pl == ql);
        FUZZ_ASSERT(nbtls_key_export_private(k, priv, sl, &l) == NBTLS_DONE);
        FUZZ_ASSERT(l == sl);
        FUZZ_ASSERT((type == NBTLS_KEY_P256
                         ? nbtls_key_p256_from_private(&k2, priv)
                     : type == NBTLS_KEY_P384
                         ? nbtls_key_p384_from_private(&k2, priv)
                         : nbtls_key_x25519_from_private(&k2, priv)) ==
                    NBTLS_DONE);
    } else {
        FUZZ_ASSERT(pl == ql);
        FUZZ_ASSERT((type == NBTLS_KEY_P256
                         ? nbtls_key_p256_from_public(&k2, pub, 65)
                     : type == NBTLS_KEY_P384
                         ? nbtls_key_p384_from_public(&k2, pub, 97)
                         : nbtls_key_x25519_from_public(&k2, pub)) ==
                    NBTLS_DONE);
    }
    FUZZ_ASSERT(nbtls_key_export_public(k2, again, sizeof again, &l) ==
                NBTLS_DONE);
    FUZZ_ASSERT(l == pl && memcmp(again, pub, pl) == 0);
    nbtls_key_free(k2);
}

/* Independent walk of an accepted encoding: every tag in the tree obeys
 * the universal-class rules. Lengths were validated, so only definite
 * short or long (<= 4 bytes) forms occur. */
static void check_tags(const uint8_t *p, size_t n, unsigned depth) {
    size_t i = 0;
    FUZZ_ASSERT(depth <= NBTLS_DER_MAX_DEPTH + 1);
    while (i < n) {
        uint8_t t = p[i++];
        FUZZ_ASSERT(i < n); /* a length byte follows */
        size_t len = p[i++];
        if (len & 0x80) {
            size_t k = len & 0x7f;
            len = 0;
            while (k--) len = (len << 8) | p[i++];
        }
        FUZZ_ASSERT(len <= n - i);
        if ((t & 0xc0) == 0) {
            unsigned num = t & 0x1f;
            FUZZ_ASSERT(num != 0);
            FUZZ_ASSERT(((t & 0x20) != 0) == (num == 16 || num == 17));
        }
        if (t & 0x20) check_tags(p + i, len, depth + 1);
        i += len;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 4096) return 0;
    int v = nbtls_der_validate(data, size, NBTLS_DER_MAX_DEPTH);
    FUZZ_ASSERT(v == NBTLS_DONE || v == NBTLS_E_INVALID_ARG);
    if (v == NBTLS_DONE) check_tags(data, size, 0);
    FUZZ_ASSERT(nbtls_der_validate(data, size, NBTLS_DER_MAX_DEPTH) == v);
    if (size > 0) {
        nbtls_reader r;
        nbtls_reader_init(&r, data, size);
        for (;;) {
            uint8_t tag;
            nbtls_reader c;
            if (nbtls_der_read_tlv(&r, &tag, &c) != NBTLS_DONE) break;
            FUZZ_ASSERT(c.pos >= data && c.end <= data + size);
            FUZZ_ASSERT(c.end == r.pos);
        }
        FUZZ_ASSERT(r.pos >= data && r.pos <= data + size);
    }
    nbtls_key *k = NULL;
    int rc = nbtls_key_from_der(&k, size ? data : (const uint8_t *)"", size);
    FUZZ_ASSERT(rc == NBTLS_DONE || rc == NBTLS_E_BAD_KEY ||
                rc == NBTLS_E_UNSUPPORTED);
    if (rc != NBTLS_DONE) {
        FUZZ_ASSERT(k == NULL);
        return 0;
    }
    check_roundtrip(k);
    nbtls_key_free(k);
    /* trailing data is refused */
    uint8_t *more = (uint8_t *)malloc(size + 1);
    FUZZ_ASSERT(more != NULL);
    memcpy(more, data, size);
    more[size] = 0;
    k = NULL;
    FUZZ_ASSERT(nbtls_key_from_der(&k, more, size + 1) == NBTLS_E_BAD_KEY);
    FUZZ_ASSERT(k == NULL);
    free(more);
    return 0;
}
