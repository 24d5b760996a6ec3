/* run_coroutine_threadsafe runs the coroutine in a copy of the calling
 * thread's context (the call's callback took one, its task another): the
 * coroutine sees what the thread set, and its own sets stay on its side.
 * native-only: threads */
#include "ctxvar.h"

static wa_contextvar *request;

typedef struct {
    wa_coro co;
    const char *tag;
    char seen[128], text[256];
} handler_frame;

static wa_status handler(wa_coro *co) {
    handler_frame *f = (handler_frame *)co;
    char mine[64];
    WA_BEGIN(co);
    snprintf(f->seen, sizeof f->seen, "%s", show(request));
    snprintf(mine, sizeof mine, "%s (task)", f->tag);
    set_var(request, wa_str(mine));
    WA_AWAIT(co, wa_sleep(co, 0));
    snprintf(f->text, sizeof f->text, "%s: saw %s, now %s", f->tag, f->seen, show(request));
    WA_RETURN(co, wa_str(f->text));
    WA_END(co);
}

/* One coroutine's result, read on this thread. */
static void run_handler(wa_loop *loop, const char *tag, conf_lines *out) {
    wa_value v;
    wa_cfuture *f = WA_RUN_COROUTINE_THREADSAFE(loop, handler, handler_frame, .tag = tag);
    if (wa_cfuture_result(f, WA_NO_TIMEOUT, &v, NULL) == WA_OK) lines_add(out, "%s", v.as.buf.data);
    wa_cfuture_unref(f);
}

typedef struct {
    wa_loop *loop;
    conf_lines out;
} shared;

static wa_value in_thread(void *arg, wa_error **error) {
    (void)error;
    shared *s = arg;
    run_handler(s->loop, "first", &s->out);
    set_var(request, wa_str("r-42"));
    run_handler(s->loop, "second", &s->out);
    lines_add(&s->out, "thread: request=%s", show(request));
    return wa_none();
}

typedef struct {
    wa_coro co;
    shared s;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    set_var(request, wa_str("main"));
    f->s.loop = wa_get_running_loop();
    WA_AWAIT(co, wa_to_thread(co, in_thread, &f->s));
    printf("%s", f->s.out.text);
    NOTE("main: request=%s", show(request));
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    request = wa_contextvar_new("request", wa_none(), false);
    int status = CONF_RUN_REAL(main_step, main_frame);
    wa_contextvar_unref(request);
    return status;
}
