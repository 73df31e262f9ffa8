import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileSystemModelHandler } from '@loupe/core/node';
import { tinyCnn, tinyGraphModel } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadModel } from '../src/input/load-model.js';
import { runCli, tempDir, writeDigits } from './helpers/run-cli.js';

describe('models from a path', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('loads a saved LayersModel from its folder and explains resized images with it', async () => {
    const dir = await tempDir();
    const model = tinyCnn({ size: 8, channels: 1, classes: 4 });
    await model.save(fileSystemModelHandler(join(dir, 'model', 'model.json')));
    const loaded = await loadModel(join(dir, 'model'));
    expect(loaded.kind).toBe('layers');
    const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 1);
    const [a, b] = [model.predict(x) as tf.Tensor, loaded.model.predict(x) as tf.Tensor];
    expect(await b.data()).toEqual(await a.data());
    tf.dispose([x, a, b]);
    loaded.model.dispose();
    model.dispose();

    const digits = await tempDir();
    await writeDigits(digits, [1]);
    const out = await tempDir();
    const run = await runCli(
      'explain',
      join(dir, 'model', 'model.json'),
      digits,
      '-m',
      'saliency',
      '--format',
      'json',
      '-o',
      out,
      '--workers',
      '1',
    );
    expect(run.code).toBe(0);
    const json = JSON.parse(await readFile(join(out, 'digit-1.saliency.json'), 'utf8'));
    // The 28×28 digit was resized to the model's 8×8 input.
    expect(json.shape).toEqual([8, 8, 1]);
    expect(json.values).toHaveLength(64);
  });

  it('tells a GraphModel from its model.json', async () => {
    const dir = await tempDir();
    const graph = await tinyGraphModel();
    await graph.model.save(fileSystemModelHandler(join(dir, 'model.json')));
    const loaded = await loadModel(join(dir, 'model.json'));
    expect(loaded.kind).toBe('graph');
    const x = tf.ones([1, 4]);
    const [a, b] = [graph.model.predict(x) as tf.Tensor, loaded.model.predict(x) as tf.Tensor];
    expect(await b.data()).toEqual(await a.data());
    tf.dispose([x, a, b, graph.w1, graph.b1, graph.w2, graph.b2]);
    graph.model.dispose();
    loaded.model.dispose();
  });
});
