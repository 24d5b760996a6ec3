// compare.mjs — whether two runs of one program differ, and how: the kind
// of the difference is what the shrinker keeps while it cuts the program
// down (a smaller program that differs some other way is another bug).
//
// Kinds: `crash` (the C side died), `sanitizer:<what>` (ASan/UBSan report),
// `hang` (no output for too long), `python:crash` (interp.py itself died),
// `python:error` / `c:error` (an interpreter printed `error: ...`: it
// refused the program or failed inside itself),
// and `line:<event>` for the first differing trace line, <event> being its
// op word (`get`, `await`, `caught`...) or `outcome` for the lines after the
// run (`main = 3`, `t1: cancelled`), `end`, `deadlock` or `watchdog`.

// The event of a trace line: "1.125 t1: get q1 = 3" -> "get".
export function eventOf(line) {
  if (line === undefined) return 'missing';
  const timed = /^\d+\.\d{3} (.*)$/.exec(line);
  if (!timed) return ['end', 'deadlock', 'watchdog'].includes(line) ? line : 'outcome';
  const rest = timed[1];
  if (rest === 'watchdog' || rest === 'deadlock') return rest;
  const m = /^[a-z][a-z0-9_]*: ([a-z_]+)/.exec(rest);
  return m ? m[1] : rest.split(' ')[0];
}

function crashKind(crash) {
  if (/no output for .* killed/.test(crash)) return 'hang';
  const asan = /ERROR: (?:Address|Leak)Sanitizer: ([\w-]+)/.exec(crash);
  if (asan) return `sanitizer:${asan[1]}`;
  if (/runtime error:/.test(crash)) return 'sanitizer:ubsan';
  return 'crash';
}

/* py, c: { trace, crash? } from Batch.run.  null when they agree, else
 * { kind, index, py, c } with the first differing lines (index in the trace). */
export function compare(py, c) {
  if (py.crash) return { kind: 'python:crash', index: -1, py: py.crash, c: '' };
  if (c.crash) return { kind: crashKind(c.crash), index: -1, py: '', c: c.crash };
  if (py.trace === c.trace) return null;
  // an interpreter that refused the program or failed inside itself says so on its first line
  if (py.trace.startsWith('error:')) return { kind: 'python:error', index: 0, py: py.trace.split('\n')[0], c: c.trace.split('\n')[0] };
  if (c.trace.startsWith('error:')) return { kind: 'c:error', index: 0, py: py.trace.split('\n')[0], c: c.trace.split('\n')[0] };
  const a = py.trace.split('\n');
  const b = c.trace.split('\n');
  let i = 0;
  while (a[i] === b[i]) i++;
  return { kind: `line:${eventOf(a[i] ?? b[i])}`, index: i, py: a[i] ?? '(nothing)', c: b[i] ?? '(nothing)' };
}

// Two lines saying how they differ.
export function explain(d) {
  if (d.index < 0) return `${d.kind}:\n${d.py || d.c}`;
  return `first difference at trace line ${d.index + 1} (${d.kind}):\n  CPython:  ${d.py}\n  wasyncio: ${d.c}`;
}
