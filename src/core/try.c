/*
 * try.c — try / except / finally for stackless frames.
 *
 * A wa_try is a scope (scope.c) that never leaves its body state, so every
 * error or WA_RETURN that ends a part of the statement (body, handler, else,
 * finally) comes back here through wa__scope_unwind and the frame resumes
 * at WA_TRY's label.  The phase says which part ended and what is pending;
 * the clause macros after the label are plain tests of it, so the parts
 * that follow run in order, each exactly once.
 *
 * Python's implicit chaining needs to know what a frame is handling: that is
 * the innermost try of the frame, or of the frames that awaited it inline,
 * running a handler (the caught error) or a finally block with an error
 * pending, or an async context manager exiting with an error
 * (wa__try_handled).
 */
#include <stdlib.h>

#include "task-int.h"

enum {
    TRY_BODY,       /* the body runs */
    TRY_MATCH,      /* the body raised scope.error: the except clauses test it */
    TRY_HANDLER,    /* an except handler runs with caught */
    TRY_STAR,       /* except* clauses: star_rest left, a handler may run with caught */
    TRY_ELSE,       /* the else block runs */
    TRY_OK,         /* nothing pending, finally not run yet */
    TRY_PENDING,    /* scope.error or scope.ret pending, finally not run yet */
    TRY_FINALLY,    /* the finally block runs */
    TRY_DONE        /* the finally block ran (or ended by an outcome of its own) */
};

/* scope.c's states: a try stays in SCOPE_BODY from WA_TRY to WA_TRY_END */
enum { SCOPE_IDLE, SCOPE_BODY };

static wa_future *try_exit(wa_coro *co, wa_scope *s, wa_error *resumed) {
    (void)co;
    (void)s;
    (void)resumed;
    return NULL;    /* never called: unwinding a try goes to try_unwind */
}

static void star_clear(wa_try *t) {
    for (uint32_t i = 0; i < t->star_nraised + t->star_nkept; i++) wa_error_unref(t->star_errs[i]);
    free(t->star_errs);
    t->star_errs = NULL;
    t->star_nraised = t->star_nkept = t->star_cap = 0;
    wa_error_unref(t->star_orig);
    wa_error_unref(t->star_rest);
    t->star_orig = t->star_rest = NULL;
}

static void try_drop(wa_scope *s) {
    wa_try *t = (wa_try *)s;
    wa_error_unref(t->caught);
    t->caught = NULL;
    star_clear(t);
}

static const wa_scope_ops try_ops = {try_exit, try_drop};

/* Releases the outcome pending in t. */
static void drop_outcome(wa_try *t) {
    wa_error_unref(t->scope.error);
    t->scope.error = NULL;
    wa_value_clear(&t->scope.ret);
    t->scope.returning = false;
}

wa_error *wa__try_handled(const wa_coro *co) {
    for (; co; co = co->caller)
        for (const wa_scope *s = co->scopes; s; s = s->outer) {
            if (s->ops == &wa__acm_ops && s->error) return s->error;    /* in __aexit__ */
            if (s->ops != &try_ops) continue;
            const wa_try *t = (const wa_try *)s;
            if (t->caught && (t->phase == TRY_HANDLER || t->phase == TRY_STAR)) return t->caught;
            if (t->phase == TRY_FINALLY && s->error) return s->error;
        }
    return NULL;
}

/* The error raised in co's frame now: Python's raise sets its context. */
static void chain_context(wa_coro *co, wa_error *e) {
    wa_error *handled = wa__try_handled(co);
    if (handled) wa__error_set_context(e, handled);
}

int wa__try_push(wa_coro *co, wa_try *t, int label) {
    if (!t || t->scope.state != SCOPE_IDLE) {
        wa_error_unref(co->task->fut.error);
        co->task->fut.error = wa_error_new(WA_RUNTIME_ERROR, t ? "WA_TRY entered again before its WA_TRY_END" : "WA_TRY with a NULL wa_try");
        return 1;
    }
    t->scope.ops = &try_ops;
    if (co->task) co->task->fut.loop->try_hooks = &wa__try_hooks_table;
    t->scope.outer = co->scopes;
    t->scope.label = label;
    t->scope.state = SCOPE_BODY;
    t->scope.returning = false;
    t->scope.waiting = false;
    t->scope.error = NULL;
    t->scope.ret = wa_none();
    t->caught = NULL;
    t->star_orig = t->star_rest = NULL;
    t->star_errs = NULL;
    t->star_nraised = t->star_nkept = t->star_cap = 0;
    t->clause = 0;
    t->phase = TRY_BODY;
    co->scopes = &t->scope;
    return 0;
}

bool wa__try_body(const wa_try *t) { return t->phase == TRY_BODY; }

bool wa__try_except(wa_coro *co, wa_try *t, const wa_error_type *type) {
    (void)co;
    if (t->phase != TRY_MATCH || !wa_error_is(t->scope.error, type)) return false;
    t->caught = t->scope.error;
    t->scope.error = NULL;
    t->phase = TRY_HANDLER;
    return true;
}

static void star_push(wa_try *t, wa_error *take, bool kept) {
    if (t->star_nraised + t->star_nkept == t->star_cap) {
        uint32_t cap = t->star_cap ? 2 * t->star_cap : 4;
        wa_error **errs = realloc(t->star_errs, cap * sizeof *errs);
        if (!errs) {
            /* out of memory: this one is lost, the rest still goes on */
            wa_error_unref(take);
            return;
        }
        t->star_errs = errs;
        t->star_cap = cap;
    }
    if (kept) {
        t->star_errs[t->star_nraised + t->star_nkept++] = take;
    } else {
        /* raised ones first: move the first kept one to the end */
        uint32_t at = t->star_nraised++;
        if (t->star_nkept) t->star_errs[at + t->star_nkept] = t->star_errs[at];
        t->star_errs[at] = take;
    }
}

/* The handler that ran to its end handled its part. */
static void end_handler(wa_try *t) {
    wa_error_unref(t->caught);
    t->caught = NULL;
}

bool wa__try_except_star(wa_coro *co, wa_try *t, const wa_error_type *type, int line) {
    (void)co;
    if (t->phase == TRY_MATCH) {
        /* the first except* clause: a naked error is matched as a group of one */
        t->phase = TRY_STAR;
        t->star_orig = t->scope.error;
        t->scope.error = NULL;
        if (wa_error_is_group(t->star_orig)) {
            t->star_rest = wa_error_ref(t->star_orig);
        } else {
            wa_error *one = wa_error_ref(t->star_orig);
            t->star_rest = wa_error_group_new("", &one, 1);
        }
    }
    if (t->phase != TRY_STAR) return false;
    end_handler(t);
    if (line <= t->clause || !t->star_rest) return false;
    t->clause = line;
    wa_error *match = NULL, *rest = NULL;
    if (wa_error_split(t->star_rest, type, &match, &rest)) return false;   /* out of memory: no match */
    wa_error_unref(t->star_rest);
    t->star_rest = rest;
    t->caught = match;
    return match != NULL;
}

/* After the last except* clause: CPython's _PyExc_PrepReraiseStar. */
static void star_finish(wa_try *t) {
    end_handler(t);
    wa_error *out = NULL;
    uint32_t nraised = t->star_nraised, nkept = t->star_nkept;
    if (!wa_error_is_group(t->star_orig)) {
        /* a naked error: one clause at most ran */
        if (nraised) out = wa_error_ref(t->star_errs[0]);
        else if (nkept) out = wa_error_ref(t->star_errs[0]);
        else if (t->star_rest) out = wa_error_ref(t->star_orig);
    } else {
        wa_error *kept = NULL;
        if (nkept || t->star_rest) {
            star_push(t, wa_error_ref(t->star_rest), true);
            kept = wa__error_project(t->star_orig, t->star_errs + t->star_nraised, t->star_nkept);
        }
        if (!nraised) {
            out = kept;
        } else if (!kept && nraised == 1) {
            out = wa_error_ref(t->star_errs[0]);
        } else {
            wa_error **all = malloc((nraised + 1) * sizeof *all);
            if (!all) {
                out = wa_error_new(WA_MEMORY_ERROR, "out of memory");
                wa_error_unref(kept);
            } else {
                for (uint32_t i = 0; i < nraised; i++) all[i] = wa_error_ref(t->star_errs[i]);
                if (kept) all[nraised] = kept;
                out = wa_error_group_new("", all, nraised + (kept != NULL));
                free(all);
            }
        }
    }
    star_clear(t);
    t->scope.error = out;
    t->phase = out ? TRY_PENDING : TRY_OK;
}

/* Closes the part that ran before WA_ELSE / WA_FINALLY / WA_TRY_END. */
static void settle(wa_try *t) {
    switch (t->phase) {
    case TRY_MATCH: t->phase = TRY_PENDING; break;      /* no clause matched */
    case TRY_HANDLER: end_handler(t); t->phase = TRY_OK; break;
    case TRY_STAR: star_finish(t); break;
    case TRY_ELSE: t->phase = TRY_OK; break;
    default: break;
    }
}

bool wa__try_else(wa_coro *co, wa_try *t) {
    (void)co;
    if (t->phase == TRY_BODY) {
        t->phase = TRY_ELSE;
        return true;
    }
    settle(t);
    return false;
}

bool wa__try_finally(wa_coro *co, wa_try *t) {
    (void)co;
    if (t->phase == TRY_BODY) t->phase = TRY_OK;
    settle(t);
    if (t->phase != TRY_OK && t->phase != TRY_PENDING) return false;
    t->phase = TRY_FINALLY;
    return true;
}

/* wa__scope_unwind for a try: the part that was running ended with st. */
static int try_unwind(wa_coro *co, wa_scope *s, wa_status st) {
    wa_try *t = (wa_try *)s;
    wa_error *err = NULL;
    wa_value ret = wa_none();
    if (st == WA_STATUS_RAISE) {
        err = co->task->fut.error ? co->task->fut.error : wa_error_new(WA_RUNTIME_ERROR, "coroutine raised without an error");
        co->task->fut.error = NULL;
    } else {
        ret = *wa__owned(co);
        *wa__owned(co) = wa_none();
    }
    switch (t->phase) {
    case TRY_BODY:
        t->phase = err ? TRY_MATCH : TRY_PENDING;
        break;
    case TRY_STAR:
        if (!err) {
            wa_value_clear(&ret);
            err = wa_error_new(WA_RUNTIME_ERROR, "WA_RETURN in a WA_EXCEPT_STAR handler");
            wa__error_set_context(err, t->caught);
        }
        star_push(t, err, err == t->caught);    /* WA_RERAISE keeps the leaves it caught */
        end_handler(t);
        co->resume = t->scope.label;    /* on to the next except* clause */
        return 1;
    case TRY_HANDLER:
        end_handler(t);
        t->phase = TRY_PENDING;
        break;
    case TRY_FINALLY:
        t->phase = TRY_DONE;    /* the finally block's own outcome replaces the pending one */
        break;
    default:
        t->phase = TRY_PENDING;
        break;
    }
    drop_outcome(t);
    t->scope.error = err;
    if (!err) {
        t->scope.ret = ret;
        t->scope.returning = true;
    }
    co->resume = t->scope.label;
    return 1;
}

bool wa__try_end(wa_coro *co, wa_try *t, wa_status *st) {
    if (co->scopes != &t->scope) {
        wa_error_unref(co->task->fut.error);
        co->task->fut.error = wa_error_new(WA_RUNTIME_ERROR, "WA_TRY_END without its WA_TRY (or a WA_WITH left open)");
        *st = WA_STATUS_RAISE;
        return true;
    }
    if (t->phase == TRY_BODY) t->phase = TRY_OK;
    settle(t);
    co->scopes = t->scope.outer;
    t->scope.state = SCOPE_IDLE;
    t->phase = TRY_DONE;
    wa_error_unref(co->task->fut.error);
    co->task->fut.error = NULL;
    if (t->scope.error) {
        co->task->fut.error = t->scope.error;
        t->scope.error = NULL;
        *st = WA_STATUS_RAISE;
        return true;
    }
    if (t->scope.returning) {
        t->scope.returning = false;
        wa__value_release(wa__owned(co));
        *wa__owned(co) = t->scope.ret;
        t->scope.ret = wa_none();
        *st = WA_STATUS_RETURN;
        return true;
    }
    return false;
}

wa_status wa__raise_from(wa_coro *co, wa_error *take_err, wa_error *take_cause) {
    if (!take_err) take_err = wa_error_new(WA_RUNTIME_ERROR, "WA_RAISE_FROM with a NULL error");
    wa_error_set_cause(take_err, take_cause);
    return wa__raise(co, take_err);
}

const wa__try_hooks wa__try_hooks_table = {&try_ops, try_unwind, chain_context};
