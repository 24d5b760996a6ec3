/* main.c — a user's program built against an installed or embedded
 * wasyncio (tests/node/cmake.test.mjs): a task yields once, returns a value,
 * and its awaiter prints it.  Only the public header; no build tree paths. */
#include <stdio.h>

#include "wasyncio.h"

typedef struct { wa_coro co; int64_t a, b; } multiply;

static wa_status multiply_step(wa_coro *co) {
    multiply *f = (multiply *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0));
    WA_RETURN(co, wa_int(f->a * f->b));
    WA_END(co);
}

typedef struct { wa_coro co; wa_task *t; } main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->t = WA_SPAWN(wa_get_running_loop(), multiply_step, multiply, .a = 6, .b = 7);
    WA_AWAIT(co, f->t);
    printf("consumer: 6 * 7 = %lld from a task\n", (long long)co->value.as.i);
    wa_task_unref(f->t);
    WA_END(co);
}

int main(void) { return WA_MAIN(main_step, main_frame); }
