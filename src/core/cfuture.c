/*
 * cfuture.c — asyncio.run_coroutine_threadsafe and the
 * concurrent.futures.Future it returns (tasks.py, futures.py's
 * _chain_future, concurrent/futures/_base.py).
 *
 * A wa_cfuture has two sides.  The users' side, on any thread, reads and
 * waits under lock.  The loop's side, on the loop's thread only, makes the
 * task (in the iteration after the call, through a call_soon_threadsafe
 * node inside the cfuture), owns it, and settles the cfuture when the task
 * is done: values and errors are cloned there (clone.c), so the users'
 * threads never touch an object of the loop.  A cancel goes the other way:
 * the cfuture is cancelled at once, and a second node carries the task's
 * cancel to the loop, as _chain_future's _call_check_cancel does.
 *
 * Invariants.  refs counts the users' references, plus one (the loop's)
 * from the call until the loop's side is through: the task settled it and
 * no cancel is on its way, or the start never ran (the loop closed first),
 * or the loop was freed.  While the task may still settle the cfuture, the
 * cfuture is one of the loop's resources (linked), so wa_loop_free settles
 * it instead of leaving it pending for ever; that also keeps the loop alive
 * for a cancel() that holds the lock (see cancel_send).  Once state leaves
 * PENDING, result and error never change, so readers need the lock only to
 * see that.
 */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "clone-int.h"
#include "context-int.h"
#include "task-int.h"

typedef enum cf_state { CF_PENDING, CF_CANCELLED, CF_FINISHED } cf_state;

typedef struct cf_callback {
    wa_cfuture_callback fn;
    void *arg;
} cf_callback;

struct wa_cfuture {
    atomic_uint refs;
    wa__mutex *lock;
    wa__cond *done;             /* broadcast when state leaves PENDING */
    /* under lock: */
    uint8_t state;              /* cf_state */
    bool chained;               /* the task exists: a cancel goes to it */
    bool cancel_queued;         /* the cancel node is on its way to the loop */
    cf_callback *callbacks;     /* while PENDING */
    size_t ncallbacks, cap;
    /* written once, when state leaves PENDING: */
    wa_value result;            /* FINISHED without error: owned */
    wa_error *error;            /* FINISHED with an error: a clone, this cfuture's alone */
    /* the call's, read by the loop's side: */
    wa_loop *loop;
    wa_step_fn step;
    size_t frame_size;
    void *frame;                /* the frame's first contents, until the task is made */
    wa_varcontext *ctx;         /* a copy of the caller's context (NULL: empty) */
    const char *file, *func;    /* the call's site, for debug mode */
    int line;
    /* the loop's thread only: */
    wa_task *task;              /* a reference, until the loop's side lets go */
    bool settled;               /* task_done ran */
    bool linked;                /* on the loop's resources */
    wa__resource resource;
    wa__ts_call start, cancel;
};

/* concurrent.futures' own: not asyncio's CancelledError, and an Exception */
const wa_error_type wa__concurrent_error = {"Error", &wa__exception};
const wa_error_type wa__concurrent_cancelled_error = {"CancelledError", &wa__concurrent_error};

static const char no_threads[] = "threads are not available in this build";
static const char loop_closed[] = "Event loop is closed";

/* The longest wait done with a deadline; a longer timeout waits as if for
 * ever (a timespec would overflow, and nobody waits 30 years). */
#define WAIT_FOREVER_AFTER 1e9

/* ---- both sides ---------------------------------------------------------- */

wa_cfuture *wa_cfuture_ref(wa_cfuture *f) {
    if (f) atomic_fetch_add_explicit(&f->refs, 1, memory_order_relaxed);
    return f;
}

void wa_cfuture_unref(wa_cfuture *f) {
    if (!f || atomic_fetch_sub_explicit(&f->refs, 1, memory_order_acq_rel) != 1) return;
    wa_value_clear(&f->result);     /* a pointer's destructor runs on this thread */
    wa_error_unref(f->error);
    free(f->callbacks);
    free(f->frame);
    wa_varcontext_unref(f->ctx);
    wa__cond_free(f->done);
    wa__mutex_free(f->lock);
    free(f);
}

static void run_callbacks(wa_cfuture *f, cf_callback *cbs, size_t n) {
    for (size_t i = 0; i < n; i++) cbs[i].fn(f, cbs[i].arg);
    free(cbs);
}

/* Leaves PENDING for state, with the value and error given (taken; NULL
 * for none), and runs the callbacks on this thread, as
 * concurrent.futures' set_result, set_exception and cancel do.  Called
 * with the lock held; returns with it released. */
static void settle_locked(wa_cfuture *f, cf_state state, wa_value *value, wa_error *take_error) {
    f->state = (uint8_t)state;
    if (value) f->result = *value;
    f->error = take_error;
    cf_callback *cbs = f->callbacks;
    size_t n = f->ncallbacks;
    f->callbacks = NULL;
    f->ncallbacks = f->cap = 0;
    wa__cond_broadcast(f->done);
    wa__mutex_unlock(f->lock);
    run_callbacks(f, cbs, n);
}

/* Settles a pending cfuture with a new error of type: a coroutine that will
 * never run, or a task that will never end. */
static void settle_error(wa_cfuture *f, const wa_error_type *type, const char *message) {
    wa__mutex_lock(f->lock);
    if (f->state != CF_PENDING) {
        wa__mutex_unlock(f->lock);
        return;
    }
    settle_locked(f, CF_FINISHED, NULL, wa_error_new(type, "%s", message));
}

/* ---- the loop's side ----------------------------------------------------- */

static void task_done(wa_future *tf, void *arg);

/* The frame will never run: what the call handed over goes. */
static void drop_start(wa_cfuture *f) {
    free(f->frame);
    f->frame = NULL;
    wa_varcontext_unref(f->ctx);
    f->ctx = NULL;
}

/* The loop's side lets go: off the resources, its reference dropped. */
static void loop_side_end(wa_cfuture *f) {
    if (f->linked) wa__resource_remove(&f->resource);
    f->linked = false;
    wa_task_unref(f->task);
    f->task = NULL;
    wa_cfuture_unref(f);
}

/* Through once the task settled the cfuture and no cancel is still on its
 * way (that cancel would need the cfuture). */
static void loop_side_end_if_through(wa_cfuture *f) {
    wa__mutex_lock(f->lock);
    bool through = f->settled && !f->cancel_queued;
    wa__mutex_unlock(f->lock);
    if (through) loop_side_end(f);
}

/* _set_concurrent_future_state: the task's outcome, copied for the users'
 * threads, unless the cfuture was cancelled meanwhile (then the task
 * keeps its result, as CPython drops it). */
static void settle_from_task(wa_cfuture *f) {
    wa_future *tf = wa_task_future(f->task);
    wa__mutex_lock(f->lock);
    if (f->state != CF_PENDING) {
        /* cancelled meanwhile: CPython returns before source.exception(),
         * so a failed task is reported as never retrieved */
        wa__mutex_unlock(f->lock);
        return;
    }
    if (wa_future_cancelled(tf)) {
        settle_locked(f, CF_CANCELLED, NULL, NULL);
        return;
    }
    wa_error *err = NULL;
    wa_future_exception(tf, &err);
    if (err) {
        settle_locked(f, CF_FINISHED, NULL, wa__error_clone(err));
        return;
    }
    wa_value view, copy;
    wa_future_result(tf, &view);
    if (view.kind == WA_KIND_PTR) {
        /* the destructor moves to the cfuture, which outlives the task */
        view.as.ptr.dtor = tf->result.as.ptr.dtor;
        tf->result.as.ptr.dtor = NULL;
    }
    if (wa__value_clone(&copy, &view))
        settle_locked(f, CF_FINISHED, NULL, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    else
        settle_locked(f, CF_FINISHED, &copy, NULL);
}

static void task_done(wa_future *tf, void *arg) {
    (void)tf;
    wa_cfuture *f = arg;
    settle_from_task(f);
    f->settled = true;
    wa_task_unref(f->task);
    f->task = NULL;
    loop_side_end_if_through(f);
}

static void cancel_arrived(wa_loop *loop, void *arg) {
    (void)loop;
    wa_cfuture *f = arg;
    wa__mutex_lock(f->lock);
    f->cancel_queued = false;
    wa__mutex_unlock(f->lock);
    if (f->task) wa_task_cancel(f->task, NULL);
    loop_side_end_if_through(f);
}

/* Queues the task's cancel; the caller set cancel_queued.  WA_ECLOSED. */
static int cancel_send(wa_cfuture *f) {
    f->cancel = (wa__ts_call){.cb = cancel_arrived, .arg = f};
    return wa__call_soon_threadsafe_node(f->loop, &f->cancel);
}

/* wa_loop_free with the loop's side still holding on (the loop is closed):
 * the task is done but its callback was dropped, or it never will be, or
 * it was never made. */
static void loop_freed(wa__resource *r) {
    wa_cfuture *f = WA__CONTAINER_OF(r, wa_cfuture, resource);
    f->linked = false;
    if (f->task && wa_future_done(wa_task_future(f->task)) && !f->settled) {
        settle_from_task(f);
    } else if (f->task) {
        wa_future_remove_done_callback(wa_task_future(f->task), task_done, f);
        settle_error(f, WA_RUNTIME_ERROR, loop_closed);
    } else {
        drop_start(f);
        settle_error(f, WA_RUNTIME_ERROR, loop_closed);
    }
    loop_side_end(f);
}

static void link_to_loop(wa_cfuture *f) {
    if (f->linked) return;
    wa__resource_add(f->loop, &f->resource, loop_freed);
    f->linked = true;
}

/* The call's callback, on the loop's thread: ensure_future and
 * _chain_future. */
static void start(wa_loop *loop, void *arg) {
    wa_cfuture *f = arg;
    link_to_loop(f);
    /* the task runs in a copy of the caller's context, as the callback's
     * handle ran in one */
    wa_varcontext **outer = wa__context_enter(&f->ctx);
    wa_task *t = wa__task_new_in(loop, NULL, f->step, f->frame_size, f->frame, NULL, f->file, f->line, f->func);
    wa__context_leave(outer);
    drop_start(f);
    if (t && wa_future_add_done_callback(wa_task_future(t), task_done, f)) {
        wa_task_unref(t);   /* it runs on, as a task nobody awaits */
        t = NULL;
    }
    if (!t) {
        /* CPython: the callback's exception goes to the future */
        settle_error(f, WA_MEMORY_ERROR, "out of memory");
        loop_side_end(f);
        return;
    }
    f->task = t;
    wa__mutex_lock(f->lock);
    f->chained = true;
    bool cancelled = f->state == CF_CANCELLED;
    f->cancel_queued = cancelled;
    wa__mutex_unlock(f->lock);
    /* cancelled before the task existed: its cancel follows its first
     * step, as _call_check_cancel's call_soon_threadsafe does */
    if (cancelled) cancel_send(f);
}

/* The loop closed with the start still queued: the coroutine never runs. */
static void start_dropped(wa_loop *loop, void *arg) {
    (void)loop;
    wa_cfuture *f = arg;
    if (f->linked) return;      /* made on the loop's thread: loop_freed sees to it */
    drop_start(f);
    settle_error(f, WA_RUNTIME_ERROR, loop_closed);
    wa_cfuture_unref(f);
}

/* ---- the call ------------------------------------------------------------ */

wa_cfuture *wa_run_coroutine_threadsafe(wa_loop *loop, wa_step_fn step, size_t frame_size, const void *init) {
    return wa__run_coroutine_threadsafe_at(loop, step, frame_size, init, NULL, 0, NULL);
}

wa_cfuture *wa__run_coroutine_threadsafe_at(wa_loop *loop, wa_step_fn step, size_t frame_size, const void *init,
                                            const char *file, int line, const char *func) {
    static const char fn[] = "wa_run_coroutine_threadsafe";
    if (!loop) {
        wa__misuse(WA_EINVAL, fn, "loop is NULL");
        return NULL;
    }
    if (!step || !init || frame_size < sizeof(wa_coro) || frame_size > WA__FRAME_SIZE_MAX) {
        wa__misuse(WA_EINVAL, fn, "A coroutine object is required");   /* CPython's TypeError */
        return NULL;
    }
    if (!wa__threads_available()) {
        wa__misuse(WA_ENOSYS, fn, "%s", no_threads);
        return NULL;
    }
    wa_cfuture *f = wa__sys_calloc(1, sizeof *f);
    if (f) {
        f->lock = wa__mutex_new();
        f->done = wa__cond_new();
        f->frame = wa__sys_malloc(frame_size);
    }
    if (!f || !f->lock || !f->done || !f->frame || wa__context_fork(&f->ctx)) {
        if (f) {
            atomic_init(&f->refs, 1);
            wa_cfuture_unref(f);
        }
        wa__misuse(WA_ENOMEM, fn, "out of memory");
        return NULL;
    }
    memcpy(f->frame, init, frame_size);
    atomic_init(&f->refs, 2);       /* the caller's and the loop's side's */
    f->loop = loop;
    f->step = step;
    f->frame_size = frame_size;
    f->file = file;
    f->line = line;
    f->func = func;
    /* on the loop's own thread the start goes to the ready queue, which
     * wa_loop_close empties without a word: loop_freed must see it */
    if (wa__running_loop() == loop) link_to_loop(f);
    f->start = (wa__ts_call){.cb = start, .arg = f, .dropped = start_dropped};
    if (wa__call_soon_threadsafe_node(loop, &f->start)) {
        /* CPython's call raises this; here the future carries it */
        drop_start(f);
        settle_error(f, WA_RUNTIME_ERROR, loop_closed);
        wa_cfuture_unref(f);
    }
    return f;
}

/* ---- the users' side ----------------------------------------------------- */

/* Waits until f is done or timeout seconds passed (concurrent.futures'
 * _condition.wait(timeout)); returns the state, the lock released.  On the
 * thread running f's loop a wait could only end by the timeout (the loop
 * cannot run the coroutine while its thread waits): WA_EDEADLOCK. */
static int wait_done(wa_cfuture *f, double timeout, const char *func, cf_state *state) {
    wa__mutex_lock(f->lock);
    if (f->state == CF_PENDING && timeout > 0) {
        if (wa__running_loop() == f->loop) {
            wa__mutex_unlock(f->lock);
            return wa__misuse(WA_EDEADLOCK, func,
                              "the calling thread runs the future's event loop, which cannot run the coroutine "
                              "while the thread waits for it");
        }
        if (timeout >= WAIT_FOREVER_AFTER) {
            while (f->state == CF_PENDING) wa__cond_wait(f->done, f->lock);
        } else {
            double deadline = wa__thread_clock() + timeout;
            while (f->state == CF_PENDING && wa__thread_clock() < deadline)
                wa__cond_wait_until(f->done, f->lock, deadline);
        }
    }
    *state = (cf_state)f->state;
    wa__mutex_unlock(f->lock);
    return WA_OK;
}

/* What result() and exception() share: 0 once f finished; else the
 * misuse, or WA_EEXCEPTION with the CancelledError or TimeoutError they
 * raise in *error (when error is not NULL) and its words in
 * wa_last_error(). */
static int wait_finished(wa_cfuture *f, double timeout, const char *func, wa_error **error) {
    if (error) *error = NULL;
    if (!f) return wa__misuse(WA_EINVAL, func, "future is NULL");
    cf_state state = CF_PENDING;
    int rc = wait_done(f, timeout, func, &state);
    if (rc || state == CF_FINISHED) return rc;
    const wa_error_type *type = state == CF_CANCELLED ? WA_CONCURRENT_CANCELLED_ERROR : WA_TIMEOUT_ERROR;
    if (error) *error = wa_error_new(type, NULL);
    return wa__misuse(WA_EEXCEPTION, func, "%s", type->name);
}

int wa_cfuture_result(wa_cfuture *f, double timeout, wa_value *out, wa_error **error) {
    static const char func[] = "wa_cfuture_result";
    if (out) *out = wa_none();
    int rc = wait_finished(f, timeout, func, error);
    if (rc) return rc;
    if (f->error) {
        if (error) *error = wa__error_clone(f->error);
        const char *message = wa_error_message(f->error);
        return wa__misuse(WA_EEXCEPTION, func, "%s%s%s", wa_error_type_of(f->error)->name, *message ? ": " : "",
                          message);
    }
    if (out) {
        *out = f->result;
        if (out->kind == WA_KIND_PTR) out->as.ptr.dtor = NULL;     /* a view: f keeps it */
    }
    return WA_OK;
}

int wa_cfuture_exception(wa_cfuture *f, double timeout, wa_error **out, wa_error **error) {
    if (out) *out = NULL;
    int rc = wait_finished(f, timeout, "wa_cfuture_exception", error);
    if (!rc && out) *out = wa__error_clone(f->error);
    return rc;
}

bool wa_cfuture_cancel(wa_cfuture *f) {
    if (!f) return false;
    wa__mutex_lock(f->lock);
    if (f->state != CF_PENDING) {
        bool cancelled = f->state == CF_CANCELLED;
        wa__mutex_unlock(f->lock);
        return cancelled;
    }
    bool send = f->chained;
    f->cancel_queued = send;
    /* Off the loop's thread the lock stays held while queueing: loop_freed
     * takes it too, so the loop cannot be freed under the call.  On it, the
     * loop is running, and the call may run the callback at once. */
    bool on_loop = wa__running_loop() == f->loop;
    if (send && !on_loop && cancel_send(f)) f->cancel_queued = false;      /* closed: loop_freed settles */
    wa_cfuture_ref(f);      /* a callback may drop the caller's reference */
    settle_locked(f, CF_CANCELLED, NULL, NULL);
    if (send && on_loop) cancel_send(f);
    wa_cfuture_unref(f);
    return true;
}

bool wa_cfuture_cancelled(const wa_cfuture *f) {
    if (!f) return false;
    wa__mutex_lock(f->lock);
    bool cancelled = f->state == CF_CANCELLED;
    wa__mutex_unlock(f->lock);
    return cancelled;
}

bool wa_cfuture_done(const wa_cfuture *f) {
    if (!f) return false;
    wa__mutex_lock(f->lock);
    bool done = f->state != CF_PENDING;
    wa__mutex_unlock(f->lock);
    return done;
}

bool wa_cfuture_running(const wa_cfuture *f) {
    (void)f;
    return false;
}

int wa_cfuture_add_done_callback(wa_cfuture *f, wa_cfuture_callback fn, void *arg) {
    static const char func[] = "wa_cfuture_add_done_callback";
    if (!f || !fn) return wa__misuse(WA_EINVAL, func, f ? "fn is NULL" : "future is NULL");
    wa__mutex_lock(f->lock);
    if (f->state != CF_PENDING) {
        wa__mutex_unlock(f->lock);
        fn(f, arg);
        return WA_OK;
    }
    if (f->ncallbacks == f->cap) {
        size_t cap = f->cap ? f->cap * 2 : 2;
        cf_callback *grown = wa__sys_realloc(f->callbacks, cap * sizeof *grown);
        if (!grown) {
            wa__mutex_unlock(f->lock);
            return wa__misuse(WA_ENOMEM, func, "out of memory");
        }
        f->callbacks = grown;
        f->cap = cap;
    }
    f->callbacks[f->ncallbacks++] = (cf_callback){fn, arg};
    wa__mutex_unlock(f->lock);
    return WA_OK;
}
