/* read(n) returns at most n bytes, whatever is buffered, then b'' once the
 * peer has closed its side (at_eof() turns True only then); read() at EOF
 * returns b'' too.  The server half-closes (write_eof) and still reads the
 * client's reply; the client writes on its half of the connection.
 * native-only: sockets */
#include "trace.h"

typedef struct {
    wa_stream_handler h;
} handle_frame;

static wa_status handle(wa_coro *co) {
    handle_frame *f = (handle_frame *)co;
    WA_BEGIN(co);
    wa_stream_write(f->h.stream, "hello world", 11);
    wa_stream_write_eof(f->h.stream);
    WA_AWAIT(co, wa_stream_readline(co, f->h.stream));
    NOTE("server: got %s", BREPR(co->value));
    WA_AWAIT(co, wa_stream_read(co, f->h.stream, -1));
    NOTE("server: read() -> %s, at_eof=%s", BREPR(co->value), yes(wa_stream_at_eof(f->h.stream)));
    wa_stream_close(f->h.stream);
    WA_AWAIT(co, wa_stream_wait_closed(co, f->h.stream));
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
    WA_AWAIT(co, wa_open_connection(co, &f->where, 0));
    f->s = co->value.as.ptr.p;
    WA_AWAIT(co, wa_stream_read(co, f->s, 0));
    NOTE("read(0) -> %s", BREPR(co->value));
    WA_AWAIT(co, wa_stream_read(co, f->s, 5));
    NOTE("read(5) -> %s, at_eof=%s", BREPR(co->value), yes(wa_stream_at_eof(f->s)));
    WA_AWAIT(co, wa_stream_read(co, f->s, 100));
    NOTE("read(100) -> %s, at_eof=%s", BREPR(co->value), yes(wa_stream_at_eof(f->s)));
    WA_AWAIT(co, wa_stream_read(co, f->s, 100));
    NOTE("read(100) -> %s, at_eof=%s", BREPR(co->value), yes(wa_stream_at_eof(f->s)));
    WA_AWAIT(co, wa_stream_read(co, f->s, -1));
    NOTE("read() -> %s", BREPR(co->value));
    wa_stream_write(f->s, "thanks\n", 7);
    WA_AWAIT(co, wa_stream_drain(co, f->s));
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
