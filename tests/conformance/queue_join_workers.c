/* join() returns at once when every item put has been marked done, and
 * otherwise waits until task_done() has been called once per item put: not
 * when the queue becomes empty (the workers are still busy then), but when
 * the last worker finishes its last item.  The workers are then cancelled. */
#include <string.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    wa_queue *q;
    char job[16];
    double duration;
    wa_error *err;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    for (;;) {
        WA_AWAIT(co, wa_queue_get(co, f->q));
        snprintf(f->job, sizeof f->job, "%s", co->value.as.list.items[0].as.buf.data);
        f->duration = co->value.as.list.items[1].as.d;
        TRACE_NOW(f->duration == (double)(int)f->duration ? "%s: start %s (%.1fs)" : "%s: start %s (%gs)", f->name,
                  f->job, f->duration);
        WA_AWAIT_TRY(co, wa_sleep(co, f->duration), f->err);
        if (wa_error_is(f->err, WA_CANCELLED_ERROR)) TRACE_NOW("%s: cancelled in job, not reached", f->name);
        if (f->err) WA_RAISE(co, wa_error_ref(f->err));
        wa_queue_task_done(f->q);
        TRACE_NOW("%s: done %s, qsize=%zu", f->name, f->job, wa_queue_qsize(f->q));
    }
    WA_END(co);
}

static const struct { const char *job; double duration; } jobs[] = {
    {"a", 1.0}, {"b", 0.5}, {"c", 0.25}, {"d", 2.0}, {"e", 0.5}};

typedef struct {
    wa_coro co;
    wa_queue *q;
    wa_task *workers[2];
    int i;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->q = wa_queue_new(loop, WA_QUEUE_FIFO, 0);
    WA_AWAIT(co, wa_queue_join(co, f->q));
    TRACE_NOW("main: join on a fresh queue returned");
    for (int i = 0; i < 5; i++) {
        wa_value pair[2] = {wa_str(jobs[i].job), wa_double(jobs[i].duration)};
        wa_queue_put_nowait(f->q, wa_list(pair, 2));
    }
    f->workers[0] = WA_SPAWN(loop, worker, worker_frame, .name = "w1", .q = f->q);
    f->workers[1] = WA_SPAWN(loop, worker, worker_frame, .name = "w2", .q = f->q);
    TRACE_NOW("main: joining, qsize=%zu", wa_queue_qsize(f->q));
    WA_AWAIT(co, wa_queue_join(co, f->q));
    TRACE_NOW("main: join returned, qsize=%zu", wa_queue_qsize(f->q));
    for (f->i = 0; f->i < 2; f->i++) wa_task_cancel(f->workers[f->i], NULL);
    for (f->i = 0; f->i < 2; f->i++) {
        WA_AWAIT_TRY(co, f->workers[f->i], f->err);
        if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        if (f->err)
            TRACE_NOW("main: worker cancelled=%s", yes(wa_future_cancelled(wa_task_future(f->workers[f->i]))));
        wa_task_unref(f->workers[f->i]);
    }
    WA_AWAIT(co, wa_queue_join(co, f->q));
    TRACE_NOW("main: join again returned at once");
    wa_queue_free(f->q);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
