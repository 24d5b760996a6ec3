/* A StopIteration raised in a coroutine cannot pass for its return (PEP
 * 479): the task, or the awaiter of the coroutine, gets RuntimeError
 * "coroutine raised StopIteration" with the StopIteration as cause and
 * context; caught inside its own coroutine it is an ordinary exception.
 * A future's set_exception stores the same kind of RuntimeError, and
 * awaiting None (NULL) is a TypeError. */
#include "trace.h"

typedef struct {
    wa_coro co;
    bool catch;
    wa_try t;
} stops_frame;

static wa_status stops(wa_coro *co) {
    stops_frame *f = (stops_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    WA_TRY(co, &f->t) {
        WA_RAISE(co, wa_error_new(WA_STOP_ITERATION, "x"));
    }
    WA_EXCEPT(co, &f->t, WA_STOP_ITERATION) {
        if (!f->catch) WA_RERAISE(co, &f->t);
        char repr[64];
        wa_error_repr(f->t.caught, repr, sizeof repr);
        TRACE_NOW("caught inside: %s", repr);
    }
    WA_TRY_END(co, &f->t);
    WA_RETURN(co, wa_str("returned"));
    WA_END(co);
}

static const char *show(const wa_error *e) {
    static char text[256];
    char cause[64];
    wa_error_repr(wa_error_cause(e), cause, sizeof cause);
    snprintf(text, sizeof text, "%s: %s cause=%s context is cause: %s", wa_error_type_of(e)->name,
             wa_error_message(e), cause, yes(wa_error_context(e) == wa_error_cause(e)));
    return text;
}

typedef struct {
    wa_coro co;
    wa_task *task;
    wa_future *fut;
    wa_try t;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->task = WA_SPAWN(wa_get_running_loop(), stops, stops_frame);
    WA_TRY(co, &f->t) {
        WA_AWAIT(co, f->task);
    }
    WA_EXCEPT(co, &f->t, WA_RUNTIME_ERROR) {
        TRACE_NOW("task: %s", show(f->t.caught));
    }
    WA_TRY_END(co, &f->t);
    wa_task_unref(f->task);
    WA_TRY(co, &f->t) {
        WA_AWAIT_CALL(co, stops, stops_frame, .catch = false);
    }
    WA_EXCEPT(co, &f->t, WA_RUNTIME_ERROR) {
        TRACE_NOW("inline: %s", show(f->t.caught));
    }
    WA_TRY_END(co, &f->t);
    WA_AWAIT_CALL(co, stops, stops_frame, .catch = true);
    TRACE_NOW("caught: %s", co->value.as.buf.data);
    f->fut = wa_future_new(wa_get_running_loop());
    wa_future_set_exception(f->fut, wa_error_new(WA_STOP_ITERATION, NULL));
    {
        wa_error *e;
        wa_future_exception(f->fut, &e);
        TRACE_NOW("future: %s", show(e));
    }
    wa_future_unref(f->fut);
    WA_TRY(co, &f->t) {
        WA_AWAIT(co, NULL);
    }
    WA_EXCEPT(co, &f->t, WA_TYPE_ERROR) {
        TRACE_NOW("await None: %s: %s", wa_error_type_of(f->t.caught)->name, wa_error_message(f->t.caught));
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
