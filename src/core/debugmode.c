/*
 * debugmode.c — what the engine keeps for asyncio's debug mode: the loop's
 * settings, and where objects made in debug mode were created.  What reads
 * them to report and describe is the debug observer (debug-int.h), so
 * debug mode can be switched on only where the observer is linked.
 */
#include "hook-int.h"

const wa__future_ops wa__debug_future_ops = {.size = sizeof(wa__future_debug)};

int wa_loop_set_debug(wa_loop *loop, bool enabled) {
    if (!loop) return wa__misuse(WA_EINVAL, __func__, "loop is NULL");
    if (enabled && !wa__debug)
        return wa__misuse(WA_EINVAL, __func__, "debug mode is not in this build (its debug observer is not linked)");
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
