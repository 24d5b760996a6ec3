/* A stream echo server (asyncio.start_server) and a client
 * (asyncio.open_connection) over 127.0.0.1: each line written comes back
 * upper-cased, two lines in one write come back as two readline()s, and
 * after write_eof() the server sees EOF and the client's read() returns
 * b'' at EOF.
 * native-only: sockets */
#include <ctype.h>

#include "trace.h"

typedef struct {
    wa_stream_handler h;
    int n;
    char line[64];
} handle_frame;

static wa_status handle(wa_coro *co) {
    handle_frame *f = (handle_frame *)co;
    WA_BEGIN(co);
    for (;;) {
        WA_AWAIT(co, wa_stream_readline(co, f->h.stream));
        if (co->value.as.buf.len == 0) break;
        f->n++;
        {
            size_t len = co->value.as.buf.len < sizeof f->line ? co->value.as.buf.len : sizeof f->line;
            for (size_t i = 0; i < len; i++) f->line[i] = (char)toupper((unsigned char)co->value.as.buf.data[i]);
            wa_stream_write(f->h.stream, f->line, len);
        }
        WA_AWAIT(co, wa_stream_drain(co, f->h.stream));
    }
    NOTE("server: EOF after %d lines, at_eof=%s", f->n, yes(wa_stream_at_eof(f->h.stream)));
    wa_stream_close(f->h.stream);
    WA_AWAIT(co, wa_stream_wait_closed(co, f->h.stream));
    WA_END(co);
}

static const char *const words[] = {"alpha", "beta", "gamma"};

typedef struct {
    wa_coro co;
    wa_endpoint where;
    wa_server *server;
    wa_stream *s;
    int i;
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
    {
        wa_value peer = wa_stream_get_extra_info(f->s, "peername");
        NOTE("client: connected, peer is the server: %s",
             yes(peer.kind == WA_KIND_LIST && strcmp(peer.as.list.items[0].as.buf.data, "127.0.0.1") == 0 &&
                 peer.as.list.items[1].as.i == f->where.port));
    }
    for (f->i = 0; f->i < 3; f->i++) {
        wa_stream_write(f->s, words[f->i], strlen(words[f->i]));
        wa_stream_write(f->s, "\n", 1);
        WA_AWAIT(co, wa_stream_drain(co, f->s));
        WA_AWAIT(co, wa_stream_readline(co, f->s));
        NOTE("client: %s -> %s", words[f->i], BREPR(co->value));
    }
    wa_stream_write(f->s, "two\nlines\n", 10);
    WA_AWAIT(co, wa_stream_readline(co, f->s));
    NOTE("client: %s", BREPR(co->value));
    WA_AWAIT(co, wa_stream_readline(co, f->s));
    NOTE("client: %s", BREPR(co->value));
    NOTE("client: can_write_eof=%s", yes(wa_stream_can_write_eof(f->s)));
    wa_stream_write_eof(f->s);
    WA_AWAIT(co, wa_stream_read(co, f->s, -1));
    NOTE("client: read() -> %s, at_eof=%s", BREPR(co->value), yes(wa_stream_at_eof(f->s)));
    wa_stream_close(f->s);
    WA_AWAIT(co, wa_stream_wait_closed(co, f->s));
    wa_stream_free(f->s);
    wa_server_close(f->server);
    WA_AWAIT(co, wa_server_wait_closed(co, f->server));
    wa_server_free(f->server);
    NOTE("client: done");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN_REAL(main_step, main_frame);
}
