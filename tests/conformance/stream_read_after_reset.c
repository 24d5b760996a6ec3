/* A connection reset while data is still buffered: the server sends
 * b'partial', then closes with bytes it never read in its socket, so the
 * client gets a reset (ECONNRESET) after the data.  wait_closed() raises
 * ConnectionResetError; from then on every read raises it too, read(n)
 * included, although b'partial' is still buffered: asyncio's StreamReader
 * raises its exception before it looks at its buffer.
 * native-only: sockets */
#include "trace.h"

typedef struct {
    wa_event *paused, *go;
} shared;

typedef struct {
    wa_stream_handler h;
} handle_frame;

static wa_status handle(wa_coro *co) {
    handle_frame *f = (handle_frame *)co;
    shared *sh = f->h.arg;
    WA_BEGIN(co);
    wa_transport_pause_reading(wa_stream_transport(f->h.stream));
    wa_stream_write(f->h.stream, "partial", 7);
    wa_event_set(sh->paused);
    WA_AWAIT(co, wa_event_wait(co, sh->go));
    wa_stream_close(f->h.stream);     /* unread bytes in the socket: the kernel resets */
    WA_AWAIT(co, wa_stream_wait_closed(co, f->h.stream));
    WA_END(co);
}

static const char *describe(wa_error *e) {
    static char out[128];
    snprintf(out, sizeof out, "%s %s", wa_error_type_of(e)->name, errno_name(wa_error_errno(e)));
    return out;
}

static const char *const calls[] = {"read(100)", "readline()", "read()"};

typedef struct {
    wa_coro co;
    wa_endpoint where;
    wa_server *server;
    wa_stream *s;
    shared sh;
    int i;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->sh.paused = wa_event_new(loop);
    f->sh.go = wa_event_new(loop);
    f->where = (wa_endpoint){.host = "127.0.0.1", .port = 0};
    WA_AWAIT(co, wa_start_server(co, &f->where, handle, sizeof(handle_frame), NULL, &f->sh, 0));
    f->server = co->value.as.ptr.p;
    {
        wa_sockaddr a;
        wa_server_sockname(f->server, &a);
        f->where.port = a.port;
    }
    WA_AWAIT(co, wa_open_connection(co, &f->where, 0));
    f->s = co->value.as.ptr.p;
    WA_AWAIT(co, wa_event_wait(co, f->sh.paused));
    wa_stream_write(f->s, "never read", 10);
    WA_AWAIT(co, wa_sleep(co, 0.1));    /* b'partial' arrives; our bytes reach the server's socket */
    wa_event_set(f->sh.go);
    WA_AWAIT_TRY(co, wa_stream_wait_closed(co, f->s), f->err);
    if (f->err && !wa_error_is(f->err, WA_CONNECTION_RESET_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    if (f->err)
        NOTE("wait_closed() raised %s", describe(f->err));
    else
        NOTE("wait_closed() returned");
    for (f->i = 0; f->i < 3; f->i++) {
        if (f->i == 0) {
            WA_AWAIT_TRY(co, wa_stream_read(co, f->s, 100), f->err);
        } else if (f->i == 1) {
            WA_AWAIT_TRY(co, wa_stream_readline(co, f->s), f->err);
        } else {
            WA_AWAIT_TRY(co, wa_stream_read(co, f->s, -1), f->err);
        }
        if (f->err && !wa_error_is(f->err, WA_CONNECTION_RESET_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        if (f->err)
            NOTE("%s raised %s", calls[f->i], describe(f->err));
        else
            NOTE("%s -> %s", calls[f->i], BREPR(co->value));
    }
    wa_stream_free(f->s);
    wa_server_close(f->server);
    WA_AWAIT(co, wa_server_wait_closed(co, f->server));
    wa_server_free(f->server);
    wa_event_free(f->sh.paused);
    wa_event_free(f->sh.go);
    NOTE("done");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN_REAL(main_step, main_frame);
}
