/* wait on futures that are all done already returns without the clock
 * moving, but not synchronously: their completion callbacks run in the next
 * iteration and the waiting task resumes in the one after, as a ticker
 * task doing sleep(0) shows. */
#include <inttypes.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    int i;
} frame;

static wa_status quick(wa_coro *co) {
    WA_BEGIN(co);
    WA_RETURN(co, wa_str("quick"));
    WA_END(co);
}

static wa_status ticker(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < 4; f->i++) {
        TRACE_NOW("ticker: tick %d", f->i);
        WA_YIELD(co);
    }
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_future *fut;
    wa_task *t, *tick;
    wa_future *futs[2];
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->fut = wa_future_new(loop);
    wa_future_set_result(f->fut, wa_int(42));
    f->t = WA_SPAWN(loop, quick, frame);
    WA_AWAIT(co, f->t);
    TRACE_NOW("main: fut done=%s, t done=%s", yes(wa_future_done(f->fut)), yes(wa_future_done(wa_task_future(f->t))));
    f->tick = WA_SPAWN(loop, ticker, frame);
    f->futs[0] = f->fut;
    f->futs[1] = wa_task_future(f->t);
    TRACE_NOW("main: waiting");
    WA_AWAIT(co, wa_wait(co, f->futs, 2, 10, WA_ALL_COMPLETED));
    TRACE_NOW("main: wait returned %" PRId64 " done, %" PRId64 " pending", (int64_t)co->value.as.list.items[0].as.list.len, (int64_t)co->value.as.list.items[1].as.list.len);
    WA_AWAIT(co, wa_wait(co, &f->futs[1], 1, WA_NO_TIMEOUT, WA_FIRST_COMPLETED));
    TRACE_NOW("main: wait returned %" PRId64 " done, %" PRId64 " pending", (int64_t)co->value.as.list.items[0].as.list.len, (int64_t)co->value.as.list.items[1].as.list.len);
    WA_AWAIT(co, f->tick);
    wa_future_unref(f->fut);
    wa_task_unref(f->t);
    wa_task_unref(f->tick);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
