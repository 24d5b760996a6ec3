/*
 * trace.h — what the C twins of the conformance scenarios share.
 *
 * A scenario prints one line per event, "<time> <event>", the time being the
 * loop's virtual clock with three decimals; its Python twin prints the same
 * lines through vclock.py's trace().  The check compares the two outputs, so
 * stdout carries nothing but trace lines and is unbuffered (CONF_INIT) so
 * lines keep their order even when the library writes reports to stderr.
 */
#ifndef CONF_TRACE_H
#define CONF_TRACE_H

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wasyncio.h"

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static inline void conf_trace(wa_loop *loop, const char *fmt, ...) {
    va_list ap;
    printf("%.3f ", wa_loop_time(loop));
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

/* TRACE(loop, "fmt", ...): one trace line with loop's time. */
#define TRACE(loop, ...) conf_trace((loop), __VA_ARGS__)
/* TRACE_NOW("fmt", ...): the same with the running loop (inside coroutines
 * and callbacks), as trace() does in Python. */
#define TRACE_NOW(...) conf_trace(wa_get_running_loop(), __VA_ARGS__)

/*
 * NOTE("fmt", ...): one line without a time, as vclock.py's note() prints.
 * Scenarios over sockets and threads run on the real clock (the virtual
 * one has no I/O), so their times vary: they print events only, in an
 * order causality fixes.  Their .c files carry a "native-only:" tag line,
 * which tests/node/conformance.test.mjs reads.
 */
#define NOTE(...) conf_note(__VA_ARGS__)

#if defined(__GNUC__)
__attribute__((format(printf, 1, 2)))
#endif
static inline void conf_note(const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    putchar('\n');
    fflush(stdout);
}

/*
 * Lines a worker thread collects for the loop's thread to print once the
 * worker is done (the Python twins return a list from to_thread): NOTE
 * from a worker could interleave with the loop's own lines.
 */
typedef struct conf_lines {
    char text[2048];
} conf_lines;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static inline void lines_add(conf_lines *l, const char *fmt, ...) {
    size_t at = strlen(l->text);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(l->text + at, sizeof l->text - at, fmt, ap);
    va_end(ap);
    at = strlen(l->text);
    snprintf(l->text + at, sizeof l->text - at, "\n");
}

/* wa_last_error() without the "function: " prefix it puts first: the
 * words of the exception Python raises where a C call returns a code. */
static inline const char *last_error_words(void) {
    const char *msg = wa_last_error(), *p = strstr(msg, ": ");
    return p ? p + 2 : msg;
}

/* data as Python's repr(bytes) prints it: b'a\n', b"it's", b'\x00'.  A
 * static buffer, one of four (so a line may show several).  Keep data
 * short: past 250 characters it is cut with "...", which Python never does. */
static inline const char *brepr(const void *data, size_t len) {
    static char bufs[4][256];
    static int next;
    char *out = bufs[next++ % 4];
    const unsigned char *p = data;
    char q = len && memchr(p, '\'', len) && !memchr(p, '"', len) ? '"' : '\'';
    size_t at = 0, room = sizeof bufs[0] - 6;  /* kept for "...", the quote, NUL */
    out[at++] = 'b';
    out[at++] = q;
    for (size_t i = 0; i < len; i++) {
        char esc[5];
        unsigned c = p[i];
        if (c == (unsigned char)q || c == '\\') snprintf(esc, sizeof esc, "\\%c", c);
        else if (c == '\n') snprintf(esc, sizeof esc, "\\n");
        else if (c == '\r') snprintf(esc, sizeof esc, "\\r");
        else if (c == '\t') snprintf(esc, sizeof esc, "\\t");
        else if (c < 32 || c >= 127) snprintf(esc, sizeof esc, "\\x%02x", c);
        else snprintf(esc, sizeof esc, "%c", c);
        if (at + strlen(esc) > room) {
            memcpy(out + at, "...", 3);
            at += 3;
            break;
        }
        memcpy(out + at, esc, strlen(esc));
        at += strlen(esc);
    }
    out[at++] = q;
    out[at] = '\0';
    return out;
}

/* A bytes value (a read's result) as brepr prints it. */
#define BREPR(v) brepr((v).as.buf.data, (v).as.buf.len)

/* errno.errorcode[e] for the errors socket scenarios print (their numbers
 * differ between systems, their names do not). */
static inline const char *errno_name(int e) {
    switch (e) {
    case ECONNREFUSED: return "ECONNREFUSED";
    case ECONNRESET: return "ECONNRESET";
    case EPIPE: return "EPIPE";
    case EADDRINUSE: return "EADDRINUSE";
    default: return "E?";
    }
}

/* "CALL raised Type errno=N: message" (errno=None when it has none): how
 * the pipe and socket scenarios note an OSError they caught. */
static inline void note_raised(const char *call, const wa_error *e) {
    char no[16] = "None";
    if (wa_error_errno(e)) snprintf(no, sizeof no, "%d", wa_error_errno(e));
    conf_note("%s raised %s errno=%s: %s", call, wa_error_type_of(e)->name, no, wa_error_message(e));
}

/* A bool as Python prints it. */
static inline const char *yes(bool b) { return b ? "True" : "False"; }

/* Appends v as the Python twins' fmt() prints it: lists in brackets, errors
 * as Type(message), strings bare, None. */
static inline void fmt_append(char *buf, size_t size, const wa_value *v) {
    size_t len = strlen(buf);
    if (v->kind == WA_KIND_LIST) {
        snprintf(buf + len, size - len, "[");
        for (size_t i = 0; i < v->as.list.len; i++) {
            if (i) strncat(buf, ", ", size - strlen(buf) - 1);
            fmt_append(buf, size, &v->as.list.items[i]);
        }
        strncat(buf, "]", size - strlen(buf) - 1);
    } else if (v->kind == WA_KIND_ERROR) {
        snprintf(buf + len, size - len, "%s(%s)", wa_error_type_of(v->as.err)->name, wa_error_message(v->as.err));
    } else if (v->kind == WA_KIND_STR) {
        snprintf(buf + len, size - len, "%s", v->as.buf.data);
    } else if (v->kind == WA_KIND_INT) {
        snprintf(buf + len, size - len, "%" PRId64, v->as.i);
    } else if (v->kind == WA_KIND_NONE) {
        snprintf(buf + len, size - len, "None");
    } else {
        snprintf(buf + len, size - len, "?");
    }
}

/* fmt_append into a static buffer: valid until the next call. */
static inline const char *fmt(const wa_value *v) {
    static char buf[512];
    buf[0] = '\0';
    fmt_append(buf, sizeof buf, v);
    return buf;
}

/* Call first in main(): stdout unbuffered. */
#define CONF_INIT() setvbuf(stdout, NULL, _IONBF, 0)

/* A new loop on the virtual clock, for scenarios that drive the loop by
 * hand (Python: VirtualLoop()). */
static inline wa_loop *conf_loop_new(void) {
    wa_loop_options opts = {.clock = WA_CLOCK_VIRTUAL};
    wa_loop *loop = wa_loop_new(&opts);
    if (!loop) fprintf(stderr, "wa_loop_new: %s\n", wa_last_error());
    return loop;
}

/* Reports a failed API call on stderr; true when rc is a failure. */
static inline int conf_failed(int rc, const char *what) {
    if (rc) fprintf(stderr, "%s: %s (%s)\n", what, wa_err_name(rc), wa_last_error());
    return rc != 0;
}

/* Ends a wa_run: exit status 0 when main returned, else 1 with the reason
 * on stderr (Python's asyncio.run would raise). */
static inline int conf_run_status(int rc, wa_error *err) {
    if (rc == WA_OK) return 0;
    char text[512];
    if (err) wa_error_format(err, text, sizeof text);
    fprintf(stderr, "wa_run: %s: %s\n", wa_err_name(rc), err ? text : wa_last_error());
    wa_error_unref(err);
    return 1;
}

/* Where CONF_RUN receives the main coroutine's error. */
static inline wa_error **conf_err_slot(void) {
    static wa_error *err;
    return &err;
}

/* The error is read here, after wa_run: argument order is unspecified. */
static inline int conf_run_finish(int rc) {
    wa_error *err = *conf_err_slot();
    *conf_err_slot() = NULL;
    return conf_run_status(rc, err);
}

/*
 * CONF_RUN(step, frame_type, .field = value, ...): asyncio.run on the
 * virtual clock (Python: vclock.run(main())); evaluates to the exit status.
 */
#define CONF_RUN(step, ...)                                                                          \
    conf_run_finish(WA_RUN(&(wa_run_options){.clock = WA_CLOCK_VIRTUAL}, NULL, conf_err_slot(), step, __VA_ARGS__))

/* CONF_RUN in debug mode (Python: vclock.run(main(), debug=True)). */
#define CONF_RUN_DEBUG(step, ...)                                                                    \
    conf_run_finish(WA_RUN((&(wa_run_options){.clock = WA_CLOCK_VIRTUAL, .debug = true}), NULL, conf_err_slot(), \
                           step, __VA_ARGS__))

/* CONF_RUN_REAL(step, frame_type, ...): the same on the real clock, for
 * scenarios with sockets or threads (Python: asyncio.run(main())). */
#define CONF_RUN_REAL(step, ...) conf_run_finish(WA_RUN(NULL, NULL, conf_err_slot(), step, __VA_ARGS__))

#endif
