/*
 * downloads.c — the C side of the web demo (examples/web): the page passes
 * a list of URLs, C downloads them all with fetch, at most three at a time,
 * and tells the page about every change of state through a JS function it
 * awaits.  The C version of Python's
 *
 *     async def download_all(*urls):
 *         sem = asyncio.Semaphore(3)
 *         results = [None] * len(urls)
 *         async def one(i):
 *             await progress(i, "waiting", 0, 0)
 *             async with sem:
 *                 await progress(i, "downloading", 0, 0)
 *                 r = await fetch(urls[i])        # OSError: status 0
 *                 results[i] = [r.status, len(r.body)]
 *                 await progress(i, "done" if r.ok else "failed", len(r.body), r.status)
 *         async with asyncio.TaskGroup() as tg:
 *             for i in range(len(urls)): tg.create_task(one(i))
 *         return [results, sum(n for _, n in results)]
 *
 * JS: await rt.tasks.download_all(url, ...) -> [[[status, bytes], ...], total].
 * A failed download is a result, not an error, so one bad file does not
 * cancel the others (a TaskGroup would); cancelling the JS Task cancels the
 * group, which aborts the fetches in flight.
 *
 * Each task reports "done" before it leaves the semaphore and "downloading"
 * only after entering it, and the page receives the calls in that order, so
 * what the page sees never has more than three downloading at once.
 */
#include "wasyncio_js.h"

enum {
    LIMIT = 3,          /* downloads in flight; under the browser's own cap of 6 per host */
    MAX_FILES = 32      /* results live in the frame: no allocation per call */
};

/* What the file tasks share; lives in download_all's frame, which outlives
 * them because the TaskGroup waits for every one. */
typedef struct batch {
    wa_semaphore *sem;
    const wa_value *urls;
    int status[MAX_FILES];      /* HTTP status, 0 for a network failure */
    int64_t bytes[MAX_FILES];
} batch;

/* Awaits the page's progress(index, state, bytes, status).  The arguments
 * are converted when the call is made, so a local array will do. */
static wa_future *report(wa_coro *co, size_t index, const char *state, int64_t bytes, int status) {
    wa_value args[4] = {wa_int((int64_t)index), wa_str(state), wa_int(bytes), wa_int(status)};
    return wa_js_call(co, "progress", args, 4);
}

typedef struct file_frame {
    wa_coro co;
    batch *b;
    size_t i;
    wa_guard guard;
    wa_error *err;
} file_frame;

static wa_status file_step(wa_coro *co) {
    file_frame *f = (file_frame *)co;
    batch *b = f->b;
    WA_BEGIN(co);
    WA_AWAIT(co, report(co, f->i, "waiting", 0, 0));
    WA_WITH_ACQUIRED(co, &f->guard, b->sem) {
        WA_AWAIT(co, report(co, f->i, "downloading", 0, 0));
        WA_AWAIT_TRY(co, wa_fetch(co, b->urls[f->i].as.buf.data, NULL), f->err);
        if (f->err) {
            /* asyncio: a cancelled task must not swallow CancelledError */
            if (wa_error_is(f->err, WA_CANCELLED_ERROR)) WA_RAISE(co, wa_error_ref(f->err));
            b->status[f->i] = 0;
        } else {
            wa_fetch_response r;
            if (wa_fetch_response_view(&co->value, &r))
                WA_RAISE(co, wa_error_new(WA_TYPE_ERROR, "%s", wa_last_error()));
            /* the response is a view that the next await ends: keep numbers only */
            b->status[f->i] = r.status;
            b->bytes[f->i] = (int64_t)r.body_len;
        }
        {
            bool ok = b->status[f->i] >= 200 && b->status[f->i] < 300;
            WA_AWAIT(co, report(co, f->i, ok ? "done" : "failed", b->bytes[f->i], b->status[f->i]));
        }
    }
    WA_WITH_END(co);
    WA_END(co);
}

typedef struct download_frame {
    wa_coro co;
    size_t n;
    batch b;
    wa_finally fin;
    wa_taskgroup tg;
    size_t i;
} download_frame;

/* "file 1" .. "file 32": the task's name, which the page's live view of
 * the C tasks shows (wa_taskgroup_spawn copies it). */
static const char *task_name(char buf[8], size_t i) {
    size_t n = i + 1;
    buf[0] = 'f', buf[1] = 'i', buf[2] = 'l', buf[3] = 'e', buf[4] = ' ';
    buf[5] = n >= 10 ? (char)('0' + n / 10) : (char)('0' + n);
    buf[6] = n >= 10 ? (char)('0' + n % 10) : '\0';
    buf[7] = '\0';
    return buf;
}

static void free_semaphore(void *arg) {
    batch *b = arg;
    /* runs after the group's exit, when nobody waits on it any more */
    wa_semaphore_free(b->sem);
    b->sem = NULL;
}

static wa_status download_step(wa_coro *co) {
    download_frame *f = (download_frame *)co;
    WA_BEGIN(co);
    if (f->n > MAX_FILES) WA_RAISE(co, wa_error_new(WA_VALUE_ERROR, "download_all: at most %d URLs", MAX_FILES));
    for (f->i = 0; f->i < f->n; f->i++)
        if (f->b.urls[f->i].kind != WA_KIND_STR)
            WA_RAISE(co, wa_error_new(WA_TYPE_ERROR, "download_all: argument %zu is not a URL string", f->i));
    f->b.sem = wa_semaphore_new(wa_get_running_loop(), LIMIT);
    if (!f->b.sem) WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "%s", wa_last_error()));
    WA_WITH(co, wa_finally_enter(&f->fin, free_semaphore, &f->b)) {
        WA_WITH(co, wa_taskgroup_enter(co, &f->tg)) {
            for (f->i = 0; f->i < f->n; f->i++) {
                char name[8];
                if (!WA_GROUP_SPAWN_NAMED(&f->tg, task_name(name, f->i), file_step, file_frame, .b = &f->b, .i = f->i))
                    WA_RAISE(co, wa_error_new(WA_MEMORY_ERROR, "%s", wa_last_error()));
            }
        }
        WA_WITH_END(co);
    }
    WA_WITH_END(co);
    {
        /* WA_RETURN copies the lists, so they may live on the C stack */
        wa_value pairs[MAX_FILES][2], files[MAX_FILES];
        int64_t total = 0;
        for (size_t i = 0; i < f->n; i++) {
            pairs[i][0] = wa_int(f->b.status[i]);
            pairs[i][1] = wa_int(f->b.bytes[i]);
            files[i] = wa_list(pairs[i], 2);
            total += f->b.bytes[i];
        }
        wa_value out[2] = {wa_list(files, f->n), wa_int(total)};
        WA_RETURN(co, wa_list(out, 2));
    }
    WA_END(co);
}

/* download_all(url, ...): the URLs stay valid until the task is done. */
static wa_future *start_download_all(wa_loop *loop, const wa_value *args, size_t nargs) {
    wa_task *t = WA_SPAWN(loop, download_step, download_frame, .n = nargs, .b = {.urls = args});
    return t ? wa_task_future(t) : NULL;
}
WA_JS_EXPORT(download_all, start_download_all)
