# Misused tokens: reset twice raises RuntimeError, reset through another
# variable or from another context raises ValueError, with CPython's words
# (addresses masked); a failed reset changes nothing.
import contextvars

from ctxvar import err, show

color = contextvars.ContextVar("color", default="red")
size = contextvars.ContextVar("size", default=1)
tokens = {}


def make_token():
    tokens["color"] = color.set("blue")


def use_elsewhere():
    try:
        color.reset(tokens["color"])
    except Exception as e:
        print(f"other context: {err(e)}")
    print(f"other context: color={show(color)}")


def misuse():
    try:
        size.reset(tokens["color"])
    except Exception as e:
        print(f"other variable: {err(e)}")
    color.reset(tokens["color"])
    print(f"reset once: color={show(color)}")
    try:
        color.reset(tokens["color"])
    except Exception as e:
        print(f"reset twice: {err(e)}")
    print(f"color={show(color)} size={show(size)}")


home = contextvars.Context()
home.run(make_token)
contextvars.Context().run(use_elsewhere)
home.run(misuse)
