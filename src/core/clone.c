/*
 * clone.c — deep copies of errors and values for another thread.
 *
 * An error's reference count is not atomic, and an error raised on a loop
 * may stay referenced there (by a task, a frame, another error's context),
 * so an error handed to another thread must be a copy sharing nothing.  An
 * error is a graph (cause, context and children may meet again further
 * down, or loop back: cycle.c), so the copy walks it once,
 * with a map from each original to its copy: a shared node is copied once
 * and stays shared, and the walk uses a stack of its own, not C's, because
 * context chains can be long (a task that retried ten thousand times).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "alloc-int.h"
#include "clone-int.h"
#include "error-int.h"

/* The shared MemoryError's count; error.c's IMMORTAL. */
#define IMMORTAL UINT32_MAX

/* Originals to their copies, by open addressing; cap a power of two. */
typedef struct clone_map {
    const wa_error **from;
    wa_error **to;
    size_t n, cap;
} clone_map;

static size_t slot_of(const clone_map *m, const wa_error *e) {
    size_t i = (size_t)(((uintptr_t)e >> 4) * (uintptr_t)0x9E3779B97F4A7C15u) & (m->cap - 1);
    while (m->from[i] && m->from[i] != e) i = (i + 1) & (m->cap - 1);
    return i;
}

static wa_error *lookup(const clone_map *m, const wa_error *e) {
    if (!e) return NULL;
    size_t i = slot_of(m, e);
    return m->from[i] ? m->to[i] : NULL;
}

static bool grow(clone_map *m) {
    clone_map bigger = {wa__sys_calloc(m->cap * 2, sizeof *m->from), wa__sys_calloc(m->cap * 2, sizeof *m->to), m->n,
                        m->cap * 2};
    if (!bigger.from || !bigger.to) {
        free(bigger.from);
        free(bigger.to);
        return false;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->from[i]) continue;
        size_t j = slot_of(&bigger, m->from[i]);
        bigger.from[j] = m->from[i];
        bigger.to[j] = m->to[i];
    }
    free(m->from);
    free(m->to);
    *m = bigger;
    return true;
}

/* Frees a copy's own fields and the copy (its links are not taken yet). */
static void free_node(wa_error *c) {
    free(c->children);
    if (c->message != c->arg.as.buf.data) free(c->message);
    if (c->args == &c->arg) {
        free((char *)c->arg.as.buf.data);
    } else {
        for (size_t i = 0; i < c->nargs; i++) wa_value_clear(&c->args[i]);
        free(c->args);
    }
    free(c->data);
    free(c);
}

/* c's args as e's: its one text argument, or its array, copied. */
static bool copy_args(wa_error *c, const wa_error *e) {
    if (e->args == &e->arg) {
        char *text = wa__strdup(e->arg.as.buf.data);
        if (!text) return false;
        c->arg = wa_str(text);
        c->args = &c->arg;
        c->nargs = 1;
        return true;
    }
    if (!e->nargs) return true;
    c->args = wa__sys_calloc(e->nargs, sizeof *c->args);
    if (!c->args) return false;
    for (size_t i = 0; i < e->nargs; i++, c->nargs++)
        if (wa_value_copy(&c->args[i], &e->args[i])) return false;
    return true;
}

/* A copy of e's own fields, its links still empty and its count 0; the
 * shared MemoryError stands for itself.  NULL when out of memory. */
static wa_error *copy_node(const wa_error *e) {
    if (e->refs == IMMORTAL) return (wa_error *)e;
    wa_error *c = wa__sys_calloc(1, sizeof *c);
    if (!c) return NULL;
    *c = *e;        /* the scalars, whatever they are; each pointer is redone below */
    c->refs = 0;
    c->message = c->data = NULL;
    c->cause = c->context = c->next_dead = c->next_walk = NULL;
    c->children = NULL;
    c->nchildren = 0;
    c->data_len = 0;
    c->arg = wa_none();
    c->args = NULL;
    c->nargs = 0;
    if (!copy_args(c, e) || (e->message && !(c->message = e->message == e->arg.as.buf.data
                                                               ? (char *)c->arg.as.buf.data
                                                               : wa__strdup(e->message))) ||
        (e->data_len && !(c->data = wa__sys_malloc(e->data_len)))) {
        free_node(c);
        return NULL;
    }
    if (e->data_len) {
        memcpy(c->data, e->data, e->data_len);
        c->data_len = e->data_len;
    }
    return c;
}

/* Frees the copies in m, links or not (a failed clone: counts are not
 * complete yet, so wa_error_unref cannot). */
static void free_copies(clone_map *m) {
    for (size_t i = 0; i < m->cap; i++) {
        wa_error *c = m->to[i];
        if (!m->from[i] || !c || c->refs == IMMORTAL) continue;
        free_node(c);
    }
}

/* Links each copy as its original is linked, each link one reference. */
static bool link_copies(clone_map *m) {
    for (size_t i = 0; i < m->cap; i++) {
        const wa_error *e = m->from[i];
        wa_error *c = m->to[i];
        if (!e || c->refs == IMMORTAL) continue;
        c->cause = wa_error_ref(lookup(m, e->cause));
        c->context = wa_error_ref(lookup(m, e->context));
        if (!e->nchildren) continue;
        c->children = wa__sys_malloc(e->nchildren * sizeof *c->children);
        if (!c->children) return false;
        for (size_t k = 0; k < e->nchildren; k++) c->children[k] = wa_error_ref(lookup(m, e->children[k]));
        c->nchildren = e->nchildren;
    }
    return true;
}

/* wa__error_clone, but NULL when out of memory. */
static wa_error *clone_or_null(const wa_error *e) {
    if (e->refs == IMMORTAL) return (wa_error *)e;
    clone_map m = {wa__sys_calloc(16, sizeof *m.from), wa__sys_calloc(16, sizeof *m.to), 0, 16};
    size_t depth = 0, room = 16;
    const wa_error **stack = wa__sys_malloc(room * sizeof *stack);
    bool ok = m.from && m.to && stack;
    if (ok) stack[depth++] = e;
    while (ok && depth) {
        const wa_error *o = stack[--depth];
        size_t i = slot_of(&m, o);
        if (m.from[i]) continue;
        wa_error *c = copy_node(o);
        if (!c) {
            ok = false;
            break;
        }
        m.from[i] = o;
        m.to[i] = c;
        /* at most half full, so probes stay short and a free slot exists */
        if (++m.n * 2 > m.cap && !grow(&m)) {
            ok = false;
            break;
        }
        size_t more = 2 + o->nchildren;
        if (depth + more > room) {
            size_t want = (depth + more) * 2;
            const wa_error **bigger = wa__sys_realloc(stack, want * sizeof *stack);
            if (!bigger) {
                ok = false;
                break;
            }
            stack = bigger;
            room = want;
        }
        if (o->cause) stack[depth++] = o->cause;
        if (o->context) stack[depth++] = o->context;
        for (size_t k = 0; k < o->nchildren; k++) stack[depth++] = o->children[k];
    }
    free(stack);
    wa_error *copy = ok && link_copies(&m) ? wa_error_ref(lookup(&m, e)) : NULL;
    if (!copy && m.from && m.to) free_copies(&m);
    free(m.from);
    free(m.to);
    return copy;
}

wa_error *wa__error_clone(const wa_error *e) {
    if (!e) return NULL;
    wa_error *copy = clone_or_null(e);
    return copy ? copy : wa_error_new(WA_MEMORY_ERROR, NULL);
}

/* Replaces each error inside the owned value v by its clone. */
static int clone_errors(wa_value *v) {
    if (v->kind == WA_KIND_ERROR && v->as.err) {
        wa_error *c = clone_or_null(v->as.err);
        if (!c) return WA_ENOMEM;
        wa_error_unref(v->as.err);      /* wa_value_copy's reference */
        v->as.err = c;
        return WA_OK;
    }
    if (v->kind != WA_KIND_LIST) return WA_OK;
    for (size_t i = 0; i < v->as.list.len; i++)
        if (clone_errors((wa_value *)&v->as.list.items[i])) return WA_ENOMEM;   /* an owned copy's items */
    return WA_OK;
}

int wa__value_clone(wa_value *dst, wa_value *src) {
    int rc = wa_value_copy(dst, src);
    if (!rc && clone_errors(dst)) {
        wa_value_clear(dst);
        rc = WA_ENOMEM;
    }
    return rc;
}
