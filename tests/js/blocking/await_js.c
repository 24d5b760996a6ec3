/*
 * await_js.c — a blocking main() (wa_run underneath) that awaits JS
 * functions, for the Asyncify build: the loop's waits unwind to JS, which
 * settles the calls and rewinds.  Prints what it got; exits 3 when the
 * functions it expects are missing.
 */
#include <stdio.h>

#include "wasyncio_js.h"

typedef struct main_frame {
    wa_coro co;
    wa_error *err;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    WA_BEGIN(co);
    {
        wa_value arg = wa_int(21);
        WA_AWAIT_TRY(co, wa_js_call(co, "double", &arg, 1), f->err);
    }
    if (f->err) {
        printf("double failed: %s\n", wa_error_message(f->err));
        WA_RETURN(co, wa_int(3));
    }
    printf("double(21) = %lld\n", (long long)co->value.as.i);
    WA_AWAIT_TRY(co, wa_wait_for(co, wa_js_call(co, "hang", NULL, 0), 0.02), f->err);
    printf("hang: %s\n", f->err ? wa_error_type_of(f->err)->name : "returned");
    WA_AWAIT(co, wa_sleep(co, 0.01));
    printf("slept\n");
    WA_RETURN(co, wa_int(0));
    WA_END(co);
}

int main(void) {
    wa_value status;
    int rc = WA_RUN(NULL, &status, NULL, main_step, main_frame);
    if (rc) {
        printf("wa_run: %s\n", wa_strerror(rc));
        return 1;
    }
    return (int)status.as.i;
}
