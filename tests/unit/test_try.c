/* test_try.c — WA_TRY / WA_EXCEPT / WA_EXCEPT_STAR / WA_ELSE / WA_FINALLY:
 * matching by type, awaits in every part, the ways out (normal end, error,
 * return, cancellation), nesting with scopes, implicit context, except*. */
#include <string.h>

#include "harness.h"

static const wa_error_type my_error = {"MyError", &wa__value_error};

/* One frame for every test coroutine: mode picks the variant. */
typedef struct {
    wa_coro co;
    trace *t;
    int mode;
    int i;
    wa_try t1, t2;
    wa_timeout tm;
    wa_taskgroup tg;
    wa_finally fin;
    wa_acm cm;
    wa_error *kept;
} tf;

static const char *name(const wa_error *e) { return e ? wa_error_type_of(e)->name : "-"; }

/* Runs step to its end; returns its error's formatted text, or "ok:N". */
static const char *run(wa_step_fn step, trace *t, int mode) {
    static char out[1024];
    wa_loop *loop = test_loop();
    wa_task *task = wa_task_new(loop, step, sizeof(tf), &(tf){.t = t, .mode = mode}, NULL);
    wa_loop_run_until_complete(loop, wa_task_future(task));
    wa_future *fut = wa_task_future(task);
    if (wa_future_cancelled(fut)) {
        snprintf(out, sizeof out, "cancelled");
    } else {
        wa_error *e = NULL;
        wa_value v = wa_none();
        if (wa_future_exception(fut, &e) == 0 && e) {
            wa_error_format(e, out, sizeof out);     /* e is borrowed */
        } else {
            wa_future_result(fut, &v);
            snprintf(out, sizeof out, "ok:%lld", (long long)(v.kind == WA_KIND_INT ? v.as.i : -1));
        }
    }
    wa_task_unref(task);
    wa_loop_free(loop);
    return out;
}

/* ---- matching, else, finally, awaits in each part ---------------------- */

static wa_status basic(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t1) {
        trace_add(f->t, "body;");
        WA_AWAIT(co, wa_sleep(co, 1));
        if (f->mode == 1) WA_RAISE(co, wa_error_new(&my_error, "m"));
        if (f->mode == 2) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "r"));
        trace_add(f->t, "body end;");
    }
    WA_EXCEPT(co, &f->t1, WA_TYPE_ERROR) {
        trace_add(f->t, "type;");
    }
    WA_EXCEPT(co, &f->t1, WA_VALUE_ERROR) {
        WA_AWAIT(co, wa_sleep(co, 1));      /* caught stays valid across awaits */
        WA_AWAIT(co, wa_sleep(co, 0));
        trace_add(f->t, "value %s:%s;", name(f->t1.caught), wa_error_message(f->t1.caught));
    }
    WA_EXCEPT(co, &f->t1, WA_EXCEPTION) {
        trace_add(f->t, "never;");      /* the first match wins */
    }
    WA_ELSE(co, &f->t1) {
        WA_AWAIT(co, wa_sleep(co, 0));
        trace_add(f->t, "else;");
    }
    WA_FINALLY(co, &f->t1) {
        WA_AWAIT(co, wa_sleep(co, 1));
        trace_add(f->t, "finally t=%g;", wa_loop_time(wa_future_loop(wa_task_future(co->task))));
    }
    WA_TRY_END(co, &f->t1);
    trace_add(f->t, "after;");
    WA_RETURN(co, wa_int(7));
    WA_END(co);
}

TEST(try_matches_first_clause_by_subclass) {
    trace t = {{0}, 0};
    ASSERT_STR_EQ(run(basic, &t, 1), "ok:7");
    ASSERT_STR_EQ(t.text, "body;|value MyError:m;|finally t=3;|after;");
}

TEST(try_without_error_runs_else_then_finally) {
    trace t = {{0}, 0};
    ASSERT_STR_EQ(run(basic, &t, 0), "ok:7");
    ASSERT_STR_EQ(t.text, "body;|body end;|else;|finally t=2;|after;");
}

TEST(try_later_clause_catches_a_base_type) {
    trace t = {{0}, 0};
    /* RuntimeError is an Exception: the third clause catches it */
    ASSERT_STR_EQ(run(basic, &t, 2), "ok:7");
    ASSERT_STR_EQ(t.text, "body;|never;|finally t=2;|after;");
}

static wa_status unmatched(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t1) {
        WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "boom"));
    }
    WA_EXCEPT(co, &f->t1, WA_VALUE_ERROR) {
        trace_add(f->t, "value;");
    }
    WA_FINALLY(co, &f->t1) {
        WA_AWAIT(co, wa_sleep(co, 0.5));
        trace_add(f->t, "finally;");
    }
    WA_TRY_END(co, &f->t1);
    trace_add(f->t, "never;");
    WA_END(co);
}

TEST(try_unmatched_goes_on_after_the_finally_block) {
    trace t = {{0}, 0};
    ASSERT_STR_EQ(run(unmatched, &t, 0), "RuntimeError: boom");
    ASSERT_STR_EQ(t.text, "finally;");
}

/* ---- return ------------------------------------------------------------- */

static wa_status returns(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t1) {
        WA_AWAIT(co, wa_sleep(co, 0));
        if (f->mode == 0) WA_RETURN(co, wa_int(1));
        WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "v"));
    }
    WA_EXCEPT(co, &f->t1, WA_VALUE_ERROR) {
        WA_AWAIT(co, wa_sleep(co, 0));
        if (f->mode == 1) WA_RETURN(co, wa_int(2));
        trace_add(f->t, "handler end;");
    }
    WA_FINALLY(co, &f->t1) {
        trace_add(f->t, "finally;");
        WA_AWAIT(co, wa_sleep(co, 0));
        if (f->mode == 2) WA_RETURN(co, wa_int(3));     /* replaces the outcome */
        if (f->mode == 3) WA_RAISE(co, wa_error_new(WA_TYPE_ERROR, "from finally"));
    }
    WA_TRY_END(co, &f->t1);
    WA_RETURN(co, wa_int(4));
    WA_END(co);
}

TEST(try_return_runs_finally) {
    trace t = {{0}, 0};
    ASSERT_STR_EQ(run(returns, &t, 0), "ok:1");
    ASSERT_STR_EQ(t.text, "finally;");
    t = (trace){{0}, 0};
    ASSERT_STR_EQ(run(returns, &t, 1), "ok:2");
    ASSERT_STR_EQ(t.text, "finally;");
    t = (trace){{0}, 0};
    ASSERT_STR_EQ(run(returns, &t, 2), "ok:3");
    ASSERT_STR_EQ(t.text, "handler end;|finally;");
    t = (trace){{0}, 0};
    ASSERT_STR_EQ(run(returns, &t, 3), "TypeError: from finally");     /* no context: nothing pending */
}

/* ---- cancellation ------------------------------------------------------- */

static wa_status cancelled(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    wa_task_cancel(co->task, "stop");   /* delivered at the next await */
    WA_TRY(co, &f->t1) {
        WA_AWAIT(co, wa_sleep(co, 10));
        trace_add(f->t, "never;");
    }
    WA_EXCEPT(co, &f->t1, WA_EXCEPTION) {
        trace_add(f->t, "not an Exception;");
    }
    WA_EXCEPT(co, &f->t1, WA_CANCELLED_ERROR) {
        if (f->mode == 0) WA_RERAISE(co, &f->t1);
        trace_add(f->t, "swallowed %s;", wa_error_message(f->t1.caught));
    }
    WA_FINALLY(co, &f->t1) {
        WA_AWAIT(co, wa_sleep(co, 1));      /* the cancel was delivered: awaits work */
        trace_add(f->t, "finally;");
    }
    WA_TRY_END(co, &f->t1);
    WA_RETURN(co, wa_int(5));
    WA_END(co);
}

TEST(try_cancellation_runs_finally_and_goes_on) {
    trace t = {{0}, 0};
    ASSERT_STR_EQ(run(cancelled, &t, 0), "cancelled");
    ASSERT_STR_EQ(t.text, "finally;");
    t = (trace){{0}, 0};
    ASSERT_STR_EQ(run(cancelled, &t, 1), "ok:5");
    ASSERT_STR_EQ(t.text, "swallowed stop;|finally;");
}

/* ---- context, re-raise, raise from ------------------------------------ */

typedef struct {
    wa_coro co;
    int mode;
} thrower;

static wa_status throw_step(wa_coro *co) {
    thrower *f = (thrower *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0));
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "child %d", f->mode));
    WA_END(co);
}

static wa_status chains(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t1) {
        WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "first"));
    }
    WA_EXCEPT(co, &f->t1, WA_VALUE_ERROR) {
        WA_AWAIT(co, wa_sleep(co, 0));
        if (f->mode == 0) WA_RERAISE(co, &f->t1);
        if (f->mode == 1) WA_RAISE(co, wa_error_new(WA_TYPE_ERROR, "second"));
        if (f->mode == 2) WA_RAISE_FROM(co, wa_error_new(WA_TYPE_ERROR, "second"), wa_error_ref(f->t1.caught));
        if (f->mode == 3) WA_RAISE_FROM(co, wa_error_new(WA_TYPE_ERROR, "second"), NULL);
        if (f->mode == 4) WA_AWAIT_CALL(co, throw_step, thrower, .mode = 4);   /* inline: inherits the handled error */
        /* an inner try inside the handler: what it catches also had the context */
        WA_TRY(co, &f->t2) {
            WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "inner"));
        }
        WA_EXCEPT(co, &f->t2, WA_RUNTIME_ERROR) {
            f->kept = wa_error_ref(f->t2.caught);
        }
        WA_TRY_END(co, &f->t2);
        trace_add(f->t, "inner context %s:%s;", name(wa_error_context(f->kept)),
                  wa_error_message(wa_error_context(f->kept)));
        wa_error_unref(f->kept);
        f->kept = NULL;
        WA_RAISE(co, wa_error_new(WA_TYPE_ERROR, "last"));
    }
    WA_TRY_END(co, &f->t1);
    WA_END(co);
}

TEST(try_reraise_context_and_cause) {
    trace t = {{0}, 0};
    ASSERT_STR_EQ(run(chains, &t, 0), "ValueError: first");
    ASSERT_STR_EQ(run(chains, &t, 1),
                  "ValueError: first\nDuring handling of the above exception, another exception occurred:\n\n"
                  "TypeError: second");
    ASSERT_STR_EQ(run(chains, &t, 2),
                  "ValueError: first\nThe above exception was the direct cause of the following exception:\n\n"
                  "TypeError: second");
    ASSERT_STR_EQ(run(chains, &t, 3), "TypeError: second");     /* from None */
    ASSERT_STR_EQ(run(chains, &t, 4),
                  "ValueError: first\nDuring handling of the above exception, another exception occurred:\n\n"
                  "ValueError: child 4");
    ASSERT_STR_EQ(t.text, "");
    ASSERT_STR_EQ(run(chains, &t, 5),
                  "ValueError: first\nDuring handling of the above exception, another exception occurred:\n\n"
                  "TypeError: last");
    ASSERT_STR_EQ(t.text, "inner context ValueError:first;");
}

static wa_status finally_chains(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t1) {
        WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "pending"));
    }
    WA_FINALLY(co, &f->t1) {
        WA_AWAIT(co, wa_sleep(co, 0));
        if (f->mode == 0) WA_RAISE(co, wa_error_new(WA_TYPE_ERROR, "in finally"));
        if (f->mode == 1) WA_RETURN(co, wa_int(9));     /* swallows the pending error */
    }
    WA_TRY_END(co, &f->t1);
    WA_END(co);
}

TEST(try_finally_outcome_replaces_the_pending_one) {
    trace t = {{0}, 0};
    ASSERT_STR_EQ(run(finally_chains, &t, 0),
                  "ValueError: pending\nDuring handling of the above exception, another exception occurred:\n\n"
                  "TypeError: in finally");
    ASSERT_STR_EQ(run(finally_chains, &t, 1), "ok:9");
    ASSERT_STR_EQ(run(finally_chains, &t, 2), "ValueError: pending");
}

/* ---- nesting with scopes ------------------------------------------------ */

static void on_finally(void *arg) { trace_add(arg, "wa_finally;"); }

static wa_status nested(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t1) {
        /* async with timeout inside try: the TimeoutError reaches the clause */
        WA_WITH(co, wa_timeout_enter(co, &f->tm, 1)) {
            WA_AWAIT(co, wa_sleep(co, 5));
        }
        WA_WITH_END(co);
    }
    WA_EXCEPT(co, &f->t1, WA_TIMEOUT_ERROR) {
        trace_add(f->t, "timeout cause %s;", name(wa_error_cause(f->t1.caught)));
        /* WA_WITH and a try inside the handler */
        WA_WITH(co, wa_finally_enter(&f->fin, on_finally, f->t)) {
            WA_TRY(co, &f->t2) {
                WA_AWAIT(co, wa_sleep(co, 0));
                WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "deep"));
            }
            WA_FINALLY(co, &f->t2) {
                trace_add(f->t, "inner finally;");
            }
            WA_TRY_END(co, &f->t2);
        }
        WA_WITH_END(co);
    }
    WA_FINALLY(co, &f->t1) {
        /* a try inside the finally block */
        WA_TRY(co, &f->t2) {
            WA_AWAIT(co, wa_sleep(co, 0));
            trace_add(f->t, "try in finally;");
            WA_RAISE(co, wa_error_new(WA_TYPE_ERROR, "swallowed"));
        }
        WA_EXCEPT(co, &f->t2, WA_TYPE_ERROR) {
            trace_add(f->t, "caught %s in finally;", wa_error_message(f->t2.caught));
        }
        WA_TRY_END(co, &f->t2);
    }
    WA_TRY_END(co, &f->t1);
    WA_END(co);
}

TEST(try_nests_with_scopes_and_tries) {
    trace t = {{0}, 0};
    ASSERT_STR_EQ(run(nested, &t, 0),
                  "CancelledError\nThe above exception was the direct cause of the following exception:\n\n"
                  "TimeoutError\nDuring handling of the above exception, another exception occurred:\n\n"
                  "ValueError: deep");
    ASSERT_STR_EQ(t.text, "timeout cause CancelledError;|inner finally;|wa_finally;|try in finally;|caught swallowed in finally;");
}

/* a try inside WA_WITH: the error it lets through reaches the scope's exit */
static wa_status try_in_with(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_finally_enter(&f->fin, on_finally, f->t)) {
        WA_TRY(co, &f->t1) {
            WA_AWAIT(co, wa_sleep(co, 0));
            WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "out"));
        }
        WA_EXCEPT(co, &f->t1, WA_TYPE_ERROR) {
            trace_add(f->t, "never;");
        }
        WA_TRY_END(co, &f->t1);
    }
    WA_WITH_END(co);
    WA_END(co);
}

TEST(try_inside_with_lets_errors_through) {
    trace t = {{0}, 0};
    ASSERT_STR_EQ(run(try_in_with, &t, 0), "ValueError: out");
    ASSERT_STR_EQ(t.text, "wa_finally;");
}

/* reused in a loop, and an error from an inline child caught */
static wa_status looped(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < 3; f->i++) {
        WA_TRY(co, &f->t1) {
            if (f->i == 1) WA_AWAIT_CALL(co, throw_step, thrower, .mode = f->i);
            WA_AWAIT(co, wa_sleep(co, 0));
        }
        WA_EXCEPT(co, &f->t1, WA_VALUE_ERROR) {
            trace_add(f->t, "%s;", wa_error_message(f->t1.caught));
        }
        WA_ELSE(co, &f->t1) {
            trace_add(f->t, "else %d;", f->i);
        }
        WA_TRY_END(co, &f->t1);
    }
    WA_RETURN(co, wa_int(f->i));
    WA_END(co);
}

TEST(try_reused_in_a_loop) {
    trace t = {{0}, 0};
    ASSERT_STR_EQ(run(looped, &t, 0), "ok:3");
    ASSERT_STR_EQ(t.text, "else 0;|child 1;|else 2;");
}

/* ---- except* ------------------------------------------------------------ */

typedef struct {
    wa_coro co;
    const wa_error_type *type;
    const char *msg;
} failer;

static wa_status fail_step(wa_coro *co) {
    failer *f = (failer *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0));
    WA_RAISE(co, wa_error_new(f->type, "%s", f->msg));
    WA_END(co);
}

static void list(trace *t, const char *what, const wa_error *eg) {
    char buf[256] = "";
    for (size_t i = 0; i < wa_error_group_size(eg); i++) {
        if (i) strncat(buf, ",", sizeof buf - strlen(buf) - 1);
        strncat(buf, wa_error_message(wa_error_group_child(eg, i)), sizeof buf - strlen(buf) - 1);
    }
    trace_add(t, "%s %s(%s)[%s];", what, name(eg), wa_error_message(eg), buf);
}

static wa_status star(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t1) {
        if (f->mode == 4) WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "naked"));
        if (f->mode == 5) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "naked"));
        /* a TaskGroup's ExceptionGroup, caught with no helper coroutine */
        WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
            WA_GROUP_SPAWN(&f->tg, fail_step, failer, .type = WA_VALUE_ERROR, .msg = "v1");
            WA_GROUP_SPAWN(&f->tg, fail_step, failer, .type = WA_TYPE_ERROR, .msg = "t1");
            WA_GROUP_SPAWN(&f->tg, fail_step, failer, .type = WA_RUNTIME_ERROR, .msg = "r1");
            WA_GROUP_SPAWN(&f->tg, fail_step, failer, .type = &my_error, .msg = "m1");
        }
        WA_WITH_END(co);
    }
    WA_EXCEPT_STAR(co, &f->t1, WA_VALUE_ERROR) {
        WA_AWAIT(co, wa_sleep(co, 0));
        list(f->t, "value", f->t1.caught);
        if (f->mode == 1 || f->mode == 4) WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "new"));
        if (f->mode == 2) WA_RERAISE(co, &f->t1);
    }
    WA_EXCEPT_STAR(co, &f->t1, WA_TYPE_ERROR) {
        list(f->t, "type", f->t1.caught);
        if (f->mode == 3) WA_RETURN(co, wa_int(1));
    }
    WA_EXCEPT_STAR(co, &f->t1, WA_RUNTIME_ERROR) {
        list(f->t, "runtime", f->t1.caught);
        if (f->mode == 1) WA_RAISE(co, wa_error_new(WA_TYPE_ERROR, "newer"));
        if (f->mode == 5) WA_RERAISE(co, &f->t1);
    }
    WA_FINALLY(co, &f->t1) {
        trace_add(f->t, "finally;");
    }
    WA_TRY_END(co, &f->t1);
    WA_RETURN(co, wa_int(0));
    WA_END(co);
}

TEST(try_except_star_splits_a_group) {
    trace t = {{0}, 0};
    /* the ValueErrors (MyError among them) go to the first clause, the
     * rest on; everything handled: nothing raised */
    ASSERT_STR_EQ(run(star, &t, 0), "ok:0");
    ASSERT_STR_EQ(t.text, "value ExceptionGroup(unhandled errors in a TaskGroup)[v1,m1];|"
                          "type ExceptionGroup(unhandled errors in a TaskGroup)[t1];|"
                          "runtime ExceptionGroup(unhandled errors in a TaskGroup)[r1];|finally;");
}

TEST(try_except_star_raised_and_reraised) {
    trace t = {{0}, 0};
    /* what handlers raised, beside each other in ExceptionGroup("", ...),
     * each with the part its handler handled as its context */
    const char *out = run(star, &t, 1);
    ASSERT(strncmp(out, "ExceptionGroup:  (2 sub-exceptions)\n", 36) == 0);
    ASSERT_CONTAINS(out, "ValueError: v1\n    MyError: m1\nDuring handling of the above exception, another exception "
                         "occurred:\n\nValueError: new\n");
    ASSERT_CONTAINS(out, "RuntimeError: r1\nDuring handling of the above exception, another exception "
                         "occurred:\n\nTypeError: newer");
    t = (trace){{0}, 0};
    /* the re-raised part keeps the group's message and order */
    ASSERT_STR_EQ(run(star, &t, 2), "ExceptionGroup: unhandled errors in a TaskGroup (2 sub-exceptions)\n"
                                    "  ValueError: v1\n  MyError: m1");
    t = (trace){{0}, 0};
    ASSERT_CONTAINS(run(star, &t, 3), "RuntimeError: WA_RETURN in a WA_EXCEPT_STAR handler");
}

TEST(try_except_star_naked_error) {
    trace t = {{0}, 0};
    /* a naked error is matched as ExceptionGroup("", [e]) */
    ASSERT_STR_EQ(run(star, &t, 4), "ExceptionGroup:  (1 sub-exception)\n  ValueError: naked\n"
                                    "During handling of the above exception, another exception occurred:\n\n"
                                    "ValueError: new");
    ASSERT_STR_EQ(t.text, "value ExceptionGroup()[naked];|finally;");
    t = (trace){{0}, 0};
    ASSERT_STR_EQ(run(star, &t, 5), "ExceptionGroup:  (1 sub-exception)\n  RuntimeError: naked");
}

/* ---- misuse ------------------------------------------------------------- */

static wa_status reentered(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < 2; f->i++) {
        WA_TRY(co, &f->t1) {
            if (f->i == 0) continue;    /* breaks the rules: leaves the try open */
        }
        WA_TRY_END(co, &f->t1);
    }
    WA_END(co);
}

TEST(try_entered_again_raises) {
    trace t = {{0}, 0};
    ASSERT_CONTAINS(run(reentered, &t, 0), "RuntimeError: WA_TRY entered again before its WA_TRY_END");
}

/* ---- async with over two coroutines (wa_acm) ---------------------------- */

static wa_status acm_enter_step(wa_coro *co) {
    wa_acm_frame *f = (wa_acm_frame *)co;
    tf *owner = f->arg;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 1));
    trace_add(owner->t, "aenter;");
    if (owner->mode == 3) WA_RAISE(co, wa_error_new(WA_OS_ERROR, "enter"));
    WA_RETURN(co, wa_int(40 + owner->mode));
    WA_END(co);
}

static wa_status acm_exit_step(wa_coro *co) {
    wa_acm_frame *f = (wa_acm_frame *)co;
    tf *owner = f->arg;
    WA_BEGIN(co);
    trace_add(owner->t, "aexit %s;", name(f->exc));
    WA_AWAIT(co, wa_sleep(co, 1));
    if (owner->mode == 1) WA_RAISE(co, wa_error_new(WA_TYPE_ERROR, "exit"));
    WA_RETURN(co, wa_bool(owner->mode == 2));
    WA_END(co);
}

static wa_status acm_user(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_acm_enter(co, f->mode == 4 ? NULL : &f->cm, acm_enter_step, acm_exit_step, f)) {
        trace_add(f->t, "body %lld;", (long long)co->value.as.i);
        WA_AWAIT(co, wa_sleep(co, 0));
        WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "body"));
    }
    WA_WITH_END(co);
    WA_RETURN(co, wa_int(1));
    WA_END(co);
}

TEST(try_acm_enter_awaits_exit_decides) {
    trace t = {{0}, 0};
    ASSERT_STR_EQ(run(acm_user, &t, 0), "ValueError: body");
    ASSERT_STR_EQ(t.text, "aenter;|body 40;|aexit ValueError;");
    t = (trace){{0}, 0};
    /* an error in __aexit__ replaces the body's, which is its context */
    ASSERT_STR_EQ(run(acm_user, &t, 1), "ValueError: body\nDuring handling of the above exception, another "
                                        "exception occurred:\n\nTypeError: exit");
    t = (trace){{0}, 0};
    ASSERT_STR_EQ(run(acm_user, &t, 2), "ok:1");    /* swallowed */
    t = (trace){{0}, 0};
    ASSERT_STR_EQ(run(acm_user, &t, 3), "OSError: enter");
    ASSERT_STR_EQ(t.text, "aenter;");    /* neither body nor __aexit__ */
    ASSERT_CONTAINS(run(acm_user, &t, 4), "RuntimeError: cm is NULL");
}

/* Handling B, then A raised while handling B, then B raised again while
 * handling A: B's context becomes A and A's (B) is cut, as Python does, so
 * no reference cycle leaks (ASan and valgrind would say). */
static wa_status cycle(wa_coro *co) {
    tf *f = (tf *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t1) {
        WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "B"));
    }
    WA_EXCEPT(co, &f->t1, WA_VALUE_ERROR) {
        f->kept = wa_error_ref(f->t1.caught);
        WA_TRY(co, &f->t2) {
            WA_RAISE(co, wa_error_new(WA_TYPE_ERROR, "A"));
        }
        WA_EXCEPT(co, &f->t2, WA_TYPE_ERROR) {
            trace_add(f->t, "A context %s;", wa_error_message(wa_error_context(f->t2.caught)));
            wa_error *b = f->kept;
            f->kept = NULL;
            WA_RAISE(co, b);
        }
        WA_TRY_END(co, &f->t2);
    }
    WA_TRY_END(co, &f->t1);
    WA_END(co);
}

TEST(try_context_never_cycles) {
    trace t = {{0}, 0};
    ASSERT_STR_EQ(run(cycle, &t, 0), "TypeError: A\nDuring handling of the above exception, another exception "
                                     "occurred:\n\nValueError: B");
    ASSERT_STR_EQ(t.text, "A context B;");
}
