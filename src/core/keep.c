/*
 * keep.c — what a frame keeps until it ends: the ownership rule.
 *
 * The futures the library makes for a coroutine (gather, shield,
 * run_in_executor), the errors it catches and the tasks its TaskGroups
 * start stay valid until the frame returns or raises, as a Python local
 * does, instead of expiring at the frame's next await.
 *
 * The references are kept in blocks, scopes at the bottom of the frame's
 * scope list: freeing a frame already drops its scopes, so a frame that
 * keeps nothing pays nothing.  A block comes from the loop's slabs.  The
 * first has room for KEEP_FIRST references, what a frame usually keeps (a
 * gather, a caught error); a frame that keeps more gets blocks of
 * KEEP_MORE right below its open scopes, so the newest block goes first.
 * Another file may link a block of its own there (wa__keep_block): a
 * TaskGroup keeps its ring of tasks in 32 bytes, not in a block of items.
 * A keep block is a scope whose ops have no exit: it is never exited, only
 * dropped with its frame.  An error caught into a field replaces the one
 * caught there before (Python rebinding a name), so a loop that catches
 * again and again keeps one.
 */
#include <stddef.h>

#include "alloc-int.h"
#include "task-int.h"

typedef struct keep_item {
    void *obj;
    void *slot;                 /* where a caught error went, or NULL */
    uint8_t kind;               /* wa__keep_kind */
} keep_item;

/* A gather's future, a caught error: most frames that keep anything keep
 * one or two. */
#define KEEP_FIRST 2
#define KEEP_MORE 8

/* The scopes below a block are the frame's older blocks. */
typedef struct keeps {
    wa_scope scope;
    /* the slabs the block came from: alive while the frame is, since what
     * owns a frame (its task, an async generator) holds the loop */
    wa_loop *loop;
    uint32_t n, cap;
    keep_item items[];
} keeps;

static size_t keeps_size(uint32_t cap) { return sizeof(keeps) + cap * sizeof(keep_item); }

static void release_item(const keep_item *it) {
    switch ((wa__keep_kind)it->kind) {
    case WA__KEEP_FUTURE: wa_future_unref(it->obj); break;
    case WA__KEEP_ERROR: wa_error_unref(it->obj); break;
    }
}

static void keeps_drop(wa_scope *s) {
    keeps *k = (keeps *)s;
    /* newest first, as Python frees a frame's locals */
    while (k->n) release_item(&k->items[--k->n]);
    wa__free(k->loop, k, keeps_size(k->cap));
}

/* No exit: a WA_WITH_END never reaches it, it only goes with its frame. */
static const wa_scope_ops keep_ops = {NULL, keeps_drop};

/* The frame's newest keep block, or where it goes: the bottom of the
 * scope list. */
static wa_scope **bottom_of(wa_coro *co) {
    wa_scope **bottom = &co->scopes;
    while (*bottom && !wa__scope_is_keep(*bottom)) bottom = &(*bottom)->outer;
    return bottom;
}

void wa__keep_block(wa_coro *co, wa_scope *block) {
    wa_scope **bottom = bottom_of(co);
    block->outer = *bottom;
    *bottom = block;
}

/* Rebinds slot's item, in the blocks from s down, to take_obj; false when
 * slot has none. */
static bool rebind(wa_scope *s, void *slot, void *take_obj) {
    for (; s; s = s->outer) {
        if (s->ops != &keep_ops) continue;  /* another file's block */
        keeps *k = (keeps *)s;
        for (size_t i = 0; i < k->n; i++)
            if (k->items[i].slot == slot) {
                keep_item old = k->items[i];
                k->items[i].obj = take_obj;
                release_item(&old);
                return true;
            }
    }
    return false;
}

/* Room for one more item in co's newest block, made when there is none,
 * it is full or it is another file's (the newest goes first); NULL when
 * out of memory. */
static keep_item *next_item(wa_coro *co) {
    wa_scope **bottom = bottom_of(co);
    keeps *k = *bottom && (*bottom)->ops == &keep_ops ? (keeps *)*bottom : NULL;
    if (!k || k->n == k->cap) {
        if (!co->task) return NULL;     /* not running: no loop to keep on */
        wa_loop *loop = co->task->fut.loop;
        uint32_t cap = k ? KEEP_MORE : KEEP_FIRST;
        keeps *more = wa__alloc(loop, keeps_size(cap));
        if (!more) return NULL;
        more->scope = (wa_scope){.ops = &keep_ops, .outer = *bottom};
        more->loop = loop;
        more->n = 0;
        more->cap = cap;
        *bottom = &more->scope;
        k = more;
    }
    return &k->items[k->n++];
}

bool wa__keep(wa_coro *co, wa__keep_kind kind, void *take_obj, void *slot) {
    if (slot) {
        if (rebind(*bottom_of(co), slot, take_obj)) return true;
        if (!take_obj) return true;     /* nothing to keep, nothing to rebind */
    }
    keep_item *it = next_item(co);
    if (!it) {
        release_item(&(keep_item){.obj = take_obj, .kind = (uint8_t)kind});
        return false;
    }
    *it = (keep_item){.obj = take_obj, .slot = slot, .kind = (uint8_t)kind};
    return true;
}

void wa__catch(wa_coro *co, wa_error **slot) {
    wa__resumed(co, true, slot);
    if (!*slot && !co->scopes) return;      /* nothing caught, nothing kept: the common await */
    if (!wa__keep(co, WA__KEEP_ERROR, wa_error_ref(*slot), slot) && *slot) {
        /* out of memory: the error stays the frame's until the next await */
        wa__misuse(WA_ENOMEM, "WA_AWAIT_TRY", "out of memory");
    }
}
