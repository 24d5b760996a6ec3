/*
 * posix.c — BSD sockets: every socket non-blocking and close-on-exec,
 * errors as negative errno.
 *
 * SIGPIPE: a write to a pipe or socket whose reader is gone raises it, and
 * it kills the process by default; asyncio gives BrokenPipeError instead
 * (CPython ignores SIGPIPE at startup).  A library should not change the
 * process's disposition behind its user's back, so sends take MSG_NOSIGNAL
 * (Linux, the BSDs), sockets carry SO_NOSIGPIPE where that is the way
 * (macOS), and every other write (pipes, everywhere) blocks SIGPIPE in the
 * calling thread around the call and takes back the SIGPIPE it raised
 * before unblocking, as libcurl does.  The write then fails with EPIPE.
 */
#define _POSIX_C_SOURCE 200809L
#define _DEFAULT_SOURCE     /* struct addrinfo flags, SOCK_NONBLOCK on glibc */
#define _GNU_SOURCE         /* accept4 on glibc and musl */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "net.h"

bool wa__net_available(void) { return true; }

static int fail(void) { return errno ? -errno : -EIO; }

/* How sends avoid SIGPIPE; WA_NO_MSG_NOSIGNAL (the poll preset) makes
 * Linux take the path of systems with neither flag. */
#if defined(MSG_NOSIGNAL) && !defined(WA_NO_MSG_NOSIGNAL)
#define SEND_FLAGS MSG_NOSIGNAL
#define SEND_GUARD false
#elif defined(SO_NOSIGPIPE)
#define SEND_FLAGS 0
#define SEND_GUARD false
#define QUIET_SOCKETS 1     /* SO_NOSIGPIPE on every socket */
#else
#define SEND_FLAGS 0
#define SEND_GUARD true
#endif

static void quiet_socket(int fd) {
#ifdef QUIET_SOCKETS
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#else
    (void)fd;
#endif
}

/* SIGPIPE blocked in this thread for one write (the file comment says
 * why).  A SIGPIPE already pending is left alone: only the write's own is
 * taken back. */
typedef struct sigpipe_guard {
    sigset_t old;
    bool was_pending;
} sigpipe_guard;

static sigset_t sigpipe_only(void) {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    return set;
}

static void sigpipe_block(sigpipe_guard *g) {
    sigset_t pipe_only = sigpipe_only(), pending;
    pthread_sigmask(SIG_BLOCK, &pipe_only, &g->old);
    g->was_pending = sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1;
}

/* raised: the write failed with EPIPE, so SIGPIPE is pending for this
 * thread, and sigwait returns at once. */
static void sigpipe_unblock(sigpipe_guard *g, bool raised) {
    int saved = errno;
    if (raised && !g->was_pending) {
        sigset_t pipe_only = sigpipe_only();
        int sig;
        sigwait(&pipe_only, &sig);
    }
    pthread_sigmask(SIG_SETMASK, &g->old, NULL);
    errno = saved;
}

/* wa_sockaddr -> struct sockaddr; 0 or -EINVAL. */
static int to_native(const wa_sockaddr *a, struct sockaddr_storage *ss, socklen_t *len) {
    memset(ss, 0, sizeof *ss);
    if (a->family == WA_AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)ss;
        in->sin_family = AF_INET;
        in->sin_port = htons((uint16_t)a->port);
        if (inet_pton(AF_INET, a->host, &in->sin_addr) != 1) return -EINVAL;
        *len = sizeof *in;
    } else if (a->family == WA_AF_INET6) {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)ss;
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons((uint16_t)a->port);
        if (inet_pton(AF_INET6, a->host, &in6->sin6_addr) != 1) return -EINVAL;
        *len = sizeof *in6;
    } else if (a->family == WA_AF_UNIX) {
        struct sockaddr_un *un = (struct sockaddr_un *)ss;
        size_t n = strlen(a->host);
        if (n == 0 || n >= sizeof un->sun_path) return -EINVAL;
        un->sun_family = AF_UNIX;
        memcpy(un->sun_path, a->host, n + 1);
        *len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n + 1);
    } else {
        return -EINVAL;
    }
    return 0;
}

static void from_native(const struct sockaddr *sa, socklen_t len, wa_sockaddr *out) {
    memset(out, 0, sizeof *out);
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
        out->family = WA_AF_INET;
        out->port = ntohs(in->sin_port);
        inet_ntop(AF_INET, &in->sin_addr, out->host, sizeof out->host);
    } else if (sa->sa_family == AF_INET6) {
        const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
        out->family = WA_AF_INET6;
        out->port = ntohs(in6->sin6_port);
        inet_ntop(AF_INET6, &in6->sin6_addr, out->host, sizeof out->host);
    } else if (sa->sa_family == AF_UNIX) {
        const struct sockaddr_un *un = (const struct sockaddr_un *)sa;
        out->family = WA_AF_UNIX;
        size_t n = len > offsetof(struct sockaddr_un, sun_path) ? len - offsetof(struct sockaddr_un, sun_path) : 0;
        if (n >= sizeof out->host) n = sizeof out->host - 1;
        memcpy(out->host, un->sun_path, n);
        out->host[n] = '\0';
    }
}

static int native_family(int family) {
    return family == WA_AF_INET6 ? AF_INET6 : family == WA_AF_UNIX ? AF_UNIX : AF_INET;
}

static int set_flags(int fd) {
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 || fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) return fail();
    return 0;
}

/* Where the system can (Linux, the BSDs), a socket is non-blocking and
 * close-on-exec from the call that makes it (socket, accept4), as libuv's
 * and CPython's are: no fork and exec in another thread, an executor's,
 * can pass it to a child in between, and three fcntl calls go.  Elsewhere
 * set_flags sets both after; WA_NO_SOCK_FLAGS (the poll preset) makes
 * Linux take that path too. */
#if defined(SOCK_NONBLOCK) && defined(SOCK_CLOEXEC) && !defined(WA_NO_SOCK_FLAGS)
#define MADE_WITH_FLAGS 1   /* for #if: glibc's SOCK_NONBLOCK is an enum constant */
#define SOCK_FLAGS (SOCK_NONBLOCK | SOCK_CLOEXEC)
#else
#define MADE_WITH_FLAGS 0
#define SOCK_FLAGS 0
#endif

/* fd, just made with SOCK_FLAGS: set_flags where those set nothing,
 * closing it on failure. */
static int finish_flags(int fd) {
    int rc = MADE_WITH_FLAGS ? 0 : set_flags(fd);
    if (rc) close(fd);
    return rc;
}

int wa__net_socket(int family, wa__sock_type type, int *sock) {
    int fd = socket(native_family(family), (type == WA__SOCK_DGRAM ? SOCK_DGRAM : SOCK_STREAM) | SOCK_FLAGS, 0);
    if (fd < 0) return fail();
    int rc = finish_flags(fd);
    if (rc) return rc;
    quiet_socket(fd);
    if (type == WA__SOCK_STREAM && family != WA_AF_UNIX) {
        int one = 1;    /* asyncio sets TCP_NODELAY on every TCP transport */
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    *sock = fd;
    return 0;
}

int wa__net_connect(int sock, const wa_sockaddr *addr) {
    struct sockaddr_storage ss;
    socklen_t len;
    int rc = to_native(addr, &ss, &len);
    if (rc) return rc;
    while (connect(sock, (struct sockaddr *)&ss, len) < 0) {
        if (errno == EINTR) continue;
        return errno == EAGAIN ? -EINPROGRESS : fail();   /* unix sockets say EAGAIN */
    }
    return 0;
}

int wa__net_bind(int sock, const wa_sockaddr *addr, wa__sock_type type, int backlog) {
    struct sockaddr_storage ss;
    socklen_t len;
    int rc = to_native(addr, &ss, &len);
    if (rc) return rc;
    if (type == WA__SOCK_STREAM && addr->family != WA_AF_UNIX) {
        int one = 1;
        setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    }
    if (addr->family == WA_AF_INET6) {
        int one = 1;    /* as asyncio's create_server: v6 sockets serve v6 only */
        setsockopt(sock, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    }
    if (bind(sock, (struct sockaddr *)&ss, len) < 0) return fail();
    if (type == WA__SOCK_STREAM && listen(sock, backlog) < 0) return fail();
    return 0;
}

int wa__net_listen_on(int sock, int backlog) {
    int type = 0;
    socklen_t len = sizeof type;
    if (getsockopt(sock, SOL_SOCKET, SO_TYPE, &type, &len) < 0) return fail();
    if (type != SOCK_STREAM) return -ENOTSOCK;
    int rc = set_flags(sock);
    if (rc) return rc;
    return listen(sock, backlog) < 0 ? fail() : 0;
}

int wa__net_accept(int sock, int *conn, wa_sockaddr *peer) {
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    int fd;
#if MADE_WITH_FLAGS
    do fd = accept4(sock, (struct sockaddr *)&ss, &len, SOCK_FLAGS);
#else
    do fd = accept(sock, (struct sockaddr *)&ss, &len);
#endif
    while (fd < 0 && errno == EINTR);
    if (fd < 0) return errno == EWOULDBLOCK ? -EAGAIN : fail();
    int rc = finish_flags(fd);
    if (rc) return rc;
    quiet_socket(fd);
    if (ss.ss_family != AF_UNIX) {
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    }
    from_native((struct sockaddr *)&ss, len, peer);
    *conn = fd;
    return 0;
}

long wa__net_recv(int sock, void *buf, size_t len) {
    ssize_t n;
    do n = recv(sock, buf, len, 0);
    while (n < 0 && errno == EINTR);
    return n >= 0 ? (long)n : errno == EWOULDBLOCK ? -EAGAIN : fail();
}

long wa__net_send(int sock, const void *buf, size_t len) {
    sigpipe_guard g;
    if (SEND_GUARD) sigpipe_block(&g);
    ssize_t n;
    do n = send(sock, buf, len, SEND_FLAGS);
    while (n < 0 && errno == EINTR);
    if (SEND_GUARD) sigpipe_unblock(&g, n < 0 && errno == EPIPE);
    return n >= 0 ? (long)n : errno == EWOULDBLOCK ? -EAGAIN : fail();
}

long wa__net_recvfrom(int sock, void *buf, size_t len, wa_sockaddr *from) {
    struct sockaddr_storage ss;
    socklen_t sl = sizeof ss;
    ssize_t n;
    do n = recvfrom(sock, buf, len, 0, (struct sockaddr *)&ss, &sl);
    while (n < 0 && errno == EINTR);
    if (n < 0) return errno == EWOULDBLOCK ? -EAGAIN : fail();
    from_native((struct sockaddr *)&ss, sl, from);
    return (long)n;
}

long wa__net_sendto(int sock, const void *buf, size_t len, const wa_sockaddr *to) {
    if (!to) return wa__net_send(sock, buf, len);
    struct sockaddr_storage ss;
    socklen_t sl;
    int rc = to_native(to, &ss, &sl);
    if (rc) return rc;
    ssize_t n;
    do n = sendto(sock, buf, len, SEND_FLAGS, (struct sockaddr *)&ss, sl);
    while (n < 0 && errno == EINTR);
    return n >= 0 ? (long)n : errno == EWOULDBLOCK ? -EAGAIN : fail();
}

int wa__net_prepare_fd(int fd) {
    int fl = fcntl(fd, F_GETFL);
    if (fl < 0) return fail();
    return fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ? fail() : 0;
}

long wa__net_read(int fd, void *buf, size_t len) {
    ssize_t n;
    do n = read(fd, buf, len);
    while (n < 0 && errno == EINTR);
    return n >= 0 ? (long)n : errno == EWOULDBLOCK ? -EAGAIN : fail();
}

long wa__net_write(int fd, const void *buf, size_t len) {
    sigpipe_guard g;
    sigpipe_block(&g);
    ssize_t n;
    do n = write(fd, buf, len);
    while (n < 0 && errno == EINTR);
    sigpipe_unblock(&g, n < 0 && errno == EPIPE);
    return n >= 0 ? (long)n : errno == EWOULDBLOCK ? -EAGAIN : fail();
}

int wa__net_shutdown_write(int sock) { return shutdown(sock, SHUT_WR) < 0 ? fail() : 0; }
void wa__net_close(int sock) { close(sock); }

int wa__net_error(int sock) {
    int err = 0;
    socklen_t len = sizeof err;
    if (getsockopt(sock, SOL_SOCKET, SO_ERROR, &err, &len) < 0) return fail();
    return -err;
}

int wa__net_sockname(int sock, wa_sockaddr *out) {
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getsockname(sock, (struct sockaddr *)&ss, &len) < 0) return fail();
    from_native((struct sockaddr *)&ss, len, out);
    return 0;
}

int wa__net_peername(int sock, wa_sockaddr *out) {
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (getpeername(sock, (struct sockaddr *)&ss, &len) < 0) return fail();
    from_native((struct sockaddr *)&ss, len, out);
    return 0;
}

int wa__net_parse(int family, const char *host, int port, wa_sockaddr *out) {
    memset(out, 0, sizeof *out);
    out->port = port;
    if (strlen(host) >= sizeof out->host) return -EINVAL;
    strcpy(out->host, host);
    unsigned char buf[sizeof(struct in6_addr)];
    if (family == WA_AF_UNIX) out->family = WA_AF_UNIX;
    else if (family != WA_AF_INET6 && inet_pton(AF_INET, host, buf) == 1) out->family = WA_AF_INET;
    else if (family != WA_AF_INET && inet_pton(AF_INET6, host, buf) == 1) out->family = WA_AF_INET6;
    else return -EINVAL;
    return 0;
}

int wa__net_resolve(const char *host, int port, int family, wa__sock_type type, bool passive,
                    wa_sockaddr *out, int max, const char **why) {
    struct addrinfo hints = {0}, *res = NULL;
    hints.ai_family = family == WA_AF_INET ? AF_INET : family == WA_AF_INET6 ? AF_INET6 : AF_UNSPEC;
    hints.ai_socktype = type == WA__SOCK_DGRAM ? SOCK_DGRAM : SOCK_STREAM;
    hints.ai_flags = passive ? AI_PASSIVE : 0;
    char service[16];
    snprintf(service, sizeof service, "%d", port);
    int rc = getaddrinfo(host, service, &hints, &res);
    if (rc == EAI_NONAME) return WA__EAI_NONAME;
    if (rc == EAI_AGAIN) return WA__EAI_AGAIN;
    if (rc == EAI_FAIL) return WA__EAI_FAIL;
    if (rc) {
        *why = gai_strerror(rc);
        return -ENOENT;
    }
    int n = 0;
    for (struct addrinfo *ai = res; ai && n < max; ai = ai->ai_next) {
        if (ai->ai_family != AF_INET && ai->ai_family != AF_INET6) continue;
        from_native(ai->ai_addr, ai->ai_addrlen, &out[n++]);
    }
    freeaddrinfo(res);
    return n;
}

const char *wa__net_strerror(int e) { return strerror(e); }
