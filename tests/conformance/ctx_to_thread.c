/* asyncio.to_thread runs the function in a copy of the caller's context:
 * it sees the caller's values, and its own sets stay on its side.
 * native-only: threads */
#include "ctxvar.h"

static wa_contextvar *trace_id;

static wa_value work(void *arg, wa_error **error) {
    static _Thread_local char text[256];    /* the result is copied as work returns */
    char seen[128], tagged[96];
    (void)error;
    snprintf(seen, sizeof seen, "%s", show(trace_id));
    snprintf(tagged, sizeof tagged, "%s (thread)", (const char *)arg);
    set_var(trace_id, wa_str(tagged));
    snprintf(text, sizeof text, "%s: saw %s, now %s", (const char *)arg, seen, show(trace_id));
    return wa_str(text);
}

typedef struct {
    wa_coro co;
    wa_future *futs[2];
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_to_thread(co, work, "before any set"));
    NOTE("%s", fmt(&co->value));
    set_var(trace_id, wa_str("abc"));
    WA_AWAIT(co, wa_to_thread(co, work, "after set"));
    NOTE("%s", fmt(&co->value));
    NOTE("caller: trace_id=%s", show(trace_id));
    set_var(trace_id, wa_str("xyz"));
    f->futs[0] = wa_future_ref(wa_to_thread(co, work, "one"));
    f->futs[1] = wa_future_ref(wa_to_thread(co, work, "two"));
    WA_AWAIT(co, wa_gather(co, f->futs, 2, false));
    NOTE("%s", fmt(&co->value.as.list.items[0]));
    NOTE("%s", fmt(&co->value.as.list.items[1]));
    wa_future_unref(f->futs[0]);
    wa_future_unref(f->futs[1]);
    NOTE("caller: trace_id=%s", show(trace_id));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    trace_id = wa_contextvar_new("trace_id", wa_none(), false);
    int rc = CONF_RUN_REAL(main_step, main_frame);
    wa_contextvar_unref(trace_id);
    return rc;
}
