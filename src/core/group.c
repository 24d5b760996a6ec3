/*
 * group.c — exception groups: errors with children, as PEP 654 has them.
 *
 * A group is an ordinary wa_error whose type descends from
 * BaseExceptionGroup and which owns references to its children.  split()
 * is what `except*` does: it walks the tree and builds two new groups with
 * the same nesting and messages, one of the leaves that match and one of
 * the rest.
 */
#include <stdlib.h>
#include <string.h>

#include "alloc-int.h"
#include "error-int.h"

/* Python's BaseExceptionGroup.__new__: ExceptionGroup when every child is
 * an Exception. */
static const wa_error_type *group_type_for(wa_error *const *children, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (!wa_error_is(children[i], WA_EXCEPTION)) return WA_BASE_EXCEPTION_GROUP;
    return WA_EXCEPTION_GROUP;
}

wa_error *wa_error_group_new(const char *message, wa_error **take_children, size_t n) {
    bool valid = take_children && n > 0;
    for (size_t i = 0; valid && i < n; i++) valid = take_children[i] != NULL;
    if (!valid) {
        for (size_t i = 0; take_children && i < n; i++) wa_error_unref(take_children[i]);
        wa__misuse(WA_EINVAL, __func__, n == 0 ? "a group needs at least one error" : "children or a child is NULL");
        return NULL;
    }
    wa_error *g = wa_error_new(group_type_for(take_children, n), "%s", message ? message : "");
    wa_error **copy = wa_error_is(g, WA_BASE_EXCEPTION_GROUP) ? wa__sys_malloc(n * sizeof *copy) : NULL;
    if (!copy) {
        for (size_t i = 0; i < n; i++) wa_error_unref(take_children[i]);
        wa_error_unref(g);
        return wa_error_new(WA_MEMORY_ERROR, NULL);     /* the shared MemoryError */
    }
    memcpy(copy, take_children, n * sizeof *copy);
    g->children = copy;
    g->nchildren = n;
    return g;
}

bool wa_error_is_group(const wa_error *e) { return wa_error_is(e, WA_BASE_EXCEPTION_GROUP) && e->nchildren > 0; }
size_t wa_error_group_size(const wa_error *e) { return e ? e->nchildren : 0; }
wa_error *wa_error_group_child(const wa_error *e, size_t i) { return e && i < e->nchildren ? e->children[i] : NULL; }

/* A new group like g (message and cause) over the given children. */
static wa_error *derive(const wa_error *g, wa_error **take_children, size_t n) {
    wa_error *d = wa_error_group_new(g->message, take_children, n);
    if (d && !wa_error_is(d, WA_MEMORY_ERROR)) {
        /* as BaseExceptionGroup.derive's copy: __cause__ (which sets
         * __suppress_context__, even to None) and __context__ */
        wa_error_set_cause(d, wa_error_ref(g->cause));
        wa__error_set_context(d, g->context);
    }
    return d;
}

/* What split() asks of each node: does it match as a whole? */
typedef struct matcher {
    bool (*fn)(const wa_error *e, const struct matcher *m);
    const wa_error_type *type;
    wa_error *const *keep;
    size_t nkeep;
} matcher;

static bool match_type(const wa_error *e, const matcher *m) { return wa_error_is(e, m->type); }

/* Splits e into *match and *rest (new references or NULL).  WA_ENOMEM. */
static int split(wa_error *e, const matcher *t, wa_error **match, wa_error **rest) {
    *match = *rest = NULL;
    bool whole = t->fn(e, t);
    if (whole || !wa_error_is_group(e)) {
        *(whole ? match : rest) = wa_error_ref(e);
        return WA_OK;
    }
    wa_error **m = wa__sys_calloc(e->nchildren, sizeof *m);
    wa_error **r = wa__sys_calloc(e->nchildren, sizeof *r);
    size_t nm = 0, nr = 0;
    int rc = m && r ? WA_OK : WA_ENOMEM;
    for (size_t i = 0; rc == WA_OK && i < e->nchildren; i++) {
        wa_error *cm, *cr;
        rc = split(e->children[i], t, &cm, &cr);
        if (cm) m[nm++] = cm;
        if (cr) r[nr++] = cr;
    }
    if (rc == WA_OK) {
        *match = nm ? derive(e, m, nm) : NULL;
        *rest = nr ? derive(e, r, nr) : NULL;
        nm = nr = 0;    /* taken over */
        if (wa_error_is(*match, WA_MEMORY_ERROR) || wa_error_is(*rest, WA_MEMORY_ERROR)) rc = WA_ENOMEM;
    }
    for (size_t i = 0; i < nm; i++) wa_error_unref(m[i]);
    for (size_t i = 0; i < nr; i++) wa_error_unref(r[i]);
    free(m);
    free(r);
    if (rc != WA_OK) {
        wa_error_unref(*match);
        wa_error_unref(*rest);
        *match = *rest = NULL;
    }
    return rc;
}

int wa_error_split(wa_error *e, const wa_error_type *t, wa_error **match, wa_error **rest) {
    if (match) *match = NULL;
    if (rest) *rest = NULL;
    if (!e || !t) return wa__misuse(WA_EINVAL, __func__, e ? "type is NULL" : "error is NULL");
    wa_error *m, *r;
    matcher by_type = {match_type, t, NULL, 0};
    if (split(e, &by_type, &m, &r)) return wa__misuse(WA_ENOMEM, __func__, "out of memory");
    if (match) *match = m; else wa_error_unref(m);
    if (rest) *rest = r; else wa_error_unref(r);
    return WA_OK;
}

/* A leaf of orig is kept when it is one of the leaves of the keep errors. */
static bool has_leaf(const wa_error *tree, const wa_error *leaf) {
    if (tree == leaf) return true;
    for (size_t i = 0; i < tree->nchildren; i++)
        if (has_leaf(tree->children[i], leaf)) return true;
    return false;
}

static bool match_kept(const wa_error *e, const matcher *m) {
    if (wa_error_is_group(e)) return false;
    for (size_t i = 0; i < m->nkeep; i++)
        if (m->keep[i] && has_leaf(m->keep[i], e)) return true;
    return false;
}

wa_error *wa__error_project(wa_error *orig, wa_error *const *keep, size_t nkeep) {
    matcher kept = {match_kept, NULL, keep, nkeep};
    wa_error *m, *r;
    if (split(orig, &kept, &m, &r)) return wa_error_new(WA_MEMORY_ERROR, "out of memory");
    wa_error_unref(r);
    return m;
}
