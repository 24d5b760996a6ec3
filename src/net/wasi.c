/*
 * wasi.c — what WASI preview 1 offers: plain fds (stdin, stdout, pipes)
 * read and written without blocking, and nothing to open a socket with
 * (preview 1 has no socket(), connect() or bind()), so connecting and
 * listening fail with "sockets are not available in this build".
 */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "net.h"

bool wa__net_available(void) { return false; }

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

int wa__net_socket(int family, wa__sock_type type, int *sock) {
    (void)family, (void)type, (void)sock;
    return -ENOSYS;
}
int wa__net_connect(int sock, const wa_sockaddr *addr) {
    (void)sock, (void)addr;
    return -ENOSYS;
}
int wa__net_bind(int sock, const wa_sockaddr *addr, wa__sock_type type, int backlog) {
    (void)sock, (void)addr, (void)type, (void)backlog;
    return -ENOSYS;
}
int wa__net_accept(int sock, int *conn, wa_sockaddr *peer) {
    (void)sock, (void)conn, (void)peer;
    return -ENOSYS;
}
long wa__net_recv(int sock, void *buf, size_t len) { return wa__net_read(sock, buf, len); }
long wa__net_send(int sock, const void *buf, size_t len) { return wa__net_write(sock, buf, len); }
long wa__net_recvfrom(int sock, void *buf, size_t len, wa_sockaddr *from) {
    (void)sock, (void)buf, (void)len, (void)from;
    return -ENOSYS;
}
long wa__net_sendto(int sock, const void *buf, size_t len, const wa_sockaddr *to) {
    (void)sock, (void)buf, (void)len, (void)to;
    return -ENOSYS;
}
int wa__net_shutdown_write(int sock) {
    (void)sock;
    return -ENOSYS;
}
void wa__net_close(int sock) { close(sock); }
int wa__net_error(int sock) {
    (void)sock;
    return 0;
}
int wa__net_sockname(int sock, wa_sockaddr *out) {
    (void)sock, (void)out;
    return -ENOSYS;
}
int wa__net_peername(int sock, wa_sockaddr *out) {
    (void)sock, (void)out;
    return -ENOSYS;
}
int wa__net_parse(int family, const char *host, int port, wa_sockaddr *out) {
    (void)family, (void)host, (void)port, (void)out;
    return -ENOSYS;
}
int wa__net_resolve(const char *host, int port, int family, wa__sock_type type, bool passive,
                    wa_sockaddr *out, int max, const char **why) {
    (void)host, (void)port, (void)family, (void)type, (void)passive, (void)out, (void)max;
    *why = "sockets are not available in this build";
    return -ENOSYS;
}
const char *wa__net_strerror(int e) { return strerror(e); }
