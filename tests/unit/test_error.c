/* test_error.c — error objects: type hierarchy, messages, causes,
 * formatting, and values' ownership rules. */
#include <stdlib.h>

#include "harness.h"
#include "../../src/core/error-int.h"

static const wa_error_type my_error = {"MyError", &wa__value_error};

TEST(error_hierarchy) {
    wa_error *e = wa_error_new(&my_error, "custom %s", "text");
    ASSERT(wa_error_is(e, &my_error));
    ASSERT(wa_error_is(e, WA_VALUE_ERROR));
    ASSERT(wa_error_is(e, WA_EXCEPTION));
    ASSERT(wa_error_is(e, WA_BASE_EXCEPTION));
    ASSERT(!wa_error_is(e, WA_RUNTIME_ERROR));
    ASSERT(!wa_error_is(NULL, WA_EXCEPTION));
    ASSERT_STR_EQ(wa_error_type_of(e)->name, "MyError");
    ASSERT_STR_EQ(wa_error_message(e), "custom text");
    wa_error_unref(e);

    wa_error *c = wa_error_new(WA_CANCELLED_ERROR, NULL);
    ASSERT(!wa_error_is(c, WA_EXCEPTION));      /* Python 3.8+: not an Exception */
    ASSERT(wa_error_is(c, WA_BASE_EXCEPTION));
    ASSERT_STR_EQ(wa_error_message(c), "");
    wa_error_unref(c);

    wa_error *t = wa_error_new(WA_TIMEOUT_ERROR, NULL);
    ASSERT(wa_error_is(t, WA_OS_ERROR));        /* TimeoutError is an OSError, as in Python */
    wa_error_unref(t);
    wa_error *g = wa_error_new(WA_EXCEPTION_GROUP, NULL);
    ASSERT(wa_error_is(g, WA_EXCEPTION) && wa_error_is(g, WA_BASE_EXCEPTION_GROUP))   /* both bases, as in Python */;
    wa_error_unref(g);
    wa_error *r = wa_error_new(WA_INCOMPLETE_READ_ERROR, NULL);
    ASSERT(wa_error_is(r, WA_EOF_ERROR) && wa_error_is(r, WA_EXCEPTION));  /* asyncio's base is EOFError */
    wa_error_unref(r);
}

TEST(error_cause_chain_and_format) {
    wa_error *root = wa_error_new(WA_OS_ERROR, "disk");
    wa_error *top = wa_error_new(WA_RUNTIME_ERROR, "save failed");
    wa_error_set_cause(top, root);
    ASSERT(wa_error_cause(top) == root);
    char buf[256];
    size_t n = wa_error_format(top, buf, sizeof buf);
    ASSERT_STR_EQ(buf, "OSError: disk\nThe above exception was the direct cause of the following exception:\n\n"
                       "RuntimeError: save failed");
    ASSERT_EQ(n, strlen(buf));
    char small[8];
    size_t want = wa_error_format(top, small, sizeof small);
    ASSERT_EQ(want, n);                 /* like snprintf: the length it wanted */
    ASSERT_EQ(strlen(small), 7);
    ASSERT_EQ(wa_error_format(NULL, buf, sizeof buf), 0);
    ASSERT_STR_EQ(buf, "");
    wa_error_ref(top);
    wa_error_unref(top);
    wa_error_unref(top);                /* frees the chain */
}

/* E caused by T, T by the group G, G holding E: a cycle, which CPython's
 * collector frees.  It stays while anything outside refers to one of them
 * and goes with the last such reference; the marker in E's args shows it. */
TEST(error_cycle_freed_with_its_last_outside_reference) {
    wa_error *marker = wa_error_new(WA_VALUE_ERROR, "marker");
    wa_error *e = wa_error_new_args(WA_RUNTIME_ERROR, (wa_value[]){wa_error_value(marker)}, 1);
    ASSERT_EQ(marker->refs, 2);
    wa_error *g = wa_error_group_new("unhandled errors in a TaskGroup", (wa_error *[]){wa_error_ref(e)}, 1);
    wa_error *t = wa_error_new(WA_TIMEOUT_ERROR, NULL);
    wa_error_set_cause(t, g);
    wa_error_set_cause(e, wa_error_ref(t));     /* closes the cycle */
    wa_error_unref(e);
    ASSERT_EQ(marker->refs, 2);                 /* t still holds the whole cycle */
    ASSERT(wa_error_cause(wa_error_group_child(g, 0)) == t);
    char buf[512];      /* printed once, as traceback's _seen has it (CPython adds its boxes) */
    wa_error_format(wa_error_group_child(g, 0), buf, sizeof buf);
    ASSERT_STR_EQ(buf, "ExceptionGroup: unhandled errors in a TaskGroup (1 sub-exception)\n  RuntimeError: marker\n"
                       "The above exception was the direct cause of the following exception:\n\nTimeoutError\n"
                       "The above exception was the direct cause of the following exception:\n\nRuntimeError: marker");
    wa_error_ref(g);
    wa_error_unref(t);
    ASSERT_EQ(marker->refs, 2);                 /* and so does g */
    wa_error_unref(g);
    ASSERT_EQ(marker->refs, 1);                 /* the last outside reference took them all */
    wa_error_unref(marker);
}

TEST(error_refcount_null_safe) {
    ASSERT(wa_error_ref(NULL) == NULL);
    wa_error_unref(NULL);
    wa_error *e = wa_error_new(NULL, NULL);     /* NULL type: a plain Exception */
    ASSERT_STR_EQ(wa_error_type_of(e)->name, "Exception");
    wa_error_set_cause(NULL, wa_error_new(WA_VALUE_ERROR, "dropped, not leaked"));
    wa_error_unref(e);
}

TEST(value_copy_and_clear) {
    wa_value s = wa_str("text");
    ASSERT_EQ(s.as.buf.len, 4);
    wa_value copy;
    ASSERT_EQ(wa_value_copy(&copy, &s), 0);
    ASSERT(copy.as.buf.data != s.as.buf.data);
    ASSERT_STR_EQ(copy.as.buf.data, "text");
    wa_value_clear(&copy);
    ASSERT_EQ(copy.kind, WA_KIND_NONE);
    wa_value n = wa_str(NULL);
    ASSERT_STR_EQ(n.as.buf.data, "");
    wa_value b = wa_bytes(NULL, 10);
    ASSERT_EQ(b.as.buf.len, 0);
    ASSERT_EQ(wa_value_copy(NULL, &s), WA_EINVAL);
    wa_value_clear(NULL);
}
