/* The server sends b'abc;defgh' and closes.  readexactly(10) past the end
 * raises IncompleteReadError with the 5 bytes left as .partial and 10 as
 * .expected; at EOF readexactly and readuntil raise it with nothing
 * partial (readuntil's expected is None), while readexactly(0) and read(5)
 * return b''.  IncompleteReadError is an EOFError.
 * native-only: sockets */
#include "trace.h"

typedef struct {
    wa_stream_handler h;
} handle_frame;

static wa_status handle(wa_coro *co) {
    handle_frame *f = (handle_frame *)co;
    WA_BEGIN(co);
    wa_stream_write(f->h.stream, "abc;defgh", 9);
    wa_stream_close(f->h.stream);
    WA_AWAIT(co, wa_stream_wait_closed(co, f->h.stream));
    WA_END(co);
}

/* As the Python twin's incomplete(e). */
static void note_incomplete(const char *call, wa_error *e) {
    size_t n;
    const char *partial = wa_error_partial(e, &n);
    char expected[24] = "None";
    if (wa_error_expected(e) >= 0) snprintf(expected, sizeof expected, "%d", (int)wa_error_expected(e));
    NOTE("%s -> %s(%s) partial=%s expected=%s", call, wa_error_type_of(e)->name, wa_error_message(e),
         brepr(partial, n), expected);
}

typedef struct {
    wa_coro co;
    wa_endpoint where;
    wa_server *server;
    wa_stream *s;
    wa_error *err;
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
    WA_AWAIT(co, wa_open_connection(co, &f->where, 0));
    f->s = co->value.as.ptr.p;
    WA_AWAIT(co, wa_stream_readuntil(co, f->s, ";", 1));
    NOTE("readuntil(b';') -> %s", BREPR(co->value));
    WA_AWAIT_TRY(co, wa_stream_readexactly(co, f->s, 10), f->err);
    if (!f->err || !wa_error_is(f->err, WA_INCOMPLETE_READ_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    note_incomplete("readexactly(10)", f->err);
    NOTE("an EOFError: %s", yes(wa_error_is(f->err, WA_EOF_ERROR)));
    NOTE("at_eof=%s", yes(wa_stream_at_eof(f->s)));
    WA_AWAIT_TRY(co, wa_stream_readexactly(co, f->s, 2), f->err);
    if (!f->err || !wa_error_is(f->err, WA_INCOMPLETE_READ_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    note_incomplete("readexactly(2)", f->err);
    WA_AWAIT_TRY(co, wa_stream_readuntil(co, f->s, ";", 1), f->err);
    if (!f->err || !wa_error_is(f->err, WA_INCOMPLETE_READ_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    note_incomplete("readuntil(b';')", f->err);
    WA_AWAIT(co, wa_stream_readexactly(co, f->s, 0));
    NOTE("readexactly(0) -> %s", BREPR(co->value));
    WA_AWAIT(co, wa_stream_read(co, f->s, 5));
    NOTE("read(5) -> %s", BREPR(co->value));
    WA_AWAIT(co, wa_stream_readline(co, f->s));
    NOTE("readline() -> %s", BREPR(co->value));
    wa_stream_close(f->s);
    WA_AWAIT(co, wa_stream_wait_closed(co, f->s));
    wa_stream_free(f->s);
    wa_server_close(f->server);
    WA_AWAIT(co, wa_server_wait_closed(co, f->server));
    wa_server_free(f->server);
    NOTE("done");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN_REAL(main_step, main_frame);
}
