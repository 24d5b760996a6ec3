# fuzz_as_completed_timer_outlives_free: the program of fuzz_as_completed_timer_outlives_free.c (a shrunk fuzz find, seed 141938) on CPython.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fuzz'))
from interp import run_program  # noqa: E402

PROGRAM = """\
future f1
queue q1 0
task t2
  try
    as_completed 0.125 f1
  finally
    get q1
main
  spawn t2
"""

run_program(PROGRAM)
