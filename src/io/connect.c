/*
 * connect.c — the client side: create_connection and
 * create_datagram_endpoint.  Connecting tries each resolved address in
 * turn, as create_connection does without happy eyeballs.
 */
#include <errno.h>
#include <string.h>

#include "io-int.h"

/* ---- connecting ------------------------------------------------------------ */

typedef struct connect_frame {
    wa_coro co;
    wa_endpoint where, local;
    bool datagram, has_local, has_remote;
    const wa_protocol *proto;
    void *arg;
    wa_sockaddr addrs[WA__MAX_ADDRS], local_addr;
    int n, i;
    int sock;                   /* owned until a transport takes it; -1: none */
    bool watching;
    wa__io io;                  /* while a connect is in progress */
    wa_future *writable, *waiter;
    wa_transport *t;
    wa_error *errors[WA__MAX_ADDRS];    /* one per address tried */
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
    for (int i = 0; i < WA__MAX_ADDRS; i++) {
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
    while (n < WA__MAX_ADDRS && f->errors[n]) n++;
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
                                     f->addrs, WA__MAX_ADDRS));
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
        return wa__fail_await(co, wa__misuse_error_as(WA_OS_ERROR));
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
        return wa__fail_await(co, wa__misuse_error_as(WA_VALUE_ERROR));
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
