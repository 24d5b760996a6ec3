/*
 * fetch.c — the host's fetch as a C awaitable: a wa_js_call of the JS
 * function "fetch", which js/wasyncio.js provides (and a test may replace).
 *
 * Arguments: [url, method, ["Name: value", ...], body bytes or none].
 * Value:     [status, statusText, [[name, value], ...], body bytes].
 */
#include <string.h>
#include <strings.h>

#include "js-int.h"

#define MAX_HEADERS 64

wa_future *wa_fetch(wa_coro *co, const char *url, const wa_fetch_options *opts) {
    static const wa_fetch_options defaults = {0};
    if (!opts) opts = &defaults;
    size_t nheaders = 0;
    while (opts->headers && opts->headers[nheaders] && nheaders <= MAX_HEADERS) nheaders++;
    if (!url || nheaders > MAX_HEADERS) {
        wa__misuse(WA_EINVAL, __func__, !url ? "url is NULL" : "more than %d headers", MAX_HEADERS);
        if (!co || !co->task) return NULL;
        return wa__fail_await(co, wa__misuse_error_as(WA_VALUE_ERROR));
    }
    wa_value headers[MAX_HEADERS];
    for (size_t i = 0; i < nheaders; i++) headers[i] = wa_str(opts->headers[i]);
    wa_value args[4] = {
        wa_str(url),
        wa_str(opts->method ? opts->method : "GET"),
        wa_list(headers, nheaders),
        opts->body ? wa_bytes(opts->body, opts->body_len) : wa_none(),
    };
    return wa_js_call(co, "fetch", args, 4);
}

static bool is_pair_of_strings(const wa_value *v) {
    return v->kind == WA_KIND_LIST && v->as.list.len == 2 && v->as.list.items[0].kind == WA_KIND_STR &&
           v->as.list.items[1].kind == WA_KIND_STR;
}

int wa_fetch_response_view(const wa_value *v, wa_fetch_response *out) {
    if (!v || !out) return wa__misuse(WA_EINVAL, __func__, !v ? "value is NULL" : "out is NULL");
    const wa_value *f = v->kind == WA_KIND_LIST && v->as.list.len == 4 ? v->as.list.items : NULL;
    bool ok = f && f[0].kind == WA_KIND_INT && f[1].kind == WA_KIND_STR && f[2].kind == WA_KIND_LIST &&
              f[3].kind == WA_KIND_BYTES;
    for (size_t i = 0; ok && i < f[2].as.list.len; i++) ok = is_pair_of_strings(&f[2].as.list.items[i]);
    if (!ok) return wa__misuse(WA_EINVAL, __func__, "the value is not a fetch response");
    out->status = (int)f[0].as.i;
    out->status_text = f[1].as.buf.data;
    out->headers = &f[2];
    out->body = (const uint8_t *)f[3].as.buf.data;
    out->body_len = f[3].as.buf.len;
    return WA_OK;
}

const char *wa_fetch_header(const wa_fetch_response *r, const char *name) {
    if (!r || !r->headers || !name) return NULL;
    for (size_t i = 0; i < r->headers->as.list.len; i++) {
        const wa_value *pair = r->headers->as.list.items[i].as.list.items;
        if (!strcasecmp(pair[0].as.buf.data, name)) return pair[1].as.buf.data;
    }
    return NULL;
}
