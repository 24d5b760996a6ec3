/* create_server and create_connection with protocols that record their
 * callbacks.  The client writes b'hello' and write_eof() from
 * connection_made; the server answers from eof_received and returns False,
 * which closes its side.  Each side sees connection_made, data_received,
 * eof_received, connection_lost(None), in that order, each once; the
 * client's connection_made has run when create_connection returns.  (The
 * two sides' callbacks interleave as the sockets happen to be ready, so
 * each side's list is printed on its own.)
 * native-only: sockets */
#include <ctype.h>

#include "trace.h"

typedef struct side {
    char events[8][80];
    int n;
    char got[64];
    size_t len;
    wa_future *lost;            /* the client's */
    wa_transport *t;            /* the client's, a reference */
} side;

#define RECORD(s, ...) snprintf((s)->events[(s)->n < 8 ? (s)->n++ : 7], sizeof (s)->events[0], __VA_ARGS__)

static void server_made(wa_transport *t, void *arg) {
    (void)t;
    RECORD((side *)arg, "connection_made");
}

static void server_data(wa_transport *t, const char *data, size_t len, void *arg) {
    side *s = arg;
    (void)t;
    RECORD(s, "data_received %s", brepr(data, len));
    for (size_t i = 0; i < len && s->len < sizeof s->got; i++) s->got[s->len++] = (char)toupper((unsigned char)data[i]);
}

static bool server_eof(wa_transport *t, void *arg) {
    side *s = arg;
    RECORD(s, "eof_received -> False");
    wa_transport_write(t, s->got, s->len);
    return false;
}

static void server_lost(wa_transport *t, wa_error *exc, void *arg) {
    RECORD((side *)arg, "connection_lost %s, is_closing=%s", exc ? wa_error_message(exc) : "None",
           yes(wa_transport_is_closing(t)));
}

static const wa_protocol server_protocol = {
    .connection_made = server_made,
    .data_received = server_data,
    .eof_received = server_eof,
    .connection_lost = server_lost,
};

static void client_made(wa_transport *t, void *arg) {
    side *s = arg;
    RECORD(s, "connection_made");
    s->t = wa_transport_ref(t);     /* asked about after connection_lost */
    wa_transport_write(t, "hello", 5);
    wa_transport_write_eof(t);
}

static void client_data(wa_transport *t, const char *data, size_t len, void *arg) {
    (void)t;
    RECORD((side *)arg, "data_received %s", brepr(data, len));
}

static bool client_eof(wa_transport *t, void *arg) {
    (void)t;
    RECORD((side *)arg, "eof_received -> None");
    return false;
}

static void client_lost(wa_transport *t, wa_error *exc, void *arg) {
    side *s = arg;
    (void)t;
    RECORD(s, "connection_lost %s", exc ? wa_error_message(exc) : "None");
    wa_future_set_result(s->lost, wa_none());
}

static const wa_protocol client_protocol = {
    .connection_made = client_made,
    .data_received = client_data,
    .eof_received = client_eof,
    .connection_lost = client_lost,
};

typedef struct {
    wa_coro co;
    wa_endpoint where;
    wa_server *server;
    side server_side, client_side;
    int i;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    f->where = (wa_endpoint){.host = "127.0.0.1", .port = 0};
    WA_AWAIT(co, wa_create_server(co, &f->where, &server_protocol, NULL, &f->server_side));
    f->server = co->value.as.ptr.p;
    {
        wa_sockaddr a;
        wa_server_sockname(f->server, &a);
        f->where.port = a.port;
    }
    f->client_side.lost = wa_future_new(wa_get_running_loop());
    WA_AWAIT(co, wa_create_connection(co, &f->where, &client_protocol, &f->client_side));
    {
        char list[256] = "";
        for (int i = 0; i < f->client_side.n; i++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s'%s'", i ? ", " : "",
                     f->client_side.events[i]);
        NOTE("create_connection returned after [%s]", list);
    }
    WA_AWAIT(co, f->client_side.lost);
    NOTE("client transport is_closing=%s", yes(wa_transport_is_closing(f->client_side.t)));
    wa_server_close(f->server);
    WA_AWAIT(co, wa_server_wait_closed(co, f->server));
    for (f->i = 0; f->i < f->server_side.n; f->i++) NOTE("server: %s", f->server_side.events[f->i]);
    for (f->i = 0; f->i < f->client_side.n; f->i++) NOTE("client: %s", f->client_side.events[f->i]);
    wa_transport_unref(f->client_side.t);
    wa_future_unref(f->client_side.lost);
    wa_server_free(f->server);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN_REAL(main_step, main_frame);
}
