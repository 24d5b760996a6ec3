/* A producer and two consumers share a buffer guarded by a Condition:
 * consumers wait_for() a non-empty buffer, the producer appends one item at
 * a time under the lock and notify(1)s, so each item goes to the consumer
 * that has waited longest; a None item stops one consumer. */
#include "trace.h"

#define NONE 0  /* the None item */

/* The shared buffer, in main's frame. */
typedef struct {
    int items[8];
    int head, tail;
} buffer;

static wa_value non_empty(void *arg) {
    const buffer *b = arg;
    return wa_bool(b->tail > b->head);
}

typedef struct {
    wa_coro co;
    wa_condition *cond;
    buffer *buf;
    const char *name;
    int item;
    wa_guard guard;
} consumer_frame;

static wa_status consumer(wa_coro *co) {
    consumer_frame *f = (consumer_frame *)co;
    WA_BEGIN(co);
    for (;;) {
        WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
            WA_AWAIT(co, wa_condition_wait_for(co, f->cond, non_empty, f->buf));
            f->item = f->buf->items[f->buf->head++];
        }
        WA_WITH_END(co);
        if (f->item == NONE) {
            TRACE_NOW("%s: stop", f->name);
            WA_RETURN(co, wa_none());
        }
        TRACE_NOW("%s: got %d, processing", f->name, f->item);
        WA_AWAIT(co, wa_sleep(co, 0.3));
    }
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_condition *cond;
    buffer *buf;
    int i;
    wa_guard guard;
} producer_frame;

static wa_status producer(wa_coro *co) {
    producer_frame *f = (producer_frame *)co;
    static const int items[7] = {1, 2, 3, 4, 5, NONE, NONE};
    WA_BEGIN(co);
    for (f->i = 0; f->i < 7; f->i++) {
        WA_AWAIT(co, wa_sleep(co, 0.2));
        WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
            f->buf->items[f->buf->tail++] = items[f->i];
            wa_condition_notify(f->cond, 1);
        }
        WA_WITH_END(co);
        if (items[f->i] == NONE)
            TRACE_NOW("producer: put None");
        else
            TRACE_NOW("producer: put %d", items[f->i]);
    }
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_condition *cond;
    buffer buf;
    wa_task *consumers[2];
    int k;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    static const char *names[2] = {"x", "y"};
    WA_BEGIN(co);
    f->cond = wa_condition_new(wa_get_running_loop(), NULL);
    for (int i = 0; i < 2; i++)
        f->consumers[i] = WA_SPAWN(wa_get_running_loop(), consumer, consumer_frame, .cond = f->cond,
                                   .buf = &f->buf, .name = names[i]);
    WA_AWAIT_CALL(co, producer, producer_frame, .cond = f->cond, .buf = &f->buf);
    for (f->k = 0; f->k < 2; f->k++) {
        WA_AWAIT(co, f->consumers[f->k]);
    }
    TRACE_NOW("main: left=%d, locked=%s", f->buf.tail - f->buf.head, yes(wa_lock_locked(wa_condition_lock(f->cond))));
    for (int i = 0; i < 2; i++) wa_task_unref(f->consumers[i]);
    wa_condition_free(f->cond);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
