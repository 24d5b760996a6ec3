/*
 * keep.c — what a frame keeps until it ends: the ownership rule.
 *
 * The futures the library makes for a coroutine (gather, shield,
 * run_in_executor), the errors it catches and the tasks its TaskGroups
 * start stay valid until the frame returns or raises, as a Python local
 * does, instead of expiring at the frame's next await.
 *
 * The references are one block per frame, kept as a scope at the bottom of
 * the frame's scope list: freeing a frame already drops its scopes, so a
 * frame that keeps nothing pays nothing.  The block comes from the loop's
 * slabs with room for KEEP_FIRST references, the most a frame usually
 * keeps (a TaskGroup's tasks, a gather), and moves to a block twice as
 * large when full (past the slabs' sizes, wa__alloc takes it from malloc).
 * An error caught into a field replaces the one caught there before
 * (Python rebinding a name), so a loop that catches again and again keeps
 * one.
 */
#include <stddef.h>
#include <string.h>

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
 * keep anything keep no more. */
#define KEEP_FIRST 4

typedef struct keeps {
    wa_scope scope;
    /* the slabs the block came from: alive while the frame is, since what
     * owns a frame (its task, an async generator) holds the loop */
    wa_loop *loop;
    size_t n, cap;
    keep_item items[];
} keeps;

#define KEEPS_SIZE(cap) (offsetof(keeps, items) + (cap) * sizeof(keep_item))

static void release_item(const keep_item *it) {
    switch ((wa__keep_kind)it->kind) {
    case WA__KEEP_FUTURE: wa_future_unref(it->obj); break;
    case WA__KEEP_TASK: wa_task_unref(it->obj); break;
    case WA__KEEP_ERROR: wa_error_unref(it->obj); break;
    case WA__KEEP_CALL: it->release(it->obj); break;
    }
}

static void keeps_drop(wa_scope *s) {
    keeps *k = (keeps *)s;
    /* newest first, as Python frees a frame's locals */
    while (k->n) release_item(&k->items[--k->n]);
    wa__free(k->loop, k, KEEPS_SIZE(k->cap));
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

/* The frame's block, made on first use; NULL when out of memory. */
static keeps *keeps_of(wa_coro *co) {
    wa_scope **bottom = bottom_of(co);
    if (*bottom) return (keeps *)*bottom;
    if (!co->task) return NULL;     /* not running: no loop to keep on */
    wa_loop *loop = co->task->fut.loop;
    keeps *k = wa__alloc(loop, KEEPS_SIZE(KEEP_FIRST));
    if (!k) return NULL;
    k->scope = (wa_scope){.ops = &wa__keep_ops};
    k->loop = loop;
    k->n = 0;
    k->cap = KEEP_FIRST;
    *bottom = &k->scope;
    return k;
}

/* Rebinds slot's item to take_obj; false when slot has none. */
static bool rebind(keeps *k, void *slot, void *take_obj) {
    for (size_t i = 0; i < k->n; i++)
        if (k->items[i].kind != WA__KEEP_CALL && k->items[i].slot == slot) {
            keep_item old = k->items[i];
            k->items[i].obj = take_obj;
            release_item(&old);
            return true;
        }
    return false;
}

/* Room for one more item in co's block, counted in; NULL when out of memory. */
static keep_item *next_item(wa_coro *co) {
    keeps *k = keeps_of(co);
    if (k && k->n == k->cap) {
        keeps *grown = wa__alloc(k->loop, KEEPS_SIZE(2 * k->cap));
        if (!grown) return NULL;
        memcpy(grown, k, KEEPS_SIZE(k->cap));
        grown->cap *= 2;
        *bottom_of(co) = &grown->scope;
        wa__free(k->loop, k, KEEPS_SIZE(k->cap));
        k = grown;
    }
    return k ? &k->items[k->n++] : NULL;
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
