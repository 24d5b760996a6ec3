/*
 * abi.c — the numbers and layouts js/ shares with the C it loads, as this
 * build has them: the loader reads the table when it loads a module and
 * checks it against its own (js/abi.js, the same entries in the same
 * order), so a module built from other sources fails to load with a clear
 * error instead of misreading memory.  The C headers stay the one source;
 * the table costs the default runtime a few dozen bytes.
 */
#include <stddef.h>
#include <stdint.h>

#include "js-int.h"
#include "../host/host.h"
#include "../net/js.h"
#include "../net/net.h"

#define ENTRIES                                                                                      \
    sizeof(void *),                                                                                  \
    /* wa_value (js/memory.js) */                                                                    \
    sizeof(wa_kind), sizeof(wa_value), offsetof(wa_value, as),                                       \
    WA_KIND_NONE, WA_KIND_BOOL, WA_KIND_INT, WA_KIND_DOUBLE, WA_KIND_STR, WA_KIND_BYTES,             \
    WA_KIND_PTR, WA_KIND_LIST, WA_KIND_ERROR,                                                        \
    /* outcomes and errors (bridge.c, error.c) */                                                    \
    WA__JS_PENDING, WA__JS_RESULT, WA__JS_ERROR, WA__JS_CANCELLED,                                   \
    WA__JS_OTHER_ERROR, WA__JS_CANCELLED_ERROR, WA__JS_TIMEOUT_ERROR, WA__JS_ERROR_GROUP,            \
    /* allTasks() (inspect.c) */                                                                     \
    offsetof(wa_task_info, name), offsetof(wa_task_info, state), offsetof(wa_task_info, activity),   \
    offsetof(wa_task_info, coro), offsetof(wa_task_info, depth), offsetof(wa_task_info, awaiting),   \
    offsetof(wa_task_info, since), offsetof(wa_task_info, created),                                  \
    offsetof(wa_frame_info, func), offsetof(wa_frame_info, file), offsetof(wa_frame_info, line),     \
    offsetof(wa_site, file), offsetof(wa_site, line), offsetof(wa_site, func),                       \
    /* sockets (src/net/js.c, js/net.js) */                                                          \
    sizeof(wa_sockaddr), offsetof(wa_sockaddr, family), offsetof(wa_sockaddr, port),                 \
    offsetof(wa_sockaddr, host), WA_AF_UNSPEC, WA_AF_INET, WA_AF_INET6, WA_AF_UNIX,                  \
    WA__SOCK_DGRAM, WA__IO_READ, WA__IO_WRITE, WA__JS_NET_ERRORS

/* Its length first, then the entries. */
static const uint16_t abi[] = {sizeof((uint16_t[]){ENTRIES}) / sizeof(uint16_t), ENTRIES};

WA__JS_API(wa_js_abi) const uint16_t *wa_js_abi(void) { return abi; }
