/*
 * handle.c — call_soon, call_later, call_at and the handles they return.
 *
 * A handle is refcounted: the loop holds one reference while it is queued
 * (ready queue or timer heap) and the user one more if they asked for it.
 * Cancelling only marks it; the loop drops cancelled handles when it meets
 * them, as asyncio does.  In debug mode a handle also records its
 * callback's name and where it was scheduled (a wa__handle_debug).
 */
#include <math.h>

#include "context-int.h"
#include "hook-int.h"

static wa_handle *handle_new(wa_loop *loop, wa__ready_kind kind) {
    bool debug = wa__debugging(loop);
    wa_handle *h = wa__alloc(loop, debug ? sizeof(wa__handle_debug) : sizeof *h);
    if (!h) return NULL;
    if (debug) *(wa__handle_debug *)h = (wa__handle_debug){.cb_name = NULL};
    h->debug = debug;
    h->r.kind = (uint8_t)kind;
    h->r.queued = false;
    h->r.cancelled = false;
    h->loop = loop;
    h->when = 0;
    h->refs = 1;
    h->r.in_heap = false;
    h->is_timer = false;
    h->u.call.ctx = NULL;
    wa__loop_ref(loop);
    if (kind == WA__READY_CALL && wa__context_fork(&h->u.call.ctx)) {   /* asyncio's Handle copies the context */
        wa__handle_release(h);
        return NULL;
    }
    return h;
}

void wa__handle_release(wa_handle *h) {
    wa__assert(h->refs > 0);
    if (--h->refs > 0) return;
    wa_loop *loop = h->loop;
    if (h->r.kind == WA__READY_DONE) wa_future_unref(h->u.done.fut);
    else wa__context_release(h->u.call.ctx);
    wa__free(loop, h, h->debug ? sizeof(wa__handle_debug) : sizeof *h);
    wa__loop_unref(loop);
}

/* Out of line: inlined, its saves cost run_ready's other kinds too. */
void wa__context_call(wa_loop *loop, wa_handle *h) {
    wa_varcontext *c = h->u.call.ctx;
    wa_varcontext **outer = wa__context_enter(&c);
    h->u.call.cb(loop, h->u.call.arg);
    wa__context_leave(outer);
    if (c != h->u.call.ctx) wa__context_release(c);     /* made by a set in cb: it ends with the callback */
}

int wa__schedule_done_callback(wa_future *fut, wa_done_callback cb, void *arg) {
    wa_handle *h = handle_new(fut->loop, WA__READY_DONE);
    if (!h) return WA_ENOMEM;
    h->u.done.cb = cb;
    h->u.done.arg = arg;
    h->u.done.fut = wa_future_ref(fut);
    wa__ready_push(fut->loop, &h->r);
    return WA_OK;
}

static int check_call(wa_loop *loop, wa_callback cb, const char *func, const char *cb_name, const wa_site *site) {
    if (!loop) return wa__misuse(WA_EINVAL, func, "loop is NULL");
    if (!cb) return wa__misuse(WA_EINVAL, func, "callback is NULL");
    if (loop->closed) return wa__misuse(WA_ECLOSED, func, "Event loop is closed");
    if (wa__debugging(loop) && !wa__loop_on_thread(loop))
        return wa__misuse(WA_EWRONGTHREAD, func,
                          "Non-thread-safe operation invoked on an event loop other than the current one "
                          "(%s() at %s:%d in %s; use wa_call_soon_threadsafe)", cb_name ? cb_name : "callback",
                          site->file ? site->file : "?", site->line, site->func ? site->func : "?");
    return WA_OK;
}

/* Records what debug mode keeps of a new handle. */
static void remember(wa_handle *h, const char *cb_name, const wa_site *site) {
    if (!h->debug) return;
    wa__handle_debug *d = (wa__handle_debug *)h;
    d->cb_name = cb_name;
    d->created = *site;
}

static void hand_out(wa_handle *h, wa_handle **handle_out) {
    if (handle_out) {
        h->refs++;
        *handle_out = h;
    }
}

int (wa_call_soon)(wa_loop *loop, wa_callback cb, void *arg, wa_handle **handle_out) {
    return wa__call_soon_at(loop, cb, arg, handle_out, NULL, NULL, 0, NULL);
}

int wa__call_soon_at(wa_loop *loop, wa_callback cb, void *arg, wa_handle **handle_out, const char *cb_name,
                     const char *file, int line, const char *func) {
    static const char fn[] = "wa_call_soon";
    wa_site site = wa__site(file, line, func);
    if (handle_out) *handle_out = NULL;
    int rc = check_call(loop, cb, fn, cb_name, &site);
    if (rc) return rc;
    wa_handle *h = handle_new(loop, WA__READY_CALL);
    if (!h) return wa__misuse(WA_ENOMEM, fn, "out of memory");
    remember(h, cb_name, &site);
    h->u.call.cb = cb;
    h->u.call.arg = arg;
    wa__ready_push(loop, &h->r);
    hand_out(h, handle_out);
    return WA_OK;
}

/* Puts r, a handle's or a timer's, in the heap, due at when; a deadline
 * earlier than all others re-arms the running loop's host.  WA_ENOMEM. */
static int queue_timer(wa_loop *loop, wa__ready *r, double when) {
    if (wa__timers_push(loop, r, when)) return WA_ENOMEM;
    if (loop->running && loop->host->arm && wa__timers_top(loop) == r)
        loop->host->arm(loop->host_state, when - wa_loop_time(loop));
    return WA_OK;
}

int (wa_call_at)(wa_loop *loop, double when, wa_callback cb, void *arg, wa_handle **handle_out) {
    return wa__call_at_at(loop, when, cb, arg, handle_out, NULL, NULL, 0, NULL);
}

int wa__call_at_at(wa_loop *loop, double when, wa_callback cb, void *arg, wa_handle **handle_out,
                   const char *cb_name, const char *file, int line, const char *func) {
    static const char fn[] = "wa_call_at";
    wa_site site = wa__site(file, line, func);
    if (handle_out) *handle_out = NULL;
    int rc = check_call(loop, cb, fn, cb_name, &site);
    if (rc) return rc;
    if (isnan(when)) return wa__misuse(WA_EINVAL, fn, "when is NaN");
    wa_handle *h = handle_new(loop, WA__READY_CALL);
    if (!h) return wa__misuse(WA_ENOMEM, fn, "out of memory");
    remember(h, cb_name, &site);
    h->u.call.cb = cb;
    h->u.call.arg = arg;
    h->when = when;
    h->is_timer = true;
    if (queue_timer(loop, &h->r, when)) {
        wa__handle_release(h);
        return wa__misuse(WA_ENOMEM, fn, "out of memory");
    }
    hand_out(h, handle_out);
    return WA_OK;
}

int wa__timer_schedule(wa_loop *loop, wa__timer *t, double when, void (*run)(wa_loop *loop, wa__timer *t, bool fire)) {
    t->r = (wa__ready){.kind = WA__READY_TIMER};
    t->when = when;
    t->run = run;
    return queue_timer(loop, &t->r, when);
}

void wa__ready_drop(wa_loop *loop, wa__ready *r) {
    if (r->kind == WA__READY_TIMER) {
        wa__timer *t = WA__CONTAINER_OF(r, wa__timer, r);
        t->run(loop, t, false);
    } else {
        wa__handle_release(WA__CONTAINER_OF(r, wa_handle, r));
    }
}

int (wa_call_later)(wa_loop *loop, double delay, wa_callback cb, void *arg, wa_handle **handle_out) {
    return wa__call_later_at(loop, delay, cb, arg, handle_out, NULL, NULL, 0, NULL);
}

int wa__call_later_at(wa_loop *loop, double delay, wa_callback cb, void *arg, wa_handle **handle_out,
                      const char *cb_name, const char *file, int line, const char *func) {
    if (handle_out) *handle_out = NULL;
    if (!loop) return wa__misuse(WA_EINVAL, "wa_call_later", "loop is NULL");
    if (isnan(delay)) return wa__misuse(WA_EINVAL, "wa_call_later", "delay is NaN");
    return wa__call_at_at(loop, wa_loop_time(loop) + delay, cb, arg, handle_out, cb_name, file, line, func);
}

void wa_handle_cancel(wa_handle *h) {
    if (h) wa__ready_cancel(h->loop, &h->r);
}

bool wa_handle_cancelled(const wa_handle *h) { return h && h->r.cancelled; }
double wa_handle_when(const wa_handle *h) { return h && h->is_timer ? h->when : 0; }
void wa_handle_unref(wa_handle *h) {
    if (h) wa__handle_release(h);
}

void wa__handle_drop(wa_handle **h) {
    wa_handle_cancel(*h);
    wa_handle_unref(*h);
    *h = NULL;
}
