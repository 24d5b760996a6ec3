// built.mjs — describe() for a suite over outputs of the build, by the rule
// of tools/targets.mjs's locate(): skipped, saying what is not installed,
// when a target's toolchain is missing; when it is installed, a missing
// output is one failing test, since npm run build should have made it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { locateFile } from '../../tools/targets.mjs';

/* needs: [target, path from the root] pairs; options and fn as describe's. */
export function describeBuilt(name, needs, options, fn) {
  const found = needs.map(([target, path]) => locateFile(target, path));
  const skip = options.skip || found.find((w) => w.skip)?.skip;
  const error = found.find((w) => w.error)?.error;
  describe(name, { ...options, skip }, (suite) => {
    if (error) test('the build is there', () => assert.fail(error));
    else return fn(suite);
    return undefined;
  });
}
