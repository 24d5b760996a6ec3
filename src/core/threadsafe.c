/*
 * threadsafe.c — loop.call_soon_threadsafe: the one door into a loop from
 * other threads.
 *
 * A call is a node allocated from the system (the loop's slabs belong to
 * its thread), or one the caller embeds, queued under ts_lock; the host's
 * wake() ends a blocked wait, and the next iteration moves every queued call
 * into the ready queue in order, so calls from one thread run in the order
 * they were made.  ts_pending, set under the lock, lets the many iterations
 * with nothing queued skip the lock.
 *
 * A call made on the thread running the loop skips the queue: asyncio's
 * call_soon_threadsafe is call_soon plus a wake-up, so there it runs in
 * order with call_soon (run_coroutine_threadsafe's traces depend on it).
 */
#include <stdatomic.h>
#include <stdlib.h>

#include "alloc-int.h"
#include "loop-int.h"

static void release(wa__ts_call *c) {
    if (c->allocated) free(c);
}

static int queue(wa_loop *loop, wa__ts_call *c) {
    /* out of memory, the queue below still takes it */
    if (wa__running_loop() == loop && wa__call_soon_at(loop, c->cb, c->arg, NULL, NULL, NULL, 0, NULL) == WA_OK) {
        release(c);
        return WA_OK;
    }
    wa__mutex_lock(loop->ts_lock);
    bool closed = loop->closed;
    if (!closed) {
        wa__list_push_back(&loop->ts_calls, &c->node);
        atomic_store_explicit(&loop->ts_pending, true, memory_order_release);
    }
    wa__mutex_unlock(loop->ts_lock);
    if (closed) {
        release(c);
        return wa__misuse(WA_ECLOSED, "wa_call_soon_threadsafe", "Event loop is closed");
    }
    if (loop->host->wake) loop->host->wake(loop->host_state);
    else wa__loop_poke(loop);      /* a host without threads: this is the loop's thread */
    return WA_OK;
}

int wa_call_soon_threadsafe(wa_loop *loop, wa_callback cb, void *arg) {
    if (!loop || !cb) return wa__misuse(WA_EINVAL, __func__, !loop ? "loop is NULL" : "callback is NULL");
    wa__ts_call *c = wa__sys_malloc(sizeof *c);
    if (!c) return wa__misuse(WA_ENOMEM, __func__, "out of memory");
    *c = (wa__ts_call){.cb = cb, .arg = arg, .allocated = true};
    return queue(loop, c);
}

int wa__call_soon_threadsafe_node(wa_loop *loop, wa__ts_call *c) {
    c->allocated = false;
    return queue(loop, c);
}

/* Moves the queued calls to calls (a list head that points to itself). */
static void take_all(wa_loop *loop, wa__list *calls) {
    wa__list_init(calls);
    if (!atomic_load_explicit(&loop->ts_pending, memory_order_acquire)) return;
    wa__mutex_lock(loop->ts_lock);
    wa__list *n;
    while ((n = wa__list_pop_front(&loop->ts_calls))) wa__list_push_back(calls, n);
    atomic_store_explicit(&loop->ts_pending, false, memory_order_relaxed);
    wa__mutex_unlock(loop->ts_lock);
}

void wa__loop_take_threadsafe_calls(wa_loop *loop) {
    wa__list calls;
    take_all(loop, &calls);
    wa__list *n;
    while ((n = wa__list_pop_front(&calls))) {
        wa__ts_call *c = WA__CONTAINER_OF(n, wa__ts_call, node);
        if (!wa__call_soon_at(loop, c->cb, c->arg, NULL, NULL, NULL, 0, NULL)) {
            release(c);
        } else if (!c->allocated) {
            /* a caller's node hands work back (a job): dropping it would
             * leave its future pending forever, so it runs now instead */
            c->cb(loop, c->arg);
        } else {
            wa__report(loop, "a call_soon_threadsafe callback was dropped: out of memory", NULL, NULL, NULL);
            release(c);
        }
    }
}

void wa__loop_drop_threadsafe_calls(wa_loop *loop) {
    wa__list calls;
    take_all(loop, &calls);
    wa__list *n;
    while ((n = wa__list_pop_front(&calls))) {
        wa__ts_call *c = WA__CONTAINER_OF(n, wa__ts_call, node);
        if (c->allocated) free(c);
        else if (c->dropped) c->dropped(loop, c->arg);     /* may free the node */
    }
}
