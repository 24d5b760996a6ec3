/*
 * net_echo.c — a blocking main() (wa_run underneath) with a stream echo
 * server and a client on 127.0.0.1, for the Asyncify build: the loop's
 * waits unwind to JS until node:net has data.  Prints what came back.
 */
#include <stdio.h>

#include "wasyncio.h"

typedef struct echo_frame {
    wa_stream_handler h;
} echo_frame;

static wa_status echo_step(wa_coro *co) {
    echo_frame *f = (echo_frame *)co;
    WA_BEGIN(co);
    for (;;) {
        WA_AWAIT(co, wa_stream_readline(co, f->h.stream));
        if (co->value.as.buf.len == 0) break;
        wa_stream_write(f->h.stream, co->value.as.buf.data, co->value.as.buf.len);
        WA_AWAIT(co, wa_stream_drain(co, f->h.stream));
    }
    WA_END(co);
}

typedef struct main_frame {
    wa_coro co;
    wa_endpoint where;
    wa_server *srv;
    wa_stream *s;
    int i;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->where = (wa_endpoint){.host = "127.0.0.1", .port = 0};
    WA_AWAIT(co, wa_start_server(co, &f->where, echo_step, sizeof(echo_frame), NULL, NULL, 0));
    f->srv = co->value.as.ptr.p;
    {
        wa_sockaddr a;
        wa_server_sockname(f->srv, &a);
        f->where.port = a.port;
    }
    WA_AWAIT(co, wa_open_connection(co, &f->where, 0));
    f->s = co->value.as.ptr.p;
    for (f->i = 0; f->i < 2; f->i++) {
        wa_stream_write(f->s, f->i ? "second\n" : "first\n", f->i ? 7 : 6);
        WA_AWAIT(co, wa_stream_readline(co, f->s));
        printf("echo: %.*s", (int)co->value.as.buf.len, co->value.as.buf.data);
    }
    wa_stream_free(f->s);
    wa_server_close(f->srv);
    WA_AWAIT(co, wa_server_wait_closed(co, f->srv));
    wa_server_free(f->srv);
    printf("closed\n");
    WA_END(co);
}

int main(void) {
    int rc = WA_RUN(NULL, NULL, NULL, main_step, main_frame);
    if (rc) printf("wa_run: %s\n", wa_strerror(rc));
    return rc ? 1 : 0;
}
