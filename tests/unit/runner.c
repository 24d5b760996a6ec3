/*
 * runner.c — runs the tests listed in tests.h: all of them, or those whose
 * names are given as arguments.  Exit status 1 if any failed.
 */
#include <stdarg.h>
#include <stdlib.h>

#include "harness.h"

#define TEST_ENTRY(name) void test_##name(void);
#include "tests.h"
#undef TEST_ENTRY

static const struct {
    const char *name;
    test_fn fn;
} tests[] = {
#define TEST_ENTRY(name) {#name, test_##name},
#include "tests.h"
#undef TEST_ENTRY
};

int test_failed;
const char *test_skipped;

void trace_add(trace *t, const char *fmt, ...) {
    if (t->len + 1 >= sizeof t->text) return;
    if (t->len) t->text[t->len++] = '|';
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->text + t->len, sizeof t->text - t->len, fmt, ap);
    va_end(ap);
    if (n > 0) t->len += (size_t)n;
    if (t->len >= sizeof t->text) t->len = sizeof t->text - 1;
}

wa_loop *test_loop(void) {
    wa_loop_options opts = {.clock = WA_CLOCK_VIRTUAL};
    return wa_loop_new(&opts);
}

void trace_exception_handler(wa_loop *loop, const wa_context *ctx, void *arg) {
    (void)loop;
    trace *t = arg;
    if (ctx->exception)
        trace_add(t, "%s [%s: %s]", ctx->message, wa_error_type_of(ctx->exception)->name,
                  wa_error_message(ctx->exception));
    else
        trace_add(t, "%s", ctx->message);
}

static int selected(int argc, char **argv, const char *name) {
    if (argc < 2) return 1;
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], name) == 0) return 1;
    return 0;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    int passed = 0, failed = 0, skipped = 0, n = 0;
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++) {
        if (!selected(argc, argv, tests[i].name)) continue;
        test_failed = 0;
        test_skipped = NULL;
        tests[i].fn();
        n++;
        /* an assertion that failed before the SKIP still fails the test */
        if (test_failed) {
            failed++;
            printf("not ok %d - %s\n", n, tests[i].name);
        } else if (test_skipped) {
            skipped++;
            printf("ok %d - %s # SKIP %s\n", n, tests[i].name, test_skipped);
        } else {
            passed++;
            printf("ok %d - %s\n", n, tests[i].name);
        }
    }
    printf("%d passed, %d failed, %d skipped\n", passed, failed, skipped);
    return failed ? 1 : 0;
}
