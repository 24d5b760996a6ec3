/* The same future passed to gather twice is watched once but reported at each
 * of its positions: gather(p, p, q) is still pending after p finishes, and
 * returns [p's, p's, q's]; a failing duplicate gives the same error object
 * twice; cancelling gather(p, p) cancels p once and still returns True. */
#include <inttypes.h>
#include <string.h>

#include "child.h"

typedef struct {
    wa_future *fut;
    const char *name, *value;
    wa_future **g;
} setter;

static void finish(wa_loop *loop, void *arg) {
    setter *s = arg;
    wa_future_set_result(s->fut, wa_str(s->value));
    TRACE(loop, "timer: %s.set_result(%s), gather done=%s", s->name, s->value, yes(wa_future_done(*s->g)));
}

static void check(wa_loop *loop, void *g) { TRACE(loop, "timer: gather done=%s", yes(wa_future_done(*(wa_future **)g))); }

typedef struct {
    wa_coro co;
    wa_future *p, *q, *r, *g;
    setter sp, sq;
    wa_task *e, *x;
    wa_future *futs[3];
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    const wa_value *items;
    WA_BEGIN(co);
    f->p = wa_future_new(loop);
    f->q = wa_future_new(loop);
    f->futs[0] = f->p;
    f->futs[1] = f->p;
    f->futs[2] = f->q;
    f->g = wa_future_ref(wa_gather(co, f->futs, 3, false));
    f->sp = (setter){f->p, "p", "P", &f->g};
    f->sq = (setter){f->q, "q", "Q", &f->g};
    wa_call_later(loop, 1, finish, &f->sp, NULL);
    wa_call_later(loop, 1.5, check, &f->g, NULL);
    wa_call_later(loop, 2, finish, &f->sq, NULL);
    TRACE_NOW("main: awaiting gather(p, p, q)");
    WA_AWAIT(co, f->g);
    TRACE_NOW("main: gather -> %s", fmt(&co->value));
    wa_future_unref(f->g);

    f->e = WA_SPAWN(loop, child, child_frame, .name = "e", .delay = 1, .fail = WA_VALUE_ERROR, .fail_msg = "e failed");
    f->x = WA_SPAWN(loop, child, child_frame, .name = "x", .delay = 0.5, .result = wa_str("X"));
    f->futs[0] = wa_task_future(f->e);
    f->futs[1] = wa_task_future(f->x);
    f->futs[2] = wa_task_future(f->e);
    WA_AWAIT(co, wa_gather(co, f->futs, 3, true));
    items = co->value.as.list.items;
    TRACE_NOW("main: gather(e, x, e) -> %s, same error object: %s", fmt(&co->value),
              yes(items[0].kind == WA_KIND_ERROR && items[2].kind == WA_KIND_ERROR && items[0].as.err == items[2].as.err));

    f->r = wa_future_new(loop);
    f->futs[0] = f->r;
    f->futs[1] = f->r;
    f->g = wa_future_ref(wa_gather(co, f->futs, 2, false));
    {
        bool r = wa_future_cancel(f->g, "dup");
        TRACE_NOW("main: gather(r, r).cancel('dup') -> %s, r.cancelled()=%s", yes(r), yes(wa_future_cancelled(f->r)));
    }
    WA_AWAIT_TRY(co, f->g, f->err);
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    TRACE_NOW("main: gather raised %s(%s), g.cancelled()=%s", wa_error_type_of(f->err)->name,
              wa_error_message(f->err), yes(wa_future_cancelled(f->g)));
    wa_future_unref(f->g);
    wa_future_unref(f->p);
    wa_future_unref(f->q);
    wa_future_unref(f->r);
    wa_task_unref(f->e);
    wa_task_unref(f->x);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
