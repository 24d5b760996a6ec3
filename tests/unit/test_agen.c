/* test_agen.c — async generators' asend and athrow, and WA_AGEN_CM
 * (contextlib.asynccontextmanager): what the sent value is and how long it
 * lives, the errors thrown in and their identity, misuse, and every
 * allocation failing in turn.  The traces of ordinary use are the
 * conformance scenarios agen_*.c, compared with CPython. */
#include <stdlib.h>

#include "harness.h"
#include "../../src/core/alloc-int.h"

static const char *name(const wa_error *e) { return e ? wa_error_type_of(e)->name : "-"; }

/* One frame for every test coroutine. */
typedef struct {
    wa_coro co;
    trace *t;
    int mode;
    int i;
    wa_agen *gen;
    wa_agen_cm cm, cm2;
    wa_try t1;
    wa_error *err, *sent;
    char buf[32];
} tf;

/* Runs step in a task on a virtual-clock loop, the loop's reports going to
 * reports (if not NULL); returns "ok" or the error's "Type: message". */
static const char *run(wa_step_fn step, trace *t, int mode, trace *reports) {
    static char out[256];
    wa_loop *loop = test_loop();
    if (reports) wa_loop_set_exception_handler(loop, trace_exception_handler, reports);
    wa_task *task = wa_task_new(loop, step, sizeof(tf), &(tf){.t = t, .mode = mode}, NULL);
    wa_loop_run_until_complete(loop, wa_task_future(task));
    wa_error *e = NULL;
    if (wa_future_exception(wa_task_future(task), &e) == 0 && e)
        snprintf(out, sizeof out, "%s: %s", name(e), wa_error_message(e));
    else
        snprintf(out, sizeof out, "ok");
    wa_task_unref(task);
    wa_loop_free(loop);
    return out;
}

/* ---- a TaskGroup across a yield ------------------------------------------ */

typedef struct {
    wa_coro co;
    trace *t;
    wa_taskgroup tg;
    wa_agen *gen;
    wa_task *other;
    wa_error *err;
} group_frame;

static wa_status sleeper(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 1));
    WA_END(co);
}

/* Enters a group in the task of its first anext, exits it in another's. */
static wa_status group_gen(wa_coro *co) {
    group_frame *f = (group_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        if (!WA_GROUP_SPAWN(&f->tg, sleeper, group_frame)) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "spawn"));
        WA_YIELD_VALUE(co, wa_int(1));
    }
    WA_WITH_END(co);
    trace_add(f->t, "group done at %g", wa_loop_time(wa_get_running_loop()));
    WA_END(co);
}

static wa_status group_gen_second(wa_coro *co) {
    group_frame *f = (group_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_agen_next(co, f->gen), f->err);
    trace_add(f->t, "second: %s", name(f->err));
    WA_END(co);
}

static wa_status group_gen_first(wa_coro *co) {
    group_frame *f = (group_frame *)co;
    WA_BEGIN(co);
    f->gen = WA_AGEN(wa_get_running_loop(), group_gen, group_frame, .t = f->t);
    WA_AWAIT(co, wa_agen_next(co, f->gen));
    trace_add(f->t, "first %lld", (long long)co->value.as.i);
    f->other = WA_SPAWN(wa_get_running_loop(), group_gen_second, group_frame, .t = f->t, .gen = f->gen);
    WA_AWAIT(co, f->other);
    wa_task_unref(f->other);
    wa_agen_free(f->gen);
    WA_END(co);
}

/* asyncio's TaskGroup keeps the task that entered it: the exit, in the
 * other task, waits for the group's tasks all the same. */
TEST(agen_taskgroup_exits_in_another_task) {
    trace t = {{0}, 0};
    wa_loop *loop = test_loop();
    wa_task *task = wa_task_new(loop, group_gen_first, sizeof(group_frame), &(group_frame){.t = &t}, NULL);
    ASSERT_EQ(wa_loop_run_until_complete(loop, wa_task_future(task)), 0);
    ASSERT_EQ(wa_future_done(wa_task_future(task)), true);
    ASSERT_STR_EQ(t.text, "first 1|group done at 1|second: StopAsyncIteration");
    wa_task_unref(task);
    wa_loop_free(loop);
}

/* The task that entered the group ends, and is freed, before the group's
 * exit: the group keeps it, as asyncio's TaskGroup keeps _parent_task. */
static wa_status group_gen_enter_only(wa_coro *co) {
    group_frame *f = (group_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_agen_next(co, f->gen));
    trace_add(f->t, "first %lld", (long long)co->value.as.i);
    WA_END(co);
}

static wa_status group_gen_parent_gone(wa_coro *co) {
    group_frame *f = (group_frame *)co;
    WA_BEGIN(co);
    f->gen = WA_AGEN(wa_get_running_loop(), group_gen, group_frame, .t = f->t);
    f->other = WA_SPAWN(wa_get_running_loop(), group_gen_enter_only, group_frame, .t = f->t, .gen = f->gen);
    WA_AWAIT(co, f->other);
    wa_task_unref(f->other);    /* the entering task is done: nothing of ours holds it */
    f->other = WA_SPAWN(wa_get_running_loop(), group_gen_second, group_frame, .t = f->t, .gen = f->gen);
    WA_AWAIT(co, f->other);
    wa_task_unref(f->other);
    wa_agen_free(f->gen);
    WA_END(co);
}

TEST(agen_taskgroup_outlives_the_task_that_entered_it) {
    trace t = {{0}, 0};
    wa_loop *loop = test_loop();
    wa_task *task = wa_task_new(loop, group_gen_parent_gone, sizeof(group_frame), &(group_frame){.t = &t}, NULL);
    ASSERT_EQ(wa_loop_run_until_complete(loop, wa_task_future(task)), 0);
    ASSERT_EQ(wa_future_done(wa_task_future(task)), true);
    ASSERT_STR_EQ(t.text, "first 1|group done at 1|second: StopAsyncIteration");
    wa_task_unref(task);
    wa_loop_free(loop);
}

/* ---- asend ------------------------------------------------------------------ */

static int dtor_calls;
static void count_dtor(void *p) {
    (void)p;
    dtor_calls++;
}

/* Records what each resumption sends, across an await of its own. */
static wa_status echo_gen(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    for (;;) {
        WA_YIELD_VALUE(co, wa_int(f->i));
        f->i++;
        if (co->value.kind == WA_KIND_STR) {
            trace_add(f->t, "str %s", co->value.as.buf.data);
        } else if (co->value.kind == WA_KIND_PTR) {
            trace_add(f->t, "ptr dtors=%d", dtor_calls);
            WA_AWAIT(co, wa_sleep(co, 0));     /* releases the sent value: its destructor runs */
            trace_add(f->t, "after await dtors=%d", dtor_calls);
        } else {
            trace_add(f->t, "kind %d", (int)co->value.kind);
        }
    }
    WA_END(co);
}

static wa_status asend_values(wa_coro *co) {
    tf *f = (tf *)co;
    static int token;
    WA_BEGIN(co);
    f->gen = WA_AGEN(wa_get_running_loop(), echo_gen, tf, .t = f->t);
    WA_AWAIT(co, wa_agen_next(co, f->gen));
    /* a view of a buffer changed right after the call: asend copies it */
    snprintf(f->buf, sizeof f->buf, "hello");
    WA_AWAIT(co, wa_agen_asend(co, f->gen, wa_str(f->buf)));
    trace_add(f->t, "got %lld", (long long)co->value.as.i);
    dtor_calls = 0;
    WA_AWAIT(co, wa_agen_asend(co, f->gen, wa_ptr(&token, count_dtor)));
    WA_AWAIT(co, wa_agen_asend(co, f->gen, wa_bool(true)));
    WA_AWAIT(co, wa_agen_next(co, f->gen));
    trace_add(f->t, "dtors=%d", dtor_calls);
    wa_agen_free(f->gen);   /* suspended: closed in a task of its own, done before the sleep ends */
    WA_AWAIT(co, wa_sleep(co, 1));
    WA_END(co);
}

TEST(agen_asend_copies_the_value_and_releases_it_at_the_next_await) {
    trace t = {{0}, 0};
    ASSERT_STR_EQ(run(asend_values, &t, 0, NULL), "ok");
    ASSERT_STR_EQ(t.text, "str hello|got 1|ptr dtors=0|after await dtors=1|kind 1|kind 0|dtors=1");
}

static wa_status asend_misuse(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    f->gen = WA_AGEN(wa_get_running_loop(), echo_gen, tf, .t = f->t);
    WA_AWAIT_TRY(co, wa_agen_asend(co, f->gen, wa_str("too early")), f->err);
    trace_add(f->t, "%s: %s", name(f->err), wa_error_message(f->err));
    WA_AWAIT_TRY(co, wa_agen_asend(co, NULL, wa_str("x")), f->err);
    trace_add(f->t, "%s", name(f->err));
    WA_AWAIT_TRY(co, wa_agen_athrow(co, NULL, wa_error_new(WA_VALUE_ERROR, "x")), f->err);
    trace_add(f->t, "%s", name(f->err));
    WA_AWAIT_TRY(co, wa_agen_athrow(co, f->gen, NULL), f->err);
    trace_add(f->t, "%s: %s", name(f->err), wa_error_message(f->err));
    /* still unstarted: the first anext gives the first value */
    WA_AWAIT(co, wa_agen_next(co, f->gen));
    trace_add(f->t, "first %lld", (long long)co->value.as.i);
    if (wa_agen_asend(NULL, f->gen, wa_str("x")) != NULL) trace_add(f->t, "no coroutine: not NULL");
    if (wa_agen_athrow(NULL, f->gen, wa_error_new(WA_VALUE_ERROR, "x")) != NULL) trace_add(f->t, "athrow: not NULL");
    WA_AWAIT(co, wa_agen_aclose(co, f->gen));
    wa_agen_free(f->gen);
    WA_END(co);
}

TEST(agen_asend_and_athrow_misuse) {
    trace t = {{0}, 0};
    ASSERT_STR_EQ(run(asend_misuse, &t, 0, NULL), "ok");
    ASSERT_STR_EQ(t.text, "TypeError: can't send non-None value to a just-started async generator|"
                          "TypeError|TypeError|"
                          "TypeError: exceptions must be classes or instances deriving from BaseException, not NoneType|"
                          "first 0");
}

/* A library coroutine called outside an await is dropped, with what it
 * holds (the value sent, the error thrown), at the frame's next await. */
static wa_status never_awaited(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    f->gen = WA_AGEN(wa_get_running_loop(), echo_gen, tf, .t = f->t);
    (void)wa_agen_asend(co, f->gen, wa_str("dropped"));
    WA_AWAIT(co, wa_sleep(co, 0));
    (void)wa_agen_athrow(co, f->gen, wa_error_new(WA_VALUE_ERROR, "dropped"));
    WA_AWAIT(co, wa_sleep(co, 0));
    WA_AWAIT(co, wa_agen_next(co, f->gen));
    trace_add(f->t, "first %lld", (long long)co->value.as.i);
    WA_AWAIT(co, wa_agen_aclose(co, f->gen));
    wa_agen_free(f->gen);
    WA_END(co);
}

TEST(agen_asend_never_awaited_releases_what_it_holds) {
    trace t = {{0}, 0}, reports = {{0}, 0};
    ASSERT_STR_EQ(run(never_awaited, &t, 0, &reports), "ok");
    ASSERT_STR_EQ(t.text, "first 0");
    ASSERT_STR_EQ(reports.text, "coroutine 'anext_step' was never awaited|coroutine 'anext_step' was never awaited");
}

/* ---- athrow ------------------------------------------------------------------ */

/* Catches ValueError at its yield (mode 1: in an except block) and yields
 * the message's length; other errors go out. */
static wa_status catcher_gen(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    for (;;) {
        WA_TRY(co, &f->t1) {
            WA_YIELD_VALUE(co, wa_int(f->i));
        }
        WA_EXCEPT(co, &f->t1, WA_VALUE_ERROR) {
            f->i = (int)strlen(wa_error_message(f->t1.caught));
            trace_add(f->t, "caught %s context=%s", wa_error_message(f->t1.caught),
                      name(wa_error_context(f->t1.caught)));
        }
        WA_TRY_END(co, &f->t1);
    }
    WA_END(co);
}

static wa_status athrow_identity(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    f->gen = WA_AGEN(wa_get_running_loop(), catcher_gen, tf, .t = f->t);
    WA_AWAIT(co, wa_agen_next(co, f->gen));
    WA_AWAIT(co, wa_agen_athrow(co, f->gen, wa_error_new(WA_VALUE_ERROR, "four")));
    trace_add(f->t, "athrow gave %lld", (long long)co->value.as.i);
    /* thrown from an except handler: the handled error becomes its context */
    WA_TRY(co, &f->t1) {
        WA_RAISE(co, wa_error_new(WA_OS_ERROR, "handled"));
    }
    WA_EXCEPT(co, &f->t1, WA_OS_ERROR) {
        WA_AWAIT(co, wa_agen_athrow(co, f->gen, wa_error_new(WA_VALUE_ERROR, "ctx")));
    }
    WA_TRY_END(co, &f->t1);
    /* not caught: the same object comes out, and the generator is finished */
    f->sent = wa_error_new(WA_TYPE_ERROR, "through");
    WA_AWAIT_TRY(co, wa_agen_athrow(co, f->gen, wa_error_ref(f->sent)), f->err);
    trace_add(f->t, "%s same=%d", name(f->err), f->err == f->sent);
    wa_error_unref(f->sent);
    WA_AWAIT_TRY(co, wa_agen_next(co, f->gen), f->err);
    trace_add(f->t, "then %s", name(f->err));
    WA_AWAIT(co, wa_agen_athrow(co, f->gen, wa_error_new(WA_VALUE_ERROR, "late")));
    trace_add(f->t, "finished: %d", (int)co->value.kind);
    wa_agen_free(f->gen);
    WA_END(co);
}

TEST(agen_athrow_caught_context_and_identity) {
    trace t = {{0}, 0};
    ASSERT_STR_EQ(run(athrow_identity, &t, 0, NULL), "ok");
    ASSERT_STR_EQ(t.text, "caught four context=-|athrow gave 4|caught ctx context=OSError|TypeError same=1|"
                          "then StopAsyncIteration|finished: 0");
}

/* A generator that ignored GeneratorExit: athrow then raises
 * StopAsyncIteration without resuming it (CPython's ag_closed). */
static wa_status stubborn_gen(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    for (;;) {
        WA_TRY(co, &f->t1) {
            WA_YIELD_VALUE(co, wa_none());
        }
        WA_EXCEPT(co, &f->t1, WA_BASE_EXCEPTION) {
            trace_add(f->t, "gen: %s", name(f->t1.caught));
        }
        WA_TRY_END(co, &f->t1);
    }
    WA_END(co);
}

static wa_status athrow_after_ignored_close(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    f->gen = WA_AGEN(wa_get_running_loop(), stubborn_gen, tf, .t = f->t);
    WA_AWAIT(co, wa_agen_next(co, f->gen));
    WA_AWAIT_TRY(co, wa_agen_aclose(co, f->gen), f->err);
    trace_add(f->t, "aclose: %s", wa_error_message(f->err));
    WA_AWAIT_TRY(co, wa_agen_athrow(co, f->gen, wa_error_new(WA_VALUE_ERROR, "x")), f->err);
    trace_add(f->t, "athrow: %s", name(f->err));
    WA_AWAIT(co, wa_agen_asend(co, f->gen, wa_int(1)));     /* anext still resumes it */
    trace_add(f->t, "asend: ok");
    wa_agen_free(f->gen);
    WA_AWAIT(co, wa_sleep(co, 1));     /* its closing task */
    WA_END(co);
}

TEST(agen_athrow_after_an_ignored_aclose) {
    trace t = {{0}, 0}, reports = {{0}, 0};
    ASSERT_STR_EQ(run(athrow_after_ignored_close, &t, 0, &reports), "ok");
    ASSERT_STR_EQ(t.text, "gen: GeneratorExit|aclose: async generator ignored GeneratorExit|athrow: StopAsyncIteration|asend: ok|"
                          "gen: GeneratorExit");
    ASSERT_STR_EQ(reports.text, "an error occurred during closing of asynchronous generator "
                                "[RuntimeError: async generator ignored GeneratorExit]");
}

/* ---- WA_AGEN_CM ------------------------------------------------------------------ */

static wa_status resource_gen(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    trace_add(f->t, "enter");
    WA_YIELD_VALUE(co, wa_str("res"));
    trace_add(f->t, "exit");
    WA_END(co);
}

static wa_status cm_misuse(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t1) {
        WA_WITH(co, wa_agen_cm_enter(co, NULL, resource_gen, sizeof(tf), &(tf){.t = f->t})) {
            trace_add(f->t, "body: never");
        }
        WA_WITH_END(co);
    }
    WA_EXCEPT(co, &f->t1, WA_RUNTIME_ERROR) {
        trace_add(f->t, "NULL cm: %s", wa_error_message(f->t1.caught));
    }
    WA_TRY_END(co, &f->t1);
    WA_TRY(co, &f->t1) {
        WA_WITH(co, wa_agen_cm_enter(co, &f->cm, NULL, sizeof(tf), &(tf){.t = f->t})) {
            trace_add(f->t, "body: never");
        }
        WA_WITH_END(co);
    }
    WA_EXCEPT(co, &f->t1, WA_RUNTIME_ERROR) {
        trace_add(f->t, "NULL step: %s", wa_error_message(f->t1.caught));
    }
    WA_TRY_END(co, &f->t1);
    WA_TRY(co, &f->t1) {
        WA_WITH(co, WA_AGEN_CM(co, &f->cm, resource_gen, tf, .t = f->t)) {
            WA_WITH(co, WA_AGEN_CM(co, &f->cm, resource_gen, tf, .t = f->t)) {
                trace_add(f->t, "inner body: never");
            }
            WA_WITH_END(co);
        }
        WA_WITH_END(co);
    }
    WA_EXCEPT(co, &f->t1, WA_RUNTIME_ERROR) {
        trace_add(f->t, "twice: %s", wa_error_message(f->t1.caught));
    }
    WA_TRY_END(co, &f->t1);
    /* the cm is free again */
    WA_WITH(co, WA_AGEN_CM(co, &f->cm, resource_gen, tf, .t = f->t)) {
        trace_add(f->t, "body %s", co->value.as.buf.data);
    }
    WA_WITH_END(co);
    if (wa_agen_cm_enter(NULL, &f->cm, resource_gen, sizeof(tf), &(tf){.t = f->t}) != NULL) trace_add(f->t, "not NULL");
    WA_END(co);
}

TEST(agen_cm_misuse) {
    trace t = {{0}, 0};
    ASSERT_STR_EQ(run(cm_misuse, &t, 0, NULL), "ok");
    ASSERT_STR_EQ(t.text, "NULL cm: cm is NULL|"
                          "NULL step: step function is NULL|"
                          "enter|twice: the wa_agen_cm is already in use|"
                          "enter|body res|exit");
}

/* Yields again whatever is thrown in, GeneratorExit included: exit raises
 * "generator didn't stop" (after athrow()), which aclose's RuntimeError
 * replaces. */
static wa_status endless_gen(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    for (;;) {
        WA_TRY(co, &f->t1) {
            WA_YIELD_VALUE(co, wa_int(f->i++));
        }
        WA_EXCEPT(co, &f->t1, WA_BASE_EXCEPTION) {
            trace_add(f->t, "gen: ignoring %s", name(f->t1.caught));
        }
        WA_TRY_END(co, &f->t1);
    }
    WA_END(co);
}

static wa_status cm_ignores_exit(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t1) {
        WA_WITH(co, WA_AGEN_CM(co, &f->cm, endless_gen, tf, .t = f->t)) {
            trace_add(f->t, "body %lld", (long long)co->value.as.i);
            if (f->mode) WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "body"));
        }
        WA_WITH_END(co);
    }
    WA_EXCEPT(co, &f->t1, WA_RUNTIME_ERROR) {
        trace_add(f->t, "%s (context: %s)", wa_error_message(f->t1.caught),
                  wa_error_message(wa_error_context(f->t1.caught)));
    }
    WA_TRY_END(co, &f->t1);
    WA_AWAIT(co, wa_sleep(co, 1));  /* the generator's closing task */
    WA_END(co);
}

TEST(agen_cm_generator_ignoring_exit_is_freed) {
    for (int mode = 0; mode < 2; mode++) {
        trace t = {{0}, 0}, reports = {{0}, 0};
        ASSERT_STR_EQ(run(cm_ignores_exit, &t, mode, &reports), "ok");
        /* then the generator, freed by the cm, is closed again in a task (as
         * CPython's finalizer does), ignores that too, and is freed */
        ASSERT_STR_EQ(t.text, mode ? "body 0|gen: ignoring ValueError|gen: ignoring GeneratorExit|"
                                     "async generator ignored GeneratorExit (context: generator didn't stop after athrow())|"
                                     "gen: ignoring GeneratorExit"
                                   : "body 0|gen: ignoring GeneratorExit|"
                                     "async generator ignored GeneratorExit (context: generator didn't stop)|"
                                     "gen: ignoring GeneratorExit");
        ASSERT_STR_EQ(reports.text, "an error occurred during closing of asynchronous generator "
                                    "[RuntimeError: async generator ignored GeneratorExit]");
    }
}

/* ---- out of memory ------------------------------------------------------------------ */

static wa_status oom_gen(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t1) {
        WA_YIELD_VALUE(co, wa_str("first"));
        snprintf(f->buf, sizeof f->buf, "%s!", co->value.kind == WA_KIND_STR ? co->value.as.buf.data : "?");
        WA_YIELD_VALUE(co, wa_str(f->buf));
    }
    WA_EXCEPT(co, &f->t1, WA_VALUE_ERROR) {
        WA_AWAIT(co, wa_sleep(co, 0.1));
    }
    WA_TRY_END(co, &f->t1);
    WA_END(co);
}

static wa_status oom_program(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    f->gen = WA_AGEN(wa_get_running_loop(), oom_gen, tf);
    if (!f->gen) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "%s", wa_last_error()));
    WA_AWAIT_TRY(co, wa_agen_next(co, f->gen), f->err);
    WA_AWAIT_TRY(co, wa_agen_asend(co, f->gen, wa_str("sent")), f->err);
    WA_AWAIT_TRY(co, wa_agen_athrow(co, f->gen, wa_error_new(WA_VALUE_ERROR, "thrown")), f->err);
    wa_agen_free(f->gen);
    WA_TRY(co, &f->t1) {
        WA_WITH(co, WA_AGEN_CM(co, &f->cm, oom_gen, tf)) {
            WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "body"));
        }
        WA_WITH_END(co);
    }
    WA_EXCEPT(co, &f->t1, WA_EXCEPTION) {
    }
    WA_TRY_END(co, &f->t1);
    WA_WITH(co, WA_AGEN_CM(co, &f->cm2, resource_gen, tf, .t = f->t)) {
        WA_AWAIT(co, wa_sleep(co, 0));
    }
    WA_WITH_END(co);
    WA_RETURN(co, wa_int(7));
    WA_END(co);
}

TEST(agen_oom_every_allocation_fails_cleanly) {
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    trace t = {{0}, 0};
    long n;
    int completed = 0;
    for (n = 0; n < 100000; n++) {
        wa_value result;
        wa_error *err;
        t.len = 0;
        wa__fault_inject(n);
        int rc = WA_RUN(&opts, &result, &err, oom_program, tf, .t = &t);
        long counted = wa__fault_inject(-1);
        ASSERT(rc == 0 || rc == WA_EEXCEPTION || rc == WA_ENOMEM);
        if (rc == 0) {
            ASSERT_EQ(result.as.i, 7);
            completed++;
        }
        wa_value_clear(&result);
        wa_error_unref(err);
        if (counted <= n) break;
    }
    ASSERT(n > 5);
    ASSERT(completed >= 1);
}
