/* Each Semaphore.release() wakes exactly one waiter, the longest waiting:
 * three tasks queued on a Semaphore(0) get in one per release, in order,
 * and the others stay queued (value stays 0, locked() stays True). */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    wa_semaphore *sem;
    int i;
} waiter_frame;

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("W%d: acquiring", f->i);
    WA_AWAIT(co, wa_semaphore_acquire(co, f->sem));
    TRACE_NOW("W%d: acquired, value=%" PRId64, f->i, wa_semaphore_value(f->sem));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_semaphore *sem;
    wa_task *tasks[3];
    int k;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    int done = 0;
    WA_BEGIN(co);
    f->sem = wa_semaphore_new(wa_get_running_loop(), 0);
    for (int i = 0; i < 3; i++)
        f->tasks[i] = WA_SPAWN(wa_get_running_loop(), waiter, waiter_frame, .sem = f->sem, .i = i);
    for (f->k = 0; f->k < 3; f->k++) {
        WA_AWAIT(co, wa_sleep(co, 1));
        wa_semaphore_release(f->sem);
        TRACE_NOW("main: released once, value=%" PRId64 ", locked=%s", wa_semaphore_value(f->sem),
                  yes(wa_semaphore_locked(f->sem)));
        WA_AWAIT(co, wa_sleep(co, 0.5));
        for (int i = 0; i < 3; i++) done += wa_future_done(wa_task_future(f->tasks[i]));
        TRACE_NOW("main: %d waiter(s) done, value=%" PRId64 ", locked=%s", done, wa_semaphore_value(f->sem),
                  yes(wa_semaphore_locked(f->sem)));
    }
    for (f->k = 0; f->k < 3; f->k++) {
        WA_AWAIT(co, f->tasks[f->k]);
    }
    for (int i = 0; i < 3; i++) wa_task_unref(f->tasks[i]);
    wa_semaphore_free(f->sem);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
