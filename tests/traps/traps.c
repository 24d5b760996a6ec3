/*
 * traps.c — the mistakes the ownership rule cannot make safe, made on
 * purpose: `traps MODE` uses an object after its release.  The sanitize
 * build must stop it with AddressSanitizer's report, which names the object's
 * kind and where it was made (tests/node/traps.test.mjs); other builds have
 * no such check.  `traps MODE debug` runs it in debug mode instead, which
 * reports the use of a released future or task the same way (with where it
 * was made) and makes the call fail.
 *
 *   gather-after-frame   a gather future read after the frame that made
 *                        it ended (the frame kept it until then)
 *   reraise-without-ref  WA_RAISE of a caught error without wa_error_ref:
 *                        WA_RAISE takes a reference the frame still holds
 *   task-after-unref     a task read after its last reference went
 */
#include <stdio.h>
#include <string.h>

#include "wasyncio.h"

typedef struct {
    wa_coro co;
    double delay;
} sleeper;

static wa_status sleeper_step(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, ((sleeper *)co)->delay));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_future **out;
    wa_task *t;
    wa_future *fut;
} maker;

/* Makes a gather, awaits it and hands the pointer out: the frame's. */
static wa_status make_gather(wa_coro *co) {
    maker *f = (maker *)co;
    WA_BEGIN(co);
    f->t = WA_SPAWN(wa_get_running_loop(), sleeper_step, sleeper, .delay = 1);
    f->fut = wa_task_future(f->t);
    *f->out = wa_gather(co, &f->fut, 1, false);
    WA_AWAIT(co, *f->out);
    wa_task_unref(f->t);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    const char *mode;
    wa_future *g;
    wa_task *t;
    wa_error *err;
} trap;

static wa_status main_step(wa_coro *co) {
    trap *f = (trap *)co;
    WA_BEGIN(co);
    if (strcmp(f->mode, "gather-after-frame") == 0) {
        WA_AWAIT_CALL(co, make_gather, maker, .out = &f->g);
        printf("cancelled: %d\n", wa_future_cancelled(f->g));     /* freed with make_gather's frame */
    } else if (strcmp(f->mode, "reraise-without-ref") == 0) {
        f->t = WA_SPAWN(wa_get_running_loop(), sleeper_step, sleeper, .delay = -1);
        wa_task_cancel(f->t, "stop");
        WA_AWAIT_TRY(co, f->t, f->err);
        wa_task_unref(f->t);
        WA_AWAIT(co, wa_sleep(co, 0));
        WA_RAISE(co, f->err);       /* should be wa_error_ref(f->err) */
    } else if (strcmp(f->mode, "task-after-unref") == 0) {
        f->t = WA_SPAWN(wa_get_running_loop(), sleeper_step, sleeper, .delay = 0);
        WA_AWAIT(co, f->t);
        wa_task_unref(f->t);
        WA_AWAIT(co, wa_sleep(co, 0));      /* the await's own reference goes too */
        printf("name: %s\n", wa_task_name(f->t));
    }
    WA_END(co);
}

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3 || (argc == 3 && strcmp(argv[2], "debug") != 0)) {
        fprintf(stderr, "usage: traps gather-after-frame|reraise-without-ref|task-after-unref [debug]\n");
        return 2;
    }
    wa_run_options opts = {.clock = WA_CLOCK_VIRTUAL, .debug = argc == 3};
    return WA_RUN(&opts, NULL, NULL, main_step, trap, .mode = argv[1]) == WA_OK ? 0 : 1;
}
