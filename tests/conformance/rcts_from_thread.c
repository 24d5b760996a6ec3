/* run_coroutine_threadsafe from another thread (an asyncio.to_thread
 * worker): result() blocks that thread until the coroutine, run on the
 * loop, returns; the value arrives whole (a string the coroutine built),
 * an exception is raised with its type and message (and exception()
 * returns it); result(timeout=0) raises TimeoutError while the coroutine
 * waits; a closed loop refuses with RuntimeError("Event loop is closed").
 * native-only: threads */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    char text[64];
} greet_frame;

static wa_status greet(wa_coro *co) {
    greet_frame *f = (greet_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0));
    snprintf(f->text, sizeof f->text, "hello %s, from the loop", f->name);
    WA_RETURN(co, wa_str(f->text));      /* the frame goes with the task: the future has a copy */
    WA_END(co);
}

typedef struct {
    wa_coro co;
    int n;
} fail_frame;

static wa_status fail(wa_coro *co) {
    fail_frame *f = (fail_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0));
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "bad input %d", f->n));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_event *gate;
} gate_frame;

static wa_status wait_gate(wa_coro *co) {
    gate_frame *f = (gate_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_event_wait(co, f->gate));
    WA_RETURN(co, wa_str("the gate opened"));
    WA_END(co);
}

typedef struct {
    wa_loop *loop;
    wa_event *gate;
    conf_lines out;
} shared;

static void set_gate(wa_loop *loop, void *arg) {
    (void)loop;
    wa_event_set(arg);
}

static wa_value in_thread(void *arg, wa_error **error) {
    (void)error;
    shared *s = arg;
    wa_value v;
    wa_error *err;
    wa_cfuture *f = WA_RUN_COROUTINE_THREADSAFE(s->loop, greet, greet_frame, .name = "thread");
    wa_cfuture_result(f, WA_NO_TIMEOUT, &v, NULL);
    lines_add(&s->out, "greet: %s", v.as.buf.data);
    wa_cfuture_unref(f);

    f = WA_RUN_COROUTINE_THREADSAFE(s->loop, fail, fail_frame, .n = 7);
    if (wa_cfuture_result(f, WA_NO_TIMEOUT, &v, &err) == WA_EEXCEPTION)
        lines_add(&s->out, "fail: result() raised %s(%s)", wa_error_type_of(err)->name, wa_error_message(err));
    wa_error_unref(err);
    wa_cfuture_exception(f, WA_NO_TIMEOUT, &err, NULL);
    lines_add(&s->out, "fail: exception() -> %s(%s), done=%s", wa_error_type_of(err)->name, wa_error_message(err),
         yes(wa_cfuture_done(f)));
    wa_error_unref(err);
    wa_cfuture_unref(f);

    f = WA_RUN_COROUTINE_THREADSAFE(s->loop, wait_gate, gate_frame, .gate = s->gate);
    if (wa_cfuture_result(f, 0, &v, &err) == WA_EEXCEPTION && wa_error_is(err, WA_TIMEOUT_ERROR))
        lines_add(&s->out, "wait_gate: result(timeout=0) raised TimeoutError, done=%s", yes(wa_cfuture_done(f)));
    wa_error_unref(err);
    wa_call_soon_threadsafe(s->loop, set_gate, s->gate);
    wa_cfuture_result(f, WA_NO_TIMEOUT, &v, NULL);
    lines_add(&s->out, "wait_gate: %s", v.as.buf.data);
    wa_cfuture_unref(f);

    wa_loop *closed = wa_loop_new(NULL);
    wa_loop_close(closed);
    f = WA_RUN_COROUTINE_THREADSAFE(closed, greet, greet_frame, .name = "nobody");
    if (wa_cfuture_result(f, WA_NO_TIMEOUT, &v, &err) == WA_EEXCEPTION)
        lines_add(&s->out, "closed loop: %s(%s)", wa_error_type_of(err)->name, wa_error_message(err));
    wa_error_unref(err);
    wa_cfuture_unref(f);
    wa_loop_free(closed);
    return wa_none();
}

typedef struct {
    wa_coro co;
    shared s;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->s.loop = wa_get_running_loop();
    f->s.gate = wa_event_new(f->s.loop);
    WA_AWAIT(co, wa_to_thread(co, in_thread, &f->s));
    printf("%s", f->s.out.text);
    wa_event_free(f->s.gate);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN_REAL(main_step, main_frame);
}
