/*
 * inspect.c — introspection, part of the debug observer: a task's await
 * chain (Task.get_stack and print_stack) and what every task of a loop is
 * doing.  Frames are named by asking them (describe.c).
 */
#include <math.h>
#include <stdlib.h>

#include "../core/alloc-int.h"
#include "debug-int.h"

void wa__frame_describe(wa_coro *co, wa_frame_info *out) {
    wa__frame_desc d;
    wa__frame_probe(co, &d);
    *out = (wa_frame_info){d.func, d.file, wa__frame_line(co, &d)};
}

/* Frames exist only while the task is pending. */
static wa_coro *top_frame(wa_task *t) { return t->fut.state == WA_PENDING ? t->top : NULL; }

size_t wa_task_get_stack(wa_task *t, wa_frame_info *out, size_t n) {
    if (!t) return 0;
    size_t depth = 0;
    for (wa_coro *co = top_frame(t); co; co = co->caller) depth++;
    size_t i = depth;
    for (wa_coro *co = top_frame(t); co; co = co->caller)
        if (--i < n && out) wa__frame_describe(co, &out[i]);
    return depth;
}

void wa__task_frame(wa_task *t, size_t depth, size_t i, wa_frame_info *out) {
    /* walks down from the innermost each time: chains are short, and
     * nothing is allocated */
    wa_coro *co = top_frame(t);
    for (size_t k = depth - 1; k > i; k--) co = co->caller;
    wa__frame_describe(co, out);
}

size_t wa__format_frames(wa_task *t, char *buf, size_t size, size_t at) {
    size_t depth = wa_task_get_stack(t, NULL, 0);
    for (size_t i = 0; i < depth; i++) {
        wa_frame_info f;
        wa__task_frame(t, depth, i, &f);
        at = wa__append(buf, size, at, "\n  File \"%s\", line %d, in %s", f.file, f.line, f.func);
    }
    return at;
}

size_t wa_task_format_stack(wa_task *t, char *buf, size_t size) {
    if (!buf) size = 0;
    if (size) buf[0] = '\0';
    if (!t) return 0;
    bool has = top_frame(t) != NULL;
    size_t at = wa__append(buf, size, 0, "%s for ", has ? "Stack" : "No stack");
    at = wa__repr_future(&t->fut, buf, size, at);
    if (!has) return at;
    at = wa__append_str(buf, size, at, " (most recent call last):");
    return wa__format_frames(t, buf, size, at);
}

/* Writes text made by format(arg, buf, size) through the loop's host. */
static void print_text(wa_loop *loop, size_t (*format)(void *arg, char *buf, size_t size), void *arg) {
    char small[512];
    size_t n = format(arg, small, sizeof small);
    char *big = n < sizeof small ? NULL : wa__sys_malloc(n + 1);
    if (big) format(arg, big, n + 1);
    loop->host->report(loop->host_state, big ? big : small);
    free(big);
}

static size_t format_stack(void *t, char *buf, size_t size) { return wa_task_format_stack(t, buf, size); }

void wa_task_print_stack(wa_task *t) {
    if (t) print_text(t->fut.loop, format_stack, t);
}

static const char *activity(wa_task *t) {
    if (t->fut.state != WA_PENDING) return "done";
    if (t->fut.loop->current == t) return "running";
    return t->step.queued || (!wa__task_waiting_on(t) && !t->park) ? "ready" : "waiting";
}

int wa_task_get_info(wa_task *t, wa_task_info *out) {
    if (!t || !out) return wa__misuse(WA_EINVAL, __func__, t ? "out is NULL" : "task is NULL");
    out->name = wa_task_name(t);
    out->state = t->fut.state == WA_CANCELLED ? "cancelled"
                 : t->fut.state == WA_FINISHED ? "finished"
                 : t->num_cancels_requested > 0 ? "cancelling" : "pending";
    out->activity = activity(t);
    wa__frame_describe(wa__task_root(t), &out->coro);
    out->depth = wa_task_get_stack(t, NULL, 0);
    if (out->depth) wa__frame_describe(t->top, &out->where);
    else out->where = out->coro;
    out->awaiting[0] = '\0';
    if (wa__task_waiting_on(t) && t->fut.state == WA_PENDING)
        wa__repr_future(wa__task_waiting_on(t), out->awaiting, sizeof out->awaiting, 0);
    else if (t->park && t->fut.state == WA_PENDING)
        wa__repr_park(t, out->awaiting, sizeof out->awaiting, 0);
    const wa_site *site = wa__task_site(t);
    out->created = site ? *site : wa__site(NULL, 0, NULL);
    /* kept up to date by the debug loop's timed steps */
    out->since = t->debug && t->fut.loop->debug && t->fut.state == WA_PENDING ? wa__task_debug_of(t)->since : NAN;
    return WA_OK;
}

typedef struct dump {
    char *buf;
    size_t size, at;
    double now;
} dump;

static void dump_task(wa_task *t, void *arg) {
    dump *d = arg;
    d->at = wa__append_str(d->buf, d->size, d->at, "\n");
    d->at = wa__repr_future(&t->fut, d->buf, d->size, d->at);
    const char *what = activity(t);
    if (t->debug && t->fut.loop->debug && t->fut.loop->current != t)
        d->at = wa__append(d->buf, d->size, d->at, "\n  %s for %.3f s", what, d->now - wa__task_debug_of(t)->since);
    else
        d->at = wa__append(d->buf, d->size, d->at, "\n  %s", what);
    d->at = wa__format_frames(t, d->buf, d->size, d->at);
}

size_t wa_loop_format_tasks(wa_loop *loop, char *buf, size_t size) {
    if (!buf) size = 0;
    if (size) buf[0] = '\0';
    if (!loop) return 0;
    dump d = {buf, size, 0, wa_loop_time(loop)};
    size_t n = wa_all_tasks(loop, NULL, NULL);
    d.at = wa__append(buf, size, 0, "%zu pending task%s:", n, n == 1 ? "" : "s");
    wa_all_tasks(loop, dump_task, &d);
    return d.at;
}

static size_t format_tasks(void *loop, char *buf, size_t size) { return wa_loop_format_tasks(loop, buf, size); }

void wa_loop_print_tasks(wa_loop *loop) {
    if (loop) print_text(loop, format_tasks, loop);
}
