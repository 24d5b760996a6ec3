/* A cancelled putter never puts its item and never wastes a freed slot.
 * A get wakes p1 and p1 is cancelled in the same iteration: its put()
 * passes the wake-up on, so p2's item takes the slot.  p3, cancelled while
 * still waiting on the full queue, leaves the queue as it was. */
#include "trace.h"

static const char *code_name(int rc) {
    return rc == WA_OK ? "ok" : rc == WA_EFULL ? "QueueFull" : rc == WA_EEMPTY ? "QueueEmpty"
         : rc == WA_ESHUTDOWN ? "QueueShutDown" : wa_err_name(rc);
}

typedef struct {
    wa_coro co;
    const char *name;
    wa_queue *q;
    wa_error *err;
} putter_frame;

static wa_status putter(wa_coro *co) {
    putter_frame *f = (putter_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: putting", f->name);
    WA_AWAIT_TRY(co, wa_queue_put(co, f->q, wa_str(f->name)), f->err);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) {
        TRACE_NOW("%s: cancelled (qsize=%zu full=%s)", f->name, wa_queue_qsize(f->q), yes(wa_queue_full(f->q)));
        WA_RAISE(co, wa_error_ref(f->err));
    }
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("%s: put done", f->name);
    WA_END(co);
}

/* settle(task): await it; a cancellation is reported, not propagated. */
typedef struct {
    wa_coro co;
    wa_task *task;
    wa_error *err;
} settle_frame;

static wa_status settle(wa_coro *co) {
    settle_frame *f = (settle_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, f->task, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main: task cancelled=%s", yes(wa_future_cancelled(wa_task_future(f->task))));
    wa_task_unref(f->task);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_queue *q;
    wa_task *p1, *p2, *p3;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_value item;
    int rc;
    WA_BEGIN(co);
    f->q = wa_queue_new(loop, WA_QUEUE_FIFO, 1);
    wa_queue_put_nowait(f->q, wa_str("x"));
    f->p1 = WA_SPAWN(loop, putter, putter_frame, .name = "p1", .q = f->q);
    f->p2 = WA_SPAWN(loop, putter, putter_frame, .name = "p2", .q = f->q);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    wa_queue_get_nowait(f->q, &item);
    TRACE_NOW("main: get_nowait -> %s", item.as.buf.data);
    wa_value_clear(&item);
    TRACE_NOW("main: cancel p1 -> %s", yes(wa_task_cancel(f->p1, NULL)));
    WA_AWAIT_CALL(co, settle, settle_frame, .task = f->p1);
    WA_AWAIT_CALL(co, settle, settle_frame, .task = f->p2);
    TRACE_NOW("main: qsize=%zu", wa_queue_qsize(f->q));

    f->p3 = WA_SPAWN(loop, putter, putter_frame, .name = "p3", .q = f->q);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    TRACE_NOW("main: cancel p3 -> %s", yes(wa_task_cancel(f->p3, NULL)));
    WA_AWAIT_CALL(co, settle, settle_frame, .task = f->p3);
    wa_queue_get_nowait(f->q, &item);
    TRACE_NOW("main: get_nowait -> %s", item.as.buf.data);
    wa_value_clear(&item);
    rc = wa_queue_get_nowait(f->q, &item);
    if (rc) TRACE_NOW("main: get_nowait raised %s", code_name(rc));
    wa_value_clear(&item);
    wa_queue_free(f->q);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
