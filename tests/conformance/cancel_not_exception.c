/* CancelledError derives from BaseException, not Exception (3.8+): an
 * `except Exception` handler lets a cancellation through, while it does
 * catch an ordinary error such as ValueError; an outer `except
 * BaseException` catches the cancellation. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    bool fail;
    wa_error *err;
} frame;

static wa_status nap(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 1));
    if (f->fail) WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "%s failed", f->name));
    WA_END(co);
}

static wa_status guarded(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL_TRY(co, f->err, nap, frame, .name = f->name, .fail = f->fail);
    if (!f->err) TRACE_NOW("%s: not reached", f->name);
    if (f->err && !wa_error_is(f->err, WA_EXCEPTION)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err) {
        TRACE_NOW("%s: except Exception caught %s: %s", f->name, wa_error_type_of(f->err)->name,
                  wa_error_message(f->err));
        WA_RETURN(co, wa_str("handled"));
    }
    WA_RETURN(co, wa_str("finished"));
    WA_END(co);
}

static wa_status worker(wa_coro *co) {
    frame *f = (frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL_TRY(co, f->err, guarded, frame, .name = f->name, .fail = f->fail);
    if (!f->err) TRACE_NOW("%s: guarded returned %s", f->name, co->value.as.buf.data);
    if (wa_error_is(f->err, WA_BASE_EXCEPTION)) {
        TRACE_NOW("%s: except BaseException caught %s: %s", f->name, wa_error_type_of(f->err)->name,
                  wa_error_message(f->err));
        TRACE_NOW("%s: is Exception=%s, is BaseException=%s", f->name, yes(wa_error_is(f->err, WA_EXCEPTION)),
                  yes(wa_error_is(f->err, WA_BASE_EXCEPTION)));
        WA_RAISE(co, wa_error_ref(f->err));
    }
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *failing, *cancelled;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    bool r;
    WA_BEGIN(co);
    f->failing = WA_SPAWN(loop, worker, frame, .name = "failing", .fail = true);
    f->cancelled = WA_SPAWN(loop, worker, frame, .name = "cancelled", .fail = false);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    r = wa_task_cancel(f->cancelled, "not an Exception");
    TRACE_NOW("main: cancel -> %s", yes(r));
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("main: failing cancelled=%s, cancelled cancelled=%s",
              yes(wa_future_cancelled(wa_task_future(f->failing))),
              yes(wa_future_cancelled(wa_task_future(f->cancelled))));
    wa_task_unref(f->failing);
    wa_task_unref(f->cancelled);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
