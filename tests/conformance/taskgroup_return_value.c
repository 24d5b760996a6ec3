/* A `return` from inside a TaskGroup's body does not end the coroutine at
 * once: the group's exit first waits for every task, then the value is
 * returned.  If a task fails while the exit waits, the group's
 * ExceptionGroup replaces the return value. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    double delay;
} work_frame;

static wa_status work(wa_coro *co) {
    work_frame *f = (work_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    TRACE_NOW("%s: done", f->name);
    WA_END(co);
}

static wa_status fail(wa_coro *co) {
    work_frame *f = (work_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    TRACE_NOW("fail: raising ValueError");
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "late failure"));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    int64_t value;
    bool failing;
    wa_taskgroup tg;
} compute_frame;

static wa_status compute(wa_coro *co) {
    compute_frame *f = (compute_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        WA_GROUP_SPAWN(&f->tg, work, work_frame, .name = "a", .delay = 1);
        if (f->failing)
            WA_GROUP_SPAWN(&f->tg, fail, work_frame, .delay = 0.5);
        else
            WA_GROUP_SPAWN(&f->tg, work, work_frame, .name = "b", .delay = 2);
        TRACE_NOW("compute: returning %" PRId64 " from inside the group", f->value);
        WA_RETURN(co, wa_int(f->value));
    }
    WA_WITH_END(co);
    TRACE_NOW("compute: not reached");
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL(co, compute, compute_frame, .value = 42);
    TRACE_NOW("main: compute returned %" PRId64, co->value.as.i);
    WA_AWAIT_CALL_TRY(co, f->err, compute, compute_frame, .value = 7, .failing = true);
    if (!f->err) TRACE_NOW("main: compute returned %" PRId64, co->value.as.i);
    if (f->err && !wa_error_is(f->err, WA_EXCEPTION_GROUP)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) {
        TRACE_NOW("main: compute raised %s: %s (%zu)", wa_error_type_of(f->err)->name, wa_error_message(f->err),
                  wa_error_group_size(f->err));
        for (size_t i = 0; i < wa_error_group_size(f->err); i++) {
            wa_error *e = wa_error_group_child(f->err, i);
            TRACE_NOW("main:   %s: %s", wa_error_type_of(e)->name, wa_error_message(e));
        }
    }
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
