import { expectNoTensorLeaks, expectThrowsWithoutLeaks, imageTabularModel } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  InputShapeError,
  MissingInputError,
  OptionError,
  UnsupportedModelError,
  withPackedInput,
  wrapModel,
} from '../src/index.js';

let source: tf.LayersModel;
let image: tf.Tensor;
let tabular: tf.Tensor;

beforeAll(async () => {
  await tf.setBackend('cpu');
  source = imageTabularModel();
  image = tf.randomUniform([2, 6, 6, 2], 0, 1, 'float32', 1);
  tabular = tf.randomUniform([2, 4], -1, 1, 'float32', 2);
});
afterAll(() => {
  tf.dispose([image, tabular]);
  source.dispose();
});

describe('wrapModel on a model with several inputs', () => {
  it('describes each input and its place in the packed input', () => {
    const m = wrapModel(source);
    expect(m.inputs.map((i) => [i.name, i.shape, i.offset, i.size])).toEqual([
      ['image', [null, 6, 6, 2], 0, 72],
      ['tabular', [null, 4], 72, 4],
    ]);
    expect(m.inputShape).toEqual([null, 76]);
    m.dispose();
  });

  it('predicts from an array, a record or the packed tensor exactly as the model does', async () => {
    const m = wrapModel(source);
    await expectNoTensorLeaks(() => {
      const expected = source.predict([image, tabular]) as tf.Tensor;
      const packed = m.packInputs({ tabular, image });
      const fromRecord = m.predict(packed);
      const fromArray = m.packInputs([image, tabular]);
      const again = m.predict(fromArray);
      expect(packed.shape).toEqual([2, 76]);
      expect(maxAbs(fromRecord, expected)).toBeLessThan(1e-5);
      expect(maxAbs(again, expected)).toBeLessThan(1e-6);
      const [i, t] = m.unpackInputs(packed);
      expect(maxAbs(i, image)).toBe(0);
      expect(maxAbs(t, tabular)).toBe(0);
      return [expected, packed, fromRecord, fromArray, again, i, t];
    });
    m.dispose();
  });

  it('packs one example without a batch dimension as [D]', async () => {
    const m = wrapModel(source);
    await expectNoTensorLeaks(() => {
      const one = tf.tidy(() => [
        tf.squeeze(tf.slice(image, 0, 1), [0]),
        tf.squeeze(tf.slice(tabular, 0, 1), [0]),
      ]);
      const packed = m.packInputs(one);
      expect(packed.shape).toEqual([76]);
      return [...one, packed];
    });
    m.dispose();
  });

  it('says which input is missing, unknown, of the wrong shape or batch', async () => {
    const m = wrapModel(source);
    const missing = await expectThrowsWithoutLeaks(() => m.packInputs({ image }));
    expect(missing).toBeInstanceOf(MissingInputError);
    expect(String(missing)).toContain('Missing input(s): tabular');
    const unknown = await expectThrowsWithoutLeaks(() => m.packInputs({ image, tabular, extra: tabular }));
    expect(String(unknown)).toContain('Unknown input name(s): extra');
    expect(await expectThrowsWithoutLeaks(() => m.packInputs([image]))).toBeInstanceOf(MissingInputError);
    const [five, three] = [tf.zeros([2, 5]), tf.zeros([3, 4])];
    const shape = await expectThrowsWithoutLeaks(() => m.packInputs([image, five]));
    expect(shape).toBeInstanceOf(InputShapeError);
    expect(String(shape)).toContain('Input "tabular"');
    const batch = await expectThrowsWithoutLeaks(() => m.packInputs([image, three]));
    expect(String(batch)).toContain('disagree on the batch');
    tf.dispose([five, three]);
    m.dispose();
  });

  it('packs options given per input and splits the attribution per input', async () => {
    const m = wrapModel(source);
    const ones = tf.ones([4]);
    await expectNoTensorLeaks(async () => {
      const a = await withPackedInput(
        m,
        { image, tabular },
        { baseline: { image: 0.5, tabular: ones } },
        ['baseline'],
        async (packed, o) => {
          const b = o.baseline as unknown as tf.Tensor;
          expect(b.shape).toEqual([76]);
          const data = Array.from(await b.data());
          expect(data.slice(0, 72).every((v) => v === 0.5) && data.slice(72).every((v) => v === 1)).toBe(
            true,
          );
          const { createAttribution } = await import('../src/index.js');
          return createAttribution({ method: 'copy', target: [0, 0], values: tf.clone(packed) });
        },
      );
      expect(a.inputs?.map((p) => [p.inputName, p.shape])).toEqual([
        ['image', [2, 6, 6, 2]],
        ['tabular', [2, 4]],
      ]);
      expect(maxAbs(a.inputs?.[1].values as tf.Tensor, tabular)).toBe(0);
      return a;
    });
    ones.dispose();
    const zeros = tf.zeros([6, 6, 2]);
    const single = await expectThrowsWithoutLeaks(() =>
      withPackedInput(m, [image, tabular], { baseline: zeros }, ['baseline'], async () => {
        throw new Error('not reached');
      }),
    );
    expect(single).toBeInstanceOf(OptionError);
    zeros.dispose();
    m.dispose();
  });

  it('wraps a function of several inputs given their shapes', async () => {
    const m = wrapModel((xs: tf.Tensor[]) => tf.add(tf.sum(xs[0], [1, 2, 3]), tf.sum(xs[1], 1)), {
      inputShapes: [[6, 6, 2], [4]],
      inputNames: ['a', 'b'],
    });
    await expectNoTensorLeaks(() => {
      const packed = m.packInputs({ a: image, b: tabular });
      const y = m.predict(packed);
      const expected = tf.tidy(() => tf.add(tf.sum(image, [1, 2, 3]), tf.sum(tabular, 1)));
      expect(maxAbs(y, expected)).toBeLessThan(1e-4);
      return [packed, y, expected];
    });
  });

  it('refuses free dimensions of several inputs unless inputShapes fixes them', () => {
    const a = tf.input({ shape: [null, 3] });
    const b = tf.input({ shape: [2] });
    const pooled = tf.layers.globalAveragePooling1d().apply(a) as tf.SymbolicTensor;
    const out = tf.layers.concatenate().apply([pooled, b]) as tf.SymbolicTensor;
    const model = tf.model({ inputs: [a, b], outputs: out });
    expect(() => wrapModel(model)).toThrow(UnsupportedModelError);
    const fixed = wrapModel(model, { inputShapes: [[5, 3], [2]] });
    expect(fixed.inputShape).toEqual([null, 17]);
    expect(() => wrapModel(model, { inputShapes: [[5, 4], [2]] })).toThrow(OptionError);
    fixed.dispose();
    model.dispose();
  });
});

function maxAbs(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}
