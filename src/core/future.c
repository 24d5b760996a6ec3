/*
 * future.c — asyncio.Future: a result that arrives later.
 *
 * A future goes PENDING -> FINISHED (result or error) or PENDING ->
 * CANCELLED exactly once.  Its done callbacks are scheduled with call_soon,
 * in the order they were added, when it becomes done; one added later is
 * scheduled at once.  A failed future that is freed before anyone read its
 * error reports "exception was never retrieved" (asyncio's __del__).
 *
 * Most futures have one waiter (the task awaiting it), so the first
 * callback is stored inline and only a second one allocates.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc-int.h"
#include "context-int.h"
#include "hook-int.h"

void wa__future_init(wa_future *f, wa_loop *loop, bool is_task) {
    memset(f, 0, sizeof *f);
    wa__future_start(f, loop, is_task);
}

wa_future *(wa_future_new)(wa_loop *loop) { return wa__future_new_at(loop, NULL, 0, NULL); }

wa_future *wa__future_new_at(wa_loop *loop, const char *file, int line, const char *func) {
    if (!loop) {
        wa__misuse(WA_EINVAL, "wa_future_new", "loop is NULL");
        return NULL;
    }
    if (loop->closed) {
        wa__misuse(WA_ECLOSED, "wa_future_new", "Event loop is closed");
        return NULL;
    }
    if (wa__debugging(loop) && file) {
        /* a subtype that only carries its creation site */
        wa_future *f = wa__future_new_sub(loop, &wa__debug_future_ops, "wa_future_new");
        if (f) ((wa__future_debug *)f)->created = wa__site(file, line, func);
        return f;
    }
    wa_future *f = wa__alloc(loop, sizeof *f);
    if (!f) {
        wa__misuse(WA_ENOMEM, "wa_future_new", "out of memory");
        return NULL;
    }
    wa__future_init(f, loop, false);
    return f;
}

wa_future *wa__future_new_sub(wa_loop *loop, const wa__future_ops *ops, const char *func) {
    bool traced = wa__debugging(loop) && ops != &wa__debug_future_ops;     /* that one has its own site */
    wa_future *f = wa__alloc(loop, traced ? WA__TRACED_SIZE(ops->size) : ops->size);
    if (!f) {
        wa__misuse(WA_ENOMEM, func, "out of memory");
        return NULL;
    }
    memset(f, 0, ops->size);
    wa__future_init(f, loop, false);
    f->ops = ops;
    if (traced) wa__debug->trace_made(f);
    f->debug_made = wa__debugging(loop);
    return f;
}

wa_future *wa_future_ref(wa_future *f) {
    if (f) f->refs++;
    return f;
}

void wa_future_unref(wa_future *f) {
    if (f && --f->refs == 0) wa__future_free(f);
}

void wa__report_released(const wa_future *f, const char *func) {
    if (wa__debug) wa__debug->report_released(f, func);
}

/* Gives the block back, or, for one made in debug mode, keeps it marked a
 * while, with references enough that a release too many never frees it
 * again. */
static void free_block(wa_loop *loop, wa_future *f, size_t size) {
    if (f->debug_made && wa__debug->release_later(loop, f, size)) {
        f->state = WA__RELEASED;
        f->refs = UINT32_MAX / 2;
        return;
    }
    wa__free(loop, f, size);
}

/* call_soon(cb, fut): a task's wakeup reuses the step node inside the task,
 * anything else gets a handle. */
static int schedule_callback(wa_future *f, wa_done_callback cb, void *arg) {
    if (cb == wa__task_wakeup) {
        wa_task *t = arg;
        /* a done task's node may carry a callback; __step would do nothing */
        if (t->fut.state == WA_PENDING) wa__ready_push(f->loop, &t->step);
        return WA_OK;
    }
    if (f->is_task && !wa__debugging(f->loop)) {
        /* a done task never steps again: its step node carries the callback
         * (debug mode keeps handles, which it can describe) */
        wa_task *t = (wa_task *)f;
        if (!t->step.queued && !t->debug) {
            t->step.kind = WA__READY_TASK_DONE;
            f->cb.first = (wa__done_entry){cb, arg};
            f->refs++;
            wa__ready_push(f->loop, &t->step);
            return WA_OK;
        }
    }
    return wa__schedule_done_callback(f, cb, arg);
}

void wa__future_free(wa_future *f) {
    wa_loop *loop = f->loop;
    if (f->log_exception) {
        f->refs = 1;    /* alive while the handler looks at it */
        /* asyncio's context: the task itself goes in "future" */
        wa_context ctx = {f->is_task ? "Task exception was never retrieved" : "Future exception was never retrieved",
                          f->error, f, f->is_task ? (wa_task *)f : NULL, NULL, wa__future_site(f), WA_LEVEL_ERROR};
        wa_loop_call_exception_handler(loop, &ctx);
    }
    if (wa__value_owns(&f->result)) wa_value_clear(&f->result);
    if (f->error) wa_error_unref(f->error);
    if (f->callbacks_on_heap) free(f->cb.heap.items);
    size_t size = sizeof *f;    /* a plain one (never debug_made: debug mode makes wa__debug_future_ops ones) */
    if (f->is_task) {
        wa_task *t = (wa_task *)f;
        if (f->throw_error || t->top || t->frames || t->has_rare) {     /* a done task's are gone */
            wa__task_drop_frames(t);    /* and the error on its way in */
            wa__task_rare_free(t);
        }
        size = wa__task_block_size(t);
    } else if (f->ops) {
        if (f->ops->release) f->ops->release(f);
        size = f->traced ? WA__TRACED_SIZE(f->ops->size) : f->ops->size;
    }
    free_block(loop, f, size);  /* one call, inlined */
    wa__loop_unref(loop);
}

wa_loop *wa_future_loop(const wa_future *f) {
    if (!f) wa__misuse(WA_EINVAL, __func__, "future is NULL");
    return f ? f->loop : NULL;
}
wa_future_state wa_future_state_of(const wa_future *f) {
    return f && !wa__released(f, __func__) ? (wa_future_state)f->state : WA_PENDING;
}
bool wa_future_done(const wa_future *f) { return f && f->state != WA_PENDING; }   /* hot: no released check */
bool wa_future_cancelled(const wa_future *f) {
    return f && !wa__released(f, __func__) && f->state == WA_CANCELLED;
}

static wa__done_entry *entries(wa_future *f) { return f->callbacks_on_heap ? f->cb.heap.items : &f->cb.first; }

static void schedule_or_report(wa_future *f, wa__done_entry e) {
    if (schedule_callback(f, e.cb, e.arg))
        wa__report(f->loop, "a done callback was dropped: out of memory", NULL, f, NULL);
}

void wa__future_finish(wa_future *f) {
    if (f->ops && f->ops->on_done) f->ops->on_done(f);
    if (!f->callbacks_on_heap) {
        wa__done_entry one = f->cb.first;
        if (!one.cb) return;
        f->cb.first.cb = NULL;      /* emptied first: it may carry one again (a task's TASK_DONE) */
        schedule_or_report(f, one);
        return;
    }
    wa__done_entry *e = f->cb.heap.items;
    uint32_t n = f->cb.heap.len;
    f->cb.first = (wa__done_entry){NULL, NULL};
    f->callbacks_on_heap = false;
    for (uint32_t i = 0; i < n; i++) schedule_or_report(f, e[i]);
    free(e);
}

int wa_future_set_result(wa_future *f, wa_value value) {
    if (!f) return wa__misuse(WA_EINVAL, __func__, "future is NULL");
    /* a task's outcome is its coroutine's (and its pending result slot is
     * its frames', wa__owned) */
    if (f->is_task) return wa__misuse_as(WA_RUNTIME_ERROR, WA_EINVAL, __func__, "Task does not support set_result operation");
    if (f->state != WA_PENDING)
        return wa__misuse(WA_EINVALIDSTATE, __func__, "invalid state");   /* asyncio's words, done or cancelled */
    if (!wa__value_owns(&value))
        f->result = value;      /* no copy to make */
    else if (wa_value_copy(&f->result, &value))
        return wa__misuse(WA_ENOMEM, __func__, "out of memory");
    f->state = WA_FINISHED;
    wa__future_finish(f);
    return WA_OK;
}

int wa_future_set_exception(wa_future *f, wa_error *take_err) {
    if (!f || !take_err) {
        wa_error_unref(take_err);
        return wa__misuse(WA_EINVAL, __func__, f ? "error is NULL" : "future is NULL");
    }
    if (f->is_task) {
        wa_error_unref(take_err);
        return wa__misuse_as(WA_RUNTIME_ERROR, WA_EINVAL, __func__, "Task does not support set_exception operation");
    }
    if (f->state != WA_PENDING) {
        wa_error_unref(take_err);
        return wa__misuse(WA_EINVALIDSTATE, __func__, "invalid state");   /* asyncio's words, done or cancelled */
    }
    take_err = wa__error_into_future(take_err);
    f->error = take_err;
    f->state = WA_FINISHED;
    f->log_exception = true;
    wa__future_finish(f);
    return WA_OK;
}

bool wa_future_cancel(wa_future *f, const char *msg) {
    if (!f) {
        wa__misuse(WA_EINVAL, __func__, "future is NULL");
        return false;
    }
    if (wa__released(f, __func__)) return false;
    if (f->is_task) return wa_task_cancel((wa_task *)f, msg);
    if (f->ops && f->ops->cancel) return f->ops->cancel(f, msg);
    f->log_exception = false;
    if (f->state != WA_PENDING) return false;
    wa__future_finish_cancelled(f, msg);
    return true;
}

void wa__future_finish_cancelled(wa_future *f, const char *msg) {
    wa_error *e = wa__cancelled_error_new(msg);
    f->state = WA_CANCELLED;
    f->error = wa_error_is(e, WA_CANCELLED_ERROR) ? e : NULL;   /* out of memory: made when asked */
    wa__future_finish(f);
}

int wa_future_result(wa_future *f, wa_value *out) {
    if (out) *out = wa_none();
    if (!f) return wa__misuse(WA_EINVAL, __func__, "future is NULL");
    switch (f->state) {
    case WA_PENDING:
        return wa__misuse(WA_EINVALIDSTATE, __func__, "Result is not set.");
    case WA_CANCELLED:
        return WA_ECANCELLED;
    case WA_FINISHED:
        break;
    default:
        wa__released(f, __func__);
        return WA_EINVALIDSTATE;
    }
    f->log_exception = false;
    if (f->error) return WA_EEXCEPTION;
    if (out) {
        *out = f->result;
        if (out->kind == WA_KIND_PTR) out->as.ptr.dtor = NULL;   /* a view: the future still owns it */
    }
    return WA_OK;
}

int wa_future_exception(wa_future *f, wa_error **out) {
    if (out) *out = NULL;
    if (!f) return wa__misuse(WA_EINVAL, __func__, "future is NULL");
    if (wa__released(f, __func__)) return WA_EINVALIDSTATE;
    if (f->state == WA_PENDING) return wa__misuse(WA_EINVALIDSTATE, __func__, "Exception is not set.");
    if (f->state == WA_CANCELLED) return WA_ECANCELLED;
    f->log_exception = false;
    if (out) *out = f->error;
    return WA_OK;
}

wa_error *wa_future_cancelled_error(wa_future *f) {
    if (!f || f->state != WA_CANCELLED) return NULL;
    if (f->error_once && f->error) {
        wa_error *e = f->error;
        f->error_once = false;
        f->error = NULL;
        return e;
    }
    /* asyncio's _make_cancelled_error: a new CancelledError(msg) for each
     * reader.  One shared error would carry each raise's context to the
     * other readers, and make reference cycles that leak (a wait_for's
     * TimeoutError caused by it, and it raised again in its handler). */
    if (!f->error || wa_error_args(f->error).as.list.len == 0) return wa__cancelled_error_new(NULL);
    return wa__cancelled_error_new(wa_error_message(f->error));
}

int wa_future_add_done_callback(wa_future *f, wa_done_callback cb, void *arg) {
    if (!f) return wa__misuse(WA_EINVAL, __func__, "future is NULL");
    if (!cb) return wa__misuse(WA_EINVAL, __func__, "callback is NULL");
    if (f->state != WA_PENDING) {
        if (wa__released(f, __func__)) return WA_EINVALIDSTATE;
        return schedule_callback(f, cb, arg) ? wa__misuse(WA_ENOMEM, __func__, "out of memory") : WA_OK;
    }
    uint32_t n = wa__ncallbacks(f);
    if (n == 0 && !f->callbacks_on_heap) {
        f->cb.first = (wa__done_entry){cb, arg};
        return WA_OK;
    }
    if (!f->callbacks_on_heap || n == f->cb.heap.cap) {
        uint32_t cap = f->callbacks_on_heap ? f->cb.heap.cap * 2 : 4;
        wa__done_entry *grown = wa__sys_realloc(f->callbacks_on_heap ? f->cb.heap.items : NULL, cap * sizeof *grown);
        if (!grown) return wa__misuse(WA_ENOMEM, __func__, "out of memory");
        if (!f->callbacks_on_heap) grown[0] = f->cb.first;
        f->cb.heap.items = grown;
        f->cb.heap.cap = cap;
        f->callbacks_on_heap = true;
    }
    f->cb.heap.items[n] = (wa__done_entry){cb, arg};
    f->cb.heap.len = n + 1;
    return WA_OK;
}

int wa_future_remove_done_callback(wa_future *f, wa_done_callback cb, void *arg) {
    if (!f) return wa__misuse(WA_EINVAL, __func__, "future is NULL");
    if (f->state != WA_PENDING) return 0;    /* its callbacks were scheduled (cb.first may be a TASK_DONE's) */
    wa__done_entry *e = entries(f);
    uint32_t n = wa__ncallbacks(f), kept = 0;
    for (uint32_t i = 0; i < n; i++)
        if (!(e[i].cb == cb && e[i].arg == arg)) e[kept++] = e[i];
    wa__callbacks_keep(f, kept);
    return (int)(n - kept);
}
