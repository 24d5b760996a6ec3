/*
 * lib-int.h — the asyncio library over the engine (sleep, gather, wait,
 * timeouts, TaskGroup, the primitives, queues, async generators): what its
 * files see of the engine, and share.
 */
#ifndef WA_LIB_INT_H
#define WA_LIB_INT_H

#include "../core/park-int.h"

/* A future a timer finishes (sleep's; wait's waiter starts with one).  The
 * timer holds a plain pointer to it, so wa__timer_future_stop, its on_done
 * and release, cancels the timer when the future is done or freed. */
typedef struct wa__timer_future {
    wa_future fut;
    wa_handle *timer;
} wa__timer_future;
void wa__timer_future_stop(wa_future *f);

/* aw.c: a wa_aw names a coroutine (rather than a future); the task that
 * runs it, made as ensure_future makes one (NULL with wa_last_error). */
bool wa__aw_is_coro(const wa_aw *a);
wa_task *wa__aw_task_new(wa_loop *loop, const wa_aw *a);

#endif
