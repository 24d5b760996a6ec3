/* test_loop.c — the loop: call_soon/call_later/call_at order, one iteration
 * runs only what was ready when it began, stop, run_until_complete, close,
 * the running-loop rule and the exception handler. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "harness.h"
#include "../../src/core/loop-int.h"

typedef struct rec {
    wa_loop *loop;
    trace t;
} rec;

typedef struct item {
    rec *r;
    const char *name;
} item;

static void log_cb(wa_loop *loop, void *arg) {
    item *it = arg;
    trace_add(&it->r->t, "%s@%.3f", it->name, wa_loop_time(loop));
}

static void stop_cb(wa_loop *loop, void *arg) {
    (void)arg;
    wa_loop_stop(loop);
}

TEST(loop_call_soon_fifo) {
    rec r = {test_loop(), {{0}, 0}};
    item a = {&r, "a"}, b = {&r, "b"}, c = {&r, "c"};
    ASSERT_EQ(wa_call_soon(r.loop, log_cb, &a, NULL), 0);
    ASSERT_EQ(wa_call_soon(r.loop, log_cb, &b, NULL), 0);
    ASSERT_EQ(wa_call_soon(r.loop, log_cb, &c, NULL), 0);
    ASSERT_EQ(wa_call_soon(r.loop, stop_cb, NULL, NULL), 0);
    ASSERT_EQ(wa_loop_run_forever(r.loop), 0);
    ASSERT_STR_EQ(r.t.text, "a@0.000|b@0.000|c@0.000");
    ASSERT_EQ(wa_loop_free(r.loop), 0);
}

static item late = {NULL, "late"};
static void schedule_late(wa_loop *loop, void *arg) {
    item *it = arg;
    trace_add(&it->r->t, "%s", it->name);
    late.r = it->r;
    wa_call_soon(loop, log_cb, &late, NULL);
}

TEST(loop_iteration_snapshot) {
    /* asyncio: a callback added while the iteration runs waits for the next
     * one, after everything that was already queued */
    rec r = {test_loop(), {{0}, 0}};
    item a = {&r, "a"}, b = {&r, "b"};
    wa_call_soon(r.loop, schedule_late, &a, NULL);
    wa_call_soon(r.loop, log_cb, &b, NULL);
    wa_call_soon(r.loop, stop_cb, NULL, NULL);
    ASSERT_EQ(wa_loop_run_forever(r.loop), 0);
    ASSERT_STR_EQ(r.t.text, "a|b@0.000");   /* stop ended the first iteration */
    ASSERT_EQ(wa_loop_run_forever(r.loop), WA_EDEADLOCK);  /* "late" ran, then nothing left */
    ASSERT_STR_EQ(r.t.text, "a|b@0.000|late@0.000");
    ASSERT_EQ(wa_loop_free(r.loop), 0);
}

TEST(loop_timers_by_deadline_then_fifo) {
    rec r = {test_loop(), {{0}, 0}};
    item a = {&r, "a"}, b = {&r, "b"}, c = {&r, "c"}, d = {&r, "d"};
    wa_call_later(r.loop, 0.3, log_cb, &a, NULL);
    wa_call_later(r.loop, 0.1, log_cb, &b, NULL);
    wa_call_later(r.loop, 0.3, log_cb, &c, NULL);
    wa_call_at(r.loop, 0.2, log_cb, &d, NULL);
    wa_call_later(r.loop, 0.5, stop_cb, NULL, NULL);
    ASSERT_EQ(wa_loop_run_forever(r.loop), 0);
    ASSERT_STR_EQ(r.t.text, "b@0.100|d@0.200|a@0.300|c@0.300");
    ASSERT_DOUBLE_EQ(wa_loop_time(r.loop), 0.5);
    wa_loop_free(r.loop);
}

TEST(loop_handle_cancel) {
    rec r = {test_loop(), {{0}, 0}};
    item a = {&r, "a"}, b = {&r, "b"}, c = {&r, "c"};
    wa_handle *ha, *hb;
    ASSERT_EQ(wa_call_soon(r.loop, log_cb, &a, &ha), 0);
    ASSERT_EQ(wa_call_later(r.loop, 0.1, log_cb, &b, &hb), 0);
    wa_call_later(r.loop, 0.2, log_cb, &c, NULL);
    wa_call_later(r.loop, 0.3, stop_cb, NULL, NULL);
    ASSERT_DOUBLE_EQ(wa_handle_when(hb), 0.1);
    ASSERT_DOUBLE_EQ(wa_handle_when(ha), 0);
    wa_handle_cancel(ha);
    wa_handle_cancel(hb);
    wa_handle_cancel(hb);   /* twice: a no-op */
    ASSERT(wa_handle_cancelled(ha) && wa_handle_cancelled(hb));
    ASSERT_EQ(wa_loop_run_forever(r.loop), 0);
    ASSERT_STR_EQ(r.t.text, "c@0.200");
    wa_handle_unref(ha);
    wa_handle_unref(hb);
    wa_loop_free(r.loop);
}

typedef struct many {
    int fired;
} many;
static void count_cb(wa_loop *loop, void *arg) {
    (void)loop;
    ((many *)arg)->fired++;
}

TEST(loop_cancelled_timers_compacted) {
    /* 1000 timers, 900 cancelled: the heap drops them without running any */
    wa_loop *loop = test_loop();
    many m = {0};
    wa_handle *hs[1000];
    for (int i = 0; i < 1000; i++) ASSERT_EQ(wa_call_later(loop, 1.0 + i * 0.001, count_cb, &m, &hs[i]), 0);
    for (int i = 0; i < 900; i++) wa_handle_cancel(hs[i]);
    wa_call_later(loop, 5, stop_cb, NULL, NULL);
    ASSERT_EQ(wa_loop_run_forever(loop), 0);
    ASSERT_EQ(m.fired, 100);
    for (int i = 0; i < 1000; i++) wa_handle_unref(hs[i]);
    wa_loop_free(loop);
}

/* Far more timers than a fresh heap holds, set in a shuffled order with
 * ties: the heap grows (natively past 256 KiB, into huge pages) keeping
 * every entry, and they fire by deadline, ties in the order they were set. */
typedef struct ordered {
    double last;
    int last_seq, fired, wrong;
} ordered;
typedef struct stamp {
    ordered *o;
    int seq;
} stamp;
static void ordered_cb(wa_loop *loop, void *arg) {
    stamp *s = arg;
    ordered *o = s->o;
    double now = wa_loop_time(loop);
    if (now < o->last || (now == o->last && s->seq < o->last_seq)) o->wrong++;
    o->last = now;
    o->last_seq = s->seq;
    o->fired++;
}

TEST(loop_timer_heap_grows_in_order) {
    enum { N = 100000 };    /* 2.4 MB of heap entries: two growths into huge pages natively */
    wa_loop *loop = test_loop();
    ordered o = {0, -1, 0, 0};
    stamp *st = malloc(N * sizeof *st);
    ASSERT(st != NULL);
    uint32_t x = 12345;
    for (int i = 0; i < N; i++) {
        x = x * 1103515245u + 12345u;
        st[i] = (stamp){&o, i};
        ASSERT_EQ(wa_call_at(loop, (double)((x >> 8) % 1000) / 1000, ordered_cb, &st[i], NULL), 0);
    }
    char why[160];
    ASSERT(wa__loop_check(loop, why, sizeof why));
    ASSERT_EQ(wa_call_at(loop, 2, stop_cb, NULL, NULL), 0);
    ASSERT_EQ(wa_loop_run_forever(loop), 0);
    ASSERT_EQ(o.fired, N);
    ASSERT_EQ(o.wrong, 0);
    ASSERT_DOUBLE_EQ(wa_loop_time(loop), 2);
    free(st);
    wa_loop_free(loop);
}

/* The checker wa_loop_close runs after every test (check.c) must see a
 * breach: two timers swapped in the heap, a miscounted ready queue. */
TEST(loop_invariant_checker_finds_breaches) {
    wa_loop *loop = test_loop();
    many m = {0};
    ASSERT_EQ(wa_call_later(loop, 1, count_cb, &m, NULL), 0);
    ASSERT_EQ(wa_call_later(loop, 2, count_cb, &m, NULL), 0);
    ASSERT_EQ(wa_call_soon(loop, count_cb, &m, NULL), 0);
    char why[160];
    ASSERT(wa__loop_check(loop, why, sizeof why));
    wa__timer_entry first = loop->timers[0];
    loop->timers[0] = loop->timers[1];
    loop->timers[1] = first;
    ASSERT(!wa__loop_check(loop, why, sizeof why));
    ASSERT_STR_EQ(why, "timer heap: a timer due before its parent (entry 1)");
    loop->timers[1] = loop->timers[0];
    loop->timers[0] = first;
    loop->nready++;
    ASSERT(!wa__loop_check(loop, why, sizeof why));
    ASSERT_STR_EQ(why, "ready queue: nready is not its length (entry 1)");
    loop->nready--;
    ASSERT(wa__loop_check(loop, why, sizeof why));
    wa_loop_free(loop);
}

TEST(loop_stop_before_run_runs_one_iteration) {
    rec r = {test_loop(), {{0}, 0}};
    item a = {&r, "a"};
    wa_call_soon(r.loop, log_cb, &a, NULL);
    wa_call_later(r.loop, 1, log_cb, &a, NULL);
    wa_loop_stop(r.loop);
    ASSERT_EQ(wa_loop_run_forever(r.loop), 0);
    ASSERT_STR_EQ(r.t.text, "a@0.000");
    ASSERT(!wa_loop_is_running(r.loop));
    ASSERT_DOUBLE_EQ(wa_loop_time(r.loop), 0);   /* ready work: no wait */
    wa_loop_free(r.loop);
}

static void check_running(wa_loop *loop, void *arg) {
    int *ok = arg;
    *ok = wa_get_running_loop() == loop && wa_loop_is_running(loop) &&
           wa_loop_run_forever(loop) == WA_ERUNNING;
    wa_loop_stop(loop);
}

TEST(loop_running_loop_rules) {
    ASSERT(wa_get_running_loop() == NULL);
    ASSERT_CONTAINS(wa_last_error(), "no running event loop");
    wa_loop *loop = test_loop();
    int ok = 0;
    wa_call_soon(loop, check_running, &ok, NULL);
    ASSERT_EQ(wa_loop_run_forever(loop), 0);
    ASSERT(ok);
    ASSERT(wa_get_running_loop() == NULL);
    wa_loop_free(loop);
}

typedef struct nested {
    wa_loop *other;
    int rc;
} nested;
static void run_other(wa_loop *loop, void *arg) {
    nested *n = arg;
    n->rc = wa_loop_run_forever(n->other);
    wa_loop_stop(loop);
}

TEST(loop_one_running_loop_per_thread) {
    wa_loop *a = test_loop(), *b = test_loop();
    nested n = {b, 0};
    wa_call_soon(a, run_other, &n, NULL);
    ASSERT_EQ(wa_loop_run_forever(a), 0);
    ASSERT_EQ(n.rc, WA_ERUNNING);
    ASSERT_CONTAINS(wa_last_error(), "another loop is running");
    wa_loop_free(a);
    wa_loop_free(b);
}

TEST(loop_close) {
    rec r = {test_loop(), {{0}, 0}};
    item a = {&r, "a"};
    wa_handle *h;
    wa_call_soon(r.loop, log_cb, &a, NULL);
    wa_call_later(r.loop, 1, log_cb, &a, &h);
    ASSERT(!wa_loop_is_closed(r.loop));
    ASSERT_EQ(wa_loop_close(r.loop), 0);
    ASSERT(wa_loop_is_closed(r.loop));
    ASSERT_EQ(wa_loop_close(r.loop), 0);    /* closing twice is allowed */
    ASSERT_EQ(wa_call_soon(r.loop, log_cb, &a, NULL), WA_ECLOSED);
    ASSERT_EQ(wa_loop_run_forever(r.loop), WA_ECLOSED);
    ASSERT(wa_future_new(r.loop) == NULL);
    ASSERT_STR_EQ(r.t.text, "");
    wa_handle_unref(h);
    wa_loop_free(r.loop);
}

TEST(loop_run_until_complete) {
    wa_loop *loop = test_loop();
    wa_future *f = wa_future_new(loop);
    ASSERT(f != NULL);
    /* a pending future nobody will finish: the virtual clock reports it */
    ASSERT_EQ(wa_loop_run_until_complete(loop, f), WA_EDEADLOCK);
    wa_future_set_result(f, wa_int(7));
    ASSERT_EQ(wa_loop_run_until_complete(loop, f), 0);
    wa_value v;
    ASSERT_EQ(wa_future_result(f, &v), 0);
    ASSERT_EQ(v.as.i, 7);
    wa_future_unref(f);
    wa_loop_free(loop);
}

TEST(loop_misuse_null_and_nan) {
    ASSERT_EQ(wa_call_soon(NULL, stop_cb, NULL, NULL), WA_EINVAL);
    ASSERT_CONTAINS(wa_last_error(), "wa_call_soon: loop is NULL");
    wa_loop *loop = test_loop();
    wa_handle *h = (wa_handle *)1;
    ASSERT_EQ(wa_call_soon(loop, NULL, NULL, &h), WA_EINVAL);
    ASSERT(h == NULL);
    ASSERT_CONTAINS(wa_last_error(), "callback is NULL");
    ASSERT_EQ(wa_call_later(loop, NAN, stop_cb, NULL, NULL), WA_EINVAL);
    ASSERT_CONTAINS(wa_last_error(), "NaN");
    ASSERT_EQ(wa_call_at(loop, NAN, stop_cb, NULL, NULL), WA_EINVAL);
    ASSERT_EQ(wa_loop_run_forever(NULL), WA_EINVAL);
    ASSERT_EQ(wa_loop_run_until_complete(loop, NULL), WA_EINVAL);
    ASSERT_EQ(wa_loop_stop(NULL), WA_EINVAL);
    ASSERT_EQ(wa_loop_close(NULL), WA_EINVAL);
    ASSERT_EQ(wa_loop_set_exception_handler(NULL, NULL, NULL), WA_EINVAL);
    ASSERT_EQ(wa_loop_free(NULL), 0);
    wa_loop_free(loop);
}

TEST(loop_foreign_future) {
    wa_loop *a = test_loop(), *b = test_loop();
    wa_future *f = wa_future_new(b);
    ASSERT_EQ(wa_loop_run_until_complete(a, f), WA_EFOREIGN);
    ASSERT_CONTAINS(wa_last_error(), "another event loop");
    wa_future_unref(f);
    wa_loop_free(a);
    wa_loop_free(b);
}

TEST(loop_exception_handler) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    ASSERT_EQ(wa_loop_set_exception_handler(loop, trace_exception_handler, &t), 0);
    wa_error *e = wa_error_new(WA_VALUE_ERROR, "bad %d", 42);
    wa_context ctx = {.message = "something broke", .exception = e};
    wa_loop_call_exception_handler(loop, &ctx);
    ASSERT_STR_EQ(t.text, "something broke [ValueError: bad 42]");
    wa_error_unref(e);
    ASSERT_EQ(wa_loop_set_exception_handler(loop, NULL, NULL), 0);  /* back to the default */
    wa_loop_free(loop);
}

TEST(errno_table) {
    ASSERT_STR_EQ(wa_err_name(WA_EINVAL), "EINVAL");
    ASSERT_STR_EQ(wa_err_name(WA_ENOSYS), "ENOSYS");
    ASSERT_STR_EQ(wa_err_name(12345), "UNKNOWN");
    ASSERT_STR_EQ(wa_strerror(WA_ECLOSED), "the event loop is closed");
    ASSERT_STR_EQ(wa_strerror(-9999), "unknown error");
    ASSERT_STR_EQ(wa_strerror(0), "success");
}
