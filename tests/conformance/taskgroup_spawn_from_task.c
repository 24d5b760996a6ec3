/* A task of a TaskGroup may create more tasks in the same group, while the
 * body runs and also after the body has ended while the group's exit waits
 * (the group is not finished while it has tasks).  The exit waits for those
 * late tasks too: the group ends at 4.5, when the last one finishes. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    double delay;
} child_frame;

static wa_status child(wa_coro *co) {
    child_frame *f = (child_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: start, sleeping %.1f", f->name, f->delay);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    TRACE_NOW("%s: done", f->name);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_taskgroup *tg;
    const char *name, *child_name;
    double delay, child_delay;
} spawner_frame;

static wa_status spawner(wa_coro *co) {
    spawner_frame *f = (spawner_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: start, sleeping %.1f", f->name, f->delay);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    if (!WA_GROUP_SPAWN(f->tg, child, child_frame, .name = f->child_name, .delay = f->child_delay))
        WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "%s", wa_last_error()));
    TRACE_NOW("%s: created %s, returning", f->name, f->child_name);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_taskgroup tg;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        WA_GROUP_SPAWN(&f->tg, spawner, spawner_frame, .tg = &f->tg, .name = "a", .delay = 1.0,
                       .child_name = "a.child", .child_delay = 2.0);
        WA_GROUP_SPAWN(&f->tg, spawner, spawner_frame, .tg = &f->tg, .name = "b", .delay = 3.5,
                       .child_name = "b.child", .child_delay = 1.0);
        TRACE_NOW("body: sleeping 2.0");
        WA_AWAIT(co, wa_sleep(co, 2.0));
        TRACE_NOW("body: leaving");
    }
    WA_WITH_END(co);
    TRACE_NOW("main: group exited");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
