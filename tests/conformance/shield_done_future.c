/* shield of a future that is already done (result, error or cancelled) or
 * of a finished task returns that very object, and awaiting it gives its
 * outcome; a pending future gets a new outer future instead, which follows
 * the inner's result. */
#include "trace.h"

typedef struct {
    wa_coro co;
} quick_frame;

static wa_status quick(wa_coro *co) {
    WA_BEGIN(co);
    WA_RETURN(co, wa_str("quick"));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_future *fut;     /* the inner, ours */
    wa_future *s;       /* the shield, owned by the frame until the next await */
    wa_task *t;
    bool same;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->fut = wa_future_new(loop);
    wa_future_set_result(f->fut, wa_str("ready"));
    f->s = wa_shield(co, f->fut);
    f->same = f->s == f->fut;
    WA_AWAIT(co, f->s);
    TRACE_NOW("shield(done future) is it: %s, awaited -> %s", yes(f->same), co->value.as.buf.data);
    wa_future_unref(f->fut);

    f->t = WA_SPAWN(loop, quick, quick_frame);
    WA_YIELD(co);
    f->s = wa_shield(co, f->t);
    f->same = f->s == wa_task_future(f->t);
    WA_AWAIT(co, f->s);
    TRACE_NOW("shield(finished task) is it: %s, awaited -> %s", yes(f->same), co->value.as.buf.data);
    wa_task_unref(f->t);

    f->fut = wa_future_new(loop);
    wa_future_set_exception(f->fut, wa_error_new(WA_VALUE_ERROR, "broken"));
    f->s = wa_shield(co, f->fut);
    f->same = f->s == f->fut;
    WA_AWAIT_TRY(co, f->s, f->err);
    if (f->err && !wa_error_is(f->err, WA_VALUE_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("shield(failed future) is it: %s, awaited raised %s: %s", yes(f->same),
                  wa_error_type_of(f->err)->name, wa_error_message(f->err));
    wa_future_unref(f->fut);

    f->fut = wa_future_new(loop);
    wa_future_cancel(f->fut, NULL);
    f->s = wa_shield(co, f->fut);
    f->same = f->s == f->fut;
    WA_AWAIT_TRY(co, f->s, f->err);
    if (f->err && !wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("shield(cancelled future) is it: %s, awaited raised CancelledError", yes(f->same));
    wa_future_unref(f->fut);

    f->fut = wa_future_new(loop);
    f->s = wa_shield(co, f->fut);
    TRACE_NOW("shield(pending future) is it: %s", yes(f->s == f->fut));
    wa_future_set_result(f->fut, wa_str("later"));
    WA_AWAIT(co, f->s);
    TRACE_NOW("awaited -> %s", co->value.as.buf.data);
    wa_future_unref(f->fut);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
