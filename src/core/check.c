/*
 * check.c — internal assertions and the loop invariant checker (Lua's
 * ltests.c lua_checkmemory, libuv's assert()s).  Each check restates an
 * invariant written at its struct in loop-int.h, task-int.h or park-int.h.
 */
#include <stdio.h>
#include <stdlib.h>

#include "park-int.h"

_Noreturn void wa__assert_fail(const char *cond, const char *file, int line) {
    char text[256];
    wa__format(text, sizeof text, "wasyncio: internal assertion failed at %s:%d: %s\n", file, line, cond);
    fputs(text, stderr);    /* not fprintf: programs need not link printf */
    abort();
}

/* Records the first breach; false so a check can return it. */
static bool breach(char *why, size_t size, const char *what, size_t at) {
    wa__format(why, size, "%s (entry %zu)", what, at);
    return false;
}

static bool check_ready(const wa_loop *loop, char *why, size_t size) {
    size_t n = 0, i = 0;
    const wa__ready *last = NULL;
    for (const wa__ready *r = loop->ready.head; r; r = r->next, i++) {
        last = r;
        if (r == &loop->batch_end) continue;
        n++;
        if (!r->queued) return breach(why, size, "ready queue: an entry not marked queued", i);
        switch (r->kind) {
        case WA__READY_CALL:
        case WA__READY_DONE: {
            const wa_handle *h = WA__CONTAINER_OF(r, wa_handle, r);
            if (h->loop != loop || h->refs == 0) return breach(why, size, "ready queue: a handle unowned or foreign", i);
            break;
        }
        case WA__READY_TASK_STEP:
        case WA__READY_TASK_DONE: {
            const wa_task *t = WA__CONTAINER_OF(r, wa_task, step);
            if (t->fut.loop != loop || t->fut.refs == 0) return breach(why, size, "ready queue: a task unowned or foreign", i);
            break;
        }
        case WA__READY_IO:
            if (WA__CONTAINER_OF(r, wa__io, r)->loop != loop) return breach(why, size, "ready queue: a foreign watcher", i);
            break;
        case WA__READY_TIMER:
            break;
        default:
            return breach(why, size, "ready queue: an entry of no kind", i);
        }
    }
    if (loop->ready.tail != (last ? &last->next : &loop->ready.head)) return breach(why, size, "ready queue: bad tail", i);
    if (n != loop->nready) return breach(why, size, "ready queue: nready is not its length", n);
    return true;
}

static bool check_timers(const wa_loop *loop, char *why, size_t size) {
    if (loop->ntimers > loop->timers_cap) return breach(why, size, "timer heap: more entries than room", loop->ntimers);
    size_t cancelled = 0;
    for (size_t i = 0; i < loop->ntimers; i++) {
        const wa__timer_entry *e = &loop->timers[i];
        if (i > 0) {
            const wa__timer_entry *parent = &loop->timers[(i - 1) / 2];
            if (e->when < parent->when || (e->when == parent->when && e->seq < parent->seq))
                return breach(why, size, "timer heap: a timer due before its parent", i);
        }
        const wa_handle *h = e->r->kind == WA__READY_CALL ? WA__CONTAINER_OF(e->r, wa_handle, r) : NULL;
        double when = h ? h->when : WA__CONTAINER_OF(e->r, wa__timer, r)->when;
        if ((h ? !h->is_timer : e->r->kind != WA__READY_TIMER) || !e->r->in_heap || !e->r->queued || when != e->when)
            return breach(why, size, "timer heap: an entry out of step with its timer", i);
        cancelled += e->r->cancelled;
    }
    if (cancelled != loop->ncancelled_timers)
        return breach(why, size, "timer heap: ncancelled_timers is not the cancelled entries", cancelled);
    return true;
}

/* A parked task waits on its primitive's list (park-int.h: WAITING). */
static bool on_its_list(const wa_task *t) {
    if (!t->parked_on) return false;
    if (wa__park_future_of(t)) return true;     /* a sleep's: no list */
    const wa__waitq *q = wa__park_ops_of(t)->waiters(t->parked_on);
    for (size_t i = 0; i < q->len; i++)
        if (wa__waitq_peek(q, i) == wa__waitq_tag((wa_task *)t)) return true;
    return false;
}

static bool check_tasks(const wa_loop *loop, char *why, size_t size) {
    size_t n = 0;
    for (const wa__list *p = loop->tasks.next; p != &loop->tasks; p = p->next, n++) {
        if (p->next->prev != p) return breach(why, size, "task list: broken links", n);
        const wa_task *t = WA__CONTAINER_OF(p, wa_task, node);
        if (!t->fut.is_task || t->fut.loop != loop) return breach(why, size, "task list: not a task of this loop", n);
        if (t->fut.state != WA_PENDING) return breach(why, size, "task list: a task done but still listed", n);
        if (t->fut.refs == 0) return breach(why, size, "task list: a task without the list's reference", n);
        if (t->park == WA__PARK_WAITING && !on_its_list(t))
            return breach(why, size, "waiter list: a parked task missing from its primitive's list", n);
    }
    if (n != loop->ntasks) return breach(why, size, "task list: ntasks is not its length", n);
    /* each pending task holds a reference on the loop, and so does the user */
    if (loop->refs < n + !loop->user_freed) return breach(why, size, "loop: fewer references than its tasks hold", loop->refs);
    return true;
}

bool wa__loop_check(const wa_loop *loop, char *why, size_t size) {
    return check_ready(loop, why, size) && check_timers(loop, why, size) && check_tasks(loop, why, size);
}

void wa__loop_assert(const wa_loop *loop, const char *file, int line) {
    char why[160];
    if (!wa__loop_check(loop, why, sizeof why)) wa__assert_fail(why, file, line);
}
