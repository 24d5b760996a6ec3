/*
 * check-int.h — internal assertions and the loop's invariant checker
 * (check.c), as Lua's lua_assert and ltests: what no caller can break, so a
 * failure is the library's bug, never the user's (misuse goes through
 * wa__misuse instead).
 */
#ifndef WA_CHECK_INT_H
#define WA_CHECK_INT_H

#include <stdbool.h>
#include <stddef.h>

/* On in the native, sanitize and wasm presets (the WASI and Emscripten
 * benchmarks run these builds; the few checks cost them nothing
 * measurable); off (-DNDEBUG) in release, where the native benchmarks run,
 * in js, whose runtime the npm package ships, and in what wasyncio-cc
 * builds (the npm loader's benchmarks among them). */
#ifdef NDEBUG
#define wa__assert(cond) ((void)0)
#else
#define wa__assert(cond) ((cond) ? (void)0 : wa__assert_fail(#cond, __FILE__, __LINE__))
#endif
/* Prints what failed and where, then aborts. */
_Noreturn void wa__assert_fail(const char *cond, const char *file, int line);

struct wa_loop;
/*
 * Walks the loop's structures and checks what they promise one another:
 * the ready queue's links, count and flags; the timer heap's order and its
 * count of cancelled entries; the pending tasks' list, states and the
 * references it holds; each parked task on its primitive's waiter list.
 * true when all hold; else false with the first breach described in why.
 * O(everything queued): wa_loop_close runs it under wa__assert, so every
 * unit test and conformance scenario ends with a check.
 */
bool wa__loop_check(const struct wa_loop *loop, char *why, size_t size);
/* wa__assert for the whole loop: wa__loop_check's breach is the message. */
#ifdef NDEBUG
#define wa__assert_loop(loop) ((void)0)
#else
#define wa__assert_loop(loop) wa__loop_assert((loop), __FILE__, __LINE__)
#endif
void wa__loop_assert(const struct wa_loop *loop, const char *file, int line);

#endif
