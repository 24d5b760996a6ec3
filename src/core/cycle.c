/*
 * cycle.c — reference cycles among errors, which counting alone never frees.
 *
 * Python's raise cuts a loop in the context chain, but not one that closes
 * through a group's children or a cause: a TaskGroup child's error re-raised
 * while its ExceptionGroup is being handled gets the group as its context,
 * and the group holds it.  CPython keeps such a cycle, as wasyncio does, and
 * its collector frees it.  Here the link that closes a cycle marks every
 * error reachable from it; dropping a reference to a marked error that stays
 * referenced then checks the errors reachable from it, as CPython's gc checks
 * a generation (trial deletion): each one's references from inside the walk
 * are subtracted, what is left is referenced from outside and alive, with all
 * it reaches, and the rest is garbage, freed together.
 *
 * Only the links between errors are counted as inside; a reference from
 * anything else (a future, a frame, another error's args) keeps an error
 * alive, so the check can fail to free, never free too much.
 */
#include <stdint.h>
#include <stdlib.h>

#include "error-int.h"

/* The shared MemoryError's count; error.c's IMMORTAL.  It links nowhere and
 * is never freed, so walks pass it by. */
#define IMMORTAL UINT32_MAX

/* An error's links: its children, then its cause and context. */
static wa_error **link_at(wa_error *e, size_t i) {
    return i < e->nchildren ? &e->children[i] : i == e->nchildren ? &e->cause : &e->context;
}
#define EACH_LINK(e, slot)                                                     \
    for (size_t wa__i = 0; wa__i < (e)->nchildren + 2; wa__i++)               \
        for (wa_error **slot = link_at((e), wa__i); slot; slot = NULL)         \
            if (*slot && (*slot)->refs != IMMORTAL)

/* Every error reachable from root, root first, in a list through
 * next_walk, each with walk set.  No recursion: context chains can be long. */
static wa_error *walk(wa_error *root) {
    wa_error *tail = root;
    root->walk = WALK_SEEN;
    root->next_walk = NULL;
    for (wa_error *e = root; e; e = e->next_walk)
        EACH_LINK(e, slot) {
            wa_error *t = *slot;
            if (t->walk) continue;
            t->walk = WALK_SEEN;
            t->next_walk = NULL;
            tail->next_walk = t;
            tail = t;
        }
    return root;
}

static void end_walk(wa_error *list) {
    for (wa_error *e = list, *next; e; e = next) {
        next = e->next_walk;
        e->walk = WALK_NONE;
        e->next_walk = NULL;
    }
}

void wa__error_linked(wa_error *from, wa_error *to) {
    if (!to || to->refs == IMMORTAL) return;
    wa_error *list = walk(to);
    if (from->walk)     /* from reaches itself now: the whole walk may be garbage one day */
        for (wa_error *e = list; e; e = e->next_walk) e->may_cycle = true;
    end_walk(list);
}

/* Marks alive each error of the walk that something outside it refers to,
 * and then all it reaches.  The walk lists errors nearest the root first,
 * so links mostly point further down the list and a pass or two settle it. */
static void mark_alive(wa_error *list) {
    for (wa_error *e = list; e; e = e->next_walk) e->outside = e->refs;
    for (wa_error *e = list; e; e = e->next_walk)
        EACH_LINK(e, slot)(*slot)->outside--;
    for (wa_error *e = list; e; e = e->next_walk)
        if (e->outside) e->walk = WALK_ALIVE;
    for (bool more = true; more;) {
        more = false;
        for (wa_error *e = list; e; e = e->next_walk)
            if (e->walk == WALK_ALIVE)
                EACH_LINK(e, slot) if ((*slot)->walk != WALK_ALIVE) {
                    (*slot)->walk = WALK_ALIVE;
                    more = true;
                }
    }
}

void wa__error_collect(wa_error *root) {
    wa_error *list = walk(root);
    mark_alive(list);
    if (root->walk == WALK_ALIVE) {     /* it reaches all the rest: nothing is garbage */
        end_walk(list);
        return;
    }
    /* The garbage's links to the garbage go without counting; a link to an
     * alive error gives up its reference, which is never that error's last
     * (something outside, or another alive error, still refers to it). */
    for (wa_error *e = list; e; e = e->next_walk)
        if (e->walk != WALK_ALIVE)
            EACH_LINK(e, slot) {
                if ((*slot)->walk != WALK_ALIVE) *slot = NULL;
                else (*slot)->refs--;
            }
    /* Every walk mark is cleared before the first free: freeing an error's
     * args may drop the last reference to another marked error and start a
     * collection of its own. */
    wa_error *garbage = NULL;
    for (wa_error *e = list, *next; e; e = next) {
        next = e->next_walk;
        e->next_walk = NULL;
        if (e->walk == WALK_ALIVE) {
            e->walk = WALK_NONE;
        } else {
            e->next_walk = garbage;
            garbage = e;
        }
    }
    while (garbage) {
        wa_error *e = garbage;
        garbage = e->next_walk;
        wa__error_free_node(e);
    }
}
