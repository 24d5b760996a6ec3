/*
 * net.h — the sockets a build offers, as the core needs them: BSD sockets
 * natively (posix.c), the pre-opened sockets of WASI (wasi.c), node:net
 * through the package's loader (js.c), and none at all where a build has
 * no network (no-fd-io.c, no-new-sockets.c).
 *
 * A socket is a small int (an fd natively).  Every socket is non-blocking.
 * Calls return 0 (or a count) on success and a negative errno from
 * <errno.h> on failure: -EAGAIN when the call would block.  Readiness is
 * watched through the host (host.h's watch), the way libuv splits uv__io
 * from its platform's socket calls.
 */
#ifndef WA_NET_H
#define WA_NET_H

#include <stddef.h>

#include "wasyncio.h"

/* SOCK_STREAM or SOCK_DGRAM, as the core names them. */
typedef enum wa__sock_type { WA__SOCK_STREAM = 1, WA__SOCK_DGRAM = 2 } wa__sock_type;

/* False when every call fails with -ENOSYS. */
bool wa__net_available(void);

/* A new non-blocking socket for addr's family. */
int wa__net_socket(int family, wa__sock_type type, int *sock);
/* Starts connecting: 0 when connected at once, -EINPROGRESS when the socket
 * becomes writable once it is done (then wa__net_error says how it went). */
int wa__net_connect(int sock, const wa_sockaddr *addr);
/* Binds (with SO_REUSEADDR for streams, as asyncio's servers do) and, for
 * streams, listens with backlog.  0, or -EINPROGRESS where binding
 * completes later (node:net resolves first): the socket becomes writable
 * once it is done, then wa__net_error says how it went, as for connect. */
int wa__net_bind(int sock, const wa_sockaddr *addr, wa__sock_type type, int backlog);
/* Serves on sock, a bound stream socket handed over (asyncio's sock=):
 * makes it non-blocking and listening with backlog where the platform can
 * (WASI: it must listen already).  0; -ENOTSOCK when it is not a stream
 * socket; -ENOSYS where sockets cannot be adopted; another -errno. */
int wa__net_listen_on(int sock, int backlog);
/* A new non-blocking socket for a pending connection; *peer its address
 * (family WA_AF_UNSPEC where the platform does not say, as WASI). */
int wa__net_accept(int sock, int *conn, wa_sockaddr *peer);
/* Bytes read (0: end of stream) or a negative errno. */
long wa__net_recv(int sock, void *buf, size_t len);
long wa__net_send(int sock, const void *buf, size_t len);
long wa__net_recvfrom(int sock, void *buf, size_t len, wa_sockaddr *from);
/* to NULL: the connected peer. */
long wa__net_sendto(int sock, const void *buf, size_t len, const wa_sockaddr *to);
/* Pipes and other plain fds (stdin, stdout): read(2) and write(2), and
 * making fd non-blocking where the platform lets a program choose. */
int wa__net_prepare_fd(int fd);
long wa__net_read(int fd, void *buf, size_t len);
long wa__net_write(int fd, const void *buf, size_t len);
/* Half-closes the writing side (write_eof). */
int wa__net_shutdown_write(int sock);
void wa__net_close(int sock);
/* The pending error (SO_ERROR) as a negative errno, 0 when none. */
int wa__net_error(int sock);
int wa__net_sockname(int sock, wa_sockaddr *out);
int wa__net_peername(int sock, wa_sockaddr *out);
/* Parses a numeric address (IPv4, IPv6, or a unix path for WA_AF_UNIX):
 * 0, or -EINVAL when host is not numeric.  js.c takes names as well (with
 * family as given): Node resolves them as it connects or binds. */
int wa__net_parse(int family, const char *host, int port, wa_sockaddr *out);
/*
 * Name resolution failures, returned beside negative errnos: from
 * wa__net_resolve, and from a connect or bind under Node, which resolves
 * as it connects.  They become socket.gaierror, numbered as glibc's EAI_*
 * (the numbers CPython on Linux prints).
 */
#define WA__EAI_BASE 100000         /* code + WA__EAI_BASE: glibc's EAI_* */
#define WA__EAI_NONAME (-100002)    /* "Name or service not known" */
#define WA__EAI_AGAIN (-100003)     /* "Temporary failure in name resolution" */
#define WA__EAI_FAIL (-100004)      /* "Non-recoverable failure in name resolution" */
#define WA__IS_EAI(rc) ((rc) <= WA__EAI_NONAME && (rc) >= WA__EAI_FAIL)
/*
 * getaddrinfo: up to max addresses for host:port, numeric or a name (host
 * NULL: the wildcard address for a server, passive).  Blocks: the core calls
 * it on a worker thread.  Returns how many, a WA__EAI_* code, or a negative
 * errno (-ENOENT: the name is unknown for another reason; *why then says
 * why, static text).
 */
int wa__net_resolve(const char *host, int port, int family, wa__sock_type type, bool passive,
                    wa_sockaddr *out, int max, const char **why);
/* The host's own name for errno e ("Connection refused"), static. */
const char *wa__net_strerror(int e);

#endif
