/*
 * hook-int.h — the engine's one door to debug mode (src/debug): the record
 * each object made in debug mode carries, and the calls the engine and the
 * layers over it make into debug.c and repr.c.  Nothing else of src/debug
 * is seen below it.
 *
 * Debug mode costs nothing while it is off: each object created while it
 * is on carries a flag (t->debug, h->debug, or a future's debug ops) and a
 * record of its creation site placed after its usual bytes, so objects of
 * the common kind keep their size and their size class.
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

#define WA__TASK_DEBUG_OFFSET(frame_size) ((WA__TASK_ROOT_OFFSET + (frame_size) + 7) & ~(size_t)7)

static inline wa__task_debug *wa__task_debug_of(wa_task *t) {
    return (wa__task_debug *)((char *)t + WA__TASK_DEBUG_OFFSET(wa__task_root(t)->frame_size));
}

/* The bytes of t's block: the task, its root frame, its debug record. */
static inline size_t wa__task_block_size(const wa_task *t) {
    size_t frame_size = wa__task_root((wa_task *)t)->frame_size;
    return t->debug ? WA__TASK_DEBUG_OFFSET(frame_size) + sizeof(wa__task_debug) : WA__TASK_ROOT_OFFSET + frame_size;
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

/* A site from the macros' arguments; file NULL when there is none. */
static inline wa_site wa__site(const char *file, int line, const char *func) {
    wa_site s = {file, line, func};
    return s;
}
/* Where o was created, or NULL when it was not recorded. */
const wa_site *wa__task_site(wa_task *t);
const wa_site *wa__future_site(wa_future *f);
const wa_site *wa__handle_site(wa_handle *h);

/* ---- debug.c ---- */
/* Runs r as wa__loop_run_ready does, timing it: reports "Executing ...
 * took N seconds" past slow_callback_duration (asyncio's _run_once). */
void wa__run_ready_timed(wa_loop *loop, wa__ready *r);
/* wa_loop_close in debug mode: reports every callback, timer and task
 * still pending. */
void wa__debug_report_pending(wa_loop *loop);
/*
 * The hook for resources that must be closed before they are freed
 * (transports, servers, the loop itself): in debug mode, reports
 * "unclosed <what>" with where it was created (asyncio's ResourceWarning).
 * what is e.g. "transport <TCPTransport fd=7>"; site may be NULL.
 */
void wa__debug_unclosed(wa_loop *loop, const char *what, const wa_site *site);
/* "coroutine 'name' was never awaited" for frame co of task t, with the
 * site it was created at (may be NULL). */
void wa__report_never_awaited(wa_task *t, wa_coro *co, const wa_site *site);

/* ---- repr.c ----- */
/* asyncio's reprs (repr.c), snprintf-like, appended at offset at of buf:
 * return the new offset (past size only counted). */
size_t wa__repr_future(wa_future *f, char *buf, size_t size, size_t at);
size_t wa__repr_handle(wa_handle *h, char *buf, size_t size, size_t at);

#endif
