/*
 * taskgroup.c — asyncio.TaskGroup as a scope.
 *
 * The group rings its tasks: each task's member record, a pointer in its
 * own block (wa__task_member), links it to the task started after it, and
 * the newest to the oldest; the group holds the newest.  So starting a
 * task allocates once and links it in O(1), and the tasks are cancelled
 * oldest first, as they were started.  Each task's one reference is for
 * the group and for the frame that entered it: the frame keeps the whole
 * ring, in a keep block of its own (kept_ring), until it ends, so that
 * `t = tg.create_task(...)` can be read after the group without a keep per
 * task.  A task that fails records its error and, the first time, cancels
 * its siblings and the parent task (so the body stops at its next await).
 * The exit waits until no task is pending, then raises an ExceptionGroup
 * of the errors, or lets the parent's own cancellation through, exactly in
 * asyncio's order.  It waits as asyncio does, on a future (on_completed),
 * in debug mode and a build for size; elsewhere the parent is parked on
 * the group (park.c), which makes no future: the last task's end is the
 * future's set_result.
 */
#include <stdlib.h>

#include "../core/alloc-int.h"
#include "../core/hook-int.h"
#include "lib-int.h"

/* A task of the group, inside that task's block: the task started after
 * it (the ring's oldest, for the newest). */
typedef struct member {
    wa_task *next;
} member;
_Static_assert(sizeof(member) <= WA__TASK_MEMBER_SIZE, "the room a grouped task's block has for it");

static wa_task *next_of(wa_task *t) { return ((member *)wa__task_member(t))->next; }

/* Drops the references of the ring that starts at oldest, newest first,
 * as a frame's keeps go: the links turned around first, into a list from
 * the newest, since each drop may free a task and its link. */
static void release_members(wa_task *oldest) {
    wa_task *t = oldest, *newest = NULL;
    do {
        member *m = wa__task_member(t);
        wa_task *next = m->next;
        m->next = newest;   /* the task started before it, NULL for the oldest */
        newest = t;
        t = next;
    } while (t != oldest);
    for (t = newest; t;) {
        wa_task *older = next_of(t);
        wa__future_unref(&t->fut);
        t = older;
    }
}

/* The keep block (keep.c) that holds a group's ring for the frame that
 * entered it: 24 bytes, a slab's 32, where a block of items takes 128 (a
 * tree of groups has one per node).  Not in the group: a group may go, be
 * zeroed and entered again, before its frame ends. */
typedef struct kept_ring {
    void *scope[2];     /* a wa_scope's ops and outer, used as its (scope_of) */
    wa_task *oldest;
} kept_ring;

static wa_scope *scope_of(kept_ring *r) { return (wa_scope *)r; }

static void ring_drop(wa_scope *s) {
    kept_ring *r = (kept_ring *)s;
    wa_loop *loop = r->oldest->fut.loop;
    release_members(r->oldest);
    wa__free(loop, r, sizeof *r);
}

static const wa_scope_ops ring_ops = {NULL, ring_drop};   /* no exit: a keep block */

static void abort_tasks(wa_taskgroup *g) {
    g->aborting = true;
    for (wa_task *t = g->last; t;) {
        t = next_of(t);     /* oldest first */
        if (!wa_future_done(wa_task_future(t))) wa_task_cancel(t, NULL);
        if (t == g->last) break;
    }
}

/* The errors the group's tasks raised, grown by doubling. */
struct wa__group_errors {
    size_t n, cap;
    wa_error *items[];
};

static void add_error(wa_taskgroup *g, wa_error *e) {
    struct wa__group_errors *es = g->errors;
    if (!es || es->n == es->cap) {
        size_t cap = es ? es->cap * 2 : 4;
        es = wa__sys_realloc(es, sizeof *es + cap * sizeof es->items[0]);
        if (!es) return;    /* out of memory: this error is lost, the others stay */
        if (!g->errors) es->n = 0;
        es->cap = cap;
        g->errors = es;
    }
    es->items[es->n++] = wa_error_ref(e);
}

static size_t nerrors(const wa_taskgroup *g) { return g->errors ? g->errors->n : 0; }

/* The parent parked on g by its exit, WAITING or woken (park-int.h). */
static bool parked_on(const wa_taskgroup *g) {
    return WA__INLINE_PATHS && g->parent->park && g->parent->parked_on == g;
}

static void on_task_done(wa_future *f, void *arg) {
    wa_taskgroup *g = arg;
    g->npending--;
    if (g->npending == 0 && parked_on(g)) {
        wa__park_wake(g->parent);   /* set_result(True), if not cancelled */
    } else if (g->npending == 0 && g->on_completed && g->on_completed->state == WA_PENDING) {
        g->on_completed->result = wa_bool(true);    /* set_result(True), which owns nothing */
        g->on_completed->state = WA_FINISHED;
        wa__future_finish(g->on_completed);
    }
    if (!f->error || f->state == WA_CANCELLED) return;
    f->log_exception = false;   /* task.exception() */
    add_error(g, f->error);
    if (!g->aborting && !g->parent_cancel_requested) {
        abort_tasks(g);
        g->parent_cancel_requested = true;
        wa_task_cancel(g->parent, NULL);
    }
}

/* asyncio's _on_completed_fut, a plain future but for its name, which
 * introspection shows: a task waiting for its group's tasks is "waiting on
 * <TaskGroup pending>". */
static const wa__future_ops on_completed_ops = {.size = sizeof(wa_future), .name = "TaskGroup"};

/* The rest of the await of on_completed, for a parent parked on the group:
 * its result, True, or its CancelledError, raised where asyncio's
 * future.result() raises it (its context is the error being handled). */
static bool group_resume(wa_task *t, wa_error *incoming) {
    bool cancelled = t->park == WA__PARK_CANCELLED;
    wa__park_end(t);    /* wa__park_leave, known to be the group's: no list */
    if (!cancelled) {
        /* True; or a cancel that came after the wake-up (_must_cancel),
         * thrown in, which the step gave the top frame */
        if (!incoming) wa__deliver(t->top, wa_bool(true));
        return true;
    }
    if (!incoming) {
        incoming = wa__cancelled_error_new(NULL);   /* its own was lost to out of memory */
        wa__park_raise(t, incoming);
    }
    const wa__try_hooks *h = wa__try_hooks_of(t->top);
    if (h && incoming) h->chain_context(t->top, incoming);
    return true;
}

/* No list and no future: nothing to leave, and cancelling is a list's. */
static const wa__park_future_ops group_park = {.park = {.what = "TaskGroup", .result = "True", .resume = group_resume}};

/* Parks co's task on g until its tasks are done, as the await of
 * on_completed would wait; false when it cannot: no park kind left, or
 * the exit runs in another task than the one that entered (an async
 * generator's frame moves), which the tasks' ends do not wake. */
static bool park_on(wa_coro *co, wa_taskgroup *g) {
    return co->task == g->parent && wa__park_on(co, g, &group_park.park);
}

static void remember_cancel(wa_taskgroup *g, wa_error *e) {
    wa_error_unref(g->propagate_cancel);
    g->propagate_cancel = wa_error_ref(e);
}

/* What the group raises once its tasks are done; NULL for nothing. */
static wa_error *outcome(wa_taskgroup *g, wa_error *et) {
    if (g->parent_cancel_requested && wa_task_uncancel(g->parent) == 0) {
        wa_error_unref(g->propagate_cancel);
        g->propagate_cancel = NULL;
    }
    if (g->propagate_cancel && nerrors(g) == 0) {
        wa_error *e = g->propagate_cancel;
        g->propagate_cancel = NULL;
        return e;
    }
    if (et && !wa_error_is(et, WA_CANCELLED_ERROR)) add_error(g, et);
    if (nerrors(g) == 0) return NULL;
    if (wa_task_cancelling(g->parent)) {
        wa_task_uncancel(g->parent);
        wa_task_cancel(g->parent, NULL);
    }
    wa_error *eg = wa_error_group_new("unhandled errors in a TaskGroup", g->errors->items, g->errors->n);
    g->errors->n = 0;   /* the group took them */
    return eg;
}

static void release(wa_taskgroup *g) {
    wa_future *waited = NULL;   /* with no task yet, on_completed is the frame */
    if (g->last) {
        /* tasks still pending: the group is dropped with its frame */
        for (wa_task *t = g->last; g->npending;) {
            if (t->fut.state == WA_PENDING) wa_future_remove_done_callback(&t->fut, on_task_done, g);
            t = next_of(t);
            if (t == g->last) break;
        }
        if (!g->kept) release_members(next_of(g->last));
        waited = g->on_completed;
        g->on_completed = NULL;
        g->last = NULL;
    }
    g->npending = 0;
    if (g->errors) {
        for (size_t i = 0; i < g->errors->n; i++) wa_error_unref(g->errors->items[i]);
        free(g->errors);
        g->errors = NULL;
    }
    if (waited) wa__future_unref(waited);
    if (g->propagate_cancel) {
        wa_error_unref(g->propagate_cancel);
        g->propagate_cancel = NULL;
    }
    wa_task *parent = g->parent;
    g->parent = NULL;
    wa_task_unref(parent);
}

static wa_future *taskgroup_exit(wa_coro *co, wa_scope *s, wa_error *resumed) {
    wa_taskgroup *g = (wa_taskgroup *)s;
    if (!g->exiting) {
        g->exiting = true;
        if (s->error) {
            if (wa_error_is(s->error, WA_CANCELLED_ERROR)) remember_cancel(g, s->error);
            if (!g->aborting) abort_tasks(g);
        }
    } else {
        /* back from waiting on on_completed, or parked on the group */
        if (resumed && wa_error_is(resumed, WA_CANCELLED_ERROR) && !g->aborting) {
            remember_cancel(g, resumed);
            abort_tasks(g);
        }
        wa_future_unref(g->on_completed);
        g->on_completed = NULL;
    }
    if (g->npending > 0) {
        wa_loop *loop = co->task->fut.loop;
        if (WA__INLINE_PATHS && !wa__debugging(loop) && park_on(co, g)) return WA__PARK;
        g->on_completed = wa__future_new_sub(loop, &on_completed_ops, "TaskGroup");
        return g->on_completed ? g->on_completed : WA__YIELD;   /* out of memory: look again next iteration */
    }
    wa_error *et = s->error;
    s->error = outcome(g, et);
    wa_error_unref(et);
    release(g);
    return NULL;
}

static void taskgroup_drop(wa_scope *s) {
    wa_taskgroup *g = (wa_taskgroup *)s;
    if (parked_on(g)) wa__park_leave(g->parent);    /* dropped with its frame while waiting */
    release(g);
}

static const wa_scope_ops taskgroup_ops = {taskgroup_exit, taskgroup_drop};

/* repr(tg), as asyncio's TaskGroup.__repr__ writes it. */
static void group_repr(const wa_taskgroup *g, char *buf, size_t size) {
    size_t at = wa__append(buf, size, 0, "<TaskGroup");
    if (g->npending) at = wa__append(buf, size, at, " tasks=%zu", (size_t)g->npending);
    if (nerrors(g)) at = wa__append(buf, size, at, " errors=%zu", nerrors(g));
    if (g->aborting) at = wa__append(buf, size, at, " cancelling");
    else if (g->scope.ops) at = wa__append(buf, size, at, " entered");
    wa__append(buf, size, at, ">");
}

wa_scope *wa_taskgroup_enter(wa_coro *co, wa_taskgroup *g) {
    if (!(co && co->task) && !wa__coro_loop(co, __func__)) return NULL;    /* which says why not */
    if (!g || g->scope.ops) {
        char repr[96] = "";
        if (g) group_repr(g, repr, sizeof repr);
        wa__misuse(g ? WA_EINVALIDSTATE : WA_EINVAL, __func__, g ? "TaskGroup %s has already been entered" : "group is NULL",
                   repr);
        wa__fail_await(co, wa__misuse_error_as(g ? WA_RUNTIME_ERROR : WA_TYPE_ERROR));
        return NULL;
    }
    /* the parent is kept, as asyncio's _parent_task: an async generator's
     * group may outlive the task that entered it */
    *g = (wa_taskgroup){.scope.ops = &taskgroup_ops, .parent = wa_task_ref(co->task), .frame = co};
    return &g->scope;
}

wa_task *wa_taskgroup_spawn(wa_taskgroup *g, wa_step_fn step, size_t frame_size, const void *init,
                            const char *name) {
    return wa__taskgroup_spawn_at(g, step, frame_size, init, name, NULL, 0, NULL);
}

wa_task *wa__taskgroup_spawn_at(wa_taskgroup *g, wa_step_fn step, size_t frame_size, const void *init,
                                const char *name, const char *file, int line, const char *func) {
    static const char fn[] = "wa_taskgroup_spawn";
    if (!g) {
        wa__misuse(WA_EINVAL, fn, "group is NULL");
        return NULL;
    }
    const char *why = !g->scope.ops ? "has not been entered"
                      : g->exiting && g->npending == 0 ? "is finished"
                      : g->aborting ? "is shutting down" : NULL;
    if (why) {
        char repr[96];
        group_repr(g, repr, sizeof repr);
        wa__misuse_as(WA_RUNTIME_ERROR, WA_EINVALIDSTATE, fn, "TaskGroup %s %s", repr, why);   /* asyncio's type */
        return NULL;
    }
    if (sizeof(size_t) > sizeof g->npending && g->npending == UINT32_MAX) {
        wa__misuse(WA_ENOMEM, fn, "out of memory");     /* a count of pending tasks that cannot grow */
        return NULL;
    }
    wa_task *t = wa__task_make(g->parent->fut.loop, NULL, step, frame_size, init, name, file, line, func, true);
    if (!t) return NULL;
    member *m = wa__task_member(t);
    if (g->last) {
        member *newest = wa__task_member(g->last);
        m->next = newest->next;
        newest->next = t;
    } else {
        m->next = t;
        /* Python's `t = tg.create_task(...)` reads t after the group: the
         * frame that entered it keeps the ring, from its oldest task, until
         * it ends (out of memory: until the group exits) */
        kept_ring *r = wa__alloc(g->parent->fut.loop, sizeof *r);
        g->kept = r != NULL;
        if (r) {
            scope_of(r)->ops = &ring_ops;
            r->oldest = t;
            wa__keep_block(g->frame, scope_of(r));
        }
        g->on_completed = NULL;     /* the union's frame is done with */
    }
    g->last = t;
    wa__future_first_callback(&t->fut, on_task_done, g);
    g->npending++;
    return t;
}
