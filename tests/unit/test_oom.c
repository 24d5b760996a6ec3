/* test_oom.c — fail each allocation of a representative program in turn.
 *
 * The program spawns tasks, awaits inline calls, sleeps, raises, cancels,
 * adds several done callbacks and leaves a task for shutdown to cancel.
 * Run once per allocation with exactly that one failing, it must end with a
 * result or a clean error every time — never a crash — and ASan and valgrind
 * (which run this suite) must find no leak.  Lua's ltests does the same. */
#include "harness.h"
#include "../../src/core/alloc-int.h"

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

typedef struct {
    wa_coro co;
    int reports, done_calls;
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
    wa_loop_set_exception_handler(loop, quiet, &f->reports);
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
    wa_run_options opts = {WA_CLOCK_VIRTUAL};
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
