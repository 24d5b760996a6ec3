/*
 * sleepers.c — three tasks sleep 0.3, 0.1 and 0.2 s at the same time.
 *
 * They print b, c, a in the order they wake, and the whole run takes about
 * 0.3 s, not 0.6 s: the sleeps overlap.  The same program runs natively,
 * under a WASI runtime and in Node through the Emscripten build.
 */
#include <stdio.h>

#include "wasyncio.h"

typedef struct {
    wa_coro co;
    const char *name;
    double delay;
} sleeper;

static wa_status sleeper_step(wa_coro *co) {
    sleeper *f = (sleeper *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));
    printf("%s\n", f->name);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    double start;
    wa_task *tasks[3];
    int i;
} main_frame;

static wa_status main_step(wa_coro *co) {
    static const struct { const char *name; double delay; } plan[] = {{"a", 0.3}, {"b", 0.1}, {"c", 0.2}};
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->start = wa_loop_time(loop);
    for (f->i = 0; f->i < 3; f->i++)
        f->tasks[f->i] = WA_SPAWN(loop, sleeper_step, sleeper, .name = plan[f->i].name, .delay = plan[f->i].delay);
    for (f->i = 0; f->i < 3; f->i++) {
        WA_AWAIT(co, f->tasks[f->i]);
        wa_task_unref(f->tasks[f->i]);
    }
    printf("elapsed %.1f s\n", wa_loop_time(loop) - f->start);
    WA_END(co);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    return WA_MAIN(main_step, main_frame);
}
