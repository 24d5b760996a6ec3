/*
 * wasyncio_io.h — network I/O, asyncio's two levels of it:
 *
 *   - transports and protocols (loop.create_connection, create_server,
 *     create_datagram_endpoint): callbacks a transport calls as bytes
 *     arrive and as its write buffer fills and drains;
 *   - streams (asyncio.open_connection, start_server): a reader to await
 *     lines and byte counts from, and a writer whose drain() waits while
 *     the peer is not reading.
 *
 * Sockets are native BSD sockets (epoll or poll), node:net in Node through
 * the npm package's loader, and the pre-opened sockets of a WASI runtime.
 * A build without a network (Emscripten's glue build) raises OSError
 * "sockets are not available in this build" at the await.
 *
 * Included by wasyncio.h.
 */
#ifndef WASYNCIO_IO_H
#define WASYNCIO_IO_H

/* ------------------------------------------------------------------------ */
/* Errors                                                                   */
/* ------------------------------------------------------------------------ */

extern const wa_error_type wa__connection_error, wa__connection_refused_error,
    wa__connection_reset_error, wa__connection_aborted_error, wa__broken_pipe_error,
    wa__incomplete_read_error, wa__limit_overrun_error, wa__gaierror;

#define WA_CONNECTION_ERROR (&wa__connection_error)                 /* base: OSError */
#define WA_CONNECTION_REFUSED_ERROR (&wa__connection_refused_error) /* base: ConnectionError */
#define WA_CONNECTION_RESET_ERROR (&wa__connection_reset_error)     /* base: ConnectionError */
#define WA_CONNECTION_ABORTED_ERROR (&wa__connection_aborted_error) /* base: ConnectionError */
#define WA_BROKEN_PIPE_ERROR (&wa__broken_pipe_error)               /* base: ConnectionError */
/* asyncio.IncompleteReadError (base: EOFError): the bytes
 * read before the end are wa_error_partial's, the count asked for
 * wa_error_expected's (-1: readuntil, no count). */
#define WA_INCOMPLETE_READ_ERROR (&wa__incomplete_read_error)
/* asyncio.IncompleteReadError(partial, expected): the len bytes at partial
 * copied (NULL: none), expected -1 for None; its message is asyncio's, "2
 * bytes read on a total of 5 expected bytes".  Never NULL (out of memory:
 * wa_error_new's MemoryError). */
wa_error *wa_incomplete_read_error_new(const void *partial, size_t len, int64_t expected);
/* asyncio.LimitOverrunError: wa_error_consumed says how many bytes to
 * consume to get past the limit. */
#define WA_LIMIT_OVERRUN_ERROR (&wa__limit_overrun_error)
#define WA_GAIERROR (&wa__gaierror)                                 /* socket.gaierror, base: OSError */

/* An OSError's errno (<errno.h>'s value on this build), 0 for others. */
int wa_error_errno(const wa_error *e);
/* IncompleteReadError: the partial bytes (a view valid as long as e). */
const char *wa_error_partial(const wa_error *e, size_t *len);
int64_t wa_error_expected(const wa_error *e);
/* LimitOverrunError: the bytes to consume. */
int64_t wa_error_consumed(const wa_error *e);

/* ------------------------------------------------------------------------ */
/* Addresses                                                                */
/* ------------------------------------------------------------------------ */

typedef enum wa_family { WA_AF_UNSPEC, WA_AF_INET, WA_AF_INET6, WA_AF_UNIX } wa_family;

/* A numeric address: host is "127.0.0.1" or "::1" (or a unix socket's
 * path), always NUL-terminated. */
typedef struct wa_sockaddr {
    wa_family family;
    int port;
    char host[108];
} wa_sockaddr;

/* ------------------------------------------------------------------------ */
/* Transports and protocols                                                 */
/* ------------------------------------------------------------------------ */

typedef struct wa_transport wa_transport;

/*
 * asyncio.Protocol / DatagramProtocol: what a transport calls, each with the
 * arg the protocol was given.  Any member may be NULL (then nothing is
 * done; a NULL eof_received closes the transport).  Callbacks run on the
 * loop, one at a time, in asyncio's order: connection_made first,
 * connection_lost last, exactly once each.
 */
typedef struct wa_protocol {
    void (*connection_made)(wa_transport *t, void *arg);
    /* data is a view valid during the call. */
    void (*data_received)(wa_transport *t, const char *data, size_t len, void *arg);
    /* The peer closed its writing side.  Return true to keep the transport
     * open for writing (half-close), false to close it. */
    bool (*eof_received)(wa_transport *t, void *arg);
    /* exc: NULL for a normal close, else why (borrowed).  The transport is
     * freed when this returns unless a reference was taken. */
    void (*connection_lost)(wa_transport *t, wa_error *exc, void *arg);
    /* The write buffer went over the high-water mark / back under the low
     * one (asyncio's flow control). */
    void (*pause_writing)(wa_transport *t, void *arg);
    void (*resume_writing)(wa_transport *t, void *arg);
    /* Datagram endpoints. */
    void (*datagram_received)(wa_transport *t, const char *data, size_t len,
                              const wa_sockaddr *from, void *arg);
    void (*error_received)(wa_transport *t, wa_error *exc, void *arg);
} wa_protocol;

/* Where to connect or listen.  host: a numeric address or a name (resolved
 * on a worker thread natively); NULL for a server means every interface.
 * path instead of host/port: a unix-domain socket (natively). */
typedef struct wa_endpoint {
    const char *host;
    int port;
    const char *path;
    wa_family family;       /* WA_AF_UNSPEC: whatever host resolves to */
    int backlog;            /* servers; <= 0: 100, asyncio's default */
    /* Servers only, asyncio's sock=: with use_sock, sock is a bound stream
     * socket to serve on instead of host, port and path, such as one a
     * supervisor passed down or a WASI runtime pre-opened (wasmtime
     * --tcplisten), which sock_accept then accepts from.  The server owns
     * it from then on and closes it when it closes (or fails to start).
     * Natively it is made to listen with backlog; under WASI it must
     * already listen.  Not under Node (the loader cannot adopt an fd). */
    bool use_sock;
    int sock;
} wa_endpoint;

/*
 * loop.create_connection for WA_AWAIT: connects to where, then makes a
 * transport calling proto with arg.  The await's value is the transport
 * (wa_ptr, borrowed: valid until connection_lost returns).  Raises
 * ConnectionRefusedError "[Errno 111] Connect call failed ('127.0.0.1',
 * 1)" and the like, socket.gaierror for an unknown name, ValueError for a
 * bad port or address, OSError without sockets.
 */
wa_future *wa_create_connection(wa_coro *co, const wa_endpoint *where, const wa_protocol *proto, void *arg);

/*
 * loop.create_datagram_endpoint for WA_AWAIT: a UDP socket bound to local
 * (NULL: none) and connected to remote (NULL: none, then each
 * wa_transport_sendto names its peer).  The value is the transport.
 */
wa_future *wa_create_datagram_endpoint(wa_coro *co, const wa_endpoint *local, const wa_endpoint *remote,
                                       const wa_protocol *proto, void *arg);

/* Writes data (copied) without blocking: what the socket does not take at
 * once is buffered.  WA_EINVALIDSTATE after close (asyncio ignores such
 * writes; here they are an error so none is lost silently), WA_ENOMEM. */
int wa_transport_write(wa_transport *t, const void *data, size_t len);
/* Datagram endpoints: to NULL sends to the connected peer. */
int wa_transport_sendto(wa_transport *t, const void *data, size_t len, const wa_sockaddr *to);
/* Closes the writing side once the buffer is flushed (shutdown(SHUT_WR)). */
int wa_transport_write_eof(wa_transport *t);
bool wa_transport_can_write_eof(const wa_transport *t);
/* Closes after flushing the buffer; connection_lost(NULL) follows. */
void wa_transport_close(wa_transport *t);
/* Closes at once, dropping the buffer; connection_lost(NULL) follows. */
void wa_transport_abort(wa_transport *t);
bool wa_transport_is_closing(const wa_transport *t);
void wa_transport_pause_reading(wa_transport *t);
void wa_transport_resume_reading(wa_transport *t);
bool wa_transport_is_reading(const wa_transport *t);
size_t wa_transport_get_write_buffer_size(const wa_transport *t);
/* asyncio's set_write_buffer_limits: high < 0 means 4 * low, or 64 KiB when
 * low < 0 too; low < 0 means high / 4.  WA_EINVAL when low > high. */
int wa_transport_set_write_buffer_limits(wa_transport *t, long high, long low);
/* get_extra_info: "peername" and "sockname" as a list [host, port] (a
 * string for a unix socket), "socket" as the fd (int).  None for other
 * names.  The value is a view valid as long as the transport. */
wa_value wa_transport_get_extra_info(wa_transport *t, const char *name);
/* Keeps t alive past connection_lost (it may still be asked about). */
wa_transport *wa_transport_ref(wa_transport *t);
void wa_transport_unref(wa_transport *t);                     /* NULL-safe */

/* ------------------------------------------------------------------------ */
/* Servers                                                                  */
/* ------------------------------------------------------------------------ */

typedef struct wa_server wa_server;

/*
 * loop.create_server for WA_AWAIT: listens on where and serves at once
 * (start_serving=True).  For each connection, proto's callbacks get
 * new_arg(arg)'s result (new_arg NULL: arg itself); connection_lost is
 * where to free it.  The value is the server (wa_ptr, borrowed: free it
 * with wa_server_free once closed).
 */
wa_future *wa_create_server(wa_coro *co, const wa_endpoint *where, const wa_protocol *proto,
                            void *(*new_arg)(void *arg), void *arg);

/* Server.close: stops listening; connections already made go on (3.13:
 * see wa_server_close_clients). */
void wa_server_close(wa_server *s);
/* Server.close_clients / abort_clients (3.13). */
void wa_server_close_clients(wa_server *s);
void wa_server_abort_clients(wa_server *s);
/* Server.wait_closed for WA_AWAIT: done once closed and every connection
 * it made is gone. */
wa_future *wa_server_wait_closed(wa_coro *co, wa_server *s);
/* Server.serve_forever for WA_AWAIT: waits until the server is closed;
 * cancelling it closes the server. */
wa_future *wa_server_serve_forever(wa_coro *co, wa_server *s);
bool wa_server_is_serving(const wa_server *s);
/* The listening address (the port picked for port 0).  WA_EINVAL. */
int wa_server_sockname(const wa_server *s, wa_sockaddr *out);
/* Closes if needed and frees s once its connections are gone.  NULL-safe. */
void wa_server_free(wa_server *s);

/* ------------------------------------------------------------------------ */
/* Streams                                                                  */
/* ------------------------------------------------------------------------ */

/* A StreamReader and its StreamWriter in one object. */
typedef struct wa_stream wa_stream;

/* The buffer limit of readline/readuntil (asyncio's 64 KiB default). */
#define WA_STREAM_LIMIT ((size_t)64 * 1024)

/*
 * asyncio.open_connection for WA_AWAIT.  The value is the stream (wa_ptr,
 * borrowed): the caller owns it and frees it with wa_stream_free.  limit 0:
 * WA_STREAM_LIMIT.  Raises as wa_create_connection.
 */
wa_future *wa_open_connection(wa_coro *co, const wa_endpoint *where, size_t limit);

/*
 * The frame a start_server handler runs over: the user's frame type has
 * this as its first member.  The library sets stream and arg; it frees the
 * stream (closing it) when the handler ends.
 */
typedef struct wa_stream_handler {
    wa_coro co;
    wa_stream *stream;
    void *arg;
} wa_stream_handler;

/*
 * asyncio.start_server for WA_AWAIT: each connection runs handler as a new
 * task over a frame_size-byte frame (>= sizeof(wa_stream_handler)),
 * initialised from init (NULL: zeroed) apart from the wa_stream_handler
 * header, which the library sets.  An error the handler raises is reported
 * through the exception handler and its connection closed.  limit 0:
 * WA_STREAM_LIMIT.  The value is the server, as wa_create_server's.
 */
wa_future *wa_start_server(wa_coro *co, const wa_endpoint *where, wa_step_fn handler, size_t frame_size,
                           const void *init, void *arg, size_t limit);

/*
 * asyncio's connect_read_pipe / connect_write_pipe with a stream on top:
 * a stream over an open fd (a pipe, a tty, stdin or stdout; under WASI
 * polled with poll_oneoff).  mode: WA_PIPE_READ, WA_PIPE_WRITE or both.
 * The stream takes fd over and closes it when closed, as asyncio's pipe
 * transports do.  The value is the stream, as wa_open_connection's.
 *
 * A regular file or /dev/null is accepted too (`prog < file`), and is
 * always ready: reads and writes on it never wait.  (asyncio refuses
 * regular files here; a C program's stdin may be one.)
 *
 * SIGPIPE: writing to a pipe or socket whose reader has gone fails with
 * BrokenPipeError "[Errno 32] Broken pipe", as in asyncio, and the process
 * goes on.  The process's SIGPIPE disposition is left as it is (CPython
 * sets it to SIG_IGN at startup; this library does not): natively, a pipe
 * write blocks SIGPIPE in the calling thread for the write and discards the
 * SIGPIPE the write raised, and socket sends use MSG_NOSIGNAL or
 * SO_NOSIGPIPE (or the same blocking where neither exists).  A SIGPIPE
 * pending before the write is left pending.
 */
#define WA_PIPE_READ 1
#define WA_PIPE_WRITE 2
wa_future *wa_open_pipe(wa_coro *co, int fd, int mode, size_t limit);

/* Reader.  Each returns an awaitable whose value is bytes (a view owned by
 * the frame until its next await), or raises. */
/* read(n): up to n bytes (n == -1: until EOF; 0: b""); b"" at EOF.
 * ValueError for other negative n. */
wa_future *wa_stream_read(wa_coro *co, wa_stream *s, long n);
/* readline: through "\n", or what is left at EOF (ValueError when over the
 * limit, the line consumed as asyncio does). */
wa_future *wa_stream_readline(wa_coro *co, wa_stream *s);
/* readexactly(n): exactly n bytes, or IncompleteReadError at EOF. */
wa_future *wa_stream_readexactly(wa_coro *co, wa_stream *s, long n);
/* readuntil(sep): through sep (1..limit bytes); IncompleteReadError at
 * EOF, LimitOverrunError when sep is not within limit bytes. */
wa_future *wa_stream_readuntil(wa_coro *co, wa_stream *s, const void *sep, size_t seplen);
/* True once the buffer is empty and the peer has closed. */
bool wa_stream_at_eof(const wa_stream *s);

/* Writer. */
/* Buffers data (copied).  WA_EINVALIDSTATE once closing, WA_ENOMEM. */
int wa_stream_write(wa_stream *s, const void *data, size_t len);
int wa_stream_write_eof(wa_stream *s);
bool wa_stream_can_write_eof(const wa_stream *s);
/* drain for WA_AWAIT: returns at once while the write buffer is under the
 * high-water mark, else waits until it is back under the low one.  Raises
 * the connection's error if it was lost, ConnectionResetError "Connection
 * lost" when it closed. */
wa_future *wa_stream_drain(wa_coro *co, wa_stream *s);
/* Closes the transport (after flushing what is buffered). */
void wa_stream_close(wa_stream *s);
bool wa_stream_is_closing(const wa_stream *s);
/* wait_closed for WA_AWAIT: done once the connection is lost. */
wa_future *wa_stream_wait_closed(wa_coro *co, wa_stream *s);
/* As wa_transport_get_extra_info. */
wa_value wa_stream_get_extra_info(wa_stream *s, const char *name);
wa_transport *wa_stream_transport(wa_stream *s);
/* Closes if open and frees s.  NULL-safe.  Not while a task awaits on it. */
void wa_stream_free(wa_stream *s);

#endif
