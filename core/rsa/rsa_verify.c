/*
 * core/rsa: restartable RSA signature verification (RFC 8017):
 * RSASSA-PKCS1-v1_5 (8.2.2, EMSA-PKCS1-v1_5 encoding compared as a whole,
 * 9.2) and RSASSA-PSS (8.1.2, EMSA-PSS-VERIFY 9.1.2 with MGF1 and the same
 * hash, salt length = hash length).
 *
 * RSAVP1 (m = s^e mod n) runs in the Montgomery domain with R = 2^(LB L),
 * L = the modulus' limbs of LB bits (64 with unsigned __int128, else 32). Work
 * units:
 *   - R^2 mod n: a few doublings (at most 158, 1024 / L a unit) to
 *     R 2^j mod n, then m Montgomery squarings (LB L = j 2^m, j odd);
 *   - each Montgomery multiplication (CIOS) cut into rows, ROW_BUDGET / L
 *     rows a unit (512 64-bit or 1,024 32-bit multiply-adds);
 *   - s -> Montgomery form, then left-to-right square-and-multiply over
 *     e's bits, then back out of Montgomery form;
 *   - PSS: one unit per MGF1 block and one for H'; 1 final unit.
 * For a 2048-bit key with e = 65537 and 64-bit limbs (L = 32): 1 unit of
 * doublings, 30 Montgomery multiplications (11 for R^2, 1 into the
 * domain, 17 for e, 1 out) of 4 units, 1 final: 122 units; 4096 bits:
 * 498. Twice as many units with 32-bit limbs.
 * Everything is public: no constant-time requirement.
 */
#include "hash/hash.h"
#include "key/key.h"
#include "op/op.h"
#include "rsa/rsa.h"

/* Limbs: 64-bit with unsigned __int128 products where available (and not
 * NBTLS_FORCE_32BIT), else 32-bit with uint64_t products. */
#if defined(__SIZEOF_INT128__) && !defined(NBTLS_FORCE_32BIT)
typedef uint64_t limb;
__extension__ typedef unsigned __int128 dlimb;
#define LB 64
#else
typedef uint32_t limb;
typedef uint64_t dlimb;
#define LB 32
#endif

#define L_MAX (NBTLS_RSA_MAX_BITS / LB)
/* Rows of a Montgomery multiplication per unit: ROW_BUDGET / L rows of 2L
 * limb multiply-adds each, i.e. 512 64-bit or 1,024 32-bit multiply-adds
 * (about 0.5 us on a desktop: the cost of a P-256 point addition). */
#if LB == 64
#define ROW_BUDGET 256
#else
#define ROW_BUDGET 512
#endif

enum { R_N = 0, R_RR = 1, R_A = 2, R_ACC = 3, R_ONE = 4, R_COUNT = 5 };
enum {
    PH_RR = 0,
    PH_RRSQ,
    PH_TOMONT,
    PH_EXP,
    PH_FROMMONT,
    PH_ENCODE,
    PH_MGF,
    PH_HASH,
    PH_DONE,
    PH_INVALID /* s >= n */
};

typedef struct {
    limb r[R_COUNT][L_MAX];
    limb t[L_MAX + 2]; /* Montgomery accumulator */
    limb n0inv;        /* -n^-1 mod 2^LB */
    uint32_t e;
    uint32_t count; /* PH_RR: doublings, PH_RRSQ: squarings, PH_MGF: blocks */
    uint32_t rr_doublings, rr_squarings;
    uint16_t L;    /* limbs */
    uint16_t k;    /* modulus bytes */
    uint16_t bits; /* modulus bits */
    int8_t ebit;   /* PH_EXP: next exponent bit */
    uint8_t phase;
    uint8_t exp_mul; /* PH_EXP: 0 square next, 1 multiply next */
    /* the Montgomery multiplication in progress: r[dst] = r[x] r[y] / R */
    uint8_t mx, my, mdst, mbusy;
    uint16_t row;
    int padding;
    int hash_alg;
    size_t hlen;
    unsigned char digest[NBTLS_HASH_MAX_LEN];
    unsigned char em[NBTLS_RSA_MAX_BYTES];
    unsigned char db[NBTLS_RSA_MAX_BYTES]; /* PSS: unmasked DB */
} verify_state;

/* ---- big numbers (32-bit limbs, little-endian limb order) ----------- */

static void bn_from_bytes(limb *x, size_t L, const unsigned char *b,
                          size_t len) {
    memset(x, 0, L * sizeof(limb));
    for (size_t i = 0; i < len; i++) {
        size_t bit = 8 * (len - 1 - i);
        x[bit / LB] |= (limb)b[i] << (bit % LB);
    }
}

static void bn_to_bytes(unsigned char *b, size_t len, const limb *x) {
    for (size_t i = 0; i < len; i++) {
        size_t bit = 8 * (len - 1 - i);
        b[i] = (unsigned char)(x[bit / LB] >> (bit % LB));
    }
}

/* -1, 0, 1 as a <, ==, > b */
static int bn_cmp(const limb *a, const limb *b, size_t L) {
    for (size_t i = L; i-- > 0;)
        if (a[i] != b[i]) return a[i] < b[i] ? -1 : 1;
    return 0;
}

/* a -= b; returns the borrow */
static limb bn_sub(limb *a, const limb *b, size_t L) {
    limb borrow = 0;
    for (size_t i = 0; i < L; i++) {
        dlimb d = (dlimb)a[i] - b[i] - borrow;
        a[i] = (limb)d;
        borrow = (limb)(d >> (2 * LB - 1)) & 1;
    }
    return borrow;
}

/* -n0^-1 mod 2^LB for odd n0 (Newton: each step doubles the correct bits,
 * from 3). */
static limb mont_n0inv(limb n0) {
    limb x = n0;
    for (int i = 0; i < 5; i++)
        x *= 2 - n0 * x;
    return 0 - x;
}

static void mont_start(verify_state *st, int x, int y, int dst) {
    st->mx = (uint8_t)x;
    st->my = (uint8_t)y;
    st->mdst = (uint8_t)dst;
    st->row = 0;
    st->mbusy = 1;
    memset(st->t, 0, sizeof(st->t));
}

/* Up to 512 / L rows of CIOS; returns 1 when r[dst] holds the result. */
static int mont_step(verify_state *st) {
    const size_t L = st->L;
    const limb *a = st->r[st->mx], *b = st->r[st->my], *n = st->r[R_N];
    limb *t = st->t;
    size_t rows = ROW_BUDGET / L;
    for (size_t r = 0; r < rows && st->row < L; r++, st->row++) {
        limb bi = b[st->row];
        dlimb c = 0;
        for (size_t j = 0; j < L; j++) {
            c += (dlimb)a[j] * bi + t[j];
            t[j] = (limb)c;
            c >>= LB;
        }
        c += t[L];
        t[L] = (limb)c;
        t[L + 1] = (limb)(c >> LB);
        limb m = t[0] * st->n0inv;
        c = ((dlimb)m * n[0] + t[0]) >> LB;
        for (size_t j = 1; j < L; j++) {
            c += (dlimb)m * n[j] + t[j];
            t[j - 1] = (limb)c;
            c >>= LB;
        }
        c += t[L];
        t[L - 1] = (limb)c;
        t[L] = t[L + 1] + (limb)(c >> LB);
    }
    if (st->row < L) return 0;
    /* t < 2n: one conditional subtraction */
    if (t[L] != 0 || bn_cmp(t, n, L) >= 0) bn_sub(t, n, L);
    memcpy(st->r[st->mdst], t, L * sizeof(limb));
    st->mbusy = 0;
    return 1;
}

/* ---- encodings ---------------------------------------------------------- */

/* RFC 8017 9.2 note 1: DER of DigestInfo up to the digest. */
static const unsigned char DI_SHA256[] = {
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
    0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20};
static const unsigned char DI_SHA384[] = {
    0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
    0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30};
static const unsigned char DI_SHA512[] = {
    0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01,
    0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40};

/* EMSA-PKCS1-v1_5: EM = 0x00 || 0x01 || PS (0xff...) || 0x00 || T, with
 * at least 8 bytes of PS; compared with the recovered EM as a whole. */
static int check_pkcs1(const verify_state *st) {
    const unsigned char *di = st->hash_alg == NBTLS_SHA256   ? DI_SHA256
                              : st->hash_alg == NBTLS_SHA384 ? DI_SHA384
                                                             : DI_SHA512;
    size_t dl = sizeof(DI_SHA256), tlen = dl + st->hlen, k = st->k;
    NBTLS_ENSURE(k >= tlen + 11, NBTLS_E_BAD_SIGNATURE);
    unsigned char want[NBTLS_RSA_MAX_BYTES];
    want[0] = 0x00;
    want[1] = 0x01;
    memset(want + 2, 0xff, k - tlen - 3);
    want[k - tlen - 1] = 0x00;
    memcpy(want + k - tlen, di, dl);
    memcpy(want + k - st->hlen, st->digest, st->hlen);
    return memcmp(want, st->em, k) == 0 ? NBTLS_DONE : NBTLS_E_BAD_SIGNATURE;
}

/* PSS geometry: emBits = modBits - 1, emLen = ceil(emBits / 8). EM is the
 * last emLen bytes of st->em (the first byte is 0 when emLen < k). */
static size_t pss_em_len(const verify_state *st) {
    return (size_t)(st->bits - 1 + 7) / 8;
}

/* EMSA-PSS-VERIFY steps 3-6 (no hashing). */
static int pss_precheck(const verify_state *st) {
    size_t em_len = pss_em_len(st), off = st->k - em_len;
    const unsigned char *em = st->em + off;
    unsigned top_bits = 8 * (unsigned)em_len - (st->bits - 1u);
    if (off == 1) NBTLS_ENSURE(st->em[0] == 0, NBTLS_E_BAD_SIGNATURE);
    NBTLS_ENSURE(em_len >= 2 * st->hlen + 2, NBTLS_E_BAD_SIGNATURE);
    NBTLS_ENSURE(em[em_len - 1] == 0xbc, NBTLS_E_BAD_SIGNATURE);
    NBTLS_ENSURE((em[0] >> (8 - top_bits)) == 0 || top_bits == 0,
                 NBTLS_E_BAD_SIGNATURE);
    return NBTLS_DONE;
}

/* One MGF1 block: db[c*hLen ..] ^= Hash(H || C) over maskedDB. */
static void pss_mgf_block(verify_state *st) {
    size_t em_len = pss_em_len(st), db_len = em_len - st->hlen - 1;
    const unsigned char *em = st->em + (st->k - em_len);
    const unsigned char *h = em + db_len;
    unsigned char cnt[4], mask[NBTLS_HASH_MAX_LEN];
    nbtls_store_be32(cnt, st->count);
    nbtls_hash_state hs;
    if (nbtls_hash_state_init(&hs, st->hash_alg) != NBTLS_DONE) return;
    nbtls_hash_state_update(&hs, h, st->hlen);
    nbtls_hash_state_update(&hs, cnt, 4);
    nbtls_hash_state_final(&hs, mask);
    size_t o = (size_t)st->count * st->hlen;
    for (size_t i = 0; i < st->hlen && o + i < db_len; i++)
        st->db[o + i] = em[o + i] ^ mask[i];
    st->count++;
}

/* Steps 9-14: DB = PS || 0x01 || salt, then H' = Hash(0^8 || mHash ||
 * salt) == H. */
static int pss_final(verify_state *st) {
    size_t em_len = pss_em_len(st), db_len = em_len - st->hlen - 1;
    const unsigned char *h = st->em + (st->k - em_len) + db_len;
    unsigned top_bits = 8 * (unsigned)em_len - (st->bits - 1u);
    st->db[0] &= (unsigned char)(0xff >> top_bits);
    size_t ps = db_len - st->hlen - 1; /* sLen = hLen */
    for (size_t i = 0; i < ps; i++)
        NBTLS_ENSURE(st->db[i] == 0, NBTLS_E_BAD_SIGNATURE);
    NBTLS_ENSURE(st->db[ps] == 0x01, NBTLS_E_BAD_SIGNATURE);
    static const unsigned char zeros[8] = {0};
    unsigned char hp[NBTLS_HASH_MAX_LEN];
    nbtls_hash_state hs;
    NBTLS_GUARD(nbtls_hash_state_init(&hs, st->hash_alg));
    nbtls_hash_state_update(&hs, zeros, 8);
    nbtls_hash_state_update(&hs, st->digest, st->hlen);
    nbtls_hash_state_update(&hs, st->db + ps + 1, st->hlen);
    nbtls_hash_state_final(&hs, hp);
    return memcmp(hp, h, st->hlen) == 0 ? NBTLS_DONE : NBTLS_E_BAD_SIGNATURE;
}

/* ---- the op ------------------------------------------------------------- */

static int verify_step(void *vst) {
    verify_state *st = (verify_state *)vst;
    const size_t L = st->L;
    switch (st->phase) {
    case PH_RR: {
        /* r[RR] = 2^(32L + j) mod n by doubling 2^(bits-1) (< n) */
        limb *x = st->r[R_RR];
        for (size_t d = 0; d < 1024 / L && st->count < st->rr_doublings; d++) {
            limb carry = 0;
            for (size_t i = 0; i < L; i++) {
                limb nc = x[i] >> (LB - 1);
                x[i] = (x[i] << 1) | carry;
                carry = nc;
            }
            if (carry || bn_cmp(x, st->r[R_N], L) >= 0)
                bn_sub(x, st->r[R_N], L);
            st->count++;
        }
        if (st->count == st->rr_doublings) {
            st->count = 0;
            st->phase = PH_RRSQ;
            mont_start(st, R_RR, R_RR, R_RR);
        }
        return NBTLS_IN_PROGRESS;
    }
    case PH_RRSQ:
        /* m Montgomery squarings: R 2^j -> R 2^(j 2^m) = R^2 mod n */
        if (!mont_step(st)) return NBTLS_IN_PROGRESS;
        if (++st->count < st->rr_squarings) {
            mont_start(st, R_RR, R_RR, R_RR);
        } else {
            mont_start(st, R_ACC, R_RR, R_A); /* a = s R mod n */
            st->phase = PH_TOMONT;
        }
        return NBTLS_IN_PROGRESS;
    case PH_TOMONT:
        if (mont_step(st)) {
            memcpy(st->r[R_ACC], st->r[R_A], L * sizeof(limb));
            /* ebit: the bit below e's top bit */
            st->ebit = 0;
            for (int i = 31; i >= 0; i--) {
                if ((st->e >> i) & 1) {
                    st->ebit = (int8_t)(i - 1);
                    break;
                }
            }
            st->exp_mul = 0;
            st->phase = PH_EXP;
            mont_start(st, R_ACC, R_ACC, R_ACC);
        }
        return NBTLS_IN_PROGRESS;
    case PH_EXP:
        if (!mont_step(st)) return NBTLS_IN_PROGRESS;
        if (st->exp_mul == 0 && ((st->e >> st->ebit) & 1)) {
            st->exp_mul = 1;
            mont_start(st, R_ACC, R_A, R_ACC);
            return NBTLS_IN_PROGRESS;
        }
        st->exp_mul = 0;
        if (--st->ebit >= 0) {
            mont_start(st, R_ACC, R_ACC, R_ACC);
        } else {
            memset(st->r[R_ONE], 0, sizeof(st->r[R_ONE]));
            st->r[R_ONE][0] = 1;
            mont_start(st, R_ACC, R_ONE, R_ACC);
            st->phase = PH_FROMMONT;
        }
        return NBTLS_IN_PROGRESS;
    case PH_FROMMONT:
        if (!mont_step(st)) return NBTLS_IN_PROGRESS;
        bn_to_bytes(st->em, st->k, st->r[R_ACC]);
        st->phase = PH_ENCODE;
        return NBTLS_IN_PROGRESS;
    case PH_ENCODE:
        if (st->padding == NBTLS_RSA_PKCS1_V15) {
            st->phase = PH_DONE;
            return check_pkcs1(st);
        }
        NBTLS_GUARD(pss_precheck(st));
        st->count = 0;
        st->phase = PH_MGF;
        return NBTLS_IN_PROGRESS;
    case PH_MGF: {
        size_t db_len = pss_em_len(st) - st->hlen - 1;
        pss_mgf_block(st);
        if ((size_t)st->count * st->hlen >= db_len) st->phase = PH_HASH;
        return NBTLS_IN_PROGRESS;
    }
    case PH_HASH: st->phase = PH_DONE; return pss_final(st);
    case PH_INVALID: return NBTLS_E_BAD_SIGNATURE;
    default: return NBTLS_E_INTERNAL;
    }
}

static const nbtls_op_vtable verify_vt = {"rsa-verify", verify_step, NULL, NULL,
                                          NULL};

int nbtls_rsa_verify_start(nbtls_op **op, const nbtls_key *pub, int padding,
                           int hash_alg, const unsigned char *hash,
                           size_t hash_len, const unsigned char *sig,
                           size_t sig_len) {
    return nbtls_rsa_verify_at(op, NULL, pub, padding, hash_alg, hash, hash_len,
                               sig, sig_len);
}

size_t nbtls_rsa_verify_size(void) {
    return nbtls_op_size(sizeof(verify_state));
}

int nbtls_rsa_verify_at(nbtls_op **op, const nbtls_op_place *place,
                        const nbtls_key *pub, int padding, int hash_alg,
                        const unsigned char *hash, size_t hash_len,
                        const unsigned char *sig, size_t sig_len) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    *op = NULL;
    NBTLS_ENSURE(pub != NULL && hash != NULL && sig != NULL,
                 NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(pub->type == NBTLS_KEY_RSA, NBTLS_E_BAD_KEY);
    NBTLS_ENSURE(padding == NBTLS_RSA_PKCS1_V15 || padding == NBTLS_RSA_PSS,
                 NBTLS_E_INVALID_ARG);
    size_t hlen = nbtls_hash_alg_len(hash_alg);
    NBTLS_ENSURE(hlen != 0, NBTLS_E_UNSUPPORTED);
    NBTLS_ENSURE(hash_len == hlen, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(sig_len == pub->u.rsa.n_len, NBTLS_E_INVALID_ARG);
    NBTLS_GUARD(nbtls_op_new_at(op, place, &verify_vt, sizeof(verify_state)));
    verify_state *st = (verify_state *)nbtls_op_state(*op);
    size_t L = ((size_t)pub->u.rsa.bits + LB - 1) / LB;
    st->L = (uint16_t)L;
    st->k = pub->u.rsa.n_len;
    st->bits = pub->u.rsa.bits;
    st->e = pub->u.rsa.e;
    st->padding = padding;
    st->hash_alg = hash_alg;
    st->hlen = hlen;
    memcpy(st->digest, hash, hlen);
    bn_from_bytes(st->r[R_N], L, pub->u.rsa.n, pub->u.rsa.n_len);
    st->n0inv = mont_n0inv(st->r[R_N][0]);
    bn_from_bytes(st->r[R_ACC], L, sig, sig_len);
    /* R^2 mod n, R = 2^(LB L): write LB L = j 2^m with j odd; double
     * 2^(bits-1) (< n: n is odd with that top bit) up to 2^(LB L + j), which
     * is R 2^j mod n, then m Montgomery squarings give R 2^(j 2^m) = R^2.
     * At most 31 + 127 doublings and 12 squarings. */
    uint32_t j = LB * (uint32_t)L, m = 0;
    while (!(j & 1)) {
        j >>= 1;
        m++;
    }
    st->rr_doublings = (uint32_t)(LB * L - (pub->u.rsa.bits - 1u)) + j;
    st->rr_squarings = m;
    st->r[R_RR][(pub->u.rsa.bits - 1u) / LB] = (limb)1
                                               << ((pub->u.rsa.bits - 1u) % LB);
    st->count = 0;
    st->phase = PH_RR;
    /* RSAVP1 step 1: the representative must be < n. Public: checked
     * here, but reported through the op like every invalid signature. */
    if (bn_cmp(st->r[R_ACC], st->r[R_N], L) >= 0) st->phase = PH_INVALID;
    return NBTLS_DONE;
}
