/*
 * loop-int.h — the objects the core shares between its files: loop,
 * handles, futures and tasks, with the invariants each keeps.
 */
#ifndef WA_LOOP_INT_H
#define WA_LOOP_INT_H

#include "wasyncio.h"
#include "error-int.h"
#include "list-int.h"
#include "../host/host.h"
#include "../threads/threads.h"

/* ---- allocation: per-loop slabs by size class (alloc.c) ------------------ */

/* Blocks up to WA__ALLOC_MAX_CLASSED bytes come from slabs in steps of
 * WA__ALLOC_GRAIN; larger ones from malloc.  64 KiB slabs: large enough that
 * slab churn is rare, small enough that a mostly idle class pins little.
 * Empty slabs wait in a spare pool for any class; an idle loop trims the
 * pool to WA__SPARE_KEEP slabs, so memory goes back after a burst without
 * being faulted in again and again while the burst lasts. */
#define WA__ALLOC_GRAIN 16
#define WA__ALLOC_MAX_CLASSED 1024
#define WA__ALLOC_CLASSES (WA__ALLOC_MAX_CLASSED / WA__ALLOC_GRAIN)
#define WA__SLAB_SIZE (64 * 1024)
#define WA__SPARE_KEEP 16

typedef struct wa__free_block { struct wa__free_block *next; } wa__free_block;
typedef struct wa__slab wa__slab;
typedef struct wa__slab_list { wa__slab *next, *prev; } wa__slab_list;

/* Slabs of a class that still have free blocks are on its partial list.
 * cached: the block freed last, kept out of its slab (still counted used)
 * so the alloc-free-alloc rhythm of awaits and hand-offs skips the slab. */
typedef struct wa__alloc_class {
    wa__slab *partial;
    void *cached;
} wa__alloc_class;

typedef struct wa__allocator {
    wa__alloc_class classes[WA__ALLOC_CLASSES];
    wa__slab *spares;           /* empty slabs, linked through link.next */
    size_t nspares;
} wa__allocator;

void *wa__alloc(wa_loop *loop, size_t size);
void wa__free(wa_loop *loop, void *p, size_t size);
/* Frees spare slabs beyond keep: called when the loop goes idle. */
void wa__allocator_trim(wa__allocator *a, size_t keep);
void wa__allocator_drain(wa__allocator *a);

/* ---- handles ------------------------------------------------------------ */

typedef enum wa__ready_kind {
    WA__READY_CALL,         /* a wa_handle: cb(loop, arg) from call_soon/later/at */
    WA__READY_DONE,         /* a wa_handle: done callback cb(fut, arg); holds a ref on fut */
    WA__READY_TASK_STEP,    /* the node inside a task: run its next step */
    WA__READY_TASK_DONE,    /* the same node once the task is done: its first done
                               callback (fut.cb.first); holds a ref on the task */
    WA__READY_IO,           /* a wa__io whose socket is ready */
    WA__READY_MARK          /* the end of an iteration's batch (run_once's) */
} wa__ready_kind;

/* What the ready queue links: 24 bytes, so a task can embed one cheaply. */
typedef struct wa__ready {
    wa__list node;
    uint8_t kind;
    bool queued;            /* on loop->ready, or (handles) in the timer heap */
    bool cancelled;
} wa__ready;

/*
 * A scheduled callback.  queued while on loop->ready or in loop->timers;
 * idle once it ran or was dropped after cancellation.  refs counts the
 * loop's reference while queued plus any handed to the user.
 */
struct wa_handle {
    wa__ready r;
    wa_loop *loop;
    double when;            /* timers: deadline; 0 for call_soon */
    uint32_t refs;
    bool is_timer;
    bool debug;             /* a wa__handle_debug: created in debug mode */
    union {
        /* owner: a timer embedded in that future (sleep's), whose memory
         * it is; refs is then only the loop's, and the handle holds a
         * reference on the owner while it has it (no cycle) */
        struct { wa_callback cb; void *arg; wa_future *owner; } call;
        struct { wa_done_callback cb; void *arg; wa_future *fut; } done;
    } u;
};

/* Append r to the ready queue (asyncio's call_soon), unless already queued. */
void wa__ready_push(wa_loop *loop, wa__ready *r);
/* A new queued DONE handle running cb(fut, arg).  WA_ENOMEM. */
int wa__schedule_done_callback(wa_future *fut, wa_done_callback cb, void *arg);
void wa__handle_release(wa_handle *h);
/* Starts h, a timer handle in owner's memory, to run cb(loop, arg) at
 * when: as wa_call_at, without allocating.  The owner stops it with
 * wa_handle_cancel only (it holds no reference on h).  Not in debug mode
 * (its handles are larger).  WA_ENOMEM. */
int wa__timer_start(wa_loop *loop, wa_handle *h, wa_future *owner, double when, wa_callback cb, void *arg);
/* Cancels and releases *h (NULL-safe) and clears it: a timer owned by a
 * sleep, a wait, a timeout scope. */
void wa__handle_drop(wa_handle **h);

/* ---- socket readiness (io.c) ------------------------------------------- */

/* A socket the loop watches: when the host reports it ready, the watcher
 * is queued like a handle, so its callback runs in the iteration's batch
 * as asyncio's reader and writer callbacks do.  Embedded in its owner. */
typedef struct wa__io wa__io;
typedef void (*wa__io_fn)(wa__io *io, int events);
struct wa__io {
    wa__ready r;
    wa_loop *loop;
    int sock;
    int interest;           /* WA__IO_READ | WA__IO_WRITE being watched */
    int pending;            /* events seen since the callback last ran */
    wa__io_fn cb;
};

/* Something the loop must close if it is freed first: a transport or a
 * server still open.  close runs once, with the loop already closed. */
typedef struct wa__resource {
    wa__list node;
    void (*close)(struct wa__resource *r);
} wa__resource;
void wa__resource_add(wa_loop *loop, wa__resource *r, void (*close)(wa__resource *r));
void wa__resource_remove(wa__resource *r);
/* wa_loop_free: closes every resource still open. */
void wa__resources_close_all(wa_loop *loop);

/* Bytes a transport reads at once (asyncio's max_size is 256 KiB; one
 * shared buffer per loop, so 10,000 connections do not each hold one). */
#define WA__IO_BUF (64 * 1024)

/* 0, or a WA_E* code when the loop's host has no sockets. */
int wa__io_init(wa__io *io, wa_loop *loop, int sock, wa__io_fn cb);
/* Starts or stops watching for events, adding to or taking from what is
 * watched.  0 or a WA_E* code. */
int wa__io_start(wa__io *io, int events);
int wa__io_stop(wa__io *io, int events);
/* Stops everything and unqueues the watcher: its owner may go. */
void wa__io_close(wa__io *io);

/* ---- timer heap: min-heap of handles on (when, seq) ---------------------- */

/* A heap entry: the handle and its keys, seq numbering the timers a loop
 * scheduled, so equal deadlines fire in scheduling order. */
typedef struct wa__timer_entry {
    double when;
    uint64_t seq;
    wa_handle *h;
} wa__timer_entry;

int wa__timers_push(wa_loop *loop, wa_handle *h);
wa_handle *wa__timers_top(wa_loop *loop);
wa_handle *wa__timers_pop(wa_loop *loop);
/* Drops cancelled handles, rebuilding the heap: asyncio does this when they
 * are more than half of at least 100 scheduled timers. */
void wa__timers_compact(wa_loop *loop);

/* ---- the loop ----------------------------------------------------------- */

struct wa_loop {
    const wa_host_ops *host;
    void *host_state;

    wa__list ready;             /* handles to run, FIFO */
    size_t nready;              /* on it, batch_end aside */
    wa__ready batch_end;        /* run_once's mark: the end of its batch */
    wa__timer_entry *timers;    /* heap of timers, cancelled ones included */
    size_t ntimers, timers_cap;
    size_t ncancelled_timers;   /* cancelled handles still in the heap */
    uint64_t timer_seq;

    bool running;
    bool stopping;
    bool closed;
    bool user_freed;            /* wa_loop_free called; memory goes with the last ref */
    uint32_t refs;              /* 1 for the user + 1 per live future, task and handle */

    wa_task *current;           /* task whose step is running */
    /* WA_AWAIT_CALL runs a child's first step inline, up to WA__INLINE_DEPTH
     * deep; a child that did not simply return or raise is handed to the
     * task's frame runner as (handoff, handoff_status) (task.c). */
    uint32_t inline_depth;
    wa_status handoff_status;
    wa_coro *handoff;
    wa__list tasks;             /* pending tasks, oldest first; the list holds a ref */
    size_t ntasks;
    uint64_t task_counter;      /* for "Task-N" names */

    wa_exception_handler handler;
    void *handler_arg;

    bool debug;                 /* asyncio's debug mode (debug.c) */
    double slow_callback_duration;
    wa_site created;            /* wa_loop_new's caller, for "unclosed event loop" */

    /* Host-driven loops (Emscripten): called when the loop stops, and when
     * a tick leaves it with nothing ready or scheduled. */
    void (*on_stop)(wa_loop *loop, void *arg);
    void (*on_idle)(wa_loop *loop, void *arg);
    void *on_stop_arg;
    /* Futures that something outside the loop will settle (a JS promise):
     * while there are any, an idle loop is waiting, not deadlocked. */
    size_t nexternal;

    /* call_soon_threadsafe: calls from other threads wait here, under
     * ts_lock, until an iteration moves them to the ready queue;
     * ts_pending lets an iteration skip the lock when there are none. */
    wa__mutex *ts_lock;
    wa__list ts_calls;
    _Atomic bool ts_pending;
    struct wa_executor *default_executor;   /* made by the first wa_to_thread */

    size_t nwatched;            /* sockets watched (io.c) */
    int wait_errno;             /* the errno of the host's last failed wait, for WA_EOSERROR */
    wa__list resources;         /* open transports and servers (wa__resource) */
    char *io_buf;               /* transports' shared receive buffer, WA__IO_BUF bytes */

    wa__list agens;             /* async generators started and not closed */
    /* Set by the first async generator made on this loop, so programs that
     * make none do not link agen.c. */
    const struct wa__agen_hooks *agen_hooks;

    wa__allocator alloc;
};

/* asyncio's shutdown_default_executor: frees the default executor once its
 * jobs are done, then runs one iteration to settle their futures
 * (executor.c).  The loop must not be running. */
void wa__loop_shutdown_default_executor(wa_loop *loop);
/* Moves the calls other threads queued into the ready queue (threadsafe.c). */
void wa__loop_take_threadsafe_calls(wa_loop *loop);
/* Frees the calls still queued (the loop is going away). */
void wa__loop_drop_threadsafe_calls(wa_loop *loop);

/* A call queued by call_soon_threadsafe.  wa_call_soon_threadsafe allocates
 * one; wa__call_soon_threadsafe_node queues the caller's, which stays the
 * caller's (not freed) and must live until the callback runs. */
typedef struct wa__ts_call {
    wa__list node;          /* in loop->ts_calls, under ts_lock */
    wa_callback cb;
    void *arg;
    bool allocated;         /* freed once moved to the ready queue or dropped */
} wa__ts_call;
/* wa_call_soon_threadsafe without allocating, for a thread that must not
 * fail for memory (a worker handing a job back).  WA_ECLOSED. */
int wa__call_soon_threadsafe_node(wa_loop *loop, wa__ts_call *c);

void wa__loop_ref(wa_loop *loop);
void wa__loop_unref(wa_loop *loop);
/* One asyncio _run_once.  may_block: wait on the host when nothing is ready.
 * 0 or WA_EDEADLOCK / WA_EWOULDBLOCK from the host, or WA_EOSERROR when the
 * host's wait failed (its errno in loop->wait_errno). */
int wa__loop_run_once(wa_loop *loop, bool may_block);
/* Marks the loop running on this thread (WA_ERUNNING if any loop is). */
int wa__loop_enter(wa_loop *loop, const char *func);
void wa__loop_leave(wa_loop *loop);
/* A done callback that stops the future's loop (asyncio's
 * _run_until_complete_cb). */
void wa__stop_loop_when_done(wa_future *f, void *arg);
/* Pops and releases cancelled timers from the top of the heap. */
void wa__timers_drop_cancelled(wa_loop *loop);
/* Reports through the handler with only a message and optional objects. */
void wa__report(wa_loop *loop, const char *message, wa_error *exc, wa_future *fut, wa_task *task);
/* Runs one ready entry: a task's step or a handle's callback (loop.c). */
void wa__loop_run_ready(wa_loop *loop, wa__ready *r);
/* True unless the loop is running on another thread (asyncio's
 * _check_thread; hosts without threads are always on it). */
bool wa__loop_on_thread(const wa_loop *loop);
/* The loop running on this thread, or NULL: wa_get_running_loop for the
 * library's own checks, which must not leave "no running event loop" in
 * wa_last_error() when they succeed. */
wa_loop *wa__running_loop(void);

/* ---- futures and tasks -------------------------------------------------- */

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
 */
struct wa_future {
    wa_loop *loop;
    uint32_t refs;
    uint8_t state;              /* wa_future_state */
    bool is_task;
    bool log_exception;         /* failed and nobody looked: report when freed */
    bool error_once;            /* CANCELLED task: error is handed out once (_cancelled_exc) */
    uint32_t ncallbacks;
    bool callbacks_on_heap;     /* cb.heap, once a second callback came; else cb.first */
    const wa__future_ops *ops;  /* subtypes only */
    union {
        wa__done_entry first;   /* inline storage for the common single waiter */
        struct { wa__done_entry *items; uint32_t cap; } heap;
    } cb;
    wa_value result;
    wa_error *error;            /* FINISHED: the error, if any; CANCELLED: the
                                   CancelledError it raises (NULL: make one) */
};

void wa__future_init(wa_future *f, wa_loop *loop, bool is_task);

/* A future a timer finishes (sleep's; wait's waiter starts with one).  The
 * timer holds a plain pointer to it, so wa__timer_future_stop, its on_done
 * and release, cancels the timer when the future is done or freed. */
typedef struct wa__timer_future {
    wa_future fut;
    wa_handle *timer;
} wa__timer_future;
void wa__timer_future_stop(wa_future *f);
/* A pending future of a subtype: ops->size bytes from the loop's slabs,
 * zeroed past the wa_future header.  NULL (misuse recorded) when out of
 * memory. */
wa_future *wa__future_new_sub(wa_loop *loop, const wa__future_ops *ops, const char *func);
/* Finishes f and schedules its callbacks (state must be PENDING). */
void wa__future_finish(wa_future *f);
/* Marks a pending future cancelled with a CancelledError carrying msg
 * (NULL when out of memory: made when asked) and finishes it. */
void wa__future_finish_cancelled(wa_future *f, const char *msg);
/* Called with the last reference; tasks free through here too. */
void wa__future_free(wa_future *f);

/*
 * A task: the future it completes, the frame stack it runs, and the handle
 * that schedules its next step.  While pending it is on loop->tasks, which
 * holds one reference; at most one step is scheduled at a time.
 */
struct wa_task {
    wa_future fut;              /* first: a task is a future */
    wa__ready step;             /* TASK_STEP, queued while a step is due; once done,
                                   TASK_DONE: carries a done callback instead of a handle */
    wa__list node;              /* in loop->tasks while pending */
    wa_coro *top;               /* innermost frame; the root frame follows the task in memory */
    wa_future *waiting_on;      /* the future whose callback will wake us */
    wa_error *throw_error;      /* error to deliver at the next step */
    union {
        char *name;             /* named: its name */
        uint64_t id;            /* else "Task-<id>" until a reader makes that its name */
    } label;
    int num_cancels_requested;
    uint8_t park;               /* wa__park_state: waiting on an Event or a Queue (park.c) */
    bool must_cancel : 1;
    bool started : 1;
    bool debug : 1;             /* created in debug mode: a wa__task_debug follows the root frame */
    bool named : 1;             /* label.name is set */
    char *cancel_msg;           /* for must_cancel */
    const struct wa__park_ops *park_ops;    /* parked: the primitive's ops ... */
    void *parked_on;                        /* ... and the primitive */
    wa_error *await_error;      /* raised by the next await: a failed awaitable factory */
};

/* The done callback that wakes a task waiting on a future (asyncio's
 * __wakeup); recognised so no handle is allocated for it. */
void wa__task_wakeup(wa_future *f, void *task);
/* Runs one step of t (asyncio's __step). */
void wa__task_step(wa_task *t);
/* The root frame lives in the task's own block, right after the struct. */
#define WA__TASK_ROOT_OFFSET ((sizeof(wa_task) + 15) & ~(size_t)15)
static inline wa_coro *wa__task_root(wa_task *t) { return (wa_coro *)((char *)t + WA__TASK_ROOT_OFFSET); }
/* In debug mode the block ends with a wa__task_debug (debug-int.h). */
/* Child frames come from the loop's slabs; freeing the root frame only
 * releases what it holds. */
wa_coro *wa__frame_new(wa_loop *loop, wa_task *task, wa_step_fn step, size_t size, const void *init);
void wa__frame_free(wa_loop *loop, wa_coro *co);
/* How deep WA_AWAIT_CALL nests children run inline on the C stack; deeper
 * ones go through the task's frame runner, which needs no C stack. */
#define WA__INLINE_DEPTH 16
/* child, called by its caller's WA_AWAIT_CALL, ran inline and gave st.  A
 * plain return or raise goes to the caller at once: WA_STATUS_RETURN, so
 * the caller resumes right there.  Anything else is handed to the frame
 * runner, as if it had run the child itself: WA_STATUS_CALL. */
wa_status wa__call_settle(wa_task *t, wa_coro *child, wa_status st);
/* frame_size's top bit: the frame's memory belongs to an async generator,
 * so freeing it only releases what it holds (and closes the generator). */
#define WA__FRAME_BORROWED 0x80000000u
/* frame_size's next bit: a library frame that starts (after its wa_coro)
 * with a wa__hold its factory filled, released by the frame's first scope
 * once it runs; one that never runs (never awaited) is released by
 * wa__task_drop_orphans. */
#define WA__FRAME_HOLDS 0x40000000u
typedef struct wa__agen_hooks {
    /* A generator's frame was released: the generator is closed. */
    void (*frame_released)(wa_coro *co);
    /* Spawns a task closing each open async generator that has none yet. */
    void (*close_all)(wa_loop *loop);
} wa__agen_hooks;
/* None, bools and numbers own nothing, so the hot paths (awaits, returns,
 * results, queue items) skip the calls that copy or clear a value. */
static inline bool wa__value_owns(const wa_value *v) { return v->kind > WA_KIND_DOUBLE; }
_Static_assert(WA_KIND_NONE < WA_KIND_DOUBLE && WA_KIND_BOOL < WA_KIND_DOUBLE && WA_KIND_INT < WA_KIND_DOUBLE &&
                   WA_KIND_DOUBLE < WA_KIND_STR && WA_KIND_DOUBLE < WA_KIND_BYTES && WA_KIND_DOUBLE < WA_KIND_PTR &&
                   WA_KIND_DOUBLE < WA_KIND_LIST && WA_KIND_DOUBLE < WA_KIND_ERROR,
               "the kinds that own nothing come first");
/* wa_value_clear, calling out only for a value that owns something. */
static inline void wa__value_release(wa_value *v) {
    if (wa__value_owns(v)) wa_value_clear(v);
    else *v = wa_none();
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
/* Frees every frame of t, innermost first. */
void wa__task_drop_frames(wa_task *t);

/* Markers an awaitable factory returns instead of a future: "yield one
 * iteration" (wa_sleep(co, 0)), "run the child frame just pushed" (library
 * coroutines), "raise the task's await_error" (a factory that failed). */
extern const wa_future wa__yield_marker, wa__call_marker, wa__failed_marker, wa__ready_marker, wa__park_marker;
#define WA__YIELD ((wa_future *)&wa__yield_marker)
#define WA__PARK ((wa_future *)&wa__park_marker)     /* "suspend: the task is parked" (park.c) */
#define WA__READY ((wa_future *)&wa__ready_marker)
#define WA__CALL ((wa_future *)&wa__call_marker)
#define WA__FAILED ((wa_future *)&wa__failed_marker)
/* True for the markers: what a library coroutine's factory returns is only
 * for WA_AWAIT, never a future to hand to wait_for or gather. */
static inline bool wa__is_marker(const wa_future *f) {
    return f == WA__YIELD || f == WA__READY || f == WA__CALL || f == WA__FAILED || f == WA__PARK;
}
/* The misuse of passing a marker to func: drops a frame it pushed and
 * raises a TypeError at co's await. */
wa_future *wa__marker_misuse(wa_coro *co, const char *func);

/* A factory's fast path: the awaitable is already done with the owned
 * value v (moved into the slot, wa__owned), so the await goes on at once with no
 * frame and no allocation, as `await` of a coroutine that does not suspend. */
wa_future *wa__done_with(wa_coro *co, wa_value v);
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
/* Validates an array argument of an awaitable factory; raises into co. */
bool wa__check_futures(wa_coro *co, wa_future *const *futs, size_t n, bool allow_empty, const char *func);

/* Done callbacks that keep their target alive: add takes a reference to
 * target for the registration, and the callback (or remove) releases it. */
int wa__add_callback_ref(wa_future *f, wa_done_callback cb, wa_future *target);
void wa__remove_callback_ref(wa_future *f, wa_done_callback cb, wa_future *target);

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

/* Hands the owned value v to co as the result of its pending await. */
void wa__deliver(wa_coro *co, wa_value v);

/* ---- parked tasks (park.c) ---------------------------------------------- */

/* A task waiting in Event.wait or Queue.get with no library frame and no
 * waiter future: the task goes on the primitive's waiter list itself and
 * its step node is the wake-up.  WAITING: on the list.  WOKEN: the
 * future's set_result, step queued (Queue's wake-up took it off the list,
 * Event.set did not).  CANCELLED: still on the list (a cancelled future
 * stays too), step queued with the CancelledError. */
typedef enum wa__park_state { WA__PARK_NONE, WA__PARK_WAITING, WA__PARK_WOKEN, WA__PARK_CANCELLED } wa__park_state;

typedef struct wa__park_ops {
    const char *what;               /* reprs: "<Event.wait pending>" */
    const char *result;             /* ... and once woken: "True" */
    struct wa__waitq *(*waiters)(void *obj);    /* the list it waits on */
    /* At the task's next step, before its frames run: the code after
     * asyncio's `await fut`.  incoming is the error the step delivers (the
     * top frame holds it).  Leaves the value or an error in t->top and
     * returns true, or parks again and returns false (the step ends). */
    bool (*resume)(wa_task *t, wa_error *incoming);
} wa__park_ops;

/* Parks co's task on q for obj: returns WA__PARK for co's await, or
 * WA__FAILED (MemoryError). */
wa_future *wa__park(wa_coro *co, struct wa__waitq *q, void *obj, const wa__park_ops *ops);
/* asyncio's set_result on the waiter: false unless the task was WAITING. */
bool wa__park_wake(wa_task *t);
/* ... and cancel(msg). */
bool wa__park_cancel(wa_task *t, const char *msg);
/* Off the list (if still on it: Event.set leaves the woken there) and
 * unparked: a resume's `finally`, or a park never awaited. */
void wa__park_leave(wa_task *t);
/* A park still WAITING whose await never came: left, and reported as
 * CPython reports a coroutine never awaited. */
void wa__park_drop(wa_task *t);

/* Index i of a ring buffer starting at head.  Rings start at a power of
 * two and double, so a mask wraps them: no division on the hot paths. */
static inline size_t wa__ring(size_t head, size_t i, size_t cap) { return (head + i) & (cap - 1); }

/* A FIFO of waiter futures (waitq.c), each held by a reference.  Event and
 * Queue lists also hold parked tasks, tagged by the pointer's low bit. */
typedef struct wa__waitq {
    wa_future **items;
    size_t head, len, cap;
} wa__waitq;
static inline wa_future *wa__waitq_tag(wa_task *t) { return (wa_future *)((uintptr_t)t | 1); }
/* The parked task an entry is, or NULL for a future. */
static inline wa_task *wa__waitq_task(const wa_future *f) {
    return (uintptr_t)f & 1 ? (wa_task *)((uintptr_t)f - 1) : NULL;
}
int wa__waitq_push(wa__waitq *q, wa_future *f);            /* WA_ENOMEM */
/* A new pending waiter future, which reprs call what ("Lock.acquire", a
 * static string), with one reference; NULL when out of memory. */
wa_future *wa__waiter_new(wa_loop *loop, const char *what);
/* A new waiter queued on q, borrowed (the queue holds it); NULL when out of
 * memory. */
wa_future *wa__waitq_add_waiter(wa__waitq *q, wa_loop *loop, const char *what);
wa_future *wa__waitq_peek(const wa__waitq *q, size_t i);   /* borrowed */
wa_future *wa__waitq_pop(wa__waitq *q);                    /* the queue's reference */
bool wa__waitq_remove(wa__waitq *q, wa_future *f);
/* asyncio's _wakeup_next: the first waiter not yet done gets a result. */
bool wa__waitq_wake_next(wa__waitq *q);
void wa__waitq_clear(wa__waitq *q);

/* Scopes: the frame is being freed; drop every scope still open. */
void wa__scopes_drop(wa_coro *co);
/* run_frames: the frame left with RAISE or RETURN.  1 when an open scope
 * takes over (co->resume now points at its exit), 0 when none is open, -1
 * when one was left open by mistake (co->error is then the RuntimeError). */
int wa__scope_unwind(wa_coro *co, wa_status st);

#endif
