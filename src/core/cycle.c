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
 * are subtracted, one with any left is referenced from outside and alive,
 * with all it reaches, and the rest is garbage, freed together.
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

/* An error's links: its children, then its cause and context; NULL for a
 * missing one and for the shared MemoryError, which links nowhere and is
 * never freed. */
static wa_error **link_at(wa_error *e, size_t i) {
    wa_error **slot = i < e->nchildren ? &e->children[i] : i == e->nchildren ? &e->cause : &e->context;
    return *slot && (*slot)->refs != IMMORTAL ? slot : NULL;
}

/* Every error reachable from root, root first, in a list through next_walk,
 * each marked in_walk, with outside its references from outside the list.
 * No recursion: context chains can be long. */
static wa_error *walk(wa_error *root) {
    wa_error *tail = root;
    root->in_walk = true;
    root->outside = root->refs;
    root->next_walk = NULL;
    for (wa_error *e = root; e; e = e->next_walk)
        for (size_t i = 0; i < e->nchildren + 2; i++) {
            wa_error **slot = link_at(e, i);
            if (!slot) continue;
            wa_error *t = *slot;
            if (!t->in_walk) {
                t->in_walk = true;
                t->outside = t->refs;
                t->next_walk = NULL;
                tail = tail->next_walk = t;
            }
            t->outside--;
        }
    return root;
}

/* Ends a walk; returns its garbage (outside 0), listed the same way. */
static wa_error *end_walk(wa_error *list) {
    wa_error *garbage = NULL;
    for (wa_error *e = list, *next; e; e = next) {
        next = e->next_walk;
        e->in_walk = false;
        e->next_walk = NULL;
        if (!e->outside) {
            e->next_walk = garbage;
            garbage = e;
        }
    }
    return garbage;
}

void wa__error_linked(wa_error *from, wa_error *to) {
    if (!to || to->refs == IMMORTAL) return;
    wa_error *list = walk(to);
    if (from->in_walk)      /* from reaches itself now */
        for (wa_error *e = list; e; e = e->next_walk) e->may_cycle = true;
    end_walk(list);         /* its garbage means nothing here: to is referenced */
}

void wa__error_collect(wa_error *root) {
    wa_error *list = walk(root);
    /* Alive: referenced from outside, or reached from an alive error.  The
     * walk lists errors nearest the root first, so links mostly point down
     * the list and a pass or two settle it. */
    for (bool more = true; more;) {
        more = false;
        for (wa_error *e = list; e; e = e->next_walk)
            for (size_t i = 0; e->outside && i < e->nchildren + 2; i++) {
                wa_error **slot = link_at(e, i);
                if (slot && !(*slot)->outside) {
                    (*slot)->outside = 1;
                    more = true;
                }
            }
    }
    /* The garbage's links to the garbage go without counting; one to an
     * alive error gives up its reference, never that error's last. */
    for (wa_error *e = list; e; e = e->next_walk)
        for (size_t i = 0; !e->outside && i < e->nchildren + 2; i++) {
            wa_error **slot = link_at(e, i);
            if (slot && !(*slot)->outside) *slot = NULL;
            else if (slot) (*slot)->refs--;
        }
    /* Every mark is cleared before the first free: freeing an error's args
     * may let go of another marked error and start a collection of its own. */
    for (wa_error *e = end_walk(list), *next; e; e = next) {
        next = e->next_walk;
        wa__error_free_node(e);
    }
}
