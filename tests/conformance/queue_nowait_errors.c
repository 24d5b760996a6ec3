/* put_nowait on a full queue raises QueueFull and get_nowait on an empty one
 * QueueEmpty, for every kind of queue, leaving it unchanged.  get_nowait
 * never waits: it even takes an item a put just woke a waiting getter for,
 * and that getter goes back to waiting. */
#include <inttypes.h>

#include "trace.h"

static const char *code_name(int rc) {
    return rc == WA_OK ? "ok" : rc == WA_EFULL ? "QueueFull" : rc == WA_EEMPTY ? "QueueEmpty"
         : rc == WA_ESHUTDOWN ? "QueueShutDown" : wa_err_name(rc);
}

static void try_put(const char *name, wa_queue *q, int64_t item) {
    int rc = wa_queue_put_nowait(q, wa_int(item));
    if (rc == WA_OK)
        TRACE_NOW("%s: put_nowait(%" PRId64 ") ok, qsize=%zu", name, item, wa_queue_qsize(q));
    else
        TRACE_NOW("%s: put_nowait(%" PRId64 ") raised %s, qsize=%zu", name, item, code_name(rc), wa_queue_qsize(q));
}

static void try_get(const char *name, wa_queue *q) {
    wa_value item;
    int rc = wa_queue_get_nowait(q, &item);
    if (rc == WA_OK)
        TRACE_NOW("%s: get_nowait -> %" PRId64 ", qsize=%zu", name, item.as.i, wa_queue_qsize(q));
    else
        TRACE_NOW("%s: get_nowait raised %s", name, code_name(rc));
    wa_value_clear(&item);
}

typedef struct {
    wa_coro co;
    wa_queue *q;
} getter_frame;

static wa_status getter(wa_coro *co) {
    getter_frame *f = (getter_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_queue_get(co, f->q));
    TRACE_NOW("getter: got %" PRId64, co->value.as.i);
    WA_END(co);
}

static const char *const names[] = {"Queue", "LifoQueue", "PriorityQueue"};
static const wa_queue_kind kinds[] = {WA_QUEUE_FIFO, WA_QUEUE_LIFO, WA_QUEUE_PRIORITY};

typedef struct {
    wa_coro co;
    wa_queue *q;
    wa_task *task;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    for (int i = 0; i < 3; i++) {
        wa_queue *q = wa_queue_new(loop, kinds[i], 2);
        try_get(names[i], q);
        try_put(names[i], q, 7);
        try_put(names[i], q, 3);
        try_put(names[i], q, 5);
        try_get(names[i], q);
        try_get(names[i], q);
        try_get(names[i], q);
        wa_queue_free(q);
    }

    f->q = wa_queue_new(loop, WA_QUEUE_FIFO, 0);
    f->task = WA_SPAWN(loop, getter, getter_frame, .q = f->q);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    try_get("waiting", f->q);
    try_put("waiting", f->q, 1);
    try_get("waiting", f->q);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    TRACE_NOW("waiting: getter done=%s", yes(wa_future_done(wa_task_future(f->task))));
    try_put("waiting", f->q, 2);
    WA_AWAIT(co, f->task);
    wa_task_unref(f->task);
    wa_queue_free(f->q);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
