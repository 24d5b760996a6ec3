/* sleep(delay, result) gives result to the awaiting frame; sleep(0, result)
 * still yields exactly one iteration, so a task that yields once in between
 * runs first. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
} other_frame;

static wa_status other(wa_coro *co) {
    WA_BEGIN(co);
    TRACE_NOW("other: runs while main sleeps 0");
    WA_YIELD(co);
    TRACE_NOW("other: second step");
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *t;
    char word[8];
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    snprintf(f->word, sizeof f->word, "done");
    WA_AWAIT(co, wa_sleep_result(co, 1, wa_str(f->word)));
    f->word[0] = 'X';   /* the sleep copied the string */
    TRACE_NOW("main: sleep(1, 'done') -> %s", co->value.as.buf.data);
    f->t = WA_SPAWN(wa_get_running_loop(), other, other_frame);
    WA_AWAIT(co, wa_sleep_result(co, 0, wa_int(42)));
    TRACE_NOW("main: sleep(0, 42) -> %" PRId64, co->value.as.i);
    WA_AWAIT(co, wa_sleep_result(co, 0.5, wa_none()));
    TRACE_NOW("main: sleep(0.5, None) -> %s", co->value.kind == WA_KIND_NONE ? "None" : "?");
    WA_AWAIT(co, wa_sleep_result(co, -1, wa_double(2.5)));
    TRACE_NOW("main: sleep(-1, 2.5) -> %.1f", co->value.as.d);
    WA_AWAIT(co, f->t);
    wa_task_unref(f->t);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
