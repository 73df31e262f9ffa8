import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

function runNode(script: string): string {
  return execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: packageDir,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

// turbo builds this package before its tests (turbo.json), so these import what users import: dist/.
describe('@loupe/testing outside vitest', () => {
  it('the package root imports and runs in a plain Node process', () => {
    const out = runNode(`
      import * as tf from '@tensorflow/tfjs';
      import { linearModel, expectNoTensorLeaks } from '@loupe/testing';
      const model = linearModel([[1, 2]], [0.5]);
      await expectNoTensorLeaks(() => tf.tidy(() => model.predict(tf.tensor2d([[1, 1]]))));
      console.log(JSON.stringify(Array.from(model.predict(tf.tensor2d([[1, 1]])).dataSync())));
    `);
    expect(out.trim().split('\n').at(-1)).toBe('[3.5]');
  });

  it('the /vitest subpath is where vitest is needed (it fails outside a vitest run)', () => {
    expect(() => runNode(`import '@loupe/testing/vitest';`)).toThrow(/[Vv]itest/);
  });
});
