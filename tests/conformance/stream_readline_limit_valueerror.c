/* readline() on a reader with limit=8 turns LimitOverrunError into
 * ValueError and drops what it could not return: a line of exactly 8 bytes
 * is fine, a 9-byte one raises "Separator is found, but chunk is longer
 * than limit" and is consumed through its newline, so the next readline()
 * goes on after it; a last line without a newline comes back at EOF.  On a
 * second connection, 13 bytes without a newline raise "Separator is not
 * found, and chunk exceed the limit" and the buffer is cleared.
 * native-only: sockets */
#include "trace.h"

static const char *const payloads[] = {"12345678\n123456789\nok\n0123456789abc\nend", "0123456789xyz"};

typedef struct {
    wa_stream_handler h;
} handle_frame;

static wa_status handle(wa_coro *co) {
    handle_frame *f = (handle_frame *)co;
    int *served = f->h.arg;
    WA_BEGIN(co);
    wa_stream_write(f->h.stream, payloads[*served], strlen(payloads[*served]));
    ++*served;
    wa_stream_close(f->h.stream);
    WA_AWAIT(co, wa_stream_wait_closed(co, f->h.stream));
    WA_END(co);
}

/* The Python twin's readline(reader). */
typedef struct {
    wa_coro co;
    wa_stream *s;
    wa_error *err;
} readline_frame;

static wa_status readline(wa_coro *co) {
    readline_frame *f = (readline_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, wa_stream_readline(co, f->s), f->err);
    if (f->err && !wa_error_is(f->err, WA_VALUE_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        NOTE("readline() -> %s(%s)", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    else
        NOTE("readline() -> %s", BREPR(co->value));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_endpoint where;
    wa_server *server;
    wa_stream *s;
    int served, conn, i;
} main_frame;

static const int lines[] = {6, 2};

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->where = (wa_endpoint){.host = "127.0.0.1", .port = 0};
    WA_AWAIT(co, wa_start_server(co, &f->where, handle, sizeof(handle_frame), NULL, &f->served, 0));
    f->server = co->value.as.ptr.p;
    {
        wa_sockaddr a;
        wa_server_sockname(f->server, &a);
        f->where.port = a.port;
    }
    for (f->conn = 0; f->conn < 2; f->conn++) {
        WA_AWAIT(co, wa_open_connection(co, &f->where, 8));
        f->s = co->value.as.ptr.p;
        NOTE("connected");
        for (f->i = 0; f->i < lines[f->conn]; f->i++) WA_AWAIT_CALL(co, readline, readline_frame, .s = f->s);
        NOTE("at_eof=%s", yes(wa_stream_at_eof(f->s)));
        wa_stream_close(f->s);
        WA_AWAIT(co, wa_stream_wait_closed(co, f->s));
        wa_stream_free(f->s);
    }
    wa_server_close(f->server);
    WA_AWAIT(co, wa_server_wait_closed(co, f->server));
    wa_server_free(f->server);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN_REAL(main_step, main_frame);
}
