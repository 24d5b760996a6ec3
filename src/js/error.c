/*
 * error.c — errors crossing between JS and C: what JS needs to build its
 * Error objects, and C errors made from JS ones.
 */
#include <string.h>

#include "js-int.h"

const wa_error_type wa__js_error = {"JSError", &wa__exception};

/* The C types a JS error maps back to by name (a JS TypeError is C's). */
static const wa_error_type *const known_types[] = {
    &wa__base_exception, &wa__exception, &wa__cancelled_error, &wa__timeout_error,
    &wa__invalid_state_error, &wa__runtime_error, &wa__value_error, &wa__type_error,
    &wa__memory_error, &wa__os_error, &wa__broken_barrier_error, &wa__queue_empty,
    &wa__queue_full, &wa__queue_shutdown, &wa__stop_async_iteration, &wa__generator_exit,
    &wa__js_error,
};

/* A new error for a JS error named name: of the C type of that name, or a
 * JSError whose message starts with the name. */
WA__JS_API(wa_js_error_new) wa_error *wa_js_error_new(const char *name, const char *message) {
    for (size_t i = 0; i < sizeof known_types / sizeof *known_types; i++)
        if (!strcmp(known_types[i]->name, name)) return wa_error_new(known_types[i], "%s", message);
    return *message ? wa_error_new(WA_JS_ERROR, "%s: %s", name, message) : wa_error_new(WA_JS_ERROR, "%s", name);
}

/* An exception group taking over the n errors in children (a JS array JS
 * frees). */
WA__JS_API(wa_js_error_group_new) wa_error *wa_js_error_group_new(const char *message, wa_error **children, size_t n) {
    return wa_error_group_new(message, children, n);
}

WA__JS_API(wa_js_error_set_cause) void wa_js_error_set_cause(wa_error *e, wa_error *take_cause) {
    wa_error_set_cause(e, take_cause);
}

WA__JS_API(wa_js_error_unref) void wa_js_error_unref(wa_error *e) { wa_error_unref(e); }
WA__JS_API(wa_js_error_name) const char *wa_js_error_name(const wa_error *e) { return wa_error_type_of(e)->name; }
WA__JS_API(wa_js_error_message) const char *wa_js_error_message(const wa_error *e) { return wa_error_message(e); }
WA__JS_API(wa_js_error_cause) wa_error *wa_js_error_cause(const wa_error *e) { return wa_error_cause(e); }
WA__JS_API(wa_js_error_group_size) size_t wa_js_error_group_size(const wa_error *e) { return wa_error_group_size(e); }
WA__JS_API(wa_js_error_child) wa_error *wa_js_error_child(const wa_error *e, size_t i) { return wa_error_group_child(e, i); }

/* Which JS class e becomes (CancelledError, TimeoutError, ExceptionGroup
 * or WasyncioError). */
WA__JS_API(wa_js_error_class) int wa_js_error_class(const wa_error *e) {
    if (wa_error_is(e, WA_CANCELLED_ERROR)) return WA__JS_CANCELLED_ERROR;
    if (wa_error_is(e, WA_TIMEOUT_ERROR)) return WA__JS_TIMEOUT_ERROR;
    if (wa_error_is_group(e)) return WA__JS_ERROR_GROUP;
    return WA__JS_OTHER_ERROR;
}
