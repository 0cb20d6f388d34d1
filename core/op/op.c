/* core/op: the generic poll loop, results, free. See op.h. */
#include "op/op.h"

int nbtls_op_new(struct nbtls_op **op, const nbtls_op_vtable *vt,
                 size_t state_size) {
    return nbtls_op_new_at(op, NULL, vt, state_size);
}

int nbtls_op_new_at(struct nbtls_op **op, const nbtls_op_place *place,
                    const nbtls_op_vtable *vt, size_t state_size) {
    size_t size = nbtls_op_size(state_size);
    struct nbtls_op *o;
    if (place == NULL) {
        o = (struct nbtls_op *)nbtls_calloc(size);
        NBTLS_ENSURE(o != NULL, NBTLS_E_NO_MEMORY);
    } else {
        NBTLS_ENSURE(place->mem != NULL && place->cap >= size,
                     NBTLS_E_INTERNAL);
        o = (struct nbtls_op *)place->mem;
        memset(o, 0, size);
        o->embedded = 1;
    }
    o->vt = vt;
    o->status = NBTLS_IN_PROGRESS;
    o->units = 0;
    o->size = size;
    *op = o;
    return NBTLS_DONE;
}

int nbtls_op_poll(nbtls_op *op, uint32_t budget) {
    NBTLS_ENSURE(op != NULL, NBTLS_E_INVALID_ARG);
    if (op->status != NBTLS_IN_PROGRESS) return op->status; /* sticky */
    void *st = nbtls_op_state(op);
    uint32_t spent = 0;
    for (;;) {
        int rc = op->vt->step(st);
        op->units++;
        spent++;
        if (rc == NBTLS_IN_PROGRESS) {
            if (budget != 0 && spent >= budget) return NBTLS_IN_PROGRESS;
            continue;
        }
        /* Not final (WANT_READ, WANT_WRITE, WAIT_EXTERNAL and any later
         * positive status): stop and return it; the caller answers, then
         * polls again. The op stays unfinished. */
        if (rc > NBTLS_IN_PROGRESS) return rc;
        op->status = rc; /* DONE or an error: final and sticky */
        return rc;
    }
}

int nbtls_op_run(struct nbtls_op *op) {
    return nbtls_op_poll(op, 0);
}

int nbtls_op_result(const nbtls_op *op, unsigned char *out, size_t out_size,
                    size_t *out_len) {
    NBTLS_ENSURE(op != NULL && out_len != NULL, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(op->status == NBTLS_DONE && op->vt->result != NULL,
                 NBTLS_E_BAD_STATE);
    return op->vt->result(nbtls_op_state_const(op), out, out_size, out_len);
}

int nbtls_op_take_key(nbtls_op *op, nbtls_key **key) {
    NBTLS_ENSURE(op != NULL && key != NULL, NBTLS_E_INVALID_ARG);
    NBTLS_ENSURE(op->status == NBTLS_DONE && op->vt->take_key != NULL,
                 NBTLS_E_BAD_STATE);
    return op->vt->take_key(nbtls_op_state(op), key);
}

uint64_t nbtls_op_units(const nbtls_op *op) {
    return op != NULL ? op->units : 0;
}

void nbtls_op_free(nbtls_op *op) {
    if (op == NULL) return;
    if (op->vt->release != NULL) op->vt->release(nbtls_op_state(op));
    if (op->embedded)
        nbtls_wipe(op, op->size); /* the outer op owns the memory */
    else
        nbtls_free_wipe(op, op->size);
}

/* The head shared by every key-producing state (C11 6.7.2.1p15: a pointer
 * to a struct, converted, points to its first member). */
typedef struct {
    struct nbtls_key *key;
} key_head;

int nbtls_op_take_first_key(void *state, struct nbtls_key **key) {
    key_head *h = (key_head *)state;
    NBTLS_ENSURE(h->key != NULL, NBTLS_E_BAD_STATE);
    *key = h->key;
    h->key = NULL;
    return NBTLS_DONE;
}

void nbtls_op_release_first_key(void *state) {
    key_head *h = (key_head *)state;
    nbtls_key_free(h->key);
    h->key = NULL;
}
