/*
 * connect.c — addresses, errors from errno, and the client side:
 * create_connection and create_datagram_endpoint.
 *
 * Names are resolved as asyncio does: a numeric host is parsed on the spot
 * (base_events._ipaddr_info), anything else goes to getaddrinfo on the
 * default executor so the loop never blocks; a build without threads can
 * only take numeric addresses (and "localhost").  Connecting tries each
 * address in turn, as create_connection does without happy eyeballs.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../core/alloc-int.h"
#include "io-int.h"

#define MAX_ADDRS 8

/* ---- errors ------------------------------------------------------------- */

static const wa_error_type *os_error_type(int e) {
    switch (e) {
    case ECONNREFUSED: return WA_CONNECTION_REFUSED_ERROR;
    case ECONNRESET: return WA_CONNECTION_RESET_ERROR;
    case ECONNABORTED: return WA_CONNECTION_ABORTED_ERROR;
    case EPIPE: return WA_BROKEN_PIPE_ERROR;
#ifdef ESHUTDOWN
    case ESHUTDOWN: return WA_BROKEN_PIPE_ERROR;
#endif
    case ETIMEDOUT: return WA_TIMEOUT_ERROR;
    default: return WA_OS_ERROR;
    }
}

wa_error *wa__errno_error(int e, const char *fmt, ...) {
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    wa__vformat(what, sizeof what, fmt, ap);
    va_end(ap);
    return wa__error_details(wa_error_new(os_error_type(e), "[Errno %d] %s", e, what), e, 0, NULL, 0);
}

wa_error *wa__errno_error_plain(int e) { return wa__errno_error(e, "%s", wa__net_strerror(e)); }

wa_error *wa__gai_error(int code) {
    static const char *const texts[] = {"Name or service not known", "Temporary failure in name resolution",
                                         "Non-recoverable failure in name resolution"};
    int e = WA__IS_EAI(code) ? code + WA__EAI_BASE : -2;      /* -2, -3 or -4 */
    wa_error *err = wa_error_new(WA_GAIERROR, "[Errno %d] %s", e, texts[-e - 2]);
    return wa__error_details(err, e, 0, NULL, 0);
}

void wa__addr_repr(const wa_sockaddr *a, char *buf, size_t size) {
    if (a->family == WA_AF_UNIX)
        wa__format(buf, size, "'%s'", a->host);
    else if (a->family == WA_AF_INET6)
        wa__format(buf, size, "('%s', %d, 0, 0)", a->host, a->port);
    else
        wa__format(buf, size, "('%s', %d)", a->host, a->port);
}

wa_error *wa__check_endpoint(const wa_endpoint *where, bool server, const char *func) {
    if (!where) {
        wa__misuse(WA_EINVAL, func, "endpoint is NULL");
        return wa_error_new(WA_TYPE_ERROR, "%s", wa__misuse_message());
    }
    if (where->use_sock) {
        if (!server) {
            wa__misuse(WA_EINVAL, func, "sock is only for servers here");
            return wa_error_new(WA_VALUE_ERROR, "%s", wa__misuse_message());
        }
        if (where->host || where->port || where->path) {
            wa__misuse(WA_EINVAL, func, "host/port and sock can not be specified at the same time");
            return wa_error_new(WA_VALUE_ERROR, "%s", wa__misuse_message());
        }
        if (where->sock < 0) {
            wa__misuse(WA_EINVAL, func, "invalid sock %d", where->sock);
            return wa_error_new(WA_VALUE_ERROR, "%s", wa__misuse_message());
        }
        return NULL;
    }
    if (where->path) {
        if (where->host || where->port) {
            wa__misuse(WA_EINVAL, func, "host and port were specified along with path");
            return wa_error_new(WA_VALUE_ERROR, "%s", wa__misuse_message());
        }
        if (!where->path[0] || strlen(where->path) >= sizeof ((wa_sockaddr *)0)->host) {
            wa__misuse(WA_EINVAL, func, "invalid unix socket path '%s'", where->path);
            return wa_error_new(WA_VALUE_ERROR, "%s", wa__misuse_message());
        }
        return NULL;
    }
    if (where->port < 0 || where->port > 65535) {
        wa__misuse(WA_EINVAL, func, "port must be 0-65535, not %d", where->port);
        return wa_error_new(WA_VALUE_ERROR, "%s", wa__misuse_message());
    }
    if (!server && !where->host) {
        wa__misuse(WA_EINVAL, func, "host and port was not specified and no sock specified");
        return wa_error_new(WA_VALUE_ERROR, "%s", wa__misuse_message());
    }
    if (where->family != WA_AF_UNSPEC && where->family != WA_AF_INET && where->family != WA_AF_INET6) {
        wa__misuse(WA_EINVAL, func, "unknown address family %d", (int)where->family);
        return wa_error_new(WA_VALUE_ERROR, "%s", wa__misuse_message());
    }
    return NULL;
}

/* ---- resolving ------------------------------------------------------------ */

typedef struct lookup {
    char *host;
    int port, family;
    wa__sock_type type;
    bool passive;
    wa_sockaddr addrs[MAX_ADDRS];
    int n;
    const char *why;
} lookup;

static void lookup_free(void *p) {
    lookup *l = p;
    if (l) free(l->host);
    free(l);
}

/* On a worker thread. */
static wa_value lookup_job(void *arg, wa_error **error) {
    lookup *l = arg;
    l->n = wa__net_resolve(l->host, l->port, l->family, l->type, l->passive, l->addrs, MAX_ADDRS, &l->why);
    (void)error;
    return wa_none();
}

typedef struct resolve_frame {
    wa_coro co;
    wa_sockaddr *out;
    int max;
    lookup *l;
    int n;
    wa_finally fin;
} resolve_frame;

static wa_error *lookup_error(const lookup *l) {
    if (WA__IS_EAI(l->n)) return wa__gai_error(l->n);
    if (l->n == 0 || l->n == -ENOENT)
        return wa_error_new(WA_GAIERROR, "%s", l->n ? l->why : "getaddrinfo() returned empty list");
    return wa__errno_error_plain(-l->n);
}

static wa_status resolve_step(wa_coro *co) {
    resolve_frame *f = (resolve_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_finally_enter(&f->fin, lookup_free, f->l)) {
        WA_AWAIT(co, wa_to_thread(co, lookup_job, f->l));
        if (f->l->n <= 0) WA_RAISE(co, lookup_error(f->l));
        f->n = f->l->n < f->max ? f->l->n : f->max;
        memcpy(f->out, f->l->addrs, (size_t)f->n * sizeof *f->out);
    }
    WA_WITH_END(co);
    WA_RETURN(co, wa_int(f->n));
    WA_END(co);
}

wa_future *wa__resolve(wa_coro *co, const wa_endpoint *where, wa__sock_type type, bool passive,
                       wa_sockaddr *out, int max) {
    if (where->path) {
        memset(out, 0, sizeof *out);
        out->family = WA_AF_UNIX;
        strcpy(out->host, where->path);
        return wa__done_with(co, wa_int(1));
    }
    const char *host = where->host;
    if (!host) host = where->family == WA_AF_INET6 ? "::" : "0.0.0.0";    /* every interface */
    if (wa__net_parse(where->family, host, where->port, out) == 0) return wa__done_with(co, wa_int(1));
    if (strcmp(host, "localhost") == 0 && where->family != WA_AF_INET6 && !wa__threads_available()) {
        wa__net_parse(WA_AF_INET, "127.0.0.1", where->port, out);
        return wa__done_with(co, wa_int(1));
    }
    lookup *l = wa__sys_calloc(1, sizeof *l);
    if (l) l->host = wa__strdup(host);
    if (!l || !l->host) {
        lookup_free(l);
        return wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    }
    l->port = where->port;
    l->family = where->family;
    l->type = type;
    l->passive = passive;
    wa_future *r = wa__call_push(co, resolve_step, sizeof(resolve_frame),
                                 &(resolve_frame){.out = out, .max = max, .l = l});
    if (r == WA__FAILED) lookup_free(l);
    return r;
}

/* ---- connecting ------------------------------------------------------------ */

typedef struct connect_frame {
    wa_coro co;
    wa_endpoint where, local;
    bool datagram, has_local, has_remote;
    const wa_protocol *proto;
    void *arg;
    wa_sockaddr addrs[MAX_ADDRS], local_addr;
    int n, i;
    int sock;                   /* owned until a transport takes it; -1: none */
    bool watching;
    wa__io io;                  /* while a connect is in progress */
    wa_future *writable, *waiter;
    wa_transport *t;
    wa_error *errors[MAX_ADDRS];    /* one per address tried */
    wa_finally fin;
} connect_frame;

static void connect_cleanup(void *arg) {
    connect_frame *f = arg;
    if (f->watching) wa__io_close(&f->io);
    f->watching = false;
    if (f->sock >= 0) wa__net_close(f->sock);
    f->sock = -1;
    wa_future_unref(f->writable);
    wa_future_unref(f->waiter);
    f->writable = f->waiter = NULL;
    for (int i = 0; i < MAX_ADDRS; i++) {
        wa_error_unref(f->errors[i]);
        f->errors[i] = NULL;
    }
}

static void on_connect_ready(wa__io *io, int events) {
    (void)events;
    connect_frame *f = WA__CONTAINER_OF(io, connect_frame, io);
    wa__io_stop(io, WA__IO_WRITE);
    if (!wa_future_done(f->writable)) wa_future_set_result(f->writable, wa_none());
}

/* asyncio: one error is raised as it is; several alike as the first; else
 * OSError('Multiple exceptions: ...'). */
static wa_error *connect_error(connect_frame *f) {
    int n = 0;
    while (n < MAX_ADDRS && f->errors[n]) n++;
    bool alike = true;
    for (int i = 1; i < n; i++) alike = alike && strcmp(wa_error_message(f->errors[i]), wa_error_message(f->errors[0])) == 0;
    if (alike) return wa_error_ref(f->errors[0]);
    char text[1024];
    size_t at = (size_t)wa__format(text, sizeof text, "Multiple exceptions: ");
    for (int i = 0; i < n && at < sizeof text; i++)
        at += (size_t)wa__format(text + at, sizeof text - at, "%s%s", i ? ", " : "", wa_error_message(f->errors[i]));
    return wa_error_new(WA_OS_ERROR, "%s", text);
}

/* Records why addrs[i] failed (errno e) and closes its socket. */
static void address_failed(connect_frame *f, int e) {
    char where[160];
    wa__addr_repr(&f->addrs[f->i], where, sizeof where);
    f->errors[f->i] = wa__errno_error(e, "Connect call failed %s", where);
    if (f->watching) wa__io_close(&f->io);
    f->watching = false;
    wa__net_close(f->sock);
    f->sock = -1;
}

/* Watches the socket until it is writable (f->writable is then set): 1,
 * or -errno. */
static int await_writable(connect_frame *f, wa_loop *loop) {
    int watch = wa__io_init(&f->io, loop, f->sock, on_connect_ready);
    if (!watch) watch = wa__io_start(&f->io, WA__IO_WRITE);
    if (watch) return -ENOSYS;
    f->watching = true;
    wa_future_unref(f->writable);
    f->writable = wa_future_new(loop);
    return f->writable ? 1 : -ENOMEM;
}

/* The socket became writable: how its bind or connect went, 0 or -errno. */
static int writable_outcome(connect_frame *f) {
    int rc = wa__net_error(f->sock);
    if (f->watching) wa__io_close(&f->io);
    f->watching = false;
    return rc;
}

/* A socket for addrs[i], bound to the local address if one was asked for:
 * 0, 1 while the bind completes (node:net binds later), or -errno. */
static int start_socket(connect_frame *f, wa_loop *loop) {
    const wa_sockaddr *a = &f->addrs[f->i];
    int rc = wa__net_socket(a->family, f->datagram ? WA__SOCK_DGRAM : WA__SOCK_STREAM, &f->sock);
    if (rc || !f->has_local) return rc;
    rc = wa__net_bind(f->sock, &f->local_addr, WA__SOCK_DGRAM, 0);
    return rc == -EINPROGRESS ? await_writable(f, loop) : rc;
}

/* Starts connecting to addrs[i], if there is a remote end: 0 connected, 1
 * in progress, -errno. */
static int start_connect(connect_frame *f, wa_loop *loop) {
    if (!f->has_remote) return 0;
    int rc = wa__net_connect(f->sock, &f->addrs[f->i]);
    return rc == -EINPROGRESS ? await_writable(f, loop) : rc;
}

static wa_status connect_step(wa_coro *co) {
    connect_frame *f = (connect_frame *)co;
    wa_loop *loop = co->task->fut.loop;
    WA_BEGIN(co);
    WA_WITH(co, wa_finally_enter(&f->fin, connect_cleanup, f)) {
        if (f->has_local) {
            WA_AWAIT(co, wa__resolve(co, &f->local, WA__SOCK_DGRAM, true, &f->local_addr, 1));
        }
        if (f->has_remote) {
            WA_AWAIT(co, wa__resolve(co, &f->where, f->datagram ? WA__SOCK_DGRAM : WA__SOCK_STREAM, false,
                                     f->addrs, MAX_ADDRS));
            f->n = (int)co->value.as.i;
        } else {
            f->addrs[0] = f->local_addr;
            f->n = 1;
        }
        for (f->i = 0; f->i < f->n; f->i++) {
            int rc = start_socket(f, loop);
            if (rc == 1) {
                WA_AWAIT(co, f->writable);
                rc = writable_outcome(f);
            }
            if (rc == 0) rc = start_connect(f, loop);
            if (rc == 1) {
                WA_AWAIT(co, f->writable);
                rc = writable_outcome(f);
            }
            if (rc == 0) break;
            if (rc == -EINVAL) {
                char where[160];
                wa__addr_repr(&f->addrs[f->i], where, sizeof where);
                WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "invalid address %s", where));
            }
            if (rc == -ENOSYS) WA_RAISE(co, wa_error_new(WA_OS_ERROR, "sockets are not available in this build"));
            if (WA__IS_EAI(rc)) WA_RAISE(co, wa__gai_error(rc));     /* Node resolves as it connects */
            address_failed(f, -rc);
        }
        if (f->i == f->n) WA_RAISE(co, connect_error(f));
        f->waiter = wa_future_new(loop);
        if (!f->waiter) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
        int sock = f->sock;
        f->sock = -1;       /* the transport has it now, even if it failed */
        if (!wa__transport_new(loop, sock, f->datagram, f->proto, f->arg, NULL, f->waiter))
            WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
        WA_AWAIT(co, f->waiter);
        f->t = co->value.as.ptr.p;
    }
    WA_WITH_END(co);
    WA_RETURN(co, wa_ptr(f->t, NULL));
    WA_END(co);
}

static wa_future *start(wa_coro *co, connect_frame *init, const char *func) {
    if (!wa__net_available()) {
        wa__misuse(WA_ENOSYS, func, "sockets are not available in this build");
        return wa__fail_await(co, wa_error_new(WA_OS_ERROR, "%s", wa__misuse_message()));
    }
    init->sock = -1;
    return wa__call_push(co, connect_step, sizeof *init, init);
}

wa_future *wa_create_connection(wa_coro *co, const wa_endpoint *where, const wa_protocol *proto, void *arg) {
    if (!wa__coro_loop(co, __func__)) return NULL;
    wa_error *bad = wa__check_endpoint(where, false, __func__);
    if (bad) return wa__fail_await(co, bad);
    connect_frame init = {.where = *where, .has_remote = true, .proto = proto, .arg = arg};
    return start(co, &init, __func__);
}

wa_future *wa_create_datagram_endpoint(wa_coro *co, const wa_endpoint *local, const wa_endpoint *remote,
                                       const wa_protocol *proto, void *arg) {
    if (!wa__coro_loop(co, __func__)) return NULL;
    if (!local && !remote) {
        wa__misuse(WA_EINVAL, __func__, "unexpected address family");
        return wa__fail_await(co, wa_error_new(WA_VALUE_ERROR, "%s", wa__misuse_message()));
    }
    wa_error *bad = (local ? wa__check_endpoint(local, true, __func__) : NULL);
    if (!bad && remote) bad = wa__check_endpoint(remote, false, __func__);
    if (bad) return wa__fail_await(co, bad);
    connect_frame init = {.datagram = true, .proto = proto, .arg = arg};
    if (local) {
        init.local = *local;
        init.has_local = true;
    }
    if (remote) {
        init.where = *remote;
        init.has_remote = true;
    }
    return start(co, &init, __func__);
}
