import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constNode, graphModelFromNodes, placeholderNode, tinyCnn } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, ModelLoadError, OptionError, UnsupportedModelError, wrapModel } from '../src/index.js';
import { fileSystemModelHandler } from '../src/node/index.js';

const folder = mkdtempSync(join(tmpdir(), 'loupe-load-model-'));

/** Saves a model as `name/model.json` under the temp folder; returns the folder. */
async function saved(name: string, save: (modelJson: string) => Promise<unknown>): Promise<string> {
  const dir = join(folder, name);
  await save(join(dir, 'model.json'));
  return dir;
}

describe('loadModel: any tfjs model, either format, or a typed error naming what would work', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('a LayersModel folder and a converter GraphModel model.json load, wrapped, with their input shape', async () => {
    const cnn = tinyCnn({ seed: 3 });
    const dir = await saved('cnn', (url) => cnn.save(fileSystemModelHandler(url)));
    const layers = await loadModel(dir);
    expect(layers.inputShape).toEqual(cnn.inputs[0].shape);
    const x = tf.randomUniform([1, ...(cnn.inputs[0].shape.slice(1) as number[])], 0, 1, 'float32', 1);
    const expected = wrapModel(cnn).forwardBatched(x);
    expect(await layers.forwardBatched(x).data()).toEqual(await expected.data());

    const w = tf.randomUniform([4, 2], -1, 1, 'float32', 2);
    const attr = { T: { type: 'DT_FLOAT' }, transpose_a: { b: false }, transpose_b: { b: false } };
    const gm = await graphModelFromNodes(
      [
        placeholderNode('x', [-1, 4]),
        constNode('w', [4, 2]),
        { name: 'y', op: 'MatMul', input: ['x', 'w'], attr },
      ],
      { w },
    );
    const gdir = await saved('graph', (url) => gm.save(fileSystemModelHandler(url)));
    const graph = await loadModel(join(gdir, 'model.json'), { output: 'raw' });
    expect(graph.inputShape).toEqual([null, 4]);
    expect(graph.unfoldedGraph?.nodes.map((n) => n.op.kind)).toEqual(['input', 'dense']);
    tf.dispose([x, expected, w]);
    layers.dispose();
    graph.dispose();
    cnn.dispose();
  });

  it('a file that is not a tfjs model, a missing path and a bad preset are typed errors that say what to do', async () => {
    const notModel = join(folder, 'package.json');
    writeFileSync(notModel, JSON.stringify({ name: 'not-a-model', version: '1.0.0' }));
    await expect(loadModel(notModel)).rejects.toThrow(ModelLoadError);
    await expect(loadModel(notModel)).rejects.toThrow(/tfjs|TensorFlow\.js|converter/);
    await expect(loadModel(join(folder, 'nowhere'))).rejects.toThrow(/Model not found.*model\.json/);

    const gray = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [4, 4, 1] })] });
    const dir = await saved('gray', (url) => gray.save(fileSystemModelHandler(url)));
    const err = await loadModel(dir, { preprocess: 'imagenet' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OptionError);
    expect((err as Error).message).toMatch(
      /'imagenet' preset normalises 3 RGB channels.*1 channel.*'\[-1,1\]'/,
    );
    gray.dispose();
  });

  it('a graph with control flow is an UnsupportedModelError naming the op and the way out', async () => {
    const p = tf.scalar(true, 'bool');
    const gm = await graphModelFromNodes(
      [
        placeholderNode('x', [-1, 2]),
        constNode('p', [], 'int32'),
        {
          name: 'cond',
          op: 'Cast',
          input: ['p'],
          attr: { SrcT: { type: 'DT_INT32' }, DstT: { type: 'DT_BOOL' } },
        },
        { name: 'sw', op: 'Switch', input: ['x', 'cond'], attr: { T: { type: 'DT_FLOAT' } } },
        {
          name: 'merge',
          op: 'Merge',
          input: ['sw', 'sw:1'],
          attr: { T: { type: 'DT_FLOAT' }, N: { i: '2' } },
        },
      ],
      { p: tf.scalar(1, 'int32') },
    );
    let caught: unknown;
    try {
      wrapModel(gm);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(UnsupportedModelError);
    expect((caught as Error).message).toMatch(/Switch|Merge/);
    expect((caught as Error).message).toMatch(/executeAsync/);
    p.dispose();
    gm.dispose();
  });
});
