/*
 * server.c — asyncio's Server: listening sockets, accepting, and the
 * bookkeeping that lets close() and wait_closed() wait for every
 * connection the server made (base_events.Server, 3.13).
 *
 * A server is refcounted: the user's reference (wa_server_free) and one
 * per live connection, so a transport can tell its server it went away
 * after the user freed it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../core/alloc-int.h"
#include "../core/hook-int.h"
#include "io-int.h"

#define MAX_LISTENERS 8
/* asyncio's ACCEPT_RETRY_DELAY: out of fds, accepting pauses this long. */
#define ACCEPT_RETRY_DELAY 1.0

typedef struct listener {
    wa__io io;
    wa_server *server;
    wa_handle *retry;           /* accepting paused after EMFILE */
    wa_future *bound;           /* set once a bind that completes later has */
} listener;

struct wa_server {
    wa_loop *loop;
    uint32_t refs;
    const wa_protocol *proto;
    void *(*new_arg)(void *arg);
    void *arg;
    int backlog;
    listener listeners[MAX_LISTENERS];
    int nlisteners;
    bool closed;                /* asyncio: _sockets is None */
    bool freed;
    size_t active;              /* connections alive */
    wa__waitq waiters;          /* wait_closed's */
    bool woke;                  /* asyncio: _waiters is None */
    wa_future *forever;         /* serve_forever's, while awaited */
    wa__list clients;           /* the transports it made */
    void (*on_free)(void *arg); /* start_server: frees its arg with the server */
    wa__resource resource;      /* on the loop until closed */
};

static void server_unref(wa_server *s) {
    if (--s->refs > 0) return;
    wa_loop *loop = s->loop;
    wa__waitq_clear(&s->waiters);
    if (s->on_free) s->on_free(s->arg);
    free(s);
    wa__loop_unref(loop);
}

static void wake_up(wa_server *s) {
    if (s->woke) return;
    s->woke = true;
    wa_future *w;
    while ((w = wa__waitq_pop(&s->waiters))) {
        if (!wa_future_done(w)) wa_future_set_result(w, wa_none());
        wa_future_unref(w);
    }
}

void wa__server_detach(wa_server *s) {
    s->active--;
    if (s->active == 0 && s->closed) wake_up(s);
    server_unref(s);
}

wa__list *wa__server_clients(wa_server *s) { return &s->clients; }

/* ---- accepting ------------------------------------------------------------ */

static void start_accepting(wa_loop *loop, void *arg) {
    (void)loop;
    listener *l = arg;
    wa_handle_unref(l->retry);
    l->retry = NULL;
    if (!l->server->closed) wa__io_start(&l->io, WA__IO_READ);
}

static void on_acceptable(wa__io *io, int events) {
    (void)events;
    listener *l = WA__CONTAINER_OF(io, listener, io);
    wa_server *s = l->server;
    if (l->bound) {     /* not listening yet: the bind finished (listen_step goes on) */
        wa__io_stop(io, WA__IO_WRITE);
        if (!wa_future_done(l->bound)) wa_future_set_result(l->bound, wa_none());
        return;
    }
    for (int i = 0; i < s->backlog && !s->closed; i++) {
        int conn;
        wa_sockaddr peer;
        int rc = wa__net_accept(io->sock, &conn, &peer);
        if (rc == -EAGAIN || rc == -ECONNABORTED || rc == -EINTR) return;
        if (rc == -EMFILE || rc == -ENFILE || rc == -ENOBUFS || rc == -ENOMEM) {
            wa_error *e = wa__errno_error_plain(-rc);
            wa__report(s->loop, "socket.accept() out of system resource", e, NULL, NULL);
            wa_error_unref(e);
            wa__io_stop(io, WA__IO_READ);
            if (!l->retry) wa_call_later(s->loop, ACCEPT_RETRY_DELAY, start_accepting, l, &l->retry);
            return;
        }
        if (rc) {
            wa_error *e = wa__errno_error_plain(-rc);
            wa__report(s->loop, "Error on transport creation for incoming connection", e, NULL, NULL);
            wa_error_unref(e);
            return;
        }
        s->refs++;
        s->active++;
        wa_transport *t = wa__transport_new(s->loop, conn, false, s->proto, NULL, s, NULL);
        if (!t) {
            s->active--;
            server_unref(s);
            continue;       /* out of memory: the client is turned away */
        }
        /* the protocol's arg, before any callback runs (they are queued) */
        void *arg = s->new_arg ? s->new_arg(s->arg) : s->arg;
        if (s->new_arg && !arg)
            wa_transport_abort(t);      /* never made: no callback will see it */
        else
            wa__transport_set_arg(t, arg);
    }
}

/* ---- the public object ------------------------------------------------------ */

static void stop_listening(wa_server *s) {
    for (int i = 0; i < s->nlisteners; i++) {
        listener *l = &s->listeners[i];
        wa__io_close(&l->io);
        wa__net_close(l->io.sock);
        if (l->retry) wa_handle_cancel(l->retry);
        wa_handle_unref(l->retry);
        l->retry = NULL;
        wa_future_unref(l->bound);
        l->bound = NULL;
    }
    s->nlisteners = 0;
}

void wa_server_close(wa_server *s) {
    if (!s || s->closed) return;
    s->closed = true;
    wa__resource_remove(&s->resource);
    stop_listening(s);
    if (s->forever && !wa_future_done(s->forever)) wa_future_cancel(s->forever, NULL);
    if (s->active == 0) wake_up(s);
}

bool wa_server_is_serving(const wa_server *s) { return s && !s->closed; }

int wa_server_sockname(const wa_server *s, wa_sockaddr *out) {
    if (!s || !out) return wa__misuse(WA_EINVAL, __func__, "%s is NULL", s ? "out" : "server");
    if (s->closed || !s->nlisteners) return wa__misuse(WA_EINVALIDSTATE, __func__, "the server is closed");
    int rc = wa__net_sockname(s->listeners[0].io.sock, out);
    return rc ? wa__misuse(WA_EINVALIDSTATE, __func__, "getsockname failed (errno %d)", -rc) : WA_OK;
}

void wa_server_free(wa_server *s) {
    if (!s || s->freed) return;
    s->freed = true;
    wa_server_close(s);
    server_unref(s);
}

static bool check_server(wa_coro *co, wa_server *s, const char *func) {
    if (!wa__coro_loop(co, func)) return false;
    if (s) return true;
    wa__misuse(WA_EINVAL, func, "server is NULL");
    wa__fail_await(co, wa__misuse_error_as(WA_TYPE_ERROR));
    return false;
}

wa_future *wa_server_wait_closed(wa_coro *co, wa_server *s) {
    if (!check_server(co, s, __func__)) return co && co->task ? WA__FAILED : NULL;
    if (s->woke) return wa__done_with(co, wa_none());
    wa_future *w = wa__waitq_add_waiter(&s->waiters, s->loop, "Server.wait_closed");
    return w ? w : wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
}

typedef struct forever_frame {
    wa_coro co;
    wa_server *s;
    wa_error *err;
} forever_frame;

static wa_status forever_step(wa_coro *co) {
    forever_frame *f = (forever_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_TRY(co, f->s->forever, f->err);
    wa_future_unref(f->s->forever);
    f->s->forever = NULL;
    if (!f->err) WA_RETURN(co, wa_none());
    wa_error_ref(f->err);   /* keep it across the awaits below */
    wa_server_close(f->s);
    WA_AWAIT_TRY(co, wa_server_wait_closed(co, f->s), co->task->fut.error);
    WA_RAISE(co, f->err);
    WA_END(co);
}

wa_future *wa_server_serve_forever(wa_coro *co, wa_server *s) {
    if (!check_server(co, s, __func__)) return co && co->task ? WA__FAILED : NULL;
    if (s->forever) {
        wa__misuse(WA_EINVALIDSTATE, __func__, "the server is already being awaited on serve_forever()");
        return wa__fail_await(co, wa__misuse_error_as(WA_RUNTIME_ERROR));
    }
    if (s->closed) {
        wa__misuse(WA_EINVALIDSTATE, __func__, "the server is closed");
        return wa__fail_await(co, wa__misuse_error_as(WA_RUNTIME_ERROR));
    }
    s->forever = wa_future_new(s->loop);
    if (!s->forever) return wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    return wa__call_push(co, forever_step, sizeof(forever_frame), &(forever_frame){.s = s});
}

/* ---- create_server ---------------------------------------------------------- */

typedef struct listen_frame {
    wa_coro co;
    wa_endpoint where;
    wa_server *s;           /* until returned */
    wa_server *served;
    wa_sockaddr addrs[MAX_LISTENERS];
    int n, i;
    wa_finally fin;
} listen_frame;

/* Opens a listening socket on a: 0, 1 when the bind completes later
 * (node:net: the listener's bound future is set once it has), or -errno. */
static int listen_on(wa_server *s, const wa_sockaddr *a) {
    int sock;
    int rc = wa__net_socket(a->family, WA__SOCK_STREAM, &sock);
    if (rc) return rc;
    listener *l = &s->listeners[s->nlisteners];
    rc = wa__net_bind(sock, a, WA__SOCK_STREAM, s->backlog);
    int events = WA__IO_READ;
    if (rc == -EINPROGRESS) {
        events = WA__IO_WRITE;
        rc = (l->bound = wa_future_new(s->loop)) ? 0 : -ENOMEM;
    }
    if (!rc) rc = wa__io_init(&l->io, s->loop, sock, on_acceptable) ? -ENOSYS : 0;
    if (!rc) rc = wa__io_start(&l->io, events) ? -ENOMEM : 0;
    if (rc) {
        wa_future_unref(l->bound);
        l->bound = NULL;
        wa__net_close(sock);
        return rc;
    }
    l->server = s;
    s->nlisteners++;
    return l->bound ? 1 : 0;
}

/* Serves on a socket handed over (wa_endpoint.use_sock), which the server
 * owns from now on: 0 or -errno. */
static int listen_on_sock(wa_server *s, int sock) {
    listener *l = &s->listeners[0];
    int rc = wa__net_listen_on(sock, s->backlog);
    if (!rc) rc = wa__io_init(&l->io, s->loop, sock, on_acceptable) ? -ENOSYS : 0;
    if (!rc) rc = wa__io_start(&l->io, WA__IO_READ) ? -ENOMEM : 0;
    if (rc) {
        wa__net_close(sock);
        return rc;
    }
    l->server = s;
    s->nlisteners = 1;
    return 0;
}

static wa_error *sock_error(int sock, int rc) {
    if (rc == -ENOTSOCK) return wa_error_new(WA_VALUE_ERROR, "A Stream Socket was expected, got fd %d", sock);
    if (rc == -ENOSYS) return wa_error_new(WA_OS_ERROR, "serving on a socket handed over is not available in this build");
    return wa__errno_error_plain(-rc);
}

/* The last listener's bind completed: 0 once it accepts, or -errno. */
static int listen_bound(wa_server *s) {
    listener *l = &s->listeners[s->nlisteners - 1];
    wa_future_unref(l->bound);
    l->bound = NULL;
    int rc = wa__net_error(l->io.sock);
    return rc ? rc : wa__io_start(&l->io, WA__IO_READ) ? -ENOMEM : 0;
}

static void drop_unreturned(void *arg) {
    listen_frame *f = arg;
    wa_server_free(f->s);
    f->s = NULL;
}

static wa_status listen_step(wa_coro *co) {
    listen_frame *f = (listen_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_finally_enter(&f->fin, drop_unreturned, f)) {
        WA_AWAIT(co, wa__resolve(co, &f->where, WA__SOCK_STREAM, true, f->addrs, MAX_LISTENERS));
        f->n = (int)co->value.as.i;
        for (f->i = 0; f->i < f->n; f->i++) {
            int rc = listen_on(f->s, &f->addrs[f->i]);
            if (rc == 1) {
                WA_AWAIT(co, f->s->listeners[f->s->nlisteners - 1].bound);
                rc = listen_bound(f->s);
            }
            if (rc == 0) continue;
            char where[160];
            wa__addr_repr(&f->addrs[f->i], where, sizeof where);
            if (rc == -EINVAL && f->addrs[f->i].family != WA_AF_UNIX)
                WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "invalid address %s", where));
            if (rc == -ENOSYS) WA_RAISE(co, wa_error_new(WA_OS_ERROR, "sockets are not available in this build"));
            if (WA__IS_EAI(rc)) WA_RAISE(co, wa__gai_error(rc));     /* Node resolves as it binds */
            /* base_events: "error while attempting to bind on address %r: %s" */
            WA_RAISE(co, wa__errno_error(-rc, "error while attempting to bind on address %s: %s", where,
                                      wa__net_strerror(-rc)));
        }
        f->served = f->s;
        f->s = NULL;
    }
    WA_WITH_END(co);
    WA_RETURN(co, wa_ptr(f->served, NULL));
    WA_END(co);
}

static void close_at_exit(wa__resource *r) {
    wa_server *s = WA__CONTAINER_OF(r, wa_server, resource);
    char what[64];
    wa__format(what, sizeof what, "server <wa_server sockets=%d>", s->nlisteners);
    wa__debug_unclosed(s->loop, what, NULL);
    wa_server_close(s);
}

wa_server *wa__server_new(wa_loop *loop, const wa_protocol *proto, void *(*new_arg)(void *), void *arg,
                          void (*on_free)(void *arg), int backlog) {
    wa_server *s = wa__sys_calloc(1, sizeof *s);
    if (!s) return NULL;
    wa__loop_ref(loop);
    s->loop = loop;
    s->refs = 1;
    s->proto = proto;
    s->new_arg = new_arg;
    s->arg = arg;
    s->on_free = on_free;
    s->backlog = backlog > 0 ? backlog : 100;
    wa__list_init(&s->clients);
    wa__resource_add(loop, &s->resource, close_at_exit);
    return s;
}

/* Listens on where with s (which the await then returns, or frees). */
wa_future *wa__server_listen(wa_coro *co, wa_server *s, const wa_endpoint *where) {
    if (where->use_sock) {
        int rc = listen_on_sock(s, where->sock);
        if (!rc) return wa__done_with(co, wa_ptr(s, NULL));
        wa_server_free(s);
        return wa__fail_await(co, sock_error(where->sock, rc));
    }
    if (!wa__net_available()) {
        wa_server_free(s);
        wa__misuse(WA_ENOSYS, "wa_create_server", "sockets are not available in this build");
        return wa__fail_await(co, wa__misuse_error_as(WA_OS_ERROR));
    }
    listen_frame init = {.where = *where, .s = s};
    wa_future *r = wa__call_push(co, listen_step, sizeof init, &init);
    if (r == WA__FAILED) wa_server_free(s);
    return r;
}

wa_future *wa_create_server(wa_coro *co, const wa_endpoint *where, const wa_protocol *proto,
                            void *(*new_arg)(void *arg), void *arg) {
    wa_loop *loop = wa__coro_loop(co, __func__);
    if (!loop) return NULL;
    wa_error *bad = wa__check_endpoint(where, true, __func__);
    if (bad) return wa__fail_await(co, bad);
    if (!proto) {
        wa__misuse(WA_EINVAL, __func__, "protocol is NULL");
        return wa__fail_await(co, wa__misuse_error_as(WA_TYPE_ERROR));
    }
    wa_server *s = wa__server_new(loop, proto, new_arg, arg, NULL, where->backlog);
    if (!s) return wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    return wa__server_listen(co, s, where);
}

void wa_server_close_clients(wa_server *s) {
    if (s) wa__transports_close_all(&s->clients, false);
}

void wa_server_abort_clients(wa_server *s) {
    if (s) wa__transports_close_all(&s->clients, true);
}
