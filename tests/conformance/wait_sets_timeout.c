/* A wait that times out returns (it does not raise) with done empty and
 * every future pending; plain futures resolved by call_later and a future
 * already done show up in done in argument order on the next wait. */
#include "trace.h"

static const char *const labels[3] = {"x", "y", "z"};

/* "[x, z]": the labels of the futures in one of wait's lists. */
static const char *names(char *buf, size_t size, wa_future *const *futs, wa_value set) {
    size_t len = 0;
    buf[len++] = '[';
    for (size_t i = 0; i < set.as.list.len; i++) {
        int k = 0;
        while (futs[k] != set.as.list.items[i].as.ptr.p) k++;
        len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "", labels[k]);
    }
    snprintf(buf + len, size - len, "]");
    return buf;
}

static void set_x(wa_loop *loop, void *arg) {
    (void)loop;
    wa_future_set_result(arg, wa_str("x"));
}

#define SETS(co, futs, d, p)                                                   \
    names(d, sizeof d, futs, (co)->value.as.list.items[0]), names(p, sizeof p, futs, (co)->value.as.list.items[1])

typedef struct {
    wa_coro co;
    wa_future *futs[3];
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    char d[32], p[32];
    WA_BEGIN(co);
    for (int i = 0; i < 3; i++) f->futs[i] = wa_future_new(loop);
    WA_AWAIT(co, wa_wait(co, f->futs, 3, 1, WA_ALL_COMPLETED));
    TRACE_NOW("main: timeout: done=%s pending=%s", SETS(co, f->futs, d, p));
    wa_future_set_result(f->futs[2], wa_str("z"));
    wa_call_later(loop, 1, set_x, f->futs[0], NULL);
    WA_AWAIT(co, wa_wait(co, f->futs, 3, 5, WA_FIRST_COMPLETED));
    TRACE_NOW("main: first: done=%s pending=%s", SETS(co, f->futs, d, p));
    WA_AWAIT(co, wa_wait(co, f->futs, 3, 2, WA_ALL_COMPLETED));
    TRACE_NOW("main: all: done=%s pending=%s", SETS(co, f->futs, d, p));
    wa_future_cancel(f->futs[1], NULL);
    WA_AWAIT(co, wa_wait(co, f->futs, 3, WA_NO_TIMEOUT, WA_ALL_COMPLETED));
    TRACE_NOW("main: after cancel: done=%s pending=%s", SETS(co, f->futs, d, p));
    for (int i = 0; i < 3; i++) wa_future_unref(f->futs[i]);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
