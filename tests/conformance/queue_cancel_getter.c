/* A cancelled getter never loses an item.  Round 1: put wakes g1, and g1 is
 * cancelled in the same iteration, before it runs; its get() passes the
 * wake-up on, so the item goes to g2.  Round 2: g3 is cancelled before the
 * put, which then skips its cancelled waiter and wakes g4 directly. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    wa_queue *q;
    wa_error *err;
} getter_frame;

static wa_status getter(wa_coro *co) {
    getter_frame *f = (getter_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: waiting", f->name);
    WA_AWAIT_TRY(co, wa_queue_get(co, f->q), f->err);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) {
        TRACE_NOW("%s: cancelled (qsize=%zu)", f->name, wa_queue_qsize(f->q));
        WA_RAISE(co, wa_error_ref(f->err));
    }
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("%s: got %s", f->name, co->value.as.buf.data);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_queue *q;
    const char *first, *second, *item;
    bool cancel_first;
    wa_task *t[2];
    int i;
    wa_error *err;
} round_frame;

static wa_status round_step(wa_coro *co) {
    round_frame *f = (round_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->t[0] = WA_SPAWN(loop, getter, getter_frame, .name = f->first, .q = f->q);
    f->t[1] = WA_SPAWN(loop, getter, getter_frame, .name = f->second, .q = f->q);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    if (f->cancel_first) TRACE_NOW("main: cancel %s -> %s", f->first, yes(wa_task_cancel(f->t[0], NULL)));
    wa_queue_put_nowait(f->q, wa_str(f->item));
    TRACE_NOW("main: put %s", f->item);
    if (!f->cancel_first) TRACE_NOW("main: cancel %s -> %s", f->first, yes(wa_task_cancel(f->t[0], NULL)));
    for (f->i = 0; f->i < 2; f->i++) {
        WA_AWAIT_TRY(co, f->t[f->i], f->err);
        if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    }
    TRACE_NOW("main: %s cancelled=%s, qsize=%zu", f->first, yes(wa_future_cancelled(wa_task_future(f->t[0]))),
              wa_queue_qsize(f->q));
    wa_task_unref(f->t[0]);
    wa_task_unref(f->t[1]);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_queue *q;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->q = wa_queue_new(wa_get_running_loop(), WA_QUEUE_FIFO, 0);
    WA_AWAIT_CALL(co, round_step, round_frame, .q = f->q, .first = "g1", .second = "g2", .item = "one",
                  .cancel_first = false);
    WA_AWAIT(co, wa_sleep(co, 1));
    WA_AWAIT_CALL(co, round_step, round_frame, .q = f->q, .first = "g3", .second = "g4", .item = "two",
                  .cancel_first = true);
    wa_queue_free(f->q);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
