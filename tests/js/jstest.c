/*
 * jstest.c — C entry points the JS API tests (tests/node/js-api.test.mjs)
 * start: values both ways, errors of every class, C awaiting JS, timers,
 * cancellation on both sides, fetch, and a long computation in slices.
 */
#include <string.h>

#include "wasyncio_js.h"

static const wa_error_type app_error = {"AppError", WA_EXCEPTION};

/* A frame with nothing but the header. */
typedef struct bare_frame {
    wa_coro co;
} bare_frame;

static wa_future *task_future(wa_task *t) { return t ? wa_task_future(t) : NULL; }

/* ---- echo(x): a plain future, already resolved with x ---------------------- */

static wa_future *start_echo(wa_loop *loop, const wa_value *args, size_t nargs) {
    wa_future *f = wa_future_new(loop);
    if (f) wa_future_set_result(f, nargs ? args[0] : wa_none());
    return f;
}
WA_JS_EXPORT(echo, start_echo)

/* ---- fail(kind): a task that raises ----------------------------------------- */

typedef struct fail_frame {
    wa_coro co;
    const char *kind;
    wa_taskgroup tg;
} fail_frame;

static wa_status raise_value_error(wa_coro *co) {
    WA_BEGIN(co);
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "child one"));
    WA_END(co);
}

/* Fails in the same iteration as its sibling, so the group collects both. */
static wa_status raise_type_error(wa_coro *co) {
    WA_BEGIN(co);
    WA_RAISE(co, wa_error_new(WA_TYPE_ERROR, "child two"));
    WA_END(co);
}

static wa_status fail_step(wa_coro *co) {
    fail_frame *f = (fail_frame *)co;
    WA_BEGIN(co);
    WA_YIELD(co);
    if (!strcmp(f->kind, "value")) {
        wa_error *e = wa_error_new(WA_VALUE_ERROR, "bad value");
        wa_error_set_cause(e, wa_error_new(WA_RUNTIME_ERROR, "the root"));
        WA_RAISE(co, e);
    }
    if (!strcmp(f->kind, "timeout")) WA_RAISE(co, wa_error_new(WA_TIMEOUT_ERROR, "too slow"));
    if (!strcmp(f->kind, "custom")) WA_RAISE(co, wa_error_new(&app_error, "mine"));
    if (!strcmp(f->kind, "cycle")) {    /* a group whose child is caused by the group */
        wa_error *child = wa_error_new(WA_VALUE_ERROR, "child");
        wa_error *group = wa_error_group_new("looped", (wa_error *[]){wa_error_ref(child)}, 1);
        wa_error_set_cause(child, wa_error_ref(group));
        wa_error_unref(child);
        WA_RAISE(co, group);
    }
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        WA_GROUP_SPAWN(&f->tg, raise_value_error, bare_frame);
        WA_GROUP_SPAWN(&f->tg, raise_type_error, bare_frame);
    }
    WA_WITH_END(co);
    WA_END(co);
}

static wa_future *start_fail(wa_loop *loop, const wa_value *args, size_t nargs) {
    if (nargs != 1 || args[0].kind != WA_KIND_STR) return NULL;
    return task_future(WA_SPAWN(loop, fail_step, fail_frame, .kind = args[0].as.buf.data));
}
WA_JS_EXPORT(fail, start_fail)

/* ---- call_js(name, ...args): C awaits a JS function ------------------------ */

typedef struct call_frame {
    wa_coro co;
    const wa_value *args;
    size_t nargs;
    double timeout;
    wa_error *err;
} call_frame;

static wa_status call_js_step(wa_coro *co) {
    call_frame *f = (call_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_js_call(co, f->args[0].as.buf.data, f->args + 1, f->nargs - 1));
    WA_RETURN(co, co->value);
    WA_END(co);
}

static bool named_call(const wa_value *args, size_t nargs) { return nargs >= 1 && args[0].kind == WA_KIND_STR; }

static wa_future *start_call_js(wa_loop *loop, const wa_value *args, size_t nargs) {
    if (!named_call(args, nargs)) return NULL;
    return task_future(WA_SPAWN(loop, call_js_step, call_frame, .args = args, .nargs = nargs));
}
WA_JS_EXPORT(call_js, start_call_js)

/* call_js_catch(name, ...args): [C type name, message] of what the call
 * raised, or ["ok", result]. */
static wa_status call_js_catch_step(wa_coro *co) {
    call_frame *f = (call_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_js_call(co, f->args[0].as.buf.data, f->args + 1, f->nargs - 1), f->err);
    if (!f->err) {
        wa_value ok[2] = {wa_str("ok"), co->value};
        WA_RETURN(co, wa_list(ok, 2));
    }
    wa_value caught[2] = {wa_str(wa_error_type_of(f->err)->name), wa_str(wa_error_message(f->err))};
    WA_RETURN(co, wa_list(caught, 2));
    WA_END(co);
}

static wa_future *start_call_js_catch(wa_loop *loop, const wa_value *args, size_t nargs) {
    if (!named_call(args, nargs)) return NULL;
    return task_future(WA_SPAWN(loop, call_js_catch_step, call_frame, .args = args, .nargs = nargs));
}
WA_JS_EXPORT(call_js_catch, start_call_js_catch)

/* call_js_timeout(name, timeout): wait_for around a JS call. */
static wa_status call_js_timeout_step(wa_coro *co) {
    call_frame *f = (call_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_wait_for(co, wa_js_call(co, f->args[0].as.buf.data, NULL, 0), f->timeout));
    WA_RETURN(co, co->value);
    WA_END(co);
}

static wa_future *start_call_js_timeout(wa_loop *loop, const wa_value *args, size_t nargs) {
    if (nargs != 2 || !named_call(args, nargs) || args[1].kind != WA_KIND_DOUBLE) return NULL;
    return task_future(WA_SPAWN(loop, call_js_timeout_step, call_frame, .args = args, .nargs = nargs,
                                .timeout = args[1].as.d));
}
WA_JS_EXPORT(call_js_timeout, start_call_js_timeout)

/* ---- await_arg(promise): C awaits a Promise JS passed -------------------- */

typedef struct await_frame {
    wa_coro co;
    wa_future *fut;
} await_frame;

static wa_status await_step(wa_coro *co) {
    await_frame *f = (await_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, f->fut);
    WA_RETURN(co, co->value);
    WA_END(co);
}

static wa_future *start_await_arg(wa_loop *loop, const wa_value *args, size_t nargs) {
    wa_future *fut = nargs == 1 ? wa_js_arg_future(&args[0]) : NULL;
    if (!fut) return NULL;
    return task_future(WA_SPAWN(loop, await_step, await_frame, .fut = fut));
}
WA_JS_EXPORT(await_arg, start_await_arg)

/* ---- cancelled_in_c(message): a task another C task cancels ----------------- */

typedef struct canceller_frame {
    wa_coro co;
    wa_task *victim;
    char message[64];
} canceller_frame;

static wa_status sleep_forever(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 3600));
    WA_END(co);
}

static wa_status canceller_step(wa_coro *co) {
    canceller_frame *f = (canceller_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.005));
    wa_task_cancel(f->victim, f->message);
    wa_task_unref(f->victim);
    WA_END(co);
}

static wa_future *start_cancelled_in_c(wa_loop *loop, const wa_value *args, size_t nargs) {
    if (nargs != 1 || args[0].kind != WA_KIND_STR) return NULL;
    wa_task *victim = WA_SPAWN(loop, sleep_forever, bare_frame);
    if (!victim) return NULL;
    canceller_frame init = {.victim = wa_task_ref(victim)};
    strncpy(init.message, args[0].as.buf.data, sizeof init.message - 1);
    wa_task *canceller = wa_task_new(loop, canceller_step, sizeof init, &init, NULL);
    if (!canceller) {
        wa_task_unref(victim);
        wa_task_cancel(victim, NULL);
        wa_task_unref(victim);
        return NULL;
    }
    wa_task_unref(canceller);
    return wa_task_future(victim);
}
WA_JS_EXPORT(cancelled_in_c, start_cancelled_in_c)

/* ---- spin(n): n steps of work, one loop iteration each ----------------------- */

typedef struct spin_frame {
    wa_coro co;
    int64_t n, i, sum;
} spin_frame;

static wa_status spin_step(wa_coro *co) {
    spin_frame *f = (spin_frame *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < f->n; f->i++) {
        f->sum += f->i % 7;
        WA_YIELD(co);
    }
    WA_RETURN(co, wa_int(f->sum));
    WA_END(co);
}

static wa_future *start_spin(wa_loop *loop, const wa_value *args, size_t nargs) {
    if (nargs != 1 || args[0].kind != WA_KIND_INT) return NULL;
    return task_future(WA_SPAWN(loop, spin_step, spin_frame, .n = args[0].as.i));
}
WA_JS_EXPORT(spin, start_spin)

/* ---- fetch_text(url): [status, content-type, body] --------------------------- */

typedef struct fetch_frame {
    wa_coro co;
    const char *url;
    wa_fetch_response r;
} fetch_frame;

static wa_status fetch_step(wa_coro *co) {
    fetch_frame *f = (fetch_frame *)co;
    static const char *const headers[] = {"X-Test: wasyncio", NULL};
    WA_BEGIN(co);
    WA_AWAIT(co, wa_fetch(co, f->url, &(wa_fetch_options){.headers = headers}));
    if (wa_fetch_response_view(&co->value, &f->r)) WA_RAISE(co, wa_error_new(WA_TYPE_ERROR, "%s", wa_last_error()));
    {
        const char *type = wa_fetch_header(&f->r, "Content-Type");
        wa_value out[3] = {wa_int(f->r.status), wa_str(type), wa_bytes(f->r.body, f->r.body_len)};
        WA_RETURN(co, wa_list(out, 3));
    }
    WA_END(co);
}

static wa_future *start_fetch_text(wa_loop *loop, const wa_value *args, size_t nargs) {
    if (nargs != 1 || args[0].kind != WA_KIND_STR) return NULL;
    return task_future(WA_SPAWN(loop, fetch_step, fetch_frame, .url = args[0].as.buf.data));
}
WA_JS_EXPORT(fetch_text, start_fetch_text)

/* ---- lose(): a task whose error nobody retrieves (debug mode's reports) ------- */

static wa_status lost_step(wa_coro *co) {
    WA_BEGIN(co);
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "nobody looked"));
    WA_END(co);
}

typedef struct lose_frame {
    wa_coro co;
    wa_task *lost;
} lose_frame;

static wa_status lose_step(wa_coro *co) {
    lose_frame *f = (lose_frame *)co;
    WA_BEGIN(co);
    f->lost = WA_SPAWN_NAMED(wa_get_running_loop(), "lost", lost_step, bare_frame);
    WA_YIELD(co);
    WA_YIELD(co);
    wa_task_unref(f->lost);     /* it failed and nobody looked: reported now */
    WA_END(co);
}

static wa_future *start_lose(wa_loop *loop, const wa_value *args, size_t nargs) {
    (void)args, (void)nargs;
    return task_future(WA_SPAWN(loop, lose_step, lose_frame));
}
WA_JS_EXPORT(lose, start_lose)

/* ---- count(n): refuses what is not a count, the ways an entry point can ---- */

static wa_future *start_count(wa_loop *loop, const wa_value *args, size_t nargs) {
    if (nargs != 1) return NULL;                /* no reason given */
    if (args[0].kind != WA_KIND_INT) {
        wa_error *e = wa_error_new(WA_TYPE_ERROR, "count() takes an integer");
        wa_error_set_cause(e, wa_error_new(&app_error, "kind %d", (int)args[0].kind));
        return wa_js_raise(loop, e);
    }
    if (args[0].as.i < 0)
        return wa_js_raise(loop, wa_error_new(WA_VALUE_ERROR, "n must be >= 0, not %lld", (long long)args[0].as.i));
    if (args[0].as.i == 0) return wa_js_raise(loop, NULL);     /* misuse: says so */
    wa_future *f = wa_future_new(loop);
    if (f) wa_future_set_result(f, args[0]);
    return f;
}
WA_JS_EXPORT(count, start_count)
