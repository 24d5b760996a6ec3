/*
 * builtins.c — entry points every JS runtime has, whatever C it loads:
 * asyncio.sleep, gather and wait_for, so JS can put C's timers and
 * cancellation rules around its own Promises (runtime.sleep, .gather,
 * .waitFor in js/wasyncio.js).
 */
#include <math.h>
#include <stdlib.h>

#include "js-int.h"

static bool is_number(const wa_value *v) { return v->kind == WA_KIND_INT || v->kind == WA_KIND_DOUBLE; }
static double number(const wa_value *v) { return v->kind == WA_KIND_INT ? (double)v->as.i : v->as.d; }

static wa_future *spawned(wa_task *t) { return t ? wa_task_future(t) : NULL; }

/* ---- sleep(delay, value) -------------------------------------------------- */

typedef struct sleep_frame {
    wa_coro co;
    double delay;
    const wa_value *value;
} sleep_frame;

static wa_status sleep_step(wa_coro *co) {
    sleep_frame *f = (sleep_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    WA_RETURN(co, *f->value);
    WA_END(co);
}

static wa_future *start_sleep(wa_loop *loop, const wa_value *args, size_t nargs) {
    if (nargs != 2 || !is_number(&args[0])) {
        wa__misuse(WA_EINVAL, "sleep", "delay must be a number");
        return NULL;
    }
    return spawned(WA_SPAWN(loop, sleep_step, sleep_frame, .delay = number(&args[0]), .value = &args[1]));
}
WA_JS_EXPORT(sleep, start_sleep)

/* The futures behind args[from..nargs), which must all be awaitables:
 * a malloc'd array, or NULL with the misuse recorded. */
static wa_future **awaitables(const wa_value *args, size_t from, size_t nargs, const char *func) {
    wa_future **futs = malloc((nargs - from + 1) * sizeof *futs);
    if (!futs) {
        wa__misuse(WA_ENOMEM, func, "out of memory");
        return NULL;
    }
    for (size_t i = from; i < nargs; i++) {
        if (!(futs[i - from] = wa_js_arg_future(&args[i]))) {
            wa__misuse(WA_EINVAL, func, "argument %zu is not a Promise or Task", i - from);
            free(futs);
            return NULL;
        }
    }
    return futs;
}

/* ---- gather(returnExceptions, ...awaitables) -------------------------------- */

typedef struct gather_frame {
    wa_coro co;
    wa_future **futs;
    size_t n;
    bool return_exceptions;
    wa_finally fin;
} gather_frame;

static wa_status gather_step(wa_coro *co) {
    gather_frame *f = (gather_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_finally_enter(&f->fin, free, f->futs)) {
        WA_AWAIT(co, wa_gather(co, f->futs, f->n, f->return_exceptions));
    }
    WA_WITH_END(co);
    WA_RETURN(co, co->value);
    WA_END(co);
}

static wa_future *start_gather(wa_loop *loop, const wa_value *args, size_t nargs) {
    if (nargs < 1 || args[0].kind != WA_KIND_BOOL) {
        wa__misuse(WA_EINVAL, "gather", "returnExceptions must be a boolean");
        return NULL;
    }
    wa_future **futs = awaitables(args, 1, nargs, "gather");
    if (!futs) return NULL;
    wa_task *t = WA_SPAWN(loop, gather_step, gather_frame, .futs = futs, .n = nargs - 1,
                          .return_exceptions = args[0].as.b);
    if (!t) free(futs);
    return spawned(t);
}
WA_JS_EXPORT(gather, start_gather)

/* ---- wait_for(awaitable, timeout) ----------------------------------------------- */

typedef struct wait_for_frame {
    wa_coro co;
    wa_future *aw;
    double timeout;
} wait_for_frame;

static wa_status wait_for_step(wa_coro *co) {
    wait_for_frame *f = (wait_for_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_wait_for(co, f->aw, f->timeout));
    WA_RETURN(co, co->value);
    WA_END(co);
}

static wa_future *start_wait_for(wa_loop *loop, const wa_value *args, size_t nargs) {
    wa_future *aw = nargs == 2 ? wa_js_arg_future(&args[0]) : NULL;
    if (!aw || !(args[1].kind == WA_KIND_NONE || is_number(&args[1]))) {
        wa__misuse(WA_EINVAL, "waitFor", "it takes a Promise or Task, and a timeout that is a number or null");
        return NULL;
    }
    double timeout = args[1].kind == WA_KIND_NONE ? WA_NO_TIMEOUT : number(&args[1]);
    return spawned(WA_SPAWN(loop, wait_for_step, wait_for_frame, .aw = aw, .timeout = timeout));
}
WA_JS_EXPORT(wait_for, start_wait_for)
