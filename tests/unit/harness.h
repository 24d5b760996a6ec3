/*
 * harness.h — the in-process test runner (libuv's test/task.h shape, with
 * greatest's habits): TEST(name) defines a test, tests.h lists them, and
 * each ASSERT prints both values and file:line before failing the test.
 *
 * Output, one line per test (a failure's details come first, as they
 * happen), TAP's "# SKIP why" on a test that cannot run in this build, then
 * the closing line CI reads:
 *     ok 1 - loop_call_soon_fifo
 *       # test_future.c:42: ASSERT_EQ(rc, WA_EINVALIDSTATE): -3 != -2
 *     not ok 2 - future_result_twice
 *     ok 3 - streams_echo_roundtrip # SKIP sockets are not available in this build
 *     40 passed, 1 failed, 1 skipped
 * In-process, because WASI and Emscripten have no fork.
 */
#ifndef WA_HARNESS_H
#define WA_HARNESS_H

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "wasyncio.h"

typedef void (*test_fn)(void);

extern int test_failed;     /* set by a failing ASSERT in the running test */
extern const char *test_skipped;    /* set by SKIP: why the running test did not run */

#define TEST(name) void test_##name(void)

/* Ends the running test as skipped, not passed: a test that cannot run in
 * this build says so rather than passing without asserting anything.  why is
 * a string literal or lives as long as the program. */
#define SKIP(why)                                                              \
    do {                                                                       \
        test_skipped = (why);                                                  \
        return;                                                                \
    } while (0)

#define FAIL_AT(...)                                                           \
    do {                                                                       \
        printf("  # %s:%d: ", __FILE__, __LINE__);                             \
        printf(__VA_ARGS__);                                                   \
        printf("\n");                                                          \
        test_failed = 1;                                                       \
        return;                                                                \
    } while (0)

#define ASSERT(cond)                                                           \
    do {                                                                       \
        if (!(cond)) FAIL_AT("ASSERT(%s)", #cond);                             \
    } while (0)

#define ASSERT_EQ(a, b)                                                        \
    do {                                                                       \
        int64_t a_ = (int64_t)(a), b_ = (int64_t)(b);                          \
        if (a_ != b_) FAIL_AT("ASSERT_EQ(%s, %s): %" PRId64 " != %" PRId64, #a, #b, a_, b_); \
    } while (0)

#define ASSERT_DOUBLE_EQ(a, b)                                                 \
    do {                                                                       \
        double a_ = (a), b_ = (b);                                             \
        if (!(a_ - b_ < 1e-9 && b_ - a_ < 1e-9))                               \
            FAIL_AT("ASSERT_DOUBLE_EQ(%s, %s): %.9f != %.9f", #a, #b, a_, b_); \
    } while (0)

#define ASSERT_STR_EQ(a, b)                                                    \
    do {                                                                       \
        const char *a_ = (a), *b_ = (b);                                       \
        if (!a_ || !b_ || strcmp(a_, b_) != 0)                                 \
            FAIL_AT("ASSERT_STR_EQ(%s, %s): \"%s\" != \"%s\"", #a, #b, a_ ? a_ : "(null)", b_ ? b_ : "(null)"); \
    } while (0)

#define ASSERT_CONTAINS(haystack, needle)                                      \
    do {                                                                       \
        const char *h_ = (haystack), *n_ = (needle);                           \
        if (!h_ || !strstr(h_, n_))                                            \
            FAIL_AT("ASSERT_CONTAINS(%s, %s): \"%s\" lacks \"%s\"", #haystack, #needle, h_ ? h_ : "(null)", n_); \
    } while (0)

/* A trace: tests append events and compare the whole sequence at the end. */
typedef struct trace {
    char text[4096];
    size_t len;
} trace;

void trace_add(trace *t, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* A virtual-clock loop, the default for tests. */
wa_loop *test_loop(void);

/* An exception handler that appends each report's message (and exception,
 * as "Type: message") to the trace passed as arg. */
void trace_exception_handler(wa_loop *loop, const wa_context *ctx, void *arg);

#endif
