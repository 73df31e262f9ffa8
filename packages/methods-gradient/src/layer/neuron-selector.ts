import { type ExplainableModel, OptionError } from '@loupe/core';
import * as tf from '@tensorflow/tfjs-core';

/** How `neuron` picks the explained value of an inner layer. */
export type NeuronMode = 'unit' | 'channel';

/** The modes, default first. */
export const NEURON_MODES: readonly NeuronMode[] = ['unit', 'channel'];

/**
 * The scalar per example a neuron method explains, from a layer's value `[B, ...]`: `'unit'` takes element
 * `neuron` of one example's value flattened (row-major, as `tf.reshape` orders it); `'channel'` sums channel
 * `neuron` (the last axis) over every position. Throws `OptionError` when the index is out of range,
 * naming the layer's shape and the valid range.
 */
export function neuronSelector(
  model: ExplainableModel,
  layer: string,
  neuron: number,
  mode: NeuronMode,
  exampleShape: readonly number[],
): (value: tf.Tensor) => tf.Tensor1D {
  const units = exampleShape.reduce((a, b) => a * b, 1);
  const channels = exampleShape[exampleShape.length - 1] ?? 1;
  const limit = mode === 'channel' ? channels : units;
  if (!Number.isInteger(neuron) || neuron < 0 || neuron >= limit) {
    const shape = `[${exampleShape.join(', ')}]`;
    throw new OptionError(
      mode === 'channel'
        ? `Channel ${neuron} is out of range: layer "${layer}" of this ${model.kind} model has ${channels} channels (shape ${shape} per example); give 0–${channels - 1}.`
        : `Neuron ${neuron} is out of range: layer "${layer}" of this ${model.kind} model has ${units} units (shape ${shape} per example, flattened row-major); give 0–${units - 1}, or neuronMode: 'channel' to explain a whole channel.`,
    );
  }
  return (value) =>
    tf.tidy(() => {
      const b = value.shape[0];
      if (mode === 'unit')
        return tf.reshape(tf.slice(tf.reshape(value, [b, -1]), [0, neuron], [-1, 1]), [-1]);
      const flat = tf.reshape(value, [b, -1, channels]);
      return tf.sum(tf.slice(flat, [0, 0, neuron], [-1, -1, 1]), [1, 2]);
    }) as tf.Tensor1D;
}
