/* `async for` over an async generator that awaits between yields: the
 * generator runs inside the consuming task, so its sleeps and the loop
 * body's sleeps add up one after the other; each item is fresh, and the
 * loop ends when the generator returns (StopAsyncIteration is not seen). */
#include "trace.h"

typedef struct {
    wa_coro co;
    int n;
    double delay;
    int i;
} ticker_frame;

static wa_status ticker(wa_coro *co) {
    ticker_frame *f = (ticker_frame *)co;
    char buf[16];
    WA_BEGIN(co);
    for (f->i = 0; f->i < f->n; f->i++) {
        WA_AWAIT(co, wa_sleep(co, f->delay));
        TRACE_NOW("gen: yielding item-%d", f->i);
        snprintf(buf, sizeof buf, "item-%d", f->i);
        WA_YIELD_VALUE(co, wa_str(buf));
    }
    TRACE_NOW("gen: exhausted");
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_agen *gen;
    int count;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->gen = WA_AGEN(wa_get_running_loop(), ticker, ticker_frame, .n = 3, .delay = 0.5);
    WA_ASYNC_FOR(co, wa_agen_next(co, f->gen)) {
        TRACE_NOW("main: got %s", co->value.as.buf.data);
        WA_AWAIT(co, wa_sleep(co, 0.1));
        f->count++;
    }
    WA_ASYNC_FOR_END(co);
    TRACE_NOW("main: loop ended after %d items", f->count);
    wa_agen_free(f->gen);
    f->gen = WA_AGEN(wa_get_running_loop(), ticker, ticker_frame, .n = 0, .delay = 0.5);
    WA_ASYNC_FOR(co, wa_agen_next(co, f->gen)) {
        TRACE_NOW("main: not reached");
    }
    WA_ASYNC_FOR_END(co);
    TRACE_NOW("main: empty generator, no iterations");
    wa_agen_free(f->gen);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
