/* task_done() counts against items put, not items got: calling it more times
 * than items were put raises ValueError("task_done() called too many times")
 * and changes nothing; calling it for items still in the queue is allowed
 * and lets join() return while qsize() is not 0. */
#include <string.h>

#include "trace.h"

/* The message of wa_last_error() without its "function: " prefix. */
static const char *last_message(void) {
    const char *m = strstr(wa_last_error(), ": ");
    return m ? m + 2 : wa_last_error();
}

static void done(wa_queue *q, const char *label) {
    int rc = wa_queue_task_done(q);
    if (rc == WA_OK)
        TRACE_NOW("%s: task_done ok", label);
    else
        TRACE_NOW("%s: task_done raised %s: %s", label, rc == WA_EINVAL ? "ValueError" : wa_err_name(rc),
                  last_message());
}

typedef struct {
    wa_coro co;
    wa_queue *q;
} joiner_frame;

static wa_status joiner(wa_coro *co) {
    joiner_frame *f = (joiner_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_queue_join(co, f->q));
    TRACE_NOW("joiner: join returned, qsize=%zu", wa_queue_qsize(f->q));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_queue *q;
    wa_task *task;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_value a, b;
    WA_BEGIN(co);
    f->q = wa_queue_new(loop, WA_QUEUE_FIFO, 0);
    done(f->q, "fresh");
    wa_queue_put_nowait(f->q, wa_str("a"));
    wa_queue_get_nowait(f->q, &a);
    TRACE_NOW("got %s", a.as.buf.data);
    wa_value_clear(&a);
    done(f->q, "a");
    done(f->q, "again");

    wa_queue_put_nowait(f->q, wa_str("b"));
    wa_queue_put_nowait(f->q, wa_str("c"));
    f->task = WA_SPAWN(loop, joiner, joiner_frame, .q = f->q);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    done(f->q, "b (still queued)");
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("joiner done=%s", yes(wa_future_done(wa_task_future(f->task))));
    done(f->q, "c (still queued)");
    WA_AWAIT(co, f->task);
    wa_task_unref(f->task);
    done(f->q, "extra");
    {
        size_t n = wa_queue_qsize(f->q);
        wa_queue_get_nowait(f->q, &a);
        wa_queue_get_nowait(f->q, &b);
        TRACE_NOW("qsize=%zu, items %s %s", n, a.as.buf.data, b.as.buf.data);
        wa_value_clear(&a);
        wa_value_clear(&b);
    }
    wa_queue_put_nowait(f->q, wa_str("d"));
    f->task = WA_SPAWN(loop, joiner, joiner_frame, .q = f->q);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("joiner done=%s", yes(wa_future_done(wa_task_future(f->task))));
    done(f->q, "d");
    WA_AWAIT(co, f->task);
    wa_task_unref(f->task);
    wa_queue_free(f->q);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
