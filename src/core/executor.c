/*
 * executor.c — a thread pool (concurrent.futures.ThreadPoolExecutor) and
 * loop.run_in_executor / asyncio.to_thread on top of it.
 *
 * A job crosses threads twice, each time under a lock: the loop queues it
 * on the executor, a worker takes it, runs it and sends it back with
 * wa_call_soon_threadsafe, and the loop settles the future.  So a worker
 * never touches a loop object, and the future is touched on the loop's
 * thread only.  Until it comes back the job counts in loop->nexternal.
 * The hand-back is a node inside the job, so a worker never allocates to
 * return a job: a job that could not come back would leave its future
 * pending and wa_run waiting for it.
 */
#include <stdlib.h>

#include "alloc-int.h"
#include "context-int.h"
#include "task-int.h"

struct wa_executor {
    wa__mutex *lock;
    wa__cond *work;             /* a job was queued, or shutdown began */
    wa__list queue;             /* jobs not started, FIFO */
    wa__thread **threads;
    int nthreads, max;
    int idle;                   /* workers waiting on work */
    bool shutdown;
};

typedef struct job {
    wa__list node;              /* in the executor's queue */
    wa_job_fn fn;
    void *arg;
    wa_executor *ex;
    wa_loop *loop;
    wa_future *fut;             /* loop thread only: a reference, NULL once let go */
    bool started;               /* under ex->lock */
    wa_value result;            /* written by the worker, read after the hand-back */
    wa_error *err;
    wa__ts_call back;           /* the hand-back, queued by the worker */
    wa_varcontext *ctx;         /* fn runs in it (a reference); NULL: an empty one */
} job;

typedef struct job_future {
    wa_future fut;
    job *job;                   /* until the job comes back or is dropped */
} job_future;

static const char no_threads[] = "threads are not available in this build";

wa_executor *wa_executor_new(int max_workers) {
    if (!wa__threads_available()) {
        wa__misuse(WA_ENOSYS, __func__, "%s", no_threads);
        return NULL;
    }
    if (max_workers <= 0) max_workers = wa__cpu_count() + 4 < 32 ? wa__cpu_count() + 4 : 32;
    wa_executor *ex = wa__sys_calloc(1, sizeof *ex);
    if (ex) {
        ex->lock = wa__mutex_new();
        ex->work = wa__cond_new();
        ex->threads = wa__sys_calloc((size_t)max_workers, sizeof *ex->threads);
    }
    if (!ex || !ex->lock || !ex->work || !ex->threads) {
        if (ex) {
            wa__mutex_free(ex->lock);
            wa__cond_free(ex->work);
            free(ex->threads);
            free(ex);
        }
        wa__misuse(WA_ENOMEM, __func__, "out of memory");
        return NULL;
    }
    wa__list_init(&ex->queue);
    ex->max = max_workers;
    return ex;
}

void wa_executor_shutdown(wa_executor *ex, bool wait) {
    if (!ex) return;
    wa__mutex_lock(ex->lock);
    ex->shutdown = true;
    wa__cond_broadcast(ex->work);
    int n = wait ? ex->nthreads : 0;
    if (wait) ex->nthreads = 0;
    wa__mutex_unlock(ex->lock);
    /* workers leave once the queue is empty; no thread starts after shutdown */
    for (int i = 0; i < n; i++) wa__thread_join(ex->threads[i]);
}

void wa_executor_free(wa_executor *ex) {
    if (!ex) return;
    wa_executor_shutdown(ex, true);
    wa__mutex_free(ex->lock);
    wa__cond_free(ex->work);
    free(ex->threads);
    free(ex);
}

/* ---- the loop's side ------------------------------------------------------ */

static void job_free(job *j) {
    wa_varcontext_unref(j->ctx);
    free(j);
}

/* The job is back (or will never start): settle or drop, and free it. */
static void job_release(job *j) {
    wa_future *f = j->fut;
    j->loop->nexternal--;
    if (f) {
        ((job_future *)f)->job = NULL;
        if (wa_future_done(f)) {
            /* cancelled meanwhile: the result is dropped */
        } else if (j->err) {
            wa_future_set_exception(f, j->err);
            j->err = NULL;
        } else {
            if (wa_future_set_result(f, j->result)) wa_future_set_exception(f, wa_error_new(WA_MEMORY_ERROR, NULL));
            if (j->result.kind == WA_KIND_PTR) j->result = wa_none();   /* the future took its destructor */
        }
        wa_future_unref(f);
    }
    wa_value_clear(&j->result);
    wa_error_unref(j->err);
    job_free(j);
}

static void job_came_back(wa_loop *loop, void *arg) {
    (void)loop;
    job_release(arg);
}

/* Cancelling the future takes the job off the queue if no worker has it. */
static bool job_future_cancel(wa_future *f, const char *msg) {
    f->log_exception = false;
    if (f->state != WA_PENDING) return false;
    job *j = ((job_future *)f)->job;
    bool dropped = false;
    if (j) {
        wa__mutex_lock(j->ex->lock);
        dropped = !j->started;
        if (dropped) wa__list_remove(&j->node);
        wa__mutex_unlock(j->ex->lock);
    }
    wa_future_ref(f);   /* the job's reference may be the last */
    wa__future_finish_cancelled(f, msg);
    if (dropped) job_release(j);
    wa_future_unref(f);
    return true;
}

static const wa__future_ops job_future_ops = {
    .size = sizeof(job_future),
    .cancel = job_future_cancel,
    .name = "run_in_executor",
};

/* ---- the workers' side ------------------------------------------------------ */

static void run_job(job *j) {
    wa_error *err = NULL;
    wa_varcontext *ctx = j->ctx;
    wa_varcontext **outer = wa__context_enter(&ctx);
    wa_value v = j->fn(j->arg, &err);
    wa__context_leave(outer);
    if (ctx != j->ctx) wa_varcontext_unref(ctx);    /* made by a set in fn: it ends with the job */
    if (err) {
        j->err = err;
    } else if (wa_value_copy(&j->result, &v)) {
        j->err = wa_error_new(WA_MEMORY_ERROR, NULL);
    }
    /* a closed loop cannot take it back: its future went with it */
    j->back = (wa__ts_call){.cb = job_came_back, .arg = j};
    if (wa__call_soon_threadsafe_node(j->loop, &j->back)) {
        wa_value_clear(&j->result);
        wa_error_unref(j->err);
        job_free(j);
    }
}

static void worker(void *arg) {
    wa_executor *ex = arg;
    wa__mutex_lock(ex->lock);
    for (;;) {
        while (wa__list_empty(&ex->queue) && !ex->shutdown) {
            ex->idle++;
            wa__cond_wait(ex->work, ex->lock);
            ex->idle--;
        }
        wa__list *n = wa__list_pop_front(&ex->queue);
        if (!n) break;      /* shut down, and nothing left to do */
        job *j = WA__CONTAINER_OF(n, job, node);
        j->started = true;
        wa__mutex_unlock(ex->lock);
        run_job(j);
        wa__mutex_lock(ex->lock);
    }
    wa__mutex_unlock(ex->lock);
}

/* Queues j; starts a worker when none is idle.  0, or the message of why
 * it could not be queued. */
static const char *submit(wa_executor *ex, job *j) {
    const char *why = NULL;
    wa__mutex_lock(ex->lock);
    if (ex->shutdown) {
        why = "cannot schedule new futures after shutdown";
    } else {
        wa__list_push_back(&ex->queue, &j->node);
        if (ex->idle == 0 && ex->nthreads < ex->max &&
            wa__thread_start(&ex->threads[ex->nthreads], worker, ex) == WA_OK)
            ex->nthreads++;
        if (ex->nthreads == 0) {
            wa__list_remove(&j->node);
            why = "cannot start a worker thread";
        }
        wa__cond_signal(ex->work);
    }
    wa__mutex_unlock(ex->lock);
    return why;
}

/* copy_context: fn runs in a copy of the caller's context (to_thread's
 * functools.partial(ctx.run, ...)); else in an empty one. */
static wa_future *run_in_executor(wa_coro *co, wa_executor *ex, wa_job_fn fn, void *arg, bool copy_context,
                                  const char *func) {
    wa_loop *loop = wa__coro_loop(co, func);
    if (!loop) return NULL;
    if (!fn) {
        wa__misuse(WA_EINVAL, func, "fn is NULL");
        return wa__fail_await(co, wa__misuse_error_as(WA_TYPE_ERROR));
    }
    if (!ex && !loop->default_executor) loop->default_executor = wa_executor_new(0);
    if (!ex) ex = loop->default_executor;
    if (!ex) {
        /* with threads, only memory can be short */
        const wa_error_type *type = wa__threads_available() ? WA_MEMORY_ERROR : WA_RUNTIME_ERROR;
        return wa__fail_await(co, wa__misuse_error_as(type));
    }
    job *j = wa__sys_calloc(1, sizeof *j);
    wa_varcontext *ctx = NULL;
    wa_future *f = j && !(copy_context && wa__context_fork(&ctx)) ? wa__future_new_sub(loop, &job_future_ops, func)
                                                                  : NULL;
    if (!f) {
        wa_varcontext_unref(ctx);
        free(j);
        return wa__fail_await(co, wa_error_new(WA_MEMORY_ERROR, "out of memory"));
    }
    *j = (job){.fn = fn, .arg = arg, .ex = ex, .loop = loop, .fut = f, .ctx = ctx};
    const char *why = submit(ex, j);
    if (why) {
        job_free(j);
        wa_future_unref(f);
        wa__misuse(WA_EINVALIDSTATE, func, "%s", why);
        return wa__fail_await(co, wa_error_new(WA_RUNTIME_ERROR, "%s", why));
    }
    ((job_future *)f)->job = j;
    loop->nexternal++;
    return wa__frame_keeps(co, wa_future_ref(f));     /* the job keeps its own */
}

wa_future *wa_run_in_executor(wa_coro *co, wa_executor *ex, wa_job_fn fn, void *arg) {
    return run_in_executor(co, ex, fn, arg, false, __func__);
}

wa_future *wa_to_thread(wa_coro *co, wa_job_fn fn, void *arg) {
    return run_in_executor(co, NULL, fn, arg, true, "wa_run_in_executor");
}

void wa__loop_shutdown_default_executor(wa_loop *loop) {
    wa_executor *ex = loop->default_executor;
    if (!ex) return;
    loop->default_executor = NULL;
    wa_executor_free(ex);       /* waits for the jobs: their hand-backs are queued */
    wa_loop_stop(loop);         /* so one iteration takes them all back */
    wa_loop_run_forever(loop);
}
