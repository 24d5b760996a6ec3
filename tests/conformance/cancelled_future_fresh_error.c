/* Each await of a cancelled future raises a new CancelledError with the
 * cancel message: one raised in the handler of a wait_for's TimeoutError is
 * not that TimeoutError's cause, which would make a reference cycle. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_future *f, *g;
    wa_try t;
    wa_error *err, *first, *second;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->f = wa_future_new(wa_get_running_loop());
    WA_TRY(co, &f->t) {
        WA_AWAIT(co, wa_wait_for(co, f->f, 0.5));
    }
    WA_EXCEPT(co, &f->t, WA_TIMEOUT_ERROR) {
        TRACE_NOW("main: TimeoutError caused by %s", wa_error_type_of(wa_error_cause(f->t.caught))->name);
        WA_AWAIT_TRY(co, f->f, f->err);
        TRACE_NOW("main: CancelledError(%s) again, the cause: %s, its context the TimeoutError: %s",
                  wa_error_message(f->err), yes(f->err == wa_error_cause(f->t.caught)),
                  yes(wa_error_context(f->err) == f->t.caught));
    }
    WA_TRY_END(co, &f->t);
    f->g = wa_future_new(wa_get_running_loop());
    wa_future_cancel(f->g, "stop");
    WA_AWAIT_TRY(co, f->g, f->first);
    f->first = wa_error_ref(f->first);
    WA_AWAIT_TRY(co, f->g, f->second);
    TRACE_NOW("main: %s and %s, the same: %s", wa_error_message(f->first), wa_error_message(f->second),
              yes(f->first == f->second));
    wa_error_unref(f->first);
    wa_future_unref(f->f);
    wa_future_unref(f->g);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
