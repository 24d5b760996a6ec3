/* test_debug.c — debug mode and its reports (each triggered, its whole text
 * compared, the function and file:line it names checked; a correct program
 * reports nothing), the exception handler's format, and introspection: a
 * task's await chain and the dump of a loop's tasks. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>

#include "harness.h"
#include "../../src/debug/debug-int.h"
#include "../../src/threads/threads.h"

/* ---- what the tests share ------------------------------------------------ */

/* Every report's full text (wa_context_format), each followed by "\n\n". */
typedef struct reports {
    char text[8192];
    size_t len;
    int n;
} reports;

static void capture(wa_loop *loop, const wa_context *ctx, void *arg) {
    (void)loop;
    reports *r = arg;
    size_t room = sizeof r->text - r->len;
    size_t n = wa_context_format(ctx, r->text + r->len, room);
    r->len += n < room ? n : room - 1;
    if (r->len + 2 < sizeof r->text) {
        r->text[r->len++] = '\n';
        r->text[r->len++] = '\n';
        r->text[r->len] = '\0';
    }
    r->n++;
}

static wa_loop *debug_loop(reports *r) {
    wa_loop *loop = wa_loop_new(&(wa_loop_options){.clock = WA_CLOCK_VIRTUAL, .debug = true});
    if (loop && r) wa_loop_set_exception_handler(loop, capture, r);
    return loop;
}

/* printf into a static buffer: the expected texts. */
static const char *expect(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
static const char *expect(const char *fmt, ...) {
    static char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    return buf;
}

static void stop_cb(wa_loop *loop, void *arg) {
    (void)arg;
    wa_loop_stop(loop);
}

static void run_once(wa_loop *loop) {
    wa_call_soon(loop, stop_cb, NULL, NULL);
    wa_loop_run_forever(loop);
}

typedef struct {
    wa_coro co;
} plain_frame;

/* Lines the coroutines below mark, for the expected texts. */
static int idle_begin, waiter_await, failing_begin, stepper_yield, chain_await, child_await;

static wa_status idle_step(wa_coro *co) {
    idle_begin = __LINE__; WA_BEGIN(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_future *fut;
} waiter_frame;

static wa_status waiter_step(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    waiter_await = __LINE__; WA_AWAIT(co, f->fut);
    WA_END(co);
}

static wa_status failing_step(wa_coro *co) {
    failing_begin = __LINE__; WA_BEGIN(co);
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "boom"));
    WA_END(co);
}

/* ---- switching debug mode on ----------------------------------------------- */

typedef struct {
    wa_coro co;
    bool seen;
} probe_frame;

static wa_status probe_debug(wa_coro *co) {
    probe_frame *f = (probe_frame *)co;
    WA_BEGIN(co);
    f->seen = wa_loop_get_debug(wa_get_running_loop());
    WA_RETURN(co, wa_bool(f->seen));
    WA_END(co);
}

TEST(debug_switches_and_settings) {
    unsetenv("WASYNCIO_DEBUG");
    wa_loop *loop = test_loop();
    ASSERT(!wa_loop_get_debug(loop));
    ASSERT_EQ(wa_loop_set_debug(loop, true), 0);
    ASSERT(wa_loop_get_debug(loop));
    ASSERT_EQ(wa_loop_set_debug(NULL, true), WA_EINVAL);
    ASSERT_DOUBLE_EQ(wa_loop_get_slow_callback_duration(loop), 0.1);
    ASSERT_EQ(wa_loop_set_slow_callback_duration(loop, 0.5), 0);
    ASSERT_DOUBLE_EQ(wa_loop_get_slow_callback_duration(loop), 0.5);
    ASSERT_EQ(wa_loop_set_slow_callback_duration(loop, -1), WA_EINVAL);
    ASSERT_EQ(wa_loop_set_slow_callback_duration(loop, NAN), WA_EINVAL);
    ASSERT_CONTAINS(wa_last_error(), "wa_loop_set_slow_callback_duration: duration must be >= 0");
    ASSERT_EQ(wa_loop_advance_virtual_time(loop, 2.5), 0);
    ASSERT_DOUBLE_EQ(wa_loop_time(loop), 2.5);
    ASSERT_EQ(wa_loop_advance_virtual_time(loop, -1), WA_EINVAL);
    wa_loop_close(loop);
    wa_loop_free(loop);

    wa_loop *real = wa_loop_new(NULL);
    ASSERT_EQ(wa_loop_advance_virtual_time(real, 1), WA_EINVAL);
    ASSERT_CONTAINS(wa_last_error(), "not virtual");
    wa_loop_free(real);

    /* asyncio.run(debug=True) */
    wa_value v;
    ASSERT_EQ(WA_RUN(&((wa_run_options){.clock = WA_CLOCK_VIRTUAL, .debug = true}), &v, NULL, probe_debug, probe_frame), 0);
    ASSERT(v.kind == WA_KIND_BOOL && v.as.b);
    ASSERT_EQ(WA_RUN(&((wa_run_options){.clock = WA_CLOCK_VIRTUAL}), &v, NULL, probe_debug, probe_frame), 0);
    ASSERT(v.kind == WA_KIND_BOOL && !v.as.b);

    /* WASYNCIO_DEBUG, for the loops of wa_run and wa_runner_new; a loop
     * made by hand takes its options only */
    ASSERT_EQ(setenv("WASYNCIO_DEBUG", "1", 1), 0);
    ASSERT_EQ(WA_RUN(&((wa_run_options){.clock = WA_CLOCK_VIRTUAL}), &v, NULL, probe_debug, probe_frame), 0);
    ASSERT(v.kind == WA_KIND_BOOL && v.as.b);
    wa_runner *runner = wa_runner_new(&(wa_run_options){.clock = WA_CLOCK_VIRTUAL});
    ASSERT(wa_loop_get_debug(wa_runner_loop(runner)));
    wa_runner_free(runner);
    loop = test_loop();
    ASSERT(!wa_loop_get_debug(loop));
    wa_loop_free(loop);
    ASSERT_EQ(setenv("WASYNCIO_DEBUG", "0", 1), 0);
    ASSERT_EQ(WA_RUN(&((wa_run_options){.clock = WA_CLOCK_VIRTUAL}), &v, NULL, probe_debug, probe_frame), 0);
    ASSERT(v.kind == WA_KIND_BOOL && !v.as.b);
    unsetenv("WASYNCIO_DEBUG");
}

/* ---- a correct program reports nothing ----------------------------------------- */

typedef struct {
    wa_coro co;
    wa_lock *lock;
    wa_queue *q;
    int id;
    wa_guard guard;
} worker_frame;

static wa_status worker_step(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    WA_WITH_ACQUIRED(co, &f->guard, f->lock) {
        WA_AWAIT(co, wa_sleep(co, 0.01 * f->id));
        WA_AWAIT(co, wa_queue_put(co, f->q, wa_int(f->id)));
    }
    WA_WITH_END(co);
    WA_RETURN(co, wa_int(f->id));
    WA_END(co);
}

static void noop_cb(wa_loop *loop, void *arg) {
    (void)loop;
    (*(int *)arg)++;
}

typedef struct {
    wa_coro co;
    int calls;
    wa_lock *lock;
    wa_queue *q;
    wa_future *futs[3];
    wa_future *own;
    wa_taskgroup tg;
    wa_error *err;
    int i;
} correct_frame;

static wa_status correct_main(wa_coro *co) {
    correct_frame *f = (correct_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->lock = wa_lock_new(loop);
    f->q = wa_queue_new(loop, WA_QUEUE_FIFO, 0);
    wa_call_soon(loop, noop_cb, &f->calls, NULL);
    wa_call_later(loop, 0.05, noop_cb, &f->calls, NULL);
    /* fire and forget: the loop's reference is its last one */
    wa_task_unref(WA_SPAWN(loop, worker_step, worker_frame, .lock = f->lock, .q = f->q, .id = 5));
    for (f->i = 0; f->i < 3; f->i++)
        f->futs[f->i] = wa_task_future(WA_SPAWN(loop, worker_step, worker_frame, .lock = f->lock, .q = f->q, .id = f->i));
    WA_AWAIT(co, wa_gather(co, f->futs, 3, false));
    for (f->i = 0; f->i < 3; f->i++) wa_future_unref(f->futs[f->i]);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        WA_GROUP_SPAWN(&f->tg, worker_step, worker_frame, .lock = f->lock, .q = f->q, .id = 4);
    }
    WA_WITH_END(co);
    f->own = wa_future_new(loop);
    wa_future_set_exception(f->own, wa_error_new(WA_VALUE_ERROR, "read below"));
    WA_AWAIT_TRY(co, f->own, f->err);       /* retrieved: no report */
    wa_future_unref(f->own);
    WA_AWAIT(co, wa_wait_for(co, wa_sleep(co, 0.1), 1.0));
    WA_AWAIT(co, wa_sleep(co, 0.1));
    wa_lock_free(f->lock);
    wa_queue_free(f->q);
    WA_RETURN(co, wa_int(f->calls));
    WA_END(co);
}

TEST(debug_correct_program_reports_nothing) {
    for (int debug = 0; debug <= 1; debug++) {
        reports r = {{0}, 0, 0};
        wa_loop *loop = wa_loop_new(&(wa_loop_options){.clock = WA_CLOCK_VIRTUAL, .debug = debug});
        wa_loop_set_exception_handler(loop, capture, &r);
        wa_task *main = WA_SPAWN(loop, correct_main, correct_frame);
        ASSERT_EQ(wa_loop_run_until_complete(loop, wa_task_future(main)), 0);
        wa_value v;
        ASSERT_EQ(wa_future_result(wa_task_future(main), &v), 0);
        ASSERT_EQ(v.as.i, 2);
        wa_task_unref(main);
        ASSERT_EQ(wa_loop_close(loop), 0);
        ASSERT_EQ(wa_loop_free(loop), 0);
        ASSERT_STR_EQ(r.text, "");
    }
}

/* ---- slow callbacks ------------------------------------------------------------- */

static void slow_cb(wa_loop *loop, void *arg) { wa_loop_advance_virtual_time(loop, *(double *)arg); }

typedef struct {
    wa_coro co;
    double work;
} stepper_frame;

static wa_status stepper_step(wa_coro *co) {
    stepper_frame *f = (stepper_frame *)co;
    WA_BEGIN(co);
    wa_loop_advance_virtual_time(wa_get_running_loop(), f->work);
    stepper_yield = __LINE__; WA_YIELD(co);
    WA_END(co);
}

TEST(debug_slow_callback_and_step_reported) {
    reports r = {{0}, 0, 0};
    wa_loop *loop = debug_loop(&r);
    double slow = 0.2, fast = 0.05, slower = 0.25;
    int l_slow = __LINE__; wa_call_soon(loop, slow_cb, &slow, NULL);
    wa_call_soon(loop, slow_cb, &fast, NULL);
    int l_timer = __LINE__; wa_call_later(loop, 1.0, slow_cb, &slow, NULL);
    int l_task = __LINE__; wa_task *t = WA_SPAWN_NAMED(loop, "stepper", stepper_step, stepper_frame, .work = slower);
    ASSERT_EQ(wa_loop_run_until_complete(loop, wa_task_future(t)), 0);
    wa_call_later(loop, 0.5, stop_cb, NULL, NULL);
    wa_loop_run_forever(loop);      /* the timer at 1.0 fires too */
    const char *f = __FILE__;
    char want[2048];
    snprintf(want, sizeof want,
             "Executing <Handle slow_cb() created at %s:%d> took 0.200 seconds\n"
             "handle: <Handle slow_cb() created at %s:%d>\n"
             "source_traceback: Object created at (most recent call last):\n"
             "  File \"%s\", line %d, in test_debug_slow_callback_and_step_reported\n\n",
             f, l_slow, f, l_slow, f, l_slow);
    snprintf(want + strlen(want), sizeof want - strlen(want),
             "Executing <Task pending name='stepper' coro=<stepper_step() running at %s:%d> created at %s:%d> "
             "took 0.250 seconds\n"
             "source_traceback: Object created at (most recent call last):\n"
             "  File \"%s\", line %d, in test_debug_slow_callback_and_step_reported\n"
             "task: <Task pending name='stepper' coro=<stepper_step() running at %s:%d> created at %s:%d>\n\n",
             f, stepper_yield, f, l_task, f, l_task, f, stepper_yield, f, l_task);
    snprintf(want + strlen(want), sizeof want - strlen(want),
             "Executing <TimerHandle when=1.000 slow_cb() created at %s:%d> took 0.200 seconds\n"
             "handle: <TimerHandle when=1.000 slow_cb() created at %s:%d>\n"
             "source_traceback: Object created at (most recent call last):\n"
             "  File \"%s\", line %d, in test_debug_slow_callback_and_step_reported\n\n",
             f, l_timer, f, l_timer, f, l_timer);
    ASSERT_STR_EQ(r.text, want);
    ASSERT_EQ(r.n, 3);      /* the 0.05 s callback stayed under 0.1 s */

    /* slow_callback_duration is the threshold */
    r = (reports){{0}, 0, 0};
    ASSERT_EQ(wa_loop_set_slow_callback_duration(loop, 0.3), 0);
    wa_call_soon(loop, slow_cb, &slow, NULL);
    run_once(loop);
    ASSERT_EQ(r.n, 0);
    ASSERT_EQ(wa_loop_set_slow_callback_duration(loop, 0.19), 0);
    wa_call_soon(loop, slow_cb, &slow, NULL);
    run_once(loop);
    ASSERT_EQ(r.n, 1);
    /* off: nothing is timed */
    wa_loop_set_debug(loop, false);
    wa_call_soon(loop, slow_cb, &slow, NULL);
    run_once(loop);
    ASSERT_EQ(r.n, 1);
    wa_task_unref(t);
    wa_loop_close(loop);
    wa_loop_free(loop);
}

/* ---- exceptions never retrieved ----------------------------------------------- */

TEST(debug_never_retrieved_names_creation_site) {
    reports r = {{0}, 0, 0};
    wa_loop *loop = debug_loop(&r);
    const char *f = __FILE__;
    int l_fut = __LINE__; wa_future *fut = wa_future_new(loop);
    wa_future_set_exception(fut, wa_error_new(WA_VALUE_ERROR, "lost"));
    wa_future_unref(fut);
    ASSERT_STR_EQ(r.text, expect("Future exception was never retrieved\n"
                                 "future: <Future finished exception=ValueError('lost') created at %s:%d>\n"
                                 "source_traceback: Object created at (most recent call last):\n"
                                 "  File \"%s\", line %d, in test_debug_never_retrieved_names_creation_site\n"
                                 "ValueError: lost\n\n",
                                 f, l_fut, f, l_fut));

    r = (reports){{0}, 0, 0};
    int l_task = __LINE__; wa_task *t = WA_SPAWN_NAMED(loop, "failing", failing_step, plain_frame);
    ASSERT_EQ(wa_loop_run_until_complete(loop, wa_task_future(t)), 0);
    ASSERT_EQ(r.n, 0);
    wa_task_unref(t);
    ASSERT_STR_EQ(r.text, expect("Task exception was never retrieved\n"
                                 "future: <Task finished name='failing' coro=<failing_step() done, defined at %s:%d> "
                                 "exception=ValueError('boom') created at %s:%d>\n"
                                 "source_traceback: Object created at (most recent call last):\n"
                                 "  File \"%s\", line %d, in test_debug_never_retrieved_names_creation_site\n"
                                 "ValueError: boom\n\n",
                                 f, failing_begin, f, l_task, f, l_task));
    wa_loop_close(loop);
    wa_loop_free(loop);

    /* without debug mode: the same reports, no site */
    r = (reports){{0}, 0, 0};
    loop = test_loop();
    wa_loop_set_exception_handler(loop, capture, &r);
    fut = wa_future_new(loop);
    wa_future_set_exception(fut, wa_error_new(WA_VALUE_ERROR, "lost"));
    wa_future_unref(fut);
    ASSERT_STR_EQ(r.text, "Future exception was never retrieved\n"
                          "future: <Future finished exception=ValueError('lost')>\n"
                          "ValueError: lost\n\n");
    wa_loop_free(loop);
}

/* ---- destroyed pending, never awaited ----------------------------------------- */

TEST(debug_destroyed_pending_and_never_awaited) {
    reports r = {{0}, 0, 0};
    wa_loop *loop = debug_loop(&r);
    const char *f = __FILE__;
    int l_idle = __LINE__; wa_task *idle = WA_SPAWN_NAMED(loop, "idle", idle_step, plain_frame);
    wa_loop_close(loop);        /* idle never runs */
    r = (reports){{0}, 0, 0};   /* (closing reported it pending: see the next test) */
    wa_task_unref(idle);
    wa_loop_free(loop);
    ASSERT_STR_EQ(r.text, expect("Task was destroyed but it is pending!\n"
                                 "source_traceback: Object created at (most recent call last):\n"
                                 "  File \"%s\", line %d, in test_debug_destroyed_pending_and_never_awaited\n"
                                 "task: <Task pending name='idle' coro=<idle_step() running at %s:%d> created at %s:%d>\n\n"
                                 "coroutine 'idle_step' was never awaited\n"
                                 "source_traceback: Object created at (most recent call last):\n"
                                 "  File \"%s\", line %d, in test_debug_destroyed_pending_and_never_awaited\n"
                                 "task: <Task pending name='idle' coro=<idle_step() running at %s:%d> created at %s:%d>\n\n",
                                 f, l_idle, f, idle_begin, f, l_idle, f, l_idle, f, idle_begin, f, l_idle));

    /* a task waiting on a future when its loop goes */
    r = (reports){{0}, 0, 0};
    loop = debug_loop(&r);
    int l_fut = __LINE__; wa_future *fut = wa_future_new(loop);
    int l_task = __LINE__; wa_task *w = WA_SPAWN_NAMED(loop, "waiter", waiter_step, waiter_frame, .fut = fut);
    run_once(loop);
    wa_task_unref(w);
    wa_future_unref(fut);
    wa_loop_close(loop);
    r = (reports){{0}, 0, 0};
    wa_loop_free(loop);
    ASSERT_STR_EQ(r.text, expect("Task was destroyed but it is pending!\n"
                                 "source_traceback: Object created at (most recent call last):\n"
                                 "  File \"%s\", line %d, in test_debug_destroyed_pending_and_never_awaited\n"
                                 "task: <Task pending name='waiter' coro=<waiter_step() running at %s:%d> "
                                 "wait_for=<Future pending created at %s:%d> created at %s:%d>\n\n",
                                 f, l_task, f, waiter_await, f, l_fut, f, l_task));

    /* without debug mode both reports come, without sites */
    r = (reports){{0}, 0, 0};
    loop = test_loop();
    wa_loop_set_exception_handler(loop, capture, &r);
    idle = WA_SPAWN_NAMED(loop, "idle", idle_step, plain_frame);
    wa_task_unref(idle);
    wa_loop_free(loop);
    ASSERT_STR_EQ(r.text, expect("Task was destroyed but it is pending!\n"
                                 "task: <Task pending name='idle' coro=<idle_step() running at %s:%d>>\n\n"
                                 "coroutine 'idle_step' was never awaited\n"
                                 "task: <Task pending name='idle' coro=<idle_step() running at %s:%d>>\n\n",
                                 f, idle_begin, f, idle_begin));
}

/* A library coroutine called outside WA_AWAIT never runs: reported, and
 * the task goes on as if the call had not been made. */
typedef struct {
    wa_coro co;
    wa_future *fut;
    int after;
} orphan_frame;

static wa_status orphan_step(wa_coro *co) {
    orphan_frame *f = (orphan_frame *)co;
    WA_BEGIN(co);
    wa_wait_for(co, f->fut, 1.0);       /* the mistake: not awaited */
    WA_YIELD(co);
    f->after = 1;
    wa_wait_for(co, f->fut, 1.0);       /* twice in a row */
    wa_wait_for(co, f->fut, 2.0);
    WA_RETURN(co, wa_int(42));
    WA_END(co);
}

TEST(debug_library_coroutine_never_awaited) {
    reports r = {{0}, 0, 0};
    wa_loop *loop = test_loop();
    wa_loop_set_exception_handler(loop, capture, &r);
    wa_future *fut = wa_future_new(loop);
    wa_task *t = WA_SPAWN_NAMED(loop, "careless", orphan_step, orphan_frame, .fut = fut);
    ASSERT_EQ(wa_loop_run_until_complete(loop, wa_task_future(t)), 0);
    wa_value v;
    ASSERT_EQ(wa_future_result(wa_task_future(t), &v), 0);
    ASSERT_EQ(v.as.i, 42);
    ASSERT_EQ(r.n, 3);
    ASSERT_CONTAINS(r.text, "coroutine 'wait_for_step' was never awaited\ntask: <Task pending name='careless' "
                            "coro=<orphan_step() running at ");
    ASSERT(!wa_future_done(fut));   /* nothing ran it */
    wa_future_cancel(fut, NULL);
    wa_future_unref(fut);
    wa_task_unref(t);
    wa_loop_free(loop);
}

/* ---- closing with work pending; unclosed resources ------------------------------- */

TEST(debug_loop_closed_with_pending_work) {
    reports r = {{0}, 0, 0};
    wa_loop *loop = debug_loop(&r);
    const char *f = __FILE__;
    int calls = 0;
    int l_soon = __LINE__; wa_call_soon(loop, noop_cb, &calls, NULL);
    int l_later = __LINE__; wa_call_later(loop, 5.0, noop_cb, &calls, NULL);
    wa_handle *cancelled;
    wa_call_soon(loop, noop_cb, &calls, &cancelled);
    wa_handle_cancel(cancelled);
    wa_handle_unref(cancelled);
    int l_task = __LINE__; wa_task *t = WA_SPAWN_NAMED(loop, "idle", idle_step, plain_frame);
    ASSERT_EQ(wa_loop_close(loop), 0);
    ASSERT_STR_EQ(r.text, expect("the event loop was closed with a callback still pending\n"
                                 "handle: <Handle noop_cb() created at %s:%d>\n"
                                 "source_traceback: Object created at (most recent call last):\n"
                                 "  File \"%s\", line %d, in test_debug_loop_closed_with_pending_work\n\n"
                                 "the event loop was closed with a timer still pending\n"
                                 "handle: <TimerHandle when=5.000 noop_cb() created at %s:%d>\n"
                                 "source_traceback: Object created at (most recent call last):\n"
                                 "  File \"%s\", line %d, in test_debug_loop_closed_with_pending_work\n\n"
                                 "the event loop was closed with a task still pending\n"
                                 "source_traceback: Object created at (most recent call last):\n"
                                 "  File \"%s\", line %d, in test_debug_loop_closed_with_pending_work\n"
                                 "task: <Task pending name='idle' coro=<idle_step() running at %s:%d> created at %s:%d>\n\n",
                                 f, l_soon, f, l_soon, f, l_later, f, l_later, f, l_task, f, idle_begin, f, l_task));
    ASSERT_EQ(calls, 0);
    wa_task_unref(t);
    r = (reports){{0}, 0, 0};
    wa_loop_free(loop);
    ASSERT_EQ(r.n, 2);      /* destroyed pending, never awaited: the test above */
}

typedef struct {
    wa_coro co;
    double delay;
} sleeper_frame;

static wa_status sleeper_step(wa_coro *co) {
    sleeper_frame *f = (sleeper_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    WA_END(co);
}

/* A sleep made before debug mode was on has a timer of its own, no handle:
 * reported as the handle it stands for. */
TEST(debug_loop_closed_with_sleep_from_before) {
    reports r = {{0}, 0, 0};
    wa_loop *loop = wa_loop_new(&(wa_loop_options){.clock = WA_CLOCK_VIRTUAL});
    wa_loop_set_exception_handler(loop, capture, &r);
    wa_task *t = WA_SPAWN_NAMED(loop, "sleeper", sleeper_step, sleeper_frame, .delay = 5.0);
    run_once(loop);
    ASSERT_EQ(wa_loop_set_debug(loop, true), 0);
    ASSERT_EQ(wa_loop_close(loop), 0);
    ASSERT_CONTAINS(r.text, "the event loop was closed with a timer still pending\n"
                            "handle: <TimerHandle when=5.000 callback()>\n\n"
                            "the event loop was closed with a task still pending\n");
    wa_task_unref(t);
    r = (reports){{0}, 0, 0};
    wa_loop_free(loop);
}

/* ... and timed, once due, as that handle too. */
TEST(debug_slow_sleep_from_before) {
    reports r = {{0}, 0, 0};
    wa_loop *loop = wa_loop_new(&(wa_loop_options){.clock = WA_CLOCK_VIRTUAL});
    wa_loop_set_exception_handler(loop, capture, &r);
    wa_task *t = WA_SPAWN_NAMED(loop, "sleeper", sleeper_step, sleeper_frame, .delay = 0.5);
    run_once(loop);
    ASSERT_EQ(wa_loop_set_debug(loop, true), 0);
    ASSERT_EQ(wa_loop_set_slow_callback_duration(loop, 0), 0);     /* everything is slow */
    ASSERT_EQ(wa_loop_run_until_complete(loop, wa_task_future(t)), 0);
    ASSERT_CONTAINS(r.text, "Executing <TimerHandle when=0.500 callback()> took 0.000 seconds\n"
                            "handle: <TimerHandle when=0.500 callback()>\n\n");
    wa_task_unref(t);
    wa_loop_close(loop);
    wa_loop_free(loop);
}

TEST(debug_unclosed_resources) {
    reports r = {{0}, 0, 0};
    const char *f = __FILE__;
    int l_loop = __LINE__; wa_loop *loop = wa_loop_new(&(wa_loop_options){.clock = WA_CLOCK_VIRTUAL, .debug = true});
    wa_loop_set_exception_handler(loop, capture, &r);
    /* the hook transports and servers call when freed unclosed */
    wa_site site = {"server.c", 12, "serve"};
    wa__debug_unclosed(loop, "transport <FakeTransport fd=7>", &site);
    ASSERT_STR_EQ(r.text, "unclosed transport <FakeTransport fd=7>\n"
                          "source_traceback: Object created at (most recent call last):\n"
                          "  File \"server.c\", line 12, in serve\n\n");
    r = (reports){{0}, 0, 0};
    wa_loop_free(loop);     /* never closed: the loop is such a resource too */
    ASSERT_STR_EQ(r.text, expect("unclosed event loop <wa_loop virtual running=False closed=False debug=True>\n"
                                 "source_traceback: Object created at (most recent call last):\n"
                                 "  File \"%s\", line %d, in test_debug_unclosed_resources\n\n",
                                 f, l_loop));
    /* closed first, or not in debug mode: nothing */
    r = (reports){{0}, 0, 0};
    loop = debug_loop(&r);
    wa_loop_close(loop);
    wa_loop_free(loop);
    loop = test_loop();
    wa_loop_set_exception_handler(loop, capture, &r);
    wa__debug_unclosed(loop, "transport <FakeTransport fd=7>", &site);
    wa_loop_free(loop);
    ASSERT_EQ(r.n, 0);
}

/* ---- call_soon from another thread --------------------------------------------- */

typedef struct {
    wa_loop *loop;
    int rc, line;
    char message[256];
} thread_call;

static wa_value call_from_thread(void *arg, wa_error **error) {
    (void)error;
    thread_call *c = arg;
    int calls = 0;
    c->line = __LINE__; c->rc = wa_call_soon(c->loop, noop_cb, &calls, NULL);
    snprintf(c->message, sizeof c->message, "%s", wa_last_error());
    return wa_none();
}

typedef struct {
    wa_coro co;
    thread_call *call;
    int *own_rc;
    int calls;
} thread_frame;

static wa_status thread_main(wa_coro *co) {
    thread_frame *f = (thread_frame *)co;
    WA_BEGIN(co);
    f->call->loop = wa_get_running_loop();
    *f->own_rc = wa_call_soon(f->call->loop, noop_cb, &f->calls, NULL);    /* the loop's own thread: fine */
    WA_YIELD(co);
    WA_AWAIT(co, wa_to_thread(co, call_from_thread, f->call));
    WA_END(co);
}

TEST(debug_call_soon_from_another_thread) {
    thread_call call = {NULL, 1, 0, ""};
    int own_rc = 1;
    wa_run_options opts = {.clock = wa__threads_available() ? WA_CLOCK_REAL : WA_CLOCK_VIRTUAL, .debug = true};
    wa_error *err = NULL;
    int rc = WA_RUN(&opts, NULL, &err, thread_main, thread_frame, .call = &call, .own_rc = &own_rc);
    ASSERT_EQ(own_rc, 0);
    if (!wa__threads_available()) {
        /* WASI and Emscripten builds have one thread: to_thread refuses */
        ASSERT_EQ(rc, WA_EEXCEPTION);
        ASSERT_STR_EQ(wa_error_message(err), "threads are not available in this build");
        wa_error_unref(err);
        return;
    }
    ASSERT_EQ(rc, 0);
    ASSERT_EQ(call.rc, WA_EWRONGTHREAD);
    ASSERT_STR_EQ(call.message, expect("wa_call_soon: Non-thread-safe operation invoked on an event loop other than "
                                       "the current one (noop_cb() at %s:%d in call_from_thread; use "
                                       "wa_call_soon_threadsafe)", __FILE__, call.line));
}

/* ---- the exception handler ------------------------------------------------------ */

TEST(exception_handler_format_and_per_loop) {
    /* asyncio's default text: message, future, handle, source_traceback,
     * task, then the exception with its cause first */
    wa_error *e = wa_error_new(WA_RUNTIME_ERROR, "outer");
    wa_error_set_cause(e, wa_error_new(WA_OS_ERROR, "refused"));
    wa_site site = {"app.c", 7, "main_step"};
    wa_context ctx = {.message = "something broke", .exception = e, .site = &site};
    char buf[1024];
    size_t n = wa_context_format(&ctx, buf, sizeof buf);
    const char *want = "something broke\n"
                       "source_traceback: Object created at (most recent call last):\n"
                       "  File \"app.c\", line 7, in main_step\n"
                       "OSError: refused\n"
                       "The above exception was the direct cause of the following exception:\n\n"
                       "RuntimeError: outer";
    ASSERT_STR_EQ(buf, want);
    ASSERT_EQ(n, strlen(want));
    char small[16];
    ASSERT_EQ(wa_context_format(&ctx, small, sizeof small), strlen(want));  /* like snprintf */
    ASSERT_STR_EQ(small, "something broke");
    ctx = (wa_context){.message = NULL};
    wa_context_format(&ctx, buf, sizeof buf);
    ASSERT_STR_EQ(buf, "Unhandled exception in event loop");

    /* handlers are per loop; call_exception_handler is for user code too */
    reports ra = {{0}, 0, 0}, rb = {{0}, 0, 0};
    wa_loop *a = test_loop(), *b = test_loop();
    wa_loop_set_exception_handler(a, capture, &ra);
    wa_loop_set_exception_handler(b, capture, &rb);
    wa_future *fut = wa_future_new(b);
    wa_future_set_result(fut, wa_str("it's done"));
    ctx = (wa_context){.message = "from user code", .exception = e, .future = fut};
    wa_loop_call_exception_handler(b, &ctx);
    ASSERT_EQ(ra.n, 0);
    ASSERT_STR_EQ(rb.text, "from user code\n"
                           "future: <Future finished result='it\\'s done'>\n"
                           "OSError: refused\n"
                           "The above exception was the direct cause of the following exception:\n\n"
                           "RuntimeError: outer\n\n");
    wa_future_unref(fut);
    wa_error_unref(e);
    wa_loop_free(a);
    wa_loop_free(b);
}

/* ---- introspection ----------------------------------------------------------------- */

typedef struct {
    wa_coro co;
    wa_future *fut;
} chain_frame;

/* WA_ASYNC, the balanced form, must resume and describe itself as WA_BEGIN
 * does: the stack below names this frame and its await's line. */
static wa_status chain_child(wa_coro *co) {
    chain_frame *f = (chain_frame *)co;
    WA_ASYNC(co) {
        child_await = __LINE__; WA_AWAIT(co, f->fut);
        WA_RETURN(co, wa_int(co->value.as.i * 2));
    }
}

static wa_status chain_main(wa_coro *co) {
    chain_frame *f = (chain_frame *)co;
    WA_BEGIN(co);
    chain_await = __LINE__; WA_AWAIT_CALL(co, chain_child, chain_frame, .fut = f->fut);
    WA_RETURN(co, co->value);
    WA_END(co);
}

TEST(inspect_task_stack) {
    wa_loop *loop = test_loop();
    const char *f = __FILE__;
    wa_future *fut = wa_future_new(loop);
    wa_task *t = WA_SPAWN_NAMED(loop, "chain", chain_main, chain_frame, .fut = fut);
    wa_frame_info frames[4];
    /* not started: the coroutine where its body begins */
    ASSERT_EQ(wa_task_get_stack(t, frames, 4), 1);
    ASSERT_STR_EQ(frames[0].func, "chain_main");
    ASSERT_STR_EQ(frames[0].file, f);
    run_once(loop);
    ASSERT_EQ(wa_task_get_stack(t, frames, 4), 2);
    ASSERT_STR_EQ(frames[0].func, "chain_main");
    ASSERT_EQ(frames[0].line, chain_await);
    ASSERT_STR_EQ(frames[1].func, "chain_child");
    ASSERT_EQ(frames[1].line, child_await);
    ASSERT_STR_EQ(frames[1].file, f);
    ASSERT_EQ(wa_task_get_stack(t, frames, 1), 2);      /* room for the outermost only */
    ASSERT_STR_EQ(frames[0].func, "chain_main");
    char buf[1024];
    wa_task_format_stack(t, buf, sizeof buf);
    ASSERT_STR_EQ(buf, expect("Stack for <Task pending name='chain' coro=<chain_main() running at %s:%d> "
                              "wait_for=<Future pending>> (most recent call last):\n"
                              "  File \"%s\", line %d, in chain_main\n"
                              "  File \"%s\", line %d, in chain_child",
                              f, chain_await, f, chain_await, f, child_await));
    wa_task_info info;
    ASSERT_EQ(wa_task_get_info(t, &info), 0);
    ASSERT_STR_EQ(info.name, "chain");
    ASSERT_STR_EQ(info.state, "pending");
    ASSERT_STR_EQ(info.activity, "waiting");
    ASSERT_STR_EQ(info.coro.func, "chain_main");
    ASSERT_STR_EQ(info.where.func, "chain_child");
    ASSERT_EQ(info.where.line, child_await);
    ASSERT_EQ(info.depth, 2);
    ASSERT_STR_EQ(info.awaiting, "<Future pending>");
    ASSERT(isnan(info.since));          /* not a debug loop */
    ASSERT(info.created.file == NULL);
    wa_future_set_result(fut, wa_int(21));
    ASSERT_EQ(wa_loop_run_until_complete(loop, wa_task_future(t)), 0);
    ASSERT_EQ(wa_task_get_stack(t, frames, 4), 0);
    wa_task_format_stack(t, buf, sizeof buf);
    ASSERT_STR_EQ(buf, expect("No stack for <Task finished name='chain' coro=<chain_main() done, defined at %s:%d> "
                              "result=42>", f, chain_await - 1));
    ASSERT_EQ(wa_task_get_info(t, &info), 0);
    ASSERT_STR_EQ(info.activity, "done");
    ASSERT_STR_EQ(info.state, "finished");
    ASSERT_EQ(wa_task_get_info(NULL, &info), WA_EINVAL);
    wa_task_unref(t);
    wa_future_unref(fut);
    wa_loop_free(loop);
}

/* What the loop's host printed (stderr natively, console.error in JS). */
static char printed[2048];

static void capture_print(void *state, const char *text) {
    (void)state;
    size_t len = strlen(printed);
    snprintf(printed + len, sizeof printed - len, "%s\n", text);
}

/* Runs print(t) with loop's host printing into printed instead. */
static const char *print_captured(wa_loop *loop, void (*print)(wa_task *), wa_task *t) {
    const wa_host_ops *host = loop->host;
    wa_host_ops capturing = *host;
    capturing.report = capture_print;
    printed[0] = '\0';
    loop->host = &capturing;
    print(t);
    loop->host = host;
    return printed;
}

/* Task.print_stack: get_stack's frames, outermost first, under a header
 * naming the task; "No stack for" once it is done.  (C has no source line
 * to print under each frame.) */
TEST(inspect_print_stack) {
    wa_loop *loop = test_loop();
    const char *f = __FILE__;
    wa_future *fut = wa_future_new(loop);
    wa_task *t = WA_SPAWN_NAMED(loop, "chain", chain_main, chain_frame, .fut = fut);
    run_once(loop);
    ASSERT_STR_EQ(print_captured(loop, wa_task_print_stack, t),
                  expect("Stack for <Task pending name='chain' coro=<chain_main() running at %s:%d> "
                         "wait_for=<Future pending>> (most recent call last):\n"
                         "  File \"%s\", line %d, in chain_main\n"
                         "  File \"%s\", line %d, in chain_child\n",
                         f, chain_await, f, chain_await, f, child_await));
    wa_future_set_result(fut, wa_int(21));
    ASSERT_EQ(wa_loop_run_until_complete(loop, wa_task_future(t)), 0);
    ASSERT_STR_EQ(print_captured(loop, wa_task_print_stack, t),
                  expect("No stack for <Task finished name='chain' coro=<chain_main() done, defined at %s:%d> "
                         "result=42>\n", f, chain_await - 1));
    ASSERT_STR_EQ(print_captured(loop, wa_task_print_stack, NULL), "");    /* NULL: nothing */
    wa_task_unref(t);
    wa_future_unref(fut);
    wa_loop_free(loop);
}

typedef struct {
    wa_coro co;
    double delay;
    wa_task *other;
    wa_event *event;
} napper_frame;

static wa_status event_waiter(wa_coro *co) {
    napper_frame *f = (napper_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_event_wait(co, f->event));
    WA_END(co);
}

static int napper_line, boss_line;

static wa_status napper(wa_coro *co) {
    napper_frame *f = (napper_frame *)co;
    WA_BEGIN(co);
    napper_line = __LINE__; WA_AWAIT(co, wa_sleep(co, f->delay));
    WA_END(co);
}

static wa_status boss(wa_coro *co) {
    napper_frame *f = (napper_frame *)co;
    WA_BEGIN(co);
    boss_line = __LINE__; WA_AWAIT(co, f->other);
    WA_END(co);
}

TEST(inspect_loop_tasks) {
    wa_loop *loop = debug_loop(NULL);
    const char *f = __FILE__;
    int l_nap = __LINE__; wa_task *nap = WA_SPAWN_NAMED(loop, "nap", napper, napper_frame, .delay = 5);
    int l_boss = __LINE__; wa_task *b = WA_SPAWN_NAMED(loop, "boss", boss, napper_frame, .other = nap);
    wa_loop_advance_virtual_time(loop, 0.5);
    run_once(loop);                     /* both wait from 0.5 on */
    wa_call_later(loop, 1.5, stop_cb, NULL, NULL);
    wa_loop_run_forever(loop);          /* now 2.0 */
    wa_task_info info;
    ASSERT_EQ(wa_task_get_info(nap, &info), 0);
    ASSERT_STR_EQ(info.activity, "waiting");
    ASSERT_STR_EQ(info.awaiting, "<sleep pending>");
    ASSERT_DOUBLE_EQ(info.since, 0.5);
    ASSERT_STR_EQ(info.created.file, f);
    ASSERT_EQ(info.created.line, l_nap);
    ASSERT_STR_EQ(info.created.func, "test_inspect_loop_tasks");
    ASSERT_EQ(wa_task_get_info(b, &info), 0);
    ASSERT_STR_EQ(info.awaiting, expect("<Task pending name='nap' coro=<napper() running at %s:%d> "
                                        "wait_for=<sleep pending> created at %s:%d>", f, napper_line, f, l_nap));
    char buf[2048];
    size_t n = wa_loop_format_tasks(loop, buf, sizeof buf);
    const char *want = expect(
        "2 pending tasks:\n"
        "<Task pending name='nap' coro=<napper() running at %s:%d> wait_for=<sleep pending> created at %s:%d>\n"
        "  waiting for 1.500 s\n"
        "  File \"%s\", line %d, in napper\n"
        "<Task pending name='boss' coro=<boss() running at %s:%d> wait_for=<Task pending name='nap' "
        "coro=<napper() running at %s:%d> wait_for=<sleep pending> created at %s:%d> created at %s:%d>\n"
        "  waiting for 1.500 s\n"
        "  File \"%s\", line %d, in boss",
        f, napper_line, f, l_nap, f, napper_line, f, boss_line, f, napper_line, f, l_nap, f, l_boss, f, boss_line);
    ASSERT_STR_EQ(buf, want);
    ASSERT_EQ(n, strlen(want));
    /* waiters of the library's primitives say what they wait for */
    wa_event *ev = wa_event_new(loop);
    wa_task *w = WA_SPAWN_NAMED(loop, "ev", event_waiter, napper_frame, .event = ev);
    run_once(loop);
    ASSERT_EQ(wa_task_get_info(w, &info), 0);
    ASSERT_STR_EQ(info.awaiting, "<Event.wait pending>");
    /* Event.wait parks the task: no library frame (asyncio's get_stack
     * shows only the task's coroutine too) */
    ASSERT_STR_EQ(info.where.func, "event_waiter");
    ASSERT_EQ(info.depth, 1);
    wa_event_set(ev);
    ASSERT_EQ(wa_loop_run_until_complete(loop, wa_task_future(w)), 0);
    wa_task_unref(w);
    wa_event_free(ev);
    wa_task_cancel(b, NULL);
    wa_task_cancel(nap, NULL);
    ASSERT_EQ(wa_loop_run_until_complete(loop, wa_task_future(b)), 0);
    run_once(loop);
    ASSERT_EQ(wa_loop_format_tasks(loop, buf, sizeof buf), strlen("0 pending tasks:"));
    wa_task_unref(nap);
    wa_task_unref(b);
    wa_loop_close(loop);
    wa_loop_free(loop);
}

typedef struct {
    wa_coro co;
    wa_taskgroup tg;
    wa_event *event;
} group_frame;

static wa_status group_parent(wa_coro *co) {
    group_frame *f = (group_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        if (!WA_GROUP_SPAWN(&f->tg, event_waiter, napper_frame, .event = f->event))
            WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "spawn failed"));
    }
    WA_WITH_END(co);
    WA_END(co);
}

/* A task at its TaskGroup's exit waits on asyncio's _on_completed_fut,
 * which outside debug mode is a park on the group: both read the same. */
TEST(inspect_taskgroup_exit) {
    for (int debug = 0; debug < 2; debug++) {
        wa_loop *loop = wa_loop_new(&(wa_loop_options){.clock = WA_CLOCK_VIRTUAL, .debug = debug});
        wa_event *ev = wa_event_new(loop);
        wa_task *t = WA_SPAWN_NAMED(loop, "parent", group_parent, group_frame, .event = ev);
        run_once(loop);     /* the parent spawns and waits at the exit */
        run_once(loop);     /* the child waits on the event */
        wa_task_info info;
        ASSERT_EQ(wa_task_get_info(t, &info), 0);
        ASSERT_STR_EQ(info.activity, "waiting");
        ASSERT_STR_EQ(info.awaiting, "<TaskGroup pending>");
        char buf[2048];
        wa_loop_format_tasks(loop, buf, sizeof buf);
        ASSERT_CONTAINS(buf, "name='parent' coro=<group_parent() running at");
        ASSERT_CONTAINS(buf, "wait_for=<TaskGroup pending>");
        ASSERT(wa_task_cancel(t, "stop"));
        ASSERT_EQ(wa_task_get_info(t, &info), 0);
        ASSERT_STR_EQ(info.state, "cancelling");
        ASSERT_STR_EQ(info.awaiting, "<TaskGroup cancelled>");
        ASSERT_EQ(wa_loop_run_until_complete(loop, wa_task_future(t)), 0);
        ASSERT(wa_future_cancelled(wa_task_future(t)));
        wa_task_unref(t);
        wa_event_free(ev);
        wa_loop_close(loop);
        wa_loop_free(loop);
    }
}
