/* Reads that wait for data.  A line that arrives in two pieces is one
 * line; a second reader while one waits gets RuntimeError; a reader
 * cancelled while it waits leaves the stream to the next read, which gets
 * what comes later; readexactly() waits for all its bytes, read(n) for any,
 * and readline() at EOF returns what is left.  The server writes each piece
 * when the client opens its gate.
 * native-only: sockets */
#include "trace.h"

static const char *const pieces[] = {"par", "tial\n", "after\n", "12", "345", "xyz", "tail"};
enum { NPIECES = sizeof pieces / sizeof pieces[0] };

static wa_event *gates[NPIECES];

typedef struct {
    wa_stream_handler h;
    int i;
} handle_frame;

static wa_status handle(wa_coro *co) {
    handle_frame *f = (handle_frame *)co;
    WA_BEGIN(co);
    for (f->i = 0; f->i < NPIECES; f->i++) {
        WA_AWAIT(co, wa_event_wait(co, gates[f->i]));
        wa_stream_write(f->h.stream, pieces[f->i], strlen(pieces[f->i]));
    }
    wa_stream_close(f->h.stream);
    WA_AWAIT(co, wa_stream_wait_closed(co, f->h.stream));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    int i;
} open_later_frame;

static wa_status open_later(wa_coro *co) {
    open_later_frame *f = (open_later_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 0.05));
    wa_event_set(gates[f->i]);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_stream *s;
} readline_frame;

/* reader.readline() as a task of its own: its value copied out */
static wa_status readline_task(wa_coro *co) {
    readline_frame *f = (readline_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_stream_readline(co, f->s));
    WA_RETURN(co, co->value);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_endpoint where;
    wa_server *server;
    wa_stream *s;
    wa_task *reader, *later;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    for (int i = 0; i < NPIECES; i++) gates[i] = wa_event_new(loop);
    f->where = (wa_endpoint){.host = "127.0.0.1", .port = 0};
    WA_AWAIT(co, wa_start_server(co, &f->where, handle, sizeof(handle_frame), NULL, NULL, 0));
    f->server = co->value.as.ptr.p;
    {
        wa_sockaddr a;
        wa_server_sockname(f->server, &a);
        f->where.port = a.port;
    }
    WA_AWAIT(co, wa_open_connection(co, &f->where, 0));
    f->s = co->value.as.ptr.p;

    f->reader = WA_SPAWN(loop, readline_task, readline_frame, .s = f->s);
    WA_YIELD(co);   /* it waits for data */
    WA_AWAIT_TRY(co, wa_stream_readline(co, f->s), f->err);
    if (f->err) NOTE("second reader: %s: %s", wa_error_type_of(f->err)->name, wa_error_message(f->err));
    wa_event_set(gates[0]);
    WA_AWAIT_CALL(co, open_later, open_later_frame, .i = 1);
    WA_AWAIT(co, f->reader);
    NOTE("first reader: %s", BREPR(co->value));
    wa_task_unref(f->reader);

    f->reader = WA_SPAWN(loop, readline_task, readline_frame, .s = f->s);
    WA_YIELD(co);
    wa_task_cancel(f->reader, NULL);
    WA_AWAIT_TRY(co, f->reader, f->err);
    if (f->err) NOTE("cancelled reader: %s", wa_error_type_of(f->err)->name);
    wa_task_unref(f->reader);
    wa_event_set(gates[2]);
    WA_AWAIT(co, wa_stream_readline(co, f->s));
    NOTE("next readline: %s", BREPR(co->value));

    wa_event_set(gates[3]);
    f->later = WA_SPAWN(loop, open_later, open_later_frame, .i = 4);
    WA_AWAIT(co, wa_stream_readexactly(co, f->s, 5));
    NOTE("readexactly(5): %s", BREPR(co->value));
    WA_AWAIT(co, f->later);
    wa_task_unref(f->later);
    wa_event_set(gates[5]);
    WA_AWAIT(co, wa_stream_read(co, f->s, 100));
    NOTE("read(100): %s", BREPR(co->value));
    wa_event_set(gates[6]);
    WA_AWAIT(co, wa_stream_readline(co, f->s));
    NOTE("readline at EOF: %s", BREPR(co->value));
    WA_AWAIT(co, wa_stream_readline(co, f->s));
    NOTE("then: %s", BREPR(co->value));

    wa_stream_close(f->s);
    WA_AWAIT(co, wa_stream_wait_closed(co, f->s));
    wa_stream_free(f->s);
    wa_server_close(f->server);
    WA_AWAIT(co, wa_server_wait_closed(co, f->server));
    wa_server_free(f->server);
    for (int i = 0; i < NPIECES; i++) wa_event_free(gates[i]);
    NOTE("done");
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN_REAL(main_step, main_frame);
}
