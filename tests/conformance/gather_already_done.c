/* A gather whose children are all done already is itself done when gather()
 * returns (its done callbacks ran eagerly), with their results or the first
 * error; awaiting it goes on (or raises) at once, without a loop iteration,
 * ahead of a task and a call_soon callback queued earlier. */
#include <inttypes.h>
#include <string.h>

#include "trace.h"

typedef struct {
    wa_coro co;
} plain_frame;

static wa_status sibling(wa_coro *co) {
    WA_BEGIN(co);
    TRACE_NOW("sibling: first step");
    WA_END(co);
}

static wa_status quick(wa_coro *co) {
    WA_BEGIN(co);
    WA_RETURN(co, wa_str("Q"));
    WA_END(co);
}

static void callback(wa_loop *loop, void *arg) {
    (void)arg;
    TRACE(loop, "call_soon callback");
}

typedef struct {
    wa_coro co;
    wa_task *q, *s;
    wa_future *p, *e, *g;
    wa_future *futs[3];
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_error *exc;
    WA_BEGIN(co);
    f->q = WA_SPAWN(loop, quick, plain_frame);
    WA_AWAIT(co, f->q);
    f->p = wa_future_new(loop);
    wa_future_set_result(f->p, wa_str("P"));
    f->e = wa_future_new(loop);
    wa_future_set_exception(f->e, wa_error_new(WA_VALUE_ERROR, "early"));
    f->s = WA_SPAWN(loop, sibling, plain_frame);
    wa_call_soon(loop, callback, NULL, NULL);

    f->futs[0] = f->p;
    f->futs[1] = wa_task_future(f->q);
    f->g = wa_future_ref(wa_gather(co, f->futs, 2, false));
    TRACE_NOW("main: gather(p, q) done=%s", yes(wa_future_done(f->g)));
    WA_AWAIT(co, f->g);
    TRACE_NOW("main: await -> %s", fmt(&co->value));
    wa_future_unref(f->g);

    f->futs[0] = f->p;
    f->futs[1] = f->e;
    f->futs[2] = wa_task_future(f->q);
    f->g = wa_future_ref(wa_gather(co, f->futs, 3, false));
    wa_future_exception(f->g, &exc);
    TRACE_NOW("main: gather(p, e, q) done=%s exception=%s(%s)", yes(wa_future_done(f->g)),
              wa_error_type_of(exc)->name, wa_error_message(exc));
    WA_AWAIT_TRY(co, f->g, f->err);
    if (!wa_error_is(f->err, WA_VALUE_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("main: await raised %s(%s)", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    wa_future_unref(f->g);

    f->futs[0] = f->e;
    f->futs[1] = f->p;
    f->g = wa_future_ref(wa_gather(co, f->futs, 2, true));
    TRACE_NOW("main: gather(e, p, return_exceptions=True) done=%s", yes(wa_future_done(f->g)));
    WA_AWAIT(co, f->g);
    TRACE_NOW("main: await -> %s", fmt(&co->value));
    wa_future_unref(f->g);
    TRACE_NOW("main: yielding with sleep(0)");
    WA_YIELD(co);
    TRACE_NOW("main: resumed");
    WA_AWAIT(co, f->s);
    wa_future_unref(f->p);
    wa_future_unref(f->e);
    wa_task_unref(f->q);
    wa_task_unref(f->s);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
