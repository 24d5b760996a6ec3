/* test_args.c — errors' args and str() as CPython makes them (args.c),
 * PEP 479's StopIteration, awaiting NULL, and the table from codes to
 * Python's types (errno.c). */
#include <stdlib.h>

#include "harness.h"
#include "../../src/core/error-int.h"

static const char *repr_of(const wa_error *e) {
    static char buf[160];
    wa_error_repr(e, buf, sizeof buf);
    return buf;
}

TEST(error_args_of_wa_error_new) {
    wa_error *e = wa_error_new(WA_VALUE_ERROR, "bad %d", 7);
    wa_value a = wa_error_args(e);
    ASSERT_EQ(a.kind, WA_KIND_LIST);
    ASSERT_EQ(a.as.list.len, 1);
    ASSERT_STR_EQ(a.as.list.items[0].as.buf.data, "bad 7");
    ASSERT_STR_EQ(repr_of(e), "ValueError('bad 7')");
    wa_error_unref(e);

    wa_error *none = wa_error_new(WA_VALUE_ERROR, NULL);     /* ValueError() */
    ASSERT_EQ(wa_error_args(none).as.list.len, 0);
    ASSERT_STR_EQ(wa_error_message(none), "");
    ASSERT_STR_EQ(repr_of(none), "ValueError()");
    wa_error_unref(none);

    wa_error *empty = wa_error_new(WA_VALUE_ERROR, "%s", "");   /* ValueError(''): one argument */
    ASSERT_EQ(wa_error_args(empty).as.list.len, 1);
    ASSERT_STR_EQ(repr_of(empty), "ValueError('')");
    char buf[64];
    wa_error_format(empty, buf, sizeof buf);
    ASSERT_STR_EQ(buf, "ValueError");     /* traceback prints the type alone when str() is "" */
    wa_error_unref(empty);
    ASSERT_EQ(wa_error_args(NULL).as.list.len, 0);
    ASSERT_STR_EQ(repr_of(NULL), "None");
}

TEST(error_key_error_quotes) {
    wa_error *k = wa_error_new(WA_KEY_ERROR, "%s", "k");
    ASSERT(wa_error_is(k, WA_LOOKUP_ERROR));
    ASSERT_STR_EQ(wa_error_message(k), "'k'");
    ASSERT_STR_EQ(wa_error_args(k).as.list.items[0].as.buf.data, "k");
    ASSERT_STR_EQ(repr_of(k), "KeyError('k')");
    char buf[64];
    wa_error_format(k, buf, sizeof buf);
    ASSERT_STR_EQ(buf, "KeyError: 'k'");
    wa_error_unref(k);

    wa_error *q = wa_error_new(WA_KEY_ERROR, "%s", "it's\n\\");
    ASSERT_STR_EQ(wa_error_message(q), "\"it's\\n\\\\\"");   /* repr picks " when the text has ' */
    wa_error_unref(q);
    wa_error *both = wa_error_new(WA_KEY_ERROR, "%s", "a\"b'c");
    ASSERT_STR_EQ(wa_error_message(both), "'a\"b\\'c'");
    wa_error_unref(both);

    wa_value three = wa_int(3);
    wa_error *n = wa_error_new_args(WA_KEY_ERROR, &three, 1);
    ASSERT_STR_EQ(wa_error_message(n), "3");
    wa_error_unref(n);
    wa_error *none = wa_error_new_args(WA_KEY_ERROR, NULL, 0);
    ASSERT_STR_EQ(wa_error_message(none), "");
    wa_error_unref(none);
}

TEST(error_new_args_str_follows_cpython) {
    wa_value items[] = {wa_int(1), wa_str("x")};
    wa_value several[] = {wa_str("a"), wa_int(2), wa_none(), wa_double(1.5), wa_bytes("x", 1), wa_bool(true),
                          wa_double(2), wa_list(items, 2)};
    wa_error *t = wa_error_new_args(WA_VALUE_ERROR, several, 8);
    ASSERT_STR_EQ(wa_error_message(t), "('a', 2, None, 1.5, b'x', True, 2.0, [1, 'x'])");
    ASSERT_EQ(wa_error_args(t).as.list.len, 8);
    ASSERT_STR_EQ(repr_of(t), "ValueError('a', 2, None, 1.5, b'x', True, 2.0, [1, 'x'])");
    wa_error_unref(t);

    wa_value one = wa_double(0.1);
    wa_error *f = wa_error_new_args(WA_RUNTIME_ERROR, &one, 1);
    ASSERT_STR_EQ(wa_error_message(f), "0.1");
    wa_error_unref(f);

    wa_value os[] = {wa_int(2), wa_str("No such file"), wa_str("a.txt"), wa_none(), wa_str("b.txt")};
    wa_error *o = wa_error_new_args(WA_OS_ERROR, os, 2);
    ASSERT_STR_EQ(wa_error_message(o), "[Errno 2] No such file");
    ASSERT_EQ(wa_error_errno(o), 2);
    ASSERT_STR_EQ(repr_of(o), "OSError(2, 'No such file')");
    wa_error_unref(o);
    wa_error *named = wa_error_new_args(WA_OS_ERROR, os, 3);
    ASSERT_STR_EQ(wa_error_message(named), "[Errno 2] No such file: 'a.txt'");
    ASSERT_EQ(wa_error_args(named).as.list.len, 2);   /* the filename is not in args */
    wa_error_unref(named);
    wa_error *two = wa_error_new_args(WA_CONNECTION_ERROR, os, 5);      /* subclasses too */
    ASSERT_STR_EQ(wa_error_message(two), "[Errno 2] No such file: 'a.txt' -> 'b.txt'");
    wa_error_unref(two);
    wa_value odd[] = {wa_str("a"), wa_str("b")};
    wa_error *w = wa_error_new_args(WA_TIMEOUT_ERROR, odd, 2);
    ASSERT_STR_EQ(wa_error_message(w), "[Errno a] b");
    ASSERT_EQ(wa_error_errno(w), 0);
    wa_error_unref(w);
    wa_value lone = wa_int(2);
    wa_error *l = wa_error_new_args(WA_OS_ERROR, &lone, 1);
    ASSERT_STR_EQ(wa_error_message(l), "2");
    wa_error_unref(l);
}

TEST(error_args_own_their_values) {
    char text[] = "mutable";
    wa_error *e = wa_error_new_args(NULL, (wa_value[]){wa_str(text)}, 1);
    text[0] = 'M';
    ASSERT_STR_EQ(wa_error_args(e).as.list.items[0].as.buf.data, "mutable");
    ASSERT_STR_EQ(wa_error_type_of(e)->name, "Exception");
    wa_error *in = wa_error_new_args(WA_TYPE_ERROR, (wa_value[]){wa_error_value(e)}, 1);
    wa_error_unref(e);      /* the arg holds its own reference */
    ASSERT_STR_EQ(wa_error_message(in), "mutable");     /* str(TypeError(Exception('mutable'))): str of the one arg */
    char repr[64];
    wa_error_repr(in, repr, sizeof repr);
    ASSERT_STR_EQ(repr, "TypeError(Exception('mutable'))");
    wa_error_unref(in);
}

/* Raises StopIteration('x') out of its frame. */
typedef struct {
    wa_coro co;
} stopper;

static wa_status stopper_step(wa_coro *co) {
    WA_BEGIN(co);
    WA_RAISE(co, wa_error_new(WA_STOP_ITERATION, "x"));
    WA_END(co);
}

/* Awaits a stopper inline, and NULL. */
typedef struct {
    wa_coro co;
    wa_error *err;
    trace *t;
} inline_caller;

static wa_status inline_caller_step(wa_coro *co) {
    inline_caller *f = (inline_caller *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL_TRY(co, f->err, stopper_step, stopper, );
    trace_add(f->t, "%s: %s caused by %s", wa_error_type_of(f->err)->name, wa_error_message(f->err),
              wa_error_type_of(wa_error_cause(f->err))->name);
    WA_AWAIT_TRY(co, NULL, f->err);
    trace_add(f->t, "%s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    WA_END(co);
}

TEST(error_stop_iteration_becomes_runtime_error) {
    wa_loop *loop = test_loop();
    wa_task *task = WA_SPAWN(loop, stopper_step, stopper);
    wa_loop_run_until_complete(loop, wa_task_future(task));
    wa_error *e = NULL;
    ASSERT_EQ(wa_future_exception(wa_task_future(task), &e), 0);
    ASSERT(wa_error_type_of(e) == WA_RUNTIME_ERROR);
    ASSERT_STR_EQ(wa_error_message(e), "coroutine raised StopIteration");
    ASSERT(wa_error_type_of(wa_error_cause(e)) == WA_STOP_ITERATION);
    ASSERT(wa_error_context(e) == wa_error_cause(e));
    ASSERT_STR_EQ(repr_of(wa_error_cause(e)), "StopIteration('x')");
    wa_task_unref(task);

    trace t = {{0}, 0};
    task = WA_SPAWN(loop, inline_caller_step, inline_caller, .t = &t);
    wa_loop_run_until_complete(loop, wa_task_future(task));
    ASSERT_STR_EQ(t.text, "RuntimeError: coroutine raised StopIteration caused by StopIteration|"
                          "TypeError: object NoneType can't be used in 'await' expression");
    wa_task_unref(task);

    wa_future *f = wa_future_new(loop);
    ASSERT_EQ(wa_future_set_exception(f, wa_error_new(WA_STOP_ITERATION, NULL)), 0);
    wa_future_exception(f, &e);
    ASSERT_STR_EQ(wa_error_message(e),
                  "StopIteration interacts badly with generators and cannot be raised into a Future");
    ASSERT(wa_error_type_of(wa_error_cause(e)) == WA_STOP_ITERATION);
    wa_future_unref(f);
    wa_loop_free(loop);
}

TEST(error_codes_map_to_one_python_type_each) {
    static const int codes[] = {
#define CODE(name, msg) WA_##name,
        WA_ERRNO_MAP(CODE)
#undef CODE
    };
    wa__misuse_clear();
    ASSERT(wa_last_error_type() == NULL);
    for (size_t i = 0; i < sizeof codes / sizeof *codes; i++) {
        const wa_error_type *type = wa__code_type(codes[i]);
        ASSERT(type != NULL);
        ASSERT(codes[i] == WA_EEXCEPTION || type != WA_EXCEPTION);     /* every code has its row */
    }
    ASSERT(wa__code_type(1) == WA_EXCEPTION);
    wa_loop *loop = test_loop();
    wa_loop_close(loop);
    ASSERT_EQ(wa_call_soon(loop, NULL, NULL, NULL), WA_EINVAL);
    ASSERT(wa_last_error_type() == WA_VALUE_ERROR);
    wa_future *f = wa_future_new(loop);
    ASSERT(f == NULL);
    ASSERT(wa_last_error_type() == WA_RUNTIME_ERROR);
    wa_error *e = wa__misuse_error();
    ASSERT_STR_EQ(wa_error_message(e), "Event loop is closed");   /* without "wa_future_new: " */
    wa_error_unref(e);
    wa_loop_free(loop);

    loop = test_loop();
    f = wa_future_new(loop);
    wa_future_set_result(f, wa_none());
    ASSERT_EQ(wa_future_set_result(f, wa_none()), WA_EINVALIDSTATE);
    ASSERT_STR_EQ(wa_last_error(), "wa_future_set_result: invalid state");     /* asyncio's words */
    ASSERT(wa_last_error_type() == WA_INVALID_STATE_ERROR);
    wa_task *t = WA_SPAWN(loop, stopper_step, stopper);
    ASSERT_EQ(wa_future_set_result(wa_task_future(t), wa_none()), WA_EINVAL);
    ASSERT(wa_last_error_type() == WA_RUNTIME_ERROR);                           /* the site names its type */
    e = wa__misuse_error();
    ASSERT_STR_EQ(wa_error_message(e), "Task does not support set_result operation");
    wa_error_unref(e);
    wa_task_cancel(t, NULL);
    wa_loop_run_until_complete(loop, wa_task_future(t));
    wa_task_unref(t);
    wa_future_unref(f);
    wa_loop_free(loop);
}

TEST(error_no_null_without_a_code) {
    /* a sample of the functions returning pointers: each NULL says why */
    wa__misuse_clear();
    ASSERT(wa_future_loop(NULL) == NULL);
    ASSERT_STR_EQ(wa_last_error(), "wa_future_loop: future is NULL");
    wa__misuse_clear();
    ASSERT(wa_runner_loop(NULL) == NULL);
    ASSERT_STR_EQ(wa_last_error(), "wa_runner_loop: runner is NULL");
    wa__misuse_clear();
    ASSERT(wa_condition_lock(NULL) == NULL);
    ASSERT_STR_EQ(wa_last_error(), "wa_condition_lock: condition is NULL");
    wa__misuse_clear();
    ASSERT(wa_lock_new(NULL) == NULL);
    ASSERT(*wa_last_error());
    wa__misuse_clear();
    ASSERT(wa_contextvar_new(NULL, wa_none(), false) == NULL);
    ASSERT_STR_EQ(wa_last_error(), "wa_contextvar_new: name is NULL");
    ASSERT(wa_last_error_type() == WA_VALUE_ERROR);
    wa__misuse_clear();
    ASSERT(wa_error_group_new("g", NULL, 0) == NULL);
    ASSERT(*wa_last_error());
    wa_loop *loop = test_loop();
    wa_loop_close(loop);
    wa__misuse_clear();
    ASSERT(wa_queue_new(loop, WA_QUEUE_FIFO, 0) == NULL);
    ASSERT(*wa_last_error());
    wa_loop_free(loop);
}

/* A misuse raised at an await and the code it leaves name one type. */
static wa_status misuser_step(wa_coro *co) {
    inline_caller *f = (inline_caller *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, (wa_gather)(co, NULL, 2, false), f->err);
    trace_add(f->t, "%s/%s: %s", wa_error_type_of(f->err)->name, wa_last_error_type()->name, wa_error_message(f->err));
    WA_AWAIT_TRY(co, (wa_wait_for)(co, NULL, 1), f->err);
    trace_add(f->t, "%s/%s", wa_error_type_of(f->err)->name, wa_last_error_type()->name);
    WA_END(co);
}

TEST(error_raised_misuse_and_its_code_name_one_type) {
    wa_loop *loop = test_loop();
    trace t = {{0}, 0};
    wa_task *task = WA_SPAWN(loop, misuser_step, inline_caller, .t = &t);
    wa_loop_run_until_complete(loop, wa_task_future(task));
    ASSERT_STR_EQ(t.text, "TypeError/TypeError: the array of futures is NULL|TypeError/TypeError");
    wa_task_unref(task);
    wa_loop_free(loop);
}
