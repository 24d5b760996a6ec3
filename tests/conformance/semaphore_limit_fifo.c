/* A Semaphore(2) lets at most two of five workers inside `async with sem:`
 * at a time; the other three queue and enter in the FIFO order of their
 * acquire calls as units come back, whatever order the holders leave in. */
#include <inttypes.h>

#include "trace.h"

static int inside, peak;

typedef struct {
    wa_coro co;
    wa_semaphore *sem;
    int i;
    double work;
    wa_guard guard;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("w%d: acquiring, locked=%s", f->i, yes(wa_semaphore_locked(f->sem)));
    WA_WITH_ACQUIRED(co, &f->guard, f->sem) {
        inside++;
        if (inside > peak) peak = inside;
        TRACE_NOW("w%d: enter, inside=%d, value=%" PRId64, f->i, inside, wa_semaphore_value(f->sem));
        WA_AWAIT(co, wa_sleep(co, f->work));
        inside--;
        TRACE_NOW("w%d: leave", f->i);
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_semaphore *sem;
    wa_task *tasks[5];
    int k;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    static const double works[5] = {3, 1, 2.5, 0.75, 1.25};
    WA_BEGIN(co);
    f->sem = wa_semaphore_new(wa_get_running_loop(), 2);
    for (int i = 0; i < 5; i++)
        f->tasks[i] = WA_SPAWN(wa_get_running_loop(), worker, worker_frame, .sem = f->sem, .i = i,
                               .work = works[i]);
    for (f->k = 0; f->k < 5; f->k++) {
        WA_AWAIT(co, f->tasks[f->k]);
    }
    TRACE_NOW("main: peak=%d, value=%" PRId64 ", locked=%s", peak, wa_semaphore_value(f->sem),
              yes(wa_semaphore_locked(f->sem)));
    for (int i = 0; i < 5; i++) wa_task_unref(f->tasks[i]);
    wa_semaphore_free(f->sem);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
