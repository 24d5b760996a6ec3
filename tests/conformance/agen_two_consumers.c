/* One async generator consumed by two tasks one after the other: its code
 * runs inside whichever task awaits anext (current_task() is that task),
 * and the second task picks up where the first broke off.  While one task
 * is inside anext, another task's anext raises RuntimeError ("already
 * running") without disturbing it. */
#include <inttypes.h>

#include "trace.h"

static const char *me(void) { return wa_task_name(wa_current_task(wa_get_running_loop())); }

typedef struct {
    wa_coro co;
    int i;
} source_frame;

static wa_status source(wa_coro *co) {
    source_frame *f = (source_frame *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < 4; f->i++) {
        WA_AWAIT(co, wa_sleep(co, 0.1));
        TRACE_NOW("gen: yielding %d in %s", f->i, me());
        WA_YIELD_VALUE(co, wa_int(f->i));
    }
    TRACE_NOW("gen: exhausted in %s", me());
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_agen *gen;
    wa_error *err;
} consumer_frame;

static wa_status first(wa_coro *co) {
    consumer_frame *f = (consumer_frame *)co;
    WA_BEGIN(co);
    WA_ASYNC_FOR(co, wa_agen_next(co, f->gen)) {
        TRACE_NOW("%s: got %" PRId64, me(), co->value.as.i);
        if (co->value.as.i == 1) break;
    }
    WA_ASYNC_FOR_END(co);
    TRACE_NOW("%s: done", me());
    WA_END(co);
}

static wa_status second(wa_coro *co) {
    consumer_frame *f = (consumer_frame *)co;
    WA_BEGIN(co);
    WA_ASYNC_FOR(co, wa_agen_next(co, f->gen)) {
        TRACE_NOW("%s: got %" PRId64, me(), co->value.as.i);
    }
    WA_ASYNC_FOR_END(co);
    TRACE_NOW("%s: done", me());
    WA_END(co);
}

static wa_status take(wa_coro *co) {
    consumer_frame *f = (consumer_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_agen_next(co, f->gen), f->err);
    if (f->err && !wa_error_is(f->err, WA_RUNTIME_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("%s: %s: %s", me(), wa_error_type_of(f->err)->name, wa_error_message(f->err));
    else
        TRACE_NOW("%s: got %" PRId64, me(), co->value.as.i);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_agen *gen, *gen2;
    wa_task *t, *c, *d;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->gen = WA_AGEN(loop, source, source_frame);
    f->t = WA_SPAWN_NAMED(loop, "A", first, consumer_frame, .gen = f->gen);
    WA_AWAIT(co, f->t);
    wa_task_unref(f->t);
    WA_AWAIT(co, wa_sleep(co, 1));
    f->t = WA_SPAWN_NAMED(loop, "B", second, consumer_frame, .gen = f->gen);
    WA_AWAIT(co, f->t);
    wa_task_unref(f->t);
    f->gen2 = WA_AGEN(loop, source, source_frame);
    f->c = WA_SPAWN_NAMED(loop, "C", take, consumer_frame, .gen = f->gen2);
    f->d = WA_SPAWN_NAMED(loop, "D", take, consumer_frame, .gen = f->gen2);
    WA_AWAIT(co, f->c);
    WA_AWAIT(co, f->d);
    WA_AWAIT(co, wa_agen_aclose(co, f->gen2));
    wa_task_unref(f->c);
    wa_task_unref(f->d);
    wa_agen_free(f->gen);
    wa_agen_free(f->gen2);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
