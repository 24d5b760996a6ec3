/*
 * js-realloc.c — realloc for the npm package's default runtime
 * (js/wasyncio.wasm, held to a size budget), in place of emmalloc's.
 *
 * emmalloc's realloc first tries to grow the block where it is, into the
 * free space after it: 650 bytes of code, a thirtieth of the runtime.  The
 * runtime reallocs only arrays it doubles when full (the timer heap, a
 * future's callbacks, a task group's errors), where copying to a new block
 * costs no more than the doubling already does.  So here a new block, the
 * old one's contents, and the old one freed; as before, a failure returns
 * NULL and leaves the old block as it was, and size 0 frees it.
 * Other modules (the debug runtime, users' programs) keep emmalloc's.
 */
#include <emscripten/emmalloc.h>
#include <stdlib.h>
#include <string.h>

void *realloc(void *p, size_t size) {
    if (!p) return malloc(size);
    if (!size) {
        free(p);
        return NULL;
    }
    void *q = malloc(size);
    if (q) {
        size_t old = emmalloc_usable_size(p);
        memcpy(q, p, old < size ? old : size);
        free(p);
    }
    return q;
}
