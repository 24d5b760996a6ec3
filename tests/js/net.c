/*
 * net.c — C entry points the socket tests (tests/node/net.test.mjs) start:
 * streams, servers and datagrams over node:net and node:dgram on
 * 127.0.0.1, with C and Node at either end.  Each returns a trace of what
 * it saw, one "|"-separated event each, for the test to compare.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wasyncio_js.h"

typedef struct trace {
    char text[1024];
    size_t len;
} trace;

static void trace_add(trace *t, const char *fmt, ...) {
    if (t->len + 1 >= sizeof t->text) return;
    if (t->len) t->text[t->len++] = '|';
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(t->text + t->len, sizeof t->text - t->len, fmt, ap);
    va_end(ap);
    if (n > 0) t->len += (size_t)n;
    if (t->len >= sizeof t->text) t->len = sizeof t->text - 1;
}

static wa_future *task_future(wa_task *t) { return t ? wa_task_future(t) : NULL; }

static int int_arg(const wa_value *args, size_t nargs, size_t i) {
    return i < nargs && args[i].kind == WA_KIND_INT ? (int)args[i].as.i : -1;
}

static int sockname_port(wa_value v) { return v.kind == WA_KIND_LIST ? (int)v.as.list.items[1].as.i : -1; }

/* ---- the echo server ---------------------------------------------------------- */

/* What a server's connections share: how many have ended, and an event set
 * once `want` of them have. */
typedef struct served {
    int count, want;
    wa_event *done;
} served;

typedef struct echo_frame {
    wa_stream_handler h;
} echo_frame;

/* Echoes lines until EOF, then closes. */
static wa_status echo_step(wa_coro *co) {
    echo_frame *f = (echo_frame *)co;
    served *sv = f->h.arg;
    WA_BEGIN(co);
    for (;;) {
        WA_AWAIT(co, wa_stream_readline(co, f->h.stream));
        if (co->value.as.buf.len == 0) break;
        wa_stream_write(f->h.stream, co->value.as.buf.data, co->value.as.buf.len);
        WA_AWAIT(co, wa_stream_drain(co, f->h.stream));
    }
    wa_stream_close(f->h.stream);
    WA_AWAIT(co, wa_stream_wait_closed(co, f->h.stream));
    if (sv && ++sv->count == sv->want) wa_event_set(sv->done);
    WA_END(co);
}

/* ---- roundtrip(): C client, C server -------------------------------------------- */

typedef struct client_frame {
    wa_coro co;
    wa_endpoint where;
    wa_server *srv;
    wa_stream *s;
    trace tr;
    int i;
    wa_error *err;
} client_frame;

static wa_endpoint local_any(void) { return (wa_endpoint){.host = "127.0.0.1", .port = 0}; }

static int server_port(wa_server *srv) {
    wa_sockaddr a;
    return wa_server_sockname(srv, &a) ? -1 : a.port;
}

static wa_status roundtrip_step(wa_coro *co) {
    client_frame *f = (client_frame *)co;
    WA_BEGIN(co);
    f->where = local_any();
    WA_AWAIT(co, wa_start_server(co, &f->where, echo_step, sizeof(echo_frame), NULL, NULL, 0));
    f->srv = co->value.as.ptr.p;
    f->where.port = server_port(f->srv);
    trace_add(&f->tr, "listening %d", f->where.port > 0);
    WA_AWAIT(co, wa_open_connection(co, &f->where, 0));
    f->s = co->value.as.ptr.p;
    for (f->i = 0; f->i < 3; f->i++) {
        char line[32];
        int n = snprintf(line, sizeof line, "line %d\n", f->i);
        wa_stream_write(f->s, line, (size_t)n);
        WA_AWAIT(co, wa_stream_readline(co, f->s));
        trace_add(&f->tr, "%.*s", (int)co->value.as.buf.len - 1, co->value.as.buf.data);
    }
    {
        wa_value peer = wa_stream_get_extra_info(f->s, "peername");
        trace_add(&f->tr, "peer %s %d", peer.as.list.items[0].as.buf.data,
                  peer.as.list.items[1].as.i == f->where.port);
        wa_value me = wa_stream_get_extra_info(f->s, "sockname");
        trace_add(&f->tr, "sockname %s %d", me.as.list.items[0].as.buf.data, sockname_port(me) > 0);
    }
    wa_stream_write_eof(f->s);
    WA_AWAIT(co, wa_stream_read(co, f->s, -1));
    trace_add(&f->tr, "eof %zu %d", co->value.as.buf.len, wa_stream_at_eof(f->s));
    wa_stream_close(f->s);
    WA_AWAIT(co, wa_stream_wait_closed(co, f->s));
    wa_stream_free(f->s);
    wa_server_close(f->srv);
    WA_AWAIT(co, wa_server_wait_closed(co, f->srv));
    trace_add(&f->tr, "closed");
    wa_server_free(f->srv);
    WA_RETURN(co, wa_str(f->tr.text));
    WA_END(co);
}

static wa_future *start_roundtrip(wa_loop *loop, const wa_value *args, size_t nargs) {
    (void)args, (void)nargs;
    return task_future(WA_SPAWN(loop, roundtrip_step, client_frame));
}
WA_JS_EXPORT(roundtrip, start_roundtrip)

/* ---- client(port, data[, host]): C client, any server ---------------------------- */

typedef struct send_frame {
    wa_coro co;
    wa_endpoint where;
    const wa_value *data;
    wa_stream *s;
} send_frame;

/* Connects, writes data, closes the writing side and returns all it reads
 * until EOF.  Errors (ConnectionRefusedError) propagate. */
static wa_status client_step(wa_coro *co) {
    send_frame *f = (send_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_open_connection(co, &f->where, 0));
    f->s = co->value.as.ptr.p;
    wa_stream_write(f->s, f->data->as.buf.data, f->data->as.buf.len);
    wa_stream_write_eof(f->s);
    WA_AWAIT(co, wa_stream_read(co, f->s, -1));
    {
        wa_value got = co->value;   /* a view until the next await: return it now */
        wa_stream_free(f->s);
        WA_RETURN(co, got);
    }
    WA_END(co);
}

/* host (default 127.0.0.1) is a view of the argument, as data is: the
 * arguments live as long as the task. */
static wa_future *start_client(wa_loop *loop, const wa_value *args, size_t nargs) {
    if (nargs < 2 || nargs > 3 || args[0].kind != WA_KIND_INT || (args[1].kind != WA_KIND_BYTES && args[1].kind != WA_KIND_STR)
        || (nargs == 3 && args[2].kind != WA_KIND_STR))
        return NULL;
    const char *host = nargs == 3 ? args[2].as.buf.data : "127.0.0.1";
    return task_future(WA_SPAWN(loop, client_step, send_frame,
                                .where = {.host = host, .port = (int)args[0].as.i}, .data = &args[1]));
}
WA_JS_EXPORT(client, start_client)

/* ---- serve(port, n): C server, any client ---------------------------------------- */

typedef struct serve_frame {
    wa_coro co;
    wa_endpoint where;
    served sv;
    wa_server *srv;
} serve_frame;

/* Echoes lines on 127.0.0.1:port, calls JS listening(port) once it
 * listens, closes after n connections have ended and returns n. */
static wa_status serve_step(wa_coro *co) {
    serve_frame *f = (serve_frame *)co;
    WA_BEGIN(co);
    f->sv.done = wa_event_new(wa_get_running_loop());
    WA_AWAIT(co, wa_start_server(co, &f->where, echo_step, sizeof(echo_frame), NULL, &f->sv, 0));
    f->srv = co->value.as.ptr.p;
    {
        wa_value port = wa_int(server_port(f->srv));
        WA_AWAIT(co, wa_js_call(co, "listening", &port, 1));
    }
    WA_AWAIT(co, wa_event_wait(co, f->sv.done));
    wa_server_close(f->srv);
    WA_AWAIT(co, wa_server_wait_closed(co, f->srv));
    wa_server_free(f->srv);
    wa_event_free(f->sv.done);
    WA_RETURN(co, wa_int(f->sv.count));
    WA_END(co);
}

static wa_future *start_serve(wa_loop *loop, const wa_value *args, size_t nargs) {
    int port = int_arg(args, nargs, 0), n = int_arg(args, nargs, 1);
    if (nargs != 2 || port < 0 || n < 1) return NULL;
    return task_future(WA_SPAWN(loop, serve_step, serve_frame,
                                .where = {.host = "127.0.0.1", .port = port}, .sv.want = n));
}
WA_JS_EXPORT(serve, start_serve)

/* ---- backpressure ------------------------------------------------------------------ */

static char chunk[16384];

typedef struct pressure_frame {
    wa_coro co;
    wa_endpoint where;
    wa_event *go;
    wa_server *srv;
    wa_stream *s;
    long written;
    trace tr;
} pressure_frame;

typedef struct writer_frame {
    wa_coro co;
    pressure_frame *p;
    int writes;
    size_t most_buffered;
    bool blocked;
    wa_task *drain;
    wa_error *err;
} writer_frame;

/* drain() as a task of its own, for wait_for (asyncio wraps the coroutine
 * the same way). */
typedef struct drain_frame {
    wa_coro co;
    wa_stream *s;
} drain_frame;

static wa_status drain_step(wa_coro *co) {
    drain_frame *f = (drain_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_stream_drain(co, f->s));
    WA_END(co);
}

/* The writes it takes at most: 32 MiB, far more than the kernel's buffers
 * and ours hold, so a writer that never blocks fails. */
#define MAX_WRITES 2048

/* Writes 16 KiB chunks to p's stream until drain has not returned within
 * 50 ms, and notes the most the transport buffered. */
static wa_status write_until_blocked(wa_coro *co) {
    writer_frame *f = (writer_frame *)co;
    WA_BEGIN(co);
    for (f->writes = 0; f->writes < MAX_WRITES && !f->blocked; f->writes++) {
        wa_stream_write(f->p->s, chunk, sizeof chunk);
        f->p->written += (long)sizeof chunk;
        {
            size_t n = wa_transport_get_write_buffer_size(wa_stream_transport(f->p->s));
            if (n > f->most_buffered) f->most_buffered = n;
        }
        f->drain = WA_SPAWN(wa_get_running_loop(), drain_step, drain_frame, .s = f->p->s);
        if (!f->drain) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
        WA_AWAIT_TRY(co, wa_wait_for(co, wa_task_future(f->drain), 0.05), f->err);
        wa_task_unref(f->drain);
        if (f->err && !wa_error_is(f->err, WA_TIMEOUT_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        f->blocked = f->err != NULL;
    }
    trace_add(&f->p->tr, "blocked %d, buffered at most %s", f->blocked,
              f->most_buffered <= 64 * 1024 + sizeof chunk ? "high water + one write" : "too much");
    WA_END(co);
}

/* A server that reads nothing until its arg (an event) is set, then reads
 * it all and says how much. */
typedef struct lazy_frame {
    wa_stream_handler h;
} lazy_frame;

static wa_status lazy_step(wa_coro *co) {
    lazy_frame *f = (lazy_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_event_wait(co, f->h.arg));
    WA_AWAIT(co, wa_stream_read(co, f->h.stream, -1));
    {
        char line[32];
        int n = snprintf(line, sizeof line, "got %zu\n", co->value.as.buf.len);
        wa_stream_write(f->h.stream, line, (size_t)n);
    }
    WA_AWAIT(co, wa_stream_drain(co, f->h.stream));
    WA_END(co);
}

/* pressure(): a C writer to a C server that does not read. */
static wa_status pressure_step(wa_coro *co) {
    pressure_frame *f = (pressure_frame *)co;
    WA_BEGIN(co);
    f->go = wa_event_new(wa_get_running_loop());
    f->where = local_any();
    WA_AWAIT(co, wa_start_server(co, &f->where, lazy_step, sizeof(lazy_frame), NULL, f->go, 0));
    f->srv = co->value.as.ptr.p;
    f->where.port = server_port(f->srv);
    WA_AWAIT(co, wa_open_connection(co, &f->where, 0));
    f->s = co->value.as.ptr.p;
    WA_AWAIT_CALL(co, write_until_blocked, writer_frame, .p = f);
    wa_event_set(f->go);
    wa_stream_write_eof(f->s);
    WA_AWAIT(co, wa_stream_drain(co, f->s));
    WA_AWAIT(co, wa_stream_readline(co, f->s));
    {
        long got = 0;
        sscanf(co->value.as.buf.data, "got %ld", &got);
        trace_add(&f->tr, "server got it all %d", got == f->written);
    }
    wa_stream_free(f->s);
    wa_server_close(f->srv);
    WA_AWAIT(co, wa_server_wait_closed(co, f->srv));
    wa_server_free(f->srv);
    wa_event_free(f->go);
    WA_RETURN(co, wa_str(f->tr.text));
    WA_END(co);
}

static wa_future *start_pressure(wa_loop *loop, const wa_value *args, size_t nargs) {
    (void)args, (void)nargs;
    return task_future(WA_SPAWN(loop, pressure_step, pressure_frame));
}
WA_JS_EXPORT(pressure, start_pressure)

/* pressure_to(port): a C writer to a server (Node's) that does not read
 * until JS blocked(bytes) returns; then EOF, and the server's reply. */
static wa_status pressure_to_step(wa_coro *co) {
    pressure_frame *f = (pressure_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_open_connection(co, &f->where, 0));
    f->s = co->value.as.ptr.p;
    WA_AWAIT_CALL(co, write_until_blocked, writer_frame, .p = f);
    {
        wa_value written = wa_int(f->written);
        WA_AWAIT(co, wa_js_call(co, "blocked", &written, 1));
    }
    wa_stream_write_eof(f->s);
    WA_AWAIT(co, wa_stream_drain(co, f->s));
    WA_AWAIT(co, wa_stream_read(co, f->s, -1));
    trace_add(&f->tr, "reply %.*s", (int)co->value.as.buf.len, co->value.as.buf.data);
    wa_stream_free(f->s);
    {
        wa_value out[2] = {wa_str(f->tr.text), wa_int(f->written)};
        WA_RETURN(co, wa_list(out, 2));
    }
    WA_END(co);
}

static wa_future *start_pressure_to(wa_loop *loop, const wa_value *args, size_t nargs) {
    int port = int_arg(args, nargs, 0);
    if (nargs != 1 || port <= 0) return NULL;
    return task_future(WA_SPAWN(loop, pressure_to_step, pressure_frame, .where = {.host = "127.0.0.1", .port = port}));
}
WA_JS_EXPORT(pressure_to, start_pressure_to)

/* ---- close_with_clients(): Server.close with a connection open -------------------- */

static wa_status close_clients_step(wa_coro *co) {
    client_frame *f = (client_frame *)co;
    WA_BEGIN(co);
    f->where = local_any();
    WA_AWAIT(co, wa_start_server(co, &f->where, echo_step, sizeof(echo_frame), NULL, NULL, 0));
    f->srv = co->value.as.ptr.p;
    f->where.port = server_port(f->srv);
    WA_AWAIT(co, wa_open_connection(co, &f->where, 0));
    f->s = co->value.as.ptr.p;
    wa_stream_write(f->s, "hi\n", 3);
    WA_AWAIT(co, wa_stream_readline(co, f->s));
    wa_server_close(f->srv);
    trace_add(&f->tr, "serving %d", wa_server_is_serving(f->srv));
    /* the connection outlives close(): wait_closed waits for it */
    wa_stream_write(f->s, "still\n", 6);
    WA_AWAIT(co, wa_stream_readline(co, f->s));
    trace_add(&f->tr, "echo %.*s", (int)co->value.as.buf.len - 1, co->value.as.buf.data);
    WA_AWAIT_TRY(co, wa_wait_for(co, wa_server_wait_closed(co, f->srv), 0.05), f->err);
    trace_add(&f->tr, "wait_closed %s", f->err ? wa_error_type_of(f->err)->name : "done");
    wa_server_close_clients(f->srv);
    WA_AWAIT(co, wa_server_wait_closed(co, f->srv));
    WA_AWAIT(co, wa_stream_read(co, f->s, -1));
    trace_add(&f->tr, "client sees eof %d", wa_stream_at_eof(f->s));
    wa_stream_free(f->s);
    wa_server_free(f->srv);
    WA_RETURN(co, wa_str(f->tr.text));
    WA_END(co);
}

static wa_future *start_close_with_clients(wa_loop *loop, const wa_value *args, size_t nargs) {
    (void)args, (void)nargs;
    return task_future(WA_SPAWN(loop, close_clients_step, client_frame));
}
WA_JS_EXPORT(close_with_clients, start_close_with_clients)

/* ---- bind_in_use(): EADDRINUSE, as asyncio words it ----------------------------- */

static wa_status bind_in_use_step(wa_coro *co) {
    client_frame *f = (client_frame *)co;
    WA_BEGIN(co);
    f->where = local_any();
    WA_AWAIT(co, wa_start_server(co, &f->where, echo_step, sizeof(echo_frame), NULL, NULL, 0));
    f->srv = co->value.as.ptr.p;
    f->where.port = server_port(f->srv);
    WA_AWAIT_TRY(co, wa_start_server(co, &f->where, echo_step, sizeof(echo_frame), NULL, NULL, 0), f->err);
    if (!f->err) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "bound twice to port %d", f->where.port));
    {
        char want[128];
        snprintf(want, sizeof want, "[Errno %d] error while attempting to bind on address ('127.0.0.1', %d): ",
                 EADDRINUSE, f->where.port);
        const char *msg = wa_error_message(f->err);
        trace_add(&f->tr, "%s errno %d", wa_error_type_of(f->err)->name, wa_error_errno(f->err) == EADDRINUSE);
        trace_add(&f->tr, "%s", strncmp(msg, want, strlen(want)) == 0 ? "message ok" : msg);
    }
    wa_server_free(f->srv);
    WA_RETURN(co, wa_str(f->tr.text));
    WA_END(co);
}

static wa_future *start_bind_in_use(wa_loop *loop, const wa_value *args, size_t nargs) {
    (void)args, (void)nargs;
    return task_future(WA_SPAWN(loop, bind_in_use_step, client_frame));
}
WA_JS_EXPORT(bind_in_use, start_bind_in_use)

/* ---- unix(path): an echo over a unix-domain socket --------------------------------- */

static wa_status unix_step(wa_coro *co) {
    client_frame *f = (client_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_start_server(co, &f->where, echo_step, sizeof(echo_frame), NULL, NULL, 0));
    f->srv = co->value.as.ptr.p;
    {
        wa_sockaddr a;
        wa_server_sockname(f->srv, &a);
        trace_add(&f->tr, "listening %d", a.family == WA_AF_UNIX && strcmp(a.host, f->where.path) == 0);
    }
    WA_AWAIT(co, wa_open_connection(co, &f->where, 0));
    f->s = co->value.as.ptr.p;
    wa_stream_write(f->s, "over unix\n", 10);
    WA_AWAIT(co, wa_stream_readline(co, f->s));
    trace_add(&f->tr, "%.*s", (int)co->value.as.buf.len - 1, co->value.as.buf.data);
    trace_add(&f->tr, "peer is the path %d",
              strcmp(wa_stream_get_extra_info(f->s, "peername").as.buf.data, f->where.path) == 0);
    wa_stream_free(f->s);
    wa_server_close(f->srv);
    WA_AWAIT(co, wa_server_wait_closed(co, f->srv));
    wa_server_free(f->srv);
    trace_add(&f->tr, "closed");
    WA_RETURN(co, wa_str(f->tr.text));
    WA_END(co);
}

static wa_future *start_unix(wa_loop *loop, const wa_value *args, size_t nargs) {
    if (nargs != 1 || args[0].kind != WA_KIND_STR) return NULL;
    return task_future(WA_SPAWN(loop, unix_step, client_frame, .where = {.path = args[0].as.buf.data}));
}
WA_JS_EXPORT(unix, start_unix)

/* ---- udp(): datagrams, C to C -------------------------------------------------------- */

typedef struct udp_frame {
    wa_coro co;
    wa_transport *server, *client;
    wa_future *replies;         /* set once all came back */
    int got, port;
    trace tr;
} udp_frame;

/* The server sends each datagram back where it came from, upper-cased. */
static void udp_echo(wa_transport *t, const char *data, size_t len, const wa_sockaddr *from, void *arg) {
    (void)arg;
    char up[64];
    if (len > sizeof up) len = sizeof up;
    for (size_t i = 0; i < len; i++) up[i] = (char)(data[i] >= 'a' && data[i] <= 'z' ? data[i] - 32 : data[i]);
    wa_transport_sendto(t, up, len, from);
}

static void udp_reply(wa_transport *t, const char *data, size_t len, const wa_sockaddr *from, void *arg) {
    (void)t;
    udp_frame *f = arg;
    trace_add(&f->tr, "%.*s from %s %d", (int)len, data, from->host, from->port == f->port);
    if (++f->got == 3) wa_future_set_result(f->replies, wa_none());
}

static const wa_protocol udp_server_proto = {.datagram_received = udp_echo};
static const wa_protocol udp_client_proto = {.datagram_received = udp_reply};

static wa_status udp_step(wa_coro *co) {
    udp_frame *f = (udp_frame *)co;
    WA_BEGIN(co);
    f->replies = wa_future_new(wa_get_running_loop());
    WA_AWAIT(co, wa_create_datagram_endpoint(co, &(wa_endpoint){.host = "127.0.0.1"}, NULL, &udp_server_proto, NULL));
    f->server = co->value.as.ptr.p;
    f->port = sockname_port(wa_transport_get_extra_info(f->server, "sockname"));
    trace_add(&f->tr, "bound %d", f->port > 0);
    WA_AWAIT(co, wa_create_datagram_endpoint(co, NULL, &(wa_endpoint){.host = "127.0.0.1", .port = f->port},
                                             &udp_client_proto, f));
    f->client = co->value.as.ptr.p;
    wa_transport_sendto(f->client, "one", 3, NULL);
    wa_transport_sendto(f->client, "two", 3, NULL);
    wa_transport_sendto(f->client, "three", 5, NULL);
    WA_AWAIT(co, wa_wait_for(co, f->replies, 5.0));
    wa_transport_close(f->client);
    wa_transport_close(f->server);
    wa_future_unref(f->replies);
    WA_RETURN(co, wa_str(f->tr.text));
    WA_END(co);
}

static wa_future *start_udp(wa_loop *loop, const wa_value *args, size_t nargs) {
    (void)args, (void)nargs;
    return task_future(WA_SPAWN(loop, udp_step, udp_frame));
}
WA_JS_EXPORT(udp, start_udp)

/* ---- udp_serve(n): a C datagram server for a Node client ------------------------------ */

typedef struct udp_serve_frame {
    wa_coro co;
    wa_transport *server;
    int n;
} udp_serve_frame;

/* Echoes upper-cased until JS listening(port) returns. */
static wa_status udp_serve_step(wa_coro *co) {
    udp_serve_frame *f = (udp_serve_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_create_datagram_endpoint(co, &(wa_endpoint){.host = "127.0.0.1"}, NULL, &udp_server_proto, NULL));
    f->server = co->value.as.ptr.p;
    {
        wa_value port = wa_int(sockname_port(wa_transport_get_extra_info(f->server, "sockname")));
        WA_AWAIT(co, wa_js_call(co, "listening", &port, 1));
    }
    wa_transport_close(f->server);
    WA_END(co);
}

static wa_future *start_udp_serve(wa_loop *loop, const wa_value *args, size_t nargs) {
    (void)args, (void)nargs;
    return task_future(WA_SPAWN(loop, udp_serve_step, udp_serve_frame));
}
WA_JS_EXPORT(udp_serve, start_udp_serve)
