/*
 * list-int.h — intrusive circular doubly linked lists (libuv's queue.h idea).
 *
 * A list head is a wa__list whose next/prev point at itself when empty.
 * Elements embed a wa__list and are recovered with WA__CONTAINER_OF.
 */
#ifndef WA_LIST_INT_H
#define WA_LIST_INT_H

#include <stddef.h>
#include <stdbool.h>

typedef struct wa__list {
    struct wa__list *next, *prev;
} wa__list;

#define WA__CONTAINER_OF(ptr, type, field) ((type *)((char *)(ptr) - offsetof(type, field)))

static inline void wa__list_init(wa__list *h) { h->next = h->prev = h; }
static inline bool wa__list_empty(const wa__list *h) { return h->next == h; }

static inline void wa__list_push_back(wa__list *h, wa__list *n) {
    n->prev = h->prev;
    n->next = h;
    h->prev->next = n;
    h->prev = n;
}

static inline void wa__list_remove(wa__list *n) {
    n->prev->next = n->next;
    n->next->prev = n->prev;
    n->next = n->prev = n;
}

static inline wa__list *wa__list_pop_front(wa__list *h) {
    wa__list *n = h->next;
    if (n == h) return NULL;
    wa__list_remove(n);
    return n;
}

#endif
