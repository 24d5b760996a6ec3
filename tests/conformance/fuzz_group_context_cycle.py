# fuzz_group_context_cycle: the program of fuzz_group_context_cycle.c (a shrunk fuzz find, seeds 7592 and 16815) on CPython.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fuzz'))
from interp import run_program  # noqa: E402

PROGRAM = """\
task t1
  raise RuntimeError -
task t3
  try
    taskgroup g1
      tg_spawn g1 t1
  finally
    try
      raise TimeoutError -
    except TimeoutError
      wait_for t1 0.125
main
  spawn t3
  sleep 0.0625
"""

run_program(PROGRAM)
