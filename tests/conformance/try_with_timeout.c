/* An async with timeout inside try: the TimeoutError its exit raises is
 * caught by the except clause around it, in the same coroutine, with the
 * CancelledError as its cause; finally runs both times. */
#include "trace.h"

typedef struct {
    wa_coro co;
    int limit;
    wa_timeout tm;
    wa_try t;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    for (f->limit = 1; f->limit <= 3; f->limit += 2) {
        f->tm = (wa_timeout){0};   /* a new timeout each round, as asyncio.timeout() makes */
        WA_TRY(co, &f->t) {
            WA_WITH(co, wa_timeout_enter(co, &f->tm, f->limit)) {
                WA_AWAIT(co, wa_sleep(co, 2));
                TRACE_NOW("%d: slept", f->limit);
            }
            WA_WITH_END(co);
        }
        WA_EXCEPT(co, &f->t, WA_TIMEOUT_ERROR) {
            TRACE_NOW("%d: timed out, cause %s", f->limit, wa_error_type_of(wa_error_cause(f->t.caught))->name);
        }
        WA_FINALLY(co, &f->t) {
            TRACE_NOW("%d: finally", f->limit);
        }
        WA_TRY_END(co, &f->t);
    }
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
