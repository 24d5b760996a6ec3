/*
 * task.c — asyncio.Task: runs a coroutine's frames step by step.
 *
 * A step (asyncio's Task.__step) runs frames until one suspends on a pending
 * future, yields, or the root frame returns or raises.  Inline awaits of
 * child coroutines push and pop frames inside the same step: no loop
 * iteration, no allocation beyond the frame itself.
 *
 * Invariants: a pending task is on loop->tasks (which holds a reference);
 * at most one step is scheduled at a time; waiting is set only while the
 * task is suspended on a pending future whose callbacks include our wakeup;
 * park is set only while it waits parked (park.c): in Event.wait, a
 * queue's get or put, a sleep, a TaskGroup's exit or a stream's read.
 */
#include <stdlib.h>
#include <string.h>

#include "context-int.h"
#include "hook-int.h"
#include "park-int.h"

void wa__frame_init(wa_coro *co, wa_task *task, wa_step_fn step, size_t size, const void *init) {
    *co = (wa_coro){.step = step, .frame_size = (uint32_t)size, .task = task};
    memcpy(co + 1, (const wa_coro *)init + 1, size - sizeof *co);
}

wa_coro *wa__frame_new(wa_task *task, wa_step_fn step, size_t size, const void *init) {
    wa_coro *co = wa__frame_push(task, size);
    if (co) wa__frame_init(co, task, step, size, init);
    return co;
}

void wa__frame_free(wa_loop *loop, wa_coro *co) {
    if (co->scopes) wa__scopes_drop(co);
    if (co->frame_flags & WA__FRAME_BORROWED)
        loop->agen_hooks->frame_released(co);     /* only generators make borrowed frames */
    else if (co != wa__task_root(co->task))
        wa__frame_pop(co->task, co);
}

/* The inline paths of wasyncio.h read these fields where wa__task_layout puts them. */
#define AT(field, ours) (offsetof(struct wa__task_layout, field) == offsetof(wa_task, ours))
_Static_assert(AT(fut.slot, fut.result) && AT(fut.error, fut.error) && AT(top, top) && AT(frames, frames) &&
                   AT(awaited, awaited) && AT(park, park),
               "wa__task_layout (wasyncio.h) and wa_task (task-int.h) place the inline paths' fields alike");
#undef AT
_Static_assert(sizeof ((wa_task *)0)->park == 1 && WA__PARK_WAITING == WA__PARKED, "wa__task_layout.park is a byte");

wa_future *wa__task_future(wa_task *t) { return t ? &t->fut : NULL; }
wa_future *wa_task_future(wa_task *t) { return t ? &t->fut : NULL; }

wa_task *(wa_task_new)(wa_loop *loop, wa_step_fn step, size_t frame_size, const void *init, const char *name) {
    return wa__task_new_at(loop, step, frame_size, init, name, NULL, 0, NULL);
}

wa_task *wa_task_new_in_context(wa_loop *loop, wa_varcontext *c, wa_step_fn step, size_t frame_size,
                                const void *init, const char *name) {
    return wa__task_new_in(loop, c, step, frame_size, init, name, NULL, 0, NULL);
}

/* WA_SPAWN's path carries no context argument, so it pays nothing for
 * context=. */
wa_task *wa__task_new_in(wa_loop *loop, wa_varcontext *c, wa_step_fn step, size_t frame_size, const void *init,
                         const char *name, const char *file, int line, const char *func) {
    return wa__task_make(loop, c, step, frame_size, init, name, file, line, func, false);
}

wa_task *wa__task_new_at(wa_loop *loop, wa_step_fn step, size_t frame_size, const void *init, const char *name,
                         const char *file, int line, const char *func) {
    return wa__task_make(loop, NULL, step, frame_size, init, name, file, line, func, false);
}

wa_task *wa__task_make(wa_loop *loop, wa_varcontext *c, wa_step_fn step, size_t frame_size, const void *init,
                       const char *name, const char *file, int line, const char *func, bool grouped) {
    static const char fn[] = "wa_task_new";
    if (!loop) { wa__misuse(WA_EINVAL, fn, "loop is NULL"); return NULL; }
    if (!step) { wa__misuse(WA_EINVAL, fn, "a coroutine was expected, got None"); return NULL; }
    if (!init) { wa__misuse(WA_EINVAL, fn, "frame initialiser is NULL"); return NULL; }
    if (frame_size < sizeof(wa_coro) || frame_size > WA__FRAME_SIZE_MAX) {
        wa__misuse(WA_EINVAL, fn, "frame size %zu is not a frame (it must start with wa_coro co)", frame_size);
        return NULL;
    }
    if (loop->closed) { wa__misuse(WA_ECLOSED, fn, "Event loop is closed"); return NULL; }
    /* one block: the task, its root frame, its group's record, and in debug
     * mode its own record */
    bool debug = wa__debugging(loop);
    wa_task *t = wa__alloc(loop, wa__task_block_size_for(frame_size, grouped, debug));
    if (!t) goto fail;
    if (WA__INLINE_PATHS) {
        /* the future's clearing too, no call; in halves, which gcc writes
         * as vector stores (a whole task it clears with rep stos, whose
         * start-up costs more than the stores) */
        memset(t, 0, sizeof *t / 2);
        memset((char *)t + sizeof *t / 2, 0, sizeof *t - sizeof *t / 2);
        wa__future_start(&t->fut, loop, true);
    } else {
        wa__future_init(&t->fut, loop, true);   /* a build for size: the call is fewer bytes */
        memset((char *)t + sizeof t->fut, 0, sizeof *t - sizeof t->fut);
    }
    if (grouped) t->grouped = true;     /* bits: written only when set */
    if (debug) {
        t->debug = true;
        t->fut.debug_made = true;
    }
    t->step.kind = WA__READY_TASK_STEP;
    t->top = wa__task_root(t);
    wa__frame_init(t->top, t, step, frame_size, init);
    if (debug) *wa__task_debug_of(t) = (wa__task_debug){wa__site(file, line, func), wa_loop_time(loop)};
    /* asyncio: the creator's context is copied (no copy while it is empty) */
    wa_varcontext *ctx = c ? wa_varcontext_ref(c) : NULL;
    if ((!c && wa__context_fork(&ctx)) || ((ctx || name) && !wa__task_rare_of(t))) {
        wa__context_release(ctx);
        wa_task_unref(t);
        goto fail;
    }
    if (ctx) t->label.rare->ctx = ctx;
    if (name) {
        if (!(t->label.rare->name = wa__strdup(name))) {
            wa_task_unref(t);
            goto fail;
        }
    } else {
        uint64_t id = ++loop->task_counter;     /* 3.13 numbers only unnamed tasks */
        if (t->has_rare) t->label.rare->id = id;
        else t->label.id = id;
    }
    t->fut.refs++;  /* the tasks list's reference */
    wa__list_push_back(&loop->tasks, &t->node);
    loop->ntasks++;
    wa__ready_push(loop, &t->step);
    return t;
fail:
    wa__misuse(WA_ENOMEM, fn, "out of memory");
    return NULL;
}

wa_task *wa_task_ref(wa_task *t) {
    wa_future_ref(t ? &t->fut : NULL);
    return t;
}

void wa_task_unref(wa_task *t) { wa_future_unref(t ? &t->fut : NULL); }

wa__task_rare *wa__task_rare_of(wa_task *t) {
    if (t->has_rare) return t->label.rare;
    wa__task_rare *r = wa__alloc(t->fut.loop, sizeof *r);
    if (!r) return NULL;
    *r = (wa__task_rare){.id = t->label.id};
    t->label.rare = r;
    t->has_rare = true;
    return r;
}

void wa__task_rare_free(wa_task *t) {
    if (!t->has_rare) return;
    wa__task_rare *r = t->label.rare;
    free(r->name);
    free(r->cancel_msg);
    wa__context_release(r->ctx);
    wa__free(t->fut.loop, r, sizeof *r);
    t->has_rare = false;
}

const char *wa_task_name(const wa_task *t) {
    if (!t || wa__released(&t->fut, __func__)) return "";
    if (t->has_rare && t->label.rare->name) return t->label.rare->name;
    /* made on first use; most tasks are never asked */
    wa__task_rare *r = wa__task_rare_of((wa_task *)t);
    char buf[32];
    if (r) wa__format(buf, sizeof buf, "Task-%llu", (unsigned long long)r->id);
    if (!r || !(r->name = wa__strdup(buf))) return "Task";
    return r->name;
}

int wa_task_set_name(wa_task *t, const char *name) {
    if (!t || !name) return wa__misuse(WA_EINVAL, __func__, t ? "name is NULL" : "task is NULL");
    wa__task_rare *r = wa__task_rare_of(t);
    char *copy = r ? wa__strdup(name) : NULL;
    if (!copy) return wa__misuse(WA_ENOMEM, __func__, "out of memory");
    free(r->name);
    r->name = copy;
    return WA_OK;
}

bool wa_task_cancel(wa_task *t, const char *msg) {
    if (!t) {
        wa__misuse(WA_EINVAL, __func__, "task is NULL");
        return false;
    }
    if (wa__released(&t->fut, __func__)) return false;
    t->fut.log_exception = false;
    if (t->fut.state != WA_PENDING) return false;
    t->num_cancels_requested++;
    if (wa__task_waiting_on(t) && wa_future_cancel(t->awaited, msg)) return true;
    if (wa__park_cancel(t, msg)) return true;
    t->must_cancel = true;
    if (msg || t->has_rare) {
        /* out of memory the cancel still stands, without its message */
        wa__task_rare *r = wa__task_rare_of(t);
        if (r) {
            free(r->cancel_msg);
            r->cancel_msg = msg ? wa__strdup(msg) : NULL;
        }
    }
    return true;
}

int wa_task_cancelling(const wa_task *t) { return t ? t->num_cancels_requested : 0; }

int wa_task_uncancel(wa_task *t) {
    if (!t) return wa__misuse(WA_EINVAL, __func__, "task is NULL");
    if (t->num_cancels_requested > 0 && --t->num_cancels_requested == 0) t->must_cancel = false;  /* 3.13 */
    return t->num_cancels_requested;
}

wa_task *wa_current_task(wa_loop *loop) { return loop ? loop->current : NULL; }

size_t wa_all_tasks(wa_loop *loop, void (*fn)(wa_task *t, void *arg), void *arg) {
    if (!loop) return 0;
    size_t n = 0;
    for (wa__list *i = loop->tasks.next; i != &loop->tasks; i = i->next, n++)
        if (fn) fn(WA__CONTAINER_OF(i, wa_task, node), arg);
    return n;
}

void wa__task_wakeup(wa_future *f, void *task) {
    (void)f;
    (void)task;     /* never called: wa__future_finish schedules the task's step directly */
}

void wa__task_drop_orphans(wa_task *t, wa_coro *co, bool report) {
    /* an orphan never ran, so it is co's direct child (wa__call_push drops
     * an earlier one before pushing) */
    while (t->top && t->top != co) {
        wa_coro *orphan = t->top;
        t->top = orphan->caller;
        if (report) wa__report_never_awaited(t, orphan, NULL);
        if (orphan->frame_flags & WA__FRAME_HOLDS) wa__hold_release(&((wa__held_frame *)orphan)->hold);
        wa__frame_free(t->fut.loop, orphan);
    }
}

void wa__task_drop_frames(wa_task *t) {
    /* a park that only the task knows of (a stream's read holds it by a
     * borrowed pointer) ends with the frames that were to resume it */
    const wa__park_future_ops *on_future = t->park ? wa__park_future_of(t) : NULL;
    if (on_future && on_future->leave && !on_future->on_awaited) wa__park_leave(t);
    while (t->top) {
        wa_coro *co = t->top;
        t->top = co->caller;
        wa__frame_free(t->fut.loop, co);
    }
    if (t->frames) wa__frames_trim(t);
    wa__task_drop_awaited(t);
    t->waiting = false;
    /* no frame is left to take it (a throw, or a failed factory's error
     * never awaited); the slot is the future's ops again */
    wa_error_unref(t->fut.throw_error);
    t->fut.throw_error = NULL;
}

/* The task is done: drop its frames and leave the pending list. */
static void task_leave(wa_task *t) {
    wa_coro *root = wa__task_root(t);
    /* most end in their root frame holding nothing: wa__frame_free's no-op
     * (a build for size takes the walk, one copy of the code) */
    if (WA__INLINE_PATHS && t->top == root && wa__frame_holds_nothing(root) && !t->frames && !t->fut.await_error)
        t->top = NULL;
    else
        wa__task_drop_frames(t);
    wa__list_remove(&t->node);
    t->fut.loop->ntasks--;
}

/* ... and, its outcome set, run its callbacks and drop the list's reference. */
static void task_finish(wa_task *t) {
    task_leave(t);
    wa__future_finish(&t->fut);
    wa_future_unref(&t->fut);
}

/* The root frame returned: its value is in the slot, which is the result. */
static void task_return(wa_task *t) {
    wa_error_unref(t->fut.error);   /* one it caught */
    t->fut.error = NULL;
    if (t->must_cancel) {
        /* asyncio: cancelled right before the coroutine stopped */
        t->must_cancel = false;
        wa__value_release(&t->fut.result);
        task_leave(t);
        wa__future_finish_cancelled(&t->fut, wa__task_cancel_msg(t));
        wa_future_unref(&t->fut);
        return;
    }
    t->fut.state = WA_FINISHED;
    task_finish(t);
}

static void task_raise(wa_task *t, wa_error *err) {
    wa__value_release(&t->fut.result);     /* the frames' slot held something */
    if (wa_error_is(err, WA_CANCELLED_ERROR)) {
        /* the CancelledError that left the task is raised to its first
         * reader only; later ones get a plain CancelledError, as in asyncio */
        t->fut.error = err;
        t->fut.error_once = true;
        t->fut.state = WA_CANCELLED;
    } else {
        t->fut.error = err;
        t->fut.state = WA_FINISHED;
        t->fut.log_exception = true;
    }
    task_finish(t);
}

/* A child frame returned: its caller reads the value in the slot and goes on. */
static inline void return_to_caller(wa_task *t, wa_coro *co) {
    wa_coro *caller = co->caller;
    if (t->fut.error) {
        wa_error_unref(t->fut.error);   /* one co caught */
        t->fut.error = NULL;
    }
    wa__task_drop_awaited(t);   /* co's */
    t->top = caller;
    wa__view_owned(caller);
    wa__frame_free(t->fut.loop, co);
}

/* A child frame raised err (taken): its caller resumes with it. */
static void raise_to_caller(wa_task *t, wa_coro *co, wa_error *err) {
    wa_coro *caller = co->caller;
    t->top = caller;
    wa__task_drop_awaited(t);   /* co's */
    wa_error_unref(t->fut.error);
    t->fut.error = err;
    wa__frame_free(t->fut.loop, co);
}

wa_status wa__call_settle(wa_task *t, wa_coro *child, wa_status st) {
    wa_loop *loop = t->fut.loop;
    if (loop->handoff) return WA_STATUS_CALL;   /* a deeper child's, on its way out */
    if (t->top == child && !wa__scope_open(child) && t->park != WA__PARK_WAITING) {
        if (st == WA_STATUS_RETURN) {
            return_to_caller(t, child);
            return WA_STATUS_RETURN;
        }
        if (st == WA_STATUS_RAISE && t->fut.error) {
            wa_error *err = wa__error_leave_frame(t->fut.error);
            t->fut.error = NULL;
            raise_to_caller(t, child, err);
            return WA_STATUS_RETURN;    /* the caller's resume raises it */
        }
    }
    loop->handoff = child;
    loop->handoff_status = st;
    return WA_STATUS_CALL;
}

/* The top frame co ran and gave st: goes on with the frames until the
 * task suspends or ends (the increment runs the next frame's step). */
static void run_frames(wa_task *t, wa_coro *co, wa_status st) {
    wa_loop *loop = t->fut.loop;
    for (;; co = t->top, co->depth = 0, st = co->step(co)) {
        if (loop->handoff) {
            /* a child run inline by WA_AWAIT_CALL: carry on from its step */
            co = loop->handoff;
            st = loop->handoff_status;
            loop->handoff = NULL;
        }
        if (t->top != co && st != WA_STATUS_CALL) wa__task_drop_orphans(t, co, true);
        if (st != WA_STATUS_SUSPEND && t->park == WA__PARK_WAITING) wa__park_drop(t);     /* never awaited */
        switch (st) {
        case WA_STATUS_SUSPEND:
            /* asyncio's __step: _must_cancel cancels the new _fut_waiter */
            if (t->must_cancel &&
                ((wa__task_waiting_on(t) && wa_future_cancel(t->awaited, wa__task_cancel_msg(t))) ||
                 wa__park_cancel(t, wa__task_cancel_msg(t))))
                t->must_cancel = false;
            if (t->frames && t->top == wa__task_root(t)) wa__frames_trim(t);    /* a waiting task keeps no stack */
            return;
        case WA_STATUS_CALL:
            break;      /* t->top is the child, or co again with an error set */
        case WA_STATUS_RETURN:
            if (co->scopes) {
                switch (wa__scope_unwind(co, WA_STATUS_RETURN)) {
                case 1: continue;       /* an open scope exits first */
                case -1: goto raise;    /* WA_WITH left open */
                }
            }
            if (!co->caller) {
                task_return(t);
                return;
            }
            return_to_caller(t, co);
            break;
        case WA_STATUS_YIELD:
            /* an async generator's frame goes back to its generator, alive */
            t->top = co->caller;
            co->caller = NULL;
            co->task = NULL;
            wa__view_owned(t->top);     /* the yielded value, in the slot */
            break;
        case WA_STATUS_RAISE: {
            if (wa__scope_unwind(co, WA_STATUS_RAISE) == 1) break;
        raise:;
            wa_error *err = wa__error_leave_frame(t->fut.error);
            t->fut.error = NULL;
            if (!err) err = wa_error_new(WA_RUNTIME_ERROR, "coroutine raised without an error");
            if (!co->caller) {
                task_raise(t, err);
                return;
            }
            raise_to_caller(t, co, err);
            break;
        }
        }
    }
}

void wa__task_step_rest(wa_task *t, wa_coro *co, wa_status st, wa_task *outer) {
    t->fut.refs++;     /* the frames may drop the last other reference */
    run_frames(t, co, st);
    t->fut.loop->current = outer;
    if (--t->fut.refs == 0) wa__future_free(&t->fut);
}

void wa__task_step(wa_task *t) {
    wa_loop *loop = t->fut.loop;
    if (wa__task_woken(t)) {
        wa__task_step_woken(loop, t);
        return;
    }
    if (t->fut.state != WA_PENDING) return;
    wa_error *exc = NULL;
    if (t->throwing) {
        exc = t->fut.throw_error;
        t->fut.throw_error = NULL;
        t->throwing = false;
    }
    if (t->must_cancel) {
        /* asyncio's __step keeps a CancelledError already on its way in: here
         * that of a cancelled awaited future, which the frame reads itself */
        wa_future *w = wa__task_waiting_on(t);
        bool cancel_arriving = wa_error_is(exc, WA_CANCELLED_ERROR) ||
                               (!exc && w && (w->state == WA_CANCELLED || (w->state == WA_FINISHED && wa_error_is(w->error, WA_CANCELLED_ERROR))));
        if (!cancel_arriving) {
            wa_error_unref(exc);
            exc = wa__cancelled_error_new(wa__task_cancel_msg(t));
            if (w) w->log_exception = false;    /* __wakeup read its result */
        }
        t->must_cancel = false;
    }
    t->waiting = false;
    wa_task *outer = loop->current;
    loop->current = t;      /* which also makes its context current (context-int.h) */
    if (exc && !t->started) {
        /* throwing into a coroutine that never ran raises at once */
        t->started = true;
        t->fut.refs++;     /* ending the task drops the tasks list's reference */
        task_raise(t, exc);
        loop->current = outer;
        if (--t->fut.refs == 0) wa__future_free(&t->fut);
        return;
    }
    t->started = true;
    if (exc) {
        wa_error_unref(t->fut.error);
        t->fut.error = exc;     /* delivered where the top frame is suspended */
    }
    /* a parked task first runs what follows the primitive's await (one
     * still WAITING was not woken: it stays); the frames run while the task
     * is pending, held by the tasks list, until wa__task_step_rest */
    if (!t->park || (t->park != WA__PARK_WAITING && wa__park_ops_of(t)->resume(t, exc))) {
        wa__task_run_top(loop, t, outer);
        return;
    }
    loop->current = outer;
}
