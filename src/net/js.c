/*
 * js.c — sockets through the npm package's loader: node:net and node:dgram
 * in Node (js/net.js), none in browsers, where every call fails with
 * -ENOSYS and wa__net_available() is false.
 *
 * A socket is a small int JS hands out.  JS cannot know this build's
 * <errno.h> (emcc's musl and wasi-libc number errors differently), so it
 * fails with the negated index of an error's name in a list both sides keep
 * in the same order (codes[] below, NET_ERRORS in js/abi.js).
 *
 * Node resolves names and binds asynchronously: a bind returns -EINPROGRESS
 * and the socket becomes writable once it is bound; a name passes through
 * wa__net_parse for Node to resolve as it connects or binds, since a build
 * without threads cannot run getaddrinfo aside.
 *
 * Readiness is JS's to see: it keeps each socket's received data, EOF,
 * error and writability, and the js hosts collect the ready sockets from
 * their wait() (wa__js_net_collect), never from inside a Node callback.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "js.h"
#include "net.h"
#include "../host/host.h"

#define JS_IMPORT(name) __attribute__((import_module("wasyncio"), import_name(#name)))

/* Each returns what its wa__net_* twin does, errors as -(index in codes[]). */
JS_IMPORT(net_available) int js_available(void);
JS_IMPORT(net_socket) int js_socket(int family, int type);
JS_IMPORT(net_connect) int js_connect(int sock, const wa_sockaddr *addr);
JS_IMPORT(net_bind) int js_bind(int sock, const wa_sockaddr *addr, int backlog);
JS_IMPORT(net_accept) int js_accept(int sock, wa_sockaddr *peer);
/* from NULL: a stream; to NULL: the connected peer. */
JS_IMPORT(net_recv) long js_recv(int sock, void *buf, size_t len, wa_sockaddr *from);
JS_IMPORT(net_send) long js_send(int sock, const void *buf, size_t len, const wa_sockaddr *to);
JS_IMPORT(net_shutdown) int js_shutdown(int sock);
JS_IMPORT(net_close) void js_close(int sock);
JS_IMPORT(net_error) int js_error(int sock);
JS_IMPORT(net_name) int js_name(int sock, int peer, wa_sockaddr *out);
/* 4 or 6 for a numeric IPv4 or IPv6 address, 0 for anything else. */
JS_IMPORT(net_ip) int js_ip(const char *host);
/* Readiness (js.h). */
JS_IMPORT(watch) int js_watch(int sock, int events, struct wa__io *io);
JS_IMPORT(io_next) struct wa__io *js_io_next(int *events);

/* NET_ERRORS in js/abi.js, in the same order; index 0 is unused. */
static const int codes[] = {
    0,           EAGAIN,       EINPROGRESS, ECONNREFUSED, ECONNRESET, ECONNABORTED, EPIPE,
    EADDRINUSE,  EADDRNOTAVAIL, EACCES,     ETIMEDOUT,    EHOSTUNREACH, ENETUNREACH, ENOTCONN,
    EDESTADDRREQ, EMSGSIZE,    EBADF,       EINVAL,       ENOSYS,     ENOENT,       EIO,
    EMFILE,      ENOMEM,       EAFNOSUPPORT, EPERM,       ENOBUFS,
    -WA__EAI_NONAME, -WA__EAI_AGAIN, -WA__EAI_FAIL,
};

_Static_assert(sizeof codes / sizeof *codes == WA__JS_NET_ERRORS, "js.h's count of codes[]");

static long check(long rc) {
    if (rc >= 0) return rc;
    return -rc < (long)(sizeof codes / sizeof *codes) ? -codes[-rc] : -EIO;
}

bool wa__net_available(void) { return js_available() == 1; }

int wa__net_socket(int family, wa__sock_type type, int *sock) {
    int rc = (int)check(js_socket(family, type));
    if (rc < 0) return rc;
    *sock = rc;
    return 0;
}

int wa__net_connect(int sock, const wa_sockaddr *addr) { return (int)check(js_connect(sock, addr)); }

int wa__net_bind(int sock, const wa_sockaddr *addr, wa__sock_type type, int backlog) {
    (void)type;     /* JS knows the socket's */
    return (int)check(js_bind(sock, addr, backlog));
}

int wa__net_listen_on(int sock, int backlog) {
    (void)sock, (void)backlog;
    return -ENOSYS;     /* node:net cannot adopt a socket of C's */
}

int wa__net_accept(int sock, int *conn, wa_sockaddr *peer) {
    memset(peer, 0, sizeof *peer);
    int rc = (int)check(js_accept(sock, peer));
    if (rc < 0) return rc;
    *conn = rc;
    return 0;
}

long wa__net_recv(int sock, void *buf, size_t len) { return check(js_recv(sock, buf, len, NULL)); }
long wa__net_send(int sock, const void *buf, size_t len) { return check(js_send(sock, buf, len, NULL)); }

long wa__net_recvfrom(int sock, void *buf, size_t len, wa_sockaddr *from) {
    memset(from, 0, sizeof *from);
    return check(js_recv(sock, buf, len, from));
}

long wa__net_sendto(int sock, const void *buf, size_t len, const wa_sockaddr *to) {
    return check(js_send(sock, buf, len, to));
}

/* Plain fds (pipes, stdio) have no readiness in the JS hosts. */
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

int wa__net_shutdown_write(int sock) { return (int)check(js_shutdown(sock)); }
void wa__net_close(int sock) { js_close(sock); }
int wa__net_error(int sock) { return (int)check(js_error(sock)); }

int wa__net_sockname(int sock, wa_sockaddr *out) {
    memset(out, 0, sizeof *out);
    return (int)check(js_name(sock, 0, out));
}

int wa__net_peername(int sock, wa_sockaddr *out) {
    memset(out, 0, sizeof *out);
    return (int)check(js_name(sock, 1, out));
}

int wa__net_parse(int family, const char *host, int port, wa_sockaddr *out) {
    memset(out, 0, sizeof *out);
    out->port = port;
    if (strlen(host) >= sizeof out->host) return -EINVAL;
    strcpy(out->host, host);
    if (family == WA_AF_UNIX) {
        out->family = WA_AF_UNIX;
        return 0;
    }
    int ip = (int)check(js_ip(host));
    if (ip < 0) return ip;
    if (ip == 4 && family != WA_AF_INET6) out->family = WA_AF_INET;
    else if (ip == 6 && family != WA_AF_INET) out->family = WA_AF_INET6;
    else if (ip == 0) out->family = family;     /* a name, for Node to resolve */
    else return -EINVAL;
    return 0;
}

/* The core only gets here for what wa__net_parse refused. */
int wa__net_resolve(const char *host, int port, int family, wa__sock_type type, bool passive,
                    wa_sockaddr *out, int max, const char **why) {
    (void)type;
    if (max < 1) return 0;
    if (!host) host = passive ? (family == WA_AF_INET6 ? "::" : "0.0.0.0") : "localhost";
    int rc = wa__net_parse(family, host, port, out);
    if (rc == -ENOSYS) *why = "sockets are not available in this build";
    else if (rc) *why = "the address does not match the family";
    return rc == -EINVAL ? -ENOENT : rc ? rc : 1;
}

const char *wa__net_strerror(int e) { return strerror(e); }

/* ---- readiness, for the js hosts ------------------------------------------ */

int wa__js_net_watch(int sock, int events, struct wa__io *io) {
    return js_watch(sock, events, io) ? WA_EINVAL : WA_OK;
}

int wa__js_net_collect(void) {
    int n = 0, events;
    struct wa__io *io;
    while ((io = js_io_next(&events))) {
        wa__io_ready(io, events);
        n++;
    }
    return n;
}
