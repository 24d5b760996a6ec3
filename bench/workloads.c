/*
 * workloads.c — the anchor workloads (bench/anchors.py) written with
 * wasyncio the way a C user would write them: the same sizes, delays,
 * checksums and output lines as anchors.py, anchors.mjs and floor.c, so
 * tools/bench.mjs can run them side by side.
 *
 *     workloads [--only NAME] [SCALE]     one line per workload:
 *         workload=NAME n=N seconds=S     (idle_mem: bytes_per_task=B)
 *     workloads --list                    the workloads this build has
 *
 * SCALE (default 1) multiplies every N; for tree it moves the depth by
 * log2(SCALE).  All workloads run in one loop (one wa_main); each is timed
 * on the loop's clock inside the loop.  A wrong checksum prints
 * "checksum wrong: ..." to stderr and exits 1.  The same file builds
 * natively, for WASI, for Emscripten and for the npm package's loader;
 * echo (streams over 127.0.0.1) natively and through the loader.
 */
#define _DEFAULT_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __wasm__
#include <unistd.h>
#endif

#include "wasyncio.h"
#include "sizes.h"

/* echo needs sockets: native builds, and the npm loader's build (which
 * defines WA_BENCH_SOCKETS; WASI preview 1 and Emscripten's glue have none). */
#if !defined(__wasm__) && !defined(WA_BENCH_SOCKETS)
#define WA_BENCH_SOCKETS 1
#endif

static const wa_error_type checksum_error = {"ChecksumError", WA_EXCEPTION};

#define CHECK(co, ok, what)                                                    \
    do {                                                                       \
        if (!(ok)) WA_RAISE(co, wa_error_new(&checksum_error, "%s", (what)));  \
    } while (0)

/* Out of memory while setting a workload up: raise what the library said. */
#define RAISE_LAST(co) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "%s", wa_last_error()))

/* Memory in use: VmRSS natively, as the anchors measure it; in wasm the
 * heap's top (sbrk(0)), which under WASI is the linear memory's size, as
 * floor.c measures it, and under Emscripten ignores the initial memory the
 * heap has not reached yet. */
static int64_t mem_bytes(void) {
#ifdef __wasm__
    return (int64_t)(uintptr_t)sbrk(0);
#else
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %ld kB", &kb) == 1) break;
    if (f) fclose(f);
    return (int64_t)kb * 1024;
#endif
}

static double now(void) { return wa_loop_time(wa_get_running_loop()); }

/* Sum of a gather's results (a list of ints). */
static int64_t sum_list(const wa_value *v) {
    int64_t s = 0;
    for (size_t i = 0; i < v->as.list.len; i++) s += v->as.list.items[i].as.i;
    return s;
}

static void unref_all(wa_future **futs, int64_t n) {
    for (int64_t i = 0; i < n; i++) wa_future_unref(futs[i]);
    free(futs);
}

/* ---- spawn: N tasks each yield once and return their index; gather ------- */

typedef struct { wa_coro co; int64_t i; } spawn_one_frame;

static wa_status spawn_one_step(wa_coro *co) {
    spawn_one_frame *f = (spawn_one_frame *)co;
    WA_BEGIN(co);
    WA_YIELD(co);
    WA_RETURN(co, wa_int(f->i));
    WA_END(co);
}

typedef struct { wa_coro co; int64_t n, i, sum; double t0, dt; wa_future **futs; } spawn_frame;

static wa_status spawn_step(wa_coro *co) {
    spawn_frame *f = (spawn_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->t0 = now();
    f->futs = malloc((size_t)f->n * sizeof *f->futs);
    if (!f->futs) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, NULL));
    for (f->i = 0; f->i < f->n; f->i++) {
        wa_task *t = WA_SPAWN(loop, spawn_one_step, spawn_one_frame, .i = f->i);
        if (!t) {
            unref_all(f->futs, f->i);
            RAISE_LAST(co);
        }
        f->futs[f->i] = wa_task_future(t);
    }
    WA_AWAIT(co, wa_gather(co, f->futs, (size_t)f->n, false));
    f->sum = sum_list(&co->value);
    f->dt = now() - f->t0;
    unref_all(f->futs, f->n);
    CHECK(co, f->sum == f->n * (f->n - 1) / 2, "spawn sum");
    WA_RETURN(co, wa_double(f->dt));
    WA_END(co);
}

/* ---- pingpong: A puts i on q1, B gets it and puts i+1 on q2 (maxsize 1) -- */

typedef struct { wa_coro co; wa_queue *q1, *q2; int64_t m, i, v; } pong_frame;

static wa_status pong_step(wa_coro *co) {
    pong_frame *f = (pong_frame *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < f->m; f->i++) {
        WA_AWAIT(co, wa_queue_get(co, f->q1));
        f->v = co->value.as.i + 1;
        WA_AWAIT(co, wa_queue_put(co, f->q2, wa_int(f->v)));
    }
    WA_END(co);
}

typedef struct { wa_coro co; int64_t m, i, v, total; double t0, dt; wa_queue *q1, *q2; wa_task *b; } pingpong_frame;

static wa_status pingpong_step(wa_coro *co) {
    pingpong_frame *f = (pingpong_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->q1 = wa_queue_new(loop, WA_QUEUE_FIFO, 1);
    f->q2 = wa_queue_new(loop, WA_QUEUE_FIFO, 1);
    if (!f->q1 || !f->q2) RAISE_LAST(co);
    f->t0 = now();
    f->b = WA_SPAWN(loop, pong_step, pong_frame, .q1 = f->q1, .q2 = f->q2, .m = f->m);
    if (!f->b) RAISE_LAST(co);
    for (f->i = 0; f->i < f->m; f->i++) {
        WA_AWAIT(co, wa_queue_put(co, f->q1, wa_int(f->i)));
        WA_AWAIT(co, wa_queue_get(co, f->q2));
        f->v = co->value.as.i;
        f->total += f->v;
    }
    WA_AWAIT(co, f->b);
    f->dt = now() - f->t0;
    wa_task_unref(f->b);
    wa_queue_free(f->q1);
    wa_queue_free(f->q2);
    CHECK(co, f->v == f->m && f->total == f->m * (f->m + 1) / 2, "pingpong final value");
    WA_RETURN(co, wa_double(f->dt));
    WA_END(co);
}

/* ---- timers: N tasks each sleep an LCG delay in [0, 50] ms; gather ------- */

enum { TIMERS_DELAY_SUM = 2503628 };   /* the first 100,000 delays, in ms */

typedef struct { wa_coro co; int64_t d; } timer_one_frame;

static wa_status timer_one_step(wa_coro *co) {
    timer_one_frame *f = (timer_one_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, (double)f->d / 1000));
    WA_RETURN(co, wa_int(f->d));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    int64_t n, i, want, longest, got;
    double t0, dt;
    int64_t *delays;
    wa_future **futs;
} timers_frame;

static wa_status timers_step(wa_coro *co) {
    timers_frame *f = (timers_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->delays = malloc((size_t)f->n * sizeof *f->delays);
    f->futs = malloc((size_t)f->n * sizeof *f->futs);
    if (!f->delays || !f->futs) {
        free(f->delays);
        free(f->futs);
        WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, NULL));
    }
    uint32_t x = 12345;
    for (int64_t i = 0; i < f->n; i++) {
        x = (x * 1103515245u + 12345u) & 0x7fffffffu;
        f->delays[i] = (x >> 8) % 51;
        f->want += f->delays[i];
        if (f->delays[i] > f->longest) f->longest = f->delays[i];
    }
    f->t0 = now();
    for (f->i = 0; f->i < f->n; f->i++) {
        wa_task *t = WA_SPAWN(loop, timer_one_step, timer_one_frame, .d = f->delays[f->i]);
        if (!t) {
            free(f->delays);
            unref_all(f->futs, f->i);
            RAISE_LAST(co);
        }
        f->futs[f->i] = wa_task_future(t);
    }
    WA_AWAIT(co, wa_gather(co, f->futs, (size_t)f->n, false));
    f->got = sum_list(&co->value);
    f->dt = now() - f->t0;
    free(f->delays);
    unref_all(f->futs, f->n);
    CHECK(co, f->got == f->want, "timers sum");
    if (f->n == 100000) CHECK(co, f->want == TIMERS_DELAY_SUM, "timers LCG sequence");
    CHECK(co, f->dt >= (double)f->longest / 1000 - 0.001, "timers woke before the longest delay");
    WA_RETURN(co, wa_double(f->dt));
    WA_END(co);
}

/* ---- tree: below depth D a task runs two children in a TaskGroup --------- */

typedef struct {
    wa_coro co;
    int64_t depth, d;
    wa_taskgroup tg;
    wa_task *a, *b;
} node_frame;

static wa_status node_step(wa_coro *co) {
    node_frame *f = (node_frame *)co;
    wa_value a, b;
    WA_BEGIN(co);
    if (f->d >= f->depth) WA_RETURN(co, wa_int(1));
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        /* the group forgets finished tasks: keep a reference to read them */
        f->a = wa_task_ref(WA_GROUP_SPAWN(&f->tg, node_step, node_frame, .depth = f->depth, .d = f->d + 1));
        f->b = wa_task_ref(WA_GROUP_SPAWN(&f->tg, node_step, node_frame, .depth = f->depth, .d = f->d + 1));
        if (!f->a || !f->b) RAISE_LAST(co);
    }
    WA_WITH_END(co);
    wa_future_result(wa_task_future(f->a), &a);
    wa_future_result(wa_task_future(f->b), &b);
    wa_task_unref(f->a);
    wa_task_unref(f->b);
    WA_RETURN(co, wa_int(1 + a.as.i + b.as.i));
    WA_END(co);
}

typedef struct { wa_coro co; int64_t depth; double t0; } tree_frame;

static wa_status tree_step(wa_coro *co) {
    tree_frame *f = (tree_frame *)co;
    WA_BEGIN(co);
    f->t0 = now();
    WA_AWAIT_CALL(co, node_step, node_frame, .depth = f->depth, .d = 0);
    double dt = now() - f->t0;
    CHECK(co, co->value.as.i == ((int64_t)1 << (f->depth + 1)) - 1, "tree count");
    WA_RETURN(co, wa_double(dt));
    WA_END(co);
}

/* ---- chain: N sequential awaits of a coroutine that returns at once ------ */

typedef struct { wa_coro co; int64_t i; } leaf_frame;

static wa_status leaf_step(wa_coro *co) {
    leaf_frame *f = (leaf_frame *)co;
    WA_BEGIN(co);
    WA_RETURN(co, wa_int(f->i));
    WA_END(co);
}

typedef struct { wa_coro co; int64_t n, i, s; double t0; } chain_frame;

static wa_status chain_step(wa_coro *co) {
    chain_frame *f = (chain_frame *)co;
    WA_BEGIN(co);
    f->t0 = now();
    for (f->i = 0; f->i < f->n; f->i++) {
        WA_AWAIT_CALL(co, leaf_step, leaf_frame, .i = f->i);
        f->s += co->value.as.i;
    }
    double dt = now() - f->t0;
    CHECK(co, f->s == f->n * (f->n - 1) / 2, "chain sum");
    WA_RETURN(co, wa_double(dt));
    WA_END(co);
}

/* ---- idle_mem: N tasks wait on one Event; memory growth per task --------- */

typedef struct { wa_coro co; wa_event *ev; int64_t *waiting; } waiter_frame;

static wa_status waiter_step(wa_coro *co) {
    waiter_frame *f = (waiter_frame *)co;
    WA_BEGIN(co);
    (*f->waiting)++;
    WA_AWAIT(co, wa_event_wait(co, f->ev));
    WA_RETURN(co, wa_int(1));
    WA_END(co);
}

typedef struct { wa_coro co; int64_t n, i, waiting, base, used, sum; wa_event *ev; wa_future **futs; } idle_frame;

static wa_status idle_mem_step(wa_coro *co) {
    idle_frame *f = (idle_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->ev = wa_event_new(loop);
    if (!f->ev) RAISE_LAST(co);
    f->base = mem_bytes();
    f->futs = malloc((size_t)f->n * sizeof *f->futs);   /* counted, as Python's list of tasks */
    if (!f->futs) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, NULL));
    for (f->i = 0; f->i < f->n; f->i++) {
        wa_task *t = WA_SPAWN(loop, waiter_step, waiter_frame, .ev = f->ev, .waiting = &f->waiting);
        if (!t) {
            unref_all(f->futs, f->i);
            RAISE_LAST(co);
        }
        f->futs[f->i] = wa_task_future(t);
    }
    WA_YIELD(co);   /* every task runs its first step and waits on the event */
    CHECK(co, f->waiting == f->n, "idle_mem: not all tasks waiting");
    f->used = mem_bytes() - f->base;
    wa_event_set(f->ev);
    WA_AWAIT(co, wa_gather(co, f->futs, (size_t)f->n, false));
    f->sum = sum_list(&co->value);
    unref_all(f->futs, f->n);
    wa_event_free(f->ev);
    CHECK(co, f->sum == f->n, "idle_mem sum");
    WA_RETURN(co, wa_double((double)(f->used / f->n)));
    WA_END(co);
}

/* ---- the table ----------------------------------------------------------- */

/* ---- echo: a stream echo server and 100 clients in one loop ---------------------- */

#ifdef WA_BENCH_SOCKETS
enum { ECHO_CONNS = 100, ECHO_LINE = 100 };

typedef struct {
    wa_stream_handler h;
} echo_serve_frame;

static wa_status echo_serve_step(wa_coro *co) {
    echo_serve_frame *f = (echo_serve_frame *)co;
    WA_BEGIN(co);
    for (;;) {
        WA_AWAIT(co, wa_stream_readline(co, f->h.stream));
        if (co->value.as.buf.len == 0) break;
        wa_stream_write(f->h.stream, co->value.as.buf.data, co->value.as.buf.len);
        WA_AWAIT(co, wa_stream_drain(co, f->h.stream));
    }
    wa_stream_close(f->h.stream);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    int port;
    int64_t per, i, got;
    wa_stream *s;
} echo_client_frame;

static wa_status echo_client_step(wa_coro *co) {
    static const char line[ECHO_LINE] =
        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n";
    echo_client_frame *f = (echo_client_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_open_connection(co, &(wa_endpoint){.host = "127.0.0.1", .port = f->port}, 0));
    f->s = co->value.as.ptr.p;
    for (f->i = 0; f->i < f->per; f->i++) {
        wa_stream_write(f->s, line, ECHO_LINE);
        WA_AWAIT(co, wa_stream_readline(co, f->s));
        f->got += (int64_t)co->value.as.buf.len;
    }
    wa_stream_close(f->s);
    WA_AWAIT(co, wa_stream_wait_closed(co, f->s));
    wa_stream_free(f->s);
    WA_RETURN(co, wa_int(f->got));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    int64_t n, per, round;
    wa_server *srv;
    int port, i;
    wa_task *clients[ECHO_CONNS];
    double t0, dt;
} echo_frame;

/* The anchors run a tenth of the size first, untimed: a fresh process pays
 * extra on its first socket reads, which a running server never sees. */
static wa_status echo_step(wa_coro *co) {
    echo_frame *f = (echo_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_start_server(co, &(wa_endpoint){.host = "127.0.0.1"}, echo_serve_step,
                                 sizeof(echo_serve_frame), NULL, NULL, 0));
    f->srv = co->value.as.ptr.p;
    {
        wa_sockaddr a;
        if (wa_server_sockname(f->srv, &a)) RAISE_LAST(co);
        f->port = a.port;
    }
    for (f->round = 0; f->round < 2; f->round++) {
        {
            int64_t n = f->round == 0 ? (f->n / 10 > 100 ? f->n / 10 : 100) : f->n;
            f->per = n / ECHO_CONNS > 1 ? n / ECHO_CONNS : 1;
        }
        f->t0 = now();
        for (f->i = 0; f->i < ECHO_CONNS; f->i++) {
            f->clients[f->i] = WA_SPAWN(wa_get_running_loop(), echo_client_step, echo_client_frame,
                                        .port = f->port, .per = f->per);
            if (!f->clients[f->i]) RAISE_LAST(co);
        }
        WA_AWAIT(co, wa_gather(co, (wa_future *const *)f->clients, ECHO_CONNS, false));
        f->dt = now() - f->t0;
        CHECK(co, sum_list(&co->value) == f->per * ECHO_CONNS * ECHO_LINE, "echo bytes");
        for (f->i = 0; f->i < ECHO_CONNS; f->i++) wa_task_unref(f->clients[f->i]);
    }
    wa_server_close(f->srv);
    WA_AWAIT(co, wa_server_wait_closed(co, f->srv));
    wa_server_free(f->srv);
    WA_RETURN(co, wa_double(f->dt));
    WA_END(co);
}
#endif

typedef struct workload {
    const char *name;
    int64_t n;      /* at scale 1; for tree, the depth */
    wa_task *(*start)(wa_loop *loop, int64_t size);
} workload;

static wa_task *start_spawn(wa_loop *l, int64_t n) { return WA_SPAWN(l, spawn_step, spawn_frame, .n = n); }
static wa_task *start_pingpong(wa_loop *l, int64_t n) { return WA_SPAWN(l, pingpong_step, pingpong_frame, .m = n); }
static wa_task *start_timers(wa_loop *l, int64_t n) { return WA_SPAWN(l, timers_step, timers_frame, .n = n); }
static wa_task *start_tree(wa_loop *l, int64_t d) { return WA_SPAWN(l, tree_step, tree_frame, .depth = d); }
static wa_task *start_chain(wa_loop *l, int64_t n) { return WA_SPAWN(l, chain_step, chain_frame, .n = n); }
#ifdef WA_BENCH_SOCKETS
static wa_task *start_echo(wa_loop *l, int64_t n) { return WA_SPAWN(l, echo_step, echo_frame, .n = n); }
#endif
static wa_task *start_idle_mem(wa_loop *l, int64_t n) { return WA_SPAWN(l, idle_mem_step, idle_frame, .n = n); }

/* idle_mem first: memory freed by the others would be reused and hide its
 * growth (the anchors' order). */
static const workload workloads[] = {
    {"idle_mem", 100000, start_idle_mem}, {"spawn", 200000, start_spawn},
    {"pingpong", 200000, start_pingpong}, {"timers", 100000, start_timers},
    {"tree", 16, start_tree},             {"chain", 1000000, start_chain},
#ifdef WA_BENCH_SOCKETS
    {"echo", 50000, start_echo},
#endif
};
#define NWORKLOADS (sizeof workloads / sizeof workloads[0])

typedef struct {
    wa_coro co;
    double scale;
    const char *only;
    size_t i;
    int64_t shown;
    wa_task *t;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < NWORKLOADS; f->i++) {
        if (f->only && strcmp(f->only, workloads[f->i].name)) continue;
        {
            const workload *w = &workloads[f->i];
            f->t = w->start(wa_get_running_loop(), bench_size(w->name, w->n, f->scale, &f->shown));
        }
        if (!f->t) RAISE_LAST(co);
        WA_AWAIT_TRY(co, f->t, f->err);
        wa_task_unref(f->t);
        if (f->err) {
            if (wa_error_is(f->err, &checksum_error))
                fprintf(stderr, "checksum wrong: %s\n", wa_error_message(f->err));
            WA_RAISE(co, wa_error_ref(f->err));
        }
        if (!strcmp(workloads[f->i].name, "idle_mem"))
            printf("workload=idle_mem n=%lld bytes_per_task=%.0f\n", (long long)f->shown, co->value.as.d);
        else
            printf("workload=%s n=%lld seconds=%.4f\n", workloads[f->i].name, (long long)f->shown, co->value.as.d);
        fflush(stdout);
    }
    WA_END(co);
}

int main(int argc, char **argv) {
    double scale = 1;
    const char *only = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--list")) {
            for (size_t w = 0; w < NWORKLOADS; w++) printf("%s\n", workloads[w].name);
            return 0;
        }
        if (!strcmp(argv[i], "--only") && i + 1 < argc) {
            only = argv[++i];
        } else {
            char *end;
            scale = strtod(argv[i], &end);
            if (*end || !(scale > 0)) {
                fprintf(stderr, "usage: workloads [--list] [--only NAME] [SCALE > 0]\n");
                return 2;
            }
        }
    }
    if (only) {
        size_t w = 0;
        while (w < NWORKLOADS && strcmp(only, workloads[w].name)) w++;
        if (w == NWORKLOADS) {
            fprintf(stderr, "workloads: no workload '%s' in this build (--list)\n", only);
            return 2;
        }
    }
    return WA_MAIN(main_step, main_frame, .scale = scale, .only = only);
}
