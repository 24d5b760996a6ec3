/*
 * io-int.h — what the I/O layer's files share: transports, servers,
 * connecting, and errors made from errno.  Over the engine and the asyncio
 * library (streams sleep), under nothing but debug mode.
 */
#ifndef WA_IO_INT_H
#define WA_IO_INT_H

#include "../lib/lib-int.h"
#include "../net/net.h"

/* Bytes a transport reads at once (asyncio's max_size is 256 KiB; one
 * shared buffer per loop, so 10,000 connections do not each hold one). */
#define WA__IO_BUF (64 * 1024)

/* asyncio's write-buffer limits: pause the protocol above 64 KiB, resume
 * at 16 KiB. */
#define WA__HIGH_WATER (64 * 1024)

/* A byte buffer: its content is data[off..len).  Appending compacts the
 * consumed front away before growing. */
typedef struct wa__buf {
    char *data;
    size_t off, len, cap;
} wa__buf;
static inline size_t wa__buf_size(const wa__buf *b) { return b->len - b->off; }
/* The content's first byte (a valid pointer even when empty). */
static inline const char *wa__buf_start(const wa__buf *b) { return b->data ? b->data + b->off : ""; }
int wa__buf_append(wa__buf *b, const void *data, size_t n);    /* WA_ENOMEM */
static inline void wa__buf_clear(wa__buf *b) { b->off = b->len = 0; }
/* Drops n bytes (at most the size) from the front. */
void wa__buf_consume(wa__buf *b, size_t n);
void wa__buf_free(wa__buf *b);

/* An OSError (or the subclass errno e maps to, as Python's OSError does)
 * "[Errno e] what", what printf-formatted; e is positive. */
wa_error *wa__errno_error(int e, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* "[Errno e] <the system's text for e>". */
wa_error *wa__errno_error_plain(int e);
/* socket.gaierror for a WA__EAI_* code: "[Errno -2] Name or service not
 * known", as CPython on Linux says it. */
wa_error *wa__gai_error(int code);
/* "('127.0.0.1', 8888)" or "('::1', 8888, 0, 0)" or "'/tmp/sock'", as
 * Python prints an address. */
void wa__addr_repr(const wa_sockaddr *a, char *buf, size_t size);

/* A transport over an open socket: reads start and connection_made runs on
 * the loop's next iteration (asyncio's call_soon), then waiter, if any,
 * gets the transport as its result.  Takes over sock (closed on failure).
 * NULL when out of memory. */
typedef struct wa_server wa_server;
wa_transport *wa__transport_new(wa_loop *loop, int sock, bool datagram, const wa_protocol *proto, void *arg,
                                wa_server *server, wa_future *waiter);
/* Makes a new transport a pipe's: read(2)/write(2) on a plain fd, reading
 * only if readable. */
void wa__transport_make_pipe(wa_transport *t, bool readable);
/* Sets the protocol's arg of a transport whose callbacks have not run. */
void wa__transport_set_arg(wa_transport *t, void *arg);
/* Closes (or aborts) every transport on clients (a server's). */
void wa__transports_close_all(wa__list *clients, bool abort);

/* Servers: the list its transports link into; a transport the server made
 * went away (asyncio's _detach). */
wa__list *wa__server_clients(wa_server *s);
void wa__server_detach(wa_server *s);
/* A server calling proto with new_arg(arg) (or arg) per connection;
 * on_free(arg), if given, runs when the server goes.  NULL: out of memory. */
wa_server *wa__server_new(wa_loop *loop, const wa_protocol *proto, void *(*new_arg)(void *), void *arg,
                          void (*on_free)(void *arg), int backlog);
/* Listens on where (an endpoint already checked); the await's value is s,
 * which is freed if listening fails. */
wa_future *wa__server_listen(wa_coro *co, wa_server *s, const wa_endpoint *where);

/*
 * Resolving and connecting, library coroutines run inline in the caller's
 * task.  resolve: where's addresses into out (up to max); value the count.
 * connect: a connected socket of type to one of them, value its number.
 */
/* The most addresses one lookup gives, and so a connect tries. */
#define WA__MAX_ADDRS 8
wa_future *wa__resolve(wa_coro *co, const wa_endpoint *where, wa__sock_type type, bool passive,
                       wa_sockaddr *out, int max);
/* Checks an endpoint: NULL, or a ValueError/TypeError to raise. */
wa_error *wa__check_endpoint(const wa_endpoint *where, bool server, const char *func);

#endif
