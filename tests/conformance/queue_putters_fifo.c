/* Tasks waiting in put() on a full queue are woken in the order they started
 * waiting, one per slot freed by a get.  A put_nowait made in the same
 * instant takes the freed slot first: the woken putter finds the queue full
 * again and waits at the end of the line (p2 below), as in asyncio. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    wa_queue *q;
    double delay;
} putter_frame;

static wa_status putter(wa_coro *co) {
    putter_frame *f = (putter_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    TRACE_NOW("%s: putting (full=%s)", f->name, yes(wa_queue_full(f->q)));
    WA_AWAIT(co, wa_queue_put(co, f->q, wa_str(f->name)));
    TRACE_NOW("%s: put done", f->name);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_queue *q;
    wa_task *tasks[3];
    int i;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->q = wa_queue_new(loop, WA_QUEUE_FIFO, 1);
    wa_queue_put_nowait(f->q, wa_str("x0"));
    f->tasks[0] = WA_SPAWN(loop, putter, putter_frame, .name = "p2", .q = f->q, .delay = 0.2);
    f->tasks[1] = WA_SPAWN(loop, putter, putter_frame, .name = "p1", .q = f->q, .delay = 0.1);
    f->tasks[2] = WA_SPAWN(loop, putter, putter_frame, .name = "p3", .q = f->q, .delay = 0.3);
    WA_AWAIT(co, wa_sleep(co, 1));
    for (f->i = 0; f->i < 5; f->i++) {
        WA_AWAIT(co, wa_queue_get(co, f->q));
        TRACE_NOW("main: got %s", co->value.as.buf.data);
        if (f->i == 1) {
            wa_queue_put_nowait(f->q, wa_str("barge"));
            TRACE_NOW("main: put_nowait barge");
        }
        WA_AWAIT(co, wa_sleep(co, 0.5));
    }
    for (f->i = 0; f->i < 3; f->i++) WA_AWAIT(co, f->tasks[f->i]);
    TRACE_NOW("main: done, qsize=%zu", wa_queue_qsize(f->q));
    for (f->i = 0; f->i < 3; f->i++) wa_task_unref(f->tasks[f->i]);
    wa_queue_free(f->q);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
