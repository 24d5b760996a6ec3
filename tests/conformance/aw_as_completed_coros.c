/* as_completed of coroutines, with a timeout: each becomes a task the
 * iterator owns; nexts give them as they finish (awaited for their
 * results), then TimeoutError; the task still running goes on to its end.
 * (asyncio makes the tasks in a set's order, so nothing here depends on
 * which was made first.) */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    double delay;
} child_frame;

static wa_status child(wa_coro *co) {
    child_frame *f = (child_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    TRACE_NOW("%s: done", f->name);
    WA_RETURN(co, wa_str(f->name));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_as_completed *ac;
    wa_future *next;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    {
        wa_aw kids[] = {WA_CORO(child, child_frame, .name = "a", .delay = 3),
                        WA_CORO(child, child_frame, .name = "b", .delay = 1),
                        WA_CORO(child, child_frame, .name = "c", .delay = 2)};
        f->ac = wa_as_completed_new(co, kids, 3, 2.5);
    }
    while (wa_as_completed_left(f->ac)) {
        WA_AWAIT_TRY(co, wa_as_completed_next(co, f->ac), f->err);
        if (f->err) {
            TRACE_NOW("main: next raised %s", wa_error_type_of(f->err)->name);
            break;
        }
        f->next = co->value.as.ptr.p;
        WA_AWAIT(co, f->next);
        TRACE_NOW("main: next -> %s", fmt(&co->value));
    }
    wa_as_completed_free(f->ac);
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: end");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
