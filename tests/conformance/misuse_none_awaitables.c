/* Passing None where asyncio wants a coroutine or an awaitable raises
 * TypeError with asyncio's words: create_task, ensure_future, gather,
 * shield, wait_for; a ValueError for an empty wait stays a ValueError.
 * (A C NULL is Python's None; the calls that return a code say
 * WA_EINVAL, which these print as the TypeError Python raises.) */
#include "trace.h"

typedef struct {
    wa_coro co;
    wa_future *none[1];
    wa_error *err;
} main_frame;

#define REPORT(what)                                                           \
    TRACE_NOW("await %s: %s: %s", what, wa_error_type_of(f->err)->name, wa_error_message(f->err))

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    if (!(wa_task_new)(loop, NULL, sizeof(main_frame), f, NULL))
        TRACE_NOW("create_task(None): TypeError: %s", last_error_words());
    if (!wa_ensure_future(NULL, NULL)) TRACE_NOW("ensure_future(None): TypeError: %s", last_error_words());
    WA_AWAIT_TRY(co, wa_gather(co, f->none, 1, false), f->err);
    REPORT("gather(None)");
    WA_AWAIT_TRY(co, wa_shield(co, NULL), f->err);
    REPORT("shield(None)");
    WA_AWAIT_TRY(co, wa_wait_for(co, NULL, 1), f->err);
    REPORT("wait_for(None, 1)");
    WA_AWAIT_TRY(co, wa_wait(co, f->none, 0, WA_NO_TIMEOUT, WA_ALL_COMPLETED), f->err);
    REPORT("wait([])");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
