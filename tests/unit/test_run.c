/* test_run.c — sleep, wa_run (asyncio.run), the Runner, and their misuse. */
#include <math.h>

#include "harness.h"

typedef struct {
    wa_coro co;
    trace *t;
    const char *name;
    double delay;
} napper;

static wa_status napper_step(wa_coro *co) {
    napper *f = (napper *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    trace_add(f->t, "%s@%.3f", f->name, wa_loop_time(loop));
    WA_RETURN(co, wa_str(f->name));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    trace *t;
    wa_task *a, *b, *c;
} sleepers;

static wa_status sleepers_step(wa_coro *co) {
    sleepers *f = (sleepers *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->a = WA_SPAWN(loop, napper_step, napper, .t = f->t, .name = "a", .delay = 0.3);
    f->b = WA_SPAWN(loop, napper_step, napper, .t = f->t, .name = "b", .delay = 0.1);
    f->c = WA_SPAWN(loop, napper_step, napper, .t = f->t, .name = "c", .delay = 0.1);
    WA_AWAIT(co, f->a);
    WA_AWAIT(co, f->b);
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    wa_task_unref(f->c);
    WA_RETURN(co, wa_double(wa_loop_time(loop)));
    WA_END(co);
}

TEST(run_sleepers_overlap) {
    trace t = {{0}, 0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    wa_value result;
    wa_error *err;
    ASSERT_EQ(WA_RUN(&opts, &result, &err, sleepers_step, sleepers, .t = &t), 0);
    ASSERT_STR_EQ(t.text, "b@0.100|c@0.100|a@0.300");
    ASSERT_EQ(result.kind, WA_KIND_DOUBLE);
    ASSERT_DOUBLE_EQ(result.as.d, 0.3);
    ASSERT(err == NULL);
    wa_value_clear(&result);
}

TEST(run_returns_string_result) {
    trace t = {{0}, 0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    wa_value result;
    ASSERT_EQ(WA_RUN(&opts, &result, NULL, napper_step, napper, .t = &t, .name = "only", .delay = 2), 0);
    ASSERT_STR_EQ(result.as.buf.data, "only");
    wa_value_clear(&result);
}

typedef struct {
    wa_coro co;
} failing;

static wa_status failing_step(wa_coro *co) {
    WA_BEGIN(co);
    WA_YIELD(co);
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "main failed"));
    WA_END(co);
}

TEST(run_main_raises) {
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    wa_error *err;
    ASSERT_EQ(WA_RUN(&opts, NULL, &err, failing_step, failing), WA_EEXCEPTION);
    ASSERT(wa_error_is(err, WA_VALUE_ERROR));
    ASSERT_STR_EQ(wa_error_message(err), "main failed");
    wa_error_unref(err);
    ASSERT_EQ(WA_RUN(&opts, NULL, NULL, failing_step, failing), WA_EEXCEPTION);  /* error dropped, no leak */
}

typedef struct {
    wa_coro co;
    trace *t;
    wa_error *err;
} stubborn;

/* Logs its cancellation, awaits clean-up, then lets it propagate. */
static wa_status stubborn_step(wa_coro *co) {
    stubborn *f = (stubborn *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, 100), f->err);
    trace_add(f->t, "cancelled:%s", wa_error_type_of(f->err)->name);
    f->err = wa_error_ref(f->err);          /* keep it across the clean-up await */
    WA_AWAIT(co, wa_sleep(co, 0.5));
    trace_add(f->t, "cleaned@%.1f", wa_loop_time(wa_get_running_loop()));
    WA_RAISE(co, f->err);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    trace *t;
} leaves_task;

static wa_status leaves_task_step(wa_coro *co) {
    leaves_task *f = (leaves_task *)co;
    WA_BEGIN(co);
    wa_task_unref(WA_SPAWN(wa_get_running_loop(), stubborn_step, stubborn, .t = f->t));
    WA_AWAIT(co, wa_sleep(co, 1));
    trace_add(f->t, "main done");
    WA_END(co);
}

TEST(run_cancels_leftover_tasks) {
    trace t = {{0}, 0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    ASSERT_EQ(WA_RUN(&opts, NULL, NULL, leaves_task_step, leaves_task, .t = &t), 0);
    ASSERT_STR_EQ(t.text, "main done|cancelled:CancelledError|cleaned@1.5");
}

typedef struct {
    wa_coro co;
    int rc;
} nested_run;

static wa_status nested_run_step(wa_coro *co) {
    nested_run *f = (nested_run *)co;
    WA_BEGIN(co);
    f->rc = WA_RUN(NULL, NULL, NULL, failing_step, failing);
    WA_RETURN(co, wa_int(f->rc));
    WA_END(co);
}

TEST(run_inside_running_loop) {
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    wa_value result;
    ASSERT_EQ(WA_RUN(&opts, &result, NULL, nested_run_step, nested_run), 0);
    ASSERT_EQ(result.as.i, WA_ERUNNING);
    ASSERT_CONTAINS(wa_last_error(), "cannot be called from a running event loop");
}

TEST(run_misuse) {
    ASSERT_EQ(wa_run(NULL, sizeof(failing), &(failing){.co = {0}}, NULL, NULL, NULL), WA_EINVAL);
    ASSERT_CONTAINS(wa_last_error(), "a coroutine was expected, got None");
    ASSERT_EQ(wa_run(failing_step, sizeof(failing), NULL, NULL, NULL, NULL), WA_EINVAL);
    ASSERT_EQ(wa_run(failing_step, 3, &(failing){.co = {0}}, NULL, NULL, NULL), WA_EINVAL);
    ASSERT_EQ(wa_runner_run(NULL, failing_step, sizeof(failing), &(failing){.co = {0}}, NULL, NULL), WA_EINVAL);
    ASSERT_EQ(wa_runner_close(NULL), 0);
}

typedef struct {
    wa_coro co;
    trace *t;
    double delay;
    wa_error *err;
} bad_sleep;

static wa_status bad_sleep_step(wa_coro *co) {
    bad_sleep *f = (bad_sleep *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_sleep(co, f->delay), f->err);
    trace_add(f->t, "%s", f->err ? wa_error_type_of(f->err)->name : "slept");
    trace_add(f->t, "%s", f->err ? wa_error_message(f->err) : "");
    WA_END(co);
}

TEST(sleep_nan_raises_in_coroutine) {
    trace t = {{0}, 0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    ASSERT_EQ(WA_RUN(&opts, NULL, NULL, bad_sleep_step, bad_sleep, .t = &t, .delay = NAN), 0);
    ASSERT_CONTAINS(t.text, "ValueError");
    ASSERT_CONTAINS(t.text, "Invalid delay: NaN");
    ASSERT_CONTAINS(wa_last_error(), "delay is NaN");
    ASSERT(wa_sleep(NULL, 1) == NULL);
    ASSERT_CONTAINS(wa_last_error(), "not called from a coroutine");
}

TEST(runner_keeps_one_loop) {
    trace t = {{0}, 0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    wa_runner *r = wa_runner_new(&opts);
    ASSERT(r != NULL);
    wa_value v;
    ASSERT_EQ(WA_RUNNER_RUN(r, &v, NULL, napper_step, napper, .t = &t, .name = "one", .delay = 1), 0);
    wa_value_clear(&v);
    ASSERT_EQ(WA_RUNNER_RUN(r, &v, NULL, napper_step, napper, .t = &t, .name = "two", .delay = 1), 0);
    wa_value_clear(&v);
    ASSERT_STR_EQ(t.text, "one@1.000|two@2.000");   /* same loop: its clock went on */
    ASSERT_DOUBLE_EQ(wa_loop_time(wa_runner_loop(r)), 2);
    ASSERT(!wa_runner_is_closed(r));
    ASSERT_EQ(wa_runner_close(r), 0);
    /* closed, not freed: asyncio's errors until wa_runner_free */
    ASSERT(wa_runner_is_closed(r));
    ASSERT_EQ(wa_runner_close(r), 0);
    ASSERT(wa_runner_loop(r) == NULL);
    ASSERT_CONTAINS(wa_last_error(), "Runner is closed");
    ASSERT_EQ(WA_RUNNER_RUN(r, NULL, NULL, napper_step, napper, .t = &t, .name = "three", .delay = 1), WA_ECLOSED);
    ASSERT_CONTAINS(wa_last_error(), "Runner is closed");
    ASSERT_EQ(wa_runner_free(r), 0);
    ASSERT_EQ(wa_runner_free(NULL), 0);
    ASSERT(wa_runner_is_closed(NULL));
}

/* wa_last_error() is the latest *failed* call's message: successful runs,
 * with their tasks, cancellations and sleeps, leave it as it was. */
TEST(run_success_keeps_last_error) {
    ASSERT_EQ(wa_run(NULL, sizeof(failing), &(failing){.co = {0}}, NULL, NULL, NULL), WA_EINVAL);
    char before[256];
    snprintf(before, sizeof before, "%s", wa_last_error());
    ASSERT_CONTAINS(before, "a coroutine was expected, got None");
    trace t = {{0}, 0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    ASSERT_EQ(WA_RUN(&opts, NULL, NULL, leaves_task_step, leaves_task, .t = &t), 0);
    ASSERT_STR_EQ(wa_last_error(), before);
    wa_runner *r = wa_runner_new(&opts);
    ASSERT(r != NULL);
    ASSERT_EQ(WA_RUNNER_RUN(r, NULL, NULL, napper_step, napper, .t = &t, .name = "one", .delay = 1), 0);
    ASSERT_EQ(wa_runner_free(r), 0);
    ASSERT_STR_EQ(wa_last_error(), before);
}
