/* A reader with limit=8.  readuntil(b';') raises LimitOverrunError when the
 * separator lies beyond the limit ("Separator is found, but chunk is
 * longer than limit", .consumed its offset) and leaves the data buffered,
 * so readexactly can take it; a separator within the limit is fine; with
 * no separator in more than limit bytes it raises "Separator is not found,
 * and chunk exceed the limit"; a multi-byte separator counts from its
 * start; at EOF what is left is IncompleteReadError's .partial.  The
 * server sends everything in one write, then closes.
 * native-only: sockets */
#include "trace.h"

static const char data[] = "0123456789;rest;abcdefghijk--xyzxyzxyzxyz";

typedef struct {
    wa_stream_handler h;
} handle_frame;

static wa_status handle(wa_coro *co) {
    handle_frame *f = (handle_frame *)co;
    WA_BEGIN(co);
    wa_stream_write(f->h.stream, data, sizeof data - 1);
    wa_stream_close(f->h.stream);
    WA_AWAIT(co, wa_stream_wait_closed(co, f->h.stream));
    WA_END(co);
}

/* The Python twin's readuntil(reader, sep). */
typedef struct {
    wa_coro co;
    wa_stream *s;
    const char *sep;
    wa_error *err;
} readuntil_frame;

static wa_status readuntil(wa_coro *co) {
    readuntil_frame *f = (readuntil_frame *)co;
    const char *sep = brepr(f->sep, strlen(f->sep));
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_stream_readuntil(co, f->s, f->sep, strlen(f->sep)), f->err);
    if (!f->err) {
        NOTE("readuntil(%s) -> %s", sep, BREPR(co->value));
    } else if (wa_error_is(f->err, WA_LIMIT_OVERRUN_ERROR)) {
        NOTE("readuntil(%s) -> %s(%s) consumed=%d", sep, wa_error_type_of(f->err)->name, wa_error_message(f->err),
             (int)wa_error_consumed(f->err));
    } else if (wa_error_is(f->err, WA_INCOMPLETE_READ_ERROR)) {
        size_t n;
        const char *partial = wa_error_partial(f->err, &n);
        NOTE("readuntil(%s) -> %s(%s) partial=%s", sep, wa_error_type_of(f->err)->name, wa_error_message(f->err),
             brepr(partial, n));
    } else {
        WA_RAISE(co, wa_error_ref(f->err));
    }
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_endpoint where;
    wa_server *server;
    wa_stream *s;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->where = (wa_endpoint){.host = "127.0.0.1", .port = 0};
    WA_AWAIT(co, wa_start_server(co, &f->where, handle, sizeof(handle_frame), NULL, NULL, 0));
    f->server = co->value.as.ptr.p;
    {
        wa_sockaddr a;
        wa_server_sockname(f->server, &a);
        f->where.port = a.port;
    }
    WA_AWAIT(co, wa_open_connection(co, &f->where, 8));
    f->s = co->value.as.ptr.p;
    WA_AWAIT_CALL(co, readuntil, readuntil_frame, .s = f->s, .sep = ";");
    WA_AWAIT(co, wa_stream_readexactly(co, f->s, 11));
    NOTE("readexactly(11) -> %s", BREPR(co->value));
    WA_AWAIT_CALL(co, readuntil, readuntil_frame, .s = f->s, .sep = ";");
    WA_AWAIT_CALL(co, readuntil, readuntil_frame, .s = f->s, .sep = "--");
    WA_AWAIT(co, wa_stream_readexactly(co, f->s, 11));
    NOTE("readexactly(11) -> %s", BREPR(co->value));
    WA_AWAIT_CALL(co, readuntil, readuntil_frame, .s = f->s, .sep = "--");
    WA_AWAIT_CALL(co, readuntil, readuntil_frame, .s = f->s, .sep = ";");
    WA_AWAIT(co, wa_stream_readexactly(co, f->s, 10));
    NOTE("readexactly(10) -> %s", BREPR(co->value));
    WA_AWAIT_CALL(co, readuntil, readuntil_frame, .s = f->s, .sep = ";");
    NOTE("at_eof=%s", yes(wa_stream_at_eof(f->s)));
    wa_stream_close(f->s);
    WA_AWAIT(co, wa_stream_wait_closed(co, f->s));
    wa_stream_free(f->s);
    wa_server_close(f->server);
    WA_AWAIT(co, wa_server_wait_closed(co, f->server));
    wa_server_free(f->server);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN_REAL(main_step, main_frame);
}
