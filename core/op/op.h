/*
 * core/op: the restartable-operation framework behind `nbtls_op`.
 *
 * An op is ONE allocation: a small header followed by the state of its kind
 * (a variable-size tail). The header holds
 *   - `vt`:     a const vtable describing the kind (below);
 *   - `status`: NBTLS_IN_PROGRESS while running, then the final status
 *               (NBTLS_DONE or an NBTLS_E_* error), sticky;
 *   - `units`:  work units spent so far;
 *   - `size`:   the allocation size, so nbtls_op_free() wipes all of it.
 *
 * nbtls_op_poll(op, budget) is generic: while the budget is not spent it
 * calls vt->step(state) which performs EXACTLY ONE work unit and returns
 *   NBTLS_IN_PROGRESS (more to do), NBTLS_DONE, or an NBTLS_E_* error
 *   (later, I/O kinds may also return NBTLS_WANT_* / NBTLS_WAIT_EXTERNAL,
 *   which poll passes through without ending the op).
 * The work unit is defined in include/nbtls/nbtls.h: at most the cost of
 * one point addition (~12-16 field multiplications).
 *
 * Adding a new kind (X25519, RSA, a TLS handshake...):
 *   1. define its state struct and a `static const nbtls_op_vtable`
 *      { name, step, result, take_key, release } in its own file;
 *   2. in its *_start(): validate and copy inputs, then
 *      nbtls_op_new(&op, &vtable, sizeof(state)) and fill
 *      nbtls_op_state(op); never allocate again. A key whose private part
 *      is read while polling is not copied: the state holds a reference
 *      (nbtls_key_ref(), key/key.h) that `release` drops;
 *   3. make `step` a state machine that does one unit per call, and keep
 *      the math functions pure (they know nothing about budgets).
 * `result` (byte result) and `take_key` (key result) may be NULL when the
 * kind produces no such thing; they are called only once status is DONE.
 * The framework wipes the whole allocation on free; `release` frees what
 * the state points to (poll never allocates, so a key-producing kind
 * allocates its result key in *_start and `release` frees it if untaken).
 *
 * The P-256 kinds (one allocation each; bytes are the whole op, header
 * included, as printed by tests/ec/test_ec_op; x86-64 / 32-bit limbs; the
 * allocator is asked for these plus nbtls_calloc's own header, common.h):
 *
 *   kind          units (budget-1 polls)       allocation
 *   keygen        113 + 1 per RNG draw         376 / 360 B
 *   from_private  113                          376 / 360 B
 *   ecdh          342 (360 compressed peer)    1168 / 1152 B
 *   ecdsa sign    142 (+6 per RFC 6979 retry)  1096 / 1096 B
 *   ecdsa verify  ~375 (varies: wNAF)          1712 / 1708 B
 *
 * The P-384 kinds (core/op/op_p384*.c; same unit definition, x86-64 /
 * 32-bit limbs):
 *
 *   kind          units (budget-1 polls)       allocation
 *   keygen        178 + 1 per RNG draw         1048 / 1032 B
 *   from_private  177                          1048 / 1032 B
 *   ecdh          518 (552 compressed peer)    2240 / 2224 B
 *   ecdsa sign    217 with a SHA-384 digest    1664 / 1656 B
 *                 (+1 SHA-224/256, +2 SHA-1;
 *                 +HMAC calls per retry)
 *   ecdsa verify  ~556 (varies: wNAF)          2544 / 2540 B
 *
 * For P-384 a unit is one point double/addition (12-14 multiplications
 * of 384-bit elements), 15 multiplications of an exponentiation, or one
 * RFC 6979 HMAC call: below 2 us on the dev machine (bench/bench_p384).
 *
 * What one unit is, concretely (measured on the x86-64 dev machine: below
 * 0.5 us and 1% of the op, except the RFC 6979 HMAC calls with SHA-1 or
 * SHA-512 digests, up to 1.7 us, 3% of a signature): one RCB point double or
 * mixed/full addition with its constant-time table scan; one Jacobian doubling
 * (plus a 3-multiplication coordinate change at the ends of a run); 16
 * squarings/multiplications of a field exponentiation (inverse, square
 * root); 3 window digits (<= 15 multiplications) of the scalar inversion,
 * or its 14-multiplication table; one HMAC call of RFC 6979; one RNG draw;
 * one wNAF recoding; decoding a point; a final affine conversion plus
 * fault check. There is no larger indivisible step.
 */
#ifndef NBTLS_CORE_OP_OP_H
#define NBTLS_CORE_OP_OP_H

#include "common/common.h"

typedef struct nbtls_op_vtable {
    const char *name;
    /* One work unit. Returns NBTLS_IN_PROGRESS, NBTLS_DONE or < 0. */
    int (*step)(void *state);
    /* Copy the byte result (only after DONE); NULL: no byte result. */
    int (*result)(const void *state, unsigned char *out, size_t out_size,
                  size_t *out_len);
    /* Move the key result out (only after DONE); NULL: no key result. */
    int (*take_key)(void *state, struct nbtls_key **key);
    /* Release what the state owns besides its bytes (e.g. a result key
     * allocated by *_start and not taken); NULL: nothing. Called by
     * nbtls_op_free() before the allocation is wiped. */
    void (*release)(void *state);
} nbtls_op_vtable;

struct nbtls_op {
    const nbtls_op_vtable *vt;
    int status;
    uint8_t embedded; /* lives inside another op's allocation (not freed) */
    uint64_t units;
    size_t size;
    /* Aligned tail holding the kind's state. */
    union {
        uint64_t u64;
        void *ptr;
        double d;
    } state[];
};

/* Allocate an op of kind `vt` with a zeroed state of `state_size` bytes.
 * 0 or NBTLS_E_NO_MEMORY. */
NBTLS_MUST_CHECK int nbtls_op_new(struct nbtls_op **op,
                                  const nbtls_op_vtable *vt, size_t state_size);

/*
 * Nesting: an op kind that runs another op as one of its phases (the
 * scheme-based sign/verify hash the message, then run an ECDSA or RSA op)
 * reserves room for it in its own allocation, so poll still never
 * allocates. A *_at() start function takes an optional placement: NULL
 * allocates as nbtls_op_new() does; otherwise the op is built in
 * place->mem (which must be aligned like struct nbtls_op and hold `cap`
 * bytes; too small is NBTLS_E_INTERNAL). nbtls_op_free() on an embedded op
 * releases and wipes it but does not free the memory. Each kind that can
 * be embedded exports its whole size (header included) as a constant
 * function, so the outer kind can reserve the maximum it may need.
 */
typedef struct {
    void *mem;
    size_t cap;
} nbtls_op_place;

NBTLS_MUST_CHECK int nbtls_op_new_at(struct nbtls_op **op,
                                     const nbtls_op_place *place,
                                     const nbtls_op_vtable *vt,
                                     size_t state_size);

/* The whole size of an op whose state is `state_size` bytes. */
static inline size_t nbtls_op_size(size_t state_size) {
    return sizeof(struct nbtls_op) + state_size;
}

static inline void *nbtls_op_state(struct nbtls_op *op) {
    return (void *)op->state;
}
static inline const void *nbtls_op_state_const(const struct nbtls_op *op) {
    return (const void *)op->state;
}

/* Key-producing kinds: a state whose FIRST member is
 * `struct nbtls_key *key` (allocated by *_start, moved out once) uses these
 * two as its vtable's take_key and release. */
NBTLS_MUST_CHECK int nbtls_op_take_first_key(void *state,
                                             struct nbtls_key **key);
void nbtls_op_release_first_key(void *state);

/* Run an op to completion (budget 0) and return its final status; used by
 * the synchronous convenience functions. */
NBTLS_MUST_CHECK int nbtls_op_run(struct nbtls_op *op);

#endif
