/*
 * context-int.h — where the engine enters contexts (context.c): the
 * thread's current-context slot, and the cheap checks on the hot paths
 * (task creation and steps, call_soon, the ready queue).
 */
#ifndef WA_CONTEXT_INT_H
#define WA_CONTEXT_INT_H

#include <stdatomic.h>

#include "wasyncio.h"

typedef struct wa__binding wa__binding;
/* An immutable mapping, shared by the contexts copied from one another. */
typedef struct wa__ctxmap {
    atomic_uint refs;
    uint32_t n;
    wa__binding *items[];       /* by variable; a set makes a new map */
} wa__ctxmap;

/*
 * map NULL: no variable has a value (so copying it needs no object).
 * entered counts the wa_varcontext_run calls under way with c current or
 * just left for another context (so c is on this thread's stack): with c
 * being current now, that is what Context.run refuses.  Callbacks and
 * jobs only swap the slot, and a task's step not even that (below).
 */
struct wa_varcontext {
    atomic_uint refs;
    uint32_t entered;
    wa__ctxmap *map;
};

/*
 * Where the current context is: a slot that a callback, a job or a run
 * points at (a handle's copy, a local).  A slot that holds NULL is an empty
 * context not made yet: the first set makes one there.  NULL: the thread's
 * own.  WA__CTX_LOOP, set while a loop runs on this thread (loop.c): the
 * slot is its running task's ctx field, or between steps the slot current
 * when the loop began to run, loop->ctx_outer.  So a step enters its task's
 * context by being loop->current, which it is anyway.
 */
extern _Thread_local wa_varcontext **wa__ctx_slot;
extern wa_varcontext *const wa__ctx_loop_mark;
#define WA__CTX_LOOP ((wa_varcontext **)&wa__ctx_loop_mark)

/* The current context; NULL: an empty one not made yet. */
wa_varcontext *wa__context_current(void);

/* Makes *slot current; returns what to hand to wa__context_leave. */
static inline wa_varcontext **wa__context_enter(wa_varcontext **slot) {
    wa_varcontext **outer = wa__ctx_slot;
    wa__ctx_slot = slot;
    return outer;
}

static inline void wa__context_leave(wa_varcontext **outer) { wa__ctx_slot = outer; }

/*
 * Hooks context.c sets, never clears: the copy when the process makes its
 * first map (a variable's first set, on any thread), the release when it
 * makes its first context.  Until the first map every context is empty, so
 * a task or handle copies none without looking up the current one: a
 * program that never sets a variable pays one load per copy.
 * And as only context.c sets them, a program that makes no context (the npm
 * runtime) links none of context.c through tasks, handles and the loop: its
 * size budget.  Process-wide, not per loop or thread, because a context
 * made on one thread may be entered on another (wa_task_new_in_context,
 * wa_to_thread's copies); whatever hands it over orders the store before
 * the use there.
 */
typedef int (*wa__ctx_copy_fn)(wa_varcontext **out);
typedef void (*wa__ctx_release_fn)(wa_varcontext *c);
extern _Atomic(wa__ctx_copy_fn) wa__ctx_copy;
extern _Atomic(wa__ctx_release_fn) wa__ctx_release;

/* What a new task or handle stores in *out (NULL, as the new object
 * holds it) as "a copy of the current context": NULL while nothing is set
 * (nothing to copy), else a new context sharing the current mapping.
 * WA_ENOMEM. */
static inline int wa__context_fork(wa_varcontext **out) {
    wa__ctx_copy_fn copy = atomic_load_explicit(&wa__ctx_copy, memory_order_relaxed);
    return copy ? copy(out) : WA_OK;
}

/* wa_varcontext_unref for what a task, handle or job holds. */
static inline void wa__context_release(wa_varcontext *c) {
    if (c) atomic_load_explicit(&wa__ctx_release, memory_order_relaxed)(c);    /* c was made: it is set */
}

/* wa_task_new with context c (NULL: a copy of the current one). */
wa_task *wa__task_new_in(wa_loop *loop, wa_varcontext *c, wa_step_fn step, size_t frame_size, const void *init,
                         const char *name, const char *file, int line, const char *func);

/* Runs a call_soon/call_later/call_at handle's callback in its context. */
void wa__context_call(wa_loop *loop, wa_handle *h);

#endif
