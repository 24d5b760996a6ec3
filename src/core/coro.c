/*
 * coro.c — what the coroutine macros call: awaiting, resuming, returning
 * and raising.
 *
 * A frame keeps the future it last awaited (co->awaited) so the value read
 * from it (co->value) stays valid until the next await; a child frame's
 * return value is moved into co->owned for the same reason.  Each await
 * first releases what the previous one left behind.
 */
#include "loop-int.h"

static void release_previous(wa_coro *co) {
    wa_error_unref(co->error);
    co->error = NULL;
    co->value = wa_none();
    wa_value_clear(&co->owned);
}

/* asyncio delivers these through call_soon(__step, exc): one iteration later. */
static wa_status throw_next_step(wa_coro *co, wa_error *err) {
    wa_task *t = co->task;
    wa_future_unref(co->awaited);
    co->awaited = NULL;
    wa_error_unref(t->throw_error);
    t->throw_error = err;
    wa__ready_push(t->fut.loop, &t->step);
    return WA_STATUS_SUSPEND;
}

wa_status wa__await(wa_coro *co, wa_future *aw) {
    release_previous(co);
    wa_task *t = co->task;
    if (aw == WA__YIELD) {
        wa_future_unref(co->awaited);
        co->awaited = NULL;
        wa__ready_push(t->fut.loop, &t->step);  /* a bare yield: one iteration */
        return WA_STATUS_SUSPEND;
    }
    if (!aw) {
        wa_future_unref(co->awaited);
        co->awaited = NULL;
        co->error = wa_error_new(WA_RUNTIME_ERROR, "awaited NULL (%s)", wa_last_error());
        return WA_STATUS_RETURN;
    }
    if (aw != co->awaited) {
        wa_future_ref(aw);
        wa_future_unref(co->awaited);
        co->awaited = aw;
    }
    if (aw->loop != t->fut.loop)
        return throw_next_step(co, wa_error_new(WA_RUNTIME_ERROR, "Task %s got Future attached to a different loop",
                                                wa_task_name(t)));
    if (aw == &t->fut)
        return throw_next_step(co, wa_error_new(WA_RUNTIME_ERROR, "Task cannot await on itself: %s",
                                                wa_task_name(t)));
    if (aw->state != WA_PENDING) return WA_STATUS_RETURN;   /* done: `await` does not suspend */
    if (wa_future_add_done_callback(aw, wa__task_wakeup, t)) {
        co->error = wa_error_new(WA_MEMORY_ERROR, "out of memory");
        return WA_STATUS_RETURN;
    }
    t->waiting_on = aw;
    return WA_STATUS_SUSPEND;
}

wa_status wa__await_call(wa_coro *co, wa_step_fn step, size_t size, const void *init) {
    release_previous(co);
    wa_future_unref(co->awaited);
    co->awaited = NULL;
    wa_task *t = co->task;
    if (!step || size < sizeof(wa_coro)) {
        co->error = wa_error_new(WA_RUNTIME_ERROR, "WA_AWAIT_CALL: %s", step ? "frame does not start with wa_coro" : "step is NULL");
        return WA_STATUS_CALL;
    }
    wa_coro *child = wa__frame_new(t->fut.loop, t, step, size, init);
    if (!child) {
        co->error = wa_error_new(WA_MEMORY_ERROR, "out of memory");
        return WA_STATUS_CALL;      /* the runner resumes co, which raises */
    }
    child->caller = co;
    t->top = child;
    return WA_STATUS_CALL;
}

wa_status wa__resumed(wa_coro *co, bool catch_error, wa_error **caught) {
    wa_future *f = co->awaited;
    if (!co->error && f) {
        switch ((wa_future_state)f->state) {
        case WA_FINISHED:
            if (f->error) {
                f->log_exception = false;
                co->error = wa_error_ref(f->error);
            } else {
                co->value = f->result;
                if (co->value.kind == WA_KIND_PTR) co->value.as.ptr.dtor = NULL;
            }
            break;
        case WA_CANCELLED:
            co->error = wa_future_cancelled_error(f);
            break;
        case WA_PENDING:
            co->error = wa_error_new(WA_RUNTIME_ERROR, "resumed while the awaited future is pending");
            break;
        }
    }
    if (catch_error) {
        *caught = co->error;
        return WA_STATUS_RETURN;
    }
    return co->error ? WA_STATUS_RAISE : WA_STATUS_RETURN;
}

wa_status wa__return(wa_coro *co, wa_value v) {
    wa_value copy;
    if (wa_value_copy(&copy, &v)) return wa__raise(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    wa_value_clear(&co->owned);
    co->owned = copy;
    return WA_STATUS_RETURN;
}

wa_status wa__raise(wa_coro *co, wa_error *take_err) {
    if (!take_err) take_err = wa_error_new(WA_RUNTIME_ERROR, "WA_RAISE with a NULL error");
    wa_error_unref(co->error);
    co->error = take_err;
    return WA_STATUS_RAISE;
}
