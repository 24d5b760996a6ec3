/* as_completed(timeout=...) yields what finished before the deadline; the
 * next after it raises TimeoutError when the deadline passes, and so does
 * every next still owed.  Nothing is cancelled: the late tasks keep running
 * and finish with their results. */
#include "trace.h"

#define N 3

typedef struct {
    wa_coro co;
    const char *name;
    double delay;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    char upper[2];
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    TRACE_NOW("%s: finished", f->name);
    upper[0] = (char)(f->name[0] - 'a' + 'A');
    upper[1] = '\0';
    WA_RETURN(co, wa_str(upper));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *tasks[N];
    wa_future *futs[N];
    wa_as_completed *ac;
    wa_error *err;
    int i;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->tasks[0] = WA_SPAWN_NAMED(loop, "a", worker, worker_frame, .name = "a", .delay = 0.1);
    f->tasks[1] = WA_SPAWN_NAMED(loop, "b", worker, worker_frame, .name = "b", .delay = 0.5);
    f->tasks[2] = WA_SPAWN_NAMED(loop, "c", worker, worker_frame, .name = "c", .delay = 1.0);
    for (int i = 0; i < N; i++) f->futs[i] = wa_task_future(f->tasks[i]);
    f->ac = wa_as_completed_new(co, f->futs, N, 0.3);
    while (wa_as_completed_left(f->ac)) {
        WA_AWAIT_TRY(co, wa_as_completed_next(co, f->ac), f->err);
        if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        if (f->err) {
            TRACE_NOW("main: next raised %s", wa_error_type_of(f->err)->name);
            continue;
        }
        for (int i = 0; i < N; i++)
            if (f->futs[i] == co->value.as.ptr.p) TRACE_NOW("main: got %s", wa_task_name(f->tasks[i]));
    }
    wa_as_completed_free(f->ac);
    TRACE_NOW("main: iteration over");
    for (int i = 1; i < N; i++)
        TRACE_NOW("main: %s done=%s cancelled=%s", wa_task_name(f->tasks[i]), yes(wa_future_done(f->futs[i])),
                  yes(wa_future_cancelled(f->futs[i])));
    for (f->i = 1; f->i < N; f->i++) {
        WA_AWAIT(co, f->tasks[f->i]);
        TRACE_NOW("main: %s -> %s", wa_task_name(f->tasks[f->i]), co->value.as.buf.data);
    }
    for (int i = 0; i < N; i++) wa_task_unref(f->tasks[i]);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
