/*
 * echo_client.c — asyncio's "TCP echo client using streams", a few lines
 * at a time: the C version of Python's
 *
 *     reader, writer = await asyncio.open_connection('127.0.0.1', 8888)
 *     for message in messages:
 *         writer.write(message.encode() + b'\n')
 *         await writer.drain()
 *         print(f'received {(await reader.readline()).decode()!r}')
 *     writer.close()
 *     await writer.wait_closed()
 *
 * Usage: echo_client [PORT] [MESSAGE...]: connects to 127.0.0.1:PORT (8888
 * by default; examples/echo_server.c listens there), sends each message as
 * a line (three greetings by default) and prints what comes back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasyncio.h"

static const char *const greetings[] = {"hello", "from wasyncio", "bye"};

typedef struct main_frame {
    wa_coro co;
    wa_endpoint where;
    const char *const *messages;
    int count, i;
    wa_stream *s;
    wa_finally fin;
} main_frame;

static void release(void *arg) {
    main_frame *f = arg;
    wa_stream_free(f->s);       /* closes it if still open */
    f->s = NULL;
}

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_open_connection(co, &f->where, 0));
    f->s = co->value.as.ptr.p;
    printf("connected to %s:%d\n", f->where.host, f->where.port);
    WA_WITH(co, wa_finally_enter(&f->fin, release, f)) {
        for (f->i = 0; f->i < f->count; f->i++) {
            const char *m = f->messages[f->i];
            printf("send     '%s'\n", m);
            if (wa_stream_write(f->s, m, strlen(m)) || wa_stream_write(f->s, "\n", 1))
                WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "%s", wa_last_error()));
            WA_AWAIT(co, wa_stream_drain(co, f->s));
            WA_AWAIT(co, wa_stream_readline(co, f->s));
            if (co->value.as.buf.len == 0)
                WA_RAISE(co, wa_error_new(WA_CONNECTION_RESET_ERROR, "the server closed the connection"));
            printf("received '%.*s'\n", (int)strcspn(co->value.as.buf.data, "\r\n"), co->value.as.buf.data);
        }
        printf("close the connection\n");
        wa_stream_close(f->s);
        WA_AWAIT(co, wa_stream_wait_closed(co, f->s));
    }
    WA_WITH_END(co);
    WA_END(co);
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IONBF, 0);
    main_frame init = {.where = {.host = "127.0.0.1", .port = 8888}, .messages = greetings, .count = 3};
    if (argc > 1) {
        char *end;
        long port = strtol(argv[1], &end, 10);
        if (!*argv[1] || *end || port < 1 || port > 65535) {
            fprintf(stderr, "echo_client: PORT must be a number from 1 to 65535\n"
                            "usage: echo_client [PORT] [MESSAGE...]\n");
            return 2;
        }
        init.where.port = (int)port;
    }
    if (argc > 2) {
        init.messages = (const char *const *)argv + 2;
        init.count = argc - 2;
    }
    return wa_main(main_step, sizeof init, &init, NULL);
}
