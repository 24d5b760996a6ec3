/* Barrier.abort() breaks the barrier: the parties waiting in wait() get
 * BrokenBarrierError("Abort or reset of barrier"), broken becomes True, and
 * every later wait() raises BrokenBarrierError("Barrier aborted") at once. */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_barrier *b;
    const char *name;
    double delay;
    wa_error *err;
} party_frame;

static wa_status party(wa_coro *co) {
    party_frame *f = (party_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    TRACE_NOW("%s: waiting, n_waiting=%zu", f->name, wa_barrier_n_waiting(f->b));
    WA_AWAIT_TRY(co, wa_barrier_wait(co, f->b), f->err);
    if (!f->err) TRACE_NOW("%s: not reached", f->name);
    if (f->err && !wa_error_is(f->err, WA_BROKEN_BARRIER_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) TRACE_NOW("%s: %s: %s", f->name, wa_error_type_of(f->err)->name, wa_error_message(f->err));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_barrier *b;
    wa_task *tasks[2];
    int k;
} main_frame;

#define STATE(what) \
    TRACE_NOW("main: " what ", n_waiting=%zu, broken=%s", wa_barrier_n_waiting(f->b), yes(wa_barrier_broken(f->b)))

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    static const char *const names[2] = {"P0", "P1"};
    WA_BEGIN(co);
    f->b = wa_barrier_new(wa_get_running_loop(), 3);
    for (int i = 0; i < 2; i++)
        f->tasks[i] = WA_SPAWN(wa_get_running_loop(), party, party_frame, .b = f->b, .name = names[i],
                               .delay = i + 1);
    WA_AWAIT(co, wa_sleep(co, 3));
    STATE("aborting");
    WA_AWAIT(co, wa_barrier_abort(co, f->b));
    STATE("aborted");
    for (f->k = 0; f->k < 2; f->k++) {
        WA_AWAIT(co, f->tasks[f->k]);
    }
    STATE("waiters done");
    WA_AWAIT_CALL(co, party, party_frame, .b = f->b, .name = "late", .delay = 1);
    TRACE_NOW("main: broken=%s", yes(wa_barrier_broken(f->b)));
    for (int i = 0; i < 2; i++) wa_task_unref(f->tasks[i]);
    wa_barrier_free(f->b);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
