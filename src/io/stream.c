/*
 * stream.c — asyncio's streams: StreamReader, StreamWriter and the
 * StreamReaderProtocol joining them to a transport, as one object.
 *
 * The reader's rules are streams.py's: data is buffered as it arrives and
 * reading pauses once more than twice the limit waits; one coroutine at a
 * time may wait for data; an error the connection ended with is raised by
 * every read from then on, before the buffer is looked at (bytes still
 * buffered are not returned).  drain() waits while the transport
 * has paused the protocol (its write buffer is over the high-water mark).
 *
 * A read that must wait parks its task on the stream (park.c) where it
 * can: no library frame and no waiter future per read.  The park replays
 * streams.py's _wait_for_data step for step: feed_data's wake-up is the
 * waiter's set_result, and the rest of the read runs at the task's next
 * step.  read(-1), which gathers blocks until EOF, and debug mode and the
 * build for size use a library frame.
 *
 * References: the owner's (the user's, or the handler task's for
 * start_server), the connection's, from connection_made to
 * connection_lost, and a parked read's.
 */
#include <stdlib.h>
#include <string.h>

#include "../core/alloc-int.h"
#include "../core/hook-int.h"
#include "io-int.h"

typedef struct stream_server stream_server;

typedef enum read_op { READ_SOME, READ_ALL, READ_EXACTLY, READ_UNTIL, READ_LINE } read_op;

/* What a read asks for, and how far its search got. */
typedef struct read_req {
    read_op op;
    size_t n;
    const char *sep;            /* READ_UNTIL: a copy owned by the read's frame or park */
    size_t seplen;
    size_t offset;              /* readuntil: where the search resumes */
} read_req;

struct wa_stream {
    wa_loop *loop;
    uint32_t refs;
    wa_transport *t;            /* a reference, from connection_made */
    size_t limit;
    /* reader */
    wa__buf buf;                /* bytes received, not yet read */
    bool eof;
    bool reading_paused;
    wa_error *exc;
    wa_future *waiter;          /* the one read waiting for data, in a frame */
    wa_task *reader;            /* ... or parked: its task (borrowed) */
    read_req parked;            /* what the parked read asks for */
    /* writer */
    bool paused;                /* the transport paused us (drain waits) */
    bool lost;
    wa__waitq drain_waiters;
    wa_future *closed;
    stream_server *server;      /* start_server's streams */
};

struct stream_server {
    wa_loop *loop;
    wa_step_fn handler;
    size_t frame_size;
    void *init;                 /* frame_size bytes, or NULL */
    void *arg;
    size_t limit;
};

static size_t buffered(const wa_stream *s) { return wa__buf_size(&s->buf); }

static void stream_unref(wa_stream *s) {
    if (--s->refs > 0) return;
    wa_loop *loop = s->loop;
    wa__buf_free(&s->buf);
    wa_error_unref(s->exc);
    wa_future_unref(s->waiter);
    wa__waitq_clear(&s->drain_waiters);
    if (wa_future_done(s->closed) && !wa_future_cancelled(s->closed)) {
        wa_error *ignored;      /* asyncio silences the closed future's error too */
        wa_future_exception(s->closed, &ignored);
    }
    wa_future_unref(s->closed);
    wa_transport_unref(s->t);
    free(s);
    wa__loop_unref(loop);
}

static wa_stream *stream_new(wa_loop *loop, size_t limit) {
    wa_stream *s = wa__sys_calloc(1, sizeof *s);
    if (!s) return NULL;
    s->closed = wa_future_new(loop);
    if (!s->closed) {
        free(s);
        return NULL;
    }
    wa__loop_ref(loop);
    s->loop = loop;
    s->refs = 1;
    s->limit = limit ? limit : WA_STREAM_LIMIT;
    return s;
}

/* ---- the reader's feeding side ------------------------------------------------- */

/* A parked reader is woken as its waiter future would be; the read reads
 * the stream's error or its buffer when its task next steps. */
static void wakeup_waiter(wa_stream *s, wa_error *exc) {
    if (s->reader) wa__park_wake(s->reader);
    wa_future *w = s->waiter;
    if (!w) return;
    s->waiter = NULL;
    if (!wa_future_cancelled(w)) {
        if (exc)
            wa_future_set_exception(w, wa_error_ref(exc));
        else
            wa_future_set_result(w, wa_none());
    }
    wa_future_unref(w);
}

static void feed_data(wa_stream *s, const char *data, size_t n) {
    if (!n) return;
    if (wa__buf_append(&s->buf, data, n)) {
        wa_error *e = wa_error_new(WA_MEMORY_ERROR, "out of memory");
        if (!s->exc) s->exc = wa_error_ref(e);
        wakeup_waiter(s, e);
        wa_error_unref(e);
        wa_transport_abort(s->t);
        return;
    }
    wakeup_waiter(s, NULL);
    if (s->t && !s->reading_paused && buffered(s) > 2 * s->limit) {
        wa_transport_pause_reading(s->t);
        s->reading_paused = true;
    }
}

static void feed_eof(wa_stream *s) {
    s->eof = true;
    wakeup_waiter(s, NULL);
}

static void maybe_resume_transport(wa_stream *s) {
    if (s->reading_paused && buffered(s) <= s->limit) {
        s->reading_paused = false;
        wa_transport_resume_reading(s->t);
    }
}

/* Takes n buffered bytes as an owned bytes value. */
static wa_value take(wa_stream *s, size_t n) {
    wa_value v = wa_none();
    wa_value view = wa_bytes(wa__buf_start(&s->buf), n);
    if (wa_value_copy(&v, &view)) return wa_error_value(wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    wa__buf_consume(&s->buf, n);
    maybe_resume_transport(s);
    return v;
}

/* ---- the protocol ---------------------------------------------------------- */

static void on_handler_done(wa_future *f, void *arg);

static void start_handler(wa_stream *s) {
    stream_server *srv = s->server;
    wa_task *task = wa_task_new(s->loop, srv->handler, srv->frame_size, srv->init, NULL);
    if (!task) {
        wa_transport_close(s->t);
        stream_unref(s);            /* the owner's: no handler will have it */
        return;
    }
    wa_stream_handler *frame = (wa_stream_handler *)wa__task_root(task);
    frame->stream = s;
    frame->arg = srv->arg;
    if (wa_future_add_done_callback(wa_task_future(task), on_handler_done, s)) {
        wa_task_cancel(task, NULL);
        wa_future_add_done_callback(wa_task_future(task), on_handler_done, s);
    }
    wa_task_unref(task);    /* the loop keeps it while it runs */
}

static void connection_made(wa_transport *t, void *arg) {
    wa_stream *s = arg;
    s->t = wa_transport_ref(t);
    s->refs++;
    if (s->server) start_handler(s);
}

static void data_received(wa_transport *t, const char *data, size_t len, void *arg) {
    (void)t;
    feed_data(arg, data, len);
}

static bool eof_received(wa_transport *t, void *arg) {
    (void)t;
    feed_eof(arg);
    return true;    /* keep the transport open: the writer may go on */
}

static void wake_drain_waiters(wa_stream *s, wa_error *exc) {
    for (size_t i = 0; i < s->drain_waiters.len; i++) {
        wa_future *w = wa__waitq_peek(&s->drain_waiters, i);
        if (wa_future_done(w)) continue;
        if (exc)
            wa_future_set_exception(w, wa_error_ref(exc));
        else
            wa_future_set_result(w, wa_none());
    }
}

static void connection_lost(wa_transport *t, wa_error *exc, void *arg) {
    (void)t;
    wa_stream *s = arg;
    if (exc) {
        if (!s->exc) s->exc = wa_error_ref(exc);
        wakeup_waiter(s, exc);
    } else {
        feed_eof(s);
    }
    if (!wa_future_done(s->closed)) {
        if (exc)
            wa_future_set_exception(s->closed, wa_error_ref(exc));
        else
            wa_future_set_result(s->closed, wa_none());
    }
    s->lost = true;
    if (s->paused) wake_drain_waiters(s, exc);
    stream_unref(s);
}

static void pause_writing(wa_transport *t, void *arg) {
    (void)t;
    ((wa_stream *)arg)->paused = true;
}

static void resume_writing(wa_transport *t, void *arg) {
    (void)t;
    wa_stream *s = arg;
    s->paused = false;
    wake_drain_waiters(s, NULL);
}

static const wa_protocol stream_protocol = {
    .connection_made = connection_made,
    .data_received = data_received,
    .eof_received = eof_received,
    .connection_lost = connection_lost,
    .pause_writing = pause_writing,
    .resume_writing = resume_writing,
};

/* ---- reading --------------------------------------------------------------- */

typedef struct read_frame {
    wa_coro co;
    wa_stream *s;
    read_req r;
    wa_future *waiter;
    wa__buf acc;                /* READ_ALL: what was read so far */
    wa_finally fin;
} read_frame;

/* as streams.py names them: readline is its readuntil */
static const char *const op_names[] = {"read", "read", "readexactly", "readuntil", "readuntil"};

/* The bytes of buf[off..len) from pos on: where sep starts, or -1. */
static long find(const wa_stream *s, size_t pos, const char *sep, size_t seplen) {
    const char *base = wa__buf_start(&s->buf);
    size_t n = buffered(s);
    for (size_t i = pos; i + seplen <= n; i++) {
        const char *hit = memchr(base + i, sep[0], n - seplen + 1 - i);
        if (!hit) return -1;
        i = (size_t)(hit - base);
        if (memcmp(hit, sep, seplen) == 0) return (long)i;
    }
    return -1;
}

wa_error *wa_incomplete_read_error_new(const void *partial, size_t len, int64_t expected) {
    char total[24] = "undefined";      /* IncompleteReadError's word for expected=None */
    if (expected >= 0) wa__format(total, sizeof total, "%lld", (long long)expected);
    wa_error *e = wa_error_new(WA_INCOMPLETE_READ_ERROR, "%zu bytes read on a total of %s expected bytes",
                               partial ? len : 0, total);
    return wa__error_details(e, 0, expected < 0 ? -1 : expected, partial, partial ? len : 0);
}

static wa_value incomplete(wa_stream *s, long expected) {
    wa_error *e = wa_incomplete_read_error_new(wa__buf_start(&s->buf), buffered(s), expected);
    wa__buf_clear(&s->buf);
    maybe_resume_transport(s);
    return wa_error_value(e);
}

static wa_value limit_overrun(const char *message, size_t consumed) {
    return wa_error_value(wa__error_details(wa_error_new(WA_LIMIT_OVERRUN_ERROR, "%s", message), 0, (int64_t)consumed,
                                            NULL, 0));
}

/* readuntil's search: true with *out set when it is decided. */
static bool try_until(wa_stream *s, const char *sep, size_t seplen, size_t *offset, wa_value *out) {
    if (buffered(s) >= *offset + seplen || buffered(s) >= seplen) {
        long isep = buffered(s) >= seplen ? find(s, *offset, sep, seplen) : -1;
        if (isep >= 0) {
            if ((size_t)isep > s->limit)
                *out = limit_overrun("Separator is found, but chunk is longer than limit", (size_t)isep);
            else
                *out = take(s, (size_t)isep + seplen);
            return true;
        }
        *offset = buffered(s) + 1 - seplen;
        if (*offset > s->limit) {
            *out = limit_overrun("Separator is not found, and chunk exceed the limit", *offset);
            return true;
        }
    }
    if (s->eof) {
        *out = incomplete(s, -1);
        return true;
    }
    return false;
}

/* readline's view of readuntil's outcome (streams.py's except clauses). */
static void line_outcome(wa_stream *s, wa_value *out) {
    if (out->kind != WA_KIND_ERROR) return;
    wa_error *e = out->as.err;
    if (wa_error_is(e, WA_INCOMPLETE_READ_ERROR)) {
        size_t n;
        const char *partial = wa_error_partial(e, &n);
        wa_value v = wa_none(), view = wa_bytes(partial, n);
        if (wa_value_copy(&v, &view)) v = wa_error_value(wa_error_new(WA_MEMORY_ERROR, "out of memory"));
        wa_error_unref(e);
        *out = v;
    } else if (wa_error_is(e, WA_LIMIT_OVERRUN_ERROR)) {
        size_t consumed = (size_t)wa_error_consumed(e);
        if (buffered(s) >= consumed + 1 && wa__buf_start(&s->buf)[consumed] == '\n')
            wa__buf_consume(&s->buf, consumed + 1);
        else
            wa__buf_clear(&s->buf);
        maybe_resume_transport(s);
        *out = wa_error_value(wa_error_new(WA_VALUE_ERROR, "%s", wa_error_message(e)));
        wa_error_unref(e);
    }
}

/* One attempt at read r of s: true with *out (an owned value, or an error
 * value holding a reference) when decided, false to wait. */
static bool try_read(wa_stream *s, read_req *r, wa_value *out) {
    if (s->exc) {       /* streams.py checks _exception before its buffer */
        *out = wa_error_value(wa_error_ref(s->exc));
        return true;
    }
    switch (r->op) {
    case READ_SOME:
        if (!buffered(s) && !s->eof) return false;
        *out = take(s, buffered(s) < r->n ? buffered(s) : r->n);
        return true;
    case READ_EXACTLY:
        if (buffered(s) >= r->n) {
            *out = take(s, r->n);
            return true;
        }
        if (!s->eof) return false;
        *out = incomplete(s, (long)r->n);
        return true;
    case READ_UNTIL:
        return try_until(s, r->sep, r->seplen, &r->offset, out);
    case READ_LINE:
        if (!try_until(s, "\n", 1, &r->offset, out)) return false;
        line_outcome(s, out);
        return true;
    case READ_ALL:
        break;
    }
    return false;
}

/* streams.py's _wait_for_data, before it makes its waiter: reading goes on
 * if the buffer had paused it. */
static void resume_for_data(wa_stream *s) {
    if (s->reading_paused) {
        s->reading_paused = false;
        wa_transport_resume_reading(s->t);
    }
}

static void read_frame_release(void *arg) {
    read_frame *f = arg;
    wa__buf_free(&f->acc);
    free((char *)f->r.sep);
    f->r.sep = NULL;
    if (f->s->waiter == f->waiter) {   /* cancelled while waiting */
        wa_future_unref(f->s->waiter);
        f->s->waiter = NULL;
    }
    wa_future_unref(f->waiter);
    f->waiter = NULL;
}

/* READ_ALL: moves the buffer to the frame's accumulator. */
static bool gather_all(read_frame *f) {
    wa_stream *s = f->s;
    if (wa__buf_append(&f->acc, wa__buf_start(&s->buf), buffered(s))) return false;
    wa__buf_clear(&s->buf);
    maybe_resume_transport(s);
    return true;
}

static wa_status read_step(wa_coro *co) {
    read_frame *f = (read_frame *)co;
    wa_stream *s = f->s;
    wa_value out;
    WA_BEGIN(co);
    WA_WITH(co, wa_finally_enter(&f->fin, read_frame_release, f)) {
        for (;;) {
            if (f->r.op == READ_ALL) {
                if (s->exc) WA_RAISE(co, wa_error_ref(s->exc));
                if (!gather_all(f)) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
                if (s->eof) {
                    wa_value view = wa_bytes(wa__buf_start(&f->acc), wa__buf_size(&f->acc));
                    out = wa_none();
                    if (wa_value_copy(&out, &view)) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
                    break;
                }
            } else if (try_read(s, &f->r, &out)) {
                break;
            }
            /* streams.py's _wait_for_data */
            if (s->waiter || s->reader)
                WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR,
                                          "%s() called while another coroutine is already waiting for incoming data",
                                          op_names[f->r.op]));
            resume_for_data(s);
            wa_future_unref(f->waiter);
            f->waiter = wa__waiter_new(s->loop, "StreamReader._wait_for_data");
            if (!f->waiter) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
            s->waiter = wa_future_ref(f->waiter);
            WA_AWAIT(co, f->waiter);
        }
        if (out.kind == WA_KIND_ERROR) WA_RAISE(co, out.as.err);
        wa__value_release(wa__owned(co));
        *wa__owned(co) = out;
    }
    WA_WITH_END(co);
    return WA_STATUS_RETURN;
    WA_END(co);
}

static bool check_stream(wa_coro *co, const wa_stream *s, const char *func) {
    if (!wa__coro_loop(co, func)) return false;
    if (!s) {
        wa__misuse(WA_EINVAL, func, "stream is NULL");
        wa__fail_await(co, wa__misuse_error_as(WA_TYPE_ERROR));
        return false;
    }
    if (s->loop != co->task->fut.loop) {
        wa__misuse(WA_EFOREIGN, func, "the stream belongs to another event loop");
        wa__fail_await(co, wa__misuse_error_as(WA_RUNTIME_ERROR));
        return false;
    }
    return true;
}

#define FAILED(co) ((co) && (co)->task ? WA__FAILED : NULL)

/* read(0) and readexactly(0): b"", owned as every read's value is (the
 * frame frees it at its next await). */
static wa_future *done_empty(wa_coro *co) {
    wa_value v = wa_none(), view = wa_bytes("", 0);
    if (wa_value_copy(&v, &view)) return wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    return wa__done_with(co, v);
}

/* ---- a read parked on its stream ---------------------------------------------- */

static bool read_resume(wa_task *t, wa_error *incoming);
static void read_leave(wa_task *t);

/* A parked read's kind is named as the coroutine it stands for: the
 * reprs and the never-awaited warning say "StreamReader.readline". */
#define READ_PARK(name) {.park = {.what = (name), .result = "None", .resume = read_resume}, .leave = read_leave}
static const wa__park_future_ops read_parks[] = {
    [READ_SOME] = READ_PARK("StreamReader.read"),
    [READ_EXACTLY] = READ_PARK("StreamReader.readexactly"),
    [READ_UNTIL] = READ_PARK("StreamReader.readuntil"),
    [READ_LINE] = READ_PARK("StreamReader.readline"),
};

/* s has no parked reader any more: what the park held goes. */
static void forget_reader(wa_stream *s) {
    s->reader = NULL;
    if (s->parked.op == READ_UNTIL) free((char *)s->parked.sep);
    s->parked.sep = NULL;
    stream_unref(s);    /* the park's reference */
}

/* Ends t's park on s, which its reference kept alive. */
static void unpark_reader(wa_task *t, wa_stream *s) {
    wa__park_end(t);
    forget_reader(s);
}

/* The park ends without its read: a frame dropped, a park never awaited
 * (park_leave clears the park itself). */
static void read_leave(wa_task *t) { forget_reader(t->parked_on); }

/* The rest of the read, at the task's next step: what streams.py's loop
 * does after `await self._waiter`.  A cancel (or an error thrown in) ends
 * it, leaving the data for the next read; otherwise the read is tried
 * again and either delivered, raised or parked again. */
static bool read_resume(wa_task *t, wa_error *incoming) {
    wa_stream *s = t->parked_on;
    if (incoming || t->park == WA__PARK_CANCELLED) {
        if (!incoming) wa__park_raise(t, wa__cancelled_error_new(NULL));    /* its own was lost to out of memory */
        unpark_reader(t, s);
        return true;
    }
    wa_value out;
    if (!try_read(s, &s->parked, &out)) {
        resume_for_data(s);
        t->park = WA__PARK_WAITING;
        return false;
    }
    unpark_reader(t, s);
    if (out.kind == WA_KIND_ERROR)
        wa__park_raise(t, out.as.err);
    else
        wa__deliver(t->top, out);
    return true;
}

/* Parks co's task on s for read r; false when it cannot (no park kind
 * left, a park of its own still to be resumed, no memory for readuntil's
 * separator): the frame then waits. */
static bool park_reader(wa_coro *co, wa_stream *s, const read_req *r) {
    char *sep = NULL;   /* readuntil's, which may be the caller's local */
    if (r->op == READ_UNTIL) {
        if (!(sep = wa__sys_malloc(r->seplen))) return false;
        memcpy(sep, r->sep, r->seplen);
    }
    if (!wa__park_on(co, s, &read_parks[r->op].park)) {
        free(sep);
        return false;
    }
    resume_for_data(s);
    s->parked = *r;
    if (sep) s->parked.sep = sep;
    s->reader = co->task;
    s->refs++;
    return true;
}

static bool parkable(const wa_stream *s, read_op op) {
    return WA__INLINE_PATHS && op != READ_ALL && !wa__debugging(s->loop);
}

/* The read at once when the buffer decides it; else it waits, parked or in
 * a frame (which also raises when another read is waiting already). */
static wa_future *start_read(wa_coro *co, wa_stream *s, read_req r) {
    bool idle = !s->waiter && !s->reader;
    wa_value out;
    if (r.op != READ_ALL && idle && try_read(s, &r, &out)) {
        if (out.kind == WA_KIND_ERROR) return wa__fail_await(co, out.as.err);
        return wa__done_with(co, out);
    }
    if (idle && parkable(s, r.op) && park_reader(co, s, &r)) return WA__PARK;
    if (r.op == READ_UNTIL) {
        char *copy = wa__sys_malloc(r.seplen);
        if (!copy) return wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
        memcpy(copy, r.sep, r.seplen);
        r.sep = copy;
    }
    wa_future *f = wa__call_push(co, read_step, sizeof(read_frame), &(read_frame){.s = s, .r = r});
    if (f == WA__FAILED && r.op == READ_UNTIL) free((char *)r.sep);
    return f;
}

wa_future *wa_stream_read(wa_coro *co, wa_stream *s, long n) {
    if (!check_stream(co, s, __func__)) return FAILED(co);
    if (n < -1) {
        wa__misuse(WA_EINVAL, __func__, "read size must be -1 (until EOF) or >= 0, not %ld", n);
        return wa__fail_await(co, wa__misuse_error_as(WA_VALUE_ERROR));
    }
    if (n == 0 && !s->exc) return done_empty(co);
    return start_read(co, s, (read_req){.op = n < 0 ? READ_ALL : READ_SOME, .n = (size_t)n});
}

wa_future *wa_stream_readexactly(wa_coro *co, wa_stream *s, long n) {
    if (!check_stream(co, s, __func__)) return FAILED(co);
    if (n < 0) {
        wa__misuse(WA_EINVAL, __func__, "readexactly size can not be less than zero");
        return wa__fail_await(co, wa__misuse_error_as(WA_VALUE_ERROR));
    }
    if (n == 0 && !s->exc) return done_empty(co);
    return start_read(co, s, (read_req){.op = READ_EXACTLY, .n = (size_t)n});
}

wa_future *wa_stream_readuntil(wa_coro *co, wa_stream *s, const void *sep, size_t seplen) {
    if (!check_stream(co, s, __func__)) return FAILED(co);
    if (!sep || seplen == 0) {
        wa__misuse(WA_EINVAL, __func__, "Separator should be at least one-byte string");
        return wa__fail_await(co, wa__misuse_error_as(WA_VALUE_ERROR));
    }
    return start_read(co, s, (read_req){.op = READ_UNTIL, .sep = sep, .seplen = seplen});
}

wa_future *wa_stream_readline(wa_coro *co, wa_stream *s) {
    if (!check_stream(co, s, __func__)) return FAILED(co);
    return start_read(co, s, (read_req){.op = READ_LINE});
}

bool wa_stream_at_eof(const wa_stream *s) { return !s || (s->eof && !buffered(s)); }

/* ---- writing --------------------------------------------------------------- */

int wa_stream_write(wa_stream *s, const void *data, size_t len) {
    if (!s) return wa__misuse(WA_EINVAL, __func__, "stream is NULL");
    if (!s->t || s->lost) return wa__misuse(WA_EINVALIDSTATE, __func__, "the stream is closed");
    return wa_transport_write(s->t, data, len);
}

int wa_stream_write_eof(wa_stream *s) {
    if (!s) return wa__misuse(WA_EINVAL, __func__, "stream is NULL");
    if (!s->t || s->lost) return wa__misuse(WA_EINVALIDSTATE, __func__, "the stream is closed");
    return wa_transport_write_eof(s->t);
}

bool wa_stream_can_write_eof(const wa_stream *s) { return s && s->t && wa_transport_can_write_eof(s->t); }
void wa_stream_close(wa_stream *s) {
    if (s) wa_transport_close(s->t);
}
bool wa_stream_is_closing(const wa_stream *s) { return !s || wa_transport_is_closing(s->t); }
wa_transport *wa_stream_transport(wa_stream *s) { return s ? s->t : NULL; }
wa_value wa_stream_get_extra_info(wa_stream *s, const char *name) {
    return s ? wa_transport_get_extra_info(s->t, name) : wa_none();
}

typedef struct drain_frame {
    wa_coro co;
    wa_stream *s;
    wa_future *waiter;
    wa_finally fin;
} drain_frame;

static void drain_release(void *arg) {
    drain_frame *f = arg;
    if (f->waiter) wa__waitq_remove(&f->s->drain_waiters, f->waiter);
    f->waiter = NULL;
}

/* StreamWriter.drain, after the reader's exception was checked. */
static wa_status drain_step(wa_coro *co) {
    drain_frame *f = (drain_frame *)co;
    WA_BEGIN(co);
    if (wa_transport_is_closing(f->s->t)) WA_YIELD(co);    /* let connection_lost run */
    if (f->s->lost) WA_RAISE(co, wa_error_new(WA_CONNECTION_RESET_ERROR, "Connection lost"));
    if (!f->s->paused) WA_RETURN(co, wa_none());
    WA_WITH(co, wa_finally_enter(&f->fin, drain_release, f)) {
        f->waiter = wa__waitq_add_waiter(&f->s->drain_waiters, f->s->loop, "StreamWriter.drain");
        if (!f->waiter) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
        WA_AWAIT(co, f->waiter);
    }
    WA_WITH_END(co);
    WA_END(co);
}

wa_future *wa_stream_drain(wa_coro *co, wa_stream *s) {
    if (!check_stream(co, s, __func__)) return FAILED(co);
    if (s->exc) return wa__fail_await(co, wa_error_ref(s->exc));
    if (s->t && !wa_transport_is_closing(s->t) && !s->lost && !s->paused) return wa__done_with(co, wa_none());
    return wa__call_push(co, drain_step, sizeof(drain_frame), &(drain_frame){.s = s});
}

wa_future *wa_stream_wait_closed(wa_coro *co, wa_stream *s) {
    if (!check_stream(co, s, __func__)) return FAILED(co);
    return s->closed;
}

void wa_stream_free(wa_stream *s) {
    if (!s) return;
    wa_transport_close(s->t);
    stream_unref(s);
}

/* ---- opening ---------------------------------------------------------------- */

typedef struct open_frame {
    wa_coro co;
    wa_endpoint where;
    wa_stream *s;           /* until returned */
    wa_stream *opened;
    wa_finally fin;
} open_frame;

static void drop_unopened(void *arg) {
    open_frame *f = arg;
    wa_stream_free(f->s);
    f->s = NULL;
}

static wa_status open_step(wa_coro *co) {
    open_frame *f = (open_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_finally_enter(&f->fin, drop_unopened, f)) {
        WA_AWAIT(co, wa_create_connection(co, &f->where, &stream_protocol, f->s));
        f->opened = f->s;
        f->s = NULL;
    }
    WA_WITH_END(co);
    WA_RETURN(co, wa_ptr(f->opened, NULL));
    WA_END(co);
}

wa_future *wa_open_connection(wa_coro *co, const wa_endpoint *where, size_t limit) {
    wa_loop *loop = wa__coro_loop(co, __func__);
    if (!loop) return NULL;
    wa_error *bad = wa__check_endpoint(where, false, __func__);
    if (bad) return wa__fail_await(co, bad);
    wa_stream *s = stream_new(loop, limit);
    if (!s) return wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    wa_future *r = wa__call_push(co, open_step, sizeof(open_frame), &(open_frame){.where = *where, .s = s});
    if (r == WA__FAILED) stream_unref(s);
    return r;
}

/* ---- start_server ------------------------------------------------------------ */

/* The handler ended: report an error it raised (asyncio's callback in
 * StreamReaderProtocol.connection_made), then free the stream. */
static void on_handler_done(wa_future *f, void *arg) {
    wa_stream *s = arg;
    wa_error *exc = NULL;
    if (!wa_future_cancelled(f) && wa_future_exception(f, &exc) == WA_OK && exc) {
        wa_context ctx = {"Unhandled exception in client_connected_cb", exc, NULL, NULL, NULL, NULL, WA_LEVEL_ERROR};
        wa_loop_call_exception_handler(s->loop, &ctx);
    }
    wa_stream_free(s);
}

static void *new_server_stream(void *arg) {
    stream_server *srv = arg;
    wa_stream *s = stream_new(srv->loop, srv->limit);
    if (s) s->server = srv;
    return s;
}

static void stream_server_free(void *arg) {
    stream_server *srv = arg;
    free(srv->init);
    free(srv);
}

wa_future *wa_start_server(wa_coro *co, const wa_endpoint *where, wa_step_fn handler, size_t frame_size,
                           const void *init, void *arg, size_t limit) {
    wa_loop *loop = wa__coro_loop(co, __func__);
    if (!loop) return NULL;
    wa_error *bad = wa__check_endpoint(where, true, __func__);
    if (!bad && (!handler || frame_size < sizeof(wa_stream_handler))) {
        wa__misuse(WA_EINVAL, __func__, handler ? "the handler's frame must start with wa_stream_handler"
                                                : "handler is NULL");
        bad = wa__misuse_error_as(WA_TYPE_ERROR);
    }
    if (bad) return wa__fail_await(co, bad);
    stream_server *srv = wa__sys_calloc(1, sizeof *srv);
    if (srv) srv->init = wa__sys_calloc(1, frame_size);    /* zeroed when init is NULL */
    if (srv && srv->init && init) memcpy(srv->init, init, frame_size);
    wa_server *s = srv && srv->init
                       ? wa__server_new(loop, &stream_protocol, new_server_stream, srv, stream_server_free, where->backlog)
                       : NULL;
    if (!s) {
        if (srv) stream_server_free(srv);
        return wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    }
    srv->loop = loop;
    srv->handler = handler;
    srv->frame_size = frame_size;
    srv->arg = arg;
    srv->limit = limit;
    return wa__server_listen(co, s, where);
}

/* ---- pipes ---------------------------------------------------------------------- */

typedef struct pipe_frame {
    wa_coro co;
    wa_stream *s;           /* until returned */
    wa_stream *opened;
    wa_future *waiter;
    wa_finally fin;
} pipe_frame;

static void drop_unopened_pipe(void *arg) {
    pipe_frame *f = arg;
    wa_stream_free(f->s);
    f->s = NULL;
    wa_future_unref(f->waiter);
    f->waiter = NULL;
}

static wa_status pipe_step(wa_coro *co) {
    pipe_frame *f = (pipe_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_finally_enter(&f->fin, drop_unopened_pipe, f)) {
        WA_AWAIT(co, f->waiter);    /* connection_made has run */
        f->opened = f->s;
        f->s = NULL;
    }
    WA_WITH_END(co);
    WA_RETURN(co, wa_ptr(f->opened, NULL));
    WA_END(co);
}

wa_future *wa_open_pipe(wa_coro *co, int fd, int mode, size_t limit) {
    wa_loop *loop = wa__coro_loop(co, __func__);
    if (!loop) return NULL;
    if (fd < 0 || !mode || (mode & ~(WA_PIPE_READ | WA_PIPE_WRITE))) {
        wa__misuse(WA_EINVAL, __func__, fd < 0 ? "invalid fd %d" : "invalid mode %d", fd < 0 ? fd : mode);
        return wa__fail_await(co, wa__misuse_error_as(WA_VALUE_ERROR));
    }
    int rc = wa__net_prepare_fd(fd);
    if (rc) return wa__fail_await(co, wa__errno_error_plain(-rc));
    if (!loop->host->watch) {
        wa__misuse(WA_ENOSYS, __func__, "this loop's host cannot watch fds");
        return wa__fail_await(co, wa__misuse_error_as(WA_OS_ERROR));
    }
    wa_stream *s = stream_new(loop, limit);
    wa_future *waiter = s ? wa_future_new(loop) : NULL;
    wa_transport *t = waiter ? wa__transport_new(loop, fd, false, &stream_protocol, s, NULL, waiter) : NULL;
    if (!t) {
        wa_future_unref(waiter);
        if (s) stream_unref(s);
        return wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    }
    wa__transport_make_pipe(t, mode & WA_PIPE_READ);
    wa_future *r = wa__call_push(co, pipe_step, sizeof(pipe_frame), &(pipe_frame){.s = s, .waiter = waiter});
    if (r == WA__FAILED) {
        wa_transport_abort(t);
        wa_future_unref(waiter);
        stream_unref(s);
    }
    return r;
}
