/* Sleeps started together wake in deadline order, whatever order they began
 * in; equal deadlines wake in the order their timers were scheduled, even a
 * deadline reached in two steps (0.1 + 0.1) by a task that slept twice.  The
 * sleeps overlap: the whole run takes 0.3, not their sum. */
#include "trace.h"

typedef struct {
    wa_coro co;
    const char *name;
    double delays[2];
    int n, i;
} sleeper_frame;

static wa_status sleeper(wa_coro *co) {
    sleeper_frame *f = (sleeper_frame *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < f->n; f->i++) {
        WA_AWAIT(co, wa_sleep(co, f->delays[f->i]));
        TRACE_NOW("%s woke after %g", f->name, f->delays[f->i]);
    }
    WA_RETURN(co, wa_str(f->name));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_task *tasks[5];
    int i;
} main_frame;

static wa_status main_step(wa_coro *co) {
    static const struct { const char *name; double delays[2]; int n; } plan[] = {
        {"a", {0.3}, 1}, {"b", {0.1}, 1}, {"c", {0.2}, 1}, {"d", {0.1, 0.1}, 2}, {"e", {0.1}, 1}};
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < 5; f->i++)
        f->tasks[f->i] = WA_SPAWN(wa_get_running_loop(), sleeper, sleeper_frame, .name = plan[f->i].name,
                                  .delays = {plan[f->i].delays[0], plan[f->i].delays[1]}, .n = plan[f->i].n);
    TRACE_NOW("main: all started");
    for (f->i = 0; f->i < 5; f->i++) {
        WA_AWAIT(co, f->tasks[f->i]);
        TRACE_NOW("main: %s finished", co->value.as.buf.data);
        wa_task_unref(f->tasks[f->i]);
    }
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
