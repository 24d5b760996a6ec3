/*
 * no-new-sockets.c — making sockets in a build that cannot (WASI
 * preview 1 has no socket(), connect() or bind(); Emscripten's glue build
 * none at all): each fails with -ENOSYS, and the core raises "sockets are
 * not available in this build" before it gets this far.  Serving on a
 * socket handed over (accept, shutdown) is wasi.c's or no-fd-io.c's.
 */
#include <errno.h>

#include "net.h"

bool wa__net_available(void) { return false; }
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
long wa__net_recvfrom(int sock, void *buf, size_t len, wa_sockaddr *from) {
    (void)sock, (void)buf, (void)len, (void)from;
    return -ENOSYS;
}
long wa__net_sendto(int sock, const void *buf, size_t len, const wa_sockaddr *to) {
    (void)sock, (void)buf, (void)len, (void)to;
    return -ENOSYS;
}
int wa__net_error(int sock) {
    (void)sock;
    return -ENOSYS;
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
