/*
 * test_context.c — contextvars: get with and without defaults, set and
 * reset with tokens and their errors, copies as snapshots, Context.run,
 * and where asyncio enters contexts: tasks (a copy of the creator's, or the
 * one given), call_soon/call_later (a copy made when scheduled, or the one
 * given), to_thread (the caller's), a Runner (one context for every run).
 * Tests set variables inside wa_varcontext_run so the thread's own context,
 * which lives until the process ends, stays empty.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "../../src/host/sysalloc.h"
#include "../../src/threads/threads.h"

static int64_t get_int(wa_contextvar *v) {
    wa_value out;
    if (wa_contextvar_get(v, &out, NULL)) return -1;
    return out.kind == WA_KIND_INT ? out.as.i : -2;
}

/* ---- variables, tokens, contexts --------------------------------------------- */

typedef struct basics {
    wa_contextvar *with_default, *without;
    int failed_at;
    wa_error *lookup;
    wa_value seen;
} basics;

static void basics_body(void *arg) {
    basics *b = arg;
    if (get_int(b->with_default) != 7) { b->failed_at = 1; return; }
    wa_token *t = wa_contextvar_set(b->with_default, wa_int(8));
    if (!t || get_int(b->with_default) != 8) { b->failed_at = 2; return; }
    wa_token *t2 = wa_contextvar_set(b->with_default, wa_int(9));
    if (wa_contextvar_reset(b->with_default, t2, NULL) || get_int(b->with_default) != 8) { b->failed_at = 3; return; }
    if (wa_contextvar_reset(b->with_default, t, NULL) || get_int(b->with_default) != 7) { b->failed_at = 4; return; }
    wa_token_unref(t);
    wa_token_unref(t2);
    if (wa_contextvar_get(b->without, &b->seen, &b->lookup) != WA_EEXCEPTION) { b->failed_at = 5; return; }
    if (wa_contextvar_get_or(b->without, wa_str("fallback"), &b->seen)) b->failed_at = 6;
}

TEST(context_get_set_reset_and_defaults) {
    basics b = {wa_contextvar_new("x", wa_int(7), true), wa_contextvar_new("y", wa_none(), false), 0, NULL, {0}};
    ASSERT(b.with_default && b.without);
    ASSERT_STR_EQ(wa_contextvar_name(b.with_default), "x");
    wa_varcontext *c = wa_varcontext_new();
    ASSERT_EQ(wa_varcontext_run(c, basics_body, &b, NULL), WA_OK);
    ASSERT_EQ(b.failed_at, 0);
    ASSERT(wa_error_is(b.lookup, WA_LOOKUP_ERROR) && wa_error_is(b.lookup, WA_EXCEPTION));
    ASSERT(strncmp(wa_error_message(b.lookup), "<ContextVar name='y' at 0x", 26) == 0);
    ASSERT_STR_EQ(b.seen.as.buf.data, "fallback");
    ASSERT_EQ(wa_varcontext_len(c), 0);     /* reset to "missing" removes the binding */
    wa_value_clear(&b.seen);
    wa_error_unref(b.lookup);
    wa_varcontext_unref(c);
    wa_contextvar_unref(b.with_default);
    wa_contextvar_unref(b.without);
}

typedef struct token_errors {
    wa_contextvar *x, *y;
    wa_token *tok;
    wa_error *errs[3];
} token_errors;

static void set_x(void *arg) {
    token_errors *te = arg;
    te->tok = wa_contextvar_set(te->x, wa_str("one"));
}

static void misuse_token(void *arg) {
    token_errors *te = arg;
    wa_contextvar_reset(te->y, te->tok, &te->errs[0]);      /* another variable */
    wa_contextvar_reset(te->x, te->tok, &te->errs[1]);      /* another context */
}

static void reuse_token(void *arg) {
    token_errors *te = arg;
    wa_contextvar_reset(te->x, te->tok, NULL);
    wa_contextvar_reset(te->x, te->tok, &te->errs[2]);
}

TEST(context_token_errors) {
    token_errors te = {wa_contextvar_new("x", wa_none(), false), wa_contextvar_new("y", wa_none(), false), NULL, {0}};
    wa_varcontext *a = wa_varcontext_new(), *b = wa_varcontext_new();
    ASSERT_EQ(wa_varcontext_run(a, set_x, &te, NULL), WA_OK);
    ASSERT(te.tok && wa_token_var(te.tok) == te.x);
    ASSERT_EQ(wa_varcontext_run(b, misuse_token, &te, NULL), WA_OK);
    ASSERT_EQ(wa_varcontext_run(a, reuse_token, &te, NULL), WA_OK);
    ASSERT(wa_error_is(te.errs[0], WA_VALUE_ERROR));
    ASSERT_CONTAINS(wa_error_message(te.errs[0]), "was created by a different ContextVar");
    ASSERT(strncmp(wa_error_message(te.errs[0]), "<Token var=<ContextVar name='x' at 0x", 37) == 0);
    ASSERT(wa_error_is(te.errs[1], WA_VALUE_ERROR));
    ASSERT_CONTAINS(wa_error_message(te.errs[1]), "> was created in a different Context");
    ASSERT(wa_error_is(te.errs[2], WA_RUNTIME_ERROR));
    ASSERT(strncmp(wa_error_message(te.errs[2]), "<Token used var=<ContextVar name='x'", 36) == 0);
    ASSERT_CONTAINS(wa_error_message(te.errs[2]), "> has already been used once");
    ASSERT_EQ(wa_varcontext_len(a), 0);
    for (int i = 0; i < 3; i++) wa_error_unref(te.errs[i]);
    wa_token_unref(te.tok);
    wa_varcontext_unref(a);
    wa_varcontext_unref(b);
    wa_contextvar_unref(te.x);
    wa_contextvar_unref(te.y);
}

typedef struct snapshot {
    wa_contextvar *v;
    wa_varcontext *copy, *inner;
    wa_error *nested;
    int64_t in_copy, in_current;
} snapshot;

static void nested_run(void *arg) {
    snapshot *s = arg;
    wa_varcontext_run(s->inner, nested_run, s, &s->nested);    /* s->inner is entered: refused */
}

static void take_snapshot(void *arg) {
    snapshot *s = arg;
    wa_token_unref(wa_contextvar_set(s->v, wa_int(1)));
    s->copy = wa_copy_context();
    wa_token_unref(wa_contextvar_set(s->v, wa_int(2)));
    wa_value out;
    s->in_copy = wa_varcontext_get(s->copy, s->v, &out) == WA_OK ? out.as.i : -1;
    s->in_current = get_int(s->v);
}

TEST(context_copy_is_a_snapshot_and_run_refuses_reentry) {
    snapshot s = {wa_contextvar_new("v", wa_none(), false), NULL, wa_varcontext_new(), NULL, 0, 0};
    ASSERT_EQ(wa_varcontext_run(s.inner, take_snapshot, &s, NULL), WA_OK);
    ASSERT_EQ(s.in_copy, 1);
    ASSERT_EQ(s.in_current, 2);
    ASSERT_EQ(wa_varcontext_len(s.copy), 1);
    ASSERT_EQ(wa_varcontext_run(s.inner, nested_run, &s, NULL), WA_OK);
    ASSERT(wa_error_is(s.nested, WA_RUNTIME_ERROR));
    ASSERT(strncmp(wa_error_message(s.nested), "cannot enter context: <_contextvars.Context object at 0x", 56) == 0);
    ASSERT_CONTAINS(wa_error_message(s.nested), "> is already entered");
    wa_value out;
    ASSERT_EQ(wa_varcontext_get(s.inner, s.v, &out), WA_OK);
    ASSERT_EQ(out.as.i, 2);
    ASSERT_EQ(get_int(s.v), -1);     /* the thread's own context never saw it */
    wa_error_unref(s.nested);
    wa_varcontext_unref(s.copy);
    wa_varcontext_unref(s.inner);
    wa_contextvar_unref(s.v);
}

typedef struct reentry {
    wa_varcontext *a, *b;
    wa_error *err;
    int ran;
} reentry;

static void count_run(void *arg) { ((reentry *)arg)->ran++; }

static void enter_a(void *arg) {
    reentry *r = arg;
    wa_varcontext_run(r->a, count_run, r, &r->err);     /* a is still entered below b */
}

static void enter_b(void *arg) {
    reentry *r = arg;
    wa_varcontext_run(r->b, enter_a, r, NULL);
}

TEST(context_run_refuses_a_context_entered_further_out) {
    reentry r = {wa_varcontext_new(), wa_varcontext_new(), NULL, 0};
    ASSERT_EQ(wa_varcontext_run(r.a, enter_b, &r, NULL), WA_OK);
    ASSERT_EQ(r.ran, 0);
    ASSERT(wa_error_is(r.err, WA_RUNTIME_ERROR));
    wa_error_unref(r.err);
    r.err = NULL;
    ASSERT_EQ(wa_varcontext_run(r.b, enter_a, &r, NULL), WA_OK);   /* once left, a can be entered again */
    ASSERT_EQ(r.ran, 1);
    ASSERT(r.err == NULL);
    wa_varcontext_unref(r.a);
    wa_varcontext_unref(r.b);
}

static int dtor_runs;
static void count_dtor(void *p) {
    (void)p;
    dtor_runs++;
}

typedef struct owned {
    wa_contextvar *v;
    wa_varcontext *copy;
    wa_token *tok;
    void *seen;
    void (*seen_dtor)(void *);
} owned;

static void store_pointer(void *arg) {
    owned *o = arg;
    o->tok = wa_contextvar_set(o->v, wa_ptr(&dtor_runs, count_dtor));
    o->copy = wa_copy_context();
    wa_value out;
    wa_contextvar_get(o->v, &out, NULL);
    o->seen = out.as.ptr.p;
    o->seen_dtor = out.as.ptr.dtor;
    wa_value_clear(&out);               /* borrowed: runs nothing */
    wa_token_unref(wa_contextvar_set(o->v, wa_str("replaced")));
}

TEST(context_pointer_destructor_runs_once_with_last_holder) {
    dtor_runs = 0;
    owned o = {wa_contextvar_new("p", wa_none(), false), NULL, NULL, NULL, NULL};
    wa_varcontext *c = wa_varcontext_new();
    ASSERT_EQ(wa_varcontext_run(c, store_pointer, &o, NULL), WA_OK);
    ASSERT(o.seen == &dtor_runs && o.seen_dtor == NULL);
    wa_varcontext_unref(c);
    wa_token_unref(o.tok);
    ASSERT_EQ(dtor_runs, 0);            /* the copy still holds it */
    wa_varcontext_unref(o.copy);
    ASSERT_EQ(dtor_runs, 1);
    wa_contextvar_unref(o.v);
    ASSERT_EQ(dtor_runs, 1);
}

/* ---- tasks and callbacks ------------------------------------------------------- */

static wa_contextvar *request_id;
static int64_t seen[8];
static int nseen;

typedef struct child {
    wa_coro co;
    int64_t set_to;
} child;

static wa_status child_step(wa_coro *co) {
    child *f = (child *)co;
    WA_BEGIN(co);
    seen[nseen++] = get_int(request_id);
    if (f->set_to) wa_token_unref(wa_contextvar_set(request_id, wa_int(f->set_to)));
    WA_AWAIT(co, wa_sleep(co, 1));
    seen[nseen++] = get_int(request_id);     /* its own context survives the await */
    WA_END(co);
}

typedef struct parent {
    wa_coro co;
    wa_task *kid;
    wa_varcontext *given;
} parent;

static wa_status parent_step(wa_coro *co) {
    parent *f = (parent *)co;
    WA_BEGIN(co);
    wa_token_unref(wa_contextvar_set(request_id, wa_int(1)));
    f->kid = WA_SPAWN(wa_get_running_loop(), child_step, child, .set_to = 5);
    wa_token_unref(wa_contextvar_set(request_id, wa_int(2)));     /* after the copy: the child never sees it */
    WA_AWAIT(co, wa_task_future(f->kid));
    seen[nseen++] = get_int(request_id);
    wa_task_unref(f->kid);
    f->kid = WA_SPAWN_IN_CONTEXT(wa_get_running_loop(), f->given, child_step, child, .set_to = 9);
    WA_AWAIT(co, wa_task_future(f->kid));
    wa_task_unref(f->kid);
    WA_END(co);
}

TEST(context_tasks_copy_their_creators_or_use_the_given) {
    request_id = wa_contextvar_new("request_id", wa_int(0), true);
    nseen = 0;
    wa_loop *loop = test_loop();
    wa_varcontext *given = wa_varcontext_new();
    wa_task *t = WA_SPAWN(loop, parent_step, parent, .given = given);
    ASSERT_EQ(wa_loop_run_until_complete(loop, wa_task_future(t)), WA_OK);
    ASSERT_EQ(nseen, 5);
    ASSERT_EQ(seen[0], 1);  /* the copy made at creation */
    ASSERT_EQ(seen[1], 5);
    ASSERT_EQ(seen[2], 2);  /* the child's set stayed in its copy */
    ASSERT_EQ(seen[3], 0);  /* the given context, empty: the default */
    ASSERT_EQ(seen[4], 9);
    wa_value out;
    ASSERT_EQ(wa_varcontext_get(given, request_id, &out), WA_OK);     /* its set stayed in the given one */
    ASSERT_EQ(out.as.i, 9);
    ASSERT(wa_task_get_context(t) != NULL);
    ASSERT_EQ(wa_varcontext_get(wa_task_get_context(t), request_id, &out), WA_OK);
    ASSERT_EQ(out.as.i, 2);
    wa_task_unref(t);
    wa_varcontext_unref(given);
    wa_loop_free(loop);
    wa_contextvar_unref(request_id);
}

static void record(wa_loop *loop, void *arg) {
    (void)loop, (void)arg;
    seen[nseen++] = get_int(request_id);
    wa_token_unref(wa_contextvar_set(request_id, wa_int(100 + nseen)));  /* stays in the handle's copy */
}

typedef struct scheduler {
    wa_coro co;
    wa_varcontext *given;
} scheduler;

static wa_status scheduler_step(wa_coro *co) {
    scheduler *f = (scheduler *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    wa_token_unref(wa_contextvar_set(request_id, wa_int(3)));
    wa_call_soon(loop, record, NULL, NULL);
    wa_call_later(loop, 0.5, record, NULL, NULL);
    wa_call_soon_context(loop, f->given, record, NULL, NULL);
    wa_call_later_context(loop, f->given, 0.25, record, NULL, NULL);
    wa_token_unref(wa_contextvar_set(request_id, wa_int(4)));
    WA_AWAIT(co, wa_sleep(co, 1));
    seen[nseen++] = get_int(request_id);
    WA_END(co);
}

TEST(context_callbacks_copy_when_scheduled_or_use_the_given) {
    request_id = wa_contextvar_new("request_id", wa_int(0), true);
    nseen = 0;
    wa_loop *loop = test_loop();
    wa_varcontext *given = wa_varcontext_new();
    wa_task *t = WA_SPAWN(loop, scheduler_step, scheduler, .given = given);
    ASSERT_EQ(wa_loop_run_until_complete(loop, wa_task_future(t)), WA_OK);
    ASSERT_EQ(nseen, 5);
    ASSERT_EQ(seen[0], 3);      /* call_soon: the copy made when scheduled */
    ASSERT_EQ(seen[1], 0);      /* context=given: empty */
    ASSERT_EQ(seen[2], 102);    /* call_later(0.25, context=given): the set the previous one made there */
    ASSERT_EQ(seen[3], 3);      /* call_later(0.5): its own copy, untouched by the first callback's set */
    ASSERT_EQ(seen[4], 4);
    wa_task_unref(t);
    wa_varcontext_unref(given);
    wa_loop_free(loop);
    wa_contextvar_unref(request_id);
}

/* ---- threads and runners -------------------------------------------------------- */

static wa_value read_in_thread(void *arg, wa_error **error) {
    (void)error;
    int64_t before = get_int(arg);
    wa_token_unref(wa_contextvar_set(arg, wa_int(before + 1)));     /* in the thread's copy only */
    return wa_int(before * 1000 + get_int(arg));
}

typedef struct threaded {
    wa_coro co;
    wa_contextvar *v;
    int64_t got, after;
} threaded;

static wa_status threaded_step(wa_coro *co) {
    threaded *f = (threaded *)co;
    WA_BEGIN(co);
    wa_token_unref(wa_contextvar_set(f->v, wa_int(41)));
    WA_AWAIT(co, wa_to_thread(co, read_in_thread, f->v));
    f->got = co->value.as.i;
    f->after = get_int(f->v);
    WA_RETURN(co, wa_int(f->got * 10000 + f->after));
    WA_END(co);
}

TEST(context_to_thread_runs_in_a_copy_of_the_callers) {
    if (!wa__threads_available()) SKIP("no threads in this build");
    wa_contextvar *v = wa_contextvar_new("v", wa_int(0), true);
    wa_run_options opts = {.clock = WA_CLOCK_REAL};    /* the virtual clock cannot wait for a thread */
    wa_value result;
    ASSERT_EQ(WA_RUN(&opts, &result, NULL, threaded_step, threaded, .v = v), WA_OK);
    ASSERT_EQ(result.as.i, 41042 * 10000 + 41);
    wa_contextvar_unref(v);
}

typedef struct run_part {
    wa_coro co;
    wa_contextvar *v;
    int64_t set_to;
} run_part;

static wa_status run_part_step(wa_coro *co) {
    run_part *f = (run_part *)co;
    WA_BEGIN(co);
    int64_t before = get_int(f->v);
    if (f->set_to) wa_token_unref(wa_contextvar_set(f->v, wa_int(f->set_to)));
    WA_RETURN(co, wa_int(before));
    WA_END(co);
}

TEST(context_runner_keeps_one_context_across_runs) {
    wa_contextvar *v = wa_contextvar_new("v", wa_int(0), true);
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    wa_runner *r = wa_runner_new(&opts);
    ASSERT(r);
    wa_value a, b;
    ASSERT_EQ(WA_RUNNER_RUN(r, &a, NULL, run_part_step, run_part, .v = v, .set_to = 12), WA_OK);
    ASSERT_EQ(WA_RUNNER_RUN(r, &b, NULL, run_part_step, run_part, .v = v), WA_OK);
    ASSERT_EQ(a.as.i, 0);
    ASSERT_EQ(b.as.i, 12);
    ASSERT_EQ(wa_runner_free(r), WA_OK);
    /* wa_run, by contrast, starts from a copy of the caller's each time */
    ASSERT_EQ(WA_RUN(&opts, &a, NULL, run_part_step, run_part, .v = v, .set_to = 12), WA_OK);
    ASSERT_EQ(WA_RUN(&opts, &b, NULL, run_part_step, run_part, .v = v), WA_OK);
    ASSERT_EQ(b.as.i, 0);
    wa_contextvar_unref(v);
}

TEST(context_misuse_and_out_of_memory) {
    wa_value out;
    wa_error *err = NULL;
    ASSERT(wa_contextvar_new(NULL, wa_none(), false) == NULL);
    ASSERT_EQ(wa_contextvar_get(NULL, &out, &err), WA_EINVAL);
    ASSERT(wa_error_is(err, WA_TYPE_ERROR));
    wa_error_unref(err);
    ASSERT(wa_contextvar_set(NULL, wa_int(1)) == NULL);
    ASSERT_EQ(wa_varcontext_run(NULL, NULL, NULL, NULL), WA_EINVAL);
    wa_contextvar_unref(NULL);
    wa_varcontext_unref(NULL);
    wa_token_unref(NULL);
    /* every allocation of a set, failed in turn, leaves the context as it was */
    wa_contextvar *v = wa_contextvar_new("v", wa_none(), false);
    wa_varcontext *c = wa_varcontext_new();
    ASSERT(v && c);
    for (long n = 0;; n++) {
        wa__fault_inject(n);
        snapshot s = {v, NULL, NULL, NULL, 0, 0};
        int rc = wa_varcontext_run(c, take_snapshot, &s, NULL);
        long counted = wa__fault_inject(-1);
        ASSERT_EQ(rc, WA_OK);
        wa_varcontext_unref(s.copy);
        if (counted <= n) break;    /* no allocation was failed: done */
        ASSERT(wa_varcontext_len(c) <= 1);
    }
    wa_varcontext_unref(c);
    wa_contextvar_unref(v);
}
