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

int wa_value_copy(wa_value *dst, wa_value *src) {
    if (!dst || !src) return WA_EINVAL;
    *dst = *src;
    if (src->kind == WA_KIND_STR || src->kind == WA_KIND_BYTES) {
        char *copy = wa__sys_malloc(src->as.buf.len + 1);   /* +1: strings stay NUL-terminated */
        if (!copy) {
            *dst = wa_none();
            return WA_ENOMEM;
        }
        memcpy(copy, src->as.buf.data, src->as.buf.len);
        copy[src->as.buf.len] = '\0';
        dst->as.buf.data = copy;
    } else if (src->kind == WA_KIND_PTR) {
        src->as.ptr.dtor = NULL;    /* ownership of the destructor moved */
    }
    return WA_OK;
}

void wa_value_clear(wa_value *v) {
    if (!v) return;
    if (v->kind == WA_KIND_STR || v->kind == WA_KIND_BYTES)
        free((char *)v->as.buf.data);
    else if (v->kind == WA_KIND_PTR && v->as.ptr.dtor)
        v->as.ptr.dtor(v->as.ptr.p);
    *v = wa_none();
}
