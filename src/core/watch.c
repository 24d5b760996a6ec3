/*
 * watch.c — sockets the loop watches (libuv's uv__io): a watcher embedded in
 * its owner, its interest kept in step with the host, and queued on the
 * ready queue when the host reports its socket ready.
 */
#include "loop-int.h"

int wa__io_init(wa__io *io, wa_loop *loop, int sock, wa__io_fn cb) {
    if (!loop->host->watch) return WA_ENOSYS;
    *io = (wa__io){.loop = loop, .sock = sock, .cb = cb};
    io->r.kind = WA__READY_IO;
    return WA_OK;
}

static int set_interest(wa__io *io, int events) {
    if (events == io->interest) return WA_OK;
    int rc = io->loop->host->watch(io->loop->host_state, io->sock, io->interest, events, io);
    if (rc) return rc;
    if (!io->interest != !events) io->loop->nwatched += events ? 1 : (size_t)-1;
    io->interest = events;
    return WA_OK;
}

int wa__io_start(wa__io *io, int events) { return set_interest(io, io->interest | events); }
int wa__io_stop(wa__io *io, int events) { return set_interest(io, io->interest & ~events); }

void wa__io_close(wa__io *io) {
    if (!io->loop) return;
    if (io->interest) {     /* even if the host refuses (a socket already gone) */
        io->loop->host->watch(io->loop->host_state, io->sock, io->interest, 0, io);
        io->loop->nwatched--;
        io->interest = 0;
    }
    if (io->r.queued) {
        wa__ready_queue_remove(&io->loop->ready, &io->r);
        io->r.queued = false;
        io->loop->nready--;
    }
    io->pending = 0;
}

void wa__io_ready(wa__io *io, int events) {
    io->pending |= events;
    wa__ready_push(io->loop, &io->r);
}

void wa__resource_add(wa_loop *loop, wa__resource *r, void (*close)(wa__resource *r)) {
    r->close = close;
    wa__list_push_back(&loop->resources, &r->node);
}

void wa__resource_remove(wa__resource *r) { wa__list_remove(&r->node); }

void wa__resources_close_all(wa_loop *loop) {
    wa__list *n;
    while ((n = wa__list_pop_front(&loop->resources))) {
        wa__resource *r = WA__CONTAINER_OF(n, wa__resource, node);
        wa__list_init(&r->node);
        r->close(r);
    }
}
