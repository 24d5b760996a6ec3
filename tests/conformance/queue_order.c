/* Queue hands items out first in, first out; LifoQueue last in, first out;
 * PriorityQueue smallest first: numbers by value, strings by text, and
 * (priority, payload) tuples element by element, so equal priorities fall
 * back to the payload.  await put/get on a queue with room/items never waits. */
#include <inttypes.h>
#include <string.h>

#include "trace.h"

/* Python's repr of an int, float, bool, str or tuple (a list) value. */
static void fmt_value(const wa_value *v, char *buf, size_t n) {
    if (v->kind == WA_KIND_INT) {
        snprintf(buf, n, "%" PRId64, v->as.i);
    } else if (v->kind == WA_KIND_DOUBLE) {
        snprintf(buf, n, v->as.d == (double)(int64_t)v->as.d ? "%.1f" : "%g", v->as.d);
    } else if (v->kind == WA_KIND_BOOL) {
        snprintf(buf, n, "%s", yes(v->as.b));
    } else if (v->kind == WA_KIND_STR) {
        snprintf(buf, n, "'%s'", v->as.buf.data);
    } else if (v->kind == WA_KIND_LIST) {
        size_t used = (size_t)snprintf(buf, n, "(");
        for (size_t i = 0; i < v->as.list.len && used < n; i++) {
            if (i) used += (size_t)snprintf(buf + used, n - used, ", ");
            if (used < n) fmt_value(&v->as.list.items[i], buf + used, n - used);
            used += strlen(buf + used);
        }
        if (used < n) snprintf(buf + used, n - used, ")");
    } else {
        snprintf(buf, n, "?");
    }
}

/* drain(name, q): awaits get until the queue is empty, then prints them. */
typedef struct {
    wa_coro co;
    const char *name;
    wa_queue *q;
    char line[512];
    size_t used;
} drain_frame;

static wa_status drain(wa_coro *co) {
    drain_frame *f = (drain_frame *)co;
    WA_BEGIN(co);
    while (!wa_queue_empty(f->q)) {
        WA_AWAIT(co, wa_queue_get(co, f->q));
        if (f->used) f->used += (size_t)snprintf(f->line + f->used, sizeof f->line - f->used, ", ");
        fmt_value(&co->value, f->line + f->used, sizeof f->line - f->used);
        f->used += strlen(f->line + f->used);
    }
    TRACE_NOW("%s: %s", f->name, f->line);
    WA_END(co);
}

static const char *const letters[] = {"a", "b", "c", "d"};
static const char *const words_in[] = {"pear", "apple", "Zebra", "app", "banana"};
static const struct { int64_t prio; const char *what; } jobs_in[] = {
    {2, "write"}, {1, "read"}, {3, "close"}, {1, "open"}, {2, "flush"}, {0, "init"}};

typedef struct {
    wa_coro co;
    wa_queue *fifo, *lifo, *nums, *words, *jobs;
    size_t i;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->fifo = wa_queue_new(loop, WA_QUEUE_FIFO, 0);
    f->lifo = wa_queue_new(loop, WA_QUEUE_LIFO, 0);
    for (f->i = 0; f->i < 4; f->i++) {
        wa_queue_put_nowait(f->fifo, wa_str(letters[f->i]));
        WA_AWAIT(co, wa_queue_put(co, f->lifo, wa_str(letters[f->i])));
    }
    TRACE_NOW("fifo qsize=%zu empty=%s full=%s maxsize=%" PRId64, wa_queue_qsize(f->fifo),
              yes(wa_queue_empty(f->fifo)), yes(wa_queue_full(f->fifo)), wa_queue_maxsize(f->fifo));
    WA_AWAIT_CALL(co, drain, drain_frame, .name = "fifo", .q = f->fifo);
    WA_AWAIT_CALL(co, drain, drain_frame, .name = "lifo", .q = f->lifo);
    TRACE_NOW("fifo qsize=%zu empty=%s", wa_queue_qsize(f->fifo), yes(wa_queue_empty(f->fifo)));

    f->nums = wa_queue_new(loop, WA_QUEUE_PRIORITY, 0);
    wa_queue_put_nowait(f->nums, wa_int(5));
    wa_queue_put_nowait(f->nums, wa_int(1));
    wa_queue_put_nowait(f->nums, wa_int(4));
    wa_queue_put_nowait(f->nums, wa_double(2.5));
    wa_queue_put_nowait(f->nums, wa_int(-3));
    wa_queue_put_nowait(f->nums, wa_int(2));
    WA_AWAIT_CALL(co, drain, drain_frame, .name = "numbers", .q = f->nums);

    f->words = wa_queue_new(loop, WA_QUEUE_PRIORITY, 0);
    for (f->i = 0; f->i < 5; f->i++) WA_AWAIT(co, wa_queue_put(co, f->words, wa_str(words_in[f->i])));
    WA_AWAIT_CALL(co, drain, drain_frame, .name = "strings", .q = f->words);

    f->jobs = wa_queue_new(loop, WA_QUEUE_PRIORITY, 0);
    for (f->i = 0; f->i < 6; f->i++) {
        wa_value pair[2] = {wa_int(jobs_in[f->i].prio), wa_str(jobs_in[f->i].what)};
        wa_queue_put_nowait(f->jobs, wa_list(pair, 2));
    }
    WA_AWAIT_CALL(co, drain, drain_frame, .name = "tuples", .q = f->jobs);

    wa_queue_free(f->fifo);
    wa_queue_free(f->lifo);
    wa_queue_free(f->nums);
    wa_queue_free(f->words);
    wa_queue_free(f->jobs);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
