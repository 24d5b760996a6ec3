/*
 * test_results.c — what awaits give back and what callbacks raise:
 * sleep's result and its ownership, a waiting put's item, wait_for's
 * predicate value and Python's truthiness, wait's done/pending lists,
 * timeouts made before they are entered, and wa_callback_raise with its
 * reports and misuse.
 */
#include <string.h>

#include "harness.h"

static int dtor_runs;
static void count_dtor(void *p) {
    (void)p;
    dtor_runs++;
}

TEST(value_truthy_as_python_bool) {
    const wa_value one = wa_int(1);
    int x = 0;
    ASSERT(!wa_value_truthy(NULL));
    ASSERT(!wa_value_truthy(&(wa_value){WA_KIND_NONE, {0}}));
    wa_value falses[] = {wa_none(), wa_bool(false), wa_int(0), wa_double(0.0), wa_double(-0.0), wa_str(""),
                         wa_str(NULL), wa_bytes("", 0), wa_list(NULL, 0), wa_ptr(NULL, NULL)};
    wa_value trues[] = {wa_bool(true), wa_int(-1), wa_double(NAN), wa_str("0"), wa_bytes("\0", 1),
                        wa_list(&one, 1), wa_ptr(&x, NULL), wa_error_value(NULL)};
    for (size_t i = 0; i < sizeof falses / sizeof *falses; i++)
        if (wa_value_truthy(&falses[i])) FAIL_AT("false value %zu is truthy", i);
    for (size_t i = 0; i < sizeof trues / sizeof *trues; i++)
        if (!wa_value_truthy(&trues[i])) FAIL_AT("true value %zu is falsy", i);
}

typedef struct {
    wa_coro co;
    trace *t;
    wa_task *sleeper;
    wa_error *err;
    char buf[8];
    int marker;
} sleep_frame;

static wa_status sleep_with_pointer(wa_coro *co) {
    sleep_frame *f = (sleep_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep_result(co, 10, wa_ptr(&f->marker, count_dtor)));
    trace_add(f->t, "not reached");
    WA_END(co);
}

static wa_status sleep_results(wa_coro *co) {
    sleep_frame *f = (sleep_frame *)co;
    WA_BEGIN(co);
    strcpy(f->buf, "abc");
    WA_AWAIT(co, wa_sleep_result(co, 1, wa_str(f->buf)));
    trace_add(f->t, "str %s copied=%d", co->value.as.buf.data, co->value.as.buf.data != f->buf);
    WA_AWAIT(co, wa_sleep_result(co, 0, wa_ptr(&f->marker, count_dtor)));
    /* the await's value is a view: the destructor runs when the frame's
     * slot is released, at the next await */
    trace_add(f->t, "ptr ok=%d dtor=%d", co->value.as.ptr.p == &f->marker, dtor_runs);
    WA_AWAIT(co, wa_sleep(co, 0));
    trace_add(f->t, "after next await dtor=%d", dtor_runs);
    f->sleeper = WA_SPAWN(wa_get_running_loop(), sleep_with_pointer, sleep_frame, .t = f->t);
    WA_AWAIT(co, wa_sleep(co, 1));
    wa_task_cancel(f->sleeper, NULL);
    WA_AWAIT_TRY(co, f->sleeper, f->err);
    trace_add(f->t, "cancelled=%d dtor=%d", wa_error_is(f->err, WA_CANCELLED_ERROR), dtor_runs);
    wa_task_unref(f->sleeper);
    WA_AWAIT_TRY(co, wa_sleep_result(co, NAN, wa_int(1)), f->err);
    trace_add(f->t, "%s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    WA_END(co);
}

TEST(sleep_result_owns_its_value) {
    trace t = {{0}, 0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    dtor_runs = 0;
    ASSERT_EQ(WA_RUN(&opts, NULL, NULL, sleep_results, sleep_frame, .t = &t), 0);
    ASSERT_STR_EQ(t.text, "str abc copied=1|ptr ok=1 dtor=0|after next await dtor=1|cancelled=1 dtor=2|"
                          "ValueError: Invalid delay: NaN (not a number)");
    ASSERT_EQ(dtor_runs, 2);
    wa_loop *loop = test_loop();
    ASSERT(wa_sleep_result(NULL, 1, wa_none()) == NULL);  /* not from a coroutine */
    wa_loop_free(loop);
}

/* A put that waits for room holds a copy of its item while it waits: the
 * caller's buffer may change meanwhile; a cancelled put releases its item
 * (a pointer's destructor runs once, as asyncio drops the item); a put
 * never awaited is reported and its copy released; a getter receives what
 * a woken put stored, a pointer's destructor moving with it. */
typedef struct {
    wa_coro co;
    trace *t;
    wa_queue *q;
    wa_value item;
} put_frame;

static wa_status put_one(wa_coro *co) {
    put_frame *f = (put_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_queue_put(co, f->q, f->item));
    trace_add(f->t, "put done, value %s", co->value.kind == WA_KIND_NONE ? "None" : "?");
    WA_END(co);
}

typedef struct {
    wa_coro co;
    trace *t;
    wa_queue *q;
    wa_task *putter;
    wa_error *err;
    char buf[8];
    int marker;
} waiting_put_frame;

static wa_status waiting_puts(wa_coro *co) {
    waiting_put_frame *f = (waiting_put_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    wa_loop_set_exception_handler(loop, trace_exception_handler, f->t);
    f->q = wa_queue_new(loop, WA_QUEUE_FIFO, 1);
    wa_queue_put_nowait(f->q, wa_int(0));
    strcpy(f->buf, "abc");
    f->putter = WA_SPAWN(loop, put_one, put_frame, .t = f->t, .q = f->q, .item = wa_str(f->buf));
    WA_YIELD(co);   /* it waits for room */
    strcpy(f->buf, "xyz");
    WA_AWAIT(co, wa_queue_get(co, f->q));
    trace_add(f->t, "got %lld", (long long)co->value.as.i);
    WA_AWAIT(co, f->putter);
    wa_task_unref(f->putter);
    WA_AWAIT(co, wa_queue_get(co, f->q));
    trace_add(f->t, "got %s", co->value.as.buf.data);

    wa_queue_put_nowait(f->q, wa_int(1));
    f->putter = WA_SPAWN(loop, put_one, put_frame, .t = f->t, .q = f->q, .item = wa_ptr(&f->marker, count_dtor));
    WA_YIELD(co);
    wa_task_cancel(f->putter, NULL);
    WA_AWAIT_TRY(co, f->putter, f->err);
    trace_add(f->t, "cancelled=%d dtor=%d qsize=%zu", wa_error_is(f->err, WA_CANCELLED_ERROR), dtor_runs,
              wa_queue_qsize(f->q));
    wa_task_unref(f->putter);

    (void)wa_queue_put(co, f->q, wa_str("never"));  /* the queue is full: a park, never awaited */
    WA_YIELD(co);

    f->putter = WA_SPAWN(loop, put_one, put_frame, .t = f->t, .q = f->q, .item = wa_ptr(&f->marker, count_dtor));
    WA_YIELD(co);
    WA_AWAIT(co, wa_queue_get(co, f->q));
    WA_AWAIT(co, f->putter);
    wa_task_unref(f->putter);
    WA_AWAIT(co, wa_queue_get(co, f->q));
    trace_add(f->t, "got ptr ok=%d dtor=%d", co->value.as.ptr.p == &f->marker, dtor_runs);
    WA_YIELD(co);
    trace_add(f->t, "after next await dtor=%d", dtor_runs);
    wa_queue_free(f->q);
    WA_END(co);
}

TEST(queue_put_holds_its_item_while_it_waits) {
    trace t = {{0}, 0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    dtor_runs = 0;
    ASSERT_EQ(WA_RUN(&opts, NULL, NULL, waiting_puts, waiting_put_frame, .t = &t), 0);
    ASSERT_STR_EQ(t.text, "got 0|put done, value None|got abc|cancelled=1 dtor=1 qsize=1"
                          "|coroutine 'Queue.put' was never awaited|put done, value None|got ptr ok=1 dtor=1"
                          "|after next await dtor=2");
}

/* gather's list shows a pointer result without its destructor: the child
 * owns it, and the gather keeps the child while the list lives, even after
 * the caller dropped its own reference. */
typedef struct {
    wa_coro co;
    int *target;
    bool fail;
} pointer_frame;

static wa_status return_pointer(wa_coro *co) {
    pointer_frame *f = (pointer_frame *)co;
    WA_BEGIN(co);
    WA_YIELD(co);
    if (f->fail) WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "no pointer"));
    WA_RETURN(co, f->target ? wa_ptr(f->target, count_dtor) : wa_str("text"));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    trace *t;
    int a, b;
    wa_future *futs[4];
} gather_pointers_frame;

static wa_status gather_pointers(wa_coro *co) {
    gather_pointers_frame *f = (gather_pointers_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->futs[0] = wa_task_future(WA_SPAWN(loop, return_pointer, pointer_frame, .target = &f->a));
    f->futs[1] = wa_task_future(WA_SPAWN(loop, return_pointer, pointer_frame, .target = &f->b));
    f->futs[2] = wa_future_ref(f->futs[0]);     /* a duplicate */
    f->futs[3] = wa_task_future(WA_SPAWN(loop, return_pointer, pointer_frame, .fail = true));
    WA_AWAIT(co, wa_gather(co, f->futs, 4, true));
    for (int i = 0; i < 4; i++) wa_future_unref(f->futs[i]);    /* the gather's references remain */
    {
        const wa_value *items = co->value.as.list.items;
        trace_add(f->t, "len=%zu a=%d b=%d dup=%d views=%d err=%s dtor_runs=%d", co->value.as.list.len,
                  items[0].as.ptr.p == &f->a, items[1].as.ptr.p == &f->b, items[2].as.ptr.p == &f->a,
                  !items[0].as.ptr.dtor && !items[1].as.ptr.dtor, wa_error_message(items[3].as.err), dtor_runs);
    }
    WA_YIELD(co);
    trace_add(f->t, "still kept dtor_runs=%d", dtor_runs);
    WA_END(co);     /* the frame lets the gather go, and the gather its children */
}

TEST(gather_keeps_pointer_results_alive) {
    trace t = {{0}, 0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    dtor_runs = 0;
    ASSERT_EQ(WA_RUN(&opts, NULL, NULL, gather_pointers, gather_pointers_frame, .t = &t), 0);
    ASSERT_STR_EQ(t.text, "len=4 a=1 b=1 dup=1 views=1 err=no pointer dtor_runs=0|still kept dtor_runs=0");
    ASSERT_EQ(dtor_runs, 2);
}

typedef struct {
    wa_coro co;
    trace *t;
    wa_condition *cond;
    wa_future *futs[3];
    wa_error *err;
    wa_guard guard;
} cond_frame;

static wa_value text_pred(void *arg) { return wa_str(arg); }

static wa_status wait_values(wa_coro *co) {
    cond_frame *f = (cond_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->cond = wa_condition_new(loop, NULL);
    WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
        WA_AWAIT(co, wa_condition_wait_for(co, f->cond, text_pred, "ready"));
        trace_add(f->t, "wait_for -> %s", co->value.as.buf.data);
        WA_AWAIT_TRY(co, wa_condition_wait_for(co, f->cond, NULL, NULL), f->err);
        trace_add(f->t, "%s", wa_error_type_of(f->err)->name);
    }
    WA_WITH_END(co);
    wa_condition_free(f->cond);
    f->futs[0] = wa_future_new(loop);
    f->futs[2] = wa_future_new(loop);
    wa_future_set_result(f->futs[2], wa_none());
    f->futs[1] = wa_future_ref(f->futs[2]);     /* a duplicate: once in the sets */
    WA_AWAIT(co, wa_wait(co, f->futs, 3, 0.5, WA_ALL_COMPLETED));
    {
        wa_value done = co->value.as.list.items[0], pending = co->value.as.list.items[1];
        trace_add(f->t, "kind=%d len=%zu done=%zu:%d pending=%zu:%d", (int)co->value.kind, co->value.as.list.len,
                  done.as.list.len, done.as.list.items[0].as.ptr.p == f->futs[2], pending.as.list.len,
                  pending.as.list.items[0].as.ptr.p == f->futs[0]);
    }
    for (int i = 0; i < 3; i++) wa_future_unref(f->futs[i]);
    WA_END(co);
}

TEST(wait_for_value_and_wait_sets) {
    trace t = {{0}, 0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    ASSERT_EQ(WA_RUN(&opts, NULL, NULL, wait_values, cond_frame, .t = &t), 0);
    ASSERT_STR_EQ(t.text, "wait_for -> ready|TypeError|kind=7 len=2 done=1:1 pending=1:1");
}

typedef struct {
    wa_coro co;
    trace *t;
    wa_timeout tm;
    wa_error *err;
} timeout_frame;

static wa_status made_timeouts(wa_coro *co) {
    timeout_frame *f = (timeout_frame *)co;
    WA_BEGIN(co);
    wa_timeout_init_at(&f->tm, 3);
    WA_AWAIT(co, wa_sleep(co, 1));
    WA_WITH(co, wa_timeout_aenter(co, &f->tm)) {
        trace_add(f->t, "when=%.1f", wa_timeout_when(&f->tm));
        WA_AWAIT_TRY(co, wa_sleep(co, 5), f->err);
        trace_add(f->t, "body %s at %.1f", wa_error_type_of(f->err)->name, wa_loop_time(wa_get_running_loop()));
        WA_RAISE(co, wa_error_ref(f->err));
    }
    WA_WITH_END(co);
    WA_END(co);
}

TEST(timeout_made_before_entered) {
    wa_timeout tm;
    wa_loop *loop = test_loop();
    ASSERT_EQ(wa_timeout_init(NULL, loop, 1), WA_EINVAL);
    ASSERT_EQ(wa_timeout_init(&tm, NULL, 1), WA_EINVAL);
    ASSERT_EQ(wa_timeout_init(&tm, loop, NAN), WA_EINVAL);
    ASSERT_EQ(wa_timeout_init_at(&tm, NAN), WA_EINVAL);
    ASSERT_EQ(wa_timeout_init(&tm, loop, 2), 0);
    ASSERT_DOUBLE_EQ(wa_timeout_when(&tm), 2.0);
    ASSERT(!wa_timeout_expired(&tm));
    ASSERT_EQ(wa_timeout_reschedule(&tm, 5), WA_EINVALIDSTATE);
    ASSERT_CONTAINS(wa_last_error(), "Timeout has not been entered");
    ASSERT_EQ(wa_timeout_init(&tm, loop, WA_NO_TIMEOUT), 0);
    ASSERT(wa_timeout_when(&tm) == WA_NO_TIMEOUT);
    wa_loop_free(loop);

    trace t = {{0}, 0};
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL};
    wa_error *err = NULL;
    ASSERT_EQ(WA_RUN(&opts, NULL, &err, made_timeouts, timeout_frame, .t = &t), WA_EEXCEPTION);
    ASSERT(wa_error_is(err, WA_TIMEOUT_ERROR));
    wa_error_unref(err);
    ASSERT_STR_EQ(t.text, "when=3.0|body CancelledError at 3.0");
}

static void raising(wa_loop *loop, void *arg) {
    ASSERT_EQ(wa_callback_raise(loop, wa_error_new(WA_VALUE_ERROR, "first")), 0);
    ASSERT_EQ(wa_callback_raise(loop, wa_error_new(WA_VALUE_ERROR, "%s", (const char *)arg)), 0);
}

static void recording_handler(wa_loop *loop, const wa_context *ctx, void *arg) {
    trace *t = arg;
    trace_add(t, "[%d|%s: %s|handle=%d|level=%d]", !strncmp(ctx->message, "Exception in callback <Handle ", 30),
              wa_error_type_of(ctx->exception)->name, wa_error_message(ctx->exception), ctx->handle != NULL,
              (int)ctx->level);
    if (!strcmp(wa_error_message(ctx->exception), "break the handler"))
        wa_callback_raise(loop, wa_error_new(WA_RUNTIME_ERROR, "handler failed"));
}

static void finish(wa_loop *loop, void *arg) {
    (void)loop;
    wa_future_set_result(arg, wa_none());
}

TEST(callback_raise_reports_and_misuse) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    void *arg = &arg;
    ASSERT(wa_loop_get_exception_handler(loop, &arg) == NULL);
    ASSERT(arg == NULL);
    ASSERT(wa_loop_get_exception_handler(NULL, NULL) == NULL);
    /* outside any callback: refused, the error released (ASan checks) */
    ASSERT_EQ(wa_callback_raise(loop, wa_error_new(WA_VALUE_ERROR, "x")), WA_EINVALIDSTATE);
    ASSERT_CONTAINS(wa_last_error(), "no callback or exception handler");
    ASSERT_EQ(wa_callback_raise(NULL, wa_error_new(WA_VALUE_ERROR, "x")), WA_EINVAL);
    ASSERT_EQ(wa_callback_raise(loop, NULL), WA_EINVAL);

    ASSERT_EQ(wa_loop_set_exception_handler(loop, recording_handler, &t), 0);
    ASSERT(wa_loop_get_exception_handler(loop, &arg) == recording_handler);
    ASSERT(arg == &t);
    wa_future *fut = wa_future_new(loop);
    ASSERT_EQ(wa_call_soon(loop, raising, "second", NULL), 0);
    /* the handler fails: the default handler reports it (on stderr) */
    ASSERT_EQ(wa_call_soon(loop, raising, "break the handler", NULL), 0);
    ASSERT_EQ(wa_call_later(loop, 1, finish, fut, NULL), 0);
    ASSERT_EQ(wa_loop_run_until_complete(loop, fut), 0);
    ASSERT_STR_EQ(t.text, "[1|ValueError: second|handle=1|level=0]|[1|ValueError: break the handler|handle=1|level=0]");
    /* after the callbacks, raising is refused again */
    ASSERT_EQ(wa_callback_raise(loop, wa_error_new(WA_VALUE_ERROR, "x")), WA_EINVALIDSTATE);
    wa_future_unref(fut);
    wa_loop_free(loop);
}

TEST(closed_loop_answers_with_asyncio_words) {
    wa_loop *loop = test_loop();
    wa_future *fut = wa_future_new(loop);
    ASSERT_EQ(wa_loop_close(loop), 0);
    ASSERT(wa_loop_is_closed(loop));
    ASSERT_EQ(wa_loop_close(loop), 0);  /* closing twice: a no-op */
    ASSERT_EQ(wa_call_soon(loop, finish, fut, NULL), WA_ECLOSED);
    ASSERT_CONTAINS(wa_last_error(), "Event loop is closed");
    ASSERT_EQ(wa_loop_run_until_complete(loop, fut), WA_ECLOSED);
    ASSERT_CONTAINS(wa_last_error(), "Event loop is closed");
    ASSERT((wa_task_new)(loop, NULL, sizeof(wa_coro), &(wa_coro){0}, NULL) == NULL);
    ASSERT_CONTAINS(wa_last_error(), "a coroutine was expected, got None");
    ASSERT(wa_ensure_future(loop, NULL) == NULL);
    ASSERT_CONTAINS(wa_last_error(), "An asyncio.Future, a coroutine or an awaitable is required");
    wa_future_cancel(fut, NULL);
    wa_future_unref(fut);
    ASSERT_EQ(wa_loop_free(loop), 0);
}
