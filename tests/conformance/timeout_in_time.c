/* A body that finishes before the deadline leaves asyncio.timeout quietly:
 * no error, expired() stays False, when() keeps the deadline, code after the
 * scope runs, and the cancelled timer never fires later.  Even timeout(0)
 * does not fire if the body never awaits. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
} compute_frame;

static wa_status compute(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    TRACE_NOW("compute: returning 7");
    WA_RETURN(co, wa_int(7));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_timeout tm, tm2, tm3;
    wa_task *worker;
} main_frame;

static int cancelling(void) { return wa_task_cancelling(wa_current_task(wa_get_running_loop())); }

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("main: entering timeout(2)");
    WA_WITH(co, wa_timeout_enter(co, &f->tm, 2)) {
        TRACE_NOW("body: when=%.3f expired=%s", wa_timeout_when(&f->tm), yes(wa_timeout_expired(&f->tm)));
        WA_AWAIT(co, wa_sleep(co, 1));
        TRACE_NOW("body: work done");
    }
    WA_WITH_END(co);
    TRACE_NOW("after scope: expired=%s when=%.3f", yes(wa_timeout_expired(&f->tm)), wa_timeout_when(&f->tm));
    WA_AWAIT(co, wa_sleep(co, 3));
    TRACE_NOW("slept past the old deadline: cancelling=%d expired=%s", cancelling(),
              yes(wa_timeout_expired(&f->tm)));

    WA_WITH(co, wa_timeout_enter(co, &f->tm2, 1)) {
        f->worker = WA_SPAWN(wa_get_running_loop(), compute, compute_frame);
        WA_AWAIT(co, f->worker);
        TRACE_NOW("body: worker gave %" PRId64, co->value.as.i);
        wa_task_unref(f->worker);
    }
    WA_WITH_END(co);
    TRACE_NOW("after scope: expired=%s when=%.3f", yes(wa_timeout_expired(&f->tm2)), wa_timeout_when(&f->tm2));

    WA_WITH(co, wa_timeout_enter(co, &f->tm3, 0)) {
        TRACE_NOW("body: timeout(0) entered, when=%.3f, no await", wa_timeout_when(&f->tm3));
    }
    WA_WITH_END(co);
    TRACE_NOW("after scope: expired=%s", yes(wa_timeout_expired(&f->tm3)));
    WA_YIELD(co);
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: done, cancelling=%d", cancelling());
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
