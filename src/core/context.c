/*
 * context.c — contextvars: variables, tokens, contexts and Context.run.
 *
 * A context holds a map, an immutable array of bindings (variable, value)
 * kept sorted by the variable's address so a lookup is a binary search.  A
 * set never changes a map: it builds one with the binding replaced and
 * swaps it in, so every copy of the context keeps its snapshot (CPython's
 * HAMT gives the same; a small copy-on-write array is enough for the few
 * variables a program has).  Bindings and maps are shared, refcounted, and
 * never written once built, which is what lets a worker thread read the
 * context wa_to_thread hands it.
 *
 * Invariant: a map has n >= 1 bindings (an empty context has map NULL),
 * each holding a reference to its variable, so an address is never reused
 * while a map still compares against it.
 */
#include <stdlib.h>
#include <string.h>

#include "context-int.h"
#include "task-int.h"

struct wa__binding {
    atomic_uint refs;
    wa_contextvar *var;         /* a reference */
    wa_value value;             /* owned */
};

struct wa_contextvar {
    atomic_uint refs;
    bool has_default;
    wa_value default_value;     /* owned */
    char name[];
};

struct wa_token {
    atomic_uint refs;
    bool used;
    wa_contextvar *var;         /* references, all three */
    wa_varcontext *ctx;
    wa__binding *old;           /* NULL: Token.MISSING */
};

_Thread_local wa_varcontext **wa__ctx_slot;
static _Thread_local wa_varcontext *thread_ctx;    /* the thread's own */
wa_varcontext *const wa__ctx_loop_mark = NULL;    /* only its address is used */
_Atomic(wa__ctx_copy_fn) wa__ctx_copy;
_Atomic(wa__ctx_release_fn) wa__ctx_release;
static int copy_current(wa_varcontext **out);

static bool release(atomic_uint *refs) { return atomic_fetch_sub_explicit(refs, 1, memory_order_acq_rel) == 1; }
static void retain(atomic_uint *refs) { atomic_fetch_add_explicit(refs, 1, memory_order_relaxed); }

/* A copy the caller owns, except that a pointer stays borrowed: its
 * destructor belongs to whoever stored it. */
static int copy_out(wa_value *out, const wa_value *v) {
    wa_value view = *v;
    if (view.kind == WA_KIND_PTR) view.as.ptr.dtor = NULL;
    return wa_value_copy(out, &view);
}

/* ---- variables -------------------------------------------------------------- */

wa_contextvar *wa_contextvar_new(const char *name, wa_value default_value, bool has_default) {
    if (!name) {
        wa__misuse(WA_EINVAL, __func__, "name is NULL");
        return NULL;
    }
    size_t len = strlen(name);
    wa_contextvar *v = wa__sys_malloc(sizeof *v + len + 1);
    if (!v) goto oom;
    atomic_init(&v->refs, 1);
    v->has_default = has_default;
    v->default_value = wa_none();
    memcpy(v->name, name, len + 1);
    if (has_default && wa_value_copy(&v->default_value, &default_value)) {
        free(v);
        goto oom;
    }
    return v;
oom:
    wa__misuse(WA_ENOMEM, __func__, "out of memory");
    return NULL;
}

wa_contextvar *wa_contextvar_ref(wa_contextvar *v) {
    if (v) retain(&v->refs);
    return v;
}

void wa_contextvar_unref(wa_contextvar *v) {
    if (!v || !release(&v->refs)) return;
    wa_value_clear(&v->default_value);
    free(v);
}

const char *wa_contextvar_name(const wa_contextvar *v) { return v ? v->name : ""; }

/* The repr CPython gives a variable: "<ContextVar name='x' default=5 at 0x...>". */
static size_t var_repr(const wa_contextvar *v, char *buf, size_t size, size_t at) {
    at = wa__append(buf, size, at, "<ContextVar name='%s'", v->name);
    if (v->has_default) {
        const wa_value *d = &v->default_value;
        switch (d->kind) {
        case WA_KIND_NONE: at = wa__append_str(buf, size, at, " default=None"); break;
        case WA_KIND_BOOL: at = wa__append_str(buf, size, at, d->as.b ? " default=True" : " default=False"); break;
        case WA_KIND_INT: at = wa__append(buf, size, at, " default=%lld", (long long)d->as.i); break;
        case WA_KIND_STR: at = wa__append(buf, size, at, " default='%s'", d->as.buf.data); break;
        default: at = wa__append_str(buf, size, at, " default=..."); break;
        }
    }
    return wa__append(buf, size, at, " at %p>", (const void *)v);
}

size_t wa_contextvar_repr(const wa_contextvar *v, char *buf, size_t size) {
    if (size) buf[0] = '\0';
    return v ? var_repr(v, buf, size, 0) : 0;
}

/* ---- bindings and maps ---------------------------------------------------------- */

static void binding_unref(wa__binding *b) {
    if (!b || !release(&b->refs)) return;
    wa_value_clear(&b->value);
    wa_contextvar_unref(b->var);
    free(b);
}

static void map_unref(wa__ctxmap *m) {
    if (!m || !release(&m->refs)) return;
    for (uint32_t i = 0; i < m->n; i++) binding_unref(m->items[i]);
    free(m);
}

/* Where var is in m, or where it would go (*found false). */
static uint32_t map_find(const wa__ctxmap *m, const wa_contextvar *var, bool *found) {
    uint32_t lo = 0, hi = m ? m->n : 0;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const wa_contextvar *at = m->items[mid]->var;
        if (at == var) {
            *found = true;
            return mid;
        }
        if ((uintptr_t)at < (uintptr_t)var) lo = mid + 1;
        else hi = mid;
    }
    *found = false;
    return lo;
}

static wa__binding *map_get(const wa__ctxmap *m, const wa_contextvar *var) {
    bool found;
    uint32_t i = map_find(m, var, &found);
    return found ? m->items[i] : NULL;
}

/* m with var bound to b (taken; NULL removes var), as a new map; *out NULL
 * when nothing is left.  WA_ENOMEM (b is then still the caller's). */
static int map_with(const wa__ctxmap *m, const wa_contextvar *var, wa__binding *b, wa__ctxmap **out) {
    bool found;
    uint32_t at = map_find(m, var, &found), n = m ? m->n : 0;
    uint32_t new_n = n + (b && !found) - (!b && found);
    *out = NULL;
    if (new_n == 0) return WA_OK;
    wa__ctxmap *nm = wa__sys_malloc(sizeof *nm + new_n * sizeof nm->items[0]);
    if (!nm) return WA_ENOMEM;
    atomic_store_explicit(&wa__ctx_copy, copy_current, memory_order_relaxed);
    atomic_init(&nm->refs, 1);
    nm->n = new_n;
    uint32_t j = 0;
    for (uint32_t i = 0; i < n; i++) {
        if (i == at && b) nm->items[j++] = b;
        if (i == at && found) continue;     /* replaced or removed */
        retain(&m->items[i]->refs);
        nm->items[j++] = m->items[i];
    }
    if (at == n && b) nm->items[j++] = b;
    *out = nm;
    return WA_OK;
}

/* ---- contexts ------------------------------------------------------------------- */

static wa_varcontext *context_new(wa__ctxmap *share) {
    wa_varcontext *c = wa__sys_malloc(sizeof *c);
    if (!c) return NULL;
    atomic_store_explicit(&wa__ctx_release, wa_varcontext_unref, memory_order_relaxed);
    atomic_init(&c->refs, 1);
    c->entered = 0;
    c->map = share;
    if (share) retain(&share->refs);
    return c;
}

wa_varcontext *wa_varcontext_new(void) {
    wa_varcontext *c = context_new(NULL);
    if (!c) wa__misuse(WA_ENOMEM, __func__, "out of memory");
    return c;
}

/* The slot that holds the current context.  A task keeps its context in
 * its side record: to read, one without a record has an empty context; to
 * write (make), the record is made, and NULL means out of memory. */
static wa_varcontext **current_slot(bool make) {
    static wa_varcontext *const no_context = NULL;
    wa_varcontext **slot = wa__ctx_slot;
    if (slot == WA__CTX_LOOP) {
        wa_loop *loop = wa__running_loop();
        wa_task *t = loop->current;
        if (!t) {
            slot = loop->ctx_outer;
        } else if (t->has_rare || make) {
            wa__task_rare *r = wa__task_rare_of(t);
            return r ? &r->ctx : NULL;
        } else {
            return (wa_varcontext **)&no_context;   /* only read */
        }
    }
    return slot ? slot : &thread_ctx;
}

wa_varcontext *wa__context_current(void) { return *current_slot(false); }

/* wa__ctx_copy, once a map exists. */
static int copy_current(wa_varcontext **out) {
    wa_varcontext *cur = wa__context_current();
    if (!cur || !cur->map) return WA_OK;    /* nothing to copy */
    *out = context_new(cur->map);
    return *out ? WA_OK : WA_ENOMEM;
}

wa_varcontext *wa_copy_context(void) {
    wa_varcontext *cur = wa__context_current();
    wa_varcontext *c = context_new(cur ? cur->map : NULL);
    if (!c) wa__misuse(WA_ENOMEM, __func__, "out of memory");
    return c;
}

wa_varcontext *wa_varcontext_copy(const wa_varcontext *c) {
    if (!c) {
        wa__misuse(WA_EINVAL, __func__, "context is NULL");
        return NULL;
    }
    wa_varcontext *copy = context_new(c->map);
    if (!copy) wa__misuse(WA_ENOMEM, __func__, "out of memory");
    return copy;
}

wa_varcontext *wa_varcontext_ref(wa_varcontext *c) {
    if (c) retain(&c->refs);
    return c;
}

void wa_varcontext_unref(wa_varcontext *c) {
    if (!c || !release(&c->refs)) return;
    map_unref(c->map);
    free(c);
}

size_t wa_varcontext_len(const wa_varcontext *c) { return c && c->map ? c->map->n : 0; }

int wa_varcontext_get(const wa_varcontext *c, wa_contextvar *v, wa_value *out) {
    if (!c || !v || !out) return wa__misuse(WA_EINVAL, __func__, "context, variable or out is NULL");
    *out = wa_none();
    wa__binding *b = map_get(c->map, v);
    if (!b) return WA_EEMPTY;
    return copy_out(out, &b->value) ? wa__misuse(WA_ENOMEM, __func__, "out of memory") : WA_OK;
}

/* The current context, made in its slot if it is an empty one not made yet. */
static wa_varcontext *current_made(void) {
    wa_varcontext **slot = current_slot(true);
    if (slot && !*slot) *slot = context_new(NULL);
    return slot ? *slot : NULL;
}

/* Sets *error (if asked) to an error of type with the misuse message. */
static int fail_with(int code, const wa_error_type *type, wa_error **error) {
    if (error) *error = wa__misuse_error_as(type);
    return code;
}

int wa_varcontext_run(wa_varcontext *c, void (*fn)(void *arg), void *arg, wa_error **error) {
    static const char func[] = "wa_varcontext_run";
    if (error) *error = NULL;
    if (!c || !fn)
        return fail_with(wa__misuse(WA_EINVAL, func, c ? "fn is NULL" : "context is NULL"), WA_TYPE_ERROR, error);
    wa_varcontext *outer_ctx = wa__context_current();
    if (c->entered || c == outer_ctx)
        return fail_with(wa__misuse(WA_EEXCEPTION, func, "cannot enter context: <_contextvars.Context object at %p> "
                                    "is already entered", (void *)c), WA_RUNTIME_ERROR, error);
    wa_varcontext *slot = c;
    if (outer_ctx) outer_ctx->entered++;    /* still on this thread's stack while fn runs */
    c->entered++;
    wa_varcontext **outer = wa__context_enter(&slot);
    fn(arg);
    wa__context_leave(outer);
    c->entered--;
    if (outer_ctx) outer_ctx->entered--;
    return WA_OK;
}

/* ---- get, set, reset ---------------------------------------------------------- */

int wa_contextvar_get(wa_contextvar *v, wa_value *out, wa_error **error) {
    static const char func[] = "wa_contextvar_get";
    if (error) *error = NULL;
    if (!v || !out) return fail_with(wa__misuse(WA_EINVAL, func, "variable or out is NULL"), WA_TYPE_ERROR, error);
    *out = wa_none();
    wa_varcontext *cur = wa__context_current();
    wa__binding *b = cur ? map_get(cur->map, v) : NULL;
    const wa_value *found = b ? &b->value : v->has_default ? &v->default_value : NULL;
    if (!found) {
        char repr[160];
        var_repr(v, repr, sizeof repr, 0);
        return fail_with(wa__misuse(WA_EEXCEPTION, func, "%s", repr), WA_LOOKUP_ERROR, error);
    }
    if (copy_out(out, found)) return fail_with(wa__misuse(WA_ENOMEM, func, "out of memory"), WA_MEMORY_ERROR, error);
    return WA_OK;
}

int wa_contextvar_get_or(wa_contextvar *v, wa_value default_value, wa_value *out) {
    if (!v || !out) return wa__misuse(WA_EINVAL, __func__, "variable or out is NULL");
    *out = wa_none();
    wa_varcontext *cur = wa__context_current();
    wa__binding *b = cur ? map_get(cur->map, v) : NULL;
    return copy_out(out, b ? &b->value : &default_value) ? wa__misuse(WA_ENOMEM, __func__, "out of memory") : WA_OK;
}

/* Binds v to b (taken; NULL removes it) in c.  WA_ENOMEM. */
static int context_bind(wa_varcontext *c, wa_contextvar *v, wa__binding *b) {
    wa__ctxmap *nm;
    if (map_with(c->map, v, b, &nm)) return WA_ENOMEM;
    map_unref(c->map);
    c->map = nm;
    return WA_OK;
}

wa_token *wa_contextvar_set(wa_contextvar *v, wa_value value) {
    if (!v) {
        wa__misuse(WA_EINVAL, __func__, "variable is NULL");
        return NULL;
    }
    wa_varcontext *c = current_made();
    wa__binding *b = wa__sys_malloc(sizeof *b);
    wa_token *t = wa__sys_malloc(sizeof *t);
    if (!c || !b || !t) goto oom;
    atomic_init(&b->refs, 1);
    b->var = v;
    *t = (wa_token){.var = v, .ctx = c, .old = map_get(c->map, v)};
    atomic_init(&t->refs, 1);
    if (wa_value_copy(&b->value, &value)) goto oom;
    if (t->old) retain(&t->old->refs);
    if (context_bind(c, v, b)) {
        binding_unref(t->old);
        if (value.kind == WA_KIND_PTR) b->value.as.ptr.dtor = NULL;     /* not taken after all */
        wa_value_clear(&b->value);
        goto oom;
    }
    retain(&v->refs);   /* the binding's */
    retain(&v->refs);   /* the token's */
    retain(&c->refs);
    return t;
oom:
    free(b);
    free(t);
    wa__misuse(WA_ENOMEM, __func__, "out of memory");
    return NULL;
}

static size_t token_repr(const wa_token *t, char *buf, size_t size) {
    size_t at = wa__append_str(buf, size, 0, t->used ? "<Token used var=" : "<Token var=");
    at = var_repr(t->var, buf, size, at);
    return wa__append(buf, size, at, " at %p>", (const void *)t);
}

int wa_contextvar_reset(wa_contextvar *v, wa_token *t, wa_error **error) {
    static const char func[] = "wa_contextvar_reset";
    if (error) *error = NULL;
    if (!v || !t) return fail_with(wa__misuse(WA_EINVAL, func, "variable or token is NULL"), WA_TYPE_ERROR, error);
    char repr[320];
    const char *why = t->used ? "has already been used once"
                    : t->var != v ? "was created by a different ContextVar"
                    : t->ctx != wa__context_current() ? "was created in a different Context" : NULL;
    if (why) {
        token_repr(t, repr, sizeof repr);
        return fail_with(wa__misuse(WA_EEXCEPTION, func, "%s %s", repr, why),
                         t->used ? WA_RUNTIME_ERROR : WA_VALUE_ERROR, error);
    }
    if (t->old) retain(&t->old->refs);
    if (context_bind(t->ctx, v, t->old)) {
        binding_unref(t->old);
        return fail_with(wa__misuse(WA_ENOMEM, func, "out of memory"), WA_MEMORY_ERROR, error);
    }
    t->used = true;
    return WA_OK;
}

void wa_token_unref(wa_token *t) {
    if (!t || !release(&t->refs)) return;
    binding_unref(t->old);
    wa_contextvar_unref(t->var);
    wa_varcontext_unref(t->ctx);
    free(t);
}

wa_contextvar *wa_token_var(const wa_token *t) { return t ? t->var : NULL; }

/* ---- a task's context ------------------------------------------------------------- */

wa_varcontext *wa_task_get_context(wa_task *t) {
    if (!t) {
        wa__misuse(WA_EINVAL, __func__, "task is NULL");
        return NULL;
    }
    wa__task_rare *r = wa__task_rare_of(t);
    if (!r || (!r->ctx && !(r->ctx = context_new(NULL)))) {
        wa__misuse(WA_ENOMEM, __func__, "out of memory");
        return NULL;
    }
    return r->ctx;
}

/* ---- call_soon / call_later / call_at with context= ---------------------------- */

/* The handle scheduled with rc (and a copy of the current context) runs in
 * c instead; handed out as asked. */
static int use_context(int rc, wa_varcontext *c, wa_handle **made, wa_handle **handle_out) {
    wa_handle *h = *made;
    if (rc) return rc;
    if (c) {
        wa_varcontext_unref(h->u.call.ctx);
        h->u.call.ctx = wa_varcontext_ref(c);
    }
    if (handle_out) *handle_out = h;
    else wa_handle_unref(h);
    return WA_OK;
}

int wa_call_soon_context(wa_loop *loop, wa_varcontext *c, wa_callback cb, void *arg, wa_handle **handle_out) {
    wa_handle *h = NULL;
    if (handle_out) *handle_out = NULL;
    return use_context(wa__call_soon_at(loop, cb, arg, &h, NULL, NULL, 0, NULL), c, &h, handle_out);
}

int wa_call_later_context(wa_loop *loop, wa_varcontext *c, double delay, wa_callback cb, void *arg,
                          wa_handle **handle_out) {
    wa_handle *h = NULL;
    if (handle_out) *handle_out = NULL;
    return use_context(wa__call_later_at(loop, delay, cb, arg, &h, NULL, NULL, 0, NULL), c, &h, handle_out);
}

int wa_call_at_context(wa_loop *loop, wa_varcontext *c, double when, wa_callback cb, void *arg,
                       wa_handle **handle_out) {
    wa_handle *h = NULL;
    if (handle_out) *handle_out = NULL;
    return use_context(wa__call_at_at(loop, when, cb, arg, &h, NULL, NULL, 0, NULL), c, &h, handle_out);
}
