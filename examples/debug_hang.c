/*
 * debug_hang.c — two classic asyncio bugs, and how debug mode finds them.
 *
 * main starts load_config and forgets it (no await, reference dropped), then
 * starts a worker that waits for the config.  load_config fails, so its
 * exception is lost and the worker waits forever: the program hangs.  A
 * watchdog in main prints what every task is doing after a second, and
 * gives up.
 *
 *     build/native/debug_hang                      # the bugs, plainly
 *     WASYNCIO_DEBUG=1 build/native/debug_hang     # with where each came from
 *
 * In debug mode the lost exception's report says which line created the
 * task that failed, and the dump says what the worker awaits, since when,
 * and at which line.  (README, "Finding bugs with debug mode", shows the
 * output.)
 */
#include <stdio.h>

#include "wasyncio.h"

typedef struct {
    wa_coro co;
    wa_event *ready;
} shared_frame;

/* Fetches the configuration, then announces it.  Here it fails. */
static wa_status load_config(wa_coro *co) {
    shared_frame *f = (shared_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    WA_RAISE(co, wa_error_new(WA_OS_ERROR, "config server refused the connection"));
    wa_event_set(f->ready);     /* never reached */
    WA_END(co);
}

/* Waits for the configuration before doing anything. */
static wa_status worker(wa_coro *co) {
    shared_frame *f = (shared_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_event_wait(co, f->ready));
    puts("worker: configured, working");
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_event *ready;
    wa_task *worker;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->ready = wa_event_new(loop);
    /* the bug: started, never awaited, its reference dropped */
    wa_task_unref(WA_SPAWN_NAMED(loop, "load_config", load_config, shared_frame, .ready = f->ready));
    f->worker = WA_SPAWN_NAMED(loop, "worker", worker, shared_frame, .ready = f->ready);
    /* a watchdog instead of `await worker`, which would never return */
    WA_AWAIT(co, wa_sleep(co, 1.0));
    if (!wa_future_done(wa_task_future(f->worker))) {
        puts("main: nothing happened for 1 s; what every task is doing:");
        wa_loop_print_tasks(loop);
        wa_task_cancel(f->worker, "gave up");
    }
    WA_AWAIT_TRY(co, f->worker, f->err);     /* its CancelledError */
    wa_task_unref(f->worker);
    wa_event_free(f->ready);
    puts("main: done");
    WA_END(co);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    return WA_MAIN(main_step, main_frame);
}
