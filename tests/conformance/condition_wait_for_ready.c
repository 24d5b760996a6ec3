/* A predicate already true makes wait_for return its value at once: the
 * lock stays held, nothing waits, and other tasks do not get to run in
 * between; a list value is returned as it is. */
#include <inttypes.h>

#include "trace.h"

static const wa_value items[2] = {{WA_KIND_INT, {.i = 1}}, {WA_KIND_INT, {.i = 2}}};

static wa_value get_items(void *arg) {
    (void)arg;
    return wa_list(items, 2);
}

typedef struct {
    wa_coro co;
} other_frame;

static wa_status other(wa_coro *co) {
    WA_BEGIN(co);
    TRACE_NOW("other: runs");
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_condition *cond;
    wa_task *t;
    wa_guard guard;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->cond = wa_condition_new(wa_get_running_loop(), NULL);
    f->t = WA_SPAWN(wa_get_running_loop(), other, other_frame);
    WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
        WA_AWAIT(co, wa_condition_wait_for(co, f->cond, get_items, NULL));
        TRACE_NOW("main: wait_for -> [%" PRId64 ", %" PRId64 "], locked=%s", co->value.as.list.items[0].as.i,
                  co->value.as.list.items[1].as.i, yes(wa_lock_locked(wa_condition_lock(f->cond))));
    }
    WA_WITH_END(co);
    TRACE_NOW("main: other done=%s", yes(wa_future_done(wa_task_future(f->t))));
    WA_AWAIT(co, f->t);
    wa_task_unref(f->t);
    wa_condition_free(f->cond);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
