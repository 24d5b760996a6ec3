/*
 * scope.c — `async with` for stackless frames.
 *
 * WA_WITH pushes the scope on the frame's list and places a resume label
 * right before the body, which sits in an `if` that is true only while the
 * scope is in its body.  When the body ends by an error or a return, the
 * task's runner (task.c, run_frames) hands the outcome to the innermost
 * open scope and resumes the frame at that label: the body is skipped and
 * control reaches WA_WITH_END, which runs the exit.  That is try/finally
 * without a stack: one label per scope, the outcome parked in the scope.
 */
#include <stdlib.h>

#include "task-int.h"

enum { SCOPE_IDLE, SCOPE_BODY, SCOPE_EXITING, SCOPE_ENTERING, SCOPE_ENTER_FAILED };

/* An enter that awaits sets s->entering: wa_acm's does, and so may a
 * program's own scope.  The npm package's default runtime runs no C but
 * the library's and its bridge's, none of whose enters awaits: its build
 * (wasm/js.cmake) leaves acm.c out and defines WA__NO_AWAITING_ENTER, and
 * its scopes skip the wait's code, and the check that a program's own
 * scope has an exit (the library's all have). */
#ifdef WA__NO_AWAITING_ENTER
#define AWAITING_ENTER 0
#else
#define AWAITING_ENTER 1
#endif
#define PROGRAM_SCOPES AWAITING_ENTER

int wa__scope_push(wa_coro *co, wa_scope *s, int label) {
    /* A scope with no exit would never be left: Python's TypeError for an
     * object without __aexit__ (and the library's own blocks with no exit,
     * keeps, are never entered). */
    if (PROGRAM_SCOPES && s && (!s->ops || !s->ops->exit)) {
        wa__misuse_as(WA_TYPE_ERROR, WA_EINVAL, "WA_WITH",
                      "scope object does not support the asynchronous context manager protocol "
                      "(missed __aexit__ method)");
        wa_error_unref(co->task->fut.error);
        co->task->fut.error = wa__misuse_error_as(WA_TYPE_ERROR);
        return WA_STATUS_RAISE;
    }
    if (!s) {
        /* the enter failed and arranged its error, as a factory does */
        wa_task *t = co->task;
        wa_error_unref(t->fut.error);
        t->fut.error = t->fut.await_error ? t->fut.await_error : wa__misuse_error_as(WA_RUNTIME_ERROR);
        t->fut.await_error = NULL;
        return WA_STATUS_RAISE;
    }
    wa_future *wait = AWAITING_ENTER ? s->entering : NULL;
    s->outer = co->scopes;
    s->label = label;
    s->state = SCOPE_BODY;
    s->returning = false;
    s->waiting = false;
    s->error = NULL;    /* entering's word: taken above */
    s->ret = wa_none();
    co->scopes = s;
    if (wait) {
        /* a coroutine __aenter__: the body waits for it (wa__scope_in_body) */
        s->state = SCOPE_ENTERING;
        co->resume = label;
        wa_status st = wa__await(co, wait);
        if (st != WA_STATUS_RETURN) return (int)st;
    }
    return -1;
}

bool wa__scope_in_body(wa_coro *co) {
    wa_scope *s = co->scopes;
    if (AWAITING_ENTER && s && s->state == SCOPE_ENTERING) {
        wa_error *err;
        wa__resumed(co, true, &err);    /* co->value: the enter's result */
        if (err) {
            /* __aenter__ raised: no body, no __aexit__; WA_WITH_END raises it */
            s->state = SCOPE_ENTER_FAILED;
            s->error = err;
            co->task->fut.error = NULL;
            return false;
        }
        s->state = SCOPE_BODY;
    }
    return s && s->state == SCOPE_BODY;
}

int wa__scope_unwind(wa_coro *co, wa_status st) {
    wa_scope *s = co->scopes;
    if (!wa__scope_open(co)) return 0;      /* the keeps go with the frame */
    const wa__try_hooks *h = wa__try_hooks_of(co);
    if (h && s->ops == h->ops) return h->unwind(co, s, st);
    if (s->state != SCOPE_BODY) {
        /* the frame ended with the scope exiting: WA_WITH without WA_WITH_END */
        wa_scope *outer = s->outer;
        s->outer = NULL;
        wa__scopes_drop(co);    /* just s */
        co->scopes = outer;
        wa_error_unref(co->task->fut.error);
        co->task->fut.error = wa_error_new(WA_RUNTIME_ERROR, "WA_WITH without WA_WITH_END");
        return -1;
    }
    s->state = SCOPE_EXITING;
    if (st == WA_STATUS_RAISE) {
        s->error = co->task->fut.error;
        co->task->fut.error = NULL;
    } else {
        s->returning = true;
        s->ret = *wa__owned(co);
        *wa__owned(co) = wa_none();
    }
    co->resume = s->label;
    return 1;
}

bool wa__scope_exit(wa_coro *co, wa_status *st) {
    wa_scope *s = co->scopes;
    if (!wa__scope_open(co)) {
        co->task->fut.error = wa_error_new(WA_RUNTIME_ERROR, "WA_WITH_END without WA_WITH");
        *st = WA_STATUS_RAISE;
        return true;
    }
    if (AWAITING_ENTER && s->state == SCOPE_ENTER_FAILED) goto exited;
    s->state = SCOPE_EXITING;
    for (;;) {
        wa_error *resumed = NULL;
        if (s->waiting) {
            s->waiting = false;
            wa__resumed(co, true, &resumed);    /* owned by co until the next await */
        }
        wa_future *wait = s->ops->exit(co, s, resumed);
        if (!wait) break;
        s->waiting = true;
        wa_status w = wa__await(co, wait);
        if (w != WA_STATUS_RETURN) {
            *st = w;
            return true;
        }
    }
exited:
    co->scopes = s->outer;
    s->state = SCOPE_IDLE;
    if (s->error) {
        wa_value_clear(&s->ret);
        wa_error_unref(co->task->fut.error);
        co->task->fut.error = s->error;
        s->error = NULL;
        *st = WA_STATUS_RAISE;
        return true;
    }
    if (s->returning) {
        wa__value_release(wa__owned(co));
        *wa__owned(co) = s->ret;
        s->ret = wa_none();
        *st = WA_STATUS_RETURN;
        return true;
    }
    /* going on after the scope: what the exit's awaits left behind is not
     * the body's outcome */
    wa_error_unref(co->task->fut.error);
    co->task->fut.error = NULL;
    return false;
}

void wa__scopes_drop(wa_coro *co) {
    while (co->scopes) {
        wa_scope *s = co->scopes;
        co->scopes = s->outer;
        if (!wa__scope_is_keep(s)) {    /* a keep block may have no more of a scope than ops and outer */
            s->state = SCOPE_IDLE;
            if (s->error) {
                wa_error_unref(s->error);
                s->error = NULL;
            }
            wa__value_release(&s->ret);
        }
        if (s->ops->drop) s->ops->drop(s);      /* last: the keeps' drop frees s */
    }
}

/* ---- holding references for the life of a library frame ----------------- */

void wa__hold_release(wa__hold *h) {
    for (size_t i = 0; i < h->n; i++) wa_future_unref(h->futs[i]);
    free(h->futs);
    wa_future_unref(h->one);
    wa_value_clear(&h->value);
    h->futs = NULL;
    h->n = 0;
    h->one = NULL;
}

static wa_future *hold_exit(wa_coro *co, wa_scope *s, wa_error *resumed) {
    (void)co;
    (void)resumed;
    wa__hold_release((wa__hold *)s);
    return NULL;
}

static void hold_drop(wa_scope *s) { wa__hold_release((wa__hold *)s); }

static const wa_scope_ops hold_ops = {hold_exit, hold_drop};

wa_scope *wa__hold_scope(wa__hold *h) {
    h->scope.ops = &hold_ops;
    return &h->scope;
}

/* ---- finally ------------------------------------------------------------------ */

static wa_future *finally_exit(wa_coro *co, wa_scope *s, wa_error *resumed) {
    (void)co;
    (void)resumed;
    wa_finally *f = (wa_finally *)s;
    f->fn(f->arg);
    return NULL;
}

static void finally_drop(wa_scope *s) { (void)s; }

static const wa_scope_ops finally_ops = {finally_exit, finally_drop};

wa_scope *wa_finally_enter(wa_finally *s, void (*fn)(void *arg), void *arg) {
    if (!s || !fn) {
        wa__misuse(WA_EINVAL, __func__, s ? "fn is NULL" : "scope is NULL");
        return NULL;
    }
    s->scope.ops = &finally_ops;
    s->fn = fn;
    s->arg = arg;
    return &s->scope;
}
