import { OptionError, type RunControl, throwIfAborted } from '@loupe/core';
import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { CnnArchitecture } from './cnn-trainer.js';
import { trainCnn } from './cnn-trainer.js';

/** Labelled examples: inputs `[N, ...]` and one class index each. */
export interface LabeledSet {
  x: tf.Tensor;
  labels: readonly number[];
}

/** What a trainer is given besides the data. */
export interface TrainerOptions extends RunControl {
  /** Seeds initialisation and data order; equal seeds must give equal models. */
  seed: number;
  /** Number of classes (one more than the largest label, or what the caller knows). */
  numClasses: number;
}

/**
 * Trains a fresh model on labelled data and returns it (ROAR, KAR and data randomization retrain with
 * it). The caller disposes the returned model.
 */
export type Trainer = (data: LabeledSet, options: TrainerOptions) => Promise<tfl.LayersModel>;

/** The shipped MNIST CNN's layers (conv1 8 → pool1 → conv2 16 → pool2 → flatten → dense1 64 → logits). */
export function mnistCnnArchitecture(
  inputShape: [number, number, number],
  numClasses: number,
): CnnArchitecture {
  return {
    name: 'mnist_cnn',
    inputShape,
    layers: [
      { kind: 'conv', name: 'conv1', filters: 8 },
      { kind: 'pool', name: 'pool1' },
      { kind: 'conv', name: 'conv2', filters: 16 },
      { kind: 'pool', name: 'pool2' },
      { kind: 'flatten', name: 'flatten' },
      { kind: 'dense', name: 'dense1', units: 64, activation: 'relu' },
      { kind: 'dense', name: 'logits', units: numClasses, activation: 'softmax' },
    ],
  };
}

/** Options of {@link mnistCnnTrainer}. */
export interface MnistCnnTrainerOptions {
  /** Passes over the data (default 3). */
  epochs?: number;
  /** Examples per Adam step (default 32). */
  batchSize?: number;
  /** Adam learning rate (default 1e-3). */
  learningRate?: number;
}

/**
 * The default trainer: the shipped MNIST CNN architecture (3×3 'same' ReLU convolutions, 2×2 max
 * pooling, a 64-unit ReLU layer, softmax), He-normal initialisation, Adam on cross-entropy, seeded. It
 * trains in plain JavaScript loops (see `trainCnn`) so it is practical on the tfjs cpu backend; inputs
 * must be images `[N, H, W, C]`.
 */
export function mnistCnnTrainer(options: MnistCnnTrainerOptions = {}): Trainer {
  return async (data, { seed, numClasses, signal, onProgress }) => {
    if (data.x.rank !== 4)
      throw new OptionError(
        `The default trainer needs images [N, H, W, C]; got [${data.x.shape.join(', ')}]. Pass your own trainer.`,
      );
    const [, h, w, c] = data.x.shape as [number, number, number, number];
    return trainCnn(
      mnistCnnArchitecture([h, w, c], numClasses),
      { x: (await data.x.data()) as Float32Array, labels: data.labels, count: data.labels.length },
      {
        seed,
        epochs: options.epochs ?? 3,
        batchSize: options.batchSize ?? 32,
        learningRate: options.learningRate ?? 1e-3,
        onStep: async (done, total) => {
          throwIfAborted(signal);
          onProgress?.({ done, total, phase: 'training' });
        },
      },
    );
  };
}
