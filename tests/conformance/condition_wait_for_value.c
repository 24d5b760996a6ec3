/* Condition.wait_for returns the predicate's last value, not True: a count
 * that is 0 (false) until a producer raises it, then a string that is ""
 * until filled, and a predicate already true returns at once, without
 * waiting. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    int64_t count;
    const char *text;
} state;

static wa_value count(void *arg) {
    const state *s = arg;
    TRACE_NOW("predicate: count=%" PRId64, s->count);
    return wa_int(s->count);
}

static wa_value text(void *arg) {
    const state *s = arg;
    TRACE_NOW("predicate: text='%s'", s->text);
    return wa_str(s->text);
}

typedef struct {
    wa_coro co;
    wa_condition *cond;
    state *s;
    wa_guard guard;
} consumer_frame;

static wa_status consumer(wa_coro *co) {
    consumer_frame *f = (consumer_frame *)co;
    WA_BEGIN(co);
    WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
        WA_AWAIT(co, wa_condition_wait_for(co, f->cond, count, f->s));
        TRACE_NOW("consumer: wait_for(count) -> %" PRId64, co->value.as.i);
        WA_AWAIT(co, wa_condition_wait_for(co, f->cond, text, f->s));
        TRACE_NOW("consumer: wait_for(text) -> '%s'", co->value.as.buf.data);
        WA_AWAIT(co, wa_condition_wait_for(co, f->cond, count, f->s));
        TRACE_NOW("consumer: wait_for(count) again -> %" PRId64, co->value.as.i);
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_condition *cond;
    state s;
    wa_task *t;
    wa_guard guard;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->s.text = "";
    f->cond = wa_condition_new(wa_get_running_loop(), NULL);
    f->t = WA_SPAWN(wa_get_running_loop(), consumer, consumer_frame, .cond = f->cond, .s = &f->s);
    WA_AWAIT(co, wa_sleep(co, 1));
    WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
        wa_condition_notify(f->cond, 1);
        TRACE_NOW("main: notify with count still 0");
    }
    WA_WITH_END(co);
    WA_AWAIT(co, wa_sleep(co, 1));
    WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
        f->s.count = 3;
        wa_condition_notify(f->cond, 1);
        TRACE_NOW("main: count=3, notify");
    }
    WA_WITH_END(co);
    WA_AWAIT(co, wa_sleep(co, 1));
    WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
        f->s.text = "ready";
        wa_condition_notify_all(f->cond);
        TRACE_NOW("main: text='ready', notify_all");
    }
    WA_WITH_END(co);
    WA_AWAIT(co, f->t);
    wa_task_unref(f->t);
    wa_condition_free(f->cond);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
