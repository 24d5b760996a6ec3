/*
 * none.c — the engine without its debug observer (the npm package's
 * default runtime, which is smaller without it): no debug mode, and
 * reports name futures, tasks and handles briefly instead of by their
 * reprs.  Builds with the observer link src/core/debug.c, which defines
 * wa__debug instead.
 */
#include "../core/hook-int.h"

const wa__debug_ops *const wa__debug = NULL;
