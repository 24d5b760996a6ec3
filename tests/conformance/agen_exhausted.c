/* Once an async generator has returned, every further anext raises
 * StopAsyncIteration at once without running any of its code again, and an
 * `async for` over it runs no iteration; a partly consumed generator, on the
 * other hand, goes on from where the previous consumer left it. */
#include "trace.h"

typedef struct {
    wa_coro co;
    int i;
} letters_frame;

static wa_status letters(wa_coro *co) {
    letters_frame *f = (letters_frame *)co;
    char s[2] = {0, 0};
    WA_BEGIN(co);
    TRACE_NOW("gen: started");
    for (f->i = 0; f->i < 3; f->i++) {
        WA_AWAIT(co, wa_sleep(co, 0.1));
        s[0] = (char)('a' + f->i);
        WA_YIELD_VALUE(co, wa_str(s));
    }
    TRACE_NOW("gen: returning");
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_agen *gen;
    int i;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->gen = WA_AGEN(wa_get_running_loop(), letters, letters_frame);
    WA_AWAIT(co, wa_agen_next(co, f->gen));
    TRACE_NOW("main: anext -> %s", co->value.as.buf.data);
    WA_ASYNC_FOR(co, wa_agen_next(co, f->gen)) {
        TRACE_NOW("main: async for got %s", co->value.as.buf.data);
    }
    WA_ASYNC_FOR_END(co);
    TRACE_NOW("main: async for ended");
    for (f->i = 0; f->i < 2; f->i++) {
        WA_AWAIT_TRY(co, wa_agen_next(co, f->gen), f->err);
        if (!wa_error_is(f->err, WA_STOP_ASYNC_ITERATION))
            WA_RAISE(co, f->err ? wa_error_ref(f->err) : wa_error_new(WA_RUNTIME_ERROR, "no error"));
        TRACE_NOW("main: anext #%d after the end raised %s", f->i + 1, wa_error_type_of(f->err)->name);
    }
    WA_ASYNC_FOR(co, wa_agen_next(co, f->gen)) {
        TRACE_NOW("main: not reached");
    }
    WA_ASYNC_FOR_END(co);
    TRACE_NOW("main: async for over the exhausted generator ran no iteration");
    wa_agen_free(f->gen);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
