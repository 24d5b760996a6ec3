/*
 * test_threads.c — call_soon_threadsafe from many threads, to_thread and
 * executors: values and errors come back on the loop's thread, a
 * cancelled await drops the result safely, wa_run waits for running jobs.
 * In a build without threads (WASI, Emscripten) the same tests check the
 * clear refusals instead.  ThreadSanitizer runs them too (the tsan target).
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "harness.h"
#include "../../src/threads/threads.h"

enum { THREADS = 8, CALLS = 10000 };

/* ---- call_soon_threadsafe ---------------------------------------------------- */

typedef struct sender {
    wa_loop *loop;
    int id;
    int next;               /* loop thread: the next sequence number expected */
    int out_of_order;
} sender;

typedef struct call {
    sender *from;
    int seq;
} call;

static int received;

static void on_call(wa_loop *loop, void *arg) {
    call *c = arg;
    if (c->seq != c->from->next) c->from->out_of_order++;
    c->from->next = c->seq + 1;
    free(c);
    if (++received == THREADS * CALLS) wa_loop_stop(loop);
}

static void send_all(void *arg) {
    sender *s = arg;
    for (int i = 0; i < CALLS; i++) {
        call *c = malloc(sizeof *c);
        c->from = s;
        c->seq = i;
        if (wa_call_soon_threadsafe(s->loop, on_call, c)) free(c);
    }
}

static void stop_now(wa_loop *loop, void *arg) {
    *(int *)arg += 1;
    wa_loop_stop(loop);
}

TEST(threads_call_soon_threadsafe_loses_nothing_keeps_order) {
    wa_loop *loop = wa_loop_new(NULL);
    ASSERT(loop);
    if (!wa__threads_available()) {
        /* one thread: it still queues for the next iteration */
        int ran = 0;
        ASSERT_EQ(wa_call_soon_threadsafe(loop, stop_now, &ran), 0);
        ASSERT_EQ(wa_call_soon_threadsafe(NULL, stop_now, &ran), WA_EINVAL);
        ASSERT_EQ(wa_call_soon_threadsafe(loop, NULL, &ran), WA_EINVAL);
        wa_loop_free(loop);
        ASSERT_EQ(ran, 0);      /* host-driven builds run it on their own ticks; freed first */
        return;
    }
    static sender senders[THREADS];
    wa__thread *threads[THREADS];
    received = 0;
    for (int i = 0; i < THREADS; i++) {
        senders[i] = (sender){.loop = loop, .id = i};
        ASSERT_EQ(wa__thread_start(&threads[i], send_all, &senders[i]), 0);
    }
    ASSERT_EQ(wa_loop_run_forever(loop), 0);
    for (int i = 0; i < THREADS; i++) wa__thread_join(threads[i]);
    ASSERT_EQ(received, THREADS * CALLS);
    for (int i = 0; i < THREADS; i++) {
        ASSERT_EQ(senders[i].next, CALLS);
        ASSERT_EQ(senders[i].out_of_order, 0);
    }
    ASSERT_EQ(wa_loop_close(loop), 0);
    ASSERT_EQ(wa_call_soon_threadsafe(loop, stop_now, NULL), WA_ECLOSED);
    wa_loop_free(loop);
}

/* ---- to_thread -------------------------------------------------------------- */

/* Appends to the caller's buffer and returns a view of it, which the
 * executor copies on the worker. */
static wa_value job_greeting(void *arg, wa_error **err) {
    (void)err;
    strcat(arg, " from a thread");
    return wa_str(arg);
}

static wa_value job_fails(void *arg, wa_error **err) {
    *err = wa_error_new(WA_VALUE_ERROR, "bad input %d", *(int *)arg);
    return wa_none();
}

static wa_value job_square(void *arg, wa_error **err) {
    (void)err;
    int64_t n = *(int64_t *)arg;
    return wa_int(n * n);
}

typedef struct to_thread_frame {
    wa_coro co;
    trace *t;
    wa_error *err;
    int bad;
    int64_t n;
    wa_executor *ex;
    char greeting[32];
} to_thread_frame;

static wa_status to_thread_step(wa_coro *co) {
    to_thread_frame *f = (to_thread_frame *)co;
    WA_BEGIN(co);
    strcpy(f->greeting, "hello");
    WA_AWAIT_TRY(co, wa_to_thread(co, job_greeting, f->greeting), f->err);
    if (f->err) {
        trace_add(f->t, "%s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
        WA_RETURN(co, wa_none());
    }
    trace_add(f->t, "%s", co->value.as.buf.data);
    f->bad = 7;
    WA_AWAIT_TRY(co, wa_to_thread(co, job_fails, &f->bad), f->err);
    trace_add(f->t, "%s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    f->ex = wa_executor_new(2);
    f->n = 12;
    WA_AWAIT(co, wa_run_in_executor(co, f->ex, job_square, &f->n));
    trace_add(f->t, "%lld", (long long)co->value.as.i);
    wa_executor_shutdown(f->ex, true);
    WA_AWAIT_TRY(co, wa_run_in_executor(co, f->ex, job_square, &f->n), f->err);
    trace_add(f->t, "%s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    wa_executor_free(f->ex);
    WA_AWAIT_TRY(co, wa_to_thread(co, NULL, NULL), f->err);
    trace_add(f->t, "%s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    WA_END(co);
}

TEST(threads_to_thread_values_and_errors) {
    trace t = {{0}, 0};
    /* Emscripten's real clock cannot block in wa_run; the virtual one cannot
     * wait for threads, and there are none there to wait for */
    wa_run_options opts = {.clock = wa__threads_available() ? WA_CLOCK_REAL : WA_CLOCK_VIRTUAL};
    ASSERT_EQ(WA_RUN(&opts, NULL, NULL, to_thread_step, to_thread_frame, .t = &t), 0);
    if (!wa__threads_available()) {
        ASSERT_STR_EQ(t.text, "RuntimeError: threads are not available in this build");
        ASSERT(wa_executor_new(0) == NULL);
        ASSERT_CONTAINS(wa_last_error(), "threads are not available in this build");
        return;
    }
    ASSERT_STR_EQ(t.text, "hello from a thread|ValueError: bad input 7|144"
                          "|RuntimeError: cannot schedule new futures after shutdown"
                          "|TypeError: fn is NULL");
}

/* ---- cancellation and shutdown ----------------------------------------------- */

static atomic_int gate;          /* the slow job waits until it is 1 */
static atomic_int started_jobs, finished_jobs;

static double seconds_now(void) {
    struct timespec ts;
    timespec_get(&ts, TIME_UTC);
    return (double)ts.tv_sec + ts.tv_nsec * 1e-9;
}

/* Waits for the gate; with arg, then works 20 ms more. */
static wa_value job_slow(void *arg, wa_error **err) {
    (void)err;
    atomic_fetch_add(&started_jobs, 1);
    while (!atomic_load(&gate)) {}
    for (double end = seconds_now() + 0.02; arg && seconds_now() < end;) {}
    atomic_fetch_add(&finished_jobs, 1);
    return wa_str("a result nobody reads");
}

typedef struct waiter_frame {
    wa_coro co;
    void *arg;
} waiter_frame;

static wa_status waiter_step(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_to_thread(co, job_slow, f->arg));
    WA_END(co);
}

typedef struct cancel_frame {
    wa_coro co;
    trace *t;
    wa_task *waiter;
    wa_error *err;
    int polls;
} cancel_frame;

static wa_status cancel_step(wa_coro *co) {
    cancel_frame *f = (cancel_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->waiter = WA_SPAWN(loop, waiter_step, waiter_frame);
    /* wait until a worker runs the job (the gate holds it there) */
    for (f->polls = 0; atomic_load(&started_jobs) < 1 && f->polls < 10000; f->polls++)
        WA_AWAIT(co, wa_sleep(co, 0.001));
    wa_task_cancel(f->waiter, "stop");
    WA_AWAIT_TRY(co, f->waiter, f->err);
    trace_add(f->t, "%s %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    wa_task_unref(f->waiter);
    atomic_store(&gate, 1);                 /* now it finishes; its result is dropped */
    /* a second job left running when main returns: wa_run must wait for it */
    wa_task_unref(WA_SPAWN(loop, waiter_step, waiter_frame, .arg = "slow"));
    for (f->polls = 0; atomic_load(&started_jobs) < 2 && f->polls < 10000; f->polls++)
        WA_AWAIT(co, wa_sleep(co, 0.001));
    trace_add(f->t, "started %d", atomic_load(&started_jobs));
    WA_END(co);
}

TEST(threads_cancelled_await_drops_result_and_run_waits_for_jobs) {
    if (!wa__threads_available()) SKIP("threads are not available in this build");    /* refused above */
    trace t = {{0}, 0};
    atomic_store(&gate, 0);
    atomic_store(&started_jobs, 0);
    atomic_store(&finished_jobs, 0);
    ASSERT_EQ(WA_RUN(NULL, NULL, NULL, cancel_step, cancel_frame, .t = &t), 0);
    ASSERT_STR_EQ(t.text, "CancelledError stop|started 2");
    /* both jobs ran to the end before wa_run returned */
    ASSERT_EQ(atomic_load(&finished_jobs), 2);
}
