/*
 * no-fd-io.c — reading and writing fds, and serving on a socket handed
 * over, in a build that can do neither (Emscripten's glue build): each call
 * fails with -ENOSYS.  WASI's counterpart, which can, is wasi.c; making
 * sockets is no-new-sockets.c's in both.
 */
#include <errno.h>

#include "net.h"

long wa__net_recv(int sock, void *buf, size_t len) {
    (void)sock, (void)buf, (void)len;
    return -ENOSYS;
}
long wa__net_send(int sock, const void *buf, size_t len) {
    (void)sock, (void)buf, (void)len;
    return -ENOSYS;
}
int wa__net_prepare_fd(int fd) {
    (void)fd;
    return -ENOSYS;
}
long wa__net_read(int fd, void *buf, size_t len) {
    (void)fd, (void)buf, (void)len;
    return -ENOSYS;
}
long wa__net_write(int fd, const void *buf, size_t len) {
    (void)fd, (void)buf, (void)len;
    return -ENOSYS;
}
int wa__net_listen_on(int sock, int backlog) {
    (void)sock, (void)backlog;
    return -ENOSYS;
}
int wa__net_accept(int sock, int *conn, wa_sockaddr *peer) {
    (void)sock, (void)conn, (void)peer;
    return -ENOSYS;
}
int wa__net_shutdown_write(int sock) {
    (void)sock;
    return -ENOSYS;
}
void wa__net_close(int sock) { (void)sock; }
const char *wa__net_strerror(int e) {
    (void)e;
    return "sockets are not available in this build";
}
