/* KeyError's str() is the repr of its key: quoted, with " when the key has
 * a ' in it, bare for an int, "" without one; a KeyError is a LookupError
 * and the traceback's last line quotes the key too.  Caught from a task. */
#include "trace.h"

typedef struct {
    wa_coro co;
    int which;
} lookup_frame;

static wa_status lookup(wa_coro *co) {
    lookup_frame *f = (lookup_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.1));
    if (f->which == 0) WA_RAISE(co, wa_error_new(WA_KEY_ERROR, "%s", "k"));
    if (f->which == 1) WA_RAISE(co, wa_error_new(WA_KEY_ERROR, "%s", "it's"));
    if (f->which == 2) WA_RAISE(co, wa_error_new_args(WA_KEY_ERROR, (wa_value[]){wa_int(3)}, 1));
    WA_RAISE(co, wa_error_new(WA_KEY_ERROR, NULL));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    int i;
    wa_task *task;
    wa_try t;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < 4; f->i++) {
        f->task = WA_SPAWN(wa_get_running_loop(), lookup, lookup_frame, .which = f->i);
        WA_TRY(co, &f->t) {
            WA_AWAIT(co, f->task);
        }
        WA_EXCEPT(co, &f->t, WA_LOOKUP_ERROR) {
            wa_error *e = f->t.caught;
            char repr[64], line[64];
            wa_error_repr(e, repr, sizeof repr);
            wa_error_format(e, line, sizeof line);
            TRACE_NOW("%s: str=%s repr=%s args=%zu", wa_error_type_of(e)->name, wa_error_message(e), repr,
                      wa_error_args(e).as.list.len);
            TRACE_NOW("%s", line);
        }
        WA_TRY_END(co, &f->t);
        wa_task_unref(f->task);
    }
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
