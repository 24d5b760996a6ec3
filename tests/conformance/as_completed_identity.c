/* Iterated with `async for` (3.13), as_completed yields the very futures and
 * tasks it was given, done, in completion order: a plain future and tasks
 * can be told apart by identity, and their results read without waiting. */
#include "trace.h"

#define N 3

typedef struct {
    wa_coro co;
    double delay;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    TRACE_NOW("%s: finished", wa_task_name(co->task));
    WA_RETURN(co, wa_double(f->delay));
    WA_END(co);
}

static void set_result(wa_loop *loop, void *arg) {
    (void)loop;
    wa_future_set_result(arg, wa_str("from a callback"));
}

typedef struct {
    wa_coro co;
    wa_task *slow, *fast;
    wa_future *fut;
    wa_future *futs[N];
    wa_as_completed *ac;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    static const char *const names[N] = {"slow", "fut", "fast"};
    wa_future *got;
    const char *name;
    wa_value v;
    char text[32];
    WA_BEGIN(co);
    f->fut = wa_future_new(loop);
    wa_call_later(loop, 0.2, set_result, f->fut, NULL);
    f->slow = WA_SPAWN_NAMED(loop, "slow", worker, worker_frame, .delay = 0.3);
    f->fast = WA_SPAWN_NAMED(loop, "fast", worker, worker_frame, .delay = 0.1);
    f->futs[0] = wa_task_future(f->slow);
    f->futs[1] = f->fut;
    f->futs[2] = wa_task_future(f->fast);
    f->ac = wa_as_completed_new(co, f->futs, N, WA_NO_TIMEOUT);
    while (wa_as_completed_left(f->ac)) {
        WA_AWAIT(co, wa_as_completed_next(co, f->ac));
        got = co->value.as.ptr.p;
        name = "a new object";
        for (int i = 0; i < N; i++)
            if (f->futs[i] == got) name = names[i];
        wa_future_result(got, &v);
        if (v.kind == WA_KIND_STR)
            snprintf(text, sizeof text, "%s", v.as.buf.data);
        else
            snprintf(text, sizeof text, "%.1f", v.as.d);
        TRACE_NOW("main: got %s, done=%s, result=%s", name, yes(wa_future_done(got)), text);
    }
    wa_as_completed_free(f->ac);
    TRACE_NOW("main: iteration over");
    wa_future_unref(f->fut);
    wa_task_unref(f->slow);
    wa_task_unref(f->fast);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
