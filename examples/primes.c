/*
 * primes.c — blocking work on threads while the loop stays responsive: the
 * C version of Python's
 *
 *     async def heartbeat():
 *         while working:
 *             beats += 1; await asyncio.sleep(0.01)
 *     async with asyncio.TaskGroup() as tg:
 *         chunks = [tg.create_task(asyncio.to_thread(count_primes, lo, hi))
 *                   for lo, hi in ranges]
 *     ...
 *
 * Four chunks of trial division run on the default executor's threads;
 * meanwhile a heartbeat task ticks every 10 ms on the loop.  Natively and
 * in the Emscripten -pthread build (Node, or a cross-origin isolated page);
 * a build without threads raises "threads are not available in this build".
 */
#include <stdio.h>

#include "wasyncio.h"

enum { LIMIT = 2000000, CHUNKS = 4 };

typedef struct chunk {
    int lo, hi;             /* counts primes in [lo, hi) */
    int64_t count;
} chunk;

/* Runs on a worker thread: plain blocking C, no loop objects. */
static wa_value count_primes(void *arg, wa_error **err) {
    (void)err;
    const chunk *c = arg;
    int64_t n = 0;
    for (int k = c->lo < 2 ? 2 : c->lo; k < c->hi; k++) {
        bool prime = true;
        for (int d = 2; d * d <= k && prime; d++) prime = k % d != 0;
        n += prime;
    }
    return wa_int(n);
}

typedef struct {
    wa_coro co;
    chunk *c;
} counter_frame;

static wa_status counter_step(wa_coro *co) {
    counter_frame *f = (counter_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_to_thread(co, count_primes, f->c));
    f->c->count = co->value.as.i;
    WA_END(co);
}

typedef struct {
    wa_coro co;
    const bool *working;
    int *beats;
} heartbeat_frame;

static wa_status heartbeat_step(wa_coro *co) {
    heartbeat_frame *f = (heartbeat_frame *)co;
    WA_BEGIN(co);
    while (*f->working) {
        ++*f->beats;
        WA_AWAIT(co, wa_sleep(co, 0.01));
    }
    WA_END(co);
}

typedef struct {
    wa_coro co;
    chunk chunks[CHUNKS];
    bool working;
    wa_task *heartbeat;
    wa_taskgroup tg;
    int beats, i;
    int64_t total;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    printf("counting primes below %d in %d chunks on worker threads\n", LIMIT, CHUNKS);
    f->working = true;
    f->heartbeat = WA_SPAWN(loop, heartbeat_step, heartbeat_frame, .working = &f->working, .beats = &f->beats);
    if (!f->heartbeat) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "%s", wa_last_error()));
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        for (f->i = 0; f->i < CHUNKS; f->i++) {
            f->chunks[f->i] = (chunk){LIMIT / CHUNKS * f->i, LIMIT / CHUNKS * (f->i + 1), 0};
            if (!WA_GROUP_SPAWN(&f->tg, counter_step, counter_frame, .c = &f->chunks[f->i]))
                WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "%s", wa_last_error()));
        }
    }
    WA_WITH_END(co);
    f->working = false;
    WA_AWAIT(co, f->heartbeat);
    wa_task_unref(f->heartbeat);
    for (f->i = 0; f->i < CHUNKS; f->i++) {
        chunk *c = &f->chunks[f->i];
        printf("chunk %d: [%d, %d) has %lld primes\n", f->i + 1, c->lo, c->hi, (long long)c->count);
        f->total += c->count;
    }
    printf("total: %lld primes\n", (long long)f->total);
    printf("the loop stayed responsive: %d heartbeats while the threads worked\n", f->beats);
    WA_END(co);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    return WA_MAIN(main_step, main_frame);
}
