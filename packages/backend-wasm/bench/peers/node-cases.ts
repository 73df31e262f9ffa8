// The Node side of bench:peers: the ruler's work on Loupe, same shapes and the same computation.
import { type BatchPool, type ExplainableModel, wrapModel } from '@loupe/core';
import { integratedGradients, saliency } from '@loupe/methods-gradient';
import { buildBenchmarkCnn, buildMobileNetV2Like } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { median } from '../median.js';

/** One case: a name, the ruler's JSON key it is compared with (if any), and one timed run. */
export interface NodeCase {
  name: string;
  torchKey?: string;
  run(): Promise<void>;
}

export interface Fixtures {
  cnn: ExplainableModel;
  digits: tf.Tensor;
  mobilenet: ExplainableModel;
  image: tf.Tensor;
  dispose(): void;
}

/** The ruler's inputs: 4 random 28×28 "digits" (torch.rand) and one random 224×224 RGB image. */
export function fixtures(): Fixtures {
  const cnn = wrapModel(buildBenchmarkCnn());
  const mobilenet = wrapModel(buildMobileNetV2Like({ inputSize: 224, seed: 1 }));
  const digits = tf.randomUniform([4, 28, 28, 1], 0, 1, 'float32', 1);
  const image = tf.randomUniform([1, 224, 224, 3], 0, 1, 'float32', 2);
  return {
    cnn,
    digits,
    mobilenet,
    image,
    dispose: () => {
      tf.dispose([digits, image]);
      cnn.dispose();
      mobilenet.dispose();
    },
  };
}

async function settle(a: { values: tf.Tensor; dispose(): void }): Promise<void> {
  await a.values.data();
  a.dispose();
}

/** IG-50 on the CNN as the ruler runs it: targets 0, 3, 7, 9, zero baseline, all 200 points in one batch. */
export function cnnIg50(f: Fixtures, pool?: BatchPool): Promise<void> {
  // With a pool, one digit's 50 steps per batch, so the 4 digits spread over the workers.
  const batchSize = pool ? 50 : 200;
  return integratedGradients(f.cnn, f.digits, { steps: 50, target: [0, 3, 7, 9], batchSize, pool }).then(
    settle,
  );
}

export function nodeCases(f: Fixtures, pool: BatchPool | null): NodeCase[] {
  const cases: NodeCase[] = [
    { name: 'CNN IG-50, 4 digits', torchKey: 'mnist_ig50_4digits_s', run: () => cnnIg50(f) },
    {
      name: 'MobileNetV2-224 saliency, batch 1',
      torchKey: 'mobilenet_saliency_s',
      run: () => saliency(f.mobilenet, f.image, { target: 7 }).then(settle),
    },
    {
      name: 'MobileNetV2-224 IG-8',
      torchKey: 'mobilenet_ig8_s',
      run: () =>
        integratedGradients(f.mobilenet, f.image, { steps: 8, target: 7, batchSize: 8 }).then(settle),
    },
    {
      name: 'MobileNetV2-224 one forward, batch 1 (reference)',
      run: async () => {
        const y = f.mobilenet.predict(f.image);
        await y.data();
        y.dispose();
      },
    },
  ];
  if (pool)
    cases.splice(1, 0, {
      name: `CNN IG-50, 4 digits, WorkerPool of ${pool.size}`,
      torchKey: 'mnist_ig50_4digits_s',
      run: () => cnnIg50(f, pool),
    });
  return cases;
}

/** Median wall time (ms) of `repeats` runs. */
export async function medianMs(run: () => Promise<void>, repeats: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const t0 = performance.now();
    await run();
    times.push(performance.now() - t0);
  }
  return median(times);
}
