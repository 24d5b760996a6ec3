"""A deadlock in Condition.wait: t2's wait, cancelled, keeps re-acquiring the
lock that main holds while it awaits t2.  The loop freed destroys t2
mid-wait; its errors and the condition must then free."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz"))
from interp import run_program  # noqa: E402

run_program("""\
condition c1
task t2
  acquire c1
  cond_wait c1
main
  spawn t2
  yield
  with c1
    await t2
""")
