/*
 * wasyncio — Python asyncio's model in C, with stackless coroutines.
 *
 * One header.  Every declaration states what it does, who owns what, which
 * errors it reports and from which thread it may be called.  Unless a
 * function says otherwise it must be called on the thread that runs the loop.
 *
 * Ownership: one rule
 *   - What you make, you release: `_new` pairs with `_free`, and every
 *     reference you are given (`_new`, `_ref`, WA_SPAWN, wa_ensure_future)
 *     with its `_unref`.  A parameter named `take_*`, and WA_RAISE, takes
 *     over the reference it is passed.
 *   - What the library hands a coroutine belongs to its frame and stays
 *     valid until the frame ends (returns or raises), whatever the frame
 *     awaits meanwhile: the futures wa_gather, wa_shield and
 *     wa_run_in_executor return, the errors WA_AWAIT_TRY catches, the tasks
 *     its TaskGroups start.  Take a reference to keep one beyond the frame.
 *   - Rebound, as a Python name is by assignment: co->value, the value of
 *     the await just done, is replaced by the next await (copy what you
 *     keep: wa_value_copy); an error caught into a field is replaced by the
 *     next catch into that field; WA_EXCEPT's t.caught goes when its handler
 *     ends, as Python deletes `except ... as e`.
 *   - A pointer documented as borrowed lives as long as the object it came
 *     from.  Nothing else expires on its own.
 *   - Library coroutines (wa_sleep, wa_wait_for, wa_queue_get, ...) return
 *     an awaitable for WA_AWAIT only, as a coroutine object is for `await`.
 *   The sanitize build (AddressSanitizer) reports a use of a released
 *   object as a heap-use-after-free naming where it was made.
 *
 * Conventions
 *   - Functions that can fail return `int`: 0 or a negative WA_E* code.  The
 *     message of the latest failure on this thread is wa_last_error().
 *   - Errors raised *inside* coroutines (asyncio's exceptions) are wa_error
 *     objects; API misuse is an error code.  A misuse made by a coroutine
 *     through an awaitable-returning call is raised into the coroutine.
 *
 * Start here: a program is a main coroutine and WA_MAIN (or wa_run).
 *
 *     typedef struct main_frame { wa_coro co; int n; } main_frame;
 *
 *     static wa_status main_step(wa_coro *co) {
 *         main_frame *f = (main_frame *)co;
 *         WA_BEGIN(co);
 *         WA_AWAIT(co, wa_sleep(co, 0.5));        // asyncio.sleep(0.5)
 *         WA_RETURN(co, wa_int(f->n));
 *         WA_END(co);
 *     }
 *
 *     int main(void) { return WA_MAIN(main_step, main_frame, .n = 42); }
 *
 * Contents, the top level first (the sections below come in the order
 * their types need, so the top level is the last of them):
 *
 *   Top level      WA_MAIN, wa_main, wa_run / WA_RUN, wa_runner_*: asyncio.run,
 *                  asyncio.Runner
 *   Coroutines     the frame (wa_coro), WA_BEGIN / WA_END or WA_ASYNC, WA_AWAIT,
 *                  WA_AWAIT_TRY, WA_AWAIT_CALL, WA_RETURN, WA_RAISE, WA_WITH scopes
 *                  (wa_acm: coroutine __aenter__/__aexit__), WA_TRY / WA_EXCEPT /
 *                  WA_EXCEPT_STAR / WA_ELSE / WA_FINALLY: try statements
 *   Tasks          wa_task_new / WA_SPAWN, cancel, uncancel, names, results
 *   Context variables  contextvars: ContextVar, Token, copy_context, Context.run;
 *                  tasks and callbacks with context=
 *   Sleeping, Waiting for several things (gather, shield, wait, wait_for,
 *                  as_completed), Timeouts, TaskGroup, Synchronisation (Lock, Event,
 *                  Condition, Semaphore, Barrier), Queues, Async iteration and async
 *                  generators: the asyncio library
 *   wasyncio_io.h  transports and protocols, streams, servers (included at the end)
 *   Threads        executors, run_in_executor, to_thread, run_coroutine_threadsafe
 *   The event loop wa_loop_new, call_soon / call_later / call_at, run_until_complete,
 *                  stop, close, the exception handler
 *   Futures        wa_future_new, results, done callbacks, cancel
 *   Values, Errors what futures hold and coroutines return; typed, refcounted
 *                  errors with cause and children (asyncio's exceptions)
 *   Error codes    WA_E*, wa_strerror, wa_last_error
 *   Debug mode, Introspection: asyncio's debug mode, await chains, what every task
 *                  is doing
 */
#ifndef WASYNCIO_H
#define WASYNCIO_H

#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ------------------------------------------------------------------------ */
/* Error codes                                                              */
/* ------------------------------------------------------------------------ */

/* X(name, message): one table makes the enum, wa_err_name and wa_strerror. */
#define WA_ERRNO_MAP(X)                                                        \
    X(EINVAL, "invalid argument")                                              \
    X(ENOMEM, "out of memory")                                                 \
    X(EINVALIDSTATE, "invalid state")                                          \
    X(ECLOSED, "the event loop is closed")                                     \
    X(ERUNNING, "an event loop is already running")                            \
    X(ENOTRUNNING, "no running event loop")                                    \
    X(EFOREIGN, "the object belongs to another event loop")                    \
    X(EDEADLOCK, "the loop would wait forever: nothing is scheduled")          \
    X(EWOULDBLOCK, "this host cannot block: the host's event loop drives it")  \
    X(ECANCELLED, "the future was cancelled")                                  \
    X(EEXCEPTION, "the future finished with an exception")                     \
    X(ENOSYS, "not available in this build")                                   \
    X(EFULL, "the queue is full")                                              \
    X(EEMPTY, "the queue is empty")                                            \
    X(ESHUTDOWN, "the queue is shut down")                                     \
    X(EWRONGTHREAD, "called from a thread that does not run the event loop") \
    X(EOSERROR, "the system's wait for events failed")

/* Slots count up from 1 in table order; the codes are their negatives. */
enum wa__errno_slot {
    WA__SLOT_OK,
#define WA__ERRNO_SLOT(name, msg) WA__SLOT_##name,
    WA_ERRNO_MAP(WA__ERRNO_SLOT)
#undef WA__ERRNO_SLOT
    WA__SLOT_COUNT
};
enum wa_errno {
    WA_OK = 0,
#define WA__ERRNO_CODE(name, msg) WA_##name = -WA__SLOT_##name,
    WA_ERRNO_MAP(WA__ERRNO_CODE)
#undef WA__ERRNO_CODE
};

/* "EINVAL" for WA_EINVAL; "UNKNOWN" for codes not in the table.  Static. */
const char *wa_err_name(int code);
/* "invalid argument" for WA_EINVAL; "unknown error" otherwise.  Static. */
const char *wa_strerror(int code);
/* The message of this thread's latest failed call ("wa_future_set_result:
 * invalid state"): the function, then the words CPython's exception has
 * there.  Valid until the next failing call on this
 * thread; never NULL. */
const char *wa_last_error(void);
/* The Python exception type that failure is where CPython raises it (a
 * coroutine that makes the same call gets it raised at its await, with
 * wa_last_error()'s words after the "func: " prefix): RuntimeError for
 * WA_ECLOSED, InvalidStateError for a result set twice, QueueFull...: the
 * type the failing call's site names, else its code's.  NULL before any
 * failure on this thread. */
const struct wa_error_type *wa_last_error_type(void);

/* ------------------------------------------------------------------------ */
/* Values: what futures hold and coroutines return                         */
/* ------------------------------------------------------------------------ */

typedef enum wa_kind {
    WA_KIND_NONE,
    WA_KIND_BOOL,
    WA_KIND_INT,    /* int64_t */
    WA_KIND_DOUBLE,
    WA_KIND_STR,    /* NUL-terminated text; len excludes the NUL */
    WA_KIND_BYTES,
    WA_KIND_PTR,    /* opaque pointer, with an optional destructor */
    WA_KIND_LIST,   /* an array of values (gather's results) */
    WA_KIND_ERROR   /* an error as a value (gather's return_exceptions) */
} wa_kind;

typedef struct wa_error wa_error;

/*
 * A small tagged value, mapped 1:1 onto JS (undefined, boolean, number or
 * BigInt, number, string, Uint8Array, external object, Array, Error).
 *
 * Built by wa_none()...wa_ptr(), a value *borrows* its bytes: wa_str(s) does
 * not copy s.  Storing it (wa_future_set_result, WA_RETURN) copies strings and
 * bytes and takes over a pointer's destructor, which then runs exactly once,
 * when the holder is freed.  A value read back from a future is a view valid
 * as long as that future.  A list's items are copied with it, except that
 * pointers inside a list are always borrowed: their destructors stay where
 * they were.  An error value holds a reference to its error once stored.
 */
typedef struct wa_value {
    wa_kind kind;
    union {
        bool b;
        int64_t i;
        double d;
        struct { const char *data; size_t len; } buf;
        struct { void *p; void (*dtor)(void *p); } ptr;
        struct { const struct wa_value *items; size_t len; } list;
        wa_error *err;
    } as;
} wa_value;

static inline wa_value wa_none(void) { wa_value v = {WA_KIND_NONE, {0}}; return v; }
static inline wa_value wa_bool(bool b) { wa_value v = wa_none(); v.kind = WA_KIND_BOOL; v.as.b = b; return v; }
static inline wa_value wa_int(int64_t i) { wa_value v = wa_none(); v.kind = WA_KIND_INT; v.as.i = i; return v; }
static inline wa_value wa_double(double d) { wa_value v = wa_none(); v.kind = WA_KIND_DOUBLE; v.as.d = d; return v; }
/* s may be NULL, which reads as "". */
wa_value wa_str(const char *s);
wa_value wa_bytes(const void *data, size_t len);
/* dtor (may be NULL) runs once when the value's final holder is freed. */
static inline wa_value wa_ptr(void *p, void (*dtor)(void *)) {
    wa_value v = wa_none(); v.kind = WA_KIND_PTR; v.as.ptr.p = p; v.as.ptr.dtor = dtor; return v;
}

/* A list viewing n items (items may be NULL when n is 0). */
static inline wa_value wa_list(const wa_value *items, size_t n) {
    wa_value v = wa_none(); v.kind = WA_KIND_LIST; v.as.list.items = items; v.as.list.len = items ? n : 0; return v;
}
/* An error as a value, borrowing e. */
static inline wa_value wa_error_value(wa_error *e) {
    wa_value v = wa_none(); v.kind = WA_KIND_ERROR; v.as.err = e; return v;
}

/* Makes an owned copy of src in *dst (strings and bytes duplicated; a
 * pointer's destructor moves to *dst and is cleared in src).  WA_ENOMEM. */
int wa_value_copy(wa_value *dst, wa_value *src);
/* Python's bool(v): false for none, false, 0, 0.0 (and -0.0; NaN is
 * true), an empty string, bytes or list, a NULL pointer and a NULL v;
 * true otherwise (an error value is true). */
bool wa_value_truthy(const wa_value *v);
/* Releases an owned value (from wa_value_copy or wa_run): frees copied bytes,
 * runs a pointer's destructor.  Leaves *v as none. */
void wa_value_clear(wa_value *v);

/* ------------------------------------------------------------------------ */
/* Errors raised in coroutines: typed, refcounted, with cause and children  */
/* ------------------------------------------------------------------------ */

/* A type has one base; wa_error_is() matches the type or any descendant.
 * User types are static const objects: {"MyError", WA_EXCEPTION}. */
typedef struct wa_error_type {
    const char *name;
    const struct wa_error_type *base;
} wa_error_type;

extern const wa_error_type wa__base_exception, wa__exception, wa__cancelled_error,
    wa__timeout_error, wa__invalid_state_error, wa__runtime_error, wa__value_error,
    wa__type_error, wa__memory_error, wa__base_exception_group, wa__exception_group,
    wa__os_error, wa__broken_barrier_error, wa__queue_empty, wa__queue_full, wa__queue_shutdown,
    wa__stop_async_iteration, wa__generator_exit, wa__eof_error, wa__lookup_error, wa__key_error,
    wa__stop_iteration;

#define WA_BASE_EXCEPTION (&wa__base_exception)
#define WA_EXCEPTION (&wa__exception)                   /* base: BaseException */
#define WA_CANCELLED_ERROR (&wa__cancelled_error)       /* base: BaseException, as in 3.8+ */
#define WA_TIMEOUT_ERROR (&wa__timeout_error)           /* base: OSError */
#define WA_INVALID_STATE_ERROR (&wa__invalid_state_error)
#define WA_RUNTIME_ERROR (&wa__runtime_error)
#define WA_VALUE_ERROR (&wa__value_error)
#define WA_TYPE_ERROR (&wa__type_error)
#define WA_MEMORY_ERROR (&wa__memory_error)
#define WA_BASE_EXCEPTION_GROUP (&wa__base_exception_group)
#define WA_EXCEPTION_GROUP (&wa__exception_group)       /* base: Exception; also a BaseExceptionGroup */
#define WA_OS_ERROR (&wa__os_error)
#define WA_BROKEN_BARRIER_ERROR (&wa__broken_barrier_error)   /* base: RuntimeError */
#define WA_QUEUE_EMPTY (&wa__queue_empty)                     /* asyncio.QueueEmpty */
#define WA_QUEUE_FULL (&wa__queue_full)                       /* asyncio.QueueFull */
#define WA_QUEUE_SHUTDOWN (&wa__queue_shutdown)               /* asyncio.QueueShutDown (3.13) */
#define WA_STOP_ASYNC_ITERATION (&wa__stop_async_iteration)
#define WA_GENERATOR_EXIT (&wa__generator_exit)               /* base: BaseException */
#define WA_EOF_ERROR (&wa__eof_error)                         /* base: Exception */
#define WA_LOOKUP_ERROR (&wa__lookup_error)                   /* base: Exception */
#define WA_KEY_ERROR (&wa__key_error)                         /* base: LookupError; str() quotes the key */
/* base: Exception.  A coroutine that raises it fails with RuntimeError
 * "coroutine raised StopIteration" instead (PEP 479), and a future given
 * one by wa_future_set_exception holds RuntimeError "StopIteration
 * interacts badly with generators and cannot be raised into a Future";
 * either has the StopIteration as cause and context. */
#define WA_STOP_ITERATION (&wa__stop_iteration)

/* A new error with one reference and one argument, the printf-formatted
 * text (Python's ValueError("text"); "" is an argument too), which is its
 * message; a KeyError's message is the text quoted, as str(KeyError('k'))
 * is "'k'".  fmt NULL: no arguments, message "" (ValueError()).  Never
 * returns NULL: out of memory it returns a shared MemoryError instead, so
 * raising can never fail. */
wa_error *wa_error_new(const wa_error_type *type, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
wa_error *wa_error_ref(wa_error *e);       /* NULL-safe; returns e */
void wa_error_unref(wa_error *e);          /* NULL-safe */
/* True when e's type is t or descends from t.  False for NULL e. */
bool wa_error_is(const wa_error *e, const wa_error_type *t);
const wa_error_type *wa_error_type_of(const wa_error *e);
/* The message: Python's str(e), "" when there is none.  Valid as long as e. */
const char *wa_error_message(const wa_error *e);
/*
 * An error made from n arguments, Python's Type(*args): values are copied
 * (a pointer is borrowed: its destructor stays with the caller).  str()
 * follows CPython: "" for none, str(args[0]) for one (a KeyError quotes
 * it: repr), OSError and its subclasses with 2 to 5 "[Errno 2] No such
 * file", then ": 'name'" when args[2] is given, " -> 'other'" for args[4]
 * (args keeps the first two, and an int args[0] is wa_error_errno), and
 * otherwise the tuple: "('a', 2)".  A NULL type is Exception.  Out of
 * memory: the MemoryError wa_error_new gives.  Never NULL.
 */
wa_error *wa_error_new_args(const wa_error_type *type, const wa_value *args, size_t n);
/* Python's e.args as a list viewing e's values (valid as long as e): empty
 * for wa_error_new(type, NULL), the text for wa_error_new(type, fmt, ...),
 * the values given to wa_error_new_args.  An empty list for NULL. */
wa_value wa_error_args(const wa_error *e);
/* Python's repr(e), "KeyError('k')", "ValueError()", "None" for NULL, into
 * buf as wa_error_format writes (returns the length it wanted).  A group
 * shows its message only. */
size_t wa_error_repr(const wa_error *e, char *buf, size_t size);
/* The explicit cause (Python's __cause__), borrowed; NULL if none. */
wa_error *wa_error_cause(const wa_error *e);
/* Sets the cause, taking take_cause's reference (replacing any previous).
 * As setting Python's __cause__ does, it also suppresses the context in
 * wa_error_format, so wa_error_set_cause(e, NULL) is `raise e from None`. */
void wa_error_set_cause(wa_error *e, wa_error *take_cause);
/* The implicit context (Python's __context__), borrowed; NULL if none: the
 * error a WA_EXCEPT handler (or a WA_FINALLY block, or an async context
 * manager's exit) was handling when e was raised in it, by WA_RAISE or by a
 * failed await, in its frame or in a coroutine it awaited inline. */
wa_error *wa_error_context(const wa_error *e);
/* Python's __suppress_context__: true once a cause was set. */
bool wa_error_suppress_context(const wa_error *e);
/* Writes "TypeName: message" into buf, after its cause and "\nThe above
 * exception was the direct cause of the following exception:\n\n", or,
 * without a cause and unless suppressed, its context and "\nDuring handling
 * of the above exception, another exception occurred:\n\n", as Python does;
 * always NUL-terminated; returns the length it wanted, like snprintf.  A
 * group writes "ExceptionGroup: message (2 sub-exceptions)" and then each
 * child on its own indented line. */
size_t wa_error_format(const wa_error *e, char *buf, size_t size);

/*
 * Exception groups (Python's BaseExceptionGroup / ExceptionGroup).
 *
 * wa_error_group_new takes over one reference of each of the n children and
 * picks the type as Python does: ExceptionGroup when every child is an
 * Exception, else BaseExceptionGroup.  NULL with WA_EINVAL for n == 0, a NULL
 * children array or a NULL child (the references given are still released).
 */
wa_error *wa_error_group_new(const char *message, wa_error **take_children, size_t n);
/* True for a BaseExceptionGroup or any of its descendants. */
bool wa_error_is_group(const wa_error *e);
/* Number of direct children (0 for an error that is not a group). */
size_t wa_error_group_size(const wa_error *e);
/* The i-th child, borrowed; NULL when out of range. */
wa_error *wa_error_group_child(const wa_error *e, size_t i);
/*
 * except*: splits e by type t, as BaseExceptionGroup.split(t) does.  *match
 * receives the errors that are t (a group keeps its nesting and message),
 * *rest the others; either may be NULL when nothing falls on that side.  A
 * plain error goes wholly to one side.  Both are new references; pass NULL
 * for a side you do not want.  WA_EINVAL for a NULL e or t, WA_ENOMEM.
 */
int wa_error_split(wa_error *e, const wa_error_type *t, wa_error **match, wa_error **rest);

/* ------------------------------------------------------------------------ */
/* The event loop                                                           */
/* ------------------------------------------------------------------------ */

typedef struct wa_loop wa_loop;
typedef struct wa_handle wa_handle;
typedef struct wa_future wa_future;
typedef struct wa_task wa_task;
typedef struct wa_coro wa_coro;

/*
 * Where the library was called from: a file, a line and the calling
 * function.  The macros that create things (WA_SPAWN, wa_task_new,
 * wa_future_new, wa_call_soon, wa_loop_new, ...) pass theirs along as
 * constants; a loop in debug mode keeps them with what was created, for its
 * reports and for introspection (asyncio's source_traceback).  With debug
 * off nothing is stored.
 */
typedef struct wa_site {
    const char *file;       /* __FILE__ as the compiler spelled it */
    int line;
    const char *func;       /* __func__ of the caller */
} wa_site;
#define WA__HERE __FILE__, __LINE__, __func__

typedef enum wa_clock {
    /* This build's own host: poll natively, poll_oneoff under WASI, the JS
     * event loop under Emscripten. */
    WA_CLOCK_REAL,
    /* Deterministic time starting at 0.0 that jumps to the next deadline
     * whenever nothing is ready: timing tests finish at once. */
    WA_CLOCK_VIRTUAL
} wa_clock;

typedef struct wa_loop_options {
    wa_clock clock;
    /* asyncio's debug mode (see "Debug mode" below). */
    bool debug;
} wa_loop_options;

/* A new loop; opts may be NULL (real clock).  NULL with wa_last_error() on
 * failure (WA_ENOMEM, or the host could not start).  A macro passing its
 * call site to wa__loop_new_at; (wa_loop_new)(opts) calls the function. */
wa_loop *wa_loop_new(const wa_loop_options *opts);
wa_loop *wa__loop_new_at(const wa_loop_options *opts, const char *file, int line, const char *func);
#define wa_loop_new(...) wa__loop_new_at(__VA_ARGS__, WA__HERE)
/* asyncio's close(): drops every pending callback and timer.  WA_ERUNNING if
 * the loop is running; closing twice is allowed.  Tasks still pending stay
 * allocated until their last reference goes. */
int wa_loop_close(wa_loop *loop);
/* Closes if needed and frees the loop.  WA_ERUNNING if it is running (then
 * nothing is freed).  NULL is a no-op returning 0. */
int wa_loop_free(wa_loop *loop);

/* Current time of the loop's clock in seconds (monotonic). */
double wa_loop_time(const wa_loop *loop);
bool wa_loop_is_running(const wa_loop *loop);
bool wa_loop_is_closed(const wa_loop *loop);

/* The loop running on this thread, or NULL (wa_last_error: "no running event
 * loop").  Any thread. */
wa_loop *wa_get_running_loop(void);

typedef void (*wa_callback)(wa_loop *loop, void *arg);

/*
 * Scheduling.  call_soon queues cb to run in a later iteration, FIFO;
 * call_later/call_at run it once the clock reaches the deadline; equal
 * deadlines run in scheduling order.  If handle_out is not NULL it receives a
 * reference to the handle (release with wa_handle_unref), usable to cancel.
 * Errors: WA_EINVAL (NULL loop or cb, NaN delay), WA_ECLOSED, WA_ENOMEM.
 */
int wa_call_soon(wa_loop *loop, wa_callback cb, void *arg, wa_handle **handle_out);
int wa_call_later(wa_loop *loop, double delay, wa_callback cb, void *arg, wa_handle **handle_out);
int wa_call_at(wa_loop *loop, double when, wa_callback cb, void *arg, wa_handle **handle_out);
/*
 * The three are macros that pass the callback's name and the call site to
 * the functions below, kept in debug mode (reports say which callback was
 * slow or left pending, and where it was scheduled).  In debug mode, as in
 * asyncio, calling them while the loop runs on another thread fails with
 * WA_EWRONGTHREAD: use wa_call_soon_threadsafe.  (wa_call_soon)(...) calls
 * the function without a site.
 */
int wa__call_soon_at(wa_loop *loop, wa_callback cb, void *arg, wa_handle **handle_out, const char *cb_name,
                     const char *file, int line, const char *func);
int wa__call_at_at(wa_loop *loop, double when, wa_callback cb, void *arg, wa_handle **handle_out,
                   const char *cb_name, const char *file, int line, const char *func);
int wa__call_later_at(wa_loop *loop, double delay, wa_callback cb, void *arg, wa_handle **handle_out,
                      const char *cb_name, const char *file, int line, const char *func);
/* (variadic so that compound literals pass through whole) */
#define wa_call_soon(loop, cb, ...) wa__call_soon_at((loop), (cb), __VA_ARGS__, #cb, WA__HERE)
#define wa_call_later(loop, delay, cb, ...) wa__call_later_at((loop), (delay), (cb), __VA_ARGS__, #cb, WA__HERE)
#define wa_call_at(loop, when, cb, ...) wa__call_at_at((loop), (when), (cb), __VA_ARGS__, #cb, WA__HERE)

/*
 * loop.call_soon_threadsafe, callable from any thread: cb(loop, arg) runs on
 * the loop's thread in a later iteration, calls from one thread in the order
 * they were made, and a loop blocked waiting wakes up.  Made on the thread
 * running the loop it is call_soon, in order with it, as in asyncio.
 * WA_EINVAL (NULL loop or cb), WA_ECLOSED once the loop is closed,
 * WA_ENOMEM.  Callbacks still queued when the loop is freed are dropped.
 */
int wa_call_soon_threadsafe(wa_loop *loop, wa_callback cb, void *arg);

/* Cancels a handle that has not run yet; cancelling again is a no-op. */
void wa_handle_cancel(wa_handle *h);
bool wa_handle_cancelled(const wa_handle *h);
/* The deadline of a timer handle; 0 for a call_soon handle. */
double wa_handle_when(const wa_handle *h);
void wa_handle_unref(wa_handle *h);        /* NULL-safe */

/*
 * Running.  run_forever runs iterations until wa_loop_stop; stop requested
 * before it runs ends it after one iteration, as asyncio does.
 * run_until_complete runs until fut is done (its done state is then read with
 * wa_future_result).  Errors: WA_ERUNNING (this loop or another on this
 * thread is running), WA_ECLOSED, WA_EFOREIGN, WA_EWOULDBLOCK (real clock
 * under Emscripten: use wa_main or the JS API), WA_EDEADLOCK (virtual clock
 * with nothing left to run or wait for), WA_EOSERROR (the system call that
 * waits for events failed: epoll_wait, poll or WASI's poll_oneoff; the loop
 * stops, as asyncio's run_forever raises what select() raised, and
 * wa_last_error() says "[Errno N] ..." with the platform's errno).
 */
int wa_loop_run_forever(wa_loop *loop);
int wa_loop_run_until_complete(wa_loop *loop, wa_future *fut);
int wa_loop_stop(wa_loop *loop);

/* The logging level asyncio reports at: ERROR for what goes through
 * call_exception_handler (zero, so a context built without it is an
 * error), WARNING for a debug-mode slow callback, which asyncio logs
 * directly. */
typedef enum wa_level {
    WA_LEVEL_ERROR = 0,
    WA_LEVEL_WARNING
} wa_level;

/* What an exception handler is told; asyncio's context dict.  Fields other
 * than message may be NULL.  All borrowed for the duration of the call.
 * As in asyncio, "Task exception was never retrieved" puts the task in
 * future (its wa_task_future); task is set as well. */
typedef struct wa_context {
    const char *message;
    wa_error *exception;
    wa_future *future;
    wa_task *task;
    wa_handle *handle;
    /* Where the object reported on was created (asyncio's
     * source_traceback): known in debug mode. */
    const wa_site *site;
    /* How asyncio would log it.  The default handler writes the text
     * alone, as Python's logging does with no handler configured. */
    wa_level level;
} wa_context;

typedef void (*wa_exception_handler)(wa_loop *loop, const wa_context *ctx, void *arg);

/* Sets the loop's handler (NULL restores the default).  Each loop has its
 * own. */
int wa_loop_set_exception_handler(wa_loop *loop, wa_exception_handler handler, void *arg);
/* loop.get_exception_handler: the handler set, NULL for the default; *arg
 * (if arg is not NULL) receives its argument.  NULL for a NULL loop. */
wa_exception_handler wa_loop_get_exception_handler(const wa_loop *loop, void **arg);
/*
 * A callback's `raise`: called from a callback the loop runs (call_soon,
 * call_later, call_at, call_soon_threadsafe, a future's done callback),
 * take_err becomes that callback's exception; the callback should return
 * right after.  Once it returns the loop reports, as asyncio's Handle._run
 * does, {message "Exception in callback <Handle ...>", exception, handle}
 * through the exception handler, and goes on with the next callback.
 * Called from a custom exception handler it makes the handler fail: the
 * default handler then reports "Unhandled error in exception handler" with
 * that exception.  A second call in the same callback replaces the first.
 * Takes take_err's reference in every case.  WA_EINVAL (NULL),
 * WA_EINVALIDSTATE when no callback or handler of loop is running (a task
 * raises with WA_RAISE instead).
 */
int wa_callback_raise(wa_loop *loop, wa_error *take_err);
/* loop.call_exception_handler: reports ctx through the loop's handler.
 * User code may call it too. */
void wa_loop_call_exception_handler(wa_loop *loop, const wa_context *ctx);
/* The default handler: writes wa_context_format's text to stderr
 * (console.error in JS).  A custom handler may call it. */
void wa_loop_default_exception_handler(wa_loop *loop, const wa_context *ctx);
/*
 * The default handler's text, asyncio's format: the message, then
 * "future: <Future ...>", "handle: <Handle ...>", "source_traceback: Object
 * created at (most recent call last):" with the site, "task: <Task ...>",
 * then the exception with its cause chain.  For example
 *
 *     Task exception was never retrieved
 *     future: <Task finished name='get' coro=<get() done, defined at a.c:12> exception=OSError('no') created at a.c:40>
 *     source_traceback: Object created at (most recent call last):
 *       File "a.c", line 40, in main_step
 *     OSError: no
 *
 * Written into buf (always NUL-terminated when size > 0); returns the
 * length it wanted, like snprintf.  A build without the debug observer
 * (only the npm package's default runtime, js/wasyncio.wasm) has no reprs:
 * it names the future briefly, "future: <Task finished name='fetch'>",
 * and a handle as "<Handle>" or "<TimerHandle>".
 */
size_t wa_context_format(const wa_context *ctx, char *buf, size_t size);

/* ------------------------------------------------------------------------ */
/* Debug mode                                                               */
/* ------------------------------------------------------------------------ */

/*
 * asyncio's debug mode, per loop: on from wa_loop_options.debug,
 * wa_run_options.debug, the environment variable WASYNCIO_DEBUG for the
 * loops of wa_run, wa_main and wa_runner_new (natively and under WASI; a
 * loop made with wa_loop_new takes its options), the JS API's
 * { debug: true }, or this call.  Objects
 * created while it is on keep their creation site, and the loop reports
 * through its exception handler:
 *   - "Executing <Handle cb() created at f.c:12> took 0.250 seconds": a
 *     callback or task step that ran for slow_callback_duration or longer;
 *   - the creation site of a task or future whose exception was never
 *     retrieved, of a task destroyed pending, of a coroutine never awaited;
 *   - callbacks, timers and tasks still pending when the loop is closed;
 *   - "unclosed event loop <...>" when the loop is freed without
 *     wa_loop_close (transports and servers will report the same way);
 * and call_soon/call_later/call_at from another thread fail (WA_EWRONGTHREAD).
 * In any mode, as CPython: "Task exception was never retrieved", "Task was
 * destroyed but it is pending!" and "coroutine '...' was never awaited"
 * (which C sends to the handler, having no warnings module).
 * Off, it costs one predictable branch where a task or handle is created
 * and freed and where a callback runs.  Debug mode, its reports and the
 * introspection below (wa_task_get_stack ... wa_loop_print_tasks) are the
 * debug observer, which every build links but the npm package's default
 * runtime (js/wasyncio.wasm; js/wasyncio-debug.wasm has it): there,
 * switching it on fails with WA_EINVAL and wa_loop_options.debug is
 * ignored.
 */
int wa_loop_set_debug(wa_loop *loop, bool enabled);       /* WA_EINVAL for NULL */
bool wa_loop_get_debug(const wa_loop *loop);
/* loop.slow_callback_duration, in seconds (default 0.1).  WA_EINVAL for a
 * negative or NaN value. */
int wa_loop_set_slow_callback_duration(wa_loop *loop, double seconds);
double wa_loop_get_slow_callback_duration(const wa_loop *loop);
/* Virtual clock only: moves time on by seconds now, as if the callback
 * running had taken that long (tests of slow callbacks).  WA_EINVAL for
 * another clock or a negative or NaN value. */
int wa_loop_advance_virtual_time(wa_loop *loop, double seconds);

/* ------------------------------------------------------------------------ */
/* Futures                                                                  */
/* ------------------------------------------------------------------------ */

typedef enum wa_future_state { WA_PENDING, WA_FINISHED, WA_CANCELLED } wa_future_state;

/* A pending future with one reference.  NULL on WA_EINVAL/WA_ECLOSED/ENOMEM.
 * A macro passing its call site (kept in debug mode) to wa__future_new_at. */
wa_future *wa_future_new(wa_loop *loop);
wa_future *wa__future_new_at(wa_loop *loop, const char *file, int line, const char *func);
#define wa_future_new(...) wa__future_new_at(__VA_ARGS__, WA__HERE)
wa_future *wa_future_ref(wa_future *f);    /* NULL-safe; returns f */
/* Drops a reference.  Freeing a future that failed and whose error nobody
 * retrieved reports "Future exception was never retrieved". */
void wa_future_unref(wa_future *f);        /* NULL-safe */

/* The loop f belongs to; NULL with WA_EINVAL for a NULL f. */
wa_loop *wa_future_loop(const wa_future *f);
wa_future_state wa_future_state_of(const wa_future *f);
bool wa_future_done(const wa_future *f);
bool wa_future_cancelled(const wa_future *f);

/* Finish the future.  Done callbacks are scheduled with call_soon in the
 * order they were added.  set_result copies strings and bytes and takes a
 * pointer's destructor only on success: on WA_EINVALIDSTATE (already done)
 * or WA_ENOMEM the caller still owns what it passed.  set_exception takes
 * take_err's reference in every case; a CancelledError set this way leaves
 * the future finished, not cancelled, as in asyncio.  A task's future
 * refuses both (WA_EINVAL), as asyncio's Task does. */
int wa_future_set_result(wa_future *f, wa_value value);
int wa_future_set_exception(wa_future *f, wa_error *take_err);
/* Cancels a pending future, recording msg (may be NULL) for its
 * CancelledError.  Returns false if it was already done. */
bool wa_future_cancel(wa_future *f, const char *msg);

/*
 * Reading the outcome.  wa_future_result: 0 and *out set to a view valid as
 * long as f if it finished with a result; WA_EEXCEPTION if it failed
 * (the error is then retrieved: read it with wa_future_exception);
 * WA_ECANCELLED if cancelled; WA_EINVALIDSTATE while pending.
 * wa_future_exception: 0 and *out = borrowed error or NULL;
 * WA_ECANCELLED; WA_EINVALIDSTATE while pending.
 */
int wa_future_result(wa_future *f, wa_value *out);
int wa_future_exception(wa_future *f, wa_error **out);
/* The CancelledError a cancelled future raises (new reference), carrying the
 * cancel message; NULL if f is not cancelled.  A new one at each call, as
 * asyncio's result() raises, except that a cancelled task's first reader
 * gets the very CancelledError that left it. */
wa_error *wa_future_cancelled_error(wa_future *f);

typedef void (*wa_done_callback)(wa_future *f, void *arg);
/* Adds cb; if f is already done cb is scheduled at once.  WA_ENOMEM. */
int wa_future_add_done_callback(wa_future *f, wa_done_callback cb, void *arg);
/* Removes every (cb, arg) registration; returns how many (>= 0). */
int wa_future_remove_done_callback(wa_future *f, wa_done_callback cb, void *arg);

/* ------------------------------------------------------------------------ */
/* Coroutines                                                               */
/* ------------------------------------------------------------------------ */

/*
 * A coroutine is a frame struct whose first member is `wa_coro co`, and a
 * step function over it:
 *
 *     typedef struct { wa_coro co; int n; int i; } ticker;
 *
 *     static wa_status ticker_step(wa_coro *co) {
 *         ticker *f = (ticker *)co;
 *         WA_BEGIN(co);
 *         for (f->i = 0; f->i < f->n; f->i++)
 *             WA_AWAIT(co, wa_sleep(co, 0.1));
 *         WA_RETURN(co, wa_int(f->n));
 *         WA_END(co);
 *     }
 *
 * The rules (protothreads'/STC's, with the same reasons):
 *   1. Locals do not survive an await: each await returns from the step
 *      function.  Keep whatever crosses an await in the frame (f->i).
 *   2. No await inside a `switch` statement: resumption is a `case` label.
 *   3. At most one await per source line (labels are __LINE__).
 *   4. Leave only through WA_RETURN, WA_RAISE or WA_END, never `return`.
 *   5. Before WA_BEGIN, only declarations without side effects: that code
 *      runs at every resumption, and when introspection asks the frame
 *      for its name (wa_task_get_stack).
 * The frame is allocated and freed by the library; it is zeroed apart from
 * the fields given to WA_SPAWN / WA_AWAIT_CALL.
 */
typedef enum wa_status {
    WA_STATUS_SUSPEND,  /* waiting on what it awaited; the task resumes later */
    WA_STATUS_CALL,     /* pushed a child frame: run it now, same task */
    WA_STATUS_RETURN,   /* finished; co->value holds the return value */
    WA_STATUS_RAISE,    /* failed; the error is held by the task */
    WA_STATUS_YIELD     /* an async generator yielded a value (WA_YIELD_VALUE) */
} wa_status;

typedef wa_status (*wa_step_fn)(wa_coro *co);

/* Frame header.  Fields a coroutine may read: value (result of the latest
 * await, a view replaced by the next await) and error (the error the latest
 * await raised or WA_AWAIT_TRY caught, until the next await).  The rest is
 * the library's. */
struct wa_coro {
    wa_step_fn step;
    int resume;             /* 0 at start, then the __LINE__ of the last await */
    uint32_t frame_size : 25;   /* bytes, wa_coro included */
    uint32_t frame_flags : 2;   /* the library's (WA__FRAME_BORROWED, WA__FRAME_HOLDS) */
    uint32_t depth : 5;         /* the library's: at most how many frames called it inline
                                   on the C stack (WA__CALL_CHILD) */
    wa_coro *caller;        /* frame that awaited this one inline, or NULL */
    wa_task *task;          /* the task running this frame */
    struct wa_scope *scopes;    /* innermost active WA_WITH scope, or NULL */
    wa_value value;         /* result of the latest await (last: 8-aligned, it
                               would leave a hole after a 32-bit pointer) */
};

/* Internal entry points behind the macros below. */
wa_status wa__await(wa_coro *co, wa_future *aw);
wa_status wa__await_call(wa_coro *co, wa_step_fn step, size_t size, const void *init);
void *wa__call_frame(wa_coro *co, size_t size);
wa_status wa__call_run(wa_coro *co, wa_coro *child);
wa_status wa__resumed(wa_coro *co, bool catch_error, wa_error **caught);
void wa__catch(wa_coro *co, wa_error **slot);
wa_status wa__return(wa_coro *co, wa_value v);
wa_status wa__raise(wa_coro *co, wa_error *take_err);
wa_future *wa__task_future(wa_task *t);
static inline wa_future *wa__future_id(wa_future *f) { return f; }
#define WA__AS_FUTURE(x) _Generic((x), wa_task *: wa__task_future, default: wa__future_id)(x)
/* A frame's size and initialiser from its type and designated initialisers,
 * for the macros that start a frame (WA_SPAWN, WA_AWAIT_CALL, WA_MAIN...).
 * The library reaches a frame through its wa_coro, so co must come first:
 * the struct in the sizeof only carries that static assertion. */
#define WA__FRAME_SIZE(type)                                                   \
    (sizeof(type) + 0 * sizeof(struct {                                        \
        _Static_assert(offsetof(type, co) == 0, "a frame's wa_coro co must be its first member"); \
        _Static_assert(sizeof(type) < (1u << 25), "a frame is at most 32 MiB (wa_coro's frame_size)"); \
        char wa__unused;                                                       \
    }))
#define WA__FRAME_INIT(type, ...) WA__FRAME_SIZE(type), &(type){ .co = {0}, __VA_ARGS__ }

/*
 * WA_AWAIT_CALL's inline path.  An await of a coroutine that returns without
 * suspending should cost about a C call plus the frame's set-up, so its
 * common case is written out here, in the caller's code: the child's frame
 * is a pointer bump on the task's frame stack, its step is a direct call,
 * and a plain return hands the value over and pops the frame.  Anything
 * else (a frame that needs a new chunk, a previous await that left
 * something to release, orphan frames, a park never awaited, a child that
 * suspends, raises, keeps something or returns through a scope, a depth
 * the C stack should not take) goes to the library, which does what it
 * always did.
 */
/* A build for size (-Os, -Oz: the npm runtime, with its budget) keeps the
 * calls: the inline paths below trade bytes at every await for speed. */
#ifdef __OPTIMIZE_SIZE__
#define WA__INLINE_PATHS 0
#else
#define WA__INLINE_PATHS 1
#endif

/* Where the inline paths find the task's fields they read, fixed when they
 * compile: the task's layout stays private, but it begins with its future
 * (whose result is the slot the frames return through) and then these.
 * This struct repeats that beginning, member for member, so offsetof places
 * them on every target; it is only measured, never accessed (a field is
 * read through a pointer of its own type), and task.c asserts each offset
 * against the task's own, so the two cannot drift apart unnoticed. */
struct wa__task_layout {
    struct {                        /* the future, a struct of its own: its tail padding counts */
        void *loop;
        uint32_t refs, flags;
        const void *ops;
        union {
            struct { void (*cb)(void); void *arg; } first;
            struct { void *items; uint32_t len, cap; } heap;
        } callbacks;
        void *error;
        wa_value slot;              /* what the frames return through (the task's result) */
    } fut;
    wa_coro *top;                   /* the innermost frame */
    struct wa__frame_chunk *frames; /* the chunk it is in, or NULL */
    void *awaited;                  /* what the innermost frame awaited (WA__FRAME_AWAITED) */
    uint8_t park;                   /* WA__PARKED while a park waits for its await */
};
#define WA__PARKED 1
#define WA__TASK_FIELD(t, type, field) \
    (*(type *)(void *)((char *)(t) + offsetof(struct wa__task_layout, field)))
/* The error of the frame task t runs, pending or caught.  Only a task's
 * innermost frame ever has one (an await releases it before a child runs,
 * and a child's error passes to its caller as the child ends), so it is
 * the task's, in its future's error word, which a pending future does not
 * use: when the task ends raising, the error is where its outcome goes. */
#define WA__FRAME_ERROR(t) WA__TASK_FIELD((t), wa_error *, fut.error)
/* For the same reason the future the innermost frame awaited last, kept
 * so the value read from it stays valid until the next await, is the
 * task's too.  The word is not NULL while the frame keeps one, or while a
 * park holds its primitive there: either way the library has something to
 * look at. */
#define WA__FRAME_AWAITED(t) WA__TASK_FIELD((t), void *, awaited)

/* A chunk of a task's frame stack (frames.c): its frames run from its base
 * up to top. */
typedef struct wa__frame_chunk {
    struct wa__frame_chunk *below, *above;
    char *top, *end;
} wa__frame_chunk;
/* Frames on the stack start 16-aligned (max_align_t). */
#define WA__FRAME_ALIGN 16u
#define WA__CHUNK_HEAD ((sizeof(wa__frame_chunk) + WA__FRAME_ALIGN - 1) & ~(size_t)(WA__FRAME_ALIGN - 1))
static inline char *wa__chunk_base(wa__frame_chunk *c) { return (char *)c + WA__CHUNK_HEAD; }
/* Under AddressSanitizer the stack's free room is poisoned, so a frame
 * used after its pop is reported, as the slabs' blocks are (alloc.c). */
#if defined(__SANITIZE_ADDRESS__)
#define WA__FRAMES_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define WA__FRAMES_ASAN 1
#endif
#endif
#ifdef WA__FRAMES_ASAN
#include <sanitizer/asan_interface.h>
#define WA__FRAMES_POISON(p, n) ASAN_POISON_MEMORY_REGION((p), (n))
#define WA__FRAMES_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define WA__FRAMES_POISON(p, n) ((void)0)
#define WA__FRAMES_UNPOISON(p, n) ((void)0)
#endif
static inline size_t wa__frame_round(size_t size) {
    return (size + WA__FRAME_ALIGN - 1) & ~(size_t)(WA__FRAME_ALIGN - 1);
}
/* size bytes (rounded) from c's free room, or NULL when c is NULL or full. */
static inline void *wa__frame_bump(wa__frame_chunk *c, size_t size) {
    if (!c || (size_t)(c->end - c->top) < size) return NULL;
    void *co = c->top;
    c->top += size;
    WA__FRAMES_UNPOISON(co, size);
    return co;
}
/* Out of line: a pop that empties a chunk with one below it. */
void wa__frame_drop_chunk(wa_task *t);
/* Gives back co, the frame pushed last, and everything above it.  A chunk
 * with none below is never dropped, so that is asked first: the frames of
 * a task that seldom nests more than once all live at its first chunk's
 * base. */
static inline void wa__frame_pop(wa_task *t, wa_coro *co) {
    wa__frame_chunk *c = WA__TASK_FIELD(t, wa__frame_chunk *, frames);
    WA__FRAMES_POISON(co, (size_t)(c->top - (char *)co));
    c->top = (char *)co;
    if (c->below && (char *)co == wa__chunk_base(c)) wa__frame_drop_chunk(t);
}

/* None, bools and numbers own nothing, so the hot paths (awaits, returns,
 * results, queue items) skip the calls that copy or clear a value. */
static inline bool wa__value_owns(const wa_value *v) { return v->kind > WA_KIND_DOUBLE; }

/* co's previous await left an error or a future for the next to release
 * (the value in the task's slot aside). */
static inline bool wa__await_left_more(const wa_coro *co) {
    return ((uintptr_t)WA__FRAME_ERROR(co->task) | (uintptr_t)WA__FRAME_AWAITED(co->task)) != 0;
}
/* co holds nothing a frame's release must give back: no scope, no kept
 * future, no error. */
static inline bool wa__frame_holds_nothing(const wa_coro *co) {
    wa_task *t = co->task;
    return !((uintptr_t)co->scopes | (uintptr_t)WA__FRAME_AWAITED(t) | (uintptr_t)WA__FRAME_ERROR(t));
}

/* Tells the compiler what holds, so it can drop a test (a hint; no check). */
#if defined(__GNUC__) || defined(__clang__)
#define WA__ASSUME(cond) ((cond) ? (void)0 : __builtin_unreachable())
#else
#define WA__ASSUME(cond) ((void)0)
#endif

/* Room for co's child (size bytes, uninitialised) on t's frame stack: a
 * pointer bump, or NULL when the library must do it (orphans to drop, a
 * chunk to add: wa__call_frame). */
static inline void *wa__frame_take(wa_coro *co, wa_task *t, size_t size) {
    if (WA__INLINE_PATHS && WA__TASK_FIELD(t, wa_coro *, top) == co) {
        wa__frame_chunk *c = WA__TASK_FIELD(t, wa__frame_chunk *, frames);
        size_t room = wa__frame_round(size);
        if (c && (size_t)(c->end - c->top) >= room) {
            void *child = c->top;
            WA__ASSUME(child != NULL);  /* inside c: the caller's test of it goes */
            c->top += room;
            WA__FRAMES_UNPOISON(child, room);
            return child;
        }
    }
    return NULL;
}

/* How deep WA_AWAIT_CALL nests children run inline on the C stack; deeper
 * ones go through the task's frame runner, which needs no C stack. */
#define WA__INLINE_DEPTH 16

/* Whether co's child, just written, may run as a plain call: nothing of
 * co's previous await to release, no orphan above co, no park to report
 * and not too deep.  Then the child becomes the task's innermost frame.
 * t is co->task, read once by the caller: the child's header was written
 * since, and a compiler must assume that wrote co too. */
static inline bool wa__call_enter(wa_coro *co, wa_task *t, wa_coro *child) {
    wa_coro **top = &WA__TASK_FIELD(t, wa_coro *, top);
    if (*top != co || wa__await_left_more(co) || child->depth > WA__INLINE_DEPTH ||
        WA__TASK_FIELD(t, uint8_t, park) == WA__PARKED || wa__value_owns(&WA__TASK_FIELD(t, wa_value, fut.slot)))
        return false;
    *top = child;
    return true;
}

/* child ran as a plain call and gave st.  A return that leaves nothing
 * behind (no orphan, no scope, no kept future or error, no park) hands its
 * value, in the slot, to co as a view, pops the frame and answers true.
 * Anything else is wa__call_left's: as wa__call_run settles a child it ran
 * itself. */
static inline bool wa__call_plain(wa_coro *co, wa_task *t, wa_coro *child, wa_status st) {
    wa_coro **top = &WA__TASK_FIELD(t, wa_coro *, top);
    if (st != WA_STATUS_RETURN || *top != child || !wa__frame_holds_nothing(child) ||
        WA__TASK_FIELD(t, uint8_t, park) == WA__PARKED)
        return false;
    *top = co;
    co->value = WA__TASK_FIELD(t, wa_value, fut.slot);
    if (co->value.kind == WA_KIND_PTR) co->value.as.ptr.dtor = NULL;    /* the slot keeps it */
    wa__frame_pop(t, child);
    return true;
}
wa_status wa__call_left(wa_coro *co, wa_coro *child, wa_status st);
static inline wa_status wa__call_done(wa_coro *co, wa_coro *child, wa_status st) {
    return wa__call_plain(co, co->task, child, st) ? WA_STATUS_RETURN : wa__call_left(co, child, st);
}

/* WA_RETURN: a value that owns nothing goes into the slot at once, and one
 * that does is copied by the library (wa__return).  The value is handed on
 * as its kind and its first 8 bytes, all that such a value has, so it
 * stays in registers: passed whole, as the library's calls take it, it
 * would be built in memory first, on the common path too.  A slot that
 * still owns something (a child's string the caller did not await past)
 * is released out of line, by wa__return_over. */
wa_status wa__return_over(wa_coro *co, wa_kind kind, int64_t bits);
static inline wa_status wa__return_at(wa_coro *co, wa_value v) {
    if (!WA__INLINE_PATHS || wa__value_owns(&v)) return wa__return(co, v);
    wa_value *slot = &WA__TASK_FIELD(co->task, wa_value, fut.slot);
    if (wa__value_owns(slot)) return wa__return_over(co, v.kind, v.as.i);
    slot->kind = v.kind;
    slot->as.i = v.as.i;
    return WA_STATUS_RETURN;
}

/* Copies a frame's fields after its header. */
static inline void wa__frame_fields(wa_coro *to, const wa_coro *from, size_t size) {
    memcpy(to + 1, from + 1, size - sizeof(wa_coro));
}
/* A frame's header as WA_AWAIT_CALL writes it: caller's child, one level
 * deeper on the C stack, the rest zero. */
#define WA__CHILD_HEADER(wa__caller, wa__t, wa__fn, type)                      \
    {.step = (wa__fn), .frame_size = sizeof(type), .depth = (wa__caller)->depth + 1u, \
     .caller = (wa__caller), .task = (wa__t)}
/* Up to this size the fields after the header are built apart and copied,
 * which the compiler turns into a store per field: written whole, the
 * frame would be zeroed first (every field the initialisers leave out is
 * zero) and most of it written twice.  A larger frame, or any in a build
 * for size, is written whole: less code. */
#define WA__SMALL_FRAME 128
/* What WA__CALL_CHILD leaves when the child ran as a plain call and
 * returned: the value is in co->value and there is nothing to raise. */
#define WA__CALL_PLAIN (-1)
/*
 * WA_AWAIT_CALL's call, leaving its status in st (an int: a wa_status or
 * WA__CALL_PLAIN): the child's frame is taken from the task's frame stack,
 * its header and fields are written in place, and it runs inline (above)
 * or through wa__call_run.  The arguments are evaluated after the frame is
 * taken but before the previous await's value is released, so they may
 * read co->value; once, in either branch of the frame's size.
 */
#define WA__CALL_CHILD(wa__caller, wa__st_out, wa__step_fn, type, ...)         \
    do {                                                                       \
        wa_coro *wa__co = (wa__caller);                                        \
        wa_task *wa__t = wa__co->task;                                         \
        wa_step_fn wa__fn = (wa__step_fn);                                     \
        type *wa__child = (type *)wa__frame_take(wa__co, wa__t, WA__FRAME_SIZE(type)); \
        (wa__st_out) = WA_STATUS_RETURN;                                       \
        if (wa__child || (wa__child = (type *)wa__call_frame(wa__co, sizeof(type)))) { \
            if (WA__INLINE_PATHS && sizeof(type) <= WA__SMALL_FRAME) {         \
                type wa__fields = (type){ .co = {0}, __VA_ARGS__ };            \
                wa__frame_fields(&wa__child->co, &wa__fields.co, sizeof(type)); \
                wa__child->co = (wa_coro)WA__CHILD_HEADER(wa__co, wa__t, wa__fn, type); \
            } else {                                                           \
                *wa__child = (type){ .co = WA__CHILD_HEADER(wa__co, wa__t, wa__fn, type), __VA_ARGS__ }; \
            }                                                                  \
            if (WA__INLINE_PATHS && wa__fn && wa__call_enter(wa__co, wa__t, &wa__child->co)) { \
                wa_status wa__ran = wa__fn(&wa__child->co);                    \
                (wa__st_out) = wa__call_plain(wa__co, wa__t, &wa__child->co, wa__ran) \
                                   ? WA__CALL_PLAIN                            \
                                   : (int)wa__call_left(wa__co, &wa__child->co, wa__ran); \
            } else {                                                           \
                (wa__st_out) = (int)wa__call_run(wa__co, &wa__child->co);      \
            }                                                                  \
        }                                                                      \
    } while (0)

/*
 * Opens the body of a step function.  Besides resuming at the latest await,
 * it answers introspection: called with resume == WA__DESCRIBE the step
 * only reports its name, file and first line (wa__describe), which is how
 * wa_task_get_stack names frames without any cost to running them.
 */
#define WA__DESCRIBE (-2147483647 - 1)
wa_status wa__describe(wa_coro *co, const char *file, int line, const char *func);
#define WA_BEGIN(co)                                                           \
    switch ((co)->resume) {                                                    \
    case WA__DESCRIBE:                                                         \
        return wa__describe((co), __FILE__, __LINE__, __func__);               \
    case 0:

/* Closes it: reaching WA_END returns None.  WA_BEGIN opens a brace that
 * WA_END closes; WA_ASYNC below is the same with the braces in sight. */
#define WA_END(co) } return wa__return_at((co), wa_none())

/*
 * The balanced form of WA_BEGIN ... WA_END: the body is a block, and
 * falling off its end returns None.
 *
 *     static wa_status fetch(wa_coro *co) {
 *         WA_ASYNC(co) {
 *             WA_AWAIT(co, wa_sleep(co, 1));
 *             WA_RETURN(co, wa_int(42));
 *         }
 *     }
 *
 * Expands to a loop that runs twice at most: the first pass answers
 * introspection as WA_BEGIN does, or enters a switch whose `case 0:` labels
 * the block, so the awaits' case labels inside it resume as before; the
 * second pass comes only when the block ends, and returns None.  Nothing
 * may follow the block.
 */
#define WA_ASYNC(co)                                                           \
    for (bool wa__entered = false;; wa__entered = true)                        \
        if (wa__entered)                                                       \
            return wa__return_at((co), wa_none());                             \
        else if ((co)->resume == WA__DESCRIBE)                                 \
            return wa__describe((co), __FILE__, __LINE__, __func__);           \
        else                                                                   \
            switch ((co)->resume)                                              \
            case 0:

/*
 * WA_AWAIT's inline paths, for the two outcomes of a library factory that
 * need no future and no call: the factory parked the task (a get or an
 * Event.wait that found nothing, which also released what the previous
 * await left: the step just ends), or it completed the await itself (a put
 * with room, a get with an item: co->value is its result, nothing was left
 * to release).  A bare yield (sleep(0)) goes to wa__yield, which does only
 * that.  Anything else is wa__await's.
 */
extern const struct wa_future wa__park_marker, wa__done_marker, wa__yield_marker;
#define WA__PARK ((wa_future *)&wa__park_marker)
#define WA__DONE ((wa_future *)&wa__done_marker)
#define WA__YIELD ((wa_future *)&wa__yield_marker)
wa_status wa__yield(wa_coro *co);

/*
 * Awaits aw (a wa_future* or wa_task*).  If aw is done the coroutine goes on
 * at once, as `await` does in asyncio; otherwise the step returns
 * WA_STATUS_SUSPEND and resumes here when aw is done.  On resumption
 * co->value is aw's result; if aw failed or was cancelled, the error is
 * raised in this frame (the frame ends, the error goes to its awaiter, or
 * to the exit of the innermost WA_WITH scope).
 * aw is borrowed: the frame holds its own reference until the next await.
 * aw may also be one of the library's coroutines (wa_wait, wa_wait_for,
 * wa_as_completed_next): they run inline in this task, like WA_AWAIT_CALL,
 * and must be called only as the argument of an await.
 */
#define WA_AWAIT(co, aw) WA_AWAIT_AT(co, aw, __LINE__)
#define WA_AWAIT_AT(co, aw, label)                                             \
    do {                                                                       \
        (co)->resume = (label);                                                \
        {                                                                      \
            wa_future *wa__aw = WA__AS_FUTURE(aw);                             \
            if (WA__INLINE_PATHS && wa__aw == WA__PARK)                        \
                return WA_STATUS_SUSPEND;                                      \
            /* completed: nothing kept, nothing raised, nothing to ask */      \
            if (WA__INLINE_PATHS && wa__aw == WA__DONE)                        \
                break;                                                         \
            wa_status wa__st = WA__INLINE_PATHS && wa__aw == WA__YIELD         \
                                   ? wa__yield(co)                             \
                                   : wa__await((co), wa__aw);                  \
            if (wa__st != WA_STATUS_RETURN) return wa__st;                     \
        }                                                                      \
        /* fallthrough */                                                      \
    case (label):                                                              \
        /* nothing kept, nothing raised (a park's hand-off): the value is */   \
        /* in place already */                                                 \
        if ((!WA__INLINE_PATHS || wa__await_left_more((co))) &&               \
            wa__resumed((co), false, NULL) == WA_STATUS_RAISE)                 \
            return WA_STATUS_RAISE;                                            \
    } while (0)

/*
 * As WA_AWAIT, but an error does not propagate: err_out (a frame field,
 * wa_error *) receives it, or NULL on success.  The frame keeps it until the
 * frame ends or the next catch into the same field (Python rebinding the
 * name), so a loop that catches again and again keeps one.  Re-raise it
 * with WA_RAISE(co, wa_error_ref(err)): WA_RAISE takes a reference and the
 * frame keeps its own.
 */
#define WA_AWAIT_TRY(co, aw, err_out) WA_AWAIT_TRY_AT(co, aw, err_out, __LINE__)
#define WA_AWAIT_TRY_AT(co, aw, err_out, label)                                \
    do {                                                                       \
        (co)->resume = (label);                                                \
        {                                                                      \
            wa_status wa__st = wa__await((co), WA__AS_FUTURE(aw));             \
            if (wa__st != WA_STATUS_RETURN) return wa__st;                     \
        }                                                                      \
        /* fallthrough */                                                      \
    case (label):                                                              \
        wa__catch((co), &(err_out));                                           \
    } while (0)

/*
 * Python's `await coro(...)`: runs a child coroutine inline in the same task,
 * no new task and no loop iteration.  type is the child's frame struct and
 * the trailing designated initialisers set its arguments:
 *     WA_AWAIT_CALL(co, fetch_step, fetch_frame, .url = f->url);
 * On resumption co->value is the child's return value (owned by this frame
 * until the next await); a child's error propagates as in WA_AWAIT.
 * The child's frame is pushed on the task's own frame stack and written in
 * place, and a child that returns without suspending runs as a plain call:
 * no allocation, no loop iteration.  The arguments may read co->value (the
 * previous await's result); they are evaluated once, after the push, and
 * not at all when the push fails (the await raises MemoryError).
 */
#define WA_AWAIT_CALL(co, step, ...) WA_AWAIT_CALL_AT(co, __LINE__, step, __VA_ARGS__)
#define WA_AWAIT_CALL_AT(co, label, step, ...)                                 \
    do {                                                                       \
        int wa__st;                                                            \
        (co)->resume = (label);                                                \
        WA__CALL_CHILD((co), wa__st, (step), __VA_ARGS__);                     \
        /* a plain return has put the value in place and raised nothing: */   \
        /* only the other outcomes, and a resumption, ask about an error */    \
        if (!WA__INLINE_PATHS || wa__st != WA__CALL_PLAIN) {                   \
            if (wa__st != WA_STATUS_RETURN) return (wa_status)wa__st;          \
            /* fallthrough */                                                  \
        case (label):                                                          \
            if (WA__FRAME_ERROR((co)->task)) return WA_STATUS_RAISE;           \
        }                                                                      \
    } while (0)

/* As WA_AWAIT_CALL, catching the child's error into err_out. */
#define WA_AWAIT_CALL_TRY(co, err_out, step, ...) WA_AWAIT_CALL_TRY_AT(co, __LINE__, err_out, step, __VA_ARGS__)
#define WA_AWAIT_CALL_TRY_AT(co, label, err_out, step, ...)                    \
    do {                                                                       \
        (co)->resume = (label);                                                \
        {                                                                      \
            int wa__st;                                                        \
            WA__CALL_CHILD((co), wa__st, (step), __VA_ARGS__);                 \
            if ((!WA__INLINE_PATHS || wa__st != WA__CALL_PLAIN) && wa__st != WA_STATUS_RETURN) \
                return (wa_status)wa__st;                                      \
        }                                                                      \
        /* fallthrough */                                                      \
    case (label):                                                              \
        wa__catch((co), &(err_out));                                           \
    } while (0)

/* Python's `await asyncio.sleep(0)`: gives the loop one iteration.  With
 * the inline paths it skips the factory: its checks are wa__yield's. */
#define WA_YIELD(co) WA_AWAIT(co, WA__INLINE_PATHS ? WA__YIELD : wa_sleep((co), 0))

/* Returns v from the coroutine (strings and bytes are copied). */
#define WA_RETURN(co, v) return wa__return_at((co), (v))

/* Raises take_err (a new reference, e.g. from wa_error_new) out of the
 * coroutine. */
#define WA_RAISE(co, take_err) return wa__raise((co), (take_err))

/*
 * Scopes: Python's `async with`.  A scope object lives in the frame; the
 * body between WA_WITH and WA_WITH_END runs after the scope is entered, and
 * the scope's exit runs whenever the body ends: normally, by an error raised
 * in it (WA_AWAIT's or WA_RAISE's), by cancellation, or by WA_RETURN.  The
 * exit may await, may swallow or replace the error, and then execution goes
 * on after WA_WITH_END, or the error propagates (to an enclosing scope's
 * exit first), or the return completes.
 *
 *     WA_WITH(co, wa_timeout_enter(co, &f->tm, 1.5)) {
 *         WA_AWAIT(co, wa_sleep(co, 10));
 *     }
 *     WA_WITH_END(co);
 *
 * scope is an expression entering a scope (wa_timeout_enter,
 * wa_taskgroup_enter, ...) that returns it, or NULL after arranging the
 * error the enter raises; then the body and exit do not run.  WA_WITH and
 * WA_WITH_END are statements of their own, paired in the same frame, and
 * the body may hold awaits.  Nest them freely.
 *
 * An enter that must await (a coroutine __aenter__) sets the scope's
 * entering field to what to wait for (a future, or the marker a library
 * coroutine call returns) before returning the scope: WA_WITH awaits it
 * before the body.  If it fails, WA_WITH raises its error and neither the
 * body nor the exit runs, as in Python; otherwise co->value in the body is
 * its result (`async with cm as value`), a view valid until the next await.
 * wa_acm below is such a scope.
 */
typedef struct wa_scope wa_scope;

typedef struct wa_scope_ops {
    /* The exit (__aexit__).  s->error is the error in flight (owned by the
     * scope: the exit may keep it, clear it to swallow it, or replace it).
     * Returns NULL when done, or a future to wait for first; exit is then
     * called again when it is done, with resumed = the error that wait
     * ended with (its own failure, or the cancellation of the task; borrowed)
     * or NULL.  Required: WA_WITH raises TypeError for a scope without it. */
    wa_future *(*exit)(wa_coro *co, wa_scope *s, wa_error *resumed);
    /* Called instead when the frame is freed with the scope still open (the
     * task was destroyed pending): release what the scope holds. */
    void (*drop)(wa_scope *s);
} wa_scope_ops;

/* The header of every scope object; fields are the library's, apart from
 * error, which ops->exit may change, and entering, which an enter may set.
 * The two share a word: WA_WITH takes entering before the scope can have an
 * error, and a scope in every frame that holds one is worth 8 bytes less. */
struct wa_scope {
    const wa_scope_ops *ops;
    wa_scope *outer;        /* enclosing open scope of the same frame */
    union {
        wa_error *error;        /* the error in flight while exiting */
        wa_future *entering;    /* set by an enter that awaits; WA_WITH takes it */
    };
    wa_value ret;           /* WA_RETURN's value, held while exiting */
    int label;              /* where the frame resumes to run the exit */
    uint8_t state;          /* idle, body, exiting */
    bool returning;         /* the body left by WA_RETURN */
    bool waiting;           /* the exit is waiting on a future */
};

/*
 * try/finally: fn(arg) runs on every way out of the body — normal end, error,
 * cancellation, WA_RETURN — and the outcome goes on unchanged.  (It does not
 * run when the task is destroyed pending with its loop.)
 *
 *     WA_WITH(co, wa_finally_enter(&f->fin, release_all, f)) { ... }
 *     WA_WITH_END(co);
 */
typedef struct wa_finally {
    wa_scope scope;
    void (*fn)(void *arg);
    void *arg;
} wa_finally;
wa_scope *wa_finally_enter(wa_finally *s, void (*fn)(void *arg), void *arg);

/*
 * Python's async context manager written as two coroutines, __aenter__ and
 * __aexit__: a scope whose enter and exit each run one of them inline in the
 * task (as WA_AWAIT_CALL does).  Both frames are a wa_acm_frame, arg being
 * wa_acm_enter's; keep what must survive from one to the other in *arg.
 *
 *     static wa_status conn_aenter(wa_coro *co) {       // async def __aenter__
 *         wa_acm_frame *f = (wa_acm_frame *)co;
 *         WA_ASYNC(co) {
 *             WA_AWAIT(co, wa_sleep(co, 0.1));
 *             WA_RETURN(co, wa_ptr(f->arg, NULL));      // what `as` binds
 *         }
 *     }
 *     static wa_status conn_aexit(wa_coro *co) {        // async def __aexit__
 *         wa_acm_frame *f = (wa_acm_frame *)co;
 *         WA_ASYNC(co) {
 *             WA_AWAIT(co, wa_sleep(co, 0.1));
 *             WA_RETURN(co, wa_bool(wa_error_is(f->exc, WA_VALUE_ERROR)));  // True swallows
 *         }
 *     }
 *     ...
 *     WA_WITH(co, wa_acm_enter(co, &f->cm, conn_aenter, conn_aexit, &f->conn)) {
 *         const wa_value *as = &co->value;               // aenter's result
 *         ...
 *     }
 *     WA_WITH_END(co);
 *
 * aexit runs on every way out of the body, with exc = the error leaving it
 * (borrowed; NULL on a normal end or WA_RETURN).  A true result (wa_bool
 * true, a non-zero int) swallows exc; an error aexit raises replaces it,
 * with exc as its context.  An error aenter raises leaves WA_WITH at once,
 * aexit not called.  Misuse (NULL cm, aenter or aexit) raises RuntimeError.
 */
typedef struct wa_acm_frame {
    wa_coro co;
    void *arg;              /* wa_acm_enter's arg */
    wa_error *exc;          /* aexit only: the error leaving the body, or NULL */
} wa_acm_frame;

typedef struct wa_acm {
    wa_scope scope;
    wa_step_fn aenter, aexit;
    void *arg;
    bool exiting;           /* aexit was started */
} wa_acm;
wa_scope *wa_acm_enter(wa_coro *co, wa_acm *cm, wa_step_fn aenter, wa_step_fn aexit, void *arg);

/* Entry points behind WA_WITH / WA_WITH_END.  wa__scope_push returns -1 to
 * go on, else the status the step returns (a raise, or an enter awaiting). */
int wa__scope_push(wa_coro *co, wa_scope *s, int label);
bool wa__scope_in_body(wa_coro *co);
bool wa__scope_exit(wa_coro *co, wa_status *st);

/*
 * WA_WITH expands to: enter the scope (a failed enter raises at once), a
 * resume point, and an `if` whose block is the body.  The `if` is true on
 * the way in; when an error or WA_RETURN leaves the body, the frame resumes
 * at that point with the scope exiting, the `if` skips the body, and
 * execution reaches WA_WITH_END (so too when an awaiting enter failed).
 * WA_WITH_END is a resume point (the exit may await) and the exit; it
 * returns to suspend, to raise or to complete a WA_RETURN.  Two on one line need the _AT forms with distinct labels.
 */
#define WA_WITH(co, scope) WA_WITH_AT(co, scope, __LINE__)
#define WA_WITH_AT(co, scope, label)                                           \
    {                                                                          \
        int wa__st = wa__scope_push((co), (scope), (label));                   \
        if (wa__st >= 0) return (wa_status)wa__st;                             \
    }                                                                          \
    /* fallthrough */                                                          \
    case (label):                                                              \
    if (wa__scope_in_body(co))

#define WA_WITH_END(co) WA_WITH_END_AT(co, __LINE__)
#define WA_WITH_END_AT(co, label)                                              \
    (co)->resume = (label);                                                    \
    /* fallthrough */                                                          \
    case (label):                                                              \
    do {                                                                       \
        wa_status wa__st;                                                      \
        if (wa__scope_exit((co), &wa__st)) return wa__st;                      \
    } while (0)

/*
 * try / except / finally: Python's statement, awaits allowed in every part.
 *
 *     typedef struct { wa_coro co; wa_try t; ... } frame;
 *
 *     WA_TRY(co, &f->t) {
 *         WA_AWAIT(co, wa_wait_for(co, f->job, 1.0));
 *     }
 *     WA_EXCEPT(co, &f->t, WA_TIMEOUT_ERROR) {
 *         printf("%s\n", wa_error_message(f->t.caught));
 *         WA_AWAIT(co, wa_sleep(co, 0.1));        // f->t.caught stays valid
 *     }
 *     WA_EXCEPT(co, &f->t, WA_VALUE_ERROR) {
 *         WA_RAISE_FROM(co, wa_error_new(WA_RUNTIME_ERROR, "bad"), wa_error_ref(f->t.caught));
 *     }
 *     WA_ELSE(co, &f->t) { ... }                 // optional: the body raised nothing
 *     WA_FINALLY(co, &f->t) {                    // optional
 *         WA_AWAIT(co, wa_sleep(co, 0));
 *     }
 *     WA_TRY_END(co, &f->t);
 *
 * The body runs; an error it raises (WA_RAISE, a failed WA_AWAIT or
 * WA_AWAIT_CALL, an error leaving a WA_WITH, a cancellation) goes to the
 * first WA_EXCEPT whose type it is (wa_error_is: subclasses match), whose
 * block runs with the error in t.caught, owned by the try until the handler
 * ends.  Unmatched, it goes on after WA_FINALLY's block.  WA_FINALLY's block
 * runs on every way out: normal end, an error (handled or not, or raised
 * in a handler or in WA_ELSE), WA_RETURN in the body or a handler (the
 * return completes after it), cancellation (the CancelledError goes on after
 * it unless a WA_EXCEPT(..., WA_CANCELLED_ERROR) swallowed it).  An error
 * or WA_RETURN in the finally block replaces the outcome, as in Python.
 * WA_TRY_END completes the statement: it raises the pending error, completes
 * the pending return, or goes on.  A catch-all is WA_EXCEPT(co, t,
 * WA_BASE_EXCEPTION); Python's `except (A, B)` is two clauses.
 *
 * Errors raised in a handler or a finally block (by WA_RAISE or a failed
 * await, here or in a coroutine awaited inline) get the handled error as
 * their context (wa_error_context), as Python's do.  WA_RERAISE is the bare
 * `raise`; WA_RAISE_FROM is `raise ... from` (a NULL cause: `from None`).
 *
 * WA_EXCEPT_STAR is `except*`: the error, wrapped in ExceptionGroup("", [e])
 * when it is not a group, is split by type (wa_error_split); each clause
 * whose type matches part of what is left runs with that part in t.caught,
 * and every clause is tried in turn.  What no clause matched, what handlers
 * re-raised (WA_RERAISE) and what they raised are raised together at the
 * end as Python does: the unhandled leaves in a group with the original
 * message and nesting, new errors beside it in ExceptionGroup("", [...]).
 *
 * Rules, beside the coroutine rules above:
 *   - t is a wa_try in the frame, passed to every macro as &f->field (it is
 *     evaluated more than once); one try statement per wa_try at a time (a
 *     wa_try may be reused after its WA_TRY_END, e.g. in a loop).
 *   - The parts come in this order, each macro followed by its block:
 *     WA_TRY, WA_EXCEPT... or WA_EXCEPT_STAR... (not both), WA_ELSE,
 *     WA_FINALLY, WA_TRY_END; nothing between a block and the next macro.
 *     WA_ELSE and WA_FINALLY are optional; WA_TRY_END is not.
 *   - At most one of these macros per source line (labels are __LINE__);
 *     WA_TRY_AT takes an explicit label.
 *   - Leave a part only by reaching its end, WA_RETURN or WA_RAISE: never by
 *     break, continue, goto or return, which would skip the finally block and
 *     leave the try open (entering it again then raises RuntimeError).
 *   - No WA_RETURN in a WA_EXCEPT_STAR handler (Python: SyntaxError): it
 *     raises RuntimeError there.
 *   - t.caught is borrowed: keep it past its handler with wa_error_ref.
 */
typedef struct wa_try {
    wa_scope scope;         /* scope.error: the outcome in flight */
    wa_error *caught;       /* the error the running handler handles, or NULL */
    /* the library's: */
    wa_error *star_orig;    /* except*: the error raised, owned */
    wa_error *star_rest;    /* except*: the part no clause has matched yet */
    wa_error **star_errs;   /* except*: raised (first star_nraised), then re-raised */
    uint32_t star_nraised, star_nkept, star_cap;
    int clause;             /* except*: __LINE__ of the latest clause tried */
    uint8_t phase;
} wa_try;

/* Entry points behind the WA_TRY macros. */
int wa__try_push(wa_coro *co, wa_try *t, int label);
bool wa__try_body(const wa_try *t);
bool wa__try_except(wa_coro *co, wa_try *t, const wa_error_type *type);
bool wa__try_except_star(wa_coro *co, wa_try *t, const wa_error_type *type, int line);
bool wa__try_else(wa_coro *co, wa_try *t);
bool wa__try_finally(wa_coro *co, wa_try *t);
bool wa__try_end(wa_coro *co, wa_try *t, wa_status *st);
wa_status wa__raise_from(wa_coro *co, wa_error *take_err, wa_error *take_cause);

/*
 * WA_TRY expands to: open the try (a scope, as WA_WITH does), a resume point
 * and an `if` whose block is the body, true only on the way in.  When the
 * body (or a handler, WA_ELSE's or the finally block) ends by an error or
 * WA_RETURN, the frame resumes at that point with the outcome parked in t;
 * the body is skipped and each clause macro, an `if` of its own, decides
 * whether its block runs.  None of them returns to the loop, so they cost a
 * call each; WA_TRY_END returns to raise or to complete a WA_RETURN.
 */
#define WA_TRY(co, t) WA_TRY_AT(co, t, __LINE__)
#define WA_TRY_AT(co, t, label)                                                \
    if (wa__try_push((co), (t), (label))) return WA_STATUS_RAISE;              \
    /* fallthrough */                                                          \
    case (label):                                                              \
    if (wa__try_body(t))

#define WA_EXCEPT(co, t, type) if (wa__try_except((co), (t), (type)))
#define WA_EXCEPT_STAR(co, t, type) if (wa__try_except_star((co), (t), (type), __LINE__))
#define WA_ELSE(co, t) if (wa__try_else((co), (t)))
#define WA_FINALLY(co, t) if (wa__try_finally((co), (t)))
#define WA_TRY_END(co, t)                                                      \
    do {                                                                       \
        wa_status wa__st;                                                      \
        if (wa__try_end((co), (t), &wa__st)) return wa__st;                    \
    } while (0)

/* In a handler: Python's bare `raise`, the handled error again. */
#define WA_RERAISE(co, t) WA_RAISE(co, wa_error_ref((t)->caught))
/* `raise take_err from take_cause`: both new references; a NULL cause is
 * `from None` (the context is not printed). */
#define WA_RAISE_FROM(co, take_err, take_cause) return wa__raise_from((co), (take_err), (take_cause))

/* ------------------------------------------------------------------------ */
/* Tasks                                                                    */
/* ------------------------------------------------------------------------ */

/*
 * asyncio.create_task: a task running step over a new frame of frame_size
 * bytes initialised from init (frame_size bytes; its wa_coro header is
 * ignored).  name may be NULL ("Task-N").  The first step runs in a later
 * iteration.  Returns a new reference (release with wa_task_unref; the loop
 * keeps its own while the task runs).  NULL on WA_EINVAL (NULL loop or step,
 * frame smaller than wa_coro), WA_ECLOSED, WA_ENOMEM.
 */
wa_task *wa_task_new(wa_loop *loop, wa_step_fn step, size_t frame_size, const void *init,
                     const char *name);
/* wa_task_new is a macro passing its call site (kept in debug mode) to
 * wa__task_new_at; (wa_task_new)(...) calls the function without one. */
wa_task *wa__task_new_at(wa_loop *loop, wa_step_fn step, size_t frame_size, const void *init, const char *name,
                         const char *file, int line, const char *func);
#define wa_task_new(...) wa__task_new_at(__VA_ARGS__, WA__HERE)

/* WA_SPAWN(loop, step, frame_type, .field = value, ...): wa_task_new with
 * the frame built from designated initialisers. */
#define WA_SPAWN(loop, step, ...) wa__task_new_at((loop), (step), WA__FRAME_INIT(__VA_ARGS__), NULL, WA__HERE)
#define WA_SPAWN_NAMED(loop, name, step, ...)                                  \
    wa__task_new_at((loop), (step), WA__FRAME_INIT(__VA_ARGS__), (name), WA__HERE)

wa_task *wa_task_ref(wa_task *t);          /* NULL-safe */
/* Drops a reference.  A failed task nobody retrieved reports "Task exception
 * was never retrieved" when freed. */
void wa_task_unref(wa_task *t);            /* NULL-safe */

/* The task's future view: done state, result, callbacks. */
wa_future *wa_task_future(wa_task *t);
const char *wa_task_name(const wa_task *t);
int wa_task_set_name(wa_task *t, const char *name);   /* copies; WA_ENOMEM */

/*
 * asyncio's Task.cancel: requests cancellation, delivered as CancelledError
 * (carrying msg, which may be NULL) at the task's current await.  Returns
 * false if the task is already done.
 */
bool wa_task_cancel(wa_task *t, const char *msg);
/* Number of pending cancellation requests (Task.cancelling). */
int wa_task_cancelling(const wa_task *t);
/* Decrements it, returning the new count (Task.uncancel). */
int wa_task_uncancel(wa_task *t);

/* The task whose step is running on loop, or NULL. */
wa_task *wa_current_task(wa_loop *loop);
/* Calls fn(task, arg) for every task of loop not yet done, oldest first.
 * Returns how many.  fn must not free tasks. */
size_t wa_all_tasks(wa_loop *loop, void (*fn)(wa_task *t, void *arg), void *arg);

/* ------------------------------------------------------------------------ */
/* Context variables: contextvars, and where asyncio enters contexts        */
/* ------------------------------------------------------------------------ */

/*
 * Python's contextvars.  A context (wa_varcontext; wa_context is the
 * exception handler's) maps variables to values and is an immutable
 * snapshot once copied: wa_copy_context shares the mapping, and a set
 * replaces the current context's mapping with a new one, leaving copies as
 * they were.  Each thread has a current context: a task's step runs in the
 * task's context, a call_soon/call_later/call_at callback in its handle's,
 * wa_varcontext_run's fn in the one given, anything else in the thread's
 * own (which lives until the process ends).  As in asyncio:
 *   - a task runs in a copy of the context current when it was created, or
 *     in the one given to wa_task_new_in_context (shared, not copied);
 *   - a callback runs in a copy of the context current when it was
 *     scheduled, or in the one given to wa_call_soon_context etc.;
 *   - wa_to_thread runs fn in a copy of the caller's context
 *     (wa_run_in_executor does not: fn gets an empty context per job);
 *   - a wa_runner runs every main coroutine in one context, copied from
 *     the caller's when the runner was made; wa_run likewise.
 * Done callbacks (wa_future_add_done_callback) run in the context that is
 * current when they run, not in a copy made when they were added.
 *
 * Costs nothing until a variable is set: a context with no values is never
 * made, and a task or handle then only stores NULL.
 *
 * Ownership: every object here is refcounted (atomically, so a worker
 * thread may hold a copy): _new, wa_copy_context and wa_contextvar_set
 * return a new reference, released with the matching _unref.  Values are
 * stored as owned copies (strings and bytes duplicated, a pointer's
 * destructor taken over, run when the last context, token or variable
 * holding it goes).  Reads return an owned copy to release with
 * wa_value_clear, except that a pointer comes back borrowed (no
 * destructor): it stays the context's.  An error value's reference count
 * is not atomic: do not read one on a worker thread.
 *
 * Errors: functions taking wa_error **error return WA_EEXCEPTION with the
 * exception CPython raises there in *error (a new reference; pass NULL if
 * you only want the code, wa_last_error() has the words), or WA_ENOMEM
 * with a MemoryError, WA_EINVAL for NULL arguments.
 */
typedef struct wa_varcontext wa_varcontext;
typedef struct wa_contextvar wa_contextvar;
typedef struct wa_token wa_token;

/* contextvars.ContextVar(name[, default=...]): name is copied; with
 * has_default, default_value is stored as an owned copy (ignored without).
 * NULL with wa_last_error() on WA_EINVAL (NULL name) or WA_ENOMEM. */
wa_contextvar *wa_contextvar_new(const char *name, wa_value default_value, bool has_default);
wa_contextvar *wa_contextvar_ref(wa_contextvar *v);        /* NULL-safe; returns v */
void wa_contextvar_unref(wa_contextvar *v);                /* NULL-safe */
/* The name, valid as long as v. */
const char *wa_contextvar_name(const wa_contextvar *v);
/* repr(var): "<ContextVar name='x' default=5 at 0x...>" (a default other
 * than None, a bool, an int or a string shows as "default=...").  Written
 * into buf, always NUL-terminated when size > 0; returns the length it
 * wanted, like snprintf. */
size_t wa_contextvar_repr(const wa_contextvar *v, char *buf, size_t size);
/* ContextVar.get(): the value in the current context, else the default;
 * neither: WA_EEXCEPTION with LookupError, whose message is the variable's
 * repr "<ContextVar name='x' at 0x...>". */
int wa_contextvar_get(wa_contextvar *v, wa_value *out, wa_error **error);
/* ContextVar.get(default): never a LookupError; default_value is only
 * viewed (copied into *out when used). */
int wa_contextvar_get_or(wa_contextvar *v, wa_value default_value, wa_value *out);
/* ContextVar.set(value) in the current context: returns a new token for
 * wa_contextvar_reset (release with wa_token_unref), or NULL with
 * wa_last_error() (WA_EINVAL, WA_ENOMEM; the value is then not taken). */
wa_token *wa_contextvar_set(wa_contextvar *v, wa_value value);
/* ContextVar.reset(token): restores the value v had before the set that
 * made token (or removes it).  WA_EEXCEPTION with RuntimeError "<Token used
 * var=... at 0x...> has already been used once", ValueError "<Token ...>
 * was created by a different ContextVar", or ValueError "<Token ...> was
 * created in a different Context" (checked in that order, as CPython does). */
int wa_contextvar_reset(wa_contextvar *v, wa_token *token, wa_error **error);

void wa_token_unref(wa_token *t);                          /* NULL-safe */
/* Token.var, borrowed (valid as long as t). */
wa_contextvar *wa_token_var(const wa_token *t);

/* contextvars.Context(): a new empty context.  NULL on WA_ENOMEM. */
wa_varcontext *wa_varcontext_new(void);
/* contextvars.copy_context(): a new context sharing the current mapping.
 * NULL on WA_ENOMEM. */
wa_varcontext *wa_copy_context(void);
/* Context.copy(): a new context sharing c's mapping.  NULL on WA_EINVAL
 * (NULL c) or WA_ENOMEM. */
wa_varcontext *wa_varcontext_copy(const wa_varcontext *c);
wa_varcontext *wa_varcontext_ref(wa_varcontext *c);        /* NULL-safe; returns c */
void wa_varcontext_unref(wa_varcontext *c);                /* NULL-safe */
/* Number of variables with a value in c (len(ctx)). */
size_t wa_varcontext_len(const wa_varcontext *c);
/* ctx[var] / ctx.get(var): WA_OK with the value copied into *out, or
 * WA_EEMPTY when var has no value in c (its default does not count). */
int wa_varcontext_get(const wa_varcontext *c, wa_contextvar *v, wa_value *out);
/* Context.run: calls fn(arg) with c as the current context; sets made by
 * fn stay in c.  WA_EEXCEPTION with RuntimeError "cannot enter context:
 * <_contextvars.Context object at 0x...> is already entered" when c is current
 * on this thread, or entered by a wa_varcontext_run still under way here
 * (fn does not run). */
int wa_varcontext_run(wa_varcontext *c, void (*fn)(void *arg), void *arg, wa_error **error);

/* create_task(..., context=c): as wa_task_new, but the task runs in c
 * itself (it takes a reference), not in a copy.  c NULL: a copy of the
 * current context, as wa_task_new. */
wa_task *wa_task_new_in_context(wa_loop *loop, wa_varcontext *c, wa_step_fn step, size_t frame_size,
                                const void *init, const char *name);
#define WA_SPAWN_IN_CONTEXT(loop, c, step, ...)                                \
    wa_task_new_in_context((loop), (c), (step), WA__FRAME_INIT(__VA_ARGS__), NULL)
/* Task.get_context(): the context the task runs in, borrowed (valid as long
 * as t).  NULL on WA_ENOMEM (an empty one is made on first use). */
wa_varcontext *wa_task_get_context(wa_task *t);

/* call_soon / call_later / call_at with context=c: cb runs in c (a
 * reference is held until the handle goes), not in a copy of the current
 * one.  c NULL: as without context.  Errors as wa_call_soon's. */
int wa_call_soon_context(wa_loop *loop, wa_varcontext *c, wa_callback cb, void *arg, wa_handle **handle_out);
int wa_call_later_context(wa_loop *loop, wa_varcontext *c, double delay, wa_callback cb, void *arg,
                          wa_handle **handle_out);
int wa_call_at_context(wa_loop *loop, wa_varcontext *c, double when, wa_callback cb, void *arg,
                       wa_handle **handle_out);

/* ------------------------------------------------------------------------ */
/* Introspection: await chains and what every task is doing                 */
/* ------------------------------------------------------------------------ */

/* One frame of a task's await chain.  Strings are static. */
typedef struct wa_frame_info {
    const char *func;       /* the step function's name */
    const char *file;       /* its source file */
    int line;               /* where it is suspended (its latest await), or
                               where its body begins if it has not run yet */
} wa_frame_info;

/* Task.get_stack: the frames of a pending task, outermost (the task's own
 * coroutine) first and innermost (where it waits) last.  Fills up to n of
 * out and returns how many frames there are (0 once the task is done). */
size_t wa_task_get_stack(wa_task *t, wa_frame_info *out, size_t n);
/*
 * Task.print_stack's text, into buf like snprintf:
 *     Stack for <Task pending name='w' coro=<worker() running at w.c:20> ...> (most recent call last):
 *       File "w.c", line 20, in worker
 *       File "w.c", line 41, in fetch_step
 * or "No stack for <Task finished ...>" once the task is done.
 */
size_t wa_task_format_stack(wa_task *t, char *buf, size_t size);
/* Writes that text to stderr (console.error in JS). */
void wa_task_print_stack(wa_task *t);

/* What a task is doing, for a live view.  Valid until the task changes. */
typedef struct wa_task_info {
    const char *name;           /* wa_task_name */
    const char *state;          /* asyncio's: "pending", "cancelling", "finished", "cancelled" */
    const char *activity;       /* "running" (its step is executing), "ready" (scheduled
                                   to run), "waiting" (on what awaiting says), "done" */
    wa_frame_info coro;         /* the task's coroutine (its root frame) */
    wa_frame_info where;        /* its innermost frame: where it waits */
    size_t depth;               /* frames in its await chain (wa_task_get_stack) */
    char awaiting[256];         /* repr of what it waits on ("<sleep pending when=2.000>",
                                   "<Task pending name='x' ...>"), "" when nothing */
    double since;               /* loop time it began waiting or became ready: known
                                   when it was created in debug mode, else NAN */
    wa_site created;            /* where it was created (debug mode), file NULL if unknown */
} wa_task_info;
/* Fills *out.  WA_EINVAL for NULL. */
int wa_task_get_info(wa_task *t, wa_task_info *out);

/*
 * A dump of the loop's pending tasks, oldest first: each task's repr, what
 * it waits on and since when (in debug mode), and its stack, into buf like
 * snprintf:
 *     2 pending tasks:
 *     <Task pending name='main' coro=<main_step() running at app.c:30> wait_for=<Task pending ...> created at app.c:52>
 *       waiting for 1.500 s
 *       File "app.c", line 30, in main_step
 *     ...
 */
size_t wa_loop_format_tasks(wa_loop *loop, char *buf, size_t size);
/* Writes that dump to stderr (console.error in JS). */
void wa_loop_print_tasks(wa_loop *loop);

/* ------------------------------------------------------------------------ */
/* Threads: executors, run_in_executor, to_thread, run_coroutine_threadsafe */
/* ------------------------------------------------------------------------ */

/*
 * A job run on a worker thread: returns its result, or sets *error (a new
 * error, e.g. from wa_error_new) and returns anything.  Strings and bytes in
 * the result are copied on the worker as soon as fn returns, so they may
 * view static data or memory arg owns, never fn's own locals.  It must not
 * touch the loop, its futures or its tasks (use wa_call_soon_threadsafe).
 */
typedef wa_value (*wa_job_fn)(void *arg, wa_error **error);

/* concurrent.futures.ThreadPoolExecutor: up to max_workers threads
 * (<= 0: min(32, processors + 4), asyncio's default), started as jobs
 * arrive.  NULL with wa_last_error(): WA_ENOSYS in a build without threads
 * (WASI, Emscripten), WA_ENOMEM. */
typedef struct wa_executor wa_executor;
wa_executor *wa_executor_new(int max_workers);
/* Takes no new jobs; with wait, returns once every queued and running job
 * is done (their results reach their loops' queues).  Any thread but a
 * worker's. */
void wa_executor_shutdown(wa_executor *ex, bool wait);
/* Shuts down with wait and frees ex.  NULL-safe. */
void wa_executor_free(wa_executor *ex);

/*
 * loop.run_in_executor for WA_AWAIT (a future co's frame keeps until it
 * ends): fn(arg) runs on one of ex's threads (NULL: the loop's default executor, made on first use
 * and shut down by wa_run as asyncio.run does), and the await gets its
 * result or raises its error on the loop's thread.  Cancelling the await
 * removes a job not yet started; a running one finishes and its result is
 * dropped.  Raises RuntimeError "threads are not available in this build"
 * without threads, and after the executor was shut down.
 */
wa_future *wa_run_in_executor(wa_coro *co, wa_executor *ex, wa_job_fn fn, void *arg);
/* asyncio.to_thread: wa_run_in_executor on the default executor. */
wa_future *wa_to_thread(wa_coro *co, wa_job_fn fn, void *arg);

/*
 * asyncio.run_coroutine_threadsafe: another thread starts a coroutine on a
 * loop and gets a concurrent.futures.Future (a wa_cfuture) for its outcome,
 * which any thread may wait on.
 *
 *     // on any thread but the loop's
 *     wa_cfuture *f = WA_RUN_COROUTINE_THREADSAFE(loop, fetch_step, fetch_frame, .id = 7);
 *     wa_value v;
 *     wa_error *err;
 *     if (wa_cfuture_result(f, 5.0, &v, &err) == WA_OK) use(&v);   // v is f's
 *     else { report(err); wa_error_unref(err); }        // or TimeoutError
 *     wa_cfuture_unref(f);
 *
 * As in asyncio, the coroutine becomes a task ("Task-N", in a copy of the
 * calling thread's context) in the loop's next iteration, through
 * call_soon_threadsafe; the future stays pending while the task runs, so
 * cancelling it succeeds until the task is done: the future is cancelled
 * at once, and the task's cancel follows on the loop's thread (after its
 * first step, if it had not started).  A task that ends settles the future
 * with its result, its error, or as cancelled, on the loop's thread.
 * Calling it on the loop's own thread is allowed, as in asyncio (read the
 * outcome from a done callback, or once the future is done).
 *
 * Where C differs:
 *   - Values cross threads as copies: strings, bytes and lists are copied
 *     into the future; a pointer's destructor moves to the future and runs
 *     when it is freed (see wa_cfuture_unref).  Errors are deep
 *     copies (type, message, cause, context, children), and each call
 *     reading one returns a copy of its own: reference counts of errors
 *     are not atomic, so no two threads ever share one.
 *   - A closed loop: CPython's call raises RuntimeError "Event loop is
 *     closed"; here the future comes back failed with it, the coroutine not
 *     run, so callers have one path.  The same happens when the loop closes
 *     before the coroutine starts, or is freed before the task ends, where
 *     CPython's future would stay pending for ever.
 *   - Waiting on the thread that runs the loop (result or exception with a
 *     timeout > 0 on a pending future) fails with WA_EDEADLOCK: the loop
 *     cannot run the coroutine while its thread waits (CPython hangs, or
 *     blocks the loop until a TimeoutError).  Zero timeouts and done
 *     futures are fine there.
 * The loop must stay allocated during the call (a closed loop is fine),
 * and its thread is the one that runs the task and its callbacks; a loop on
 * the virtual clock cannot be woken by other threads.
 */
typedef struct wa_cfuture wa_cfuture;

/* concurrent.futures.Error (base: Exception), and its CancelledError, which
 * a cancelled wa_cfuture raises: unlike asyncio's (WA_CANCELLED_ERROR) it
 * is an Exception, so catching WA_EXCEPTION catches it, as in Python. */
extern const wa_error_type wa__concurrent_error, wa__concurrent_cancelled_error;
#define WA_CONCURRENT_ERROR (&wa__concurrent_error)
#define WA_CONCURRENT_CANCELLED_ERROR (&wa__concurrent_cancelled_error)

/*
 * Starts step over a copy of the frame_size bytes at init (as wa_task_new
 * takes them) on loop.  Any thread.  Returns a new wa_cfuture with one
 * reference (release with wa_cfuture_unref; it may outlive the loop).
 * NULL with wa_last_error(): WA_EINVAL (NULL loop; NULL step or init, or a
 * frame too small: CPython's TypeError "A coroutine object is required"),
 * WA_ENOSYS "threads are not available in this build" (WASI, Emscripten
 * without -pthread), WA_ENOMEM.  Macro form below.
 */
wa_cfuture *wa_run_coroutine_threadsafe(wa_loop *loop, wa_step_fn step, size_t frame_size, const void *init);
wa_cfuture *wa__run_coroutine_threadsafe_at(wa_loop *loop, wa_step_fn step, size_t frame_size, const void *init,
                                            const char *file, int line, const char *func);
/* WA_RUN_COROUTINE_THREADSAFE(loop, step, frame_type, .field = value, ...):
 * the frame from designated initialisers, as WA_SPAWN; the call site is
 * the task's creation site in debug mode. */
#define WA_RUN_COROUTINE_THREADSAFE(loop, step, ...)                           \
    wa__run_coroutine_threadsafe_at((loop), (step), WA__FRAME_INIT(__VA_ARGS__), WA__HERE)

/* Another reference to f (NULL-safe; returns f); any thread. */
wa_cfuture *wa_cfuture_ref(wa_cfuture *f);
/* Drops a reference, any thread (NULL-safe); the task goes on running
 * without it.  The loop holds one of its own until the task has settled
 * the future, so the memory, and a pointer result's destructor, go on the
 * thread that lets go last: the caller's, or the loop's. */
void wa_cfuture_unref(wa_cfuture *f);

/*
 * Future.result(timeout): waits up to timeout seconds (WA_NO_TIMEOUT: for
 * ever; <= 0 or NaN: not at all) on a monotonic real clock, blocking the
 * calling thread.  0 with *out set to the result, a view valid as long as
 * f (a pointer comes without its destructor: f keeps it).  Otherwise
 * WA_EEXCEPTION with *error a new error, the caller's alone: the
 * coroutine's error, CancelledError() (WA_CONCURRENT_CANCELLED_ERROR) if f
 * was cancelled, or TimeoutError() (WA_TIMEOUT_ERROR: concurrent.futures'
 * is the builtin since 3.11) if f is still pending;
 * wa_last_error() has its words.  out and error may be NULL.  WA_EINVAL
 * for NULL f; WA_EDEADLOCK on the thread running f's loop (see above).
 * Any thread.
 */
int wa_cfuture_result(wa_cfuture *f, double timeout, wa_value *out, wa_error **error);
/* Future.exception(timeout): waits as wa_cfuture_result, then 0 with *out
 * a new error, the coroutine's (the caller's alone), or NULL if it
 * returned.  WA_EEXCEPTION with *error CancelledError() or TimeoutError();
 * WA_EINVAL, WA_EDEADLOCK as wa_cfuture_result.  Any thread. */
int wa_cfuture_exception(wa_cfuture *f, double timeout, wa_error **out, wa_error **error);
/* Future.cancel(): false if f finished; else f is cancelled (true, also
 * if it already was), its done callbacks run on this thread, and the task
 * is cancelled on the loop's thread later.  Any thread. */
bool wa_cfuture_cancel(wa_cfuture *f);
/* Future.cancelled(), Future.done(): any thread. */
bool wa_cfuture_cancelled(const wa_cfuture *f);
bool wa_cfuture_done(const wa_cfuture *f);
/* Future.running(): always false here, as in CPython, where this future
 * goes from pending to finished in one step (so cancel() works while the
 * coroutine runs). */
bool wa_cfuture_running(const wa_cfuture *f);

typedef void (*wa_cfuture_callback)(wa_cfuture *f, void *arg);
/* Future.add_done_callback: fn(f, arg) runs once f is done, on the thread
 * that finished it (the loop's, or a thread calling wa_cfuture_cancel), in
 * the order added; at once on this thread if f is already done.  f is valid
 * during the call.  fn must not block (on the loop's thread it holds up the
 * loop).  WA_EINVAL (NULL f or fn), WA_ENOMEM.  Any thread. */
int wa_cfuture_add_done_callback(wa_cfuture *f, wa_cfuture_callback fn, void *arg);

/* ------------------------------------------------------------------------ */
/* Sleeping                                                                 */
/* ------------------------------------------------------------------------ */

/*
 * asyncio.sleep for WA_AWAIT: a future that finishes after delay seconds
 * (owned by co's frame).  delay <= 0 yields exactly one loop iteration
 * without allocating.  NaN or a NULL co raise ValueError at the await.
 */
wa_future *wa_sleep(wa_coro *co, double delay);
/*
 * asyncio.sleep(delay, result): the same sleep, and the await's value is
 * result.  result is copied when called (strings and bytes duplicated; a
 * pointer's destructor moves to the sleep, as wa_value_copy moves it), so
 * it may view the caller's locals; if the sleep is cancelled the copy is
 * released, running that destructor.  A library coroutine (owned by co's
 * frame): awaiting it allocates a frame.  NaN raises ValueError, out of
 * memory MemoryError, at the await.
 */
wa_future *wa_sleep_result(wa_coro *co, double delay, wa_value result);

/* ------------------------------------------------------------------------ */
/* Waiting for several things: gather, shield, wait, wait_for, as_completed  */
/* ------------------------------------------------------------------------ */

/*
 * Conventions of this section.  Every function takes the calling coroutine
 * co and returns an awaitable for WA_AWAIT / WA_AWAIT_TRY.  The futures of
 * wa_gather and wa_shield are co's frame's until it ends (take
 * wa_future_ref to keep one longer); wa_wait, wa_wait_for and
 * wa_as_completed_next are library coroutines, for WA_AWAIT only.  Misuse
 * (NULL arguments, a count above WA_MAX_AWAITABLES, which is what a negative
 * count becomes in a size_t) sets wa_last_error() and makes the await raise:
 * ValueError for bad values, TypeError ("An asyncio.Future, a coroutine
 * or an awaitable is required") for a NULL item, RuntimeError outside a
 * task.  Futures and tasks may belong only to co's loop.
 *
 * What asyncio calls awaitables: where one thing is taken (shield,
 * wait_for) it may be a wa_future *, a wa_task * or a wa_aw; where several
 * are (gather, wait, as_completed) an array of wa_future *, of wa_task *
 * (no wa_task_future copies needed) or of wa_aw, which may mix futures,
 * tasks and coroutines.  The choice is made at compile time (_Generic);
 * the functions behind the macros, (wa_gather)(...) and so on, take
 * futures only.  A coroutine is wrapped in a new task, as asyncio's
 * ensure_future wraps it: on co's loop, in co's current context, named
 * Task-N, created in argument order before anything else happens (asyncio's
 * as_completed creates them in a set's order, which is unspecified).  That
 * task belongs to the combinator: it stays alive while the gather, shield
 * or as_completed does, and the loop keeps it running until it ends, as
 * asyncio's loop does.  wait_for runs a coroutine inline in the caller's
 * task instead (3.12+), and wait refuses one, as asyncio does.
 *
 * Timeouts are in seconds on the loop's clock; WA_NO_TIMEOUT (infinity) is
 * Python's None.  NaN raises ValueError.
 */
#define WA_NO_TIMEOUT INFINITY
#define WA_MAX_AWAITABLES ((size_t)1 << 30)

/*
 * Something to wait for: a future (a task as its future), or a coroutine
 * not yet started, given as WA_AWAIT_CALL gives one: a step function and
 * its frame's size and initial bytes.  A value type built by the
 * constructors below and read by the call it is passed to: a coroutine's
 * initial frame is copied then (into a new task, or wait_for's frame), so
 * it may be built in the same statement, as a compound literal that dies
 * with the block.  Like any local it also dies at an await (rule 1 of the
 * coroutine macros): build an array of them right before the call that
 * reads it, never before an earlier await.  Nothing in it is owned: a
 * future's reference stays the caller's.
 *
 *     {
 *         wa_aw items[] = {WA_AW(f->task), WA_CORO(job_step, job_frame, .id = 2)};
 *         WA_AWAIT(co, wa_gather(co, items, 2, false));   // gather(task, job(2))
 *     }
 */
typedef struct wa_aw {
    wa_future *fut;         /* a future or task; NULL for a coroutine */
    wa_step_fn step;        /* the coroutine's step, NULL for a future */
    size_t frame_size;      /* the coroutine's frame, wa_coro first */
    const void *init;       /* its frame_size initial bytes */
    wa_site site;           /* where WA_CORO was written (debug mode's "created at") */
} wa_aw;

/* A coroutine, as WA_AWAIT_CALL names one: WA_CORO(step, frame_type,
 * .field = value, ...).  The frame is a compound literal of the enclosing
 * block, read by the call that takes the wa_aw. */
#define WA_CORO(step, ...) ((wa_aw){NULL, (step), WA__FRAME_INIT(__VA_ARGS__), {WA__HERE}})
/* A future, or a task, as a wa_aw (NULL stays NULL, and is refused). */
static inline wa_aw wa_aw_future(wa_future *f) {
    wa_aw a = {f, NULL, 0, NULL, {NULL, 0, NULL}};
    return a;
}
static inline wa_aw wa_aw_task(wa_task *t) { return wa_aw_future(wa__task_future(t)); }
static inline wa_aw wa__aw_id(wa_aw a) { return a; }
/* WA_AW(x): x (a wa_future *, wa_task * or wa_aw) as a wa_aw, for arrays
 * that mix them: wa_aw items[] = {WA_AW(f->task), WA_CORO(step, frame)}. */
#define WA_AW(x) _Generic((x), wa_aw: wa__aw_id, wa_task *: wa_aw_task, default: wa_aw_future)(x)

/* The macros' view of an array argument; the library's, not to be used. */
typedef enum wa__aws_kind { WA__AWS_FUTURES, WA__AWS_TASKS, WA__AWS_AWS } wa__aws_kind;
typedef struct wa__aws {
    const void *items;
    wa__aws_kind kind;
} wa__aws;
/* No default association: an array of anything else does not compile.
 * void *: a NULL array, which the call refuses at run time. */
#define WA__AWS_KIND(xs)                                                       \
    _Generic((xs), wa_future **: WA__AWS_FUTURES, wa_future *const *: WA__AWS_FUTURES, \
             void *: WA__AWS_FUTURES, wa_task **: WA__AWS_TASKS, wa_task *const *: WA__AWS_TASKS, \
             wa_aw *: WA__AWS_AWS, const wa_aw *: WA__AWS_AWS)
#define WA__AWS(xs) ((wa__aws){(const void *)(xs), WA__AWS_KIND(xs)})
/* Picks fn_futs for an array of futures (the plain function: a program
 * that waits on futures only links nothing of coroutines), else fn_any. */
#define WA__AWS_PICK(xs, fn_futs, fn_any)                                      \
    _Generic((xs), wa_future **: fn_futs, wa_future *const *: fn_futs, void *: fn_futs, \
             wa_task **: fn_any, wa_task *const *: fn_any, wa_aw *: fn_any, const wa_aw *: fn_any)

/*
 * asyncio.gather: a future that finishes when all of futs (n of them, the
 * same future may appear twice) are done, with a WA_KIND_LIST result of
 * their results in argument order.  Without return_exceptions the first
 * error (or CancelledError of a child cancelled on its own) fails the gather
 * at once while the others keep running; with it, errors come back as
 * WA_KIND_ERROR items.  Cancelling the gather cancels every unfinished child;
 * it then raises CancelledError once they are all done.  n == 0 gives a done
 * future with an empty list.
 */
wa_future *(wa_gather)(wa_coro *co, wa_future *const *futs, size_t n, bool return_exceptions);
/* wa_gather(co, xs, n, return_exceptions): xs an array of futures, tasks
 * or wa_aw (coroutines become tasks the gather owns). */
wa_future *wa__gather_any(wa_coro *co, wa__aws xs, size_t n, bool return_exceptions);
static inline wa_future *wa__gather_futs(wa_coro *co, wa__aws xs, size_t n, bool return_exceptions) {
    return (wa_gather)(co, (wa_future *const *)xs.items, n, return_exceptions);
}
#define wa_gather(co, xs, n, return_exceptions)                                \
    WA__AWS_PICK(xs, wa__gather_futs, wa__gather_any)((co), WA__AWS(xs), (n), (return_exceptions))

/*
 * asyncio.shield: a future that mirrors inner (result, error or
 * cancellation) but whose own cancellation does not reach inner.  If inner
 * is already done it is returned itself.
 */
wa_future *(wa_shield)(wa_coro *co, wa_future *inner);
/* wa_shield(co, x): x a future, a task or a wa_aw (a coroutine becomes a
 * task the shield owns; cancelling the shield does not cancel it). */
wa_future *wa__shield_aw(wa_coro *co, wa_aw inner);
static inline wa_future *wa__shield_fut(wa_coro *co, wa_aw inner) { return (wa_shield)(co, inner.fut); }
#define wa_shield(co, x) _Generic((x), wa_aw: wa__shield_aw, default: wa__shield_fut)((co), WA_AW(x))

typedef enum wa_return_when {
    WA_FIRST_COMPLETED,
    WA_FIRST_EXCEPTION,
    WA_ALL_COMPLETED
} wa_return_when;

/*
 * asyncio.wait (a coroutine): waits until return_when is met or timeout
 * passes.  Its value is `done, pending`: a list of two lists, each of
 * WA_KIND_PTR items pointing at futs (borrowed: valid while the caller's
 * futures are; a duplicate appears once, where it first came), in the
 * order of futs, partitioned by wa_future_done() as the await ends, which
 * is when asyncio builds its sets.  Cancels nothing, raises nothing on
 * timeout; n == 0 raises ValueError.
 *
 *     WA_AWAIT(co, wa_wait(co, f->futs, 3, 1.0, WA_FIRST_COMPLETED));
 *     wa_value done = co->value.as.list.items[0];      // pending: items[1]
 *     for (size_t i = 0; i < done.as.list.len; i++) {
 *         wa_future *d = done.as.list.items[i].as.ptr.p;
 *         ...
 *     }
 *
 * The lists are views into co's frame until its next await.
 */
wa_future *(wa_wait)(wa_coro *co, wa_future *const *futs, size_t n, double timeout, wa_return_when when);
/* wa_wait(co, xs, n, timeout, when): xs an array of futures, tasks or
 * wa_aw; a task is listed in done and pending as its future
 * (wa_task_future(t)).  A coroutine among them raises TypeError ("Passing coroutines is
 * forbidden, use tasks explicitly."), as asyncio 3.11+ does, after the
 * ValueError of an empty set. */
wa_future *wa__wait_any(wa_coro *co, wa__aws xs, size_t n, double timeout, wa_return_when when);
static inline wa_future *wa__wait_futs(wa_coro *co, wa__aws xs, size_t n, double timeout, wa_return_when when) {
    return (wa_wait)(co, (wa_future *const *)xs.items, n, timeout, when);
}
#define wa_wait(co, xs, n, timeout, when)                                      \
    WA__AWS_PICK(xs, wa__wait_futs, wa__wait_any)((co), WA__AWS(xs), (n), (timeout), (when))

/*
 * asyncio.wait_for (a coroutine, 3.12+ semantics): the outcome of aw, or,
 * once timeout passes, aw is cancelled, waited for until it has really
 * finished, and TimeoutError (caused by its CancelledError) is raised.
 * timeout <= 0 cancels aw at once unless it is already done.  Cancelling
 * the caller cancels aw.  If aw swallows the cancellation and returns, that
 * value is returned.
 */
wa_future *(wa_wait_for)(wa_coro *co, wa_future *aw, double timeout);
/*
 * wa_wait_for(co, x, timeout): x a future, a task or a wa_aw.  A coroutine
 * runs inline in co's task, as `async with asyncio.timeout(t): return
 * await coro()` does (3.12+): no task is made, so when the timeout passes
 * it is co's own task that is cancelled (wa_current_task and its name say
 * so) and the coroutine sees the CancelledError at its await.  With
 * timeout <= 0 it is wrapped in a task first and that task is cancelled
 * before it starts (3.13's ensure_future there), which raises TimeoutError.
 */
wa_future *wa__wait_for_aw(wa_coro *co, wa_aw aw, double timeout);
static inline wa_future *wa__wait_for_fut(wa_coro *co, wa_aw aw, double timeout) {
    return (wa_wait_for)(co, aw.fut, timeout);
}
#define wa_wait_for(co, x, timeout)                                            \
    _Generic((x), wa_aw: wa__wait_for_aw, default: wa__wait_for_fut)((co), WA_AW(x), (timeout))

/*
 * asyncio.as_completed: yields futs in completion order.
 *
 *     f->ac = wa_as_completed_new(co, f->futs, n, 5.0);
 *     while (wa_as_completed_left(f->ac)) {
 *         WA_AWAIT(co, wa_as_completed_next(co, f->ac));
 *         wa_future *done = co->value.as.ptr.p;   // the next finished input
 *         ...
 *     }
 *     wa_as_completed_free(f->ac);
 *
 * Each next gives the next finished future (a WA_KIND_PTR view, valid while
 * the iterator lives; await it for its outcome) or raises TimeoutError once
 * timeout has passed.  Duplicates count once.  new returns NULL on misuse
 * or out of memory (see wa_last_error); next on an exhausted iterator raises
 * RuntimeError.  Freed while its timeout is pending, the iterator's timer
 * stays on the loop until it falls due or the last input finishes, as
 * asyncio's abandoned iterator keeps its timeout handle.
 */
typedef struct wa_as_completed wa_as_completed;
wa_as_completed *(wa_as_completed_new)(wa_coro *co, wa_future *const *futs, size_t n, double timeout);
/* wa_as_completed_new(co, xs, n, timeout): xs an array of futures, tasks
 * or wa_aw; next gives a task as its future (wa_task_future(t)).  A
 * coroutine becomes a task the iterator owns (released by
 * wa_as_completed_free, while the loop runs it on to its end), and next
 * gives that task's future.  Refused (NULL, see wa_last_error), it
 * leaves no task running. */
wa_as_completed *wa__as_completed_any(wa_coro *co, wa__aws xs, size_t n, double timeout);
static inline wa_as_completed *wa__as_completed_futs(wa_coro *co, wa__aws xs, size_t n, double timeout) {
    return (wa_as_completed_new)(co, (wa_future *const *)xs.items, n, timeout);
}
#define wa_as_completed_new(co, xs, n, timeout)                                \
    WA__AWS_PICK(xs, wa__as_completed_futs, wa__as_completed_any)((co), WA__AWS(xs), (n), (timeout))
/* How many nexts remain (Python's StopAsyncIteration comes at 0). */
size_t wa_as_completed_left(const wa_as_completed *ac);
wa_future *wa_as_completed_next(wa_coro *co, wa_as_completed *ac);
void wa_as_completed_free(wa_as_completed *ac);     /* NULL-safe */

/*
 * asyncio.ensure_future for what C can await: a future (or a task, through
 * the macro) is returned with a new reference.  WA_EFOREIGN when loop is
 * not NULL and aw belongs to another loop; WA_EINVAL for NULL.  A coroutine
 * becomes a future with WA_SPAWN.
 */
wa_future *wa_ensure_future(wa_loop *loop, wa_future *aw);
#define WA_ENSURE_FUTURE(loop, aw) wa_ensure_future((loop), WA__AS_FUTURE(aw))

/* ------------------------------------------------------------------------ */
/* Timeouts: asyncio.timeout / timeout_at                                   */
/* ------------------------------------------------------------------------ */

/*
 * A timeout scope (lives in the frame).  When the deadline passes, the task
 * is cancelled; leaving the scope turns that cancellation, and only that
 * one, into TimeoutError (caused by the CancelledError).  A cancellation
 * from elsewhere stays a cancellation; with nested scopes the one whose
 * deadline passed first owns the TimeoutError.
 */
typedef struct wa_timeout {
    wa_scope scope;
    wa_task *task;
    wa_handle *handle;
    double when;            /* WA_NO_TIMEOUT: never */
    int cancelling;         /* the task's cancelling() on entry */
    uint8_t state;          /* created, active, expiring, expired, finished */
} wa_timeout;

/* Enter with WA_WITH: a deadline delay seconds from now (WA_NO_TIMEOUT for
 * none), or at the loop time when.  `async with asyncio.timeout(d):` in
 * one step: a new timeout each time, so one wa_timeout serves a loop of
 * them.  Entering it again while it is in use (nested in its own body)
 * raises RuntimeError ("Timeout has already been entered"), as does
 * entering outside a task; NaN raises ValueError. */
wa_scope *wa_timeout_enter(wa_coro *co, wa_timeout *tm, double delay);
wa_scope *wa_timeout_enter_at(wa_coro *co, wa_timeout *tm, double when);
/*
 * A timeout made before it is entered, as `cm = asyncio.timeout(d)` then
 * `async with cm:`.  init fixes the deadline at loop time + delay now, as
 * asyncio.timeout does (WA_NO_TIMEOUT: none); init_at at when
 * (timeout_at).  Either may be called outside a task; WA_EINVAL for NULL or
 * NaN.  The made timeout answers wa_timeout_when and wa_timeout_expired
 * (false), and refuses wa_timeout_reschedule with WA_EINVALIDSTATE
 * ("Timeout has not been entered", asyncio's RuntimeError) until entered.
 * wa_timeout_aenter enters it with WA_WITH, keeping its deadline (a past
 * one fires on the next iteration); entering it twice raises RuntimeError
 * "Timeout has already been entered".
 *
 *     wa_timeout_init(&f->tm, loop, WA_NO_TIMEOUT);
 *     WA_WITH(co, wa_timeout_aenter(co, &f->tm)) {
 *         wa_timeout_reschedule(&f->tm, wa_loop_time(loop) + 1);
 *         ...
 *     }
 *     WA_WITH_END(co);
 */
int wa_timeout_init(wa_timeout *tm, wa_loop *loop, double delay);
int wa_timeout_init_at(wa_timeout *tm, double when);
wa_scope *wa_timeout_aenter(wa_coro *co, wa_timeout *tm);
/* Moves the deadline (WA_NO_TIMEOUT: none); a deadline already past fires on
 * the next iteration.  WA_EINVALIDSTATE unless the scope is active (entered,
 * not expired, not left), with asyncio's words: "Timeout has not been
 * entered", "Cannot change state of expiring Timeout" (expired, finished);
 * WA_EINVAL for NULL or NaN, WA_ENOMEM. */
int wa_timeout_reschedule(wa_timeout *tm, double when);
/* The deadline, WA_NO_TIMEOUT for none. */
double wa_timeout_when(const wa_timeout *tm);
/* True once the deadline passed while the scope was active. */
bool wa_timeout_expired(const wa_timeout *tm);

/* ------------------------------------------------------------------------ */
/* TaskGroup                                                                */
/* ------------------------------------------------------------------------ */

/*
 * asyncio.TaskGroup, a scope (lives in the frame):
 *
 *     WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
 *         WA_GROUP_SPAWN(&f->tg, worker, worker_frame, .id = 1);
 *         WA_GROUP_SPAWN(&f->tg, worker, worker_frame, .id = 2);
 *     }
 *     WA_WITH_END(co);    // both tasks are done here
 *
 * Leaving the body waits for every task of the group.  The first task that
 * fails cancels the others and the body; the group then raises an
 * ExceptionGroup of every error other than a cancellation ("unhandled errors
 * in a TaskGroup"; split it with wa_error_split).  A cancellation of the
 * task from outside propagates as a cancellation once the group's tasks are
 * done.
 */
typedef struct wa_taskgroup {
    wa_scope scope;                     /* scope.ops set: entered (a group is declared zeroed) */
    wa_task *parent;                    /* the task that entered it (a reference), whose loop is the group's */
    union {
        wa_coro *frame;                 /* until its first task: the frame that entered it, which keeps them */
        wa_future *on_completed;        /* then: what the exit waits on, or NULL */
    };
    wa_task *last;                      /* its newest task: its tasks form a ring, oldest first; a reference each */
    struct wa__group_errors *errors;    /* what its tasks raised, made at the first error; or NULL */
    wa_error *propagate_cancel;
    uint32_t npending;
    bool exiting, aborting, parent_cancel_requested;
    bool kept;                          /* the frame's keeps own the ring of tasks */
} wa_taskgroup;

/* Enter with WA_WITH.  Entering twice or outside a task raises RuntimeError. */
wa_scope *wa_taskgroup_enter(wa_coro *co, wa_taskgroup *g);
/*
 * TaskGroup.create_task: a new task in the group.  The frame that entered
 * the group keeps it until that frame ends, so its result can be read after
 * the group, as `t = tg.create_task(...)` allows (take wa_task_ref to keep
 * it longer).  A frame that starts tasks for ever (a server's accept loop)
 * keeps each: start those with WA_SPAWN and wa_task_unref them, or give each
 * round its own frame (WA_AWAIT_CALL).  NULL with
 * WA_EINVALIDSTATE when the group is not entered, finished, or shutting
 * down after a failure; WA_EINVAL, WA_ENOMEM.
 */
wa_task *wa_taskgroup_spawn(wa_taskgroup *g, wa_step_fn step, size_t frame_size, const void *init,
                            const char *name);
/* What the macros call, with their call site (kept in debug mode). */
wa_task *wa__taskgroup_spawn_at(wa_taskgroup *g, wa_step_fn step, size_t frame_size, const void *init,
                                const char *name, const char *file, int line, const char *func);
#define WA_GROUP_SPAWN(g, step, ...)                                           \
    wa__taskgroup_spawn_at((g), (step), WA__FRAME_INIT(__VA_ARGS__), NULL, WA__HERE)
#define WA_GROUP_SPAWN_NAMED(g, name, step, ...)                               \
    wa__taskgroup_spawn_at((g), (step), WA__FRAME_INIT(__VA_ARGS__), (name), WA__HERE)

/* ------------------------------------------------------------------------ */
/* Synchronisation: Lock, Event, Condition, Semaphore, Barrier              */
/* ------------------------------------------------------------------------ */

/*
 * asyncio's primitives, bound to one loop.  The *_acquire / *_wait
 * functions return awaitables that follow the conventions of the waiting
 * section above (value True; misuse raises at the await).  Waiters are
 * woken in FIFO order, and a waiter cancelled just as it was woken passes
 * the wake-up on, as in asyncio.  *_free refuses (WA_EINVALIDSTATE) while
 * tasks wait on the object (the tasks wa_loop_free destroyed wait no more,
 * so after it they free); NULL is a no-op.
 */
typedef struct wa_lock wa_lock;
wa_lock *wa_lock_new(wa_loop *loop);                   /* NULL: WA_EINVAL, WA_ECLOSED, WA_ENOMEM */
int wa_lock_free(wa_lock *l);
wa_future *wa_lock_acquire(wa_coro *co, wa_lock *l);
/* WA_EINVALIDSTATE ("Lock is not acquired.") when unlocked. */
int wa_lock_release(wa_lock *l);
bool wa_lock_locked(const wa_lock *l);

typedef struct wa_event wa_event;
wa_event *wa_event_new(wa_loop *loop);
int wa_event_free(wa_event *e);
wa_future *wa_event_wait(wa_coro *co, wa_event *e);
void wa_event_set(wa_event *e);        /* wakes every waiter */
void wa_event_clear(wa_event *e);
bool wa_event_is_set(const wa_event *e);

/* A condition over lock (shared, which must outlive it), or over a lock of
 * its own when lock is NULL. */
typedef struct wa_condition wa_condition;
wa_condition *wa_condition_new(wa_loop *loop, wa_lock *lock);
int wa_condition_free(wa_condition *c);
/* The condition's lock; NULL with WA_EINVAL for a NULL c. */
wa_lock *wa_condition_lock(wa_condition *c);
/* Releases the lock, waits for a notify, re-acquires the lock (even when
 * cancelled meanwhile), then returns True.  RuntimeError without the lock. */
wa_future *wa_condition_wait(wa_coro *co, wa_condition *c);
/*
 * Condition.wait_for: calls pred(arg) first and after each wake-up until
 * its value is true as Python's bool() sees it (wa_value_truthy), and the
 * await's value is that last value, copied as WA_RETURN copies (return
 * wa_bool(...) for a plain test).  The false values it returns before are
 * dropped unowned.  A NULL pred raises TypeError at the await.
 */
wa_future *wa_condition_wait_for(wa_coro *co, wa_condition *c, wa_value (*pred)(void *arg), void *arg);
/* Wake n waiters, or all.  WA_EINVALIDSTATE without the lock held. */
int wa_condition_notify(wa_condition *c, size_t n);
int wa_condition_notify_all(wa_condition *c);

/* A semaphore of initial value (WA_EINVAL when negative).  A bounded one
 * refuses a release above its initial value (WA_EINVAL, "BoundedSemaphore
 * released too many times": asyncio's ValueError). */
typedef struct wa_semaphore wa_semaphore;
wa_semaphore *wa_semaphore_new(wa_loop *loop, int64_t value);
wa_semaphore *wa_bounded_semaphore_new(wa_loop *loop, int64_t value);
int wa_semaphore_free(wa_semaphore *s);
wa_future *wa_semaphore_acquire(wa_coro *co, wa_semaphore *s);
int wa_semaphore_release(wa_semaphore *s);
/* True when an acquire would wait (value 0, or waiters not cancelled). */
bool wa_semaphore_locked(const wa_semaphore *s);
int64_t wa_semaphore_value(const wa_semaphore *s);

/* A barrier for parties tasks (WA_EINVAL for 0).  wait's value is the
 * arrival index (WA_KIND_INT, 0 .. parties-1); it raises
 * BrokenBarrierError once the barrier is aborted or reset under it. */
typedef struct wa_barrier wa_barrier;
wa_barrier *wa_barrier_new(wa_loop *loop, size_t parties);
int wa_barrier_free(wa_barrier *b);
wa_future *wa_barrier_wait(wa_coro *co, wa_barrier *b);
wa_future *wa_barrier_reset(wa_coro *co, wa_barrier *b);
wa_future *wa_barrier_abort(wa_coro *co, wa_barrier *b);
size_t wa_barrier_parties(const wa_barrier *b);
size_t wa_barrier_n_waiting(const wa_barrier *b);
bool wa_barrier_broken(const wa_barrier *b);

/*
 * `async with lock:` (or a semaphore, or a condition's lock): acquires,
 * runs the body, releases on every way out.  guard is a wa_guard in the
 * frame.
 *
 *     WA_WITH_ACQUIRED(co, &f->guard, f->lock) {
 *         ...
 *     }
 *     WA_WITH_END(co);
 */
typedef struct wa_guard {
    wa_scope scope;
    void *obj;
    int (*release)(void *obj);
} wa_guard;
wa_scope *wa__guard(wa_guard *g, void *obj, int (*release)(void *obj));
int wa__lock_release_any(void *l);
int wa__semaphore_release_any(void *s);
int wa__condition_release_any(void *c);
wa_future *wa_condition_acquire(wa_coro *co, wa_condition *c);
#define WA__ACQUIRE(co, x)                                                     \
    _Generic((x), wa_lock *: wa_lock_acquire, wa_semaphore *: wa_semaphore_acquire, \
             wa_condition *: wa_condition_acquire)((co), (x))
#define WA__RELEASER(x)                                                        \
    _Generic((x), wa_lock *: wa__lock_release_any, wa_semaphore *: wa__semaphore_release_any, \
             wa_condition *: wa__condition_release_any)
#define WA_WITH_ACQUIRED(co, guard, x)                                         \
    WA_AWAIT_AT(co, WA__ACQUIRE(co, x), -__LINE__);                            \
    WA_WITH_AT(co, wa__guard((guard), (x), WA__RELEASER(x)), __LINE__)

/* ------------------------------------------------------------------------ */
/* Queues                                                                   */
/* ------------------------------------------------------------------------ */

typedef enum wa_queue_kind {
    WA_QUEUE_FIFO,          /* asyncio.Queue */
    WA_QUEUE_LIFO,          /* asyncio.LifoQueue */
    WA_QUEUE_PRIORITY       /* asyncio.PriorityQueue: smallest first, by wa_value_compare */
} wa_queue_kind;

/*
 * A queue of values (stored as owned copies).  maxsize <= 0 means
 * unbounded, as in asyncio.  put waits while the queue is full, get while it
 * is empty; waiting putters and getters are served in FIFO order, and a
 * cancelled getter never loses an item.  shutdown (3.13) makes later puts
 * raise QueueShutDown, and gets too once the queue is empty (at once with
 * immediate, which also drops the items).
 */
typedef struct wa_queue wa_queue;
wa_queue *wa_queue_new(wa_loop *loop, wa_queue_kind kind, int64_t maxsize);
int wa_queue_free(wa_queue *q);        /* WA_EINVALIDSTATE while tasks wait on it */
wa_future *wa_queue_put(wa_coro *co, wa_queue *q, wa_value v);
/* WA_EFULL (QueueFull), WA_ESHUTDOWN, WA_ENOMEM; on failure nothing is taken. */
int wa_queue_put_nowait(wa_queue *q, wa_value v);
/* The next item as the await's value (a view valid until the next await). */
wa_future *wa_queue_get(wa_coro *co, wa_queue *q);
/* Moves the next item into *out (release with wa_value_clear).  WA_EEMPTY
 * (QueueEmpty), WA_ESHUTDOWN (empty and shut down). */
int wa_queue_get_nowait(wa_queue *q, wa_value *out);
size_t wa_queue_qsize(const wa_queue *q);
bool wa_queue_empty(const wa_queue *q);
bool wa_queue_full(const wa_queue *q);
int64_t wa_queue_maxsize(const wa_queue *q);
/* WA_EINVAL ("task_done() called too many times") past the items put. */
int wa_queue_task_done(wa_queue *q);
/* Waits until every item put has been marked done. */
wa_future *wa_queue_join(wa_coro *co, wa_queue *q);
int wa_queue_shutdown(wa_queue *q, bool immediate);
/* For WA_ASYNC_FOR: get, ending with StopAsyncIteration at shutdown. */
wa_future *wa_queue_next(wa_coro *co, wa_queue *q);

/* Orders values: numbers by value (bool, int and double together), strings
 * and bytes by bytes, lists element by element (so [priority, item] lists
 * order like Python tuples), other kinds by kind.  <0, 0, >0. */
int wa_value_compare(const wa_value *a, const wa_value *b);

/* ------------------------------------------------------------------------ */
/* Async iteration and async generators                                     */
/* ------------------------------------------------------------------------ */

/*
 * `async for`: next is an awaitable expression giving the next item, or
 * raising StopAsyncIteration at the end (wa_queue_next, wa_agen_next, ...).
 * The body sees the item as co->value (a view valid until its first await;
 * copy what you keep).  break and continue work; other errors propagate.
 *
 *     WA_ASYNC_FOR(co, wa_agen_next(co, f->gen)) {
 *         f->total += co->value.as.i;
 *     }
 *     WA_ASYNC_FOR_END(co);
 */
bool wa__async_for_stop(wa_coro *co);
#define WA_ASYNC_FOR(co, next) WA_ASYNC_FOR_AT(co, next, __LINE__)
#define WA_ASYNC_FOR_AT(co, next, label)                                       \
    for (;;) {                                                                 \
        WA_AWAIT_TRY_AT(co, next, WA__FRAME_ERROR((co)->task), label);         \
        if (wa__async_for_stop(co)) break;                                     \
        if (WA__FRAME_ERROR((co)->task)) return WA_STATUS_RAISE;
#define WA_ASYNC_FOR_END(co) }

/*
 * An async generator: a coroutine frame that yields values.  Its step
 * function uses WA_YIELD_VALUE(co, v) besides the usual macros; it runs in
 * the task that awaits wa_agen_next (or asend, athrow, aclose), one item at
 * a time.
 *
 * wa_agen_next's value is the next yielded value; when the generator
 * returns, StopAsyncIteration is raised.  wa_agen_aclose throws
 * GeneratorExit where the generator is suspended, so its scopes exit and
 * its cleanup runs (RuntimeError if it yields again).  Generators still
 * open when wa_run ends are closed by it (the loop's shutdown_asyncgens),
 * after the remaining tasks are cancelled.  wa_agen_free closes an open
 * generator in a task of its own first, as asyncio's finalizer does (one
 * that ignored an aclose is thrown GeneratorExit again, as CPython's
 * finalizer does, and freed whatever it does then).
 *
 * Each of next, asend, athrow and aclose is a library coroutine owned by
 * co's frame (await it at once; each call is a new awaitable, so CPython's
 * "cannot reuse already awaited" cannot happen).  While the generator runs
 * for one of them (up to its next yield), another raises RuntimeError
 * ("anext(): asynchronous generator is already running"; "athrow(): ...",
 * "aclose(): ...").  A generator that raised StopAsyncIteration raises
 * RuntimeError("async generator raised StopAsyncIteration") with it as the
 * cause.  Misuse: a NULL g raises TypeError, a generator of another loop
 * RuntimeError.
 */
typedef struct wa_agen wa_agen;
wa_agen *wa_agen_new(wa_loop *loop, wa_step_fn step, size_t frame_size, const void *init);
#define WA_AGEN(loop, step, ...) wa_agen_new((loop), (step), WA__FRAME_INIT(__VA_ARGS__))
/* anext(g): asend(g, None). */
wa_future *wa_agen_next(wa_coro *co, wa_agen *g);
/*
 * g.asend(v): resumes the generator with v as the value of the yield it is
 * suspended at (co->value right after its WA_YIELD_VALUE), and gives the
 * next value it yields; StopAsyncIteration once it has finished.  v is
 * copied when called, as wa_queue_put copies it (a pointer's destructor
 * moves along, to run when the generator's next await releases it, or at
 * once when the call fails or is refused).  The
 * first asend must send None: else TypeError ("can't send non-None value to
 * a just-started async generator"), and the generator stays unstarted.
 */
wa_future *wa_agen_asend(wa_coro *co, wa_agen *g, wa_value v);
/*
 * g.athrow(err): raises take_err (a new reference, as WA_RAISE takes it)
 * where the generator is suspended.  If it catches it and yields again,
 * the await's value is what it yields; if it returns, StopAsyncIteration
 * is raised; if the error (or another) leaves the generator, it is raised
 * at the await, the same error object.  A generator that never started
 * ends at once with take_err raised, its body not run; one that has
 * finished is not resumed and the await gives None (CPython 3.13 does so);
 * after an aclose it ignored, StopAsyncIteration.  A NULL take_err raises
 * TypeError.  As in CPython, the thrown error's context becomes the error
 * being handled where the generator yielded, if any.
 */
wa_future *wa_agen_athrow(wa_coro *co, wa_agen *g, wa_error *take_err);
wa_future *wa_agen_aclose(wa_coro *co, wa_agen *g);
void wa_agen_free(wa_agen *g);         /* NULL-safe */

wa_status wa__yield_value(wa_coro *co, wa_value v);
/* Yields v (copied as WA_RETURN copies) to the awaiter of wa_agen_next,
 * asend or athrow.  When the generator resumes here, co->value is the value
 * sent (None for wa_agen_next; a view valid until the next await, as an
 * await's value), or the error thrown in (athrow, GeneratorExit from
 * aclose) is raised here, to the innermost WA_TRY or scope as any error. */
#define WA_YIELD_VALUE(co, v) WA_YIELD_VALUE_AT(co, v, __LINE__)
#define WA_YIELD_VALUE_AT(co, v, label)                                        \
    do {                                                                       \
        (co)->resume = (label);                                                \
        return wa__yield_value((co), (v));                                     \
    case (label):                                                              \
        if (wa__resumed((co), false, NULL) == WA_STATUS_RAISE)                 \
            return WA_STATUS_RAISE;                                            \
    } while (0)

/*
 * contextlib.asynccontextmanager: an async generator that yields once, used
 * as an `async with` scope.  WA_AGEN_CM(co, &f->cm, step, frame_type,
 * .field = ...) makes the generator (as WA_AGEN) and enters it:
 *
 *     static wa_status opened(wa_coro *co) {         // @asynccontextmanager
 *         opened_frame *f = (opened_frame *)co;      // async def opened(name):
 *         WA_BEGIN(co);
 *         WA_AWAIT(co, wa_sleep(co, 0.1));           //     await connect(name)
 *         WA_TRY(co, &f->t) {
 *             WA_YIELD_VALUE(co, wa_str(f->name));   //     try: yield name
 *         }
 *         WA_FINALLY(co, &f->t) {                    //     finally: await close()
 *             WA_AWAIT(co, wa_sleep(co, 0.1));
 *         }
 *         WA_TRY_END(co, &f->t);
 *         WA_END(co);
 *     }
 *     ...
 *     WA_WITH(co, WA_AGEN_CM(co, &f->cm, opened, opened_frame, .name = "db")) {
 *         const wa_value *conn = &co->value;         // async with opened("db") as conn:
 *         ...
 *     }
 *     WA_WITH_END(co);
 *
 * Entering runs the generator to its first yield: the value yielded is the
 * body's co->value; RuntimeError("generator didn't yield") if it returns
 * first (from None), and an error it raises leaves WA_WITH, body not run.
 * A normal end of the body (or WA_RETURN) resumes the generator, which must
 * then finish: else RuntimeError("generator didn't stop"), and the
 * generator is closed (aclose).  An error leaving the body is thrown in at
 * the yield (wa_agen_athrow): if the generator returns, the error is
 * swallowed; if the same error comes back, it goes on unchanged; if another
 * comes out, that one goes on instead; if the generator yields again,
 * RuntimeError("generator didn't stop after athrow()") goes on (its context
 * the body's error) and the generator is closed.  A StopAsyncIteration
 * raised in the body is not swallowed by the generator letting it out.
 * These are contextlib's rules; the errors keep their identity.
 *
 * The cm owns the generator and frees it when the exit is done or the
 * enter failed; one that ignored GeneratorExit is closed in a task, as
 * wa_agen_free does.  (If the task is destroyed pending — its loop freed
 * under it — the generator is not freed, as WA_FINALLY blocks do not run.)
 * cm lives in the frame, zeroed; one `async with` at a time: entering it
 * again while in use raises RuntimeError, as do a NULL cm and wa_agen_new's
 * misuse (a NULL step, a bad frame size).
 */
typedef struct wa_agen_cm {
    wa_acm acm;             /* first: the scope WA_WITH enters */
    /* the library's: */
    wa_agen *gen;           /* while entered */
    wa_error *err;          /* what the latest resumption raised (borrowed) */
    wa_try t;               /* raise ... finally: aclose */
} wa_agen_cm;
wa_scope *wa_agen_cm_enter(wa_coro *co, wa_agen_cm *cm, wa_step_fn step, size_t frame_size, const void *init);
#define WA_AGEN_CM(co, cm, step, ...) wa_agen_cm_enter((co), (cm), (step), WA__FRAME_INIT(__VA_ARGS__))

/* ------------------------------------------------------------------------ */
/* Top level                                                                */
/* ------------------------------------------------------------------------ */

typedef struct wa_run_options {
    wa_clock clock;
    /* asyncio.run(debug=True).  Also on when the environment variable
     * WASYNCIO_DEBUG is set to anything but "" or "0" (natively and under
     * WASI), for wa_run, wa_main and wa_runner_new. */
    bool debug;
} wa_run_options;

/*
 * asyncio.run: a new loop; runs the main coroutine (step over a frame of
 * frame_size bytes from init) to completion; cancels the tasks still
 * pending and waits for them; closes and frees the loop.  opts may be NULL.
 *
 * Returns 0 when main returned (its value copied into *result if result is
 * not NULL: release with wa_value_clear), WA_EEXCEPTION when it raised
 * (*error receives the error if error is not NULL, else it is released) or
 * when the system's wait for events failed (*error: that OSError, "[Errno
 * N] ..."; the loop's WA_EOSERROR), WA_ECANCELLED when it was cancelled,
 * WA_ENOMEM when the loop or the main task could not be made, or a misuse
 * code: WA_ERUNNING when called from a running loop, WA_EWOULDBLOCK for the
 * real clock under Emscripten (use wa_main), WA_EINVAL.
 */
int wa_run(wa_step_fn step, size_t frame_size, const void *init, const wa_run_options *opts,
           wa_value *result, wa_error **error);
#define WA_RUN(opts, result, error, step, ...)                                 \
    wa_run((step), WA__FRAME_INIT(__VA_ARGS__), (opts), (result), (error))

/*
 * For a program's main(): runs the main coroutine as wa_run does and returns
 * the process exit status (0, or 1 after printing the error).  Under
 * Emscripten with the real clock it starts the loop on the JS event loop and
 * returns at once; the runtime exits with that status when main finishes.
 */
int wa_main(wa_step_fn step, size_t frame_size, const void *init, const wa_run_options *opts);
#define WA_MAIN(step, ...) wa_main((step), WA__FRAME_INIT(__VA_ARGS__), NULL)

/* asyncio.Runner: several top-level calls on one loop. */
typedef struct wa_runner wa_runner;
/* NULL with wa_last_error() on failure. */
wa_runner *wa_runner_new(const wa_run_options *opts);
/* Runs one main coroutine to completion on the runner's loop; same results
 * as wa_run.  Tasks it leaves pending stay on the loop for later calls. */
int wa_runner_run(wa_runner *r, wa_step_fn step, size_t frame_size, const void *init,
                  wa_value *result, wa_error **error);
#define WA_RUNNER_RUN(r, result, error, step, ...)                             \
    wa_runner_run((r), (step), WA__FRAME_INIT(__VA_ARGS__), (result), (error))
/* Runner.get_loop: the runner's loop; NULL with WA_ECLOSED ("Runner is
 * closed") once the runner is closed, WA_EINVAL for a NULL r. */
wa_loop *wa_runner_loop(wa_runner *r);
/*
 * Runner.close: cancels what is left, waits for it, closes and frees the
 * loop.  r stays valid until wa_runner_free: wa_runner_run then fails with
 * WA_ECLOSED ("Runner is closed"), closing again does nothing (returns 0),
 * as in asyncio.  WA_ERUNNING ("Cannot close a running event loop") from
 * inside the runner's own run.  NULL is a no-op returning 0.
 */
int wa_runner_close(wa_runner *r);
/* True once closed (or for NULL). */
bool wa_runner_is_closed(const wa_runner *r);
/* Closes r if it is open, then frees it.  WA_ERUNNING (then nothing is
 * freed) as wa_runner_close.  NULL is a no-op returning 0. */
int wa_runner_free(wa_runner *r);

#include "wasyncio_io.h"

#ifdef __cplusplus
}
#endif
#endif /* WASYNCIO_H */
