/*
 * program.h — a fuzz program as parse.c reads it and interp.c runs it.
 *
 * Everything a program holds lives in its arena, freed at once with the
 * program: an op, its texts and its bodies are made once and only read while
 * the program runs.  Names resolve to indices into the object table when
 * parsed, so running an op never looks a name up.
 */
#ifndef FUZZ_PROGRAM_H
#define FUZZ_PROGRAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wasyncio.h"

/* What a name stands for.  Groups and handles are named by the op that makes
 * them (taskgroup G, call_soon H), the others by a declaration. */
typedef enum fz_kind {
    FZ_FUTURE, FZ_LOCK, FZ_EVENT, FZ_CONDITION, FZ_SEMAPHORE, FZ_BSEMAPHORE,
    FZ_BARRIER, FZ_QUEUE, FZ_TASK, FZ_GROUP, FZ_HANDLE, FZ_MAIN
} fz_kind;

typedef enum fz_opcode {
    /* ops that do not await: interp.c's run_plain */
    OP_SPAWN, OP_CANCEL, OP_UNCANCEL, OP_CANCELLING, OP_SET_RESULT, OP_SET_EXCEPTION,
    OP_RESULT, OP_DONE, OP_RESCHEDULE, OP_TG_SPAWN, OP_RELEASE, OP_LOCKED, OP_SET,
    OP_CLEAR, OP_IS_SET, OP_NOTIFY, OP_NOTIFY_ALL, OP_PUT_NOWAIT, OP_GET_NOWAIT,
    OP_TASK_DONE, OP_SHUTDOWN, OP_SHUTDOWN_NOW, OP_QSIZE, OP_CALL_SOON, OP_CALL_LATER,
    OP_HANDLE_CANCEL,
    /* ops that leave the body */
    OP_RETURN, OP_RAISE, OP_RERAISE,
    /* ops that await one awaitable: interp.c's start_await and end_await */
    OP_SLEEP, OP_YIELD, OP_AWAIT, OP_GATHER, OP_WAIT, OP_WAIT_FOR, OP_SHIELD,
    OP_ACQUIRE, OP_EVENT_WAIT, OP_COND_WAIT, OP_BARRIER_WAIT, OP_BARRIER_ABORT,
    OP_BARRIER_RESET, OP_PUT, OP_GET, OP_JOIN,
    /* ops with a body of their own, or a loop of awaits: interp.c's block */
    OP_AS_COMPLETED, OP_TIMEOUT, OP_TASKGROUP, OP_WITH, OP_TRY
} fz_opcode;

#define FZ_FIRST_AWAIT OP_SLEEP
#define FZ_FIRST_BLOCK OP_AS_COMPLETED

typedef struct fz_op fz_op;

typedef struct fz_body {
    fz_op *ops;
    size_t n;
} fz_body;

struct fz_op {
    fz_opcode code;
    int mode;               /* gather: return_exceptions; wait: a wa_return_when */
    int a, b;               /* the named objects, in the order written (-1: none) */
    int *xs;                /* gather, wait, as_completed: the X... */
    size_t nx;
    bool has_value;         /* V or N given (none is a value) */
    wa_value value;         /* V (int or none), or N */
    double delay;           /* D; WA_NO_TIMEOUT for none */
    const char *msg;        /* M; NULL for - */
    const wa_error_type *type;  /* E of raise, set_exception */
    const char *text;       /* "op args" as printed: none as None */
    const char *names;      /* the X... as written, for gather, wait */
    fz_body body;           /* a block's body (try: the try body) */
    const wa_error_type **except;   /* try: the except clause's types */
    size_t nexcept;
    bool has_except, has_finally;
    fz_body handler, final; /* try: except and finally bodies */
    fz_op *callback;        /* call_soon, call_later: the op the callback runs */
};

/* A name, and what running the program made of it. */
typedef struct fz_obj {
    const char *name;
    fz_kind kind;
    int64_t n;              /* semaphore's value, barrier's parties, queue's maxsize */
    size_t made;            /* a task: when it was spawned, 1 for the first (0: never) */
    fz_body body;           /* a task's */
    union {
        wa_future *future;
        wa_lock *lock;
        wa_event *event;
        wa_condition *condition;
        wa_semaphore *semaphore;
        wa_barrier *barrier;
        wa_queue *queue;
        wa_task *task;      /* NULL until spawned */
        wa_taskgroup *group;    /* NULL until entered */
        wa_handle *handle;  /* NULL until made */
    } as;
} fz_obj;

typedef struct fz_chunk fz_chunk;

typedef struct fz_program {
    fz_obj *objs;
    size_t nobjs;
    int main;               /* index of main's object */
    size_t nops;            /* ops in all bodies */
    fz_chunk *arena;
    wa_loop *loop;          /* while it runs */
    size_t nmade;           /* tasks spawned so far */
    bool quiet;             /* the trace has ended: print nothing more */
    char error[160];        /* "error: line N: ..." when parsing failed */
} fz_program;

/* Parses text into p (zeroed by the call).  0, or -1 with p->error set;
 * either way fz_program_free releases it. */
int fz_parse(fz_program *p, const char *text);
void fz_program_free(fz_program *p);
/* Zeroed memory from p's arena; aborts when out of memory. */
void *fz_alloc(fz_program *p, size_t size);

#endif
