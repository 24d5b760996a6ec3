/*
 * address.c — what the client and the server sides share: errors made from
 * errno and getaddrinfo codes, endpoint checks and reprs, and resolving.
 *
 * Names are resolved as asyncio does: a numeric host is parsed on the spot
 * (base_events._ipaddr_info), anything else goes to getaddrinfo on the
 * default executor so the loop never blocks; a build without threads can
 * only take numeric addresses (and "localhost").
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../core/alloc-int.h"
#include "io-int.h"

/* ---- errors ------------------------------------------------------------- */

static const wa_error_type *os_error_type(int e) {
    switch (e) {
    case ECONNREFUSED: return WA_CONNECTION_REFUSED_ERROR;
    case ECONNRESET: return WA_CONNECTION_RESET_ERROR;
    case ECONNABORTED: return WA_CONNECTION_ABORTED_ERROR;
    case EPIPE: return WA_BROKEN_PIPE_ERROR;
#ifdef ESHUTDOWN
    case ESHUTDOWN: return WA_BROKEN_PIPE_ERROR;
#endif
    case ETIMEDOUT: return WA_TIMEOUT_ERROR;
    default: return WA_OS_ERROR;
    }
}

wa_error *wa__errno_error(int e, const char *fmt, ...) {
    char what[256];
    va_list ap;
    va_start(ap, fmt);
    wa__vformat(what, sizeof what, fmt, ap);
    va_end(ap);
    return wa__error_details(wa_error_new(os_error_type(e), "[Errno %d] %s", e, what), e, 0, NULL, 0);
}

wa_error *wa__errno_error_plain(int e) { return wa__errno_error(e, "%s", wa__net_strerror(e)); }

wa_error *wa__gai_error(int code) {
    static const char *const texts[] = {"Name or service not known", "Temporary failure in name resolution",
                                         "Non-recoverable failure in name resolution"};
    int e = WA__IS_EAI(code) ? code + WA__EAI_BASE : -2;      /* -2, -3 or -4 */
    wa_error *err = wa_error_new(WA_GAIERROR, "[Errno %d] %s", e, texts[-e - 2]);
    return wa__error_details(err, e, 0, NULL, 0);
}

void wa__addr_repr(const wa_sockaddr *a, char *buf, size_t size) {
    if (a->family == WA_AF_UNIX)
        wa__format(buf, size, "'%s'", a->host);
    else if (a->family == WA_AF_INET6)
        wa__format(buf, size, "('%s', %d, 0, 0)", a->host, a->port);
    else
        wa__format(buf, size, "('%s', %d)", a->host, a->port);
}

wa_error *wa__check_endpoint(const wa_endpoint *where, bool server, const char *func) {
    if (!where) {
        wa__misuse(WA_EINVAL, func, "endpoint is NULL");
        return wa__misuse_error_as(WA_TYPE_ERROR);
    }
    if (where->use_sock) {
        if (!server) {
            wa__misuse(WA_EINVAL, func, "sock is only for servers here");
            return wa__misuse_error_as(WA_VALUE_ERROR);
        }
        if (where->host || where->port || where->path) {
            wa__misuse(WA_EINVAL, func, "host/port and sock can not be specified at the same time");
            return wa__misuse_error_as(WA_VALUE_ERROR);
        }
        if (where->sock < 0) {
            wa__misuse(WA_EINVAL, func, "invalid sock %d", where->sock);
            return wa__misuse_error_as(WA_VALUE_ERROR);
        }
        return NULL;
    }
    if (where->path) {
        if (where->host || where->port) {
            wa__misuse(WA_EINVAL, func, "host and port were specified along with path");
            return wa__misuse_error_as(WA_VALUE_ERROR);
        }
        if (!where->path[0] || strlen(where->path) >= sizeof ((wa_sockaddr *)0)->host) {
            wa__misuse(WA_EINVAL, func, "invalid unix socket path '%s'", where->path);
            return wa__misuse_error_as(WA_VALUE_ERROR);
        }
        return NULL;
    }
    if (where->port < 0 || where->port > 65535) {
        wa__misuse(WA_EINVAL, func, "port must be 0-65535, not %d", where->port);
        return wa__misuse_error_as(WA_VALUE_ERROR);
    }
    if (!server && !where->host) {
        wa__misuse(WA_EINVAL, func, "host and port was not specified and no sock specified");
        return wa__misuse_error_as(WA_VALUE_ERROR);
    }
    if (where->family != WA_AF_UNSPEC && where->family != WA_AF_INET && where->family != WA_AF_INET6) {
        wa__misuse(WA_EINVAL, func, "unknown address family %d", (int)where->family);
        return wa__misuse_error_as(WA_VALUE_ERROR);
    }
    return NULL;
}

/* ---- resolving ------------------------------------------------------------ */

typedef struct lookup {
    char *host;
    int port, family;
    wa__sock_type type;
    bool passive;
    wa_sockaddr addrs[WA__MAX_ADDRS];
    int n;
    const char *why;
} lookup;

static void lookup_free(void *p) {
    lookup *l = p;
    if (l) free(l->host);
    free(l);
}

/* On a worker thread. */
static wa_value lookup_job(void *arg, wa_error **error) {
    lookup *l = arg;
    l->n = wa__net_resolve(l->host, l->port, l->family, l->type, l->passive, l->addrs, WA__MAX_ADDRS, &l->why);
    (void)error;
    return wa_none();
}

typedef struct resolve_frame {
    wa_coro co;
    wa_sockaddr *out;
    int max;
    lookup *l;
    int n;
    wa_finally fin;
} resolve_frame;

static wa_error *lookup_error(const lookup *l) {
    if (WA__IS_EAI(l->n)) return wa__gai_error(l->n);
    if (l->n == 0 || l->n == -ENOENT)
        return wa_error_new(WA_GAIERROR, "%s", l->n ? l->why : "getaddrinfo() returned empty list");
    return wa__errno_error_plain(-l->n);
}

static wa_status resolve_step(wa_coro *co) {
    resolve_frame *f = (resolve_frame *)co;
    WA_BEGIN(co);
    WA_WITH(co, wa_finally_enter(&f->fin, lookup_free, f->l)) {
        WA_AWAIT(co, wa_to_thread(co, lookup_job, f->l));
        if (f->l->n <= 0) WA_RAISE(co, lookup_error(f->l));
        f->n = f->l->n < f->max ? f->l->n : f->max;
        memcpy(f->out, f->l->addrs, (size_t)f->n * sizeof *f->out);
    }
    WA_WITH_END(co);
    WA_RETURN(co, wa_int(f->n));
    WA_END(co);
}

wa_future *wa__resolve(wa_coro *co, const wa_endpoint *where, wa__sock_type type, bool passive,
                       wa_sockaddr *out, int max) {
    if (where->path) {
        memset(out, 0, sizeof *out);
        out->family = WA_AF_UNIX;
        strcpy(out->host, where->path);
        return wa__done_with(co, wa_int(1));
    }
    const char *host = where->host;
    if (!host) host = where->family == WA_AF_INET6 ? "::" : "0.0.0.0";    /* every interface */
    if (wa__net_parse(where->family, host, where->port, out) == 0) return wa__done_with(co, wa_int(1));
    if (strcmp(host, "localhost") == 0 && where->family != WA_AF_INET6 && !wa__threads_available()) {
        wa__net_parse(WA_AF_INET, "127.0.0.1", where->port, out);
        return wa__done_with(co, wa_int(1));
    }
    lookup *l = wa__sys_calloc(1, sizeof *l);
    if (l) l->host = wa__strdup(host);
    if (!l || !l->host) {
        lookup_free(l);
        return wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    }
    l->port = where->port;
    l->family = where->family;
    l->type = type;
    l->passive = passive;
    wa_future *r = wa__call_push(co, resolve_step, sizeof(resolve_frame),
                                 &(resolve_frame){.out = out, .max = max, .l = l});
    if (r == WA__FAILED) lookup_free(l);
    return r;
}
