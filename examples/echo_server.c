/*
 * echo_server.c — asyncio's "TCP echo server using streams", a line at a
 * time: the C version of Python's
 *
 *     async def handle_echo(reader, writer):
 *         while line := await reader.readline():
 *             writer.write(line)
 *             await writer.drain()
 *         writer.close()
 *         await writer.wait_closed()
 *
 *     server = await asyncio.start_server(handle_echo, '127.0.0.1', 8888)
 *     async with server:
 *         await server.serve_forever()
 *
 * Usage: echo_server [PORT] [--once | --clients N].  PORT 0 picks a free
 * port; the first line printed, "serving on 127.0.0.1:PORT", says which.
 * With --clients N the server closes once N clients have come and gone,
 * so demos and tests end; without it, it serves until killed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasyncio.h"

typedef struct shared {
    wa_server *server;
    int clients;        /* close after this many (0: never) */
    int gone;
} shared;

/* One client's task: start_server sets h.stream and h.arg (the shared). */
typedef struct client_frame {
    wa_stream_handler h;
    char peer[64];
    wa_finally fin;
} client_frame;

/* However the client's task ends (EOF, a reset, an error), it counts. */
static void client_gone(void *arg) {
    client_frame *f = arg;
    shared *s = f->h.arg;
    printf("%s: closed\n", f->peer);
    if (s->clients && ++s->gone == s->clients) wa_server_close(s->server);
}

static wa_status client_step(wa_coro *co) {
    client_frame *f = (client_frame *)co;
    WA_BEGIN(co);
    {
        wa_value peer = wa_stream_get_extra_info(f->h.stream, "peername");    /* [host, port] */
        if (peer.kind == WA_KIND_LIST)
            snprintf(f->peer, sizeof f->peer, "%s:%d", peer.as.list.items[0].as.buf.data,
                     (int)peer.as.list.items[1].as.i);
        else
            snprintf(f->peer, sizeof f->peer, "?");
    }
    printf("%s: connected\n", f->peer);
    WA_WITH(co, wa_finally_enter(&f->fin, client_gone, f)) {
        for (;;) {
            WA_AWAIT(co, wa_stream_readline(co, f->h.stream));
            if (co->value.as.buf.len == 0) break;       /* the client closed */
            printf("%s: echo %.*s\n", f->peer, (int)strcspn(co->value.as.buf.data, "\r\n"),
                   co->value.as.buf.data);
            if (wa_stream_write(f->h.stream, co->value.as.buf.data, co->value.as.buf.len))
                WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "%s", wa_last_error()));
            WA_AWAIT(co, wa_stream_drain(co, f->h.stream));
        }
        wa_stream_close(f->h.stream);
        WA_AWAIT(co, wa_stream_wait_closed(co, f->h.stream));
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct main_frame {
    wa_coro co;
    wa_endpoint where;
    shared s;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_start_server(co, &f->where, client_step, sizeof(client_frame), NULL, &f->s, 0));
    f->s.server = co->value.as.ptr.p;
    {
        wa_sockaddr a;
        if (wa_server_sockname(f->s.server, &a) == 0) printf("serving on %s:%d\n", a.host, a.port);
    }
    /* close() from the last client cancels serve_forever: that is our end */
    WA_AWAIT_TRY(co, wa_server_serve_forever(co, f->s.server), f->err);
    if (f->err && !(wa_error_is(f->err, WA_CANCELLED_ERROR) && f->s.clients && f->s.gone == f->s.clients)) {
        wa_server_free(f->s.server);
        WA_RAISE(co, wa_error_ref(f->err));
    }
    WA_AWAIT(co, wa_server_wait_closed(co, f->s.server));
    printf("served %d client%s, bye\n", f->s.gone, f->s.gone == 1 ? "" : "s");
    wa_server_free(f->s.server);
    WA_END(co);
}

static int usage(const char *why) {
    fprintf(stderr, "echo_server: %s\nusage: echo_server [PORT] [--once | --clients N]\n", why);
    return 2;
}

/* A whole decimal number in [lo, hi], or -1. */
static long number(const char *text, long lo, long hi) {
    char *end;
    long n = strtol(text, &end, 10);
    return *text && !*end && n >= lo && n <= hi ? n : -1;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);   /* a demo reads the port as it is printed */
    main_frame init = {.where = {.host = "127.0.0.1", .port = 8888}};
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--once") == 0) {
            init.s.clients = 1;
        } else if (strcmp(argv[i], "--clients") == 0) {
            if (i + 1 == argc || (init.s.clients = (int)number(argv[++i], 1, 1000000)) < 0)
                return usage("--clients takes a count from 1");
        } else if ((init.where.port = (int)number(argv[i], 0, 65535)) < 0) {
            return usage("PORT must be a number from 0 to 65535");
        }
    }
    return wa_main(main_step, sizeof init, &init, NULL);
}
