# fuzz_as_completed_pending_input_after_free: the program of fuzz_as_completed_pending_input_after_free.c (a shrunk fuzz find, seeds 320082 and 156187) on CPython.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fuzz'))
from interp import run_program  # noqa: E402

PROGRAM = """\
future f1
semaphore s1 0
task t1
  try
    wait first 0.125 f1
  finally
    await f1
task t2
  with s1
    yield
task t3
  as_completed 0.0625 t2
main
  spawn t1
  spawn t2
  spawn t3
  sleep 0.03125
  cancel t3 -
"""

run_program(PROGRAM)
