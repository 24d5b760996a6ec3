# Context.run(fn) makes the context current while fn runs: fn's sets stay
# in it (and out of the caller's), a copy is a snapshot that later sets do
# not change, and running a context already entered raises RuntimeError.
import contextvars

from ctxvar import err, show

mode = contextvars.ContextVar("mode", default="plain")


def inside(ctx, label):
    print(f"{label}: mode={show(mode)}")
    mode.set(label)
    try:
        ctx.run(print, "never")
    except Exception as e:
        print(f"{label} nested: {err(e)}")


def main():
    ctx = contextvars.copy_context()
    ctx.run(inside, ctx, "first")
    print(f"outside: mode={show(mode)} ctx has {len(ctx)}: {ctx[mode]}")
    snap = ctx.copy()
    ctx.run(inside, ctx, "second")
    print(f"ctx={ctx[mode]} snapshot={snap[mode]}")
    print(f"fresh: {contextvars.Context().run(show, mode)}")


contextvars.Context().run(main)
