/*
 * errno.c — the error-code table and this thread's last error message.
 *
 * Names and messages come from WA_ERRNO_MAP, so they cannot drift apart.
 * Both lookups are total and return static strings (libuv strdup()s unknown
 * codes; we never allocate here).
 */
#include <stdarg.h>

#include "error-int.h"

#define LAST_ERROR_SIZE 256

/* The thread's latest misuse message.  Per thread, like errno; in builds
 * without threads the compiler makes it a plain static. */
static _Thread_local char last_error[LAST_ERROR_SIZE];

const char *wa_err_name(int code) {
    switch (code) {
    case WA_OK: return "OK";
#define NAME_CASE(name, msg) case WA_##name: return #name;
        WA_ERRNO_MAP(NAME_CASE)
#undef NAME_CASE
    default: return "UNKNOWN";
    }
}

const char *wa_strerror(int code) {
    switch (code) {
    case WA_OK: return "success";
#define MSG_CASE(name, msg) case WA_##name: return msg;
        WA_ERRNO_MAP(MSG_CASE)
#undef MSG_CASE
    default: return "unknown error";
    }
}

/* Where the message proper starts, after "func: ". */
static _Thread_local size_t message_start;
/* The latest misuse's code, and the Python type its site named, if any. */
static _Thread_local int last_code;
static _Thread_local const wa_error_type *last_type;

/* The exception each code raises when its site names none: the one table
 * from codes to Python's types.  A site names another where CPython's type
 * depends on more than the code (TypeError for a NULL where WA_EINVAL is
 * otherwise ValueError; RuntimeError for Lock.release's WA_EINVALIDSTATE). */
static const wa_error_type *const code_types[WA__SLOT_COUNT] = {
    [WA__SLOT_EINVAL] = &wa__value_error,
    [WA__SLOT_ENOMEM] = &wa__memory_error,
    [WA__SLOT_EINVALIDSTATE] = &wa__invalid_state_error,
    [WA__SLOT_ECLOSED] = &wa__runtime_error,            /* "Event loop is closed" */
    [WA__SLOT_ERUNNING] = &wa__runtime_error,           /* "This event loop is already running" */
    [WA__SLOT_ENOTRUNNING] = &wa__runtime_error,        /* "no running event loop" */
    [WA__SLOT_EFOREIGN] = &wa__value_error,             /* ensure_future's "belongs to a different loop" */
    [WA__SLOT_EDEADLOCK] = &wa__runtime_error,
    [WA__SLOT_EWOULDBLOCK] = &wa__runtime_error,
    [WA__SLOT_ECANCELLED] = &wa__cancelled_error,
    [WA__SLOT_EEXCEPTION] = &wa__exception,             /* the future's own error says more */
    [WA__SLOT_ENOSYS] = &wa__runtime_error,             /* "threads are not available in this build" */
    [WA__SLOT_EFULL] = &wa__queue_full,
    [WA__SLOT_EEMPTY] = &wa__queue_empty,
    [WA__SLOT_ESHUTDOWN] = &wa__queue_shutdown,
    [WA__SLOT_EWRONGTHREAD] = &wa__runtime_error,       /* "Non-thread-safe operation invoked on ..." */
    [WA__SLOT_EOSERROR] = &wa__os_error,
};

const wa_error_type *wa__code_type(int code) {
    return code < 0 && code > -WA__SLOT_COUNT && code_types[-code] ? code_types[-code] : &wa__exception;
}

const wa_error_type *wa_last_error_type(void) { return last_type ? last_type : last_code ? wa__code_type(last_code) : NULL; }

wa_error *wa__misuse_error(void) {
    return wa__misuse_error_as(last_type ? last_type : wa__code_type(last_code));
}

wa_error *wa__misuse_error_as(const wa_error_type *type) {
    last_type = type;
    return wa_error_new(type, "%s", wa__misuse_message());
}

const char *wa_last_error(void) { return last_error; }
const char *wa__misuse_message(void) { return last_error + message_start; }

void wa__misuse_clear(void) {
    last_error[0] = '\0';
    message_start = 0;
    last_code = 0;
    last_type = NULL;
}

static void record(const char *func, const char *fmt, va_list ap) {
    int n = wa__format(last_error, sizeof last_error, "%s: ", func);
    if (n < 0 || n >= LAST_ERROR_SIZE) n = 0;
    message_start = (size_t)n;
    wa__vformat(last_error + n, sizeof last_error - (size_t)n, fmt, ap);
}

int wa__misuse(int code, const char *func, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    record(func, fmt, ap);
    va_end(ap);
    last_code = code;
    last_type = NULL;
    return code;
}

int wa__misuse_as(const wa_error_type *type, int code, const char *func, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    record(func, fmt, ap);
    va_end(ap);
    last_code = code;
    last_type = type;
    return code;
}
