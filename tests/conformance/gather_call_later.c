/* gather over plain futures that call_later callbacks resolve: the last
 * set_result runs the gather's done callback one iteration later, which
 * wakes the awaiter one iteration after that (two call_soon hops, seen
 * against a chain of call_soon ticks); a set_exception fails the gather at
 * once and leaves the other future pending. */
#include <inttypes.h>
#include <stdint.h>
#include <string.h>

#include "trace.h"

static void tick(wa_loop *loop, void *arg) {
    intptr_t n = (intptr_t)arg;
    TRACE(loop, "tick %d", (int)n);
    if (n < 3) wa_call_soon(loop, tick, (void *)(n + 1), NULL);
}

typedef struct {
    wa_future *fut;
    const char *name, *value;
    bool ticks;
} resolver;

static void resolve(wa_loop *loop, void *arg) {
    resolver *r = arg;
    TRACE(loop, "timer: %s.set_result(%s)", r->name, r->value);
    wa_future_set_result(r->fut, wa_str(r->value));
    if (r->ticks) wa_call_soon(loop, tick, (void *)(intptr_t)1, NULL);
}

static void fail_s(wa_loop *loop, void *s) {
    TRACE(loop, "timer: s.set_exception(ValueError(s bad))");
    wa_future_set_exception(s, wa_error_new(WA_VALUE_ERROR, "s bad"));
}

typedef struct {
    wa_coro co;
    wa_future *futs[3];
    resolver rp, rq, rr;
    wa_future *s, *t;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    wa_value v;
    WA_BEGIN(co);
    for (int i = 0; i < 3; i++) f->futs[i] = wa_future_new(loop);
    f->rp = (resolver){f->futs[0], "p", "P", false};
    f->rq = (resolver){f->futs[1], "q", "Q", false};
    f->rr = (resolver){f->futs[2], "r", "R", true};
    wa_call_later(loop, 2, resolve, &f->rp, NULL);
    wa_call_later(loop, 1, resolve, &f->rq, NULL);
    wa_call_later(loop, 3, resolve, &f->rr, NULL);
    TRACE_NOW("main: awaiting gather(p, q, r)");
    WA_AWAIT(co, wa_gather(co, f->futs, 3, false));
    TRACE_NOW("main: gather -> %s", fmt(&co->value));
    for (int i = 0; i < 3; i++) wa_future_unref(f->futs[i]);

    f->s = f->futs[0] = wa_future_new(loop);
    f->t = f->futs[1] = wa_future_new(loop);
    wa_call_later(loop, 1, fail_s, f->s, NULL);
    WA_AWAIT_TRY(co, wa_gather(co, f->futs, 2, false), f->err);
    if (!wa_error_is(f->err, WA_VALUE_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("main: gather(s, t) raised %s(%s), t.done()=%s", wa_error_type_of(f->err)->name,
              wa_error_message(f->err), yes(wa_future_done(f->t)));
    wa_future_set_result(f->t, wa_str("T"));
    WA_YIELD(co);
    wa_future_result(f->t, &v);
    TRACE_NOW("main: t -> %s", fmt(&v));
    wa_future_unref(f->s);
    wa_future_unref(f->t);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
