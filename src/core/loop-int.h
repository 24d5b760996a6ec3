/*
 * loop-int.h — the engine's loop: handles and the ready queue, socket
 * watchers, the timer heap and the loop itself, with the invariants each
 * keeps.  Futures, tasks and frames are task-int.h's; parked tasks and
 * waiter queues park-int.h's.
 */
#ifndef WA_LOOP_INT_H
#define WA_LOOP_INT_H

#include "wasyncio.h"
#include "alloc-int.h"
#include "check-int.h"
#include "error-int.h"
#include "list-int.h"
#include "../host/host.h"
#include "../threads/threads.h"

/* A rare path kept out of line: where a hot function's common case is a
 * few loads and stores, inlining the rest would make every call save and
 * restore registers only the rest uses. */
#if defined(__GNUC__)
#define WA__RARE __attribute__((noinline))
#else
#define WA__RARE
#endif

/* ---- handles ------------------------------------------------------------ */

/* Room for the kinds of park (park.c); the library has twelve:
 * Event.wait, Lock.acquire, Semaphore.acquire, Queue.get, Queue.put,
 * Queue's async iteration, sleep, a TaskGroup's exit and the stream reads
 * read, readexactly, readuntil and readline. */
#define WA__PARK_KINDS 16

typedef enum wa__ready_kind {
    WA__READY_CALL,         /* a wa_handle: cb(loop, arg) from call_soon/later/at */
    WA__READY_DONE,         /* a wa_handle: done callback cb(fut, arg); holds a ref on fut */
    WA__READY_TASK_STEP,    /* the node inside a task: run its next step */
    WA__READY_TASK_DONE,    /* the same node once the task is done: its first done
                               callback (fut.cb.first); holds a ref on the task */
    WA__READY_IO,           /* a wa__io whose socket is ready */
    WA__READY_TIMER,        /* a wa__timer, due: its run(loop, t, true) */
    WA__READY_MARK          /* the end of an iteration's batch (run_once's) */
} wa__ready_kind;

/* What the ready queue links: 16 bytes, so a task can embed one cheaply.
 * The queue is singly linked: entries leave it from the front, but for a
 * watcher closed while queued, which walks to it (wa__ready_queue_remove). */
typedef struct wa__ready {
    struct wa__ready *next; /* the entry queued after this one; NULL: the last */
    uint8_t kind;
    bool queued;            /* on loop->ready, or (timers) in the timer heap */
    bool cancelled;
    bool in_heap;           /* timers: in loop->timers; a due one leaves it for the ready queue */
} wa__ready;

/* The ready queue, FIFO: head is the next to run; tail is where the next
 * entry is linked (&head while empty). */
typedef struct wa__ready_queue {
    wa__ready *head;
    wa__ready **tail;
} wa__ready_queue;
static inline void wa__ready_queue_init(wa__ready_queue *q) {
    q->head = NULL;
    q->tail = &q->head;
}
static inline void wa__ready_queue_append(wa__ready_queue *q, wa__ready *r) {
    r->next = NULL;
    *q->tail = r;
    q->tail = &r->next;
}
/* Asks the cache for the memory at p (not NULL) ahead of its use, to be
 * written.  wasm has no such hint, so there it is a read whose value goes
 * unused: the processor runs on while the memory comes in. */
#if defined(__wasm__)
#define WA__PREFETCH(p) ((void)*(const volatile char *)(p))
#elif defined(__GNUC__) || defined(__clang__)
#define WA__PREFETCH(p) __builtin_prefetch((p), 1)
#else
#define WA__PREFETCH(p) ((void)(p))
#endif

/* The front entry of q, which is not empty, taken off. */
static inline wa__ready *wa__ready_queue_take(wa__ready_queue *q) {
    wa__ready *r = q->head;
    q->head = r->next;
    if (!q->head) q->tail = &q->head;
    return r;
}
/* Takes r, which is on q, off it: a walk from the front, O(length), kept
 * for rare cases (a watcher closed while queued, the batch mark of a loop
 * closed mid-batch) so that every task and handle is 8 bytes smaller. */
static inline void wa__ready_queue_remove(wa__ready_queue *q, wa__ready *r) {
    wa__ready **p = &q->head;
    while (*p != r) p = &(*p)->next;
    *p = r->next;
    if (q->tail == &r->next) q->tail = p;
}

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
        /* ctx: the context cb runs in (a reference); NULL: an empty one */
        struct { wa_callback cb; void *arg; struct wa_varcontext *ctx; } call;
        struct { wa_done_callback cb; void *arg; wa_future *fut; } done;
    } u;
};

/* Append r to the ready queue (asyncio's call_soon), unless already queued.
 * Inline (below the loop): every wake-up and yield comes through here. */
static inline void wa__ready_push(wa_loop *loop, wa__ready *r);
/* A new queued DONE handle running cb(fut, arg).  WA_ENOMEM. */
int wa__schedule_done_callback(wa_future *fut, wa_done_callback cb, void *arg);
void wa__handle_release(wa_handle *h);
/* Cancels and releases *h (NULL-safe) and clears it: a timer owned by a
 * sleep, a wait, a timeout scope. */
void wa__handle_drop(wa_handle **h);

/* A timer embedded in its owner (a sleep's, an as_completed's): a handle
 * without the loop, callback, argument, context and references its owner
 * does not need (32 bytes rather than 64 on 64-bit hosts).  Queued (in
 * the heap, then on the ready queue once due), it holds a reference on
 * its owner, which run gives back: run is called once, as the timer
 * leaves the loop, fire true when it is due and not cancelled, false when
 * it is dropped (cancelled, or the loop closing).  Debug mode reports it
 * as the TimerHandle it stands for; sleeps made in debug mode make
 * handles instead (reprs and reports name where they were scheduled). */
typedef struct wa__timer wa__timer;
struct wa__timer {
    wa__ready r;            /* kind WA__READY_TIMER */
    double when;
    void (*run)(wa_loop *loop, wa__timer *t, bool fire);
};
/* Queues t to run at when: as wa_call_at, without allocating; the owner
 * takes its reference once this succeeds.  WA_ENOMEM. */
int wa__timer_schedule(wa_loop *loop, wa__timer *t, double when, void (*run)(wa_loop *loop, wa__timer *t, bool fire));
/* Cancels r, a handle's or a timer's, if still to run: asyncio's
 * TimerHandle.cancel, which leaves it in the heap to be dropped.  Inline
 * (below the loop). */
static inline void wa__ready_cancel(wa_loop *loop, wa__ready *r);
/* Lets go of r, a handle or a timer leaving the loop unrun. */
void wa__ready_drop(wa_loop *loop, wa__ready *r);

/* ---- socket readiness (watch.c) ------------------------------------------- */

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
 * server still open, a run_coroutine_threadsafe future its task has not
 * settled.  close runs once, with the loop already closed. */
typedef struct wa__resource {
    wa__list node;
    void (*close)(struct wa__resource *r);
} wa__resource;
void wa__resource_add(wa_loop *loop, wa__resource *r, void (*close)(wa__resource *r));
void wa__resource_remove(wa__resource *r);
/* wa_loop_free: closes every resource still open. */
void wa__resources_close_all(wa_loop *loop);

/* 0, or a WA_E* code when the loop's host has no sockets. */
int wa__io_init(wa__io *io, wa_loop *loop, int sock, wa__io_fn cb);
/* Starts or stops watching for events, adding to or taking from what is
 * watched.  0 or a WA_E* code. */
int wa__io_start(wa__io *io, int events);
int wa__io_stop(wa__io *io, int events);
/* Stops everything and unqueues the watcher: its owner may go. */
void wa__io_close(wa__io *io);

/* ---- timer heap: min-heap of timers on (when, seq) ----------------------- */

/* A heap entry: the timer (a handle's r, or a wa__timer's) and its keys,
 * seq numbering the timers a loop scheduled, so equal deadlines fire in
 * scheduling order. */
typedef struct wa__timer_entry {
    double when;
    uint64_t seq;
    wa__ready *r;
} wa__timer_entry;

/* Queues r in the heap (queued, in_heap), due at when.  WA_ENOMEM. */
int wa__timers_push(wa_loop *loop, wa__ready *r, double when);
static inline wa__ready *wa__timers_top(wa_loop *loop);
wa__ready *wa__timers_pop(wa_loop *loop);
/* Drops cancelled handles, rebuilding the heap: asyncio does this when they
 * are more than half of at least 100 scheduled timers. */
void wa__timers_compact(wa_loop *loop);

/* ---- the loop ----------------------------------------------------------- */

struct wa_loop {
    const wa_host_ops *host;
    void *host_state;

    wa__ready_queue ready;      /* handles, tasks and watchers to run, FIFO */
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
    wa_status handoff_status;
    wa_coro *handoff;
    wa__list tasks;             /* pending tasks, oldest first; the list holds a ref */
    size_t ntasks;
    uint64_t task_counter;      /* for "Task-N" names */

    wa_exception_handler handler;
    void *handler_arg;
    wa_error **raised;          /* where wa_callback_raise puts its error: set
                                 * while a callback or the handler runs */
    wa_error *callback_raised;  /* that place while a callback runs */
    struct wa_varcontext **ctx_outer;   /* the context slot current when the
                                         * loop began to run (context-int.h) */
    /* How a raise is reported (h NULL: the handler itself raised).  Set by
     * wa_callback_raise, so a program that never raises from a callback
     * links none of it: the npm runtime's size budget. */
    void (*report_raised)(wa_loop *loop, wa_handle *h, wa_error *take_err);

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
    wa__list resources;         /* open transports and servers, unsettled cfutures (wa__resource) */
    char *io_buf;               /* transports' shared receive buffer, WA__IO_BUF bytes */

    wa__list agens;             /* async generators started and not closed */
    /* Set by the first async generator made on this loop, so programs that
     * make none do not link agen.c. */
    const struct wa__agen_hooks *agen_hooks;
    const struct wa__try_hooks *try_hooks;      /* try.c's, once a try was entered */
    /* The kinds of park seen (park.c), in order of first use: a parked task
     * names its kind by index, a byte rather than a pointer. */
    const struct wa__park_ops *park_kinds[WA__PARK_KINDS];
    /* ... and each one's resume for a task woken with nothing incoming,
     * which a woken task's step calls (step-int.h) */
    bool (*park_resume[WA__PARK_KINDS])(struct wa_task *t, wa_error *incoming);
    uint8_t npark_kinds;

    wa__allocator alloc;
    /* Debug mode: released futures and tasks, kept unused a while so a use
     * after release is reported instead of reading a recycled block. */
    struct wa__released *released;
    uint32_t nreleased, released_next;
};

static inline void wa__ready_push(wa_loop *loop, wa__ready *r) {
    if (r->queued) return;  /* a task's step is scheduled at most once */
    r->queued = true;
    wa__ready_queue_append(&loop->ready, r);
    loop->nready++;
}

static inline void wa__ready_cancel(wa_loop *loop, wa__ready *r) {
    if (r->cancelled) return;
    r->cancelled = true;
    /* counted only in the heap: a due timer already on the ready queue is
     * dropped there, and compaction must not count it */
    if (r->in_heap) loop->ncancelled_timers++;
}

static inline wa__ready *wa__timers_top(wa_loop *loop) { return loop->ntimers ? loop->timers[0].r : NULL; }

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
    /* A caller's node only, may be NULL: called instead of cb when the loop
     * closes with the call still queued, so what waits on it can end. */
    wa_callback dropped;
    bool allocated;         /* freed once moved to the ready queue or dropped */
} wa__ts_call;
/* wa_call_soon_threadsafe without allocating, for a thread that must not
 * fail for memory (a worker handing a job back).  WA_ECLOSED.  Made on the
 * thread running the loop, the call goes to the ready queue at once, as
 * call_soon does, and runs in the next iteration. */
int wa__call_soon_threadsafe_node(wa_loop *loop, wa__ts_call *c);

void wa__loop_ref(wa_loop *loop);
void wa__loop_unref(wa_loop *loop);
/* One asyncio _run_once.  may_block: wait on the host when nothing is ready.
 * 0 or WA_EDEADLOCK / WA_EWOULDBLOCK from the host, or WA_EOSERROR when the
 * host's wait failed (its errno in loop->wait_errno). */
int wa__loop_run_once(wa_loop *loop, bool may_block);
/* ... one that may have more than ready work to look at (timers, sockets,
 * calls from other threads), which waits on the host.  Not static: a
 * blocking program's Asyncify instruments it by name
 * (wasm/asyncify-only.txt). */
int wa__loop_run_once_polling(wa_loop *loop, bool may_block);
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

#endif
