/* athrow: the error is raised where the generator is suspended.  A
 * generator that catches it and yields again gives that value to the
 * athrow; one that catches it and returns ends it with StopAsyncIteration;
 * one that lets it out raises it at the athrow, the very same object.  An
 * error thrown at a yield inside an except block gets the handled error as
 * its context.  athrow on a generator that never started raises the error
 * at once without running its body; on a finished one it gives None. */
#include <inttypes.h>

#include "trace.h"

static const wa_error_type key_error = {"KeyError", &wa__lookup_error};

typedef struct {
    wa_coro co;
    int attempt;
    bool again;         /* the except clause's `continue`, taken after the finally block */
    wa_try t;
} retrying_frame;

static wa_status retrying(wa_coro *co) {
    retrying_frame *f = (retrying_frame *)co;
    char label[32];
    WA_BEGIN(co);
    for (;;) {
        f->again = false;
        WA_TRY(co, &f->t) {
            snprintf(label, sizeof label, "attempt %d", f->attempt);
            WA_YIELD_VALUE(co, wa_str(label));
        }
        WA_EXCEPT(co, &f->t, WA_VALUE_ERROR) {
            TRACE_NOW("gen: caught ValueError(%s), backing off", wa_error_message(f->t.caught));
            WA_AWAIT(co, wa_sleep(co, 0.5));
            f->attempt++;
            f->again = true;
        }
        WA_EXCEPT(co, &f->t, &key_error) {
            TRACE_NOW("gen: KeyError ends it");
            WA_RETURN(co, wa_none());
        }
        WA_FINALLY(co, &f->t) {
            TRACE_NOW("gen: finally after attempt %d", f->attempt);
        }
        WA_TRY_END(co, &f->t);
        if (f->again) continue;
        WA_AWAIT(co, wa_sleep(co, 0.25));
    }
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_try t;
} fallback_frame;

static wa_status fallback(wa_coro *co) {
    fallback_frame *f = (fallback_frame *)co;
    WA_BEGIN(co);
    WA_TRY(co, &f->t) {
        WA_RAISE(co, wa_error_new(WA_OS_ERROR, "disk full"));
    }
    WA_EXCEPT(co, &f->t, WA_OS_ERROR) {
        TRACE_NOW("gen: yielding from the except block");
        WA_YIELD_VALUE(co, wa_str("degraded"));
    }
    WA_TRY_END(co, &f->t);
    TRACE_NOW("gen: never here");
    WA_END(co);
}

/* report()'s two endings, after `await aw` */
static void report(const char *label, wa_coro *co, const wa_error *err, const wa_error *sent) {
    if (err)
        TRACE_NOW("%s: %s(%s) same=%s", label, wa_error_type_of(err)->name, wa_error_message(err), yes(err == sent));
    else
        TRACE_NOW("%s: %s", label, fmt(&co->value));
}

typedef struct {
    wa_coro co;
    wa_agen *gen;
    wa_error *err, *sent;
} main_frame;

#define REPORT(label, aw)                                                      \
    do {                                                                       \
        WA_AWAIT_TRY(co, aw, f->err);                                          \
        report(label, co, f->err, f->sent);                                    \
    } while (0)

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->gen = WA_AGEN(loop, retrying, retrying_frame);
    REPORT("anext", wa_agen_next(co, f->gen));
    REPORT("athrow ValueError", wa_agen_athrow(co, f->gen, wa_error_new(WA_VALUE_ERROR, "timeout")));
    REPORT("athrow ValueError", wa_agen_athrow(co, f->gen, wa_error_new(WA_VALUE_ERROR, "reset")));
    REPORT("anext", wa_agen_next(co, f->gen));
    REPORT("athrow KeyError", wa_agen_athrow(co, f->gen, wa_error_new(&key_error, "'stop'")));
    REPORT("anext", wa_agen_next(co, f->gen));
    REPORT("athrow on finished", wa_agen_athrow(co, f->gen, wa_error_new(WA_VALUE_ERROR, "late")));
    wa_agen_free(f->gen);

    f->gen = WA_AGEN(loop, fallback, fallback_frame);
    REPORT("anext", wa_agen_next(co, f->gen));
    f->sent = wa_error_new(WA_TYPE_ERROR, "bad reading");
    REPORT("athrow TypeError", wa_agen_athrow(co, f->gen, wa_error_ref(f->sent)));
    if (wa_error_context(f->err))
        TRACE_NOW("context: %s(%s)", wa_error_type_of(wa_error_context(f->err))->name,
                  wa_error_message(wa_error_context(f->err)));
    wa_error_unref(f->sent);
    f->sent = NULL;
    REPORT("athrow again", wa_agen_athrow(co, f->gen, wa_error_new(WA_VALUE_ERROR, "again")));
    wa_agen_free(f->gen);

    f->gen = WA_AGEN(loop, retrying, retrying_frame);
    f->sent = wa_error_new(WA_VALUE_ERROR, "too early");
    REPORT("athrow unstarted", wa_agen_athrow(co, f->gen, wa_error_ref(f->sent)));
    wa_error_unref(f->sent);
    f->sent = NULL;
    REPORT("anext", wa_agen_next(co, f->gen));
    wa_agen_free(f->gen);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
