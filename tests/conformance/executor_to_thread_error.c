/* An exception raised by a function run with asyncio.to_thread is raised
 * by the await, type and message intact; gather(return_exceptions=True)
 * puts it in its place in the results, a plain gather raises it; the loop
 * and the executor go on working after.
 * native-only: threads */
#include <stdint.h>

#include "trace.h"

static wa_value double_it(void *arg, wa_error **error) {
    (void)error;
    return wa_int(2 * (intptr_t)arg);
}

static wa_value fail(void *arg, wa_error **error) {
    *error = wa_error_new(WA_VALUE_ERROR, "%s", (const char *)arg);
    return wa_none();
}

static wa_value crash(void *arg, wa_error **error) {
    (void)arg;
    *error = wa_error_new(WA_RUNTIME_ERROR, "the worker broke");
    return wa_none();
}

typedef struct {
    wa_coro co;
    wa_future *futs[3];
    int i;
    wa_error *err;
} main_frame;

/* Raises unless err is of type. */
#define EXPECT(co, err, type)                                                                     \
    do {                                                                                          \
        if (!(err)) WA_RAISE((co), wa_error_new(WA_RUNTIME_ERROR, "no error"));                   \
        if (!wa_error_is((err), (type))) WA_RAISE((co), wa_error_ref(err));                       \
    } while (0)

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_to_thread(co, fail, "bad input 7"), f->err);
    EXPECT(co, f->err, WA_VALUE_ERROR);
    NOTE("to_thread(fail) raised %s(%s)", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    WA_AWAIT_TRY(co, wa_to_thread(co, crash, NULL), f->err);
    EXPECT(co, f->err, WA_RUNTIME_ERROR);
    NOTE("to_thread(crash) raised %s(%s)", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    f->futs[0] = wa_future_ref(wa_to_thread(co, double_it, (void *)(intptr_t)1));
    f->futs[1] = wa_future_ref(wa_to_thread(co, fail, "second"));
    f->futs[2] = wa_future_ref(wa_to_thread(co, double_it, (void *)(intptr_t)3));
    WA_AWAIT(co, wa_gather(co, f->futs, 3, true));
    NOTE("gather(return_exceptions=True) -> %s", fmt(&co->value));
    for (f->i = 0; f->i < 3; f->i++) wa_future_unref(f->futs[f->i]);
    f->futs[0] = wa_future_ref(wa_to_thread(co, double_it, (void *)(intptr_t)1));
    f->futs[1] = wa_future_ref(wa_to_thread(co, fail, "the only failure"));
    WA_AWAIT_TRY(co, wa_gather(co, f->futs, 2, false), f->err);
    EXPECT(co, f->err, WA_VALUE_ERROR);
    NOTE("gather raised %s(%s)", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    for (f->i = 0; f->i < 2; f->i++) wa_future_unref(f->futs[f->i]);
    WA_AWAIT(co, wa_to_thread(co, double_it, (void *)(intptr_t)5));
    NOTE("then to_thread(double, 5) -> %s", fmt(&co->value));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN_REAL(main_step, main_frame);
}
