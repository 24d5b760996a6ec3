/* `except*` on a TaskGroup's failure with two error types: each clause gets
 * the part of the group that matches it (split by type, same message, the
 * order kept), one clause after the other; with everything handled nothing
 * propagates.  An error type no clause names would propagate as the rest. */
#include <string.h>

#include "trace.h"

/* "a, c": the children's messages (or type names), comma separated. */
static const char *list(const wa_error *eg, bool types) {
    static char buf[256];
    buf[0] = '\0';
    for (size_t i = 0; i < wa_error_group_size(eg); i++) {
        wa_error *e = wa_error_group_child(eg, i);
        if (i) strncat(buf, ", ", sizeof buf - strlen(buf) - 1);
        strncat(buf, types ? wa_error_type_of(e)->name : wa_error_message(e), sizeof buf - strlen(buf) - 1);
    }
    return buf;
}

static wa_status fail_now(wa_coro *co) {
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 1));
    TRACE_NOW("a: raising ValueError");
    WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "a"));
    WA_END(co);
}

typedef struct {
    wa_coro co;
    const char *name;
    double cleanup;
    const wa_error_type *type;
    wa_try t;
} cleanup_frame;

static wa_status fail_in_cleanup(wa_coro *co) {
    cleanup_frame *f = (cleanup_frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_AWAIT(co, wa_sleep(co, 10));
    }
    WA_EXCEPT(co, &f->t, WA_CANCELLED_ERROR) {
        WA_AWAIT(co, wa_sleep(co, f->cleanup));
        TRACE_NOW("%s: cleanup raising %s", f->name, f->type->name);
        WA_RAISE(co, wa_error_new(f->type, "%s", f->name));
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    bool extra;
    wa_taskgroup tg;
} group_frame;

static wa_status group(wa_coro *co) {
    group_frame *f = (group_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
        WA_GROUP_SPAWN(&f->tg, fail_now, cleanup_frame);
        WA_GROUP_SPAWN(&f->tg, fail_in_cleanup, cleanup_frame, .name = "b", .cleanup = 0.25, .type = WA_TYPE_ERROR);
        WA_GROUP_SPAWN(&f->tg, fail_in_cleanup, cleanup_frame, .name = "c", .cleanup = 0.5, .type = WA_VALUE_ERROR);
        if (f->extra)
            WA_GROUP_SPAWN(&f->tg, fail_in_cleanup, cleanup_frame, .name = "d", .cleanup = 0.75,
                           .type = WA_RUNTIME_ERROR);
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    bool extra;
    wa_try t;
} handle_frame;

static wa_status handle(wa_coro *co) {
    handle_frame *f = (handle_frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_AWAIT_CALL(co, group, group_frame, .extra = f->extra);
    }
    WA_EXCEPT_STAR(co, &f->t, WA_VALUE_ERROR) {
        TRACE_NOW("except* ValueError: %s: %s [%s]", wa_error_type_of(f->t.caught)->name,
                  wa_error_message(f->t.caught), list(f->t.caught, false));
    }
    WA_EXCEPT_STAR(co, &f->t, WA_TYPE_ERROR) {
        TRACE_NOW("except* TypeError: %s: %s [%s]", wa_error_type_of(f->t.caught)->name,
                  wa_error_message(f->t.caught), list(f->t.caught, false));
    }
    WA_TRY_END(co, &f->t);
    TRACE_NOW("handle: after the try");
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_try t;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT_CALL(co, handle, handle_frame, .extra = false);
    WA_TRY(co, &f->t) {
        WA_AWAIT_CALL(co, handle, handle_frame, .extra = true);
    }
    WA_EXCEPT(co, &f->t, WA_EXCEPTION_GROUP) {
        TRACE_NOW("main: rest propagated: %s: %s [%s]", wa_error_type_of(f->t.caught)->name,
                  wa_error_message(f->t.caught), list(f->t.caught, true));
    }
    WA_TRY_END(co, &f->t);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
