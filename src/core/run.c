/*
 * run.c — the top level: asyncio.run, asyncio.Runner, and wa_main for a
 * program's main() on every host.
 *
 * Shutdown follows asyncio.runners._cancel_all_tasks: cancel every task
 * still pending, run the loop until all of them are done, and report any
 * that ended with an error other than a cancellation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc-int.h"
#include "context-int.h"
#include "task-int.h"
#include "../net/net.h"

/* The tasks being cancelled at shutdown. */
typedef struct shutdown_set {
    wa_task **tasks;
    size_t n;
    size_t remaining;
} shutdown_set;

static void stop_cb(wa_loop *loop, void *arg) {
    (void)arg;
    wa_loop_stop(loop);
}

/* asyncio waits with gather(*to_cancel): the gather finishes one iteration
 * after the last task, and run_until_complete stops one after that. */
static void count_down(wa_future *f, void *arg) {
    shutdown_set *set = arg;
    if (--set->remaining == 0) wa_call_soon(f->loop, stop_cb, NULL, NULL);
}

static void collect(wa_task *t, void *arg) {
    shutdown_set *set = arg;
    set->tasks[set->n++] = wa_task_ref(t);
}

/* Cancels every pending task (or, with cancel false, only waits for them);
 * returns how many the loop must wait for. */
static size_t begin_shutdown(wa_loop *loop, shutdown_set *set, bool cancel) {
    set->n = set->remaining = 0;
    set->tasks = NULL;
    size_t n = wa_all_tasks(loop, NULL, NULL);
    if (n == 0) return 0;
    set->tasks = wa__sys_malloc(n * sizeof *set->tasks);
    if (!set->tasks) return 0;  /* out of memory: the tasks are destroyed pending */
    wa_all_tasks(loop, collect, set);
    for (size_t i = 0; cancel && i < set->n; i++) wa_task_cancel(set->tasks[i], NULL);
    for (size_t i = 0; i < set->n; i++)
        if (!wa_future_add_done_callback(&set->tasks[i]->fut, count_down, set)) set->remaining++;
    return set->remaining;
}

static void end_shutdown(wa_loop *loop, shutdown_set *set) {
    for (size_t i = 0; i < set->n; i++) {
        wa_task *t = set->tasks[i];
        wa_future_remove_done_callback(&t->fut, count_down, set);
        wa_error *err = NULL;
        if (wa_future_done(&t->fut) && !wa_future_cancelled(&t->fut) && !wa_future_exception(&t->fut, &err) && err)
            wa__report(loop, "unhandled exception during asyncio.run() shutdown", err, NULL, t);
        wa_task_unref(t);
    }
    free(set->tasks);
    set->tasks = NULL;
    set->n = set->remaining = 0;
}

/*
 * asyncio.run's shutdown after main, in order: cancel the tasks still
 * pending (runners._cancel_all_tasks), then close the async generators
 * still open, each in a task (loop.shutdown_asyncgens).  Each phase leaves
 * tasks the loop must run until they are done.  wa_run and wa_runner_close
 * run the phases on a blocking loop; wa_main on a host that cannot block
 * starts each when the loop stops (async_main_stopped).
 */
enum { PHASE_MAIN, PHASE_CANCEL_TASKS, PHASE_CLOSE_AGENS, PHASE_DONE };

/* Starts phase p: true when the loop must run until set's tasks are done.
 * end_shutdown closes the phase either way. */
static bool start_phase(wa_loop *loop, int p, shutdown_set *set) {
    if (p == PHASE_CLOSE_AGENS && loop->agen_hooks) loop->agen_hooks->close_all(loop);
    return begin_shutdown(loop, set, p == PHASE_CANCEL_TASKS) > 0;
}

static void finish_loop(wa_loop *loop) {
    for (int p = PHASE_CANCEL_TASKS; p < PHASE_DONE; p++) {
        shutdown_set set;
        if (start_phase(loop, p, &set)) wa_loop_run_forever(loop);
        end_shutdown(loop, &set);
    }
    wa__loop_shutdown_default_executor(loop);   /* asyncio.run's third step */
}

/* Copies the main task's outcome out before the task is freed. */
static int take_outcome(wa_task *main, wa_value *result, wa_error **error) {
    wa_future *f = &main->fut;
    if (f->state == WA_CANCELLED) {
        if (error) *error = wa_future_cancelled_error(f);
        return WA_ECANCELLED;
    }
    if (f->state == WA_PENDING) return WA_EINVALIDSTATE;
    f->log_exception = false;
    if (f->error) {
        if (error) *error = wa_error_ref(f->error);
        return WA_EEXCEPTION;
    }
    if (result && wa_value_copy(result, &f->result)) return WA_ENOMEM;
    return WA_OK;
}

/* ctx: the runner's context (NULL: a copy of the current one) */
static int run_main(wa_loop *loop, wa_varcontext *ctx, wa_step_fn step, size_t frame_size, const void *init,
                    wa_value *result, wa_error **error, const char *func) {
    /* no site: the library's own would say nothing (wa_run's caller is main) */
    wa_task *main = wa__task_new_in(loop, ctx, step, frame_size, init, NULL, NULL, 0, NULL);
    if (!main) {
        /* the arguments were checked: the loop is closed or memory is short.
         * Copied first: the message would be formatted into itself. */
        char why[128];
        wa__format(why, sizeof why, "%s", wa__misuse_message());
        return wa__misuse(wa_loop_is_closed(loop) ? WA_ECLOSED : WA_ENOMEM, func, "%s", why);
    }
    int rc = wa_loop_run_until_complete(loop, &main->fut);
    if (!rc) rc = take_outcome(main, result, error);
    else wa_task_cancel(main, NULL);
    if (rc == WA_EOSERROR) {    /* asyncio.run raises what select() raised */
        int e = loop->wait_errno;
        wa_error *err = wa_error_new(WA_OS_ERROR, "[Errno %d] %s", e, wa__net_strerror(e));
        if (error) *error = wa__error_details(err, e, 0, NULL, 0);
        else wa_error_unref(err);
        rc = WA_EEXCEPTION;
    }
    wa_task_unref(main);
    return rc;
}

static int check_run_args(wa_step_fn step, size_t frame_size, const void *init, wa_value *result, wa_error **error,
                          const char *func) {
    if (result) *result = wa_none();
    if (error) *error = NULL;
    if (!step) return wa__misuse(WA_EINVAL, func, "a coroutine was expected, got None");
    if (!init) return wa__misuse(WA_EINVAL, func, "frame initialiser is NULL");
    if (frame_size < sizeof(wa_coro))
        return wa__misuse(WA_EINVAL, func, "frame size %zu is not a frame (it must start with wa_coro co)", frame_size);
    if (wa__running_loop())
        return wa__misuse(WA_ERUNNING, func, "%s cannot be called from a running event loop",
                          strcmp(func, "wa_runner_run") ? "asyncio.run()" : "Runner.run()");
    return WA_OK;
}

/* WASYNCIO_DEBUG is set to something other than "" and "0". */
static bool debug_env(void) {
    const char *v = getenv("WASYNCIO_DEBUG");
    return v && *v && strcmp(v, "0") != 0;
}

/* The loop options of a top-level run: WASYNCIO_DEBUG is read here, where
 * a program starts its loop (and in no file a module JS drives links, so
 * that it has no getenv and no WASI environment imports). */
static wa_loop_options run_options(const wa_run_options *opts) {
    wa_loop_options lo = {opts ? opts->clock : WA_CLOCK_REAL, (opts && opts->debug) || debug_env()};
    return lo;
}

int wa_run(wa_step_fn step, size_t frame_size, const void *init, const wa_run_options *opts, wa_value *result,
           wa_error **error) {
    int rc = check_run_args(step, frame_size, init, result, error, __func__);
    if (rc) return rc;
    wa_loop_options lo = run_options(opts);
    if (lo.clock == WA_CLOCK_REAL && !wa__host_real.can_block)
        return wa__misuse(WA_EWOULDBLOCK, __func__, "this host cannot block; use wa_main or the JS API");
    wa_loop *loop = wa_loop_new(&lo);
    if (!loop) return WA_ENOMEM;
    rc = run_main(loop, NULL, step, frame_size, init, result, error, __func__);
    finish_loop(loop);
    wa_loop_close(loop);
    wa_loop_free(loop);
    return rc;
}

/* ---- Runner --------------------------------------------------------------- */

/* asyncio.Runner: the loop lives from new to close; the runner itself
 * until wa_runner_free, so that calls after close get "Runner is closed". */
struct wa_runner {
    wa_loop *loop;          /* NULL once closed */
    wa_varcontext *ctx;     /* asyncio.Runner's: every run's main task runs in it */
};

wa_runner *wa_runner_new(const wa_run_options *opts) {
    wa_loop_options lo = run_options(opts);
    if (lo.clock == WA_CLOCK_REAL && !wa__host_real.can_block) {
        wa__misuse(WA_EWOULDBLOCK, __func__, "this host cannot block; use wa_main or the JS API");
        return NULL;
    }
    wa_runner *r = wa__sys_malloc(sizeof *r);
    if (!r) {
        wa__misuse(WA_ENOMEM, __func__, "out of memory");
        return NULL;
    }
    r->loop = wa_loop_new(&lo);
    r->ctx = r->loop ? wa_copy_context() : NULL;
    if (!r->ctx) {
        if (r->loop) wa_loop_free(r->loop);
        free(r);
        return NULL;
    }
    return r;
}

wa_loop *wa_runner_loop(wa_runner *r) {
    if (!r) wa__misuse(WA_EINVAL, __func__, "runner is NULL");
    else if (!r->loop) wa__misuse(WA_ECLOSED, __func__, "Runner is closed");
    return r ? r->loop : NULL;
}

int wa_runner_run(wa_runner *r, wa_step_fn step, size_t frame_size, const void *init, wa_value *result,
                  wa_error **error) {
    if (!r) return wa__misuse(WA_EINVAL, __func__, "runner is NULL");
    int rc = check_run_args(step, frame_size, init, result, error, __func__);
    if (rc) return rc;
    if (!r->loop) return wa__misuse(WA_ECLOSED, __func__, "Runner is closed");
    return run_main(r->loop, r->ctx, step, frame_size, init, result, error, __func__);
}

bool wa_runner_is_closed(const wa_runner *r) { return !r || !r->loop; }

int wa_runner_close(wa_runner *r) {
    if (!r || !r->loop) return WA_OK;   /* asyncio: closing again does nothing */
    if (r->loop->running) return wa__misuse(WA_ERUNNING, __func__, "Cannot close a running event loop");
    finish_loop(r->loop);
    wa_loop_close(r->loop);
    wa_loop_free(r->loop);
    r->loop = NULL;
    wa_varcontext_unref(r->ctx);
    r->ctx = NULL;
    return WA_OK;
}

int wa_runner_free(wa_runner *r) {
    int rc = wa_runner_close(r);
    if (rc) return rc;
    free(r);
    return WA_OK;
}

/* ---- wa_main ---------------------------------------------------------------- */

static int exit_status(int rc, wa_error *err) {
    if (rc == WA_OK) return 0;
    char text[512];
    if (err) wa_error_format(err, text, sizeof text);
    fputs("wa_main: ", stderr);     /* not fprintf: programs need not link printf */
    fputs(err ? text : wa_strerror(rc), stderr);
    fputc('\n', stderr);
    wa_error_unref(err);
    return 1;
}

/* A loop driven by the host's event loop (Emscripten): the same run, a
 * phase each time the loop stops.  No default executor to shut down: a
 * host that cannot block has no threads. */
typedef struct async_main {
    wa_task *main;
    shutdown_set set;
    int phase;              /* the one the loop is running: PHASE_MAIN first */
} async_main;

static void async_main_stopped(wa_loop *loop, void *arg) {
    async_main *m = arg;
    if (m->phase != PHASE_MAIN) end_shutdown(loop, &m->set);
    while (++m->phase < PHASE_DONE) {
        if (start_phase(loop, m->phase, &m->set)) {
            loop->running = true;       /* go on until those tasks are done */
            loop->host->arm(loop->host_state, 0);
            return;
        }
        end_shutdown(loop, &m->set);
    }
    wa_error *err = NULL;
    int rc = take_outcome(m->main, NULL, &err);
    wa_task_unref(m->main);
    free(m);
    wa_loop_close(loop);
    wa_loop_free(loop);
    exit(exit_status(rc, err));
}

/* Nothing is ready or scheduled and main is not done: under a blocking host
 * wa_run would wait forever (or report a deadlock); here the host would
 * just exit, so say why. */
static void async_main_idle(wa_loop *loop, void *arg) {
    (void)loop;
    (void)arg;
    exit(exit_status(wa__misuse(WA_EDEADLOCK, "wa_main", "%s", wa_strerror(WA_EDEADLOCK)), NULL));
}

static int main_async(wa_step_fn step, size_t frame_size, const void *init, const wa_run_options *opts) {
    int rc = check_run_args(step, frame_size, init, NULL, NULL, "wa_main");
    if (rc) return exit_status(rc, NULL);
    wa_loop_options lo = run_options(opts);
    lo.clock = WA_CLOCK_REAL;
    wa_loop *loop = wa_loop_new(&lo);
    if (!loop) return exit_status(WA_ENOMEM, NULL);
    async_main *m = wa__sys_calloc(1, sizeof *m);
    if (!m || !(m->main = wa__task_new_at(loop, step, frame_size, init, NULL, NULL, 0, NULL))) {
        free(m);
        wa_loop_free(loop);
        return exit_status(WA_ENOMEM, NULL);
    }
    wa_future_add_done_callback(&m->main->fut, wa__stop_loop_when_done, NULL);
    loop->on_stop = async_main_stopped;
    loop->on_idle = async_main_idle;
    loop->on_stop_arg = m;
    loop->running = true;
    loop->host->arm(loop->host_state, 0);
    return 0;
}

int wa_main(wa_step_fn step, size_t frame_size, const void *init, const wa_run_options *opts) {
    if ((!opts || opts->clock == WA_CLOCK_REAL) && !wa__host_real.can_block)
        return main_async(step, frame_size, init, opts);
    wa_error *err = NULL;
    int rc = wa_run(step, frame_size, init, opts, NULL, &err);
    return exit_status(rc, err);
}
