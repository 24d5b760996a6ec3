#!/usr/bin/env bash
# tools/conf-check.sh NAME... — the quick loop for writing conformance
# scenarios: builds tests/conformance/NAME.c natively from the current
# sources (clang, ASan + UBSan, leak checks on; no CMake, so several people
# can run it at once), runs it and its Python twin under CPython 3.13, and
# diffs the traces.  `npm test` is the full check on every target, against
# the traces tools/conf-expect.sh records: run it for a new scenario.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${TMPDIR:-/tmp}/wa-conf-check.$$
mkdir -p "$out"
trap 'rm -rf "$out"' EXIT
cc=${CC:-clang-14}
# the whole library, debug mode included (src/debug/none.c stands in for it
# only in the npm package's default runtime)
sources=()
for f in "$root"/src/{core,lib,io,debug}/*.c; do [ "$f" = "$root/src/debug/none.c" ] || sources+=("$f"); done
status=0
for name in "$@"; do
  name=${name%.c}; name=${name%.py}; name=$(basename "$name")
  # a scenario emitted from a fuzz program runs it through the C interpreter
  fuzz=()
  grep -q '"../fuzz/interp.h"' "$root/tests/conformance/$name.c" 2>/dev/null &&
    fuzz=("$root/tests/fuzz/parse.c" "$root/tests/fuzz/interp.c")
  if ! "$cc" -std=c11 -Wall -Wextra -Werror -g -O1 -fsanitize=address,undefined -fno-sanitize-recover=undefined \
      -I"$root/include" -I"$root/tests/conformance" "$root/tests/conformance/$name.c" \
      "${fuzz[@]}" "${sources[@]}" "$root/src/host/virtual.c" "$root/src/host/posix.c" \
      "$root/src/threads/posix.c" "$root/src/net/posix.c" -pthread -lm -o "$out/$name"; then
    echo "FAIL $name: does not compile"; status=1; continue
  fi
  (cd "$root/tests/conformance" && "$out/$name") >"$out/c.txt" 2>"$out/c.err"; c_rc=$?
  (cd "$root/tests/conformance" && PYENV_VERSION=3.13.0 python3 "$name.py") >"$out/py.txt" 2>"$out/py.err"; py_rc=$?
  if diff -u --label "$name.py (CPython)" --label "$name.c (wasyncio)" "$out/py.txt" "$out/c.txt" >"$out/diff.txt" && [ "$c_rc" = "$py_rc" ]; then
    echo "ok   $name ($(wc -l <"$out/py.txt") lines)"
    if grep -q "Sanitizer\|runtime error" "$out/c.err"; then echo "FAIL $name: sanitizer report:"; cat "$out/c.err"; status=1; fi
  else
    echo "FAIL $name: exit C=$c_rc Python=$py_rc"; cat "$out/diff.txt"
    echo "--- C stderr:"; head -20 "$out/c.err"; echo "--- Python stderr:"; tail -5 "$out/py.err"
    status=1
  fi
done
exit $status
