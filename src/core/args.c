/*
 * args.c — Python's BaseException.args: errors made from several values,
 * or none, and str() as CPython computes it from them.
 *
 * wa_error_new makes an error with one argument, its text; this file makes
 * the rest (ValueError(), OSError(2, 'No such file'), KeyError(3)), so a
 * program that never asks for args links none of it.  str() is worked out
 * once, when the error is made, and kept as its message:
 *
 *     no args       ""
 *     one           str(args[0]); KeyError: repr(args[0]) (KeyError_str)
 *     OSError, 2-5  "[Errno e] strerror", then ": 'filename'" and
 *                   " -> 'filename2'" when given (OSError_str); args keeps
 *                   (errno, strerror) only, as CPython's does
 *     otherwise     repr(args), a tuple
 *
 * KeyError and StopIteration are defined here, with what they do beyond a
 * name (error-int.h says why).
 */
#include <math.h>
#include <stdlib.h>

#include "alloc-int.h"
#include "error-int.h"

const wa_error_type wa__key_error = {"KeyError", &wa__lookup_error};
const wa_error_type wa__stop_iteration = {"StopIteration", &wa__exception};

static bool descends(const wa_error_type *type, const wa_error_type *t) {
    for (; type; type = type->base)
        if (type == t) return true;
    return false;
}

static size_t append_repr(char *buf, size_t size, size_t at, const wa_value *v);

/* float.__repr__: the shortest text that reads back as d, with ".0" when
 * it would read as an int. */
static size_t append_float(char *buf, size_t size, size_t at, double d) {
    if (isnan(d)) return wa__append_str(buf, size, at, "nan");
    if (isinf(d)) return wa__append_str(buf, size, at, d < 0 ? "-inf" : "inf");
    char text[32];
    for (int prec = 1; prec <= 17; prec++) {
        wa__format(text, sizeof text, "%.*g", prec, d);
        if (strtod(text, NULL) == d) break;
    }
    at = wa__append_str(buf, size, at, text);
    return strpbrk(text, ".e") ? at : wa__append_str(buf, size, at, ".0");
}

static size_t append_items(char *buf, size_t size, size_t at, const wa_value *items, size_t n) {
    for (size_t i = 0; i < n; i++) {
        if (i) at = wa__append_str(buf, size, at, ", ");
        at = append_repr(buf, size, at, &items[i]);
    }
    return at;
}

/* repr(e): the type's name and its args, ValueError('x'), KeyError(). */
static size_t append_error_repr(char *buf, size_t size, size_t at, const wa_error *e) {
    at = wa__append_str(buf, size, at, wa_error_type_of(e)->name);
    at = wa__append_str(buf, size, at, "(");
    wa_value args = wa_error_args(e);
    at = append_items(buf, size, at, args.as.list.items, args.as.list.len);
    return wa__append_str(buf, size, at, ")");
}

static size_t append_repr(char *buf, size_t size, size_t at, const wa_value *v) {
    switch (v->kind) {
    case WA_KIND_NONE: return wa__append_str(buf, size, at, "None");
    case WA_KIND_BOOL: return wa__append_str(buf, size, at, v->as.b ? "True" : "False");
    case WA_KIND_INT: return wa__append(buf, size, at, "%lld", (long long)v->as.i);
    case WA_KIND_DOUBLE: return append_float(buf, size, at, v->as.d);
    case WA_KIND_STR:
    case WA_KIND_BYTES:
        return wa__append_repr(buf, size, at, v->as.buf.data, v->as.buf.len, v->kind == WA_KIND_BYTES);
    case WA_KIND_PTR: return wa__append(buf, size, at, "<pointer at %p>", v->as.ptr.p);
    case WA_KIND_LIST:
        at = wa__append_str(buf, size, at, "[");
        at = append_items(buf, size, at, v->as.list.items, v->as.list.len);
        return wa__append_str(buf, size, at, "]");
    case WA_KIND_ERROR: return v->as.err ? append_error_repr(buf, size, at, v->as.err) : wa__append_str(buf, size, at, "None");
    }
    return at;
}

/* str(v): a string's own text, an error's str(), repr for the rest. */
static size_t append_str(char *buf, size_t size, size_t at, const wa_value *v) {
    if (v->kind == WA_KIND_STR) return wa__append(buf, size, at, "%.*s", (int)v->as.buf.len, v->as.buf.data);
    if (v->kind == WA_KIND_ERROR && v->as.err) return wa__append_str(buf, size, at, wa_error_message(v->as.err));
    return append_repr(buf, size, at, v);
}

/* str(e) from its type and args, as the table at the top says. */
static size_t append_error_str(char *buf, size_t size, const wa_error_type *type, const wa_value *args, size_t n) {
    if (n == 0) return wa__append_str(buf, size, 0, "");
    if (n == 1) return descends(type, WA_KEY_ERROR) ? append_repr(buf, size, 0, args) : append_str(buf, size, 0, args);
    if (descends(type, WA_OS_ERROR) && n <= 5) {
        size_t at = wa__append_str(buf, size, 0, "[Errno ");
        at = append_str(buf, size, at, &args[0]);
        at = wa__append_str(buf, size, at, "] ");
        at = append_str(buf, size, at, &args[1]);
        if (n >= 3 && args[2].kind != WA_KIND_NONE) {
            at = wa__append_str(buf, size, at, ": ");
            at = append_repr(buf, size, at, &args[2]);
            if (n == 5 && args[4].kind != WA_KIND_NONE) {
                at = wa__append_str(buf, size, at, " -> ");
                at = append_repr(buf, size, at, &args[4]);
            }
        }
        return at;
    }
    size_t at = wa__append_str(buf, size, 0, "(");
    at = append_items(buf, size, at, args, n);
    return wa__append_str(buf, size, at, ")");
}

wa_error *wa_error_new_args(const wa_error_type *type, const wa_value *args, size_t n) {
    if (!type) type = WA_EXCEPTION;
    if (!args) n = 0;
    size_t len = append_error_str(NULL, 0, type, args, n);
    char *text = len ? wa__sys_malloc(len + 1) : NULL;
    wa_value *copy = n ? wa__sys_calloc(n, sizeof *copy) : NULL;
    wa_error *e = wa_error_new(type, NULL);
    if ((len && !text) || (n && !copy) || e->refs == UINT32_MAX) goto fail;    /* the shared MemoryError */
    if (text) append_error_str(text, len + 1, type, args, n);
    e->message = text;
    e->args = copy;
    bool os = descends(type, WA_OS_ERROR) && n >= 2 && n <= 5;
    e->nargs = os ? 2 : n;   /* OSError keeps the filenames out of args */
    if (os && args[0].kind == WA_KIND_INT) e->errnum = (int)args[0].as.i;
    for (size_t i = 0; i < e->nargs; i++) {
        wa_value v = args[i];
        if (v.kind == WA_KIND_PTR) v.as.ptr.dtor = NULL;    /* borrowed, as inside a list */
        if (wa_value_copy(&copy[i], &v)) {
            e->nargs = i;
            wa_error_unref(e);
            return wa_error_new(WA_MEMORY_ERROR, NULL);
        }
    }
    return e;
fail:
    free(text);
    free(copy);
    wa_error_unref(e);
    return wa_error_new(WA_MEMORY_ERROR, NULL);
}

/* memchr's question, asked of a short text: the npm runtime would link
 * memchr (220 bytes) for this alone. */
static bool holds(const char *s, size_t len, char c) {
    for (size_t i = 0; i < len; i++)
        if (s[i] == c) return true;
    return false;
}

size_t wa__append_repr(char *buf, size_t size, size_t at, const char *s, size_t len, bool bytes) {
    bool single = !len || !holds(s, len, '\'') || holds(s, len, '"');
    char q = single ? '\'' : '"';
    at = wa__append(buf, size, at, "%s%c", bytes ? "b" : "", q);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == q || c == '\\') at = wa__append(buf, size, at, "\\%c", c);
        else if (c == '\n') at = wa__append_str(buf, size, at, "\\n");
        else if (c == '\r') at = wa__append_str(buf, size, at, "\\r");
        else if (c == '\t') at = wa__append_str(buf, size, at, "\\t");
        else if (c < 0x20 || c == 0x7f || (bytes && c >= 0x80)) at = wa__append(buf, size, at, "\\x%02x", c);
        else at = wa__append(buf, size, at, "%c", c);
    }
    return wa__append(buf, size, at, "%c", q);
}

char *wa__key_error_str(const char *key, size_t len) {
    size_t n = wa__append_repr(NULL, 0, 0, key, len, false);
    char *s = wa__sys_malloc(n + 1);
    if (s) wa__append_repr(s, n + 1, 0, key, len, false);
    return s;
}

wa_error *wa__stop_iteration_wrap(wa_error *take_err, const char *message) {
    wa_error *e = wa_error_new(WA_RUNTIME_ERROR, "%s", message);
    wa__error_set_context(e, take_err);
    wa_error_set_cause(e, take_err);
    return e;
}

wa_value wa_error_args(const wa_error *e) {
    return e ? wa_list(e->args, e->nargs) : wa_list(NULL, 0);
}

size_t wa_error_repr(const wa_error *e, char *buf, size_t size) {
    if (buf && size) buf[0] = '\0';
    if (!buf) size = 0;
    return e ? append_error_repr(buf, size, 0, e) : wa__append_str(buf, size, 0, "None");
}
