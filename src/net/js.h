/*
 * js.h — what the js hosts (src/host/js.c, js-asyncify.c) ask of the
 * sockets JS holds (src/net/js.c): watching them, and collecting the ones
 * that are ready.
 */
#ifndef WA_NET_JS_H
#define WA_NET_JS_H

struct wa__io;

/* How many errors JS can fail a call with (js.c's codes[]), which the
 * loader checks against its own list (src/js/abi.c). */
#define WA__JS_NET_ERRORS 29

/* host.h's watch: JS reports sock ready while it watches events.  0 or
 * WA_EINVAL (no such socket). */
int wa__js_net_watch(int sock, int events, struct wa__io *io);
/* Queues (wa__io_ready) every watched socket that is ready for what it is
 * watched for, as a level-triggered poll would; returns how many. */
int wa__js_net_collect(void);

#endif
