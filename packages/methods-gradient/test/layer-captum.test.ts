import { expectNoTensorLeaks } from '@loupe/testing';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  internalInfluence,
  layerActivation,
  layerConductance,
  layerGradientXActivation,
  layerIntegratedGradients,
  neuronConductance,
  neuronGradient,
  neuronIntegratedGradients,
} from '../src/index.js';
import reference from './fixtures/captum-layer.json' with { type: 'json' };
import { relErr } from './fixtures.js';

// The model of fixtures/captum_layer_reference.py: 6 → hidden (tanh) → mid (softplus) → out, same closed-form weights.
const SIZES = [6, 5, 4, 3];
const ACTIVATIONS = ['tanh', 'softplus', 'linear'] as const;
const NAMES = ['hidden', 'mid', 'out'];
let model: tf.Sequential;
let x: tf.Tensor2D;

beforeAll(async () => {
  await tf.setBackend('cpu');
  model = tf.sequential();
  for (let k = 0; k < 3; k++) {
    model.add(
      tf.layers.dense({
        units: SIZES[k + 1],
        activation: ACTIVATIONS[k],
        name: NAMES[k],
        ...(k === 0 ? { inputShape: [SIZES[0]] } : {}),
      }),
    );
    const w = tf.tensor2d(
      Array.from({ length: SIZES[k] }, (_, i) =>
        Array.from({ length: SIZES[k + 1] }, (_, j) => 0.5 * Math.sin(1.3 * i + 0.7 * j + 0.9 * k + 0.1)),
      ),
    );
    const b = tf.tensor1d(Array.from({ length: SIZES[k + 1] }, (_, j) => 0.1 * Math.cos(j + k)));
    model.layers[k].setWeights([w, b]);
    tf.dispose([w, b]);
  }
  x = tf.tensor2d(
    Array.from({ length: 2 }, (_, e) =>
      Array.from({ length: SIZES[0] }, (_, i) => 0.8 * Math.cos(0.9 * i + 1.7 * e)),
    ),
  );
});
afterAll(() => x.dispose());

describe('layer and neuron attribution equal Captum on the same weights (≤ 1e-4 relative)', () => {
  const target = reference.targets;
  const steps = reference.steps;
  const neuron = reference.neuron;
  const cases = [
    ['layerActivation', () => layerActivation(model, x, { layer: 'hidden' })],
    ['layerGradientXActivation', () => layerGradientXActivation(model, x, { layer: 'hidden', target })],
    [
      'layerIntegratedGradients',
      () => layerIntegratedGradients(model, x, { layer: 'hidden', target, steps }),
    ],
    [
      'layerConductance',
      () => layerConductance(model, x, { layer: 'hidden', target, steps, quadrature: 'riemann-trapezoid' }),
    ],
    ['internalInfluence', () => internalInfluence(model, x, { layer: 'hidden', target, steps })],
    ['neuronGradient', () => neuronGradient(model, x, { layer: 'hidden', neuron })],
    [
      'neuronIntegratedGradients',
      () => neuronIntegratedGradients(model, x, { layer: 'hidden', neuron, steps }),
    ],
    [
      'neuronConductance',
      () =>
        neuronConductance(model, x, {
          layer: 'hidden',
          neuron,
          target,
          steps,
          quadrature: 'riemann-trapezoid',
        }),
    ],
  ] as const;
  for (const [name, run] of cases) {
    it(name, async () => {
      await expectNoTensorLeaks(async () => {
        const a = await run();
        expect(relErr(await a.data(), reference[name])).toBeLessThan(1e-4);
        return a;
      });
    });
  }
});
