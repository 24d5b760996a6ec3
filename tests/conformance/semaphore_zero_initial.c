/* A Semaphore(0) starts locked: the first acquire waits until another task
 * releases it, and then takes the unit at once (value back to 0).  The
 * release wakes it on the next loop iteration, at the same virtual time. */
#include <inttypes.h>

#include "trace.h"

#define STATE(who, what, sem) \
    TRACE_NOW(who ": " what ", value=%" PRId64 ", locked=%s", wa_semaphore_value(sem), \
              yes(wa_semaphore_locked(sem)))

typedef struct {
    wa_coro co;
    wa_semaphore *sem;
} side_frame;

static wa_status consumer(wa_coro *co) {
    side_frame *f = (side_frame *)co;
    WA_BEGIN(co);
    STATE("consumer", "acquiring", f->sem);
    WA_AWAIT(co, wa_semaphore_acquire(co, f->sem));
    STATE("consumer", "acquired", f->sem);
    WA_END(co);
}

static wa_status producer(wa_coro *co) {
    side_frame *f = (side_frame *)co;
    WA_BEGIN(co);
    WA_AWAIT(co, wa_sleep(co, 2));
    TRACE_NOW("producer: releasing");
    wa_semaphore_release(f->sem);
    STATE("producer", "released", f->sem);
    WA_END(co);
}

typedef struct {
    wa_coro co;
    wa_semaphore *sem;
    wa_task *c, *p;
} main_frame;

static wa_status main_step(wa_coro *co) {
    main_frame *f = (main_frame *)co;
    wa_loop *loop = wa_get_running_loop();
    WA_BEGIN(co);
    f->sem = wa_semaphore_new(loop, 0);
    STATE("main", "new", f->sem);
    f->c = WA_SPAWN(loop, consumer, side_frame, .sem = f->sem);
    f->p = WA_SPAWN(loop, producer, side_frame, .sem = f->sem);
    WA_AWAIT(co, f->c);
    WA_AWAIT(co, f->p);
    STATE("main", "done", f->sem);
    wa_task_unref(f->c);
    wa_task_unref(f->p);
    wa_semaphore_free(f->sem);
    WA_END(co);
}

int main(void) {
    CONF_INIT();
    return CONF_RUN(main_step, main_frame);
}
