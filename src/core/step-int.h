/*
 * step-int.h — the step of a task woken from a park (park.c), inline for
 * the loop's hand-offs, and the park states it reads.
 *
 * Apart from park-int.h because loop.c includes it: under the npm
 * runtime's link-time optimisation, loop.c seeing the park ops' struct
 * (park-int.h) made the module 5 KB larger.  So the step reaches a park's
 * resume through loop->park_resume, not its ops.
 */
#ifndef WA_STEP_INT_H
#define WA_STEP_INT_H

#include "task-int.h"

/* A task waiting on a primitive (Event.wait, Queue.get, Lock.acquire...)
 * with no library frame and no waiter future: the task goes on the
 * primitive's waiter list itself and its step node is the wake-up.
 * WAITING: on the list.  WOKEN: the future's set_result, step queued
 * (Queue's wake-up took it off the list; Event.set, a Lock's and a
 * Semaphore's did not).  CANCELLED: still on the list (a cancelled future
 * stays too), step queued with the CancelledError.
 * A park on a future (a sleep's, park-int.h) is WAITING from the factory
 * to its await, which makes it AWAITED (asyncio's _fut_waiter set), then
 * WOKEN or CANCELLED as the future ends. */
typedef enum wa__park_state {
    WA__PARK_NONE, WA__PARK_WAITING, WA__PARK_WOKEN, WA__PARK_CANCELLED, WA__PARK_AWAITED
} wa__park_state;

/* The rest of a step whose top frame co ran and gave st (task.c): the
 * frame runner, holding a reference (ending the task drops the tasks
 * list's); then outer is the current task again. */
void wa__task_step_rest(wa_task *t, wa_coro *co, wa_status st, wa_task *outer);
/* Runs the top frame of t, the current task (outer was), from the bottom
 * of the C stack (its children may run inline).  A step that suspends as
 * plainly as it resumed (no handoff, no orphan, no cancel, no frame stack
 * to trim) returns at once, taking no reference: the task is pending, so
 * the tasks list's keeps it.  Inline: every step ends here, and most
 * suspend.  (A build for size has the frame runner do it all.) */
static inline void wa__task_run_top(wa_loop *loop, wa_task *t, wa_task *outer) {
    t->waiting = false;
    wa_coro *co = t->top;
    co->depth = 0;
    wa_status st = co->step(co);
    if (!WA__INLINE_PATHS || st != WA_STATUS_SUSPEND || loop->handoff || t->top != co || t->must_cancel ||
        t->frames) {
        wa__task_step_rest(t, co, st, outer);
        return;
    }
    loop->current = outer;
}
/* A task woken from a park with nothing to throw in (a hand-off): its
 * step is asyncio's __step with no exception and no cancel to look at,
 * the task started long ago (only its own step ends a task), its context
 * made current by loop->current.  Inline: the loop runs a hand-off's step
 * without a call (loop.c), as wa__task_step does for the others. */
static inline bool wa__task_woken(const wa_task *t) {
    /* a build for size takes the general step, one copy of the code */
    return WA__INLINE_PATHS && t->park == WA__PARK_WOKEN && !t->throwing && !t->must_cancel;
}
static inline void wa__task_step_woken(wa_loop *loop, wa_task *t) {
    wa__assert(t->fut.state == WA_PENDING && t->started);
    wa_task *outer = loop->current;
    loop->current = t;
    if (loop->park_resume[t->park_kind](t, NULL))
        wa__task_run_top(loop, t, outer);
    else
        loop->current = outer;
}

#endif
