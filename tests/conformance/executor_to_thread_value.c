/* asyncio.to_thread runs a function on the default executor's threads and
 * its return value comes back to the awaiting coroutine: a number, a
 * string, None; gather over several keeps the order they were passed in.
 * native-only: threads */
#include <stdint.h>

#include "trace.h"

enum { N = 6 };

static wa_value double_it(void *arg, wa_error **error) {
    (void)error;
    return wa_int(2 * (intptr_t)arg);
}

static wa_value greet(void *arg, wa_error **error) {
    static _Thread_local char text[64];     /* the result is copied as fn returns */
    (void)error;
    snprintf(text, sizeof text, "hello %s", (const char *)arg);
    return wa_str(text);
}

static wa_value nothing(void *arg, wa_error **error) {
    (void)arg, (void)error;
    return wa_none();
}

static _Thread_local bool loop_thread;   /* set on the loop's thread only */

static wa_value off_the_loop_thread(void *arg, wa_error **error) {
    (void)arg, (void)error;
    return wa_bool(!loop_thread);
}

typedef struct {
    wa_coro co;
    wa_future *futs[N];
    int i;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    loop_thread = true;
    WA_AWAIT(co, wa_to_thread(co, double_it, (void *)(intptr_t)21));
    NOTE("to_thread(double, 21) -> %s", fmt(&co->value));
    WA_AWAIT(co, wa_to_thread(co, greet, "C"));
    NOTE("to_thread(greet, 'C') -> %s", fmt(&co->value));
    WA_AWAIT(co, wa_to_thread(co, nothing, NULL));
    NOTE("to_thread(nothing) -> %s", fmt(&co->value));
    WA_AWAIT(co, wa_to_thread(co, off_the_loop_thread, NULL));
    NOTE("ran on another thread: %s", yes(co->value.as.b));
    for (f->i = 0; f->i < N; f->i++)
        f->futs[f->i] = wa_future_ref(wa_to_thread(co, double_it, (void *)(intptr_t)f->i));
    WA_AWAIT(co, wa_gather(co, f->futs, N, false));
    NOTE("gather of six -> %s", fmt(&co->value));
    for (f->i = 0; f->i < N; f->i++) wa_future_unref(f->futs[f->i]);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN_REAL(main_step, main_frame);
}
