/*
 * loop.c — the event loop: lifecycle, one iteration, run/stop, and the
 * exception handler.
 *
 * One iteration is asyncio's BaseEventLoop._run_once: drop cancelled timers,
 * wait on the host (not at all when work is ready), move due timers to the
 * ready queue, then run exactly the handles that were ready when the
 * iteration began — anything they schedule runs in the next iteration.
 *
 * The loop is refcounted internally: every live handle, future and task
 * holds a reference, so reports made when they are freed after
 * wa_loop_free still have a loop to go through.  Its exception handler and
 * reports live in report.c, debug mode in debug.c.
 */
#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "alloc-int.h"
#include "context-int.h"
#include "hook-int.h"
#include "step-int.h"
#include "../net/net.h"

/* asyncio's _MIN_SCHEDULED_TIMER_HANDLES and
 * _MIN_CANCELLED_TIMER_HANDLES_FRACTION: compact the heap when cancelled
 * timers are more than half of at least this many. */
#define COMPACT_MIN_TIMERS 100

/* Timers due within this much of now run now (asyncio adds the monotonic
 * clock's resolution, 1 ns on Linux). */
#define CLOCK_RESOLUTION 1e-9

/* A host-driven tick runs iterations for at most this long before giving the
 * host's event loop a turn, so a page stays responsive. */
#define TICK_SLICE 0.004
/* ... and reads the clock for that once some callbacks have run, not after
 * every iteration: under Emscripten and the npm loader a reading is a call
 * out to JS, which costs more than a hand-off between two tasks. */
#define TICK_CLOCK_EVERY 64

/* asyncio's BaseEventLoop.slow_callback_duration. */
#define SLOW_CALLBACK_DURATION 0.1

/* The loop running on this thread (asyncio's _running_loop). */
static _Thread_local wa_loop *running_loop;

wa_loop *(wa_loop_new)(const wa_loop_options *opts) { return wa__loop_new_at(opts, NULL, 0, NULL); }

wa_loop *wa__loop_new_at(const wa_loop_options *opts, const char *file, int line, const char *func) {
    wa_loop *loop = wa__sys_calloc(1, sizeof *loop);
    if (!loop) {
        wa__misuse(WA_ENOMEM, __func__, "out of memory");
        return NULL;
    }
    loop->host = opts && opts->clock == WA_CLOCK_VIRTUAL ? &wa__host_virtual : &wa__host_real;
    loop->alloc.dense = wa__host_real.dense;
    wa__ready_queue_init(&loop->ready);
    wa__list_init(&loop->tasks);
    wa__list_init(&loop->agens);
    wa__list_init(&loop->ts_calls);
    wa__list_init(&loop->resources);
    loop->refs = 1;
    loop->debug = opts && opts->debug && wa__debug;     /* only where the observer is linked */
    loop->slow_callback_duration = SLOW_CALLBACK_DURATION;
    loop->created = wa__site(file, line, func);
    loop->ts_lock = wa__mutex_new();
    if (!loop->ts_lock) {
        free(loop);
        wa__misuse(WA_ENOMEM, __func__, "out of memory");
        return NULL;
    }
    int rc = loop->host->init(loop, &loop->host_state);
    if (rc) {
        wa__mutex_free(loop->ts_lock);
        free(loop);
        wa__misuse(rc, __func__, "the %s host could not start: %s", wa__host_real.name, wa_strerror(rc));
        return NULL;
    }
    return loop;
}

void wa__loop_ref(wa_loop *loop) { loop->refs++; }

void wa__loop_unref(wa_loop *loop) {
    wa__assert(loop->refs > 0);
    if (--loop->refs > 0) return;
    wa__loop_drop_threadsafe_calls(loop);
    wa__mutex_free(loop->ts_lock);
    free(loop->timers);
    free(loop->io_buf);
    if (loop->released) wa__debug->released_drain(loop);
    wa__allocator_drain(&loop->alloc);
    loop->host->close(loop->host_state);
    free(loop);
}

double wa_loop_time(const wa_loop *loop) { return loop ? loop->host->now(loop->host_state) : 0; }
bool wa_loop_is_running(const wa_loop *loop) { return loop && loop->running; }
bool wa_loop_is_closed(const wa_loop *loop) { return loop && loop->closed; }

wa_loop *wa__running_loop(void) { return running_loop; }

/* The loop runs on this thread: its tasks' steps run in their contexts
 * without entering them, the slot says to look at loop->current. */
static void run_here(wa_loop *loop) {
    running_loop = loop;
    loop->ctx_outer = wa__context_enter(WA__CTX_LOOP);
}

static void run_here_done(wa_loop *loop) {
    wa__context_leave(loop->ctx_outer);
    running_loop = NULL;
}

wa_loop *wa_get_running_loop(void) {
    if (!running_loop) wa__misuse(WA_ENOTRUNNING, __func__, "no running event loop");
    return running_loop;
}

int wa_loop_close(wa_loop *loop) {
    if (!loop) return wa__misuse(WA_EINVAL, __func__, "loop is NULL");
    if (loop->running) return wa__misuse(WA_ERUNNING, __func__, "Cannot close a running event loop");
    if (loop->closed) return WA_OK;
    wa__assert_loop(loop);     /* every test and program ends here: check what it leaves */
    wa__mutex_lock(loop->ts_lock);     /* call_soon_threadsafe reads closed under it */
    loop->closed = true;
    wa__mutex_unlock(loop->ts_lock);
    wa__loop_drop_threadsafe_calls(loop);
    if (wa__debugging(loop)) wa__debug_report_pending(loop);
    while (loop->ready.head) {
        wa__ready *r = wa__ready_queue_take(&loop->ready);
        r->queued = false;
        if (r->kind == WA__READY_CALL || r->kind == WA__READY_DONE) {
            wa_handle *h = WA__CONTAINER_OF(r, wa_handle, r);
            if (r->kind == WA__READY_DONE) wa__drop_scheduled_callback(h->u.done.cb, h->u.done.arg);
            wa__handle_release(h);
        } else if (r->kind == WA__READY_TASK_DONE) {
            wa_task *t = WA__CONTAINER_OF(r, wa_task, step);
            wa__drop_scheduled_callback(t->fut.cb.first.cb, t->fut.cb.first.arg);
            wa_task_unref(t);
        } else if (r->kind == WA__READY_TIMER) {
            wa__ready_drop(loop, r);
        }
    }
    loop->nready = 0;
    while (loop->ntimers) {
        wa__ready_drop(loop, wa__timers_pop(loop));
    }
    return WA_OK;
}

/* asyncio reports a pending task that is garbage-collected; here the loop
 * is what goes away, taking the frames of tasks that never finished.  A
 * coroutine that never started was never awaited either (its RuntimeWarning
 * comes after the task's report in CPython too). */
static void destroy_pending_tasks(wa_loop *loop) {
    wa__list *n;
    while ((n = wa__list_pop_front(&loop->tasks))) {
        wa_task *t = WA__CONTAINER_OF(n, wa_task, node);
        loop->ntasks--;
        wa_context ctx = {"Task was destroyed but it is pending!", NULL, NULL, t, NULL, wa__task_site(t), WA_LEVEL_ERROR};
        wa_loop_call_exception_handler(loop, &ctx);
        if (!t->started) wa__report_never_awaited(t, wa__task_root(t), wa__task_site(t));
        wa__task_drop_frames(t);
        wa__release_callback_refs(&t->fut);
        wa_task_unref(t);
    }
}

int wa_loop_free(wa_loop *loop) {
    if (!loop) return WA_OK;
    if (loop->running) return wa__misuse(WA_ERUNNING, __func__, "cannot free a running event loop");
    if (loop->user_freed) return wa__misuse(WA_EINVALIDSTATE, __func__, "the loop was already freed");
    wa__loop_shutdown_default_executor(loop);  /* its jobs finish and come back first */
    if (wa__debugging(loop) && !loop->closed) {
        char what[96];   /* asyncio: "unclosed event loop <_UnixSelectorEventLoop running=False ...>" */
        wa__format(what, sizeof what, "event loop <wa_loop %s running=False closed=False debug=True>", loop->host->name);
        wa__debug_unclosed(loop, what, &loop->created);
    }
    wa_loop_close(loop);
    /* Transports and servers left open: asyncio leaves them to the garbage
     * collector; here their sockets close now and connection_lost runs at
     * once (the loop is closed), so protocols can free what they hold. */
    wa__resources_close_all(loop);
    loop->user_freed = true;
    destroy_pending_tasks(loop);
    loop->handler = NULL;   /* its arg may die with the caller: later reports use the default */
    wa__loop_unref(loop);
    return WA_OK;
}

int wa__loop_enter(wa_loop *loop, const char *func) {
    if (!loop) return wa__misuse(WA_EINVAL, func, "loop is NULL");
    if (loop->closed) return wa__misuse(WA_ECLOSED, func, "Event loop is closed");
    if (loop->running) return wa__misuse(WA_ERUNNING, func, "This event loop is already running");
    if (running_loop)
        return wa__misuse(WA_ERUNNING, func, "Cannot run the event loop while another loop is running");
    loop->running = true;
    run_here(loop);
    return WA_OK;
}

void wa__loop_leave(wa_loop *loop) {
    loop->running = false;
    loop->stopping = false;
    if (running_loop == loop) run_here_done(loop);
}

bool wa__loop_on_thread(const wa_loop *loop) {
    /* a host-driven loop "runs" between its ticks too, on the one thread
     * such builds have */
    return running_loop == loop || !loop->running || !loop->host->can_block;
}

static void run_ready(wa_loop *loop, wa__ready *r) {
    r->queued = false;
    if (r->kind == WA__READY_TASK_STEP) {
        wa__task_step(WA__CONTAINER_OF(r, wa_task, step));
        return;
    }
    if (r->kind == WA__READY_TASK_DONE) {
        wa_task *t = WA__CONTAINER_OF(r, wa_task, step);
        wa__done_entry e = t->fut.cb.first;
        e.cb(&t->fut, e.arg);
        wa_task_unref(t);
        return;
    }
    if (r->kind == WA__READY_IO) {
        wa__io *io = WA__CONTAINER_OF(r, wa__io, r);
        int events = io->pending & io->interest;
        io->pending = 0;
        if (events) io->cb(io, events);
        return;
    }
    if (r->kind == WA__READY_TIMER) {
        wa__timer *t = WA__CONTAINER_OF(r, wa__timer, r);
        t->run(loop, t, !r->cancelled);
        return;
    }
    wa_handle *h = WA__CONTAINER_OF(r, wa_handle, r);
    if (!r->cancelled) {
        /* callbacks never nest (a running loop refuses to run again), so
         * the slot is the loop's and outside them raised is NULL */
        loop->raised = &loop->callback_raised;
        if (r->kind == WA__READY_CALL)
            wa__context_call(loop, h);
        else
            h->u.done.cb(h->u.done.fut, h->u.done.arg);
        loop->raised = NULL;
        wa_error *raised = loop->callback_raised;
        if (raised) {
            loop->callback_raised = NULL;
            loop->report_raised(loop, h, raised);
        }
    }
    wa__handle_release(h);
}

void wa__loop_run_ready(wa_loop *loop, wa__ready *r) { run_ready(loop, r); }

/* Work is ready and there is nothing else to look at (no timer, no
 * socket, no call from another thread): the rest of an iteration would
 * only find that out, on every iteration of a hand-off between tasks. */
static inline bool only_ready(wa_loop *loop) {
    return loop->nready && !loop->ntimers && !loop->nwatched &&
           !atomic_load_explicit(&loop->ts_pending, memory_order_acquire);
}

/* Runs a batch of one entry (two tasks handing off), taken before it
 * runs, so what it queues is the next batch and no mark is needed.
 * Debug mode times every callback: the batch does.  A build for size
 * lets the batch run it too: one copy of the code. */
static inline bool run_lone(wa_loop *loop) {
    if (!WA__INLINE_PATHS || loop->nready != 1 || wa__debugging(loop)) return false;
    loop->nready = 0;
    wa__ready *r = wa__ready_queue_take(&loop->ready);     /* counted, so there: no test for an empty queue */
    if (r->kind != WA__READY_TASK_STEP) {
        run_ready(loop, r);
        return true;
    }
    r->queued = false;
    wa_task *t = WA__CONTAINER_OF(r, wa_task, step);
    if (wa__task_woken(t))
        wa__task_step_woken(loop, t);
    else
        wa__task_step(t);
    return true;
}

/* Runs exactly the entries that were ready when the iteration began, as
 * asyncio does.  A mark ends the batch, so a watcher unqueued meanwhile
 * (io.c) does not let the next iteration's work in. */
static void run_batch(wa_loop *loop) {
    if (loop->nready == 0 || run_lone(loop)) return;
    wa__ready *mark = &loop->batch_end;
    wa__ready_queue_append(&loop->ready, mark);
    for (;;) {
        wa__ready *r = wa__ready_queue_take(&loop->ready);
        if (r == mark) break;
        /* the entries of a long batch lie scattered over the slabs: the
         * next one's memory comes in while this one runs */
        WA__PREFETCH(loop->ready.head);
        loop->nready--;
        if (wa__debugging(loop))
            wa__run_ready_timed(loop, r);
        else
            run_ready(loop, r);
        if (loop->closed) {
            wa__ready_queue_remove(&loop->ready, mark);
            break;
        }
    }
}

int wa__loop_run_once_polling(wa_loop *loop, bool may_block) {
    if (loop->ntimers > COMPACT_MIN_TIMERS && loop->ncancelled_timers * 2 > loop->ntimers)
        wa__timers_compact(loop);
    else if (loop->ncancelled_timers)
        wa__timers_drop_cancelled(loop);

    double timeout = 0;
    if (loop->nready == 0 && !loop->stopping && !atomic_load_explicit(&loop->ts_pending, memory_order_relaxed)) {
        timeout = loop->ntimers ? fmax(0, loop->timers[0].when - wa_loop_time(loop)) : -1;
    }
    if (timeout != 0) wa__allocator_trim(&loop->alloc, WA__SPARE_KEEP);  /* going idle */
    /* Work is ready and no socket is watched: the host has nothing to look
     * at, so no call (a system call natively).  A wake-up left pending just
     * ends the next blocking wait early. */
    bool poll = timeout != 0 || loop->nwatched;
    if (poll && (may_block || timeout == 0)) {
        /* nothing could ever wake a host without wake() but a JS promise
         * or a socket */
        if (timeout < 0 && !loop->host->wake && !loop->nexternal && !loop->nwatched) return WA_EDEADLOCK;
        int rc = loop->host->wait(loop->host_state, timeout);
        if (rc > 0) {
            loop->wait_errno = rc;
            return WA_EOSERROR;
        }
        if (rc) return rc;
    }

    /* the same test take_all makes, without a call per iteration */
    if (atomic_load_explicit(&loop->ts_pending, memory_order_acquire)) wa__loop_take_threadsafe_calls(loop);

    /* no timers, no clock to read: under WASI and Emscripten that is a call
     * out of the module on every iteration */
    double end = loop->ntimers ? wa_loop_time(loop) + CLOCK_RESOLUTION : 0;
    /* the heap's entries carry the deadlines: a timer is read once due,
     * and the next one's memory comes in while this one is queued */
    while (loop->ntimers && loop->timers[0].when < end) {
        wa__ready *top = wa__timers_pop(loop);
        if (loop->ntimers) WA__PREFETCH(loop->timers[0].r);
        if (top->cancelled)
            wa__ready_drop(loop, top);
        else
            wa__ready_push(loop, top);
    }

    run_batch(loop);
    return WA_OK;
}

int wa__loop_run_once(wa_loop *loop, bool may_block) {
    if (!only_ready(loop)) return wa__loop_run_once_polling(loop, may_block);
    run_batch(loop);
    return WA_OK;
}

int wa_loop_run_forever(wa_loop *loop) {
    if (loop && !loop->host->can_block)
        return wa__misuse(WA_EWOULDBLOCK, __func__,
                          "this loop is driven by the host's event loop; use wa_main or the JS API");
    int rc = wa__loop_enter(loop, __func__);
    if (rc) return rc;
    for (;;) {
        /* wa__loop_run_once, with iterations of one step and nothing
         * else (a hand-off) run here, without a call */
        if (!only_ready(loop))
            rc = wa__loop_run_once_polling(loop, true);
        else if (!run_lone(loop))
            run_batch(loop);
        if (rc == WA_EOSERROR) {
            wa__misuse(rc, __func__, "%s: [Errno %d] %s", wa_strerror(rc), loop->wait_errno,
                       wa__net_strerror(loop->wait_errno));
            break;
        }
        if (rc) {
            wa__misuse(rc, __func__, "%s", wa_strerror(rc));
            break;
        }
        if (loop->stopping) break;
    }
    wa__loop_leave(loop);
    wa__allocator_trim(&loop->alloc, WA__SPARE_KEEP);
    return rc;
}

int wa_loop_stop(wa_loop *loop) {
    if (!loop) return wa__misuse(WA_EINVAL, __func__, "loop is NULL");
    loop->stopping = true;
    return WA_OK;
}

void wa__stop_loop_when_done(wa_future *f, void *arg) {
    (void)arg;
    wa_loop_stop(f->loop);
}

int wa_loop_run_until_complete(wa_loop *loop, wa_future *fut) {
    if (!loop) return wa__misuse(WA_EINVAL, __func__, "loop is NULL");
    if (!fut) return wa__misuse(WA_EINVAL, __func__, "future is NULL");
    if (fut->loop != loop) return wa__misuse(WA_EFOREIGN, __func__, "the future belongs to another event loop");
    /* before the done callback, which could stop a running loop; enter
     * refuses it as asyncio does (_check_closed, then _check_running) */
    if (loop->closed || loop->running || running_loop) return wa__loop_enter(loop, __func__);
    wa_future_ref(fut);
    int rc = wa_future_add_done_callback(fut, wa__stop_loop_when_done, NULL);
    if (!rc) {
        rc = wa_loop_run_forever(loop);
        wa_future_remove_done_callback(fut, wa__stop_loop_when_done, NULL);
        if (!rc && !wa_future_done(fut))
            rc = wa__misuse(WA_EINVALIDSTATE, __func__, "Event loop stopped before Future completed.");
    }
    wa_future_unref(fut);
    return rc;
}

/* ---- host-driven loops --------------------------------------------------- */

static bool has_due_work(wa_loop *loop) {
    if (loop->nready) return true;
    return loop->ntimers && loop->timers[0].when < wa_loop_time(loop) + CLOCK_RESOLUTION;
}

static void arm_next(wa_loop *loop) {
    if (loop->nready) {
        loop->host->arm(loop->host_state, 0);
        return;
    }
    wa__timers_drop_cancelled(loop);
    bool timer = loop->ntimers;
    /* idle: arm nothing at all, so the host may exit or sleep */
    loop->host->arm(loop->host_state, timer ? fmax(0, loop->timers[0].when - wa_loop_time(loop)) : -1);
    if (!timer && !loop->nexternal && !loop->nwatched && loop->on_idle) loop->on_idle(loop, loop->on_stop_arg);
}

void wa__loop_poke(wa_loop *loop) {
    if (loop->running && !loop->closed && !running_loop && loop->host->arm) arm_next(loop);
}

void wa__loop_tick(wa_loop *loop) {
    if (!loop->running || loop->closed || running_loop) return;
    run_here(loop);
    wa__loop_ref(loop);
    double start = wa_loop_time(loop);
    size_t ran = 0;     /* callbacks since the clock was read, about */
    do {
        ran += loop->nready + 1;
        wa__loop_run_once(loop, false);
    } while (!loop->stopping && !loop->closed && has_due_work(loop) &&
             (ran < TICK_CLOCK_EVERY || (ran = 0, wa_loop_time(loop) - start < TICK_SLICE)));
    run_here_done(loop);
    if (loop->stopping || loop->closed) {
        loop->running = false;
        loop->stopping = false;
        loop->host->arm(loop->host_state, -1);
        if (loop->on_stop) loop->on_stop(loop, loop->on_stop_arg);
    } else {
        arm_next(loop);
    }
    wa__loop_unref(loop);
}
