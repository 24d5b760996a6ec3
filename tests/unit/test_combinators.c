/*
 * test_combinators.c — misuse of gather, shield, wait, wait_for,
 * as_completed, timeouts, TaskGroup and exception groups: each gives a
 * clear error, raised at the await inside a coroutine and named by
 * wa_last_error(), and leaks nothing.  And gather's count of its children,
 * kept in the children while it sets up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

/* ASSERT returns from a void test; inside step functions a failed check is
 * recorded in the trace instead, which the test then compares. */
#define EXPECT(cond)                                                           \
    do {                                                                       \
        if (!(cond)) trace_add(f->t, "[FAILED %s]", #cond);                    \
    } while (0)
#define EXPECT_EQ(a, b) EXPECT((a) == (b))

/* Runs make(co) as the argument of an await and records what it raised:
 * "TypeName: message", or "ok <value kind>" when the await succeeded. */
typedef wa_future *(*make_fn)(wa_coro *co, wa_loop *other);

typedef struct {
    wa_coro co;
    make_fn make;
    wa_loop *other;
    trace *t;
    wa_error *err;
} probe_frame;

static wa_status probe_step(wa_coro *co) {
    probe_frame *f = (probe_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, f->make(co, f->other), f->err);
    if (f->err)
        trace_add(f->t, "%s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    else
        trace_add(f->t, "ok kind=%d len=%zu", (int)co->value.kind,
                  co->value.kind == WA_KIND_LIST ? co->value.as.list.len : 0);
    WA_END(co);
}

/* What awaiting make(co) gives, in a fresh wa_run. */
static const char *probe(trace *t, make_fn make) {
    t->len = 0;
    t->text[0] = '\0';
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    wa_loop *other = test_loop();
    int rc = WA_RUN(&opts, NULL, NULL, probe_step, probe_frame, .make = make, .other = other, .t = t);
    wa_loop_free(other);
    if (rc) trace_add(t, " (wa_run: %s)", wa_err_name(rc));
    return t->text;
}

static wa_future *gather_nothing(wa_coro *co, wa_loop *o) { (void)o; return wa_gather(co, NULL, 0, false); }
static wa_future *gather_null_array(wa_coro *co, wa_loop *o) { (void)o; return wa_gather(co, NULL, 2, false); }
static wa_future *gather_negative(wa_coro *co, wa_loop *o) {
    (void)o;
    wa_future *one[1] = {NULL};
    return wa_gather(co, one, (size_t)-1, false);
}
static wa_future *gather_null_child(wa_coro *co, wa_loop *o) {
    (void)o;
    static wa_future *two[2];
    return wa_gather(co, two, 2, true);
}
/* A future of another loop, released after the probe. */
static wa_future *alien;

static void drop_alien(void) {
    wa_future_unref(alien);
    alien = NULL;
}

static wa_future *gather_foreign(wa_coro *co, wa_loop *other) {
    alien = wa_future_new(other);
    return wa_gather(co, &alien, 1, false);
}

TEST(gather_misuse) {
    trace t;
    ASSERT_STR_EQ(probe(&t, gather_nothing), "ok kind=7 len=0");   /* an empty list, at once */
    ASSERT_STR_EQ(probe(&t, gather_null_array), "TypeError: the array of futures is NULL");
    ASSERT_CONTAINS(probe(&t, gather_negative), "is negative or too large");   /* size_t is 32-bit in wasm */
    ASSERT_STR_EQ(probe(&t, gather_null_child), "TypeError: An asyncio.Future, a coroutine or an awaitable is required");
    ASSERT_STR_EQ(probe(&t, gather_foreign), "ValueError: future 0 belongs to a different loop");
    drop_alien();
    ASSERT(wa_gather(NULL, NULL, 0, false) == NULL);
    ASSERT_CONTAINS(wa_last_error(), "not called from a coroutine");
}

/* gather marks the first occurrence of each child in the child itself
 * while it sets up: a future given twice counts once, and every mark is
 * gone when the gather returns, so the next gather of the same futures
 * counts them again (a stale mark would make it wait for too few or too
 * many). */
typedef struct {
    wa_coro co;
    wa_future *p, *q, *futs[4];
    trace *t;
} regather_frame;

static void set_two(wa_loop *loop, void *q) {
    (void)loop;
    wa_future_set_result(q, wa_int(2));
}

static void trace_list(trace *t, const wa_value *v) {
    char line[64] = "";
    for (size_t i = 0; i < v->as.list.len && i < 8; i++)
        snprintf(line + strlen(line), sizeof line - strlen(line), "%s%lld", i ? " " : "", (long long)v->as.list.items[i].as.i);
    trace_add(t, "%s", line);
}

static wa_status regather_step(wa_coro *co) {
    regather_frame *f = (regather_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->p = wa_future_new(loop);
    f->q = wa_future_new(loop);
    wa_future_set_result(f->p, wa_int(1));
    wa_call_soon(loop, set_two, f->q, NULL);
    /* p done already, q pending, each twice */
    f->futs[0] = f->p, f->futs[1] = f->q, f->futs[2] = f->p, f->futs[3] = f->q;
    WA_AWAIT(co, wa_gather(co, f->futs, 4, false));
    trace_list(f->t, &co->value);
    /* both done now, in the other order */
    f->futs[0] = f->q, f->futs[1] = f->p, f->futs[2] = f->q, f->futs[3] = f->p;
    WA_AWAIT(co, wa_gather(co, f->futs, 4, false));
    trace_list(f->t, &co->value);
    wa_future_unref(f->p);
    f->p = wa_future_new(loop);
    wa_call_soon(loop, set_two, f->p, NULL);
    /* a new pending one beside q, given once each */
    f->futs[0] = f->p, f->futs[1] = f->q;
    WA_AWAIT(co, wa_gather(co, f->futs, 2, false));
    trace_list(f->t, &co->value);
    wa_future_unref(f->p);
    wa_future_unref(f->q);
    WA_END(co);
}

TEST(gather_counts_each_future_once_every_time) {
    trace t = {0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    ASSERT_EQ(WA_RUN(&opts, NULL, NULL, regather_step, regather_frame, .t = &t), WA_OK);
    ASSERT_STR_EQ(t.text, "1 2 1 2|2 1 2 1|2 2");
}

/* A gather of 100,000 futures: its list (2.4 MB natively) is an array big
 * enough to take whole huge pages where the host has them. */
typedef struct {
    wa_coro co;
    size_t n;
    wa_future **futs;
    int64_t wrong;
} many_frame;

/* Finishes the futures the gather waits on, after it began. */
static void set_evens(wa_loop *loop, void *arg) {
    many_frame *f = arg;
    (void)loop;
    for (size_t i = 0; i < f->n; i += 2) wa_future_set_result(f->futs[i], wa_int((int64_t)i));
}

static wa_status gather_many(wa_coro *co) {
    many_frame *f = (many_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->futs = malloc(f->n * sizeof *f->futs);
    if (!f->futs) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, NULL));
    for (size_t i = 0; i < f->n; i++) {
        f->futs[i] = wa_future_new(loop);
        if (i % 2) wa_future_set_result(f->futs[i], wa_int((int64_t)i));
    }
    wa_call_soon(loop, set_evens, f, NULL);
    WA_AWAIT(co, wa_gather(co, f->futs, f->n, false));
    f->wrong = co->value.as.list.len == f->n ? 0 : -1;
    for (size_t i = 0; i < co->value.as.list.len; i++)
        if (co->value.as.list.items[i].as.i != (int64_t)i) f->wrong++;
    for (size_t i = 0; i < f->n; i++) wa_future_unref(f->futs[i]);
    free(f->futs);
    WA_RETURN(co, wa_int(f->wrong));
    WA_END(co);
}

TEST(gather_of_many_futures) {
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    wa_value wrong;
    ASSERT_EQ(WA_RUN(&opts, &wrong, NULL, gather_many, many_frame, .n = 100000), WA_OK);
    ASSERT_EQ(wrong.as.i, 0);
}

static wa_future *wait_empty(wa_coro *co, wa_loop *o) {
    (void)o;
    wa_future *none[1] = {NULL};
    return wa_wait(co, none, 0, WA_NO_TIMEOUT, WA_ALL_COMPLETED);
}
static wa_future *wait_bad_when(wa_coro *co, wa_loop *o) {
    (void)o;
    wa_future *f = wa_sleep(co, 1);
    return wa_wait(co, &f, 1, WA_NO_TIMEOUT, (wa_return_when)7);
}
static wa_future *wait_nan(wa_coro *co, wa_loop *o) {
    (void)o;
    wa_future *f = wa_sleep(co, 1);
    return wa_wait(co, &f, 1, NAN, WA_ALL_COMPLETED);
}
static wa_future *wait_negative(wa_coro *co, wa_loop *o) {
    (void)o;
    wa_future *f = wa_sleep(co, 1);
    return wa_wait(co, &f, (size_t)-2, 1, WA_ALL_COMPLETED);
}

TEST(wait_misuse) {
    trace t;
    ASSERT_STR_EQ(probe(&t, wait_empty), "ValueError: Set of Tasks/Futures is empty.");
    ASSERT_STR_EQ(probe(&t, wait_bad_when), "ValueError: Invalid return_when value: 7");
    ASSERT_STR_EQ(probe(&t, wait_nan), "ValueError: timeout is NaN");
    ASSERT_CONTAINS(probe(&t, wait_negative), "ValueError: count");
    ASSERT(wa_wait(NULL, NULL, 0, 0, WA_ALL_COMPLETED) == NULL);
}

static wa_future *wait_for_null(wa_coro *co, wa_loop *o) { (void)o; return wa_wait_for(co, NULL, 1); }
static wa_future *wait_for_nan(wa_coro *co, wa_loop *o) { (void)o; return wa_wait_for(co, wa_sleep(co, 1), NAN); }
static wa_future *wait_for_foreign(wa_coro *co, wa_loop *other) {
    alien = wa_future_new(other);
    return wa_wait_for(co, alien, 1);
}
static wa_future *shield_null(wa_coro *co, wa_loop *o) { (void)o; return wa_shield(co, NULL); }
/* the sleep future is owned by the frame; wait_for keeps it alive itself */
static wa_future *wait_for_sleep(wa_coro *co, wa_loop *o) { (void)o; return wa_wait_for(co, wa_sleep(co, 5), 1); }

TEST(wait_for_and_shield_misuse) {
    trace t;
    ASSERT_STR_EQ(probe(&t, wait_for_null), "TypeError: object NoneType can't be used in 'await' expression");
    ASSERT_STR_EQ(probe(&t, wait_for_nan), "ValueError: timeout is NaN");
    ASSERT_STR_EQ(probe(&t, wait_for_foreign), "ValueError: the future belongs to a different loop");
    drop_alien();
    ASSERT_STR_EQ(probe(&t, shield_null), "TypeError: An asyncio.Future, a coroutine or an awaitable is required");
    ASSERT_STR_EQ(probe(&t, wait_for_sleep), "TimeoutError: ");
    ASSERT(wa_wait_for(NULL, NULL, 1) == NULL);
    ASSERT(wa_shield(NULL, NULL) == NULL);
}

typedef struct {
    wa_coro co;
    trace *t;
    wa_future *futs[2];
    wa_as_completed *ac;
    wa_error *err;
} ac_frame;

static wa_status ac_step(wa_coro *co) {
    ac_frame *f = (ac_frame *)co;
    WA_BEGIN(co);
    EXPECT(wa_as_completed_new(co, NULL, 1, 1) == NULL);
    trace_add(f->t, "[%s]", wa_last_error());
    EXPECT(wa_as_completed_new(co, f->futs, (size_t)-1, 1) == NULL);
    EXPECT(wa_as_completed_new(co, f->futs, 0, NAN) == NULL);
    trace_add(f->t, "[%s]", wa_last_error());
    EXPECT(wa_as_completed_new(NULL, f->futs, 0, 1) == NULL);
    f->ac = wa_as_completed_new(co, f->futs, 0, 1);    /* empty: nothing to yield */
    trace_add(f->t, "left=%zu", wa_as_completed_left(f->ac));
    WA_AWAIT_TRY(co, wa_as_completed_next(co, f->ac), f->err);
    trace_add(f->t, "[%s: %s]", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    WA_AWAIT_TRY(co, wa_as_completed_next(co, NULL), f->err);
    trace_add(f->t, "[%s]", wa_error_type_of(f->err)->name);
    wa_as_completed_free(f->ac);
    wa_as_completed_free(NULL);
    WA_END(co);
}

TEST(as_completed_misuse) {
    trace t = {{0}, 0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    ASSERT_EQ(WA_RUN(&opts, NULL, NULL, ac_step, ac_frame, .t = &t), 0);
    ASSERT_STR_EQ(t.text, "[wa_as_completed_new: the array of futures is NULL]|[wa_as_completed_new: timeout is NaN]|"
                          "left=0|[RuntimeError: the iterator is exhausted]|[TypeError]");
}

/* An iterator freed while an input's completion callback is scheduled,
 * and a loop stopped before that callback runs: closing the loop drops the
 * callback, and the iterator goes with the loop, as asyncio's collector
 * frees it.  ASan and valgrind see a leak otherwise. */
typedef struct {
    wa_coro co;
    wa_future *fut;
    wa_as_completed *ac;
} ac_dropped_frame;

static wa_status ac_dropped_step(wa_coro *co) {
    ac_dropped_frame *f = (ac_dropped_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->fut = wa_future_new(loop);
    f->ac = wa_as_completed_new(co, &f->fut, 1, 5.0);
    wa_future_set_result(f->fut, wa_int(1));    /* schedules the completion callback */
    wa_as_completed_free(f->ac);
    wa_future_unref(f->fut);
    wa_loop_stop(loop);     /* before the callback's iteration */
    WA_END(co);
}

TEST(as_completed_dropped_with_the_loop) {
    wa_loop *loop = test_loop();
    wa_task *t = WA_SPAWN(loop, ac_dropped_step, ac_dropped_frame);
    ASSERT(t != NULL);
    ASSERT_EQ(wa_loop_run_forever(loop), 0);
    ASSERT(wa_future_done(wa_task_future(t)));
    wa_task_unref(t);
    ASSERT_EQ(wa_loop_close(loop), 0);
    wa_loop_free(loop);
}

/* ---- tasks and coroutines where futures go (wa_aw) ----------------------- */

static int leaves_done;

typedef struct {
    wa_coro co;
    int n;
} leaf_frame;

static wa_status leaf_step(wa_coro *co) {
    leaf_frame *f = (leaf_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    leaves_done++;
    WA_RETURN(co, wa_int(f->n));
    WA_END(co);
}

/* A coroutine whose frame cannot be one (too small, no initialiser). */
static const wa_aw bad_coro = {NULL, leaf_step, 1, NULL, {NULL, 0, NULL}};

typedef struct {
    wa_coro co;
    trace *t;
    wa_task *task, *alien_task, *caller;
    wa_future *kept;
    wa_as_completed *ac;
    wa_error *err;
} aw_frame;

static void trace_outcome(aw_frame *f, const char *what) {
    if (f->err) trace_add(f->t, "%s: %s: %s", what, wa_error_type_of(f->err)->name, wa_error_message(f->err));
    else trace_add(f->t, "%s: ok %s", what, f->co.value.kind == WA_KIND_INT ? "int" : "other");
}

static wa_status waits_long_step(wa_coro *co) {
    aw_frame *f = (aw_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_wait_for(co, WA_CORO(leaf_step, leaf_frame, .n = 1), 10), f->err);
    trace_outcome(f, "cancelled caller");
    if (f->err) WA_RAISE(co, wa_error_ref(f->err));
    WA_END(co);
}

static wa_status aw_step(wa_coro *co) {
    aw_frame *f = (aw_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    {
        /* refused before any task is made: the next task is Task-2 */
        wa_aw items[] = {WA_CORO(leaf_step, leaf_frame, .n = 1), bad_coro};
        WA_AWAIT_TRY(co, wa_gather(co, items, 2, false), f->err);
    }
    trace_outcome(f, "gather(coro, bad)");
    f->task = WA_SPAWN(loop, leaf_step, leaf_frame, .n = 2);
    trace_add(f->t, "%s", wa_task_name(f->task));
    {
        wa_task *tasks[] = {f->task, NULL};
        WA_AWAIT_TRY(co, wa_gather(co, tasks, 2, false), f->err);
    }
    trace_outcome(f, "gather(task, NULL)");
    WA_AWAIT_TRY(co, wa_gather(co, &f->alien_task, 1, false), f->err);
    trace_outcome(f, "gather(alien)");
    WA_AWAIT_TRY(co, wa_gather(co, (const wa_aw *)NULL, 1, false), f->err);
    trace_outcome(f, "gather(NULL array)");
    WA_AWAIT_TRY(co, wa_gather(co, (const wa_aw *)NULL, 0, false), f->err);
    trace_outcome(f, "gather(nothing)");
    {
        wa_aw items[] = {WA_AW(f->task), WA_CORO(leaf_step, leaf_frame)};
        WA_AWAIT_TRY(co, wa_wait(co, items, 2, 1, (wa_return_when)9), f->err);
        trace_outcome(f, "wait(bad when)");
        WA_AWAIT_TRY(co, wa_wait(co, items, 2, 1, WA_ALL_COMPLETED), f->err);
        trace_outcome(f, "wait(task, coro)");
    }
    WA_AWAIT_TRY(co, wa_wait_for(co, WA_CORO(leaf_step, leaf_frame), NAN), f->err);
    trace_outcome(f, "wait_for(coro, NaN)");
    WA_AWAIT_TRY(co, wa_wait_for(co, bad_coro, 1), f->err);
    trace_outcome(f, "wait_for(bad)");
    WA_AWAIT_TRY(co, wa_shield(co, bad_coro), f->err);
    trace_outcome(f, "shield(bad)");
    {
        wa_aw items[] = {bad_coro};
        f->ac = wa_as_completed_new(co, items, 1, 1);
    }
    trace_add(f->t, "as_completed(bad): %s [%s]", f->ac ? "made" : "NULL", wa_last_error());
    WA_AWAIT_TRY(co, wa_sleep(co, 0), f->err);     /* nothing left over to raise */
    trace_outcome(f, "sleep(0)");
    WA_AWAIT_TRY(co, wa_wait_for(co, f->task, 5), f->err);   /* a task as it is */
    trace_outcome(f, "wait_for(task)");
    WA_AWAIT_TRY(co, wa_shield(co, f->task), f->err);
    trace_outcome(f, "shield(done task)");
    /* a gather nobody awaits: its tasks run to their end all the same */
    leaves_done = 0;
    {
        wa_aw items[] = {WA_CORO(leaf_step, leaf_frame), WA_CORO(leaf_step, leaf_frame)};
        f->kept = wa_future_ref(wa_gather(co, items, 2, false));
    }
    WA_AWAIT(co, wa_sleep(co, 1));
    trace_add(f->t, "unawaited gather: done=%s, %d leaves", wa_future_done(f->kept) ? "yes" : "no", leaves_done);
    wa_future_unref(f->kept);
    /* wait_for runs the coroutine in the caller: cancelling it cancels both */
    f->caller = WA_SPAWN(loop, waits_long_step, aw_frame, .t = f->t);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    wa_task_cancel(f->caller, NULL);
    WA_AWAIT_TRY(co, f->caller, f->err);
    trace_outcome(f, "main");
    wa_task_unref(f->caller);
    wa_task_unref(f->task);
    WA_END(co);
}

TEST(awaitables_tasks_and_coroutines) {
    trace t = {{0}, 0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    wa_loop *other = test_loop();
    wa_task *alien_task = WA_SPAWN(other, leaf_step, leaf_frame);
    ASSERT_EQ(WA_RUN(&opts, NULL, NULL, aw_step, aw_frame, .t = &t, .alien_task = alien_task), 0);
    ASSERT_EQ(wa_loop_run_until_complete(other, wa_task_future(alien_task)), 0);     /* not left pending */
    wa_task_unref(alien_task);
    wa_loop_free(other);
    const char *coro_refused = "TypeError: An asyncio.Future, a coroutine or an awaitable is required";
    char want[2048];
    snprintf(want, sizeof want,
             "gather(coro, bad): %s|Task-2|gather(task, NULL): %s|"
             "gather(alien): ValueError: future 0 belongs to a different loop|"
             "gather(NULL array): TypeError: the array of futures is NULL|gather(nothing): ok other|"
             "wait(bad when): ValueError: Invalid return_when value: 9|"
             "wait(task, coro): TypeError: Passing coroutines is forbidden, use tasks explicitly.|"
             "wait_for(coro, NaN): ValueError: timeout is NaN|wait_for(bad): %s|shield(bad): %s|"
             "as_completed(bad): NULL [wa_as_completed_new: An asyncio.Future, a coroutine or an awaitable is required]|"
             "sleep(0): ok other|wait_for(task): ok int|shield(done task): ok int|"
             "unawaited gather: done=yes, 2 leaves|"
             "cancelled caller: CancelledError: |main: CancelledError: ",
             coro_refused, coro_refused, coro_refused, coro_refused);
    ASSERT_STR_EQ(t.text, want);
}

typedef struct {
    wa_coro co;
    trace *t;
    wa_timeout tm;
    wa_taskgroup tg;
    wa_error *err;
} scope_frame;

static wa_status nothing_step(wa_coro *co) {
    WA_BEGIN(co);
    WA_END(co);
}

/* Enters f->tm a second time. */
static wa_status reenter_step(wa_coro *co);
typedef struct {
    wa_coro co;
    wa_timeout *tm;
    wa_taskgroup *tg;
} reenter_frame;

static wa_status reenter_step(wa_coro *co) {
    reenter_frame *f = (reenter_frame *)co;
    WA_BEGIN(co);
    if (f->tm) {
        WA_WITH(co, wa_timeout_enter(co, f->tm, 1)) {}
        WA_WITH_END(co);
    } else {
        WA_WITH(co, wa_taskgroup_enter(co, f->tg)) {}
        WA_WITH_END(co);
    }
    WA_END(co);
}

static wa_status scope_step(wa_coro *co) {
    scope_frame *f = (scope_frame *)co;
    WA_BEGIN(co);
    EXPECT_EQ(wa_timeout_reschedule(&f->tm, 5), WA_EINVALIDSTATE);
    trace_add(f->t, "[%s]", wa_last_error());
    EXPECT_EQ(wa_timeout_reschedule(NULL, 5), WA_EINVAL);
    EXPECT(wa_timeout_enter(NULL, &f->tm, 1) == NULL);
    EXPECT(wa_taskgroup_spawn(&f->tg, nothing_step, sizeof(wa_coro), &(wa_coro){0}, NULL) == NULL);
    trace_add(f->t, "[%s]", wa_last_error());
    WA_WITH(co, wa_timeout_enter(co, &f->tm, 10)) {
        EXPECT_EQ(wa_timeout_reschedule(&f->tm, NAN), WA_EINVAL);
        WA_AWAIT_CALL_TRY(co, f->err, reenter_step, reenter_frame, .tm = &f->tm);
        trace_add(f->t, "[%s: %s]", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    }
    WA_WITH_END(co);
    EXPECT_EQ(wa_timeout_reschedule(&f->tm, 5), WA_EINVALIDSTATE);
    trace_add(f->t, "[%s]", wa_last_error());
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        WA_AWAIT_CALL_TRY(co, f->err, reenter_step, reenter_frame, .tg = &f->tg);
        trace_add(f->t, "[%s: %s]", wa_error_type_of(f->err)->name, wa_error_message(f->err));
        EXPECT(WA_GROUP_SPAWN(&f->tg, nothing_step, reenter_frame) != NULL);
    }
    WA_WITH_END(co);
    EXPECT(WA_GROUP_SPAWN(&f->tg, nothing_step, reenter_frame) == NULL);
    trace_add(f->t, "[%s]", wa_last_error());
    EXPECT(wa_taskgroup_spawn(NULL, nothing_step, sizeof(wa_coro), &(wa_coro){0}, NULL) == NULL);
    WA_END(co);
}

TEST(scope_misuse) {
    trace t = {{0}, 0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    ASSERT_EQ(WA_RUN(&opts, NULL, NULL, scope_step, scope_frame, .t = &t), 0);
    ASSERT_STR_EQ(t.text, "[wa_timeout_reschedule: Timeout has not been entered]|"
                          "[wa_taskgroup_spawn: TaskGroup <TaskGroup> has not been entered]|"
                          "[RuntimeError: Timeout has already been entered]|"
                          "[wa_timeout_reschedule: Cannot change state of finished Timeout]|"
                          "[RuntimeError: TaskGroup <TaskGroup entered> has already been entered]|"
                          "[wa_taskgroup_spawn: TaskGroup <TaskGroup entered> is finished]");
}

/* Tasks that all fail in one iteration: the group's ExceptionGroup holds
 * every error, more than its first block of errors has room for, in the
 * order the tasks ended. */
typedef struct {
    wa_coro co;
    trace *t;
    int i;
    wa_taskgroup tg;
    wa_error *err;
} failing_frame;

static wa_status fail_at_once(wa_coro *co) {
    failing_frame *f = (failing_frame *)co;
    WA_BEGIN(co);
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "task %d", f->i));
    WA_END(co);
}

static wa_status nine_failures(wa_coro *co) {
    failing_frame *f = (failing_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        for (f->i = 0; f->i < 9; f->i++) EXPECT(WA_GROUP_SPAWN(&f->tg, fail_at_once, failing_frame, .i = f->i));
    }
    WA_WITH_END(co);
    WA_END(co);
}

static wa_status many_failures_step(wa_coro *co) {
    failing_frame *f = (failing_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL_TRY(co, f->err, nine_failures, failing_frame);
    trace_add(f->t, "%s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    for (size_t i = 0; i < wa_error_group_size(f->err); i++)
        trace_add(f->t, "%s", wa_error_message(wa_error_group_child(f->err, i)));
    WA_END(co);
}

TEST(taskgroup_keeps_every_error) {
    trace t = {{0}, 0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    ASSERT_EQ(WA_RUN(&opts, NULL, NULL, many_failures_step, failing_frame, .t = &t), 0);
    ASSERT_STR_EQ(t.text, "ExceptionGroup: unhandled errors in a TaskGroup|"
                          "task 0|task 1|task 2|task 3|task 4|task 5|task 6|task 7|task 8");
}

/* A program's own scope whose ops have no exit is refused at WA_WITH,
 * as Python refuses `async with` on an object without __aexit__. */
static const wa_scope_ops no_exit_ops = {NULL, NULL};

typedef struct {
    wa_coro co;
    wa_scope scope;
    bool *body_ran;
} no_exit_frame;

static wa_status no_exit_step(wa_coro *co) {
    no_exit_frame *f = (no_exit_frame *)co;
    WA_BEGIN(co);
    f->scope.ops = &no_exit_ops;
    WA_WITH(co, &f->scope) {
        *f->body_ran = true;
    }
    WA_WITH_END(co);
    WA_END(co);
}

TEST(scope_without_exit) {
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    wa_error *err = NULL;
    bool body_ran = false;
    ASSERT_EQ(WA_RUN(&opts, NULL, &err, no_exit_step, no_exit_frame, .body_ran = &body_ran), WA_EEXCEPTION);
    ASSERT(!body_ran);
    ASSERT(wa_error_is(err, WA_TYPE_ERROR));
    ASSERT_STR_EQ(wa_error_message(err), "scope object does not support the asynchronous context manager "
                                         "protocol (missed __aexit__ method)");
    wa_error_unref(err);
}

/* WA_WITH without its WA_WITH_END is caught when the frame ends. */
typedef struct {
    wa_coro co;
    wa_timeout tm;
} unclosed_frame;

static wa_status unclosed_step(wa_coro *co) {
    unclosed_frame *f = (unclosed_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, &f->tm, 1)) {}
    WA_END(co);
}

TEST(scope_without_end) {
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    wa_error *err = NULL;
    ASSERT_EQ(WA_RUN(&opts, NULL, &err, unclosed_step, unclosed_frame), WA_EEXCEPTION);
    ASSERT(wa_error_is(err, WA_RUNTIME_ERROR));
    ASSERT_STR_EQ(wa_error_message(err), "WA_WITH without WA_WITH_END");
    wa_error_unref(err);
}

TEST(error_group_misuse) {
    ASSERT(wa_error_group_new("m", NULL, 1) == NULL);
    ASSERT_CONTAINS(wa_last_error(), "NULL");
    wa_error *none[1] = {NULL};
    ASSERT(wa_error_group_new("m", none, 0) == NULL);
    ASSERT_CONTAINS(wa_last_error(), "at least one error");
    wa_error *kids[2] = {wa_error_new(WA_VALUE_ERROR, "x"), NULL};
    ASSERT(wa_error_group_new("m", kids, 2) == NULL);   /* the reference given is released */
    ASSERT_EQ(wa_error_split(NULL, WA_VALUE_ERROR, NULL, NULL), WA_EINVAL);
    wa_error *e = wa_error_new(WA_VALUE_ERROR, "plain");
    ASSERT_EQ(wa_error_split(e, NULL, NULL, NULL), WA_EINVAL);
    ASSERT_EQ(wa_error_group_size(e), 0);
    ASSERT(wa_error_group_child(e, 0) == NULL);
    ASSERT(!wa_error_is_group(e));
    wa_error_unref(e);
}

TEST(error_group_types_and_split) {
    wa_error *inner[2] = {wa_error_new(WA_TYPE_ERROR, "t"), wa_error_new(WA_VALUE_ERROR, "v1")};
    wa_error *kids[3] = {wa_error_new(WA_VALUE_ERROR, "v0"), wa_error_group_new("inner", inner, 2),
                         wa_error_new(WA_CANCELLED_ERROR, NULL)};
    wa_error *g = wa_error_group_new("outer", kids, 3);
    ASSERT_STR_EQ(wa_error_type_of(g)->name, "BaseExceptionGroup");    /* a CancelledError inside */
    ASSERT(!wa_error_is(g, WA_EXCEPTION));
    ASSERT_STR_EQ(wa_error_type_of(kids[1])->name, "ExceptionGroup");
    ASSERT(wa_error_is(kids[1], WA_EXCEPTION) && wa_error_is(kids[1], WA_BASE_EXCEPTION_GROUP));
    wa_error *match, *rest;
    ASSERT_EQ(wa_error_split(g, WA_VALUE_ERROR, &match, &rest), 0);
    char buf[512];
    wa_error_format(match, buf, sizeof buf);
    ASSERT_STR_EQ(buf, "ExceptionGroup: outer (2 sub-exceptions)\n  ValueError: v0\n  ExceptionGroup: inner (1 sub-exception)\n    ValueError: v1");
    wa_error_format(rest, buf, sizeof buf);
    ASSERT_STR_EQ(buf, "BaseExceptionGroup: outer (2 sub-exceptions)\n  ExceptionGroup: inner (1 sub-exception)\n    TypeError: t\n  CancelledError");
    wa_error_unref(match);
    wa_error_unref(rest);
    ASSERT_EQ(wa_error_split(g, WA_BASE_EXCEPTION, &match, &rest), 0);
    ASSERT(match != NULL && rest == NULL);
    wa_error_unref(match);
    ASSERT_EQ(wa_error_split(g, WA_MEMORY_ERROR, &match, NULL), 0);
    ASSERT(match == NULL);
    wa_error_unref(g);
}

TEST(value_list_and_error_copy) {
    wa_error *e = wa_error_new(WA_VALUE_ERROR, "item");
    int target = 0;
    wa_value items[3] = {wa_str("s"), wa_error_value(e), wa_ptr(&target, NULL)};
    wa_value list = wa_list(items, 3), copy;
    ASSERT_EQ(wa_value_copy(&copy, &list), 0);
    wa_error_unref(e);      /* the copy holds its own reference */
    ASSERT_EQ(copy.as.list.len, 3);
    ASSERT(copy.as.list.items[0].as.buf.data != items[0].as.buf.data);
    ASSERT_STR_EQ(copy.as.list.items[0].as.buf.data, "s");
    ASSERT_STR_EQ(wa_error_message(copy.as.list.items[1].as.err), "item");
    ASSERT(copy.as.list.items[2].as.ptr.p == &target);
    wa_value_clear(&copy);
    ASSERT_EQ(copy.kind, WA_KIND_NONE);
    wa_value empty = wa_list(NULL, 5);
    ASSERT_EQ(empty.as.list.len, 0);
}
