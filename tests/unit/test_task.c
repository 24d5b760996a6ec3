/* test_task.c — tasks and the coroutine macros: awaiting futures and tasks,
 * catching, inline sub-coroutines, yields, return values, raising,
 * cancellation at the await point, names, current_task and all_tasks. */
#include <stddef.h>
#include <stdint.h>

#include "harness.h"

/* ---- a few coroutines --------------------------------------------------- */

typedef struct {
    wa_coro co;
    trace *t;
    wa_future *fut;
} waiter;

/* Awaits fut and logs its value, or its error when it has one. */
static wa_status waiter_step(wa_coro *co) {
    waiter *f = (waiter *)co;
    wa_error *err;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, f->fut, err);
    if (err) {
        trace_add(f->t, "caught %s:%s", wa_error_type_of(err)->name, wa_error_message(err));
        WA_RAISE(co, wa_error_ref(err));
    }
    trace_add(f->t, "got %lld", (long long)co->value.as.i);
    WA_RETURN(co, wa_int(co->value.as.i + 1));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    int n;
} adder;

/* Returns n + (n-1) + ... + 1 through nested inline awaits. */
static wa_status sum_step(wa_coro *co) {
    adder *f = (adder *)co;
    WA_BEGIN(co);
    if (f->n == 0) WA_RETURN(co, wa_int(0));
    WA_AWAIT_CALL(co, sum_step, adder, .n = f->n - 1);
    WA_RETURN(co, wa_int(co->value.as.i + f->n));
    WA_END(co);
}

/* n levels of WA_AWAIT_CALL; the bottom yields once, then raises, and the
 * level numbered catch_at catches it and returns its number; every level
 * above adds one. */
typedef struct {
    wa_coro co;
    trace *t;
    int n, catch_at;
    wa_error *err;
} descender;

static wa_status descend_step(wa_coro *co) {
    descender *f = (descender *)co;
    WA_BEGIN(co);
    if (f->n == 0) {
        trace_add(f->t, "bottom");
        WA_YIELD(co);
        WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "from the bottom"));
    }
    WA_AWAIT_CALL_TRY(co, f->err, descend_step, descender, .t = f->t, .n = f->n - 1, .catch_at = f->catch_at);
    if (f->err && f->n != f->catch_at) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) {
        trace_add(f->t, "%d caught %s", f->n, wa_error_message(f->err));
        WA_RETURN(co, wa_int(f->n));
    }
    WA_RETURN(co, wa_int(co->value.as.i + 1));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    trace *t;
    const char *name;
    int i;
} yielder;

static wa_status yielder_step(wa_coro *co) {
    yielder *f = (yielder *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < 3; f->i++) {
        trace_add(f->t, "%s%d", f->name, f->i);
        WA_YIELD(co);
    }
    WA_END(co);
}

typedef struct {
    wa_coro co;
    const char *msg;
} raiser;

static wa_status raiser_step(wa_coro *co) {
    raiser *f = (raiser *)co;
    WA_BEGIN(co);
    WA_YIELD(co);
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "%s", f->msg));
    WA_END(co);
}

static void stop_cb(wa_loop *loop, void *arg) {
    (void)arg;
    wa_loop_stop(loop);
}

static void run_until(wa_loop *loop, wa_task *t) { wa_loop_run_until_complete(loop, wa_task_future(t)); }

/* ---- tests ---------------------------------------------------------------- */

TEST(task_awaits_future_result) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    wa_future *fut = wa_future_new(loop);
    wa_task *task = WA_SPAWN(loop, waiter_step, waiter, .t = &t, .fut = fut);
    ASSERT(task != NULL);
    ASSERT_EQ(wa_loop_run_until_complete(loop, fut), WA_EDEADLOCK);  /* nothing sets it */
    wa_future_set_result(fut, wa_int(41));
    run_until(loop, task);
    ASSERT_STR_EQ(t.text, "got 41");
    wa_value v;
    ASSERT_EQ(wa_future_result(wa_task_future(task), &v), 0);
    ASSERT_EQ(v.as.i, 42);
    wa_task_unref(task);
    wa_future_unref(fut);
    wa_loop_free(loop);
}

TEST(task_awaiting_done_future_does_not_yield) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    wa_future *fut = wa_future_new(loop);
    wa_future_set_result(fut, wa_int(1));
    wa_task *task = WA_SPAWN(loop, waiter_step, waiter, .t = &t, .fut = fut);
    wa_task *other = WA_SPAWN(loop, yielder_step, yielder, .t = &t, .name = "y");
    run_until(loop, other);
    ASSERT_STR_EQ(t.text, "got 1|y0|y1|y2");
    wa_task_unref(task);
    wa_task_unref(other);
    wa_future_unref(fut);
    wa_loop_free(loop);
}

TEST(task_error_caught_and_reraised) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    wa_future *fut = wa_future_new(loop);
    wa_future_set_exception(fut, wa_error_new(WA_VALUE_ERROR, "bad"));
    wa_task *task = WA_SPAWN(loop, waiter_step, waiter, .t = &t, .fut = fut);
    run_until(loop, task);
    ASSERT_STR_EQ(t.text, "caught ValueError:bad");
    wa_value v;
    ASSERT_EQ(wa_future_result(wa_task_future(task), &v), WA_EEXCEPTION);
    wa_error *e;
    wa_future_exception(wa_task_future(task), &e);
    ASSERT(wa_error_is(e, WA_VALUE_ERROR));
    wa_task_unref(task);
    wa_future_unref(fut);
    wa_loop_free(loop);
}

TEST(task_inline_await_call) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    wa_task *sum = WA_SPAWN(loop, sum_step, adder, .n = 100);
    wa_task *other = WA_SPAWN(loop, yielder_step, yielder, .t = &t, .name = "y");
    run_until(loop, sum);
    wa_value v;
    ASSERT_EQ(wa_future_result(wa_task_future(sum), &v), 0);
    ASSERT_EQ(v.as.i, 5050);
    /* 100 nested awaits ran within the first iteration; the second is
     * run_until_complete's stop callback, so the other task stepped twice */
    ASSERT_STR_EQ(t.text, "y0|y1");
    run_until(loop, other);
    wa_task_unref(sum);
    wa_task_unref(other);
    wa_loop_free(loop);
}

/* A task's root frame shares its block with the task and what follows the
 * frame (a TaskGroup's record of the task, debug mode's record), and starts
 * as aligned as its type needs: 16 bytes for one holding a max_align_t,
 * whether or not the block ends on a multiple of 16. */
/* The frames begin alike, and the step reads that beginning; the narrow
 * one's size is not a multiple of 16 natively. */
typedef struct {
    wa_coro co;
    size_t align;
} narrow_frame;

typedef struct {
    wa_coro co;
    size_t align;
    max_align_t wide;
} wide_frame;

static int misaligned_frames;

static wa_status aligned_step(wa_coro *co) {
    narrow_frame *f = (narrow_frame *)co;
    WA_BEGIN(co);
    if ((uintptr_t)f % f->align) misaligned_frames++;
    WA_YIELD(co);
    WA_RETURN(co, wa_int(1));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    int *ran;
    int i;
    wa_taskgroup tg;
    wa_task *plain[2];
} aligned_main;

static wa_status aligned_main_step(wa_coro *co) {
    aligned_main *f = (aligned_main *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        for (f->i = 0; f->i < 8; f->i++) {
            if (!WA_GROUP_SPAWN(&f->tg, aligned_step, wide_frame, .align = _Alignof(wide_frame)) ||
                !WA_GROUP_SPAWN(&f->tg, aligned_step, narrow_frame, .align = _Alignof(narrow_frame)))
                WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "%s", wa_last_error()));
            *f->ran += 2;
        }
    }
    WA_WITH_END(co);
    f->plain[0] = WA_SPAWN(loop, aligned_step, wide_frame, .align = _Alignof(wide_frame));
    f->plain[1] = WA_SPAWN(loop, aligned_step, narrow_frame, .align = _Alignof(narrow_frame));
    for (f->i = 0; f->i < 2; f->i++) {
        WA_AWAIT(co, f->plain[f->i]);
        wa_task_unref(f->plain[f->i]);
        ++*f->ran;
    }
    WA_END(co);
}

TEST(task_root_frame_aligned_as_its_type) {
    for (int debug = 0; debug < 2; debug++) {
        int ran = 0;
        wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL, .debug = debug};
        misaligned_frames = 0;
        ASSERT_EQ(WA_RUN(&opts, NULL, NULL, aligned_main_step, aligned_main, .ran = &ran), 0);
        ASSERT_EQ(ran, 18);
        ASSERT_EQ(misaligned_frames, 0);
    }
}

/* An await of a coroutine runs inline on the C stack only WA__INLINE_DEPTH
 * deep: below that the task's frame runner takes over, so a recursion far
 * deeper than any C stack (or wasm shadow stack) holds finishes. */
TEST(task_await_call_recursion_deeper_than_the_c_stack) {
    wa_loop *loop = test_loop();
    wa_task *sum = WA_SPAWN(loop, sum_step, adder, .n = 200000);
    run_until(loop, sum);
    wa_value v;
    ASSERT_EQ(wa_future_result(wa_task_future(sum), &v), 0);
    ASSERT_EQ(v.as.i, (int64_t)200000 * 200001 / 2);
    wa_task_unref(sum);
    wa_loop_free(loop);
}

/* Children run inline up to a depth, deeper ones by the task's frame
 * runner; a child suspending or raising at any depth behaves the same. */
TEST(task_await_call_suspends_and_raises_at_any_depth) {
    static const struct { int n, catch_at; const char *trace; } cases[] = {
        {12, 10, "y0|bottom|y1|10 caught from the bottom|y2"},     /* all inline */
        {40, 10, "y0|bottom|y1|10 caught from the bottom|y2"},     /* past the inline depth */
        {40, 38, "y0|bottom|y1|38 caught from the bottom|y2"},     /* raised through both */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wa_loop *loop = test_loop();
        trace t = {{0}, 0};
        wa_task *y = WA_SPAWN(loop, yielder_step, yielder, .t = &t, .name = "y");
        wa_task *d = WA_SPAWN(loop, descend_step, descender, .t = &t, .n = cases[i].n, .catch_at = cases[i].catch_at);
        run_until(loop, y);
        ASSERT_STR_EQ(t.text, cases[i].trace);
        wa_value v;
        ASSERT_EQ(wa_future_result(wa_task_future(d), &v), 0);
        ASSERT_EQ(v.as.i, cases[i].n);
        wa_task_unref(y);
        wa_task_unref(d);
        wa_loop_free(loop);
    }
}

/* Frames of every size, some larger than a chunk of the task's frame
 * stack, nested deep enough to span chunks, the bottom one suspending: each
 * frame's bytes survive the pushes above it and the chunks they grow. */
typedef struct {
    wa_coro co;
    int n;
    unsigned char pad[];    /* as long as its frame's size says */
} climber;

static wa_status climb_step(wa_coro *co);

typedef struct {
    wa_coro co;
    int n;
    unsigned char pad[3000];
} big_climber;

static bool pad_is(const unsigned char *pad, size_t len, int n) {
    for (size_t i = 0; i < len; i++)
        if (pad[i] != (unsigned char)(n + i)) return false;
    return true;
}

static wa_status climb_step(wa_coro *co) {
    climber *f = (climber *)co;
    size_t len = co->frame_size - offsetof(climber, pad);
    WA_BEGIN(co);
    for (size_t i = 0; i < len; i++) f->pad[i] = (unsigned char)(f->n + i);
    if (f->n == 0) WA_YIELD(co);
    else if (f->n % 7 == 0) WA_AWAIT_CALL(co, climb_step, big_climber, .n = f->n - 1);
    else WA_AWAIT_CALL(co, climb_step, climber, .n = f->n - 1);
    if (!pad_is(f->pad, len, f->n)) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "frame %d overwritten", f->n));
    WA_RETURN(co, wa_int(f->n == 0 ? 0 : co->value.as.i + 1));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    int round;
    int64_t sum;
} climbs;

static wa_status climbs_step(wa_coro *co) {
    climbs *f = (climbs *)co;
    WA_BEGIN(co);
    for (f->round = 0; f->round < 3; f->round++) {
        WA_AWAIT_CALL(co, climb_step, climber, .n = 60);
        f->sum += co->value.as.i;
        WA_YIELD(co);   /* suspended with nothing pushed: the stack is given back */
    }
    WA_RETURN(co, wa_int(f->sum));
    WA_END(co);
}

TEST(task_frame_stack_spans_chunks_and_frames_of_any_size) {
    wa_loop *loop = test_loop();
    wa_task *t = WA_SPAWN(loop, climbs_step, climbs);
    run_until(loop, t);
    wa_value v;
    ASSERT_EQ(wa_future_result(wa_task_future(t), &v), 0);
    ASSERT_EQ(v.as.i, 3 * 60);
    wa_task_unref(t);
    wa_loop_free(loop);
}

/* The arguments of WA_AWAIT_CALL are evaluated before the await releases
 * what the previous one gave: they may read co->value, as Python's
 * `await f(x)` reads x before calling. */
typedef struct {
    wa_coro co;
    int got;
} reader;

static wa_status reader_step(wa_coro *co) {
    reader *f = (reader *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL(co, sum_step, adder, .n = 3);
    WA_AWAIT_CALL(co, sum_step, adder, .n = (int)co->value.as.i);
    f->got = (int)co->value.as.i;
    WA_RETURN(co, wa_int(f->got));
    WA_END(co);
}

TEST(task_await_call_arguments_read_the_previous_value) {
    wa_loop *loop = test_loop();
    wa_task *t = WA_SPAWN(loop, reader_step, reader);
    run_until(loop, t);
    wa_value v;
    ASSERT_EQ(wa_future_result(wa_task_future(t), &v), 0);
    ASSERT_EQ(v.as.i, 21);     /* sum(1..6) of sum(1..3) */
    wa_task_unref(t);
    wa_loop_free(loop);
}

TEST(task_yield_interleaves) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    wa_task *a = WA_SPAWN(loop, yielder_step, yielder, .t = &t, .name = "a");
    wa_task *b = WA_SPAWN(loop, yielder_step, yielder, .t = &t, .name = "b");
    run_until(loop, b);
    ASSERT_STR_EQ(t.text, "a0|b0|a1|b1|a2|b2");
    ASSERT(wa_future_done(wa_task_future(a)));
    ASSERT_DOUBLE_EQ(wa_loop_time(loop), 0);
    wa_task_unref(a);
    wa_task_unref(b);
    wa_loop_free(loop);
}

TEST(task_raise_propagates_through_await) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    wa_task *r = WA_SPAWN(loop, raiser_step, raiser, .msg = "deep");
    wa_task *w = WA_SPAWN(loop, waiter_step, waiter, .t = &t, .fut = wa_task_future(r));
    run_until(loop, w);
    ASSERT_STR_EQ(t.text, "caught ValueError:deep");
    wa_error *e;
    ASSERT_EQ(wa_future_exception(wa_task_future(w), &e), 0);
    ASSERT_STR_EQ(wa_error_message(e), "deep");
    wa_task_unref(r);
    wa_task_unref(w);
    wa_loop_free(loop);
}

TEST(task_exception_never_retrieved) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    wa_loop_set_exception_handler(loop, trace_exception_handler, &t);
    wa_task *r = WA_SPAWN(loop, raiser_step, raiser, .msg = "nobody looked");
    run_until(loop, r);
    ASSERT_STR_EQ(t.text, "");
    wa_task_unref(r);
    ASSERT_STR_EQ(t.text, "Task exception was never retrieved [ValueError: nobody looked]");
    wa_loop_free(loop);
}

TEST(task_cancel_at_await) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    wa_future *fut = wa_future_new(loop);
    wa_task *w = WA_SPAWN(loop, waiter_step, waiter, .t = &t, .fut = fut);
    wa_call_later(loop, 1, stop_cb, NULL, NULL);
    wa_loop_run_forever(loop);
    ASSERT(wa_task_cancel(w, "enough"));
    ASSERT_EQ(wa_task_cancelling(w), 1);
    ASSERT(wa_future_cancelled(fut));       /* the awaited future is cancelled */
    run_until(loop, w);
    ASSERT_STR_EQ(t.text, "caught CancelledError:enough");
    ASSERT(wa_future_cancelled(wa_task_future(w)));
    wa_error *c = wa_future_cancelled_error(wa_task_future(w));
    ASSERT_STR_EQ(wa_error_message(c), "enough");
    wa_error_unref(c);
    ASSERT(!wa_task_cancel(w, NULL));       /* done: false */
    wa_task_unref(w);
    wa_future_unref(fut);
    wa_loop_free(loop);
}

TEST(task_cancel_before_first_step) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    wa_task *y = WA_SPAWN(loop, yielder_step, yielder, .t = &t, .name = "y");
    ASSERT(wa_task_cancel(y, NULL));
    run_until(loop, y);
    ASSERT_STR_EQ(t.text, "");      /* the body never ran */
    ASSERT(wa_future_cancelled(wa_task_future(y)));
    wa_task_unref(y);
    wa_loop_free(loop);
}

TEST(task_uncancel_counts) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    wa_task *y = WA_SPAWN(loop, yielder_step, yielder, .t = &t, .name = "y");
    ASSERT(wa_task_cancel(y, NULL));
    ASSERT(wa_task_cancel(y, NULL));
    ASSERT_EQ(wa_task_cancelling(y), 2);
    ASSERT_EQ(wa_task_uncancel(y), 1);
    ASSERT_EQ(wa_task_uncancel(y), 0);      /* 3.13: the pending cancel is withdrawn */
    ASSERT_EQ(wa_task_uncancel(y), 0);
    run_until(loop, y);
    ASSERT(!wa_future_cancelled(wa_task_future(y)));
    ASSERT_STR_EQ(t.text, "y0|y1|y2");
    wa_task_unref(y);
    wa_loop_free(loop);
}

typedef struct {
    wa_coro co;
    trace *t;
} self_awaiter;

static wa_status self_awaiter_step(wa_coro *co) {
    self_awaiter *f = (self_awaiter *)co;
    wa_error *err;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, co->task, err);
    trace_add(f->t, "%s: %s", wa_error_type_of(err)->name, wa_error_message(err));
    WA_END(co);
}

TEST(task_cannot_await_itself) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    wa_task *s = WA_SPAWN(loop, self_awaiter_step, self_awaiter, .t = &t);
    run_until(loop, s);
    ASSERT_STR_EQ(t.text, "RuntimeError: Task cannot await on itself: Task-1");
    wa_task_unref(s);
    wa_loop_free(loop);
}

/* A factory that failed but was never awaited: its error waits for an
 * await of a failed factory, and a later suspension neither raises it nor
 * loses a cancel delivered meanwhile (the task keeps the two errors in one
 * slot, told apart by who put them there). */
typedef struct {
    wa_coro co;
    trace *t;
    wa_future *fut;
    wa_error *err;
} stale_failer;

static wa_status stale_failer_step(wa_coro *co) {
    stale_failer *f = (stale_failer *)co;
    WA_BEGIN(co);
    (void)wa_event_wait(co, NULL);  /* fails, not awaited */
    WA_AWAIT_TRY(co, f->fut, f->err);
    if (f->err) trace_add(f->t, "caught %s", wa_error_type_of(f->err)->name);
    else trace_add(f->t, "got %lld", (long long)co->value.as.i);
    (void)wa_event_wait(co, NULL);
    WA_AWAIT_TRY(co, wa_sleep(co, 1), f->err);
    trace_add(f->t, "%s", f->err ? wa_error_type_of(f->err)->name : "slept");
    WA_END(co);
}

static void set_seven(wa_loop *loop, void *fut) {
    (void)loop;
    wa_future_set_result(fut, wa_int(7));
}

static void cancel_task(wa_loop *loop, void *task) {
    (void)loop;
    wa_task_cancel(task, NULL);
}

TEST(task_unawaited_failed_factory_raises_nothing_later) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    wa_future *fut = wa_future_new(loop);
    wa_task *s = WA_SPAWN(loop, stale_failer_step, stale_failer, .t = &t, .fut = fut);
    ASSERT_EQ(wa_call_later(loop, 1, set_seven, fut, NULL), 0);
    ASSERT_EQ(wa_call_later(loop, 1.5, cancel_task, s, NULL), 0);
    run_until(loop, s);
    ASSERT_STR_EQ(t.text, "got 7|CancelledError");
    ASSERT(!wa_future_cancelled(wa_task_future(s)));
    wa_future_unref(fut);
    wa_task_unref(s);
    wa_loop_free(loop);
}

/* A sleep awaited directly parks its task on the sleep future; the future
 * is still a plain one to its API: a done callback added before the await
 * runs before the task resumes, a cancel of the future itself wakes the
 * task with the future's CancelledError, and a sleep never awaited (another
 * one is) is dropped without a report. */
typedef struct {
    wa_coro co;
    trace *t;
    wa_future *s;
    wa_error *err;
} sleeper;

static void sleep_done_cb(wa_future *f, void *t) { trace_add(t, "callback %s", wa_future_cancelled(f) ? "cancelled" : "done"); }

static void cancel_future(wa_loop *loop, void *fut) {
    (void)loop;
    wa_future_cancel(fut, "by hand");
}

static wa_status sleeper_step(wa_coro *co) {
    sleeper *f = (sleeper *)co;
    WA_BEGIN(co);
    f->s = wa_sleep(co, 1);
    wa_future_add_done_callback(f->s, sleep_done_cb, f->t);
    WA_AWAIT(co, f->s);
    trace_add(f->t, "woke %s", wa_future_done(f->s) ? "done" : "pending");
    f->s = wa_sleep(co, 1);
    if (wa_call_later(wa_get_running_loop(), 0.5, cancel_future, f->s, NULL)) trace_add(f->t, "call_later failed");
    WA_AWAIT_TRY(co, f->s, f->err);
    trace_add(f->t, "%s: %s", f->err ? wa_error_type_of(f->err)->name : "slept", f->err ? wa_error_message(f->err) : "");
    (void)wa_sleep(co, 5);  /* dropped by the next sleep */
    WA_AWAIT(co, wa_sleep(co, 1));
    trace_add(f->t, "at %.1f", wa_loop_time(wa_get_running_loop()));
    /* cancelled before its await: raised as the sleep's await begins, one iteration later */
    f->s = wa_sleep(co, 1);
    wa_task_cancel(wa_current_task(wa_get_running_loop()), "self");
    WA_AWAIT_TRY(co, f->s, f->err);
    trace_add(f->t, "%s: %s at %.1f", f->err ? wa_error_type_of(f->err)->name : "slept",
              f->err ? wa_error_message(f->err) : "", wa_loop_time(wa_get_running_loop()));
    wa_task_uncancel(wa_current_task(wa_get_running_loop()));
    WA_END(co);
}

TEST(task_sleep_future_keeps_its_api) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    wa_task *s = WA_SPAWN(loop, sleeper_step, sleeper, .t = &t);
    run_until(loop, s);
    ASSERT_STR_EQ(t.text, "callback done|woke done|CancelledError: by hand|at 2.5|CancelledError: self at 2.5");
    ASSERT(!wa_future_cancelled(wa_task_future(s)));
    wa_task_unref(s);
    wa_loop_free(loop);
}

TEST(task_foreign_loop_future) {
    wa_loop *loop = test_loop(), *other = test_loop();
    trace t = {{0}, 0};
    wa_future *alien = wa_future_new(other);
    wa_task *w = WA_SPAWN(loop, waiter_step, waiter, .t = &t, .fut = alien);
    run_until(loop, w);
    ASSERT_STR_EQ(t.text, "caught RuntimeError:Task Task-1 got Future attached to a different loop");
    wa_error *e;
    wa_future_exception(wa_task_future(w), &e);
    ASSERT(wa_error_is(e, WA_RUNTIME_ERROR));
    wa_task_unref(w);
    wa_future_unref(alien);
    wa_loop_free(loop);
    wa_loop_free(other);
}

typedef struct {
    wa_coro co;
    trace *t;
    wa_loop *loop;
} introspect;

static void log_name(wa_task *task, void *arg) { trace_add(arg, "%s", wa_task_name(task)); }

static wa_status introspect_step(wa_coro *co) {
    introspect *f = (introspect *)co;
    WA_BEGIN(co);
    trace_add(f->t, "current=%s", wa_task_name(wa_current_task(f->loop)));
    trace_add(f->t, "all=%zu", wa_all_tasks(f->loop, log_name, f->t));
    WA_END(co);
}

TEST(task_names_current_and_all) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    wa_task *a = WA_SPAWN(loop, introspect_step, introspect, .t = &t, .loop = loop);
    wa_task *b = WA_SPAWN_NAMED(loop, "worker", yielder_step, yielder, .t = &t, .name = "w");
    ASSERT_STR_EQ(wa_task_name(a), "Task-1");
    ASSERT_STR_EQ(wa_task_name(b), "worker");
    ASSERT(wa_current_task(loop) == NULL);
    run_until(loop, a);
    ASSERT_STR_EQ(t.text, "current=Task-1|Task-1|worker|all=2|w0|w1");
    ASSERT_EQ(wa_task_set_name(a, "renamed"), 0);
    ASSERT_STR_EQ(wa_task_name(a), "renamed");
    ASSERT_EQ(wa_task_set_name(a, NULL), WA_EINVAL);
    run_until(loop, b);
    ASSERT_EQ(wa_all_tasks(loop, NULL, NULL), 0);
    wa_task_unref(a);
    wa_task_unref(b);
    wa_loop_free(loop);
}

TEST(task_misuse) {
    wa_loop *loop = test_loop();
    ASSERT(WA_SPAWN(NULL, yielder_step, yielder) == NULL);
    ASSERT_CONTAINS(wa_last_error(), "loop is NULL");
    ASSERT(wa_task_new(loop, NULL, sizeof(yielder), &(yielder){.i = 0}, NULL) == NULL);
    ASSERT_CONTAINS(wa_last_error(), "a coroutine was expected, got None");
    ASSERT(wa_task_new(loop, yielder_step, 4, &(yielder){.i = 0}, NULL) == NULL);
    ASSERT_CONTAINS(wa_last_error(), "must start with wa_coro");
    ASSERT(!wa_task_cancel(NULL, NULL));
    ASSERT_EQ(wa_task_uncancel(NULL), WA_EINVAL);
    wa_task_unref(NULL);
    /* a task's outcome is its coroutine's, as asyncio's Task says */
    wa_task *sum = WA_SPAWN(loop, sum_step, adder, .n = 3);
    ASSERT_EQ(wa_future_set_result(wa_task_future(sum), wa_str("no")), WA_EINVAL);
    ASSERT_CONTAINS(wa_last_error(), "Task does not support set_result operation");
    ASSERT_EQ(wa_future_set_exception(wa_task_future(sum), wa_error_new(WA_VALUE_ERROR, "no")), WA_EINVAL);
    ASSERT_CONTAINS(wa_last_error(), "Task does not support set_exception operation");
    run_until(loop, sum);
    wa_value v;
    ASSERT_EQ(wa_future_result(wa_task_future(sum), &v), 0);
    ASSERT_EQ(v.as.i, 6);
    wa_task_unref(sum);
    wa_loop_close(loop);
    ASSERT(WA_SPAWN(loop, yielder_step, yielder) == NULL);
    ASSERT_CONTAINS(wa_last_error(), "closed");
    wa_loop_free(loop);
}

TEST(task_pending_when_loop_freed) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    wa_loop_set_exception_handler(loop, trace_exception_handler, &t);
    wa_future *never = wa_future_new(loop);
    wa_task *w = WA_SPAWN(loop, waiter_step, waiter, .t = &t, .fut = never);
    wa_call_soon(loop, stop_cb, NULL, NULL);
    wa_loop_run_forever(loop);
    wa_task_unref(w);
    wa_future_unref(never);
    wa_loop_free(loop);
    ASSERT_STR_EQ(t.text, "Task was destroyed but it is pending!");
}
