/*
 * agen.c — async generators and the `async for` construct.
 *
 * A generator owns one frame that outlives each call: wa_agen_next pushes
 * it onto the awaiting task's frame stack (through a small wrapper frame),
 * and WA_YIELD_VALUE hands a value back down without freeing it (the frame
 * is marked borrowed).  When the generator returns or raises, the task
 * releases the frame's contents as usual, which marks the generator closed.
 * asend hands the generator its value in the task's slot, where an await's
 * value lives, so the yield reads it as co->value; athrow sets the frame's
 * error, which the yield raises, and aclose throws GeneratorExit in the
 * same way.  The loop lists the
 * generators started and not closed, for wa_run to close at the end
 * (asyncio's shutdown_asyncgens).
 */
#include <stdlib.h>
#include <string.h>

#include "../core/alloc-int.h"
#include "lib-int.h"

enum { AG_CREATED, AG_SUSPENDED, AG_RUNNING, AG_CLOSED };

struct wa_agen {
    wa_loop *loop;
    wa__list node;          /* in loop->agens while started and not closed */
    uint8_t state;
    bool yielded;           /* set by WA_YIELD_VALUE during a run */
    bool close_begun;       /* aclose ran once (CPython's ag_closed) */
    bool free_when_done;    /* wa_agen_free came while it ran */
    bool free_when_closed;  /* wa_agen_free came while it was open: its closer frees it, after
                               throwing GeneratorExit in even if one was ignored (CPython's
                               finalizer closes such a generator again) */
    bool closer_spawned;    /* a closing task exists; it decides when it is done */
};

#define AGEN_FRAME_OFFSET ((sizeof(wa_agen) + 15) & ~(size_t)15)

static wa_coro *frame_of(wa_agen *g) { return (wa_coro *)((char *)g + AGEN_FRAME_OFFSET); }
static wa_agen *agen_of(wa_coro *co) { return (wa_agen *)((char *)co - AGEN_FRAME_OFFSET); }

static void frame_released(wa_coro *co);
static void close_all(wa_loop *loop);
static const wa__agen_hooks hooks = {frame_released, close_all};

wa_agen *wa_agen_new(wa_loop *loop, wa_step_fn step, size_t frame_size, const void *init) {
    if (!loop || !step || !init) {
        wa__misuse(WA_EINVAL, __func__, !loop ? "loop is NULL" : !step ? "step function is NULL" : "frame initialiser is NULL");
        return NULL;
    }
    if (frame_size < sizeof(wa_coro) || frame_size > WA__FRAME_SIZE_MAX) {
        wa__misuse(WA_EINVAL, __func__, "frame size %zu is not a frame (it must start with wa_coro co)", frame_size);
        return NULL;
    }
    if (loop->closed) {
        wa__misuse(WA_ECLOSED, __func__, "Event loop is closed");
        return NULL;
    }
    wa_agen *g = wa__alloc(loop, AGEN_FRAME_OFFSET + frame_size);
    if (!g) {
        wa__misuse(WA_ENOMEM, __func__, "out of memory");
        return NULL;
    }
    memset(g, 0, sizeof *g);
    g->loop = loop;
    wa__list_init(&g->node);
    g->state = AG_CREATED;
    wa_coro *co = frame_of(g);
    memcpy(co, init, frame_size);
    memset(co, 0, sizeof *co);
    co->step = step;
    co->frame_size = (uint32_t)frame_size;
    co->frame_flags = WA__FRAME_BORROWED;
    loop->agen_hooks = &hooks;
    wa__loop_ref(loop);
    return g;
}

static void destroy(wa_agen *g) {
    wa_loop *loop = g->loop;
    wa_coro *co = frame_of(g);
    if (g->state != AG_CLOSED) wa__frame_free(loop, co);    /* releases what the frame holds */
    wa__list_remove(&g->node);
    wa__free(loop, g, AGEN_FRAME_OFFSET + co->frame_size);
    wa__loop_unref(loop);
}

static void frame_released(wa_coro *co) {
    wa_agen *g = agen_of(co);
    g->state = AG_CLOSED;
    wa__list_remove(&g->node);
    co->task = NULL;
    co->caller = NULL;
}

wa_status wa__yield_value(wa_coro *co, wa_value v) {
    if (!(co->frame_flags & WA__FRAME_BORROWED))
        return wa__raise(co, wa_error_new(WA_RUNTIME_ERROR, "WA_YIELD_VALUE outside an async generator"));
    wa_value copy;
    if (wa_value_copy(&copy, &v)) return wa__raise(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    wa__release_await(co);
    *wa__owned(co) = copy;
    agen_of(co)->yielded = true;
    return WA_STATUS_YIELD;
}

/* ---- asend, athrow and aclose: a wrapper frame that runs the generator's frame */

enum { OP_SEND, OP_THROW, OP_CLOSE };   /* anext is asend(None) */

static const char *const op_names[] = {"anext()", "athrow()", "aclose()"};

typedef struct anext_frame {
    wa_coro co;
    wa__hold hold;          /* asend's value or athrow's error until the step takes it (first: WA__FRAME_HOLDS) */
    wa_agen *g;
    uint8_t op;
    wa_error *err;
} anext_frame;
_Static_assert(offsetof(anext_frame, hold) == offsetof(wa__held_frame, hold), "WA__FRAME_HOLDS frames start with their hold");

/* An error coming out of the generator passes through this frame as it
 * would through Python's: its context was set where it was raised, and is
 * not set again here (WA_RAISE would). */
static wa_status pass_on(wa_coro *co) {
    (void)co;   /* the frame's error is the error */
    return WA_STATUS_RAISE;
}

/* The checks CPython's asend/athrow/aclose awaitables make before they
 * resume the generator, in their order.  Returns the status to end the
 * step with, or -1 when the generator is to run: then *in is what to throw
 * in (NULL for a send) and *sent the value to send, both owned. */
static int refuse(anext_frame *f, wa_error **in, wa_value *sent) {
    wa_coro *co = &f->co;
    wa_agen *g = f->g;
    /* the hold's contents are ours from here on, whatever happens */
    *sent = f->hold.value;
    f->hold.value = wa_none();
    *in = NULL;
    if (f->op == OP_THROW) {
        *in = sent->as.err;
        *sent = wa_none();
    }
    if (f->op != OP_SEND && g->state == AG_CLOSED) {
        wa_error_unref(*in);
        return wa__return(co, wa_none());   /* CPython: athrow/aclose of a finished generator give None */
    }
    wa_error *err = NULL;
    if (g->state == AG_RUNNING)
        err = wa_error_new(WA_RUNTIME_ERROR, "%s: asynchronous generator is already running", op_names[f->op]);
    else if (f->op == OP_SEND && g->state == AG_CREATED && sent->kind != WA_KIND_NONE)
        err = wa_error_new(WA_TYPE_ERROR, "can't send non-None value to a just-started async generator");
    else if (f->op == OP_SEND ? g->state == AG_CLOSED : g->close_begun && !g->free_when_closed)
        err = wa_error_new(WA_STOP_ASYNC_ITERATION, NULL);     /* aclose ran once: CPython's ag_closed */
    if (err) {
        wa_error_unref(*in);
        wa__value_release(sent);
        return wa__raise(co, err);
    }
    if (f->op != OP_SEND && g->state == AG_CREATED) {
        /* thrown into a generator that never ran: it ends at once, its body not run */
        wa__frame_free(g->loop, frame_of(g));
        g->state = AG_CLOSED;
        if (f->op == OP_CLOSE) return wa__return(co, wa_none());
        return wa__raise(co, *in);
    }
    return -1;
}

static wa_status anext_step(wa_coro *co) {
    anext_frame *f = (anext_frame *)co;
    wa_agen *g = f->g;
    wa_coro *gen = frame_of(g);
    WA_BEGIN(co);
    {
        wa_error *in;
        wa_value sent;
        int st = refuse(f, &in, &sent);
        if (st >= 0) return (wa_status)st;
        if (g->state == AG_CREATED) wa__list_push_back(&g->loop->agens, &g->node);    /* firstiter */
        if (f->op == OP_CLOSE) {
            g->close_begun = true;
            in = wa_error_new(WA_GENERATOR_EXIT, NULL);
        }
        g->state = AG_RUNNING;
        g->yielded = false;
        gen->task = co->task;
        gen->caller = co;
        co->task->top = gen;
        if (in) {
            /* CPython chains what it throws in to the error being handled
             * there (the generator's own, else its awaiter's) */
            const wa__try_hooks *h = wa__try_hooks_of(gen);
            if (h) h->chain_context(gen, in);
            gen->task->fut.error = in;   /* the task's: the slot is empty as anext_step begins */
        }
        /* the sent value is the yield's: a view of the slot, as an await's */
        wa__value_release(wa__owned(gen));
        *wa__owned(gen) = sent;
        wa__view_owned(gen);
    }
    co->resume = __LINE__; return WA_STATUS_CALL; case __LINE__:   /* one line: one label */
    (void)wa__resumed(co, true, &f->err);
    bool yielded = g->yielded;
    if (yielded) g->state = AG_SUSPENDED;
    /* else it returned or raised: its frame was released and it is closed */
    if (g->free_when_done) {
        g->free_when_done = false;
        wa_agen_free(g);    /* g may be gone from here on */
    }
    if (yielded) {
        if (f->op == OP_CLOSE) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "async generator ignored GeneratorExit"));
        return WA_STATUS_RETURN;    /* the yielded value is in the slot */
    }
    if (f->op == OP_CLOSE) {
        if (f->err && !wa_error_is(f->err, WA_GENERATOR_EXIT) && !wa_error_is(f->err, WA_STOP_ASYNC_ITERATION))
            return pass_on(co);
        WA_RETURN(co, wa_none());
    }
    if (wa_error_is(f->err, WA_STOP_ASYNC_ITERATION)) {
        /* as genobject.c's _PyErr_FormatFromCause: the cause and the context */
        wa_error *e = wa_error_new(WA_RUNTIME_ERROR, "async generator raised StopAsyncIteration");
        wa__error_set_context(e, f->err);     /* borrows */
        wa_error_set_cause(e, wa_error_ref(f->err));
        WA_RAISE(co, e);
    }
    if (f->err) return pass_on(co);
    WA_RAISE(co, wa_error_new(WA_STOP_ASYNC_ITERATION, NULL));
    WA_END(co);
}

/* take: what the frame holds for the step (owned), none for anext and aclose */
static wa_future *anext_call(wa_coro *co, wa_agen *g, uint8_t op, wa_value take, const char *func) {
    if (!wa__coro_loop(co, func)) {
        wa_value_clear(&take);
        return NULL;
    }
    if (!g || g->loop != co->task->fut.loop) {
        wa_value_clear(&take);
        wa__misuse(g ? WA_EFOREIGN : WA_EINVAL, func, g ? "the generator belongs to a different loop" : "generator is NULL");
        return wa__fail_await(co, wa__misuse_error_as(g ? WA_RUNTIME_ERROR : WA_TYPE_ERROR));
    }
    anext_frame init = {.g = g, .op = op, .hold = {.value = take}};
    if (take.kind == WA_KIND_NONE) return wa__call_push(co, anext_step, sizeof init, &init);
    wa_future *r = wa__call_push_holding(co, anext_step, sizeof init, &init);
    if (r == WA__FAILED) wa__hold_release(&init.hold);
    return r;
}

wa_future *wa_agen_next(wa_coro *co, wa_agen *g) { return anext_call(co, g, OP_SEND, wa_none(), __func__); }

wa_future *wa_agen_asend(wa_coro *co, wa_agen *g, wa_value v) {
    wa_value copy;
    if (wa_value_copy(&copy, &v)) {
        wa__misuse(WA_ENOMEM, __func__, "out of memory");
        return wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    }
    return anext_call(co, g, OP_SEND, copy, __func__);
}

wa_future *wa_agen_athrow(wa_coro *co, wa_agen *g, wa_error *take_err) {
    if (!take_err && wa__coro_loop(co, __func__)) {
        wa__misuse(WA_EINVAL, __func__, "exceptions must be classes or instances deriving from BaseException, not NoneType");
        return wa__fail_await(co, wa__misuse_error_as(WA_TYPE_ERROR));
    }
    return anext_call(co, g, OP_THROW, wa_error_value(take_err), __func__);
}

wa_future *wa_agen_aclose(wa_coro *co, wa_agen *g) { return anext_call(co, g, OP_CLOSE, wa_none(), __func__); }

/* ---- closing generators nobody closed ----------------------------------------- */

typedef struct closer_frame {
    wa_coro co;
    wa_agen *g;
    bool later;             /* asyncio's finalizer creates the task one iteration later */
    wa_error *err;
} closer_frame;

static wa_status closer_step(wa_coro *co) {
    closer_frame *f = (closer_frame *)co;
    WA_BEGIN(co);
    if (f->later) WA_AWAIT_TRY(co, wa_sleep(co, 0), f->err);   /* closes even if cancelled here */
    WA_AWAIT_TRY(co, wa_agen_aclose(co, f->g), f->err);
    if (wa_error_is(f->err, WA_EXCEPTION))
        wa__report(f->g->loop, "an error occurred during closing of asynchronous generator", f->err, NULL, co->task);
    WA_END(co);
}

/* The closing task is done, whether it ran or was cancelled before it
 * started: free the generator if it was given up and is closed, or off the
 * loop's list (nobody else will close it), or its aclose ran (it ignored
 * GeneratorExit: nothing will close it); otherwise shutdown_asyncgens tries
 * again. */
static void closer_done(wa_future *f, void *arg) {
    (void)f;
    wa_agen *g = arg;
    g->closer_spawned = false;
    if (g->free_when_closed && (g->state == AG_CLOSED || wa__list_empty(&g->node) || g->close_begun)) destroy(g);
}

static bool spawn_closer(wa_agen *g, bool later) {
    if (g->closer_spawned) return true;
    wa_task *t = wa_task_new(g->loop, closer_step, sizeof(closer_frame), &(closer_frame){.g = g, .later = later}, NULL);
    if (!t) return false;
    wa_future_add_done_callback(wa_task_future(t), closer_done, g);    /* a new task's first callback is inline */
    wa_task_unref(t);   /* the loop keeps it until it is done */
    g->closer_spawned = true;
    return true;
}

void wa_agen_free(wa_agen *g) {
    if (!g) return;
    if (g->state == AG_RUNNING) {
        g->free_when_done = true;
        return;
    }
    /* asyncio's finalizer hook: close it in a task of its own (which starts
     * an iteration later), then free it */
    if (g->state == AG_SUSPENDED && !g->loop->closed) {
        g->free_when_closed = true;
        if (spawn_closer(g, true)) return;
    }
    destroy(g);
}

static void close_all(wa_loop *loop) {
    wa__list *i = loop->agens.next;
    while (i != &loop->agens) {
        wa_agen *g = WA__CONTAINER_OF(i, wa_agen, node);
        i = i->next;
        if (g->closer_spawned) continue;    /* its closing task is on the way */
        wa__list_remove(&g->node);
        if (!spawn_closer(g, false) && g->free_when_closed) destroy(g);     /* out of memory: dropped unclosed */
    }
}

/* ---- async for ---------------------------------------------------------------- */

bool wa__async_for_stop(wa_coro *co) {
    if (!wa_error_is(co->task->fut.error, WA_STOP_ASYNC_ITERATION)) return false;
    wa_error_unref(co->task->fut.error);
    co->task->fut.error = NULL;
    return true;
}
