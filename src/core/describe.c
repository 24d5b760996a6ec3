/*
 * describe.c — frames naming themselves, and the report of a coroutine
 * that was never awaited, which asyncio makes in any mode.
 *
 * A frame is named by its own step function: called with resume ==
 * WA__DESCRIBE, WA_BEGIN returns at once through wa__describe with the
 * function's __func__, __FILE__ and first line, so running frames pay
 * nothing for being nameable.  The line a frame waits at is its resume
 * label, the __LINE__ of its latest await.
 */
#include "hook-int.h"

/* Where wa__describe writes: set only for the length of one probe. */
static _Thread_local wa__frame_desc *probe_out;

wa_status wa__describe(wa_coro *co, const char *file, int line, const char *func) {
    (void)co;
    if (probe_out) *probe_out = (wa__frame_desc){func, file, line};
    return WA_STATUS_SUSPEND;
}

void wa__frame_probe(wa_coro *co, wa__frame_desc *out) {
    *out = (wa__frame_desc){"?", "?", 0};
    wa__frame_desc *outer = probe_out;
    int resume = co->resume;
    probe_out = out;
    co->resume = WA__DESCRIBE;
    co->step(co);
    co->resume = resume;
    probe_out = outer;
}

int wa__frame_line(const wa_coro *co, const wa__frame_desc *d) {
    if (co->resume == 0) return d->begin_line;
    return co->resume < 0 ? -co->resume : co->resume;    /* WA_WITH_ACQUIRED labels its acquire -__LINE__ */
}

void wa__report_never_awaited(wa_task *t, wa_coro *co, const wa_site *site) {
    wa__frame_desc d;
    wa__frame_probe(co, &d);
    char text[160];
    /* CPython's RuntimeWarning, through the one channel C has */
    wa__format(text, sizeof text, "coroutine '%s' was never awaited", d.func);
    wa_context ctx = {text, NULL, NULL, t, NULL, site, WA_LEVEL_ERROR};
    wa_loop_call_exception_handler(t->fut.loop, &ctx);
}
