/* loop.run_in_executor on an executor of one thread: the jobs run in the
 * order they were submitted, and their futures finish in that order, so
 * their done callbacks run in that order on the loop, before the awaiter
 * of the last one resumes.  Awaiting them in reverse order: the first await
 * waits for the last job, the others are already done and return at once.
 * native-only: threads */
#include <stdint.h>

#include "trace.h"

enum { N = 4 };

static int ran[N], nran;    /* written by the one worker, read once all are back */

static wa_value job(void *arg, wa_error **error) {
    intptr_t i = (intptr_t)arg;
    (void)error;
    ran[nran++] = (int)i;
    return wa_int(i * i);
}

static void on_done(wa_future *f, void *arg) {
    wa_value v;
    wa_future_result(f, &v);
    NOTE("callback: job %d done -> %s", (int)(intptr_t)arg, fmt(&v));
}

typedef struct {
    wa_coro co;
    wa_executor *pool;
    wa_future *futs[N];
    int i;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->pool = wa_executor_new(1);
    if (!f->pool) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "%s", wa_last_error()));
    for (f->i = 0; f->i < N; f->i++)
        f->futs[f->i] = wa_future_ref(wa_run_in_executor(co, f->pool, job, (void *)(intptr_t)f->i));
    for (f->i = 0; f->i < N; f->i++) wa_future_add_done_callback(f->futs[f->i], on_done, (void *)(intptr_t)f->i);
    NOTE("submitted four jobs");
    for (f->i = N - 1; f->i >= 0; f->i--) {
        WA_AWAIT(co, f->futs[f->i]);
        NOTE("await job %d -> %s", f->i, fmt(&co->value));
    }
    wa_executor_free(f->pool);
    {
        char order[64] = "";
        for (int i = 0; i < nran; i++)
            snprintf(order + strlen(order), sizeof order - strlen(order), "%s%d", i ? ", " : "", ran[i]);
        NOTE("the worker ran them in the order [%s]", order);
    }
    for (f->i = 0; f->i < N; f->i++) wa_future_unref(f->futs[f->i]);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN_REAL(main_step, main_frame);
}
