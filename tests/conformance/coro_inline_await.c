/* `await coro()` runs the sub-coroutine inline in the same task: nested calls
 * that never suspend finish before a callback queued beforehand gets to run;
 * a sub-coroutine that does suspend (sleep(0)) lets it run in between. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    int64_t x;
} num_frame;

static wa_status leaf(wa_coro *co) {
    num_frame *f = (num_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("leaf(%" PRId64 ") returns %" PRId64, f->x, f->x + 1);
    WA_RETURN(co, wa_int(f->x + 1));
    WA_END(co);
}

static wa_status middle(wa_coro *co) {
    num_frame *f = (num_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("middle(%" PRId64 ") awaits leaf", f->x);
    WA_AWAIT_CALL(co, leaf, num_frame, .x = f->x);
    TRACE_NOW("middle got %" PRId64 ", returns %" PRId64, co->value.as.i, co->value.as.i * 10);
    WA_RETURN(co, wa_int(co->value.as.i * 10));
    WA_END(co);
}

typedef struct {
    wa_coro co;
} plain_frame;

static wa_status yielding(wa_coro *co) {
    WA_BEGIN(co);
    TRACE_NOW("yielding: sleep(0)");
    WA_YIELD(co);
    TRACE_NOW("yielding: resumed");
    WA_RETURN(co, wa_str("y"));
    WA_END(co);
}

static void say(wa_loop *loop, void *word) { TRACE(loop, "%s", (const char *)word); }

static wa_status main_step(wa_coro *co) {
    WA_BEGIN(co);
    wa_call_soon(wa_get_running_loop(), say, "callback", NULL);
    WA_AWAIT_CALL(co, middle, num_frame, .x = 1);
    TRACE_NOW("main got %" PRId64 ", callback has not run", co->value.as.i);
    WA_AWAIT_CALL(co, yielding, plain_frame);
    TRACE_NOW("main got %s", co->value.as.buf.data);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, plain_frame);
}
