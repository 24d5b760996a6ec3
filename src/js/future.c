/*
 * future.c — futures JS settles: one per JS call C awaits and one per
 * Promise JS passes to C.
 *
 * JS keeps only a plain pointer, and only while the future waits on it:
 * when C finishes the future first (a cancel) or frees it, wa__js_abort
 * tells JS to abort the call and forget the pointer, so JS never settles a
 * future that is done or gone.  While waiting, the future counts in
 * loop->nexternal: an idle loop is then waiting for JS, not deadlocked.
 */
#include "js-int.h"
#include "../core/park-int.h"

/* What a JS call is called in reprs: "JS progress()". */
#define JS_LABEL_SIZE 40

typedef struct js_future {
    wa_future fut;
    bool waiting;           /* JS holds the pointer and will settle it */
    char label[JS_LABEL_SIZE];  /* "" for a Promise JS passed in */
} js_future;

/* The future no longer waits for JS.  true when it was. */
static bool stop_waiting(wa_future *f) {
    js_future *j = (js_future *)f;
    if (!j->waiting) return false;
    j->waiting = false;
    f->loop->nexternal--;
    return true;
}

static void finished_or_freed(wa_future *f) {
    if (stop_waiting(f)) wa__js_abort(f);
}

static const char *js_label(const wa_future *f) {
    const js_future *j = (const js_future *)f;
    return j->label[0] ? j->label : "Promise";
}

static const wa__future_ops js_future_ops = {
    .size = sizeof(js_future),
    .on_done = finished_or_freed,
    .release = finished_or_freed,
    .label = js_label,
};

wa_future *wa__js_future_new(wa_loop *loop) {
    wa_future *f = wa__future_new_sub(loop, &js_future_ops, __func__);
    if (f) {
        ((js_future *)f)->waiting = true;
        loop->nexternal++;
    }
    return f;
}

/* A new JS-settled future for a Promise JS passes as an argument; JS
 * stores it in the argument with wa_js_value_future.  NULL when out of
 * memory. */
WA__JS_API(wa_js_future_new) wa_future *wa_js_future_new(wa_loop *loop) { return wa__js_future_new(loop); }

static void settle(wa_future *f, wa_value *v, wa_error *take_err) {
    if (!f || f->ops != &js_future_ops || !stop_waiting(f)) {
        wa_error_unref(take_err);   /* JS was told to forget f: a bug on its side */
        return;
    }
    if (take_err) wa_future_set_exception(f, take_err);
    else if (wa_future_set_result(f, *v)) wa_future_set_exception(f, wa_error_new(WA_MEMORY_ERROR, NULL));
    wa__loop_poke(f->loop);
}

/* The Promise behind f resolved with *v (copied). */
WA__JS_API(wa_js_resolve) void wa_js_resolve(wa_future *f, wa_value *v) { settle(f, v, NULL); }
/* The Promise behind f rejected with take_err. */
WA__JS_API(wa_js_reject) void wa_js_reject(wa_future *f, wa_error *take_err) { settle(f, NULL, take_err); }

static void future_dtor(void *p) { wa_future_unref(p); }

/* Stores future f in *v as an argument value that owns f's reference. */
WA__JS_API(wa_js_value_future) void wa_js_value_future(wa_value *v, wa_future *f) { *v = wa_ptr(f, future_dtor); }

wa_future *wa_js_arg_future(const wa_value *arg) {
    if (!arg || arg->kind != WA_KIND_PTR || arg->as.ptr.dtor != future_dtor) return NULL;
    return arg->as.ptr.p;
}

wa_future *wa_js_call(wa_coro *co, const char *name, const wa_value *args, size_t nargs) {
    if (!co || !co->task) {
        wa__misuse(WA_EINVAL, __func__, "not called from a coroutine");
        return NULL;
    }
    if (!name || !*name || (nargs && !args)) {
        wa__misuse(WA_EINVAL, __func__, !name || !*name ? "name is empty" : "args is NULL");
        return wa__fail_await(co, wa__misuse_error_as(WA_TYPE_ERROR));
    }
    wa_future *f = wa__js_future_new(co->task->fut.loop);
    if (!f) return NULL;
    wa__format(((js_future *)f)->label, JS_LABEL_SIZE, "JS %s()", name);
    wa__js_call(f, name, args, nargs);
    wa__task_set_awaited(co->task, f);  /* the frame owns it, as every awaitable factory's */
    return f;
}
