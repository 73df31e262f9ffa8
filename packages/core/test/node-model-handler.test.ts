import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelLoadError } from '../src/errors.js';
import { fileSystemModelHandler, WEIGHTS_FILE_NAME } from '../src/node/index.js';

let folder: string;
let modelJson: string;
let model: tf.Sequential;
const x = () => tf.tensor2d([[0.5, -1, 2]]);

beforeAll(async () => {
  await tf.setBackend('cpu');
  folder = await mkdtemp(join(tmpdir(), 'loupe-model-'));
  modelJson = join(folder, 'nested', 'model.json');
  model = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [3], units: 4, activation: 'relu', name: 'hidden' }),
      tf.layers.dense({ units: 2, activation: 'softmax', name: 'out' }),
    ],
  });
  await model.save(fileSystemModelHandler(modelJson));
});

afterAll(async () => {
  model.dispose();
  await rm(folder, { recursive: true, force: true });
});

async function expectLoadError(path: string, pattern: RegExp): Promise<void> {
  const before = tf.memory().numTensors;
  const error = await tf.loadLayersModel(fileSystemModelHandler(path)).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ModelLoadError);
  expect((error as Error).message).toMatch(pattern);
  expect(tf.memory().numTensors).toBe(before);
}

/** Writes a copy of the saved model with model.json edited by `edit`, returning its path. */
async function variant(name: string, edit: (json: Record<string, unknown>) => unknown): Promise<string> {
  const json = JSON.parse(await readFile(modelJson, 'utf8')) as Record<string, unknown>;
  const path = join(folder, 'nested', `${name}.json`);
  await writeFile(path, JSON.stringify(edit(json)));
  return path;
}

describe('fileSystemModelHandler', () => {
  it('round-trips a LayersModel: same outputs after save and load, from a path, a file: URL or a file: URL string', async () => {
    for (const source of [modelJson, pathToFileURL(modelJson), pathToFileURL(modelJson).href]) {
      const loaded = await tf.loadLayersModel(fileSystemModelHandler(source));
      const before = tf.memory().numTensors;
      const [a, b] = [model.predict(x()) as tf.Tensor, loaded.predict(x()) as tf.Tensor];
      expect(Array.from(await b.data())).toEqual(Array.from(await a.data()));
      expect(loaded.layers.map((l) => l.name)).toEqual(['hidden', 'out']);
      tf.dispose([a, b]);
      expect(tf.memory().numTensors).toBe(before + 2);
      loaded.dispose();
    }
  });

  it('writes model.json and one weights file of the declared size, and no temporary files', async () => {
    const json = JSON.parse(await readFile(modelJson, 'utf8'));
    expect(json.weightsManifest[0].paths).toEqual([WEIGHTS_FILE_NAME]);
    const weights = await readFile(join(folder, 'nested', WEIGHTS_FILE_NAME));
    expect(weights.byteLength).toBe((3 * 4 + 4 + 4 * 2 + 2) * 4);
    const { readdir } = await import('node:fs/promises');
    expect((await readdir(join(folder, 'nested'))).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('load() returns every weight spec and all weight bytes (what loadGraphModel also consumes)', async () => {
    const handler = fileSystemModelHandler(modelJson);
    const artifacts = await handler.load!();
    expect(artifacts.weightSpecs?.map((s) => s.name)).toContain('hidden/kernel');
    expect(new Uint8Array(tf.io.CompositeArrayBuffer.join(artifacts.weightData!)).byteLength).toBe(104);
  });

  it('explains a missing model.json', async () => {
    await expectLoadError(
      join(folder, 'absent', 'model.json'),
      /Model file not found: .*absent.*model\.json/,
    );
  });

  it('names the file holding malformed JSON', async () => {
    const path = join(folder, 'broken.json');
    await writeFile(path, '{"modelTopology": {');
    await expectLoadError(path, /Malformed JSON in model file .*broken\.json/);
  });

  it('rejects JSON without modelTopology or weightsManifest', async () => {
    const noTopology = await variant('no-topology', ({ modelTopology: _, ...rest }) => rest);
    await expectLoadError(noTopology, /no "modelTopology"/);
    const noManifest = await variant('no-manifest', ({ weightsManifest: _, ...rest }) => rest);
    await expectLoadError(noManifest, /no "weightsManifest"/);
    const notObject = await variant('array', () => [1, 2]);
    await expectLoadError(notObject, /does not hold a JSON object/);
  });

  it('names a missing weights file', async () => {
    const path = await variant('missing-weights', (json) => {
      (json.weightsManifest as { paths: string[] }[])[0].paths = ['gone.bin'];
      return json;
    });
    await expectLoadError(path, /Weights file .*gone\.bin.*is missing/);
  });

  it('detects a truncated weights file', async () => {
    const weights = await readFile(join(folder, 'nested', WEIGHTS_FILE_NAME));
    await writeFile(join(folder, 'nested', 'short.bin'), weights.subarray(0, weights.byteLength - 4));
    const path = await variant('short', (json) => {
      (json.weightsManifest as { paths: string[] }[])[0].paths = ['short.bin'];
      return json;
    });
    await expectLoadError(path, /hold 100 bytes but its weightsManifest declares 104/);
  });

  it('rejects non-file URLs with the alternative', () => {
    expect(() => fileSystemModelHandler(new URL('https://example.com/model.json'))).toThrow(ModelLoadError);
  });
});
