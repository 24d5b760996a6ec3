/*
 * parse.c — reads the text of a fuzz program (tests/fuzz/LANGUAGE.md) into
 * a fz_program: lines into tokens, indentation into bodies, names into
 * indices, checking each op's arguments against its signature so that
 * running never meets a bad one.
 *
 * Two passes: the first declares every name (top-level declarations, and the
 * groups and handles ops make), so that an op may name a task declared after
 * its own; the second builds the ops.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "program.h"

/* The arena: chunks of at least CHUNK bytes, each op's memory bumped from
 * the newest, all freed with the program (a program is small, and short
 * lived: a batch parses thousands). */
#define CHUNK 8192

struct fz_chunk {
    fz_chunk *next;
    size_t used, size;
    _Alignas(max_align_t) unsigned char data[];
};

void *fz_alloc(fz_program *p, size_t size) {
    size = (size + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    fz_chunk *c = p->arena;
    if (!c || c->size - c->used < size) {
        size_t cap = size > CHUNK ? size : CHUNK;
        c = malloc(sizeof *c + cap);
        if (!c) {
            fprintf(stderr, "fuzz: out of memory\n");
            abort();
        }
        *c = (fz_chunk){p->arena, 0, cap};
        p->arena = c;
    }
    void *at = c->data + c->used;
    c->used += size;
    return memset(at, 0, size);
}

void fz_program_free(fz_program *p) {
    for (fz_chunk *c = p->arena, *next; c; c = next) {
        next = c->next;
        free(c);
    }
    p->arena = NULL;
}

static char *dup_text(fz_program *p, const char *s) {
    size_t n = strlen(s) + 1;
    return memcpy(fz_alloc(p, n), s, n);
}

/* ZeroDivisionError is no wasyncio type: ours, under ArithmeticError as in
 * Python. */
static const wa_error_type arithmetic_error = {"ArithmeticError", &wa__exception};
static const wa_error_type zero_division_error = {"ZeroDivisionError", &arithmetic_error};

static const struct {
    const char *name;
    const wa_error_type *type;
} exception_types[] = {
    {"ValueError", WA_VALUE_ERROR}, {"RuntimeError", WA_RUNTIME_ERROR}, {"KeyError", WA_KEY_ERROR},
    {"TypeError", WA_TYPE_ERROR}, {"ZeroDivisionError", &zero_division_error},
    {"TimeoutError", WA_TIMEOUT_ERROR}, {"CancelledError", WA_CANCELLED_ERROR},
    {"InvalidStateError", WA_INVALID_STATE_ERROR}, {"QueueEmpty", WA_QUEUE_EMPTY},
    {"QueueFull", WA_QUEUE_FULL}, {"QueueShutDown", WA_QUEUE_SHUTDOWN},
    {"BrokenBarrierError", WA_BROKEN_BARRIER_ERROR}, {"ExceptionGroup", WA_EXCEPTION_GROUP},
    {"BaseExceptionGroup", WA_BASE_EXCEPTION_GROUP}, {"Exception", WA_EXCEPTION},
    {"BaseException", WA_BASE_EXCEPTION},
};

/*
 * Each op's arguments, one letter each: T task, F future, X task or future,
 * L lock, semaphore or condition, e event, C condition, B barrier, Q queue,
 * G task group, H handle, V value, N integer, d delay, D delay or none,
 * M message, E exception type; r ret|raise and w all|first|exc (a mode),
 * + one or more distinct X.
 */
static const struct {
    const char *name;
    fz_opcode code;
    const char *args;
} specs[] = {
    {"spawn", OP_SPAWN, "T"}, {"sleep", OP_SLEEP, "d"}, {"yield", OP_YIELD, ""},
    {"cancel", OP_CANCEL, "XM"}, {"uncancel", OP_UNCANCEL, "T"}, {"cancelling", OP_CANCELLING, "T"},
    {"await", OP_AWAIT, "X"}, {"set_result", OP_SET_RESULT, "FV"},
    {"set_exception", OP_SET_EXCEPTION, "FEM"}, {"result", OP_RESULT, "X"}, {"done", OP_DONE, "X"},
    {"return", OP_RETURN, "V"}, {"raise", OP_RAISE, "EM"}, {"gather", OP_GATHER, "r+"},
    {"wait", OP_WAIT, "wD+"}, {"wait_for", OP_WAIT_FOR, "XD"}, {"shield", OP_SHIELD, "X"},
    {"as_completed", OP_AS_COMPLETED, "D+"}, {"timeout", OP_TIMEOUT, "D"},
    {"reschedule", OP_RESCHEDULE, "D"}, {"taskgroup", OP_TASKGROUP, "G"},
    {"tg_spawn", OP_TG_SPAWN, "GT"}, {"with", OP_WITH, "L"}, {"try", OP_TRY, ""},
    {"reraise", OP_RERAISE, ""}, {"acquire", OP_ACQUIRE, "L"}, {"release", OP_RELEASE, "L"},
    {"locked", OP_LOCKED, "L"}, {"set", OP_SET, "e"}, {"clear", OP_CLEAR, "e"},
    {"is_set", OP_IS_SET, "e"}, {"event_wait", OP_EVENT_WAIT, "e"}, {"cond_wait", OP_COND_WAIT, "C"},
    {"notify", OP_NOTIFY, "CN"}, {"notify_all", OP_NOTIFY_ALL, "C"},
    {"barrier_wait", OP_BARRIER_WAIT, "B"}, {"barrier_abort", OP_BARRIER_ABORT, "B"},
    {"barrier_reset", OP_BARRIER_RESET, "B"}, {"put", OP_PUT, "QV"}, {"get", OP_GET, "Q"},
    {"put_nowait", OP_PUT_NOWAIT, "QV"}, {"get_nowait", OP_GET_NOWAIT, "Q"},
    {"task_done", OP_TASK_DONE, "Q"}, {"join", OP_JOIN, "Q"}, {"shutdown", OP_SHUTDOWN, "Q"},
    {"shutdown_now", OP_SHUTDOWN_NOW, "Q"}, {"qsize", OP_QSIZE, "Q"},
    {"call_soon", OP_CALL_SOON, "H"}, {"call_later", OP_CALL_LATER, "Hd"},
    {"handle_cancel", OP_HANDLE_CANCEL, "H"},
};

static const struct {
    const char *word;
    fz_kind kind;
    bool has_n, has_body;
} decls[] = {
    {"future", FZ_FUTURE, false, false}, {"lock", FZ_LOCK, false, false},
    {"event", FZ_EVENT, false, false}, {"condition", FZ_CONDITION, false, false},
    {"semaphore", FZ_SEMAPHORE, true, false}, {"bsemaphore", FZ_BSEMAPHORE, true, false},
    {"barrier", FZ_BARRIER, true, false}, {"queue", FZ_QUEUE, true, false},
    {"task", FZ_TASK, false, true}, {"main", FZ_MAIN, false, true},
};

static const wa_error_type *exception_type(const char *name) {
    for (size_t e = 0; e < sizeof exception_types / sizeof exception_types[0]; e++)
        if (strcmp(exception_types[e].name, name) == 0) return exception_types[e].type;
    return NULL;
}

typedef struct line {
    int no, level;
    char **tok;
    int ntok;
} line;

/* Task a awaits, gathers or wait_fors task b, on line. */
typedef struct edge {
    int a, b, line;
} edge;

typedef struct parser {
    fz_program *p;
    line *lines;
    size_t n, at;
    int *spawned;           /* per name: the line of its spawn or tg_spawn, or 0 */
    edge *edges;            /* at most one per name of an op */
    size_t nedges;
} parser;

#if defined(__GNUC__)
__attribute__((format(printf, 3, 4)))
#endif
static bool fail(parser *ps, int no, const char *fmt, ...) {
    if (ps->p->error[0]) return false;
    int at = snprintf(ps->p->error, sizeof ps->p->error, "error: line %d: ", no);
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ps->p->error + at, sizeof ps->p->error - (size_t)at, fmt, ap);
    va_end(ap);
    return false;
}

/* Splits the text into lines of tokens, in the arena, skipping blank lines
 * and comments. */
static bool split_lines(parser *ps, const char *text) {
    char *s = dup_text(ps->p, text);
    size_t cap = 1;
    for (const char *c = s; *c; c++) cap += *c == '\n';
    ps->lines = fz_alloc(ps->p, cap * sizeof *ps->lines);
    int no = 0;
    for (char *next; s; s = next) {
        next = strchr(s, '\n');
        if (next) *next++ = '\0';
        no++;
        size_t len = strlen(s);
        if (len && s[len - 1] == '\r') s[--len] = '\0';
        size_t indent = strspn(s, " ");
        if (!s[indent] || s[indent] == '#') continue;
        if (indent % 2) return fail(ps, no, "indentation is not a multiple of two spaces");
        line *l = &ps->lines[ps->n++];
        *l = (line){no, (int)indent / 2, fz_alloc(ps->p, (len / 2 + 1) * sizeof(char *)), 0};
        for (char *t = strtok(s + indent, " \t"); t; t = strtok(NULL, " \t")) l->tok[l->ntok++] = t;
    }
    return true;
}

static bool valid_name(const char *s) {
    if (!islower((unsigned char)*s)) return false;
    for (s++; *s; s++)
        if (!islower((unsigned char)*s) && !isdigit((unsigned char)*s) && *s != '_') return false;
    return true;
}

static int find(const fz_program *p, const char *name) {
    for (size_t i = 0; i < p->nobjs; i++)
        if (strcmp(p->objs[i].name, name) == 0) return (int)i;
    return -1;
}

static bool declare(parser *ps, const line *l, const char *name, fz_kind kind) {
    fz_program *p = ps->p;
    if (kind != FZ_MAIN && !valid_name(name)) return fail(ps, l->no, "bad name '%s'", name);
    if (find(p, name) >= 0) return fail(ps, l->no, "'%s' is declared twice", name);
    p->objs[p->nobjs++] = (fz_obj){.name = name, .kind = kind};
    return true;
}

static bool parse_int(const char *s, int64_t *out) {
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end) return false;
    *out = v;
    return true;
}

static bool parse_delay(const char *s, bool none_ok, double *out) {
    if (none_ok && strcmp(s, "none") == 0) {
        *out = WA_NO_TIMEOUT;
        return true;
    }
    char *end;
    double d = strtod(s, &end);
    if (end == s || *end || !(d >= 0 && d < 1e9)) return false;
    *out = d;
    return true;
}

/* The first pass: declarations and the names ops make. */
static bool declare_all(parser *ps) {
    ps->p->objs = fz_alloc(ps->p, (ps->n + 1) * sizeof *ps->p->objs);
    bool seen_main = false;
    for (size_t i = 0; i < ps->n; i++) {
        const line *l = &ps->lines[i];
        const char *w = l->tok[0];
        if (l->level > 0) {
            /* call_soon h1 call_later h2 D taskgroup... makes h1 and h2 */
            int t = 0;
            while (t + 1 < l->ntok && (strcmp(l->tok[t], "call_soon") == 0 || strcmp(l->tok[t], "call_later") == 0)) {
                if (!declare(ps, l, l->tok[t + 1], FZ_HANDLE)) return false;
                t += l->tok[t][5] == 'l' ? 3 : 2;
            }
            if (t == 0 && strcmp(w, "taskgroup") == 0 && l->ntok == 2 && !declare(ps, l, l->tok[1], FZ_GROUP))
                return false;
            continue;
        }
        size_t d = 0;
        while (d < sizeof decls / sizeof decls[0] && strcmp(decls[d].word, w) != 0) d++;
        if (d == sizeof decls / sizeof decls[0]) return fail(ps, l->no, "unknown declaration '%s'", w);
        if (seen_main) return fail(ps, l->no, "'%s' after main", w);
        int want = decls[d].kind == FZ_MAIN ? 1 : decls[d].has_n ? 3 : 2;
        if (l->ntok != want) return fail(ps, l->no, "%s takes %d argument(s)", w, want - 1);
        if (!declare(ps, l, decls[d].kind == FZ_MAIN ? "main" : l->tok[1], decls[d].kind)) return false;
        fz_obj *o = &ps->p->objs[ps->p->nobjs - 1];
        if (decls[d].has_n && (!parse_int(l->tok[2], &o->n) || o->n < 0 ||
                               (decls[d].kind == FZ_BARRIER && o->n < 1)))
            return fail(ps, l->no, "bad count '%s'", l->tok[2]);
        if (decls[d].kind == FZ_MAIN) {
            seen_main = true;
            ps->p->main = (int)ps->p->nobjs - 1;
        }
    }
    if (!seen_main) return fail(ps, ps->n ? ps->lines[ps->n - 1].no : 1, "no main");
    return true;
}

static bool kind_fits(char letter, fz_kind k) {
    switch (letter) {
    case 'T': return k == FZ_TASK || k == FZ_MAIN;
    case 'F': return k == FZ_FUTURE;
    case 'X': case '+': return k == FZ_TASK || k == FZ_MAIN || k == FZ_FUTURE;
    case 'L': return k == FZ_LOCK || k == FZ_SEMAPHORE || k == FZ_BSEMAPHORE || k == FZ_CONDITION;
    case 'e': return k == FZ_EVENT;
    case 'C': return k == FZ_CONDITION;
    case 'B': return k == FZ_BARRIER;
    case 'Q': return k == FZ_QUEUE;
    case 'G': return k == FZ_GROUP;
    case 'H': return k == FZ_HANDLE;
    default: return false;
    }
}

/* Appends s to the op's printed text. */
static void text_add(char *buf, size_t size, const char *s) {
    size_t at = strlen(buf);
    snprintf(buf + at, size - at, "%s%s", at ? " " : "", s);
}

/* One op from tokens tok[0..ntok) of line l. */
static bool parse_op(parser *ps, const line *l, char **tok, int ntok, fz_op *op) {
    fz_program *p = ps->p;
    size_t s = 0;
    while (s < sizeof specs / sizeof specs[0] && strcmp(specs[s].name, tok[0]) != 0) s++;
    if (s == sizeof specs / sizeof specs[0]) return fail(ps, l->no, "unknown op '%s'", tok[0]);
    *op = (fz_op){.code = specs[s].code, .a = -1, .b = -1};
    p->nops++;
    char text[512] = "", names[512] = "";
    text_add(text, sizeof text, tok[0]);
    int t = 1;
    for (const char *a = specs[s].args; *a; a++) {
        bool call = op->code == OP_CALL_SOON || op->code == OP_CALL_LATER;
        if (t >= ntok) return fail(ps, l->no, "%s: missing argument", tok[0]);
        const char *w = tok[t];
        switch (*a) {
        case 'V': case 'N':
            if (strcmp(w, "none") == 0 && *a == 'V') {
                op->value = wa_none();
            } else {
                int64_t v;
                if (!parse_int(w, &v) || (*a == 'N' && v < 0)) return fail(ps, l->no, "bad value '%s'", w);
                op->value = wa_int(v);
            }
            op->has_value = true;
            break;
        case 'd': case 'D':
            if (!parse_delay(w, *a == 'D', &op->delay)) return fail(ps, l->no, "bad delay '%s'", w);
            break;
        case 'M':
            op->msg = strcmp(w, "-") == 0 ? NULL : w;
            break;
        case 'E':
            op->type = exception_type(w);
            if (!op->type) return fail(ps, l->no, "unknown exception type '%s'", w);
            if (op->type == WA_EXCEPTION_GROUP || op->type == WA_BASE_EXCEPTION_GROUP)
                return fail(ps, l->no, "%s cannot be raised (a group needs members)", w);
            break;
        case 'r': case 'w': {
            static const char *const modes[] = {"raise", "ret", "first", "exc", "all"};
            int m = *a == 'r' ? 0 : 2, end = *a == 'r' ? 2 : 5;
            while (m < end && strcmp(modes[m], w) != 0) m++;
            if (m == end) return fail(ps, l->no, "bad mode '%s'", w);
            /* wa_return_when's order: FIRST_COMPLETED, FIRST_EXCEPTION, ALL */
            op->mode = *a == 'r' ? m : m - 2;
            t++;
            continue;
        }
        case '+':
            op->xs = fz_alloc(p, (size_t)ntok * sizeof *op->xs);
            for (; t < ntok; t++) {
                int x = find(p, tok[t]);
                if (x < 0 || !kind_fits('+', p->objs[x].kind))
                    return fail(ps, l->no, "'%s' is no task or future", tok[t]);
                for (size_t i = 0; i < op->nx; i++)
                    if (op->xs[i] == x) return fail(ps, l->no, "'%s' named twice", tok[t]);
                op->xs[op->nx++] = x;
                text_add(text, sizeof text, tok[t]);
                text_add(names, sizeof names, tok[t]);
            }
            continue;
        default: {
            int x = find(p, w);
            if (x < 0) return fail(ps, l->no, "unknown name '%s'", w);
            if (!kind_fits(*a, p->objs[x].kind)) return fail(ps, l->no, "%s: '%s' is the wrong kind", tok[0], w);
            if (p->objs[x].kind == FZ_MAIN && (op->code == OP_SPAWN || op->code == OP_TG_SPAWN))
                return fail(ps, l->no, "%s main: main is started by the run", tok[0]);
            if (op->a < 0) op->a = x; else op->b = x;
        }
        }
        text_add(text, sizeof text, w);
        t++;
        if (call && a[1] == '\0') break;    /* the callback's op follows */
    }
    if (op->code == OP_CALL_SOON || op->code == OP_CALL_LATER) {
        if (t >= ntok) return fail(ps, l->no, "%s: no op for the callback", tok[0]);
        op->callback = fz_alloc(p, sizeof *op->callback);
        if (!parse_op(ps, l, tok + t, ntok - t, op->callback)) return false;
        if (op->callback->code >= OP_RETURN || op->callback->code == OP_RESCHEDULE) return fail(ps, l->no, "a callback runs an op that does not await");
    } else if (t < ntok) {
        return fail(ps, l->no, "%s: too many arguments", tok[0]);
    }
    int started = op->code == OP_SPAWN ? op->a : op->code == OP_TG_SPAWN ? op->b : -1;
    if (started >= 0 && ps->spawned[started])
        return fail(ps, l->no, "%s is started twice (line %d too)", p->objs[started].name, ps->spawned[started]);
    if (started >= 0) ps->spawned[started] = l->no;
    op->text = dup_text(p, text);
    op->names = dup_text(p, names);
    return true;
}

/* Where a body is: some ops make sense only there, as in interp.py. */
typedef struct where {
    int me;                 /* the task whose body it is */
    bool in_timeout;        /* reschedule has a timeout to move */
    bool in_except;         /* reraise has an exception to raise */
} where;

static bool parse_body(parser *ps, int level, where w, fz_body *body);

static void add_edge(parser *ps, int a, int b, int line) {
    fz_kind k = ps->p->objs[b].kind;
    if (k == FZ_TASK || k == FZ_MAIN) ps->edges[ps->nedges++] = (edge){a, b, line};
}

/* Depth first from a, the last of path[0..depth) (state 1 while on the
 * path, 2 when done): false, with the cycle as interp.py words it, at an
 * edge back into the path. */
static bool acyclic_from(parser *ps, int *path, size_t depth, char *state) {
    int a = path[depth - 1];
    state[a] = 1;
    for (size_t i = 0; i < ps->nedges; i++) {
        const edge *e = &ps->edges[i];
        if (e->a != a) continue;
        if (state[e->b] == 1) {
            char cycle[256] = "";
            size_t from = 0;
            while (path[from] != e->b) from++;
            for (size_t k = from; k < depth; k++) {
                text_add(cycle, sizeof cycle, ps->p->objs[path[k]].name);
                text_add(cycle, sizeof cycle, "->");
            }
            text_add(cycle, sizeof cycle, ps->p->objs[e->b].name);
            return fail(ps, e->line, "tasks await each other in a cycle: %s", cycle);
        }
        path[depth] = e->b;
        if (!state[e->b] && !acyclic_from(ps, path, depth + 1, state)) return false;
    }
    state[a] = 2;
    return true;
}

/* Task.cancel() cancels what the task awaits, and a gather its children:
 * along a cycle of tasks awaiting each other CPython recurses until
 * RecursionError, so a program may not make one (as interp.py refuses). */
static bool acyclic(parser *ps) {
    char *state = fz_alloc(ps->p, ps->p->nobjs);
    int *path = fz_alloc(ps->p, (ps->p->nobjs + 1) * sizeof *path);
    for (size_t i = 0; i < ps->nedges; i++) {
        path[0] = ps->edges[i].a;
        if (!state[path[0]] && !acyclic_from(ps, path, 1, state)) return false;
    }
    return true;
}

/* The body under line l, which must follow it one level deeper. */
static bool parse_sub(parser *ps, const line *l, where w, fz_body *body) {
    if (ps->at >= ps->n || ps->lines[ps->at].level != l->level + 1)
        return fail(ps, l->no, "'%s' needs an indented body", l->tok[0]);
    return parse_body(ps, l->level + 1, w, body);
}

static bool parse_try(parser *ps, const line *l, where w, fz_op *op) {
    if (l->ntok != 1) return fail(ps, l->no, "try takes no argument");
    if (!parse_sub(ps, l, w, &op->body)) return false;
    if (ps->at < ps->n && ps->lines[ps->at].level == l->level && strcmp(ps->lines[ps->at].tok[0], "except") == 0) {
        const line *e = &ps->lines[ps->at++];
        if (e->ntok < 2) return fail(ps, e->no, "except needs a type");
        op->except = fz_alloc(ps->p, (size_t)e->ntok * sizeof *op->except);
        for (int i = 1; i < e->ntok; i++) {
            op->except[op->nexcept] = exception_type(e->tok[i]);
            if (!op->except[op->nexcept++]) return fail(ps, e->no, "unknown exception type '%s'", e->tok[i]);
        }
        op->has_except = true;
        where handler = w;
        handler.in_except = true;
        if (!parse_sub(ps, e, handler, &op->handler)) return false;
    }
    if (ps->at < ps->n && ps->lines[ps->at].level == l->level && strcmp(ps->lines[ps->at].tok[0], "finally") == 0) {
        const line *f = &ps->lines[ps->at++];
        if (f->ntok != 1) return fail(ps, f->no, "finally takes no argument");
        op->has_finally = true;
        if (!parse_sub(ps, f, w, &op->final)) return false;
    }
    if (!op->has_except && !op->has_finally) return fail(ps, l->no, "try without except or finally");
    return true;
}

/* The lines at level, up to the first one less indented. */
static bool parse_body(parser *ps, int level, where w, fz_body *body) {
    size_t cap = 0;
    for (size_t i = ps->at; i < ps->n && ps->lines[i].level >= level; i++) cap += ps->lines[i].level == level;
    body->ops = fz_alloc(ps->p, cap * sizeof *body->ops);
    while (ps->at < ps->n && ps->lines[ps->at].level >= level) {
        const line *l = &ps->lines[ps->at++];
        if (l->level > level) return fail(ps, l->no, "unexpected indentation");
        fz_op *op = &body->ops[body->n++];
        if (strcmp(l->tok[0], "try") == 0) {
            *op = (fz_op){.code = OP_TRY, .a = -1, .b = -1, .text = "try", .names = ""};
            ps->p->nops++;
            if (!parse_try(ps, l, w, op)) return false;
            continue;
        }
        if (!parse_op(ps, l, l->tok, l->ntok, op)) return false;
        if (op->code == OP_RESCHEDULE && !w.in_timeout) return fail(ps, l->no, "reschedule outside a timeout block");
        if (op->code == OP_RERAISE && !w.in_except) return fail(ps, l->no, "reraise outside an except handler");
        /* CPython's words would name the task's repr: its code's file and line */
        if ((op->code == OP_AWAIT || op->code == OP_WAIT_FOR) && op->a == w.me)
            return fail(ps, l->no, "%s cannot %s itself", ps->p->objs[w.me].name, l->tok[0]);
        if (op->code == OP_AWAIT || op->code == OP_WAIT_FOR) add_edge(ps, w.me, op->a, l->no);
        for (size_t i = 0; op->code == OP_GATHER && i < op->nx; i++) add_edge(ps, w.me, op->xs[i], l->no);
        where inner = w;
        inner.in_timeout |= op->code == OP_TIMEOUT;
        bool block = op->code == OP_TIMEOUT || op->code == OP_TASKGROUP || op->code == OP_WITH;
        if (block && !parse_sub(ps, l, inner, &op->body)) return false;
    }
    return true;
}

int fz_parse(fz_program *p, const char *text) {
    *p = (fz_program){0};
    parser ps = {.p = p};
    if (!split_lines(&ps, text) || !declare_all(&ps)) return -1;
    ps.spawned = fz_alloc(p, p->nobjs * sizeof *ps.spawned);
    size_t words = 0;
    for (size_t i = 0; i < ps.n; i++) words += (size_t)ps.lines[i].ntok;
    ps.edges = fz_alloc(p, words * sizeof *ps.edges);
    while (ps.at < ps.n) {
        const line *l = &ps.lines[ps.at++];
        int o = find(p, l->tok[0][0] == 'm' && l->ntok == 1 ? "main" : l->ntok > 1 ? l->tok[1] : "");
        fz_obj *obj = o >= 0 ? &p->objs[o] : NULL;
        if (obj && (obj->kind == FZ_TASK || obj->kind == FZ_MAIN)) {
            if (!parse_sub(&ps, l, (where){.me = o}, &obj->body)) return -1;
        } else if (ps.at < ps.n && ps.lines[ps.at].level > 0) {
            fail(&ps, ps.lines[ps.at].no, "unexpected indentation");
            return -1;
        }
    }
    return acyclic(&ps) ? 0 : -1;
}
