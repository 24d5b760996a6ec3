/* PriorityQueue is a heapq heap and heapq is not stable: items that compare
 * equal (1 == 1.0 == True, and tuples of equal items) come out in the order
 * the heap's sifting leaves them, not in insertion order.  Gets and puts
 * interleaved keep following heappush/heappop exactly. */
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

/* Appends ", repr(v)" (or just repr(v) first) to line. */
static void append(char *line, size_t size, const wa_value *v) {
    size_t used = strlen(line);
    if (used) used += (size_t)snprintf(line + used, size - used, ", ");
    if (used < size) fmt_value(v, line + used, size - used);
}

static void put_all(wa_queue *q, const wa_value *items, size_t n) {
    for (size_t i = 0; i < n; i++) wa_queue_put_nowait(q, items[i]);
}

typedef struct {
    wa_coro co;
    wa_queue *q;
    char line[512];
    wa_value vals[8];
    size_t i;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_value item;
    WA_BEGIN(co);
    f->q = wa_queue_new(wa_get_running_loop(), WA_QUEUE_PRIORITY, 0);
    {
        wa_value nums[] = {wa_int(1), wa_bool(true), wa_double(1.0), wa_int(0),
                           wa_bool(false), wa_double(0.0), wa_double(1.0), wa_bool(true)};
        put_all(f->q, nums, 8);
    }
    while (!wa_queue_empty(f->q)) {
        WA_AWAIT(co, wa_queue_get(co, f->q));
        append(f->line, sizeof f->line, &co->value);
    }
    TRACE_NOW("numbers: %s", f->line);

    f->vals[0] = wa_int(2);
    f->vals[1] = wa_int(1);
    f->vals[2] = wa_bool(true);
    f->vals[3] = wa_double(1.0);
    for (f->i = 0; f->i < 4; f->i++) WA_AWAIT(co, wa_queue_put(co, f->q, f->vals[f->i]));
    f->line[0] = '\0';
    wa_queue_get_nowait(f->q, &item);
    append(f->line, sizeof f->line, &item);
    wa_value_clear(&item);
    {
        wa_value more[] = {wa_double(2.0), wa_int(1), wa_double(0.0), wa_bool(false)};
        put_all(f->q, more, 4);
    }
    while (wa_queue_get_nowait(f->q, &item) == WA_OK) {
        append(f->line, sizeof f->line, &item);
        wa_value_clear(&item);
    }
    TRACE_NOW("interleaved: %s", f->line);

    {
        wa_value x = wa_str("x"), y = wa_str("y");
        wa_value pairs[6][2] = {{wa_int(1), x}, {wa_bool(true), x}, {wa_double(1.0), x},
                                {wa_int(0), y}, {wa_bool(false), y}, {wa_double(0.0), y}};
        for (size_t i = 0; i < 6; i++) wa_queue_put_nowait(f->q, wa_list(pairs[i], 2));
    }
    f->line[0] = '\0';
    while (!wa_queue_empty(f->q)) {
        WA_AWAIT(co, wa_queue_get(co, f->q));
        append(f->line, sizeof f->line, &co->value);
    }
    TRACE_NOW("tuples: %s", f->line);
    wa_queue_free(f->q);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
