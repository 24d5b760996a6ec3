/*
 * buf.c — the byte buffer transports and streams keep: appended at the
 * end, consumed from the front, compacted before it grows.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/alloc-int.h"
#include "io-int.h"

int wa__buf_append(wa__buf *b, const void *data, size_t n) {
    if (n == 0) return WA_OK;
    if (b->len + n > b->cap && b->off) {    /* reuse the consumed front first */
        memmove(b->data, b->data + b->off, b->len - b->off);
        b->len -= b->off;
        b->off = 0;
    }
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->len + n) cap *= 2;
        char *grown = wa__sys_realloc(b->data, cap);
        if (!grown) return WA_ENOMEM;
        b->data = grown;
        b->cap = cap;
    }
    memcpy(b->data + b->len, data, n);
    b->len += n;
    return WA_OK;
}

void wa__buf_consume(wa__buf *b, size_t n) {
    b->off += n;
    if (b->off >= b->len) b->off = b->len = 0;
}

void wa__buf_free(wa__buf *b) {
    free(b->data);
    *b = (wa__buf){0};
}
