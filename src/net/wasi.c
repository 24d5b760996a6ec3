/*
 * wasi.c — what WASI preview 1 offers: plain fds (stdin, stdout, pipes)
 * read and written without blocking, and sockets the runtime pre-opened
 * (wasmtime --tcplisten), which a server accepts from with sock_accept.
 * Nothing opens a socket (preview 1 has no socket(), connect() or bind()):
 * those calls are no-new-sockets.c's, and connecting and listening on an
 * address fail with "sockets are not available in this build".
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <wasi/api.h>

#include "net.h"

int wa__net_prepare_fd(int fd) {
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0) return errno ? -errno : -EBADF;
    /* some runtimes refuse the flag for stdio; poll_oneoff still says when
     * a read will not block */
    fcntl(fd, F_SETFL, fl | O_NONBLOCK);
    return 0;
}
long wa__net_read(int fd, void *buf, size_t len) {
    ssize_t n = read(fd, buf, len);
    return n >= 0 ? (long)n : errno == EWOULDBLOCK ? -EAGAIN : -errno;
}
long wa__net_write(int fd, const void *buf, size_t len) {
    ssize_t n = write(fd, buf, len);
    return n >= 0 ? (long)n : errno == EWOULDBLOCK ? -EAGAIN : -errno;
}
int wa__net_listen_on(int sock, int backlog) {
    (void)backlog;      /* the runtime made it listen */
    __wasi_fdstat_t st;
    __wasi_errno_t e = __wasi_fd_fdstat_get((__wasi_fd_t)sock, &st);
    if (e) return -(int)e;
    if (st.fs_filetype != __WASI_FILETYPE_SOCKET_STREAM) return -ENOTSOCK;
    e = __wasi_fd_fdstat_set_flags((__wasi_fd_t)sock, st.fs_flags | __WASI_FDFLAGS_NONBLOCK);
    return e ? -(int)e : 0;
}
int wa__net_accept(int sock, int *conn, wa_sockaddr *peer) {
    __wasi_fd_t fd;
    __wasi_errno_t e = __wasi_sock_accept((__wasi_fd_t)sock, __WASI_FDFLAGS_NONBLOCK, &fd);
    if (e) return -(int)e;      /* WASI's errnos are wasi-libc's */
    memset(peer, 0, sizeof *peer);      /* preview 1 does not say who connected */
    *conn = (int)fd;
    return 0;
}
int wa__net_shutdown_write(int sock) {
    __wasi_errno_t e = __wasi_sock_shutdown((__wasi_fd_t)sock, __WASI_SDFLAGS_WR);
    return e ? -(int)e : 0;
}
long wa__net_recv(int sock, void *buf, size_t len) { return wa__net_read(sock, buf, len); }
long wa__net_send(int sock, const void *buf, size_t len) { return wa__net_write(sock, buf, len); }
void wa__net_close(int sock) { close(sock); }
const char *wa__net_strerror(int e) { return strerror(e); }
