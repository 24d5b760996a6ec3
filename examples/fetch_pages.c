/*
 * fetch_pages.c — download several pages concurrently, at most three at a
 * time, over plain HTTP/1.1 on streams: the C version of Python's
 *
 *     sem = asyncio.Semaphore(3)
 *     async def fetch(url):
 *         async with sem:
 *             reader, writer = await asyncio.open_connection(host, port)
 *             writer.write(f'GET {path} HTTP/1.1\r\nHost: {host}\r\n'
 *                          'Connection: close\r\n\r\n'.encode())
 *             status = await reader.readline()
 *             while (line := await reader.readline()) not in (b'\r\n', b''):
 *                 ...                              # Content-Length
 *             body = await reader.readexactly(length)
 *     async with asyncio.TaskGroup() as tg:
 *         for url in urls: tg.create_task(fetch(url))
 *
 * Usage: fetch_pages URL...  (http://HOST[:PORT]/PATH).  Each download
 * prints when it starts and finishes with the number in flight, which never
 * exceeds three.  A failed download is reported and the others go on; the
 * exit status is 1 if any failed.  tools/pages-server.mjs serves test pages.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wasyncio.h"

enum { LIMIT = 3, MAX_URLS = 64 };

typedef struct url {
    const char *text;
    char host[64];
    int port;
    const char *path;
} url;

/* http://HOST[:PORT]/PATH into u; false when it is not one. */
static bool parse_url(const char *text, url *u) {
    const char *p = text;
    if (strncmp(p, "http://", 7) != 0) return false;
    p += 7;
    size_t n = strcspn(p, ":/");
    if (n == 0 || n >= sizeof u->host) return false;
    memcpy(u->host, p, n);
    u->host[n] = '\0';
    p += n;
    u->port = 80;
    if (*p == ':') {
        char *end;
        long port = strtol(p + 1, &end, 10);
        if (end == p + 1 || port < 1 || port > 65535) return false;
        u->port = (int)port;
        p = end;
    }
    u->path = *p ? p : "/";
    u->text = text;
    return *p == '/' || *p == '\0';
}

/* True when line starts with prefix, ignoring ASCII case (header names). */
static bool has_prefix(const char *line, const char *prefix) {
    for (; *prefix; line++, prefix++) {
        char c = *line >= 'A' && *line <= 'Z' ? (char)(*line - 'A' + 'a') : *line;
        if (c != *prefix) return false;
    }
    return true;
}

/* The line in a readline's value without its "\r\n", for printing. */
#define LINE(v) (int)strcspn((v).as.buf.data, "\r\n"), (v).as.buf.data

/* ---- one GET --------------------------------------------------------------- */

typedef struct get_frame {
    wa_coro co;
    const url *u;
    int *status;            /* out: the response's status code */
    long *length;           /* out: the body's length */
    wa_stream *s;
    wa_finally fin;
} get_frame;

static void get_release(void *arg) {
    get_frame *f = arg;
    wa_stream_free(f->s);
    f->s = NULL;
}

static wa_status get_step(wa_coro *co) {
    get_frame *f = (get_frame *)co;
    WA_BEGIN(co);
    *f->length = -1;
    WA_AWAIT(co, wa_open_connection(co, &(wa_endpoint){.host = f->u->host, .port = f->u->port}, 0));
    f->s = co->value.as.ptr.p;
    WA_WITH(co, wa_finally_enter(&f->fin, get_release, f)) {
        {
            char request[512];
            int n = snprintf(request, sizeof request, "GET %s HTTP/1.1\r\nHost: %s:%d\r\nConnection: close\r\n\r\n",
                             f->u->path, f->u->host, f->u->port);
            if (n < 0 || (size_t)n >= sizeof request) WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "URL too long"));
            if (wa_stream_write(f->s, request, (size_t)n))
                WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "%s", wa_last_error()));
        }
        WA_AWAIT(co, wa_stream_drain(co, f->s));
        WA_AWAIT(co, wa_stream_readline(co, f->s));     /* HTTP/1.1 200 OK */
        if (sscanf(co->value.as.buf.data, "HTTP/1.%*[01] %3d", f->status) != 1)
            WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "not an HTTP response: '%.*s'", LINE(co->value)));
        for (;;) {
            WA_AWAIT(co, wa_stream_readline(co, f->s));
            const char *line = co->value.as.buf.data;
            if (co->value.as.buf.len == 0)
                WA_RAISE(co, wa_error_new(WA_CONNECTION_RESET_ERROR, "the server closed before the body"));
            if (strcmp(line, "\r\n") == 0 || strcmp(line, "\n") == 0) break;
            if (has_prefix(line, "content-length:")) *f->length = strtol(line + 15, NULL, 10);
        }
        if (*f->length < 0) WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "no Content-Length in the response"));
        /* IncompleteReadError if the server sends less */
        WA_AWAIT(co, wa_stream_readexactly(co, f->s, *f->length));
    }
    WA_WITH_END(co);
    WA_END(co);
}

/* ---- the downloads, three at a time ------------------------------------------ */

typedef struct shared {
    wa_semaphore *sem;
    double start;
    int in_flight, max_in_flight;
    int failed;
    long bytes;
} shared;

typedef struct job_frame {
    wa_coro co;
    shared *s;
    const url *u;
    wa_guard guard;
    int status;
    long length;
    wa_error *err;
} job_frame;

static wa_status job_step(wa_coro *co) {
    job_frame *f = (job_frame *)co;
    shared *s = f->s;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    WA_WITH_ACQUIRED(co, &f->guard, s->sem) {
        if (++s->in_flight > s->max_in_flight) s->max_in_flight = s->in_flight;
        printf("%5.2f s  start  %s  (%d in flight)\n", wa_loop_time(loop) - s->start, f->u->path, s->in_flight);
        WA_AWAIT_CALL_TRY(co, f->err, get_step, get_frame, .u = f->u, .status = &f->status, .length = &f->length);
        s->in_flight--;
        if (f->err && wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
        if (f->err || f->status != 200) {
            s->failed++;
            if (f->err)
                printf("%5.2f s  failed %s: %s: %s  (%d in flight)\n", wa_loop_time(loop) - s->start, f->u->path,
                       wa_error_type_of(f->err)->name, wa_error_message(f->err), s->in_flight);
            else
                printf("%5.2f s  failed %s: status %d  (%d in flight)\n", wa_loop_time(loop) - s->start, f->u->path,
                       f->status, s->in_flight);
        } else {
            s->bytes += f->length;
            printf("%5.2f s  finish %s  %ld bytes  (%d in flight)\n", wa_loop_time(loop) - s->start, f->u->path,
                   f->length, s->in_flight);
        }
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct main_frame {
    wa_coro co;
    url urls[MAX_URLS];
    int count, i;
    shared s;
    wa_taskgroup tg;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->s.sem = wa_semaphore_new(loop, LIMIT);
    if (!f->s.sem) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "%s", wa_last_error()));
    f->s.start = wa_loop_time(loop);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        for (f->i = 0; f->i < f->count; f->i++)
            if (!WA_GROUP_SPAWN(&f->tg, job_step, job_frame, .s = &f->s, .u = &f->urls[f->i]))
                WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "%s", wa_last_error()));
    }
    WA_WITH_END(co);
    wa_semaphore_free(f->s.sem);
    printf("fetched %d of %d pages, %ld bytes in %.2f s, at most %d in flight\n", f->count - f->s.failed, f->count,
           f->s.bytes, wa_loop_time(loop) - f->s.start, f->s.max_in_flight);
    if (f->s.failed) WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "%d download(s) failed", f->s.failed));
    WA_END(co);
}

int main(int argc, char **argv) {
    static main_frame init;     /* wa_main copies it into the main task's frame */
    setvbuf(stdout, NULL, _IONBF, 0);
    if (argc < 2 || argc - 1 > MAX_URLS) {
        fprintf(stderr, "usage: fetch_pages URL...  (1 to %d of http://HOST[:PORT]/PATH)\n", MAX_URLS);
        return 2;
    }
    for (int i = 1; i < argc; i++) {
        if (!parse_url(argv[i], &init.urls[i - 1])) {
            fprintf(stderr, "fetch_pages: not an http://HOST[:PORT]/PATH URL: %s\n", argv[i]);
            return 2;
        }
    }
    init.count = argc - 1;
    return wa_main(main_step, sizeof init, &init, NULL);
}
