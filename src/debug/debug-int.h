/*
 * debug-int.h — debug mode's own files: what debug.c records and reports,
 * how objects are described (repr.c) and how frames are named
 * (inspect.c).  The engine sees only core/hook-int.h of it.
 */
#ifndef WA_DEBUG_INT_H
#define WA_DEBUG_INT_H

#include "../core/hook-int.h"
#include "../core/park-int.h"

/* repr.c: as wa__repr_future (hook-int.h). */
size_t wa__repr_park(const wa_task *t, char *buf, size_t size, size_t at);
size_t wa__repr_error(const wa_error *e, char *buf, size_t size, size_t at);

/* inspect.c ---------------------------------------------------------------- */

/* What a frame's step function says of itself (WA_BEGIN's WA__DESCRIBE). */
typedef struct wa__frame_desc {
    const char *func;
    const char *file;
    int begin_line;         /* the line of its WA_BEGIN */
} wa__frame_desc;
void wa__frame_probe(wa_coro *co, wa__frame_desc *out);
/* The line co waits at: its latest await, or its WA_BEGIN before it ran. */
int wa__frame_line(const wa_coro *co, const wa__frame_desc *d);
/* Names frame co: its step function's name, file and the line it waits at. */
void wa__frame_describe(wa_coro *co, wa_frame_info *out);
/* Frame i (0: the outermost) of pending task t's depth frames. */
void wa__task_frame(wa_task *t, size_t depth, size_t i, wa_frame_info *out);
/* The task's stack, "\n  File "f.c", line 12, in step" per frame,
 * outermost first, appended at offset at. */
size_t wa__format_frames(wa_task *t, char *buf, size_t size, size_t at);

#endif
