/* asend: the value sent becomes the value of the yield expression inside
 * the generator, between awaits of its own; anext sends None.  The first
 * send must be None (TypeError, and the generator stays unstarted); a
 * finished generator raises StopAsyncIteration; while one task is inside
 * asend, another task's asend raises RuntimeError ("already running"). */
#include <inttypes.h>

#include "trace.h"

/* repr() of what the scenario sends: None, an int or a str */
static const char *repr(const wa_value *v) {
    static char buf[80];
    if (v->kind != WA_KIND_STR) return fmt(v);
    snprintf(buf, sizeof buf, "'%.64s'", v->as.buf.data);
    return buf;
}

typedef struct {
    wa_coro co;
    int64_t total, count, value;
    wa_value average;
} averager_frame;

static wa_status averager(wa_coro *co) {
    averager_frame *f = (averager_frame *)co;
    WA_BEGIN(co);
    for (;;) {
        WA_YIELD_VALUE(co, f->average);
        TRACE_NOW("gen: got %s", repr(&co->value));
        if (co->value.kind == WA_KIND_NONE) {
            TRACE_NOW("gen: None ends it");
            WA_RETURN(co, wa_none());
        }
        /* the sent value is a view until the next await: keep what we need */
        f->value = co->value.kind == WA_KIND_STR ? (int64_t)co->value.as.buf.len : co->value.as.i;
        WA_AWAIT(co, wa_sleep(co, 0.5));
        f->total += f->value;
        f->count++;
        f->average = wa_int(f->total / f->count);
    }
    WA_END(co);
}

/* report()'s two endings, after `await aw` */
static void report(const char *label, wa_coro *co, const wa_error *err) {
    if (err)
        TRACE_NOW("%s: %s: %s", label, wa_error_type_of(err)->name, wa_error_message(err));
    else
        TRACE_NOW("%s: %s", label, repr(&co->value));
}

static bool expected(const wa_error *err) {
    return !err || wa_error_is(err, WA_TYPE_ERROR) || wa_error_is(err, WA_RUNTIME_ERROR) ||
           wa_error_is(err, WA_STOP_ASYNC_ITERATION);
}

typedef struct {
    wa_coro co;
    wa_agen *gen;
    wa_error *err;
} sender_frame;

/* report("task asend 6", gen.asend(6)) */
static wa_status sender(wa_coro *co) {
    sender_frame *f = (sender_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_agen_asend(co, f->gen, wa_int(6)), f->err);
    if (!expected(f->err)) WA_RAISE(co, wa_error_ref(f->err));
    report("task asend 6", co, f->err);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_agen *gen;
    wa_task *t;
    wa_error *err;
} main_frame;

/* each await as report() makes it: the expected errors are traced, others raised */
#define REPORT(label, aw)                                                      \
    do {                                                                       \
        WA_AWAIT_TRY(co, aw, f->err);                                          \
        if (!expected(f->err)) WA_RAISE(co, wa_error_ref(f->err));             \
        report(label, co, f->err);                                             \
    } while (0)

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->gen = WA_AGEN(loop, averager, averager_frame);
    REPORT("asend 10 first", wa_agen_asend(co, f->gen, wa_int(10)));
    REPORT("asend None", wa_agen_asend(co, f->gen, wa_none()));
    REPORT("asend 10", wa_agen_asend(co, f->gen, wa_int(10)));
    REPORT("asend 'hello'", wa_agen_asend(co, f->gen, wa_str("hello")));
    REPORT("asend 31", wa_agen_asend(co, f->gen, wa_int(31)));
    f->t = WA_SPAWN(loop, sender, sender_frame, .gen = f->gen);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    REPORT("asend 1 meanwhile", wa_agen_asend(co, f->gen, wa_int(1)));
    REPORT("anext meanwhile", wa_agen_next(co, f->gen));
    WA_AWAIT(co, f->t);
    wa_task_unref(f->t);
    REPORT("anext", wa_agen_next(co, f->gen));
    REPORT("asend 5 after", wa_agen_asend(co, f->gen, wa_int(5)));
    REPORT("anext after", wa_agen_next(co, f->gen));
    wa_agen_free(f->gen);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
