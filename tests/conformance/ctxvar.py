"""ctxvar.py — what the contextvars scenarios share (ctxvar.h's twin)."""
import re


def masked(s):
    """Addresses in reprs as ctxvar.h prints them: 0x?."""
    return re.sub(r"0x[0-9a-f]+", "0x?", s)


def err(e):
    return f"{type(e).__name__}: {masked(str(e))}"


def show(var):
    """var.get(), or the error it raised."""
    try:
        return str(var.get())
    except Exception as e:
        return err(e)
