// shrink.mjs — cuts a program that makes the two interpreters differ down
// to one that still differs the same way (compare.mjs's kind), by delta
// debugging over its tree: whole tasks and declarations (with every op that
// names them), runs of ops in each body (halves first, then single ops),
// blocks replaced by their bodies, try clauses, names in a gather / wait
// list, then numbers (whole seconds to 0, values to 0, messages to -,
// sizes down).  Each pass restarts after a cut that keeps the difference;
// it stops when no cut does.
//
// A cut that makes a program the language does not allow (a reschedule
// outside a timeout, a reraise outside an except, an empty body) is not
// tried: it would differ for the wrong reason.
import { delayText } from './gen.mjs';
import { BLOCKS, clone, parse, print } from './program.mjs';

// Every body of the program, in a fixed order, as live arrays; with
// whether it is inside a timeout / an except handler of its own task.
function bodies(program) {
  const out = [];
  const walk = (body, inTimeout, inExcept) => {
    out.push({ body, inTimeout, inExcept });
    for (const n of body) {
      if (n.body) walk(n.body, inTimeout || n.op === 'timeout', inExcept);
      for (const c of n.clauses ?? []) walk(c.body, inTimeout, inExcept || c.op === 'except');
    }
  };
  for (const t of program.tasks) walk(t.body, false, false);
  walk(program.main, false, false);
  return out;
}

export function valid(program) {
  const declared = new Set([...program.decls.map((d) => d.name), ...program.tasks.map((t) => t.name)]);
  const spawned = new Set();
  for (const { body, inTimeout, inExcept } of bodies(program)) {
    if (!body.length) return false;
    for (const n of body) {
      if (n.op === 'reschedule' && !inTimeout) return false;
      if (n.op === 'reraise' && !inExcept) return false;
      if (n.op === 'try' && !n.clauses.length) return false;
      for (const node of [n, n.inner].filter(Boolean)) {
        if (node.op === 'spawn' || node.op === 'tg_spawn') {
          const t = node.args[node.args.length - 1];
          if (spawned.has(t)) return false;
          spawned.add(t);
        }
      }
    }
  }
  // every name an op refers to must still be declared (groups and handles are made by ops)
  const made = new Set();
  for (const { body } of bodies(program)) {
    for (const n of body) {
      if (n.op === 'taskgroup') made.add(n.args[0]);
      if (n.op === 'call_soon' || n.op === 'call_later') made.add(n.args[0]);
    }
  }
  for (const { body } of bodies(program)) {
    for (const n of body) {
      for (const node of [n, n.inner].filter(Boolean)) {
        for (const [k, a] of node.args.entries()) {
          if (/^[a-z][a-z0-9_]*$/.test(a) && !declared.has(a) && !made.has(a) && !isWord(node.op, a, k)) return false;
        }
      }
    }
  }
  return true;
}

// Tokens that look like names but are keywords or messages of their op.
const isWord = (op, a, k) => a === 'none' || op === 'raise'
  || (op === 'gather' && k === 0) || (op === 'wait' && k === 0)
  || (op === 'cancel' && k === 1) || (op === 'set_exception' && k === 2);

const mentions = (node, name) => node.args.includes(name) || (node.inner && node.inner.args.includes(name));

// Removes name from the program: its declaration, and every op naming it
// (or just the name, from a list that keeps another).
function withoutName(program, name) {
  const p = clone(program);
  p.decls = p.decls.filter((d) => d.name !== name);
  p.tasks = p.tasks.filter((t) => t.name !== name);
  for (const { body } of bodies(p)) {
    for (let i = body.length - 1; i >= 0; i--) {
      const n = body[i];
      if (!mentions(n, name)) continue;
      const fixed = { gather: 1, as_completed: 1, wait: 2 }[n.op] ?? -1;
      if (fixed >= 0 && n.args.length - fixed > 1 && !(n.inner && mentions(n.inner, name))) {
        n.args = n.args.filter((a, k) => k < fixed || a !== name);
      } else body.splice(i, 1);
    }
  }
  return p;
}

// Candidate programs, lazily, from the current one.
function* cuts(program) {
  for (const t of program.tasks) yield withoutName(program, t.name);
  for (const d of program.decls) yield withoutName(program, d.name);
  // runs of ops, the biggest first
  const count = bodies(program).length;
  for (let k = 0; k < count; k++) {
    const len = bodies(program)[k].body.length;
    for (let size = len >> 1; size >= 1; size >>= 1) {
      for (let at = 0; at + size <= len; at += size) {
        const p = clone(program);
        bodies(p)[k].body.splice(at, size);
        yield p;
      }
    }
  }
  // blocks by their bodies; try clauses one at a time
  for (let k = 0; k < count; k++) {
    const len = bodies(program)[k].body.length;
    for (let i = 0; i < len; i++) {
      const n = bodies(program)[k].body[i];
      if (!BLOCKS.has(n.op)) continue;
      const p = clone(program);
      bodies(p)[k].body.splice(i, 1, ...n.body);
      yield p;
      for (let c = 0; c < (n.clauses ?? []).length; c++) {
        const q = clone(program);
        bodies(q)[k].body[i].clauses.splice(c, 1);
        yield q;
        const r = clone(program);
        bodies(r)[k].body.splice(i, 1, ...n.body, ...n.clauses[c].body);
        yield r;
      }
      if (n.op === 'try' && n.clauses[0]?.op === 'except' && n.clauses[0].args.length > 1) {
        for (let a = 0; a < n.clauses[0].args.length; a++) {
          const q = clone(program);
          bodies(q)[k].body[i].clauses[0].args.splice(a, 1);
          yield q;
        }
      }
    }
  }
  // call_later by call_soon
  for (let k = 0; k < count; k++) {
    const len = bodies(program)[k].body.length;
    for (let i = 0; i < len; i++) {
      if (bodies(program)[k].body[i].op !== 'call_later') continue;
      const p = clone(program);
      const n = bodies(p)[k].body[i];
      n.op = 'call_soon';
      n.args = n.args.slice(0, 1);
      yield p;
    }
  }
  yield* numbers(program);
}

// Simpler numbers, one token at a time: a change is tried only where it
// changes something.
function* numbers(program) {
  const count = bodies(program).length;
  // a delay's power of two: its number of decimals (2^-e has e)
  const powerOf = (tok) => (/^\d+\.\d+$/.test(tok) ? tok.split('.')[1].length : 0);
  const used = new Set();
  for (const { body } of bodies(program)) {
    for (const n of body) for (const a of [...n.args, ...(n.inner?.args ?? [])]) used.add(powerOf(a));
  }
  const freePower = [...Array(22)].map((_, i) => i + 3).find((e) => !used.has(e));
  const simpler = (tok) => {
    const e = powerOf(tok);
    if (e) {
      const whole = Number(tok.split('.')[0]);
      const out = whole ? [tok.replace(/^\d+/, '0')] : [];
      // a shorter power of two nobody uses reads better and keeps deadlines apart
      if (freePower && freePower < e) out.push(delayText(whole, freePower));
      return out;
    }
    if (/^-?\d+$/.test(tok) && tok !== '0') return ['0'];
    if (/^[a-z0-9]+$/.test(tok) && ['m1', 'stop', 'boom', 'x'].includes(tok)) return ['-'];
    return [];
  };
  for (let k = 0; k < count; k++) {
    const len = bodies(program)[k].body.length;
    for (let i = 0; i < len; i++) {
      const n = bodies(program)[k].body[i];
      for (const [which, node] of [['self', n], ['inner', n.inner]]) {
        if (!node) continue;
        for (let a = 0; a < node.args.length; a++) {
          for (const tok of simpler(node.args[a])) {
            const p = clone(program);
            const m = bodies(p)[k].body[i];
            (which === 'self' ? m : m.inner).args[a] = tok;
            yield p;
          }
        }
      }
    }
  }
  for (let d = 0; d < program.decls.length; d++) {
    const { args } = program.decls[d];
    if (args.length && Number(args[0]) > 0) {
      const p = clone(program);
      p.decls[d].args[0] = String(Number(args[0]) - 1);
      yield p;
    }
  }
}

/* text: a program that differs; interesting(text) resolves true when a
 * candidate still differs the same way.  Resolves with the smallest
 * program found and how many candidates were run. */
export async function shrink(text, interesting, { log = () => {}, budget = 5000 } = {}) {
  let best = parse(text);
  let tries = 0;
  const seen = new Set([print(best)]);
  for (let progress = true; progress && tries < budget;) {
    progress = false;
    for (const cand of cuts(best)) {
      const t = print(cand);
      if (seen.has(t) || !valid(cand)) continue;
      seen.add(t);
      tries++;
      if (await interesting(t)) {
        best = cand;
        progress = true;
        log(`shrink: ${t.split('\n').length - 1} lines after ${tries} tries`);
        break;
      }
      if (tries >= budget) break;
    }
  }
  return { text: print(best), tries };
}
