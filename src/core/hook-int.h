/*
 * hook-int.h — the engine's one door to debug mode (src/debug): the record
 * each object made in debug mode carries, and the table of calls the
 * engine makes into the observer.  Nothing else of src/debug is seen below
 * it.
 *
 * Debug mode costs nothing while it is off: each object created while it
 * is on carries a flag (t->debug, h->debug, or a future's debug ops) and a
 * record of its creation site placed after its usual bytes, so objects of
 * the common kind keep their size and their size class.
 *
 * The engine reaches the observer only through wa__debug, a table the
 * observer defines (src/debug/debug.c).  A build without it (the npm
 * package's default runtime) links src/debug/none.c, where the table is
 * NULL: debug mode cannot be switched on there, and reports name objects
 * briefly.
 */
#ifndef WA_HOOK_INT_H
#define WA_HOOK_INT_H

#include "task-int.h"

/* After a debug task's root frame (8-aligned): where it was created, and
 * since when it does what it does (ready or waiting). */
typedef struct wa__task_debug {
    wa_site created;
    double since;
} wa__task_debug;

/* The record goes after the group member record, if any (task-int.h).  A
 * macro: a size-optimised build would make a function of it. */
#define WA__TASK_DEBUG_OFFSET(frame_size, grouped) \
    (WA__TASK_MEMBER_OFFSET(frame_size) + ((grouped) ? WA__TASK_MEMBER_SIZE : 0))

static inline wa__task_debug *wa__task_debug_of(wa_task *t) {
    return (wa__task_debug *)((char *)t + WA__TASK_DEBUG_OFFSET(wa__task_root(t)->frame_size, t->grouped));
}

/* The bytes of a task's block: the task, its root frame (rounded to 8
 * bytes, which frames of pointers and integers are already), its group
 * member record, its debug record.  A frame whose size is a multiple of 16
 * may need 16-byte alignment: its block's size stays a multiple of 16, so
 * the block, and the root frame at a multiple of 16 in it, are 16-aligned
 * (alloc-int.h).  Only the records can leave it on a multiple of 8. */
static inline size_t wa__task_block_size_for(size_t frame_size, bool grouped, bool debug) {
    size_t size = WA__TASK_DEBUG_OFFSET(frame_size, grouped) + (debug ? sizeof(wa__task_debug) : 0);
    if ((grouped || debug) && frame_size % 16 == 0) size = (size + 15) & ~(size_t)15;
    return size;
}
static inline size_t wa__task_block_size(const wa_task *t) {
    return wa__task_block_size_for(wa__task_root((wa_task *)t)->frame_size, t->grouped, t->debug);
}

/* A handle made in debug mode: the callback's name and where it was
 * scheduled. */
typedef struct wa__handle_debug {
    wa_handle h;
    const char *cb_name;
    wa_site created;
} wa__handle_debug;

/* A plain future made in debug mode (wa_future_new): ops is
 * wa__debug_future_ops. */
typedef struct wa__future_debug {
    wa_future fut;
    wa_site created;
} wa__future_debug;
extern const wa__future_ops wa__debug_future_ops;

/* The observer's entry points, all the engine calls of it. */
typedef struct wa__debug_ops {
    /* runs r as wa__loop_run_ready does, reporting it past
     * slow_callback_duration (asyncio's _run_once) */
    void (*run_ready_timed)(wa_loop *loop, wa__ready *r);
    /* wa_loop_close: every callback, timer and task still pending */
    void (*report_pending)(wa_loop *loop);
    /* "unclosed <what>" with where it was created (site may be NULL) */
    void (*unclosed)(wa_loop *loop, const char *what, const wa_site *site);
    /* asyncio's reprs, appended at offset at of buf (snprintf-like) */
    size_t (*repr_future)(wa_future *f, char *buf, size_t size, size_t at);
    size_t (*repr_handle)(wa_handle *h, char *buf, size_t size, size_t at);
    /* the digits of a float conversion (format.c), only the observer's
     * texts print floats: wa__float_digits */
    size_t (*float_digits)(double x, char conv, int prec, bool alt, bool upper, char *body, size_t cap);
    /* released.c: records where traced subtype future f was made; keeps a
     * released block marked a while (false: free it now); frees what it
     * kept (the loop is going); reports a use of a released one */
    void (*trace_made)(wa_future *f);
    bool (*release_later)(wa_loop *loop, void *block, size_t size);
    void (*released_drain)(wa_loop *loop);
    void (*report_released)(const wa_future *f, const char *func);
} wa__debug_ops;
/* debug.c's table, or NULL (src/debug/none.c). */
extern const wa__debug_ops *const wa__debug;

/* Whether loop is in debug mode: never without the observer, so there the
 * compiler drops what only debug mode does. */
static inline bool wa__debugging(const wa_loop *loop) { return wa__debug && loop->debug; }

/* A site from the macros' arguments; file NULL when there is none. */
static inline wa_site wa__site(const char *file, int line, const char *func) {
    wa_site s = {file, line, func};
    return s;
}
/* Where o was created, or NULL when it was not recorded. */
const wa_site *wa__task_site(wa_task *t);
const wa_site *wa__future_site(wa_future *f);
const wa_site *wa__handle_site(wa_handle *h);

/* The engine's calls into the observer: only a debug loop makes them, and
 * a loop is in debug mode only where the observer is linked. */
static inline void wa__run_ready_timed(wa_loop *loop, wa__ready *r) {
    if (wa__debug) wa__debug->run_ready_timed(loop, r);
}
static inline void wa__debug_report_pending(wa_loop *loop) {
    if (wa__debug) wa__debug->report_pending(loop);
}
/*
 * For resources that must be closed before they are freed (transports,
 * servers, the loop itself): in debug mode, reports "unclosed <what>" with
 * where it was created (asyncio's ResourceWarning).  what is e.g.
 * "transport <TCPTransport fd=7>"; site may be NULL.
 */
static inline void wa__debug_unclosed(wa_loop *loop, const char *what, const wa_site *site) {
    if (wa__debug && loop && loop->debug) wa__debug->unclosed(loop, what, site);
}

/* describe.c --------------------------------------------------------------- */

/* "coroutine 'name' was never awaited" for frame co of task t, with the
 * site it was created at (may be NULL). */
void wa__report_never_awaited(wa_task *t, wa_coro *co, const wa_site *site);

/* What a frame's step function says of itself (WA_BEGIN's WA__DESCRIBE). */
typedef struct wa__frame_desc {
    const char *func;
    const char *file;
    int begin_line;         /* the line of its WA_BEGIN */
} wa__frame_desc;
void wa__frame_probe(wa_coro *co, wa__frame_desc *out);
/* The line co waits at: its latest await, or its WA_BEGIN before it ran. */
int wa__frame_line(const wa_coro *co, const wa__frame_desc *d);

#endif
