import { OptionError } from '@loupe/core';
import { expectNoTensorLeaks, expectThrowsWithoutLeaks, tinyReluNet } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mmdCritic, nearestPrototypes } from '../src/index.js';
import { blobs } from './reference.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('nearestPrototypes and embedding', () => {
  it('embeds with a layer exactly as computing the activations by hand', async () => {
    const model = tinyReluNet({ features: 4, hidden: 6, outputs: 3, seed: 2 });
    const x = tf.tensor2d(blobs(30, 4, 47, 2).flat(), [30, 4]);
    const layer = model.layers[0].name;
    const hidden = tf.tidy(() => tf.relu(model.layers[0].apply(x) as tf.Tensor));
    const byHand = await mmdCritic(hidden, { prototypes: 3, criticisms: 2 });
    await expectNoTensorLeaks(async () => {
      const embedded = await mmdCritic(x, {
        prototypes: 3,
        criticisms: 2,
        embed: { model, layer, batchSize: 7 },
      });
      expect(embedded.prototypes).toEqual(byHand.prototypes);
      expect(embedded.criticisms).toEqual(byHand.criticisms);
    });
    hidden.dispose();
    x.dispose();
    model.dispose();
  });

  it('returns the closest selected examples, closest first, restricted to the predicted class', async () => {
    const model = tinyReluNet({ features: 3, hidden: 5, outputs: 2, seed: 4 });
    const data = tf.tensor2d(blobs(24, 3, 53, 2).flat(), [24, 3]);
    const predicted = tf.tidy(() => Array.from(tf.argMax(model.predict(data) as tf.Tensor, 1).dataSync()));
    const set = await mmdCritic(data, { prototypes: 4, criticisms: 3, labels: predicted });
    const x = tf.tensor2d([0.5, -0.2, 0.3], [1, 3]);
    await expectNoTensorLeaks(async () => {
      const r = await nearestPrototypes(model, x, set, { data, k: 10 });
      const rows = data.arraySync();
      const cls = r.predicted[0];
      const expected = [...set.prototypes, ...set.criticisms]
        .filter((i) => predicted[i] === cls)
        .map((i) => ({ i, d: Math.hypot(rows[i][0] - 0.5, rows[i][1] + 0.2, rows[i][2] - 0.3) }))
        .sort((a, b) => a.d - b.d);
      expect(r.neighbours[0].map((n) => n.index)).toEqual(expected.map((e) => e.i));
      r.neighbours[0].forEach((n, j) => {
        expect(n.distance).toBeCloseTo(expected[j].d, 5);
      });
    });
    const unbatched = tf.tensor1d([0.5, -0.2, 0.3]);
    const layered = await nearestPrototypes(model, unbatched, set, {
      data,
      k: 2,
      layer: model.layers[0].name,
      sameClass: false,
    });
    expect(layered.neighbours[0]).toHaveLength(2);
    expect(
      await expectThrowsWithoutLeaks(() =>
        nearestPrototypes(model, x, { ...set, prototypes: [99] }, { data }),
      ),
    ).toBeInstanceOf(OptionError);
    for (const t of [x, unbatched, data]) t.dispose();
    model.dispose();
  });
});
