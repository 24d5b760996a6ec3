/*
 * wasyncio_js.h — C code loaded by the npm package (js/wasyncio.js) in Node
 * or a browser: tasks JS starts and awaits as Promises, JS async functions
 * C awaits as futures, and fetch.
 *
 * Such a module is built with the "js" preset (or the flags README lists)
 * and has no main(): the loader owns the loop and runs it on the host's
 * event loop, so C code never blocks.  A program with a main() that calls
 * wa_run() instead needs the Asyncify build (README, "Blocking main()").
 *
 * Values cross the boundary as wa_value, mapped like this:
 *
 *     JS                                C (wa_value)
 *     undefined, null                   WA_KIND_NONE (-> undefined)
 *     boolean                           WA_KIND_BOOL
 *     integer number, BigInt            WA_KIND_INT (-> number when safe, else BigInt)
 *     other number                      WA_KIND_DOUBLE
 *     string                            WA_KIND_STR
 *     Uint8Array, ArrayBuffer, views    WA_KIND_BYTES (-> Uint8Array)
 *     Array                             WA_KIND_LIST
 *     Error                             WA_KIND_ERROR (-> Error, see below)
 *     Promise, thenable, Task           WA_KIND_PTR to a wa_future (argument only:
 *                                       read it with wa_js_arg_future)
 *
 * Errors: a C CancelledError reaches JS as wasyncio's CancelledError, a
 * TimeoutError as TimeoutError, an exception group as ExceptionGroup (an
 * AggregateError), any other as WasyncioError with name = the C type name.
 * The other way, those classes map back to their C types, a JS error whose
 * name is a built-in C type (TypeError) to that type, AggregateError to an
 * exception group, and anything else to WA_JS_ERROR.
 */
#ifndef WASYNCIO_JS_H
#define WASYNCIO_JS_H

#include "wasyncio.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * A C entry point JS can start: runtime.start(name, args, {signal}) or
 * runtime.tasks.name(...args).  Called on the runtime's loop with the
 * arguments converted to values; they stay valid until the returned future
 * is done, so a frame may keep pointers into them.  Returns a new reference
 * to a future — a task's (wa_task_future(WA_SPAWN(...))), or any future C
 * settles later.
 *
 * To refuse its arguments, it returns wa_js_raise(loop, error): the Task
 * rejects with that error as JS sees C errors (below).  A bare NULL
 * rejects with a TypeError: the message of a wasyncio call that failed
 * during this entry point (wa_last_error(), emptied before each call), or
 * else "wasyncio: entry point 'NAME' refused its arguments".
 */
typedef wa_future *(*wa_js_start_fn)(wa_loop *loop, const wa_value *args, size_t nargs);

/*
 * A future of loop already failed with take_err (a new reference, as from
 * wa_error_new), for an entry point to return when it refuses its
 * arguments, as Python raises ValueError before any await:
 *
 *     if (n < 0) return wa_js_raise(loop, wa_error_new(WA_VALUE_ERROR, "n must be >= 0, not %d", n));
 *
 * Takes take_err in every case.  NULL (wa_last_error() set, and so a JS
 * TypeError with that message) when loop or take_err is NULL or memory is
 * out.
 */
wa_future *wa_js_raise(wa_loop *loop, wa_error *take_err);

/* Makes start visible to JS under name (an identifier):
 *     WA_JS_EXPORT(download, start_download)                               */
#define WA_JS_EXPORT(name, start)                                              \
    __attribute__((export_name("wa_js_export_" #name)))                        \
    wa_js_start_fn wa_js_export_##name(void) { return (start); }

/* The error type of a JS error that has no C counterpart ("JSError", a
 * subclass of Exception); its message is "Name: message". */
extern const wa_error_type wa__js_error;
#define WA_JS_ERROR (&wa__js_error)

/*
 * Calls the JS function registered under name (load(..., {functions}) or
 * runtime.provide) with args and the signal of an AbortController, and
 * returns a future for WA_AWAIT that settles as the Promise it returns (a
 * plain return value counts as a resolved one).  Cancelling the future
 * aborts the signal.  A name JS does not know rejects with a TypeError.
 * Owned by co's frame like every awaitable factory; NULL on misuse.
 */
wa_future *wa_js_call(wa_coro *co, const char *name, const wa_value *args, size_t nargs);

/* The future behind an argument that JS passed as a Promise, thenable or
 * Task (borrowed: valid as long as the arguments); NULL for other values. */
wa_future *wa_js_arg_future(const wa_value *arg);

/* ---- fetch ------------------------------------------------------------------ */

typedef struct wa_fetch_options {
    const char *method;             /* NULL: "GET" */
    const char *const *headers;     /* "Name: value" strings, NULL-terminated; may be NULL */
    const void *body;               /* may be NULL */
    size_t body_len;
} wa_fetch_options;

/*
 * The host's fetch(url) as an awaitable (owned by co's frame; opts may be
 * NULL).  Its value is a response list; read it with wa_fetch_response.  Any
 * HTTP status is a result; a network failure raises OSError.  Cancelling the
 * await aborts the request.
 */
wa_future *wa_fetch(wa_coro *co, const char *url, const wa_fetch_options *opts);

typedef struct wa_fetch_response {
    int status;                     /* 200 */
    const char *status_text;        /* "OK" */
    const uint8_t *body;
    size_t body_len;
    const wa_value *headers;        /* a list of [name, value] lists, names lower-case */
} wa_fetch_response;

/* Views the value of a finished wa_fetch (valid as long as the value):
 * 0, or WA_EINVAL when v is not a fetch response. */
int wa_fetch_response_view(const wa_value *v, wa_fetch_response *out);
/* The value of header name (any case) or NULL. */
const char *wa_fetch_header(const wa_fetch_response *r, const char *name);

#ifdef __cplusplus
}
#endif
#endif /* WASYNCIO_JS_H */
