/*
 * debug.c — the debug observer's reports: slow callbacks timed, and what
 * only a debug loop reports (pending work at close, unclosed resources).
 * Its table, wa__debug, is the one way the engine calls the observer
 * (debug.c, repr.c, inspect.c, format-float.c); a build without them links
 * src/debug/none.c instead.
 *
 * Everything here runs only for a loop in debug mode or for objects made in
 * it: the rest of the core tests one flag and calls in.
 */
#include "debug-int.h"

/* ---- slow callbacks ------------------------------------------------------------- */

static void report_slow(wa_loop *loop, wa__ready *r, double seconds) {
    char text[512];
    wa_context ctx = {text, NULL, NULL, NULL, NULL, NULL, WA_LEVEL_WARNING};
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

/* An embedded timer (a sleep made before debug mode was on) as the
 * handle it stands for: "<TimerHandle when=... callback()>". */
static wa_handle *timer_handle(const wa__ready *r, double when, wa_handle *out) {
    *out = (wa_handle){.r = *r, .when = when, .refs = 1, .is_timer = true};
    out->r.kind = WA__READY_CALL;
    out->r.in_heap = false;     /* cancelling the stand-in counts nothing */
    return out;
}

static void run_ready_timed(wa_loop *loop, wa__ready *r) {
    /* a reference keeps what ran describable after it finished; an
     * embedded timer, which may go as it runs, is described before */
    bool step = r->kind == WA__READY_TASK_STEP || r->kind == WA__READY_TASK_DONE;
    wa_task *t = step ? wa_task_ref(WA__CONTAINER_OF(r, wa_task, step)) : NULL;
    bool handle = r->kind == WA__READY_CALL || r->kind == WA__READY_DONE;
    wa_handle *h = handle ? WA__CONTAINER_OF(r, wa_handle, r) : NULL;
    wa_handle timer;
    if (r->kind == WA__READY_TIMER) h = timer_handle(r, WA__CONTAINER_OF(r, wa__timer, r)->when, &timer);
    else if (h) h->refs++;
    double t0 = wa_loop_time(loop);
    wa__loop_run_ready(loop, r);
    double dt = wa_loop_time(loop) - t0;
    if (dt >= loop->slow_callback_duration && (!h || !h->r.cancelled)) report_slow(loop, h ? &h->r : r, dt);
    if (t && t->debug) wa__task_debug_of(t)->since = t0 + dt;    /* what it does now began here */
    if (h && h != &timer) wa__handle_release(h);
    wa_task_unref(t);
}

/* ---- reports ------------------------------------------------------------------ */

static void report_pending(wa_loop *loop) {
    wa_handle timer;
    for (wa__ready *r = loop->ready.head; r; r = r->next) {
        bool embedded = r->kind == WA__READY_TIMER;
        /* tasks: below; sockets: resources */
        if ((r->kind != WA__READY_CALL && r->kind != WA__READY_DONE && !embedded) || r->cancelled) continue;
        wa_handle *h = embedded ? timer_handle(r, WA__CONTAINER_OF(r, wa__timer, r)->when, &timer)
                                : WA__CONTAINER_OF(r, wa_handle, r);
        wa_context ctx = {"the event loop was closed with a callback still pending", NULL, NULL, NULL, h,
                          wa__handle_site(h), WA_LEVEL_ERROR};
        wa_loop_call_exception_handler(loop, &ctx);
    }
    for (size_t i = 0; i < loop->ntimers; i++) {
        wa__ready *r = loop->timers[i].r;
        wa_handle *h = r->kind == WA__READY_TIMER ? timer_handle(r, loop->timers[i].when, &timer)
                                                  : WA__CONTAINER_OF(r, wa_handle, r);
        if (h->r.cancelled) continue;
        wa_context ctx = {"the event loop was closed with a timer still pending", NULL, NULL, NULL, h,
                          wa__handle_site(h), WA_LEVEL_ERROR};
        wa_loop_call_exception_handler(loop, &ctx);
    }
    for (wa__list *n = loop->tasks.next; n != &loop->tasks; n = n->next) {
        wa_task *t = WA__CONTAINER_OF(n, wa_task, node);
        wa_context ctx = {"the event loop was closed with a task still pending", NULL, NULL, t, NULL,
                          wa__task_site(t), WA_LEVEL_ERROR};
        wa_loop_call_exception_handler(loop, &ctx);
    }
}

static void unclosed(wa_loop *loop, const char *what, const wa_site *site) {
    char text[256];
    wa__format(text, sizeof text, "unclosed %s", what);
    wa_context ctx = {text, NULL, NULL, NULL, NULL, site && site->file ? site : NULL, WA_LEVEL_ERROR};
    wa_loop_call_exception_handler(loop, &ctx);
}

static const wa__debug_ops ops = {run_ready_timed,   report_pending,          unclosed,
                                  wa__repr_future,   wa__repr_handle,         wa__float_digits,
                                  wa__trace_made,    wa__release_later,       wa__released_drain,
                                  wa__debug_report_released};
const wa__debug_ops *const wa__debug = &ops;
