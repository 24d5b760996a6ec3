/* Writing where the reader has gone, to a pipe whose read end is closed and
 * on a unix stream socket whose peer has closed: the write fails with EPIPE,
 * which the process survives (CPython ignores SIGPIPE; the C library blocks
 * it around pipe writes and sends with MSG_NOSIGNAL or SO_NOSIGPIPE), and
 * the transport is lost with BrokenPipeError(32, "Broken pipe").  The first
 * drain() sees the closing transport, yields so connection_lost runs, and
 * raises ConnectionResetError("Connection lost"); the next one and
 * wait_closed() raise the BrokenPipeError itself.  (After end of file the
 * socket's transport stays open, as StreamReaderProtocol keeps it, so the
 * write is tried.)
 * native-only: pipe(2) and sockets */
#include <unistd.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    wa_stream *s;
    int i;
    wa_error *err;
} gone_frame;

static wa_status write_to_gone_reader(wa_coro *co) {
    gone_frame *f = (gone_frame *)co;
    WA_BEGIN(co);
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
    WA_END(co);
}

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
    int fd;
    char path[64];
    wa_endpoint where;
    wa_server *server;
    wa_stream *s;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
#ifdef __wasi__     /* built everywhere, run natively only: WASI has no pipe() or getpid() */
    WA_RAISE(co, wa_error_new(WA_OS_ERROR, "no pipe() under WASI"));
#else
    {
        int fds[2];
        if (pipe(fds) != 0) WA_RAISE(co, wa_error_new(WA_OS_ERROR, "pipe() failed"));
        close(fds[0]);
        f->fd = fds[1];
    }
    snprintf(f->path, sizeof f->path, "/tmp/wasyncio-conf-%ld.sock", (long)getpid());
#endif
    WA_AWAIT(co, wa_open_pipe(co, f->fd, WA_PIPE_WRITE, 0));
    f->s = co->value.as.ptr.p;
    WA_AWAIT_CALL(co, write_to_gone_reader, gone_frame, .s = f->s);
    wa_stream_free(f->s);

    f->where = (wa_endpoint){.path = f->path};
    WA_AWAIT(co, wa_start_server(co, &f->where, handle, sizeof(handle_frame), NULL, NULL, 0));
    f->server = co->value.as.ptr.p;
    WA_AWAIT(co, wa_open_connection(co, &f->where, 0));
    f->s = co->value.as.ptr.p;
    WA_AWAIT(co, wa_stream_read(co, f->s, -1));
    NOTE("read %zu bytes, at_eof=%s", co->value.as.buf.len, yes(wa_stream_at_eof(f->s)));
    WA_AWAIT_CALL(co, write_to_gone_reader, gone_frame, .s = f->s);
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
