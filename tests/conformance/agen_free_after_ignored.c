/* A generator that ignored the GeneratorExit of an aclose() is marked
 * closed, so another aclose() does not resume it; but once dropped, it is
 * closed again (CPython's finalizer throws GeneratorExit in once more), it
 * ignores that too, and is gone: nothing of it runs after.  (CPython prints
 * that RuntimeError as "Exception ignored in"; here the loop's exception
 * handler reports it, on stderr.) */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    int64_t n;
    wa_try t;
} stubborn_frame;

static wa_status stubborn(wa_coro *co) {
    stubborn_frame *f = (stubborn_frame *)co;
    WA_BEGIN(co);
    for (;;) {
        WA_TRY(co, &f->t) {
            WA_YIELD_VALUE(co, wa_int(f->n));
        }
        WA_EXCEPT(co, &f->t, WA_GENERATOR_EXIT) {
            TRACE_NOW("gen: ignoring GeneratorExit #%" PRId64, f->n);
        }
        WA_TRY_END(co, &f->t);
        f->n++;
    }
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_agen *g;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->g = WA_AGEN(wa_get_running_loop(), stubborn, stubborn_frame);
    WA_AWAIT(co, wa_agen_next(co, f->g));
    TRACE_NOW("main: got %" PRId64, co->value.as.i);
    WA_AWAIT_TRY(co, wa_agen_aclose(co, f->g), f->err);
    if (!wa_error_is(f->err, WA_RUNTIME_ERROR)) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "expected RuntimeError"));
    TRACE_NOW("main: aclose raised %s", wa_error_message(f->err));
    WA_AWAIT_TRY(co, wa_agen_aclose(co, f->g), f->err);
    if (wa_error_is(f->err, WA_STOP_ASYNC_ITERATION)) TRACE_NOW("main: second aclose raised StopAsyncIteration");
    WA_AWAIT(co, wa_agen_next(co, f->g));
    TRACE_NOW("main: anext still gives %" PRId64, co->value.as.i);
    wa_agen_free(f->g);
    f->g = NULL;
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: done");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
