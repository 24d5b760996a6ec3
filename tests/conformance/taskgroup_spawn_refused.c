/* TaskGroup.create_task raises RuntimeError when the group was never entered,
 * while it shuts down after a failure (from the cancelled body and from a
 * cancelled sibling's cleanup), and once the group has finished; the other
 * tasks are unaffected; only the task created in the body runs. */
#include "trace.h"

/* wa_taskgroup_spawn returns NULL with WA_EINVALIDSTATE where Python raises
 * RuntimeError, whose words are wa_last_error()'s. */
typedef struct {
    wa_coro co;
    wa_taskgroup *tg;
    wa_error *err;
} frame;

static wa_status extra(wa_coro *co) {
    WA_BEGIN(co);
    TRACE_NOW("extra: runs");
    WA_END(co);
}

static void try_spawn(const char *who, wa_taskgroup *tg) {
    if (WA_GROUP_SPAWN(tg, extra, frame))
        TRACE_NOW("%s: created a task", who);
    else
        TRACE_NOW("%s: RuntimeError: %s", who, last_error_words());
}

static wa_status failer(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("failer: raising ValueError");
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "boom"));
    WA_END(co);
}

static wa_status sibling(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
    if (wa_error_is(f->err, WA_CANCELLED_ERROR)) try_spawn("sibling", f->tg);
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    WA_END(co);
}

static wa_status group(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_taskgroup_enter(co, f->tg)) {
        try_spawn("body", f->tg);
        WA_GROUP_SPAWN(f->tg, failer, frame);
        WA_GROUP_SPAWN(f->tg, sibling, frame, .tg = f->tg);
        WA_AWAIT_TRY(co, wa_sleep(co, 10), f->err);
        if (wa_error_is(f->err, WA_CANCELLED_ERROR)) try_spawn("cancelled body", f->tg);
        if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_taskgroup tg;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    try_spawn("main before entering", &f->tg);
    WA_AWAIT_CALL_TRY(co, f->err, group, frame, .tg = &f->tg);
    if (f->err && !wa_error_is(f->err, WA_EXCEPTION_GROUP)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("main: caught %s (%zu)", wa_error_type_of(f->err)->name, wa_error_group_size(f->err));
    try_spawn("main after exit", &f->tg);
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: done");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
