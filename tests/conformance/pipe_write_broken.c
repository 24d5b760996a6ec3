/* Writing to a pipe whose reader has closed: the write fails with EPIPE,
 * which the process survives (CPython ignores SIGPIPE; the C library keeps
 * SIGPIPE from the write instead), and the stream's transport is lost with
 * BrokenPipeError(32, "Broken pipe").  The first drain() sees the closing
 * transport, yields so connection_lost runs, and raises
 * ConnectionResetError("Connection lost"); the next one, and wait_closed(),
 * raise the BrokenPipeError itself.
 * native-only: pipe(2) */
#include <unistd.h>

#include "trace.h"

typedef struct {
    wa_coro co;
    wa_stream *w;
    int i;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    {
#ifdef __wasi__     /* built everywhere, run natively only */
        WA_RAISE(co, wa_error_new(WA_OS_ERROR, "WASI preview 1 has no pipe()"));
#else
        int fds[2];
        if (pipe(fds) != 0) WA_RAISE(co, wa_error_new(WA_OS_ERROR, "pipe() failed"));
        close(fds[0]);
        f->i = fds[1];
#endif
    }
    WA_AWAIT(co, wa_open_pipe(co, f->i, WA_PIPE_WRITE, 0));
    f->w = co->value.as.ptr.p;
    wa_stream_write(f->w, "hello", 5);
    NOTE("wrote, is_closing=%s", yes(wa_stream_is_closing(f->w)));
    for (f->i = 0; f->i < 2; f->i++) {
        WA_AWAIT_TRY(co, wa_stream_drain(co, f->w), f->err);
        if (!f->err) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "drain() returned"));
        note_raised("drain()", f->err);
    }
    WA_AWAIT_TRY(co, wa_stream_wait_closed(co, f->w), f->err);
    if (!f->err) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "wait_closed() returned"));
    note_raised("wait_closed()", f->err);
    wa_stream_free(f->w);
    NOTE("still running");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN_REAL(main_step, main_frame);
}
