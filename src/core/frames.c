/*
 * frames.c — a task's frame stack: the memory of the frames pushed above
 * its root frame by awaits of coroutines (WA_AWAIT_CALL, the library's
 * coroutines).
 *
 * A frame is freed before the frame that awaited it (a child returns or
 * raises to its caller; orphans and a finished task's frames go innermost
 * first), so a task's frames form a stack and a push is a pointer bump:
 * what lets an await of a coroutine that does not suspend cost about a C
 * call.  The stack grows in chunks, each twice the last.  One emptied chunk
 * stays above the top, so a call that straddles a chunk's end does not
 * allocate every time; a task that suspends with nothing pushed gives its
 * chunks back (wa__frames_trim), so a waiting task holds no stack it does
 * not use.  Async generators' frames outlive the awaits that run them:
 * they are the generators' own memory (WA__FRAME_BORROWED), never here.
 */
#include "task-int.h"

/* Small enough that a task waiting inside a child or two holds little
 * more than those frames; chain-like callers never leave the first. */
#define FIRST_CHUNK 512

static void chunk_free(wa_loop *loop, wa__frame_chunk *c) {
    if (!c) return;
    WA__FRAMES_UNPOISON(wa__chunk_base(c), (size_t)(c->end - wa__chunk_base(c)));
    wa__free(loop, c, (size_t)(c->end - (char *)c));
}

wa_coro *wa__frame_push_chunk(wa_task *t, size_t size) {
    wa_loop *loop = t->fut.loop;
    wa__frame_chunk *c = t->frames, *next = c ? c->above : NULL;
    if (!next || (size_t)(next->end - wa__chunk_base(next)) < size) {
        size_t want = c ? 2 * (size_t)(c->end - (char *)c) : FIRST_CHUNK;
        if (want < WA__CHUNK_HEAD + size) want = WA__CHUNK_HEAD + size;
        wa__frame_chunk *fresh = wa__alloc(loop, want);
        if (!fresh) return NULL;
        chunk_free(loop, next);     /* too small for this frame: the new one replaces it */
        *fresh = (wa__frame_chunk){.below = c, .top = wa__chunk_base(fresh), .end = (char *)fresh + want};
        WA__FRAMES_POISON(fresh->top, (size_t)(fresh->end - fresh->top));
        next = fresh;
    }
    if (c) c->above = next;
    next->below = c;
    next->above = NULL;
    t->frames = next;
    wa_coro *co = (wa_coro *)next->top;
    next->top += size;
    WA__FRAMES_UNPOISON(co, size);
    return co;
}

void wa__frame_drop_chunk(wa_task *t) {
    wa__frame_chunk *c = t->frames, *below = c->below;
    chunk_free(t->fut.loop, c->above);  /* keep one spare: c */
    c->above = NULL;
    t->frames = below;     /* whose above is c */
}

void wa__frames_trim(wa_task *t) {
    wa__frame_chunk *c = t->frames;
    if (!c || c->top != wa__chunk_base(c)) return;
    chunk_free(t->fut.loop, c->above);
    chunk_free(t->fut.loop, c);
    t->frames = NULL;
}
