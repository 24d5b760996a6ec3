/*
 * park.c — a task waiting in Event.wait, Lock.acquire, Semaphore.acquire,
 * Queue.get or Queue.put without a library frame or a waiter future: the
 * task goes on the primitive's waiter list itself (tagged, waitq.c) and
 * its own step node is the wake-up.
 *
 * It replays asyncio's waiter future step for step, so traces do not
 * change: waking is the future's set_result, which queues the task's
 * __wakeup — here the step node, queued at the same moment; cancelling is
 * the future's cancel(msg), whose CancelledError __wakeup raises at the
 * next step — here delivered as the step's thrown error; and the code after
 * `await fut` in those methods runs at that step before the task's
 * frames (the primitive's resume).  A waiting task per Event.wait
 * costs no memory beyond the task and a list slot (a put's item waits in
 * the task's slot).
 *
 * A sleep parks its task on the sleep future itself (sleep.c): no list;
 * the due timer is the set_result, and the await reads the future.  A
 * TaskGroup's exit parks its task on the group (taskgroup.c): no list
 * either; its last task's end is the set_result.  A stream's read parks
 * its task on the stream (stream.c), which points back at the task; the
 * data's arrival is the set_result.
 */
#include "hook-int.h"
#include "park-int.h"

void wa__park_drop(wa_task *t) {
    if (t->park != WA__PARK_WAITING) return;
    const wa__park_future_ops *on_future = wa__park_future_of(t);
    if (on_future && on_future->on_awaited) {     /* a sleep's: the future stays, a plain one */
        wa__park_leave(t);
        return;
    }
    char text[96];
    /* CPython's RuntimeWarning for the coroutine it would have been */
    wa__format(text, sizeof text, "coroutine '%s' was never awaited", wa__park_ops_of(t)->what);
    wa__park_leave(t);
    wa_context ctx = {text, NULL, NULL, t, NULL, NULL, WA_LEVEL_ERROR};
    wa_loop_call_exception_handler(t->fut.loop, &ctx);
}

int wa__park_register(wa_loop *loop, const wa__park_ops *ops) {
    for (int i = 0; i < loop->npark_kinds; i++)
        if (loop->park_kinds[i] == ops) return i;
    if (loop->npark_kinds == WA__PARK_KINDS) return -1;
    loop->park_kinds[loop->npark_kinds] = ops;
    loop->park_resume[loop->npark_kinds] = WA__INLINE_PATHS && ops->woken ? ops->woken : ops->resume;
    return loop->npark_kinds++;
}

wa_future *wa__park_slow(wa_coro *co, wa__waitq *q, void *obj, const wa__park_ops *ops, uint8_t *known) {
    wa_task *t = co->task;
    int kind = wa__park_register(t->fut.loop, ops);
    if (kind < 0) return wa__fail_await(co, wa_error_new(WA_RUNTIME_ERROR, "more kinds of park than WA__PARK_KINDS"));
    *known = (uint8_t)(kind + 1);
    if (t->top != co) wa__task_drop_orphans(t, co, true);     /* a library frame never awaited */
    if (t->park == WA__PARK_WAITING) wa__park_drop(t);     /* an earlier park never awaited */
    wa__park_release_await(co);     /* first: the slot is the park's next */
    if (wa__waitq_push(q, wa__waitq_tag(t))) {
        wa__misuse(WA_ENOMEM, "await", "out of memory");
        return wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    }
    wa__park_set(t, (uint8_t)kind, obj);
    return WA__PARK;
}

bool wa__park_on(wa_coro *co, void *obj, const wa__park_ops *ops) {
    wa_task *t = co->task;
    int kind = wa__park_register(t->fut.loop, ops);
    if (kind < 0) return false;
    if (t->top != co) wa__task_drop_orphans(t, co, true);     /* a library frame never awaited */
    if (t->park == WA__PARK_WAITING) wa__park_drop(t);     /* an earlier park never awaited */
    if (t->park) return false;
    wa__park_release_await(co);     /* first: the slot is the park's next */
    wa__park_set(t, (uint8_t)kind, obj);
    return true;
}

bool wa__park_cancel(wa_task *t, const char *msg) {
    const wa__park_future_ops *on_future = t->park ? wa__park_future_of(t) : NULL;
    if (on_future && on_future->cancel) return on_future->cancel(t, msg);
    if (t->park != WA__PARK_WAITING) return false;
    t->park = WA__PARK_CANCELLED;
    wa__task_throw(t, wa__cancelled_error_new(msg));
    wa__ready_push(t->fut.loop, &t->step);
    return true;
}

void wa__park_leave(wa_task *t) {
    if (t->park == WA__PARK_NONE) return;
    const wa__park_future_ops *on_future = wa__park_future_of(t);
    if (on_future) {
        if (on_future->leave) on_future->leave(t);
    } else {    /* Event.set and a lock's wake-up leave the woken on the list, Queue's takes them off */
        wa__waitq_remove(wa__park_ops_of(t)->waiters(t->parked_on), wa__waitq_tag(t));
    }
    if (wa__park_holds_slot(t)) t->parked_on = NULL;    /* the slot is the awaited future's again */
    t->park = WA__PARK_NONE;
}
