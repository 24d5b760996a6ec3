/* UDP through create_datagram_endpoint: a server endpoint bound to
 * 127.0.0.1 answers each datagram upper-cased to the address it came from
 * (sendto); a client endpoint connected to it sends three and closes after
 * the third answer.  Datagrams keep their boundaries and, over loopback,
 * their order.  A client connected to a port nobody listens on gets
 * ConnectionRefusedError through error_received after its send.  (Each
 * side's callbacks are printed on their own.)
 * native-only: sockets */
#include <ctype.h>

#include "trace.h"

typedef struct side {
    char events[8][80];
    int n;
    int peers[8], npeers;       /* the server's: ports datagrams came from */
    const char *const *words;   /* the client's */
    int nwords, answers;
    wa_future *lost;
} side;

#define RECORD(s, ...) snprintf((s)->events[(s)->n < 8 ? (s)->n++ : 7], sizeof (s)->events[0], __VA_ARGS__)

static void server_made(wa_transport *t, void *arg) {
    (void)t;
    RECORD((side *)arg, "connection_made");
}

static void server_datagram(wa_transport *t, const char *data, size_t len, const wa_sockaddr *from, void *arg) {
    side *s = arg;
    char upper[64];
    RECORD(s, "datagram_received %s from %.40s", brepr(data, len), from->host);
    if (s->npeers < 8) s->peers[s->npeers++] = from->port;
    for (size_t i = 0; i < len && i < sizeof upper; i++) upper[i] = (char)toupper((unsigned char)data[i]);
    wa_transport_sendto(t, upper, len < sizeof upper ? len : sizeof upper, from);
}

static void server_lost(wa_transport *t, wa_error *exc, void *arg) {
    (void)t;
    RECORD((side *)arg, "connection_lost %s", exc ? wa_error_message(exc) : "None");
}

static const wa_protocol server_protocol = {
    .connection_made = server_made,
    .connection_lost = server_lost,
    .datagram_received = server_datagram,
};

static void client_made(wa_transport *t, void *arg) {
    side *s = arg;
    RECORD(s, "connection_made");
    for (int i = 0; i < s->nwords; i++) wa_transport_sendto(t, s->words[i], strlen(s->words[i]), NULL);
}

static void client_datagram(wa_transport *t, const char *data, size_t len, const wa_sockaddr *from, void *arg) {
    side *s = arg;
    (void)from;
    RECORD(s, "datagram_received %s", brepr(data, len));
    if (++s->answers == s->nwords) wa_transport_close(t);
}

static void client_error(wa_transport *t, wa_error *exc, void *arg) {
    RECORD((side *)arg, "error_received %s %s", wa_error_type_of(exc)->name, errno_name(wa_error_errno(exc)));
    wa_transport_close(t);
}

static void client_lost(wa_transport *t, wa_error *exc, void *arg) {
    side *s = arg;
    (void)t;
    RECORD(s, "connection_lost %s", exc ? wa_error_message(exc) : "None");
    wa_future_set_result(s->lost, wa_none());
}

static const wa_protocol client_protocol = {
    .connection_made = client_made,
    .connection_lost = client_lost,
    .datagram_received = client_datagram,
    .error_received = client_error,
};

static const char *const words[] = {"one", "two", "three"};
static const char *const lonely[] = {"anyone?"};

typedef struct {
    wa_coro co;
    wa_endpoint local, remote;
    wa_transport *server;
    int client_port;
    side server_side, client_side, lonely_side;
    int i;
} main_frame;

static int port_of(wa_transport *t) {
    wa_value name = wa_transport_get_extra_info(t, "sockname");
    return name.kind == WA_KIND_LIST ? (int)name.as.list.items[1].as.i : -1;
}

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->local = (wa_endpoint){.host = "127.0.0.1", .port = 0};
    WA_AWAIT(co, wa_create_datagram_endpoint(co, &f->local, NULL, &server_protocol, &f->server_side));
    f->server = co->value.as.ptr.p;
    f->remote = (wa_endpoint){.host = "127.0.0.1", .port = port_of(f->server)};
    f->client_side = (side){.words = words, .nwords = 3, .lost = wa_future_new(loop)};
    WA_AWAIT(co, wa_create_datagram_endpoint(co, NULL, &f->remote, &client_protocol, &f->client_side));
    f->client_port = port_of(co->value.as.ptr.p);
    WA_AWAIT(co, f->client_side.lost);
    wa_transport_close(f->server);
    WA_YIELD(co);
    for (f->i = 0; f->i < f->server_side.n; f->i++) NOTE("server: %s", f->server_side.events[f->i]);
    {
        bool same = f->server_side.npeers > 0;
        for (int i = 0; i < f->server_side.npeers; i++) same = same && f->server_side.peers[i] == f->client_port;
        NOTE("server: every datagram came from the client's port: %s", yes(same));
    }
    for (f->i = 0; f->i < f->client_side.n; f->i++) NOTE("client: %s", f->client_side.events[f->i]);
    wa_future_unref(f->client_side.lost);

    /* nobody listens on the port any more */
    f->lonely_side = (side){.words = lonely, .nwords = 1, .lost = wa_future_new(loop)};
    WA_AWAIT(co, wa_create_datagram_endpoint(co, NULL, &f->remote, &client_protocol, &f->lonely_side));
    WA_AWAIT(co, f->lonely_side.lost);
    for (f->i = 0; f->i < f->lonely_side.n; f->i++) NOTE("lonely client: %s", f->lonely_side.events[f->i]);
    wa_future_unref(f->lonely_side.lost);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN_REAL(main_step, main_frame);
}
