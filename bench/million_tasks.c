/*
 * million_tasks.c — 1,000,000 tasks that each sleep(0) once and finish.
 *
 * Prints the time to spawn, run and free them all (wall and CPU), the peak
 * memory, and the memory left after they are freed (it should be back near
 * the baseline: the free lists keep only a bounded number of blocks).
 * Native only: it reads /proc/self/status.  Usage: million_tasks [N]
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wasyncio.h"

static long status_kb(const char *field) {
    FILE *f = fopen("/proc/self/status", "r");
    if (!f) return -1;
    char line[256];
    long kb = -1;
    size_t n = strlen(field);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, n) == 0 && line[n] == ':') kb = strtol(line + n + 1, NULL, 10);
    fclose(f);
    return kb;
}

static double clock_seconds(clockid_t clock) {
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

typedef struct {
    wa_coro co;
    int64_t index;
} worker;

static wa_status worker_step(wa_coro *co) {
    worker *f = (worker *)co;
    WA_BEGIN(co);
    WA_YIELD(co);
    WA_RETURN(co, wa_int(f->index));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    int64_t n, i, sum;
    wa_task **tasks;
} spawner;

static wa_status spawner_step(wa_coro *co) {
    spawner *f = (spawner *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    for (f->i = 0; f->i < f->n; f->i++) {
        f->tasks[f->i] = WA_SPAWN(loop, worker_step, worker, .index = f->i);
        if (!f->tasks[f->i]) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "spawn failed"));
    }
    for (f->i = 0; f->i < f->n; f->i++) {
        WA_AWAIT(co, f->tasks[f->i]);
        f->sum += co->value.as.i;
    }
    for (f->i = 0; f->i < f->n; f->i++) wa_task_unref(f->tasks[f->i]);
    WA_RETURN(co, wa_int(f->sum));
    WA_END(co);
}

int main(int argc, char **argv) {
    int64_t n = argc > 1 ? atoll(argv[1]) : 1000000;
    wa_task **tasks = malloc((size_t)n * sizeof *tasks);
    if (!tasks) return 1;
    long base_kb = status_kb("VmRSS");
    wa_runner *r = wa_runner_new(NULL);
    /* CPU time too: on a shared machine the wall time says more about the
     * neighbours than about the tasks */
    double start = clock_seconds(CLOCK_MONOTONIC), cpu_start = clock_seconds(CLOCK_PROCESS_CPUTIME_ID);
    wa_value result;
    int rc = WA_RUNNER_RUN(r, &result, NULL, spawner_step, spawner, .n = n, .tasks = tasks);
    double seconds = clock_seconds(CLOCK_MONOTONIC) - start;
    double cpu_seconds = clock_seconds(CLOCK_PROCESS_CPUTIME_ID) - cpu_start;
    long peak_kb = status_kb("VmHWM");
    long after_kb = status_kb("VmRSS");
    wa_runner_free(r);
    long closed_kb = status_kb("VmRSS");
    free(tasks);
    if (rc != 0 || result.as.i != n * (n - 1) / 2) {
        fprintf(stderr, "million_tasks: wrong result (rc=%d)\n", rc);
        return 1;
    }
    printf("tasks=%lld seconds=%.3f peak_rss_kb=%ld baseline_rss_kb=%ld after_free_rss_kb=%ld after_close_rss_kb=%ld"
           " cpu_seconds=%.3f\n",
           (long long)n, seconds, peak_kb, base_kb, after_kb, closed_kb, cpu_seconds);
    return 0;
}
