/* A TaskGroup's ExceptionGroup caught by `except ExceptionGroup` around the
 * async with, in the same coroutine: the sibling is cancelled (its finally
 * runs) and the handler sees both failures. */
#include "trace.h"

typedef struct {
    wa_coro co;
    int n;
    wa_try t;
} frame;

static wa_status fail(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 1));
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "task %d", f->n));
    WA_END(co);
}

static wa_status slow(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_AWAIT(co, wa_sleep(co, 10));
    }
    WA_FINALLY(co, &f->t) {
        TRACE_NOW("slow: finally (cancelled)");
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_taskgroup tg;
    wa_try t;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
            WA_GROUP_SPAWN(&f->tg, fail, frame, .n = 1);
            WA_GROUP_SPAWN(&f->tg, slow, frame);
            WA_GROUP_SPAWN(&f->tg, fail, frame, .n = 2);
        }
        WA_WITH_END(co);
    }
    WA_EXCEPT(co, &f->t, WA_EXCEPTION_GROUP) {
        char list[256] = "";
        for (size_t i = 0; i < wa_error_group_size(f->t.caught); i++) {
            size_t at = strlen(list);
            snprintf(list + at, sizeof list - at, "%s'%s'", i ? ", " : "",
                     wa_error_message(wa_error_group_child(f->t.caught, i)));
        }
        TRACE_NOW("main: %s: [%s]", wa_error_message(f->t.caught), list);
    }
    WA_FINALLY(co, &f->t) {
        TRACE_NOW("main: finally");
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
