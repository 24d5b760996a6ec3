# fuzz_spawn_during_shutdown: the program of fuzz_spawn_during_shutdown.c (a shrunk fuzz find, seed 35284) on CPython.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fuzz'))
from interp import run_program  # noqa: E402

PROGRAM = """\
task t1
  yield
task t3
  try
    sleep 0.125
  finally
    spawn t1
main
  spawn t3
"""

run_program(PROGRAM)
