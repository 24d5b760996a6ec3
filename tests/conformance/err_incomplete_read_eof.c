/* IncompleteReadError is an EOFError: a handler for EOFError catches it,
 * with asyncio's message, partial and expected (None for a readuntil);
 * gather(return_exceptions=True) hands it back as a value. */
#include "trace.h"
#include "wasyncio_io.h"

typedef struct {
    wa_coro co;
    const char *partial;
    int64_t expected;
} read_frame;

static wa_status read_step(wa_coro *co) {
    read_frame *f = (read_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.5));
    WA_RAISE(co, wa_incomplete_read_error_new(f->partial, strlen(f->partial), f->expected));
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
    for (f->i = 0; f->i < 2; f->i++) {
        WA_TRY(co, &f->t) {
            WA_AWAIT_CALL(co, read_step, read_frame, .partial = f->i ? "" : "ab", .expected = f->i ? -1 : 5);
        }
        WA_EXCEPT(co, &f->t, WA_EOF_ERROR) {
            wa_error *e = f->t.caught;
            size_t n;
            const char *partial = wa_error_partial(e, &n);
            char expected[24] = "None";
            if (wa_error_expected(e) >= 0) snprintf(expected, sizeof expected, "%d", (int)wa_error_expected(e));
            TRACE_NOW("EOFError caught %s: %s partial=%s expected=%s", wa_error_type_of(e)->name,
                      wa_error_message(e), brepr(partial, n), expected);
        }
        WA_TRY_END(co, &f->t);
    }
    f->task = WA_SPAWN(wa_get_running_loop(), read_step, read_frame, .partial = "xyz", .expected = 4);
    WA_AWAIT(co, wa_gather(co, (wa_future *[]){wa_task_future(f->task)}, 1, true));
    {
        wa_error *e = co->value.as.list.items[0].as.err;
        TRACE_NOW("gather -> %s: %s an EOFError: %s", wa_error_type_of(e)->name, wa_error_message(e),
                  yes(wa_error_is(e, WA_EOF_ERROR)));
    }
    wa_task_unref(f->task);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
