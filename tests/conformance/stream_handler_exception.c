/* An exception escaping a start_server handler goes to the loop's
 * exception handler as "Unhandled exception in client_connected_cb", and
 * the connection is closed: the client reads EOF.  The server goes on
 * serving the next client.
 * native-only: sockets */
#include "trace.h"

static void on_exception(wa_loop *loop, const wa_context *ctx, void *arg) {
    (void)loop, (void)arg;
    wa_error *e = ctx->exception;
    NOTE("exception handler: %s: %s(%s)", ctx->message, e ? wa_error_type_of(e)->name : "NoneType",
         e ? wa_error_message(e) : "None");
}

typedef struct {
    wa_stream_handler h;
} handle_frame;

static wa_status handle(wa_coro *co) {
    handle_frame *f = (handle_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_stream_readline(co, f->h.stream));
    NOTE("server: got %s", BREPR(co->value));
    if (co->value.as.buf.len == 5 && memcmp(co->value.as.buf.data, "boom\n", 5) == 0)
        WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "the client said boom"));
    wa_stream_write(f->h.stream, "fine\n", 5);
    WA_AWAIT(co, wa_stream_drain(co, f->h.stream));
    wa_stream_close(f->h.stream);
    WA_AWAIT(co, wa_stream_wait_closed(co, f->h.stream));
    WA_END(co);
}

static const char *const words[] = {"boom\n", "hello\n"};

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
    wa_loop_set_exception_handler(wa_get_running_loop(), on_exception, NULL);
    f->where = (wa_endpoint){.host = "127.0.0.1", .port = 0};
    WA_AWAIT(co, wa_start_server(co, &f->where, handle, sizeof(handle_frame), NULL, NULL, 0));
    f->server = co->value.as.ptr.p;
    {
        wa_sockaddr a;
        wa_server_sockname(f->server, &a);
        f->where.port = a.port;
    }
    for (f->i = 0; f->i < 2; f->i++) {
        WA_AWAIT(co, wa_open_connection(co, &f->where, 0));
        f->s = co->value.as.ptr.p;
        wa_stream_write(f->s, words[f->i], strlen(words[f->i]));
        WA_AWAIT(co, wa_stream_read(co, f->s, -1));
        NOTE("client: read() -> %s, at_eof=%s", BREPR(co->value), yes(wa_stream_at_eof(f->s)));
        wa_stream_close(f->s);
        WA_AWAIT(co, wa_stream_wait_closed(co, f->s));
        wa_stream_free(f->s);
    }
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
