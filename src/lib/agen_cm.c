/*
 * agen_cm.c — contextlib.asynccontextmanager: an async generator used as
 * an `async with`.
 *
 * A wa_acm whose __aenter__ and __aexit__ are the two coroutines below,
 * line for line contextlib's _AsyncGeneratorContextManager: enter runs the
 * generator to its first yield; exit resumes it (normal end) or throws the
 * body's error in (athrow), and decides from what comes back whether that
 * error is swallowed, goes on, or is replaced.  The cm owns the generator:
 * every way out of enter or exit frees it, and it is closed by then unless
 * it ignored GeneratorExit (then wa_agen_free closes it in a task, as
 * Python's finalizer would once the cm is garbage).
 */
#include "lib-int.h"

/* The generator is done with: the cm forgets it. */
static void release(wa_agen_cm *cm) {
    wa_agen_free(cm->gen);
    cm->gen = NULL;
}

/* An error from the generator goes on from __aenter__/__aexit__ unchanged,
 * as Python's bare `raise`: the frame's error is it. */
static wa_status pass_on(wa_coro *co) {
    (void)co;
    return WA_STATUS_RAISE;
}

static wa_status cm_aenter(wa_coro *co) {
    wa_acm_frame *f = (wa_acm_frame *)co;
    wa_agen_cm *cm = f->arg;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_agen_next(co, cm->gen), cm->err);
    if (!cm->err) return WA_STATUS_RETURN;     /* the yielded value, in the slot, is what `as` binds */
    release(cm);
    if (!wa_error_is(cm->err, WA_STOP_ASYNC_ITERATION)) return pass_on(co);
    {
        /* raise RuntimeError(...) from None in `except StopAsyncIteration:`,
         * so its context is that, not what the caller handles */
        wa_error *e = wa_error_new(WA_RUNTIME_ERROR, "generator didn't yield");
        wa__error_set_context(e, cm->err);
        wa_error_set_cause(e, NULL);
        wa_error_unref(co->task->fut.error);
        co->task->fut.error = e;
        return pass_on(co);
    }
    WA_END(co);
}

/* __aexit__ with an error: what athrow raised decides, as contextlib does.
 * Returns the status to end with. */
static wa_status after_athrow(wa_coro *co, wa_error *err, wa_error *exc) {
    if (wa_error_is(err, WA_STOP_ASYNC_ITERATION))
        /* the generator returned: swallowed, unless the body's own
         * StopAsyncIteration came back */
        return wa__return(co, wa_bool(err != exc));
    if (err == exc) return wa__return(co, wa_bool(false));    /* the same error goes on (issue27122) */
    /* the body's StopAsyncIteration came back wrapped in "async generator
     * raised StopAsyncIteration" (issue29692) */
    if (wa_error_is(err, WA_RUNTIME_ERROR) && wa_error_is(exc, WA_STOP_ASYNC_ITERATION) && wa_error_cause(err) == exc)
        return wa__return(co, wa_bool(false));
    return pass_on(co);
}

static wa_status cm_aexit(wa_coro *co) {
    wa_acm_frame *f = (wa_acm_frame *)co;
    wa_agen_cm *cm = f->arg;
    WA_BEGIN(co);
    if (!f->exc) {
        WA_AWAIT_TRY(co, wa_agen_next(co, cm->gen), cm->err);
        if (cm->err) {
            release(cm);
            if (wa_error_is(cm->err, WA_STOP_ASYNC_ITERATION)) WA_RETURN(co, wa_bool(false));
            return pass_on(co);
        }
    } else {
        WA_AWAIT_TRY(co, wa_agen_athrow(co, cm->gen, wa_error_ref(f->exc)), cm->err);
        if (cm->err) {
            release(cm);
            return after_athrow(co, cm->err, f->exc);
        }
    }
    /* it yielded again: raise, and close it on the way out */
    WA_TRY(co, &cm->t) {
        WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, f->exc ? "generator didn't stop after athrow()" : "generator didn't stop"));
    }
    WA_FINALLY(co, &cm->t) {
        WA_AWAIT_TRY(co, wa_agen_aclose(co, cm->gen), cm->err);
        release(cm);
        if (cm->err) return pass_on(co);    /* replaces the RuntimeError, its context */
    }
    WA_TRY_END(co, &cm->t);
    WA_END(co);
}

wa_scope *wa_agen_cm_enter(wa_coro *co, wa_agen_cm *cm, wa_step_fn step, size_t frame_size, const void *init) {
    wa_loop *loop = wa__coro_loop(co, __func__);
    if (!loop) return NULL;
    if (!cm) {
        wa__misuse(WA_EINVAL, __func__, "cm is NULL");
        return NULL;
    }
    if (cm->gen) {
        wa__misuse(WA_EINVALIDSTATE, __func__, "the wa_agen_cm is already in use");
        return NULL;
    }
    cm->gen = wa_agen_new(loop, step, frame_size, init);
    if (!cm->gen) return NULL;  /* misuse recorded */
    cm->err = NULL;
    wa_scope *s = wa_acm_enter(co, &cm->acm, cm_aenter, cm_aexit, cm);
    if (!s) release(cm);
    return s;
}
