/* Cancellation and @asynccontextmanager: a timeout that expires in the body
 * throws CancelledError in at the yield, the generator's cleanup awaits and
 * the CancelledError goes on, becoming TimeoutError outside; one that
 * expires while the generator sets up cancels it there, the body never
 * runs.  A task cancelled in the body, whose generator swallows
 * CancelledError (and so the cancel), goes on after the block. */
#include <string.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    double setup;
    wa_try t;
} lease_frame;

static wa_status lease(wa_coro *co) {
    lease_frame *f = (lease_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("%s: acquiring", f->name);
    WA_TRY(co, &f->t) {
        WA_AWAIT(co, wa_sleep(co, f->setup));
    }
    WA_EXCEPT(co, &f->t, WA_CANCELLED_ERROR) {
        TRACE_NOW("%s: cancelled while acquiring", f->name);
        WA_RERAISE(co, &f->t);
    }
    WA_TRY_END(co, &f->t);
    WA_TRY(co, &f->t) {
        WA_YIELD_VALUE(co, wa_str(f->name));
    }
    WA_EXCEPT(co, &f->t, WA_CANCELLED_ERROR) {
        TRACE_NOW("%s: cancelled in the body", f->name);
        if (strcmp(f->name, "swallowing") == 0) {
            TRACE_NOW("%s: swallowing it", f->name);
            WA_RETURN(co, wa_none());
        }
        WA_RERAISE(co, &f->t);
    }
    WA_FINALLY(co, &f->t) {
        TRACE_NOW("%s: releasing", f->name);
        WA_AWAIT(co, wa_sleep(co, 0.25));
        TRACE_NOW("%s: released", f->name);
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    const char *name;
    double setup, timeout;
    wa_timeout tm;
    wa_agen_cm cm;
    wa_try t;
} timed_frame;

static wa_status with_timeout(wa_coro *co) {
    timed_frame *f = (timed_frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_WITH(co, wa_timeout_enter(co, &f->tm, f->timeout)) {
            WA_WITH(co, WA_AGEN_CM(co, &f->cm, lease, lease_frame, .name = f->name, .setup = f->setup)) {
                TRACE_NOW("%s: holding %s", f->name, co->value.as.buf.data);
                WA_AWAIT(co, wa_sleep(co, 10));
            }
            WA_WITH_END(co);
        }
        WA_WITH_END(co);
    }
    WA_EXCEPT(co, &f->t, WA_TIMEOUT_ERROR) {
        TRACE_NOW("%s: TimeoutError", f->name);
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_agen_cm cm;
} worker_frame;

static wa_status worker(wa_coro *co) {
    worker_frame *f = (worker_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, WA_AGEN_CM(co, &f->cm, lease, lease_frame, .name = "swallowing", .setup = 0)) {
        TRACE_NOW("worker: holding %s", co->value.as.buf.data);
        WA_AWAIT(co, wa_sleep(co, 10));
    }
    WA_WITH_END(co);
    TRACE_NOW("worker: after the block");
    WA_RETURN(co, wa_str("finished"));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *task;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL(co, with_timeout, timed_frame, .name = "slow-body", .setup = 0.5, .timeout = 1);
    WA_AWAIT_CALL(co, with_timeout, timed_frame, .name = "slow-setup", .setup = 2, .timeout = 1);
    f->task = WA_SPAWN(wa_get_running_loop(), worker, worker_frame);
    WA_AWAIT(co, wa_sleep(co, 1));
    wa_task_cancel(f->task, NULL);
    WA_AWAIT(co, f->task);
    TRACE_NOW("main: worker gave '%s', cancelling=%d", co->value.as.buf.data, wa_task_cancelling(f->task));
    wa_task_unref(f->task);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
