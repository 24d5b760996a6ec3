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
 * TaskGroup's tasks, a gather), so a tree of groups pays little for it; a
 * frame that keeps more gets blocks of KEEP_MORE right below its open
 * scopes, so the newest block goes first.  An error caught into a field
 * replaces the one caught there before (Python rebinding a name), so a
 * loop that catches again and again keeps one.
 */
#include <stddef.h>

#include "alloc-int.h"
#include "task-int.h"

typedef struct keep_item {
    void *obj;
    union {
        void *slot;             /* where a caught error went, or NULL */
        void (*release)(void *obj);     /* WA__KEEP_CALL */
    };
    uint8_t kind;               /* wa__keep_kind */
} keep_item;

/* A TaskGroup's tasks, a gather's future, a caught error: most frames that
 * keep anything keep one or two. */
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
    case WA__KEEP_CALL: it->release(it->obj); break;
    }
}

static void keeps_drop(wa_scope *s) {
    keeps *k = (keeps *)s;
    /* newest first, as Python frees a frame's locals */
    while (k->n) release_item(&k->items[--k->n]);
    wa__free(k->loop, k, keeps_size(k->cap));
}

/* Never exited by a WA_WITH_END: it only goes with its frame. */
static wa_future *keeps_exit(wa_coro *co, wa_scope *s, wa_error *resumed) {
    (void)co;
    (void)resumed;
    (void)s;
    return NULL;
}

const wa_scope_ops wa__keep_ops = {keeps_exit, keeps_drop};

/* The frame's block, or where it goes: the bottom of the scope list. */
static wa_scope **bottom_of(wa_coro *co) {
    wa_scope **bottom = &co->scopes;
    while (*bottom && (*bottom)->ops != &wa__keep_ops) bottom = &(*bottom)->outer;
    return bottom;
}

/* Rebinds slot's item, in the blocks from k down, to take_obj; false when
 * slot has none. */
static bool rebind(keeps *k, void *slot, void *take_obj) {
    for (; k; k = (keeps *)k->scope.outer)
        for (size_t i = 0; i < k->n; i++)
            if (k->items[i].kind != WA__KEEP_CALL && k->items[i].slot == slot) {
                keep_item old = k->items[i];
                k->items[i].obj = take_obj;
                release_item(&old);
                return true;
            }
    return false;
}

/* Room for one more item in co's newest block, made when there is none
 * or it is full; NULL when out of memory. */
static keep_item *next_item(wa_coro *co) {
    wa_scope **bottom = bottom_of(co);
    keeps *k = (keeps *)*bottom;
    if (!k || k->n == k->cap) {
        if (!co->task) return NULL;     /* not running: no loop to keep on */
        wa_loop *loop = co->task->fut.loop;
        uint32_t cap = k ? KEEP_MORE : KEEP_FIRST;
        keeps *more = wa__alloc(loop, keeps_size(cap));
        if (!more) return NULL;
        more->scope = (wa_scope){.ops = &wa__keep_ops, .outer = *bottom};
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
        wa_scope *found = *bottom_of(co);
        if (found && rebind((keeps *)found, slot, take_obj)) return true;
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

bool wa__keep_call(wa_coro *co, void (*release)(void *obj), void *obj) {
    keep_item *it = next_item(co);
    if (it) *it = (keep_item){.obj = obj, .release = release, .kind = WA__KEEP_CALL};
    return it != NULL;
}

void wa__catch(wa_coro *co, wa_error **slot) {
    wa__resumed(co, true, slot);
    if (!*slot && !co->scopes) return;      /* nothing caught, nothing kept: the common await */
    if (!wa__keep(co, WA__KEEP_ERROR, wa_error_ref(*slot), slot) && *slot) {
        /* out of memory: the error stays the frame's until the next await */
        wa__misuse(WA_ENOMEM, "WA_AWAIT_TRY", "out of memory");
    }
}
