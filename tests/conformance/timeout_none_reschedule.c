/* timeout(None) / timeout_at(None) never fires: when() is None and the body
 * may sleep as long as it likes.  reschedule() arms such a scope (it then
 * expires with TimeoutError at the new time), and reschedule(None) disarms
 * an armed one, so the old deadline passes without effect. */
#include <string.h>

#include "trace.h"

/* "None" or the deadline with three decimals, in a static buffer. */
static const char *show(double when) {
    static char buf[4][32];
    static int i;
    char *b = buf[i++ % 4];
    if (when == WA_NO_TIMEOUT)
        strcpy(b, "None");
    else
        snprintf(b, 32, "%.3f", when);
    return b;
}

static wa_loop *loop(void) { return wa_get_running_loop(); }

typedef struct {
    wa_coro co;
    wa_timeout *tm;
} armed_frame;

static wa_status armed_later(wa_coro *co) {
    armed_frame *f = (armed_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter_at(co, f->tm, WA_NO_TIMEOUT)) {
        WA_AWAIT(co, wa_sleep(co, 1));
        conf_failed(wa_timeout_reschedule(f->tm, wa_loop_time(loop()) + 2), "reschedule");
        TRACE_NOW("body 2: rescheduled, when=%s, sleeping 10", show(wa_timeout_when(f->tm)));
        WA_AWAIT(co, wa_sleep(co, 10));
        TRACE_NOW("body 2: not reached");
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_timeout tm1, tm2, tm3;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_timeout_enter(co, &f->tm1, WA_NO_TIMEOUT)) {
        TRACE_NOW("body 1: when=%s, sleeping 100", show(wa_timeout_when(&f->tm1)));
        WA_AWAIT(co, wa_sleep(co, 100));
        TRACE_NOW("body 1: woke, no timeout");
    }
    WA_WITH_END(co);
    TRACE_NOW("after 1: expired=%s", yes(wa_timeout_expired(&f->tm1)));

    WA_AWAIT_CALL_TRY(co, f->err, armed_later, armed_frame, .tm = &f->tm2);
    if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        TRACE_NOW("after 2: %s, expired=%s when=%s", wa_error_type_of(f->err)->name, yes(wa_timeout_expired(&f->tm2)),
                  show(wa_timeout_when(&f->tm2)));

    WA_WITH(co, wa_timeout_enter(co, &f->tm3, 1)) {
        TRACE_NOW("body 3: when=%s", show(wa_timeout_when(&f->tm3)));
        WA_AWAIT(co, wa_sleep(co, 0.5));
        conf_failed(wa_timeout_reschedule(&f->tm3, WA_NO_TIMEOUT), "reschedule");
        TRACE_NOW("body 3: disarmed, when=%s, sleeping 5", show(wa_timeout_when(&f->tm3)));
        WA_AWAIT(co, wa_sleep(co, 5));
        TRACE_NOW("body 3: woke past the old deadline");
    }
    WA_WITH_END(co);
    TRACE_NOW("after 3: expired=%s cancelling=%d", yes(wa_timeout_expired(&f->tm3)),
              wa_task_cancelling(wa_current_task(loop())));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
