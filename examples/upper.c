/*
 * upper.c — stdin and stdout as streams: reads lines as they come and
 * writes each back in capitals, then the line count, until end of input.
 * Natively the fds are polled with epoll, under WASI with poll_oneoff;
 * meanwhile the loop stays free for other tasks.
 *
 *     printf 'one\ntwo\n' | ./upper
 */
#include <ctype.h>
#include <stdio.h>

#include "wasyncio.h"

typedef struct upper_frame {
    wa_coro co;
    wa_stream *in, *out;
    int lines;
} upper_frame;

static wa_status upper_step(wa_coro *co) {
    upper_frame *f = (upper_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_open_pipe(co, 0, WA_PIPE_READ, 0));
    f->in = co->value.as.ptr.p;
    WA_AWAIT(co, wa_open_pipe(co, 1, WA_PIPE_WRITE, 0));
    f->out = co->value.as.ptr.p;
    for (;;) {
        WA_AWAIT(co, wa_stream_readline(co, f->in));
        if (co->value.as.buf.len == 0) break;   /* end of input */
        char line[256];
        size_t n = co->value.as.buf.len < sizeof line ? co->value.as.buf.len : sizeof line;
        for (size_t i = 0; i < n; i++) line[i] = (char)toupper((unsigned char)co->value.as.buf.data[i]);
        wa_stream_write(f->out, line, n);
        WA_AWAIT(co, wa_stream_drain(co, f->out));
        f->lines++;
    }
    {
        char tail[48];
        int n = snprintf(tail, sizeof tail, "%d lines\n", f->lines);
        wa_stream_write(f->out, tail, (size_t)n);
    }
    wa_stream_close(f->out);
    WA_AWAIT(co, wa_stream_wait_closed(co, f->out));
    wa_stream_free(f->out);
    wa_stream_free(f->in);
    WA_END(co);
}

int main(void) {
    wa_error *err = NULL;
    int rc = wa_run(upper_step, sizeof(upper_frame), &(upper_frame){.lines = 0}, NULL, NULL, &err);
    if (rc == WA_EEXCEPTION) {
        char text[256];
        wa_error_format(err, text, sizeof text);
        fprintf(stderr, "upper: %s\n", text);
        wa_error_unref(err);
    }
    return rc == WA_OK ? 0 : 1;
}
