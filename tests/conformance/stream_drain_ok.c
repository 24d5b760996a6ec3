/* drain() with the write buffer under the high-water mark returns without
 * suspending: a task started before it runs only at the next real
 * suspension.  On a closing writer, drain() yields once (so
 * connection_lost can run), then raises ConnectionResetError("Connection
 * lost"); so does every later drain.
 * native-only: sockets */
#include "trace.h"

typedef struct {
    wa_coro co;
    int n, i;
} ticker_frame;

static wa_status ticker(wa_coro *co) {
    ticker_frame *f = (ticker_frame *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < f->n; f->i++) {
        NOTE("tick %d", f->i);
        WA_YIELD(co);
    }
    WA_END(co);
}

typedef struct {
    wa_stream_handler h;
} handle_frame;

static wa_status handle(wa_coro *co) {
    handle_frame *f = (handle_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_stream_read(co, f->h.stream, -1));
    wa_stream_close(f->h.stream);
    WA_AWAIT(co, wa_stream_wait_closed(co, f->h.stream));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_endpoint where;
    wa_server *server;
    wa_stream *s;
    wa_task *ticks;
    char data[1000];
    int i;
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
    f->ticks = WA_SPAWN(wa_get_running_loop(), ticker, ticker_frame, .n = 4);
    memset(f->data, 'x', sizeof f->data);
    wa_stream_write(f->s, f->data, sizeof f->data);
    NOTE("wrote 1000 bytes, buffered %zu", wa_transport_get_write_buffer_size(wa_stream_transport(f->s)));
    WA_AWAIT(co, wa_stream_drain(co, f->s));
    NOTE("drain() returned");
    WA_AWAIT(co, wa_stream_drain(co, f->s));
    NOTE("drain() returned again");
    WA_YIELD(co);
    NOTE("after sleep(0)");
    wa_stream_close(f->s);
    NOTE("closed, is_closing=%s", yes(wa_stream_is_closing(f->s)));
    for (f->i = 0; f->i < 2; f->i++) {
        WA_AWAIT_TRY(co, wa_stream_drain(co, f->s), f->err);
        if (!f->err) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "drain() returned"));
        if (!wa_error_is(f->err, WA_CONNECTION_RESET_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        NOTE("drain() raised %s(%s)", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    }
    WA_AWAIT(co, f->ticks);
    wa_task_unref(f->ticks);
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
