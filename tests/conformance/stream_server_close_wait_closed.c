/* Server.close() stops listening at once (is_serving() turns False, a new
 * connection is refused) but leaves the connections it made alone: the
 * client still gets its echo.  wait_closed() and serve_forever() (which
 * close() cancels) finish only once the last connection is gone, and
 * wait_closed() after that returns at once.
 * native-only: sockets */
#include "trace.h"

typedef struct {
    wa_stream_handler h;
} handle_frame;

static wa_status handle(wa_coro *co) {
    handle_frame *f = (handle_frame *)co;
    WA_BEGIN(co);
    for (;;) {
        WA_AWAIT(co, wa_stream_readline(co, f->h.stream));
        if (co->value.as.buf.len == 0) break;
        wa_stream_write(f->h.stream, co->value.as.buf.data, co->value.as.buf.len);
        WA_AWAIT(co, wa_stream_drain(co, f->h.stream));
    }
    NOTE("server: client gone, closing");
    wa_stream_close(f->h.stream);
    WA_AWAIT(co, wa_stream_wait_closed(co, f->h.stream));
    WA_END(co);
}

/* A task awaiting serve_forever() or wait_closed(). */
typedef struct {
    wa_coro co;
    wa_server *server;
    bool forever;
} server_wait_frame;

static wa_status server_wait(wa_coro *co) {
    server_wait_frame *f = (server_wait_frame *)co;
    WA_BEGIN(co);
    if (f->forever) {
        WA_AWAIT(co, wa_server_serve_forever(co, f->server));
    } else {
        WA_AWAIT(co, wa_server_wait_closed(co, f->server));
    }
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_endpoint where;
    wa_server *server;
    wa_stream *s;
    wa_task *forever, *closed;
    wa_future *both[2];
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->where = (wa_endpoint){.host = "127.0.0.1", .port = 0};
    WA_AWAIT(co, wa_start_server(co, &f->where, handle, sizeof(handle_frame), NULL, NULL, 0));
    f->server = co->value.as.ptr.p;
    {
        wa_sockaddr a;
        wa_server_sockname(f->server, &a);
        f->where.port = a.port;
    }
    f->forever = WA_SPAWN(loop, server_wait, server_wait_frame, .server = f->server, .forever = true);
    WA_YIELD(co);
    NOTE("is_serving=%s", yes(wa_server_is_serving(f->server)));
    WA_AWAIT(co, wa_open_connection(co, &f->where, 0));
    f->s = co->value.as.ptr.p;
    wa_stream_write(f->s, "ping\n", 5);
    WA_AWAIT(co, wa_stream_readline(co, f->s));
    NOTE("client: %s", BREPR(co->value));
    wa_server_close(f->server);
    NOTE("closed: is_serving=%s", yes(wa_server_is_serving(f->server)));
    f->closed = WA_SPAWN(loop, server_wait, server_wait_frame, .server = f->server);
    WA_AWAIT_TRY(co, wa_open_connection(co, &f->where, 0), f->err);
    if (!f->err) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "a closed server accepted a connection"));
    if (!wa_error_is(f->err, WA_OS_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    NOTE("new connection: %s %s", wa_error_type_of(f->err)->name, errno_name(wa_error_errno(f->err)));
    wa_stream_write(f->s, "still there?\n", 13);
    WA_AWAIT(co, wa_stream_readline(co, f->s));
    NOTE("client: %s", BREPR(co->value));
    f->both[0] = wa_task_future(f->forever);
    f->both[1] = wa_task_future(f->closed);
    WA_AWAIT(co, wa_wait(co, f->both, 2, 0.1, WA_ALL_COMPLETED));
    NOTE("after 0.1 s: serve_forever done=%s, wait_closed done=%s", yes(wa_future_done(f->both[0])),
         yes(wa_future_done(f->both[1])));
    wa_stream_close(f->s);
    WA_AWAIT(co, wa_stream_wait_closed(co, f->s));
    WA_AWAIT(co, f->closed);
    NOTE("wait_closed() returned");
    WA_AWAIT_TRY(co, f->forever, f->err);
    if (!f->err) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "serve_forever() returned"));
    if (!wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    NOTE("serve_forever() raised CancelledError, cancelled=%s", yes(wa_future_cancelled(f->both[0])));
    WA_AWAIT(co, wa_server_wait_closed(co, f->server));
    NOTE("wait_closed() again returned");
    wa_task_unref(f->forever);
    wa_task_unref(f->closed);
    wa_stream_free(f->s);
    wa_server_free(f->server);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN_REAL(main_step, main_frame);
}
