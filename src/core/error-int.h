/*
 * error-int.h — error objects and the misuse funnel, shared inside the core.
 */
#ifndef WA_ERROR_INT_H
#define WA_ERROR_INT_H

#include <stdarg.h>
#include <stdbool.h>

#include "wasyncio.h"

struct wa_error {
    const wa_error_type *type;
    uint32_t refs;              /* UINT32_MAX: immortal (the shared MemoryError) */
    char *message;              /* str(e); NULL: "" */
    wa_value *args;             /* Python's args: NULL for (), &arg, or an owned array (args.c) */
    size_t nargs;
    wa_value arg;               /* wa_error_new's one argument: its text, which message is unless quoted */
    wa_error *cause;
    wa_error *context;          /* Python's __context__: the error being handled when this one was raised */
    wa_error *next_dead;        /* wa_error_unref's worklist, instead of recursion */
    wa_error *next_walk;        /* cycle.c's walks */
    wa_error **children;        /* groups only: nchildren owned references */
    size_t nchildren;
    int errnum;                 /* OSError and descendants: errno, or 0 */
    int64_t number;             /* IncompleteReadError.expected, LimitOverrunError.consumed */
    char *data;                 /* IncompleteReadError.partial (owned) */
    size_t data_len;
    bool suppress_context;      /* Python's __suppress_context__: a cause was set, even None */
    bool may_cycle;             /* reachable from a link that closed a cycle: cycle.c checks it when let go */
    bool in_walk;               /* cycle.c's, during a walk */
    uint32_t outside;           /* cycle.c's: references from outside a walk */
};

/* Frees e and what it owns apart from its links to other errors (cause,
 * context, children), which are already released or given up. */
void wa__error_free_node(wa_error *e);

/* After from gains a link to to: when from now reaches itself, marks the
 * errors of the cycle (and all they reach) for wa__error_collect. */
void wa__error_linked(wa_error *from, wa_error *to);

/* A reference to root, marked, was dropped and others remain: frees root
 * and what it reaches if nothing but these errors refers to them. */
void wa__error_collect(wa_error *root);

/* Python's implicit chaining (_PyErr_SetObject): e raised while handled is
 * being handled gets it as its context, unless they are the same error;
 * a context chain that would loop back to e is cut first, as Python does.
 * A loop through a group's children or a cause stays, as in Python, and
 * cycle.c frees it. */
void wa__error_set_context(wa_error *e, wa_error *handled);

/* except*'s re-raise (CPython's _PyExc_PrepReraiseStar): the part of the
 * group orig whose leaves are leaves of the nkeep errors in keep (NULL
 * entries skipped), with orig's nesting and messages; NULL when none is.
 * A new reference. */
wa_error *wa__error_project(wa_error *orig, wa_error *const *keep, size_t nkeep);

/* Sets e's errno and the number and data its type carries (data copied;
 * out of memory the partial bytes are left out).  Returns e. */
wa_error *wa__error_details(wa_error *e, int errnum, int64_t number, const void *data, size_t len);

/*
 * Every API misuse goes through here (sqlite's SQLITE_MISUSE_BKPT): it
 * records "func: message" as this thread's wa_last_error() and returns code,
 * so callers write `return wa__misuse(WA_EINVAL, __func__, "loop is NULL")`.
 * A breakpoint here catches every misuse.
 */
int wa__misuse(int code, const char *func, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* As wa__misuse, for a site where CPython raises type, which is not what
 * the code's row of the table (wa__code_type) says. */
int wa__misuse_as(const wa_error_type *type, int code, const char *func, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* The Python type a code raises where its site names none (errno.c's
 * table); Exception for a code not in it. */
const wa_error_type *wa__code_type(int code);

/* The latest misuse as the exception CPython raises there: its site's type
 * (or its code's), its message without the prefix.  A new reference. */
wa_error *wa__misuse_error(void);

/* The latest misuse raised as type, the exception CPython raises at that
 * site: wa_last_error_type() then says type too, so the code and the raise
 * name one exception.  A new reference. */
wa_error *wa__misuse_error_as(const wa_error_type *type);

/* The latest misuse's message without its "func: " prefix: the text of the
 * error raised into a coroutine for it, as Python would word it. */
const char *wa__misuse_message(void);

/* Empties wa_last_error(), so a caller that must tell whether one call
 * failed with a message (an entry point JS starts) does not read an older
 * failure's. */
void wa__misuse_clear(void);

/* vsnprintf / snprintf for the library's messages, without libc's printf
 * (format.c says what they support). */
int wa__vformat(char *buf, size_t size, const char *fmt, va_list ap);
int wa__format(char *buf, size_t size, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Appends formatted text at offset at of buf and returns the new offset;
 * past size only the length is counted, as snprintf does, so a chain of
 * appends returns the length the whole text wanted. */
size_t wa__append(char *buf, size_t size, size_t at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* wa__append(buf, size, at, "%s", s) without the varargs, which cost
 * code at every call in wasm: for the reprs' many constant pieces. */
size_t wa__append_str(char *buf, size_t size, size_t at, const char *s);

/* strdup, which C11 lacks.  NULL when out of memory. */
char *wa__strdup(const char *s);

/* Appends s (len bytes) as Python's repr() of a str writes it (bytes: of
 * bytes, after a "b"): in single quotes unless s has one and no double
 * quote, backslashes, the quote and control bytes escaped.  args.c's. */
size_t wa__append_repr(char *buf, size_t size, size_t at, const char *s, size_t len, bool bytes);

/*
 * The types whose behaviour is more than a name, KeyError (its str quotes)
 * and StopIteration (it may not leave a coroutine), live in args.c with
 * that behaviour, and the engine refers to them weakly: a program that
 * never names them cannot make one, and links none of it (the npm
 * runtime's size).  WA__LINKED(sym) is true when args.c is linked.  Where
 * weak references are not to be trusted (Mach-O's static linking, other
 * compilers) they are ordinary ones.
 */
#if defined(__GNUC__) && !defined(__APPLE__)
#define WA__WEAK __attribute__((weak))
#define WA__LINKED(sym) (&(sym) != NULL)
#else
#define WA__WEAK
#define WA__LINKED(sym) true
#endif
extern const wa_error_type wa__key_error WA__WEAK, wa__stop_iteration WA__WEAK;
/* str(KeyError(key)): the repr of len bytes at key, newly allocated; NULL
 * when out of memory. */
char *wa__key_error_str(const char *key, size_t len) WA__WEAK;
/* A new RuntimeError with message, caused by take_err (and with it as the
 * context), as Python's StopIteration conversions make it. */
wa_error *wa__stop_iteration_wrap(wa_error *take_err, const char *message) WA__WEAK;

/* PEP 479, for an error leaving a coroutine frame (task.c): a StopIteration
 * becomes RuntimeError("coroutine raised StopIteration"); anything else
 * passes.  Takes err, returns the one to raise. */
wa_error *wa__error_leave_frame(wa_error *err);
/* Future.set_exception's: a StopIteration becomes RuntimeError
 * "StopIteration interacts badly with generators and cannot be raised
 * into a Future".  Takes err, returns the one to store. */
wa_error *wa__error_into_future(wa_error *err);

/* A CancelledError carrying msg (may be NULL). */
wa_error *wa__cancelled_error_new(const char *msg);

#endif
