/* wait_for treats the predicate's value as Python's bool() does: None,
 * False, 0, 0.0, "", b"" and [] are false and make it wait again; each
 * wake-up tries the next value, and the first true one is returned. */
#include "trace.h"

static const char *const shown[] = {"None", "False", "0", "0.0", "''", "b''", "[]", "0.5"};

static wa_value nth(int i) {
    switch (i) {
    case 0: return wa_none();
    case 1: return wa_bool(false);
    case 2: return wa_int(0);
    case 3: return wa_double(0.0);
    case 4: return wa_str("");
    case 5: return wa_bytes("", 0);
    case 6: return wa_list(NULL, 0);
    default: return wa_double(0.5);
    }
}

static wa_value pred(void *arg) {
    int i = *(const int *)arg;
    TRACE_NOW("predicate -> %s", shown[i]);
    return nth(i);
}

typedef struct {
    wa_coro co;
    wa_condition *cond;
    int *i;
    wa_guard guard;
} waiter_frame;

static wa_status waiter(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
        WA_AWAIT(co, wa_condition_wait_for(co, f->cond, pred, f->i));
        TRACE_NOW("waiter: wait_for -> %.1f", co->value.as.d);
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_condition *cond;
    int i;
    wa_task *t;
    wa_guard guard;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->cond = wa_condition_new(wa_get_running_loop(), NULL);
    f->t = WA_SPAWN(wa_get_running_loop(), waiter, waiter_frame, .cond = f->cond, .i = &f->i);
    while (!wa_future_done(wa_task_future(f->t))) {
        WA_AWAIT(co, wa_sleep(co, 1));
        WA_WITH_ACQUIRED(co, &f->guard, f->cond) {
            f->i++;
            wa_condition_notify(f->cond, 1);
        }
        WA_WITH_END(co);
    }
    TRACE_NOW("main: %d notifications", f->i);
    wa_task_unref(f->t);
    wa_condition_free(f->cond);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
