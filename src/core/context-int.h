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
 * being current now, that is what Context.run refuses.  Steps, callbacks
 * and jobs only swap the slot, which keeps a task's step cheap.
 */
struct wa_varcontext {
    atomic_uint refs;
    uint32_t entered;
    wa__ctxmap *map;
};

/*
 * Where the current context is: a slot that a step, a callback or a run
 * points at (a task's ctx field, a handle's copy, a local).  A slot that
 * holds NULL is an empty context not made yet: the first set makes one
 * there.  NULL: the thread's own, wa__ctx_base.
 */
extern _Thread_local wa_varcontext **wa__ctx_slot;
extern _Thread_local wa_varcontext *wa__ctx_base;

static inline wa_varcontext *wa__context_current(void) {
    return wa__ctx_slot ? *wa__ctx_slot : wa__ctx_base;
}

/* Makes *slot current; returns what to hand to wa__context_leave. */
static inline wa_varcontext **wa__context_enter(wa_varcontext **slot) {
    wa_varcontext **outer = wa__ctx_slot;
    wa__ctx_slot = slot;
    return outer;
}

static inline void wa__context_leave(wa_varcontext **outer) { wa__ctx_slot = outer; }

/*
 * Set once the process makes its first map (a variable's first set, on any
 * thread), never cleared.  Until then every context is empty, so a task or
 * handle copies none without looking up the current one: a program that
 * never sets a variable pays one load per copy.  Process-wide, not per loop
 * or thread, because a context set on one thread may be entered on another
 * (wa_task_new_in_context, wa_to_thread's copies); whatever hands it over
 * orders this store before the map's use there.
 */
extern atomic_bool wa__ctx_maps_made;

/* What a new task or handle stores as "a copy of the current context":
 * NULL while nothing is set (nothing to copy), else a new context sharing
 * the current mapping.  WA_ENOMEM. */
int wa__context_copy_slow(wa_varcontext **out);
static inline int wa__context_fork(wa_varcontext **out) {
    wa_varcontext *cur;
    if (!atomic_load_explicit(&wa__ctx_maps_made, memory_order_relaxed) || !(cur = wa__context_current()) ||
        !cur->map) {
        *out = NULL;
        return WA_OK;
    }
    return wa__context_copy_slow(out);
}

/* wa_task_new with context c (NULL: a copy of the current one). */
wa_task *wa__task_new_in(wa_loop *loop, wa_varcontext *c, wa_step_fn step, size_t frame_size, const void *init,
                         const char *name, const char *file, int line, const char *func);

/* Runs a call_soon/call_later/call_at handle's callback in its context. */
void wa__context_call(wa_loop *loop, wa_handle *h);

#endif
