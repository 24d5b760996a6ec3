/*
 * barrier.c — asyncio.Barrier (3.11+), over a Condition as in asyncio:
 * tasks fill the barrier, the last one to arrive drains it, and a reset or
 * abort breaks it for whoever is waiting.
 */
#include <stdlib.h>

#include "../core/alloc-int.h"
#include "lib-int.h"

enum { FILLING, DRAINING, RESETTING, BROKEN };

struct wa_barrier {
    wa_loop *loop;
    wa_condition *cond;
    size_t parties;
    size_t count;           /* tasks inside wait */
    int state;
};

wa_barrier *wa_barrier_new(wa_loop *loop, size_t parties) {
    if (parties < 1) {
        wa__misuse(WA_EINVAL, __func__, "parties must be > 0");
        return NULL;
    }
    wa_condition *cond = wa_condition_new(loop, NULL);
    if (!cond) return NULL;
    wa_barrier *b = wa__sys_calloc(1, sizeof *b);
    if (!b) {
        wa_condition_free(cond);
        wa__misuse(WA_ENOMEM, __func__, "out of memory");
        return NULL;
    }
    *b = (wa_barrier){loop, cond, parties, 0, FILLING};
    return b;
}

int wa_barrier_free(wa_barrier *b) {
    if (!b) return WA_OK;
    if (b->count) return wa__misuse(WA_EINVALIDSTATE, __func__, "tasks are waiting on it");
    int rc = wa_condition_free(b->cond);
    if (rc) return rc;
    free(b);
    return WA_OK;
}

size_t wa_barrier_parties(const wa_barrier *b) { return b ? b->parties : 0; }
size_t wa_barrier_n_waiting(const wa_barrier *b) { return b && b->state == FILLING ? b->count : 0; }
bool wa_barrier_broken(const wa_barrier *b) { return b && b->state == BROKEN; }

static wa_value not_draining(void *arg) {
    wa_barrier *b = arg;
    return wa_bool(b->state != DRAINING && b->state != RESETTING);
}

static wa_value not_filling(void *arg) { return wa_bool(((wa_barrier *)arg)->state != FILLING); }

/* wait's finally: leave, and let the barrier fill again once empty. */
static void leave(void *arg) {
    wa_barrier *b = arg;
    if (--b->count == 0) {
        if (b->state == RESETTING || b->state == DRAINING) b->state = FILLING;
        wa_condition_notify_all(b->cond);
    }
}

typedef struct barrier_frame {
    wa_coro co;
    wa_barrier *b;
    int op;                 /* 0 wait, 1 reset, 2 abort */
    int64_t index;
    wa_guard guard;
    wa_finally finally;
} barrier_frame;

static wa_status barrier_wait_step(wa_coro *co) {
    barrier_frame *f = (barrier_frame *)co;
    wa_barrier *b = f->b;
    WA_BEGIN(co);
    WA_WITH_ACQUIRED(co, &f->guard, b->cond) {
        WA_AWAIT(co, wa_condition_wait_for(co, b->cond, not_draining, b));
        if (b->state == BROKEN) WA_RAISE(co, wa_error_new(WA_BROKEN_BARRIER_ERROR, "Barrier aborted"));
        f->index = (int64_t)b->count++;
        WA_WITH(co, wa_finally_enter(&f->finally, leave, b)) {
            if ((size_t)f->index + 1 == b->parties) {
                b->state = DRAINING;
                wa_condition_notify_all(b->cond);
            } else {
                WA_AWAIT(co, wa_condition_wait_for(co, b->cond, not_filling, b));
                if (b->state == BROKEN || b->state == RESETTING)
                    WA_RAISE(co, wa_error_new(WA_BROKEN_BARRIER_ERROR, "Abort or reset of barrier"));
            }
            WA_RETURN(co, wa_int(f->index));
        }
        WA_WITH_END(co);
    }
    WA_WITH_END(co);
    WA_END(co);
}

static wa_status barrier_change_step(wa_coro *co) {
    barrier_frame *f = (barrier_frame *)co;
    wa_barrier *b = f->b;
    WA_BEGIN(co);
    WA_WITH_ACQUIRED(co, &f->guard, b->cond) {
        if (f->op == 2)
            b->state = BROKEN;
        else if (b->count > 0)
            b->state = RESETTING;
        else
            b->state = FILLING;
        wa_condition_notify_all(b->cond);
    }
    WA_WITH_END(co);
    WA_END(co);
}

static wa_future *barrier_call(wa_coro *co, wa_barrier *b, int op, const char *func) {
    if (!WA__BOUND(co, b)) return wa__bound_refused(co, b, "barrier", func);
    return wa__call_push(co, op ? barrier_change_step : barrier_wait_step, sizeof(barrier_frame),
                         &(barrier_frame){.b = b, .op = op});
}

wa_future *wa_barrier_wait(wa_coro *co, wa_barrier *b) { return barrier_call(co, b, 0, __func__); }
wa_future *wa_barrier_reset(wa_coro *co, wa_barrier *b) { return barrier_call(co, b, 1, __func__); }
wa_future *wa_barrier_abort(wa_coro *co, wa_barrier *b) { return barrier_call(co, b, 2, __func__); }
