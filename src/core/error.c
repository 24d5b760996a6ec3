/*
 * error.c — exceptions raised inside coroutines.
 *
 * An error is refcounted and immutable once raised, apart from its cause
 * and its context (which try.c sets as Python's raise does).
 * Types form a tree by `base`, like Python's class hierarchy; CancelledError
 * hangs off BaseException (not Exception), as in Python 3.8+, so a handler
 * that catches WA_EXCEPTION never swallows a cancellation.
 *
 * Raising must never fail: out of memory, wa_error_new hands out one shared,
 * immortal MemoryError.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "alloc-int.h"
#include "error-int.h"

const wa_error_type wa__base_exception = {"BaseException", NULL};
const wa_error_type wa__exception = {"Exception", &wa__base_exception};
const wa_error_type wa__cancelled_error = {"CancelledError", &wa__base_exception};
const wa_error_type wa__os_error = {"OSError", &wa__exception};
const wa_error_type wa__timeout_error = {"TimeoutError", &wa__os_error};
const wa_error_type wa__invalid_state_error = {"InvalidStateError", &wa__exception};
const wa_error_type wa__runtime_error = {"RuntimeError", &wa__exception};
const wa_error_type wa__value_error = {"ValueError", &wa__exception};
const wa_error_type wa__type_error = {"TypeError", &wa__exception};
const wa_error_type wa__memory_error = {"MemoryError", &wa__exception};
const wa_error_type wa__base_exception_group = {"BaseExceptionGroup", &wa__base_exception};
const wa_error_type wa__broken_barrier_error = {"BrokenBarrierError", &wa__runtime_error};
const wa_error_type wa__queue_empty = {"QueueEmpty", &wa__exception};
const wa_error_type wa__queue_full = {"QueueFull", &wa__exception};
const wa_error_type wa__queue_shutdown = {"QueueShutDown", &wa__exception};
const wa_error_type wa__stop_async_iteration = {"StopAsyncIteration", &wa__exception};
const wa_error_type wa__generator_exit = {"GeneratorExit", &wa__base_exception};
const wa_error_type wa__connection_error = {"ConnectionError", &wa__os_error};
const wa_error_type wa__connection_refused_error = {"ConnectionRefusedError", &wa__connection_error};
const wa_error_type wa__connection_reset_error = {"ConnectionResetError", &wa__connection_error};
const wa_error_type wa__connection_aborted_error = {"ConnectionAbortedError", &wa__connection_error};
const wa_error_type wa__broken_pipe_error = {"BrokenPipeError", &wa__connection_error};
const wa_error_type wa__eof_error = {"EOFError", &wa__exception};
const wa_error_type wa__lookup_error = {"LookupError", &wa__exception};
const wa_error_type wa__incomplete_read_error = {"IncompleteReadError", &wa__eof_error};
const wa_error_type wa__limit_overrun_error = {"LimitOverrunError", &wa__exception};
const wa_error_type wa__gaierror = {"gaierror", &wa__os_error};
/* Python's ExceptionGroup has two bases, BaseExceptionGroup and Exception;
 * here its base is Exception and wa_error_is supplies the other. */
const wa_error_type wa__exception_group = {"ExceptionGroup", &wa__exception};

#define IMMORTAL UINT32_MAX

/* Shared by every failed allocation; its refcount never changes.  Const
 * data cast to mutable only where refs is compared, never written. */
static wa_error out_of_memory = {.type = &wa__memory_error, .refs = IMMORTAL};

static bool descends(const wa_error_type *type, const wa_error_type *t) {
    for (; type; type = type->base)
        if (type == t) return true;
    return false;
}

wa_error *wa_error_new(const wa_error_type *type, const char *fmt, ...) {
    if (!type) type = WA_EXCEPTION;
    wa_error *e = wa__sys_calloc(1, sizeof *e);
    if (!e) return &out_of_memory;
    e->type = type;
    e->refs = 1;
    if (fmt) {
        /* one argument, the text, as ValueError("...") has: even "" */
        va_list ap;
        va_start(ap, fmt);
        int n = wa__vformat(NULL, 0, fmt, ap);
        va_end(ap);
        char *text = wa__sys_malloc(n > 0 ? (size_t)n + 1 : 1);
        if (!text) {
            free(e);
            return &out_of_memory;
        }
        text[0] = '\0';
        if (n > 0) {
            va_start(ap, fmt);
            wa__vformat(text, (size_t)n + 1, fmt, ap);
            va_end(ap);
        }
        e->arg = wa_str(text);
        e->args = &e->arg;
        e->nargs = 1;
        e->message = WA__LINKED(wa__key_error) && descends(type, &wa__key_error)
                         ? wa__key_error_str(text, e->arg.as.buf.len)
                         : text;
        if (!e->message) {
            wa_error_unref(e);
            return &out_of_memory;
        }
    }
    return e;
}

wa_error *wa__cancelled_error_new(const char *msg) {
    return msg ? wa_error_new(WA_CANCELLED_ERROR, "%s", msg) : wa_error_new(WA_CANCELLED_ERROR, NULL);
}

wa_error *wa_error_ref(wa_error *e) {
    if (e && e->refs != IMMORTAL) e->refs++;
    return e;
}

/* Drops one reference; an error whose count reaches zero goes on *dead,
 * one that may be left in a cycle of errors is checked. */
static void release(wa_error *e, wa_error **dead) {
    if (!e || e->refs == IMMORTAL) return;
    if (--e->refs == 0) {
        e->next_dead = *dead;
        *dead = e;
    } else if (e->may_cycle) {
        wa__error_collect(e);
    }
}

void wa__error_free_node(wa_error *e) {
    free(e->children);
    if (e->message != e->arg.as.buf.data) free(e->message);
    if (e->args == &e->arg) free((char *)e->arg.as.buf.data);
    else {
        for (size_t i = 0; i < e->nargs; i++) wa_value_clear(&e->args[i]);
        free(e->args);
    }
    free(e->data);
    free(e);
}

void wa_error_unref(wa_error *e) {
    /* a worklist, not recursion: cause, context and children chains can be long */
    wa_error *dead = NULL;
    release(e, &dead);
    while (dead) {
        e = dead;
        dead = e->next_dead;
        for (size_t i = 0; i < e->nchildren; i++) release(e->children[i], &dead);
        release(e->cause, &dead);
        release(e->context, &dead);
        wa__error_free_node(e);
    }
}

bool wa_error_is(const wa_error *e, const wa_error_type *t) {
    if (!e || !t) return false;
    for (const wa_error_type *k = e->type; k; k = k->base)
        if (k == t || (k == WA_EXCEPTION_GROUP && t == WA_BASE_EXCEPTION_GROUP)) return true;
    return false;
}

const wa_error_type *wa_error_type_of(const wa_error *e) { return e ? e->type : NULL; }
const char *wa_error_message(const wa_error *e) { return e && e->message ? e->message : ""; }
wa_error *wa_error_cause(const wa_error *e) { return e ? e->cause : NULL; }
wa_error *wa_error_context(const wa_error *e) { return e ? e->context : NULL; }
bool wa_error_suppress_context(const wa_error *e) { return e && e->suppress_context; }

void wa_error_set_cause(wa_error *e, wa_error *take_cause) {
    if (!e || e->refs == IMMORTAL) {
        wa_error_unref(take_cause);
        return;
    }
    wa_error_unref(e->cause);
    e->cause = take_cause;
    e->suppress_context = true;     /* Python: setting __cause__, even to None */
    wa__error_linked(e, take_cause);
}

/* e is handled or inside it (an except* handler raising one of its leaves):
 * a context there would be a reference cycle. */
static bool inside(const wa_error *handled, const wa_error *e, int depth) {
    if (handled == e) return true;
    for (size_t i = 0; i < handled->nchildren && depth < 64; i++)
        if (inside(handled->children[i], e, depth + 1)) return true;
    return false;
}

void wa__error_set_context(wa_error *e, wa_error *handled) {
    if (!e || !handled || e->refs == IMMORTAL || inside(handled, e, 0)) return;
    for (wa_error *o = handled; o && o->context; o = o->context)
        if (o->context == e) {
            if (o->refs != IMMORTAL) {
                o->context = NULL;
                wa_error_unref(e);
            }
            break;
        }
    wa_error_ref(handled);
    wa_error_unref(e->context);
    e->context = handled;
    wa__error_linked(e, handled);
}

/* The errors printed so far (the first 64), as traceback's _seen: a cause
 * or context already printed is not followed again, so a cycle through a
 * group prints once. */
typedef struct seen_errors {
    const wa_error *e[64];
    int n;
} seen_errors;

static bool unseen(const seen_errors *seen, const wa_error *e) {
    for (int i = 0; i < seen->n; i++)
        if (seen->e[i] == e) return false;
    return e != NULL;
}

/* Python prints the cause first, then "The above exception was the direct
 * cause of the following exception:", then the error itself; without a
 * cause, the context (unless suppressed, as `raise ... from` does) and
 * "During handling of the above exception, another exception occurred:".
 * A group's children follow it, one per line, indented by nesting depth. */
static size_t format_error(const wa_error *e, char *buf, size_t size, size_t at, int depth, int indent,
                           seen_errors *seen) {
    /* depth bounds the recursion; indent is the nesting in groups only, so
     * a chained error's children line up as the error's own do */
    if (seen->n < (int)(sizeof seen->e / sizeof *seen->e)) seen->e[seen->n++] = e;
    if (e->cause) {
        if (depth < 16 && unseen(seen, e->cause)) {
            at = format_error(e->cause, buf, size, at, depth + 1, indent, seen);
            at = wa__append(buf, size, at, "%s", "\nThe above exception was the direct cause of the following exception:\n\n");
        }
    } else if (!e->suppress_context && depth < 16 && unseen(seen, e->context)) {
        at = format_error(e->context, buf, size, at, depth + 1, indent, seen);
        at = wa__append(buf, size, at, "%s", "\nDuring handling of the above exception, another exception occurred:\n\n");
    }
    at = wa__append(buf, size, at, "%s", e->type->name);
    if (e->children)
        at = wa__append(buf, size, at, ": %s (%zu sub-exception%s)", wa_error_message(e), e->nchildren,
                    e->nchildren == 1 ? "" : "s");
    else if (e->message && *e->message)     /* Python's traceback: the type alone when str() is "" */
        at = wa__append(buf, size, at, ": %s", e->message);
    /* a child is printed even when seen, as traceback does */
    for (size_t i = 0; i < e->nchildren && depth < 16; i++) {
        at = wa__append(buf, size, at, "\n%*s", 2 * (indent + 1), "");
        at = format_error(e->children[i], buf, size, at, depth + 1, indent + 1, seen);
    }
    return at;
}

size_t wa_error_format(const wa_error *e, char *buf, size_t size) {
    if (buf && size) buf[0] = '\0';
    if (!e) return 0;
    if (!buf) size = 0;
    seen_errors seen = {.n = 0};
    return format_error(e, buf, size, 0, 0, 0, &seen);
}

wa_error *wa__error_details(wa_error *e, int errnum, int64_t number, const void *data, size_t len) {
    if (e == &out_of_memory) return e;
    e->errnum = errnum;
    e->number = number;
    if (len) {
        e->data = wa__sys_malloc(len);
        if (e->data) {
            memcpy(e->data, data, len);
            e->data_len = len;
        }
    }
    return e;
}

int wa_error_errno(const wa_error *e) { return e && wa_error_is(e, WA_OS_ERROR) ? e->errnum : 0; }
int64_t wa_error_expected(const wa_error *e) { return e ? e->number : 0; }
int64_t wa_error_consumed(const wa_error *e) { return e ? e->number : 0; }

const char *wa_error_partial(const wa_error *e, size_t *len) {
    if (len) *len = e ? e->data_len : 0;
    return e && e->data ? e->data : "";
}

wa_error *wa__error_leave_frame(wa_error *err) {
    /* PEP 479 (genobject.c): the frame's awaiter must not read a
     * StopIteration as the coroutine returning */
    if (!WA__LINKED(wa__stop_iteration) || !descends(err ? err->type : NULL, &wa__stop_iteration)) return err;
    return wa__stop_iteration_wrap(err, "coroutine raised StopIteration");
}

wa_error *wa__error_into_future(wa_error *err) {
    /* futures.py's set_exception: the exact type, not its subclasses */
    if (!WA__LINKED(wa__stop_iteration) || err->type != &wa__stop_iteration) return err;
    return wa__stop_iteration_wrap(err, "StopIteration interacts badly with generators and cannot be raised into a Future");
}
