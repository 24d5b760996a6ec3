/*
 * repr.c — futures, tasks, handles, values and errors described as asyncio's
 * reprs describe them, for reports and introspection:
 *
 *     <Task pending name='w' coro=<worker() running at w.c:20> wait_for=<sleep pending> created at w.c:41>
 *     <Future finished exception=ValueError('boom') created at f.c:9>
 *     <TimerHandle when=1.500 tick() created at t.c:12>
 *
 * A task's coroutine is named by asking its root frame (inspect.c); the
 * "created at" parts exist for objects made in debug mode.  Every function
 * appends at an offset and returns the new one, snprintf-like.
 */
#include <string.h>

#include "debug-int.h"

/* How deep wait_for=<...> nests before it is cut short: a chain of tasks
 * awaiting tasks would otherwise make every line as long as the chain. */
#define REPR_DEPTH 2
/* reprlib's limit, roughly: long strings are cut. */
#define REPR_STRING_MAX 40

static size_t repr_quoted(const char *s, size_t len, char *buf, size_t size, size_t at) {
    at = wa__append_str(buf, size, at, "'");
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (i == REPR_STRING_MAX) return wa__append_str(buf, size, at, "...'");
        if (c == '\'' || c == '\\') at = wa__append(buf, size, at, "\\%c", c);
        else if (c == '\n') at = wa__append_str(buf, size, at, "\\n");
        else if (c < 0x20 || c == 0x7f) at = wa__append(buf, size, at, "\\x%02x", c);
        else at = wa__append_str(buf, size, at, (char[2]){(char)c, '\0'});
    }
    return wa__append_str(buf, size, at, "'");
}

static size_t repr_value(const wa_value *v, char *buf, size_t size, size_t at) {
    switch (v->kind) {
    case WA_KIND_NONE: return wa__append_str(buf, size, at, "None");
    case WA_KIND_BOOL: return wa__append_str(buf, size, at, v->as.b ? "True" : "False");
    case WA_KIND_INT: return wa__append(buf, size, at, "%lld", (long long)v->as.i);
    case WA_KIND_DOUBLE: return wa__append(buf, size, at, "%g", v->as.d);
    case WA_KIND_STR: return repr_quoted(v->as.buf.data, v->as.buf.len, buf, size, at);
    case WA_KIND_BYTES:
        at = wa__append_str(buf, size, at, "b");
        return repr_quoted(v->as.buf.data, v->as.buf.len, buf, size, at);
    case WA_KIND_PTR: return wa__append_str(buf, size, at, "<pointer>");
    case WA_KIND_LIST: return wa__append(buf, size, at, "<list of %zu>", v->as.list.len);
    case WA_KIND_ERROR: return wa__repr_error(v->as.err, buf, size, at);
    }
    return at;
}

size_t wa__repr_error(const wa_error *e, char *buf, size_t size, size_t at) {
    size_t n = wa_error_group_size(e);
    if (!n) return at + wa_error_repr(e, at < size ? buf + at : NULL, at < size ? size - at : 0);
    at = wa__append(buf, size, at, "%s(", wa_error_type_of(e)->name);
    const char *msg = wa_error_message(e);
    at = repr_quoted(msg, strlen(msg), buf, size, at);
    at = wa__append_str(buf, size, at, ", [");
    for (size_t i = 0; i < n; i++) {
        if (i) at = wa__append_str(buf, size, at, ", ");
        at = wa__repr_error(wa_error_group_child(e, i), buf, size, at);
    }
    return wa__append_str(buf, size, at, "])");
}

static size_t repr_site(const wa_site *s, char *buf, size_t size, size_t at) {
    return s ? wa__append(buf, size, at, " created at %s:%d", s->file, s->line) : at;
}

/* asyncio's _format_coroutine: where the task's own coroutine is, or where
 * it was defined once it is done. */
static size_t repr_coro(wa_task *t, char *buf, size_t size, size_t at) {
    wa_coro *root = wa__task_root(t);
    wa__frame_desc d;
    wa__frame_probe(root, &d);
    if (t->fut.state == WA_PENDING && t->top)
        return wa__append(buf, size, at, "%s() running at %s:%d", d.func, d.file, wa__frame_line(root, &d));
    return wa__append(buf, size, at, "%s() done, defined at %s:%d", d.func, d.file, d.begin_line);
}

static const char *state_word(const wa_future *f) {
    switch ((wa_future_state)f->state) {
    case WA_PENDING:
        return f->is_task && ((const wa_task *)f)->num_cancels_requested > 0 ? "cancelling" : "pending";
    case WA_CANCELLED: return "cancelled";
    case WA_FINISHED: break;
    }
    return "finished";
}

static size_t repr_future(wa_future *f, char *buf, size_t size, size_t at, int depth) {
    wa_task *t = f->is_task ? (wa_task *)f : NULL;
    const char *cls = t                        ? "Task"
                      : f->ops && f->ops->label ? f->ops->label(f)
                      : f->ops && f->ops->name  ? f->ops->name
                                                : "Future";
    at = wa__append(buf, size, at, "<%s %s", cls, state_word(f));
    if (t) {
        at = wa__append_str(buf, size, at, " name=");
        const char *name = wa_task_name(t);
        at = repr_quoted(name, strlen(name), buf, size, at);
        if (depth >= REPR_DEPTH) return wa__append_str(buf, size, at, " ...>");
        at = wa__append_str(buf, size, at, " coro=<");
        at = repr_coro(t, buf, size, at);
        at = wa__append_str(buf, size, at, ">");
        if (wa__task_waiting_on(t) && f->state == WA_PENDING) {
            at = wa__append_str(buf, size, at, " wait_for=");
            at = repr_future(wa__task_waiting_on(t), buf, size, at, depth + 1);
        } else if (t->park && f->state == WA_PENDING) {
            at = wa__append_str(buf, size, at, " wait_for=");
            at = wa__repr_park(t, buf, size, at);
        }
    }
    if (f->state == WA_FINISHED) {
        at = wa__append_str(buf, size, at, f->error ? " exception=" : " result=");
        at = f->error ? wa__repr_error(f->error, buf, size, at) : repr_value(&f->result, buf, size, at);
    }
    at = repr_site(t ? wa__task_site(t) : wa__future_site(f), buf, size, at);
    return wa__append_str(buf, size, at, ">");
}

size_t wa__repr_future(wa_future *f, char *buf, size_t size, size_t at) { return repr_future(f, buf, size, at, 0); }

/* A parked task's wait, shown as the waiter future it stands for. */
size_t wa__repr_park(const wa_task *t, char *buf, size_t size, size_t at) {
    const wa__park_ops *ops = wa__park_ops_of(t);
    switch ((wa__park_state)t->park) {
    case WA__PARK_WOKEN: return wa__append(buf, size, at, "<%s finished result=%s>", ops->what, ops->result);
    case WA__PARK_CANCELLED: return wa__append(buf, size, at, "<%s cancelled>", ops->what);
    default: return wa__append(buf, size, at, "<%s pending>", ops->what);
    }
}

size_t wa__repr_handle(wa_handle *h, char *buf, size_t size, size_t at) {
    at = wa__append(buf, size, at, "<%s", h->is_timer ? "TimerHandle" : "Handle");
    if (h->is_timer) at = wa__append(buf, size, at, " when=%.3f", h->when);
    if (h->r.cancelled) at = wa__append_str(buf, size, at, " cancelled");
    const char *name = h->debug ? ((wa__handle_debug *)h)->cb_name : NULL;
    at = wa__append(buf, size, at, " %s(", name ? name : "callback");
    if (h->r.kind == WA__READY_DONE) at = repr_future(h->u.done.fut, buf, size, at, REPR_DEPTH);
    at = wa__append_str(buf, size, at, ")");
    at = repr_site(wa__handle_site(h), buf, size, at);
    return wa__append_str(buf, size, at, ">");
}
