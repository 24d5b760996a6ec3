/*
 * debug-int.h — debug mode's own files: what debug.c records and reports,
 * how objects are described (repr.c), how frames are named (inspect.c) and
 * how floats are printed (format-float.c).  The engine sees only
 * core/hook-int.h of it, and reaches these through its wa__debug table.
 */
#ifndef WA_DEBUG_INT_H
#define WA_DEBUG_INT_H

#include "../core/hook-int.h"
#include "../core/park-int.h"

/* repr.c ------------------------------------------------------------------- */

/* asyncio's reprs, snprintf-like, appended at offset at of buf: return the
 * new offset (past size only counted). */
size_t wa__repr_future(wa_future *f, char *buf, size_t size, size_t at);
size_t wa__repr_handle(wa_handle *h, char *buf, size_t size, size_t at);
size_t wa__repr_park(const wa_task *t, char *buf, size_t size, size_t at);
size_t wa__repr_error(const wa_error *e, char *buf, size_t size, size_t at);

/* format-float.c ----------------------------------------------------------- */

/* Finite x >= 0 as conversion conv ('e', 'f' or 'g') with precision prec
 * and flag # (alt), into body (at most cap bytes, not terminated): returns
 * the length.  Sign, padding, inf and nan are format.c's. */
size_t wa__float_digits(double x, char conv, int prec, bool alt, bool upper, char *body, size_t cap);

/* released.c --------------------------------------------------------------- */

void wa__trace_made(wa_future *f);
bool wa__release_later(wa_loop *loop, void *block, size_t size);
void wa__released_drain(wa_loop *loop);
void wa__debug_report_released(const wa_future *f, const char *func);

/* inspect.c ---------------------------------------------------------------- */

/* Names frame co: its step function's name, file and the line it waits at. */
void wa__frame_describe(wa_coro *co, wa_frame_info *out);
/* Frame i (0: the outermost) of pending task t's depth frames. */
void wa__task_frame(wa_task *t, size_t depth, size_t i, wa_frame_info *out);
/* The task's stack, "\n  File "f.c", line 12, in step" per frame,
 * outermost first, appended at offset at. */
size_t wa__format_frames(wa_task *t, char *buf, size_t size, size_t at);

#endif
