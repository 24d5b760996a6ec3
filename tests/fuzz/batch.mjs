// batch.mjs — one interpreter kept running in batch mode (`--batch`:
// programs on stdin, each followed by a line `%%`; traces on stdout, each
// followed by `%%`), so that a run of thousands of programs pays for one
// process start, not one each.
//
// A process that dies or stops answering is no reason to stop: the program
// it was on gets what it printed so far plus a `crash` description (how it
// ended and the end of its stderr, where a sanitizer's report is), and the
// programs after it go to a fresh process.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SEP = '%%';

export class Batch {
  /* argv: the interpreter's command line without --batch.  hangMs: how long
   * one program may run without the process printing anything.  maxRun:
   * programs a process runs before it is replaced (its exit runs the leak
   * check of a sanitizer build, which can then name few suspects).
   * wholeInput: each process reads its programs from a file and writes its
   * traces to one, read when it ends: Emscripten's stdin takes a pipe that
   * is empty for a moment for its end, and its stdout drops what a full
   * pipe refuses. */
  constructor(argv, { cwd, env, hangMs = 20_000, maxRun = Infinity, wholeInput = false, onExit } = {}) {
    Object.assign(this, { argv, cwd, env, hangMs, maxRun, wholeInput, onExit });
    this.proc = null;
  }

  // input: the whole input, for files both ways, or undefined for pipes.
  start(input) {
    let stdin = 'pipe', stdout = 'pipe', dir;
    if (input !== undefined) {
      dir = mkdtempSync(join(tmpdir(), 'wasyncio-batch-'));
      writeFileSync(join(dir, 'in'), input);
      stdin = openSync(join(dir, 'in'), 'r');
      stdout = openSync(join(dir, 'out'), 'w');
    }
    const child = spawn(this.argv[0], [...this.argv.slice(1), '--batch'], {
      cwd: this.cwd, env: this.env, stdio: [stdin, stdout, 'pipe'],
    });
    if (dir) {
      closeSync(stdin);
      closeSync(stdout);
    }
    // out: the unfinished line; lines: the trace being printed
    const p = { child, out: '', lines: [], err: '', done: [], exited: null, ran: [], wake: null };
    const take = (s) => {
      const parts = (p.out + s).split('\n');
      p.out = parts.pop();
      for (const line of parts) {
        if (line === SEP) {
          p.done.push(p.lines.length ? `${p.lines.join('\n')}\n` : '');
          p.lines = [];
        } else p.lines.push(line);
      }
      p.wake?.();
    };
    child.stdout?.setEncoding('utf8').on('data', take);
    if (dir) {
      child.on('close', () => {
        take(readFileSync(join(dir, 'out'), 'utf8'));
        rmSync(dir, { recursive: true, force: true });
      });
    }
    child.stderr.setEncoding('utf8').on('data', (s) => { p.err += s; });
    child.stdin?.on('error', () => {}); // EPIPE after a crash: the exit handler reports it
    child.on('error', (e) => { p.err += `\n${e.message}`; p.exited ??= { code: null, signal: null }; p.wake?.(); });
    child.on('close', (code, signal) => { p.exited = { code, signal }; p.wake?.(); });
    this.proc = p;
    return p;
  }

  // Ends the current process; resolves with how it ended and its stderr,
  // handed to onExit with the programs it ran.
  async stop() {
    const p = this.proc;
    if (!p) return null;
    this.proc = null;
    if (!p.exited) {
      p.child.stdin?.end();
      await new Promise((resolve) => {
        if (p.exited) resolve();
        else p.wake = resolve;
      });
    }
    const end = { ...p.exited, crashed: p.crashed ?? false, stderr: p.err, programs: p.ran };
    await this.onExit?.(end);
    return end;
  }

  /* Runs programs (texts ending in a newline); resolves with one
   * { trace, crash? } each, in order. */
  async run(programs) {
    const results = [];
    let next = 0;
    while (next < programs.length) {
      if (this.proc && (this.proc.ran.length >= this.maxRun || this.wholeInput)) await this.stop();
      const chunk = programs.slice(next, next + Math.max(1, this.maxRun - (this.proc?.ran.length ?? 0)));
      const text = chunk.map((t) => `${t}${SEP}\n`).join('');
      const p = this.proc ?? this.start(this.wholeInput ? text : undefined);
      if (!this.wholeInput) p.child.stdin.write(text);
      const base = p.done.length;
      let seen = base;
      for (;;) {
        if (p.done.length - base >= chunk.length || p.exited) break;
        const moved = await new Promise((resolve) => {
          const timer = setTimeout(() => resolve(false), this.hangMs);
          p.wake = () => { clearTimeout(timer); resolve(true); };
        });
        p.wake = null;
        if (!moved && p.done.length === seen && !p.exited) {
          p.child.kill('SIGKILL');
          p.err += `\n[no output for ${this.hangMs / 1000} s: killed]`;
          await new Promise((resolve) => { if (p.exited) resolve(); else p.wake = resolve; });
          p.wake = null;
        }
        seen = p.done.length;
      }
      const got = p.done.splice(base).slice(0, chunk.length);
      p.ran.push(...chunk.slice(0, got.length));
      results.push(...got.map((trace) => ({ trace })));
      next += got.length;
      if (got.length < chunk.length) {
        const how = p.exited.signal ? `killed by ${p.exited.signal}` : `exit status ${p.exited.code}`;
        p.ran.push(chunk[got.length]);
        p.crashed = true;
        results.push({ trace: [...p.lines, p.out].join('\n'), crash: `${how}\n${p.err.trim().split('\n').slice(-30).join('\n')}`.trim() });
        next += 1;
        await this.stop();
      }
    }
    return results;
  }
}
