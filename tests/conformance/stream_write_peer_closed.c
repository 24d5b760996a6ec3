/* Writing on a unix stream socket whose peer has closed: send() fails with
 * EPIPE, which the process survives (CPython ignores SIGPIPE; the C library
 * sends with MSG_NOSIGNAL, sets SO_NOSIGPIPE, or blocks SIGPIPE around the
 * send), and the transport is lost with BrokenPipeError(32, "Broken pipe").
 * After end of file the transport stays open (StreamReaderProtocol keeps
 * it), so the write is tried; the first drain() raises
 * ConnectionResetError("Connection lost"), the next one and wait_closed()
 * the BrokenPipeError.
 * native-only: sockets */
#include <unistd.h>

#include "trace.h"

typedef struct {
    wa_stream_handler h;
} handle_frame;

static wa_status handle(wa_coro *co) {
    handle_frame *f = (handle_frame *)co;
    WA_BEGIN(co);
    wa_stream_close(f->h.stream);
    WA_AWAIT(co, wa_stream_wait_closed(co, f->h.stream));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    char path[64];
    wa_endpoint where;
    wa_server *server;
    wa_stream *s;
    int i;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
#ifdef __wasi__     /* built everywhere, run natively only; WASI has no getpid() */
    snprintf(f->path, sizeof f->path, "/tmp/wasyncio-conf.sock");
#else
    snprintf(f->path, sizeof f->path, "/tmp/wasyncio-conf-%ld.sock", (long)getpid());
#endif
    f->where = (wa_endpoint){.path = f->path};
    WA_AWAIT(co, wa_start_server(co, &f->where, handle, sizeof(handle_frame), NULL, NULL, 0));
    f->server = co->value.as.ptr.p;
    WA_AWAIT(co, wa_open_connection(co, &f->where, 0));
    f->s = co->value.as.ptr.p;
    WA_AWAIT(co, wa_stream_read(co, f->s, -1));
    NOTE("read %zu bytes, at_eof=%s", co->value.as.buf.len, yes(wa_stream_at_eof(f->s)));
    wa_stream_write(f->s, "hello", 5);
    NOTE("wrote, is_closing=%s", yes(wa_stream_is_closing(f->s)));
    for (f->i = 0; f->i < 2; f->i++) {
        WA_AWAIT_TRY(co, wa_stream_drain(co, f->s), f->err);
        if (!f->err) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "drain() returned"));
        note_raised("drain()", f->err);
    }
    WA_AWAIT_TRY(co, wa_stream_wait_closed(co, f->s), f->err);
    if (!f->err) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "wait_closed() returned"));
    note_raised("wait_closed()", f->err);
    wa_stream_free(f->s);
    wa_server_close(f->server);
    WA_AWAIT(co, wa_server_wait_closed(co, f->server));
    wa_server_free(f->server);
    remove(f->path);
    NOTE("still running");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN_REAL(main_step, main_frame);
}
