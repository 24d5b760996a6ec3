/*
 * wasi.c — what WASI preview 1 offers: plain fds (stdin, stdout, pipes)
 * read and written without blocking, and nothing to open a socket with
 * (preview 1 has no socket(), connect() or bind()): the socket calls are
 * nosockets.c's, and connecting and listening fail with "sockets are not
 * available in this build".
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

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
long wa__net_recv(int sock, void *buf, size_t len) { return wa__net_read(sock, buf, len); }
long wa__net_send(int sock, const void *buf, size_t len) { return wa__net_write(sock, buf, len); }
void wa__net_close(int sock) { close(sock); }
const char *wa__net_strerror(int e) { return strerror(e); }
