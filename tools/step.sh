# tools/step.sh — sourced by tools/setup.sh and .ci/run.  apt, dpkg and npm
# print hundreds of lines a newcomer should not have to scroll past, so each
# step prints one line, its output goes to a log file, and the log's tail is
# shown only when the step fails:
#
#     step_log FILE           the log for the steps that follow (emptied)
#     step "what" CMD ARG...  prints "PREFIX: what ... ok (N s)", or
#                             "... failed (exit N)", the log's tail and its
#                             path, and exits 1
#
# STEP_PREFIX (default "setup") starts every line.

step_log() {
  STEP_LOG=$1
  mkdir -p "$(dirname "$STEP_LOG")"
  : >"$STEP_LOG"
}

step() {
  local what=$1 start=$SECONDS rc
  shift
  printf '%s: %s ... ' "${STEP_PREFIX:-setup}" "$what" >&2
  printf '\n$ %s\n' "$*" >>"$STEP_LOG"
  if "$@" >>"$STEP_LOG" 2>&1 </dev/null; then
    printf 'ok (%d s)\n' $((SECONDS - start)) >&2
    return 0
  else
    rc=$?
  fi
  printf 'failed (exit %d)\n' "$rc" >&2
  tail -n 40 "$STEP_LOG" >&2
  printf '%s: the full log is %s\n' "${STEP_PREFIX:-setup}" "$STEP_LOG" >&2
  exit 1
}
