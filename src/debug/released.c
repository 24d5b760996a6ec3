/*
 * released.c — debug mode's answer to a use after release.
 *
 * In debug mode a future or task whose last reference goes is released
 * (its result, callbacks, frames) but its block is kept unused for the next
 * RELEASED_KEPT releases, marked WA__RELEASED with no references.  The
 * functions that take a future check the mark: a use then is reported to
 * the loop's exception handler with the object's kind and where it was
 * made, and the call fails, where it would otherwise read a block recycled
 * for something else.  Subtype futures (gather, shield...) made in debug
 * mode end with where they were made: the frame that called the factory.
 */
#include <stdlib.h>

#include "../core/alloc-int.h"
#include "debug-int.h"

#define RELEASED_KEPT 1024u

struct wa__released {
    void *block;
    size_t size;
};

static const wa_site *traced_site(const wa_future *f) {
    const wa_site *m = wa__traced_record((wa_future *)f);
    return m->file ? m : NULL;
}

void wa__trace_made(wa_future *f) {
    wa_site *m = wa__traced_record(f);
    *m = (wa_site){0};
    wa_task *t = wa_current_task(f->loop);
    if (t && t->top) {
        wa__frame_desc d;
        wa__frame_probe(t->top, &d);
        *m = (wa_site){d.file, wa__frame_line(t->top, &d), d.func};
    }
    f->traced = true;
}

bool wa__release_later(wa_loop *loop, void *block, size_t size) {
    if (!loop->released) {
        loop->released = wa__sys_calloc(RELEASED_KEPT, sizeof *loop->released);
        if (!loop->released) return false;
    }
    struct wa__released *slot = &loop->released[loop->released_next];
    if (slot->block) wa__free(loop, slot->block, slot->size);   /* the oldest goes for good */
    else loop->nreleased++;
    *slot = (struct wa__released){block, size};
    loop->released_next = (loop->released_next + 1) % RELEASED_KEPT;
    return true;
}

void wa__released_drain(wa_loop *loop) {
    if (!loop->released) return;
    for (uint32_t i = 0; i < RELEASED_KEPT; i++)
        if (loop->released[i].block) wa__free(loop, loop->released[i].block, loop->released[i].size);
    free(loop->released);
    loop->released = NULL;
    loop->nreleased = 0;
}

void wa__debug_report_released(const wa_future *f, const char *func) {
    const char *kind = f->is_task ? "Task" : f->ops && f->ops->name ? f->ops->name : "Future";
    const wa_site *site = f->traced ? traced_site(f) : wa__future_site((wa_future *)f);
    char where[300] = "";
    if (site && site->file)
        wa__format(where, sizeof where, " (made in %s at %s:%d)", site->func ? site->func : "?", site->file, site->line);
    wa__misuse(WA_EINVALIDSTATE, func, "a released %s%s was used: it had no reference left", kind,
               f->is_task ? "" : " future");
    char message[512];
    wa__format(message, sizeof message, "%s: a released %s%s was used%s", func, kind, f->is_task ? "" : " future", where);
    wa_context ctx = {message, NULL, NULL, NULL, NULL, site, WA_LEVEL_ERROR};
    wa_loop_call_exception_handler(f->loop, &ctx);
}
