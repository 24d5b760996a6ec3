/*
 * test_sync.c — bad input to the synchronisation primitives, queues and
 * async generators: NULLs, negative values, releases without acquire,
 * waiting on a condition without its lock, objects of another loop.  Each
 * gives a clear error code (with wa_last_error) or raises at the await, and
 * nothing leaks.
 */
#include <string.h>

#include "harness.h"

#define EXPECT(cond)                                                           \
    do {                                                                       \
        if (!(cond)) trace_add(f->t, "[FAILED line %d: %s]", __LINE__, #cond); \
    } while (0)

TEST(sync_constructors_misuse) {
    ASSERT(wa_lock_new(NULL) == NULL);
    ASSERT_CONTAINS(wa_last_error(), "loop is NULL");
    wa_loop *loop = test_loop();
    ASSERT(wa_semaphore_new(loop, -1) == NULL);
    ASSERT_STR_EQ(wa_last_error(), "wa_semaphore_new: Semaphore initial value must be >= 0");
    ASSERT(wa_bounded_semaphore_new(loop, -2) == NULL);
    ASSERT(wa_barrier_new(loop, 0) == NULL);
    ASSERT_CONTAINS(wa_last_error(), "parties must be > 0");
    ASSERT(wa_queue_new(loop, (wa_queue_kind)9, 0) == NULL);
    ASSERT_CONTAINS(wa_last_error(), "unknown queue kind");
    wa_loop *other = test_loop();
    wa_lock *alien = wa_lock_new(other);
    ASSERT(wa_condition_new(loop, alien) == NULL);     /* a lock of another loop */
    ASSERT_EQ(wa_lock_free(alien), 0);
    ASSERT(wa_agen_new(loop, NULL, sizeof(wa_coro), &(wa_coro){0}) == NULL);
    ASSERT(wa_agen_new(loop, (wa_step_fn)1, 3, &(wa_coro){0}) == NULL);
    /* NULL-safe frees and queries */
    ASSERT_EQ(wa_lock_free(NULL) | wa_event_free(NULL) | wa_condition_free(NULL) | wa_semaphore_free(NULL) |
                  wa_barrier_free(NULL) | wa_queue_free(NULL), 0);
    wa_agen_free(NULL);
    ASSERT(!wa_lock_locked(NULL) && !wa_event_is_set(NULL) && !wa_semaphore_locked(NULL) && !wa_barrier_broken(NULL));
    wa_loop_close(loop);
    ASSERT(wa_event_new(loop) == NULL);
    ASSERT_CONTAINS(wa_last_error(), "closed");
    wa_loop_free(loop);
    wa_loop_free(other);
}

TEST(sync_release_misuse) {
    wa_loop *loop = test_loop();
    wa_lock *l = wa_lock_new(loop);
    ASSERT_EQ(wa_lock_release(l), WA_EINVALIDSTATE);
    ASSERT_STR_EQ(wa_last_error(), "wa_lock_release: Lock is not acquired.");
    ASSERT_EQ(wa_lock_release(NULL), WA_EINVAL);
    wa_semaphore *b = wa_bounded_semaphore_new(loop, 1);
    ASSERT_EQ(wa_semaphore_release(b), WA_EINVAL);
    ASSERT_STR_EQ(wa_last_error(), "wa_semaphore_release: BoundedSemaphore released too many times");
    ASSERT_EQ(wa_semaphore_value(b), 1);
    ASSERT_EQ(wa_semaphore_release(NULL), WA_EINVAL);
    wa_condition *c = wa_condition_new(loop, l);
    ASSERT_EQ(wa_condition_notify(c, 1), WA_EINVALIDSTATE);
    ASSERT_CONTAINS(wa_last_error(), "cannot notify on un-acquired lock");
    ASSERT_EQ(wa_condition_notify_all(NULL), WA_EINVAL);
    ASSERT(wa_condition_lock(c) == l);
    ASSERT_EQ(wa_condition_free(c), 0);
    ASSERT_EQ(wa_semaphore_free(b), 0);
    ASSERT_EQ(wa_lock_free(l), 0);
    wa_loop_free(loop);
}

TEST(queue_nowait_misuse) {
    wa_loop *loop = test_loop();
    wa_queue *q = wa_queue_new(loop, WA_QUEUE_FIFO, 1);
    wa_value v;
    ASSERT_EQ(wa_queue_get_nowait(q, &v), WA_EEMPTY);
    ASSERT_EQ(wa_queue_get_nowait(q, NULL), WA_EINVAL);
    ASSERT_EQ(wa_queue_put_nowait(NULL, wa_int(1)), WA_EINVAL);
    ASSERT_EQ(wa_queue_put_nowait(q, wa_str("kept")), 0);
    ASSERT_EQ(wa_queue_put_nowait(q, wa_int(2)), WA_EFULL);
    ASSERT_EQ(wa_queue_task_done(NULL), WA_EINVAL);
    ASSERT_EQ(wa_queue_task_done(q), 0);
    ASSERT_EQ(wa_queue_task_done(q), WA_EINVAL);
    ASSERT_STR_EQ(wa_last_error(), "wa_queue_task_done: task_done() called too many times");
    ASSERT_EQ(wa_queue_shutdown(q, false), 0);
    ASSERT_EQ(wa_queue_put_nowait(q, wa_int(3)), WA_ESHUTDOWN);
    ASSERT_EQ(wa_queue_get_nowait(q, &v), 0);      /* shut down, but items drain */
    ASSERT_STR_EQ(v.as.buf.data, "kept");
    wa_value_clear(&v);
    ASSERT_EQ(wa_queue_get_nowait(q, &v), WA_ESHUTDOWN);
    ASSERT_EQ(wa_queue_shutdown(NULL, true), WA_EINVAL);
    ASSERT_EQ(wa_queue_free(q), 0);                /* the item still inside is released (it owns a copy) */
    wa_queue *lq = wa_queue_new(loop, WA_QUEUE_LIFO, -3);
    ASSERT(!wa_queue_full(lq) && wa_queue_maxsize(lq) == -3);
    ASSERT_EQ(wa_queue_put_nowait(lq, wa_str("left inside")), 0);
    ASSERT_EQ(wa_queue_free(lq), 0);
    wa_loop_free(loop);
}

/* Awaits each awaitable made by make(co, i) for i = 0, 1, ... and records
 * what it raised. */
typedef struct {
    wa_coro co;
    trace *t;
    wa_loop *other;
    wa_lock *lock, *alien;
    wa_condition *cond;
    wa_queue *q;
    wa_error *err;
} await_misuse;

#define RECORD(f) trace_add((f)->t, "%s", (f)->err ? wa_error_type_of((f)->err)->name : "ok")

static wa_value never(void *arg) {
    (void)arg;
    return wa_bool(false);
}

static wa_status await_misuse_step(wa_coro *co) {
    await_misuse *f = (await_misuse *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->lock = wa_lock_new(loop);
    f->alien = wa_lock_new(f->other);
    f->cond = wa_condition_new(loop, NULL);
    f->q = wa_queue_new(loop, WA_QUEUE_FIFO, 0);
    WA_AWAIT_TRY(co, wa_lock_acquire(co, NULL), f->err);
    RECORD(f);
    WA_AWAIT_TRY(co, wa_lock_acquire(co, f->alien), f->err);
    RECORD(f);
    WA_AWAIT_TRY(co, wa_semaphore_acquire(co, NULL), f->err);
    RECORD(f);
    WA_AWAIT_TRY(co, wa_event_wait(co, NULL), f->err);
    RECORD(f);
    WA_AWAIT_TRY(co, wa_condition_wait(co, f->cond), f->err);      /* without its lock */
    trace_add(f->t, "%s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    WA_AWAIT_TRY(co, wa_condition_wait_for(co, f->cond, NULL, NULL), f->err);
    RECORD(f);
    WA_AWAIT_TRY(co, wa_condition_wait_for(co, f->cond, never, NULL), f->err);
    RECORD(f);
    WA_AWAIT_TRY(co, wa_barrier_wait(co, NULL), f->err);
    RECORD(f);
    WA_AWAIT_TRY(co, wa_queue_get(co, NULL), f->err);
    RECORD(f);
    WA_AWAIT_TRY(co, wa_queue_join(co, f->q), f->err);              /* nothing put: at once */
    RECORD(f);
    WA_AWAIT_TRY(co, wa_agen_next(co, NULL), f->err);
    RECORD(f);
    WA_AWAIT_TRY(co, wa_agen_aclose(co, NULL), f->err);
    RECORD(f);
    EXPECT(wa_lock_acquire(NULL, f->lock) == NULL);
    EXPECT(wa_queue_put(NULL, f->q, wa_none()) == NULL);
    EXPECT(wa_agen_next(NULL, NULL) == NULL);
    EXPECT(wa_lock_free(f->alien) == 0);
    EXPECT(wa_lock_free(f->lock) == 0);
    EXPECT(wa_condition_free(f->cond) == 0);
    EXPECT(wa_queue_free(f->q) == 0);
    WA_END(co);
}

TEST(sync_await_misuse) {
    trace t = {{0}, 0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    wa_loop *other = test_loop();
    ASSERT_EQ(WA_RUN(&opts, NULL, NULL, await_misuse_step, await_misuse, .t = &t, .other = other), 0);
    wa_loop_free(other);
    ASSERT_STR_EQ(t.text, "TypeError|RuntimeError|TypeError|TypeError|"
                          "RuntimeError: cannot wait on un-acquired lock|TypeError|RuntimeError|TypeError|TypeError|"
                          "ok|TypeError|TypeError");
}

/* WA_YIELD_VALUE outside an async generator raises RuntimeError. */
typedef struct {
    wa_coro co;
} not_a_generator;

static wa_status not_a_generator_step(wa_coro *co) {
    WA_BEGIN(co);
    WA_YIELD_VALUE(co, wa_int(1));
    WA_END(co);
}

/* Freeing a primitive a task is parked on (Event.wait, Queue.get and
 * Queue.put park their task on its list) is refused with a clear error,
 * and loses nothing: the tasks go on waiting and finish. */
typedef struct {
    wa_coro co;
    wa_event *e;
    wa_queue *q;
    bool put;
} parked_frame;

static wa_status parked_step(wa_coro *co) {
    parked_frame *f = (parked_frame *)co;
    WA_BEGIN(co);
    if (f->e)
        WA_AWAIT(co, wa_event_wait(co, f->e));
    else if (f->put)
        WA_AWAIT(co, wa_queue_put(co, f->q, wa_str("item")));
    else
        WA_AWAIT(co, wa_queue_get(co, f->q));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    trace *t;
    wa_event *e;
    wa_queue *empty, *full;
    wa_task *tasks[3];
    int i;
    wa_value v;
} free_parked_frame;

static wa_status free_parked_step(wa_coro *co) {
    free_parked_frame *f = (free_parked_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->e = wa_event_new(loop);
    f->empty = wa_queue_new(loop, WA_QUEUE_FIFO, 1);
    f->full = wa_queue_new(loop, WA_QUEUE_FIFO, 1);
    wa_queue_put_nowait(f->full, wa_int(1));
    f->tasks[0] = WA_SPAWN(loop, parked_step, parked_frame, .e = f->e);
    f->tasks[1] = WA_SPAWN(loop, parked_step, parked_frame, .q = f->empty);
    f->tasks[2] = WA_SPAWN(loop, parked_step, parked_frame, .q = f->full, .put = true);
    WA_YIELD(co);   /* all three park */
    {
        int rc = wa_event_free(f->e);
        trace_add(f->t, "event %s: %s", wa_err_name(rc), wa_last_error());
        rc = wa_queue_free(f->empty);
        trace_add(f->t, "getter %s: %s", wa_err_name(rc), wa_last_error());
        rc = wa_queue_free(f->full);
        trace_add(f->t, "putter %s: %s", wa_err_name(rc), wa_last_error());
    }
    wa_event_set(f->e);
    wa_queue_put_nowait(f->empty, wa_int(2));
    wa_queue_get_nowait(f->full, &f->v);
    for (f->i = 0; f->i < 3; f->i++) {
        WA_AWAIT(co, f->tasks[f->i]);
        wa_task_unref(f->tasks[f->i]);
    }
    wa_queue_get_nowait(f->full, &f->v);
    trace_add(f->t, "put %s", f->v.as.buf.data);
    wa_value_clear(&f->v);
    trace_add(f->t, "freed %d %d %d", wa_event_free(f->e), wa_queue_free(f->empty), wa_queue_free(f->full));
    WA_END(co);
}

TEST(sync_free_while_tasks_are_parked) {
    trace t = {{0}, 0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    ASSERT_EQ(WA_RUN(&opts, NULL, NULL, free_parked_step, free_parked_frame, .t = &t), 0);
    ASSERT_STR_EQ(t.text, "event EINVALIDSTATE: wa_event_free: tasks are waiting on it"
                          "|getter EINVALIDSTATE: wa_queue_free: tasks are waiting on it"
                          "|putter EINVALIDSTATE: wa_queue_free: tasks are waiting on it|put item|freed 0 0 0");
}

/* Lock.acquire and Semaphore.acquire park their task on the primitive
 * (park.c): a waiter shows what it waits for and has no library frame,
 * freeing the primitive under it is refused, an acquire never awaited is
 * reported as CPython reports the coroutine, and the hand-off keeps
 * asyncio's order: a task that comes while the woken waiter has not run
 * yet queues behind it, and a woken waiter cancelled before it runs passes
 * the wake-up on (CPython 3.13 prints B got|C CancelledError|D got|E got
 * for the same program, with a Lock as with a Semaphore(1)). */
typedef struct {
    wa_coro co;
    trace *t;
    wa_lock *l;             /* this, or */
    wa_semaphore *s;        /* this */
    const char *name;
    wa_error *err;
} acquirer_frame;

static wa_future *acquire(wa_coro *co, wa_lock *l, wa_semaphore *s) {
    return s ? wa_semaphore_acquire(co, s) : wa_lock_acquire(co, l);
}
static int release(wa_lock *l, wa_semaphore *s) { return s ? wa_semaphore_release(s) : wa_lock_release(l); }

static wa_status acquirer(wa_coro *co) {
    acquirer_frame *f = (acquirer_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, acquire(co, f->l, f->s), f->err);
    if (f->err) {
        trace_add(f->t, "%s %s", f->name, wa_error_type_of(f->err)->name);
    } else {
        trace_add(f->t, "%s got", f->name);
        release(f->l, f->s);
    }
    WA_END(co);
}

typedef struct {
    wa_coro co;
    trace *t;
    bool semaphore;
    wa_lock *l;
    wa_semaphore *s;
    wa_task *tasks[4];
    int i;
} acquire_parks_frame;

static int free_primitive(wa_lock *l, wa_semaphore *s) { return s ? wa_semaphore_free(s) : wa_lock_free(l); }

static wa_status acquire_parks_step(wa_coro *co) {
    acquire_parks_frame *f = (acquire_parks_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    static const char *const names[] = {"B", "C", "D", "E"};
    WA_BEGIN(co);
    wa_loop_set_exception_handler(loop, trace_exception_handler, f->t);
    if (f->semaphore)
        f->s = wa_semaphore_new(loop, 1);
    else
        f->l = wa_lock_new(loop);
    WA_AWAIT(co, acquire(co, f->l, f->s));
    for (f->i = 0; f->i < 3; f->i++)
        f->tasks[f->i] = WA_SPAWN(loop, acquirer, acquirer_frame, .t = f->t, .l = f->l, .s = f->s, .name = names[f->i]);
    WA_YIELD(co);   /* B, C and D park */
    {
        int rc = free_primitive(f->l, f->s);
        trace_add(f->t, "free %s: %s", wa_err_name(rc), wa_last_error());
        wa_task_info info;
        wa_task_get_info(f->tasks[0], &info);
        trace_add(f->t, "B awaits %s depth %d", info.awaiting, (int)info.depth);
    }
    (void)acquire(co, f->l, f->s);      /* held: a park, never awaited */
    WA_YIELD(co);
    release(f->l, f->s);                /* wakes B */
    f->tasks[3] = WA_SPAWN(loop, acquirer, acquirer_frame, .t = f->t, .l = f->l, .s = f->s, .name = names[3]);
    WA_YIELD(co);   /* B acquires and releases, which wakes C; E queues behind C and D */
    wa_task_cancel(f->tasks[1], NULL);
    for (f->i = 0; f->i < 4; f->i++) {
        WA_AWAIT(co, f->tasks[f->i]);
        wa_task_unref(f->tasks[f->i]);
    }
    trace_add(f->t, "freed %d", free_primitive(f->l, f->s));
    WA_END(co);
}

TEST(sync_lock_acquire_parks_its_task) {
    trace t = {{0}, 0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    ASSERT_EQ(WA_RUN(&opts, NULL, NULL, acquire_parks_step, acquire_parks_frame, .t = &t), 0);
    ASSERT_STR_EQ(t.text, "free EINVALIDSTATE: wa_lock_free: tasks are waiting on it"
                          "|B awaits <Lock.acquire pending> depth 1|coroutine 'Lock.acquire' was never awaited"
                          "|B got|C CancelledError|D got|E got|freed 0");
}

TEST(sync_semaphore_acquire_parks_its_task) {
    trace t = {{0}, 0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    ASSERT_EQ(WA_RUN(&opts, NULL, NULL, acquire_parks_step, acquire_parks_frame, .t = &t, .semaphore = true), 0);
    ASSERT_STR_EQ(t.text, "free EINVALIDSTATE: wa_semaphore_free: tasks are waiting on it"
                          "|B awaits <Semaphore.acquire pending> depth 1"
                          "|coroutine 'Semaphore.acquire' was never awaited"
                          "|B got|C CancelledError|D got|E got|freed 0");
}

TEST(yield_value_outside_generator) {
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    wa_error *err = NULL;
    ASSERT_EQ(WA_RUN(&opts, NULL, &err, not_a_generator_step, not_a_generator), WA_EEXCEPTION);
    ASSERT_STR_EQ(wa_error_message(err), "WA_YIELD_VALUE outside an async generator");
    wa_error_unref(err);
}
