/* except* ValueError around a TaskGroup handles the group's ValueErrors,
 * awaiting in the handler; the rest goes on as a group with the same
 * message, which the caller catches. */
#include "trace.h"

/* Python's list repr of the children: "['a', 'b']", or with types. */
static const char *children(const wa_error *eg, bool types) {
    static char buf[256];
    size_t at = 0;
    buf[at++] = '[';
    for (size_t i = 0; i < wa_error_group_size(eg); i++) {
        wa_error *e = wa_error_group_child(eg, i);
        if (types)
            at += snprintf(buf + at, sizeof buf - at, "%s'%s(%s)'", i ? ", " : "", wa_error_type_of(e)->name,
                           wa_error_message(e));
        else
            at += snprintf(buf + at, sizeof buf - at, "%s'%s'", i ? ", " : "", wa_error_message(e));
    }
    snprintf(buf + at, sizeof buf - at, "]");
    return buf;
}

typedef struct {
    wa_coro co;
    const wa_error_type *type;
    const char *msg;
} fail_frame;

static wa_status fail(wa_coro *co) {
    fail_frame *f = (fail_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 1));
    WA_RAISE(co, wa_error_new(f->type, "%s", f->msg));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_taskgroup tg;
    wa_try t;
} frame;

static wa_status group(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
            WA_GROUP_SPAWN(&f->tg, fail, fail_frame, .type = WA_VALUE_ERROR, .msg = "v1");
            WA_GROUP_SPAWN(&f->tg, fail, fail_frame, .type = WA_TYPE_ERROR, .msg = "t1");
            WA_GROUP_SPAWN(&f->tg, fail, fail_frame, .type = WA_VALUE_ERROR, .msg = "v2");
        }
        WA_WITH_END(co);
    }
    WA_EXCEPT_STAR(co, &f->t, WA_VALUE_ERROR) {
        TRACE_NOW("group: except* ValueError: %s %s", wa_error_message(f->t.caught), children(f->t.caught, false));
        WA_AWAIT(co, wa_sleep(co, 0.5));
        TRACE_NOW("group: handler done");
    }
    WA_TRY_END(co, &f->t);
    TRACE_NOW("group: not reached");
    WA_END(co);
}

static wa_status main_step(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_AWAIT_CALL(co, group, frame);
    }
    WA_EXCEPT(co, &f->t, WA_EXCEPTION_GROUP) {
        TRACE_NOW("main: %s %s", wa_error_message(f->t.caught), children(f->t.caught, true));
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, frame);
}
