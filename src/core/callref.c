/*
 * callref.c — which done callbacks hold a reference on their argument
 * (wa__add_callback_ref), so that a task destroyed with its loop, or such a
 * callback scheduled when the loop closes, gives those back: a cycle through
 * them (a gather and a child that waits for it, a shield and its inner
 * future) then frees, as asyncio's collector frees it.
 */
#include <stdatomic.h>

#include "task-int.h"

/* The callbacks that have held a reference, so a future that will never
 * finish can give those back (wa__release_callback_refs).  Only a handful of
 * library functions ever register this way; the table is process-wide since
 * loops may run on several threads. */
#define REF_CALLBACKS 16
static _Atomic(wa_done_callback) ref_callbacks[REF_CALLBACKS];

static bool holds_ref(wa_done_callback cb) {
    for (int i = 0; i < REF_CALLBACKS; i++) {
        wa_done_callback c = atomic_load_explicit(&ref_callbacks[i], memory_order_acquire);
        if (c == cb) return true;
        if (!c) return false;
    }
    return false;
}

void wa__note_ref_callback(wa_done_callback cb) {
    if (holds_ref(cb)) return;
    for (int i = 0; i < REF_CALLBACKS; i++) {
        wa_done_callback seen = NULL;
        if (atomic_compare_exchange_strong_explicit(&ref_callbacks[i], &seen, cb, memory_order_acq_rel,
                                                    memory_order_acquire) || seen == cb)
            return;
    }
    /* full: such a registration stays, as before (the library has four) */
}

void wa__release_callback_refs(wa_future *f) {
    wa_future *held[8];
    for (;;) {
        wa__done_entry *e = f->callbacks_on_heap ? f->cb.heap.items : &f->cb.first;
        /* unref may free futures whose own releases come back here, so
         * take the references out of the list before dropping any */
        size_t n = 0;
        uint32_t kept = 0;
        for (uint32_t i = 0, all = wa__ncallbacks(f); i < all; i++) {
            if (n < sizeof held / sizeof *held && holds_ref(e[i].cb)) held[n++] = e[i].arg;
            else e[kept++] = e[i];
        }
        wa__callbacks_keep(f, kept);
        if (!n) return;
        while (n) wa_future_unref(held[--n]);
    }
}

void wa__drop_scheduled_callback(wa_done_callback cb, void *arg) {
    if (holds_ref(cb)) wa_future_unref(arg);
}
