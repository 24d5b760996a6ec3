/* Consuming a queue until it is shut down: each consumer loops on get() and
 * leaves the loop on QueueShutDown (in C, WA_ASYNC_FOR over wa_queue_next).
 * A shutdown() right after the last puts still lets the consumers drain
 * those items first; join() sees every one marked done. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    wa_queue *q;
    int n;
} consumer_frame;

static wa_status consumer(wa_coro *co) {
    consumer_frame *f = (consumer_frame *)co;
    WA_BEGIN(co);
    WA_ASYNC_FOR(co, wa_queue_next(co, f->q)) {
        TRACE_NOW("%s: item %" PRId64, f->name, co->value.as.i);
        WA_AWAIT(co, wa_sleep(co, 0.3));
        wa_queue_task_done(f->q);
        f->n++;
    }
    WA_ASYNC_FOR_END(co);
    TRACE_NOW("%s: queue shut down after %d items", f->name, f->n);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_queue *q;
    wa_task *consumers[2];
    int i;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->q = wa_queue_new(loop, WA_QUEUE_FIFO, 0);
    f->consumers[0] = WA_SPAWN(loop, consumer, consumer_frame, .name = "c1", .q = f->q);
    f->consumers[1] = WA_SPAWN(loop, consumer, consumer_frame, .name = "c2", .q = f->q);
    for (f->i = 1; f->i < 5; f->i++) {
        WA_AWAIT(co, wa_sleep(co, 0.5));
        WA_AWAIT(co, wa_queue_put(co, f->q, wa_int(f->i)));
    }
    WA_AWAIT(co, wa_sleep(co, 1));
    for (f->i = 5; f->i < 10; f->i++) wa_queue_put_nowait(f->q, wa_int(f->i));
    wa_queue_shutdown(f->q, false);
    TRACE_NOW("main: shut down with qsize=%zu", wa_queue_qsize(f->q));
    WA_AWAIT(co, wa_queue_join(co, f->q));
    TRACE_NOW("main: join returned");
    for (f->i = 0; f->i < 2; f->i++) {
        WA_AWAIT(co, f->consumers[f->i]);
        wa_task_unref(f->consumers[f->i]);
    }
    TRACE_NOW("main: consumers finished");
    wa_queue_free(f->q);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
