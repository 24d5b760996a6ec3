/*
 * js-int.h — what the files of the JS bridge (src/js) share: the imports
 * js/wasyncio.js provides, and the futures JS settles.
 */
#ifndef WA_JS_INT_H
#define WA_JS_INT_H

#include "wasyncio_js.h"
#include "../core/task-int.h"

/* A function JS exports to us: module "wasyncio", name as given. */
#define WA__JS_IMPORT(name) __attribute__((import_module("wasyncio"), import_name(#name)))
/* A function of ours JS calls by this name. */
#define WA__JS_API(name) __attribute__((export_name(#name)))

/* The future f is done: JS reads its outcome and releases its reference. */
WA__JS_IMPORT(settled) void wa__js_settled(wa_future *f);
/* Calls the JS function name with args; JS settles f later with
 * wa_js_resolve or wa_js_reject, unless wa__js_abort(f) came first. */
WA__JS_IMPORT(call) void wa__js_call(wa_future *f, const char *name, const wa_value *args, size_t nargs);
/* f stopped waiting for JS (C cancelled or freed it): abort the call and
 * forget f. */
WA__JS_IMPORT(abort) void wa__js_abort(wa_future *f);

/* A future's outcome as wa_js_state reports it. */
enum { WA__JS_PENDING, WA__JS_RESULT, WA__JS_ERROR, WA__JS_CANCELLED };
/* The JS class a C error becomes (wa_js_error_class). */
enum { WA__JS_OTHER_ERROR, WA__JS_CANCELLED_ERROR, WA__JS_TIMEOUT_ERROR, WA__JS_ERROR_GROUP };

/* A pending future that JS settles; the loop counts it as external work. */
wa_future *wa__js_future_new(wa_loop *loop);

/* Frees n values JS built (or C built the same way): strings, bytes and
 * lists were malloc'd, pointers run their destructor, errors drop a ref. */
void wa__js_values_free(wa_value *v, size_t n);

#endif
