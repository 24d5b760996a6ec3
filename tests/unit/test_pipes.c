/*
 * test_pipes.c — fds opened as pipes (wa_open_pipe) that the platform's
 * wait cannot watch as usual.  Regular files and /dev/null as stdin and
 * stdout are tested end to end in tests/node/pipes.test.mjs, natively and
 * under node:wasi (whose poll_oneoff refuses them).  Here: an fd closed
 * behind the loop's back, which poll(2) reports as POLLNVAL; the read must
 * raise OSError [Errno EBADF] and the loop go on.  It runs where the host
 * uses poll(2) only, and skips elsewhere (SKIP_WHY says why).
 */
#include <errno.h>
#include <unistd.h>

#include "harness.h"
#include "wasyncio_io.h"

#if !defined(__wasi__) && !defined(__EMSCRIPTEN__) && (!defined(__linux__) || defined(WA_USE_POLL))
#define POLL_HOST 1
#elif defined(__wasi__)
#define SKIP_WHY "a WASI module has only its stdio to close, and node:wasi aborts when one is closed"
#elif defined(__EMSCRIPTEN__)
#define SKIP_WHY "this build watches no fds"
#else
#define SKIP_WHY "epoll forgets a closed fd (the read would wait forever, as asyncio's would): the poll build runs it"
#endif

#ifdef POLL_HOST

typedef struct closed_result {
    int err_errno;
    char text[128];
    bool went_on;
} closed_result;

typedef struct closed_frame {
    wa_coro co;
    int fd;
    closed_result *out;
    wa_stream *in;
    wa_error *err;
} closed_frame;

static wa_status closed_fd_step(wa_coro *co) {
    closed_frame *f = (closed_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_open_pipe(co, f->fd, WA_PIPE_READ, 0));
    f->in = co->value.as.ptr.p;
    close(f->fd);       /* behind the stream's back: it still owns fd */
    WA_AWAIT_TRY(co, wa_stream_readline(co, f->in), f->err);
    if (f->err) {
        f->out->err_errno = wa_error_errno(f->err);
        wa_error_format(f->err, f->out->text, sizeof f->out->text);
    }
    WA_AWAIT(co, wa_sleep(co, 0));
    f->out->went_on = true;
    wa_stream_free(f->in);
    WA_END(co);
}

#endif

TEST(pipes_fd_closed_behind_the_loop_raises_ebadf) {
#ifndef POLL_HOST
    SKIP(SKIP_WHY);
#else
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);    /* the writer stays open: the reader must not be at EOF */
    closed_result out = {0};
    int rc = wa_run(closed_fd_step, sizeof(closed_frame), &(closed_frame){.fd = fds[0], .out = &out}, NULL, NULL, NULL);
    close(fds[1]);
    ASSERT_EQ(rc, WA_OK);
    ASSERT(out.went_on);
    ASSERT_EQ(out.err_errno, EBADF);
    ASSERT_CONTAINS(out.text, "OSError: [Errno");
    ASSERT_CONTAINS(out.text, strerror(EBADF));
#endif
}
