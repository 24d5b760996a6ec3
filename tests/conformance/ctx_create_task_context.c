/* create_task(coro, context=ctx) runs the task in ctx itself, not a copy:
 * its sets land in ctx, a second task given the same ctx sees them, and
 * the creator's own context is untouched. */
#include "ctxvar.h"

static wa_contextvar *user;

typedef struct {
    wa_coro co;
    const char *name;
} login_frame;

static wa_status login_step(wa_coro *co) {
    login_frame *f = (login_frame *)co;
    WA_BEGIN(co);
    TRACE_NOW("login %s: user=%s", f->name, show(user));
    set_var(user, wa_str(f->name));
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("login %s done: user=%s", f->name, show(user));
    WA_END(co);
}

typedef struct {
    wa_coro co;
} whoami_frame;

static wa_status whoami_step(wa_coro *co) {
    WA_BEGIN(co);
    TRACE_NOW("whoami: user=%s", show(user));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_varcontext *ctx;
    wa_task *t;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->ctx = wa_varcontext_new();
    f->t = WA_SPAWN_IN_CONTEXT(loop, f->ctx, login_step, login_frame, .name = "ada");
    WA_AWAIT(co, wa_task_future(f->t));
    wa_task_unref(f->t);
    {
        wa_value v;
        wa_varcontext_get(f->ctx, user, &v);
        TRACE_NOW("ctx has %zu value(s): user=%s", wa_varcontext_len(f->ctx), fmt(&v));
        wa_value_clear(&v);
    }
    f->t = WA_SPAWN_IN_CONTEXT(loop, f->ctx, whoami_step, whoami_frame);
    WA_AWAIT(co, wa_task_future(f->t));
    wa_task_unref(f->t);
    TRACE_NOW("main: user=%s", show(user));
    set_var(user, wa_str("main"));
    f->t = WA_SPAWN_IN_CONTEXT(loop, f->ctx, whoami_step, whoami_frame);
    WA_AWAIT(co, wa_task_future(f->t));
    wa_task_unref(f->t);
    f->t = WA_SPAWN(loop, whoami_step, whoami_frame);
    WA_AWAIT(co, wa_task_future(f->t));
    wa_task_unref(f->t);
    wa_varcontext_unref(f->ctx);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    user = wa_contextvar_new("user", wa_none(), false);
    int rc = CONF_RUN(main_step, main_frame);
    wa_contextvar_unref(user);
    return rc;
}
