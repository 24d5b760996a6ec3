# fuzz_gather_pending_child_leak: the program of fuzz_gather_pending_child_leak.c (a shrunk fuzz find, seed 298) on CPython.
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fuzz'))
from interp import run_program  # noqa: E402

PROGRAM = """\
future f1
future f2
main
  cancel f1 -
  gather raise f2 f1
"""

run_program(PROGRAM)
