/*
 * test_cfuture.c — run_coroutine_threadsafe and its concurrent future:
 * outcomes copied across threads, cancel from either side, timeouts, the
 * loop's own thread, closed and freed loops, many threads at once, and the
 * refusal in builds without threads.  Waits between threads use condition
 * variables or the futures themselves, never sleeps; the only real timeout
 * waited for is one that nothing can end early.  ThreadSanitizer runs the
 * ones that start threads (tests/node/unit.test.mjs).
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "../../src/host/sysalloc.h"
#include "../../src/threads/threads.h"

/* ---- coroutines the tests start --------------------------------------------- */

enum { RETURN_INT, RETURN_STR, RAISE, RETURN_PTR, RETURN_LIST, WAIT_GATE, WAIT_FOREVER, STOP_LOOP, STOP_THEN_WAIT };

static atomic_int ptr_freed;
static void free_counted(void *p) {
    free(p);
    atomic_fetch_add(&ptr_freed, 1);
}

/* A condition another thread waits on: set once. */
typedef struct flag {
    wa__mutex *lock;
    wa__cond *cond;
    bool set;
} flag;

static void flag_init(flag *f) {
    f->lock = wa__mutex_new();
    f->cond = wa__cond_new();
    f->set = false;
}
static void flag_set(flag *f) {
    wa__mutex_lock(f->lock);
    f->set = true;
    wa__cond_broadcast(f->cond);
    wa__mutex_unlock(f->lock);
}
static void flag_wait(flag *f) {
    wa__mutex_lock(f->lock);
    while (!f->set) wa__cond_wait(f->cond, f->lock);
    wa__mutex_unlock(f->lock);
}
static void flag_free(flag *f) {
    wa__cond_free(f->cond);
    wa__mutex_free(f->lock);
}

typedef struct fail_frame {
    wa_coro co;
} fail_frame;

static wa_status fail_step(wa_coro *co) {
    WA_BEGIN(co);
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "in a list"));
    WA_END(co);
}

typedef struct work_frame {
    wa_coro co;
    int kind;
    trace *t;               /* loop side's events, or NULL */
    flag *started;          /* set once the first step ran, or NULL */
    wa_future *gate;        /* WAIT_GATE: a future of the loop */
    wa_task *parts[2];
    wa_future *futs[2];
    wa_error *err;
    char text[32];
} work_frame;

static wa_status work_step(wa_coro *co) {
    work_frame *f = (work_frame *)co;
    WA_BEGIN(co);
    if (f->t) trace_add(f->t, "started");
    if (f->started) flag_set(f->started);
    switch (f->kind) {
    case RETURN_STR:
        snprintf(f->text, sizeof f->text, "from the frame %d", 7);
        break;
    case STOP_LOOP:
        wa_loop_stop(wa_get_running_loop());
        WA_RETURN(co, wa_int(5));
    case STOP_THEN_WAIT:
        wa_loop_stop(wa_get_running_loop());
        break;
    default:
        break;
    }
    if (f->kind <= RETURN_LIST) WA_YIELD(co);
    switch (f->kind) {
    case RETURN_INT: WA_RETURN(co, wa_int(42));
    case RETURN_STR: WA_RETURN(co, wa_str(f->text));     /* dies with the frame: the future copies it */
    case RETURN_PTR: WA_RETURN(co, wa_ptr(malloc(8), free_counted));
    case RAISE: {
        wa_error *e = wa_error_new(WA_VALUE_ERROR, "bad %d", 7);
        wa_error_set_cause(e, wa_error_new(WA_RUNTIME_ERROR, "root"));
        WA_RAISE(co, e);
    }
    default:
        break;
    }
    if (f->kind == RETURN_LIST) {
        f->parts[0] = WA_SPAWN(wa_get_running_loop(), work_step, work_frame, .kind = RETURN_INT);
        f->parts[1] = WA_SPAWN(wa_get_running_loop(), fail_step, fail_frame);
        if (!f->parts[0] || !f->parts[1]) {         /* out of memory */
            wa_task_unref(f->parts[0]);
            wa_task_unref(f->parts[1]);
            WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
        }
        f->futs[0] = wa_task_future(f->parts[0]);
        f->futs[1] = wa_task_future(f->parts[1]);
        WA_AWAIT_TRY(co, wa_gather(co, f->futs, 2, true), f->err);
        wa_task_unref(f->parts[0]);
        wa_task_unref(f->parts[1]);
        if (f->err) WA_RAISE(co, wa_error_ref(f->err));     /* out of memory */
        WA_RETURN(co, co->value);
    }
    if (f->kind == WAIT_GATE) {
        WA_AWAIT(co, f->gate);
        WA_RETURN(co, wa_str("opened"));
    }
    /* the frame owns a sleep: a task destroyed pending leaks nothing */
    WA_AWAIT_TRY(co, wa_sleep(co, 3600), f->err);
    if (f->t) trace_add(f->t, "%s", f->err ? wa_error_type_of(f->err)->name : "woken");
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    WA_END(co);
}

/* "Type: message", and " (cause Type: message)" if it has one. */
static void trace_error(trace *t, const wa_error *e) {
    const wa_error *c = wa_error_cause(e);
    if (c)
        trace_add(t, "%s: %s (cause %s: %s)", wa_error_type_of(e)->name, wa_error_message(e),
                  wa_error_type_of(c)->name, wa_error_message(c));
    else
        trace_add(t, "%s: %s", wa_error_type_of(e)->name, wa_error_message(e));
}

/* ---- a worker thread beside a running loop --------------------------------------- */

typedef struct job {
    wa_loop *loop;
    trace t;                /* the worker's events */
    trace loop_t;           /* the coroutines' events */
    flag started;
    wa_future *gate;
    bool (*body)(struct job *j);    /* false: an assertion failed (its words in t) */
    bool ok;
} job;

static _Thread_local bool on_worker;

static wa_value run_job(void *arg, wa_error **error) {
    (void)error;
    job *j = arg;
    on_worker = true;
    j->ok = j->body(j);
    on_worker = false;
    return wa_none();
}

typedef struct main_frame {
    wa_coro co;
    job *j;
    int polls;
} main_frame;

/* Runs j->body on a worker while the loop runs, then gives the loop's
 * side a few iterations to finish what the body set going. */
static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->j->loop = wa_get_running_loop();
    f->j->gate = wa_future_new(f->j->loop);
    WA_AWAIT(co, wa_to_thread(co, run_job, f->j));
    for (f->polls = 0; f->polls < 10; f->polls++) WA_YIELD(co);
    wa_future_unref(f->j->gate);
    WA_END(co);
}

static int run_beside_loop(job *j) {
    flag_init(&j->started);
    int rc = WA_RUN(NULL, NULL, NULL, main_step, main_frame, .j = j);
    flag_free(&j->started);
    return rc;
}

#define CHECK(j, cond)                                                         \
    do {                                                                       \
        if (!(cond)) {                                                         \
            trace_add(&(j)->t, "CHECK failed at line %d: %s", __LINE__, #cond); \
            return false;                                                      \
        }                                                                      \
    } while (0)

/* ---- outcomes cross as copies ------------------------------------------------ */

static bool values_body(job *j) {
    wa_value v;
    wa_error *err, *again;
    wa_cfuture *f = WA_RUN_COROUTINE_THREADSAFE(j->loop, work_step, work_frame, .kind = RETURN_INT);
    CHECK(j, f);
    CHECK(j, wa_cfuture_result(f, WA_NO_TIMEOUT, &v, &err) == WA_OK && err == NULL);
    trace_add(&j->t, "%lld done=%d running=%d", (long long)v.as.i, wa_cfuture_done(f), wa_cfuture_running(f));
    wa_cfuture_unref(f);

    f = WA_RUN_COROUTINE_THREADSAFE(j->loop, work_step, work_frame, .kind = RETURN_STR);
    CHECK(j, wa_cfuture_result(f, WA_NO_TIMEOUT, &v, NULL) == WA_OK);
    trace_add(&j->t, "%s", v.as.buf.data);
    wa_cfuture_unref(f);

    f = WA_RUN_COROUTINE_THREADSAFE(j->loop, work_step, work_frame, .kind = RAISE);
    CHECK(j, wa_cfuture_result(f, WA_NO_TIMEOUT, &v, &err) == WA_EEXCEPTION);
    trace_error(&j->t, err);
    trace_add(&j->t, "%s", wa_last_error());
    CHECK(j, wa_cfuture_exception(f, 0, &again, NULL) == WA_OK && again != err);  /* a copy per call */
    trace_error(&j->t, again);
    wa_error_unref(again);
    wa_error_unref(err);
    CHECK(j, wa_cfuture_result(f, 0, NULL, NULL) == WA_EEXCEPTION);
    wa_cfuture_unref(f);

    f = WA_RUN_COROUTINE_THREADSAFE(j->loop, work_step, work_frame, .kind = RETURN_PTR);
    CHECK(j, wa_cfuture_result(f, WA_NO_TIMEOUT, &v, NULL) == WA_OK && v.kind == WA_KIND_PTR && !v.as.ptr.dtor);
    trace_add(&j->t, "freed %d", atomic_load(&ptr_freed));
    /* the destructor runs once, on this thread or on the loop's, whichever
     * lets go last (the test checks the count once the loop is gone) */
    wa_cfuture_unref(f);

    f = WA_RUN_COROUTINE_THREADSAFE(j->loop, work_step, work_frame, .kind = RETURN_LIST);
    CHECK(j, wa_cfuture_result(f, WA_NO_TIMEOUT, &v, NULL) == WA_OK && v.kind == WA_KIND_LIST && v.as.list.len == 2);
    trace_add(&j->t, "[%lld, %s(%s)]", (long long)v.as.list.items[0].as.i,
              wa_error_type_of(v.as.list.items[1].as.err)->name, wa_error_message(v.as.list.items[1].as.err));
    CHECK(j, wa_cfuture_exception(f, 0, &err, NULL) == WA_OK && err == NULL);
    wa_cfuture_unref(f);
    return true;
}

TEST(threads_rcts_values_and_errors_cross_as_copies) {
    if (!wa__threads_available()) SKIP("threads are not available in this build");
    job j = {.body = values_body};
    atomic_store(&ptr_freed, 0);
    ASSERT_EQ(run_beside_loop(&j), 0);
    ASSERT(j.ok);
    ASSERT_STR_EQ(j.t.text, "42 done=1 running=0|from the frame 7"
                            "|ValueError: bad 7 (cause RuntimeError: root)|wa_cfuture_result: ValueError: bad 7"
                            "|ValueError: bad 7 (cause RuntimeError: root)|freed 0|[42, ValueError(in a list)]");
    ASSERT_EQ(atomic_load(&ptr_freed), 1);
}

/* ---- cancel from another thread ---------------------------------------------- */

static atomic_int callbacks_on_worker, callbacks_elsewhere;

static void count_callback(wa_cfuture *f, void *arg) {
    (void)arg;
    atomic_fetch_add(on_worker ? &callbacks_on_worker : &callbacks_elsewhere, 1);
    /* the future is done and readable inside its callback */
    if (!wa_cfuture_done(f)) atomic_fetch_add(&callbacks_elsewhere, 100);
}

static bool cancel_body(job *j) {
    wa_error *err;
    wa_cfuture *f = WA_RUN_COROUTINE_THREADSAFE(j->loop, work_step, work_frame, .kind = WAIT_FOREVER,
                                                .t = &j->loop_t, .started = &j->started);
    CHECK(j, wa_cfuture_add_done_callback(f, count_callback, NULL) == WA_OK);
    flag_wait(&j->started);     /* the task is running: the cancel must reach it */
    CHECK(j, !wa_cfuture_done(f) && !wa_cfuture_running(f));
    trace_add(&j->t, "cancel %d", wa_cfuture_cancel(f));
    trace_add(&j->t, "cancelled=%d done=%d callbacks=%d", wa_cfuture_cancelled(f), wa_cfuture_done(f),
              atomic_load(&callbacks_on_worker));
    CHECK(j, wa_cfuture_result(f, WA_NO_TIMEOUT, NULL, &err) == WA_EEXCEPTION);
    /* concurrent.futures.CancelledError: an Exception, not asyncio's */
    CHECK(j, wa_error_is(err, WA_CONCURRENT_CANCELLED_ERROR) && wa_error_is(err, WA_EXCEPTION) &&
                 !wa_error_is(err, WA_CANCELLED_ERROR));
    trace_error(&j->t, err);
    wa_error_unref(err);
    CHECK(j, wa_cfuture_exception(f, WA_NO_TIMEOUT, NULL, &err) == WA_EEXCEPTION);
    trace_error(&j->t, err);
    wa_error_unref(err);
    trace_add(&j->t, "again %d", wa_cfuture_cancel(f));
    CHECK(j, wa_cfuture_add_done_callback(f, count_callback, NULL) == WA_OK);    /* done: at once, here */
    trace_add(&j->t, "callbacks=%d", atomic_load(&callbacks_on_worker));
    wa_cfuture_unref(f);

    /* finished first: cancel() is refused */
    f = WA_RUN_COROUTINE_THREADSAFE(j->loop, work_step, work_frame, .kind = RETURN_INT);
    CHECK(j, wa_cfuture_result(f, WA_NO_TIMEOUT, NULL, NULL) == WA_OK);
    trace_add(&j->t, "late cancel %d cancelled=%d", wa_cfuture_cancel(f), wa_cfuture_cancelled(f));
    wa_cfuture_unref(f);
    return true;
}

TEST(threads_rcts_cancel_from_another_thread) {
    if (!wa__threads_available()) SKIP("threads are not available in this build");
    job j = {.body = cancel_body};
    atomic_store(&callbacks_on_worker, 0);
    atomic_store(&callbacks_elsewhere, 0);
    ASSERT_EQ(run_beside_loop(&j), 0);
    ASSERT(j.ok);
    ASSERT_STR_EQ(j.t.text, "cancel 1|cancelled=1 done=1 callbacks=1|CancelledError: |CancelledError: |again 1"
                            "|callbacks=2|late cancel 0 cancelled=0");
    /* the task saw the cancel at its await */
    ASSERT_STR_EQ(j.loop_t.text, "started|CancelledError");
    ASSERT_EQ(atomic_load(&callbacks_elsewhere), 0);
}

/* ---- timeouts ------------------------------------------------------------------ */

static void open_gate(wa_loop *loop, void *arg) {
    (void)loop;
    wa_future_set_result(arg, wa_none());
}

static bool timeout_body(job *j) {
    wa_value v;
    wa_error *err;
    wa_cfuture *f = WA_RUN_COROUTINE_THREADSAFE(j->loop, work_step, work_frame, .kind = WAIT_GATE, .gate = j->gate);
    CHECK(j, wa_cfuture_result(f, 0, &v, &err) == WA_EEXCEPTION);
    trace_error(&j->t, err);
    trace_add(&j->t, "%s", wa_last_error());
    wa_error_unref(err);
    CHECK(j, wa_cfuture_exception(f, -1, NULL, &err) == WA_EEXCEPTION && wa_error_is(err, WA_TIMEOUT_ERROR));
    wa_error_unref(err);
    /* a real wait, which nothing can end before its time: the gate is shut */
    CHECK(j, wa_cfuture_result(f, 0.005, &v, &err) == WA_EEXCEPTION && wa_error_is(err, WA_TIMEOUT_ERROR));
    wa_error_unref(err);
    trace_add(&j->t, "done=%d", wa_cfuture_done(f));
    CHECK(j, wa_call_soon_threadsafe(j->loop, open_gate, j->gate) == WA_OK);
    CHECK(j, wa_cfuture_result(f, 3600, &v, &err) == WA_OK);
    trace_add(&j->t, "%s", v.as.buf.data);
    CHECK(j, wa_cfuture_exception(f, WA_NO_TIMEOUT, &err, NULL) == WA_OK && err == NULL);
    wa_cfuture_unref(f);
    return true;
}

TEST(threads_rcts_timeout_then_result) {
    if (!wa__threads_available()) SKIP("threads are not available in this build");
    job j = {.body = timeout_body};
    ASSERT_EQ(run_beside_loop(&j), 0);
    ASSERT(j.ok);
    ASSERT_STR_EQ(j.t.text, "TimeoutError: |wa_cfuture_result: TimeoutError|done=0|opened");
}

/* ---- on the loop's own thread ----------------------------------------------------- */

typedef struct own_frame {
    wa_coro co;
    trace *t;
    wa_cfuture *f, *g;
    wa_error *err;
} own_frame;

static void trace_done(wa_cfuture *f, void *arg) {
    trace *t = arg;
    wa_value v;
    int rc = wa_cfuture_result(f, 0, &v, NULL);
    if (rc == WA_OK)
        trace_add(t, "callback %lld at %.1f", (long long)v.as.i, wa_loop_time(wa_get_running_loop()));
    else
        trace_add(t, "callback %s", wa_err_name(rc));
}

static wa_status own_step(wa_coro *co) {
    own_frame *f = (own_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->f = WA_RUN_COROUTINE_THREADSAFE(loop, work_step, work_frame, .kind = RETURN_INT, .t = f->t);
    /* waiting here would stop the loop that must run the coroutine */
    if (wa_cfuture_result(f->f, WA_NO_TIMEOUT, NULL, NULL) == WA_EDEADLOCK) trace_add(f->t, "%s", wa_last_error());
    if (wa_cfuture_exception(f->f, 1.0, NULL, NULL) == WA_EDEADLOCK) trace_add(f->t, "EDEADLOCK");
    if (wa_cfuture_result(f->f, 0, NULL, &f->err) == WA_EEXCEPTION) trace_error(f->t, f->err);
    wa_error_unref(f->err);
    wa_cfuture_add_done_callback(f->f, trace_done, f->t);
    trace_add(f->t, "sleep");
    WA_AWAIT(co, wa_sleep(co, 1));
    trace_add(f->t, "done=%d", wa_cfuture_done(f->f));
    if (wa_cfuture_result(f->f, WA_NO_TIMEOUT, NULL, NULL) == WA_OK) trace_add(f->t, "result read");
    wa_cfuture_unref(f->f);
    /* cancelled before its task exists: the task still takes its first
     * step, then the cancel arrives (asyncio's order) */
    f->g = WA_RUN_COROUTINE_THREADSAFE(loop, work_step, work_frame, .kind = WAIT_FOREVER, .t = f->t);
    trace_add(f->t, "cancel %d", wa_cfuture_cancel(f->g));
    wa_cfuture_unref(f->g);
    WA_YIELD(co);
    trace_add(f->t, "1");
    WA_YIELD(co);
    trace_add(f->t, "2");
    WA_YIELD(co);
    trace_add(f->t, "3");
    WA_END(co);
}

TEST(threads_rcts_on_the_loop_thread) {
    if (!wa__threads_available()) SKIP("threads are not available in this build");
    trace t = {{0}, 0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    ASSERT_EQ(WA_RUN(&opts, NULL, NULL, own_step, own_frame, .t = &t), 0);
    ASSERT_STR_EQ(t.text, "wa_cfuture_result: the calling thread runs the future's event loop, which cannot run "
                          "the coroutine while the thread waits for it|EDEADLOCK|TimeoutError: |sleep|started"
                          "|callback 42 at 0.0|done=1|result read|cancel 1|1|started|2|CancelledError|3");
}

/* ---- misuse, and builds without threads -------------------------------------------- */

TEST(threads_rcts_misuse_and_no_threads) {
    wa_loop *loop = test_loop();
    ASSERT(WA_RUN_COROUTINE_THREADSAFE(NULL, work_step, work_frame, .kind = RETURN_INT) == NULL);
    ASSERT_STR_EQ(wa_last_error(), "wa_run_coroutine_threadsafe: loop is NULL");
    ASSERT(wa_run_coroutine_threadsafe(loop, NULL, sizeof(work_frame), &(work_frame){.kind = 0}) == NULL);
    ASSERT_STR_EQ(wa_last_error(), "wa_run_coroutine_threadsafe: A coroutine object is required");
    ASSERT(wa_run_coroutine_threadsafe(loop, work_step, 4, &(work_frame){.kind = 0}) == NULL);
    ASSERT_EQ(wa_cfuture_result(NULL, 0, NULL, NULL), WA_EINVAL);
    ASSERT_EQ(wa_cfuture_exception(NULL, 0, NULL, NULL), WA_EINVAL);
    ASSERT_EQ(wa_cfuture_add_done_callback(NULL, trace_done, NULL), WA_EINVAL);
    ASSERT(!wa_cfuture_cancel(NULL) && !wa_cfuture_done(NULL) && !wa_cfuture_cancelled(NULL));
    wa_cfuture *f = WA_RUN_COROUTINE_THREADSAFE(loop, work_step, work_frame, .kind = RETURN_INT);
    if (!wa__threads_available()) {
        ASSERT(f == NULL);
        ASSERT_STR_EQ(wa_last_error(), "wa_run_coroutine_threadsafe: threads are not available in this build");
        wa_loop_free(loop);
        return;
    }
    ASSERT(f);
    ASSERT_EQ(wa_cfuture_add_done_callback(f, NULL, NULL), WA_EINVAL);
    wa_loop_free(loop);     /* the start was still queued */
    ASSERT_EQ(wa_cfuture_result(f, WA_NO_TIMEOUT, NULL, NULL), WA_EEXCEPTION);
    ASSERT_STR_EQ(wa_last_error(), "wa_cfuture_result: RuntimeError: Event loop is closed");
    wa_cfuture_unref(f);
}

/* ---- closed and freed loops -------------------------------------------------------- */

TEST(threads_rcts_closed_and_freed_loops) {
    if (!wa__threads_available()) SKIP("threads are not available in this build");
    trace t = {{0}, 0}, reports = {{0}, 0};
    wa_error *err;
    wa_value v;
    /* closed before the call: the coroutine never runs */
    wa_loop *loop = wa_loop_new(NULL);
    ASSERT_EQ(wa_loop_close(loop), 0);
    wa_cfuture *f = WA_RUN_COROUTINE_THREADSAFE(loop, work_step, work_frame, .kind = RETURN_INT, .t = &t);
    ASSERT(f && wa_cfuture_done(f) && !wa_cfuture_cancelled(f));
    ASSERT_EQ(wa_cfuture_result(f, 0, NULL, &err), WA_EEXCEPTION);
    ASSERT(wa_error_is(err, WA_RUNTIME_ERROR));
    ASSERT_STR_EQ(wa_error_message(err), "Event loop is closed");
    wa_error_unref(err);
    wa_loop_free(loop);
    ASSERT_EQ(wa_cfuture_add_done_callback(f, trace_done, &t), WA_OK);
    wa_cfuture_unref(f);
    ASSERT_STR_EQ(t.text, "callback EEXCEPTION");

    /* freed with the task pending: the future fails instead of waiting for
     * ever, and the loop reports the task */
    loop = wa_loop_new(NULL);
    wa_loop_set_exception_handler(loop, trace_exception_handler, &reports);
    f = WA_RUN_COROUTINE_THREADSAFE(loop, work_step, work_frame, .kind = STOP_THEN_WAIT, .t = &t);
    ASSERT_EQ(wa_loop_run_forever(loop), 0);
    ASSERT(!wa_cfuture_done(f));
    ASSERT_EQ(wa_loop_free(loop), 0);
    ASSERT_EQ(wa_cfuture_result(f, WA_NO_TIMEOUT, NULL, &err), WA_EEXCEPTION);
    ASSERT_STR_EQ(wa_last_error(), "wa_cfuture_result: RuntimeError: Event loop is closed");
    wa_error_unref(err);
    wa_cfuture_unref(f);
    ASSERT_STR_EQ(reports.text, "Task was destroyed but it is pending!");

    /* the task ended, but the loop closed before its outcome went out:
     * freeing the loop delivers it */
    loop = wa_loop_new(NULL);
    f = WA_RUN_COROUTINE_THREADSAFE(loop, work_step, work_frame, .kind = STOP_LOOP, .t = &t);
    ASSERT_EQ(wa_loop_run_forever(loop), 0);
    ASSERT(!wa_cfuture_done(f));
    ASSERT_EQ(wa_loop_close(loop), 0);
    ASSERT(!wa_cfuture_done(f));
    ASSERT_EQ(wa_loop_free(loop), 0);
    ASSERT_EQ(wa_cfuture_result(f, WA_NO_TIMEOUT, &v, NULL), WA_OK);
    ASSERT_EQ(v.as.i, 5);
    wa_cfuture_unref(f);
    ASSERT_STR_EQ(t.text, "callback EEXCEPTION|started|started");
}

/* ---- many threads at once ---------------------------------------------------------- */

enum { SENDERS = 4, CALLS_EACH = 200 };

typedef struct sender {
    wa_loop *loop;
    int results, cancels, wrong;
} sender;

static void send_many(void *arg) {
    sender *s = arg;
    for (int i = 0; i < CALLS_EACH; i++) {
        wa_cfuture *f = WA_RUN_COROUTINE_THREADSAFE(s->loop, work_step, work_frame, .kind = RETURN_INT);
        if (!f) {
            s->wrong++;
            continue;
        }
        if (i % 2 && wa_cfuture_add_done_callback(f, count_callback, NULL)) s->wrong++;
        /* every third one races its own task */
        bool cancelled = i % 3 == 0 && wa_cfuture_cancel(f);
        wa_value v;
        wa_error *err;
        int rc = wa_cfuture_result(f, WA_NO_TIMEOUT, &v, &err);
        bool as_cancelled = rc == WA_EEXCEPTION && wa_error_is(err, WA_CONCURRENT_CANCELLED_ERROR) &&
                            wa_cfuture_cancelled(f);
        if (cancelled ? as_cancelled : rc == WA_OK && v.as.i == 42)
            cancelled ? s->cancels++ : s->results++;
        else
            s->wrong++;
        wa_error_unref(err);
        wa_cfuture_unref(f);
    }
}

static sender senders[SENDERS];

static wa_value start_senders(void *arg, wa_error **error) {
    (void)error;
    wa__thread *threads[SENDERS];
    for (int i = 0; i < SENDERS; i++) {
        senders[i] = (sender){.loop = arg};
        if (wa__thread_start(&threads[i], send_many, &senders[i])) return wa_bool(false);
    }
    for (int i = 0; i < SENDERS; i++) wa__thread_join(threads[i]);
    return wa_bool(true);
}

typedef struct senders_frame {
    wa_coro co;
    int polls;
} senders_frame;

static wa_status senders_step(wa_coro *co) {
    senders_frame *f = (senders_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_to_thread(co, start_senders, wa_get_running_loop()));
    if (!co->value.as.b) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "a thread did not start"));
    /* the last cancels reach their tasks */
    for (f->polls = 0; f->polls < 10; f->polls++) WA_YIELD(co);
    WA_END(co);
}

TEST(threads_rcts_many_threads_at_once) {
    if (!wa__threads_available()) SKIP("threads are not available in this build");
    atomic_store(&callbacks_on_worker, 0);
    atomic_store(&callbacks_elsewhere, 0);
    ASSERT_EQ(WA_RUN(NULL, NULL, NULL, senders_step, senders_frame), 0);
    int results = 0, cancels = 0;
    for (int i = 0; i < SENDERS; i++) {
        ASSERT_EQ(senders[i].wrong, 0);
        results += senders[i].results;
        cancels += senders[i].cancels;
    }
    ASSERT_EQ(results + cancels, SENDERS * CALLS_EACH);
    ASSERT(cancels <= SENDERS * ((CALLS_EACH + 2) / 3));   /* the ones that tried */
    ASSERT_EQ(atomic_load(&callbacks_on_worker) + atomic_load(&callbacks_elsewhere), SENDERS * CALLS_EACH / 2);
}

/* ---- out of memory ----------------------------------------------------------------- */

typedef struct oom_frame {
    wa_coro co;
    wa_cfuture *f;
    int kind, polls;
    wa_error *err;
    trace t;
} oom_frame;

static int oom_reports;

static void count_reports(wa_loop *loop, const wa_context *ctx, void *arg) {
    (void)loop;
    (void)ctx;
    (*(int *)arg)++;
}

/* Each kind started on the loop's own thread, read once done; any
 * allocation may fail: the outcome is then MemoryError, never a hang. */
static wa_status oom_step(wa_coro *co) {
    oom_frame *f = (oom_frame *)co;
    WA_BEGIN(co);
    wa_loop_set_exception_handler(wa_get_running_loop(), count_reports, &oom_reports);   /* outlives the frame */
    for (f->kind = RETURN_INT; f->kind <= WAIT_FOREVER; f->kind++) {
        if (f->kind == WAIT_GATE) continue;
        f->f = WA_RUN_COROUTINE_THREADSAFE(wa_get_running_loop(), work_step, work_frame, .kind = f->kind);
        if (!f->f) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "%s", wa_last_error()));
        if (wa_cfuture_add_done_callback(f->f, trace_done, &f->t) && wa_cfuture_done(f->f))
            WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "a callback refused once done"));
        if (f->kind == WAIT_FOREVER) wa_cfuture_cancel(f->f);
        for (f->polls = 0; f->polls < 20 && !wa_cfuture_done(f->f); f->polls++) WA_YIELD(co);
        int rc = wa_cfuture_result(f->f, 0, NULL, &f->err);
        bool expected = f->kind == RAISE          ? wa_error_is(f->err, WA_VALUE_ERROR)
                        : f->kind == WAIT_FOREVER ? wa_error_is(f->err, WA_CONCURRENT_CANCELLED_ERROR)
                                                  : rc == WA_OK;
        if (!expected && !wa_error_is(f->err, WA_MEMORY_ERROR)) {
            wa_error *e = f->err ? wa_error_ref(f->err) : wa_error_new(WA_RUNTIME_ERROR, "kind %d: %d", f->kind, rc);
            wa_error_unref(f->err);
            wa_cfuture_unref(f->f);
            WA_RAISE(co, e);
        }
        wa_error_unref(f->err);
        f->err = NULL;
        wa_cfuture_unref(f->f);
    }
    WA_END(co);
}

TEST(oom_rcts_fails_cleanly) {
    if (!wa__threads_available()) SKIP("threads are not available in this build");
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    int completed = 0;
    long n;
    for (n = 0; n < 100000; n++) {
        wa_error *err = NULL;
        wa__fault_inject(n);
        int rc = WA_RUN(&opts, NULL, &err, oom_step, oom_frame);
        long counted = wa__fault_inject(-1);
        if (rc && rc != WA_ENOMEM && !(rc == WA_EEXCEPTION && wa_error_is(err, WA_MEMORY_ERROR)))
            FAIL_AT("allocation %ld: rc %s, %s: %s", n, wa_err_name(rc), err ? wa_error_type_of(err)->name : "-",
                    err ? wa_error_message(err) : wa_last_error());
        completed += rc == 0;
        wa_error_unref(err);
        if (counted <= n) break;
    }
    ASSERT(n > 20);
    ASSERT(completed >= 1);
}
