/*
 * floor.c — the floor: the anchor workloads (bench/anchors.py) as
 * hand-written C state machines with no library and no generality.  An
 * intrusive FIFO of ready tasks, a binary heap of timers, a join counter
 * for gather/TaskGroup and epoll for echo are all a runtime with asyncio's
 * semantics needs at the least, so wasyncio can come close to these times
 * but hardly beat them; tools/bench.mjs reports ours / floor.
 *
 *     floor [--only NAME] [SCALE]       one line per workload, as anchors.py
 *
 *     native: cc -O2 -o floor bench/floor.c -lm
 *     WASI:   clang-14 --target=wasm32-wasi -O2 -Wl,--strip-debug -o floor.wasm bench/floor.c
 *             node tools/wasi-run.mjs floor.wasm    (no sockets: no echo)
 *
 * Same sizes, delays, checksums and output as the other anchors; a wrong
 * checksum prints "checksum wrong: ..." to stderr and exits 1.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifndef __wasi__
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#define FLOOR_SOCKETS 1
#endif

#include "sizes.h"

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void check(int ok, const char *what) {
    if (ok) return;
    fprintf(stderr, "checksum wrong: %s\n", what);
    exit(1);
}

static void *xcalloc(size_t n, size_t size) {
    void *p = calloc(n, size);
    if (!p) {
        fprintf(stderr, "floor: out of memory\n");
        exit(1);
    }
    return p;
}

/* What the anchors call memory in use: VmRSS natively; under WASI the
 * linear memory, which only grows (in 64 KiB pages) and stands for RSS. */
static long long mem_bytes(void) {
#ifdef __wasm__
    return (long long)__builtin_wasm_memory_size(0) * 65536;
#else
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "VmRSS: %lld kB", &kb) == 1) break;
    if (f) fclose(f);
    return kb * 1024;
#endif
}

/* ---- tasks ----------------------------------------------------------------- */

/* A task is its step function and a resume point (pc); one struct serves
 * every workload, as a runtime's task would.  A task is on at most one list
 * at a time, the ready FIFO or a wait list, through `next`. */
typedef struct task task;
struct task {
    void (*step)(task *);
    task *next;
    task *join;         /* who gathers our result, or NULL */
    int pc;
    int64_t pending;    /* children not yet done (as a join) */
    int64_t arg;        /* argument in, result out */
    int64_t sum;        /* the results of the children (as a join) */
};

static struct {
    task *head, *tail;
} ready;

static void make_ready(task *t) {
    t->next = NULL;
    if (ready.tail)
        ready.tail->next = t;
    else
        ready.head = t;
    ready.tail = t;
}

/* asyncio's rule: an iteration runs what was ready when it began; what a
 * step makes ready runs in the next one. */
static void run_ready(void) {
    while (ready.head) {
        task *last = ready.tail, *t;
        do {
            t = ready.head;
            ready.head = t->next;
            if (!ready.head) ready.tail = NULL;
            t->step(t);
        } while (t != last);
    }
}

static task *spawn(void (*step)(task *), task *join, int64_t arg) {
    task *t = xcalloc(1, sizeof *t);
    t->step = step;
    t->join = join;
    t->arg = arg;
    make_ready(t);
    return t;
}

/* The task returned t->arg: count it into its join, which resumes when
 * the last child is done. */
static void finish(task *t) {
    task *j = t->join;
    if (j) {
        j->sum += t->arg;
        if (--j->pending == 0 && j->step) make_ready(j);
    }
    free(t);
}

/* A top-level gather: the workload itself reads the count and the sum
 * after the loop drains, so there is nothing to resume (no step). */
static task gather_of(int64_t n) {
    return (task){.pending = n};
}

/* ---- spawn: N tasks each yield once and return their index; gather -------- */

static void spawn_step(task *t) {
    if (t->pc++ == 0) {
        make_ready(t);          /* await asyncio.sleep(0) */
        return;
    }
    finish(t);
}

static double w_spawn(int64_t n) {
    task all = gather_of(n);
    double t0 = now();
    for (int64_t i = 0; i < n; i++) spawn(spawn_step, &all, i);
    run_ready();
    double dt = now() - t0;
    check(all.pending == 0 && all.sum == n * (n - 1) / 2, "spawn sum");
    return dt;
}

/* ---- pingpong: two queues of maxsize 1 between two tasks ------------------- */

/* A queue of maxsize 1: one item, at most one getter and one putter waiting
 * (each side has one task). */
typedef struct {
    int full;
    int64_t item;
    task *getter, *putter;
} slot;

static void wake(task **waiter) {
    if (*waiter) make_ready(*waiter);
    *waiter = NULL;
}

/* 0: the slot is full, t waits and must retry the put when woken. */
static int slot_put(slot *q, task *t, int64_t v) {
    if (q->full) {
        q->putter = t;
        return 0;
    }
    q->full = 1;
    q->item = v;
    wake(&q->getter);
    return 1;
}

/* 0: the slot is empty, t waits and must retry the get when woken. */
static int slot_get(slot *q, task *t, int64_t *v) {
    if (!q->full) {
        q->getter = t;
        return 0;
    }
    q->full = 0;
    *v = q->item;
    wake(&q->putter);
    return 1;
}

static struct {
    slot q1, q2;
    int64_t rounds, last, total;
} pp;

/* B: for each round, q2.put(await q1.get() + 1).  pc 0 waits to get, pc 1
 * to put; sum counts the rounds done. */
static void pp_b(task *t) {
    for (; t->sum < pp.rounds; t->sum++, t->pc = 0) {
        int64_t v;
        if (t->pc == 0) {
            if (!slot_get(&pp.q1, t, &v)) return;
            t->arg = v + 1;
            t->pc = 1;
        }
        if (!slot_put(&pp.q2, t, t->arg)) return;
    }
    free(t);
}

/* A: for i in range(m): q1.put(i); total += q2.get(). */
static void pp_a(task *t) {
    for (; t->sum < pp.rounds; t->sum++, t->pc = 0) {
        int64_t v;
        if (t->pc == 0) {
            if (!slot_put(&pp.q1, t, t->sum)) return;
            t->pc = 1;
        }
        if (!slot_get(&pp.q2, t, &v)) return;
        pp.last = v;
        pp.total += v;
    }
    free(t);
}

static double w_pingpong(int64_t m) {
    memset(&pp, 0, sizeof pp);
    pp.rounds = m;
    double t0 = now();
    spawn(pp_a, NULL, 0);
    spawn(pp_b, NULL, 0);
    run_ready();
    double dt = now() - t0;
    check(pp.last == m && pp.total == m * (m + 1) / 2, "pingpong final value");
    return dt;
}

/* ---- timers: N tasks sleep an LCG delay in [0, 50] ms; gather --------------- */

enum { TIMERS_DELAY_SUM = 2503628 };   /* the first 100,000 delays, in ms */

/* The anchors' LCG, in 32-bit unsigned maths as every language can do it. */
static int64_t next_delay(uint32_t *x) {
    *x = (*x * 1103515245u + 12345u) & 0x7fffffffu;
    return (int64_t)((*x >> 8) % 51);
}

/* Equal deadlines fire in the order they were set, as asyncio's heap on
 * (when, sequence) makes them. */
typedef struct {
    double when;
    int64_t seq;
    task *t;
} timer;

static struct {
    timer *at;
    int64_t n, seq;
} heap;

static int earlier(const timer *a, const timer *b) {
    return a->when < b->when || (a->when == b->when && a->seq < b->seq);
}

static void heap_push(double when, task *t) {
    timer x = {when, heap.seq++, t};
    int64_t i = heap.n++;
    for (; i > 0 && earlier(&x, &heap.at[(i - 1) / 2]); i = (i - 1) / 2) heap.at[i] = heap.at[(i - 1) / 2];
    heap.at[i] = x;
}

static task *heap_pop(void) {
    task *top = heap.at[0].t;
    timer x = heap.at[--heap.n];
    int64_t i = 0;
    for (;;) {
        int64_t c = 2 * i + 1;
        if (c >= heap.n) break;
        if (c + 1 < heap.n && earlier(&heap.at[c + 1], &heap.at[c])) c++;
        if (!earlier(&heap.at[c], &x)) break;
        heap.at[i] = heap.at[c];
        i = c;
    }
    heap.at[i] = x;
    return top;
}

static void timer_step(task *t) {
    if (t->pc++ == 0) {
        heap_push(now() + (double)t->arg / 1000, t);   /* await asyncio.sleep(d) */
        return;
    }
    finish(t);
}

/* Run until nothing is ready and no timer is left, sleeping (never
 * spinning) until the earliest deadline. */
static void run_with_timers(void) {
    for (;;) {
        run_ready();
        if (!heap.n) return;
        double wait = heap.at[0].when - now();
        if (wait > 0) {
            struct timespec ts = {(time_t)wait, (long)((wait - (double)(time_t)wait) * 1e9)};
            nanosleep(&ts, NULL);
        }
        for (double t = now(); heap.n && heap.at[0].when <= t;) make_ready(heap_pop());
    }
}

static double w_timers(int64_t n) {
    heap.at = xcalloc((size_t)n, sizeof *heap.at);
    heap.n = heap.seq = 0;
    task all = gather_of(n);
    uint32_t x = 12345;
    int64_t want = 0, longest = 0;
    double t0 = now();
    for (int64_t i = 0; i < n; i++) {
        int64_t d = next_delay(&x);
        want += d;
        if (d > longest) longest = d;
        spawn(timer_step, &all, d);
    }
    run_with_timers();
    double dt = now() - t0;
    free(heap.at);
    check(all.sum == want, "timers sum");
    if (n == 100000) check(want == TIMERS_DELAY_SUM, "timers LCG sequence");
    /* 1 ms of slack, as the anchors allow */
    check(dt >= (double)longest / 1000 - 0.001, "timers woke before the longest delay");
    return dt;
}

/* ---- tree: above the leaves a task runs two children, returns 1 + both ------- */

static int64_t tree_depth;

/* arg is the depth going in and the count coming out. */
static void tree_step(task *t) {
    if (t->pc++ == 0 && t->arg < tree_depth) {
        t->pending = 2;                 /* a TaskGroup of two */
        spawn(tree_step, t, t->arg + 1);
        spawn(tree_step, t, t->arg + 1);
        return;
    }
    t->arg = 1 + t->sum;
    finish(t);
}

static double w_tree(int64_t depth) {
    tree_depth = depth;
    task root = gather_of(1);
    double t0 = now();
    spawn(tree_step, &root, 0);
    run_ready();
    double dt = now() - t0;
    check(root.sum == ((int64_t)1 << (depth + 1)) - 1, "tree count");
    return dt;
}

/* ---- chain: N sequential awaits of a coroutine that returns at once ---------- */

/* An await that does not suspend costs a call at best; the call goes
 * through a volatile pointer so the compiler cannot fold the loop away. */
static int64_t leaf(int64_t i) {
    return i;
}
static int64_t (*volatile leaf_call)(int64_t) = leaf;

static double w_chain(int64_t n) {
    int64_t s = 0;
    double t0 = now();
    for (int64_t i = 0; i < n; i++) s += leaf_call(i);
    double dt = now() - t0;
    check(s == n * (n - 1) / 2, "chain sum");
    return dt;
}

/* ---- idle_mem: N tasks wait on one event; growth per waiting task ------------ */

static struct {
    task *waiters;      /* a stack: the order they wake in does not matter here */
    int64_t waiting;
} event;

static void idle_step(task *t) {
    if (t->pc++ == 0) {                 /* await event.wait() */
        event.waiting++;
        t->next = event.waiters;
        event.waiters = t;
        return;
    }
    t->arg = 1;
    finish(t);
}

static double w_idle_mem(int64_t n) {
    task all = gather_of(n);
    event.waiters = NULL;
    event.waiting = 0;
    long long base = mem_bytes();
    for (int64_t i = 0; i < n; i++) spawn(idle_step, &all, 0);
    run_ready();
    check(event.waiting == n, "idle_mem: not all tasks waiting");
    long long used = mem_bytes() - base;
    while (event.waiters) {             /* event.set() */
        task *t = event.waiters;
        event.waiters = t->next;
        make_ready(t);
    }
    run_ready();
    check(all.sum == n, "idle_mem sum");
    return (double)used / (double)n;
}

/* ---- echo: an epoll echo server and 100 clients in one process --------------- */

#ifdef FLOOR_SOCKETS
enum { LINE = 100, CONNS = 100 };

/* One end of a connection.  A client has `left` lines still to send and
 * sends the next one when the echo of the last comes back; a server end
 * writes each whole line back. */
typedef struct {
    int fd, is_client;
    int64_t left, got;
    size_t have;
    char buf[4096];
} conn;

static void setup_fd(int ep, conn *c) {
    int one = 1;
    setsockopt(c->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    fcntl(c->fd, F_SETFL, fcntl(c->fd, F_GETFL) | O_NONBLOCK);
    struct epoll_event ev = {.events = EPOLLIN, .data.ptr = c};
    check(epoll_ctl(ep, EPOLL_CTL_ADD, c->fd, &ev) == 0, "echo epoll_ctl");
}

static char echo_line[LINE];     /* 99 'x' and '\n', set by w_echo */

static void send_line(conn *c) {
    check(write(c->fd, echo_line, LINE) == LINE, "echo write");
    c->left--;
}

/* The whole lines in c's buffer; returns the number of clients finished. */
static int on_lines(conn *c, int64_t per) {
    char *p = c->buf, *end = c->buf + c->have, *nl;
    int finished = 0;
    for (; (nl = memchr(p, '\n', (size_t)(end - p))); p = nl + 1) {
        size_t len = (size_t)(nl - p) + 1;
        if (!c->is_client) {
            check(write(c->fd, p, len) == (ssize_t)len, "echo server write");
            continue;
        }
        c->got += (int64_t)len;
        if (c->left > 0)
            send_line(c);
        else if (c->got == per * LINE)
            finished++;
    }
    c->have = (size_t)(end - p);
    memmove(c->buf, p, c->have);
    return finished;
}

static double w_echo(int64_t n) {
    int64_t per = n / CONNS > 0 ? n / CONNS : 1;
    memset(echo_line, 'x', LINE - 1);
    echo_line[LINE - 1] = '\n';
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof a;
    int ls = socket(AF_INET, SOCK_STREAM, 0);
    check(ls >= 0 && bind(ls, (struct sockaddr *)&a, sizeof a) == 0 && listen(ls, CONNS) == 0 &&
              getsockname(ls, (struct sockaddr *)&a, &alen) == 0,
          "echo listen");
    int ep = epoll_create1(0);
    check(ep >= 0, "echo epoll_create1");
    conn *cs = xcalloc(2 * CONNS, sizeof *cs);   /* clients, then their server ends */
    double t0 = now();
    for (int i = 0; i < CONNS; i++) {
        conn *c = &cs[i], *s = &cs[CONNS + i];
        c->fd = socket(AF_INET, SOCK_STREAM, 0);
        c->is_client = 1;
        c->left = per;
        /* a blocking connect and accept: the backlog holds all 100 */
        check(c->fd >= 0 && connect(c->fd, (struct sockaddr *)&a, sizeof a) == 0, "echo connect");
        s->fd = accept(ls, NULL, NULL);
        check(s->fd >= 0, "echo accept");
        setup_fd(ep, c);
        setup_fd(ep, s);
        send_line(c);
    }
    int open = CONNS;
    struct epoll_event evs[256];
    while (open > 0) {
        int k = epoll_wait(ep, evs, 256, -1);
        for (int e = 0; e < k; e++) {
            conn *c = evs[e].data.ptr;
            ssize_t r = read(c->fd, c->buf + c->have, sizeof c->buf - c->have);
            if (r <= 0) continue;
            c->have += (size_t)r;
            open -= on_lines(c, per);
        }
    }
    double dt = now() - t0;
    int64_t total = 0;
    for (int i = 0; i < 2 * CONNS; i++) {
        total += cs[i].got;
        close(cs[i].fd);
    }
    close(ls);
    close(ep);
    free(cs);
    check(total == per * CONNS * LINE, "echo bytes");
    return dt;
}
#endif

/* ---- main ---------------------------------------------------------------------- */

typedef struct {
    const char *name;
    double (*run)(int64_t size);
    int64_t n;          /* at scale 1; for tree, the depth */
} workload;

/* idle_mem first: memory the others free would be reused and hide its growth. */
static const workload workloads[] = {
    {"idle_mem", w_idle_mem, 100000}, {"spawn", w_spawn, 200000}, {"pingpong", w_pingpong, 200000},
    {"timers", w_timers, 100000},     {"tree", w_tree, 16},       {"chain", w_chain, 1000000},
#ifdef FLOOR_SOCKETS
    {"echo", w_echo, 50000},
#endif
};
#define NWORKLOADS (sizeof workloads / sizeof workloads[0])

static int usage(const char *why) {
    fprintf(stderr, "floor: %s\nusage: floor [--only NAME] [SCALE]\n", why);
    return 2;
}

int main(int argc, char **argv) {
    const char *only = NULL;
    double scale = 1;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--only") && i + 1 < argc) {
            only = argv[++i];
        } else {
            char *end;
            scale = strtod(argv[i], &end);
            if (*end || !(scale > 0)) return usage("scale must be > 0");
        }
    }
    int found = !only;
    for (size_t i = 0; i < NWORKLOADS; i++) found |= only && !strcmp(only, workloads[i].name);
    if (!found) return usage("no such workload");

    for (size_t i = 0; i < NWORKLOADS; i++) {
        const workload *w = &workloads[i];
        if (only && strcmp(only, w->name)) continue;
        int64_t shown, size = bench_size(w->name, w->n, scale, &shown);
        /* echo: a tenth first, untimed, as the anchors do: a warm server */
        if (!strcmp(w->name, "echo")) {
            int64_t warm = size / 1000 * 100;
            w->run(warm > 100 ? warm : 100);
        }
        double out = w->run(size);
        if (!strcmp(w->name, "idle_mem"))
            printf("workload=idle_mem n=%lld bytes_per_task=%.0f\n", (long long)shown, out);
        else
            printf("workload=%s n=%lld seconds=%.4f\n", w->name, (long long)shown, out);
        fflush(stdout);
    }
    return 0;
}
