# ContextVar.set returns a Token; reset(token) restores the value from
# before that set, and a token from the first set restores "no value", so
# get() falls back to the default (or raises LookupError without one).
import contextvars

from ctxvar import show

level = contextvars.ContextVar("level", default="info")
name = contextvars.ContextVar("name")


def main():
    t1 = level.set("debug")
    t2 = level.set("trace")
    print(f"set twice: level={show(level)} token var={t1.var.name} is level: {t1.var is level}")
    level.reset(t2)
    print(f"reset second: level={show(level)}")
    level.reset(t1)
    print(f"reset first: level={show(level)}")
    t3 = name.set("ada")
    print(f"name={show(name)}")
    name.reset(t3)
    print(f"name after reset={show(name)}")
    print(f"get with default: {name.get('anonymous')} / {level.get('ignored')}")
    print(f"values in context: {len(contextvars.copy_context())}")


contextvars.Context().run(main)
