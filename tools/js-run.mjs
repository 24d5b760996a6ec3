// tools/js-run.mjs — runs a blocking C program built for the npm package's
// loader (build/js/NAME_asyncify.wasm: main() and wa_run through Asyncify)
// as a Node command, through the package's run() (js/node.js):
//     node tools/js-run.mjs FILE.wasm [ARGS...]
// Its output goes to stdout and stderr; the process exits with main()'s
// status.  Sockets go through node:net, so the socket examples run here.
import { run } from '../js/node.js';

const [file, ...args] = process.argv.slice(2);
if (!file) {
  console.error('usage: node tools/js-run.mjs FILE.wasm [ARGS...]');
  process.exit(2);
}
process.exitCode = await run(file, {
  args,
  stdout: (line) => process.stdout.write(line + '\n'),
  stderr: (line) => process.stderr.write(line + '\n'),
});
