import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileSystemModelHandler } from '@loupe/core/node';
import { tokenAttribution } from '@loupe/methods-gradient';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli, tempDir } from './helpers/run-cli.js';

let dir: string;
let model: tf.Sequential;

beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await tempDir();
  model = tf.sequential();
  const init = (seed: number) => tf.initializers.randomUniform({ minval: -1, maxval: 1, seed });
  model.add(
    tf.layers.embedding({ inputDim: 8, outputDim: 3, inputLength: 6, embeddingsInitializer: init(1) }),
  );
  model.add(tf.layers.globalAveragePooling1d());
  model.add(tf.layers.dense({ units: 2, kernelInitializer: init(2) }));
  await model.save(fileSystemModelHandler(join(dir, 'model.json')));
  await writeFile(
    join(dir, 'vocab.txt'),
    ['<pad>', '[UNK]', 'the', 'movie', 'was', 'great', 'awful', '!'].join('\n'),
  );
});

describe('loupe text', () => {
  it('tokenizes through --vocab, pads to the model length, and reports token-attribution scores per token', async () => {
    const run = await runCli(
      'text',
      join(dir, 'model.json'),
      'The movie was GREAT, truly',
      '--vocab',
      join(dir, 'vocab.txt'),
      '--target',
      '1',
      '--json',
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const { result } = JSON.parse(run.stdout);
    expect(result.tokens.map((t: { token: string }) => t.token)).toEqual([
      'The',
      'movie',
      'was',
      'GREAT',
      ',',
      'truly',
    ]);
    // ',' and 'truly' are not in the vocabulary: [UNK] = 1. Six tokens fill the model's length.
    expect(result.tokens.map((t: { id: number }) => t.id)).toEqual([2, 3, 4, 5, 1, 1]);
    expect(result.padded).toBe(0);
    const ids = tf.tensor2d([[2, 3, 4, 5, 1, 1]], [1, 6], 'int32');
    const direct = await tokenAttribution(model, ids, { target: 1 });
    const expected = Array.from(await direct.data());
    direct.dispose();
    ids.dispose();
    result.tokens.forEach((t: { score: number }, i: number) => {
      expect(t.score).toBeCloseTo(expected[i], 6);
    });
  });

  it('prints one line per token with its id and score; a text longer than the model reads is a usage error', async () => {
    const run = await runCli(
      'text',
      join(dir, 'model.json'),
      'the movie was awful',
      '--vocab',
      join(dir, 'vocab.txt'),
      '--opt',
      'technique=deeplift',
    );
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^token-attribution for class \d \(predicted \d\)/);
    expect(lines.slice(2).map((l) => l.split(/\s+/).slice(0, 2))).toEqual([
      ['the', '2'],
      ['movie', '3'],
      ['was', '4'],
      ['awful', '6'],
    ]);
    const long = await runCli(
      'text',
      join(dir, 'model.json'),
      'the movie was great great great !',
      '--vocab',
      join(dir, 'vocab.txt'),
    );
    expect(long.code).not.toBe(0);
    expect(long.stderr).toMatch(/7 tokens; the model reads at most 6/);
  });
});
