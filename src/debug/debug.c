/*
 * debug.c — asyncio's debug mode: creation sites kept with tasks, futures
 * and handles, slow callbacks timed, and the reports that only a debug loop
 * makes (pending work at close, unclosed resources), plus the reports of
 * coroutines that were never awaited, which asyncio makes in any mode.
 *
 * Everything here runs only for a loop in debug mode or for objects made in
 * it: the rest of the core tests one flag and calls in.
 */
#include "debug-int.h"

const wa__future_ops wa__debug_future_ops = {.size = sizeof(wa__future_debug)};

int wa_loop_set_debug(wa_loop *loop, bool enabled) {
    if (!loop) return wa__misuse(WA_EINVAL, __func__, "loop is NULL");
    loop->debug = enabled;
    return WA_OK;
}

bool wa_loop_get_debug(const wa_loop *loop) { return loop && loop->debug; }

int wa_loop_set_slow_callback_duration(wa_loop *loop, double seconds) {
    if (!loop) return wa__misuse(WA_EINVAL, __func__, "loop is NULL");
    if (!(seconds >= 0)) return wa__misuse(WA_EINVAL, __func__, "duration must be >= 0, not %g", seconds);
    loop->slow_callback_duration = seconds;
    return WA_OK;
}

double wa_loop_get_slow_callback_duration(const wa_loop *loop) { return loop ? loop->slow_callback_duration : 0; }

int wa_loop_advance_virtual_time(wa_loop *loop, double seconds) {
    if (!loop) return wa__misuse(WA_EINVAL, __func__, "loop is NULL");
    if (loop->host != &wa__host_virtual) return wa__misuse(WA_EINVAL, __func__, "the loop's clock is not virtual");
    if (!(seconds >= 0)) return wa__misuse(WA_EINVAL, __func__, "seconds must be >= 0, not %g", seconds);
    return loop->host->wait(loop->host_state, seconds);     /* the virtual clock's wait moves time */
}

/* ---- creation sites ---------------------------------------------------------- */

const wa_site *wa__task_site(wa_task *t) {
    if (!t || !t->debug) return NULL;
    wa__task_debug *d = wa__task_debug_of(t);
    return d->created.file ? &d->created : NULL;
}

const wa_site *wa__future_site(wa_future *f) {
    if (f && f->is_task) return wa__task_site((wa_task *)f);
    if (!f || f->ops != &wa__debug_future_ops) return NULL;
    wa__future_debug *d = (wa__future_debug *)f;
    return d->created.file ? &d->created : NULL;
}

const wa_site *wa__handle_site(wa_handle *h) {
    if (!h || !h->debug) return NULL;
    wa__handle_debug *d = (wa__handle_debug *)h;
    return d->created.file ? &d->created : NULL;
}

/* ---- slow callbacks ------------------------------------------------------------- */

static void report_slow(wa_loop *loop, wa__ready *r, double seconds) {
    char text[512];
    wa_context ctx = {text, NULL, NULL, NULL, NULL, NULL};
    size_t at = wa__append_str(text, sizeof text, 0, "Executing ");
    if (r->kind == WA__READY_TASK_STEP || r->kind == WA__READY_TASK_DONE) {
        ctx.task = WA__CONTAINER_OF(r, wa_task, step);
        ctx.site = wa__task_site(ctx.task);
        at = wa__repr_future(&ctx.task->fut, text, sizeof text, at);
    } else if (r->kind == WA__READY_IO) {
        at = wa__append(text, sizeof text, at, "<I/O callback of fd %d>", WA__CONTAINER_OF(r, wa__io, r)->sock);
    } else {
        ctx.handle = WA__CONTAINER_OF(r, wa_handle, r);
        ctx.site = wa__handle_site(ctx.handle);
        at = wa__repr_handle(ctx.handle, text, sizeof text, at);
    }
    /* asyncio logs this at WARNING; C has one channel, the handler */
    wa__append(text, sizeof text, at, " took %.3f seconds", seconds);
    wa_loop_call_exception_handler(loop, &ctx);
}

void wa__run_ready_timed(wa_loop *loop, wa__ready *r) {
    /* a reference keeps what ran describable after it finished */
    bool step = r->kind == WA__READY_TASK_STEP || r->kind == WA__READY_TASK_DONE;
    wa_task *t = step ? wa_task_ref(WA__CONTAINER_OF(r, wa_task, step)) : NULL;
    bool handle = r->kind == WA__READY_CALL || r->kind == WA__READY_DONE;
    wa_handle *h = handle ? WA__CONTAINER_OF(r, wa_handle, r) : NULL;
    if (h) h->refs++;
    double t0 = wa_loop_time(loop);
    wa__loop_run_ready(loop, r);
    double dt = wa_loop_time(loop) - t0;
    if (dt >= loop->slow_callback_duration && (!h || !h->r.cancelled)) report_slow(loop, r, dt);
    if (t && t->debug) wa__task_debug_of(t)->since = t0 + dt;    /* what it does now began here */
    if (h) wa__handle_release(h);
    wa_task_unref(t);
}

/* ---- reports ------------------------------------------------------------------ */

void wa__debug_report_pending(wa_loop *loop) {
    for (wa__list *n = loop->ready.next; n != &loop->ready; n = n->next) {
        wa__ready *r = WA__CONTAINER_OF(n, wa__ready, node);
        if (r->kind != WA__READY_CALL && r->kind != WA__READY_DONE) continue;  /* tasks: below; sockets: resources */
        if (r->cancelled) continue;
        wa_handle *h = WA__CONTAINER_OF(r, wa_handle, r);
        wa_context ctx = {"the event loop was closed with a callback still pending", NULL, NULL, NULL, h,
                          wa__handle_site(h)};
        wa_loop_call_exception_handler(loop, &ctx);
    }
    for (size_t i = 0; i < loop->ntimers; i++) {
        wa_handle *h = loop->timers[i].h;
        if (h->r.cancelled) continue;
        wa_context ctx = {"the event loop was closed with a timer still pending", NULL, NULL, NULL, h,
                          wa__handle_site(h)};
        wa_loop_call_exception_handler(loop, &ctx);
    }
    for (wa__list *n = loop->tasks.next; n != &loop->tasks; n = n->next) {
        wa_task *t = WA__CONTAINER_OF(n, wa_task, node);
        wa_context ctx = {"the event loop was closed with a task still pending", NULL, NULL, t, NULL,
                          wa__task_site(t)};
        wa_loop_call_exception_handler(loop, &ctx);
    }
}

void wa__debug_unclosed(wa_loop *loop, const char *what, const wa_site *site) {
    if (!loop || !loop->debug) return;
    char text[256];
    wa__format(text, sizeof text, "unclosed %s", what);
    wa_context ctx = {text, NULL, NULL, NULL, NULL, site && site->file ? site : NULL};
    wa_loop_call_exception_handler(loop, &ctx);
}

void wa__report_never_awaited(wa_task *t, wa_coro *co, const wa_site *site) {
    wa__frame_desc d;
    wa__frame_probe(co, &d);
    char text[160];
    /* CPython's RuntimeWarning, through the one channel C has */
    wa__format(text, sizeof text, "coroutine '%s' was never awaited", d.func);
    wa_context ctx = {text, NULL, NULL, t, NULL, site};
    wa_loop_call_exception_handler(t->fut.loop, &ctx);
}
