/*
 * coro.c — what the coroutine macros call: awaiting, resuming, returning
 * and raising.
 *
 * A frame keeps the future it last awaited (in its task: only the innermost
 * frame has one) so the value read from it (co->value) stays valid until
 * the next await; a child frame's return value stays in the task's slot
 * (wa__owned) for the same reason.
 * Each await first releases what the previous one left behind.
 */
#include "hook-int.h"
#include "park-int.h"

static inline void release_previous(wa_coro *co) {
    wa_task *t = co->task;
    wa__value_set_none(&co->value);
    if (!t) return;     /* no task runs the frame: nothing of an await is held */
    if (t->fut.error) {
        wa_error_unref(t->fut.error);
        t->fut.error = NULL;
    }
    wa__value_release(wa__owned(co));
}

/* The await of a marker keeps no future: hot, so no call for none kept. */
static inline void drop_awaited(wa_coro *co) { wa__task_drop_awaited(co->task); }

void wa__release_await(wa_coro *co) {
    release_previous(co);
    if (co->task) drop_awaited(co);
}

/* asyncio delivers these through call_soon(__step, exc): one iteration later. */
static wa_status throw_next_step(wa_coro *co, wa_error *err) {
    wa_task *t = co->task;
    wa__task_drop_awaited(t);
    wa__task_throw(t, err);
    wa__ready_push(t->fut.loop, &t->step);
    return WA_STATUS_SUSPEND;
}

const wa_future wa__yield_marker, wa__call_marker, wa__failed_marker, wa__park_marker, wa__done_marker;

wa_future *wa__fail_await(wa_coro *co, wa_error *take_err) {
    if (!co || !co->task) {
        wa_error_unref(take_err);
        return NULL;
    }
    wa_error_unref(co->task->fut.await_error);
    co->task->fut.await_error = take_err;
    return WA__FAILED;
}

wa_future *wa__call_push(wa_coro *co, wa_step_fn step, size_t size, const void *init) {
    wa_task *t = co->task;
    if (t->top != co) wa__task_drop_orphans(t, co, true);     /* an earlier one was never awaited */
    wa_coro *child = wa__frame_new(t, step, size, init);
    if (!child) {
        wa__misuse(WA_ENOMEM, "await", "out of memory");
        return wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    }
    child->caller = co;
    t->top = child;
    return WA__CALL;
}

wa_future *wa__call_push_holding(wa_coro *co, wa_step_fn step, size_t size, const void *init) {
    wa_future *r = wa__call_push(co, step, size, init);
    if (r == WA__CALL) co->task->top->frame_flags |= WA__FRAME_HOLDS;
    return r;
}

wa_future *wa__frame_keeps(wa_coro *co, wa_future *take_f) {
    wa__task_set_awaited(co->task, take_f);
    wa__keep(co, WA__KEEP_FUTURE, wa_future_ref(take_f), NULL);
    return take_f;
}

wa_loop *wa__coro_loop(wa_coro *co, const char *func) {
    if (co && co->task) return co->task->fut.loop;
    wa__misuse(WA_EINVAL, func, "not called from a coroutine running in a task");
    return NULL;
}

WA__RARE wa_future *wa__bound_refused(wa_coro *co, const void *obj, const char *what, const char *func) {
    if (!wa__coro_loop(co, func)) return NULL;
    if (!obj) {
        wa__misuse(WA_EINVAL, func, "%s is NULL", what);
        return wa__fail_await(co, wa__misuse_error_as(WA_TYPE_ERROR));
    }
    wa__misuse(WA_EFOREIGN, func, "it is bound to a different event loop");
    return wa__fail_await(co, wa__misuse_error_as(WA_RUNTIME_ERROR));
}

wa_future *wa__marker_misuse(wa_coro *co, const char *func) {
    if (co->task->top != co) wa__task_drop_orphans(co->task, co, false);   /* the frame a factory pushed: the TypeError says it */
    wa__park_leave(co->task);   /* or the park it made */
    wa__misuse(WA_EINVAL, func, "not a future: a library coroutine (wa_stream_drain, wa_queue_get, ...) is "
                                "awaited directly; run it in a task to pass it on");
    return wa__fail_await(co, wa__misuse_error_as(WA_TYPE_ERROR));
}

/* Raises the misuse just recorded (wa__misuse) at co's await. */
static bool raise_misuse(wa_coro *co, const wa_error_type *type) {
    wa__fail_await(co, wa__misuse_error_as(type));
    return false;
}

bool wa__check_futures(wa_coro *co, wa_future *const *futs, size_t n, bool allow_empty, const char *func) {
    if (n > WA_MAX_AWAITABLES) {
        wa__misuse(WA_EINVAL, func, "count %zu is negative or too large", n);
        return raise_misuse(co, WA_VALUE_ERROR);
    }
    if (n == 0 && !allow_empty) {
        wa__misuse(WA_EINVAL, func, "Set of Tasks/Futures is empty.");
        return raise_misuse(co, WA_VALUE_ERROR);
    }
    if (n > 0 && !futs) {
        wa__misuse(WA_EINVAL, func, "the array of futures is NULL");
        return raise_misuse(co, WA_TYPE_ERROR);
    }
    wa_loop *loop = co->task->fut.loop;
    for (size_t i = 0; i < n; i++) {
        if (futs[i] && futs[i]->loop == loop) continue;    /* a marker's loop is NULL */
        if (!futs[i]) {
            wa__misuse(WA_EINVAL, func, "An asyncio.Future, a coroutine or an awaitable is required");
            return raise_misuse(co, WA_TYPE_ERROR);
        }
        if (wa__is_marker(futs[i])) {
            wa__marker_misuse(co, func);    /* raises a TypeError of its own */
            return false;
        }
        wa__misuse(WA_EFOREIGN, func, "future %zu belongs to a different loop", i);
        return raise_misuse(co, WA_VALUE_ERROR);
    }
    return true;
}

/* A registration's reference on target goes when the callback has run. */
int wa__add_callback_ref(wa_future *f, wa_done_callback cb, wa_future *target) {
    int rc = wa_future_add_done_callback(f, cb, target);
    if (rc == WA_OK) {
        wa__note_ref_callback(cb);
        wa_future_ref(target);
    }
    return rc;
}

void wa__remove_callback_ref(wa_future *f, wa_done_callback cb, wa_future *target) {
    for (int n = wa_future_remove_done_callback(f, cb, target); n > 0; n--) wa_future_unref(target);
}

/* Every await but a park: a frame to run, a failure to raise, a yield, a
 * future to wait on. */
static inline wa_status await_other(wa_coro *co, wa_future *aw) {
    /* completed by the factory (wa__await_done), which WA_AWAIT passes by
     * itself but WA_AWAIT_TRY and a build for size bring here */
    if (aw == WA__DONE) return WA_STATUS_RETURN;
    release_previous(co);
    wa_task *t = co->task;
    if (aw == WA__CALL) {
        drop_awaited(co);
        return WA_STATUS_CALL;      /* the library frame pushed over co runs now */
    }
    if (aw == WA__FAILED) {
        drop_awaited(co);
        t->fut.error = t->fut.await_error ? t->fut.await_error : wa__misuse_error_as(WA_RUNTIME_ERROR);
        t->fut.await_error = NULL;
        return WA_STATUS_RETURN;    /* resumed raises it */
    }
    if (aw == WA__YIELD) {
        drop_awaited(co);
        wa__ready_push(t->fut.loop, &t->step);  /* a bare yield: one iteration */
        return WA_STATUS_SUSPEND;
    }
    if (!aw) {
        drop_awaited(co);
        /* the await of a factory that failed without saying so: Python's
         * words for awaiting None */
        t->fut.error = wa_error_new(WA_TYPE_ERROR, "object NoneType can't be used in 'await' expression");
        return WA_STATUS_RETURN;
    }
    if (aw->state == WA__RELEASED) {
        wa__report_released(aw, "await");
        drop_awaited(co);
        t->fut.error = wa__misuse_error_as(WA_RUNTIME_ERROR);
        return WA_STATUS_RETURN;
    }
    if (aw != t->awaited) {     /* no park: the slot is the awaited future's */
        wa_future_ref(aw);
        wa_future_unref(t->awaited);
        t->awaited = aw;
    }
    if (aw->loop != t->fut.loop)
        return throw_next_step(co, wa_error_new(WA_RUNTIME_ERROR, "Task %s got Future attached to a different loop",
                                                wa_task_name(t)));
    if (aw == &t->fut)
        return throw_next_step(co, wa_error_new(WA_RUNTIME_ERROR, "Task cannot await on itself: %s",
                                                wa_task_name(t)));
    if (aw->state != WA_PENDING) return WA_STATUS_RETURN;   /* done: `await` does not suspend */
    if (WA__INLINE_PATHS && !aw->callbacks_on_heap && !aw->cb.first.cb) {
        wa__future_first_callback(aw, wa__task_wakeup, t);     /* the common lone waiter, with no call */
    } else if (wa_future_add_done_callback(aw, wa__task_wakeup, t)) {
        t->fut.error = wa_error_new(WA_MEMORY_ERROR, "out of memory");
        return WA_STATUS_RETURN;
    }
    t->waiting = true;
    return WA_STATUS_SUSPEND;
}

wa_future *wa__await_complete(wa_coro *co) {
    wa_task *t = co->task;
    if (t->park == WA__PARK_WAITING) wa__park_drop(t);     /* an earlier park never awaited */
    if (t->fut.error) {
        wa_error_unref(t->fut.error);
        t->fut.error = NULL;
    }
    drop_awaited(co);
    wa__view_owned(co);
    return WA__DONE;
}

wa_status wa__await(wa_coro *co, wa_future *aw) {
    /* a get or Event.wait that found nothing, which released what the
     * previous await left (wa__park_release_await) */
    if (aw == WA__PARK) return WA_STATUS_SUSPEND;   /* the primitive wakes the task (park.c) */
    if (co->task && co->task->park == WA__PARK_WAITING) {
        if (WA__INLINE_PATHS && co->task->parked_on == aw && aw->state == WA_PENDING) {
            release_previous(co);
            co->task->park = WA__PARK_AWAITED;
            return WA_STATUS_SUSPEND;   /* a sleep awaited directly: its timer wakes the task (sleep.c) */
        }
        wa__park_drop(co->task);
    }
    return await_other(co, aw);
}

wa_status wa__yield(wa_coro *co) {
    wa_task *t = co->task;
    if (!t) {
        /* what wa_sleep(co, 0) says there, whose NULL the await raises */
        wa__misuse(WA_EINVAL, "wa_sleep", "not called from a coroutine");
        return wa__await(co, NULL);
    }
    if (wa__await_left_more(co) || t->park == WA__PARK_WAITING || wa__value_owns(wa__owned(co)))
        return wa__await(co, WA__YIELD);    /* something of the previous await to release first */
    wa__value_set_none(&co->value);
    wa__value_set_none(wa__owned(co));
    wa__ready_push(t->fut.loop, &t->step);  /* one iteration, as asyncio's bare yield */
    return WA_STATUS_SUSPEND;
}

void *wa__call_frame(wa_coro *co, size_t size) {
    wa_task *t = co->task;
    if (t->top != co) wa__task_drop_orphans(t, co, true);     /* popped before the child goes above them */
    wa_coro *child = wa__frame_push(t, size);
    if (!child) {
        wa__release_await(co);
        t->fut.error = wa_error_new(WA_MEMORY_ERROR, "out of memory");
    }
    return child;
}

wa_status wa__call_run(wa_coro *co, wa_coro *child) {
    wa_task *t = co->task;
    if (wa__await_left_more(co) || wa__value_owns(wa__owned(co))) wa__release_await(co);
    co->value = wa_none();
    if (t->park == WA__PARK_WAITING) wa__park_drop(t);     /* a park never awaited */
    if (t->top != co) wa__task_drop_orphans(t, co, true);   /* pushed by a factory in the child's arguments */
    if (!child->step) {
        wa__frame_pop(t, child);
        t->fut.error = wa_error_new(WA_RUNTIME_ERROR, "WA_AWAIT_CALL: step is NULL");
        return WA_STATUS_RETURN;    /* the resume raises it */
    }
    t->top = child;
    if (child->depth > WA__INLINE_DEPTH) return WA_STATUS_CALL;     /* the runner runs it */
    /* Python runs `await coro()` in the awaiting frame: so does this */
    return wa__call_done(co, child, child->step(child));
}

wa_status wa__call_left(wa_coro *co, wa_coro *child, wa_status st) {
    co->value = wa_none();      /* unless the child returns, as wa__call_run leaves it */
    return wa__call_settle(co->task, child, st);
}

wa_status wa__await_call(wa_coro *co, wa_step_fn step, size_t size, const void *init) {
    if (step && size < sizeof(wa_coro)) {
        wa__release_await(co);
        co->task->fut.error = wa_error_new(WA_RUNTIME_ERROR, "WA_AWAIT_CALL: frame does not start with wa_coro");
        return WA_STATUS_RETURN;    /* the resume raises it */
    }
    wa_coro *child = wa__call_frame(co, size);
    if (!child) return WA_STATUS_RETURN;
    wa__frame_init(child, co->task, step, size, init);
    child->depth = co->depth + 1u;
    child->caller = co;
    return wa__call_run(co, child);
}

/* Python's raise sets e's __context__ to the error being handled, which
 * only a try or an async context manager's exit can be. */
static void chain_context(wa_coro *co, wa_error *e) {
    const wa__try_hooks *h = wa__try_hooks_of(co);
    if (h) h->chain_context(co, e);
}

wa_status wa__resumed(wa_coro *co, bool catch_error, wa_error **caught) {
    wa_task *t = co->task;
    wa_future *f = wa__task_awaited(t);
    if (!t->fut.error && f) {
        switch ((wa_future_state)f->state) {
        case WA_FINISHED:
            if (f->error) {
                f->log_exception = false;
                t->fut.error = wa_error_ref(f->error);
                if (co->scopes || co->caller) chain_context(co, t->fut.error);   /* result() raises it here */
            } else {
                co->value = f->result;
                if (co->value.kind == WA_KIND_PTR) co->value.as.ptr.dtor = NULL;
            }
            break;
        case WA_CANCELLED:
            t->fut.error = wa_future_cancelled_error(f);
            if (co->scopes || co->caller) chain_context(co, t->fut.error);
            break;
        case WA_PENDING:
            t->fut.error = wa_error_new(WA_RUNTIME_ERROR, "resumed while the awaited future is pending");
            break;
        }
    }
    if (catch_error) {
        *caught = t->fut.error;
        return WA_STATUS_RETURN;
    }
    return t->fut.error ? WA_STATUS_RAISE : WA_STATUS_RETURN;
}

wa_status wa__return(wa_coro *co, wa_value v) {
    wa_value copy = v;
    if (wa__value_owns(&v) && wa_value_copy(&copy, &v))
        return wa__raise(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    wa__value_release(wa__owned(co));
    *wa__owned(co) = copy;
    return WA_STATUS_RETURN;
}

wa_status wa__return_over(wa_coro *co, wa_kind kind, int64_t bits) {
    wa_value *slot = wa__owned(co);
    wa_value_clear(slot);
    slot->kind = kind;
    slot->as.i = bits;
    return WA_STATUS_RETURN;
}

wa_status wa__raise(wa_coro *co, wa_error *take_err) {
    if (!take_err) take_err = wa_error_new(WA_RUNTIME_ERROR, "WA_RAISE with a NULL error");
    chain_context(co, take_err);
    wa_error_unref(co->task->fut.error);
    co->task->fut.error = take_err;
    return WA_STATUS_RAISE;
}
