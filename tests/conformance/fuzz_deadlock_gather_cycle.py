"""A deadlock through a cycle: t1's TaskGroup waits for t4, which gathers t1.
Freeing the loop destroys both with the gather's done callback still on
t1; nothing of the cycle may stay allocated."""
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz"))
from interp import run_program  # noqa: E402

run_program("""\
future f1
task t1
  taskgroup g2
    tg_spawn g2 t4
    sleep 2.5
task t4
  gather raise t1
main
  taskgroup g1
    tg_spawn g1 t1
""")
