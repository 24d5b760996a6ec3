/* test_ownership.c — the ownership rule (include/wasyncio.h, top): what the
 * library hands a coroutine stays valid until the frame ends, whatever it
 * awaits meanwhile.  Each test is a pattern that read freed memory before
 * the rule (a future, error or task that expired at the frame's next
 * await); the sanitize and valgrind runs of this file show it no longer
 * does. */
#include "harness.h"
#include "../../src/core/error-int.h"

typedef struct {
    wa_coro co;
    trace *t;
    int i;
    wa_task *a, *b;
    wa_future *futs[2];
    wa_future *g, *s, *x;
    wa_error *err, *first;
    wa_taskgroup tg;
    wa_task *t1, *t2;
} of;

typedef struct {
    wa_coro co;
    double delay;
    const char *fail;       /* raise ValueError(fail) after the delay, or return 7 */
} child;

static wa_status child_step(wa_coro *co) {
    child *f = (child *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    if (f->fail) WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "%s", f->fail));
    WA_RETURN(co, wa_int(7));
    WA_END(co);
}

/* Runs step in a task to its end and returns "ok:N" or the error's text. */
static const char *run(wa_step_fn step, trace *t) {
    static char out[512];
    wa_loop *loop = test_loop();
    wa_task *task = wa_task_new(loop, step, sizeof(of), &(of){.t = t}, NULL);
    wa_loop_run_until_complete(loop, wa_task_future(task));
    wa_error *e = NULL;
    wa_value v = wa_none();
    if (wa_future_exception(wa_task_future(task), &e) == 0 && e) {
        wa_error_format(e, out, sizeof out);
    } else {
        wa_future_result(wa_task_future(task), &v);
        snprintf(out, sizeof out, "ok:%lld", (long long)(v.kind == WA_KIND_INT ? v.as.i : -1));
    }
    wa_task_unref(task);
    wa_loop_free(loop);
    return out;
}

static void spawn_pair(of *f, const char *fail_b) {
    wa_loop *loop = wa_get_running_loop();
    f->a = WA_SPAWN(loop, child_step, child, .delay = 1);
    f->b = WA_SPAWN(loop, child_step, child, .delay = 2, .fail = fail_b);
    f->futs[0] = wa_task_future(f->a);
    f->futs[1] = wa_task_future(f->b);
}

/* `g = gather(...); g.cancel(); ...; await sleep(0); g.cancelled()`, which
 * is False in asyncio: the cancelled gather finishes with CancelledError. */
static wa_status gather_after_awaits(wa_coro *co) {
    of *f = (of *)co;
    WA_BEGIN(co);
    spawn_pair(f, NULL);
    f->g = wa_gather(co, f->futs, 2, false);
    WA_AWAIT(co, wa_sleep(co, 0));
    wa_future_cancel(f->g, "stop");
    WA_AWAIT_TRY(co, f->g, f->err);
    WA_AWAIT(co, wa_sleep(co, 0));
    WA_AWAIT(co, wa_sleep(co, 0));
    trace_add(f->t, "cancelled=%d %s(%s);", wa_future_cancelled(f->g), wa_error_type_of(f->err)->name,
              wa_error_message(f->err));
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    WA_END(co);
}

TEST(ownership_gather_future_outlives_later_awaits) {
    trace t = {0};
    ASSERT_STR_EQ(run(gather_after_awaits, &t), "ok:-1");
    ASSERT_STR_EQ(t.text, "cancelled=0 CancelledError(stop);");     /* asyncio's gather: an exception */
}

/* A shield's outer future and a run_in_executor-free check of shield of a
 * done future (returned itself), both read after further awaits. */
static wa_status shield_after_awaits(wa_coro *co) {
    of *f = (of *)co;
    WA_BEGIN(co);
    spawn_pair(f, NULL);
    f->s = wa_shield(co, f->futs[0]);
    WA_AWAIT(co, f->s);
    f->x = wa_shield(co, f->futs[0]);       /* done: the inner itself */
    WA_AWAIT(co, wa_sleep(co, 5));
    wa_value v;
    wa_future_result(f->s, &v);
    trace_add(f->t, "outer=%lld same=%d;", (long long)v.as.i, f->x == f->futs[0]);
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    WA_END(co);
}

TEST(ownership_shield_future_outlives_later_awaits) {
    trace t = {0};
    ASSERT_STR_EQ(run(shield_after_awaits, &t), "ok:-1");
    ASSERT_STR_EQ(t.text, "outer=7 same=1;");
}

/* except ValueError as e: await cleanup(); raise e */
static wa_status reraise_after_cleanup(wa_coro *co) {
    of *f = (of *)co;
    WA_BEGIN(co);
    spawn_pair(f, "boom");
    WA_AWAIT_TRY(co, f->b, f->err);
    WA_AWAIT(co, wa_sleep(co, 1));      /* the clean-up */
    WA_AWAIT(co, f->a);
    trace_add(f->t, "caught %s;", wa_error_message(f->err));
    wa_task_unref(f->a);
    wa_task_unref(f->b);                /* the task's reference to the error goes too */
    WA_RAISE(co, wa_error_ref(f->err));
    WA_END(co);
}

TEST(ownership_caught_error_outlives_cleanup_and_reraises) {
    trace t = {0};
    ASSERT_STR_EQ(run(reraise_after_cleanup, &t), "ValueError: boom");
    ASSERT_STR_EQ(t.text, "caught boom;");
}

/* A loop that catches into one field keeps one error: the previous is
 * released by the next catch, as `except E as e` rebinds e. */
static wa_status catch_in_a_loop(wa_coro *co) {
    of *f = (of *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < 1000; f->i++) {
        f->x = wa_future_new(wa_get_running_loop());
        wa_future_set_exception(f->x, wa_error_new(WA_VALUE_ERROR, "n%d", f->i));
        WA_AWAIT_TRY(co, f->x, f->err);
        wa_future_unref(f->x);
        if (f->i == 0) f->first = wa_error_ref(f->err);
        if (f->i == 1) trace_add(f->t, "first refs=%u;", (unsigned)f->first->refs);
    }
    trace_add(f->t, "last %s;", wa_error_message(f->err));
    wa_error_unref(f->first);
    WA_END(co);
}

TEST(ownership_catch_in_a_loop_keeps_one) {
    trace t = {0};
    ASSERT_STR_EQ(run(catch_in_a_loop, &t), "ok:-1");
    ASSERT_STR_EQ(t.text, "first refs=1;|last n999;");     /* only ours is left */
}

/* t = tg.create_task(...) ... after the group (and more awaits): t.result() */
static wa_status group_tasks_after_group(wa_coro *co) {
    of *f = (of *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        f->t1 = WA_GROUP_SPAWN(&f->tg, child_step, child, .delay = 1);
        f->t2 = WA_GROUP_SPAWN(&f->tg, child_step, child, .delay = 2);
    }
    WA_WITH_END(co);
    WA_AWAIT(co, wa_sleep(co, 3));
    wa_value a, b;
    wa_future_result(wa_task_future(f->t1), &a);
    wa_future_result(wa_task_future(f->t2), &b);
    trace_add(f->t, "%s=%lld %s=%lld;", wa_task_name(f->t1), (long long)a.as.i, wa_task_name(f->t2),
              (long long)b.as.i);
    WA_END(co);
}

TEST(ownership_taskgroup_tasks_outlive_the_group) {
    trace t = {0};
    ASSERT_STR_EQ(run(group_tasks_after_group, &t), "ok:-1");
    ASSERT_CONTAINS(t.text, "=7 Task-");
    ASSERT_CONTAINS(t.text, "=7;");
}

/* A group's tasks are kept in a block of their own among the frame's
 * keeps: a catch into a field caught into before rebinds it across that
 * block, a group zeroed and entered again keeps its tasks beside the first
 * group's, and a gather after them is kept in a block of its own. */
static wa_status keeps_around_groups(wa_coro *co) {
    of *f = (of *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < 2; f->i++) {
        f->x = wa_future_new(wa_get_running_loop());
        wa_future_set_exception(f->x, wa_error_new(WA_VALUE_ERROR, "n%d", f->i));
        WA_AWAIT_TRY(co, f->x, f->err);
        wa_future_unref(f->x);
        if (f->i == 0) f->first = wa_error_ref(f->err);
        f->tg = (wa_taskgroup){0};
        WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
            *(f->i ? &f->t2 : &f->t1) = WA_GROUP_SPAWN(&f->tg, child_step, child, .delay = f->i);
        }
        WA_WITH_END(co);
    }
    trace_add(f->t, "first refs=%u;", (unsigned)f->first->refs);   /* ours: the frame's went to n1 */
    wa_error_unref(f->first);
    f->futs[0] = wa_task_future(f->t1);
    f->futs[1] = wa_task_future(f->t2);
    f->g = wa_gather(co, f->futs, 2, false);
    WA_AWAIT(co, f->g);
    WA_AWAIT(co, wa_sleep(co, 1));
    wa_value a, b, g;
    wa_future_result(f->futs[0], &a);
    wa_future_result(f->futs[1], &b);
    wa_future_result(f->g, &g);
    trace_add(f->t, "%lld %lld %s %s;", (long long)a.as.i, (long long)b.as.i, g.kind == WA_KIND_LIST ? "list" : "?",
              wa_error_message(f->err));
    WA_END(co);
}

TEST(ownership_keeps_around_a_groups_tasks) {
    trace t = {0};
    ASSERT_STR_EQ(run(keeps_around_groups, &t), "ok:-1");      /* sanitize and valgrind: nothing read freed */
    ASSERT_STR_EQ(t.text, "first refs=1;|7 7 list n1;");
}

/* A frame keeping more than its keeps block first holds (two groups of
 * three tasks, then five gathers) reads them all at its end. */
typedef struct {
    wa_coro co;
    wa_taskgroup tg1, tg2;
    wa_task *t[6];
    wa_future *futs[6], *g[5];
    int i;
} many_frame;

static wa_status keeps_many(wa_coro *co) {
    many_frame *f = (many_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg1)) {
        for (int i = 0; i < 3; i++) f->t[i] = WA_GROUP_SPAWN(&f->tg1, child_step, child, .delay = i);
    }
    WA_WITH_END(co);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg2)) {
        for (int i = 3; i < 6; i++) f->t[i] = WA_GROUP_SPAWN(&f->tg2, child_step, child, .delay = i);
    }
    WA_WITH_END(co);
    for (f->i = 0; f->i < 6; f->i++) f->futs[f->i] = wa_task_future(f->t[f->i]);
    for (f->i = 0; f->i < 5; f->i++) {
        f->g[f->i] = wa_gather(co, &f->futs[f->i], 1, false);
        WA_AWAIT(co, f->g[f->i]);
    }
    int64_t sum = 0;
    wa_value v;
    for (int i = 0; i < 6; i++) {
        if (wa_future_result(f->futs[i], &v) == WA_OK) sum += v.as.i;
        if (i < 5 && wa_future_result(f->g[i], &v) == WA_OK && v.kind == WA_KIND_LIST) sum += 100;
    }
    WA_RETURN(co, wa_int(sum));
    WA_END(co);
}

TEST(ownership_a_frame_keeps_more_than_its_first_block) {
    wa_loop *loop = test_loop();
    wa_task *task = WA_SPAWN(loop, keeps_many, many_frame);
    wa_loop_run_until_complete(loop, wa_task_future(task));
    wa_value v = wa_none();
    ASSERT_EQ(wa_future_result(wa_task_future(task), &v), WA_OK);
    ASSERT_EQ(v.as.i, 6 * 7 + 5 * 100);    /* sanitize and valgrind: nothing read freed */
    wa_task_unref(task);
    wa_loop_free(loop);
}

/* The frame's keeps go when the frame ends, also by an error or a
 * cancellation, and a WA_WITH_END with only keeps open is still a misuse. */
static wa_status keeps_then_cancelled(wa_coro *co) {
    of *f = (of *)co;
    WA_BEGIN(co);
    spawn_pair(f, NULL);
    f->g = wa_gather(co, f->futs, 2, false);
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    WA_AWAIT(co, wa_sleep(co, 100));    /* cancelled here, holding the gather */
    WA_END(co);
}

static wa_status cancel_keeper(wa_coro *co) {
    of *f = (of *)co;
    WA_BEGIN(co);
    f->a = WA_SPAWN(wa_get_running_loop(), keeps_then_cancelled, of);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    wa_task_cancel(f->a, NULL);
    WA_AWAIT_TRY(co, f->a, f->err);
    trace_add(f->t, "%s;", wa_error_type_of(f->err)->name);
    wa_task_unref(f->a);
    WA_AWAIT(co, wa_sleep(co, 5));     /* the gathered children finish */
    WA_END(co);
}

TEST(ownership_keeps_released_on_cancellation) {
    trace t = {0};
    ASSERT_STR_EQ(run(cancel_keeper, &t), "ok:-1");     /* sanitize and valgrind: nothing leaked */
    ASSERT_STR_EQ(t.text, "CancelledError;");
}
