/* Tasks waiting in get() on an empty queue are woken in the order they
 * started waiting, one per item put.  A getter that did not have to wait can
 * take an item meant for a woken one: the woken getter then finds the queue
 * empty and waits again at the end of the line (g3 below), as in asyncio. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    wa_queue *q;
    double delay;
    int i;
} getter_frame;

static wa_status getter(wa_coro *co) {
    getter_frame *f = (getter_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    for (f->i = 0; f->i < 2; f->i++) {
        TRACE_NOW("%s: waiting (qsize=%zu)", f->name, wa_queue_qsize(f->q));
        WA_AWAIT(co, wa_queue_get(co, f->q));
        TRACE_NOW("%s: got %s", f->name, co->value.as.buf.data);
    }
    WA_END(co);
}

static const char *const burst[] = {"a", "b", "c"};
static const char *const later[] = {"d", "e", "f"};

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
    f->q = wa_queue_new(loop, WA_QUEUE_FIFO, 0);
    f->tasks[0] = WA_SPAWN(loop, getter, getter_frame, .name = "g2", .q = f->q, .delay = 0.2);
    f->tasks[1] = WA_SPAWN(loop, getter, getter_frame, .name = "g1", .q = f->q, .delay = 0.1);
    f->tasks[2] = WA_SPAWN(loop, getter, getter_frame, .name = "g3", .q = f->q, .delay = 0.3);
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: putting a, b, c");
    for (f->i = 0; f->i < 3; f->i++) wa_queue_put_nowait(f->q, wa_str(burst[f->i]));
    WA_AWAIT(co, wa_sleep(co, 1));
    for (f->i = 0; f->i < 3; f->i++) {
        TRACE_NOW("main: putting %s", later[f->i]);
        WA_AWAIT(co, wa_queue_put(co, f->q, wa_str(later[f->i])));
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
