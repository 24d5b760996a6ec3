/*
 * inspect.c — debug mode and introspection for js/wasyncio.js: the
 * runtime's loop switched into debug mode ({ debug: true }), and what
 * runtime.allTasks() reads to make its plain objects: every pending task's
 * wa_task_get_info and stack frames.
 */
#include <stddef.h>
#include <stdlib.h>

#include "js-int.h"
#include "../debug/debug-int.h"

WA__JS_API(wa_js_set_debug) void wa_js_set_debug(wa_loop *loop, int on) { wa_loop_set_debug(loop, on != 0); }
WA__JS_API(wa_js_get_debug) int wa_js_get_debug(const wa_loop *loop) { return wa_loop_get_debug(loop); }

WA__JS_API(wa_js_set_slow_callback_duration) int wa_js_set_slow_callback_duration(wa_loop *loop, double s) {
    return wa_loop_set_slow_callback_duration(loop, s);
}
WA__JS_API(wa_js_get_slow_callback_duration) double wa_js_get_slow_callback_duration(const wa_loop *loop) {
    return wa_loop_get_slow_callback_duration(loop);
}

/* runtime.allTasks() reads wa_task_info and wa_frame_info in linear
 * memory itself (js/wasyncio.js), as abi.c's table says they are laid out. */
WA__JS_API(wa_js_loop_time) double wa_js_loop_time(const wa_loop *loop) { return wa_loop_time(loop); }

static void collect(wa_task *t, void *arg) {
    wa_task ***next = arg;
    *(*next)++ = t;
}

/* The loop's pending tasks, oldest first: a malloc'd array (JS frees it
 * with wa_js_free) of *count task pointers, valid until C runs again;
 * NULL when out of memory. */
WA__JS_API(wa_js_tasks) wa_task **wa_js_tasks(wa_loop *loop, size_t *count) {
    *count = wa_all_tasks(loop, NULL, NULL);
    wa_task **all = malloc((*count ? *count : 1) * sizeof *all), **next = all;
    if (all) wa_all_tasks(loop, collect, &next);
    return all;
}

/* What t is doing (a static struct, valid until the next call). */
WA__JS_API(wa_js_task_info) const wa_task_info *wa_js_task_info(wa_task *t) {
    static wa_task_info info;
    wa_task_get_info(t, &info);
    return &info;
}

/* Frame i (0: outermost) of t's depth frames (static, until the next call). */
WA__JS_API(wa_js_task_frame) const wa_frame_info *wa_js_task_frame(wa_task *t, size_t depth, size_t i) {
    static wa_frame_info frame;
    wa__task_frame(t, depth, i, &frame);
    return &frame;
}
