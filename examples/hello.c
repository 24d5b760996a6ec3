/* hello.c — the README's example: two tasks sleep at once; b wakes first. */
#include <stdio.h>

#include "wasyncio.h"

typedef struct { wa_coro co; const char *name; double delay; } sleeper;

static wa_status sleeper_step(wa_coro *co) {
    sleeper *f = (sleeper *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, f->delay));       /* suspends; the loop runs others */
    printf("%s woke up\n", f->name);
    WA_RETURN(co, wa_str(f->name));
    WA_END(co);
}

typedef struct { wa_coro co; double start; wa_task *a, *b; } main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->start = wa_loop_time(loop);
    f->a = WA_SPAWN(loop, sleeper_step, sleeper, .name = "a", .delay = 0.2);
    f->b = WA_SPAWN(loop, sleeper_step, sleeper, .name = "b", .delay = 0.1);
    WA_AWAIT(co, f->a);                         /* co->value is now "a" */
    printf("a returned %s after %.1f s\n", co->value.as.buf.data, wa_loop_time(loop) - f->start);
    WA_AWAIT(co, f->b);
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    WA_END(co);
}

int main(void) { return WA_MAIN(main_step, main_frame); }
