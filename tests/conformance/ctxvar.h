/*
 * ctxvar.h — what the contextvars scenarios share: a variable's value as
 * their Python twins print it, and error messages with addresses masked.
 * Buffers are per thread: to_thread's workers print values too.
 */
#ifndef CONF_CTXVAR_H
#define CONF_CTXVAR_H

#include <ctype.h>

#include "trace.h"

/* "0x7f3a..." -> "0x?" in a static buffer: the reprs in contextvars'
 * messages carry addresses, the rest of their words must match. */
static inline const char *masked(const char *s) {
    static _Thread_local char buf[512];
    size_t at = 0;
    while (*s && at + 4 < sizeof buf) {
        if (s[0] == '0' && s[1] == 'x' && isxdigit((unsigned char)s[2])) {
            memcpy(buf + at, "0x?", 3);
            at += 3;
            for (s += 2; isxdigit((unsigned char)*s); s++) {}
        } else {
            buf[at++] = *s++;
        }
    }
    buf[at] = '\0';
    return buf;
}

/* "Type: message" with addresses masked (Python: err() in the twins). */
static inline const char *err_text(const wa_error *e) {
    static _Thread_local char buf[600];
    snprintf(buf, sizeof buf, "%s: %s", wa_error_type_of(e)->name, masked(wa_error_message(e)));
    return buf;
}

/* v.get() as str() prints it, or the error it raised (Python: show(v)). */
static inline const char *show(wa_contextvar *v) {
    static _Thread_local char buf[600];
    wa_value out;
    wa_error *e = NULL;
    if (wa_contextvar_get(v, &out, &e)) {
        snprintf(buf, sizeof buf, "%s", err_text(e));
        wa_error_unref(e);
        return buf;
    }
    snprintf(buf, sizeof buf, "%s", fmt(&out));
    wa_value_clear(&out);
    return buf;
}

/* v.set(value), dropping the token. */
static inline void set_var(wa_contextvar *v, wa_value value) { wa_token_unref(wa_contextvar_set(v, value)); }

#endif
