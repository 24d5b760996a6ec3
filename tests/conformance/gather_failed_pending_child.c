/* A gather fails at once with its first failing child while another child
 * stays pending; the program drops that child unfinished, and completes a
 * third one with an error later, which the gather still retrieves (no
 * "exception was never retrieved").  Nothing of it may stay allocated. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_future *futs[3];     /* never, fails, later */
    wa_error *err;
} main_frame;

static void fail(wa_loop *loop, void *arg) {
    (void)loop;
    wa_future_set_exception(arg, wa_error_new(WA_VALUE_ERROR, "boom"));
}

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    for (int i = 0; i < 3; i++) f->futs[i] = wa_future_new(wa_get_running_loop());
    wa_call_later(wa_get_running_loop(), 1, fail, f->futs[1], NULL);
    WA_AWAIT_TRY(co, wa_gather(co, f->futs, 3, false), f->err);
    if (f->err) TRACE_NOW("main: gather raised %s(%s)", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    wa_future_set_exception(f->futs[2], wa_error_new(WA_KEY_ERROR, "late"));
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("main: later done: %s, never done: %s", yes(wa_future_done(f->futs[2])), yes(wa_future_done(f->futs[0])));
    wa_future_unref(f->futs[0]);
    wa_future_unref(f->futs[2]);
    WA_YIELD(co);
    TRACE_NOW("main: done");
    wa_future_unref(f->futs[1]);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
