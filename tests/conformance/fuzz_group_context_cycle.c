/*
 * fuzz_group_context_cycle: found by npm run fuzz (seeds 7592 and 16815,
 * sanitize), shrunk to
 *
 *     task t1
 *       raise RuntimeError -
 *     task t3
 *       try
 *         taskgroup g1
 *           tg_spawn g1 t1
 *       finally
 *         try
 *           raise TimeoutError -
 *         except TimeoutError
 *           wait_for t1 0.125
 *     main
 *       spawn t3
 *       sleep 0.0625
 *
 * where wasyncio and CPython differed: LeakSanitizer reports t1's
 * RuntimeError, the TimeoutError and the ExceptionGroup leaked at exit.
 * wait_for re-raises t1's RuntimeError while the TimeoutError is handled,
 * inside the finally that handles g1's ExceptionGroup: its context is the
 * TimeoutError, whose context is the group, which holds the RuntimeError.
 * CPython keeps that cycle too and its collector frees it; counting alone
 * cannot (src/core/cycle.c).
 */
#include "../fuzz/interp.h"

static const char program[] =
    "task t1\n"
    "  raise RuntimeError -\n"
    "task t3\n"
    "  try\n"
    "    taskgroup g1\n"
    "      tg_spawn g1 t1\n"
    "  finally\n"
    "    try\n"
    "      raise TimeoutError -\n"
    "    except TimeoutError\n"
    "      wait_for t1 0.125\n"
    "main\n"
    "  spawn t3\n"
    "  sleep 0.0625\n";

int main(void) { return fuzz_main(program); }
