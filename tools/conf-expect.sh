#!/usr/bin/env bash
# tools/conf-expect.sh [NAME...] — records what CPython 3.13 prints for each
# conformance scenario (all of them by default) in
# tests/conformance/expected/NAME.txt: its stdout, then "[exit N]".  The
# tests compare the C side against these files, so they pass on machines
# without CPython 3.13 (Debian 12 ships 3.11); where 3.13 is present they
# also check that it still prints the same.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=$root/tests/conformance
export PYENV_VERSION=3.13.0
version=$(python3 --version 2>&1 || true)
[[ $version == "Python 3.13."* ]] || { echo "conf-expect: needs CPython 3.13 (PYENV_VERSION=3.13.0 python3), found: $version" >&2; exit 1; }
mkdir -p "$dir/expected"
if [ $# -eq 0 ]; then
  set -- $(cd "$dir" && for f in *.py; do [ -f "${f%.py}.c" ] && echo "${f%.py}"; done)
fi
for name in "$@"; do
  name=$(basename "${name%.*}")
  out=$(cd "$dir" && python3 "$name.py"; echo "[exit $?]") || true
  printf '%s\n' "$out" >"$dir/expected/$name.txt"
done
echo "conf-expect: recorded $# scenario(s) with $version"
