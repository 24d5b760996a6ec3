/*
 * acm.c — an async context manager made of two coroutines (__aenter__ and
 * __aexit__), on the scope machinery.
 *
 * The enter pushes the aenter frame over the caller and hands WA_WITH the
 * call marker as the thing to wait for (scope.entering), so aenter runs
 * inline before the body, as `async with` awaits __aenter__.  The exit does
 * the same with aexit and is called again once it returned: its result
 * decides whether the error leaving the body is swallowed, and an error it
 * raised replaces that error.  While aexit runs, the error it was given is
 * what the frame is handling, so errors aexit raises chain to it
 * (wa__try_handled).
 */
#include "task-int.h"

static bool truthy(wa_value v) {
    switch (v.kind) {
    case WA_KIND_BOOL: return v.as.b;
    case WA_KIND_INT: return v.as.i != 0;
    case WA_KIND_DOUBLE: return v.as.d != 0;
    default: return false;
    }
}

static wa_future *acm_exit(wa_coro *co, wa_scope *s, wa_error *resumed) {
    wa_acm *cm = (wa_acm *)s;
    if (!cm->exiting) {
        cm->exiting = true;
        return wa__call_push(co, cm->aexit, sizeof(wa_acm_frame), &(wa_acm_frame){.arg = cm->arg, .exc = s->error});
    }
    cm->exiting = false;
    if (resumed) {
        /* __aexit__ raised: its error goes on instead */
        wa_error_unref(s->error);
        s->error = wa_error_ref(resumed);
    } else if (s->error && truthy(co->value)) {
        wa_error_unref(s->error);   /* __aexit__ returned True: swallowed */
        s->error = NULL;
    }
    return NULL;
}

static void acm_drop(wa_scope *s) { ((wa_acm *)s)->exiting = false; }

const wa_scope_ops wa__acm_ops = {acm_exit, acm_drop};

wa_scope *wa_acm_enter(wa_coro *co, wa_acm *cm, wa_step_fn aenter, wa_step_fn aexit, void *arg) {
    wa_loop *loop = wa__coro_loop(co, __func__);
    if (!loop) return NULL;
    if (!cm || !aenter || !aexit) {
        wa__misuse(WA_EINVAL, __func__, !cm ? "cm is NULL" : "aenter or aexit is NULL");
        return NULL;
    }
    cm->scope.ops = &wa__acm_ops;
    loop->try_hooks = &wa__try_hooks_table;    /* its exit handles an error */
    cm->aenter = aenter;
    cm->aexit = aexit;
    cm->arg = arg;
    cm->exiting = false;
    wa_future *call = wa__call_push(co, aenter, sizeof(wa_acm_frame), &(wa_acm_frame){.arg = arg});
    if (call != WA__CALL) return NULL;  /* out of memory: the error is arranged */
    cm->scope.entering = call;
    return &cm->scope;
}
