/*
 * rate_limit.c — ten jobs run concurrently, but a Semaphore lets only three
 * of them in at a time: the C version of Python's
 *
 *     sem = asyncio.Semaphore(3)
 *     async def fetch(i):
 *         async with sem:
 *             await asyncio.sleep(latency[i])     # the request
 *     async with asyncio.TaskGroup() as tg:
 *         for i in range(10): tg.create_task(fetch(i))
 *
 * Each job prints when it starts and finishes with the number in flight,
 * which never exceeds three; the run takes as long as the slowest chain of
 * three lanes, not the sum of all latencies.
 */
#include <stdio.h>

#include "wasyncio.h"

enum { JOBS = 10, LIMIT = 3 };

/* Simulated request latencies in seconds. */
static const double latency[JOBS] = {0.12, 0.05, 0.20, 0.08, 0.15, 0.03, 0.10, 0.06, 0.18, 0.04};

typedef struct shared {
    wa_semaphore *sem;
    double start;
    int in_flight, max_in_flight;
} shared;

typedef struct {
    wa_coro co;
    shared *s;
    int id;
    wa_guard guard;
} job_frame;

static wa_status job_step(wa_coro *co) {
    job_frame *f = (job_frame *)co;
    shared *s = f->s;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    WA_WITH_ACQUIRED(co, &f->guard, s->sem) {
        if (++s->in_flight > s->max_in_flight) s->max_in_flight = s->in_flight;
        printf("%5.2f s  start  job %d  (%d in flight)\n", wa_loop_time(loop) - s->start, f->id, s->in_flight);
        WA_AWAIT(co, wa_sleep(co, latency[f->id]));
        s->in_flight--;
        printf("%5.2f s  finish job %d  (%d in flight)\n", wa_loop_time(loop) - s->start, f->id, s->in_flight);
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    shared s;
    wa_taskgroup tg;
    int i;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->s.sem = wa_semaphore_new(loop, LIMIT);
    if (!f->s.sem) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "%s", wa_last_error()));
    f->s.start = wa_loop_time(loop);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        for (f->i = 0; f->i < JOBS; f->i++)
            if (!WA_GROUP_SPAWN(&f->tg, job_step, job_frame, .s = &f->s, .id = f->i))
                WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "%s", wa_last_error()));
    }
    WA_WITH_END(co);
    printf("all %d jobs done in %.2f s, at most %d in flight\n", JOBS, wa_loop_time(loop) - f->s.start,
           f->s.max_in_flight);
    wa_semaphore_free(f->s.sem);
    WA_END(co);
}

int main(void) {
    setvbuf(stdout, NULL, _IONBF, 0);
    return WA_MAIN(main_step, main_frame);
}
