// program.mjs — a fuzz program (tests/fuzz/LANGUAGE.md) as a tree, and its
// text form both ways.  The generator builds the tree and prints it; the
// shrinker parses a program back, cuts the tree and prints each candidate.
//
// Program: { decls: [{ kind, name, args }], tasks: [{ name, body }], main: body }
// A body is a list of nodes { op, args, body?, clauses?, inner? }:
//   body     the indented lines of a block op (timeout, taskgroup, with, try);
//   clauses  a try's `except E...` / `finally` heads, each { op, args, body },
//            kept with the try so that no cut separates them from it;
//   inner    the one op a call_soon / call_later runs, written on its line.

export const BLOCKS = new Set(['timeout', 'taskgroup', 'with', 'try']);
// declaration kinds, in the order the top level must list them
export const KINDS = ['future', 'lock', 'event', 'condition', 'semaphore', 'bsemaphore', 'barrier', 'queue'];

function opLine(node) {
  const head = [node.op, ...node.args];
  if (node.inner) head.push(...opLine(node.inner));
  return head;
}

function printBody(body, indent, out) {
  const pad = '  '.repeat(indent);
  for (const node of body) {
    out.push(pad + opLine(node).join(' '));
    if (node.body) printBody(node.body, indent + 1, out);
    for (const c of node.clauses ?? []) {
      out.push(pad + [c.op, ...c.args].join(' '));
      printBody(c.body, indent + 1, out);
    }
  }
}

export function print(program) {
  const out = [];
  for (const d of program.decls) out.push([d.kind, d.name, ...d.args].join(' '));
  for (const t of program.tasks) {
    out.push(`task ${t.name}`);
    printBody(t.body, 1, out);
  }
  out.push('main');
  printBody(program.main, 1, out);
  return `${out.join('\n')}\n`;
}

// The callback op of call_soon H OP... / call_later H D OP...
function splitCallback(tokens) {
  const fixed = tokens[0] === 'call_soon' ? 2 : 3;
  const [op, ...args] = tokens.slice(fixed);
  return { op: tokens[0], args: tokens.slice(1, fixed), inner: { op, args } };
}

export function parse(text) {
  const lines = text.split('\n')
    .filter((l) => l.trim() !== '' && !l.trimStart().startsWith('#'))
    .map((l) => ({ depth: (l.length - l.trimStart().length) / 2, tokens: l.trim().split(/\s+/) }));
  let i = 0;
  function body(depth) {
    const nodes = [];
    while (i < lines.length && lines[i].depth === depth) {
      const { tokens } = lines[i++];
      if (tokens[0] === 'except' || tokens[0] === 'finally') {
        const owner = nodes[nodes.length - 1];
        if (!owner || owner.op !== 'try') throw new Error(`${tokens[0]} without a try`);
        owner.clauses.push({ op: tokens[0], args: tokens.slice(1), body: body(depth + 1) });
        continue;
      }
      const node = tokens[0] === 'call_soon' || tokens[0] === 'call_later'
        ? splitCallback(tokens) : { op: tokens[0], args: tokens.slice(1) };
      if (BLOCKS.has(node.op)) node.body = body(depth + 1);
      if (node.op === 'try') node.clauses = [];
      nodes.push(node);
    }
    return nodes;
  }
  const program = { decls: [], tasks: [], main: null };
  while (i < lines.length) {
    const { depth, tokens } = lines[i++];
    if (depth !== 0) throw new Error(`line ${i}: unexpected indentation`);
    if (tokens[0] === 'task') program.tasks.push({ name: tokens[1], body: body(1) });
    else if (tokens[0] === 'main') program.main = body(1);
    else program.decls.push({ kind: tokens[0], name: tokens[1], args: tokens.slice(2) });
  }
  if (!program.main) throw new Error('no main');
  return program;
}

export const clone = (x) => structuredClone(x);
