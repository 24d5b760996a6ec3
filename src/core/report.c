/*
 * report.c — the loop's exception handler: how errors nobody can raise
 * anywhere (a lost task exception, a task destroyed pending, a slow
 * callback in debug mode) reach the user.
 *
 * The default handler writes asyncio's text (base_events.py
 * default_exception_handler): the message, then the context's keys in
 * sorted order — future, handle, source_traceback, task — then the
 * exception.  C errors have no traceback, so the exception is written as
 * Python ends one: its cause first, then "Type: message".  Without the
 * debug observer (debug-int.h) there are no reprs: a future, task or
 * handle is named briefly, <Task finished name='w'>.
 */
#include <stdlib.h>

#include "alloc-int.h"
#include "hook-int.h"

/* The default handler's text fits here unless something is huge. */
#define REPORT_BUFFER 1024

/* The observer's repr, or the class, state and a task's name. */
static size_t name_future(wa_future *f, char *buf, size_t size, size_t at) {
    if (wa__debug) return wa__debug->repr_future(f, buf, size, at);
    static const char *const state[] = {"pending", "finished", "cancelled"};
    _Static_assert(WA_PENDING == 0 && WA_FINISHED == 1 && WA_CANCELLED == 2, "state[] follows wa_future_state");
    if (!f->is_task) return wa__append(buf, size, at, "<Future %s>", state[f->state]);
    return wa__append(buf, size, at, "<Task %s name='%s'>", state[f->state], wa_task_name((wa_task *)f));
}

static size_t name_handle(wa_handle *h, char *buf, size_t size, size_t at) {
    if (wa__debug) return wa__debug->repr_handle(h, buf, size, at);
    return wa__append_str(buf, size, at, h->is_timer ? "<TimerHandle>" : "<Handle>");
}

int wa_loop_set_exception_handler(wa_loop *loop, wa_exception_handler handler, void *arg) {
    if (!loop) return wa__misuse(WA_EINVAL, __func__, "loop is NULL");
    loop->handler = handler;
    loop->handler_arg = arg;
    return WA_OK;
}

size_t wa_context_format(const wa_context *ctx, char *buf, size_t size) {
    if (!buf) size = 0;
    if (size) buf[0] = '\0';
    if (!ctx) return 0;
    size_t at = wa__append(buf, size, 0, "%s",
                           ctx->message && *ctx->message ? ctx->message : "Unhandled exception in event loop");
    if (ctx->future) {
        at = wa__append_str(buf, size, at, "\nfuture: ");
        at = name_future(ctx->future, buf, size, at);
    }
    if (ctx->handle) {
        at = wa__append_str(buf, size, at, "\nhandle: ");
        at = name_handle(ctx->handle, buf, size, at);
    }
    /* sites are known in debug mode only: a build without the observer
     * (the npm runtime, no C of users) never has one */
    if (wa__debug && ctx->site && ctx->site->file)
        at = wa__append(buf, size, at,
                        "\nsource_traceback: Object created at (most recent call last):\n  File \"%s\", line %d, in %s",
                        ctx->site->file, ctx->site->line, ctx->site->func ? ctx->site->func : "?");
    /* asyncio calls a task "future" when it reports its exception */
    if (ctx->task && ctx->future != wa_task_future(ctx->task)) {
        at = wa__append_str(buf, size, at, "\ntask: ");
        at = name_future(wa_task_future(ctx->task), buf, size, at);
    }
    if (ctx->exception) {
        at = wa__append_str(buf, size, at, "\n");
        at += wa_error_format(ctx->exception, at < size ? buf + at : NULL, at < size ? size - at : 0);
    }
    return at;
}

void wa_loop_default_exception_handler(wa_loop *loop, const wa_context *ctx) {
    if (!loop || !ctx) return;
    char text[REPORT_BUFFER];
    size_t n = wa_context_format(ctx, text, sizeof text);
    char *big = n < sizeof text ? NULL : wa__sys_malloc(n + 1);
    if (big) wa_context_format(ctx, big, n + 1);   /* out of memory: the truncated text */
    loop->host->report(loop->host_state, big ? big : text);
    free(big);
}

wa_exception_handler wa_loop_get_exception_handler(const wa_loop *loop, void **arg) {
    if (arg) *arg = loop ? loop->handler_arg : NULL;
    return loop ? loop->handler : NULL;
}

/* Handle._run's except clause for h, or, for h NULL, call_exception_handler's
 * when the custom handler raised: the default handler reports that. */
static void report_raised(wa_loop *loop, wa_handle *h, wa_error *take_err) {
    if (h) {
        char text[REPORT_BUFFER];
        size_t at = wa__append_str(text, sizeof text, 0, "Exception in callback ");
        name_handle(h, text, sizeof text, at);
        wa_context ctx = {.message = text, .exception = take_err, .handle = h, .site = wa__handle_site(h),
                          .level = WA_LEVEL_ERROR};
        wa_loop_call_exception_handler(loop, &ctx);
    } else {
        wa_context ctx = {.message = "Unhandled error in exception handler", .exception = take_err,
                          .level = WA_LEVEL_ERROR};
        wa_loop_default_exception_handler(loop, &ctx);
    }
    wa_error_unref(take_err);
}

int wa_callback_raise(wa_loop *loop, wa_error *take_err) {
    if (!loop || !take_err) {
        wa_error_unref(take_err);
        return wa__misuse(WA_EINVAL, __func__, loop ? "error is NULL" : "loop is NULL");
    }
    if (!loop->raised) {
        wa_error_unref(take_err);
        return wa__misuse(WA_EINVALIDSTATE, __func__, "no callback or exception handler of this loop is running");
    }
    loop->report_raised = report_raised;
    wa_error_unref(*loop->raised);     /* the latest raise wins, as the last `raise` would */
    *loop->raised = take_err;
    return WA_OK;
}

void wa_loop_call_exception_handler(wa_loop *loop, const wa_context *ctx) {
    if (!loop || !ctx) return;
    if (!loop->handler) {
        wa_loop_default_exception_handler(loop, ctx);
        return;
    }
    wa_error *raised = NULL, **outer = loop->raised;
    loop->raised = &raised;
    loop->handler(loop, ctx, loop->handler_arg);
    loop->raised = outer;
    /* asyncio (base_events.call_exception_handler): the custom handler
     * failed, so the default one reports that, not the handler again */
    if (raised) loop->report_raised(loop, NULL, raised);
}

void wa__report(wa_loop *loop, const char *message, wa_error *exc, wa_future *fut, wa_task *task) {
    wa_context ctx = {message, exc, fut, task, NULL, NULL, WA_LEVEL_ERROR};
    wa_loop_call_exception_handler(loop, &ctx);
}
