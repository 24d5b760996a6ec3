// tools/wasi-runner.mjs — the command template of WASYNCIO_WASI_RUNNER,
// which names the WASI runtime tools/wasi-run.mjs hands a module to instead
// of node:wasi, for example
//     WASYNCIO_WASI_RUNNER='iwasm --env={env} {wasm} {args}'
//     WASYNCIO_WASI_RUNNER='wasmtime run --env={env} {wasm} {args}'
//
// The template is split into words here, never by a shell, so nothing in a
// module's path, arguments or environment is ever parsed as a command:
// words are separated by blanks; '...' keeps blanks and backslashes
// literally; "..." keeps blanks, and \" and \\ in it stand for " and \;
// outside quotes a backslash keeps the next character.  Then, in each word:
//   {wasm}  becomes the module's path;
//   {args}  must be a word of its own: it becomes the program's arguments,
//           one word each (none: no word).  Without it the arguments go last;
//   {env}   the word is repeated for each WASYNCIO_* variable of the
//           environment (WASYNCIO_DEBUG, ...), {env} becoming NAME=VALUE;
//           no variable: no word.  A runtime sees only what this passes.
// stdin, stdout and stderr are the runtime's own, and its exit status is
// the run's: the runtime must pass the module's through.

/* The template's words, quotes and escapes resolved; throws on an
 * unterminated quote or an empty template. */
export function splitTemplate(template) {
  const words = [];
  let word = null;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (/\s/.test(c)) {
      if (word !== null) words.push(word);
      word = null;
      continue;
    }
    word ??= '';
    if (c === '\\') {
      if (++i === template.length) throw new Error('WASYNCIO_WASI_RUNNER ends with a lone backslash');
      word += template[i];
    } else if (c === "'" || c === '"') {
      const end = closingQuote(template, i);
      const inner = template.slice(i + 1, end);
      word += c === '"' ? inner.replace(/\\(["\\])/g, '$1') : inner;
      i = end;
    } else {
      word += c;
    }
  }
  if (word !== null) words.push(word);
  if (words.length === 0) throw new Error('WASYNCIO_WASI_RUNNER is empty: it needs at least the runtime\'s command');
  return words;
}

function closingQuote(text, open) {
  const quote = text[open];
  for (let i = open + 1; i < text.length; i++) {
    if (quote === '"' && text[i] === '\\') i++;
    else if (text[i] === quote) return i;
  }
  throw new Error(`WASYNCIO_WASI_RUNNER has an unterminated ${quote} at column ${open + 1}`);
}

const PLACEHOLDER = /\{(\w+)\}/g;

/* The runtime's argv for module file with args under env; throws on a
 * placeholder it does not know or {args} inside a longer word. */
export function expandTemplate(template, file, args, env) {
  const vars = Object.keys(env).filter((name) => name.startsWith('WASYNCIO_') && name !== 'WASYNCIO_WASI_RUNNER')
    .sort().map((name) => `${name}=${env[name]}`);
  const argv = [];
  let argsPlaced = false;
  for (const word of splitTemplate(template)) {
    const names = [...word.matchAll(PLACEHOLDER)].map((m) => m[1]);
    const unknown = names.find((n) => !['wasm', 'args', 'env'].includes(n));
    if (unknown !== undefined) {
      throw new Error(`WASYNCIO_WASI_RUNNER: unknown placeholder {${unknown}} (known: {wasm}, {args}, {env})`);
    }
    if (names.includes('args')) {
      if (word !== '{args}') throw new Error('WASYNCIO_WASI_RUNNER: {args} must be a word of its own');
      argv.push(...args);
      argsPlaced = true;
    } else if (names.includes('env')) {
      for (const v of vars) argv.push(fill(word, file, v));
    } else {
      argv.push(fill(word, file, ''));
    }
  }
  if (!argsPlaced) argv.push(...args);
  return argv;
}

// One pass, so a path or value that contains "{env}" stays as it is.
const fill = (word, file, v) => word.replace(PLACEHOLDER, (_, name) => (name === 'wasm' ? file : v));
