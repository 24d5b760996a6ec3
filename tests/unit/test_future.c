/* test_future.c — futures: states, results, errors, cancellation, done
 * callbacks (scheduled, in order, removable) and the never-retrieved
 * report. */
#include <stdlib.h>

#include "harness.h"

typedef struct cb_rec {
    trace *t;
    const char *name;
} cb_rec;

static void done_cb(wa_future *f, void *arg) {
    cb_rec *c = arg;
    trace_add(c->t, "%s:%s", c->name, wa_future_cancelled(f) ? "cancelled" : "done");
}

static void stop_soon(wa_loop *loop, void *arg) {
    (void)arg;
    wa_loop_stop(loop);
}

static void run_briefly(wa_loop *loop) {
    wa_call_soon(loop, stop_soon, NULL, NULL);
    wa_loop_run_forever(loop);
}

TEST(future_result_roundtrip) {
    wa_loop *loop = test_loop();
    wa_future *f = wa_future_new(loop);
    ASSERT(!wa_future_done(f));
    ASSERT_EQ(wa_future_state_of(f), WA_PENDING);
    ASSERT(wa_future_loop(f) == loop);
    char text[] = "hello";
    ASSERT_EQ(wa_future_set_result(f, wa_str(text)), 0);
    text[0] = 'j';  /* the future keeps its own copy */
    wa_value v;
    ASSERT_EQ(wa_future_result(f, &v), 0);
    ASSERT_EQ(v.kind, WA_KIND_STR);
    ASSERT_STR_EQ(v.as.buf.data, "hello");
    ASSERT_EQ(v.as.buf.len, 5);
    ASSERT(wa_future_done(f) && !wa_future_cancelled(f));
    wa_error *e = (wa_error *)1;
    ASSERT_EQ(wa_future_exception(f, &e), 0);
    ASSERT(e == NULL);
    wa_future_unref(f);
    wa_loop_free(loop);
}

TEST(future_value_kinds) {
    wa_loop *loop = test_loop();
    wa_value in[] = {wa_none(), wa_bool(true), wa_int(-5), wa_double(2.5), wa_bytes("a\0b", 3)};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        wa_future *f = wa_future_new(loop);
        ASSERT_EQ(wa_future_set_result(f, in[i]), 0);
        wa_value v;
        ASSERT_EQ(wa_future_result(f, &v), 0);
        ASSERT_EQ(v.kind, in[i].kind);
        if (v.kind == WA_KIND_BYTES) {
            ASSERT_EQ(v.as.buf.len, 3);
            ASSERT(memcmp(v.as.buf.data, "a\0b", 3) == 0);
        }
        if (v.kind == WA_KIND_INT) ASSERT_EQ(v.as.i, -5);
        if (v.kind == WA_KIND_DOUBLE) ASSERT_DOUBLE_EQ(v.as.d, 2.5);
        wa_future_unref(f);
    }
    wa_loop_free(loop);
}

static int dtor_calls;
static void count_dtor(void *p) {
    dtor_calls++;
    free(p);
}

TEST(future_pointer_destructor_runs_once) {
    wa_loop *loop = test_loop();
    dtor_calls = 0;
    wa_future *f = wa_future_new(loop);
    ASSERT_EQ(wa_future_set_result(f, wa_ptr(malloc(8), count_dtor)), 0);
    wa_value v;
    ASSERT_EQ(wa_future_result(f, &v), 0);
    ASSERT(v.as.ptr.p != NULL);
    ASSERT(v.as.ptr.dtor == NULL);      /* a view does not own */
    ASSERT_EQ(dtor_calls, 0);
    wa_future_unref(f);
    ASSERT_EQ(dtor_calls, 1);
    wa_loop_free(loop);
}

TEST(future_set_result_twice) {
    wa_loop *loop = test_loop();
    wa_future *f = wa_future_new(loop);
    ASSERT_EQ(wa_future_set_result(f, wa_int(1)), 0);
    ASSERT_EQ(wa_future_set_result(f, wa_int(2)), WA_EINVALIDSTATE);
    ASSERT_STR_EQ(wa_last_error(), "wa_future_set_result: invalid state");
    ASSERT_EQ(wa_future_set_exception(f, wa_error_new(WA_VALUE_ERROR, "x")), WA_EINVALIDSTATE);
    wa_value v;
    ASSERT_EQ(wa_future_result(f, &v), 0);
    ASSERT_EQ(v.as.i, 1);       /* the first result stands */
    ASSERT(!wa_future_cancel(f, NULL));
    wa_future_unref(f);
    wa_loop_free(loop);
}

TEST(future_result_while_pending) {
    wa_loop *loop = test_loop();
    wa_future *f = wa_future_new(loop);
    wa_value v;
    ASSERT_EQ(wa_future_result(f, &v), WA_EINVALIDSTATE);
    ASSERT_STR_EQ(wa_last_error(), "wa_future_result: Result is not set.");
    wa_error *e;
    ASSERT_EQ(wa_future_exception(f, &e), WA_EINVALIDSTATE);
    ASSERT_STR_EQ(wa_last_error(), "wa_future_exception: Exception is not set.");
    wa_future_unref(f);
    wa_loop_free(loop);
}

TEST(future_exception) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    wa_loop_set_exception_handler(loop, trace_exception_handler, &t);
    wa_future *f = wa_future_new(loop);
    ASSERT_EQ(wa_future_set_exception(f, wa_error_new(WA_VALUE_ERROR, "boom")), 0);
    wa_value v;
    ASSERT_EQ(wa_future_result(f, &v), WA_EEXCEPTION);
    wa_error *e = NULL;
    ASSERT_EQ(wa_future_exception(f, &e), 0);
    ASSERT(wa_error_is(e, WA_VALUE_ERROR));
    ASSERT_STR_EQ(wa_error_message(e), "boom");
    wa_future_unref(f);
    ASSERT_STR_EQ(t.text, "");      /* retrieved: nothing to report */
    wa_loop_free(loop);
}

TEST(future_exception_never_retrieved) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    wa_loop_set_exception_handler(loop, trace_exception_handler, &t);
    wa_future *f = wa_future_new(loop);
    wa_future_set_exception(f, wa_error_new(WA_RUNTIME_ERROR, "lost"));
    wa_future_unref(f);
    ASSERT_STR_EQ(t.text, "Future exception was never retrieved [RuntimeError: lost]");
    wa_loop_free(loop);
}

/* asyncio allows it (gather relies on it): the future is finished, not
 * cancelled, and raises the CancelledError when awaited. */
TEST(future_set_exception_cancelled_error) {
    wa_loop *loop = test_loop();
    wa_future *f = wa_future_new(loop);
    ASSERT_EQ(wa_future_set_exception(f, wa_error_new(WA_CANCELLED_ERROR, "why")), 0);
    ASSERT(wa_future_done(f));
    ASSERT(!wa_future_cancelled(f));
    wa_error *e = NULL;
    ASSERT_EQ(wa_future_exception(f, &e), 0);
    ASSERT(wa_error_is(e, WA_CANCELLED_ERROR));
    ASSERT_STR_EQ(wa_error_message(e), "why");
    wa_future_unref(f);
    wa_loop_free(loop);
}

TEST(future_set_exception_misuse) {
    wa_loop *loop = test_loop();
    wa_future *f = wa_future_new(loop);
    ASSERT_EQ(wa_future_set_exception(f, NULL), WA_EINVAL);
    ASSERT_EQ(wa_future_set_exception(NULL, wa_error_new(WA_VALUE_ERROR, "x")), WA_EINVAL);  /* no leak */
    ASSERT(!wa_future_done(f));
    ASSERT_EQ(wa_future_set_result(NULL, wa_none()), WA_EINVAL);
    ASSERT_EQ(wa_future_result(NULL, NULL), WA_EINVAL);
    ASSERT(!wa_future_cancel(NULL, NULL));
    ASSERT_EQ(wa_future_add_done_callback(NULL, done_cb, NULL), WA_EINVAL);
    ASSERT_EQ(wa_future_add_done_callback(f, NULL, NULL), WA_EINVAL);
    ASSERT(wa_future_new(NULL) == NULL);
    ASSERT_CONTAINS(wa_last_error(), "loop is NULL");
    wa_future_unref(NULL);
    wa_future_unref(f);
    wa_loop_free(loop);
}

TEST(future_cancel_with_message) {
    wa_loop *loop = test_loop();
    wa_future *f = wa_future_new(loop);
    ASSERT(wa_future_cancel(f, "stop it"));
    ASSERT(!wa_future_cancel(f, "again"));
    ASSERT(wa_future_cancelled(f) && wa_future_done(f));
    wa_value v;
    ASSERT_EQ(wa_future_result(f, &v), WA_ECANCELLED);
    wa_error *e;
    ASSERT_EQ(wa_future_exception(f, &e), WA_ECANCELLED);
    wa_error *c = wa_future_cancelled_error(f);
    ASSERT(wa_error_is(c, WA_CANCELLED_ERROR));
    ASSERT(!wa_error_is(c, WA_EXCEPTION));   /* CancelledError is a BaseException only */
    ASSERT_STR_EQ(wa_error_message(c), "stop it");
    wa_error_unref(c);
    ASSERT_EQ(wa_future_set_result(f, wa_none()), WA_EINVALIDSTATE);
    ASSERT_STR_EQ(wa_last_error(), "wa_future_set_result: invalid state");    /* asyncio: cancelled or done alike */
    wa_future_unref(f);
    wa_loop_free(loop);
}

TEST(future_callbacks_scheduled_in_order) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    cb_rec a = {&t, "a"}, b = {&t, "b"}, c = {&t, "c"};
    wa_future *f = wa_future_new(loop);
    wa_future_add_done_callback(f, done_cb, &a);
    wa_future_add_done_callback(f, done_cb, &b);
    wa_future_add_done_callback(f, done_cb, &c);
    wa_future_set_result(f, wa_none());
    ASSERT_STR_EQ(t.text, "");          /* scheduled with call_soon, not called */
    run_briefly(loop);
    ASSERT_STR_EQ(t.text, "a:done|b:done|c:done");
    wa_future_add_done_callback(f, done_cb, &a);    /* already done: scheduled at once */
    ASSERT_STR_EQ(t.text, "a:done|b:done|c:done");
    run_briefly(loop);
    ASSERT_STR_EQ(t.text, "a:done|b:done|c:done|a:done");
    wa_future_unref(f);
    wa_loop_free(loop);
}

TEST(future_remove_done_callback_counts) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    cb_rec a = {&t, "a"}, b = {&t, "b"};
    wa_future *f = wa_future_new(loop);
    wa_future_add_done_callback(f, done_cb, &a);
    wa_future_add_done_callback(f, done_cb, &b);
    wa_future_add_done_callback(f, done_cb, &a);
    ASSERT_EQ(wa_future_remove_done_callback(f, done_cb, &a), 2);
    ASSERT_EQ(wa_future_remove_done_callback(f, done_cb, &a), 0);
    wa_future_cancel(f, NULL);
    run_briefly(loop);
    ASSERT_STR_EQ(t.text, "b:cancelled");
    wa_future_unref(f);
    wa_loop_free(loop);
}

TEST(future_freed_with_loop_gone) {
    /* a future outliving wa_loop_free still reports through a loop */
    wa_loop *loop = test_loop();
    wa_future *f = wa_future_new(loop);
    wa_future_set_result(f, wa_int(3));
    wa_loop_free(loop);
    wa_value v;
    ASSERT_EQ(wa_future_result(f, &v), 0);
    ASSERT_EQ(v.as.i, 3);
    wa_future_unref(f);
}
