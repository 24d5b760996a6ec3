/*
 * task-int.h — futures, tasks and the frames a task runs: how an await
 * hands over, what a frame owns, and the scopes that release it.
 */
#ifndef WA_TASK_INT_H
#define WA_TASK_INT_H

#include "loop-int.h"

/* What sets a future subtype apart (gather, shield, sleep, waiters); NULL
 * for a plain future.  Tasks are told apart by is_task. */
typedef struct wa__future_ops {
    size_t size;                                    /* bytes of the whole object */
    bool (*cancel)(wa_future *f, const char *msg);  /* NULL: cancel as a future */
    void (*on_done)(wa_future *f);                  /* before callbacks are scheduled */
    void (*release)(wa_future *f);                  /* before the memory goes */
    const char *name;                               /* what reprs call it ("sleep"); NULL: "Future" */
    const char *(*label)(const wa_future *f);       /* or this one's own name; NULL: name */
} wa__future_ops;

typedef struct wa__done_entry {
    wa_done_callback cb;
    void *arg;
} wa__done_entry;

/*
 * state PENDING: callbacks may be added; result/error unset.
 * FINISHED: exactly one of result (owned) or error (owned ref) is set.
 * CANCELLED: error is its CancelledError (owned; NULL when out of memory).
 * Once done, callbacks have been scheduled and the list is empty.
 *
 * The header is packed (72 bytes on 64-bit hosts, 48 on wasm32), since
 * every task, sleep and waiter carries it: the flags fit in the word
 * beside refs (the two written most are bytes, the others bits: a bit
 * costs code at every write), and the number of callbacks is kept only
 * once they spill to the heap (inline, cb.first.cb says whether there is
 * one).
 */
struct wa_future {
    wa_loop *loop;
    uint32_t refs;
    uint8_t state;              /* wa_future_state, or WA__RELEASED */
    bool is_task;
    bool log_exception;         /* failed and nobody looked: report when freed */
    bool error_once : 1;        /* CANCELLED task: error is handed out once (_cancelled_exc) */
    bool callbacks_on_heap : 1; /* cb.heap, once a second callback came; else cb.first */
    bool traced : 1;            /* a subtype made in debug mode: ends with where it was made */
    bool debug_made : 1;        /* made in debug mode: kept a while once released */
    bool gathering : 1;         /* only inside wa_gather: marks a first occurrence */
    /* A subtype's ops, NULL for a plain future.  A task has none: the slot
     * carries the error on its way into its frames (wa_task says which),
     * NULL once it is done.  So f->ops is read only where f is no task;
     * comparing it with a subtype's ops is sound for any future. */
    union {
        const wa__future_ops *ops;
        wa_error *throw_error;
        wa_error *await_error;
    };
    union {
        wa__done_entry first;   /* the common single waiter; cb NULL: none */
        struct { wa__done_entry *items; uint32_t len, cap; } heap;
    } cb;
    wa_error *error;            /* FINISHED: the error, if any; CANCELLED: the
                                   CancelledError it raises (NULL: make one) */
    wa_value result;            /* last: on 32-bit targets a pointer before it
                                   would leave a hole (it is 8-aligned) */
};

/* A pending future of loop, its one reference the caller's: _start over
 * zeroed memory, _init over any. */
static inline void wa__future_start(wa_future *f, wa_loop *loop, bool is_task) {
    f->loop = loop;
    f->refs = 1;
    f->state = WA_PENDING;
    f->is_task = is_task;
    wa__loop_ref(loop);
}
void wa__future_init(wa_future *f, wa_loop *loop, bool is_task);
/* How many done callbacks f holds. */
static inline uint32_t wa__ncallbacks(const wa_future *f) {
    return f->callbacks_on_heap ? f->cb.heap.len : f->cb.first.cb != NULL;
}
/* wa_future_add_done_callback for a pending future that has none yet (a
 * task just made). */
static inline void wa__future_first_callback(wa_future *f, wa_done_callback cb, void *arg) {
    f->cb.first = (wa__done_entry){cb, arg};
}
/* Keeps the first n of f's callbacks, dropping the rest. */
static inline void wa__callbacks_keep(wa_future *f, uint32_t n) {
    if (f->callbacks_on_heap) f->cb.heap.len = n;
    else if (!n) f->cb.first = (wa__done_entry){NULL, NULL};
}

/* A pending future of a subtype: ops->size bytes from the loop's slabs,
 * zeroed past the wa_future header.  NULL (misuse recorded) when out of
 * memory. */
wa_future *wa__future_new_sub(wa_loop *loop, const wa__future_ops *ops, const char *func);
/* Finishes f and schedules its callbacks (state must be PENDING). */
void wa__future_finish(wa_future *f);
/* Marks a pending future cancelled with a CancelledError carrying msg
 * (NULL when out of memory: made when asked) and finishes it. */
void wa__future_finish_cancelled(wa_future *f, const char *msg);
/* Called with the last reference; tasks free through here too.  One made
 * in debug mode is kept a while, its state WA__RELEASED, so a later use is
 * reported (wa__report_released) rather than undefined. */
void wa__future_free(wa_future *f);
/* wa_future_unref of a future known not NULL, inline: the hot paths' release. */
static inline void wa__future_unref(wa_future *f) {
    if (--f->refs == 0) wa__future_free(f);
}
#define WA__RELEASED 0xEE
/* Reports the use of released f by func to its loop's exception handler,
 * with its kind and where it was made, and records the misuse (debug
 * mode's released.c, through the observer's table). */
void wa__report_released(const wa_future *f, const char *func);
static inline bool wa__released(const wa_future *f, const char *func) {
    if (f->state != WA__RELEASED) return false;
    wa__report_released(f, func);
    return true;
}
/* A traced subtype future's record of where it was made, after its bytes. */
#define WA__TRACED_OFFSET(size) (((size) + _Alignof(wa_site) - 1) & ~(_Alignof(wa_site) - 1))
#define WA__TRACED_SIZE(size) (WA__TRACED_OFFSET(size) + sizeof(wa_site))
static inline wa_site *wa__traced_record(wa_future *f) {
    return (wa_site *)((char *)f + WA__TRACED_OFFSET(f->ops->size));
}

/* What few tasks need, made on first need (wa__task_rare_of) so an idle
 * task does not carry it: a name, the message of a pending cancel, and a
 * context (C programs seldom set a context variable; a task made while one
 * is set has a record from the start). */
typedef struct wa__task_rare {
    uint64_t id;                /* "Task-<id>" until a reader makes that its name */
    char *name;                 /* given, or made when first asked; NULL: not yet */
    char *cancel_msg;           /* for must_cancel */
    struct wa_varcontext *ctx;  /* what its steps run in (a reference); NULL: an empty
                                   one, made by the first set (context-int.h) */
} wa__task_rare;

/*
 * A task: the future it completes, the frame stack it runs, and the handle
 * that schedules its next step.  While pending it is on loop->tasks, which
 * holds one reference; at most one step is scheduled at a time.
 *
 * Its bytes count: a program may keep a million idle tasks.  So what only
 * named, cancelled, failing or context-setting tasks use lives in a side
 * record (label.rare), the future awaited and the primitive parked on
 * share one slot, the two errors on their way in share the future's ops
 * slot, and a parked task names its primitive's ops by a byte (park_kind).
 * What only the innermost frame holds is the task's rather than every
 * frame's: the future it awaited (above) and its error (wasyncio.h's
 * WA__FRAME_ERROR, the future's error word while the task is pending).
 */
struct wa_task {
    wa_future fut;              /* first: a task is a future */
    /* Next, the fields WA_AWAIT_CALL's inline path reads, where wasyncio.h's
     * wa__task_layout says they are (task.c asserts it). */
    wa_coro *top;               /* innermost frame; the root frame follows the task in memory */
    struct wa__frame_chunk *frames;     /* the stack of frames above the root (frames.c), or NULL */
    /* The future the innermost frame awaited last (only that frame has
     * one: an await releases it before a child runs), a reference kept so
     * the value read from it stays valid until the next await; waiting
     * while its callback will wake us (asyncio's _fut_waiter).  While a
     * park that keeps no future is set (park-int.h: a list's or a
     * group's), the primitive it is parked on instead, borrowed.  Read
     * them through wa__task_awaited and wa__task_waiting_on. */
    union {
        wa_future *awaited;
        void *parked_on;
    };
    uint8_t park;               /* wa__park_state: waiting on a primitive (park.c) */
    uint8_t park_kind;          /* parked: its ops, loop->park_kinds[park_kind] */
    bool must_cancel : 1;
    bool started : 1;
    /* started by a TaskGroup: its member record follows the root frame.
     * Bit 2, worth 4, the record's size in wasm32: the size build finds a
     * block's size with no shift. */
    bool grouped : 1;
    bool debug : 1;             /* created in debug mode: a wa__task_debug follows the root frame */
    bool has_rare : 1;          /* label.rare is set */
    bool waiting : 1;           /* suspended on awaited, a pending future */
    /* fut.throw_error or fut.await_error (the future's ops slot, which a
     * task does not use) holds an error on its way into the frames.
     * throwing: a throw_error, to deliver at the next step (taken as the
     * step begins); else an await_error, raised by the next await of a
     * failed factory (taken by that await).  A throw replaces a stale
     * await_error (a factory that failed and was never awaited), which no
     * await would raise: the next failed factory brings its own; one still
     * there when the task is done goes then. */
    bool throwing;              /* a byte, not a bit: set and cleared on every throw */
    int num_cancels_requested;
    wa__ready step;             /* TASK_STEP, queued while a step is due; once done,
                                   TASK_DONE: carries a done callback instead of a handle */
    wa__list node;              /* in loop->tasks while pending */
    union {
        uint64_t id;            /* no side record: "Task-<id>" */
        wa__task_rare *rare;    /* has_rare */
    } label;
};

/* The future t waits on, or NULL (also while it is parked). */
static inline wa_future *wa__task_waiting_on(const wa_task *t) { return t->waiting ? t->awaited : NULL; }
/* Hands t the error take_err to raise where it is suspended, at its next
 * step (which the caller schedules). */
static inline void wa__task_throw(wa_task *t, wa_error *take_err) {
    wa_error_unref(t->fut.throw_error);
    t->fut.throw_error = take_err;
    t->throwing = true;
}

/* t's side record, made (from the loop's slabs) if it has none; NULL when
 * out of memory. */
wa__task_rare *wa__task_rare_of(wa_task *t);
/* The message of t's pending cancel, or NULL. */
static inline const char *wa__task_cancel_msg(const wa_task *t) {
    return t->has_rare ? t->label.rare->cancel_msg : NULL;
}
/* Frees t's side record, if any (the task is being freed). */
void wa__task_rare_free(wa_task *t);
/* The context t's steps run in; NULL: an empty one not made yet. */
static inline struct wa_varcontext *wa__task_ctx(const wa_task *t) {
    return t->has_rare ? t->label.rare->ctx : NULL;
}

/* The done callback that wakes a task waiting on a future (asyncio's
 * __wakeup); recognised so no handle is allocated for it. */
void wa__task_wakeup(wa_future *f, void *task);
/* Runs one step of t (asyncio's __step). */
void wa__task_step(wa_task *t);
/* The root frame lives in the task's own block, right after the struct. */
#define WA__TASK_ROOT_OFFSET ((sizeof(wa_task) + 15) & ~(size_t)15)
static inline wa_coro *wa__task_root(wa_task *t) { return (wa_coro *)((char *)t + WA__TASK_ROOT_OFFSET); }
/* A task a TaskGroup starts carries the group's record of it (taskgroup.c),
 * its link to the next task of the group, in its own block, after the root
 * frame (8-aligned): one allocation per task instead of two. */
#define WA__TASK_MEMBER_SIZE sizeof(void *)
#define WA__TASK_MEMBER_OFFSET(frame_size) ((WA__TASK_ROOT_OFFSET + (frame_size) + 7) & ~(size_t)7)
static inline void *wa__task_member(wa_task *t) {
    return (char *)t + WA__TASK_MEMBER_OFFSET(wa__task_root(t)->frame_size);
}
/* What wa_task_new and its variants call: c is the context to run in
 * (NULL: a copy of the current one); grouped: the block has room for a
 * member record (a TaskGroup calls this directly, one call fewer). */
wa_task *wa__task_make(wa_loop *loop, wa_varcontext *c, wa_step_fn step, size_t frame_size, const void *init,
                       const char *name, const char *file, int line, const char *func, bool grouped);
/* In debug mode the block ends with a wa__task_debug (hook-int.h). */
/* Child frames come from the task's frame stack (frames.c); freeing the
 * root frame only releases what it holds. */
wa_coro *wa__frame_new(wa_task *task, wa_step_fn step, size_t size, const void *init);
void wa__frame_free(wa_loop *loop, wa_coro *co);
/* Writes a frame's header (the library's) and copies the fields after it
 * from init, a frame of the same type. */
void wa__frame_init(wa_coro *co, wa_task *task, wa_step_fn step, size_t size, const void *init);

/* Invariant of the frame stack (wasyncio.h's wa__frame_chunk): t->frames
 * is the chunk that holds the innermost frame (or the bottom chunk, empty);
 * every chunk below it holds frames; above it is at most one chunk, empty,
 * kept as a spare. */
/* Out of line: a push that needs another chunk (NULL: out of memory) and
 * the trim of an empty stack (a pop that empties one is wasyncio.h's). */
wa_coro *wa__frame_push_chunk(wa_task *t, size_t size);
void wa__frames_trim(wa_task *t);
/* Room for a frame of size bytes (uninitialised) on t's stack, or NULL. */
static inline wa_coro *wa__frame_push(wa_task *t, size_t size) {
    size = wa__frame_round(size);
    wa_coro *co = wa__frame_bump(t->frames, size);
    return co ? co : wa__frame_push_chunk(t, size);
}
/* child, called by its caller's WA_AWAIT_CALL, ran inline and gave st.  A
 * plain return or raise goes to the caller at once: WA_STATUS_RETURN, so
 * the caller resumes right there.  Anything else is handed to the frame
 * runner, as if it had run the child itself: WA_STATUS_CALL. */
wa_status wa__call_settle(wa_task *t, wa_coro *child, wa_status st);
/* The largest frame: frame_size's bits. */
#define WA__FRAME_SIZE_MAX ((1u << 25) - 1)
/* frame_flags: the frame's memory belongs to an async generator, so
 * freeing it only releases what it holds (and closes the generator). */
#define WA__FRAME_BORROWED 1u
/* frame_flags: a library frame that starts (after its wa_coro) with a
 * wa__hold its factory filled, released by the frame's first scope once it
 * runs; one that never runs (never awaited) is released by
 * wa__task_drop_orphans. */
#define WA__FRAME_HOLDS 2u
typedef struct wa__agen_hooks {
    /* A generator's frame was released: the generator is closed. */
    void (*frame_released)(wa_coro *co);
    /* Spawns a task closing each open async generator that has none yet. */
    void (*close_all)(wa_loop *loop);
} wa__agen_hooks;
/* wa__value_owns (wasyncio.h) reads the kind's order. */
_Static_assert(WA_KIND_NONE < WA_KIND_DOUBLE && WA_KIND_BOOL < WA_KIND_DOUBLE && WA_KIND_INT < WA_KIND_DOUBLE &&
                   WA_KIND_DOUBLE < WA_KIND_STR && WA_KIND_DOUBLE < WA_KIND_BYTES && WA_KIND_DOUBLE < WA_KIND_PTR &&
                   WA_KIND_DOUBLE < WA_KIND_LIST && WA_KIND_DOUBLE < WA_KIND_ERROR,
               "the kinds that own nothing come first");
/* *v = wa_none(), field by field: the hot paths store it without
 * building the struct on the stack first, as compilers do for the copy. */
static inline void wa__value_set_none(wa_value *v) {
    v->kind = WA_KIND_NONE;
    v->as.buf.data = NULL;
    v->as.buf.len = 0;
}
/* wa_value_clear, calling out only for a value that owns something. */
static inline void wa__value_release(wa_value *v) {
    if (wa__value_owns(v)) wa_value_clear(v);
    else wa__value_set_none(v);
}

/* The task's slot, which held a value that owned nothing, emptied between
 * awaits: None by its kind alone.  A None's payload is never read, and the
 * slot is written before a frame views it again, but by
 * wa__await_complete, which gets it emptied whole. */
static inline void wa__slot_empty(wa_value *slot) {
    if (wa__value_owns(slot)) wa_value_clear(slot);
    else slot->kind = WA_KIND_NONE;
}

/* What a frame received (a child's return value, a factory's result) or
 * is returning, owned: the slot is its task's result, unused until the
 * task is done.  The frames of a task can share one slot because only the
 * top one runs and a frame's value is good only until its next await. */
static inline wa_value *wa__owned(const wa_coro *co) { return &co->task->fut.result; }
/* co->value as a view of the slot: a pointer's destructor stays there. */
static inline void wa__view_owned(wa_coro *co) {
    co->value = *wa__owned(co);
    if (co->value.kind == WA_KIND_PTR) co->value.as.ptr.dtor = NULL;
}

/* What an await releases first: the previous value, error and future. */
void wa__release_await(wa_coro *co);
/* Frames left above co by a library coroutine called outside WA_AWAIT:
 * freed (reported as never awaited if report), so the task goes on with co. */
void wa__task_drop_orphans(wa_task *t, wa_coro *co, bool report);
/* Frees every frame of t, innermost first. */
void wa__task_drop_frames(wa_task *t);

/* Markers an awaitable factory returns instead of a future: "yield one
 * iteration" (wa_sleep(co, 0)), "run the child frame just pushed" (library
 * coroutines), "raise the task's await_error" (a factory that failed).
 * Why: WA_AWAIT takes whatever the factory returns as a wa_future *, and
 * these outcomes need no future; a static object per outcome says which
 * with no allocation on the await path, and wa__await tells them apart by
 * address.  They are never done, never referenced and never freed. */
extern const wa_future wa__call_marker, wa__failed_marker;
/* WA__YIELD, WA__PARK, "suspend: the task is parked" (park.c), and
 * WA__DONE, "the factory completed the await" (wa__await_done), are
 * wasyncio.h's, as WA_AWAIT tells them apart inline. */
#define WA__CALL ((wa_future *)&wa__call_marker)
#define WA__FAILED ((wa_future *)&wa__failed_marker)
/* True for the markers: what a library coroutine's factory returns is only
 * for WA_AWAIT, never a future to hand to wait_for or gather. */
static inline bool wa__is_marker(const wa_future *f) {
    return f == WA__YIELD || f == WA__CALL || f == WA__FAILED || f == WA__PARK || f == WA__DONE;
}
/* The misuse of passing a marker to func: drops a frame it pushed and
 * raises a TypeError at co's await. */
wa_future *wa__marker_misuse(wa_coro *co, const char *func);

/* A factory's fast path, its result (owned) in the slot already: it
 * completes co's await itself (co->value a view of the slot, what the
 * previous await left released) and returns WA__DONE, which WA_AWAIT
 * passes without a call.  Inline when nothing is left to release and no
 * park waits for its await; else, and in a build for size, the call. */
wa_future *wa__await_complete(wa_coro *co);
static inline wa_future *wa__await_done(wa_coro *co) {
    if (!WA__INLINE_PATHS || wa__await_left_more(co) || co->task->park == WA__PARKED)
        return wa__await_complete(co);
    wa__view_owned(co);
    return WA__DONE;
}
/* ... for a result of None: the slot is emptied, and co->value None. */
static inline wa_future *wa__await_done_none(wa_coro *co) {
    wa_value *slot = wa__owned(co);
    if (!WA__INLINE_PATHS || wa__await_left_more(co) || co->task->park == WA__PARKED) {
        wa__value_release(slot);    /* whole: the call views it */
        return wa__await_complete(co);
    }
    wa__slot_empty(slot);
    wa__value_set_none(&co->value);
    return WA__DONE;
}
/* A factory's fast path: the awaitable is already done with the owned
 * value v (moved into the slot, wa__owned), so the await goes on at once with no
 * frame and no allocation, as `await` of a coroutine that does not suspend.
 * Inline, as wa__deliver: a queue's hand-off passes both. */
static inline wa_future *wa__done_with(wa_coro *co, wa_value v) {
    wa__value_release(wa__owned(co));
    *wa__owned(co) = v;
    return wa__await_done(co);
}
/* A factory's failure: records take_err to be raised by co's next await
 * and returns WA__FAILED (or NULL outside a task). */
wa_future *wa__fail_await(wa_coro *co, wa_error *take_err);
/* Pushes a library coroutine frame over co, to run at the await; returns
 * WA__CALL, or WA__FAILED with MemoryError.  _holding: the frame starts
 * with a wa__hold (WA__FRAME_HOLDS). */
wa_future *wa__call_push(wa_coro *co, wa_step_fn step, size_t size, const void *init);
wa_future *wa__call_push_holding(wa_coro *co, wa_step_fn step, size_t size, const void *init);
/* The loop of the task running co, or NULL (a misuse) when co is not in one. */
wa_loop *wa__coro_loop(wa_coro *co, const char *func);
/* Whether an awaitable factory may go on: co runs in a task, and obj
 * (anything with a loop member: a queue, a lock) is not NULL and is bound
 * to that task's loop.  Inline, as the factories' fast paths test it. */
#define WA__BOUND(co, obj) ((co) && (co)->task && (obj) && (obj)->loop == (co)->task->fut.loop)
/* What such a factory returns when WA__BOUND refused: why ("<what> is
 * NULL", another loop's), recorded and raised at co's await; NULL, with
 * the misuse recorded, when co is not in a task.  Out of line and called
 * last, so the check costs the fast paths no registers. */
wa_future *wa__bound_refused(wa_coro *co, const void *obj, const char *what, const char *func);
/* Validates an array argument of an awaitable factory; raises into co. */
bool wa__check_futures(wa_coro *co, wa_future *const *futs, size_t n, bool allow_empty, const char *func);

/* Done callbacks that keep their target alive: add takes a reference to
 * target for the registration, and the callback (or remove) releases it. */
int wa__add_callback_ref(wa_future *f, wa_done_callback cb, wa_future *target);
void wa__remove_callback_ref(wa_future *f, wa_done_callback cb, wa_future *target);
/* Records that cb's registrations hold a reference on their argument (callref.c). */
void wa__note_ref_callback(wa_done_callback cb);
/* f will never finish (its loop is being freed with it pending): drops its
 * registrations that hold references, so cycles through them (a gather and
 * a child that waits for it) are freed, as asyncio's collector frees them. */
void wa__release_callback_refs(wa_future *f);
/* cb(fut, arg) was scheduled and will never run (its loop closed first):
 * gives back the reference arg held, if cb's registrations hold one. */
void wa__drop_scheduled_callback(wa_done_callback cb, void *arg);

/* A scope that owns references to futures (one, and the n of futs, a
 * malloc'd array) and releases them when it exits or its frame is freed:
 * the way a library coroutine keeps its arguments alive. */
typedef struct wa__hold {
    wa_scope scope;
    wa_future **futs;
    size_t n;
    wa_future *one;
    wa_value value;         /* an owned value, cleared too */
} wa__hold;
wa_scope *wa__hold_scope(wa__hold *h);
/* Releases what h holds (also for a hold never entered). */
void wa__hold_release(wa__hold *h);
/* How a WA__FRAME_HOLDS frame begins. */
typedef struct wa__held_frame {
    wa_coro co;
    wa__hold hold;
} wa__held_frame;

/* What a frame keeps until it ends (keep.c).  wa__keep takes take_obj's
 * reference; with a slot (where a caught error went) it replaces what the
 * frame kept for that slot.  Out of memory it releases take_obj and returns
 * false.  The blocks are scopes at the bottom of co->scopes whose ops have
 * no exit (wa__scope_is_keep). */
typedef enum wa__keep_kind { WA__KEEP_FUTURE, WA__KEEP_ERROR } wa__keep_kind;  /* a task: its future */
bool wa__keep(wa_coro *co, wa__keep_kind kind, void *take_obj, void *slot);
/* Links block, made by the caller, as co's newest keep block: its ops have
 * no exit and their drop releases what it keeps and frees it when the
 * frame is freed.  A keep block may be as short as the two fields of a
 * wa_scope the scope list reads, ops and outer (no other is touched): it
 * reads and writes them as a wa_scope's. */
void wa__keep_block(wa_coro *co, wa_scope *block);
/* A keep block: never exited, dropped with its frame. */
static inline bool wa__scope_is_keep(const wa_scope *s) { return !s->ops->exit; }
/* What a factory of futures (gather, shield, run_in_executor) returns:
 * take_f, awaited next and kept by the frame until it ends. */
wa_future *wa__frame_keeps(wa_coro *co, wa_future *take_f);
/* True when co has a scope open that is not its keeps. */
static inline bool wa__scope_open(const wa_coro *co) { return co->scopes && !wa__scope_is_keep(co->scopes); }

/* Hands the owned value v to co as the result of its pending await. */
static inline void wa__deliver(wa_coro *co, wa_value v) {
    wa__value_release(wa__owned(co));
    *wa__owned(co) = v;
    wa__view_owned(co);
}

/* Scopes: the frame is being freed; drop every scope still open. */
void wa__scopes_drop(wa_coro *co);
/* run_frames: the frame left with RAISE or RETURN.  1 when an open scope
 * takes over (co->resume now points at its exit), 0 when none is open, -1
 * when one was left open by mistake (the frame's error is then the RuntimeError). */
int wa__scope_unwind(wa_coro *co, wa_status st);

/* try.c, reached through the loop (loop->try_hooks, set by the first WA_TRY
 * or wa_acm_enter), so that a program using neither links none of it: the
 * npm runtime's size budget. */
typedef struct wa__try_hooks {
    const wa_scope_ops *ops;    /* a wa_try's scope */
    /* wa__scope_unwind hands a try the outcome of the part that ended
     * (returns 1). */
    int (*unwind)(wa_coro *co, wa_scope *s, wa_status st);
    /* Python's raise: e, raised in co's frame now, gets its context. */
    void (*chain_context)(wa_coro *co, wa_error *e);
} wa__try_hooks;
extern const wa__try_hooks wa__try_hooks_table;
/* The hooks of co's loop, or NULL while no try has been entered there. */
static inline const wa__try_hooks *wa__try_hooks_of(const wa_coro *co) {
    return co->task ? co->task->fut.loop->try_hooks : NULL;
}
/* The error co's frame is handling (Python's sys.exception()): the caught
 * error of the innermost running handler, or the error pending in a running
 * finally block, in co's frame or a frame that awaited it inline; or NULL. */
wa_error *wa__try_handled(const wa_coro *co);
/* acm.c: a wa_acm is the scope with these ops; while its exit runs, its
 * error is what the frame handles. */
extern const wa_scope_ops wa__acm_ops;

#endif
