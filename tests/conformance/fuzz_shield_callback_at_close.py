# fuzz_shield_callback_at_close: the program of fuzz_shield_callback_at_close.c (a shrunk fuzz find, seed 50885) on CPython.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fuzz'))
from interp import run_program  # noqa: E402

PROGRAM = """\
future f1
task t1
  shield f1
main
  spawn t1
  wait first 0.125 f1 t1
  call_soon h1 set_result f1 0
  cancel t1 -
"""

run_program(PROGRAM)
