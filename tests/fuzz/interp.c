/*
 * interp.c — runs a parsed fuzz program on wasyncio, through its public API
 * only, as a Python asyncio program written in C would: each task is a
 * coroutine whose frame walks a body of ops; a block (try, timeout,
 * taskgroup, with) is a frame of its own holding the construct, which runs
 * its body inline (WA_AWAIT_CALL) inside WA_TRY, a timeout scope, a
 * TaskGroup or WA_WITH_ACQUIRED.
 *
 * `return V` leaves every enclosing block, as in Python: a nested body
 * returns [V], a list, which each block and body returns again, and the
 * task's own body unwraps.  Falling off a body's end returns None.
 *
 * The run sequence and the trace are LANGUAGE.md's, which interp.py prints
 * too; the two traces must be equal.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "interp.h"
#include "program.h"

/* Later than any deadline a program can make (LANGUAGE.md, run step 1). */
#define WATCHDOG_AT 10000.0

/* ------------------------------------------------------------------------ */
/* Printing                                                                 */
/* ------------------------------------------------------------------------ */

/* A line being built: long enough for any group a program can make; past it
 * the text is cut, which the comparison will show. */
typedef struct text {
    char s[4096];
    size_t len;
} text;

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void add(text *t, const char *fmt, ...) {
    if (t->len >= sizeof t->s - 1) return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->s + t->len, sizeof t->s - t->len, fmt, ap);
    va_end(ap);
    if (n > 0) t->len = t->len + (size_t)n < sizeof t->s ? t->len + (size_t)n : sizeof t->s - 1;
}

/* Type(str(e)), and a group's members in brackets. */
static void add_error(text *t, const wa_error *e) {
    size_t n = wa_error_group_size(e);
    add(t, "%s(%s", wa_error_type_of(e)->name, wa_error_message(e));
    if (wa_error_is_group(e)) add(t, " (%zu sub-exception%s)", n, n == 1 ? "" : "s");
    add(t, ")");
    if (!wa_error_is_group(e)) return;
    add(t, "[");
    for (size_t i = 0; i < n; i++) {
        if (i) add(t, ", ");
        add_error(t, wa_error_group_child(e, i));
    }
    add(t, "]");
}

/* Python's str(v), lists as [a, b] with errors as add_error writes them. */
static void add_value(text *t, const wa_value *v) {
    switch (v->kind) {
    case WA_KIND_NONE: add(t, "None"); break;
    case WA_KIND_BOOL: add(t, "%s", v->as.b ? "True" : "False"); break;
    case WA_KIND_INT: add(t, "%" PRId64, v->as.i); break;
    case WA_KIND_ERROR: add_error(t, v->as.err); break;
    case WA_KIND_LIST:
        add(t, "[");
        for (size_t i = 0; i < v->as.list.len; i++) {
            if (i) add(t, ", ");
            add_value(t, &v->as.list.items[i]);
        }
        add(t, "]");
        break;
    default: add(t, "?"); break;
    }
}

/* One trace line: the loop's time, then the text. */
#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
static void trace(fz_program *p, const char *fmt, ...) {
    if (p->quiet) return;
    text t = {.len = 0};
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t.s, sizeof t.s, fmt, ap);
    va_end(ap);
    (void)n;
    printf("%.3f %s\n", wa_loop_time(p->loop), t.s);
}

/* The exception the last failed call stands for: Python's type, and its
 * words (wa_last_error's after "func: "), but for asyncio's queue
 * exceptions, raised without any, which wasyncio's codes describe. */
static wa_error *last_error(void) {
    const char *msg = wa_last_error(), *p = strstr(msg, ": ");
    const wa_error_type *type = wa_last_error_type();
    if (!type) type = WA_RUNTIME_ERROR;
    if (type == WA_QUEUE_EMPTY || type == WA_QUEUE_FULL || type == WA_QUEUE_SHUTDOWN) return wa_error_new(type, NULL);
    return wa_error_new(type, "%s", p ? p + 2 : msg);
}

/* "who: OP ARGS ! Exc(...)": an op that does not await failed; takes e. */
static void print_raised(fz_program *p, const char *who, const fz_op *op, wa_error *e) {
    text t = {.len = 0};
    add_error(&t, e);
    trace(p, "%s: %s ! %s", who, op->text, t.s);
    wa_error_unref(e);
}

/* op's name, the first word of its text, for "OP: NAME not started". */
static int name_len(const fz_op *op) { return (int)strcspn(op->text, " "); }

/* ------------------------------------------------------------------------ */
/* Objects                                                                  */
/* ------------------------------------------------------------------------ */

static bool started(const fz_obj *o) {
    return o->kind == FZ_TASK ? o->as.task != NULL : o->kind == FZ_GROUP ? o->as.group != NULL
                                                   : o->kind == FZ_HANDLE ? o->as.handle != NULL : true;
}

static wa_future *future_of(const fz_obj *o) {
    return o->kind == FZ_FUTURE ? o->as.future : wa_task_future(o->as.task);
}

/* Prints "who: OP: NAME not started" for the first object op names that is
 * not there yet (LANGUAGE.md: the op then does nothing); true if it did. */
static bool not_started(fz_program *p, const char *who, const fz_op *op) {
    /* the task spawn and tg_spawn start, the handle and group an op makes */
    bool makes = op->code == OP_SPAWN || op->code == OP_CALL_SOON || op->code == OP_CALL_LATER ||
                 op->code == OP_TASKGROUP;
    int names[2] = {makes ? -1 : op->a, op->code == OP_TG_SPAWN ? -1 : op->b};
    for (size_t i = 0; i < 2 + op->nx; i++) {
        int x = i < 2 ? names[i] : op->xs[i - 2];
        if (x >= 0 && !started(&p->objs[x])) {
            trace(p, "%s: %.*s: %s not started", who, name_len(op), op->text, p->objs[x].name);
            return true;
        }
    }
    return false;
}

/* The X... of op as an array of futures (a task as its future), in the
 * arena: wait's done and pending point into it until the op ends. */
static wa_future **futures_of(fz_program *p, const fz_op *op) {
    wa_future **futs = fz_alloc(p, op->nx * sizeof *futs);
    for (size_t i = 0; i < op->nx; i++) futs[i] = future_of(&p->objs[op->xs[i]]);
    return futs;
}

/* E(M), or E() for - (never a group: parse.c refuses to raise one). */
static wa_error *new_error(const wa_error_type *type, const char *msg) {
    return msg ? wa_error_new(type, "%s", msg) : wa_error_new(type, NULL);
}

/* ------------------------------------------------------------------------ */
/* Frames                                                                   */
/* ------------------------------------------------------------------------ */

/* A body of ops: a task's own (top), or a block's. */
typedef struct body_frame {
    wa_coro co;
    fz_program *p;
    const fz_body *body;
    const char *who;
    bool top;
    wa_error *handled;      /* borrowed: what a bare `raise` re-raises, or NULL */
    wa_timeout *tm;         /* borrowed: the innermost timeout around, for reschedule */
    size_t pc;
    wa_future **futs;       /* the op's X... as futures */
    wa_value ret;           /* return V */
} body_frame;

/* A block: the construct around a body. */
typedef struct block_frame {
    wa_coro co;
    fz_program *p;
    const fz_op *op;
    fz_obj *obj;            /* the with's lock, the group */
    const char *who;
    wa_error *handled;
    wa_timeout *tm;
    wa_try t;
    wa_timeout own;         /* timeout's */
    wa_guard guard;         /* with's */
    wa_finally fin;         /* as_completed's */
    wa_as_completed *ac;
    wa_future **futs;
    wa_value ret;
} block_frame;

static wa_status body_step(wa_coro *co);
static wa_status block_step(wa_coro *co);

static wa_task *spawn(fz_program *p, int t, wa_taskgroup *g) {
    fz_obj *o = &p->objs[t];
    body_frame init = {.p = p, .body = &o->body, .who = o->name, .top = true};
    wa_task *task = g ? wa_task_ref(wa_taskgroup_spawn(g, body_step, sizeof init, &init, o->name))
                      : wa_task_new(p->loop, body_step, sizeof init, &init, o->name);
    if (task) o->made = ++p->nmade;
    return task;
}

/* A call_soon or call_later callback: the op after its head. */
typedef struct callback {
    fz_program *p;
    const fz_op *op;
} callback;

static void run_plain(fz_program *p, const char *who, const fz_op *op, wa_timeout *tm);

static void run_callback(wa_loop *loop, void *arg) {
    callback *cb = arg;
    const char *who = cb->p->objs[cb->op->a].name;
    (void)loop;
    trace(cb->p, "%s: run", who);
    run_plain(cb->p, who, cb->op->callback, NULL);
}

/* x.result(): its value, or what it raises, as "= V" or " ! Exc". */
static void print_result(fz_program *p, const char *who, const fz_op *op, wa_future *f) {
    wa_value v;
    wa_error *e = NULL;
    int rc = wa_future_result(f, &v);
    if (rc == WA_EEXCEPTION) {
        wa_future_exception(f, &e);
        e = wa_error_ref(e);
    } else if (rc == WA_ECANCELLED) {
        e = wa_future_cancelled_error(f);
    } else if (rc) {
        e = last_error();
    }
    if (e) {
        print_raised(p, who, op, e);
        return;
    }
    text t = {.len = 0};
    add_value(&t, &v);
    trace(p, "%s: %s = %s", who, op->text, t.s);
}

static void print_code(fz_program *p, const char *who, const fz_op *op, int rc) {
    if (rc) print_raised(p, who, op, last_error());
    else trace(p, "%s: %s", who, op->text);
}

static int release(fz_obj *o) {
    switch (o->kind) {
    case FZ_LOCK: return wa_lock_release(o->as.lock);
    case FZ_CONDITION: return wa_lock_release(wa_condition_lock(o->as.condition));
    default: return wa_semaphore_release(o->as.semaphore);
    }
}

static bool locked(const fz_obj *o) {
    switch (o->kind) {
    case FZ_LOCK: return wa_lock_locked(o->as.lock);
    case FZ_CONDITION: return wa_lock_locked(wa_condition_lock(o->as.condition));
    default: return wa_semaphore_locked(o->as.semaphore);
    }
}

/* An op that does not await: it prints, and prints what it raises. */
static void run_plain(fz_program *p, const char *who, const fz_op *op, wa_timeout *tm) {
    if (not_started(p, who, op)) return;
    fz_obj *a = op->a >= 0 ? &p->objs[op->a] : NULL;
    switch (op->code) {
    case OP_SPAWN:
        wa_task_unref(a->as.task);
        a->as.task = spawn(p, op->a, NULL);
        trace(p, "%s: %s", who, op->text);
        return;
    case OP_CANCEL: {
        bool did = a->kind == FZ_TASK ? wa_task_cancel(a->as.task, op->msg) : wa_future_cancel(a->as.future, op->msg);
        trace(p, "%s: %.*s %s = %s", who, name_len(op), op->text, a->name, did ? "True" : "False");
        return;
    }
    case OP_UNCANCEL: trace(p, "%s: %s = %d", who, op->text, wa_task_uncancel(a->as.task)); return;
    case OP_CANCELLING: trace(p, "%s: %s = %d", who, op->text, wa_task_cancelling(a->as.task)); return;
    case OP_SET_RESULT: print_code(p, who, op, wa_future_set_result(a->as.future, op->value)); return;
    case OP_SET_EXCEPTION:
        print_code(p, who, op, wa_future_set_exception(a->as.future, new_error(op->type, op->msg)));
        return;
    case OP_RESULT: print_result(p, who, op, future_of(a)); return;
    case OP_DONE: trace(p, "%s: %s = %s", who, op->text, wa_future_done(future_of(a)) ? "True" : "False"); return;
    case OP_RESCHEDULE:
        if (!tm) {
            print_raised(p, who, op, wa_error_new(WA_RUNTIME_ERROR, "reschedule outside a timeout"));
            return;
        }
        print_code(p, who, op, wa_timeout_reschedule(tm, op->delay == WA_NO_TIMEOUT ? WA_NO_TIMEOUT
                                                                               : wa_loop_time(p->loop) + op->delay));
        return;
    case OP_TG_SPAWN: {
        fz_obj *t = &p->objs[op->b];
        wa_task *task = spawn(p, op->b, a->as.group);
        if (!task) {
            print_raised(p, who, op, last_error());
            return;
        }
        wa_task_unref(t->as.task);
        t->as.task = task;
        trace(p, "%s: %s", who, op->text);
        return;
    }
    case OP_RELEASE: print_code(p, who, op, release(a)); return;
    case OP_LOCKED: trace(p, "%s: %s = %s", who, op->text, locked(a) ? "True" : "False"); return;
    case OP_SET: wa_event_set(a->as.event); trace(p, "%s: %s", who, op->text); return;
    case OP_CLEAR: wa_event_clear(a->as.event); trace(p, "%s: %s", who, op->text); return;
    case OP_IS_SET: trace(p, "%s: %s = %s", who, op->text, wa_event_is_set(a->as.event) ? "True" : "False"); return;
    case OP_NOTIFY: print_code(p, who, op, wa_condition_notify(a->as.condition, (size_t)op->value.as.i)); return;
    case OP_NOTIFY_ALL: print_code(p, who, op, wa_condition_notify_all(a->as.condition)); return;
    case OP_PUT_NOWAIT: print_code(p, who, op, wa_queue_put_nowait(a->as.queue, op->value)); return;
    case OP_GET_NOWAIT: {
        wa_value v;
        if (wa_queue_get_nowait(a->as.queue, &v)) {
            print_raised(p, who, op, last_error());
            return;
        }
        text t = {.len = 0};
        add_value(&t, &v);
        wa_value_clear(&v);
        trace(p, "%s: %s = %s", who, op->text, t.s);
        return;
    }
    case OP_TASK_DONE: print_code(p, who, op, wa_queue_task_done(a->as.queue)); return;
    case OP_SHUTDOWN: print_code(p, who, op, wa_queue_shutdown(a->as.queue, false)); return;
    case OP_SHUTDOWN_NOW: print_code(p, who, op, wa_queue_shutdown(a->as.queue, true)); return;
    case OP_QSIZE: trace(p, "%s: %s = %zu", who, op->text, wa_queue_qsize(a->as.queue)); return;
    case OP_CALL_SOON:
    case OP_CALL_LATER: {
        callback *cb = fz_alloc(p, sizeof *cb);
        *cb = (callback){p, op};
        wa_handle *h = NULL;
        int rc = op->code == OP_CALL_SOON ? wa_call_soon(p->loop, run_callback, cb, &h)
                                          : wa_call_later(p->loop, op->delay, run_callback, cb, &h);
        if (rc) {
            print_raised(p, who, op, last_error());
            return;
        }
        wa_handle_unref(a->as.handle);
        a->as.handle = h;
        trace(p, "%s: %s", who, op->text);
        return;
    }
    case OP_HANDLE_CANCEL: wa_handle_cancel(a->as.handle); trace(p, "%s: %s", who, op->text); return;
    default: return;
    }
}

/* An op that awaits: what it awaits. */
static wa_future *start_await(body_frame *f, const fz_op *op) {
    wa_coro *co = &f->co;
    fz_obj *a = op->a >= 0 ? &f->p->objs[op->a] : NULL;
    switch (op->code) {
    case OP_SLEEP: return wa_sleep(co, op->delay);
    case OP_YIELD: return wa_sleep(co, 0);
    case OP_AWAIT: return future_of(a);
    case OP_GATHER: return wa_gather(co, f->futs = futures_of(f->p, op), op->nx, op->mode);
    case OP_WAIT: return wa_wait(co, f->futs = futures_of(f->p, op), op->nx, op->delay, (wa_return_when)op->mode);
    case OP_WAIT_FOR: return wa_wait_for(co, future_of(a), op->delay);
    case OP_SHIELD: return wa_shield(co, future_of(a));
    case OP_ACQUIRE:
        return a->kind == FZ_LOCK ? wa_lock_acquire(co, a->as.lock)
               : a->kind == FZ_CONDITION ? wa_condition_acquire(co, a->as.condition)
               : wa_semaphore_acquire(co, a->as.semaphore);
    case OP_EVENT_WAIT: return wa_event_wait(co, a->as.event);
    case OP_COND_WAIT: return wa_condition_wait(co, a->as.condition);
    case OP_BARRIER_WAIT: return wa_barrier_wait(co, a->as.barrier);
    case OP_BARRIER_ABORT: return wa_barrier_abort(co, a->as.barrier);
    case OP_BARRIER_RESET: return wa_barrier_reset(co, a->as.barrier);
    case OP_PUT: return wa_queue_put(co, a->as.queue, op->value);
    case OP_GET: return wa_queue_get(co, a->as.queue);
    default: return wa_queue_join(co, a->as.queue);
    }
}

/* "[a, b]": the names of the futures in list (WA_KIND_PTR items), sorted. */
static void add_names(text *t, fz_program *p, const fz_op *op, wa_future **futs, const wa_value *list) {
    const char *names[64];
    size_t n = 0;
    for (size_t i = 0; i < list->as.list.len && n < 64; i++)
        for (size_t x = 0; x < op->nx; x++)
            if (futs[x] == list->as.list.items[i].as.ptr.p) names[n++] = p->objs[op->xs[x]].name;
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
            const char *s = names[j];
            names[j] = names[j - 1];
            names[j - 1] = s;
        }
    add(t, "[");
    for (size_t i = 0; i < n; i++) add(t, "%s%s", i ? ", " : "", names[i]);
    add(t, "]");
}

/* What an awaiting op prints when its await returned v. */
static void end_await(body_frame *f, const fz_op *op, const wa_value *v) {
    fz_program *p = f->p;
    text t = {.len = 0};
    switch (op->code) {
    case OP_SLEEP: case OP_YIELD: trace(p, "%s: %s done", f->who, op->text); return;
    case OP_BARRIER_ABORT: case OP_BARRIER_RESET: case OP_PUT: case OP_JOIN:
        trace(p, "%s: %s", f->who, op->text);
        return;
    case OP_GATHER: add_value(&t, v); trace(p, "%s: gather %s = %s", f->who, op->names, t.s); return;
    case OP_WAIT:
        add(&t, "done ");
        add_names(&t, p, op, f->futs, &v->as.list.items[0]);
        add(&t, " pending ");
        add_names(&t, p, op, f->futs, &v->as.list.items[1]);
        trace(p, "%s: wait %s = %s", f->who, op->names, t.s);
        return;
    case OP_WAIT_FOR:
        add_value(&t, v);
        trace(p, "%s: wait_for %s = %s", f->who, p->objs[op->a].name, t.s);
        return;
    default: add_value(&t, v); trace(p, "%s: %s = %s", f->who, op->text, t.s); return;
    }
}

/* After a nested body (or block) returned: a list is `return V` leaving
 * every block up to the task's body. */
#define FORWARD_RETURN(co, f, top)                                             \
    do {                                                                       \
        if ((co)->value.kind == WA_KIND_LIST) {                                \
            (f)->ret = (co)->value.as.list.items[0];                           \
            WA_RETURN(co, (top) ? (f)->ret : wa_list(&(f)->ret, 1));           \
        }                                                                      \
    } while (0)

static wa_status body_step(wa_coro *co) {
    body_frame *f = (body_frame *)co;
    WA_BEGIN(co);
    for (f->pc = 0; f->pc < f->body->n; f->pc++) {
        const fz_op *op = &f->body->ops[f->pc];
        if (op->code < OP_RETURN) {
            run_plain(f->p, f->who, op, f->tm);
            continue;
        }
        if (op->code == OP_RETURN) {
            f->ret = op->value;
            WA_RETURN(co, f->top ? f->ret : wa_list(&f->ret, 1));
        }
        if (op->code == OP_RAISE) WA_RAISE(co, new_error(op->type, op->msg));
        if (op->code == OP_RERAISE)
            WA_RAISE(co, f->handled ? wa_error_ref(f->handled)
                                    : wa_error_new(WA_RUNTIME_ERROR, "No active exception to reraise"));
        if (not_started(f->p, f->who, op)) continue;
        if (op->code >= FZ_FIRST_BLOCK) {
            WA_AWAIT_CALL(co, block_step, block_frame, .p = f->p, .op = &f->body->ops[f->pc], .who = f->who,
                          .handled = f->handled, .tm = f->tm);
            FORWARD_RETURN(co, f, f->top);
            continue;
        }
        WA_AWAIT(co, start_await(f, op));
        end_await(f, &f->body->ops[f->pc], &co->value);
    }
    WA_END(co);
}

/* A body nested in a block: the block's handled error and timeout. */
#define RUN_BODY(co, f, which, handled_, tm_)                                  \
    WA_AWAIT_CALL(co, body_step, body_frame, .p = (f)->p, .body = &(f)->op->which, .who = (f)->who, \
                  .handled = (handled_), .tm = (tm_))

static void free_iterator(void *arg) {
    block_frame *f = arg;
    wa_as_completed_free(f->ac);
    f->ac = NULL;
}

/* except's type: never one an error has, when the try has no except. */
static const wa_error_type no_exception = {"(no except clause)", NULL};

static bool caught_by(const fz_op *op, const wa_error *e) {
    for (size_t i = 0; i < op->nexcept; i++)
        if (wa_error_is(e, op->except[i])) return true;
    return false;
}

static wa_status block_step(wa_coro *co) {
    block_frame *f = (block_frame *)co;
    WA_BEGIN(co);
    f->obj = f->op->a >= 0 ? &f->p->objs[f->op->a] : NULL;
    if (f->op->code == OP_AS_COMPLETED) {
        /* for x in asyncio.as_completed([X...], timeout=D): v = await x */
        f->futs = futures_of(f->p, f->op);
        f->ac = wa_as_completed_new(co, f->futs, f->op->nx, f->op->delay);
        if (!f->ac) WA_RAISE(co, last_error());
        WA_WITH(co, wa_finally_enter(&f->fin, free_iterator, f)) {
            while (wa_as_completed_left(f->ac)) {
                WA_AWAIT(co, wa_as_completed_next(co, f->ac));
                WA_AWAIT(co, (wa_future *)co->value.as.ptr.p);
                text t = {.len = 0};
                add_value(&t, &co->value);
                trace(f->p, "%s: as_completed got %s", f->who, t.s);
            }
        }
        WA_WITH_END(co);
    } else if (f->op->code == OP_TIMEOUT) {
        /* try: async with asyncio.timeout(D) as cm: ... finally: print cm.expired() */
        WA_TRY(co, &f->t) {
            WA_WITH(co, wa_timeout_enter(co, &f->own, f->op->delay)) {
                RUN_BODY(co, f, body, f->handled, &f->own);
                FORWARD_RETURN(co, f, false);
            }
            WA_WITH_END(co);
        }
        WA_FINALLY(co, &f->t) {
            trace(f->p, "%s: timeout exit expired=%s", f->who, wa_timeout_expired(&f->own) ? "True" : "False");
        }
        WA_TRY_END(co, &f->t);
    } else if (f->op->code == OP_TASKGROUP) {
        f->obj->as.group = fz_alloc(f->p, sizeof *f->obj->as.group);
        WA_WITH(co, wa_taskgroup_enter(co, f->obj->as.group)) {
            RUN_BODY(co, f, body, f->handled, f->tm);
            FORWARD_RETURN(co, f, false);
        }
        WA_WITH_END(co);
        trace(f->p, "%s: taskgroup %s exit", f->who, f->obj->name);
    } else if (f->op->code == OP_WITH && f->obj->kind == FZ_LOCK) {
        WA_WITH_ACQUIRED(co, &f->guard, f->obj->as.lock) {
            trace(f->p, "%s: with %s entered", f->who, f->obj->name);
            RUN_BODY(co, f, body, f->handled, f->tm);
            FORWARD_RETURN(co, f, false);
        }
        WA_WITH_END(co);
    } else if (f->op->code == OP_WITH && f->obj->kind == FZ_CONDITION) {
        WA_WITH_ACQUIRED(co, &f->guard, f->obj->as.condition) {
            trace(f->p, "%s: with %s entered", f->who, f->obj->name);
            RUN_BODY(co, f, body, f->handled, f->tm);
            FORWARD_RETURN(co, f, false);
        }
        WA_WITH_END(co);
    } else if (f->op->code == OP_WITH) {
        WA_WITH_ACQUIRED(co, &f->guard, f->obj->as.semaphore) {
            trace(f->p, "%s: with %s entered", f->who, f->obj->name);
            RUN_BODY(co, f, body, f->handled, f->tm);
            FORWARD_RETURN(co, f, false);
        }
        WA_WITH_END(co);
    } else {
        /* except (E...) is a catch-all that raises again what none of E is:
         * WA_EXCEPT takes one type */
        WA_TRY(co, &f->t) {
            RUN_BODY(co, f, body, f->handled, f->tm);
            FORWARD_RETURN(co, f, false);
        }
        WA_EXCEPT(co, &f->t, f->op->has_except ? WA_BASE_EXCEPTION : &no_exception) {
            if (!caught_by(f->op, f->t.caught)) WA_RERAISE(co, &f->t);
            text t = {.len = 0};
            add_error(&t, f->t.caught);
            trace(f->p, "%s: caught %s", f->who, t.s);
            RUN_BODY(co, f, handler, f->t.caught, f->tm);
            FORWARD_RETURN(co, f, false);
        }
        WA_FINALLY(co, &f->t) {
            if (f->op->has_finally) {
                RUN_BODY(co, f, final, f->handled, f->tm);
                FORWARD_RETURN(co, f, false);
            }
        }
        WA_TRY_END(co, &f->t);
    }
    WA_END(co);
}

/* ------------------------------------------------------------------------ */
/* The run                                                                  */
/* ------------------------------------------------------------------------ */

static void watchdog(wa_loop *loop, void *arg) {
    fz_program *p = arg;
    wa_task *main = p->objs[p->main].as.task;
    (void)loop;
    if (wa_future_done(wa_task_future(main))) return;
    trace(p, "watchdog");
    wa_task_cancel(main, "watchdog");
}

static void stop_loop(wa_loop *loop, void *arg) {
    (void)arg;
    wa_loop_stop(loop);
}

/* gather(*to_cancel)'s done callback on each task: the gather is done once
 * all have called it, and run_until_complete's stop comes one iteration
 * later, as the gather's own done callback. */
static void count_down(wa_future *f, void *remaining) {
    if (--*(size_t *)remaining == 0) wa_call_soon(wa_future_loop(f), stop_loop, NULL, NULL);
}

/* Makes the declared objects, in declaration order. */
static void make_objects(fz_program *p) {
    for (size_t i = 0; i < p->nobjs; i++) {
        fz_obj *o = &p->objs[i];
        switch (o->kind) {
        case FZ_FUTURE: o->as.future = wa_future_new(p->loop); break;
        case FZ_LOCK: o->as.lock = wa_lock_new(p->loop); break;
        case FZ_EVENT: o->as.event = wa_event_new(p->loop); break;
        case FZ_CONDITION: o->as.condition = wa_condition_new(p->loop, NULL); break;
        case FZ_SEMAPHORE: o->as.semaphore = wa_semaphore_new(p->loop, o->n); break;
        case FZ_BSEMAPHORE: o->as.semaphore = wa_bounded_semaphore_new(p->loop, o->n); break;
        case FZ_BARRIER: o->as.barrier = wa_barrier_new(p->loop, (size_t)o->n); break;
        case FZ_QUEUE: o->as.queue = wa_queue_new(p->loop, WA_QUEUE_FIFO, o->n); break;
        default: break;
        }
    }
}

/* After the trace, ends the tasks still pending, quietly, as interp.py
 * closes their coroutines: a lock, queue or event refuses to be freed while
 * a task waits on it.  A cancellation a task does not swallow ends at least
 * one of its ops (an op runs once), so a round per op is enough; tasks left
 * pending after them wait in a cycle no cancellation breaks (a condition's
 * wait re-acquiring a lock its awaiter holds), and leak with the loop. */
static void settle(fz_program *p) {
    p->quiet = true;
    bool pending = true;
    for (size_t round = 0; pending && round <= p->nops + 1; round++) {
        pending = false;
        for (size_t i = 0; i < p->nobjs; i++) {
            wa_task *t = p->objs[i].kind == FZ_TASK || p->objs[i].kind == FZ_MAIN ? p->objs[i].as.task : NULL;
            if (t && !wa_future_done(wa_task_future(t))) {
                wa_task_cancel(t, NULL);
                pending = true;
            }
        }
        for (size_t i = 0; i < p->nobjs && pending; i++) {
            wa_task *t = p->objs[i].kind == FZ_TASK || p->objs[i].kind == FZ_MAIN ? p->objs[i].as.task : NULL;
            if (t) wa_loop_run_until_complete(p->loop, wa_task_future(t));
        }
    }
}

static void ignore_report(wa_loop *loop, const wa_context *ctx, void *arg) {
    (void)loop, (void)ctx, (void)arg;
}

/* After the run: tasks first, so that nothing waits on what is freed. */
static void free_objects(fz_program *p) {
    settle(p);
    for (size_t i = 0; i < p->nobjs; i++) {
        fz_obj *o = &p->objs[i];
        if (o->kind == FZ_TASK || o->kind == FZ_MAIN) wa_task_unref(o->as.task);
        if (o->kind == FZ_HANDLE) wa_handle_unref(o->as.handle);
    }
    wa_loop_close(p->loop);
    for (size_t i = 0; i < p->nobjs; i++)
        if (p->objs[i].kind == FZ_FUTURE) wa_future_unref(p->objs[i].as.future);
    /* the loop before the primitives: the tasks of a deadlock still wait on
     * them until it destroys those */
    wa_loop_free(p->loop);
    for (size_t i = 0; i < p->nobjs; i++) {
        fz_obj *o = &p->objs[i];
        int rc = 0;
        switch (o->kind) {
        case FZ_LOCK: rc = wa_lock_free(o->as.lock); break;
        case FZ_EVENT: rc = wa_event_free(o->as.event); break;
        case FZ_CONDITION: rc = wa_condition_free(o->as.condition); break;
        case FZ_SEMAPHORE: case FZ_BSEMAPHORE: rc = wa_semaphore_free(o->as.semaphore); break;
        case FZ_BARRIER: rc = wa_barrier_free(o->as.barrier); break;
        case FZ_QUEUE: rc = wa_queue_free(o->as.queue); break;
        default: break;
        }
        if (rc) fprintf(stderr, "fuzz: freeing %s: %s\n", o->name, wa_last_error());
    }
}

/* "NAME = V", "NAME ! Exc(...)" (main) or "NAME: result V"... (a task). */
static void print_outcome(const fz_obj *o, bool is_main) {
    wa_future *f = o->as.task ? wa_task_future(o->as.task) : NULL;
    text t = {.len = 0};
    wa_value v;
    wa_error *e = NULL;
    if (!f) {
        printf("%s: not started\n", o->name);
    } else if (!wa_future_done(f)) {
        printf("%s: pending\n", o->name);
    } else if (wa_future_cancelled(f)) {
        /* main's too: interp.py cannot print the message run_until_complete read */
        printf("%s: cancelled\n", o->name);
    } else if (wa_future_result(f, &v) == WA_OK) {
        add_value(&t, &v);
        printf(is_main ? "%s = %s\n" : "%s: result %s\n", o->name, t.s);
    } else {
        wa_future_exception(f, &e);
        add_error(&t, e);
        printf(is_main ? "%s ! %s\n" : "%s: exception %s\n", o->name, t.s);
    }
}

/* asyncio.run(main()) spelled out (LANGUAGE.md, "A program runs"). */
static void run(fz_program *p) {
    p->loop = wa_loop_new(&(wa_loop_options){.clock = WA_CLOCK_VIRTUAL});
    if (!p->loop) {
        printf("error: wa_loop_new: %s\n", wa_last_error());
        return;
    }
    /* as interp.py: a task's error nobody read is no part of the trace */
    wa_loop_set_exception_handler(p->loop, ignore_report, NULL);
    make_objects(p);
    fz_obj *main = &p->objs[p->main];
    main->as.task = spawn(p, p->main, NULL);
    wa_handle *dog = NULL;
    wa_call_later(p->loop, WATCHDOG_AT, watchdog, p, &dog);
    bool deadlock = wa_loop_run_until_complete(p->loop, wa_task_future(main->as.task)) == WA_EDEADLOCK;
    wa_handle_cancel(dog);
    wa_handle_unref(dog);
    /* asyncio.run's _cancel_all_tasks, in the order the tasks were made, as
     * interp.py does (all_tasks() is a set, in an address's order) */
    size_t made = p->nmade;     /* a cancelled task may spawn more: those run, uncancelled */
    fz_obj **todo = fz_alloc(p, (made + 1) * sizeof *todo);
    size_t remaining = 0;
    for (size_t i = 0; i < p->nobjs && !deadlock; i++) {
        fz_obj *o = &p->objs[i];
        if (o->kind == FZ_TASK && o->as.task && !wa_future_done(wa_task_future(o->as.task))) todo[o->made] = o;
    }
    for (size_t i = 1; i <= made && !deadlock; i++) {
        if (!todo[i]) continue;
        wa_task_cancel(todo[i]->as.task, NULL);
        if (wa_future_add_done_callback(wa_task_future(todo[i]->as.task), count_down, &remaining) == WA_OK) remaining++;
    }
    /* the loop runs until gather(*to_cancel) is done, as run_until_complete
     * does: tasks spawned meanwhile get the same iterations as in CPython */
    if (remaining && !deadlock) deadlock = wa_loop_run_forever(p->loop) == WA_EDEADLOCK;
    for (size_t i = 1; i <= made; i++)
        if (todo[i]) wa_future_remove_done_callback(wa_task_future(todo[i]->as.task), count_down, &remaining);
    if (deadlock) trace(p, "deadlock");
    print_outcome(main, true);
    for (size_t i = 0; i < p->nobjs; i++)
        if (p->objs[i].kind == FZ_TASK) print_outcome(&p->objs[i], false);
    printf("end\n");
    free_objects(p);
}

int fuzz_run_program(const char *source) {
    fz_program p;
    int rc = 0;
    if (fz_parse(&p, source) < 0) {
        printf("%s\n", p.error);
        rc = 2;
    } else {
        run(&p);
    }
    fz_program_free(&p);
    fflush(stdout);
    return rc;
}

int fuzz_main(const char *source) {
    setvbuf(stdout, NULL, _IONBF, 0);
    return fuzz_run_program(source);
}
