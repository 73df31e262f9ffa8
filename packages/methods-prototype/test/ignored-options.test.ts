// Issue 16, item 3 ("ignored options") for the example-based methods: a misspelt option of mmdCritic,
// protoDash, project or nearestPrototypes (or inside their kernel, embed and perClass settings) is an
// OptionError naming the closest option — `mmdCritic(rows, { prototpyes: 3 })` used to return 10 prototypes.
import { OptionError } from '@loupe/core';
import { expectThrowsWithoutLeaks, tinyReluNet } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mmdCritic, nearestPrototypes, project, protoDash } from '../src/index.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('ignored options (issue 16.3): prototypes and projections', () => {
  const rows = Array.from({ length: 20 }, (_, i) => [i % 3, (i * 7) % 5, i / 20]);
  const net = tinyReluNet({ features: 3, outputs: 2, seed: 1 });
  const x = tf.tensor2d(rows);
  afterAll(() => {
    x.dispose();
    net.dispose();
  });

  it('each direct call rejects a misspelt option, naming the closest one', async () => {
    const set = await mmdCritic(rows, { prototypes: 2, criticisms: 1 });
    const calls: [() => Promise<unknown>, RegExp][] = [
      [
        () => mmdCritic(rows, { prototpyes: 3 } as never),
        /"prototpyes" for 'mmdCritic'\. Did you mean "prototypes"\?/,
      ],
      [
        () => mmdCritic(rows, { kernel: { gama: 1 } } as never),
        /'mmdCritic kernel'\. Did you mean "gamma"\?/,
      ],
      [
        () => mmdCritic(rows, { labels: [], perClass: { prototype: 1 } } as never),
        /Did you mean "prototypes"\?/,
      ],
      [
        () => protoDash(rows, { prototypes: 2, targt: rows } as never),
        /'protoDash'\. Did you mean "target"\?/,
      ],
      [
        () => project(rows, { method: 'pca', dim: 3 } as never),
        /"dim" for 'project'\. Did you mean "dims"\?/,
      ],
      [
        () => project(x, { embed: { model: net, layr: 'x' } } as never),
        /'project embed'\. Did you mean "layer"\?/,
      ],
      [
        () => nearestPrototypes(net, x, set, { data: x, kk: 2 } as never),
        /'nearestPrototypes'\. Did you mean "k"\?/,
      ],
    ];
    for (const [call, message] of calls) {
      const err = await expectThrowsWithoutLeaks(call);
      expect(err).toBeInstanceOf(OptionError);
      expect((err as Error).message).toMatch(message);
    }
    // Spelt right: the counts asked for are the counts returned.
    expect((await mmdCritic(rows, { prototypes: 3, criticisms: 0 })).prototypes).toHaveLength(3);
    expect((await project(rows, { method: 'pca', dims: 3 })).points[0]).toHaveLength(3);
  });
});
