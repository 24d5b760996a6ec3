/*
 * transport.c — asyncio's selector transports: a socket, the protocol it
 * calls, and a write buffer with flow control.
 *
 * The order of events is selector_events.py's: connection_made and the
 * first read are scheduled with call_soon; a read calls data_received or
 * eof_received in the iteration the socket is ready; a write goes straight
 * to the socket when nothing is buffered and buffers the rest; close
 * flushes, then connection_lost runs from the ready queue, and only then is
 * the socket closed.  One reference is the connection's (dropped after
 * connection_lost), others are the user's (wa_transport_ref).
 *
 * Datagram endpoints share the object: each buffered write is one packet.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../core/alloc-int.h"
#include "../core/hook-int.h"
#include "io-int.h"

/* A buffered datagram: its destination, then the bytes. */
typedef struct packet {
    struct packet *next;
    bool has_to;
    wa_sockaddr to;
    size_t len;
    char data[];
} packet;

struct wa_transport {
    wa_loop *loop;
    uint32_t refs;
    wa__io io;
    bool datagram;
    bool pipe;                  /* a plain fd: read(2)/write(2), no shutdown */
    const wa_protocol *proto;
    void *arg;
    wa_server *server;
    wa__list client_node;       /* in the server's clients */
    wa__resource resource;      /* on the loop until connection_lost */
    wa_future *waiter;          /* create_connection's, until connection_made */

    wa__buf wbuf;               /* streams: bytes not yet sent */
    packet *packets, **packets_tail;    /* datagrams not yet sent */
    size_t packet_bytes;
    size_t high, low;
    bool protocol_paused;

    bool reading;               /* reads wanted (not paused) */
    bool made;                  /* connection_made has run */
    bool closing;
    bool eof;                   /* write_eof called */
    bool lost;                  /* connection_lost scheduled or run */
    wa_error *lost_exc;

    wa_value extra_items[2];    /* get_extra_info's last answer */
    wa_sockaddr extra_addr;
};

static const wa_protocol no_protocol;

/* ---- lifetime ---------------------------------------------------------- */

wa_transport *wa_transport_ref(wa_transport *t) {
    if (t) t->refs++;
    return t;
}

static void drop_packets(wa_transport *t) {
    while (t->packets) {
        packet *p = t->packets;
        t->packets = p->next;
        free(p);
    }
    t->packets_tail = &t->packets;
    t->packet_bytes = 0;
}

void wa_transport_unref(wa_transport *t) {
    if (!t || --t->refs > 0) return;
    wa_loop *loop = t->loop;
    wa__buf_free(&t->wbuf);
    drop_packets(t);
    wa_error_unref(t->lost_exc);
    wa_future_unref(t->waiter);
    free(t);
    wa__loop_unref(loop);
}

size_t wa_transport_get_write_buffer_size(const wa_transport *t) {
    return t ? wa__buf_size(&t->wbuf) + t->packet_bytes : 0;
}

static void call_connection_lost(wa_loop *loop, void *arg) {
    (void)loop;
    wa_transport *t = arg;
    wa__resource_remove(&t->resource);
    if (t->made && t->proto->connection_lost) t->proto->connection_lost(t, t->lost_exc, t->arg);
    wa__net_close(t->io.sock);
    wa__list_remove(&t->client_node);
    if (t->server) wa__server_detach(t->server);
    t->server = NULL;
    wa_transport_unref(t);          /* the connection's reference */
}

/* Ends the connection: no more reads or writes; connection_lost(exc) on the
 * next iteration (asyncio's _force_close and close's tail). */
static void lose(wa_transport *t, wa_error *take_exc) {
    if (t->lost) {
        wa_error_unref(take_exc);
        return;
    }
    t->lost = true;
    t->closing = true;
    t->lost_exc = take_exc;
    wa__io_close(&t->io);
    if (wa_call_soon(t->loop, call_connection_lost, t, NULL))
        call_connection_lost(t->loop, t);   /* out of memory or closed: at once */
}

/* asyncio's _fatal_error: an OSError is the peer's doing and only ends the
 * connection; anything else is reported first. */
static void fatal(wa_transport *t, wa_error *take_exc, const char *message) {
    if (!wa_error_is(take_exc, WA_OS_ERROR)) wa__report(t->loop, message, take_exc, NULL, NULL);
    wa__buf_clear(&t->wbuf);
    drop_packets(t);
    lose(t, take_exc);
}

/* ---- flow control -------------------------------------------------------- */

static void maybe_pause_protocol(wa_transport *t) {
    if (wa_transport_get_write_buffer_size(t) <= t->high || t->protocol_paused) return;
    t->protocol_paused = true;
    if (t->proto->pause_writing) t->proto->pause_writing(t, t->arg);
}

static void maybe_resume_protocol(wa_transport *t) {
    if (!t->protocol_paused || wa_transport_get_write_buffer_size(t) > t->low) return;
    t->protocol_paused = false;
    if (t->proto->resume_writing) t->proto->resume_writing(t, t->arg);
}

int wa_transport_set_write_buffer_limits(wa_transport *t, long high, long low) {
    if (!t) return wa__misuse(WA_EINVAL, __func__, "transport is NULL");
    if (high < 0) high = low < 0 ? WA__HIGH_WATER : 4 * low;
    if (low < 0) low = high / 4;
    if (low > high) return wa__misuse(WA_EINVAL, __func__, "high (%ld) must be >= low (%ld) must be >= 0", high, low);
    t->high = (size_t)high;
    t->low = (size_t)low;
    maybe_pause_protocol(t);
    return WA_OK;
}

/* ---- reading -------------------------------------------------------------- */

static void on_eof(wa_transport *t) {
    bool keep_open = t->proto->eof_received && t->proto->eof_received(t, t->arg);
    if (keep_open)
        wa__io_stop(&t->io, WA__IO_READ);
    else
        wa_transport_close(t);
}

static char *io_buf(wa_loop *loop) {
    if (!loop->io_buf) loop->io_buf = wa__sys_malloc(WA__IO_BUF);
    return loop->io_buf;
}

static void read_stream(wa_transport *t) {
    char *buf = io_buf(t->loop);
    if (!buf) {
        fatal(t, wa_error_new(WA_MEMORY_ERROR, "out of memory"), "Fatal read error on socket transport");
        return;
    }
    long n = t->pipe ? wa__net_read(t->io.sock, buf, WA__IO_BUF) : wa__net_recv(t->io.sock, buf, WA__IO_BUF);
    if (n == -EAGAIN) return;
    if (n < 0)
        fatal(t, wa__errno_error_plain((int)-n), "Fatal read error on socket transport");
    else if (n == 0)
        on_eof(t);
    else if (t->proto->data_received)
        t->proto->data_received(t, buf, (size_t)n, t->arg);
}

static void read_datagram(wa_transport *t) {
    char *buf = io_buf(t->loop);
    if (!buf) {
        fatal(t, wa_error_new(WA_MEMORY_ERROR, "out of memory"), "Fatal read error on datagram transport");
        return;
    }
    wa_sockaddr from;
    long n = wa__net_recvfrom(t->io.sock, buf, WA__IO_BUF, &from);
    if (n == -EAGAIN) return;
    if (n < 0) {
        /* asyncio hands OSErrors of a datagram socket to error_received */
        wa_error *e = wa__errno_error_plain((int)-n);
        if (t->proto->error_received) t->proto->error_received(t, e, t->arg);
        wa_error_unref(e);
    } else if (t->proto->datagram_received) {
        t->proto->datagram_received(t, buf, (size_t)n, &from, t->arg);
    }
}

/* ---- writing -------------------------------------------------------------- */

static long send_some(wa_transport *t, const void *data, size_t len) {
    return t->pipe ? wa__net_write(t->io.sock, data, len) : wa__net_send(t->io.sock, data, len);
}

static void flush_stream(wa_transport *t) {
    while (wa__buf_size(&t->wbuf)) {
        long n = send_some(t, wa__buf_start(&t->wbuf), wa__buf_size(&t->wbuf));
        if (n == -EAGAIN) break;
        if (n < 0) {
            wa__io_stop(&t->io, WA__IO_WRITE);
            fatal(t, wa__errno_error_plain((int)-n), "Fatal write error on socket transport");
            return;
        }
        wa__buf_consume(&t->wbuf, (size_t)n);
    }
    maybe_resume_protocol(t);
    if (wa__buf_size(&t->wbuf)) return;
    wa__io_stop(&t->io, WA__IO_WRITE);
    if (t->closing)
        lose(t, NULL);
    else if (t->eof)
        wa__net_shutdown_write(t->io.sock);
}

static void flush_datagrams(wa_transport *t) {
    while (t->packets) {
        packet *p = t->packets;
        long n = wa__net_sendto(t->io.sock, p->data, p->len, p->has_to ? &p->to : NULL);
        if (n == -EAGAIN) break;
        t->packets = p->next;
        if (!t->packets) t->packets_tail = &t->packets;
        t->packet_bytes -= p->len;
        free(p);
        if (n < 0) {
            wa_error *e = wa__errno_error_plain((int)-n);
            if (t->proto->error_received) t->proto->error_received(t, e, t->arg);
            wa_error_unref(e);
            if (t->lost) return;
        }
    }
    maybe_resume_protocol(t);
    if (t->packets) return;
    wa__io_stop(&t->io, WA__IO_WRITE);
    if (t->closing) lose(t, NULL);
}

static void on_ready(wa__io *io, int events) {
    wa_transport *t = WA__CONTAINER_OF(io, wa_transport, io);
    wa_transport_ref(t);    /* a callback may close it */
    if (events & WA__IO_READ && !t->lost) t->datagram ? read_datagram(t) : read_stream(t);
    if (events & WA__IO_WRITE && !t->lost) t->datagram ? flush_datagrams(t) : flush_stream(t);
    wa_transport_unref(t);
}

static int check_writable(wa_transport *t, const void *data, size_t len, const char *func) {
    if (!t) return wa__misuse(WA_EINVAL, func, "transport is NULL");
    if (!data && len) return wa__misuse(WA_EINVAL, func, "data is NULL");
    if (t->eof) return wa__misuse(WA_EINVALIDSTATE, func, "cannot write after write_eof()");
    if (t->closing) return wa__misuse(WA_EINVALIDSTATE, func, "the transport is closing");
    return WA_OK;
}

int wa_transport_write(wa_transport *t, const void *data, size_t len) {
    int rc = check_writable(t, data, len, __func__);
    if (rc) return rc;
    if (t->datagram) return wa_transport_sendto(t, data, len, NULL);
    if (len == 0) return WA_OK;
    const char *p = data;
    if (!wa__buf_size(&t->wbuf)) {     /* nothing waiting: straight to the socket */
        long n = send_some(t, p, len);
        if (n < 0 && n != -EAGAIN) {
            fatal(t, wa__errno_error_plain((int)-n), "Fatal write error on socket transport");
            return WA_OK;   /* as asyncio: the error goes to connection_lost */
        }
        if (n > 0) {
            p += n;
            len -= (size_t)n;
        }
        if (len == 0) return WA_OK;
        rc = wa__io_start(&t->io, WA__IO_WRITE);
        if (rc) return wa__misuse(rc, __func__, "cannot watch the socket: %s", wa_strerror(rc));
    }
    if (wa__buf_append(&t->wbuf, p, len)) return wa__misuse(WA_ENOMEM, __func__, "out of memory");
    maybe_pause_protocol(t);
    return WA_OK;
}

int wa_transport_sendto(wa_transport *t, const void *data, size_t len, const wa_sockaddr *to) {
    int rc = check_writable(t, data, len, __func__);
    if (rc) return rc;
    if (!t->datagram) return wa__misuse(WA_EINVAL, __func__, "sendto needs a datagram transport");
    if (!t->packets) {
        long n = wa__net_sendto(t->io.sock, data, len, to);
        if (n >= 0) return WA_OK;
        if (n == -EINVAL && to) return wa__misuse(WA_EINVAL, __func__, "invalid address %s", to->host);
        if (n != -EAGAIN) {
            wa_error *e = wa__errno_error_plain((int)-n);
            if (t->proto->error_received) t->proto->error_received(t, e, t->arg);
            wa_error_unref(e);
            return WA_OK;
        }
        rc = wa__io_start(&t->io, WA__IO_WRITE);
        if (rc) return wa__misuse(rc, __func__, "cannot watch the socket: %s", wa_strerror(rc));
    }
    packet *p = wa__sys_malloc(sizeof *p + len);
    if (!p) return wa__misuse(WA_ENOMEM, __func__, "out of memory");
    p->next = NULL;
    p->has_to = to != NULL;
    if (to) p->to = *to;
    p->len = len;
    if (len) memcpy(p->data, data, len);
    *t->packets_tail = p;
    t->packets_tail = &p->next;
    t->packet_bytes += len;
    maybe_pause_protocol(t);
    return WA_OK;
}

bool wa_transport_can_write_eof(const wa_transport *t) { return t && !t->datagram && !t->pipe; }

int wa_transport_write_eof(wa_transport *t) {
    if (!t) return wa__misuse(WA_EINVAL, __func__, "transport is NULL");
    if (t->datagram || t->pipe) return wa__misuse(WA_EINVAL, __func__, "this transport cannot write EOF");
    if (t->closing || t->eof) return WA_OK;
    t->eof = true;
    if (!wa__buf_size(&t->wbuf)) wa__net_shutdown_write(t->io.sock);
    return WA_OK;
}

/* ---- closing and reading control ------------------------------------------ */

void wa_transport_close(wa_transport *t) {
    if (!t || t->closing) return;
    t->closing = true;
    wa__io_stop(&t->io, WA__IO_READ);
    if (!wa_transport_get_write_buffer_size(t)) lose(t, NULL);
}

void wa_transport_abort(wa_transport *t) {
    if (!t || t->lost) return;
    wa__buf_clear(&t->wbuf);
    drop_packets(t);
    lose(t, NULL);
}

bool wa_transport_is_closing(const wa_transport *t) { return !t || t->closing; }
bool wa_transport_is_reading(const wa_transport *t) { return t && t->reading && !t->closing; }

void wa_transport_pause_reading(wa_transport *t) {
    if (!t || t->closing || !t->reading) return;
    t->reading = false;
    wa__io_stop(&t->io, WA__IO_READ);
}

void wa_transport_resume_reading(wa_transport *t) {
    if (!t || t->closing || t->reading) return;
    t->reading = true;
    if (t->made) wa__io_start(&t->io, WA__IO_READ);
}

wa_value wa_transport_get_extra_info(wa_transport *t, const char *name) {
    if (!t || !name) return wa_none();
    if (strcmp(name, t->pipe ? "pipe" : "socket") == 0) return wa_int(t->io.sock);
    int rc;
    if (strcmp(name, "peername") == 0)
        rc = wa__net_peername(t->io.sock, &t->extra_addr);
    else if (strcmp(name, "sockname") == 0)
        rc = wa__net_sockname(t->io.sock, &t->extra_addr);
    else
        return wa_none();
    if (rc) return wa_none();
    if (t->extra_addr.family == WA_AF_UNIX) return wa_str(t->extra_addr.host);
    t->extra_items[0] = wa_str(t->extra_addr.host);
    t->extra_items[1] = wa_int(t->extra_addr.port);
    return wa_list(t->extra_items, 2);
}

/* ---- making one ------------------------------------------------------------ */

static void connection_made(wa_loop *loop, void *arg) {
    (void)loop;
    wa_transport *t = arg;
    if (!t->lost) {
        t->made = true;
        if (t->proto->connection_made) t->proto->connection_made(t, t->arg);
    }
    wa_transport_unref(t);
}

/* asyncio's _add_reader, scheduled after connection_made. */
static void start_reading(wa_loop *loop, void *arg) {
    (void)loop;
    wa_transport *t = arg;
    if (!t->lost && t->reading) {
        int rc = wa__io_start(&t->io, WA__IO_READ);
        if (rc) fatal(t, wa_error_new(WA_OS_ERROR, "cannot watch the socket: %s", wa_strerror(rc)),
                      "Fatal error on transport");
    }
    wa_transport_unref(t);
}

/* futures._set_result_unless_cancelled(waiter, transport). */
static void wake_waiter(wa_loop *loop, void *arg) {
    (void)loop;
    wa_transport *t = arg;
    wa_future *w = t->waiter;
    t->waiter = NULL;
    if (!wa_future_done(w)) wa_future_set_result(w, wa_ptr(t, NULL));
    wa_future_unref(w);
    wa_transport_unref(t);
}

static void abort_at_exit(wa__resource *r) {
    wa_transport *t = WA__CONTAINER_OF(r, wa_transport, resource);
    if (!t->closing) {      /* asyncio's ResourceWarning, in debug mode */
        char what[64];
        wa__format(what, sizeof what, "transport <wa_transport fd=%d>", t->io.sock);
        wa__debug_unclosed(t->loop, what, NULL);
    }
    if (t->lost)
        call_connection_lost(t->loop, t);   /* its queued call went with the loop's queue */
    else
        wa_transport_abort(t);              /* runs connection_lost at once: the loop is closed */
}

wa_transport *wa__transport_new(wa_loop *loop, int sock, bool datagram, const wa_protocol *proto, void *arg,
                                wa_server *server, wa_future *waiter) {
    wa_transport *t = wa__sys_calloc(1, sizeof *t);
    if (t) {
        wa__list_init(&t->client_node);
        wa__list_init(&t->resource.node);
    }
    if (!t || wa__io_init(&t->io, loop, sock, on_ready)) {
        free(t);
        wa__net_close(sock);
        return NULL;
    }
    wa__loop_ref(loop);
    t->loop = loop;
    t->refs = 1;
    t->datagram = datagram;
    t->proto = proto ? proto : &no_protocol;
    t->arg = arg;
    t->packets_tail = &t->packets;
    t->high = WA__HIGH_WATER;
    t->low = WA__HIGH_WATER / 4;
    t->reading = true;
    /* three callbacks, each holding a reference until it runs */
    int rc = wa_call_soon(loop, connection_made, wa_transport_ref(t), NULL);
    if (!rc) rc = wa_call_soon(loop, start_reading, wa_transport_ref(t), NULL);
    else wa_transport_unref(t);
    if (!rc && waiter) {
        t->waiter = wa_future_ref(waiter);
        rc = wa_call_soon(loop, wake_waiter, wa_transport_ref(t), NULL);
        if (rc) {
            wa_future_unref(t->waiter);
            t->waiter = NULL;
            wa_transport_unref(t);
        }
    }
    if (rc) {   /* callbacks already queued keep t until they run, and see it lost */
        t->lost = true;
        t->closing = true;
        wa__net_close(sock);
        wa_transport_unref(t);
        return NULL;
    }
    wa__list_init(&t->client_node);
    wa__resource_add(loop, &t->resource, abort_at_exit);
    if (server) {
        t->server = server;
        wa__list_push_back(wa__server_clients(server), &t->client_node);
    }
    return t;
}

void wa__transport_set_arg(wa_transport *t, void *arg) { t->arg = arg; }

void wa__transport_make_pipe(wa_transport *t, bool readable) {
    t->pipe = true;
    t->reading = readable;
}

void wa__transports_close_all(wa__list *clients, bool abort) {
    for (wa__list *n = clients->next; n != clients; n = n->next) {
        wa_transport *t = WA__CONTAINER_OF(n, wa_transport, client_node);
        if (abort)
            wa_transport_abort(t);
        else
            wa_transport_close(t);
    }
}
