/* maxsize <= 0 means unbounded: asyncio treats a negative maxsize as
 * infinite too, so full() stays False and await put() never waits however
 * many items are queued (the clock does not move).  maxsize keeps the value
 * given.  A maxsize of 1 is full after one item, for contrast. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    wa_queue_kind kind;
    int64_t maxsize, n, i;
    wa_queue *q;
} fill_frame;

static wa_status fill(wa_coro *co) {
    fill_frame *f = (fill_frame *)co;
    int rc;
    WA_BEGIN(co);
    f->q = wa_queue_new(wa_get_running_loop(), f->kind, f->maxsize);
    for (f->i = 0; f->i < f->n; f->i++) WA_AWAIT(co, wa_queue_put(co, f->q, wa_int(f->i)));
    TRACE_NOW("%s: maxsize=%" PRId64 " qsize=%zu full=%s", f->name, wa_queue_maxsize(f->q), wa_queue_qsize(f->q),
              yes(wa_queue_full(f->q)));
    rc = wa_queue_put_nowait(f->q, wa_int(f->n));
    if (rc == WA_OK)
        TRACE_NOW("%s: put_nowait ok, qsize=%zu", f->name, wa_queue_qsize(f->q));
    else
        TRACE_NOW("%s: put_nowait raised %s", f->name, rc == WA_EFULL ? "QueueFull" : wa_err_name(rc));
    wa_queue_free(f->q);
    WA_END(co);
}

typedef struct {
    wa_coro co;
} main_frame;

static wa_status main_step(wa_coro *co) {
    wa_queue *q;
    WA_BEGIN(co);
    WA_AWAIT_CALL(co, fill, fill_frame, .name = "Queue(0)", .kind = WA_QUEUE_FIFO, .maxsize = 0, .n = 1000);
    WA_AWAIT_CALL(co, fill, fill_frame, .name = "Queue(-1)", .kind = WA_QUEUE_FIFO, .maxsize = -1, .n = 1000);
    WA_AWAIT_CALL(co, fill, fill_frame, .name = "LifoQueue(-5)", .kind = WA_QUEUE_LIFO, .maxsize = -5, .n = 10);
    WA_AWAIT_CALL(co, fill, fill_frame, .name = "PriorityQueue(-100)", .kind = WA_QUEUE_PRIORITY, .maxsize = -100,
                  .n = 200);
    WA_AWAIT_CALL(co, fill, fill_frame, .name = "Queue(1)", .kind = WA_QUEUE_FIFO, .maxsize = 1, .n = 1);
    q = wa_queue_new(wa_get_running_loop(), WA_QUEUE_FIFO, -1);
    TRACE_NOW("empty: full=%s empty=%s", yes(wa_queue_full(q)), yes(wa_queue_empty(q)));
    wa_queue_free(q);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
