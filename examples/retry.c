/* examples/retry.c — fetching three URLs at once, each with a timeout per
 * attempt and retries: try/except/else/finally around an `async with
 * timeout`, and the request's URL in a ContextVar that every log line reads,
 * whichever task or coroutine logs it.  The server is simulated (a latency
 * per attempt, or a refusal) and the loop runs on the virtual clock, so the
 * output, times included, is the same on every run and every target, and
 * equal to what examples/retry.py, the same program in Python, prints
 * (tests/node/demo.test.mjs checks both).
 */
#include <stdarg.h>
#include <stdio.h>

#include "wasyncio.h"
#include "wasyncio_io.h"

#define TRIES 3

/* The simulated server: a latency per attempt, or REFUSED. */
#define REFUSED (-1.0)
static const struct { const char *url; double latency[TRIES]; } server[] = {
    {"/a", {0.1, 0, 0}},
    {"/b", {0.5, 0.1, 0}},
    {"/c", {REFUSED, 0.5, 0.5}},
};
#define N_URLS (sizeof server / sizeof server[0])

static wa_contextvar *request;  /* the URL this task is fetching */
static double start;

/* Logs a line with the time and the current task's request. */
static void log_line(const char *fmt, ...) {
    wa_value url;
    char msg[64];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    wa_contextvar_get_or(request, wa_str("-"), &url);
    printf("%4.2f s  %-2s  %s\n", wa_loop_time(wa_get_running_loop()) - start, url.as.buf.data, msg);
    wa_value_clear(&url);
}

typedef struct { wa_coro co; int i; int attempt; } get_frame;

/* One attempt at server[i]: its body after the latency, or a refusal. */
static wa_status get_step(wa_coro *co) {
    get_frame *f = (get_frame *)co;
    double latency = server[f->i].latency[f->attempt - 1];
    char body[32];
    WA_BEGIN(co);
    if (latency == REFUSED) WA_RAISE(co, wa_error_new(WA_CONNECTION_REFUSED_ERROR, "refused"));
    WA_AWAIT(co, wa_sleep(co, latency));
    snprintf(body, sizeof body, "body of %s", server[f->i].url);
    WA_RETURN(co, wa_str(body));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    int i;
    int attempt;
    wa_try t;
    wa_timeout tm;
    char body[32];
} fetch_frame;

static wa_status fetch_step(wa_coro *co) {
    fetch_frame *f = (fetch_frame *)co;
    WA_BEGIN(co);
    wa_token_unref(wa_contextvar_set(request, wa_str(server[f->i].url)));    /* in this task's context */
    for (f->attempt = 1; f->attempt <= TRIES; f->attempt++) {
        WA_TRY(co, &f->t) {
            WA_WITH(co, wa_timeout_enter(co, &f->tm, 0.2)) {
                WA_AWAIT_CALL(co, get_step, get_frame, .i = f->i, .attempt = f->attempt);
                snprintf(f->body, sizeof f->body, "%s", co->value.as.buf.data);
            }
            WA_WITH_END(co);
        }
        WA_EXCEPT(co, &f->t, WA_TIMEOUT_ERROR) {
            log_line("attempt %d timed out", f->attempt);
        }
        WA_EXCEPT(co, &f->t, WA_CONNECTION_ERROR) {
            log_line("attempt %d failed: %s", f->attempt, wa_error_message(f->t.caught));
            WA_AWAIT(co, wa_sleep(co, 0.15));                   /* back off; t.caught stays valid */
        }
        WA_ELSE(co, &f->t) {
            log_line("got '%s'", f->body);
            WA_RETURN(co, wa_str(f->body));
        }
        WA_FINALLY(co, &f->t) {
            log_line("attempt %d over", f->attempt);
        }
        WA_TRY_END(co, &f->t);
    }
    WA_RAISE(co, wa_error_new(WA_RUNTIME_ERROR, "gave up after %d attempts", TRIES));
    WA_END(co);
}

typedef struct { wa_coro co; wa_task *tasks[N_URLS]; } main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    start = wa_loop_time(loop);
    for (size_t i = 0; i < N_URLS; i++) f->tasks[i] = WA_SPAWN(loop, fetch_step, fetch_frame, .i = (int)i);
    WA_AWAIT(co, wa_gather(co, f->tasks, N_URLS, true));
    log_line("all done");
    for (size_t i = 0; i < N_URLS; i++) {
        const wa_value *r = &co->value.as.list.items[i];
        if (r->kind == WA_KIND_ERROR)
            printf("%s: %s('%s')\n", server[i].url, wa_error_type_of(r->as.err)->name, wa_error_message(r->as.err));
        else
            printf("%s: '%s'\n", server[i].url, r->as.buf.data);
        wa_task_unref(f->tasks[i]);
    }
    WA_END(co);
}

int main(void) {
    request = wa_contextvar_new("request", wa_none(), false);
    wa_error *err = NULL;
    int rc = WA_RUN(&(wa_run_options){.clock = WA_CLOCK_VIRTUAL}, NULL, &err, main_step, main_frame);
    if (rc) fprintf(stderr, "retry: %s\n", err ? wa_error_message(err) : wa_last_error());
    wa_error_unref(err);
    wa_contextvar_unref(request);
    return rc ? 1 : 0;
}
