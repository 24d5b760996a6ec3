/* Connecting to a port nobody listens on (a server's, after it closed)
 * raises ConnectionRefusedError, a ConnectionError and an OSError whose
 * errno is ECONNREFUSED, saying "Connect call failed" with the address:
 * from open_connection and from create_connection alike.  (The errno's
 * number and the port vary between runs and systems: printed as names.)
 * native-only: sockets */
#include "trace.h"

typedef struct {
    wa_stream_handler h;
} handle_frame;

static wa_status handle(wa_coro *co) {
    WA_BEGIN(co);
    WA_END(co);
}

/* text with the first `from` replaced by `to`, into out. */
static void replace(char *out, size_t size, const char *text, const char *from, const char *to) {
    const char *at = strstr(text, from);
    if (!at)
        snprintf(out, size, "%s", text);
    else
        snprintf(out, size, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
}

/* As the Python twin's describe(e, port). */
static const char *describe(wa_error *e, int port) {
    static char out[512];
    char from[32], to[48], named[400], text[400];
    snprintf(from, sizeof from, "[Errno %d]", wa_error_errno(e));
    snprintf(to, sizeof to, "[Errno %s]", errno_name(wa_error_errno(e)));
    replace(named, sizeof named, wa_error_message(e), from, to);
    snprintf(from, sizeof from, "%d", port);
    replace(text, sizeof text, named, from, "PORT");
    snprintf(out, sizeof out, "%s: %s (ConnectionError: %s, OSError: %s)", wa_error_type_of(e)->name, text,
             yes(wa_error_is(e, WA_CONNECTION_ERROR)), yes(wa_error_is(e, WA_OS_ERROR)));
    return out;
}

static const wa_protocol nothing;   /* asyncio.Protocol: every callback does nothing */

typedef struct {
    wa_coro co;
    wa_endpoint where;
    wa_server *server;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->where = (wa_endpoint){.host = "127.0.0.1", .port = 0};
    WA_AWAIT(co, wa_start_server(co, &f->where, handle, sizeof(handle_frame), NULL, NULL, 0));
    f->server = co->value.as.ptr.p;
    {
        wa_sockaddr a;
        wa_server_sockname(f->server, &a);
        f->where.port = a.port;
    }
    wa_server_close(f->server);
    WA_AWAIT(co, wa_server_wait_closed(co, f->server));
    wa_server_free(f->server);
    WA_AWAIT_TRY(co, wa_open_connection(co, &f->where, 0), f->err);
    if (!f->err) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "connected"));
    if (!wa_error_is(f->err, WA_OS_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    NOTE("open_connection: %s", describe(f->err, f->where.port));
    WA_AWAIT_TRY(co, wa_create_connection(co, &f->where, &nothing, NULL), f->err);
    if (!f->err) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "connected"));
    if (!wa_error_is(f->err, WA_OS_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
    NOTE("create_connection: %s", describe(f->err, f->where.port));
    NOTE("done");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN_REAL(main_step, main_frame);
}
