/* test_oom.c — fail each allocation of a representative program in turn.
 *
 * The program spawns tasks, awaits inline calls, sleeps, raises, cancels,
 * adds several done callbacks and leaves a task for shutdown to cancel.
 * Run once per allocation with exactly that one failing, it must end with a
 * result or a clean error every time — never a crash — and ASan and valgrind
 * (which run this suite) must find no leak.  Lua's ltests does the same. */
#include <stdatomic.h>
#include <stdlib.h>

#include "harness.h"
#include "../../src/core/alloc-int.h"
#include "../../src/threads/threads.h"

typedef struct {
    wa_coro co;
    double delay;
    bool fail;
} worker;

static wa_status worker_step(wa_coro *co) {
    worker *f = (worker *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    if (f->fail) WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "worker %.1f failed", f->delay));
    WA_RETURN(co, wa_str("worker done"));
    WA_END(co);
}

/* Returns a pointer its task owns: gather's list shows it as a view. */
static wa_status pointer_step(wa_coro *co) {
    WA_BEGIN(co);
    WA_YIELD(co);
    {
        int *p = malloc(sizeof *p);
        if (!p) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, NULL));
        *p = 7;
        WA_RETURN(co, wa_ptr(p, free));
    }
    WA_END(co);
}

typedef struct {
    wa_coro co;
} echo;

static wa_status echo_step(wa_coro *co) {
    WA_BEGIN(co);
    WA_YIELD(co);
    WA_RETURN(co, wa_str("inline result"));
    WA_END(co);
}

static void count_done(wa_future *f, void *arg) {
    (void)f;
    (*(int *)arg)++;
}

static void quiet(wa_loop *loop, const wa_context *ctx, void *arg) {
    (void)loop;
    (void)ctx;
    (*(int *)arg)++;
}

static void noop(wa_loop *loop, void *arg) {
    (void)loop;
    (void)arg;
}

static int program_reports;

typedef struct {
    wa_coro co;
    int done_calls;
    wa_task *ok, *bad, *sleeper, *leftover;
    wa_future *fut;
    wa_handle *timer;
    wa_error *err;
} program;

#define CHECK_ALLOC(co, p) \
    do { if (!(p)) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "%s", wa_last_error())); } while (0)

static void release(program *f) {
    wa_task_unref(f->ok);
    wa_task_unref(f->bad);
    wa_task_unref(f->sleeper);
    wa_task_unref(f->leftover);
    wa_future_unref(f->fut);
    wa_handle_unref(f->timer);
    f->ok = f->bad = f->sleeper = f->leftover = NULL;
    f->fut = NULL;
    f->timer = NULL;
}

static wa_status program_step(wa_coro *co) {
    program *f = (program *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    /* not a frame field: asyncio.run's shutdown may report after main is freed */
    wa_loop_set_exception_handler(loop, quiet, &program_reports);
    f->ok = WA_SPAWN(loop, worker_step, worker, .delay = 0.1);
    f->bad = WA_SPAWN_NAMED(loop, "bad", worker_step, worker, .delay = 0.2, .fail = true);
    f->sleeper = WA_SPAWN(loop, worker_step, worker, .delay = 5);
    f->leftover = WA_SPAWN(loop, worker_step, worker, .delay = 60);
    f->fut = wa_future_new(loop);
    if (!f->ok || !f->bad || !f->sleeper || !f->leftover || !f->fut) {
        release(f);
        WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "spawn failed"));
    }
    for (int i = 0; i < 3; i++)     /* the second callback grows the array */
        if (wa_future_add_done_callback(f->fut, count_done, &f->done_calls)) {
            release(f);
            WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "add_done_callback failed"));
        }
    if (wa_call_later(loop, 0.05, noop, NULL, &f->timer) || wa_future_set_result(f->fut, wa_str("future value"))) {
        release(f);
        WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "scheduling failed"));
    }
    WA_AWAIT_CALL_TRY(co, f->err, echo_step, echo);
    if (f->err) {
        release(f);
        WA_RAISE(co, wa_error_ref(f->err));
    }
    WA_AWAIT_TRY(co, f->ok, f->err);
    WA_AWAIT_TRY(co, f->bad, f->err);
    wa_task_cancel(f->sleeper, "no longer needed");
    WA_AWAIT_TRY(co, f->sleeper, f->err);
    wa_task_set_name(f->ok, "renamed");
    (void)wa_task_name(f->sleeper);
    release(f);
    WA_RETURN(co, wa_str("program done"));
    WA_END(co);
}

TEST(oom_every_allocation_fails_cleanly) {
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    long n;
    int completed = 0;
    for (n = 0; n < 100000; n++) {
        wa_value result;
        wa_error *err;
        wa__fault_inject(n);
        int rc = WA_RUN(&opts, &result, &err, program_step, program);
        long counted = wa__fault_inject(-1);
        ASSERT(rc == 0 || rc == WA_EEXCEPTION || rc == WA_ENOMEM || rc == WA_ECANCELLED || rc == WA_EDEADLOCK ||
               rc == WA_EINVAL);
        if (rc == WA_EEXCEPTION) ASSERT(err != NULL);
        if (rc == 0) {
            ASSERT_STR_EQ(result.as.buf.data, "program done");
            completed++;
        }
        wa_value_clear(&result);
        wa_error_unref(err);
        if (counted <= n) break;    /* no allocation left to fail: this run saw none fail */
    }
    ASSERT(n > 10);                 /* the program does allocate */
    ASSERT(completed >= 1);         /* and completes when nothing fails */
}

/* The same for the toolkit of the semantics and sync issues: gather, shield,
 * wait, wait_for, as_completed, timeouts, TaskGroup, exception groups, locks,
 * queues and async generators, each on its error paths too. */
typedef struct {
    wa_coro co;
    int i;
} counter_gen;

static wa_status counter_gen_step(wa_coro *co) {
    counter_gen *f = (counter_gen *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < 3; f->i++) {
        WA_YIELD(co);
        WA_YIELD_VALUE(co, wa_int(f->i));
    }
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_lock *lock;
    wa_queue *queue;
    wa_guard guard;
} locked_worker;

static wa_status locked_worker_step(wa_coro *co) {
    locked_worker *f = (locked_worker *)co;
    WA_BEGIN(co);
    WA_WITH_ACQUIRED(co, &f->guard, f->lock) {
        WA_AWAIT(co, wa_queue_put(co, f->queue, wa_str("item")));
        WA_YIELD(co);
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_lock *lock;
    wa_queue *queue;
    wa_timeout tm;
    wa_taskgroup tg;
} grouped;

/* A TaskGroup inside a timeout: one task fails, so this raises an
 * ExceptionGroup (or MemoryError, or TimeoutError). */
static wa_status grouped_step(wa_coro *co) {
    grouped *f = (grouped *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, &f->tm, 0.5)) {
        WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
            WA_GROUP_SPAWN(&f->tg, locked_worker_step, locked_worker, .lock = f->lock, .queue = f->queue);
            WA_GROUP_SPAWN(&f->tg, locked_worker_step, locked_worker, .lock = f->lock, .queue = f->queue);
            WA_GROUP_SPAWN(&f->tg, worker_step, worker, .delay = 0.05, .fail = true);
            WA_AWAIT(co, wa_queue_get(co, f->queue));
            WA_AWAIT(co, wa_queue_get(co, f->queue));
        }
        WA_WITH_END(co);
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *a, *b;
    wa_future *futs[3];
    wa_lock *lock;
    wa_queue *queue;
    wa_agen *gen, *open_gen;
    wa_as_completed *ac, *ac_coros;
    wa_finally fin;
    wa_error *err;
    int64_t sum;
} toolkit;

/* Reports counted here: some come after the program's frame is gone (the
 * async generators closed at shutdown). */
static int toolkit_reports;

/* Runs on every way out of the program, as a finally clause. */
static void toolkit_release(void *arg) {
    toolkit *f = arg;
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    wa_as_completed_free(f->ac);
    wa_as_completed_free(f->ac_coros);
    wa_agen_free(f->gen);
    wa_agen_free(f->open_gen);
    wa_queue_free(f->queue);
    wa_lock_free(f->lock);
}

static wa_status toolkit_step(wa_coro *co) {
    toolkit *f = (toolkit *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    wa_loop_set_exception_handler(loop, quiet, &toolkit_reports);     /* failures here are expected */
    WA_WITH(co, wa_finally_enter(&f->fin, toolkit_release, f)) {
        f->a = WA_SPAWN(loop, worker_step, worker, .delay = 0.1);
        f->b = WA_SPAWN(loop, worker_step, worker, .delay = 0.2, .fail = true);
        f->lock = wa_lock_new(loop);
        f->queue = wa_queue_new(loop, WA_QUEUE_PRIORITY, 1);
        f->gen = WA_AGEN(loop, counter_gen_step, counter_gen);
        f->open_gen = WA_AGEN(loop, counter_gen_step, counter_gen);
        if (!f->a || !f->b || !f->lock || !f->queue || !f->gen || !f->open_gen)
            WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "%s", wa_last_error()));
        f->futs[0] = wa_task_future(f->a);
        f->futs[1] = wa_task_future(f->b);
        f->futs[2] = wa_task_future(f->a);
        WA_AWAIT_TRY(co, wa_gather(co, f->futs, 3, true), f->err);
        WA_AWAIT_TRY(co, wa_gather(co, f->futs, 2, false), f->err);
        WA_AWAIT_TRY(co, wa_wait(co, f->futs, 3, 1.0, WA_FIRST_EXCEPTION), f->err);
        WA_AWAIT_TRY(co, wa_sleep_result(co, 0.01, wa_str("result")), f->err);
        WA_AWAIT_TRY(co, wa_shield(co, f->futs[0]), f->err);
        WA_AWAIT_TRY(co, wa_wait_for(co, wa_sleep(co, 5), 0.05), f->err);
        f->ac = wa_as_completed_new(co, f->futs, 2, 10);
        if (!f->ac) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "%s", wa_last_error()));
        while (wa_as_completed_left(f->ac)) WA_AWAIT_TRY(co, wa_as_completed_next(co, f->ac), f->err);
        {
            /* coroutines, wrapped in tasks (gather, shield, as_completed) or inline (wait_for) */
            wa_aw mix[] = {WA_AW(f->a), WA_CORO(worker_step, worker, .delay = 0.01, .fail = true)};
            WA_AWAIT_TRY(co, wa_gather(co, mix, 2, true), f->err);
        }
        {
            wa_aw pointers[] = {WA_CORO(pointer_step, echo), WA_AW(f->a)};
            WA_AWAIT_TRY(co, wa_gather(co, pointers, 2, true), f->err);
        }
        {
            wa_aw coros[] = {WA_CORO(worker_step, worker, .delay = 0.02), WA_CORO(worker_step, worker, .delay = 0.01)};
            f->ac_coros = wa_as_completed_new(co, coros, 2, 10);
        }
        while (wa_as_completed_left(f->ac_coros)) WA_AWAIT_TRY(co, wa_as_completed_next(co, f->ac_coros), f->err);
        WA_AWAIT_TRY(co, wa_shield(co, WA_CORO(worker_step, worker, .delay = 0.01)), f->err);
        WA_AWAIT_TRY(co, wa_wait_for(co, WA_CORO(worker_step, worker, .delay = 5), 0.05), f->err);
        WA_AWAIT_TRY(co, wa_wait_for(co, WA_CORO(worker_step, worker, .delay = 5), 0), f->err);
        WA_AWAIT_CALL_TRY(co, f->err, grouped_step, grouped, .lock = f->lock, .queue = f->queue);
        if (!wa_error_is(f->err, WA_EXCEPTION_GROUP) && !wa_error_is(f->err, WA_MEMORY_ERROR))
            WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "the group should have failed"));
        WA_ASYNC_FOR(co, wa_agen_next(co, f->gen)) {
            f->sum += co->value.as.i;
        }
        WA_ASYNC_FOR_END(co);
        WA_AWAIT(co, wa_agen_next(co, f->open_gen));    /* left open: wa_agen_free closes it */
        WA_RETURN(co, wa_int(f->sum));
    }
    WA_WITH_END(co);
    WA_END(co);
}

/* Runs step once per allocation, that one failing; every run must end with
 * a result or a clean error, and leak nothing. */
TEST(oom_toolkit_fails_cleanly) {
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    long n;
    int completed = 0;
    for (n = 0; n < 100000; n++) {
        wa_value result;
        wa_error *err;
        wa__fault_inject(n);
        if (getenv("WA_OOM_TRACE")) fprintf(stderr, "n=%ld\n", n);
        int rc = WA_RUN(&opts, &result, &err, toolkit_step, toolkit);
        long counted = wa__fault_inject(-1);
        ASSERT(rc == 0 || rc == WA_EEXCEPTION || rc == WA_ENOMEM || rc == WA_ECANCELLED || rc == WA_EDEADLOCK ||
               rc == WA_EINVAL);
        if (rc == 0) {
            ASSERT_EQ(result.as.i, 3);
            completed++;
        }
        wa_value_clear(&result);
        wa_error_unref(err);
        if (counted <= n) break;
    }
    ASSERT(n > 20);
    ASSERT(completed >= 1);
}

/* ---- threads: the executor and call_soon_threadsafe ---------------------------- */

/* Which allocation a job fails on its own worker thread, counted from the
 * job's start (-1: none): injection is per thread, so the loop thread's
 * cannot reach a worker's. */
static atomic_long job_fault = -1;

static wa_value job_fn(void *arg, wa_error **error) {
    long n = atomic_load(&job_fault);
    if (n >= 0) wa__fault_inject(n);
    if (strcmp(arg, "bad") == 0) *error = wa_error_new(WA_VALUE_ERROR, "bad job");
    return wa_str(arg);     /* copied on the worker: the allocation to fail */
}

static void count_call(wa_loop *loop, void *arg) {
    (void)loop;
    (*(int *)arg)++;
}

typedef struct {
    wa_coro co;
    wa_executor *ex;
    wa_finally fin;
    wa_error *err;
    int calls;
} threaded;

static int threaded_reports;    /* not a frame field, as program_reports */

static void threaded_release(void *arg) { wa_executor_free(((threaded *)arg)->ex); }

/* A pool of its own and the default one, a job that raises, and a
 * call_soon_threadsafe from the loop's thread; the value is the calls made
 * (none if out of memory dropped it, with a report). */
static wa_status threaded_step(wa_coro *co) {
    threaded *f = (threaded *)co;
    WA_BEGIN(co);
    wa_loop_set_exception_handler(wa_get_running_loop(), quiet, &threaded_reports);
    WA_WITH(co, wa_finally_enter(&f->fin, threaded_release, f)) {
        f->ex = wa_executor_new(2);
        if (!f->ex) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "%s", wa_last_error()));
        if (wa_call_soon_threadsafe(wa_get_running_loop(), count_call, &f->calls))
            WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "%s", wa_last_error()));
        WA_AWAIT(co, wa_run_in_executor(co, f->ex, job_fn, "own pool"));
        WA_AWAIT_TRY(co, wa_to_thread(co, job_fn, "bad"), f->err);
        if (!wa_error_is(f->err, WA_VALUE_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        WA_AWAIT(co, wa_to_thread(co, job_fn, "default pool"));
        WA_RETURN(co, wa_int(f->calls));
    }
    WA_WITH_END(co);
    WA_END(co);
}

/* A failed run ends in MemoryError, or in the RuntimeError of a pool that
 * could not start a thread (threading's "can't start new thread"). */
static bool threaded_outcome_ok(int rc, const wa_value *result, const wa_error *err) {
    if (rc == 0) return result->kind == WA_KIND_INT && (result->as.i == 1 || result->as.i == 0);
    if (rc == WA_ENOMEM) return strstr(wa_last_error(), "out of memory") != NULL;
    if (rc != WA_EEXCEPTION) return false;
    return wa_error_is(err, WA_MEMORY_ERROR) ||
           (wa_error_is(err, WA_RUNTIME_ERROR) && strcmp(wa_error_message(err), "cannot start a worker thread") == 0);
}

TEST(oom_threads_fail_cleanly) {
    if (!wa__threads_available()) SKIP("threads are not available in this build");
    long n;
    int completed = 0;
    wa_value result;
    wa_error *err;
    /* each allocation of the loop's thread in turn */
    for (n = 0; n < 100000; n++) {
        wa__fault_inject(n);
        int rc = WA_RUN(NULL, &result, &err, threaded_step, threaded);
        long counted = wa__fault_inject(-1);
        if (!threaded_outcome_ok(rc, &result, err))
            FAIL_AT("allocation %ld failed: rc %d (%s), %s: %s", n, rc, wa_last_error(),
                    err ? wa_error_type_of(err)->name : "-", err ? wa_error_message(err) : "-");
        completed += rc == 0;
        wa_value_clear(&result);
        wa_error_unref(err);
        if (counted <= n) break;
    }
    ASSERT(n > 10);
    ASSERT(completed >= 1);
    /* each allocation a job makes on its worker, from copying its value
     * or its error on */
    int memory_errors = 0;
    for (n = 0; n < 4; n++) {
        atomic_store(&job_fault, n);
        int rc = WA_RUN(NULL, &result, &err, threaded_step, threaded);
        atomic_store(&job_fault, -1);
        ASSERT(threaded_outcome_ok(rc, &result, err));
        memory_errors += rc == WA_EEXCEPTION && wa_error_is(err, WA_MEMORY_ERROR);
        wa_value_clear(&result);
        wa_error_unref(err);
    }
    ASSERT_EQ(memory_errors, 2);    /* the value's copy, then the error's message */
}
