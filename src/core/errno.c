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

const char *wa_last_error(void) { return last_error; }
const char *wa__misuse_message(void) { return last_error + message_start; }

void wa__misuse_clear(void) {
    last_error[0] = '\0';
    message_start = 0;
}

int wa__misuse(int code, const char *func, const char *fmt, ...) {
    int n = wa__format(last_error, sizeof last_error, "%s: ", func);
    if (n < 0 || n >= LAST_ERROR_SIZE) n = 0;
    message_start = (size_t)n;
    va_list ap;
    va_start(ap, fmt);
    wa__vformat(last_error + n, sizeof last_error - (size_t)n, fmt, ap);
    va_end(ap);
    return code;
}
