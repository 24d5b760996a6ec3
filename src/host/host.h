/*
 * host.h — what the core asks of a platform.
 *
 * The library's layers (src/core, lib, io, debug) include no platform
 * header: they reach the platform through this table, src/threads and
 * src/net.  Each build links exactly one real host defining wa__host_real
 * (posix.c natively; wasi.c; emscripten.c, or pthread.c with -pthread,
 * under Emscripten's glue; js.c, or js-asyncify.c for a blocking program,
 * under the npm package's loader), plus virtual.c (wa__host_virtual) for
 * deterministic time.
 * A host's state sits behind one pointer in the loop, as ae.c's apidata.
 */
#ifndef WA_HOST_H
#define WA_HOST_H

#include "wasyncio.h"

struct wa__io;

typedef struct wa_host_ops {
    const char *name;
    /* True when wait() may block the thread; false for hosts driven by an
     * outside event loop (Emscripten), which use arm() instead. */
    bool can_block;
    /* Creates the host state for loop.  0 or a WA_E* code. */
    int (*init)(wa_loop *loop, void **state);
    void (*close)(void *state);
    /* Monotonic seconds. */
    double (*now)(void *state);
    /*
     * Waits up to timeout seconds (< 0: until woken) for a wake-up or I/O.
     * 0, or WA_EDEADLOCK when timeout < 0 and nothing could ever wake the
     * loop (the virtual clock), or WA_EWOULDBLOCK for a host that cannot
     * block and was asked for timeout != 0, or a positive errno when the
     * platform's wait itself failed (poll, epoll_wait, poll_oneoff): the
     * loop then stops with that OSError, as asyncio's run_forever raises
     * what select() raised.
     */
    int (*wait)(void *state, double timeout);
    /* Event-driven hosts: call wa__loop_tick(loop) after delay seconds
     * (0: as soon as the host's queue allows; < 0: cancel).  Re-arming
     * replaces the previous request.  NULL for blocking hosts. */
    void (*arm)(void *state, double delay);
    /* Interrupts a wait() in progress.  Any thread; NULL if the host has no
     * threads. */
    void (*wake)(void *state);
    /* Prints one report line (stderr, or console.error). */
    void (*report)(void *state, const char *text);
    /* Socket readiness: watch sock for WA__IO_READ / WA__IO_WRITE (events
     * 0: stop; old: what was watched before).  While watched, wait()
     * reports each ready socket with wa__io_ready.  0 or a WA_E* code;
     * NULL for a host with no sockets. */
    int (*watch)(void *state, int sock, int old, int events, struct wa__io *io);
    /* Advice from the slab allocator (alloc.c): the chunk of size bytes
     * (both multiples of 2 MiB) is being filled by a burst, so back it with
     * huge pages where the platform has them: one page fault instead of 512.
     * Any loop of the build asks its real host, whatever its clock.  NULL:
     * no such pages (the chunk then keeps its smaller alignment). */
    void (*dense)(void *chunk, size_t size);
} wa_host_ops;

#define WA__IO_READ 1
#define WA__IO_WRITE 2

/* Hosts, from wait(): sock is ready for events (a hang-up or an error is
 * both).  Queues the watcher's callback for this iteration. */
void wa__io_ready(struct wa__io *io, int events);

extern const wa_host_ops wa__host_real;
extern const wa_host_ops wa__host_virtual;

/* Event-driven hosts call this when an armed delay expires: runs iterations
 * for one time slice, then re-arms for whatever comes next. */
void wa__loop_tick(wa_loop *loop);

/* Event-driven hosts: work arrived from outside a tick (a JS callback
 * settled a future, JS started a task), so arm the next tick.  Nothing when
 * a tick is running (it re-arms as it ends) or the loop is not running. */
void wa__loop_poke(wa_loop *loop);

#endif
