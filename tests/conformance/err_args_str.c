/* An error's args and str() by type, as a coroutine raises them and its
 * awaiter reads them: none (str ""), one (its str, even ""), several (the
 * tuple), OSError's "[Errno N] strerror" with a filename kept out of args,
 * and a TimeoutError, an OSError, built the same way.  (errno 5, EIO on
 * Linux, maps to no OSError subclass: a C OSError keeps its type.) */
#include "trace.h"
#include "wasyncio_io.h"

#define NERRORS 8

static wa_error *make(int i) {
    static const wa_value list[] = {{WA_KIND_INT, {.i = 1}}, {WA_KIND_STR, {.buf = {"two", 3}}}};
    switch (i) {
    case 0: return wa_error_new(WA_VALUE_ERROR, NULL);
    case 1: return wa_error_new(WA_VALUE_ERROR, "%s", "");
    case 2: return wa_error_new(WA_VALUE_ERROR, "bad value");
    case 3:
        return wa_error_new_args(WA_RUNTIME_ERROR, (wa_value[]){wa_str("a"), wa_int(2), wa_none(), wa_double(1.5),
                                                                wa_bytes("x\n", 2), wa_bool(true)}, 6);
    case 4: return wa_error_new_args(WA_OS_ERROR, (wa_value[]){wa_int(5), wa_str("Input/output error")}, 2);
    case 5: return wa_error_new_args(WA_OS_ERROR, (wa_value[]){wa_int(5), wa_str("Input/output error"), wa_str("a.txt")}, 3);
    case 6: return wa_error_new_args(WA_TIMEOUT_ERROR, (wa_value[]){wa_int(110), wa_str("timed out")}, 2);
    default: return wa_error_new_args(WA_EXCEPTION, (wa_value[]){wa_list(list, 2), wa_double(-0.25)}, 2);
    }
}

typedef struct {
    wa_coro co;
    int i;
} fail_frame;

static wa_status fail(wa_coro *co) {
    fail_frame *f = (fail_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0));
    WA_RAISE(co, make(f->i));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    int i;
    wa_try t;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < NERRORS; f->i++) {
        WA_TRY(co, &f->t) {
            WA_AWAIT_CALL(co, fail, fail_frame, .i = f->i);
        }
        WA_EXCEPT(co, &f->t, WA_EXCEPTION) {
            wa_error *e = f->t.caught;
            char repr[128], no[16] = "None";
            wa_error_repr(e, repr, sizeof repr);
            if (wa_error_is(e, WA_OS_ERROR) && wa_error_errno(e)) snprintf(no, sizeof no, "%d", wa_error_errno(e));
            TRACE_NOW("%s: str=%s args=%zu errno=%s", repr, wa_error_message(e), wa_error_args(e).as.list.len, no);
        }
        WA_TRY_END(co, &f->t);
    }
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
