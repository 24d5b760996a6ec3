/*
 * value.c — the tagged values futures hold.
 *
 * A wa_value made by wa_str/wa_bytes borrows its bytes; holders (futures,
 * frames returning a value) keep an owned copy made by wa_value_copy and
 * release it with wa_value_clear.  A pointer's destructor travels with the
 * owned copy so it runs exactly once.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc-int.h"
#include "error-int.h"

char *wa__strdup(const char *s) {
    size_t n = strlen(s) + 1;
    char *copy = wa__sys_malloc(n);
    if (copy) memcpy(copy, s, n);
    return copy;
}

wa_value wa_str(const char *s) {
    wa_value v = wa_none();
    v.kind = WA_KIND_STR;
    v.as.buf.data = s ? s : "";
    v.as.buf.len = strlen(v.as.buf.data);
    return v;
}

wa_value wa_bytes(const void *data, size_t len) {
    wa_value v = wa_none();
    v.kind = WA_KIND_BYTES;
    v.as.buf.data = data ? data : "";
    v.as.buf.len = data ? len : 0;
    return v;
}

static int copy_list(wa_value *dst, const wa_value *src) {
    size_t n = src->as.list.len;
    wa_value *items = n ? wa__sys_calloc(n, sizeof *items) : NULL;
    if (n && !items) return WA_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        wa_value item = src->as.list.items[i];
        if (item.kind == WA_KIND_PTR) item.as.ptr.dtor = NULL;     /* pointers in lists are borrowed */
        if (wa_value_copy(&items[i], &item)) {
            wa_value partial = wa_list(items, i);
            wa_value_clear(&partial);
            return WA_ENOMEM;
        }
    }
    dst->as.list.items = items;
    dst->as.list.len = n;
    return WA_OK;
}

int wa_value_copy(wa_value *dst, wa_value *src) {
    if (!dst || !src) return WA_EINVAL;
    *dst = *src;
    switch (src->kind) {
    case WA_KIND_STR:
    case WA_KIND_BYTES: {
        char *copy = wa__sys_malloc(src->as.buf.len + 1);   /* +1: strings stay NUL-terminated */
        if (!copy) break;
        memcpy(copy, src->as.buf.data, src->as.buf.len);
        copy[src->as.buf.len] = '\0';
        dst->as.buf.data = copy;
        return WA_OK;
    }
    case WA_KIND_PTR:
        src->as.ptr.dtor = NULL;    /* ownership of the destructor moved */
        return WA_OK;
    case WA_KIND_LIST:
        if (copy_list(dst, src)) break;
        return WA_OK;
    case WA_KIND_ERROR:
        if (!src->as.err) *dst = wa_none();
        wa_error_ref(src->as.err);
        return WA_OK;
    default:
        return WA_OK;
    }
    *dst = wa_none();
    return WA_ENOMEM;
}

void wa_value_clear(wa_value *v) {
    if (!v) return;
    switch (v->kind) {
    case WA_KIND_STR:
    case WA_KIND_BYTES:
        free((char *)v->as.buf.data);
        break;
    case WA_KIND_PTR:
        if (v->as.ptr.dtor) v->as.ptr.dtor(v->as.ptr.p);
        break;
    case WA_KIND_LIST:
        for (size_t i = 0; i < v->as.list.len; i++)     /* gather's 200,000 ints: no call each */
            if (v->as.list.items[i].kind > WA_KIND_DOUBLE) wa_value_clear((wa_value *)&v->as.list.items[i]);
        free((wa_value *)v->as.list.items);
        break;
    case WA_KIND_ERROR:
        wa_error_unref(v->as.err);
        break;
    default:
        break;
    }
    *v = wa_none();
}

bool wa_value_truthy(const wa_value *v) {
    if (!v) return false;
    switch (v->kind) {
    case WA_KIND_NONE: return false;
    case WA_KIND_BOOL: return v->as.b;
    case WA_KIND_INT: return v->as.i != 0;
    case WA_KIND_DOUBLE: return v->as.d != 0.0;    /* NaN != 0: true, as in Python */
    case WA_KIND_STR:
    case WA_KIND_BYTES: return v->as.buf.len != 0;
    case WA_KIND_LIST: return v->as.list.len != 0;
    case WA_KIND_PTR: return v->as.ptr.p != NULL;
    case WA_KIND_ERROR: return true;
    }
    return true;
}

/* Kinds that compare by number. */
static bool numeric(const wa_value *v, double *d, int64_t *i, bool *is_int) {
    switch (v->kind) {
    case WA_KIND_BOOL: *i = v->as.b; *is_int = true; break;
    case WA_KIND_INT: *i = v->as.i; *is_int = true; break;
    case WA_KIND_DOUBLE: *d = v->as.d; *is_int = false; return true;
    default: return false;
    }
    *d = (double)*i;
    return true;
}

int wa_value_compare(const wa_value *a, const wa_value *b) {
    if (!a || !b) return a ? 1 : b ? -1 : 0;
    double da, db;
    int64_t ia = 0, ib = 0;
    bool inta, intb;
    if (numeric(a, &da, &ia, &inta) && numeric(b, &db, &ib, &intb)) {
        if (inta && intb) return ia < ib ? -1 : ia > ib;
        return da < db ? -1 : da > db;
    }
    if (a->kind != b->kind) return a->kind < b->kind ? -1 : 1;
    switch (a->kind) {
    case WA_KIND_STR:
    case WA_KIND_BYTES: {
        size_t n = a->as.buf.len < b->as.buf.len ? a->as.buf.len : b->as.buf.len;
        int c = memcmp(a->as.buf.data, b->as.buf.data, n);
        if (c) return c < 0 ? -1 : 1;
        return a->as.buf.len < b->as.buf.len ? -1 : a->as.buf.len > b->as.buf.len;
    }
    case WA_KIND_LIST:
        for (size_t i = 0; i < a->as.list.len && i < b->as.list.len; i++) {
            int c = wa_value_compare(&a->as.list.items[i], &b->as.list.items[i]);
            if (c) return c;
        }
        return a->as.list.len < b->as.list.len ? -1 : a->as.list.len > b->as.list.len;
    case WA_KIND_PTR: {
        uintptr_t pa = (uintptr_t)a->as.ptr.p, pb = (uintptr_t)b->as.ptr.p;
        return pa < pb ? -1 : pa > pb;
    }
    default:
        return 0;
    }
}
