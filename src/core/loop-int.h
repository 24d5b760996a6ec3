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

/* ---- allocation: per-loop free lists by size class ---------------------- */

/* Blocks up to WA__ALLOC_MAX_CLASSED bytes come from free lists in steps of
 * WA__ALLOC_GRAIN; larger ones go straight to malloc.  Each list keeps at most
 * WA__ALLOC_KEEP blocks so a burst of a million tasks gives its memory back. */
#define WA__ALLOC_GRAIN 16
#define WA__ALLOC_MAX_CLASSED 512
#define WA__ALLOC_CLASSES (WA__ALLOC_MAX_CLASSED / WA__ALLOC_GRAIN)
#define WA__ALLOC_KEEP 4096

typedef struct wa__free_block { struct wa__free_block *next; } wa__free_block;

typedef struct wa__allocator {
    wa__free_block *head[WA__ALLOC_CLASSES];
    uint32_t count[WA__ALLOC_CLASSES];
} wa__allocator;

void *wa__alloc(wa_loop *loop, size_t size);
void wa__free(wa_loop *loop, void *p, size_t size);
void wa__allocator_drain(wa__allocator *a);

/* ---- handles ------------------------------------------------------------ */

typedef enum wa__handle_kind {
    WA__HANDLE_CALL,        /* cb(loop, arg) from call_soon/call_later/call_at */
    WA__HANDLE_DONE,        /* done callback: cb(fut, arg); holds a ref on fut */
    WA__HANDLE_TASK_STEP    /* embedded in a task: run its next step */
} wa__handle_kind;

/*
 * A scheduled callback.  Where it is:
 *   queued  — on loop->ready (node linked), or in loop->timers (heap_index);
 *   running — taken off both, being called;
 *   idle    — on neither (ran, or dropped when cancelled).
 * refs counts the loop's reference while queued plus any handed to the
 * user.  A TASK_STEP handle lives inside its task and is never freed alone.
 */
struct wa_handle {
    wa__list node;
    wa_loop *loop;
    double when;            /* timers: deadline; 0 for call_soon */
    uint64_t seq;           /* timers: order among equal deadlines */
    uint32_t refs;
    uint8_t kind;
    bool cancelled;
    bool queued;
    bool is_timer;
    union {
        struct { wa_callback cb; void *arg; } call;
        struct { wa_done_callback cb; void *arg; wa_future *fut; } done;
    } u;
};

/* Append h to the ready queue (asyncio's call_soon); the queue takes a ref
 * unless h is a task step. */
void wa__handle_schedule(wa_loop *loop, wa_handle *h);
/* A new queued DONE handle running cb(fut, arg).  WA_ENOMEM. */
int wa__schedule_done_callback(wa_future *fut, wa_done_callback cb, void *arg);
void wa__handle_release(wa_handle *h);

/* ---- timer heap: min-heap of handles on (when, seq) ---------------------- */

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
    size_t nready;
    wa_handle **timers;         /* heap of timer handles, cancelled ones included */
    size_t ntimers, timers_cap;
    size_t ncancelled_timers;   /* cancelled handles still in the heap */
    uint64_t timer_seq;

    bool running;
    bool stopping;
    bool closed;
    bool user_freed;            /* wa_loop_free called; memory goes with the last ref */
    uint32_t refs;              /* 1 for the user + 1 per live future, task and handle */

    wa_task *current;           /* task whose step is running */
    wa__list tasks;             /* pending tasks, oldest first; the list holds a ref */
    size_t ntasks;
    uint64_t task_counter;      /* for "Task-N" names */

    wa_exception_handler handler;
    void *handler_arg;

    /* Host-driven loops (Emscripten): called when the loop stops. */
    void (*on_stop)(wa_loop *loop, void *arg);
    void *on_stop_arg;

    wa__allocator alloc;
};

void wa__loop_ref(wa_loop *loop);
void wa__loop_unref(wa_loop *loop);
/* One asyncio _run_once.  may_block: wait on the host when nothing is ready.
 * 0 or WA_EDEADLOCK / WA_EWOULDBLOCK from the host. */
int wa__loop_run_once(wa_loop *loop, bool may_block);
/* Marks the loop running on this thread (WA_ERUNNING if any loop is). */
int wa__loop_enter(wa_loop *loop, const char *func);
void wa__loop_leave(wa_loop *loop);
/* Reports through the handler with only a message and optional objects. */
void wa__report(wa_loop *loop, const char *message, wa_error *exc, wa_future *fut, wa_task *task);

/* ---- futures and tasks -------------------------------------------------- */

typedef struct wa__done_entry {
    wa_done_callback cb;
    void *arg;
} wa__done_entry;

/*
 * state PENDING: callbacks may be added; result/error unset.
 * FINISHED: exactly one of result (owned) or error (owned ref) is set.
 * CANCELLED: cancel_msg (owned, may be NULL) or cancel_error (owned).
 * Once done, callbacks have been scheduled and the list is empty.
 */
struct wa_future {
    wa_loop *loop;
    uint32_t refs;
    uint8_t state;              /* wa_future_state */
    bool is_task;
    bool log_exception;         /* failed and nobody looked: report when freed */
    uint32_t ncallbacks, callbacks_cap;
    wa__done_entry first_callback;  /* inline storage for the common single waiter */
    wa__done_entry *callbacks;      /* more than one: heap array (first_callback unused) */
    wa_value result;
    wa_error *error;
    char *cancel_msg;
    wa_error *cancel_error;     /* the CancelledError a task ended with */
    wa_handle *timer;           /* sleep futures: cancelled with the future */
};

bool wa__future_init(wa_future *f, wa_loop *loop, bool is_task);
/* Finishes f and schedules its callbacks (state must be PENDING). */
void wa__future_finish(wa_future *f);
/* Called with the last reference; tasks free through here too. */
void wa__future_free(wa_future *f);

/*
 * A task: the future it completes, the frame stack it runs, and the handle
 * that schedules its next step.  While pending it is on loop->tasks, which
 * holds one reference; at most one step is scheduled at a time.
 */
struct wa_task {
    wa_future fut;              /* first: a task is a future */
    wa_handle step;             /* TASK_STEP, queued while a step is due */
    wa__list node;              /* in loop->tasks while pending */
    wa_coro *top;               /* innermost frame; root is the frame with caller NULL */
    wa_future *waiting_on;      /* the future whose callback will wake us */
    wa_error *throw_error;      /* error to deliver at the next step */
    char *name;                 /* NULL: "Task-<id>" */
    uint64_t id;
    int num_cancels_requested;
    bool must_cancel;
    bool started;
    char *cancel_msg;           /* for must_cancel */
};

/* The done callback that wakes a task waiting on a future (asyncio's
 * __wakeup); recognised so no handle is allocated for it. */
void wa__task_wakeup(wa_future *f, void *task);
/* Runs one step of t (asyncio's __step). */
void wa__task_step(wa_task *t);
/* Frames come from the loop's free lists. */
wa_coro *wa__frame_new(wa_loop *loop, wa_task *task, wa_step_fn step, size_t size, const void *init);
void wa__frame_free(wa_loop *loop, wa_coro *co);

/* The marker wa_sleep(co, 0) returns: "yield one iteration". */
extern const wa_future wa__yield_marker;
#define WA__YIELD ((wa_future *)&wa__yield_marker)

#endif
