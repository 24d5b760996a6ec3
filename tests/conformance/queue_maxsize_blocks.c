/* With maxsize=2, await put() returns at once while there is room and waits
 * while the queue is full; each get frees one slot and wakes the waiting
 * putter, which completes in the same instant.  full() is True exactly at
 * qsize() == maxsize. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    wa_queue *q;
    int64_t i;
} worker_frame;

static wa_status producer(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    for (f->i = 1; f->i < 6; f->i++) {
        TRACE_NOW("producer: put %" PRId64 " (qsize=%zu full=%s)", f->i, wa_queue_qsize(f->q), yes(wa_queue_full(f->q)));
        WA_AWAIT(co, wa_queue_put(co, f->q, wa_int(f->i)));
        TRACE_NOW("producer: put %" PRId64 " done", f->i);
    }
    TRACE_NOW("producer: finished");
    WA_END(co);
}

static wa_status consumer(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 1));
    for (f->i = 0; f->i < 5; f->i++) {
        WA_AWAIT(co, wa_queue_get(co, f->q));
        TRACE_NOW("consumer: got %" PRId64 " (qsize=%zu full=%s)", co->value.as.i, wa_queue_qsize(f->q),
                  yes(wa_queue_full(f->q)));
        WA_AWAIT(co, wa_sleep(co, 0.5));
    }
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_queue *q;
    wa_task *p, *c;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->q = wa_queue_new(loop, WA_QUEUE_FIFO, 2);
    TRACE_NOW("maxsize=%" PRId64, wa_queue_maxsize(f->q));
    f->p = WA_SPAWN(loop, producer, worker_frame, .q = f->q);
    f->c = WA_SPAWN(loop, consumer, worker_frame, .q = f->q);
    WA_AWAIT(co, f->p);
    WA_AWAIT(co, f->c);
    TRACE_NOW("qsize=%zu empty=%s", wa_queue_qsize(f->q), yes(wa_queue_empty(f->q)));
    wa_task_unref(f->p);
    wa_task_unref(f->c);
    wa_queue_free(f->q);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
