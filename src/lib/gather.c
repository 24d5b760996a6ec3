/*
 * gather.c — asyncio.gather, shield and ensure_future.
 *
 * Both gather and shield are futures of their own whose done callbacks on
 * the children drive them, exactly as in asyncio: the order in which
 * callbacks run, and so the iteration in which the awaiter wakes, is the
 * same.  Each registration on a child holds a reference to the outer
 * future, so dropping the outer early is safe.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/alloc-int.h"
#include "lib-int.h"

/* ---- gather --------------------------------------------------------------- */

/* The children and the list of results share one array: while the outer
 * is pending each slot holds a reference to a child (child_at), and the
 * results overwrite the slots in place when the last child is done, the
 * children released as they go.  A gather of 200,000 tasks so touches one
 * array, not two. */
typedef struct gather_future {
    wa_future fut;
    wa_value *slots;            /* n, in argument order (duplicates too); NULL once the outer's list */
    size_t n;
    size_t nfuts;               /* distinct children */
    size_t nfinished;
    /* Children whose result is a pointer: the list shows it without its
     * destructor, so they stay alive while the outer does (NULL: none). */
    wa_future **owners;
    size_t nowners;
    bool return_exceptions;
    bool cancel_requested;
} gather_future;

/* The child slot i holds, or NULL: one whose result replaced it. */
static wa_future *child_at(const gather_future *g, size_t i) { return g->slots[i].as.ptr.p; }

/* _GatheringFuture.cancel: cancels the children; the outer finishes when
 * they have. */
static bool gather_cancel(wa_future *f, const char *msg) {
    gather_future *g = (gather_future *)f;
    if (f->state != WA_PENDING) return false;
    bool any = false;
    for (size_t i = 0; i < g->n; i++)
        if (wa_future_cancel(child_at(g, i), msg)) any = true;
    if (any) g->cancel_requested = true;
    return any;
}

static void gather_release(wa_future *f) {
    gather_future *g = (gather_future *)f;
    if (g->slots) {     /* no list was made: the slots hold the children */
        for (size_t i = 0; i < g->n; i++)
            if (child_at(g, i)) wa__future_unref(child_at(g, i));
        free(g->slots);
    }
    for (size_t i = 0; i < g->nowners; i++) wa__future_unref(g->owners[i]);
    free(g->owners);
}

static const wa__future_ops gather_ops = {.size = sizeof(gather_future), .cancel = gather_cancel,
                                          .release = gather_release, .name = "gather"};

/* gather lists a cancelled child as CancelledError(its cancel message):
 * a task that ended by letting a CancelledError out has none. */
static wa_error *cancel_message_error(const wa_future *c) {
    const char *msg = c->error && !c->error_once ? wa_error_message(c->error) : "";
    return wa_error_new(WA_CANCELLED_ERROR, "%s", msg);
}

/* Keeps child c, whose pointer result the list shows, while the outer
 * lives. */
static bool keep_owner(gather_future *g, wa_future *c) {
    if (!g->owners && !(g->owners = wa__sys_malloc(g->n * sizeof *g->owners))) return false;
    g->owners[g->nowners++] = c;
    return true;
}

/* Child c's outcome as a list item: results copied as wa_future_set_result
 * would copy them, errors as error values holding a reference.  false when
 * out of memory. */
static bool outcome(gather_future *g, wa_future *c, wa_value *item) {
    if (c->state == WA_CANCELLED) {
        *item = wa_error_value(cancel_message_error(c));     /* a new reference */
        return true;
    }
    if (c->error) {
        *item = wa_error_value(wa_error_ref(c->error));
        return true;
    }
    wa_value v = c->result;     /* wa_future_result's view of a child's result */
    if (v.kind == WA_KIND_PTR) {
        if (!keep_owner(g, c)) return false;
        c->refs++;
        v.as.ptr.dtor = NULL;
    }
    if (!wa__value_owns(&v)) {
        *item = v;      /* owns nothing: no copy to make */
        return true;
    }
    return wa_value_copy(item, &v) == WA_OK;
}

/* The list of outcomes, built in the slots as the result the outer owns.
 * Every child's error counts as retrieved (asyncio's fut.exception()),
 * whether or not the list could be made. */
static void set_results(gather_future *g) {
    size_t made = 0;
    bool ok = true;
    for (size_t i = 0; i < g->n; i++) {
        wa_future *c = child_at(g, i);
        c->log_exception = false;
        wa_value item;
        if (!ok || !(ok = outcome(g, c, &item))) continue;
        g->slots[i] = item;
        wa__future_unref(c);    /* the slot's reference: its result replaced it */
        made = i + 1;
    }
    if (!ok) {
        /* out of memory: the results made go, and their slots hold no child */
        for (size_t i = 0; i < made; i++) {
            wa_value_clear(&g->slots[i]);
            g->slots[i] = wa_none();
        }
        wa_future_set_exception(&g->fut, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
        return;
    }
    g->fut.result = wa_list(g->slots, g->n);
    g->slots = NULL;
    g->fut.state = WA_FINISHED;
    wa__future_finish(&g->fut);
}

/* The error a cancelled child (or, on cancel_requested, the last child)
 * makes the outer raise. */
static wa_error *cancelled_error_of(wa_future *c) {
    wa_error *e = wa_future_cancelled_error(c);
    return e ? e : wa__cancelled_error_new(NULL);
}

/* What asyncio's _done_callback does for a child that finishes after the
 * outer failed: fut.exception(), so that its error is not reported as never
 * retrieved. */
static void gather_child_late(wa_future *child, void *arg) {
    (void)arg;
    child->log_exception = false;
}

static void gather_child_done(wa_future *child, void *arg);

/* The outer failed early: the children still pending get gather_child_late
 * instead, which holds no reference to the outer.  Else a child nobody
 * completes and the outer would hold each other for ever (the outer keeps
 * its children), a cycle that leaks them and their loop once the caller
 * drops both; asyncio's garbage collector frees that cycle. */
static void detach_pending(gather_future *g) {
    for (size_t i = 0; i < g->n; i++) {
        wa_future *c = child_at(g, i);
        /* a child given twice was detached at its first place */
        if (c->state != WA_PENDING || !wa_future_remove_done_callback(c, gather_child_done, g)) continue;
        /* the removal left room, so this add allocates nothing: it cannot fail */
        wa_future_add_done_callback(c, gather_child_late, NULL);
        wa_future_unref(&g->fut);   /* the registration's reference (the caller holds one more) */
    }
}

/* gather_child_done for a child that settles the outer (the last, or a
 * failure), or finishes after it: out of line, so the common child's
 * callback saves no registers for it. */
static WA__RARE void gather_child_settles(wa_future *child, gather_future *g) {
    wa_future *outer = &g->fut;
    if (outer->state != WA_PENDING) {
        child->log_exception = false;   /* fut.exception(): retrieved */
    } else if (!g->return_exceptions && child->state == WA_CANCELLED) {
        wa_future_set_exception(outer, cancelled_error_of(child));
        detach_pending(g);
    } else if (!g->return_exceptions && child->error) {
        child->log_exception = false;
        wa_future_set_exception(outer, wa_error_ref(child->error));
        detach_pending(g);
    } else if (g->nfinished == g->nfuts) {
        if (g->cancel_requested) {  /* asyncio reads the last child in argument order here */
            for (size_t i = 0; i < g->n; i++) child_at(g, i)->log_exception = false;
            wa_future_set_exception(outer, cancelled_error_of(child_at(g, g->n - 1)));
        } else {
            set_results(g);
        }
    }
    wa_future_unref(outer);     /* the registration's reference */
}

static void gather_child_done(wa_future *child, void *arg) {
    gather_future *g = arg;
    if (++g->nfinished < g->nfuts && g->fut.state == WA_PENDING &&
        (g->return_exceptions || (child->state != WA_CANCELLED && !child->error))) {
        wa__future_unref(&g->fut);  /* the registration's reference */
        return;
    }
    gather_child_settles(child, g);
}

static wa_future *out_of_memory(wa_coro *co) {
    wa__misuse(WA_ENOMEM, "await", "out of memory");
    return wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
}

/* Registers gather_child_done on child c, with its reference on the outer
 * future; a task just made has no callback yet, so most take the inline
 * slot with no call (but in a build for size). */
static bool watch_child(wa_future *c, gather_future *g) {
    if (WA__INLINE_PATHS && !c->callbacks_on_heap && !c->cb.first.cb) wa__future_first_callback(c, gather_child_done, g);
    else if (wa_future_add_done_callback(c, gather_child_done, g)) return false;
    g->fut.refs++;
    return true;
}

wa_future *(wa_gather)(wa_coro *co, wa_future *const *futs, size_t n, bool return_exceptions) {
    wa_loop *loop = wa__coro_loop(co, __func__);
    if (!loop) return NULL;
    if (!wa__check_futures(co, futs, n, true, __func__)) return WA__FAILED;
    wa_future *outer = wa__future_new_sub(loop, &gather_ops, __func__);
    wa_value *slots = n && n <= SIZE_MAX / sizeof *slots ? wa__alloc_array(loop, n * sizeof *slots) : NULL;
    if (!outer || (n && !slots)) {
        free(slots);
        wa_future_unref(outer);
        return out_of_memory(co);
    }
    gather_future *g = (gather_future *)outer;
    g->return_exceptions = return_exceptions;
    if (n == 0) {
        wa_future_set_result(outer, wa_list(NULL, 0));
        return wa__frame_keeps(co, outer);
    }
    /* asyncio keys a dict by future: a future given twice counts once.  The
     * first occurrence of each is marked in the future itself (linear time:
     * a gather of 200,000 tasks must not sort them); every mark is cleared
     * before this returns. */
    for (size_t i = 0; i < n; i++) {
        wa_future *c = futs[i];
        slots[i] = wa_none();
        slots[i].as.ptr.p = c;
        c->refs++;
        if (c->gathering) continue;
        c->gathering = true;
        g->nfuts++;
    }
    g->slots = slots;
    g->n = n;
    wa__note_ref_callback(gather_child_done);
    /* the pending ones are watched first, in argument order; a mark that
     * stays says "first and done already" to the loop after */
    for (size_t i = 0; i < n; i++) {
        wa_future *c = futs[i];
        if (!c->gathering || c->state != WA_PENDING) continue;
        c->gathering = false;
        if (watch_child(c, g)) continue;
        /* out of memory */
        for (size_t j = 0; j < n; j++) futs[j]->gathering = false;
        while (i-- > 0) wa__remove_callback_ref(futs[i], gather_child_done, outer);
        wa_future_unref(outer);
        return out_of_memory(co);
    }
    for (size_t i = 0; i < n; i++)
        if (futs[i]->gathering) {
            futs[i]->gathering = false;
            outer->refs++;      /* as a registration's */
            gather_child_done(futs[i], g);
        }
    return wa__frame_keeps(co, outer);
}

/* ---- shield --------------------------------------------------------------- */

typedef struct shield_future {
    wa_future fut;
    wa_future *inner;
} shield_future;

static void shield_release(wa_future *f) { wa_future_unref(((shield_future *)f)->inner); }

static const wa__future_ops shield_ops = {.size = sizeof(shield_future), .release = shield_release, .name = "shield"};

static void shield_inner_done(wa_future *inner, void *arg) {
    wa_future *outer = arg;
    if (outer->state == WA_CANCELLED) {
        if (inner->state != WA_CANCELLED) inner->log_exception = false;
    } else if (inner->state == WA_CANCELLED) {
        wa_future_cancel(outer, NULL);
    } else if (inner->error) {
        inner->log_exception = false;
        wa_future_set_exception(outer, wa_error_ref(inner->error));
    } else {
        wa_value v;
        wa_future_result(inner, &v);
        if (wa_future_set_result(outer, v))
            wa_future_set_exception(outer, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    }
    wa_future_unref(outer);
}

static void shield_outer_done(wa_future *outer, void *arg) {
    (void)arg;
    wa_future *inner = ((shield_future *)outer)->inner;
    if (!wa_future_done(inner)) wa__remove_callback_ref(inner, shield_inner_done, outer);
}

wa_future *(wa_shield)(wa_coro *co, wa_future *inner) {
    wa_loop *loop = wa__coro_loop(co, __func__);
    if (!loop) return NULL;
    if (!wa__check_futures(co, &inner, 1, false, __func__)) return WA__FAILED;
    if (wa_future_done(inner)) return wa__frame_keeps(co, wa_future_ref(inner));
    wa_future *outer = wa__future_new_sub(loop, &shield_ops, __func__);
    if (!outer) return out_of_memory(co);
    ((shield_future *)outer)->inner = wa_future_ref(inner);
    /* outer's first callback is inline and cannot fail */
    if (wa__add_callback_ref(inner, shield_inner_done, outer) ||
        wa_future_add_done_callback(outer, shield_outer_done, NULL)) {
        wa__remove_callback_ref(inner, shield_inner_done, outer);
        wa_future_unref(outer);
        return out_of_memory(co);
    }
    return wa__frame_keeps(co, outer);
}

/* ---- ensure_future -------------------------------------------------------- */

wa_future *wa_ensure_future(wa_loop *loop, wa_future *aw) {
    if (!aw) {
        wa__misuse(WA_EINVAL, __func__, "An asyncio.Future, a coroutine or an awaitable is required");
        return NULL;
    }
    if (loop && aw->loop != loop) {
        wa__misuse(WA_EFOREIGN, __func__, "The future belongs to a different loop than the one specified");
        return NULL;
    }
    return wa_future_ref(aw);
}
